//! Stage three: the checker. Text the data produced is trusted; everything
//! a person typed is read for claims (durations, money, laws, contacts, NHS
//! numbers, copies of canonical lists) and each claim must agree with the
//! rule data in the page's scope. Review dates and unverified facts are
//! checked here too.
//!
//! Not for: the schema and cross-references of the data (that is `load`).

pub mod claims;
pub mod facts;
pub mod links;
pub mod lints;
pub mod lists;
pub mod scope;
pub mod slots;
pub mod text;

use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic};
use crate::expand::{Expansion, Origin};
use crate::model::{Fact, Page, Site, Status, Trust};
use crate::render::markdown::RenderedBody;
use facts::{Catalogue, Found};
use lists::{CanonicalLists, PageItem};
use text::{BlockKind, TextBlock};

/// What one expanded page's check found: its diagnostics, and which of the
/// page's `allow` entries were used.
#[derive(Debug, Clone, Default)]
pub struct PageFindings {
    /// The problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// Indexes into the page's `allow` list that covered a statement.
    pub used_allows: BTreeSet<usize>,
    /// Whether a contact was judged: only then can another trust's
    /// contacts change what this check finds.
    pub uses_contacts: bool,
}

/// One expansion's check, and the body HTML its reading rendered when the
/// checker was asked for bodies.
pub struct Checked {
    /// What the check found.
    pub findings: PageFindings,
    /// The page body, ready for the renderer.
    pub body: Option<Arc<RenderedBody>>,
}

/// The checker, with what it needs from the rule data prepared once.
pub struct Checker<'a> {
    site: &'a Site,
    catalogue: Catalogue,
    canonical: CanonicalLists,
    with_bodies: bool,
}

impl<'a> Checker<'a> {
    /// Prepares the checker for a site.
    pub fn new(site: &'a Site) -> Checker<'a> {
        Checker {
            site,
            catalogue: Catalogue::new(site),
            canonical: lists::canonical_lists(site),
            with_bodies: false,
        }
    }

    /// Also renders each page's body while reading it, for a build that
    /// will render every page it checks.
    pub fn with_bodies(self) -> Checker<'a> {
        Checker {
            with_bodies: true,
            ..self
        }
    }

    /// Checks one page as expanded for several trusts. What does not depend
    /// on the trust (the text's blocks, its claims, its lists) is worked out
    /// once and reused, so a shared page costs little more than one page.
    pub fn check_group(&self, expansions: &[&Expansion]) -> Vec<Checked> {
        let mut memo = Memo {
            shared: expansions.len() > 1,
            ..Memo::default()
        };
        expansions
            .iter()
            .map(|e| self.check_with(e, &mut memo))
            .collect()
    }

    /// Checks one page as expanded for one trust.
    pub fn check_expansion(&self, e: &Expansion) -> PageFindings {
        self.check_with(e, &mut Memo::default()).findings
    }

    fn check_with(&self, e: &Expansion, memo: &mut Memo) -> Checked {
        let Some(trust) = self.site.trusts.get(&e.trust) else {
            return Checked {
                findings: PageFindings::default(),
                body: None,
            };
        };
        let mut page_check = PageCheck {
            site: self.site,
            catalogue: &self.catalogue,
            canonical: &self.canonical,
            page: &self.site.pages[e.page],
            trust,
            diagnostics: Vec::new(),
            used_allows: BTreeSet::new(),
            uses_contacts: false,
            memo,
        };
        let body = page_check.expansion(e, self.with_bodies);
        Checked {
            findings: PageFindings {
                diagnostics: page_check.diagnostics,
                used_allows: page_check.used_allows,
                uses_contacts: page_check.uses_contacts,
            },
            body,
        }
    }
}

/// Checks every expanded page, and every page's review dates.
pub fn check_site(site: &Site, expansions: &[Expansion]) -> Vec<Diagnostic> {
    let checker = Checker::new(site);
    let results: Vec<(usize, PageFindings)> = expansions
        .par_iter()
        .map(|e| (e.page, checker.check_expansion(e)))
        .collect();
    let mut diagnostics = Vec::new();
    let mut used: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (page, findings) in results {
        diagnostics.extend(findings.diagnostics);
        used.entry(page).or_default().extend(findings.used_allows);
    }
    for (index, page) in site.pages.iter().enumerate() {
        diagnostics.extend(page_checks(site, page, used.get(&index)));
    }
    diagnostics
}

