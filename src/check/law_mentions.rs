//! Laws in force, cited where they do not apply: for another rule area
//! ("the Access to Health Records Act gives you the right to see your
//! records", which it has not done for the living since 2018), or in a nation
//! where another law applies (the Freedom of Information Act 2000 on a
//! Scottish board's page).

use std::ops::Range;

use aho_corasick::AhoCorasick;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Law, LawStatus, Reach, RuleId, Rules, Section, Topic, Trust};

use super::scope::Scope;

/// The names and marks of the laws in force that belong to some rule areas
/// or nations, in one automaton.
pub(crate) struct LawMentions {
    automaton: Option<AhoCorasick>,
    /// The law id of each pattern, and whether the pattern is the law's
    /// full name (with its year), not its short name or a mark.
    laws: Vec<(String, bool)>,
    /// A year after a short name: "Freedom of Information Act (2000)".
    year_after: regex::Regex,
}

/// A law named in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mention<'a> {
    /// Where it is named.
    pub(crate) range: Range<usize>,
    /// The law's id.
    pub(crate) id: &'a str,
    /// Whether it is named in full, with its year: only then is it surely
    /// that law ("the Freedom of Information Act" is also how Scottish pages
    /// name their own).
    pub(crate) full: bool,
}

/// Words that say a sentence denies a law applies ("you cannot use the
/// Freedom of Information Act for your own records").
const DENIALS: &[&str] = &[
    "not ",
    "no ",
    "cannot",
    "can't",
    "can’t",
    "instead",
    "only ",
    "rather than",
    "unlike",
    // Welsh: not, you cannot, instead. ("ddim" alone is also in "am
    // ddim", free.)
    "nid ",
    "allwch chi ddim",
    "ni allwch",
    "yn lle",
];

impl LawMentions {
    /// Indexes the laws of the rule data.
    pub(crate) fn new(rules: &Rules) -> LawMentions {
        let mut patterns = Vec::new();
        let mut laws = Vec::new();
        for (id, law) in rules.laws.iter().filter(|(_, l)| watched(l)) {
            // Welsh pages name the law in Welsh.
            let names = std::iter::once(&law.name.value)
                .chain(&law.name_cy)
                .chain(&law.aliases);
            // A name is the law's own in full when it has its year, names its
            // nation ("(Scotland)") or is an acronym ("FOISA").
            let has_year = |n: &str| {
                let year = n
                    .trim()
                    .rsplit_once(' ')
                    .is_some_and(|(_, y)| y.parse::<u16>().is_ok());
                let nation = n.contains('(');
                let acronym = n.len() > 2 && n.chars().all(|c| c.is_ascii_uppercase());
                year || nation || acronym
            };
            // "the Access to Health Records Act" is the same law without its year.
            let without_years = names.clone().filter_map(|n| {
                let (stem, year) = n.trim().rsplit_once(' ')?;
                year.parse::<u16>().ok().map(|_| (stem.to_string(), false))
            });
            let mut own: Vec<(String, bool)> = names
                .map(|n| (n.clone(), has_year(n)))
                .chain(without_years)
                .chain(law.marks.iter().map(|m| (m.clone(), false)))
                .map(|(p, full)| (p.to_lowercase(), full))
                .collect();
            // "(Subject Access Modification)(Health)": brackets written
            // with no space between are the same name.
            let unspaced: Vec<(String, bool)> = own
                .iter()
                .filter(|(p, _)| p.contains(") ("))
                .map(|(p, full)| (p.replace(") (", ")("), *full))
                .collect();
            own.extend(unspaced);
            own.sort();
            own.dedup_by(|a, b| a.0 == b.0);
            for (pattern, full) in own {
                patterns.push(pattern);
                laws.push((id.clone(), full));
            }
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        let year_after = regex::Regex::new(r"^,?\s+(?:of\s+)?\(?\d{4}\)?")
            .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"));
        LawMentions {
            automaton,
            laws,
            year_after,
        }
    }

    /// Every mention of a watched law in a text.
    pub(crate) fn find<'a>(&'a self, text: &str) -> Vec<Mention<'a>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(text)
            .filter(|m| super::starts_a_word(text, m.start()) && ends_a_word(text, m.end()))
            .map(|m| {
                let (id, full) = &self.laws[m.pattern().as_usize()];
                // A year straight after a short name makes it the full name
                // (law_years has checked the year is the right one).
                let full = *full || self.year_after.is_match(&text[m.end()..]);
                Mention {
                    range: m.range(),
                    id: id.as_str(),
                    full,
                }
            })
            .collect()
    }
}

/// A law in force that belongs to some rule areas or some nations.
fn watched(law: &Law) -> bool {
    law.status == LawStatus::InForce && (law.strict_topics || !law.nations.is_empty())
}

