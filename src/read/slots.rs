//! Reading a shared page once for all its trusts.
//!
//! A shared page's markdown differs between trusts only where the data
//! wrote a value in: a phone number, an email address, a deadline. Where a
//! value is plain text that cannot change how the markdown around it
//! parses, it is taken out and a marker stands in its place; the marked
//! markdown is read once, and each trust's reading is the marked reading
//! with that trust's values written back in. Parsing is most of a check's
//! cost, and a shared page is parsed once instead of once per trust.
//!
//! When anything might read differently (a value in a heading, a code span
//! or a link's address; a value that starts a list; raw HTML on the page),
//! the page is read directly instead, so the result is always exactly what
//! reading each trust's markdown would give.
//!
//! Not for: working values out (that is `expand`).

use std::ops::Range;

use super::body::RenderedBody;
use super::text::{self, BlockKind, OutlineItem, TextBlocks};
use crate::expand::{ExpandedPage, Origin, Piece};

/// Opens a marker: `SLOT_START`, the value's number in decimal, `SLOT_END`.
/// Private-use characters read as letters to markdown, as a word of plain
/// text would.
const SLOT_START: char = '\u{E004}';
/// See [`SLOT_START`].
const SLOT_END: char = '\u{E005}';

/// One trust's expanded page with its plain values taken out.
pub(crate) struct Slotted<'a> {
    expanded: &'a ExpandedPage,
    /// The markdown with a marker where each value was.
    markdown: String,
    /// The values, as a reader sees them (markdown escapes removed).
    values: Vec<String>,
    /// Where each value was and where its marker is.
    slots: Vec<Slot>,
    /// A fingerprint of the markdown and of where each piece came from:
    /// equal for two trusts exactly when one reading serves both.
    key: u64,
}

/// One value taken out of a page.
struct Slot {
    /// The index of its piece in the expanded page.
    piece: usize,
    /// Its range in the trust's markdown.
    expanded: Range<usize>,
    /// Its marker's range in the marked markdown.
    marked: Range<usize>,
}

impl<'a> Slotted<'a> {
    /// Takes the plain values out of an expanded page; `None` when it has
    /// none, or when the page holds markdown that a value could change the
    /// meaning of (raw HTML, link definitions, footnotes).
    pub(crate) fn of(expanded: &'a ExpandedPage) -> Option<Slotted<'a>> {
        let source = expanded.markdown.as_str();
        let mut markdown = String::with_capacity(source.len());
        let mut values = Vec::new();
        let mut slots = Vec::new();
        let mut shape = Vec::with_capacity(expanded.pieces.len());
        let mut covered = 0;
        for (index, piece) in expanded.pieces.iter().enumerate() {
            // The marked page is built piece by piece: they must cover the
            // markdown in order, as expansion makes them.
            if piece.output.start != covered {
                return None;
            }
            covered = piece.output.end;
            let start = markdown.len();
            match slot_value(source, piece) {
                Some(value) => {
                    push_marker(&mut markdown, values.len());
                    values.push(value);
                    slots.push(Slot {
                        piece: index,
                        expanded: piece.output.clone(),
                        marked: start..markdown.len(),
                    });
                }
                None => markdown.push_str(source.get(piece.output.clone())?),
            }
            shape.push((markdown.len(), anchor(&piece.origin)));
        }
        if covered != source.len()
            || slots.is_empty()
            || !readable_once(&markdown)
            || source.contains(SLOT_START)
        {
            return None;
        }
        let key = crate::fingerprint::fingerprint(&(&markdown, &shape));
        Some(Slotted {
            expanded,
            markdown,
            values,
            slots,
            key,
        })
    }

    /// Equal for two trusts' pages exactly when one reading serves both.
    pub(crate) fn key(&self) -> u64 {
        self.key
    }

    /// The marked markdown as an expanded page: typed text keeps its
    /// places in the source, and each marker is data.
    fn marked_page(&self) -> ExpandedPage {
        let mut pieces = Vec::with_capacity(self.expanded.pieces.len());
        let mut slots = self.slots.iter().peekable();
        let mut end = 0;
        for (index, piece) in self.expanded.pieces.iter().enumerate() {
            let start = end;
            end = match slots.next_if(|slot| slot.piece == index) {
                Some(slot) => slot.marked.end,
                None => start + piece.output.len(),
            };
            pieces.push(Piece {
                output: start..end,
                origin: piece.origin.clone(),
            });
        }
        ExpandedPage {
            markdown: self.markdown.clone(),
            pieces,
            components: Vec::new(),
        }
    }

    /// Where an offset in the marked markdown falls in the trust's markdown.
    fn expanded_offset(&self, marked: usize) -> usize {
        let after = self.slots.partition_point(|s| s.marked.end <= marked);
        if let Some(inside) = self.slots.get(after).filter(|s| s.marked.start < marked) {
            return inside.expanded.end;
        }
        match after.checked_sub(1).and_then(|i| self.slots.get(i)) {
            Some(before) => before.expanded.end + (marked - before.marked.end),
            None => marked,
        }
    }
}

/// A reading of a page's marked markdown, known to read as each trust's
/// own markdown would once the values are written back in.
pub(crate) struct MarkedReading {
    text: TextBlocks,
    body: RenderedBody,
}

impl MarkedReading {
    /// Reads a page's marked markdown; `None` when a marker did not land
    /// in plain text exactly once (in a heading, whose id the value would
    /// change; in an image's description, escaped differently; in code or
    /// a link's address), and the trust's markdown must be read instead.
    pub(crate) fn read(slotted: &Slotted) -> Option<MarkedReading> {
        let (text, body) = text::read(&slotted.marked_page());
        let slots = slotted.slots.len();
        let mut in_text = vec![0u32; slots];
        for block in &text.blocks {
            let found = count_markers(&block.text, &mut in_text)?;
            if found && block.kind == BlockKind::Heading {
                return None;
            }
        }
        let in_image = text.outline.iter().any(|item| match item {
            OutlineItem::Image(_, alt) => alt.contains(SLOT_START),
            _ => false,
        });
        if in_image || in_text.iter().any(|&n| n != 1) {
            return None;
        }
        // The sanitiser writes HTML anew, and escapes text its own way.
        if body.sanitised {
            return None;
        }
        let mut in_html = vec![0u32; slots];
        count_markers(&body.html, &mut in_html)?;
        if in_html.iter().any(|&n| n != 1) {
            return None;
        }
        Some(MarkedReading { text, body })
    }

