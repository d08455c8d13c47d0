//! Lints on how a page is written, for patients who use screen readers or
//! find reading hard: images need alt text, headings must not skip a
//! level, the page has one main heading (the theme's), link text must say
//! where it goes, tables need headers, and sentences should be short.

use std::ops::Range;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::expand::{ExpandedPage, Origin};
use crate::read::body::RemovedHtml;
use crate::read::sanitize::{MAX_HTML_DEPTH, Removal};

use crate::read::text::{OutlineItem, TextBlock};

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
pub(crate) fn structure(
    file: &Arc<str>,
    page: &ExpandedPage,
    outline: &[OutlineItem],
) -> Vec<Diagnostic> {
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
            OutlineItem::Link(range, text, _) => {
                let text = text.trim().trim_end_matches('.').to_lowercase();
                VAGUE_LINK_TEXTS.contains(&text.as_str()).then(|| {
                    let d = Diagnostic::new(Code::LinkTextVague, format!("the link text \"{text}\" does not say where the link goes"))
                        .help("use words that make sense on their own, such as \"how to ask for your records\"");
                    (range, d)
                })
            }
            OutlineItem::TableHead(range, text) if text.trim().is_empty() => Some((
                range,
                Diagnostic::new(Code::TableHeaderMissing, "this table has no header row")
                    .help("give every column a heading in the table's first row"),
            )),
            _ => None,
        };
        if let Some((d, place)) = problem.and_then(|(range, d)| at(range).map(|place| (d, place))) {
            found.push(d.at_shared(file, place));
        }
    }
    found
}

/// `html-unsafe`: something the sanitiser removed from a page's HTML, at
/// the place it is written (or, where the data wrote it, at the
/// expression), saying why it is not allowed.
pub(crate) fn removed_html(file: &str, page: &ExpandedPage, removed: &RemovedHtml) -> Diagnostic {
    let range = &removed.range;
    let place = match page.typed_source(range) {
        Some(start) => start..start + range.len(),
        None => match page.origin_at(range.start) {
            Some(Origin::Data { expression, .. }) => expression.clone(),
            _ => page.source_offset(range.start).map_or(0..0, |s| s..s + 1),
        },
    };
    let (message, help) = removal_wording(&removed.what);
    let code = match removed.what {
        Removal::Nesting => Code::NestingTooDeep,
        _ => Code::HtmlUnsafe,
    };
    Diagnostic::new(code, message)
        .at(file, place)
        .note("Verity removes from a page's HTML everything that is not on its list of safe HTML; docs/raw-html.md lists what pages may use")
        .help(help)
}

/// What is wrong with something the sanitiser removes, and what to do.
fn removal_wording(what: &Removal) -> (String, String) {
    let remove = "remove it: pages may use plain HTML such as <abbr>, <details>, <table> and <strong>, but nothing that runs, loads or sends anything";
    match what {
        Removal::Element { name } => {
            let why = match name.as_str() {
                "script" | "noscript" => "runs code on patients' devices",
                "iframe" | "frame" | "frameset" | "object" | "embed" | "applet" | "portal"
                | "svg" | "math" | "template" => {
                    "can run a script or show content from another site"
                }
                "form" | "input" | "button" | "textarea" | "select" | "option" | "optgroup"
                | "fieldset" | "label" | "datalist" | "output" => {
                    "belongs to a form, which could send what patients type to another site"
                }
                "base" => "would send every link on the page to another address",
                "meta" => "can send patients to another site or change how the page behaves",
                "link" | "style" => "loads styles that could change or hide what the page says",
                _ => "is not on the list of HTML that pages may use",
            };
            (format!("the element <{name}> {why}"), remove.to_string())
        }
        Removal::Nesting => (
            format!(
                "this HTML is nested more than {MAX_HTML_DEPTH} elements deep, deeper than browsers read; the page shows it as text"
            ),
            "close elements before opening new ones".to_string(),
        ),
        Removal::Attribute { element, name } if name.starts_with("on") => (
            format!("the attribute `{name}` on <{element}> runs a script"),
            remove.to_string(),
        ),
        Removal::Attribute { element, name } if name == "style" => (
            format!(
                "the attribute `style` on <{element}> is not allowed: the site's security policy blocks styles written into pages"
            ),
            "remove it: the theme sets how pages look".to_string(),
        ),
        Removal::Attribute { element, name } => (
            format!("<{element}> may not have the attribute `{name}`"),
            remove.to_string(),
        ),
        Removal::Address { name, address, .. } => {
            // The scheme as a browser reads it: tabs and line breaks inside
            // an address are ignored.
            let scheme = ammonia::Url::parse(address)
                .map(|url| url.scheme().to_string())
                .unwrap_or_default();
            let why = match scheme.as_str() {
                "" => "is not a valid address".to_string(),
                "javascript" | "vbscript" => format!("runs a script (a `{scheme}:` address)"),
                "data" => "holds a whole file in itself (a `data:` address), which can hide a page or a script".to_string(),
                _ => format!("starts `{scheme}:`, which pages may not link to"),
            };
            (
                format!("the address in `{name}` {why}"),
                "link to a page of the site, or to an address that starts https:, mailto: or tel:"
                    .to_string(),
            )
        }
    }
}

/// One sentence of a block: where it is in the block's text, and its words
/// and their syllables, counted in one pass for both writing lints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sentence {
    /// Byte range in the block's text.
    pub(crate) range: Range<usize>,
    /// Words, split at white space.
    pub(crate) words: usize,
    /// Syllables of those words, roughly (see `syllable_count`).
    pub(crate) syllables: usize,
}

/// Each block's sentences. Worked out once for both lints that need them.
pub(crate) fn block_sentences(blocks: &[TextBlock]) -> Vec<Vec<Sentence>> {
    blocks.iter().map(|block| sentences(&block.text)).collect()
}

