//! The readable text of an expanded page, split into blocks (paragraphs,
//! list items, headings, table cells), with every byte mapped back to its
//! place in the source file, or marked as produced by the data.
//!
//! The claim extractor reads these blocks; code is left out, and so are
//! link addresses, which are not text a patient reads.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::body::{RenderedBody, markdown_options, render_events};
use crate::expand::ExpandedPage;

/// What kind of block a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// A paragraph (or anything else outside lists and headings).
    Paragraph,
    /// A heading.
    Heading,
    /// An item of the list with this number (counted within the page).
    ListItem(usize),
}

/// One block of readable text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextBlock {
    /// The text as a reader sees it; soft line breaks become spaces.
    pub(crate) text: String,
    /// Where each byte of `text` came from, as runs in order: typed text
    /// maps byte for byte onto the source file, so one run covers a whole
    /// stretch of it (pages are read many times over; a map per byte was
    /// most of the reading's memory).
    runs: Vec<Run>,
    /// What kind of block it is.
    pub(crate) kind: BlockKind,
    /// The headings the block sits under, nearest first: its own
    /// section's heading, then the heading of the section holding that,
    /// and so on out (a `###` under a `##`).
    pub(crate) headings: Headings,
}

/// The headings a block sits under, nearest first; shared by every block
/// of a section.
pub(crate) type Headings = Arc<[Arc<str>]>;

/// From byte `start` of a block's text up to the next run's start, each
/// byte `start + k` came from source offset `source + k`, or from the data
/// when `source` is [`NOT_TYPED`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Run {
    start: u32,
    source: u32,
}

/// Marks a run of block text that the data produced.
const NOT_TYPED: u32 = u32::MAX;

impl TextBlock {
    /// An empty block.
    pub(crate) fn new(kind: BlockKind, headings: Headings) -> TextBlock {
        TextBlock {
            text: String::new(),
            runs: Vec::new(),
            kind,
            headings,
        }
    }

    /// The source offset of a byte of the text, or `None` where the data
    /// produced it.
    fn source_of(&self, at: usize) -> Option<usize> {
        let at = u32::try_from(at).ok()?;
        let run = self
            .runs
            .partition_point(|r| r.start <= at)
            .checked_sub(1)?;
        let run = self.runs[run];
        (run.source != NOT_TYPED).then(|| (run.source + (at - run.start)) as usize)
    }

    /// Each run with the text range it covers.
    fn spans(&self) -> impl DoubleEndedIterator<Item = (Range<usize>, u32)> + '_ {
        self.runs.iter().enumerate().map(|(i, run)| {
            let end = self
                .runs
                .get(i + 1)
                .map_or(self.text.len(), |next| next.start as usize);
            (run.start as usize..end, run.source)
        })
    }

    /// The source range from the first typed byte to the last, if any.
    pub(crate) fn typed_span(&self) -> Option<Range<usize>> {
        let mut typed = self
            .spans()
            .filter(|(span, source)| *source != NOT_TYPED && !span.is_empty());
        let first = typed.next()?;
        let (last_span, last) = typed.next_back().unwrap_or(first.clone());
        Some(first.1 as usize..last as usize + last_span.len())
    }

    /// Whether any digit of the text was typed by the author.
    pub(crate) fn has_typed_digit(&self) -> bool {
        self.spans()
            .filter(|(_, source)| *source != NOT_TYPED)
            .any(|(span, _)| {
                self.text
                    .as_bytes()
                    .get(span)
                    .is_some_and(|bytes| bytes.iter().any(u8::is_ascii_digit))
            })
    }

    /// The source range of a range of the text, if every byte of it was
    /// typed by the author (text the data produced is never a claim).
    pub(crate) fn typed_source(&self, range: &Range<usize>) -> Option<Range<usize>> {
        if range.is_empty() || range.end > self.text.len() {
            return None;
        }
        let end = u32::try_from(range.end).ok()?;
        let first = self
            .runs
            .partition_point(|r| r.start as usize <= range.start);
        let from = first.checked_sub(1)?;
        let untyped = self.runs[from..]
            .iter()
            .take_while(|r| r.start < end)
            .any(|r| r.source == NOT_TYPED);
        if untyped {
            return None;
        }
        let start = self.source_of(range.start)?;
        // Runs map every byte, so the last byte's offset plus one is the end.
        let last = self.source_of(range.end - 1)?;
        Some(start..last + 1)
    }

    /// The block with its text rewritten: `moved` gives where each offset
    /// of the old text that starts a run falls in the new.
    pub(super) fn rewritten(&self, text: String, moved: impl Fn(usize) -> usize) -> TextBlock {
        let runs = self
            .runs
            .iter()
            .map(|run| Run {
                start: u32::try_from(moved(run.start as usize)).unwrap_or(u32::MAX),
                source: run.source,
            })
            .collect();
        TextBlock {
            text,
            runs,
            kind: self.kind,
            headings: self.headings.clone(),
        }
    }

    /// Appends text whose bytes came from `source..source + len` (or from
    /// the data, for `None`), extending the last run where it continues.
    fn append(&mut self, text: &str, source: Option<usize>) {
        if text.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(text);
        let (Ok(start), source) = (
            u32::try_from(at),
            source
                .and_then(|s| u32::try_from(s + text.len()).ok().map(|_| s as u32))
                .unwrap_or(NOT_TYPED),
        ) else {
            return;
        };
        let continues = self.runs.last().is_some_and(|last| {
            if last.source == NOT_TYPED || source == NOT_TYPED {
                last.source == source
            } else {
                last.source.checked_add(start - last.start) == Some(source)
            }
        });
        if !continues {
            self.runs.push(Run { start, source });
        }
    }

    /// Appends text character by character, each placed by `source`.
    fn push(&mut self, text: &str, source: impl Fn(usize) -> Option<usize>) {
        for (i, c) in text.char_indices() {
            self.append(&text[i..i + c.len_utf8()], source(i));
        }
    }
}

