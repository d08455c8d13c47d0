//! Judges each claim against the facts in scope, and says what to write
//! instead: the catalogue of what the rule data holds, the judging of a
//! claim (time limits in [`super::durations`], money in [`super::fees`],
//! contacts and laws here), and `claim-unscoped` where no rule in scope
//! can judge it.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use regex::Regex;

use super::claims::{Claim, ClaimKind, postcode_in};
use super::collapse;
use super::durations::judge_time_limit;
use super::fees::{judge_fee_applies, judge_fee_case, judge_money, judge_no_fee, judge_work_time};
use super::law_years::YearRead;
use super::scope::Scope;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{
    Currency, Date, Fact, LawStatus, Nation, Reach, RuleId, Rules, Section, Site, Topic, Trust,
    TrustId,
};

/// Who a contact detail belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Owner {
    /// A trust, under this role.
    Trust { trust: TrustId, role: String },
    /// A national contact, and the nations it serves (empty: all).
    National { nations: Vec<Nation>, name: String },
}

/// What the checker needs from the rule data, built once per run.
pub(crate) struct Catalogue {
    /// The date facts must be in force on.
    pub(super) as_of: Date,
    contacts: BTreeMap<String, Vec<Owner>>,
    /// What the rule data alone gives.
    pub(crate) patterns: Arc<RulePatterns>,
}

/// The patterns the checker reads text with that come from the rule data
/// alone (law names, retired phrases, the words of each regime): compiled
/// once for each version of the rules, since building them costs more
/// than re-checking an edited page.
pub(crate) struct RulePatterns {
    /// The words that name each topic's regime.
    pub(crate) regimes: super::scope::RegimeWords,
    /// One pattern for every law name and retired phrase to flag, so that
    /// each block of text is searched once.
    phrases: Option<Regex>,
    /// What each phrase is, by its lowercase, single-spaced form.
    phrase_ids: BTreeMap<String, (Phrase, bool, String)>,
    /// Law names with their years moved, bracketed or wrong.
    pub(super) law_years: super::law_years::LawYears,
    /// Laws in force that belong to some rule areas or nations.
    pub(crate) law_mentions: super::law_mentions::LawMentions,
}

/// A phrase the checker flags.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phrase {
    /// A law that is repealed, misnamed or foreign, by id.
    Law(String),
    /// A retired phrase, by id.
    Term(String),
}

impl Catalogue {
    /// Indexes contacts, with the rule data's patterns (laws to flag,
    /// retired phrases, regime words) made before.
    pub(crate) fn with(site: &Site, as_of: Date, patterns: Arc<RulePatterns>) -> Catalogue {
        let mut contacts: BTreeMap<String, Vec<Owner>> = BTreeMap::new();
        for trust in site.trusts.values() {
            for (role, contact) in &trust.contacts {
                for key in contact_keys(contact) {
                    contacts.entry(key).or_default().push(Owner::Trust {
                        trust: trust.id.clone(),
                        role: role.clone(),
                    });
                }
            }
        }
        for national in site.rules.contacts.values() {
            for key in contact_keys(&national.contact) {
                contacts.entry(key).or_default().push(Owner::National {
                    nations: national.nations.clone(),
                    name: national.contact.name.clone().unwrap_or_default(),
                });
            }
        }
        Catalogue {
            as_of,
            contacts,
            patterns,
        }
    }
}

impl RulePatterns {
    /// Compiles the patterns of the rule data.
    pub(crate) fn new(rules: &Rules) -> RulePatterns {
        let mut phrases: Vec<(String, Phrase)> = Vec::new();
        for (id, law) in rules
            .laws
            .iter()
            .filter(|(_, l)| l.status != LawStatus::InForce)
        {
            for name in std::iter::once(&law.name.value)
                .chain(&law.name_cy)
                .chain(&law.aliases)
            {
                phrases.push((name.trim().to_string(), Phrase::Law(id.clone())));
            }
        }
        for (id, term) in &rules.retired_terms {
            for phrase in std::iter::once(&term.phrase.value).chain(&term.aliases) {
                phrases.push((phrase.trim().to_string(), Phrase::Term(id.clone())));
            }
        }
        // Longest first, so "HIPAA Privacy Rule" wins over "HIPAA".
        phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let phrase_ids = phrases
            .iter()
            .map(|(text, phrase)| {
                (
                    collapse(text),
                    (phrase.clone(), is_case_sensitive(text), text.clone()),
                )
            })
            .collect();
        let alternatives: Vec<String> = phrases
            .iter()
            .map(|(text, _)| phrase_pattern(text))
            .filter(|p| !p.is_empty())
            .collect();
        let phrases = (!alternatives.is_empty())
            .then(|| Regex::new(&format!(r"(?:{})", alternatives.join("|"))).ok())
            .flatten();
        RulePatterns {
            regimes: super::scope::RegimeWords::new(rules),
            phrases,
            phrase_ids,
            law_years: super::law_years::LawYears::new(rules),
            law_mentions: super::law_mentions::LawMentions::new(rules),
        }
    }

