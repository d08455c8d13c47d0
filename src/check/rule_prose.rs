//! The rule data read as prose: a rule's summary, condition and extension
//! are what pages show, so they must not say another time limit or amount
//! than the rule's own value. A deadline of 30 days whose summary says "1
//! calendar month", or a fee of £0 whose summary names £10, is an error at
//! those words in the rules file.

use super::claims::{self, ClaimKind};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};
use crate::model::{Duration, Fact, RuleId, Section, Site};

/// Every rule whose summary contradicts its own value. `sources` holds the
/// rules files as read, to place each problem at the words in the summary.
pub(crate) fn contradictions(site: &Site, sources: &Diagnostics) -> Vec<Diagnostic> {
    let rules = &site.rules;
    let mut found = Vec::new();
    for (id, deadline) in &rules.deadlines {
        let mut allowed = vec![deadline.duration()];
        if let Some(ext) = &deadline.extension {
            let extension = Duration {
                value: ext.value.value,
                unit: ext.unit,
            };
            allowed.push(extension);
            if ext.unit == deadline.unit {
                allowed.push(Duration {
                    value: deadline.value.value + ext.value.value,
                    unit: ext.unit,
                });
            }
        }
        // A summary may name the limits of related rules ("written in the
        // 40 days before you applied"): those of its own topics agree.
        allowed.extend(
            rules
                .deadlines
                .values()
                .filter(|other| other.topics.iter().any(|t| deadline.topics.contains(t)))
                .map(|other| other.duration()),
        );
        let rule = RuleId::new(Section::Deadlines, id.as_str());
        for (field, prose) in deadline_prose(deadline) {
            for claim in claims::extract(prose) {
                let ClaimKind::Duration { low, high, and, .. } = claim.kind else {
                    continue;
                };
                let agrees = |d: Duration| allowed.contains(&d);
                if and.is_none() && agrees(low) && high.is_none_or(agrees) {
                    continue;
                }
                let said = &prose[claim.range.clone()];
                let d = inconsistent(
                    &rule,
                    field,
                    said,
                    &format!("its value is {}", deadline.plain()),
                    "the value",
                );
                found.push(placed(site, sources, &rule, prose, claim.range, d));
            }
        }
    }
    for (id, fee) in &rules.fees {
        let (Some(summary), Some(pence)) = (&fee.summary, fee.amount_pence.value) else {
            continue;
        };
        let rule = RuleId::new(Section::Fees, id.as_str());
        for claim in claims::extract(summary) {
            let wrong = match claim.kind {
                ClaimKind::Money { amount, .. } => amount.0 != pence,
                ClaimKind::NoFee => pence != 0,
                ClaimKind::FeeApplies => pence == 0,
                _ => false,
            };
            if !wrong {
                continue;
            }
            let said = &summary[claim.range.clone()];
            let d = inconsistent(
                &rule,
                "summary",
                said,
                &format!("its amount is {}", fee.plain()),
                "`amount_pence`",
            );
            found.push(placed(site, sources, &rule, summary, claim.range, d));
        }
    }
    found
}

/// The words of a deadline that pages show, by field: the summary, the
/// condition, and when and how the time may be extended.
fn deadline_prose(deadline: &crate::model::Deadline) -> Vec<(&'static str, &str)> {
    let mut prose = Vec::new();
    prose.extend(deadline.summary.as_deref().map(|s| ("summary", s)));
    prose.extend(deadline.condition.as_deref().map(|c| ("condition", c)));
    if let Some(extension) = &deadline.extension {
        prose.extend(extension.notice.as_deref().map(|n| ("extension notice", n)));
        prose.extend(extension.when.iter().map(|w| ("extension", w.as_str())));
    }
    prose
}

/// `rule-inconsistent`: prose (`field`: the summary, the condition) that
/// says `said` where the rule `is`; `value` names the field to correct.
fn inconsistent(rule: &RuleId, field: &str, said: &str, is: &str, value: &str) -> Diagnostic {
    Diagnostic::new(
        Code::RuleInconsistent,
        format!("the {field} of `{rule}` says \"{said}\", but {is}"),
    )
    .help(format!(
        "make the {field} say the rule's own, or correct {value}"
    ))
    .found(said)
}

/// The diagnostic at the claim's words in the rules file, found by looking
/// for the summary after where the rule is defined, else for the words
/// themselves (a summary folded over lines), else at the rule.
fn placed(
    site: &Site,
    sources: &Diagnostics,
    rule: &RuleId,
    summary: &str,
    claim: std::ops::Range<usize>,
    d: Diagnostic,
) -> Diagnostic {
    let d = site.rules.cite(d, rule);
    let Some(Span { file, range }) = site.rules.defined_at.get(rule) else {
        return d;
    };
    let after = sources
        .source(file)
        .and_then(|source| Some((range.start, source.text.get(range.start..)?)));
    let Some((start, after)) = after else {
        return d.at(file, range.clone());
    };
    let said = &summary[claim.clone()];
    match (after.find(summary), after.find(said)) {
        (Some(at), _) => d.at(file, start + at + claim.start..start + at + claim.end),
        (None, Some(at)) => d.at(file, start + at..start + at + said.len()),
        (None, None) => d.at(file, range.clone()),
    }
}