    /// The reading of one trust's page: this reading with the trust's
    /// values written back in.
    pub(crate) fn fill(&self, slotted: &Slotted) -> (TextBlocks, RenderedBody) {
        let values = &slotted.values;
        let blocks = self
            .text
            .blocks
            .iter()
            .map(|block| {
                if !block.text.contains(SLOT_START) {
                    return block.clone();
                }
                let (filled, moves) = fill_markers(&block.text, values, push_plain);
                block.rewritten(filled, |old| moved(&moves, old))
            })
            .collect();
        let outline = self
            .text
            .outline
            .iter()
            .map(|item| fill_outline(item, slotted))
            .collect();
        let body = RenderedBody {
            html: fill_markers(&self.body.html, values, push_html_text).0,
            headings: self.body.headings.clone(),
            sanitised: false,
            removed: Vec::new(),
        };
        (TextBlocks { blocks, outline }, body)
    }
}

/// The value a data piece shows, if it is plain text that reads the same
/// wherever it stands: no line breaks, no markdown but escapes, nothing
/// at its edges that could join the markdown around it.
fn slot_value(markdown: &str, piece: &Piece) -> Option<String> {
    if !matches!(piece.origin, Origin::Data { .. }) {
        return None;
    }
    let raw = markdown.get(piece.output.clone())?;
    let first = raw.chars().next()?;
    let last = raw.chars().next_back()?;
    if first.is_whitespace() || last.is_whitespace() || first == '=' {
        return None;
    }
    let value = unescape_plain(raw)?;
    let before = markdown[..piece.output.start].chars().next_back();
    let after = markdown[piece.output.end..].chars().next();
    // `&` could start an entity and `\` escape the value's first character.
    if matches!(before, Some('&' | '\\')) {
        return None;
    }
    // Emphasis opens or closes by what stands either side of a `*`, `_`
    // or `~`; a marker reads as a letter, so the value's edge must too.
    let delimiter = |c: Option<char>| matches!(c, Some('*' | '_' | '~'));
    if (!first.is_alphanumeric() && delimiter(before))
        || (!last.is_alphanumeric() && delimiter(after))
    {
        return None;
    }
    // "30" then a typed ". " could start a numbered list.
    if value.bytes().all(|b| b.is_ascii_digit()) && matches!(after, Some('0'..='9' | '.' | ')')) {
        return None;
    }
    Some(value)
}

/// Text as written by `escape_markdown`, with its escapes removed; `None`
/// if it holds any other markdown or a control or private-use character.
fn unescape_plain(raw: &str) -> Option<String> {
    let mut value = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => value.push(chars.next().filter(char::is_ascii_punctuation)?),
            ',' | '\'' | '"' | ':' | ';' | '?' | '@' | '/' | '%' | '=' => value.push(c),
            c if c.is_ascii_punctuation() || c.is_control() => return None,
            '\u{E000}'..='\u{F8FF}' => return None,
            c => value.push(c),
        }
    }
    Some(value)
}