    /// What a matched phrase is, respecting case where the phrase is all
    /// capitals.
    fn phrase_of(&self, found: &str) -> Option<&Phrase> {
        let key = collapse(found);
        let key = super::welsh::radical_law_name(&key);
        let (phrase, case_sensitive, original) = self.phrase_ids.get(key.as_ref())?;
        let same_case = !case_sensitive || found.split_whitespace().eq(original.split_whitespace());
        same_case.then_some(phrase)
    }
}

/// Short all-capital names ("HIPAA", "OCR") match only in capitals, so
/// "ocr" inside ordinary text is safe.
fn is_case_sensitive(phrase: &str) -> bool {
    !phrase.chars().any(|c| c.is_lowercase())
}

/// One alternative of the phrase pattern: the phrase with any run of
/// spaces (or a line break) between its words.
fn phrase_pattern(phrase: &str) -> String {
    let mut words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    if let Some(first) = words.first_mut() {
        *first = super::welsh::law_word_pattern(first);
    }
    let body = super::law_years::join_name_words(&words);
    let body = if is_case_sensitive(phrase) {
        body
    } else {
        format!("(?i:{body})")
    };
    // A word boundary only where the phrase starts or ends with a letter or
    // digit: "Power of Attorney (Health and wellbeing)" ends with a bracket.
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let trimmed = phrase.trim();
    let start = if word(trimmed.chars().next()) {
        r"\b"
    } else {
        ""
    };
    let end = if word(trimmed.chars().next_back()) {
        r"\b"
    } else {
        ""
    };
    format!("{start}{body}{end}")
}

/// The keys a contact is found by: phone digits, lowercase email, postcode.
fn contact_keys(contact: &crate::model::Contact) -> Vec<String> {
    let mut keys = Vec::new();
    if let Some(phone) = &contact.phone {
        keys.push(format!(
            "phone:{}",
            crate::model::Phone::read(phone).national
        ));
    }
    if let Some(email) = &contact.email {
        keys.push(format!("email:{}", email.to_lowercase()));
    }
    if let Some(postcode) = contact.address.as_deref().and_then(postcode_in) {
        keys.push(format!("postcode:{postcode}"));
    }
    keys
}

/// Everything about one claim that a diagnostic needs.
pub(crate) struct Found<'a> {
    /// The page file.
    pub(crate) file: &'a str,
    /// The claim's place in the file.
    pub(crate) range: Range<usize>,
    /// The text exactly as written.
    pub(crate) text: &'a str,
    /// The whole block's text, for words around the claim.
    pub(crate) block: &'a str,
    /// The block's text in lowercase, made once for all its claims.
    pub(crate) paragraph: &'a str,
    /// What leads into the block, in lowercase: for a list item, the
    /// paragraph that introduces its list and the items before it; for
    /// the paragraph after a list, that list and its lead-in; else nothing.
    /// Made only for a block with a charge in it.
    pub(crate) lead: &'a str,
    /// The sentence holding the claim, in lowercase.
    pub(crate) sentence: &'a str,
    /// The clause holding the claim, in lowercase ("we aim to reply in 21
    /// days" in "the law gives us a month, but we aim to reply in 21 days").
    pub(crate) clause: &'a str,
    /// Whether the page is the trust's own, not shared by several: only a
    /// trust's own page speaks for it where its data is silent.
    pub(crate) own_page: bool,
    /// The trust's nation: only the rules that apply there judge the page.
    pub(crate) nation: Nation,
}

