//! Stage four: the checker. It reads a page's [`crate::read::Reading`] and
//! knows nothing of rendering. Text the data produced is trusted; everything
//! a person typed is read for claims (durations, money, laws, contacts, NHS
//! numbers, copies of canonical lists) and each claim must agree with the
//! rule data in the page's scope. Review dates and unverified facts are
//! checked here too.
//!
//! Not for: the schema and cross-references of the data (that is `load`).

pub(crate) mod carry;
pub(crate) mod claims;
pub(crate) mod clauses;
pub(crate) mod durations;
pub(crate) mod facts;
pub(crate) mod fees;
pub(crate) mod history;
pub(crate) mod law_mentions;
pub(crate) mod law_years;
pub(crate) mod lints;
pub(crate) mod lists;
pub(crate) mod rule_prose;
pub(crate) mod scope;
pub(crate) mod welsh;

use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::expand::{Expansion, Origin};
use crate::model::{Date, Nation, Page, Site, Status, Trust};
use crate::read::{BlockKind, Reading, TextBlock, TextBlocks};
pub(crate) use facts::RulePatterns;
use facts::{Catalogue, Found};
use lists::{CanonicalLists, PageItem};

/// What one expanded page's check found: its diagnostics, and which of the
/// page's `allow` entries were used.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageFindings {
    /// The problems found.
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Indexes into the page's `allow` list that covered a statement.
    pub(crate) used_allows: BTreeSet<usize>,
    /// Whether a contact was judged: only then can another trust's
    /// contacts change what this check finds.
    pub(crate) uses_contacts: bool,
}

/// The checker, with what it needs from the rule data prepared once.
pub(crate) struct Checker<'a> {
    site: &'a Site,
    catalogue: Catalogue,
    /// The canonical lists as each nation has them.
    canonical: BTreeMap<Nation, CanonicalLists>,
    /// The lists of trusts with their own identity documents.
    canonical_by_trust: BTreeMap<crate::model::TrustId, CanonicalLists>,
}

impl<'a> Checker<'a> {
    /// Prepares the checker for a site, judged as of a date, with the
    /// patterns of its rule data (see [`Checker::patterns`]).
    pub(crate) fn new(site: &'a Site, as_of: Date, patterns: Arc<RulePatterns>) -> Checker<'a> {
        Checker {
            site,
            catalogue: Catalogue::with(site, as_of, patterns),
            canonical: site
                .trusts
                .values()
                .map(|t| t.nation)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|nation| (nation, lists::canonical_lists(site, nation, None)))
                .collect(),
            canonical_by_trust: site
                .trusts
                .values()
                .filter(|t| t.id_documents.is_some())
                .map(|t| {
                    (
                        t.id.clone(),
                        lists::canonical_lists(site, t.nation, Some(t)),
                    )
                })
                .collect(),
        }
    }

    /// The patterns of a site's rule data, made again only when the rules
    /// have changed since `kept` was made (by their fingerprint).
    pub(crate) fn patterns(
        site: &Site,
        kept: Option<&(u64, Arc<RulePatterns>)>,
    ) -> (u64, Arc<RulePatterns>) {
        let fingerprint = site.rules.fingerprint;
        match kept {
            Some((made_for, patterns)) if *made_for == fingerprint => {
                (fingerprint, patterns.clone())
            }
            _ => (fingerprint, Arc::new(RulePatterns::new(&site.rules))),
        }
    }

    /// Checks one page as expanded for several trusts, each with its
    /// reading. What does not depend on the trust (what each block claims,
    /// its lists, how it is written) is worked out once and reused, so a
    /// shared page costs little more than one page.
    pub(crate) fn check_group(
        &self,
        expansions: &[&Expansion],
        readings: &[Reading],
    ) -> Vec<PageFindings> {
        let mut memo = Memo::default();
        expansions
            .iter()
            .zip(readings)
            .map(|(e, reading)| self.check_with(e, reading, &mut memo))
            .collect()
    }

