//! content/search.yaml: the words patients search with (see
//! [`crate::model::SearchWords`]). The file is optional: without it a
//! search finds only the words the pages use.

use std::sync::Arc;

use serde::Deserialize;

use super::yaml::{Located, YamlText};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Lang, LanguageWords, SearchWords};

/// Where the file lives, relative to the site root.
pub(crate) const SEARCH_FILE: &str = "content/search.yaml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchFile {
    en: Option<LanguageFile>,
    cy: Option<LanguageFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LanguageFile {
    #[serde(default)]
    synonyms: Vec<Located<Vec<Located<String>>>>,
    #[serde(default)]
    ignore: Vec<Located<String>>,
}

/// Reads the site's search words, reporting what in them cannot work.
pub(super) fn load(loader: &mut super::Loader) -> Arc<SearchWords> {
    let path = loader.root.join(SEARCH_FILE);
    if !path.is_file() {
        return Arc::default();
    }
    let Some(file) = loader.read_source(&path) else {
        return Arc::default();
    };
    let yaml = YamlText::whole(&file);
    let parsed = match yaml.parse::<SearchFile>() {
        Ok(parsed) => parsed,
        Err(diagnostic) => {
            loader.diagnostics.push(diagnostic);
            return Arc::default();
        }
    };
    let mut words = SearchWords::default();
    for (lang, language) in [(Lang::En, parsed.en), (Lang::Cy, parsed.cy)] {
        if let Some(language) = language {
            let read = read_language(&yaml, language, &mut |d| loader.diagnostics.push(d));
            words.languages.insert(lang, read);
        }
    }
    Arc::new(words)
}

/// One language's words, lower case with single spaces; a group that
/// cannot find anything more than its one word is reported and dropped.
fn read_language(
    yaml: &YamlText,
    file: LanguageFile,
    report: &mut dyn FnMut(Diagnostic),
) -> LanguageWords {
    let mut problem = |range, message: &str, help: &str| {
        report(
            Diagnostic::new(Code::SearchWords, message.to_string())
                .at(&yaml.file.path, range)
                .help(help.to_string()),
        );
    };
    let mut words = LanguageWords::default();
    for word in &file.ignore {
        let normal = normal_form(&word.value);
        if word.value.trim().chars().count() == 1 {
            problem(
                yaml.range_of(word),
                "a single letter is never searched for, so it need not be ignored",
                "remove it from `ignore`",
            );
        } else if normal.is_empty() || normal.contains(' ') {
            problem(
                yaml.range_of(word),
                "words to ignore are single words",
                "write one word per entry, such as `the`",
            );
        } else if !words.ignore.contains(&normal) {
            words.ignore.push(normal);
        }
    }
    for group in &file.synonyms {
        let mut members: Vec<String> = Vec::new();
        for word in &group.value {
            let normal = normal_form(&word.value);
            let kept: Vec<&str> = normal
                .split(' ')
                .filter(|w| !w.is_empty() && !words.ignore.iter().any(|i| i == w))
                .collect();
            if normal.is_empty() {
                problem(
                    yaml.range_of(word),
                    "this has no letters or digits, so no search can match it",
                    "write a word or a phrase, or remove the entry",
                );
            } else if normal.contains(' ') && kept.len() < 2 {
                problem(
                    yaml.range_of(word),
                    &format!(
                        "without the ignored words this phrase is only `{}`, so a search could not tell it from that word alone",
                        kept.join(" ")
                    ),
                    "take its other words out of `ignore`, or write the word that matters on its own",
                );
            } else if !members.contains(&normal) {
                members.push(normal);
            }
        }
        if members.len() < 2 {
            problem(
                yaml.range_of(group),
                "a group of synonyms needs at least two different words",
                "add the words patients use for the same thing, such as [fee, cost, charge]",
            );
            continue;
        }
        words.synonyms.push(members);
    }
    words
}

/// A word or phrase as a search compares it: the words it is made of,
/// lower case, one space apart.
fn normal_form(text: &str) -> String {
    crate::model::search_words_of(text)
        .collect::<Vec<_>>()
        .join(" ")
}