/// Reads an expanded page's markdown once: its blocks of readable text
/// and its body HTML.
pub(super) fn read(page: &ExpandedPage) -> (TextBlocks, RenderedBody) {
    let mut reader = Reader {
        page,
        blocks: Vec::new(),
        outline: Vec::new(),
        capture: None,
        current: None,
        sections: Vec::new(),
        headings: Arc::from([]),
        heading_level: 0,
        lists: 0,
        list_stack: Vec::new(),
        in_code: false,
        in_heading: false,
    };
    let events = Parser::new_ext(&page.markdown, markdown_options())
        .into_offset_iter()
        .map(|(event, range)| {
            reader.event(&event, range.clone());
            (event, range)
        });
    let body = render_events(events, &page.markdown);
    reader.close();
    let text = TextBlocks {
        blocks: reader.blocks,
        outline: reader.outline,
    };
    (text, body)
}

/// A page's readable text and its outline, from one reading of its markdown.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TextBlocks {
    /// The blocks of text, in order.
    pub(crate) blocks: Vec<TextBlock>,
    /// Headings, images, links and table headers, in order, for the lints.
    pub(crate) outline: Vec<OutlineItem>,
}

/// One element of a page's outline; ranges are in the expanded markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OutlineItem {
    /// A heading and its level, 1 to 6.
    Heading(u8, Range<usize>),
    /// An image and its alt text.
    Image(Range<usize>, String),
    /// A link, its text, and its address where that is an email address or
    /// phone number (`mailto:`, `tel:`), which the checker reads as a
    /// contact though no patient sees it written.
    Link(Range<usize>, String, Option<String>),
    /// A table's header row and its text.
    TableHead(Range<usize>, String),
}

impl OutlineItem {
    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            OutlineItem::Image(_, text)
            | OutlineItem::Link(_, text, _)
            | OutlineItem::TableHead(_, text) => Some(text),
            OutlineItem::Heading(..) => None,
        }
    }
}

struct Reader<'a> {
    page: &'a ExpandedPage,
    blocks: Vec<TextBlock>,
    outline: Vec<OutlineItem>,
    /// Images, links and table headers being read, innermost last.
    capture: Option<Vec<OutlineItem>>,
    current: Option<TextBlock>,
    /// The headings of the sections the reader is in, outermost first,
    /// with their levels.
    sections: Vec<(u8, Arc<str>)>,
    /// The same, nearest first, as each block gets it.
    headings: Headings,
    /// The level of the heading being read.
    heading_level: u8,
    lists: usize,
    list_stack: Vec<usize>,
    in_code: bool,
    in_heading: bool,
}