fn ends_a_word(text: &str, at: usize) -> bool {
    !text[at..].chars().next().is_some_and(char::is_alphanumeric)
}

/// `law-misapplied`: a law cited in a sentence about a rule area it has no
/// part in. `scope` is what the words around the mention name, the mention
/// itself left out (the law's name is a word of its own area); `sentence`
/// is in lowercase.
///
/// `sentence` is the sentence's words before the law's name and after it.
pub(crate) fn misapplied(
    rules: &Rules,
    id: &str,
    scope: &Scope,
    sentence: (&str, &str),
    found: &str,
) -> Option<Diagnostic> {
    let law = rules.laws.get(id)?;
    let (Scope::Topics(topics) | Scope::PageTopics(topics)) = scope else {
        return None;
    };
    // "- The Access to Health Records Act 1990" in a list of laws names the
    // law and claims nothing about whose records it covers.
    let (before, after) = sentence;
    let claims_something =
        before.split_whitespace().count() + after.split_whitespace().count() >= 3;
    if !law.strict_topics
        || !claims_something
        || law.topics.is_empty()
        || topics.is_empty()
        || topics.iter().any(|t| law.topics.contains(t))
        || denies_it(before, after)
    {
        return None;
    }
    let about: Vec<&str> = topics.iter().map(|t| Topic::as_str(*t)).collect();
    let belongs: Vec<&str> = law.topics.iter().map(|t| Topic::as_str(*t)).collect();
    let d = Diagnostic::new(
        Code::LawMisapplied,
        format!(
            "\"{found}\" is part of the {}, which does not apply to what this sentence is about",
            law.name.value
        ),
    )
    .note(format!(
        "the {} covers {}; this sentence, its paragraph or its heading is about {}",
        law.name.value,
        belongs.join(", "),
        about.join(", ")
    ))
    .help(
        "if the sentence is about the records of someone who has died (or another area the law covers), say so in it; if not, name the law that does apply, such as `{{ laws.uk_gdpr }}` for your own records",
    );
    Some(rules.cite(d, &RuleId::new(Section::Laws, id)).found(found))
}

/// Whether a sentence denies a law what it names it for: a denial before
/// the name ("you cannot use the Act") or among the first words after it
/// ("the Act does not apply", "only covers"), not one said of something
/// else further on ("gives a right to records that are not on computer").
fn denies_it(before: &str, after: &str) -> bool {
    /// How many words after the name a denial may be and still be its.
    const NEAR: usize = 4;
    let near: Vec<&str> = after.split_whitespace().take(NEAR).collect();
    super::names_any(before, DENIALS) || super::names_any(&format!("{} ", near.join(" ")), DENIALS)
}

/// Whether a law is named in a list of laws ("under the UK GDPR/Data
/// Protection Act 2018 and Access to Health Records Act 1990"): on a form
/// or page that covers each law's area, a list of the laws it relies on
/// cites each for its own area. A law's name is joined to another
/// by "and", "or", "/" or "&" (or followed by a comma and another: after an
/// opening "Under the Data Protection Act 2018," a comma joins nothing).
pub(crate) fn named_in_a_list_of_laws(text: &str, range: &Range<usize>) -> bool {
    static LAW_ENDS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    static LAW_STARTS: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let law_ends = super::claims::regex(
        &LAW_ENDS,
        r"(?:\b(?:Act|Regulations?|Order|GDPR|DPA)|\b\d{4})\)?\s*(?:/|&|\band\b|\bor\b)\s*(?:the\s+)?$",
    );
    let law_starts = super::claims::regex(
        &LAW_STARTS,
        r"^\s*(?:,|/|&|\band\b|\bor\b)\s*(?:the\s+)?(?:UK GDPR|GDPR|DPA|(?:[A-Z][\w'’()]*\s+){1,8}?(?:Act|Regulations?|Order)\b)",
    );
    let before = text.get(..range.start).unwrap_or_default();
    let after = text.get(range.end..).unwrap_or_default();
    law_ends.is_match(before) || law_starts.is_match(after)
}

