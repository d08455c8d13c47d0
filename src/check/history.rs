//! Statements about the old rules. "The £10 and £50 fees were abolished in
//! 2018" and "you used to wait 40 days; now it is one month" are exactly the
//! corrections authors are asked to make: a retired value in a clause that
//! speaks of the past, of what was replaced or of what no longer applies is
//! not a claim about today. The same value stated as current still is.

use std::ops::Range;

use super::clauses::Clauses;

/// Words that put a clause in the past or say its value has gone, in
/// lowercase; each counts where it starts a word.
const PAST: &[&str] = &[
    "abolished",
    "no longer",
    "used to",
    "previously",
    "formerly",
    "in the past",
    "repealed",
    "replaced",
    "scrapped",
    "superseded",
    "superseding",
    "supersedes",
    "withdrawn",
    "was removed",
    "were removed",
    "old rules",
    "old law",
    "under the old",
    "until 2018",
    "until may 2018",
    "before 2018",
    "before may 2018",
    "before 25 may 2018",
    // The EU GDPR stopped applying in the UK at the end of 2020.
    "until 2020",
    "until the end of 2020",
    "until 31 december 2020",
    "before 2021",
    "before 1 january 2021",
    "prior to",
    "came into force",
    "was introduced",
    "instead of",
    // Welsh: abolished, replaced, used to, in the past, no longer, before
    // 2018.
    "diddymwyd",
    "disodlwyd",
    "arferai",
    "yn y gorffennol",
    "ddim mwyach",
    "cyn 2018",
    "cyn mai 2018",
];

/// Whether the clause holding `range` speaks of the past: its values are
/// history, not claims.
pub(crate) fn about_the_past(clauses: &Clauses, range: &Range<usize>) -> bool {
    let clause = clauses.clause_of(range);
    super::names_any(clause, PAST) && super::names_any(&without_lookbacks(clause), PAST)
}

/// The clause without its look-backs: "made 40 days previously" and "in the
/// 40 days prior to your request" say which records, not that the words
/// are history.
fn without_lookbacks(clause: &str) -> std::borrow::Cow<'_, str> {
    static LOOKBACK: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let lookback = super::claims::regex(
        &LOOKBACK,
        r"(?i)\b(?:\d+|a|one|two|three|six|twelve|forty)\s+(?:calendar\s+|working\s+)?(?:days?|weeks?|months?|years?)\s+(?:previously|prior to)\b",
    );
    lookback.replace_all(clause, " ")
}

/// Whether the clause holding a law's name speaks of the law's past. "No
/// longer" and "instead of" are not enough: in "under the GDPR 2018 we are
/// no longer able to charge" the law is named as today's. When it began is
/// its past, unless the clause says it is followed today: "we comply with
/// the Data Protection Act 1998, which came into force in 2000". Being
/// replaced is its past; replacing another law is not: in "the 1998 Act
/// largely replaces the 1990 Act" only the 1990 Act is history.
pub(crate) fn law_in_the_past(clauses: &Clauses, range: &Range<usize>) -> bool {
    let clause = clauses.clause_of(range);
    let followed = super::names_any(clause, FOLLOWED_TODAY);
    let (before, after) = clauses.clause_sides(range);
    PAST.iter()
        .filter(|word| !matches!(**word, "no longer" | "instead of" | "ddim mwyach"))
        .filter(|word| !(followed && matches!(**word, "came into force" | "was introduced")))
        .any(|word| super::names_any(clause, &[word]))
        || super::names_any(before, LAW_REPLACED)
        || did_in_the_past(after)
}

/// Whether the words after a law's name start with a verb in the past
/// tense: "the Data Protection Act (DPA) 1998 gave every living person the
/// right" tells what the law did, not what it does.
fn did_in_the_past(after: &str) -> bool {
    let after = after.trim_start();
    // Initials in brackets after the name are still the name.
    let after = match after.strip_prefix('(') {
        Some(rest) => rest
            .split_once(')')
            .map_or(after, |(_, rest)| rest.trim_start()),
        None => after,
    };
    let verb = after
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or_default();
    PAST_VERBS.contains(&verb)
}

/// Verbs in the past tense that pages write after a law's name; not those
/// the present writes alike after a plural ("the Regulations set a fee"),
/// nor "provided", which also opens a condition ("... 1998 provided you
/// send ...").
const PAST_VERBS: &[&str] = &[
    "gave",
    "granted",
    "allowed",
    "required",
    "meant",
    "said",
    "stated",
    "covered",
    "applied",
    "governed",
    "created",
    "established",
    "entitled",
    "enabled",
    "introduced",
    "was",
    "were",
    "had",
];

/// Words that say a body follows a law today.
const FOLLOWED_TODAY: &[&str] = &[
    "complies with",
    "comply with",
    "complying with",
    "in accordance with",
    "in line with",
    "we follow",
    "abide by",
];

/// Words before a law that say it was replaced ("... replaces the Access
/// to Health Records Act"), which of a fee would not be history
/// ("replacing a lost copy costs £10"). "Replaced by" is in [`PAST`].
const LAW_REPLACED: &[&str] = &["replacing", "replaces", "in place of"];

#[cfg(test)]
mod tests {
    use super::*;

