//! Law names with the year moved, bracketed or wrong. Pages write "the 1998
//! Data Protection Act", "Access to Health Records Act (1990)" and "Access
//! to Health Records Act 1980": the first is a repealed law in other words,
//! the second the right law, the third no law at all. Every law of the rule
//! data whose name ends in a year is found here by the words before the
//! year, whatever year follows or comes first.

use std::collections::BTreeMap;
use std::ops::Range;

use regex::Regex;

use crate::model::Rules;

/// What a law name with a year says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum YearRead {
    /// A law of the rule data, by id.
    Law(String),
    /// No law of that name has that year; the ids of those that do, with
    /// their years.
    NoSuchYear(Vec<(String, u16)>),
    /// A law's name and year with the word for its kind of law left out
    /// ("Freedom of Information 2000"): a name no law has, for the law by
    /// id.
    KindLeftOut(String),
}

/// The names of the rule data's laws, without their years, in one pattern.
pub(crate) struct LawYears {
    pattern: Option<Regex>,
    /// Lowercase, single-spaced name without the year → (year, law id).
    by_stem: BTreeMap<String, Vec<(u16, String)>>,
    /// A name without the word for its kind of law ("data protection" in
    /// "Data Protection 2003") → the name in `by_stem`.
    without_kind: BTreeMap<String, Vec<(u16, String)>>,
    /// Any capitalised name of an Act, Regulations or Order, for names one
    /// slip away from a law of the rule data.
    any_law: Regex,
    /// Every name of every law, as words without its year (and without a
    /// leading "uk"), with the law's id, those in force first: a name that
    /// differs from one only in the kind of law ("General Data Protection
    /// Act") is a slip in writing it.
    names: Vec<(Vec<String>, String)>,
}

/// Words that come before a law's name without being part of it.
const LEAD: &[&str] = &[
    "under", "the", "in", "by", "see", "with", "and", "as", "per", "of",
];

/// The words that say what kind of law a name is.
const INSTRUMENTS: &[&str] = &["act", "regulation", "regulations", "order"];

/// How alike a name must be to a law's to be a slip in writing it
/// (normalised Levenshtein: one letter in about fifteen).
const SLIP: f64 = 0.93;

impl LawYears {
    /// Indexes every law name and alias that ends in a year.
    pub(crate) fn new(rules: &Rules) -> LawYears {
        let mut by_stem: BTreeMap<String, Vec<(u16, String)>> = BTreeMap::new();
        for (id, law) in &rules.laws {
            let welsh = law.name_cy.iter();
            for name in std::iter::once(&law.name.value)
                .chain(&law.aliases)
                .chain(welsh)
            {
                let Some((stem, year)) = split_year(name) else {
                    continue;
                };
                let entry = by_stem.entry(stem).or_default();
                if !entry.iter().any(|(y, _)| *y == year) {
                    entry.push((year, id.clone()));
                }
            }
        }
        // "Data Protection 2003": a name with its year and without "Act".
        // Read only before a year, since "in 1998 data protection ..." is
        // no name.
        let mut without_kind: BTreeMap<String, Vec<(u16, String)>> = BTreeMap::new();
        for (stem, laws) in &by_stem {
            let Some((short, last)) = stem.rsplit_once(' ') else {
                continue;
            };
            if INSTRUMENTS.contains(&last)
                && short.split(' ').count() >= 2
                && !by_stem.contains_key(short)
            {
                let entry = without_kind.entry(short.to_string()).or_default();
                entry.extend(laws.iter().cloned());
                // One law a year: two names that shorten alike ("Data
                // Protection Act", "Data Protection Regulation") keep the
                // first.
                entry.sort();
                entry.dedup_by_key(|(year, _)| *year);
            }
        }
        let as_pattern = |stem: &String| {
            let mut words: Vec<String> = stem.split(' ').map(regex::escape).collect();
            if let Some(first) = words.first_mut() {
                *first = super::welsh::law_word_pattern(first);
            }
            join_name_words(&words)
        };
        let stems: Vec<String> = by_stem.keys().map(as_pattern).collect();
        let short: Vec<String> = without_kind.keys().map(as_pattern).collect();
        let pattern = (!stems.is_empty())
            .then(|| {
                let stems = stems.join("|");
                let short = short.iter().map(|s| format!("|{s}")).collect::<String>();
                Regex::new(&format!(
                    r"(?i)\b(?:(?P<before>\d{{4}})\s+(?:the\s+)?(?P<stem_after>{stems})\b|(?P<stem>{stems}{short})(?:\s*\([A-Z][A-Za-z]{{1,11}}\),?\s*|,?\s+)(?:of\s+)?\(?(?P<year>\d{{4}})\)?)"
                ))
                .ok()
            })
            .flatten();
        let any_law = Regex::new(
            r"\b(?:[A-Z][\w'’]*|\([A-Z][\w ]*\))(?:\s+(?:[A-Z][\w'’]*|\([A-Z][\w ]*\)|of|to|and|for|on|the|in))*\s+(?:(?:Act|Regulations?|Order)\b(?:,?\s+(?:of\s+)?\(?\d{4}\)?)?|(?:Action|regulations?),?\s+\(?\d{4}\)?)",
        )
        .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"));
        LawYears {
            pattern,
            by_stem,
            without_kind,
            any_law,
            names: law_names(rules),
        }
    }