/// Sentences longer than [`LONGEST_SENTENCE`] words, at their first typed
/// word. `sentences` is [`block_sentences`] of the same blocks.
pub(crate) fn long_sentences(
    file: &Arc<str>,
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
                    .at_shared(file, place)
                    .help("split it: the NHS writes sentences of up to 20 words, for a reading age of 9 to 11"),
            );
        }
    }
    found
}

/// Each sentence of a text, with its words and syllables counted in the
/// same pass over the bytes. A sentence ends at `.`, `!` or `?` before white
/// space, or at the end of the text; words are split at white space.
fn sentences(text: &str) -> Vec<Sentence> {
    let mut found = Vec::new();
    let mut sentence: Option<Sentence> = None;
    let mut at = 0;
    loop {
        while at < text.len() && space_at(text, at).0 {
            at += space_at(text, at).1;
        }
        if at == text.len() {
            break;
        }
        let current = sentence.get_or_insert(Sentence {
            range: at..at,
            words: 0,
            syllables: 0,
        });
        let (word, end, ends_sentence) = read_word(text, at);
        current.words += 1;
        current.syllables += word.syllables();
        at = end;
        if ends_sentence {
            found.extend(sentence.take().map(|s| Sentence {
                range: s.range.start..at,
                ..s
            }));
        }
    }
    found.extend(sentence.map(|s| Sentence {
        range: s.range.start..text.len(),
        ..s
    }));
    found
}

/// Reads the word that starts at byte `start`: its syllables, where it
/// ends, and whether it ends a sentence. Every byte of every page's text
/// passes here, so ASCII is read a byte at a time without decoding.
fn read_word(text: &str, start: usize) -> (WordTally, usize, bool) {
    let bytes = text.as_bytes();
    let mut tally = WordTally::default();
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        if !byte.is_ascii() {
            match space_at(text, at) {
                (true, _) => return (tally, at, false),
                (false, width) => at += width,
            }
            continue;
        }
        if is_ascii_space(byte) {
            return (tally, at, false);
        }
        tally.byte(byte);
        at += 1;
        if matches!(byte, b'.' | b'!' | b'?') && ends_sentence(text, at) {
            return (tally, at, true);
        }
    }
    (tally, at, false)
}

/// White space as `char::is_whitespace` has it, within ASCII.
fn is_ascii_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t'..=b'\r')
}

/// Whether the character at byte `at` is white space, and its width.
fn space_at(text: &str, at: usize) -> (bool, usize) {
    match text.as_bytes()[at] {
        byte if byte.is_ascii() => (is_ascii_space(byte), 1),
        _ => text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
    }
}

/// Whether a `.`, `!` or `?` that ends just before byte `at` ends a
/// sentence: it does before white space, a `\0` or the end of the text.
fn ends_sentence(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        None | Some(0) => true,
        Some(_) => space_at(text, at).0,
    }
}

/// The reading age a page's text needs, from the Flesch-Kincaid grade (a
/// grade is the school year in the US; reading age is grade plus 5), given
/// [`block_sentences`] of its blocks. Sentences end at white space, so the
/// sentences' words are all the blocks' words.
pub(crate) fn reading_age(sentences: &[Vec<Sentence>]) -> Option<f64> {
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

/// Each byte as a lowercase letter, or 0 if it is not a letter.
const LOWERCASE: [u8; 256] = {
    let mut table = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        if (byte as u8).is_ascii_alphabetic() {
            table[byte] = (byte as u8).to_ascii_lowercase();
        }
        byte += 1;
    }
    table
};

/// Whether each byte is a vowel (with `y`), in either case.
const VOWELS: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(LOWERCASE[byte], b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
        byte += 1;
    }
    table
};

/// The syllables of a word as it is read, byte by byte, by vowel groups:
/// rough, as every readability formula is, but enough to tell short words
/// from long.
#[derive(Default, Clone, Copy)]
struct WordTally {
    vowel_groups: usize,
    previous_vowel: bool,
    last: u8,
    before_last: u8,
}

impl WordTally {
    fn byte(&mut self, byte: u8) {
        // Every letter of every page passes here. Whether a letter is a
        // vowel is as good as random to the processor, so this is written
        // without branches: a wrong guess costs more than the work.
        let letter = LOWERCASE[usize::from(byte)];
        let vowel = VOWELS[usize::from(byte)];
        let is_letter = letter != 0;
        self.vowel_groups += usize::from(vowel & !self.previous_vowel);
        self.previous_vowel = (is_letter & vowel) | (!is_letter & self.previous_vowel);
        self.before_last = if is_letter {
            self.last
        } else {
            self.before_last
        };
        self.last = if is_letter { letter } else { self.last };
    }

    fn syllables(&self) -> usize {
        if self.last == 0 {
            return 0;
        }
        // A silent final "e", as in "write", but not "-le" as in "table".
        let silent_e = self.last == b'e' && self.before_last != b'l' && self.vowel_groups > 1;
        (self.vowel_groups - usize::from(silent_e)).max(1)
    }
}

/// Syllables in an English word.
#[cfg(test)]
fn syllable_count(word: &str) -> usize {
    let mut tally = WordTally::default();
    word.bytes().for_each(|b| tally.byte(b));
    tally.syllables()
}

#[cfg(test)]
mod tests {
    use super::*;

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
        // White space outside ASCII splits words and ends sentences too, and
        // so does a `\0` after a full stop.
        let found = sentences("Stop.\u{2003}Start\u{a0}again.\0Next one");
        assert_eq!(found.iter().map(|s| s.words).collect::<Vec<_>>(), [1, 2, 2]);
        assert_eq!(found[1].range, 8..21);
    }
}
