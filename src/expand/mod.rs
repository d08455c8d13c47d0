//! Stage two: expressions in page bodies, expanded for each trust.
//!
//! A page body is parsed once ([`parse::parse_body`]) and evaluated once per
//! trust ([`expand_page`]). The result is markdown in which every byte is
//! known to be either typed by the author (with its place in the source) or
//! produced from the data (with the expression and rule that produced it):
//! the checker reads only the first kind. Components become placeholders that
//! `render` fills with the theme's HTML.
//!
//! Not for: markdown rendering or templates (that is `render`).

mod eval;
pub(crate) mod parse;

use std::ops::Range;

pub(crate) use eval::{CONTACT_FIELDS, SNIPPET_FILE, contact_field, expand_page, expand_snippet};
pub(crate) use parse::{Node, PageTemplate, parse_body};

/// Marks where a component's HTML goes: `PLACEHOLDER_START`, the index of the
/// call in decimal, `PLACEHOLDER_END`. Private-use characters never appear in
/// guidance text, and markdown leaves them alone.
pub(crate) const PLACEHOLDER_START: char = '\u{E000}';
/// See [`PLACEHOLDER_START`].
pub(crate) const PLACEHOLDER_END: char = '\u{E001}';

/// Where a piece of expanded markdown came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Typed by the author; the piece starts at this byte of the source file.
    Typed {
        /// Byte offset in the source file of the piece's first byte.
        source_start: usize,
    },
    /// Produced from the data by an expression.
    Data {
        /// The expression in the source file.
        expression: Range<usize>,
        /// The rule it used, such as `deadlines.sar_response`.
        rule: Option<crate::model::RuleId>,
    },
}

/// A run of expanded markdown with one origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in [`ExpandedPage::markdown`].
    pub output: Range<usize>,
    /// Where it came from.
    pub origin: Origin,
}

/// Which part of a component a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    /// A whole component, such as `contact("records")`.
    Whole,
    /// The opening half of a block component.
    Open,
    /// The closing half of the block opened by the call at this index.
    Close(usize),
}

/// A call to a theme component, with its arguments worked out from the data.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ComponentCall {
    /// The component's name in the theme.
    pub(crate) name: &'static str,
    /// Its arguments, by name.
    pub(crate) args: serde_json::Map<String, serde_json::Value>,
    /// Which part this placeholder stands for.
    pub(crate) part: Part,
    /// The expression in the source file.
    pub(crate) expression: Range<usize>,
    /// The rule the component shows, such as `lists.exceptions`.
    pub(crate) rule: Option<crate::model::RuleId>,
}

/// One page expanded for one trust.
#[derive(Debug, Clone)]
pub struct Expansion {
    /// The page's index in [`crate::model::Site::pages`].
    pub page: usize,
    /// The trust's id.
    pub trust: crate::model::TrustId,
    /// The markdown with its origins, shared with the pipeline's cache.
    pub expanded: std::sync::Arc<ExpandedPage>,
    /// A fingerprint of everything the expansion depends on.
    pub(crate) key: u64,
}

/// One page's markdown for one trust, with the origin of every byte.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ExpandedPage {
    /// Markdown with data values written in and component placeholders.
    pub markdown: String,
    /// Contiguous pieces covering the whole markdown, in order.
    pub pieces: Vec<Piece>,
    /// Component calls, indexed by their placeholders.
    pub(crate) components: Vec<ComponentCall>,
}

impl ExpandedPage {
    /// An empty page, shared: what an expansion holds once a run that
    /// keeps nothing has let its markdown go.
    pub(crate) fn released() -> std::sync::Arc<ExpandedPage> {
        static RELEASED: std::sync::LazyLock<std::sync::Arc<ExpandedPage>> =
            std::sync::LazyLock::new(Default::default);
        RELEASED.clone()
    }

    /// The origin of the byte at `offset` in the markdown.
    pub fn origin_at(&self, offset: usize) -> Option<&Origin> {
        let index = self
            .pieces
            .partition_point(|piece| piece.output.end <= offset);
        self.pieces
            .get(index)
            .filter(|piece| piece.output.contains(&offset))
            .map(|piece| &piece.origin)
    }

    /// The parts of `range` of the markdown that lie in one piece each, in
    /// order, with the source offset of each part's start when it was typed.
    pub(crate) fn parts(
        &self,
        range: Range<usize>,
    ) -> impl Iterator<Item = (Range<usize>, Option<usize>)> + '_ {
        let first = self.pieces.partition_point(|p| p.output.end <= range.start);
        self.pieces[first.min(self.pieces.len())..]
            .iter()
            .take_while(move |p| p.output.start < range.end)
            .map(move |piece| {
                let part = piece.output.start.max(range.start)..piece.output.end.min(range.end);
                let source = match piece.origin {
                    Origin::Typed { source_start } => {
                        Some(source_start + (part.start - piece.output.start))
                    }
                    Origin::Data { .. } => None,
                };
                (part, source)
            })
    }

    /// The source-file offset of a typed byte of the markdown; `None` for
    /// bytes the data produced.
    pub fn source_offset(&self, offset: usize) -> Option<usize> {
        let index = self.pieces.partition_point(|p| p.output.end <= offset);
        let piece = self.pieces.get(index)?;
        match piece.origin {
            Origin::Typed { source_start } if piece.output.contains(&offset) => {
                Some(source_start + (offset - piece.output.start))
            }
            _ => None,
        }
    }

    /// The source offset of a range of the markdown that lies wholly in
    /// one typed piece; `None` if any of it came from the data or the range
    /// crosses pieces.
    pub(crate) fn typed_source(&self, range: &Range<usize>) -> Option<usize> {
        let index = self.pieces.partition_point(|p| p.output.end <= range.start);
        let piece = self.pieces.get(index)?;
        match piece.origin {
            Origin::Typed { source_start }
                if piece.output.start <= range.start && range.end <= piece.output.end =>
            {
                Some(source_start + (range.start - piece.output.start))
            }
            _ => None,
        }
    }

    fn push_typed(&mut self, text: &str, source_start: usize) {
        let start = self.markdown.len();
        self.markdown.push_str(text);
        self.pieces.push(Piece {
            output: start..self.markdown.len(),
            origin: Origin::Typed { source_start },
        });
    }

    fn push_data(
        &mut self,
        text: &str,
        expression: Range<usize>,
        rule: Option<crate::model::RuleId>,
    ) {
        if text.is_empty() {
            return;
        }
        let start = self.markdown.len();
        self.markdown.push_str(text);
        self.pieces.push(Piece {
            output: start..self.markdown.len(),
            origin: Origin::Data { expression, rule },
        });
    }

    fn push_component(&mut self, call: ComponentCall, on_own_lines: bool) -> usize {
        let index = self.components.len();
        let expression = call.expression.clone();
        let rule = call.rule.clone();
        self.components.push(call);
        let token = format!("{PLACEHOLDER_START}{index}{PLACEHOLDER_END}");
        let text = if on_own_lines {
            format!("\n\n{token}\n\n")
        } else {
            token
        };
        self.push_data(&text, expression, rule);
        index
    }
}

/// Escapes text for HTML, in an attribute or in text: `<`, `>`, `&` and
/// both quotes become entities. (Data written into raw HTML needs this
/// rather than markdown's backslashes, which raw HTML shows as written.)
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Escapes text from the data so that markdown shows it as written: a fee
/// of "£25 *per* hour" must not turn into emphasis.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation()
            && !matches!(
                c,
                ',' | '\'' | '"' | ':' | ';' | '?' | '@' | '/' | '%' | '='
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