impl Reader<'_> {
    fn event(&mut self, event: &Event, range: Range<usize>) {
        self.outline(event, &range);
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.close();
                self.in_heading = true;
                self.heading_level = super::body::heading_number(*level);
                self.open(BlockKind::Heading);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(block) = &self.current {
                    // A heading ends the sections at its level and below,
                    // and opens its own inside those above it.
                    let level = self.heading_level;
                    self.sections.retain(|(outer, _)| *outer < level);
                    self.sections.push((level, Arc::from(block.text.as_str())));
                    self.headings = self.sections.iter().rev().map(|(_, h)| h.clone()).collect();
                }
                self.in_heading = false;
                self.close();
            }
            Event::Start(Tag::List(_)) => {
                self.close();
                self.lists += 1;
                self.list_stack.push(self.lists);
            }
            Event::End(TagEnd::List(_)) => {
                self.close();
                self.list_stack.pop();
            }
            Event::Start(Tag::Item) => {
                self.close();
                let list = self.list_stack.last().copied().unwrap_or(0);
                self.open(BlockKind::ListItem(list));
            }
            Event::End(TagEnd::Item)
            | Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::TableCell) => self.close(),
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Text(text) if !self.in_code => self.text(text, range),
            Event::SoftBreak | Event::HardBreak => {
                // A line break reads as a space, and maps to the line end
                // so that a phone number split over two lines is one claim.
                let source = self.page.source_offset(range.start);
                if let Some(block) = self.current.as_mut() {
                    block.push(" ", |_| source);
                }
            }
            _ => {}
        }
    }

    /// Notes headings, images, links and table headers for the lints.
    fn outline(&mut self, event: &Event, range: &Range<usize>) {
        let started = match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = super::body::heading_number(*level);
                self.outline
                    .push(OutlineItem::Heading(level, range.clone()));
                return;
            }
            Event::Start(Tag::Image { .. }) => OutlineItem::Image(range.clone(), String::new()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let contact = ["mailto:", "tel:"]
                    .iter()
                    .any(|scheme| dest_url.to_ascii_lowercase().starts_with(scheme));
                OutlineItem::Link(
                    range.clone(),
                    String::new(),
                    contact.then(|| dest_url.to_string()),
                )
            }
            Event::Start(Tag::TableHead) => OutlineItem::TableHead(range.clone(), String::new()),
            Event::End(TagEnd::Image | TagEnd::Link | TagEnd::TableHead) => {
                if let Some(done) = self.capture.as_mut().and_then(Vec::pop) {
                    self.outline.push(done);
                }
                return;
            }
            Event::Text(text) | Event::Code(text) => {
                for open in self.capture.iter_mut().flatten() {
                    if let Some(captured) = open.text_mut() {
                        captured.push_str(text);
                    }
                }
                return;
            }
            _ => return,
        };
        self.capture.get_or_insert_with(Vec::new).push(started);
    }

    fn open(&mut self, kind: BlockKind) {
        self.current = Some(TextBlock::new(kind, self.headings.clone()));
    }

    fn close(&mut self) {
        if let Some(block) = self.current.take().filter(|b| !b.text.trim().is_empty()) {
            self.blocks.push(block);
        }
    }

    /// Adds a text event, aligning its characters with the raw markdown so
    /// that backslash escapes and entities do not shift the offsets.
    fn text(&mut self, text: &str, range: Range<usize>) {
        if self.current.is_none() {
            let kind = if self.in_heading {
                BlockKind::Heading
            } else {
                BlockKind::Paragraph
            };
            self.open(kind);
        }
        let raw = &self.page.markdown[range.clone()];
        let page = self.page;
        // The common case: typed text with no escapes, all from one piece of
        // the source, maps byte for byte.
        if let Some(start) = page.typed_source(&range).filter(|_| text == raw) {
            if let Some(block) = self.current.as_mut() {
                block.append(text, Some(start));
            }
            return;
        }
        // Text as written, crossing from typed text into data or back: each
        // part maps as a whole.
        if text == raw {
            if let Some(block) = self.current.as_mut() {
                for (part, source) in page.parts(range.clone()) {
                    block.append(&page.markdown[part], source);
                }
            }
            return;
        }
        let offsets = align(text, raw);
        if let Some(block) = self.current.as_mut() {
            block.push(text, |i| {
                offsets
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|raw_i| page.source_offset(range.start + raw_i))
            });
        }
    }
}