/// The checks of a page as a whole, once all its trusts are checked: review
/// dates, and `allow` entries that no trust's check used.
pub fn page_checks(
    site: &Site,
    page: &Page,
    used_allows: Option<&BTreeSet<usize>>,
) -> Vec<Diagnostic> {
    let mut diagnostics = review_dates(site, page);
    diagnostics.extend(unused_allows(page, used_allows));
    diagnostics
}

/// What the checker learned from text that does not depend on the trust.
#[derive(Default)]
struct Memo {
    /// Whether the page is checked for more than one trust: only then is
    /// reading its marked markdown once worth the marking.
    shared: bool,
    /// Readings of a shared page's marked markdown, by the marking's key;
    /// `None` where the trusts' own markdown must be read.
    marked: HashMap<u64, Option<Arc<slots::MarkedReading>>>,
    /// Blocks of text and the body, by the fingerprint of the expanded
    /// markdown.
    readings: HashMap<u64, (Arc<text::TextBlocks>, Arc<RenderedBody>)>,
    /// What a block says, by the fingerprint of its text and heading.
    analyses: HashMap<u64, Arc<BlockAnalysis>>,
    /// List comparisons (without the trust), by the fingerprint of the items.
    lists: HashMap<u64, Arc<Vec<Diagnostic>>>,
    /// Pages whose writing has been linted (once per page, not per trust).
    lints_done: BTreeSet<usize>,
}

/// The trust-independent reading of one block.
struct BlockAnalysis {
    /// The topics whose rules apply; worked out only for a block with claims.
    scope: Vec<crate::model::Topic>,
    claims: Vec<claims::Claim>,
    phrases: Vec<(Range<usize>, Diagnostic)>,
}

struct PageCheck<'a> {
    site: &'a Site,
    catalogue: &'a Catalogue,
    canonical: &'a CanonicalLists,
    page: &'a Page,
    trust: &'a Trust,
    diagnostics: Vec<Diagnostic>,
    used_allows: BTreeSet<usize>,
    uses_contacts: bool,
    memo: &'a mut Memo,
}

