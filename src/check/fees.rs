//! Judging money and charges: an amount against the fees in scope (and the
//! fees the law no longer allows), "free" and "there may be a charge"
//! against what the rules allow, and in which cases.

use super::facts::{Found, applies, in_scope, lower_first, other_nations_rule, unscoped};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Date, Fact, FeeBasis, Nation, Pence, RuleId, Section, Site, Topic};

/// The fees of these topics that apply to the trust on the build date.
fn fees_in_scope<'a>(
    site: &'a Site,
    as_of: Date,
    nation: Nation,
    scope: &'a [Topic],
) -> impl Iterator<Item = (&'a String, &'a crate::model::Fee)> + 'a {
    site.rules
        .fees
        .iter()
        .filter(move |(_, fee)| in_scope(&fee.topics, scope) && applies(as_of, nation, *fee))
}

fn fee_help(d: Diagnostic, site: &Site, id: &str) -> Diagnostic {
    let Some(fee) = site.rules.fees.get(id) else {
        return d;
    };
    let mut d = d.help(format!(
        "write `{{{{ fees.{id} }}}}` instead, which reads \"{}\"",
        fee.plain()
    ));
    d.detail_mut().expected = Some(fee.plain());
    site.rules.cite(d, &RuleId::new(Section::Fees, id))
}

