//! The readable text of an expanded page, split into blocks (paragraphs,
//! list items, headings, table cells), with every byte mapped back to its
//! place in the source file, or marked as produced by the data.
//!
//! The claim extractor reads these blocks; code is left out, and so are
//! link addresses, which are not text a patient reads.

use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::expand::ExpandedPage;
use crate::render::markdown::markdown_options;

/// What kind of block a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph (or anything else outside lists and headings).
    Paragraph,
    /// A heading.
    Heading,
    /// An item of the list with this number (counted within the page).
    ListItem(usize),
}

/// One block of readable text.
#[derive(Debug, Clone)]
pub struct TextBlock {
    /// The text as a reader sees it; soft line breaks become spaces.
    pub text: String,
    /// For each byte of `text`, its byte offset in the source file, or
    /// [`NOT_TYPED`] where the data produced it (four bytes a byte, not
    /// sixteen: pages are read many times over).
    sources: Vec<u32>,
    /// What kind of block it is.
    pub kind: BlockKind,
    /// The text of the nearest heading above the block.
    pub heading: Arc<str>,
}

/// Marks a byte of block text that the data produced.
const NOT_TYPED: u32 = u32::MAX;

impl TextBlock {
    /// An empty block.
    pub fn new(kind: BlockKind, heading: Arc<str>) -> TextBlock {
        TextBlock {
            text: String::new(),
            sources: Vec::new(),
            kind,
            heading,
        }
    }

    /// The source offsets of every typed byte, in order.
    pub fn typed_offsets(&self) -> impl Iterator<Item = usize> + '_ {
        self.sources
            .iter()
            .filter(|s| **s != NOT_TYPED)
            .map(|s| *s as usize)
    }

    /// The source range of a range of the text, if every byte of it was
    /// typed by the author (text the data produced is never a claim).
    pub fn typed_source(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let bytes = self.sources.get(range.clone())?;
        if bytes.contains(&NOT_TYPED) {
            return None;
        }
        let start = *bytes.first()? as usize;
        // `sources` maps every byte, so the last byte's offset plus one is the end.
        let last = *bytes.last()? as usize;
        Some(start..last + 1)
    }

    fn push(&mut self, text: &str, source: impl Fn(usize) -> Option<usize>) {
        for (i, _) in text.char_indices() {
            let at = self.text.len();
            let c_len = text[i..].chars().next().map_or(1, char::len_utf8);
            let src = source(i);
            self.text.push_str(&text[i..i + c_len]);
            for k in 0..c_len {
                self.sources.push(
                    src.and_then(|s| u32::try_from(s + k).ok())
                        .unwrap_or(NOT_TYPED),
                );
            }
            debug_assert_eq!(self.sources.len(), at + c_len);
        }
    }
}

/// Splits an expanded page into blocks of readable text.
pub fn text_blocks(page: &ExpandedPage) -> TextBlocks {
    let mut reader = Reader {
        page,
        blocks: Vec::new(),
        outline: Vec::new(),
        capture: None,
        current: None,
        heading: Arc::from(""),
        lists: 0,
        list_stack: Vec::new(),
        in_code: false,
        in_heading: false,
    };
    for (event, range) in Parser::new_ext(&page.markdown, markdown_options()).into_offset_iter() {
        reader.event(event, range);
    }
    reader.close();
    TextBlocks {
        blocks: reader.blocks,
        outline: reader.outline,
    }
}

/// A page's readable text and its outline, from one reading of its markdown.
#[derive(Debug, Clone, Default)]
pub struct TextBlocks {
    /// The blocks of text, in order.
    pub blocks: Vec<TextBlock>,
    /// Headings, images, links and table headers, in order, for the lints.
    pub outline: Vec<OutlineItem>,
}

/// One element of a page's outline; ranges are in the expanded markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutlineItem {
    /// A heading and its level, 1 to 6.
    Heading(u8, Range<usize>),
    /// An image and its alt text.
    Image(Range<usize>, String),
    /// A link and its text.
    Link(Range<usize>, String),
    /// A table's header row and its text.
    TableHead(Range<usize>, String),
    /// Raw HTML written in the markdown.
    Html(Range<usize>, String),
    /// A link's address, when it is a `javascript:` address.
    ScriptLink(Range<usize>, String),
}

impl OutlineItem {
    fn text_mut(&mut self) -> Option<&mut String> {
        match self {
            OutlineItem::Image(_, text)
            | OutlineItem::Link(_, text)
            | OutlineItem::TableHead(_, text) => Some(text),
            OutlineItem::Heading(..) | OutlineItem::Html(..) | OutlineItem::ScriptLink(..) => None,
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
    heading: Arc<str>,
    lists: usize,
    list_stack: Vec<usize>,
    in_code: bool,
    in_heading: bool,
}

impl Reader<'_> {
    fn event(&mut self, event: Event, range: Range<usize>) {
        self.outline(&event, &range);
        match event {
            Event::Start(Tag::Heading { .. }) => {
                self.close();
                self.in_heading = true;
                self.open(BlockKind::Heading);
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(block) = &self.current {
                    self.heading = Arc::from(block.text.as_str());
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
            Event::Text(text) if !self.in_code => self.text(&text, range),
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
                let level = crate::render::markdown::heading_number(*level);
                self.outline
                    .push(OutlineItem::Heading(level, range.clone()));
                return;
            }
            Event::Start(Tag::Image { .. }) => OutlineItem::Image(range.clone(), String::new()),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let address: String = dest_url.chars().filter(|c| !c.is_whitespace()).collect();
                if address.to_ascii_lowercase().starts_with("javascript:") {
                    self.outline
                        .push(OutlineItem::ScriptLink(range.clone(), dest_url.to_string()));
                }
                OutlineItem::Link(range.clone(), String::new())
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.outline
                    .push(OutlineItem::Html(range.clone(), html.to_string()));
                return;
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
        self.current = Some(TextBlock::new(kind, self.heading.clone()));
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
                block.text.push_str(text);
                block.sources.extend(
                    (start..start + text.len()).map(|s| u32::try_from(s).unwrap_or(NOT_TYPED)),
                );
            }
            return;
        }
        // Text as written, crossing from typed text into data or back: each
        // part maps as a whole.
        if text == raw {
            if let Some(block) = self.current.as_mut() {
                for (part, source) in page.parts(range.clone()) {
                    block.text.push_str(&page.markdown[part.clone()]);
                    let len = part.len();
                    match source {
                        Some(start) => block.sources.extend(
                            (start..start + len).map(|s| u32::try_from(s).unwrap_or(NOT_TYPED)),
                        ),
                        None => block.sources.extend(std::iter::repeat_n(NOT_TYPED, len)),
                    }
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
        let mut block = TextBlock::new(BlockKind::Paragraph, Arc::from(""));
        block.push("a £", |i| Some(10 + i));
        assert_eq!(block.typed_source(&(2..4)), Some(12..14));
    }

    #[test]
    fn escapes_and_entities_keep_their_places() {
        assert_eq!(align("a*b", "a\\*b"), vec![Some(0), Some(2), Some(3)]);
        assert_eq!(align("a&b", "a&amp;b"), vec![Some(0), Some(1), Some(6)]);
    }
}