    /// The law a name means if it is one of the rule data's names with
    /// another kind of law at its end: "General Data Protection Act",
    /// "Freedom of Information Regulations". Regulation and Regulations
    /// are one kind.
    fn instrument_swapped(&self, written: &str) -> Option<&str> {
        let written: Vec<&str> = written.split(' ').collect();
        let (last, stem) = written.split_last()?;
        if stem.len() < 2 || !INSTRUMENTS.contains(last) {
            return None;
        }
        let kind = |word: &str| word.trim_end_matches('s').to_string();
        // A name the rule data has, under any law, is that law's.
        if self
            .names
            .iter()
            .any(|(words, _)| words.iter().map(String::as_str).eq(written.iter().copied()))
        {
            return None;
        }
        self.names.iter().find_map(|(words, id)| {
            let (known_last, known_stem) = words.split_last()?;
            (known_stem
                .iter()
                .map(String::as_str)
                .eq(stem.iter().copied())
                && INSTRUMENTS.contains(&known_last.as_str())
                && kind(known_last) != kind(last))
            .then_some(id.as_str())
        })
    }

    /// The law a name means if its words are that law's name's in another
    /// order (some may be left out), for the same kind of law and year:
    /// "Freedom of Information (Fees and Appropriate Limit) Regulations
    /// 2004" for the Freedom of Information and Data Protection
    /// (Appropriate Limit and Fees) Regulations 2004. A name of four words
    /// or more that the rule data has for no law.
    fn reworded<'a>(&'a self, stem: &str, year: Option<u16>) -> Option<&'a str> {
        let words = content_words(stem);
        let kind = |words: &[String]| words.last().map(|w| w.trim_end_matches('s').to_string());
        if words.len() < 4 || !INSTRUMENTS.contains(&words.last()?.as_str()) {
            return None;
        }
        if self.by_stem.contains_key(stem) {
            return None;
        }
        let pick = |laws: &'a [(u16, String)]| match year {
            Some(year) => laws.iter().find(|(y, _)| *y == year),
            None => laws.first(),
        };
        // Only the words of a name's brackets, with its kind ("Appropriate
        // Limit and Fees Regulations"): what the brackets narrowed is gone,
        // and the name is no law's.
        let (kind_word, narrowing) = words.split_last()?;
        if narrowing.len() >= 3 {
            let bracketed = self.by_stem.iter().find_map(|(known, laws)| {
                let inner = content_words(&bracketed_words(known));
                let known_kind = content_words(known).pop()?;
                (narrowing.iter().all(|w| inner.contains(w))
                    && kind(std::slice::from_ref(&known_kind))
                        == kind(std::slice::from_ref(kind_word)))
                .then(|| pick(laws))
                .flatten()
            });
            if let Some((_, id)) = bracketed {
                return Some(id.as_str());
            }
        }
        // In the same order as a name, it is that name or a shortening of
        // it, which pages commonly write ("General Data Protection
        // Regulation"): only the rule data's aliases judge those.
        let shortens = |known: &[String]| {
            let mut in_order = known.iter();
            words.iter().all(|w| in_order.any(|k| k == w))
        };
        if self
            .by_stem
            .keys()
            .any(|known| shortens(&content_words(known)))
        {
            return None;
        }
        self.by_stem.iter().find_map(|(known, laws)| {
            let known_words = content_words(known);
            let same_words = words.iter().all(|w| known_words.contains(w));
            let id = pick(laws)?;
            (same_words && kind(&known_words) == kind(&words)).then_some(id.1.as_str())
        })
    }

    /// Names of laws one slip away from a law of the rule data ("Race
    /// Relation (Amendment) Act 2001"): the law each most likely means.
    pub(crate) fn slips(&self, text: &str) -> Vec<(Range<usize>, String)> {
        self.any_law
            .find_iter(text)
            .filter_map(|m| {
                let name = m.as_str();
                // The name may start at any of its words ("Under the Acess
                // to Health Records Act"); brackets and commas are not
                // slips ("Access to Health Records NI Order").
                let starts = std::iter::once(0).chain(
                    name.match_indices(char::is_whitespace)
                        .map(|(i, space)| i + space.len()),
                );
                let mut best: Option<(usize, &String, f64)> = None;
                for start in starts {
                    let written = words_only(&name[start..]);
                    let year = split_year(&written).map(|(_, year)| year);
                    let tail = split_year(&written).map_or(written, |(stem, _)| stem);
                    let (tail, kind_slip) = without_kind_slip(tail);
                    // The whole name, not a shorter one inside it ("Data
                    // Protection Regulations" inside the General Data
                    // Protection Regulations).
                    let whole = name[..start]
                        .split_whitespace()
                        .all(|w| LEAD.contains(&w.to_lowercase().as_str()));
                    if let Some(id) = self.instrument_swapped(&tail).filter(|_| whole) {
                        return Some((m.start() + start..m.end(), id.to_string()));
                    }
                    if let Some(id) = self.reworded(&tail, year).filter(|_| whole) {
                        return Some((m.start() + start..m.end(), id.to_string()));
                    }
                    // "Regulation" and "Regulations" are one kind of law.
                    let tail = singular(&tail);
                    for known in self.by_stem.keys() {
                        let known_words = singular(&words_only(known));
                        let likeness = if one_word_apart(&known_words, &tail) {
                            SLIP
                        } else {
                            strsim::normalized_levenshtein(&known_words, &tail)
                        };
                        if likeness >= 1.0 {
                            let (_, id) = self.by_stem.get(known)?.first()?;
                            return kind_slip.then(|| (m.start() + start..m.end(), id.clone()));
                        }
                        if best.is_none_or(|(_, _, b)| likeness > b) {
                            best = Some((start, known, likeness));
                        }
                    }
                }
                let (start, known, likeness) = best?;
                let (_, id) = self.by_stem.get(known)?.first()?;
                (likeness >= SLIP).then(|| (m.start() + start..m.end(), id.clone()))
            })
            .collect()
    }

    /// The first name of an Act, Regulations or Order in a text that is no
    /// law of the rule data, nor a slip for one ("the Mental Health Act
    /// 1983"): a time limit beside it may be that law's.
    pub(crate) fn other_law(&self, text: &str) -> Option<String> {
        self.any_law.find_iter(text).find_map(|m| {
            let words: Vec<&str> = m.as_str().split_whitespace().collect();
            let start = words
                .iter()
                .position(|w| !LEAD.contains(&w.to_lowercase().as_str()))?;
            let name = words[start..].join(" ");
            let written = words_only(&name);
            let stem = split_year(&written).map_or(written, |(stem, _)| stem);
            let (stem, _) = without_kind_slip(stem);
            let known = self
                .by_stem
                .keys()
                .any(|k| strsim::normalized_levenshtein(&words_only(k), &stem) >= SLIP);
            (!known).then_some(name)
        })
    }

    /// Every law name with a year in a text, and what each says.
    /// (A year that ends a date, "on 25 May 2018 the GDPR ...", is not one.)
    pub(crate) fn read(&self, text: &str) -> Vec<(Range<usize>, YearRead)> {
        let Some(pattern) = &self.pattern else {
            return Vec::new();
        };
        pattern
            .captures_iter(text)
            .filter_map(|c| {
                let whole = c.get(0)?;
                let (stem, year) = match (c.name("stem"), c.name("year")) {
                    (Some(stem), Some(year)) => (stem, year),
                    _ => {
                        let before = c.name("before")?;
                        // "On 25 May 2018 the ...": a date's year.
                        if ends_a_date(&text[..before.start()]) {
                            return None;
                        }
                        (c.name("stem_after")?, before)
                    }
                };
                let year: u16 = year.as_str().parse().ok()?;
                let stem = super::collapse(stem.as_str());
                let stem = super::welsh::radical_law_name(&stem);
                let (known, kind_left_out) = match self.by_stem.get(stem.as_ref()) {
                    Some(known) => (known, false),
                    None => (self.without_kind.get(stem.as_ref())?, true),
                };
                let read = match known.iter().find(|(y, _)| *y == year) {
                    Some((_, id)) if kind_left_out => YearRead::KindLeftOut(id.clone()),
                    Some((_, id)) => YearRead::Law(id.clone()),
                    None => {
                        YearRead::NoSuchYear(known.iter().map(|(y, id)| (id.clone(), *y)).collect())
                    }
                };
                Some((whole.range(), read))
            })
            .collect()
    }
}

