//! Lints on how a page is written, for patients who use screen readers or
//! find reading hard: images need alt text, headings must not skip a
//! level, the page has one main heading (the theme's), link text must say
//! where it goes, tables need headers, and sentences should be short.

use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic};
use crate::expand::ExpandedPage;

use super::text::{OutlineItem, TextBlock};

/// Link texts that do not say where a link goes.
const VAGUE_LINK_TEXTS: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "this link",
    "link",
    "find out more",
];

/// The longest sentence, in words, before it is reported.
const LONGEST_SENTENCE: usize = 25;

/// Structure lints over the page's outline.
pub fn structure(file: &str, page: &ExpandedPage, outline: &[OutlineItem]) -> Vec<Diagnostic> {
    // The whole construct where it is typed in one piece; else its start.
    let at = |range: &Range<usize>| {
        page.typed_source(range)
            .map(|s| s..s + range.len())
            .or_else(|| page.source_offset(range.start).map(|s| s..s + 1))
    };
    let mut found = Vec::new();
    let mut level = 1; // the theme writes the page title as the one h1
    for item in outline {
        let problem = match item {
            OutlineItem::Heading(number, range) => {
                let number = usize::from(*number);
                let problem = if number == 1 {
                    Some((Code::HeadingH1, "use `##` for headings: the page title is the only top-level heading".to_string()))
                } else if number > level + 1 {
                    Some((Code::HeadingSkipped, format!("this heading skips from level {level} to level {number}")))
                } else {
                    None
                };
                let help = format!("use {} so that screen-reader users can follow the page's outline", "#".repeat(level.min(5) + 1));
                level = number.max(2);
                problem.map(|(code, message)| (range, Diagnostic::new(code, message).help(help)))
            }
            OutlineItem::Image(range, alt) if alt.trim().is_empty() => Some((
                range,
                Diagnostic::new(Code::ImageAltMissing, "this image has no alt text")
                    .help("describe the image between the square brackets, for example ![A filled-in request form](form.png)"),
            )),
            OutlineItem::Link(range, text) => {
                let text = text.trim().trim_end_matches('.').to_lowercase();
                VAGUE_LINK_TEXTS.contains(&text.as_str()).then(|| {
                    let d = Diagnostic::new(Code::LinkTextVague, format!("the link text \"{text}\" does not say where the link goes"))
                        .help("use words that make sense on their own, such as \"how to ask for your records\"");
                    (range, d)
                })
            }
            OutlineItem::Html(range, html) => unsafe_html(html).map(|what| {
                let d = Diagnostic::new(Code::HtmlUnsafe, format!("this HTML has {what}, which could run a script on patients' devices"))
                    .help("remove it: pages may use plain HTML, but no scripts, event handlers, javascript: addresses or frames");
                (range, d)
            }),
            OutlineItem::ScriptLink(range, _) => Some((
                range,
                Diagnostic::new(Code::HtmlUnsafe, "this link runs a script (a javascript: address)")
                    .help("link to a page or a web address instead"),
            )),
            OutlineItem::TableHead(range, text) if text.trim().is_empty() => Some((
                range,
                Diagnostic::new(Code::TableHeaderMissing, "this table has no header row")
                    .help("give every column a heading in the table's first row"),
            )),
            _ => None,
        };
        if let Some((d, place)) = problem.and_then(|(range, d)| at(range).map(|place| (d, place))) {
            found.push(d.at(file, place));
        }
    }
    found
}

/// What makes a piece of raw HTML unsafe, if anything.
fn unsafe_html(html: &str) -> Option<&'static str> {
    let lower = html.to_ascii_lowercase();
    let squeezed: String = lower.chars().filter(|c| !c.is_whitespace()).collect();
    if lower.contains("<script") {
        Some("a <script> element")
    } else if lower.contains("<iframe")
        || lower.contains("<frame")
        || lower.contains("<object")
        || lower.contains("<embed")
    {
        Some("a frame or embedded object")
    } else if squeezed.contains("javascript:") {
        Some("a javascript: address")
    } else if has_event_handler(&lower) {
        Some("an event handler attribute (such as onclick)")
    } else {
        None
    }
}

/// An attribute such as ` onclick=` or ` onerror =` inside a tag.
fn has_event_handler(lower: &str) -> bool {
    lower.match_indices("on").any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let name_end = lower[at..]
            .find(|c: char| !c.is_ascii_alphabetic())
            .map_or(lower.len(), |e| at + e);
        let after = lower[name_end..].trim_start();
        matches!(before, Some(c) if c.is_whitespace() || c == '/' || c == '"' || c == '\'')
            && name_end > at + 2
            && after.starts_with('=')
    })
}

/// One sentence of a block: where it is in the block's text, and its words
/// and their syllables, counted in one pass for both writing lints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in the block's text.
    pub range: Range<usize>,
    /// Words, split at white space.
    pub words: usize,
    /// Syllables of those words, roughly (see `syllable_count`).
    pub syllables: usize,
}

/// Each block's sentences. Worked out once for both lints that need them.
pub fn block_sentences(blocks: &[TextBlock]) -> Vec<Vec<Sentence>> {
    blocks.iter().map(|block| sentences(&block.text)).collect()
}