pub(super) fn judge_money(
    site: &Site,
    as_of: Date,
    scope: &[Topic],
    amount: Pence,
    per: Option<FeeBasis>,
    found: &Found,
) -> Option<Diagnostic> {
    for retired in site.rules.retired_fees.values() {
        if retired.amount_pence.value == amount.0 && in_scope(&retired.topics, scope) {
            let law = site.rules.law_name(&retired.law);
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
    let fees: Vec<_> = fees_in_scope(site, as_of, found.nation, scope).collect();
    if fees
        .iter()
        .any(|(_, f)| f.amount_pence.value == Some(amount.0) && (per.is_none() || f.per == per))
    {
        return None;
    }
    // "A second copy costs £70": a charge the law leaves to a reasonable
    // amount, named where the paragraph says which charge it is, cannot be
    // judged from the rule data; but a floor on it can.
    if let Some((id, _)) = fees
        .iter()
        .find(|(_, f)| f.amount_pence.value.is_none() && mentioned(f, found.paragraph))
    {
        return is_a_floor(found).then(|| {
            let d = Diagnostic::new(
                Code::FeeMismatch,
                format!("\"{}\" is given as the least a fee can be, but the law has no minimum", found.text),
            )
            .note("the fee must be a reasonable one, based on what it costs to deal with the request; a fixed minimum is not");
            fee_help(d, site, id)
        });
    }
    let Some(closest) = fees
        .iter()
        .filter(|(_, f)| f.amount_pence.value.is_some())
        .min_by_key(|(_, f)| f.amount_pence.value.unwrap_or(0).abs_diff(amount.0))
    else {
        // No amount in scope: the sentence is not passed in silence. It may
        // be another topic's fee, which the page should say.
        let anywhere: Vec<_> = fees_in_scope(site, as_of, found.nation, Topic::ALL)
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
    let mut d = Diagnostic::new(
        Code::FeeMismatch,
        format!("\"{}\" is not a fee in the rule data", found.text),
    );
    let same = |f: &crate::model::Fee| {
        in_scope(&f.topics, scope) && f.amount_pence.value == Some(amount.0)
    };
    if let Some(note) = other_nations_rule(&site.rules.fees, found.nation, same) {
        d = d.note(note);
    }
    Some(fee_help(d, site, closest.0))
}

/// "The fee will be no less than £30", "a minimum charge of £10": an
/// amount given as the least a fee can be.
fn is_a_floor(found: &Found) -> bool {
    const FLOORS: &[&str] = &[
        "no less than",
        "not less than",
        "at least",
        "a minimum of",
        "minimum of",
        "minimum fee of",
        "minimum charge of",
        "minimum",
    ];
    let lower = found.text.to_lowercase();
    let Some(at) = found.sentence.find(&lower) else {
        return false;
    };
    let before = found.sentence[..at].trim_end();
    FLOORS.iter().any(|floor| before.ends_with(floor))
}

pub(super) fn judge_no_fee(
    site: &Site,
    as_of: Date,
    scope: &[Topic],
    found: &Found,
) -> Option<Diagnostic> {
    let fees: Vec<_> = fees_in_scope(site, as_of, found.nation, scope).collect();
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

/// Hours in a working day when a page gives a cost limit in days: the
/// limit's 18 hours are "two and a half days", 24 are "three" or "three
/// and a half".
const WORKING_DAY_HOURS: std::ops::RangeInclusive<f64> = 6.5..=8.0;

/// "18 hours' work", "one person working for three and a half days": the
/// work a cost limit in scope measures at its hourly rate. A limit with
/// `mentions` (central government's) counts only where the paragraph
/// names whose it is.
pub(super) fn judge_work_time(
    site: &Site,
    as_of: Date,
    scope: &[Topic],
    tenths: u32,
    days: bool,
    found: &Found,
) -> Option<Diagnostic> {
    let fees: Vec<_> = fees_in_scope(site, as_of, found.nation, scope).collect();
    let limits: Vec<(&String, f64)> = fees
        .iter()
        .filter(|(_, f)| f.mentions.is_empty() || mentioned(f, found.paragraph))
        .filter_map(|(id, f)| {
            let rate = site.rules.fees.get(f.hours_at.as_deref()?)?;
            let hours = f64::from(f.amount_pence.value?) / f64::from(rate.amount_pence.value?);
            Some((*id, hours))
        })
        .collect();
    let (id, hours) = *limits.first()?;
    let said = f64::from(tenths) / 10.0;
    let fits = |limit: f64| match days {
        false => (said - limit).abs() < 0.05,
        true => said > 0.0 && WORKING_DAY_HOURS.contains(&(limit / said)),
    };
    if limits.iter().any(|(_, limit)| fits(*limit)) {
        return None;
    }
    let fee = site.rules.fees.get(id.as_str())?;
    // To the nearest half day of 7.2 hours (18 hours is two and a half).
    let in_days = (hours / 7.2 * 2.0).round() / 2.0;
    let mut d = Diagnostic::new(
        Code::FeeMismatch,
        format!(
            "\"{}\" is not the work the cost limit allows: {} is {hours:.0} hours at the staff rate, about {in_days} days",
            found.text,
            fee.plain(),
        ),
    )
    .help(format!(
        "write {hours:.0} hours, or `{{{{ fees.{id} }}}}` for the limit itself"
    ));
    d.detail_mut().expected = Some(format!("{hours:.0} hours"));
    Some(site.rules.cite(d, &RuleId::new(Section::Fees, id.as_str())))
}

/// "No charge unless a large amount has to be copied", "we may charge if
/// the amount of information is excessive": wrong only where the case
/// names a reason the law never allows for a free fee in scope.
pub(super) fn judge_fee_case(
    site: &Site,
    as_of: Date,
    scope: &[Topic],
    found: &Found,
) -> Option<Diagnostic> {
    let fees: Vec<_> = fees_in_scope(site, as_of, found.nation, scope).collect();
    charged_for_what_is_free(site, &fees, found)
}

/// "We may charge for a large amount of copying": a charge made to depend
/// on a reason the law does not allow for a free fee in scope. Only the
/// words from the claim on are its case ("a fee for further copies, which
/// depends on the amount of information" is about the fee's size), up to
/// a condition ("if ..."), which is a claim of its own.
fn charged_for_what_is_free(
    site: &Site,
    fees: &[(&String, &crate::model::Fee)],
    found: &Found,
) -> Option<Diagnostic> {
    let lower = found.text.to_lowercase();
    let mut case = found
        .sentence
        .find(&lower)
        .map_or(lower.as_str(), |at| &found.sentence[at..]);
    let rest = case.get(lower.len()..).unwrap_or_default();
    if let Some(m) = super::claims::charge_case(rest) {
        case = &case[..lower.len() + m.start];
    }
    let (id, free, ground) = fees.iter().find_map(|(id, f)| {
        let ground = f.not_grounds.iter().find(|g| names_ground(case, g))?;
        Some((*id, *f, ground))
    })?;
    // The charges the rules do allow beside this free fee.
    let allowed: Vec<String> = fees
        .iter()
        .filter(|(_, f)| f.amount_pence.value != Some(0))
        .filter(|(_, f)| f.topics.iter().any(|t| free.topics.contains(t)))
        .map(|(_, f)| lower_first(&f.title))
        .collect();
    let mut d = Diagnostic::new(
        Code::FeeMismatch,
        format!(
            "\"{}\" makes a charge depend on \"{ground}\", which the law does not allow",
            found.text
        ),
    );
    if !allowed.is_empty() {
        d = d.note(format!(
            "a charge is allowed only for: {}",
            allowed.join("; ")
        ));
    }
    let d = d.help(format!(
        "take out \"{ground}\": it is free however much there is to copy; name a case the rules allow a charge for, or write `{{{{ fees.{id} }}}}`"
    ));
    Some(site.rules.cite(d, &RuleId::new(Section::Fees, id)))
}

/// Whether a charge's case (in lowercase) names a reason from
/// `not_grounds`: its words, or, for a reason written "amount of
/// information ... excessive", each part in that order.
fn names_ground(case: &str, ground: &str) -> bool {
    let ground = ground.to_lowercase();
    let mut rest = case;
    for part in ground.split("...").map(str::trim).filter(|p| !p.is_empty()) {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// The paragraph up to the end of the claim's sentence: "We may charge for
/// repeat requests. We will tell you if there is a charge" names its case
/// first; "There is a fee. Further copies may be charged" names a case only
/// for the second sentence.
fn up_to_claim<'a>(found: &Found<'a>) -> &'a str {
    match found.paragraph.find(found.sentence) {
        Some(at) => &found.paragraph[..at + found.sentence.len()],
        None => found.paragraph,
    }
}

/// Whether a paragraph uses one of the words that say it is about a
/// charge ("second copy", "manifestly unfounded").
/// `paragraph` is in lowercase.
fn mentioned(fee: &crate::model::Fee, paragraph: &str) -> bool {
    fee.mentions
        .iter()
        .any(|m| paragraph.contains(&m.to_lowercase()))
}

/// "There may be a charge": right only where the paragraph says which
/// charge it is, or the rules allow a charge without one. Where the
/// sentence could be about several regimes (a page on your own records and
/// Freedom of Information), it must be right for each that is free.
pub(super) fn judge_fee_applies(
    site: &Site,
    as_of: Date,
    scope: &[Topic],
    found: &Found,
) -> Option<Diagnostic> {
    let fees: Vec<_> = fees_in_scope(site, as_of, found.nation, scope).collect();
    let charge = |f: &crate::model::Fee| f.amount_pence.value != Some(0);
    if let Some(d) = charged_for_what_is_free(site, &fees, found) {
        return Some(d);
    }
    // The paragraph names the charge ("further copies"), or the sentence
    // does (an answer's sentence is its question), or what leads into it
    // ("If a request is manifestly excessive, we can either: / - ask for a
    // reasonable fee"): that says which.
    let named = |f: &crate::model::Fee| {
        mentioned(f, up_to_claim(found)) || mentioned(f, found.sentence) || mentioned(f, found.lead)
    };
    if fees
        .iter()
        .any(|(_, f)| charge(f) && !f.mentions.is_empty() && named(f))
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

#[cfg(test)]
mod tests {
    use super::names_ground;

    #[test]
    fn a_reason_is_named_by_its_words_or_its_parts_in_order() {
        let case = "if we consider the amount of information asked for to be excessive";
        assert!(names_ground(case, "amount of information ... excessive"));
        assert!(names_ground(case, "Amount of Information"));
        assert!(!names_ground(case, "excessive ... amount of information"));
        assert!(!names_ground(
            "for further copies, set by the amount of information",
            "amount of information ... excessive"
        ));
    }
}
