//! The words patients search with: groups of words and phrases that mean the
//! same thing to a reader ("fee", "cost", "charge"), and words too common to
//! search for ("the", "my"), per language. The site owns them, in
//! content/search.yaml, so a comms team can add the words its patients use.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::Lang;

/// Every language's search words.
#[derive(Debug, Clone, Default, Hash)]
pub struct SearchWords {
    /// The words of each language the file gives.
    pub languages: BTreeMap<Lang, LanguageWords>,
}

/// One language's search words, each lower case, as the file gives them.
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq)]
pub struct LanguageWords {
    /// Groups of words and phrases that find each other: a search for any
    /// of them finds pages that use any other.
    pub synonyms: Vec<Vec<String>>,
    /// Words a search leaves out, because nearly every page has them.
    pub ignore: Vec<String>,
}

impl SearchWords {
    /// One language's words; none for a language the file leaves out.
    pub fn of(&self, lang: Lang) -> Option<&LanguageWords> {
        self.languages.get(&lang)
    }
}

/// Calls `each` with every word of `text` as search reads words: a run of
/// letters and digits, lower case, with accents taken off (a reader types
/// "tal" for "tâl"). Single characters are left out: "a", "I" and the "s"
/// of "patient's" find nothing. The search script reads a query the same
/// way.
pub fn for_each_search_word(text: &str, mut each: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    let mut lowered = String::new();
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        // Most words are already lower-case ASCII: they are passed on as
        // they stand, without a copy.
        let mut as_written = true;
        while let Some(&b) = bytes.get(at) {
            if b.is_ascii_lowercase() || b.is_ascii_digit() {
                at += 1;
            } else if b.is_ascii_uppercase() {
                as_written = false;
                at += 1;
            } else if b.is_ascii() {
                break;
            } else {
                match text[at..].chars().next() {
                    // An accent typed as a mark of its own ("w" then a
                    // combining circumflex) belongs to its letter's word.
                    Some(c) if c.is_alphanumeric() || (at > start && is_combining_mark(c)) => {
                        as_written = false;
                        at += c.len_utf8();
                    }
                    _ => break,
                }
            }
        }
        if at == start {
            // Not part of a word: step over the character.
            at += text[at..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let word = &text[start..at];
        if as_written {
            if word.len() > 1 {
                each(word);
            }
            continue;
        }
        lowered.clear();
        // Accents off as the search script takes them off: decomposed
        // (Unicode NFD), marks dropped, then lower case.
        lowered.extend(
            word.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .filter(|c| !is_combining_mark(*c)),
        );
        if lowered.chars().nth(1).is_some() {
            each(&lowered);
        }
    }
}

/// The words of `text`, as [`for_each_search_word`] reads them.
pub fn search_words_of(text: &str) -> impl Iterator<Item = String> {
    let mut words = Vec::new();
    for_each_search_word(text, |w| words.push(w.to_string()));
    words.into_iter()
}

#[cfg(test)]
mod tests {
    use super::search_words_of;

    fn words(text: &str) -> Vec<String> {
        search_words_of(text).collect()
    }

    #[test]
    fn words_are_lower_case_whole_and_without_accents() {
        assert_eq!(
            words("A patient's Records (SAR)"),
            ["patient", "records", "sar"]
        );
        assert_eq!(words("Codir tâl? Ŵyr"), ["codir", "tal", "wyr"]);
        assert_eq!(words("1 month, 2018"), ["month", "2018"]);
        assert_eq!(words("e-mail"), ["mail"]);
        assert_eq!(
            words("’Née’ £10 ÉCOLE naïve"),
            ["nee", "10", "ecole", "naive"]
        );
        assert_eq!(words("x é 9"), Vec::<String>::new());
        // An accent typed as a mark of its own, and letters of other
        // languages, lose their accents as the script's do.
        assert_eq!(words("W\u{302}yr Māori İzmir"), ["wyr", "maori", "izmir"]);
    }
}