/// Sentences longer than [`LONGEST_SENTENCE`] words, at their first typed
/// word. `sentences` is [`block_sentences`] of the same blocks.
pub fn long_sentences(
    file: &str,
    blocks: &[TextBlock],
    sentences: &[Vec<Sentence>],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for (block, sentences) in blocks.iter().zip(sentences) {
        for Sentence { range, words, .. } in sentences.iter().cloned() {
            if words <= LONGEST_SENTENCE {
                continue;
            }
            let Some(place) = block.typed_source(&(range.start..range.start + 1)) else {
                continue;
            };
            found.push(
                Diagnostic::new(Code::SentenceLong, format!("this sentence has {words} words"))
                    .at(file, place)
                    .help("split it: the NHS writes sentences of up to 20 words, for a reading age of 9 to 11"),
            );
        }
    }
    found
}

/// Each sentence of a text. A sentence ends at `.`, `!` or `?` before
/// white space, or at the end of the text.
fn sentences(text: &str) -> Vec<Sentence> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut from) = (0, 0);
    while start < text.len() {
        let end = match memchr::memchr3(b'.', b'!', b'?', &bytes[from..]) {
            Some(at) => from + at + 1,
            None => text.len(),
        };
        from = end;
        let ends =
            end == text.len() || text[end..].starts_with(|n: char| n.is_whitespace() || n == '\0');
        if !ends {
            continue;
        }
        let sentence = &text[start..end];
        let (words, syllables) = words_and_syllables(sentence);
        if words > 0 {
            let lead = sentence.len() - sentence.trim_start().len();
            out.push(Sentence {
                range: start + lead..end,
                words,
                syllables,
            });
        }
        start = end;
    }
    out
}

/// Words in a piece of text, split at white space, and their syllables.
fn words_and_syllables(text: &str) -> (usize, usize) {
    let (mut words, mut syllables) = (0, 0);
    let mut count = |word: &str| {
        words += 1;
        syllables += syllable_count(word);
    };
    // Most text is ASCII, where splitting by bytes is several times faster.
    if text.is_ascii() {
        text.split_ascii_whitespace().for_each(&mut count);
    } else {
        text.split_whitespace().for_each(&mut count);
    }
    (words, syllables)
}

/// The reading age a page's text needs, from the Flesch-Kincaid grade (a
/// grade is the school year in the US; reading age is grade plus 5), given
/// [`block_sentences`] of its blocks. Sentences end at white space, so the
/// sentences' words are all the blocks' words.
pub fn reading_age(sentences: &[Vec<Sentence>]) -> Option<f64> {
    let all = sentences.iter().flatten();
    let sentence_count = all.clone().count();
    let words: usize = all.clone().map(|s| s.words).sum();
    let syllables: usize = all.map(|s| s.syllables).sum();
    if words < 50 || sentence_count == 0 {
        return None;
    }
    let grade = 0.39 * words as f64 / sentence_count as f64
        + 11.8 * syllables as f64 / words as f64
        - 15.59;
    Some((grade + 5.0).max(5.0))
}

/// What a byte is to the syllable counter, with letters in lowercase.
#[derive(Clone, Copy)]
enum Letter {
    Other,
    Consonant(u8),
    Vowel(u8),
}

const LETTERS: [Letter; 256] = {
    let mut table = [Letter::Other; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        if b.is_ascii_alphabetic() {
            let lower = b.to_ascii_lowercase();
            table[byte] = match lower {
                b'a' | b'e' | b'i' | b'o' | b'u' | b'y' => Letter::Vowel(lower),
                _ => Letter::Consonant(lower),
            };
        }
        byte += 1;
    }
    table
};

/// Syllables in an English word, by vowel groups: rough, as every
/// readability formula is, but enough to tell short words from long.
fn syllable_count(word: &str) -> usize {
    let (mut count, mut previous_vowel, mut last, mut before_last) = (0, false, 0u8, 0u8);
    for letter in word.bytes() {
        // Every word of every page passes here: one table lookup per byte.
        let (letter, vowel) = match LETTERS[usize::from(letter)] {
            Letter::Other => continue,
            Letter::Consonant(l) => (l, false),
            Letter::Vowel(l) => (l, true),
        };
        if vowel && !previous_vowel {
            count += 1;
        }
        previous_vowel = vowel;
        (before_last, last) = (last, letter);
    }
    if last == 0 {
        return 0;
    }
    // A silent final "e", as in "write", but not "-le" as in "table".
    if last == b'e' && before_last != b'l' && count > 1 {
        count -= 1;
    }
    count.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_html_is_recognised_and_plain_html_is_not() {
        assert!(unsafe_html("<script>alert(1)</script>").is_some());
        assert!(unsafe_html("<img src=x onerror=alert(1)>").is_some());
        assert!(unsafe_html("<a href=\"java script:alert(1)\">x</a>").is_some());
        assert!(unsafe_html("<iframe src=\"https://example.org\"></iframe>").is_some());
        assert!(
            unsafe_html("<abbr title=\"Information Commissioner's Office\">ICO</abbr>").is_none()
        );
        assert!(unsafe_html("<p>Come on in</p>").is_none());
    }

    #[test]
    fn syllables_and_sentences() {
        assert_eq!(syllable_count("records"), 2);
        assert_eq!(syllable_count("information"), 4);
        assert_eq!(syllable_count("the"), 1);
        let found = sentences("One two three. Four five? Six");
        assert_eq!(found.iter().map(|s| s.words).collect::<Vec<_>>(), [3, 2, 1]);
        assert_eq!(
            found.iter().map(|s| s.syllables).collect::<Vec<_>>(),
            [3, 2, 1]
        );
        assert_eq!(found[1].range, 15..25);
        // A full stop inside a word or a number does not end a sentence.
        let found = sentences("Call 0113.496 now. See www.nhs.uk\u{a0}today. ");
        assert_eq!(found.iter().map(|s| s.words).collect::<Vec<_>>(), [3, 3]);
    }
}