/// Every name and alias of every law as words, without a year or a
/// leading "uk", laws in force first.
fn law_names(rules: &Rules) -> Vec<(Vec<String>, String)> {
    let mut names = Vec::new();
    for in_force in [true, false] {
        let laws = rules
            .laws
            .iter()
            .filter(|(_, law)| (law.status == crate::model::LawStatus::InForce) == in_force);
        for (id, law) in laws {
            for name in std::iter::once(&law.name.value).chain(&law.aliases) {
                let words = words_only(name);
                let words = split_year(&words).map_or(words, |(stem, _)| stem);
                let words = words.strip_prefix("uk ").unwrap_or(&words);
                names.push((words.split(' ').map(str::to_string).collect(), id.clone()));
            }
        }
    }
    names
}

/// "Access to Health Records Act 1990" → ("access to health records act",
/// 1990).
fn split_year(name: &str) -> Option<(String, u16)> {
    let (stem, year) = name.trim().rsplit_once(' ')?;
    let year: u16 = year.parse().ok().filter(|y| (1800..=2100).contains(y))?;
    let stem = super::collapse(stem);
    (stem.split(' ').count() >= 2).then_some((stem, year))
}

/// The words of a name that say which law it is: not "of", "and", "the".
/// The words inside a name's brackets, all brackets together:
/// "appropriate limit and fees" of "... (Appropriate Limit and Fees)
/// Regulations".
fn bracketed_words(name: &str) -> String {
    let mut inner = String::new();
    let mut rest = name;
    while let Some((_, after)) = rest.split_once('(') {
        let Some((words, after)) = after.split_once(')') else {
            break;
        };
        inner.push_str(words);
        inner.push(' ');
        rest = after;
    }
    inner
}