/// A law cited on the page of a trust in a nation where it does not apply.
pub(crate) fn outside_its_nations(
    rules: &Rules,
    id: &str,
    trust: &Trust,
    found: &str,
) -> Option<Diagnostic> {
    let law = rules.laws.get(id)?;
    if law.nations.is_empty() || law.nations.contains(&trust.nation) {
        return None;
    }
    let mut d = Diagnostic::new(
        Code::LawForeign,
        format!(
            "the {} does not apply in {}",
            law.name.value,
            trust.nation.name()
        ),
    )
    .note(format!(
        "it applies in {}; {} is in {}",
        law.nation_names(),
        trust.name,
        trust.nation.name()
    ));
    if let Some((instead_id, instead)) = law
        .instead_in
        .get(&trust.nation)
        .and_then(|i| rules.laws.get_key_value(i))
    {
        d = d.help(format!(
            "write `{{{{ laws.{instead_id} }}}}`, which reads \"{}\"",
            instead.name.value
        ));
        d.detail_mut().expected = Some(instead.name.value.clone());
    }
    Some(rules.cite(d, &RuleId::new(Section::Laws, id)).found(found))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RuleFile;

    fn rules() -> Rules {
        let yaml = "laws:\n\
            \x20 ahra_1990: {name: Access to Health Records Act 1990, status: in_force, topics: [deceased], strict_topics: true, marks: [1 November 1991]}\n\
            \x20 foia_2000: {name: Freedom of Information Act 2000, status: in_force, topics: [foi], nations: [england, wales, northern_ireland], instead_in: {scotland: foisa_2002}}\n\
            \x20 foisa_2002: {name: Freedom of Information (Scotland) Act 2002, status: in_force, topics: [foi], nations: [scotland]}\n";
        let file: RuleFile = serde_saphyr::from_str(yaml).expect("test rules");
        Rules {
            laws: file.laws,
            ..Rules::default()
        }
    }

    #[test]
    fn a_law_is_found_by_its_name_with_or_without_its_year_and_by_its_marks() {
        let rules = rules();
        let mentions = LawMentions::new(&rules);
        let text = "The Access to Health Records Act covers records made after 1 November 1991.";
        let found: Vec<(&str, &str, bool)> = mentions
            .find(text)
            .into_iter()
            .map(|m| (&text[m.range], m.id, m.full))
            .collect();
        assert_eq!(
            found,
            [
                ("Access to Health Records Act", "ahra_1990", false),
                ("1 November 1991", "ahra_1990", false)
            ]
        );
        let text = "the Freedom of Information Act (2000) and the Freedom of Information Act";
        let full: Vec<bool> = mentions.find(text).iter().map(|m| m.full).collect();
        assert_eq!(full, [true, false]);
    }

    #[test]
    fn a_law_named_with_others_is_one_of_a_list() {
        let listed = |text: &str| {
            let at = text
                .find("Access to Health Records Act 1990")
                .expect("the law");
            named_in_a_list_of_laws(text, &(at..at + "Access to Health Records Act 1990".len()))
        };
        assert!(listed(
            "under the UK GDPR/Data Protection Act 2018 and Access to Health Records Act 1990, because"
        ));
        assert!(listed(
            "under the Access to Health Records Act 1990 and the Data Protection Act 2018."
        ));
        assert!(listed(
            "the GDPR, the Access to Health Records Act 1990, the Data Protection Act 2018"
        ));
        assert!(!listed(
            "Under the Data Protection Act 2018, the Access to Health Records Act 1990 covers your records."
        ));
        assert!(!listed(
            "The Access to Health Records Act 1990 gives you the right to see your records."
        ));
        assert!(!listed(
            "Ask us, and the Access to Health Records Act 1990 lets you see them."
        ));
    }

    #[test]
    fn a_law_cited_for_another_area_is_misapplied_unless_the_sentence_denies_it() {
        let rules = rules();
        let sar = Scope::Topics(vec![Topic::Sar]);
        let found = "Access to Health Records Act";
        assert!(
            misapplied(
                &rules,
                "ahra_1990",
                &sar,
                ("", " gives you the right to see your records"),
                found
            )
            .is_some()
        );
        assert!(
            misapplied(
                &rules,
                "ahra_1990",
                &sar,
                ("you cannot use ", " for your own records"),
                found
            )
            .is_none()
        );
        let deceased = Scope::Topics(vec![Topic::Deceased, Topic::Sar]);
        assert!(misapplied(&rules, "ahra_1990", &deceased, ("apply under ", ""), found).is_none());
        assert!(
            misapplied(
                &rules,
                "ahra_1990",
                &Scope::OtherRules,
                ("apply under ", ""),
                found
            )
            .is_none()
        );
        // A denial said of something else further on is not the law's.
        assert!(
            misapplied(
                &rules,
                "ahra_1990",
                &sar,
                ("", " gives patients a similar right to information in records that are not on computer"),
                found
            )
            .is_some()
        );
        assert!(
            misapplied(
                &rules,
                "ahra_1990",
                &sar,
                ("", " does not apply to your own records"),
                found
            )
            .is_none()
        );
        // A list item that only names the law.
        assert!(misapplied(&rules, "ahra_1990", &sar, ("- ", " 1990"), found).is_none());
    }
}