/// Whether markdown can be read with markers in it: raw HTML, autolinks,
/// link reference definitions and footnotes are matched by their text, so
/// a value inside one could read differently from a marker.
fn readable_once(markdown: &str) -> bool {
    !markdown.contains('<') && !markdown.contains("]:") && !markdown.contains("[^")
}

/// What a piece's origin is anchored to in the source: where typed text
/// starts, or where the expression that made the data is.
fn anchor(origin: &Origin) -> (bool, usize) {
    match origin {
        Origin::Typed { source_start } => (true, *source_start),
        Origin::Data { expression, .. } => (false, expression.start),
    }
}

fn push_marker(out: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(out, "{SLOT_START}{index}{SLOT_END}");
}

/// Counts each marker in `text` into `counts`; whether there was any.
/// `None` for a marker that names no slot.
fn count_markers(text: &str, counts: &mut [u32]) -> Option<bool> {
    let mut found = false;
    for (_, index) in markers(text) {
        *counts.get_mut(index?)? += 1;
        found = true;
    }
    Some(found)
}

/// Each marker in `text`: its range, and the slot it names.
fn markers(text: &str) -> impl Iterator<Item = (Range<usize>, Option<usize>)> + '_ {
    text.match_indices(SLOT_START).map(move |(start, _)| {
        let digits = start + SLOT_START.len_utf8();
        let rest = &text[digits..];
        let len = rest.find(SLOT_END).unwrap_or(rest.len());
        let index = rest[..len].parse().ok();
        let end = (digits + len + SLOT_END.len_utf8()).min(text.len());
        (start..end, index)
    })
}

/// `text` with each marker replaced by its value, written by `push`; and,
/// for each marker, where it ended in `text` and where its value ends in
/// the result.
fn fill_markers(
    text: &str,
    values: &[String],
    push: fn(&mut String, &str),
) -> (String, Vec<(usize, usize)>) {
    let mut out = String::with_capacity(text.len() + 64);
    let mut moves = Vec::new();
    let mut copied = 0;
    for (range, index) in markers(text) {
        out.push_str(&text[copied..range.start]);
        if let Some(value) = index.and_then(|i| values.get(i)) {
            push(&mut out, value);
        }
        copied = range.end;
        moves.push((range.end, out.len()));
    }
    out.push_str(&text[copied..]);
    (out, moves)
}

/// Where an offset of a text falls once its markers are filled.
fn moved(moves: &[(usize, usize)], old: usize) -> usize {
    let after = moves.partition_point(|(end, _)| *end <= old);
    match after.checked_sub(1).and_then(|i| moves.get(i)) {
        Some((old_end, new_end)) => new_end + (old - old_end),
        None => old,
    }
}

fn push_plain(out: &mut String, value: &str) {
    out.push_str(value);
}

/// Writes text as the HTML renderer writes body text, with the renderer's
/// own escaping.
fn push_html_text(out: &mut String, value: &str) {
    let _ = pulldown_cmark_escape::escape_html_body_text(out, value);
}