    fn check_with(&self, e: &Expansion, reading: &Reading, memo: &mut Memo) -> PageFindings {
        let Some(trust) = self.site.trusts.get(&e.trust) else {
            return PageFindings::default();
        };
        let Some(canonical) = self
            .canonical_by_trust
            .get(&trust.id)
            .or_else(|| self.canonical.get(&trust.nation))
        else {
            return PageFindings::default();
        };
        let mut page_check = PageCheck {
            site: self.site,
            catalogue: &self.catalogue,
            canonical,
            own_lists: self.canonical_by_trust.contains_key(&trust.id),
            page: &self.site.pages[e.page],
            trust,
            diagnostics: Vec::new(),
            used_allows: BTreeSet::new(),
            uses_contacts: false,
            memo,
        };
        page_check.expansion(e, reading);
        PageFindings {
            diagnostics: page_check.diagnostics,
            used_allows: page_check.used_allows,
            uses_contacts: page_check.uses_contacts,
        }
    }
}

/// The checks of a page as a whole, once all its trusts are checked: review
/// dates, and `allow` entries that no trust's check used.
pub(crate) fn page_checks(
    site: &Site,
    as_of: Date,
    page: &Page,
    used_allows: Option<&BTreeSet<usize>>,
) -> Vec<Diagnostic> {
    let mut diagnostics = review_dates(site, as_of, page);
    diagnostics.extend(unused_allows(page, used_allows));
    diagnostics
}

/// What the checker learned from text that does not depend on the trust.
#[derive(Default)]
struct Memo {
    /// What a block says, by the fingerprint of its text and heading.
    analyses: HashMap<u64, Arc<BlockAnalysis>>,
    /// List comparisons (without the trust), by the fingerprint of the items.
    lists: HashMap<u64, Arc<Vec<Diagnostic>>>,
}

/// The trust-independent reading of one block.
struct BlockAnalysis {
    claims: Vec<AnalysedClaim>,
    phrases: Vec<(Range<usize>, Diagnostic)>,
    /// Laws that apply only in some nations, by id, where they are named.
    nation_laws: Vec<(Range<usize>, String)>,
    /// The block's text in lowercase, once for all its claims (empty when
    /// it claims nothing).
    lower: String,
}

/// A claim with what the words around it say.
struct AnalysedClaim {
    claim: claims::Claim,
    /// The rules it is judged by.
    scope: scope::Scope,
    /// The sentence holding it, in lowercase.
    sentence: String,
    /// The clause holding it, in lowercase.
    clause: String,
}

struct PageCheck<'a> {
    site: &'a Site,
    catalogue: &'a Catalogue,
    canonical: &'a CanonicalLists,
    /// Whether `canonical` holds the trust's own lists, so that what the
    /// memo learned from the site's lists does not answer for it.
    own_lists: bool,
    page: &'a Page,
    trust: &'a Trust,
    diagnostics: Vec<Diagnostic>,
    used_allows: BTreeSet<usize>,
    uses_contacts: bool,
    memo: &'a mut Memo,
}

/// The laws a block names whose short names mean them in the rest of the
/// section ([`facts::carried_law`]): repealed laws named as if in force,
/// and laws from outside the UK it defines initials for.
fn repealed_named(site: &Site, block: &TextBlock, analysis: &BlockAnalysis) -> Vec<String> {
    analysis
        .phrases
        .iter()
        .filter_map(|(range, d)| facts::carried_law(site, &block.text, range, d))
        .map(str::to_string)
        .collect()
}