/// Judges one claim; `None` when it passes.
pub(crate) fn judge(
    site: &Site,
    catalogue: &Catalogue,
    trust: &Trust,
    scope: &Scope,
    claim: &Claim,
    found: &Found,
) -> Option<Diagnostic> {
    let from_page = matches!(scope, Scope::PageTopics(_));
    let scope: &[Topic] = match scope {
        Scope::Topics(topics) | Scope::PageTopics(topics) => topics,
        // Another statute's time limits and a car park's charges are not
        // the records rules' to judge.
        Scope::OtherRules if claim.kind.needs_scope() => return None,
        Scope::OtherRules => &[],
    };
    let d = match &claim.kind {
        ClaimKind::Duration { .. } => {
            judge_time_limit(site, catalogue, trust, scope, from_page, &claim.kind, found)?
        }
        ClaimKind::Money { amount, per } => judge_money(site, catalogue.as_of, scope, *amount, *per, found)?,
        ClaimKind::ForeignMoney(currency) => judge_foreign_money(site, *currency, found)?,
        ClaimKind::NoFee => judge_no_fee(site, catalogue.as_of, scope, found)?,
        ClaimKind::FeeApplies => judge_fee_applies(site, catalogue.as_of, scope, found)?,
        ClaimKind::FeeCase => judge_fee_case(site, catalogue.as_of, scope, found)?,
        ClaimKind::WorkTime { tenths, days } => judge_work_time(site, catalogue.as_of, scope, *tenths, *days, found)?,
        ClaimKind::Phone(digits) => judge_contact(site, catalogue, trust, &format!("phone:{digits}"), "phone", found)?,
        ClaimKind::Email(email) => judge_contact(site, catalogue, trust, &format!("email:{email}"), "email", found)?,
        ClaimKind::Postcode(code) => judge_contact(site, catalogue, trust, &format!("postcode:{code}"), "address", found)?,
        ClaimKind::NhsNumber { valid: true } => return None,
        ClaimKind::NhsNumber { valid: false } => Diagnostic::new(
            Code::NhsNumberInvalid,
            format!("\"{}\" is not a valid NHS number: its check digit is wrong", found.text),
        )
        .help("check the number; for an example, use one whose check digit is right, such as 943 476 5919"),
    };
    Some(
        d.at(found.file, found.range.clone())
            .found(found.text)
            .for_trust(&trust.id),
    )
}

/// `claim-unscoped`: a time limit or amount where the rules in scope have
/// none of its kind. `other` is the expression and topic of another
/// topic's rule it equals, if any.
pub(super) fn unscoped(
    scope: &[Topic],
    kind: &str,
    example: &str,
    other: Option<(&str, Topic)>,
    found: &Found,
) -> Diagnostic {
    let topics: Vec<&str> = scope.iter().map(|t| t.as_str()).collect();
    let d = Diagnostic::new(
        Code::ClaimUnscoped,
        format!(
            "\"{}\" is not a {kind} of the rules this page is about",
            found.text
        ),
    );
    match other {
        Some((expression, topic)) => d
            .note(format!(
                "the rules in scope here ({}) have no {kind}; \"{}\" is one of the `{topic}` rules",
                topics.join(", "),
                found.text
            ))
            .help(format!(
                "if the sentence is about that, add `{topic}` to the page's `topics:` (or name it in the sentence) and write `{expression}`; if not, list the sentence under `allow` with a reason"
            )),
        None => d
            .note(format!(
                "the rules in scope here ({}) have no {kind}, and no other topic's is \"{}\"",
                topics.join(", "),
                found.text
            ))
            .help(format!(
                "say which rules this is about (add the topic to `topics:`, or name it, such as \"your own records\"), write the {kind} as an expression such as `{example}`, or list the sentence under `allow` with a reason"
            )),
    }
}

/// "Replying to the ICO" → "replying to the ICO": only the first letter.
pub(super) fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

pub(super) fn in_scope(topics: &[Topic], scope: &[Topic]) -> bool {
    topics.iter().any(|t| scope.contains(t))
}

/// Whether a fact judges a trust's page: in force on the build date and
/// the law in the trust's nation.
pub(super) fn applies<F: Fact + Reach>(as_of: Date, nation: Nation, fact: &F) -> bool {
    as_of.within(fact.effective()) && fact.applies_in(nation)
}

/// "£15 an hour is the rule in Scotland": a value that is another nation's
/// rule, for the note of a mismatch, so the author sees why it is wrong here.
pub(super) fn other_nations_rule<F: Fact + Reach>(
    facts: &BTreeMap<String, F>,
    nation: Nation,
    same_value: impl Fn(&F) -> bool,
) -> Option<String> {
    let (_, fact) = facts
        .iter()
        .find(|(_, f)| !f.applies_in(nation) && same_value(f))?;
    Some(format!(
        "that is the rule in {} ({}), not in {}",
        fact.nation_names(),
        lower_first(fact.title()),
        nation.name()
    ))
}