impl PageCheck<'_> {
    /// Checks an expansion; returns its body when `with_body`.
    fn expansion(&mut self, e: &Expansion, with_body: bool) -> Option<Arc<RenderedBody>> {
        let (blocks, body) = self.reading(e);
        self.removed_html(e, &body);
        for block in &blocks.blocks {
            self.block(block);
        }
        self.lists(&blocks.blocks);
        // How a page is written hardly differs between trusts: it is read
        // once per page, with the first trust's text.
        if self.memo.lints_done.insert(e.page) {
            self.diagnostics
                .extend(writing_lints(self.site, self.page, &e.expanded, &blocks));
        }
        self.unverified(e);
        with_body.then_some(body)
    }

    /// `html-unsafe`: what the sanitiser removed from the page's HTML, each
    /// at the place it is written. (A shared page's are merged into one
    /// report when the diagnostics are finished.)
    fn removed_html(&mut self, e: &Expansion, body: &RenderedBody) {
        for removed in &body.removed {
            let d = lints::removed_html(&self.page.source.path, &e.expanded, removed);
            self.diagnostics.push(d.for_trust(&self.trust.id));
        }
    }

    /// The blocks of text of an expansion and its body. A shared page's
    /// values are taken out and its markdown read once for all its trusts
    /// wherever that reads the same as each trust's own.
    fn reading(&mut self, e: &Expansion) -> (Arc<text::TextBlocks>, Arc<RenderedBody>) {
        if let Some(slotted) = self
            .memo
            .shared
            .then(|| slots::Slotted::of(&e.expanded))
            .flatten()
        {
            let marked = self
                .memo
                .marked
                .entry(slotted.key())
                .or_insert_with(|| slots::MarkedReading::read(&slotted).map(Arc::new))
                .clone();
            if let Some(marked) = marked {
                let (text, body) = marked.fill(&slotted);
                return (Arc::new(text), Arc::new(body));
            }
        }
        let key = crate::fingerprint(&e.expanded.markdown);
        self.memo
            .readings
            .entry(key)
            .or_insert_with(|| {
                let reading = text::read(&e.expanded);
                (Arc::new(reading.text), Arc::new(reading.body))
            })
            .clone()
    }

    /// What a block says, worked out once per distinct block.
    fn analyse(&mut self, block: &TextBlock) -> Arc<BlockAnalysis> {
        // The same text can hold typed digits on one page and only digits
        // from the data on another, and the claims looked for differ.
        let digits_typed = block.has_typed_digit();
        let key = crate::fingerprint(&(&block.text, &block.heading, digits_typed));
        let (site, catalogue, topics) = (self.site, self.catalogue, &self.page.front.topics);
        self.memo
            .analyses
            .entry(key)
            .or_insert_with(|| {
                let claims = claims::extract_with(&block.text, digits_typed);
                // Most blocks claim nothing, and then their scope is moot.
                let scope = if claims.is_empty() {
                    Vec::new()
                } else {
                    scope::scope_of(topics, block)
                };
                Arc::new(BlockAnalysis {
                    scope,
                    claims,
                    phrases: facts::law_claims(site, catalogue, &block.text),
                })
            })
            .clone()
    }

    fn block(&mut self, block: &TextBlock) {
        let analysis = self.analyse(block);
        let scope = &analysis.scope;
        for claim in &analysis.claims {
            let Some(source) = block.typed_source(&claim.range) else {
                continue;
            };
            self.uses_contacts |= claim.kind.is_contact();
            let found = Found {
                file: &self.page.source.path,
                range: source.clone(),
                text: &self.page.source.text[source.clone()],
                block: &block.text,
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
        for block in blocks {
            let BlockKind::ListItem(list) = block.kind else {
                continue;
            };
            let Some(range) = block.typed_span() else {
                continue;
            };
            by_list.entry(list).or_default().push(PageItem {
                text: block.text.clone(),
                range,
            });
        }
        for items in by_list.values() {
            let key = crate::fingerprint(
                &items
                    .iter()
                    .map(|i| (&i.text, i.range.start))
                    .collect::<Vec<_>>(),
            );
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
                .or_insert_with(|| Arc::new(lists::compare(site, canonical, topics, file, items)))
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
            if rule_status(self.site, rule) != Some(Status::Verify) {
                continue;
            }
            let file = self
                .site
                .rules
                .defined_at
                .get(rule)
                .map_or("content/rules", |s| s.file.as_str());
            let mut d = Diagnostic::new(Code::RuleUnverified, format!("this shows `{rule}`, which has not been verified"))
                .at(&self.page.source.path, expression.clone())
                .help(format!("ask your information governance lead to check it, then set `status: confirmed` in {file}"));
            d.rule = Some(rule.clone());
            d.rule_span = self.site.rules.defined_at.get(rule).cloned();
            self.diagnostics.push(d.for_trust(&self.trust.id));
        }
    }
}

/// How a page is written: its structure, long sentences, its reading age.
fn writing_lints(
    site: &Site,
    page: &Page,
    expanded: &crate::expand::ExpandedPage,
    text: &text::TextBlocks,
) -> Vec<Diagnostic> {
    let file = &page.source.path;
    let blocks = &text.blocks;
    let mut found = lints::structure(file, expanded, &text.outline);
    let sentences = lints::block_sentences(blocks);
    found.extend(lints::long_sentences(file, blocks, &sentences));
    let target = f64::from(site.config.check.reading_age);
    if let Some(age) = lints::reading_age(&sentences).filter(|age| *age > target + 0.5) {
        found.push(
            Diagnostic::new(
                Code::ReadingAge,
                format!(
                    "this page needs a reading age of about {age:.0}; the target is {target:.0}"
                ),
            )
            .at(file, 0..3)
            .help("use shorter sentences and shorter, everyday words"),
        );
    }
    found
}

/// How far a rule has been checked, by its full id.
fn rule_status(site: &Site, rule: &str) -> Option<Status> {
    let rules = &site.rules;
    let (section, id) = rule.split_once('.').unwrap_or((rule, ""));
    match section {
        "deadlines" => rules.deadlines.get(id).map(Fact::status),
        "fees" => rules.fees.get(id).map(Fact::status),
        "contacts" => rules.contacts.get(id).map(|c| c.status),
        "caldicott" => rules.caldicott.as_ref().map(|c| c.status),
        "id_documents" => rules.id_documents.as_ref().map(|d| d.status),
        "lists" => rules.lists.get(id).map(|list| {
            if list.items.iter().any(|i| i.status == Status::Verify) {
                Status::Verify
            } else {
                Status::Confirmed
            }
        }),
        _ => None,
    }
}

fn collapse(text: &str) -> String {
    text.split_whitespace()
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

/// `review-missing` and `review-overdue`.
fn review_dates(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let file = &page.source.path;
    let front = &page.front;
    let Some(last) = front.last_reviewed else {
        return vec![Diagnostic::new(Code::ReviewMissing, "this page has no review dates")
            .at(file, 0..3)
            .help("add `last_reviewed: YYYY-MM-DD` (the day the whole page was checked) to the front matter")];
    };
    let next = front
        .next_review
        .unwrap_or_else(|| last.add_months(site.config.review_interval_months));
    if next >= site.as_of {
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