impl PageCheck<'_> {
    /// Checks an expansion, as its reading gives it.
    fn expansion(&mut self, e: &Expansion, reading: &Reading) {
        self.removed_html(e, &reading.body.removed);
        let mut repealed = carry::RepealedLaws::default();
        let mut lead = carry::Lead::default();
        let blocks = &reading.text.blocks;
        for (i, block) in blocks.iter().enumerate() {
            let analysis = self.block(block, lead.leading_into(block));
            lead.read(block);
            let meant = repealed.meant_in(block, blocks.get(i + 1));
            if !meant.is_empty() {
                self.repealed_in_section(block, &analysis, &meant);
            }
            if let Some((heading, ids)) =
                repealed.learn(block, repealed_named(self.site, block, &analysis))
            {
                let heading_analysis = self.analyse(heading);
                self.repealed_in_section(heading, &heading_analysis, &ids);
            }
        }
        self.link_contacts(e, &reading.text.outline);
        self.lists(&reading.text.blocks);
        self.unverified(e);
    }

    /// `html-unsafe`: what the sanitiser removed from the page's HTML, each
    /// at the place it is written. (A shared page's are merged into one
    /// report when the diagnostics are finished.)
    fn removed_html(&mut self, e: &Expansion, removed: &[crate::read::RemovedHtml]) {
        for removed in removed {
            let d = lints::removed_html(&self.page.source.path, &e.expanded, removed);
            self.diagnostics.push(d.for_trust(&self.trust.id));
        }
    }

    /// What a block says, worked out once per distinct block.
    fn analyse(&mut self, block: &TextBlock) -> Arc<BlockAnalysis> {
        // The same text can hold typed digits on one page and only digits
        // from the data on another, and the claims looked for differ.
        let digits_typed = block.has_typed_digit();
        let welsh = self.page.lang == crate::model::Lang::Cy;
        let key =
            crate::fingerprint::fingerprint(&(&block.text, &block.headings, digits_typed, welsh));
        let (site, catalogue) = (self.site, self.catalogue);
        let page = scope::PageSignals {
            title: &self.page.front.title,
            topics: &self.page.front.topics,
        };
        self.memo
            .analyses
            .entry(key)
            .or_insert_with(|| {
                let mut claims = claims::extract_with(&block.text, digits_typed);
                if welsh {
                    claims.extend(welsh::claims(&block.text));
                    claims.sort_by_key(|c| (c.range.start, c.range.end));
                }
                // "Do I have to pay? / Yes.": the answer is the claim, and
                // its question is its sentence.
                let question = block
                    .headings
                    .first()
                    .filter(|_| block.kind == BlockKind::Paragraph);
                let answer = question.and_then(|q| claims::yes_to_paying(&block.text, q));
                let answered = answer.as_ref().map(|c| c.range.clone());
                if let Some(answer) = answer {
                    claims.insert(0, answer);
                }
                let text = &block.text;
                let mut phrases = facts::law_claims(site, catalogue, text);
                let mentions = catalogue.patterns.law_mentions.find(text);
                if claims.is_empty() && phrases.is_empty() && mentions.is_empty() {
                    // Most blocks claim nothing, and then their scope is moot.
                    return Arc::new(BlockAnalysis {
                        claims: Vec::new(),
                        phrases,
                        nation_laws: Vec::new(),
                        lower: String::new(),
                    });
                }
                let clauses = clauses::Clauses::new(text);
                // A value in a clause about the old rules is history, not a
                // claim (an NHS number is checked whenever it was written).
                claims.retain(|claim| {
                    matches!(claim.kind, claims::ClaimKind::NhsNumber { .. })
                        || !history::about_the_past(&clauses, &claim.range)
                });
                // A repealed law named in the past is history; a name no
                // law has ("the Data Protection Act (1995)") is wrong in any
                // tense.
                phrases.retain(|(range, d)| {
                    d.code == Code::LawMisnamed || !history::law_in_the_past(&clauses, range)
                });
                let outer = std::cell::OnceCell::new();
                let regimes = &catalogue.patterns.regimes;
                let claims = claims
                    .into_iter()
                    .map(|claim| {
                        let answering =
                            question.filter(|_| answered.as_ref() == Some(&claim.range));
                        let (sentence, clause) = match answering {
                            // An answer's sentence is its question and itself.
                            Some(question) => {
                                let asked = format!(
                                    "{} {}",
                                    question.to_lowercase(),
                                    clauses.sentence_of(&claim.range)
                                );
                                (asked.clone(), asked)
                            }
                            None => (
                                clauses.sentence_of(&claim.range).to_string(),
                                clauses.clause_of(&claim.range).to_string(),
                            ),
                        };
                        let follows_on = || {
                            let before = clauses.sentence_before(&claim.range)?;
                            scope::follows_on(regimes, &sentence, before)
                        };
                        let scope = scope::sentence_scope(regimes, &sentence)
                            .or_else(follows_on)
                            .unwrap_or_else(|| {
                                outer
                                    .get_or_init(|| scope::OuterScope::of(regimes, page, block))
                                    .at(regimes, block, claim.range.start)
                            });
                        AnalysedClaim {
                            scope,
                            sentence,
                            clause,
                            claim,
                        }
                    })
                    .collect();
                let mut nation_laws = Vec::new();
                for mention in &mentions {
                    let range = &mention.range;
                    if history::law_in_the_past(&clauses, range) {
                        continue;
                    }
                    if let Some(d) =
                        misapplied_law(site, catalogue, page, block, &mentions, mention)
                    {
                        phrases.push((range.clone(), d));
                    }
                    if mention.full {
                        nation_laws.push((range.clone(), mention.id.to_string()));
                    }
                }
                phrases.sort_by_key(|(range, _)| range.start);
                Arc::new(BlockAnalysis {
                    claims,
                    phrases,
                    nation_laws,
                    lower: text.to_lowercase(),
                })
            })
            .clone()
    }

    /// Judges one block's claims and phrases; its analysis, for what the
    /// section carries to the next block.
    fn block(&mut self, block: &TextBlock, lead: &[&TextBlock]) -> Arc<BlockAnalysis> {
        let analysis = self.analyse(block);
        // Only a charge looks at what leads into its block: made for those.
        let lead = match analysis
            .claims
            .iter()
            .any(|c| c.claim.kind == claims::ClaimKind::FeeApplies)
        {
            true => lead
                .iter()
                .map(|b| b.text.to_lowercase())
                .collect::<Vec<_>>()
                .join(" "),
            false => String::new(),
        };
        let lead = lead.as_str();
        for AnalysedClaim {
            claim,
            scope,
            sentence,
            clause,
        } in &analysis.claims
        {
            if charges_the_sum_before(claim, &block.text, &analysis.claims) {
                continue;
            }
            let Some(source) = block.typed_source(&claim.range) else {
                continue;
            };
            self.uses_contacts |= claim.kind.is_contact();
            let found = Found {
                file: &self.page.source.path,
                range: source.clone(),
                text: &self.page.source.text[source.clone()],
                block: &block.text,
                paragraph: &analysis.lower,
                lead,
                sentence,
                clause,
                own_page: matches!(self.page.owner, crate::model::PageOwner::Trust(_)),
                nation: self.trust.nation,
            };
            if let Some(d) =
                facts::judge(self.site, self.catalogue, self.trust, scope, claim, &found)
            {
                self.report(block, &claim.range, d);
            }
        }
        for (range, d) in &analysis.phrases {
            let Some(source) = block.typed_source(range) else {
                continue;
            };
            let d = d
                .clone()
                .at(&self.page.source.path, source)
                .for_trust(&self.trust.id);
            self.report(block, range, d);
        }
        self.nation_laws(block, &analysis);
        analysis
    }

    /// `law-outdated` for a repealed law's short name where an earlier
    /// block gave it that meaning (`repealed`, see [`carry::RepealedLaws`]);
    /// not where the block speaks of it in the past or quotes it.
    fn repealed_in_section(
        &mut self,
        block: &TextBlock,
        analysis: &BlockAnalysis,
        repealed: &[String],
    ) {
        let found =
            facts::short_names_in_section(self.site, &block.text, &analysis.phrases, repealed);
        if found.is_empty() {
            return;
        }
        let clauses = clauses::Clauses::new(&block.text);
        for (range, d) in found {
            // "You need not mention the "Data Protection Act"": a name in
            // quotation marks is a name, not a law said to apply.
            let quoted = block.text[..range.start].ends_with(['"', '“', '\''])
                || block.text[range.end..].starts_with(['"', '”', '\'']);
            if quoted || history::law_in_the_past(&clauses, &range) {
                continue;
            }
            let Some(source) = block.typed_source(&range) else {
                continue;
            };
            let d = d
                .at(&self.page.source.path, source)
                .for_trust(&self.trust.id);
            self.report(block, &range, d);
        }
    }

    /// A law named on the page of a trust in a nation where it does not
    /// apply.
    fn nation_laws(&mut self, block: &TextBlock, analysis: &BlockAnalysis) {
        for (range, id) in &analysis.nation_laws {
            let Some(source) = block.typed_source(range) else {
                continue;
            };
            let written = &block.text[range.clone()];
            if let Some(d) =
                law_mentions::outside_its_nations(&self.site.rules, id, self.trust, written)
            {
                let d = d
                    .at(&self.page.source.path, source)
                    .for_trust(&self.trust.id);
                self.report(block, range, d);
            }
        }
    }

    /// Email addresses and phone numbers in links (`mailto:`, `tel:`) that
    /// the author typed: a patient who taps the link reaches them, though
    /// the page may show other words.
    fn link_contacts(&mut self, e: &Expansion, outline: &[crate::read::text::OutlineItem]) {
        for item in outline {
            let crate::read::text::OutlineItem::Link(range, text, Some(to)) = item else {
                continue;
            };
            let Some((scheme, address)) = to.split_once(':') else {
                continue;
            };
            let address = address.split('?').next().unwrap_or_default().trim();
            if address.is_empty() {
                continue;
            }
            // Where the address is typed in the source, inside the link.
            let Some(start) = e.expanded.source_offset(range.start) else {
                continue;
            };
            let source = &self.page.source.text;
            let window = source.get(start..(start + range.len() + 8).min(source.len()));
            let Some(at) = window.and_then(|w| w.find(address)) else {
                continue;
            };
            let (key, field) = if scheme.eq_ignore_ascii_case("mailto") {
                (format!("email:{}", address.to_lowercase()), "email")
            } else {
                (
                    format!("phone:{}", crate::model::Phone::read(address).national),
                    "phone",
                )
            };
            let place = start + at..start + at + address.len();
            let lower = text.to_lowercase();
            let found = Found {
                file: &self.page.source.path,
                range: place.clone(),
                text: &source[place],
                block: text,
                paragraph: &lower,
                lead: "",
                sentence: &lower,
                clause: &lower,
                own_page: matches!(self.page.owner, crate::model::PageOwner::Trust(_)),
                nation: self.trust.nation,
            };
            self.uses_contacts = true;
            if let Some(d) =
                facts::judge_contact(self.site, self.catalogue, self.trust, &key, field, &found)
            {
                let d = d
                    .at(&self.page.source.path, found.range.clone())
                    .found(found.text)
                    .for_trust(&self.trust.id);
                self.diagnostics.push(d);
            }
        }
    }

    /// Reports a diagnostic unless the page's `allow` covers it.
    fn report(&mut self, block: &TextBlock, range: &Range<usize>, d: Diagnostic) {
        match allowed_by(self.page, block, range) {
            Some(index) => {
                self.used_allows.insert(index);
            }
            None => self.diagnostics.push(d),
        }
    }

    /// Bullet lists on the page, compared with the canonical lists.
    fn lists(&mut self, blocks: &[TextBlock]) {
        let mut by_list: BTreeMap<usize, Vec<PageItem>> = BTreeMap::new();
        // Lists brought in as examples ("send evidence such as:") are not
        // copies of a canonical list, however alike their words.
        let mut examples = BTreeSet::new();
        let mut lead_in: Option<&TextBlock> = None;
        for block in blocks {
            let BlockKind::ListItem(list) = block.kind else {
                lead_in = Some(block);
                continue;
            };
            if !by_list.contains_key(&list)
                && lead_in.is_some_and(|b| names_any(&b.text.to_lowercase(), EXAMPLES))
            {
                examples.insert(list);
            }
            let Some(range) = block.typed_span() else {
                continue;
            };
            by_list.entry(list).or_default().push(PageItem {
                text: block.text.clone(),
                range,
            });
        }
        for (list, items) in &by_list {
            if examples.contains(list) {
                continue;
            }
            let own_lists = self.own_lists.then_some(&self.trust.id);
            let key = crate::fingerprint::fingerprint(&(
                items
                    .iter()
                    .map(|i| (&i.text, i.range.start))
                    .collect::<Vec<_>>(),
                own_lists,
                // Each nation's lists can differ.
                self.trust.nation,
            ));
            let (site, canonical, topics, file) = (
                self.site,
                self.canonical,
                &self.page.front.topics,
                &self.page.source.path,
            );
            let found = self
                .memo
                .lists
                .entry(key)
                .or_insert_with(|| {
                    Arc::new(lists::compare(&site.rules, canonical, topics, file, items))
                })
                .clone();
            for d in found.iter() {
                self.diagnostics.push(d.clone().for_trust(&self.trust.id));
            }
        }
    }

    /// Facts the page shows whose status is `verify`.
    fn unverified(&mut self, e: &Expansion) {
        for piece in &e.expanded.pieces {
            let Origin::Data {
                expression,
                rule: Some(rule),
            } = &piece.origin
            else {
                continue;
            };
            if rule.status(&self.site.rules, self.trust.nation) != Some(Status::Verify) {
                continue;
            }
            let file = self
                .site
                .rules
                .defined_at
                .get(rule)
                .map_or("content/rules", |s| &*s.file);
            let d = Diagnostic::new(Code::RuleUnverified, format!("this shows `{rule}`, which has not been verified"))
                .at(&self.page.source.path, expression.clone())
                .help(format!("ask your information governance lead to check it, then set `status: confirmed` in {file}"));
            let d = self.site.rules.cite(d, rule);
            self.diagnostics.push(d.for_trust(&self.trust.id));
        }
    }
}