/// Judges an email address, phone number or postcode (`key`, such as
/// "phone:01159249924") against the trust's contacts and the national ones.
pub(crate) fn judge_contact(
    site: &Site,
    catalogue: &Catalogue,
    trust: &Trust,
    key: &str,
    field: &str,
    found: &Found,
) -> Option<Diagnostic> {
    let owners = catalogue
        .contacts
        .get(key)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let own = owners.iter().any(|o| match o {
        Owner::Trust { trust: t, .. } => *t == trust.id,
        Owner::National { nations, .. } => nations.is_empty() || nations.contains(&trust.nation),
    });
    if own {
        return None;
    }
    // A national body of another nation: the Welsh ombudsman on an English
    // trust's page.
    if let Some(Owner::National { name, .. }) = owners.first() {
        return Some(
            Diagnostic::new(
                Code::ContactForeign,
                format!("\"{}\" is the {name}'s, which serves another nation", found.text),
            )
            .note("each nation has its own ombudsman and offices; name the one for the trust's nation")
            .help("use the national contact for the trust's nation, such as `{{ contact(\"phso\") }}` in England"),
        );
    }
    // On a page several trusts share, the advice is the same for each of
    // them, so that the mistake is one diagnostic listing the trusts.
    let role_help = |role: &str| match (found.own_page, trust.contacts.get(role)) {
        (false, _) => format!(
            "write `{{{{ trust.contacts.{role}.{field} }}}}` so each trust shows its own (a trust without a `{role}` contact needs one in its trust.yaml)"
        ),
        (true, Some(_)) => {
            format!("write `{{{{ trust.contacts.{role}.{field} }}}}` so each trust shows its own")
        }
        (true, None) => format!(
            "add a `{role}` contact to {} and write `{{{{ trust.contacts.{role}.{field} }}}}`",
            trust.file
        ),
    };
    // The role the sentence names, else the records team, else any: one
    // switchboard number may be several roles' ("our records team on ...").
    let named = role_named(found.sentence);
    let role_is = |wanted: &str| {
        owners
            .iter()
            .find(|o| matches!(o, Owner::Trust { role, .. } if role == wanted))
    };
    let owner = role_is(named)
        .or_else(|| role_is("records"))
        .or(owners.first());
    match owner {
        Some(Owner::Trust { trust: other, role }) => {
            let name = site
                .trusts
                .get(other)
                .map_or(other.as_str(), |t| t.name.as_str());
            Some(
                Diagnostic::new(
                    Code::ContactForeign,
                    format!("\"{}\" belongs to {name}", found.text),
                )
                .note("copied from another trust's page? Each trust's pages must show its own contacts")
                .help(role_help(role)),
            )
        }
        _ => {
            // The sentence says whose number it is: "our Data Protection
            // Officer on ...", "the FOI team at ...".
            let role = named;
            let d = Diagnostic::new(
                Code::ContactUnknown,
                format!(
                    "\"{}\" is in no trust.yaml and is not a national contact",
                    found.text
                ),
            );
            Some(match (found.own_page, trust.contacts.get(role)) {
                (false, _) => d.help(format!(
                    "if it is each trust's own, add it as the `{role}` contact in their trust.yaml files and write `{{{{ trust.contacts.{role}.{field} }}}}`"
                )),
                (true, Some(_)) => d
                    .note(format!("{} has a `{role}` contact with another {field}", trust.file))
                    .help(format!(
                        "write `{{{{ trust.contacts.{role}.{field} }}}}`; if this {field} is right, correct it in {} first",
                        trust.file
                    )),
                (true, None) => d.help(format!(
                    "add it as the `{role}` contact in {}, then write `{{{{ trust.contacts.{role}.{field} }}}}`",
                    trust.file
                )),
            })
        }
    }
}

/// The trust.yaml contact role a sentence (in lowercase) speaks of.
fn role_named(sentence: &str) -> &'static str {
    const ROLES: &[(&[&str], &str)] = &[
        (&["data protection officer", "dpo"], "dpo"),
        (&["freedom of information", "foi"], "foi"),
        (&["caldicott"], "caldicott_guardian"),
        (&["patient advice", "pals"], "pals"),
        (&["complain"], "complaints"),
    ];
    ROLES
        .iter()
        .find(|(words, _)| super::names_any(sentence, words))
        .map_or("records", |(_, role)| role)
}

