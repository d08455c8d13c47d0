//! Judges each claim against the facts in scope, and says what to write
//! instead. A claim passes when it equals a fact in scope, a service target
//! of the page's trust, or a contact of that trust or a national one.

use std::collections::BTreeMap;
use std::ops::Range;

use regex::Regex;

use super::claims::{Claim, ClaimKind, postcode_in};
use super::collapse;
use super::law_years::YearRead;
use super::scope::Scope;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{
    Date, Duration, Fact, KeptBy, LawStatus, Nation, Pence, RuleId, Section, Site, Topic, Trust,
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
    as_of: Date,
    /// The words that name each topic's regime.
    pub(crate) regimes: super::scope::RegimeWords,
    contacts: BTreeMap<String, Vec<Owner>>,
    /// One pattern for every law name and retired phrase to flag, so that
    /// each block of text is searched once.
    phrases: Option<Regex>,
    /// What each phrase is, by its lowercase, single-spaced form.
    phrase_ids: BTreeMap<String, (Phrase, bool, String)>,
    /// Law names with their years moved, bracketed or wrong.
    law_years: super::law_years::LawYears,
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
    /// Indexes contacts, laws to flag and retired phrases.
    pub(crate) fn new(site: &Site, as_of: Date) -> Catalogue {
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
        let mut phrases: Vec<(String, Phrase)> = Vec::new();
        for (id, law) in site
            .rules
            .laws
            .iter()
            .filter(|(_, l)| l.status != LawStatus::InForce)
        {
            for name in std::iter::once(&law.name.value).chain(&law.aliases) {
                phrases.push((name.trim().to_string(), Phrase::Law(id.clone())));
            }
        }
        for (id, term) in &site.rules.retired_terms {
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
        Catalogue {
            as_of,
            regimes: super::scope::RegimeWords::new(&site.rules),
            contacts,
            phrases,
            phrase_ids,
            law_years: super::law_years::LawYears::new(&site.rules),
            law_mentions: super::law_mentions::LawMentions::new(&site.rules),
        }
    }

    /// What a matched phrase is, respecting case where the phrase is all
    /// capitals.
    fn phrase_of(&self, found: &str) -> Option<&Phrase> {
        let (phrase, case_sensitive, original) = self.phrase_ids.get(&collapse(found))?;
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
    let words: Vec<String> = phrase.split_whitespace().map(regex::escape).collect();
    let body = words.join(r"\s+");
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
    /// The sentence holding the claim, in lowercase.
    pub(crate) sentence: &'a str,
    /// The clause holding the claim, in lowercase ("we aim to reply in 21
    /// days" in "the law gives us a month, but we aim to reply in 21 days").
    pub(crate) clause: &'a str,
    /// Whether the page is the trust's own, not shared by several: only a
    /// trust's own page speaks for it where its data is silent.
    pub(crate) own_page: bool,
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
        ClaimKind::Duration { low, high, extra, and } => {
            let accepted = accepted_durations(site, catalogue.as_of, trust, scope);
            if accepted.is_empty() {
                // Topics are a hint, not a blindfold: with no time limit in
                // scope, the sentence is not passed in silence. It may be
                // another topic's time limit, which the page should say.
                let anywhere = accepted_durations(site, catalogue.as_of, trust, Topic::ALL);
                if anywhere.is_empty() {
                    return None;
                }
                let other = anywhere.iter().find(|a| a.duration == *low && and.is_none()).and_then(|a| {
                    let topic = site.rules.deadlines.get(&a.rule.id)?.topics.first()?;
                    Some((a.expression.as_str(), *topic))
                });
                unscoped(scope, "time limit", "{{ deadlines.sar_response }}", other, found)
            } else {
                let two_parts = and.is_some();
                let mut d = match from_page {
                    true => judge_for_each_regime(site, &accepted, *low, *high, *extra, two_parts, found),
                    false => judge_duration(site, &accepted, *low, *high, *extra, two_parts, found),
                }?;
                // "You have 28 days to appeal under the Mental Health Act
                // 1983": perhaps that law's time limit, not these rules'.
                if let Some(law) = catalogue.law_years.other_law(found.block) {
                    let other = format!(
                        "if this is a time limit of the {law}, not of these rules, list the sentence under `allow` with that reason, or add the law's name to `other_rules` in content/rules/topics.yaml"
                    );
                    d.note = Some(match d.note.take() {
                        Some(note) => format!("{note}; {other}"),
                        None => other,
                    });
                }
                d
            }
        }
        ClaimKind::Money { amount, per } => judge_money(site, catalogue.as_of, scope, *amount, *per, found)?,
        ClaimKind::NoFee => judge_no_fee(site, catalogue.as_of, scope, found)?,
        ClaimKind::FeeApplies => judge_fee_applies(site, catalogue.as_of, scope, found)?,
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
fn unscoped(
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
fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn in_scope(topics: &[Topic], scope: &[Topic]) -> bool {
    topics.iter().any(|t| scope.contains(t))
}

fn in_force<F: Fact>(as_of: Date, fact: &F) -> bool {
    as_of.within(fact.effective())
}

/// A duration a page may write for a deadline, and the expression for it.
#[derive(Clone)]
struct Accepted {
    duration: Duration,
    rule: RuleId,
    expression: String,
    extension: bool,
    /// Whether the trust keeps to it (a reply), not the person asking (a
    /// payment): only then may a trust promise to be quicker.
    binds_us: bool,
    /// Whether it applies only in a special case (records all written in
    /// the last 40 days), so that it is not the limit a sentence means
    /// when it does not say.
    conditional: bool,
    /// The numbers of that case ("40" of "written in the 40 days before"):
    /// the paragraph must name the case for the limit to be right there.
    condition_numbers: Vec<String>,
    /// Where the text must say something for this duration to be right.
    only: Only,
}

impl Accepted {
    /// Whether the paragraph names the special case a conditional limit
    /// needs: "21 days" for someone who has died is right only where the
    /// paragraph speaks of records written in the last 40 days.
    fn case_named(&self, paragraph: &str) -> bool {
        !self.conditional
            || self.condition_numbers.is_empty()
            || paragraph.contains("recent")
            || self.condition_numbers.iter().any(|n| {
                paragraph
                    .match_indices(n.as_str())
                    .any(|(at, _)| super::starts_a_word(paragraph, at))
            })
    }
}

/// What a sentence must be about for a duration to be right there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Only {
    /// Anywhere in scope: the ordinary legal limit.
    Always,
    /// Where the request is complex or the time extended: the extension,
    /// or the limit with the extension added.
    Extended,
    /// Where the trust says it is its own target ("we aim to"), never as
    /// the legal limit.
    Target,
}

/// Words saying a sentence is about a request given more time.
const EXTENDED_WORDS: &[&str] = &[
    "complex",
    "extend",
    "numerous",
    "a lot of requests",
    "many requests",
    "several requests",
    "longer",
    "extra",
    "additional",
    "further",
];

/// The grounds the law gives for more time: named anywhere in the
/// paragraph, they make its longer limits right. ("If we are busy" is no
/// ground, and "longer" in the next sentence does not make it one.)
const GROUND_WORDS: &[&str] = &[
    "complex",
    "numerous",
    "a lot of requests",
    "many requests",
    "several requests",
    "number of requests",
];

/// Words that give a reason: where a sentence gives one for more time, it
/// must be a ground the law gives.
const REASONS: &[&str] = &["if ", "because", "due to", "as a result", "owing to"];

/// Words saying a paragraph states the trust's own aim, not the law.
const TARGET_WORDS: &[&str] = &[
    "aim",
    "target",
    "try to",
    "usually",
    "normally",
    "typically",
    "endeavo",
    "strive",
    "hope to",
    "our standard",
];

impl Only {
    /// Whether the words around a claim say what this duration needs: for
    /// the extension, the claim's own words, its sentence's, or a ground
    /// for more time in its paragraph (in lowercase); for an aim, its own
    /// sentence's (a target in one sentence does not make the next one's
    /// time limit an aim).
    fn met(self, paragraph: &str, sentence: &str, extra: bool) -> bool {
        match self {
            Only::Always => true,
            Only::Extended => {
                // A ground the law gives settles it; more-time words settle
                // it unless the sentence gives another reason ("if we are
                // busy, we may need a further 2 months").
                super::names_any(paragraph, GROUND_WORDS)
                    || ((extra || super::names_any(sentence, EXTENDED_WORDS))
                        && !super::names_any(sentence, REASONS))
            }
            Only::Target => says_aim(sentence),
        }
    }
}

/// Whether a sentence (in lowercase) states the trust's own aim.
fn says_aim(sentence: &str) -> bool {
    super::names_any(sentence, TARGET_WORDS)
}

fn accepted_durations(site: &Site, as_of: Date, trust: &Trust, scope: &[Topic]) -> Vec<Accepted> {
    let mut accepted = Vec::new();
    for (id, deadline) in &site.rules.deadlines {
        if !in_scope(&deadline.topics, scope) || !in_force(as_of, deadline) {
            continue;
        }
        let rule = RuleId::new(Section::Deadlines, id.as_str());
        let binds_us = deadline.kept_by == KeptBy::Us;
        let conditional = deadline.condition.is_some();
        let condition_numbers: Vec<String> = deadline
            .condition
            .iter()
            .flat_map(|c| c.split(|ch: char| !ch.is_ascii_digit()))
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        accepted.push(Accepted {
            duration: deadline.duration(),
            rule: rule.clone(),
            expression: format!("{{{{ deadlines.{id} }}}}"),
            extension: false,
            binds_us,
            conditional,
            condition_numbers: condition_numbers.clone(),
            only: Only::Always,
        });
        if let Some(ext) = &deadline.extension {
            let extension = Duration {
                value: ext.value.value,
                unit: ext.unit,
            };
            accepted.push(Accepted {
                duration: extension,
                rule: rule.clone(),
                expression: format!("{{{{ deadlines.{id}.extension }}}}"),
                extension: true,
                binds_us,
                conditional,
                condition_numbers: condition_numbers.clone(),
                only: Only::Extended,
            });
            if ext.unit == deadline.unit {
                let total = Duration {
                    value: deadline.value.value + ext.value.value,
                    unit: ext.unit,
                };
                accepted.push(Accepted {
                    duration: total,
                    rule: rule.clone(),
                    expression: format!(
                        "{{{{ deadlines.{id} }}}} plus {{{{ deadlines.{id}.extension }}}}"
                    ),
                    extension: false,
                    binds_us,
                    conditional,
                    condition_numbers: condition_numbers.clone(),
                    only: Only::Extended,
                });
            }
        }
        if let Some((target, _)) = trust.service_targets.get(id) {
            accepted.push(Accepted {
                duration: target.duration(),
                rule,
                expression: format!("{{{{ trust.service_targets.{id} }}}}"),
                extension: false,
                binds_us,
                conditional,
                condition_numbers: condition_numbers.clone(),
                only: Only::Target,
            });
        }
    }
    accepted
}

/// "We aim to reply within 21 days", "you should hear from us within 28
/// days" on a trust's own page: its own commitment, sure to be quicker
/// than every ordinary limit in scope that the trust keeps, whatever the
/// dates (where the sentence does not say which rule it means, it must be
/// quicker than each), unless its clause gives it as the law's limit ("the
/// law says", "we must"). A shared page speaks for every trust and takes
/// each one's target from its data.
fn is_own_quicker_commitment(accepted: &[Accepted], low: Duration, found: &Found) -> bool {
    let limits: Vec<&Accepted> = accepted
        .iter()
        .filter(|a| a.only == Only::Always && !a.extension && a.binds_us && !a.conditional)
        .collect();
    found.own_page
        && !super::names_any(found.clause, LAW_WORDS)
        && !limits.is_empty()
        && limits.iter().all(|a| low.always_within(a.duration))
}

/// Words that give a time limit as the law's, not the trust's own.
const LAW_WORDS: &[&str] = &[
    "must",
    "time limit",
    "deadline",
    "we have up to",
    "has up to",
    "gives us",
    "allows us",
    "we are allowed",
    "law",
    "legal",
    "legislation",
    "statutory",
    "statute",
    "required",
    "requires",
    "obliged",
    "obligation",
    "entitled",
    "entitles",
    "right to",
    "have the right",
    "under the",
    "the act",
    "this act",
    "gdpr",
    "regulation",
];

/// Regimes whose time limits pages confuse: where a sentence, its
/// paragraph and its headings name none of them and the page is about
/// several, a time limit must be right for each ("we reply within 40 days"
/// on a page about your own records and someone who has died).
const CONFUSED: &[Topic] = &[Topic::Sar, Topic::Deceased];

/// Judges a duration that could be about any of the page's topics.
fn judge_for_each_regime(
    site: &Site,
    accepted: &[Accepted],
    low: Duration,
    high: Option<Duration>,
    extra: bool,
    two_parts: bool,
    found: &Found,
) -> Option<Diagnostic> {
    let of_topic = |topic: Topic| -> Vec<Accepted> {
        accepted
            .iter()
            .filter(|a| {
                site.rules
                    .deadlines
                    .get(&a.rule.id)
                    .is_some_and(|d| d.topics.contains(&topic))
            })
            .cloned()
            .collect()
    };
    // "If your request is complex, we may take 3 months": only regimes
    // that give more time can be meant.
    let paragraph = found.block.to_lowercase();
    let more_time = Only::Extended.met(&paragraph, found.sentence, extra);
    let confused: Vec<Vec<Accepted>> = CONFUSED
        .iter()
        .map(|t| of_topic(*t))
        .filter(|a| !a.is_empty())
        .filter(|a| !more_time || a.iter().any(|x| x.only == Only::Extended))
        .collect();
    if confused.len() < 2 {
        return judge_duration(site, accepted, low, high, extra, two_parts, found);
    }
    // Right for every regime it could mean; else wrong for the first it is
    // wrong for, which is the one to name.
    confused
        .iter()
        .find_map(|regime| judge_duration(site, regime, low, high, extra, two_parts, found))
}

/// Judges a duration against the durations the rules in scope accept.
fn judge_duration(
    site: &Site,
    accepted: &[Accepted],
    low: Duration,
    high: Option<Duration>,
    extra: bool,
    two_parts: bool,
    found: &Found,
) -> Option<Diagnostic> {
    // A duration is right only where the paragraph says what it needs: the
    // extension where the request is complex, a target where it is an aim.
    let paragraph = found.block.to_lowercase();
    let met =
        |a: &Accepted| a.only.met(&paragraph, found.sentence, extra) && a.case_named(&paragraph);
    let usable: Vec<&Accepted> = accepted.iter().filter(|a| met(a)).collect();
    let matches = |d: Duration| usable.iter().any(|a| a.duration == d);
    // "1 month and 10 days" is no rule's time limit, whatever its parts.
    if !two_parts && matches(low) && high.is_none_or(matches) {
        return None;
    }
    if !two_parts && high.is_none() && is_own_quicker_commitment(accepted, low, found) {
        return None;
    }
    // The same duration, right only in another kind of sentence.
    let misplaced = accepted.iter().find(|a| a.duration == low && !met(a));
    // The nearest rule of the same kind (an extension for an extension);
    // where the sentence states an aim, the trust's own target first.
    let aim = says_aim(found.sentence);
    let closest = usable.iter().copied().min_by_key(|a| {
        let kind =
            u64::from(a.extension != extra) << 41 | u64::from(aim && a.only != Only::Target) << 40;
        kind + a
            .duration
            .shortest_centidays()
            .abs_diff(low.shortest_centidays())
    })?;
    let deadline = site.rules.deadlines.get(&closest.rule.id);
    let title = deadline.map_or(String::new(), |d| lower_first(&d.title));
    let mut d = Diagnostic::new(
        Code::DeadlineMismatch,
        format!("\"{}\" is not the time limit for {title}", found.text),
    )
    .note(match misplaced.map(|a| a.only) {
        Some(Only::Extended) => format!(
            "{} is the time limit only for a complex request given more time, and this paragraph does not say this one is; the ordinary limit is {}",
            low.plain(),
            closest.duration.plain()
        ),
        Some(Only::Target) => format!(
            "{} is the trust's own target, not the legal time limit: say it is an aim (\"we aim to reply within ...\", with `{}`), and give the law's limit, {}",
            low.plain(),
            misplaced.map_or("", |a| a.expression.as_str()),
            closest.duration.plain()
        ),
        _ if closest.only == Only::Target => format!(
            "the trust's own target for this, in its trust.yaml, is {}",
            closest.duration.plain()
        ),
        _ if aim && !found.own_page && low.always_within(closest.duration) => format!(
            "a page every trust shares speaks for each of them: an aim quicker than the law's {} must be each trust's own, from its trust.yaml",
            closest.duration.plain()
        ),
        _ if aim && high.is_none() && !two_parts => format!(
            "an aim must be quicker than the legal limit, {}, and {} can be longer",
            closest.duration.plain(),
            low.plain()
        ),
        _ if two_parts => format!(
            "a time limit in two parts is not the rule's: the rule is {}",
            closest.duration.plain()
        ),
        _ => duration_note(low, high, closest.duration),
    })
    .help(duration_help(closest, found));
    d.expected = Some(closest.duration.plain());
    Some(site.rules.cite(d, &closest.rule))
}

/// What to write instead: the expression, and where the sentence states an
/// aim the trust has not declared, how to declare it.
fn duration_help(closest: &Accepted, found: &Found) -> String {
    let write = format!(
        "write `{}` instead, which reads \"{}\"",
        closest.expression,
        closest.duration.plain()
    );
    if closest.only == Only::Target || !says_aim(found.sentence) {
        return write;
    }
    let id = &closest.rule.id;
    let whose = if found.own_page {
        "the trust's trust.yaml"
    } else {
        "each trust's trust.yaml"
    };
    format!(
        "to give the trust's own aim, add it under `service_targets: {id}:` in {whose} and write `{{{{ trust.service_targets.{id} }}}}`; to give the legal limit, {write}"
    )
}

/// Why two durations differ, in words a comms team can act on.
fn duration_note(low: Duration, high: Option<Duration>, expected: Duration) -> String {
    use crate::model::Unit;
    if high.is_some() {
        return format!(
            "a range is not a time limit: the rule is {}",
            expected.plain()
        );
    }
    match (low.unit, expected.unit) {
        (a, b) if a == b => format!("the rule is {}, not {}", expected.plain(), low.plain()),
        (_, Unit::CalendarMonth) => format!(
            "{} is not the same as {}: a calendar month ends on the same date in the next month, so it is 28 to 31 days",
            low.plain(),
            expected.plain()
        ),
        (_, Unit::WorkingDay) => format!(
            "{} is not the same as {}: working days leave out weekends and bank holidays",
            low.plain(),
            expected.plain()
        ),
        _ => format!("{} is not the same as {}", low.plain(), expected.plain()),
    }
}

fn fees_in_scope<'a>(
    site: &'a Site,
    as_of: Date,
    scope: &'a [Topic],
) -> impl Iterator<Item = (&'a String, &'a crate::model::Fee)> + 'a {
    site.rules
        .fees
        .iter()
        .filter(move |(_, fee)| in_scope(&fee.topics, scope) && in_force(as_of, *fee))
}

fn fee_help(d: Diagnostic, site: &Site, id: &str) -> Diagnostic {
    let Some(fee) = site.rules.fees.get(id) else {
        return d;
    };
    let mut d = d.help(format!(
        "write `{{{{ fees.{id} }}}}` instead, which reads \"{}\"",
        fee.plain()
    ));
    d.expected = Some(fee.plain());
    site.rules.cite(d, &RuleId::new(Section::Fees, id))
}

fn judge_money(
    site: &Site,
    as_of: Date,
    scope: &[Topic],
    amount: Pence,
    per: Option<crate::model::FeeBasis>,
    found: &Found,
) -> Option<Diagnostic> {
    for retired in site.rules.retired_fees.values() {
        if retired.amount_pence.value == amount.0 && in_scope(&retired.topics, scope) {
            let law = site
                .rules
                .laws
                .get(&retired.law)
                .map_or(retired.law.as_str(), |l| l.name.value.as_str());
            let now = site.rules.fees.get(&retired.replaced_by);
            let today = now.map_or(String::new(), |f| {
                format!("; {} is now {}", lower_first(&f.title), f.plain())
            });
            let d = Diagnostic::new(
                Code::FeeRetired,
                format!("\"{}\" is a fee the law no longer allows", found.text),
            )
            .note(format!(
                "{} was {} under the {law} until {}{today}",
                amount.plain(),
                retired.was,
                retired.retired_on.long_form()
            ));
            return Some(fee_help(d, site, &retired.replaced_by));
        }
    }
    let fees: Vec<_> = fees_in_scope(site, as_of, scope).collect();
    if fees
        .iter()
        .any(|(_, f)| f.amount_pence.value == Some(amount.0) && (per.is_none() || f.per == per))
    {
        return None;
    }
    // "A second copy costs £70": a charge the law leaves to a reasonable
    // amount, named where the paragraph says which charge it is, cannot be
    // judged from the rule data.
    if fees
        .iter()
        .any(|(_, f)| f.amount_pence.value.is_none() && mentioned(f, found.block))
    {
        return None;
    }
    let Some(closest) = fees
        .iter()
        .filter(|(_, f)| f.amount_pence.value.is_some())
        .min_by_key(|(_, f)| f.amount_pence.value.unwrap_or(0).abs_diff(amount.0))
    else {
        // No amount in scope: the sentence is not passed in silence. It may
        // be another topic's fee, which the page should say.
        let anywhere: Vec<_> = fees_in_scope(site, as_of, Topic::ALL)
            .filter(|(_, f)| f.amount_pence.value.is_some())
            .collect();
        if anywhere.is_empty() {
            return None;
        }
        let other = anywhere
            .iter()
            .find(|(_, f)| f.amount_pence.value == Some(amount.0))
            .and_then(|(id, f)| Some((format!("{{{{ fees.{id} }}}}"), *f.topics.first()?)));
        let other = other.as_ref().map(|(e, t)| (e.as_str(), *t));
        return Some(unscoped(
            scope,
            "fee",
            "{{ fees.sar_standard }}",
            other,
            found,
        ));
    };
    let d = Diagnostic::new(
        Code::FeeMismatch,
        format!("\"{}\" is not a fee in the rule data", found.text),
    );
    Some(fee_help(d, site, closest.0))
}

fn judge_no_fee(site: &Site, as_of: Date, scope: &[Topic], found: &Found) -> Option<Diagnostic> {
    let fees: Vec<_> = fees_in_scope(site, as_of, scope).collect();
    if fees.is_empty() || fees.iter().any(|(_, f)| f.amount_pence.value == Some(0)) {
        return None;
    }
    let charged = fees.first()?;
    let d = Diagnostic::new(
        Code::FeeMismatch,
        format!(
            "\"{}\" says there is no charge, but the rule data has one here",
            found.text
        ),
    );
    Some(fee_help(d, site, charged.0))
}

/// Whether a paragraph uses one of the words that say it is about a
/// charge ("second copy", "manifestly unfounded").
fn mentioned(fee: &crate::model::Fee, paragraph: &str) -> bool {
    let paragraph = paragraph.to_lowercase();
    fee.mentions
        .iter()
        .any(|m| paragraph.contains(&m.to_lowercase()))
}

/// "There may be a charge": right only where the paragraph says which
/// charge it is, or the rules allow a charge without one. Where the
/// sentence could be about several regimes (a page on your own records and
/// Freedom of Information), it must be right for each that is free.
fn judge_fee_applies(
    site: &Site,
    as_of: Date,
    scope: &[Topic],
    found: &Found,
) -> Option<Diagnostic> {
    let fees: Vec<_> = fees_in_scope(site, as_of, scope).collect();
    let charge = |f: &crate::model::Fee| f.amount_pence.value != Some(0);
    // The paragraph names the charge ("further copies"): that says which.
    if fees
        .iter()
        .any(|(_, f)| charge(f) && !f.mentions.is_empty() && mentioned(f, found.block))
    {
        return None;
    }
    let unexplained_free = scope.iter().find_map(|topic| {
        let of_topic = || fees.iter().filter(|(_, f)| f.topics.contains(topic));
        let free = of_topic().find(|(_, f)| f.amount_pence.value == Some(0))?;
        let explained = of_topic().any(|(_, f)| charge(f) && f.mentions.is_empty());
        (!explained).then_some(free)
    })?;
    let d = Diagnostic::new(Code::FeeMismatch, format!("\"{}\" says there is a charge, but this is free", found.text)).note(
        "a charge is allowed only in the cases the rule data names, such as more copies of records you already have",
    );
    Some(fee_help(d, site, unexplained_free.0))
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
                format!("\"{}\" is the {name}'s, which does not serve {}", found.text, trust.name),
            )
            .note("each nation has its own ombudsman and offices; name the one for the trust's nation")
            .help("use the national contact for the trust's nation, such as `{{ contact(\"phso\") }}` in England"),
        );
    }
    let role_help = |role: &str| match trust.contacts.get(role) {
        Some(_) => {
            format!("write `{{{{ trust.contacts.{role}.{field} }}}}` so each trust shows its own")
        }
        None => format!(
            "add a `{role}` contact to {} and write `{{{{ trust.contacts.{role}.{field} }}}}`",
            trust.file
        ),
    };
    match owners.first() {
        Some(Owner::Trust { trust: other, role }) => {
            let name = site
                .trusts
                .get(other)
                .map_or(other.as_str(), |t| t.name.as_str());
            Some(
                Diagnostic::new(
                    Code::ContactForeign,
                    format!("\"{}\" belongs to {name}, not {}", found.text, trust.name),
                )
                .note("copied from another trust's page? Each trust's pages must show its own contacts")
                .help(role_help(role)),
            )
        }
        _ => {
            // The sentence says whose number it is: "our Data Protection
            // Officer on ...", "the FOI team at ...".
            let role = role_named(found.sentence);
            let d = Diagnostic::new(
                Code::ContactUnknown,
                format!(
                    "\"{}\" is not a contact of {} or a national contact",
                    found.text, trust.name
                ),
            );
            Some(match trust.contacts.get(role) {
                Some(_) => d
                    .note(format!("{} has a `{role}` contact with another {field}", trust.file))
                    .help(format!(
                        "write `{{{{ trust.contacts.{role}.{field} }}}}`; if this {field} is right, correct it in {} first",
                        trust.file
                    )),
                None => d.help(format!(
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
        .phrases
        .iter()
        .flat_map(|pattern| pattern.find_iter(text))
        // "UK GDPR 2016" is not the EU regulation that "GDPR 2016" names.
        .filter(|m| !text[..m.start()].trim_end().ends_with("UK"))
        .filter_map(|m| {
            let phrase = catalogue.phrase_of(m.as_str())?;
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
    for (range, read) in catalogue.law_years.read(text) {
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
        };
        if let Some(d) = d {
            found.push((range, d));
        }
    }
    let slips = if names_a_law {
        catalogue.law_years.slips(text)
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

/// "Under the Data Protection Act 1998 a £10 fee applies ... in accordance
/// with the Data Protection Act": the short name after a repealed law's
/// full name in the same paragraph means that law.
fn short_names_of_repealed(
    site: &Site,
    text: &str,
    found: &[(Range<usize>, Diagnostic)],
) -> Vec<(Range<usize>, Diagnostic)> {
    let lower = text.to_ascii_lowercase();
    let mut more = Vec::new();
    for (range, d) in found.iter().filter(|(_, d)| d.code == Code::LawOutdated) {
        let Some(id) = d.rule.as_deref().and_then(|r| r.strip_prefix("laws.")) else {
            continue;
        };
        let Some(law) = site.rules.laws.get(id) else {
            continue;
        };
        let Some((stem, _)) = law.name.value.rsplit_once(' ') else {
            continue;
        };
        let stem = stem.to_ascii_lowercase();
        for (at, _) in lower[range.end..].match_indices(&stem) {
            let start = range.end + at;
            let end = start + stem.len();
            let after = &lower[end..];
            let bounded = super::starts_a_word(&lower, start)
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
                let means = format!(
                    "here \"{written}\" means the {} named before it in the paragraph",
                    law.name.value
                );
                d.note = Some(match d.note.take() {
                    Some(note) => format!("{means}; {note}"),
                    None => means,
                });
                more.push((start..end, d));
            }
        }
    }
    more
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
        d = d.help(format!(
            "write `{{{{ laws.{write_id} }}}}`, which reads \"{}\"",
            write_law.name.value
        ));
        d.expected = Some(write_law.name.value.clone());
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
    let mut d = Diagnostic::new(Code::LawMisnamed, format!("no law is called \"{found}\""))
        .note(format!(
            "the year is wrong: the rule data knows {}",
            names.join(" and ")
        ))
        .help(format!(
            "write `{{{{ laws.{id} }}}}`, which reads \"{}\"",
            law.name.value
        ));
    d.expected = Some(law.name.value.clone());
    Some(
        site.rules
            .cite(d, &RuleId::new(Section::Laws, id.as_str()))
            .found(found),
    )
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
            format!("\"{found}\" is another country's law or body and does not apply in the UK"),
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
        d = d.help(format!(
            "write `{{{{ laws.{instead_id} }}}}`, which reads \"{}\"",
            instead.name.value
        ));
        d.expected = Some(instead.name.value.clone());
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
        format!("\"{found}\" is a rule the law no longer has"),
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
    use super::*;
    use crate::model::Unit;

    fn month() -> Duration {
        Duration {
            value: 1,
            unit: Unit::CalendarMonth,
        }
    }

    fn days(value: u32) -> Duration {
        Duration {
            value,
            unit: Unit::CalendarDay,
        }
    }

    fn accepted(id: &str, duration: Duration, only: Only, binds_us: bool) -> Accepted {
        Accepted {
            duration,
            rule: RuleId::new(Section::Deadlines, id),
            expression: format!("{{{{ deadlines.{id} }}}}"),
            extension: false,
            binds_us,
            conditional: false,
            condition_numbers: Vec::new(),
            only,
        }
    }

    /// A claim in a sentence of a paragraph, on a trust's own page or not.
    fn found<'a>(
        paragraph: &'a str,
        sentence: &'a str,
        clause: &'a str,
        own_page: bool,
    ) -> Found<'a> {
        Found {
            file: "page.md",
            range: 0..1,
            text: "x",
            block: paragraph,
            sentence,
            clause,
            own_page,
        }
    }

    #[test]
    fn the_extension_needs_more_time_words_in_its_sentence_or_a_ground_in_its_paragraph() {
        let extended = Only::Extended;
        assert!(extended.met("", "we may take a further two months", false));
        assert!(extended.met(
            "if your request is complex, tell us. we may take up to 3 months.",
            "we may take up to 3 months",
            false
        ));
        // Being busy is no ground, and "longer" in the next sentence is not
        // this sentence's.
        assert!(!extended.met(
            "if we are busy, we may take up to 3 months. we will tell you if it takes longer.",
            "if we are busy, we may take up to 3 months",
            false
        ));
        // "an extra 2 months": the claim's own words.
        assert!(extended.met("", "", true));
        // More-time words with a reason the law does not give.
        assert!(!extended.met(
            "if we are very busy, we may need a further 2 months.",
            "if we are very busy, we may need a further 2 months",
            false
        ));
        assert!(!extended.met(
            "",
            "because of staff shortages, we may extend it by two months",
            false
        ));
    }

    #[test]
    fn an_aim_is_an_aim_only_in_its_own_sentence() {
        assert!(Only::Target.met("", "we aim to reply within 28 days", false));
        assert!(Only::Target.met("", "we will endeavor to reply within 28 days", false));
        assert!(!Only::Target.met(
            "we aim to reply quickly. we reply within 28 days.",
            "we reply within 28 days",
            false
        ));
    }

    #[test]
    fn a_trust_may_promise_to_be_quicker_than_every_limit_it_keeps_but_not_as_the_law() {
        let sar = accepted("sar_response", month(), Only::Always, true);
        let deceased = accepted("deceased_records_standard", days(40), Only::Always, true);
        let fee_payment = accepted(
            "foi_fee_payment",
            Duration {
                value: 3,
                unit: Unit::CalendarMonth,
            },
            Only::Always,
            false,
        );
        let own = |sentence| found("", sentence, sentence, true);
        assert!(is_own_quicker_commitment(
            std::slice::from_ref(&sar),
            days(28),
            &own("we will reply within 28 days")
        ));
        // A calendar month can be 28 days.
        assert!(!is_own_quicker_commitment(
            std::slice::from_ref(&sar),
            days(30),
            &own("we will reply within 30 days")
        ));
        // Quicker than 40 days, but not than a month, which it may mean.
        assert!(!is_own_quicker_commitment(
            &[sar.clone(), deceased],
            days(30),
            &own("we will reply within 30 days")
        ));
        // Given as the law's limit, in its own clause.
        assert!(!is_own_quicker_commitment(
            std::slice::from_ref(&sar),
            days(21),
            &own("by law we must reply within 21 days")
        ));
        let two_clauses = found(
            "",
            "you are entitled to a reply within a month, but we try to reply within 21 days",
            "but we try to reply within 21 days",
            true,
        );
        assert!(is_own_quicker_commitment(
            std::slice::from_ref(&sar),
            days(21),
            &two_clauses
        ));
        // Not on a page every trust shares, and not for a limit the person asking keeps.
        assert!(!is_own_quicker_commitment(
            &[sar],
            days(21),
            &found(
                "",
                "we reply within 21 days",
                "we reply within 21 days",
                false
            )
        ));
        assert!(!is_own_quicker_commitment(
            &[fee_payment],
            days(14),
            &own("you have 14 days to pay")
        ));
    }

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

    #[test]
    fn a_mismatch_says_why_in_words_a_comms_team_can_act_on() {
        assert_eq!(
            duration_note(days(30), None, month()),
            "30 days is not the same as 1 calendar month: a calendar month ends on the same date in the next month, so it is 28 to 31 days"
        );
        assert_eq!(
            duration_note(days(21), Some(days(40)), month()),
            "a range is not a time limit: the rule is 1 calendar month"
        );
    }
}