/// How a page is written: its structure, long sentences, its reading age.
/// It hardly differs between trusts, so it is read once per page, with its
/// first trust's text (the pipeline keeps it by that expansion's key).
pub(crate) fn writing_lints(
    site: &Site,
    page: &Page,
    expanded: &crate::expand::ExpandedPage,
    text: &TextBlocks,
) -> Vec<Diagnostic> {
    // One copy of the path for all the page's warnings.
    let file: std::sync::Arc<str> = std::sync::Arc::from(page.source.path.as_str());
    let file = &file;
    let blocks = &text.blocks;
    let mut found = lints::structure(file, expanded, &text.outline);
    let sentences = lints::block_sentences(blocks);
    found.extend(lints::long_sentences(file, blocks, &sentences));
    let target = f64::from(site.config.check.reading_age);
    // The reading-age formula counts English syllables: it says nothing
    // of a Welsh page.
    let english = page.lang == crate::model::Lang::En;
    if let Some(age) = lints::reading_age(&sentences).filter(|age| english && *age > target + 0.5) {
        found.push(
            Diagnostic::new(
                Code::ReadingAge,
                format!(
                    "this page needs a reading age of about {age:.0}; the target is {target:.0}"
                ),
            )
            .at_shared(file, 0..3)
            .help("use shorter sentences and shorter, everyday words"),
        );
    }
    // Held until every page is read: at its length, not its grown room.
    found.shrink_to_fit();
    found
}