/// Repealed, misnamed and foreign laws, and retired phrases, in typed text.
pub(crate) fn law_claims(
    site: &Site,
    catalogue: &Catalogue,
    text: &str,
) -> Vec<(Range<usize>, Diagnostic)> {
    let mut found: Vec<(Range<usize>, Diagnostic)> = catalogue
        .patterns
        .phrases
        .iter()
        .flat_map(|pattern| pattern.find_iter(text))
        // "UK GDPR 2016" is not the EU regulation that "GDPR 2016" names,
        // nor is the UK's "retained" version of an EU law.
        .filter(|m| !text[..m.start()].trim_end().ends_with("UK"))
        .filter(|m| !retained_in_uk_law(text, m.range()))
        // "Medical Reports Act" inside "Access to Medical Reports Act" is
        // part of a law's right name.
        .filter(|m| !inside_a_law_in_force(site, text, m.range()))
        .filter_map(|m| {
            let phrase = catalogue.patterns.phrase_of(m.as_str())?;
            let d = match phrase {
                Phrase::Law(id) => law_diagnostic(site, id, m.as_str())?,
                Phrase::Term(id) => term_diagnostic(site, id, m.as_str())?,
            };
            Some((m.range(), d))
        })
        .collect();
    // Most text names no law: look for years and names only where they
    // can be.
    let has_year = text
        .as_bytes()
        .windows(4)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    let names_a_law = ["Act", "Regulation", "Order"]
        .iter()
        .any(|w| text.contains(w));
    if !has_year && !names_a_law {
        found.sort_by_key(|(range, _)| range.start);
        return found;
    }
    // "UK GDPR 2016" is not the EU regulation that "GDPR 2016" names.
    let after_uk = |range: &Range<usize>| text[..range.start].trim_end().ends_with("UK");
    for (range, read) in catalogue.patterns.law_years.read(text) {
        if after_uk(&range) {
            continue;
        }
        if found
            .iter()
            .any(|(r, _)| r.start < range.end && range.start < r.end)
        {
            continue;
        }
        let written = &text[range.clone()];
        let d = match read {
            YearRead::Law(id) => match site.rules.laws.get(&id) {
                Some(law) if law.status != LawStatus::InForce => law_diagnostic(site, &id, written),
                _ => None,
            },
            YearRead::NoSuchYear(known) => no_such_year(site, &known, written),
            YearRead::KindLeftOut(id) => slip_in_name(site, &id, written),
        };
        if let Some(d) = d {
            found.push((range, d));
        }
    }
    let slips = if names_a_law {
        catalogue.patterns.law_years.slips(text)
    } else {
        Vec::new()
    };
    for (range, id) in slips.into_iter().filter(|(range, _)| !after_uk(range)) {
        if found
            .iter()
            .any(|(r, _)| r.start < range.end && range.start < r.end)
        {
            continue;
        }
        if let Some(d) = slip_in_name(site, &id, &text[range.clone()]) {
            found.push((range, d));
        }
    }
    found.extend(short_names_of_repealed(site, text, &found));
    found.sort_by_key(|(range, _)| range.start);
    found
}

/// Whether `range` of the text lies inside the name of a law in force.
fn inside_a_law_in_force(site: &Site, text: &str, range: Range<usize>) -> bool {
    let lower = text.to_ascii_lowercase();
    let found = &lower[range.clone()];
    site.rules
        .laws
        .values()
        .filter(|law| law.status == LawStatus::InForce)
        .flat_map(|law| std::iter::once(&law.name.value).chain(&law.aliases))
        .flat_map(|name| {
            // With its year and without: "Access to Medical Reports Act
            // 1988", "Access to Medical Reports Act (AMRA)".
            let name = name.to_ascii_lowercase();
            let stem = match name.rsplit_once(' ') {
                Some((stem, year)) if year.parse::<u16>().is_ok() => Some(stem.to_string()),
                _ => None,
            };
            std::iter::once(name).chain(stem)
        })
        .filter(|name| name.len() > found.len() && name.contains(found))
        .any(|name| {
            lower
                .match_indices(&name)
                .any(|(at, _)| at <= range.start && range.end <= at + name.len())
        })
}

/// "Under the Data Protection Act 1998 a £10 fee applies ... in accordance
/// with the Data Protection Act": the short name after a repealed law's
/// full name in the same paragraph means that law. So does a short name
/// anywhere in a paragraph that uses a repealed law's marks ("the Data
/// Protection Act ... its eight principles": the 1998 Act had eight, the
/// UK GDPR has seven).
fn short_names_of_repealed(
    site: &Site,
    text: &str,
    found: &[(Range<usize>, Diagnostic)],
) -> Vec<(Range<usize>, Diagnostic)> {
    let lower = text.to_ascii_lowercase();
    // Each repealed law the paragraph speaks of, where its short name
    // starts to mean it, and why.
    let mut meant: Vec<(String, usize, String)> = found
        .iter()
        .filter_map(|(range, d)| {
            let id = carried_law(site, text, range, d)?;
            let law = site.rules.laws.get(id)?;
            Some((
                id.to_string(),
                range.end,
                format!("the {} named before it in the paragraph", law.name.value),
            ))
        })
        .collect();
    for (id, law) in site
        .rules
        .laws
        .iter()
        .filter(|(_, l)| l.status == LawStatus::Repealed)
    {
        if let Some(mark) = law
            .marks
            .iter()
            .find(|m| lower.contains(&m.to_ascii_lowercase()))
        {
            meant.push((
                id.clone(),
                0,
                format!(
                    "the {}, whose {mark} the paragraph speaks of",
                    law.name.value
                ),
            ));
        }
    }
    short_names_meaning(site, text, found, &meant)
}