/// For each byte of `text` that starts a character, its offset in `raw`.
fn align(text: &str, raw: &str) -> Vec<Option<usize>> {
    let mut offsets = vec![None; text.len()];
    let raw_bytes = raw.as_bytes();
    let mut r = 0;
    for (i, c) in text.char_indices() {
        if let Some(len) = entity_len(&raw[r..]) {
            offsets[i] = Some(r);
            r += len;
            continue;
        }
        if raw[r..].starts_with(c) {
            offsets[i] = Some(r);
            r += c.len_utf8();
            continue;
        }
        if raw_bytes.get(r) == Some(&b'\\') && raw[r + 1..].starts_with(c) {
            offsets[i] = Some(r + 1);
            r += 1 + c.len_utf8();
            continue;
        }
        // Text that cannot be aligned is treated as not typed, so it can
        // never produce a wrongly placed claim.
        return offsets;
    }
    offsets
}

/// The length of an HTML entity such as `&amp;` or `&#163;` at the start.
fn entity_len(raw: &str) -> Option<usize> {
    let rest = raw.strip_prefix('&')?;
    let end = rest.find(';')?;
    let name = &rest[..end];
    let valid = !name.is_empty()
        && name.len() <= 10
        && name
            .trim_start_matches('#')
            .chars()
            .all(|c| c.is_ascii_alphanumeric());
    valid.then_some(end + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_ending_in_a_wide_character_ends_at_it() {
        let mut block = TextBlock::new(BlockKind::Paragraph, Arc::from([]));
        block.push("a £", |i| Some(10 + i));
        assert_eq!(block.typed_source(&(2..4)), Some(12..14));
    }

    #[test]
    fn each_block_knows_the_sections_it_is_in_nearest_first() {
        let markdown = "## Your own records\n\n### How long?\n\nA.\n\n## Someone who has died\n\nB.\n\n# Top\n\n#### Deep\n\nC.\n";
        let page = ExpandedPage {
            markdown: markdown.to_string(),
            pieces: vec![crate::expand::Piece {
                output: 0..markdown.len(),
                origin: crate::expand::Origin::Typed { source_start: 0 },
            }],
            ..ExpandedPage::default()
        };
        let (text, _) = read(&page);
        let under = |text_of: &str| -> Vec<String> {
            let block = text
                .blocks
                .iter()
                .find(|b| b.text == text_of)
                .expect("block");
            block.headings.iter().map(|h| h.to_string()).collect()
        };
        assert_eq!(under("A."), ["How long?", "Your own records"]);
        assert_eq!(under("B."), ["Someone who has died"]);
        assert_eq!(under("C."), ["Deep", "Top"]);
    }

    #[test]
    fn text_from_the_data_is_never_typed() {
        let mut block = TextBlock::new(BlockKind::Paragraph, Arc::from([]));
        block.append("Call ", Some(100));
        block.append("0300 123", None);
        block.append(" tod", Some(140));
        block.append("ay", Some(144));
        assert_eq!(block.runs.len(), 3, "typed text that continues is one run");
        assert_eq!(block.typed_source(&(0..4)), Some(100..104));
        assert_eq!(block.typed_source(&(3..7)), None);
        assert_eq!(block.typed_source(&(14..19)), Some(141..146));
        assert_eq!(block.typed_source(&(14..20)), None, "past the end");
        assert_eq!(block.typed_span(), Some(100..146));
        assert!(!block.has_typed_digit(), "the digits came from the data");
        block.append(" 21", Some(146));
        assert!(block.has_typed_digit());
    }

    #[test]
    fn escapes_and_entities_keep_their_places() {
        assert_eq!(align("a*b", "a\\*b"), vec![Some(0), Some(2), Some(3)]);
        assert_eq!(align("a&b", "a&amp;b"), vec![Some(0), Some(1), Some(6)]);
    }
}