/// "A fee of up to £50 may be charged": the sum just before says what the
/// charge is and is judged itself, so the words saying there is a charge
/// are not judged again (one mistake, one error). "There will be a charge
/// of £10" still is: the words say the charge before the sum.
fn charges_the_sum_before(claim: &claims::Claim, text: &str, claims: &[AnalysedClaim]) -> bool {
    claim.kind == claims::ClaimKind::FeeApplies
        && claims.iter().any(|other| {
            matches!(other.claim.kind, claims::ClaimKind::Money { .. })
                && text
                    .get(other.claim.range.end..claim.range.start)
                    .is_some_and(|between| between.trim().is_empty())
        })
}

/// Words that bring in a list of examples.
const EXAMPLES: &[&str] = &["such as", "for example", "e.g.", "for instance"];

/// `law-misapplied` for a law named in a block: the scope is read with the
/// law's own name left out, since the name is a word of the law's own area.
fn misapplied_law(
    site: &Site,
    catalogue: &Catalogue,
    page: scope::PageSignals,
    block: &TextBlock,
    mentions: &[law_mentions::Mention],
    mention: &law_mentions::Mention,
) -> Option<Diagnostic> {
    // A form or page about the law's own area too lists the laws it relies
    // on: each for its own area. On a page about your own records only,
    // "the Data Protection Act 2018 and Access to Health Records Act" still
    // gives the second as a basis for them.
    let covers_its_area = site
        .rules
        .laws
        .get(mention.id)
        .is_some_and(|law| law.topics.iter().any(|t| page.topics.contains(t)));
    if covers_its_area && law_mentions::named_in_a_list_of_laws(&block.text, &mention.range) {
        return None;
    }
    let mut without = block.clone();
    // Every mention of the same law goes: "the Act ... after 1 November
    // 1991" names no area but the Act's.
    for other in mentions.iter().filter(|m| m.id == mention.id) {
        let range = other.range.clone();
        without
            .text
            .replace_range(range.clone(), &" ".repeat(range.len()));
    }
    let range = &mention.range;
    let clauses = clauses::Clauses::new(&without.text);
    let sentence = clauses.sentence_of(range);
    let sides = clauses.sentence_sides(range);
    // The sentence, its paragraph, else the page's topics: a heading is too
    // far away to say a law is cited for the wrong records ("You may also
    // have a right under the Act to see information about other people"
    // under "Subject access requests" on a page about both).
    let scope = scope::sentence_scope(&catalogue.patterns.regimes, sentence).unwrap_or_else(|| {
        without.headings = Arc::from([]);
        let page = scope::PageSignals { title: "", ..page };
        scope::outer_scope(&catalogue.patterns.regimes, page, &without, range.start)
    });
    law_mentions::misapplied(
        &site.rules,
        mention.id,
        &scope,
        sides,
        &block.text[range.clone()],
    )
}