/// An outline item of the marked reading as it is in the trust's reading.
fn fill_outline(item: &OutlineItem, slotted: &Slotted) -> OutlineItem {
    let range = |r: &Range<usize>| slotted.expanded_offset(r.start)..slotted.expanded_offset(r.end);
    let text = |t: &str| fill_markers(t, &slotted.values, push_plain).0;
    match item {
        OutlineItem::Heading(level, r) => OutlineItem::Heading(*level, range(r)),
        OutlineItem::Image(r, alt) => OutlineItem::Image(range(r), alt.clone()),
        OutlineItem::Link(r, t, to) => {
            OutlineItem::Link(range(r), text(t), to.as_deref().map(text))
        }
        OutlineItem::TableHead(r, t) => OutlineItem::TableHead(range(r), text(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expand::escape_markdown;

    /// A page of typed text with one value from the data where `{}` is.
    fn page(context: &str, value: &str) -> ExpandedPage {
        let (before, after) = context.split_once("{}").unwrap_or((context, ""));
        let value = escape_markdown(value);
        let mut page = ExpandedPage::default();
        let mut push = |text: &str, origin: Origin| {
            let start = page.markdown.len();
            page.markdown.push_str(text);
            page.pieces.push(Piece {
                output: start..page.markdown.len(),
                origin,
            });
        };
        push(before, Origin::Typed { source_start: 0 });
        push(
            &value,
            Origin::Data {
                expression: 100..110,
                rule: None,
            },
        );
        push(after, Origin::Typed { source_start: 200 });
        page
    }

    /// Reads a page through its marked markdown, when that is allowed, and
    /// checks the result is what reading its own markdown gives.
    fn read_marked(page: &ExpandedPage) -> bool {
        let Some(slotted) = Slotted::of(page) else {
            return false;
        };
        let Some(marked) = MarkedReading::read(&slotted) else {
            return false;
        };
        let (text, body) = marked.fill(&slotted);
        let own = text::read(page);
        assert_eq!(text, own.0, "{:?}", page.markdown);
        assert_eq!(body, own.1, "{:?}", page.markdown);
        true
    }

    const CONTEXTS: &[&str] = &[
        "Call {} today.",
        "{}",
        "Intro line\n{}\nmore",
        "Para\n\n{}. Then more",
        "Para\n\n{}) Then more",
        "- {}. item\n- two",
        "1. first\n2. {}\n",
        "**{}**",
        "*{}*",
        "_{}_ and __{}__",
        "~~{}~~",
        "a*{}*b",
        "({})",
        "&{}",
        "\\{}",
        "#{}",
        "# Heading {}",
        "Text\n{}\n===",
        "`{}`",
        "[{}](page/)",
        "[link]({})",
        "![{}](a.png)",
        "| a | b |\n|---|---|\n| {} | c |",
        "> {}",
        "    {}",
        "Line ends {}  \nnext",
        "{}1. x",
        "x {}: y",
    ];

    const VALUES: &[&str] = &[
        "0300 123 4567",
        "records@trust.nhs.uk",
        "30",
        "1",
        "=",
        "==",
        " a",
        "a ",
        "a*b",
        "x.",
        ".x",
        "St Mary's",
        "£10",
        "AT&T",
        "a<b>c",
        "1.",
        "a_b",
        "\\",
        "ẞ",
        "one calendar month",
        "\"quoted\"",
        "a\nb",
        "&amp;",
    ];

    #[test]
    fn a_marked_reading_filled_is_the_pages_own_reading() {
        let mut used = 0;
        for context in CONTEXTS {
            for value in VALUES {
                used += usize::from(read_marked(&page(context, value)));
            }
        }
        assert!(
            used > CONTEXTS.len() * VALUES.len() / 3,
            "only {used} read once"
        );
    }

    #[test]
    fn plain_values_in_plain_text_are_read_once() {
        for context in [
            "Call {} today.",
            "**{}**",
            "({})",
            "- {}\n- two",
            "| a |\n|---|\n| {} |",
        ] {
            for value in ["0300 123 4567", "records@trust.nhs.uk", "St Mary's", "AT&T"] {
                assert!(read_marked(&page(context, value)), "{context:?} {value:?}");
            }
        }
        // A value that starts with a symbol reads as one only away from
        // emphasis marks, which treat symbols and letters differently.
        assert!(read_marked(&page("The fee is {}.", "£10")));
        assert!(!read_marked(&page("The fee is **{}**.", "£10")));
    }

    #[test]
    fn values_that_could_read_differently_are_read_in_place() {
        for (context, value) in [
            ("# Heading {}", "0300 123 4567"),
            ("`{}`", "records@trust.nhs.uk"),
            ("[link]({})", "https://example.org"),
            ("![{}](a.png)", "St Mary's"),
            ("Para\n\n{}. Then more", "30"),
            ("*{}*", "x."),
            ("&{}", "amp;"),
            ("Call {} today.", "a\nb"),
            ("Call {} today <b>now</b>.", "x"),
        ] {
            assert!(!read_marked(&page(context, value)), "{context:?} {value:?}");
        }
    }

    #[test]
    fn offsets_in_the_marked_markdown_map_to_the_pages_own() {
        let page = page("Call {} today.", "0300 123 4567");
        let slotted = Slotted::of(&page).expect("a plain value");
        let marker = slotted.slots[0].marked.clone();
        assert_eq!(slotted.expanded_offset(0), 0);
        assert_eq!(slotted.expanded_offset(marker.start), 5);
        assert_eq!(slotted.expanded_offset(marker.end), 18);
        assert_eq!(slotted.expanded_offset(marker.end + 7), 25);
    }
}