/// The law whose short names a law name found in a text gives that
/// meaning in what follows: a repealed law named as if in force; a law
/// from outside the UK where the text defines initials for it ("the
/// General Data Protection Regulation (GDPR) (Regulation (EU) 2016/679)"),
/// since pages write "GDPR" for the UK's own too. Not a law in force named
/// for the wrong nation: every nation writes its own by the short name
/// ("the Freedom of Information Act").
pub(crate) fn carried_law<'d>(
    site: &Site,
    text: &str,
    range: &Range<usize>,
    d: &'d Diagnostic,
) -> Option<&'d str> {
    let id = d.detail().rule.as_deref()?.strip_prefix("laws.")?;
    let law = site.rules.laws.get(id)?;
    let carried = match (d.code, law.status) {
        (Code::LawOutdated, LawStatus::Repealed) => true,
        (Code::LawForeign, LawStatus::Foreign) => defines_initials(text, range),
        _ => false,
    };
    carried.then_some(id)
}

/// Whether bracketed initials stand beside a name, before another bracket
/// or after it: "Regulation (GDPR) (Regulation (EU) 2016/679)",
/// "General Data Protection Regulation 2016 (GDPR)".
fn defines_initials(text: &str, range: &Range<usize>) -> bool {
    let initials = |inner: &str| {
        (2..=6).contains(&inner.len()) && inner.chars().all(|c| c.is_ascii_uppercase())
    };
    let after = text[range.end..].trim_start();
    let after_defines = after
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .is_some_and(|(inner, _)| initials(inner));
    let before = text[..range.start].trim_end();
    let before = before.strip_suffix('(').unwrap_or(before).trim_end();
    let before_defines = before
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once('('))
        .is_some_and(|(_, inner)| initials(inner));
    after_defines || before_defines
}

/// The repealed laws a section named, in present tense, before a block:
/// in that block their short names mean them ("The Data Protection Act
/// 1998 is the law ... [next paragraph] our duties under the Data
/// Protection Act").
pub(crate) fn short_names_in_section(
    site: &Site,
    text: &str,
    found: &[(Range<usize>, Diagnostic)],
    named_before: &[String],
) -> Vec<(Range<usize>, Diagnostic)> {
    let meant: Vec<(String, usize, String)> = named_before
        .iter()
        .filter_map(|id| {
            let law = site.rules.laws.get(id)?;
            Some((
                id.clone(),
                0,
                format!("the {} named before it in this section", law.name.value),
            ))
        })
        .collect();
    short_names_meaning(site, text, found, &meant)
}

/// The short names ("the Data Protection Act", with no year) in `text`
/// that `meant` says mean a repealed law: each law, the offset from which
/// its short name means it, and why.
fn short_names_meaning(
    site: &Site,
    text: &str,
    found: &[(Range<usize>, Diagnostic)],
    meant: &[(String, usize, String)],
) -> Vec<(Range<usize>, Diagnostic)> {
    let lower = text.to_ascii_lowercase();
    let mut more = Vec::new();
    for (id, from, why) in meant {
        let (id, from) = (id.as_str(), *from);
        let Some(law) = site.rules.laws.get(id) else {
            continue;
        };
        let (stems, initials) = short_names(law);
        // "The DPA also gives ...": its initials, where they are written as
        // such and not as the definition ("Data Protection Act 1998 (DPA)").
        let by_initials = initials.iter().flat_map(|i| {
            text[from..]
                .match_indices(i.as_str())
                .map(move |(at, _)| (from + at, from + at + i.len()))
        });
        let by_stem = stems.iter().flat_map(|stem| {
            lower[from..]
                .match_indices(stem.as_str())
                .map(move |(at, _)| (from + at, from + at + stem.len()))
        });
        let mut places: Vec<(usize, usize)> = by_stem
            .chain(by_initials)
            .filter(|&(start, end)| !(text[..start].ends_with('(') && text[end..].starts_with(')')))
            .collect();
        // The longest name at each place ("General Data Protection
        // Regulations" over "... Regulation").
        places.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        places.dedup_by_key(|(start, _)| *start);
        for (start, end) in places {
            let after = &lower[end..];
            // "UK GDPR" is the UK's own law, whatever "GDPR" meant before.
            let before = lower[..start].trim_end();
            let uk = ["uk", "uk's", "uk’s"].iter().any(|w| before.ends_with(w));
            let bounded = super::starts_a_word(&lower, start)
                && !uk
                && !after.chars().next().is_some_and(char::is_alphanumeric);
            // Followed by a year (or "(DPA)"), it is a name of its own.
            let named = after
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '(');
            let taken = found
                .iter()
                .chain(&more)
                .any(|(r, _)| r.start < end && start < r.end);
            if !bounded || named || taken {
                continue;
            }
            let written = &text[start..end];
            if let Some(mut d) = law_diagnostic(site, id, written) {
                let means = format!("here \"{written}\" means {why}");
                let note = &mut d.detail_mut().note;
                *note = Some(match note.take() {
                    Some(note) => format!("{means}; {note}"),
                    None => means,
                });
                more.push((start..end, d));
            }
        }
    }
    more
}