/// Whether lowercase `text` holds any of `words` where it starts a word
/// ("died" is not in "studied"; "complain" is in "complaints").
fn names_any(text: &str, words: &[&str]) -> bool {
    words.iter().any(|word| {
        text.match_indices(word)
            .any(|(at, _)| starts_a_word(text, at))
    })
}

/// Whether `text[at..]` begins a word: nothing alphanumeric just before.
fn starts_a_word(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// Text in lowercase with single spaces, and a space between brackets
/// that touch ("(Modification)(Health)"): how phrases, law names and
/// `allow` entries are compared with the text, two spellings being one key.
pub(crate) fn collapse(text: &str) -> String {
    text.replace(")(", ") (")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The `allow` entry whose text contains the claim, if any.
fn allowed_by(page: &Page, block: &TextBlock, range: &Range<usize>) -> Option<usize> {
    let claim = collapse(&block.text[range.clone()]);
    let block_text = collapse(&block.text);
    page.front.allow.iter().position(|allow| {
        let allowed = collapse(&allow.text.value);
        allowed.contains(&claim) && block_text.contains(&allowed)
    })
}

fn unused_allows(page: &Page, used: Option<&BTreeSet<usize>>) -> Vec<Diagnostic> {
    (0..page.front.allow.len())
        .filter(|i| used.is_none_or(|u| !u.contains(i)))
        .map(|i| {
            let range = page.allow_ranges.get(i).cloned().unwrap_or(0..0);
            Diagnostic::new(
                Code::AllowUnused,
                "this `allow` entry matches nothing on the page",
            )
            .at(&page.source.path, range)
            .found(page.front.allow[i].text.value.clone())
            .help("the statement was changed or removed: delete this entry")
        })
        .collect()
}

/// `review-missing` and `review-overdue` for the accessibility statement:
/// the regulations ask it to say when it was prepared and to be reviewed,
/// which the Government Digital Service reads as at least once a year.
pub(crate) fn statement_dates(site: &Site, as_of: Date) -> Vec<Diagnostic> {
    let statement = &site.config.accessibility;
    let Some(prepared) = &statement.prepared else {
        return vec![
            Diagnostic::new(
                Code::ReviewMissing,
                "the accessibility statement does not say when it was prepared",
            )
            .in_file("site.toml")
            .help("add `prepared = \"YYYY-MM-DD\"` (the day the statement was written) under `[accessibility]` in site.toml"),
        ];
    };
    let last = statement.reviewed.as_ref().unwrap_or(prepared);
    let Ok(date) = Date::parse(last.get_ref()) else {
        // site.toml's reading reports a date it cannot read.
        return Vec::new();
    };
    let due = date.add_months(12);
    if due >= as_of {
        return Vec::new();
    }
    vec![
        Diagnostic::new(
            Code::ReviewOverdue,
            format!(
                "the accessibility statement was due for review on {}",
                due.long_form()
            ),
        )
        .at("site.toml", last.span())
        .help("check the statement against the website as it is now, then set `reviewed` to the day you did"),
    ]
}

/// `review-missing` and `review-overdue`.
fn review_dates(site: &Site, as_of: Date, page: &Page) -> Vec<Diagnostic> {
    let file = &page.source.path;
    let front = &page.front;
    let Some(last) = front.last_reviewed else {
        return vec![Diagnostic::new(Code::ReviewMissing, "this page has no review dates")
            .at(file, 0..3)
            .help("add `last_reviewed: YYYY-MM-DD` (the day the whole page was checked) to the front matter")];
    };
    if last > as_of {
        let key = "last_reviewed:";
        let at = page.source.text[..page.body_start]
            .find(key)
            .map_or(0..3, |i| i..i + key.len() - 1);
        return vec![
            Diagnostic::new(
                Code::ReviewFuture,
                format!(
                    "this page says it was last reviewed on {}, which has not come yet",
                    last.long_form()
                ),
            )
            .at(file, at)
            .help(
                "write the day the whole page was last checked, as YYYY-MM-DD (is the year right?)",
            ),
        ];
    }
    let next = front
        .next_review
        .unwrap_or_else(|| last.add_months(site.config.review_interval_months));
    if next >= as_of {
        return Vec::new();
    }
    let key = if front.next_review.is_some() {
        "next_review:"
    } else {
        "last_reviewed:"
    };
    let at = page.source.text[..page.body_start]
        .find(key)
        .map_or(0..3, |i| i..i + key.len() - 1);
    vec![
        Diagnostic::new(
            Code::ReviewOverdue,
            format!("this page was due for review on {}", next.long_form()),
        )
        .at(file, at)
        .help("review the whole page, then update `last_reviewed` and `next_review`"),
    ]
}