fn content_words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| {
            !w.is_empty() && !matches!(*w, "of" | "and" | "the" | "to" | "for" | "on" | "in")
        })
        .map(str::to_lowercase)
        .collect()
}

/// Whether two names of three words or more differ by one word left out
/// ("General Protection Regulation" for "General Data Protection
/// Regulation").
/// A pattern for a name's words (each already a pattern), with any space
/// between them; brackets may touch ("(Subject Access Modification)(Health)").
pub(crate) fn join_name_words(words: &[String]) -> String {
    let mut pattern = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            let brackets = pattern.ends_with(r"\)") && word.starts_with(r"\(");
            pattern.push_str(if brackets { r"\s*" } else { r"\s+" });
        }
        pattern.push_str(word);
    }
    pattern
}

/// A name with "regulations" at its end made "regulation".
fn singular(words: &str) -> String {
    match words.strip_suffix("regulations") {
        Some(stem) => format!("{stem}regulation"),
        None => words.to_string(),
    }
}

/// "data protection action" → ("data protection act", true): a slip in
/// the word that says what kind of law a name is, put right. (The pattern
/// takes "Action" only before a year, so a charity's name is not a law.)
fn without_kind_slip(words: String) -> (String, bool) {
    match words.strip_suffix(" action") {
        Some(stem) => (format!("{stem} act"), true),
        None => (words, false),
    }
}

fn one_word_apart(a: &str, b: &str) -> bool {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.len() >= 3
        && long.len() == short.len() + 1
        && (0..long.len()).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, w)| *w)
                .eq(short.iter().copied())
        })
}

