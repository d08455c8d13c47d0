//! What Welsh text claims: time limits ("40 diwrnod", "o fewn mis", "20
//! diwrnod gwaith", "2 fis ychwanegol") and whether something is free ("am
//! ddim") or charged for ("efallai y codir tâl"). Money, phone numbers,
//! emails and postcodes read the same in both languages and are found by
//! [`super::claims`]; the claims found here are judged exactly like
//! English ones.

use std::sync::OnceLock;

use regex::Regex;

use super::claims::{Claim, ClaimKind, regex};
use crate::model::{Duration, Unit};

/// The first words of Welsh law names and how the soft mutation writes
/// them after "y", "yn y", "o dan y", "dan": "Deddf" as "Ddeddf",
/// "Gorchymyn" as "Orchymyn", "Rheoliad(au)" as "Reoliad(au)" ("yn y Ddeddf
/// Diogelu Data 2018", "dan Reoliad Diogelu Data Cyffredinol 2018").
const MUTATED_LAW_WORDS: &[(&str, &str)] = &[
    ("deddf", "ddeddf"),
    ("gorchymyn", "orchymyn"),
    ("rheoliadau", "reoliadau"),
    ("rheoliad", "reoliad"),
];

/// The regular expression for a law name's first word, matching its
/// mutated form too where it has one (`word` already escaped).
pub(crate) fn law_word_pattern(word: &str) -> String {
    match MUTATED_LAW_WORDS
        .iter()
        .find(|(radical, _)| word.eq_ignore_ascii_case(radical))
    {
        Some((radical, mutated)) => format!("(?i:{radical}|{mutated})"),
        None => word.to_string(),
    }
}

/// A lowercase law name with its first word back in its radical form, so
/// that "ddeddf diogelu data 2018" is looked up as "deddf diogelu data
/// 2018".
pub(crate) fn radical_law_name(lower: &str) -> std::borrow::Cow<'_, str> {
    for (radical, mutated) in MUTATED_LAW_WORDS {
        if let Some(rest) = lower.strip_prefix(mutated)
            && rest.starts_with(' ')
        {
            return format!("{radical}{rest}").into();
        }
    }
    lower.into()
}

/// Welsh numbers as pages write them before a unit. The soft mutation
/// changes some ("dwy", "ddau" are rare before units; "deng" before
/// "niwrnod" is common).
const NUMBERS: &[(&str, u32)] = &[
    ("un", 1),
    ("dau", 2),
    ("dwy", 2),
    ("tri", 3),
    ("tair", 3),
    ("pedwar", 4),
    ("pedair", 4),
    ("pump", 5),
    ("pum", 5),
    ("chwech", 6),
    ("chwe", 6),
    ("saith", 7),
    ("wyth", 8),
    ("naw", 9),
    ("deg", 10),
    ("deng", 10),
    ("ugain", 20),
    ("deugain", 40),
];

/// The time limits and fee statements in a block of Welsh text.
pub(crate) fn claims(text: &str) -> Vec<Claim> {
    let mut claims = durations(text);
    claims.extend(fee_words(text));
    claims
}

/// Words before a number that make it a time limit: within, up to,
/// between, by the end of, take, in.
const QUALIFIERS: &[&str] = &[
    "o fewn", "hyd at", "rhwng", "cyn pen", "ymhen", "mewn", "gymryd", "cymryd", "yw", "ydy", "yn",
];

