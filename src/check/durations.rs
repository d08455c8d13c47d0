//! Judging a time limit: the durations the rules in scope accept, where
//! each is right (the extension only where more time is given for a reason
//! the law gives, a target only as an aim, a special case only where the
//! paragraph names it), a trust's own quicker promise, and what to say when
//! it is wrong.

use super::claims::ClaimKind;
use super::facts::{
    Catalogue, Found, applies, in_scope, lower_first, other_nations_rule, unscoped,
};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Date, Duration, KeptBy, RuleId, Section, Site, Topic, Trust};

/// Judges a time limit against the durations the rules in scope accept
/// (`from_page`: the scope is the page's topics, nothing nearer naming a
/// regime). With no time limit in scope, it is `claim-unscoped`.
pub(super) fn judge_time_limit(
    site: &Site,
    catalogue: &Catalogue,
    trust: &Trust,
    scope: &[Topic],
    from_page: bool,
    claim: &ClaimKind,
    found: &Found,
) -> Option<Diagnostic> {
    let ClaimKind::Duration {
        low,
        high,
        extra,
        and,
    } = claim
    else {
        return None;
    };
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
        let said = Said {
            low: *low,
            high: *high,
            extra: *extra,
            two_parts: and.is_some(),
        };
        let mut d = match from_page {
            true => judge_for_each_regime(site, &accepted, said, found),
            false => judge_duration(site, &accepted, said, found),
        }?;
        // "You have 28 days to appeal under the Mental Health Act
        // 1983": perhaps that law's time limit, not these rules'.
        if let Some(law) = catalogue.patterns.law_years.other_law(found.block) {
            let other = format!(
                "if this is a time limit of the {law}, not of these rules, list the sentence under `allow` with that reason, or add the law's name to `other_rules` in content/rules/topics.yaml"
            );
            let note = &mut d.detail_mut().note;
            *note = Some(match note.take() {
                Some(note) => format!("{note}; {other}"),
                None => other,
            });
        }
        d
    }
    .into()
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
    // Welsh: complex (and its mutations), extend.
    "cymhleth",
    "gymhleth",
    "nghymhleth",
    "chymhleth",
    "ymestyn",
    "complex",
    "complicated",
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
    // Welsh: complex (and its mutations).
    "cymhleth",
    "gymhleth",
    "nghymhleth",
    "chymhleth",
    "complex",
    "complicated",
    "numerous",
    "a lot of requests",
    "many requests",
    "several requests",
    "number of requests",
    // A Freedom of Information request whose public interest test needs
    // more time.
    "public interest",
];

/// Words that give a reason: where a sentence gives one for more time, it
/// must be a ground the law gives.
const REASONS: &[&str] = &["if ", "because", "due to", "as a result", "owing to"];

/// Words saying a paragraph states the trust's own aim, not the law.
const TARGET_WORDS: &[&str] = &[
    // Welsh: our aim, we aim, usually.
    "ein nod",
    "anelu",
    "fel arfer",
    "aim",
    "target",
    "try to",
    "usually",
    "normally",
    "typically",
    "endeavo",
    "where possible",
    "wherever possible",
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
        if !in_scope(&deadline.topics, scope) || !applies(as_of, trust.nation, deadline) {
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
    "time-limit",
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

/// A time limit as a claim says it.
#[derive(Debug, Clone, Copy)]
struct Said {
    /// The shortest end (the only one for a single value).
    low: Duration,
    /// The longest end, for a range.
    high: Option<Duration>,
    /// Whether its own words say it is extra time ("a further 2 months").
    extra: bool,
    /// Whether it is given in two parts ("1 month and 10 days").
    two_parts: bool,
}

/// Judges a duration that could be about any of the page's topics.
fn judge_for_each_regime(
    site: &Site,
    accepted: &[Accepted],
    said: Said,
    found: &Found,
) -> Option<Diagnostic> {
    let Said { extra, .. } = said;
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
    let more_time = Only::Extended.met(found.paragraph, found.sentence, extra);
    let confused: Vec<Vec<Accepted>> = CONFUSED
        .iter()
        .map(|t| of_topic(*t))
        .filter(|a| !a.is_empty())
        .filter(|a| !more_time || a.iter().any(|x| x.only == Only::Extended))
        .collect();
    if confused.len() < 2 {
        return judge_duration(site, accepted, said, found);
    }
    // Right for every regime it could mean; else wrong for the first it is
    // wrong for, which is the one to name.
    confused
        .iter()
        .find_map(|regime| judge_duration(site, regime, said, found))
}

/// Judges a duration against the durations the rules in scope accept.
fn judge_duration(
    site: &Site,
    accepted: &[Accepted],
    said: Said,
    found: &Found,
) -> Option<Diagnostic> {
    let Said {
        low,
        high,
        extra,
        two_parts,
    } = said;
    // A duration is right only where the paragraph says what it needs: the
    // extension where the request is complex, a target where it is an aim.
    let paragraph = found.paragraph;
    let met =
        |a: &Accepted| a.only.met(paragraph, found.sentence, extra) && a.case_named(paragraph);
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
        _ => other_nations_rule(&site.rules.deadlines, found.nation, |rule| {
            deadline.is_some_and(|d| in_scope(&rule.topics, &d.topics)) && rule.duration() == low
        })
        .or_else(|| retired_note(site, &closest.rule.id, low, high, closest.duration))
        .unwrap_or_else(|| duration_note(low, high, closest.duration)),
    })
    .help(duration_help(closest, found));
    d.detail_mut().expected = Some(closest.duration.plain());
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

/// "40 days was the time limit to answer a request for your own records
/// under the Data Protection Act 1998 until 25 May 2018": where a page
/// gives a time limit the law no longer sets in place of the rule that
/// replaced it, where its figure came from.
fn retired_note(
    site: &Site,
    rule: &str,
    low: Duration,
    high: Option<Duration>,
    expected: Duration,
) -> Option<String> {
    if high.is_some() {
        return None;
    }
    let retired = site
        .rules
        .retired_deadlines
        .values()
        .find(|r| r.replaced_by == rule && r.duration() == low)?;
    let law = site.rules.law_name(&retired.law);
    Some(format!(
        "{} was {} under the {law} until {}; it is now {}",
        low.plain(),
        retired.was,
        retired.retired_on.long_form(),
        expected.plain()
    ))
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
            paragraph,
            lead: "",
            sentence,
            clause,
            own_page,
            nation: crate::model::Nation::England,
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
        // A Freedom of Information request's public interest test.
        assert!(extended.met(
            "we need more time to consider the public interest. expect a reply no later than 40 working days after your request.",
            "expect a reply no later than 40 working days after your request",
            false
        ));
        // "an extra 2 months": the claim's own words.
        assert!(extended.met("", "", true));
        // "Complicated" is "complex" in other words: a ground, not any
        // reason given with "if".
        assert!(extended.met(
            "if the request is more complicated, this can be extended by another 2 months.",
            "if the request is more complicated, this can be extended by another 2 months.",
            true
        ));
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
        assert!(Only::Target.met("", "we will reply within 21 days where possible", false));
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
