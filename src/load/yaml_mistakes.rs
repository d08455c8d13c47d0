//! The YAML mistakes comms teams make most, told in their words with the
//! line to write. The parser says "mapping values are not allowed in this
//! context"; the author needs to hear that the title has a colon in it and
//! should be in quotes. Each shape is recognised from the parser's own
//! message and the lines around the place it gives.

use std::ops::Range;

/// A plainer account of a parser error: what is wrong, what to write, and
/// where (which may be a better place than the parser's).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Mistake {
    pub(super) message: String,
    pub(super) help: String,
    pub(super) range: Range<usize>,
}

/// Explains the parser's `error` (its message, without the place), found
/// at `range` of `text`, where the YAML is `yaml` of the text; `None` for
/// a mistake of another shape.
pub(super) fn explain(
    text: &str,
    yaml: Range<usize>,
    range: &Range<usize>,
    error: &str,
) -> Option<Mistake> {
    let region = &text[yaml.clone()];
    let at = range.start.clamp(yaml.start, yaml.end) - yaml.start;
    if error.contains("tab") {
        return tab(region, at).map(|m| m.offset(yaml.start));
    }
    if let Some(mistake) = indented_key(region, at, range.end.saturating_sub(yaml.start)) {
        return Some(mistake.offset(yaml.start));
    }
    let line = line_at(region, at);
    let found = if error.starts_with("mapping values are not allowed") {
        colon_in_value(region, line)
    } else if error.contains("expected sequence") || error.contains("expected a sequence") {
        not_a_list(region, line)
    } else if is_number_type_error(error) {
        not_a_number(region, line)
    } else {
        None
    };
    found.map(|m| m.offset(yaml.start))
}

/// "invalid u32", "invalid i32": the parser's words for a value that is
/// not the number a key needs (not "invalid indentation").
fn is_number_type_error(error: &str) -> bool {
    let mut words = error.split([' ', ':']);
    words.next() == Some("invalid")
        && words.next().is_some_and(|kind| {
            let (sign, bits) = kind.split_at(kind.len().min(1));
            matches!(sign, "u" | "i") && bits.parse::<u8>().is_ok()
        })
}

impl Mistake {
    fn offset(mut self, by: usize) -> Mistake {
        self.range = self.range.start + by..self.range.end + by;
        self
    }
}