/// The short names of a law in lower case, and their initials: its name
/// without its year ("data protection act", "DPA"); for a law whose name
/// has no year (the EU GDPR), each of its other names that has one
/// ("general data protection regulation", "gdpr", "GDPR").
fn short_names(law: &crate::model::Law) -> (Vec<String>, Vec<String>) {
    let without_year = |name: &str| {
        let (stem, year) = name.trim().rsplit_once(' ')?;
        let year = year.trim_matches(['(', ')']);
        (year.len() == 4 && year.parse::<u16>().is_ok()).then(|| stem.trim().to_string())
    };
    let stems: Vec<String> = match without_year(&law.name.value) {
        Some(stem) => vec![stem],
        None => law.aliases.iter().filter_map(|a| without_year(a)).collect(),
    };
    let mut initials: Vec<String> = stems.iter().filter_map(|s| initials(s)).collect();
    initials.sort();
    initials.dedup();
    let mut stems: Vec<String> = stems.iter().map(|s| s.to_ascii_lowercase()).collect();
    stems.sort();
    stems.dedup();
    (stems, initials)
}

/// "DPA" for "Data Protection Act": the capitals of a law's name, when
/// there are at least three.
fn initials(stem: &str) -> Option<String> {
    let initials: String = stem
        .split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_uppercase)
        .collect();
    (initials.len() >= 3).then_some(initials)
}

/// "Race Relation (Amendment) Act 2001": a law of the rule data written
/// with a slip.
fn slip_in_name(site: &Site, id: &str, found: &str) -> Option<Diagnostic> {
    let law = site.rules.laws.get(id)?;
    let note = match (&law.note, law.status) {
        (Some(note), status) if status != LawStatus::InForce => {
            format!("did you mean the {}? {note}", law.name.value)
        }
        _ => format!("did you mean the {}?", law.name.value),
    };
    let mut d =
        Diagnostic::new(Code::LawMisnamed, format!("no law is called \"{found}\"")).note(note);
    // The law to write: this one if it is in force, else its replacement.
    let write = match law.status {
        LawStatus::InForce => Some((id, law)),
        _ => law
            .use_instead
            .as_deref()
            .and_then(|i| site.rules.laws.get_key_value(i))
            .map(|(i, l)| (i.as_str(), l)),
    };
    if let Some((write_id, write_law)) = write {
        d = write_law_instead(d, write_id, write_law);
    }
    Some(
        site.rules
            .cite(d, &RuleId::new(Section::Laws, id))
            .found(found),
    )
}

/// "Access to Health Records Act 1980": a law of the rule data with a year
/// it does not have.
fn no_such_year(site: &Site, known: &[(String, u16)], found: &str) -> Option<Diagnostic> {
    let laws: Vec<(&String, &crate::model::Law)> = known
        .iter()
        .filter_map(|(id, _)| Some((id, site.rules.laws.get(id)?)))
        .collect();
    // The law meant: one in force, else what the first says to use instead.
    let (id, law) = laws
        .iter()
        .find(|(_, law)| law.status == LawStatus::InForce)
        .copied()
        .or_else(|| {
            let instead = laws.first()?.1.use_instead.as_ref()?;
            site.rules.laws.get_key_value(instead)
        })
        .or(laws.first().copied())?;
    let names: Vec<&str> = laws
        .iter()
        .map(|(_, law)| law.name.value.as_str())
        .collect();
    let d =
        Diagnostic::new(Code::LawMisnamed, format!("no law is called \"{found}\"")).note(format!(
            "the year is wrong: the rule data knows {}",
            names.join(" and ")
        ));
    let d = write_law_instead(d, id, law);
    Some(
        site.rules
            .cite(d, &RuleId::new(Section::Laws, id.as_str()))
            .found(found),
    )
}

/// `law-foreign`: a sum in euros or dollars is a figure of the law whose
/// currency it is in the rule data ("fines of up to 20 million euros" are
/// the EU GDPR's), which does not apply in the UK. A currency no law in the
/// data has is passed.
fn judge_foreign_money(site: &Site, currency: Currency, found: &Found) -> Option<Diagnostic> {
    let (id, law) = site
        .rules
        .laws
        .iter()
        .find(|(_, law)| law.currency == Some(currency))?;
    let mut d = Diagnostic::new(
        Code::LawForeign,
        format!(
            "\"{}\" is a sum in {}: a figure of the {}, which does not apply in the UK",
            found.text,
            currency.plural(),
            law.name.value
        ),
    );
    if let Some(note) = &law.note {
        d = d.note(note.clone());
    }
    let instead = law
        .use_instead
        .as_ref()
        .and_then(|i| site.rules.laws.get(i))
        .map_or(String::new(), |l| format!(" from the {}", l.name.value));
    let d = d.help(format!(
        "UK law gives its figures in pounds: give the UK figure{instead}, or leave the figure out"
    ));
    Some(site.rules.cite(d, &RuleId::new(Section::Laws, id)))
}