    fn past(text: &str, claim: &str) -> bool {
        let at = text.find(claim).expect("claim in text");
        about_the_past(&Clauses::new(text), &(at..at + claim.len()))
    }

    #[test]
    fn corrections_of_the_old_rules_are_history() {
        assert!(past(
            "The £10 and £50 fees were abolished in May 2018.",
            "£50"
        ));
        assert!(past(
            "The Data Protection Act 1998 was replaced by the Data Protection Act 2018.",
            "Data Protection Act 1998"
        ));
        assert!(past(
            "You used to have to wait 40 days; now it is one month.",
            "40 days"
        ));
        assert!(past("We no longer charge £10 for a copy.", "£10"));
    }

    #[test]
    fn the_same_values_stated_as_current_are_claims() {
        assert!(!past("We charge £10 for a copy.", "£10"));
        assert!(!past(
            "You used to have to wait 40 days; now it is 40 days.",
            "now it is 40 days"
        ));
        assert!(!past("Fees were abolished. We charge £50.", "£50"));
        assert!(!past(
            "We reply within 40 days of the date you reapplied.",
            "40 days"
        ));
        // A value after a turn is said of the present.
        assert!(!past("Requests are no longer free: we charge £50.", "£50"));
        assert!(!past(
            "Requests are no longer free, and we charge £50.",
            "£50"
        ));
        assert!(!past("It used to be free, but now it is £50.", "£50"));
        assert!(past("It used to cost £50, but now it is free.", "£50"));
    }

    #[test]
    fn a_look_back_is_not_history() {
        // "40 days prior to" says which records, not that this is the past.
        assert!(!past(
            "There is a cost of £10 to view records not updated in the 40 days prior to your request.",
            "£10"
        ));
        assert!(!past(
            "We give access within 21 days unless the records were made 40 days previously.",
            "21 days"
        ));
        assert!(past(
            "The GDPR came in, superseding the Data Protection Act 1998.",
            "Data Protection Act 1998"
        ));
        assert!(past("Previously, you had to pay £10.", "£10"));
    }

    fn law_past(text: &str, law: &str) -> bool {
        let clauses = Clauses::new(text);
        let at = text.find(law).expect("the law in the text");
        law_in_the_past(&clauses, &(at..at + law.len()))
    }

    #[test]
    fn a_law_that_did_something_in_the_past_tense_is_history() {
        let text =
            "The Data Protection Act (DPA) 1998 gave every living person the right to apply.";
        assert!(law_past(text, "Data Protection Act (DPA) 1998"));
        let text = "The Data Protection Act 1998 allowed a fee of £10.";
        assert!(law_past(text, "Data Protection Act 1998"));
        let text = "The Data Protection Act 1998 gives you the right to apply.";
        assert!(!law_past(text, "Data Protection Act 1998"));
        // Only the verb straight after the name: "set" is not this law's.
        let text = "Under the Data Protection Act 1998 you can see what we set down.";
        assert!(!law_past(text, "Data Protection Act 1998"));
    }

    #[test]
    fn the_law_that_replaces_another_is_today_s_and_the_one_replaced_is_history() {
        let text = "The 1998 Data Protection Act (DPA), in effect since March 2000, largely replaces the 1990 Access to Health Records Act.";
        assert!(!law_past(text, "1998 Data Protection Act"));
        assert!(law_past(text, "1990 Access to Health Records Act"));
        let text = "The Data Protection Act 1998 was replaced by the Data Protection Act 2018.";
        assert!(law_past(text, "Data Protection Act 1998"));
        let text = "The GDPR applies in place of the Data Protection Act 1998.";
        assert!(law_past(text, "Data Protection Act 1998"));
        assert!(!law_past(text, "GDPR"));
    }

    #[test]
    fn a_law_said_to_be_followed_today_is_not_history_whenever_it_began() {
        assert!(law_past(
            "The Data Protection Act 1998 came into force on 1 March 2000.",
            "Data Protection Act 1998"
        ));
        assert!(!law_past(
            "The practice complies with the Data Protection Act 1998 which came into force on 1 March 2000.",
            "Data Protection Act 1998"
        ));
        assert!(law_past(
            "The GDPR came into force in 2018, replacing the Data Protection Act 1998.",
            "Data Protection Act 1998"
        ));
    }

    #[test]
    fn a_turn_after_the_old_rule_brings_the_sentence_back_to_today() {
        assert!(!past(
            "We no longer charge £10 for electronic records, though paper copies still cost £50.",
            "£50"
        ));
        assert!(!past(
            "The £10 and £50 fees were abolished in 2018, except for copies of records on paper.",
            "except for copies"
        ));
        assert!(!past(
            "Previously a fee of up to £50 could be charged, which still applies to X-rays.",
            "which still applies"
        ));
        // What something replaced, and when an old law began, are history.
        assert!(past(
            "Since 25 May 2018, the time limit has been one month instead of 40 days.",
            "40 days"
        ));
        assert!(past(
            "The Data Protection Act 1998 came into force in March 2000.",
            "Data Protection Act 1998"
        ));
    }

    #[test]
    fn a_decimal_point_does_not_end_the_clause() {
        assert!(past("A charge of £25.00 was abolished in 2018.", "£25.00"));
    }
}