/// Lowercase words and numbers, single-spaced, without punctuation or a
/// bracketed short form ("Freedom of Information (FOI) Act" is the
/// Freedom of Information Act; the rule data's names come lowercase, so
/// "(ni)" is one too).
fn words_only(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let close = rest[open..].find(')').map(|c| open + c);
        let inner = close.map(|c| &rest[open + 1..c]);
        match (close, inner) {
            (Some(close), Some(inner))
                if (2..=6).contains(&inner.len())
                    && inner.chars().all(|c| c.is_ascii_alphabetic()) =>
            {
                plain.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                plain.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    plain.push_str(rest);
    plain
        .split(|c: char| !c.is_alphanumeric())
        // "NI" is a short form too, with brackets or without.
        .filter(|w| !w.is_empty() && !w.eq_ignore_ascii_case("ni"))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether the words before a year make it part of a date: a month
/// ("25 May 2018") or a word that dates ("in 2018", "since 2018").
fn ends_a_date(before: &str) -> bool {
    const DATING: &[&str] = &[
        "in", "on", "since", "from", "until", "by", "before", "after", "during",
    ];
    let word = before
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or_default();
    crate::model::is_month_name(word) || DATING.iter().any(|d| d.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RuleFile;

    fn rules() -> Rules {
        let yaml = "laws:\n\
            \x20 dpa_2018: {name: Data Protection Act 2018, status: in_force, topics: [sar]}\n\
            \x20 dpa_1998: {name: Data Protection Act 1998, status: repealed, topics: [sar]}\n\
            \x20 ahra_1990: {name: Access to Health Records Act 1990, name_cy: Deddf Mynediad i Gofnodion Iechyd 1990, status: in_force, topics: [deceased]}\n\
            \x20 uk_gdpr: {name: UK General Data Protection Regulation, status: in_force, topics: [sar]}\n\
            \x20 gdpr_2018: {name: General Data Protection Regulations 2018, aliases: [Data Protection Regulation 2018], status: misnamed, topics: [sar]}\n\
            \x20 foi_fees_regulations_2004: {name: Freedom of Information and Data Protection (Appropriate Limit and Fees) Regulations 2004, status: in_force, topics: [foi]}\n";
        let file: RuleFile = serde_saphyr::from_str(yaml).expect("test rules");
        Rules {
            laws: file.laws,
            ..Rules::default()
        }
    }

    fn read(text: &str) -> Vec<(String, YearRead)> {
        LawYears::new(&rules())
            .read(text)
            .into_iter()
            .map(|(range, read)| (text[range].to_string(), read))
            .collect()
    }

    #[test]
    fn the_year_of_a_date_before_a_name_is_not_the_laws() {
        assert!(read("On 25 May 2018 the General Data Protection Regulations came in").is_empty());
        assert!(read("In 2018 the Data Protection Act changed").is_empty());
        assert_eq!(read("under the 1998 Data Protection act").len(), 1);
    }

    #[test]
    fn a_year_before_or_in_brackets_names_the_same_law() {
        assert_eq!(
            read("under the 1998 Data Protection act"),
            [(
                "1998 Data Protection act".to_string(),
                YearRead::Law("dpa_1998".into())
            )]
        );
        assert_eq!(
            read("the Access to Health Records Act (1990) says"),
            [(
                "Access to Health Records Act (1990)".to_string(),
                YearRead::Law("ahra_1990".into())
            )]
        );
    }

    #[test]
    fn a_wrong_year_is_no_law() {
        assert_eq!(
            read("the Access to Health Records Act 1980"),
            [(
                "Access to Health Records Act 1980".to_string(),
                YearRead::NoSuchYear(vec![("ahra_1990".into(), 1990)])
            )]
        );
        // Without a year it is the law's usual short name.
        assert!(read("the Access to Health Records Act says").is_empty());
        // A short form in brackets before the year, and the Welsh name.
        assert_eq!(
            read("the Data Protection Act (DPA) 1988 says"),
            [(
                "Data Protection Act (DPA) 1988".to_string(),
                YearRead::NoSuchYear(vec![("dpa_1998".into(), 1998), ("dpa_2018".into(), 2018)])
            )]
        );
        // Initials touching the year ("(GDPR)2018"), as pages are typed.
        assert_eq!(
            read("under the General Data Protection regulations (GDPR)2018 you"),
            [(
                "General Data Protection regulations (GDPR)2018".to_string(),
                YearRead::Law("gdpr_2018".into())
            )]
        );
        // A name with its year and without "Act".
        assert_eq!(
            read("as in the Data Protection 2003 rules"),
            [(
                "Data Protection 2003".to_string(),
                YearRead::NoSuchYear(vec![("dpa_1998".into(), 1998), ("dpa_2018".into(), 2018)])
            )]
        );
        // With the right year it is still no law's name: "Act" is part of it.
        assert_eq!(
            read("under Data Protection 2018"),
            [(
                "Data Protection 2018".to_string(),
                YearRead::KindLeftOut("dpa_2018".into())
            )]
        );
        assert!(read("In 2003 data protection rules changed.").is_empty());
        // The soft mutation after "y": "yn y Ddeddf".
        assert_eq!(
            read("yn y Ddeddf Mynediad i Gofnodion Iechyd (1990)"),
            [(
                "Ddeddf Mynediad i Gofnodion Iechyd (1990)".to_string(),
                YearRead::Law("ahra_1990".into())
            )]
        );
        assert_eq!(
            read("Deddf Mynediad i Gofnodion Iechyd (AHRA) 1999"),
            [(
                "Deddf Mynediad i Gofnodion Iechyd (AHRA) 1999".to_string(),
                YearRead::NoSuchYear(vec![("ahra_1990".into(), 1990)])
            )]
        );
    }

    #[test]
    fn a_slip_in_a_law_name_is_found_and_other_laws_are_not() {
        let years = LawYears::new(&rules());
        let slips = |text: &str| -> Vec<String> {
            years
                .slips(text)
                .into_iter()
                .map(|(range, id)| format!("{} {id}", &text[range]))
                .collect()
        };
        assert_eq!(
            slips("Under the Acess to Health Records Act 1990 and more."),
            ["Acess to Health Records Act 1990 ahra_1990"]
        );
        assert!(
            slips("the Access to Medical Reports Act 1988 and the Human Rights Act 1998")
                .is_empty()
        );
        assert!(slips("the Data Protection Act 2018").is_empty());
        assert!(slips("the Data Protection Act, 2018 says").is_empty());
        assert!(slips("the Access to Health Records Act, 1990").is_empty());
        // A word left out of a name of four.
        assert_eq!(
            slips("under the Access to Records Act 1990"),
            ["Access to Records Act 1990 ahra_1990"]
        );
        // "General" left out, "regulations" in small letters, before a year.
        assert_eq!(
            slips("under the Data Protection regulations 2016, you may ask"),
            ["Data Protection regulations 2016 dpa_2018"]
        );
        assert!(slips("under data protection regulations, you may ask").is_empty());
        // A slip in the word that says what kind of law it is.
        assert_eq!(
            slips("It is defined under the Data Protection Action 1998 as a request."),
            ["Data Protection Action 1998 dpa_1998"]
        );
        assert!(slips("Ask Disability Action for help.").is_empty());
        // Two words are too short to tell a slip from another law.
        assert!(slips("the Data Act 2018").is_empty());
        // Only the words a name has in brackets: what they narrowed is gone.
        assert_eq!(
            slips("set by the Appropriate Limit and Fees Regulations 2004"),
            ["Appropriate Limit and Fees Regulations 2004 foi_fees_regulations_2004"]
        );
        // A nation in brackets is too few words to be a name's own.
        assert!(slips("under the Scotland Act 1998").is_empty());
        // The right words in another order, or some left out.
        assert_eq!(
            slips(
                "as set out in the Freedom of Information (Fees and Appropriate Limit) Regulations 2004."
            ),
            [
                "Freedom of Information (Fees and Appropriate Limit) Regulations 2004 foi_fees_regulations_2004"
            ]
        );
        // Another law's name, of another kind or year, is another law.
        assert!(slips("the Freedom of Information and Data Protection Act 2004").is_empty());
        assert!(
            slips("the Freedom of Information (Fees and Appropriate Limit) Regulations 2009")
                .is_empty()
        );
        // Another kind of law at the end of a law's name.
        assert_eq!(
            slips("The General Data Protection Act gives you rights."),
            ["General Data Protection Act uk_gdpr"]
        );
        assert_eq!(
            slips("Under the General Data Protection Act, you may ask."),
            ["General Data Protection Act uk_gdpr"]
        );
        assert_eq!(
            slips("under the Data Protection Regulations 2018"),
            ["Data Protection Regulations 2018 dpa_2018"]
        );
        assert_eq!(
            slips("the General Data Protection Regulations apply"),
            Vec::<String>::new()
        );
        assert_eq!(
            years.other_law("Under the Mental Health Act 1983 you have 28 days."),
            Some("Mental Health Act 1983".to_string())
        );
        assert_eq!(
            years.other_law("Under the Data Protection Act 2018, one month."),
            None
        );
    }
}