/// Whether the words before a number make it a time limit; a number word
/// straight after another ("dau ddeg un", 21) is part of a numeral this
/// reader does not know, and is not read at all.
fn is_time_limit(before: &str) -> bool {
    let before = before.trim_end().to_lowercase();
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    if NUMBERS.iter().any(|(w, _)| *w == last) || last == "ddeg" || last == "deg" {
        return false;
    }
    QUALIFIERS.iter().any(|q| {
        before.ends_with(q)
            && before[..before.len() - q.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

/// Words after a duration that make it a look back ("y 3 mis diwethaf",
/// the last 3 months; "40 diwrnod yn ôl", 40 days ago), not a limit.
fn looks_back(after: &str) -> bool {
    let after = after.trim_start().to_lowercase();
    ["diwethaf", "yn ôl", "cyn hynny", "blaenorol"]
        .iter()
        .any(|w| after.starts_with(w))
}

fn number(word: &str) -> Option<u32> {
    word.parse()
        .ok()
        .or_else(|| NUMBERS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n))
}

/// A Welsh unit, in any of its mutated forms, as a unit and a multiplier.
fn unit(word: &str, qualifier: Option<&str>) -> Option<(Unit, u32)> {
    let working = qualifier == Some("gwaith");
    Some(match word {
        "diwrnod" | "ddiwrnod" | "niwrnod" | "diwrnodau" if working => (Unit::WorkingDay, 1),
        "diwrnod" | "ddiwrnod" | "niwrnod" | "diwrnodau" => (Unit::CalendarDay, 1),
        "wythnos" | "wythnosau" => (Unit::CalendarDay, 7),
        "mis" | "fis" | "misoedd" => (Unit::CalendarMonth, 1),
        "awr" | "oriau" => (Unit::Hour, 1),
        "blwyddyn" | "flwyddyn" | "mlynedd" | "blynedd" => (Unit::CalendarMonth, 12),
        _ => return None,
    })
}

fn durations(text: &str) -> Vec<Claim> {
    static DURATION: OnceLock<Regex> = OnceLock::new();
    static A_MONTH: OnceLock<Regex> = OnceLock::new();
    let words: Vec<&str> = NUMBERS.iter().map(|(w, _)| *w).collect();
    let number = format!(r"\d+|{}", words.join("|"));
    let duration = regex(
        &DURATION,
        &format!(
            r"(?i)\b(?:rhwng\s+)?(?P<low>{number})(?:\s*(?:i|a|-|–)\s*(?P<high>{number}))?\s+(?P<unit>diwrnodau|diwrnod|ddiwrnod|niwrnod|wythnosau|wythnos|misoedd|mis|fis|awr|oriau|blwyddyn|flwyddyn|mlynedd|blynedd)(?:\s+(?P<qualifier>calendr|gwaith))?(?P<extra>\s+(?:ychwanegol|pellach|arall|yn rhagor|yn fwy))?\b"
        ),
    );
    let mut claims = Vec::new();
    for c in duration.captures_iter(text) {
        let (Some(whole), Some(low), Some(word)) = (c.get(0), c.name("low"), c.name("unit")) else {
            continue;
        };
        let extra = c.name("extra").is_some();
        let before = &text[..whole.start()];
        let between = whole.as_str().to_lowercase().starts_with("rhwng");
        if looks_back(&text[whole.end()..]) || !(extra || between || is_time_limit(before)) {
            continue;
        }
        let qualifier = c.name("qualifier").map(|q| q.as_str().to_lowercase());
        let (Some((unit, times)), Some(low)) = (
            unit(&word.as_str().to_lowercase(), qualifier.as_deref()),
            self::number(&low.as_str().to_lowercase()),
        ) else {
            continue;
        };
        let high = c
            .name("high")
            .and_then(|h| self::number(&h.as_str().to_lowercase()))
            .map(|h| Duration {
                value: h * times,
                unit,
            });
        claims.push(Claim {
            range: whole.start()..c.name("extra").map_or(whole.end(), |e| e.start()),
            kind: ClaimKind::Duration {
                low: Duration {
                    value: low * times,
                    unit,
                },
                high,
                extra,
                and: None,
            },
        });
    }
    // "o fewn mis": within a month, with no number.
    let a_month = regex(&A_MONTH, r"(?i)\bo fewn (?:mis|un mis)(?: calendr)?\b");
    for m in a_month.find_iter(text) {
        if claims
            .iter()
            .any(|c| c.range.start < m.end() && m.start() < c.range.end)
        {
            continue;
        }
        let start = m.start() + "o fewn ".len();
        claims.push(Claim {
            range: start..m.end(),
            kind: ClaimKind::Duration {
                low: Duration {
                    value: 1,
                    unit: Unit::CalendarMonth,
                },
                high: None,
                extra: false,
                and: None,
            },
        });
    }
    claims
}

fn fee_words(text: &str) -> Vec<Claim> {
    static FREE: OnceLock<Regex> = OnceLock::new();
    static CHARGED: OnceLock<Regex> = OnceLock::new();
    let free = regex(
        &FREE,
        r"(?i)\b(?:(?:yn )?rhad ac am ddim|am ddim|heb dâl|dim tâl|di-dâl|does dim tâl|nid oes tâl)\b",
    );
    let charged = regex(
        &CHARGED,
        r"(?i)\b(?:efallai y (?:bydd|byddwn yn codi) (?:tâl|ffi)|efallai y codir tâl|(?:byddwn|gallwn|gallem) (?:yn )?godi (?:tâl|ffi)|(?:bydd|mae) (?:angen talu|ffi|tâl) (?:i'w thalu|i'w dalu|yn daladwy)|codir tâl)\b",
    );
    let mut claims: Vec<Claim> = free
        .find_iter(text)
        .map(|m| Claim {
            range: m.range(),
            kind: ClaimKind::NoFee,
        })
        .collect();
    claims.extend(charged.find_iter(text).map(|m| Claim {
        range: m.range(),
        kind: ClaimKind::FeeApplies,
    }));
    static EXCEPT: OnceLock<Regex> = OnceLock::new();
    let except = regex(
        &EXCEPT,
        r"(?i)\b(?:oni bai|ac eithrio|heblaw am|ar wahân i)\b",
    );
    claims.extend(super::claims::cases_of(
        text,
        &claims,
        &ClaimKind::NoFee,
        |s| except.find(s).map(|m| m.range()),
    ));
    let condition = super::claims::condition();
    claims.extend(super::claims::cases_of(
        text,
        &claims,
        &ClaimKind::FeeApplies,
        |s| condition.find(s).map(|m| m.range()),
    ));
    claims
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mutated_law_name_is_looked_up_by_its_radical() {
        assert_eq!(
            radical_law_name("reoliad diogelu data cyffredinol 2018"),
            "rheoliad diogelu data cyffredinol 2018"
        );
        assert_eq!(
            radical_law_name("reoliadau diogelu data cyffredinol 2018"),
            "rheoliadau diogelu data cyffredinol 2018"
        );
        assert_eq!(
            radical_law_name("ddeddf diogelu data 2018"),
            "deddf diogelu data 2018"
        );
        // A word that only starts like a mutated one is left alone.
        assert_eq!(radical_law_name("reoliadol data"), "reoliadol data");
    }

    fn found(text: &str) -> Vec<String> {
        claims(text)
            .into_iter()
            .map(|c| {
                let what = match c.kind {
                    ClaimKind::Duration {
                        low, high, extra, ..
                    } => format!(
                        "{}{}{}",
                        low.plain(),
                        high.map_or(String::new(), |h| format!(" to {}", h.plain())),
                        if extra { " extra" } else { "" }
                    ),
                    ClaimKind::NoFee => "free".to_string(),
                    ClaimKind::FeeApplies => "charged".to_string(),
                    ClaimKind::FeeCase => "charged if".to_string(),
                    _ => "other".to_string(),
                };
                format!("{} = {what}", &text[c.range])
            })
            .collect()
    }

    #[test]
    fn welsh_time_limits_are_read_in_their_mutated_forms() {
        assert_eq!(
            found("Byddwn yn ateb o fewn 40 diwrnod."),
            ["40 diwrnod = 40 days"]
        );
        assert_eq!(
            found("Rhaid i ni ateb o fewn 20 diwrnod gwaith."),
            ["20 diwrnod gwaith = 20 working days"]
        );
        assert_eq!(
            found("Gallwn gymryd 2 fis ychwanegol."),
            ["2 fis = 2 calendar months extra"]
        );
        assert_eq!(
            found("rhwng 21 a 40 diwrnod"),
            ["rhwng 21 a 40 diwrnod = 21 days to 40 days"]
        );
        assert_eq!(found("o fewn chwe wythnos"), ["chwe wythnos = 42 days"]);
        assert_eq!(
            found("Byddwn yn ateb o fewn mis."),
            ["mis = 1 calendar month"]
        );
        assert_eq!(
            found("o fewn 1 mis calendr"),
            ["1 mis calendr = 1 calendar month"]
        );
    }

    #[test]
    fn numbers_that_are_not_time_limits_are_left_alone() {
        // On the same day; kept for 8 years; in the last 3 months; 21 in
        // the decimal numerals, which this reader does not know.
        assert!(found("Byddwn yn ateb ar yr un diwrnod.").is_empty());
        assert!(found("Cedwir cofnodion am 8 mlynedd.").is_empty());
        assert!(found("Biliau o fewn y 3 mis diwethaf.").is_empty());
        assert!(found("Rhaid ateb o fewn dau ddeg un diwrnod.").is_empty());
        assert_eq!(
            found("Gallwn gymryd hyd at 2 fis yn rhagor."),
            ["2 fis = 2 calendar months extra"]
        );
    }

    #[test]
    fn welsh_fee_words_say_free_or_charged() {
        assert_eq!(found("Mae'n rhad ac am ddim."), ["rhad ac am ddim = free"]);
        assert_eq!(
            found("Efallai y codir tâl am gopïau eraill."),
            ["Efallai y codir tâl = charged"]
        );
        // What is excepted from "free" is a charge, to the clause's end.
        assert_eq!(
            found("Nid oes tâl am gopi, oni bai bod llawer iawn o wybodaeth i'w chopïo."),
            [
                "Nid oes tâl = free",
                "oni bai bod llawer iawn o wybodaeth i'w chopïo = charged if"
            ]
        );
    }
}
