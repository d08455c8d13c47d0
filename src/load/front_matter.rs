//! Front matter in the shape nearly every page has, read without the YAML
//! parser. The YAML parser costs as much per page as reading the page's
//! markdown does; the front matter Verity writes and documents is a few
//! `key: value` lines, which are read here directly.
//!
//! Anything outside that shape (comments, quotes, block lists, `slug`,
//! `trusts`, `nations`, `allow`, a value YAML could read as something other than
//! plain text) is left to the YAML parser, which reads the full language
//! and reports problems with their places. So this never decides what a
//! page means differently from the YAML parser; it only decides sooner.

use crate::model::{Date, FrontMatter, PageTopics, Topic};

/// Reads front matter that is only `title`, `description`, `topics` as a
/// one-line list, the review dates, `order` and `group`, one plain `key: value`
/// line each; `None` for anything else.
pub(crate) fn read_plain(yaml: &str) -> Option<FrontMatter> {
    let mut fields = Fields::default();
    for line in yaml.split('\n') {
        if line.is_empty() {
            continue;
        }
        let (key, value) = line.split_once(": ")?;
        let value = value.trim_start_matches(' ');
        let slot = match key {
            "title" => &mut fields.title,
            "description" => &mut fields.description,
            "topics" => &mut fields.topics,
            "last_reviewed" => &mut fields.last_reviewed,
            "next_review" => &mut fields.next_review,
            "order" => &mut fields.order,
            "group" => &mut fields.group,
            _ => return None,
        };
        if slot.replace(value).is_some() {
            return None;
        }
    }
    Some(FrontMatter {
        title: plain_text(fields.title?)?.to_string(),
        description: plain_text(fields.description?)?.to_string(),
        topics: PageTopics::known(topics(fields.topics?)?),
        last_reviewed: optional(fields.last_reviewed, date)?,
        next_review: optional(fields.next_review, date)?,
        slug: None,
        trusts: None,
        nations: None,
        allow: Vec::new(),
        order: optional(fields.order, order)?,
        group: optional(fields.group, |g| plain_text(g).map(str::to_string))?,
    })
}

/// An optional field: absent is fine, present must read.
fn optional<T>(value: Option<&str>, read: fn(&str) -> Option<T>) -> Option<Option<T>> {
    match value {
        None => Some(None),
        Some(value) => read(value).map(Some),
    }
}

/// Each field's value as written, before it is read.
#[derive(Default)]
struct Fields<'a> {
    title: Option<&'a str>,
    description: Option<&'a str>,
    topics: Option<&'a str>,
    last_reviewed: Option<&'a str>,
    next_review: Option<&'a str>,
    order: Option<&'a str>,
    group: Option<&'a str>,
}

/// A value that YAML reads as exactly the text written: it starts with a
/// letter (not a quote, `-`, `[`, `&`, `!` or any other sign YAML reads),
/// holds no `: `, `#`, tab or control character, does not end in a space
/// or `:`, and is not a word YAML reads as true, false or nothing.
fn plain_text(value: &str) -> Option<&str> {
    let first = value.chars().next()?;
    let plain = first.is_alphabetic()
        && !value.ends_with([' ', ':'])
        && !value.contains(": ")
        && !value.contains('#')
        && !value
            .chars()
            .any(|c| c.is_control() || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'))
        && !matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    plain.then_some(value)
}

/// `[sar, deceased]`: known topics, lowercase words in one list.
fn topics(value: &str) -> Option<Vec<Topic>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if inner.trim_matches(' ').is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(',')
        .map(|word| {
            let word = word.trim_matches(' ');
            let plain = !word.is_empty()
                && word.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                });
            plain.then(|| Topic::parse(word).ok()).flatten()
        })
        .collect()
}

/// `2026-11-20`: a valid date, written as YAML would leave it.
fn date(value: &str) -> Option<Date> {
    let shaped = value.len() == 10
        && value.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped.then(|| Date::parse(value).ok()).flatten()
}

/// A whole number without leading zeros that fits.
fn order(value: &str) -> Option<i32> {
    let digits = value.strip_prefix('-').unwrap_or(value);
    let plain = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| value.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::SourceFile;
    use crate::load::yaml::YamlText;
    use std::path::Path;

    /// What the YAML parser makes of the text, in the same form.
    fn by_yaml(yaml: &str) -> Option<String> {
        let file = SourceFile::new("p.md", Path::new("/p.md"), yaml.to_string());
        let front: Option<FrontMatter> = YamlText::whole(&file).parse().ok();
        front.map(|f| format!("{f:?}"))
    }

    /// Checks that the plain reading, where it reads the text at all,
    /// agrees with the YAML parser; returns whether it read it.
    fn agrees(yaml: &str) -> bool {
        let Some(plain) = read_plain(yaml) else {
            return false;
        };
        assert_eq!(Some(format!("{plain:?}")), by_yaml(yaml), "{yaml:?}");
        true
    }

    const USUAL: &str = "title: What it costs\ndescription: When asking for records is free, and the rare times we can charge.\ntopics: [sar, deceased]\nlast_reviewed: 2026-11-20\nnext_review: 2027-11-20\norder: 5\n";

    #[test]
    fn the_usual_shape_is_read_as_yaml_reads_it() {
        assert!(agrees(USUAL));
        assert!(agrees("title: A\ndescription: B\ntopics: []\n"));
        assert!(agrees(
            "title:   Spaced\ndescription: It's the GP's record (online)\ntopics: [ sar ,gp-online ]\norder: -3"
        ));
    }

    #[test]
    fn anything_else_is_left_to_the_yaml_parser() {
        for yaml in [
            "title: \"Quoted\"\ndescription: B\ntopics: [sar]\n",
            "title: A # comment\ndescription: B\ntopics: [sar]\n",
            "title: Rights: what to expect\ndescription: B\ntopics: [sar]\n",
            "title: True\ndescription: B\ntopics: [sar]\n",
            "title: 5 things\ndescription: B\ntopics: [sar]\n",
            "title: A\ndescription: B\ntopics:\n  - sar\n",
            "title: A\ndescription: B\ntopics: [sar]\nslug: here\n",
            "title: A\ndescription: B\ntopics: [sar]\ntitle: again\n",
            "title: A\r\ndescription: B\r\ntopics: [sar]\r\n",
            "title: A\ndescription: B\ntopics: [sra]\n",
            "title: A\ndescription: B\ntopics: [sar]\nlast_reviewed: 2026-02-30\n",
            "title: A\ndescription: B\ntopics: [sar]\norder: 007\n",
            "title: A\ndescription: B\ntopics: [sar]\norder: 99999999999\n",
            "title: A\ndescription: B\n",
            "  title: A\ndescription: B\ntopics: [sar]\n",
            "title: A \ndescription: B\ntopics: [sar]\n",
            "title: A\tB\ndescription: B\ntopics: [sar]\n",
        ] {
            assert!(!agrees(yaml), "{yaml:?}");
        }
    }

    #[test]
    fn every_line_of_the_usual_shape_can_be_changed_a_little_and_still_agree() {
        // Each field's value changed by one character, in every position:
        // the plain reading either declines or agrees with YAML.
        let extras = [
            ' ', ':', '#', '-', '[', ']', ',', '\'', '"', '&', '*', '!', '%', '@', '|', '>', 'é',
            '0',
        ];
        for (at, _) in USUAL.char_indices() {
            for c in extras {
                let mut changed = USUAL.to_string();
                changed.insert(at, c);
                agrees(&changed);
            }
        }
    }
}