/// "The UK GDPR, the retained version of Regulation (EU) 2016/679", "the
/// GDPR (EU) 2016/679 as it forms part of UK law": an EU law's name for the
/// UK's own copy of it.
fn retained_in_uk_law(text: &str, range: Range<usize>) -> bool {
    // Only the few words either side are read.
    let near = |from: usize, to: usize| {
        let from = crate::diagnostics::floor_char_boundary(text, from);
        let to = crate::diagnostics::floor_char_boundary(text, to);
        text[from..to].to_ascii_lowercase()
    };
    let before = near(range.start.saturating_sub(40), range.start);
    let before = before.trim_end();
    let after = near(range.end, range.end + 40);
    let after = after.trim_start_matches([',', ')', ' ']);
    before.ends_with("retained")
        || before.ends_with("retained version of")
        || before.ends_with("retained version of the")
        || ["as retained", "as it forms part", "as incorporated"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// The help that names the law to write instead, as an expression.
fn write_law_instead(mut d: Diagnostic, id: &str, law: &crate::model::Law) -> Diagnostic {
    d.detail_mut().expected = Some(law.name.value.clone());
    d.help(format!(
        "write `{{{{ laws.{id} }}}}`, which reads \"{}\"",
        law.name.value
    ))
}

fn law_diagnostic(site: &Site, id: &str, found: &str) -> Option<Diagnostic> {
    let law = site.rules.laws.get(id)?;
    let mut d = match law.status {
        LawStatus::Repealed => Diagnostic::new(
            Code::LawOutdated,
            match law.repealed_on {
                Some(date) => format!(
                    "the {} was repealed on {}",
                    law.name.value,
                    date.long_form()
                ),
                None => format!("the {} has been repealed", law.name.value),
            },
        ),
        LawStatus::Misnamed => {
            Diagnostic::new(Code::LawMisnamed, format!("no law is called \"{found}\""))
        }
        LawStatus::Foreign | LawStatus::InForce => Diagnostic::new(
            Code::LawForeign,
            format!("\"{found}\" is from outside the UK and does not apply here"),
        ),
    };
    if let Some(note) = &law.note {
        d = d.note(note.clone());
    }
    let instead = law
        .use_instead
        .as_ref()
        .and_then(|i| site.rules.laws.get(i).map(|l| (i, l)));
    if let Some((instead_id, instead)) = instead {
        d = write_law_instead(d, instead_id, instead);
    }
    Some(
        site.rules
            .cite(d, &RuleId::new(Section::Laws, id))
            .found(found),
    )
}

fn term_diagnostic(site: &Site, id: &str, found: &str) -> Option<Diagnostic> {
    let term = site.rules.retired_terms.get(id)?;
    let d = Diagnostic::new(
        Code::TermRetired,
        format!("\"{found}\" is out of date: the law no longer has it"),
    )
    .note(format!(
        "it was {} until {}",
        term.was,
        term.retired_on.long_form()
    ))
    .help(format!("say instead: {}", term.instead.trim()))
    .found(found);
    Some(site.rules.cite(d, &RuleId::new(Section::RetiredTerms, id)))
}

#[cfg(test)]
mod tests {

    #[test]
    fn initials_in_brackets_beside_a_name_define_it() {
        let defines = |text: &str, name: &str| {
            let start = text.find(name).unwrap_or(0);
            super::defines_initials(text, &(start..start + name.len()))
        };
        let cited = "Regulation (EU) 2016/679";
        assert!(defines(
            "the General Data Protection Regulation (GDPR) (Regulation (EU) 2016/679)",
            cited
        ));
        assert!(defines(
            "the General Data Protection Regulation 2016 (GDPR) gives you",
            "General Data Protection Regulation 2016"
        ));
        assert!(!defines(
            "comply with the GDPR European legislation",
            "GDPR European"
        ));
        assert!(!defines("the law (Regulation (EU) 2016/679) says", cited));
    }

    #[test]
    fn a_law_s_initials_are_its_capitals() {
        assert_eq!(
            super::initials("Data Protection Act").as_deref(),
            Some("DPA")
        );
        assert_eq!(
            super::initials("Access to Health Records Act").as_deref(),
            Some("AHRA")
        );
        assert_eq!(super::initials("Data Act"), None);
    }
    use super::*;

    #[test]
    fn a_pasted_number_is_filed_under_the_role_its_sentence_names() {
        assert_eq!(
            role_named("contact our data protection officer on 0115 000 0000"),
            "dpo"
        );
        assert_eq!(role_named("the foi team is on 0115 000 0000"), "foi");
        assert_eq!(role_named("to complain, call 0115 000 0000"), "complaints");
        assert_eq!(
            role_named("call the records team on 0115 000 0000"),
            "records"
        );
    }
}