/// The byte range of the line holding `at`, without its line break.
fn line_at(text: &str, at: usize) -> Range<usize> {
    let start = text[..at.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

/// `key: value` on a line: the key, and the value's range in the text.
fn key_and_value(text: &str, line: Range<usize>) -> Option<(&str, Range<usize>)> {
    let written = &text[line.clone()];
    let indent = written.len() - written.trim_start().len();
    let colon = written
        .find(": ")
        .or_else(|| written.strip_suffix(':').map(|k| k.len()))?;
    let key = written[indent..colon].trim();
    let plain_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !plain_key {
        return None;
    }
    let value_start = (colon + 1..written.len())
        .find(|&i| !written[i..].starts_with(' '))
        .unwrap_or(written.len());
    Some((key, line.start + value_start..line.end))
}

/// A tab where YAML wants spaces: at the first tab of the indentation
/// at or after the parser's place (the parser notices it a line late).
fn tab(text: &str, at: usize) -> Option<Mistake> {
    let from = line_at(text, at).start;
    let tab = text[from..]
        .find('\t')
        .map(|i| from + i)
        .or_else(|| text.find('\t'))?;
    Some(Mistake {
        message: "this line is lined up with a tab, and YAML lines things up with spaces only"
            .to_string(),
        help: "replace the tab with spaces (two for each step in), or delete it if the key belongs at the start of the line".to_string(),
        range: tab..tab + 1,
    })
}

/// A key indented under a line that already has its value ("next_review:
/// 2027-11-20" then "  order: 5"): YAML reads it as more of that value.
fn indented_key(text: &str, at: usize, end: usize) -> Option<Mistake> {
    let first = line_at(text, at);
    // The parser's place, and the lines up to the end of what it read.
    let mut lines = vec![first.clone()];
    let mut next = first.end + 1;
    while next < end.min(text.len()) {
        let line = line_at(text, next);
        next = line.end + 1;
        lines.push(line);
    }
    for line in lines {
        let written = &text[line.clone()];
        let indent = written.len() - written.trim_start().len();
        if indent == 0 || written.trim_start().starts_with(['-', '#']) {
            continue;
        }
        let Some((key, _)) = key_and_value(text, line.clone()) else {
            continue;
        };
        let above = previous_line(text, line.start)?;
        let above_written = &text[above.clone()];
        let above_indent = above_written.len() - above_written.trim_start().len();
        let above_has_value = key_and_value(text, above).is_some_and(|(_, v)| !v.is_empty());
        if above_indent < indent && above_has_value {
            let start = line.start + indent;
            return Some(Mistake {
                message: format!(
                    "`{key}:` is indented, so YAML reads it as more of the line above"
                ),
                help: format!(
                    "start `{key}:` at the same place as the line above (delete the spaces before it)"
                ),
                range: start..start + key.len() + 1,
            });
        }
    }
    None
}

/// The last line before `start` that is not blank or a comment.
fn previous_line(text: &str, start: usize) -> Option<Range<usize>> {
    let mut end = start.checked_sub(1)?;
    loop {
        let line = line_at(text, end);
        let written = text[line.clone()].trim();
        if !written.is_empty() && !written.starts_with('#') {
            return Some(line);
        }
        end = line.start.checked_sub(1)?;
    }
}

/// "title: Costs: what you pay": a second colon in a value.
fn colon_in_value(text: &str, line: Range<usize>) -> Option<Mistake> {
    let (key, value) = key_and_value(text, line)?;
    let written = &text[value.clone()];
    let quoted = written.replace('\\', "\\\\").replace('"', "\\\"");
    Some(Mistake {
        message: format!(
            "the value of `{key}` has a colon in it, so YAML takes it for another key"
        ),
        help: format!("put the value in double quotes: `{key}: \"{quoted}\"`"),
        range: value,
    })
}

/// "topics: sar": one item where a list belongs.
fn not_a_list(text: &str, line: Range<usize>) -> Option<Mistake> {
    let (key, value) = key_and_value(text, line)?;
    let items: Vec<&str> = text[value.clone()]
        .split([',', ' '])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(Mistake {
        message: format!("`{key}` is a list, even with one item in it"),
        help: format!(
            "write it in square brackets: `{key}: [{}]`",
            items.join(", ")
        ),
        range: value,
    })
}

/// "order: five": a word where a number belongs.
fn not_a_number(text: &str, line: Range<usize>) -> Option<Mistake> {
    let (key, value) = key_and_value(text, line)?;
    let written = text[value.clone()].trim();
    let word = written.trim_matches(['"', '\'']).to_lowercase();
    let example = crate::model::number_word(&word).unwrap_or(1);
    Some(Mistake {
        message: format!("`{key}` needs a whole number written in digits, not `{written}`"),
        help: format!("write `{key}: {example}`"),
        range: value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(text: &str, at: &str, error: &str) -> Mistake {
        let start = text.find(at).expect("the parser's place");
        explain(text, 0..text.len(), &(start..start + at.len()), error).expect("explained")
    }

    #[test]
    fn a_colon_in_a_title_is_told_to_go_in_quotes() {
        let text = "title: Costs: what you pay\ndescription: x\n";
        let m = explained(
            text,
            ": what",
            "mapping values are not allowed in this context",
        );
        assert_eq!(
            m.help,
            "put the value in double quotes: `title: \"Costs: what you pay\"`"
        );
        assert_eq!(&text[m.range], "Costs: what you pay");
    }

    #[test]
    fn one_topic_is_told_to_be_a_list() {
        let text = "title: x\ntopics: sar\n";
        let m = explained(text, "sar", "expected sequence start");
        assert_eq!(m.help, "write it in square brackets: `topics: [sar]`");
    }

    #[test]
    fn a_word_for_a_number_is_written_in_digits() {
        let text = "order: five\n";
        let m = explained(text, "five", "invalid i32");
        assert_eq!(m.help, "write `order: 5`");
        let quote = "  records:\n    phone: \"0115\n    email: a@b.nhs.uk\n";
        let at = quote.find("email").expect("email");
        assert_eq!(
            explain(
                quote,
                0..quote.len(),
                &(at..at + 5),
                "invalid indentation in quoted scalar"
            ),
            None
        );
    }

    #[test]
    fn a_tab_and_an_indented_key_are_found_on_their_own_line() {
        let text = "next_review: 2027-11-20\n\torder: 5\n";
        let m = explained(text, "2027", "while scanning a plain scalar, found a tab");
        assert_eq!(m.range, 24..25);
        let text = "next_review: 2027-11-20\n  order: 5\n";
        let start = text.find("2027").expect("date");
        let m =
            explain(text, 0..text.len(), &(start..text.len() - 4), "not a date").expect("indented");
        assert_eq!(&text[m.range], "order:");
        assert!(m.message.starts_with("`order:` is indented"));
    }
}
