//! Markdown to HTML: pulldown-cmark with heading ids, code highlighted by
//! syntect into CSS classes (no inline styles, so a strict CSP works), and
//! component placeholders filled with the theme's HTML. A body holding raw
//! HTML, or an address that is not allowed, is cleaned by the sanitiser,
//! and what it removed is kept with where it was written.

use std::cell::Cell;
use std::collections::{BTreeSet, VecDeque};
use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::sanitize::{self, Removal};
use crate::expand::{PLACEHOLDER_END, PLACEHOLDER_START, escape_html};

/// A heading of the page, for the contents list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Heading {
    /// 1 to 6.
    pub(crate) level: u8,
    /// The id its anchor uses.
    pub(crate) id: String,
    /// The heading's text.
    pub(crate) text: String,
}

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct RenderedBody {
    /// The HTML, with placeholders still in it; always the sanitised form.
    pub(crate) html: String,
    /// The headings, in order.
    pub(crate) headings: Vec<Heading>,
    /// Whether the HTML went through the sanitiser (it held raw HTML, or
    /// an address that is not allowed), which writes it anew.
    pub(crate) sanitised: bool,
    /// What the sanitiser removed, with where it was in the markdown.
    pub(crate) removed: Vec<RemovedHtml>,
}

/// Something the sanitiser removed from a body, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemovedHtml {
    /// Its byte range in the markdown.
    pub(crate) range: Range<usize>,
    /// What was removed.
    pub(crate) what: Removal,
}

/// The markdown features Verity turns on.
pub(crate) fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
}

/// Renders markdown to HTML, giving every heading a unique id.
pub(crate) fn render_markdown(markdown: &str) -> RenderedBody {
    render_events(
        Parser::new_ext(markdown, markdown_options()).into_offset_iter(),
        markdown,
    )
}

/// Renders a page's markdown events, each with its range in `markdown`, to
/// its body. Taking the events rather than the markdown lets a caller
/// already reading them (the checker) render the body in the same pass
/// instead of parsing the markdown a second time.
pub(crate) fn render_events<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    markdown: &str,
) -> RenderedBody {
    let written = write_body(events, markdown);
    if !written.needs_cleaning {
        return RenderedBody {
            html: written.html,
            headings: written.headings,
            sanitised: false,
            removed: Vec::new(),
        };
    }
    let found = sanitize::removals(&written.html);
    let html = sanitize::sanitised(&written.html, &found);
    let removed = found
        .into_iter()
        .map(|removed| RemovedHtml {
            range: to_markdown(&written.places, markdown, removed.at),
            what: removed.what,
        })
        .collect();
    RenderedBody {
        html,
        headings: written.headings,
        sanitised: true,
        removed,
    }
}

/// A body as the HTML writer wrote it, before any sanitising.
pub(crate) struct WrittenBody {
    /// The HTML, raw HTML and all.
    pub(crate) html: String,
    headings: Vec<Heading>,
    /// Where raw HTML, links and images landed in it.
    places: Vec<Place>,
    /// Whether it holds raw HTML or an address that is not allowed: a body
    /// that does not goes out as written (the fuzz target `raw_html` checks
    /// that such a body is one the sanitiser would leave as it is).
    pub(crate) needs_cleaning: bool,
}

/// Writes a body's events to HTML, placing raw HTML, links and images.
pub(crate) fn write_body<'a>(
    events: impl Iterator<Item = (Event<'a>, Range<usize>)>,
    markdown: &str,
) -> WrittenBody {
    let mut headings = Vec::new();
    let size = markdown.len();
    let mut html = String::with_capacity(size + size / 2);
    let written = Cell::new(0);
    let mut placed = Placed {
        events: BodyEvents {
            events,
            pending: VecDeque::new(),
            ids: HeadingIds::default(),
            headings: &mut headings,
        },
        written: &written,
        places: Vec::new(),
        markdown,
        in_image: 0,
        needs_cleaning: false,
    };
    let sink = Counting {
        out: &mut html,
        written: &written,
    };
    // Writing to a String cannot fail.
    let _ = html::write_html_fmt(sink, &mut placed);
    let (places, needs_cleaning) = (placed.places, placed.needs_cleaning);
    WrittenBody {
        html,
        headings,
        places,
        needs_cleaning,
    }
}

/// The HTML writer's output, counting what has been written so that the
/// events can be placed in it.
struct Counting<'w> {
    out: &'w mut String,
    written: &'w Cell<usize>,
}

impl std::fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// Where an event's HTML starts in the body, and the markdown it came from.
struct Place {
    /// Its offset in the body HTML.
    html: usize,
    /// Its range in the markdown.
    markdown: Range<usize>,
    /// For raw HTML, its text as written into the body.
    raw: Option<String>,
}

/// The body's events on their way to the HTML writer, noting where raw HTML,
/// links and images land in the HTML and whether anything needs cleaning.
/// The writer asks for the next event only once it has written the last,
/// so the count of what is written is where the next event's HTML starts.
struct Placed<'c, I> {
    events: I,
    written: &'c Cell<usize>,
    places: Vec<Place>,
    markdown: &'c str,
    /// How many images are open: their text is written into the `alt`
    /// attribute, escaped, so nothing in it is raw.
    in_image: usize,
    needs_cleaning: bool,
}

impl<'a, I: Iterator<Item = (Event<'a>, Option<Range<usize>>)>> Iterator for Placed<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        let (event, range) = self.events.next()?;
        let at = self.written.get();
        match (&event, range) {
            (Event::End(TagEnd::Image), _) => self.in_image = self.in_image.saturating_sub(1),
            (_, _) if self.in_image > 0 => {
                if matches!(event, Event::Start(Tag::Image { .. })) {
                    self.in_image += 1;
                }
            }
            (Event::Html(text) | Event::InlineHtml(text), Some(markdown)) => {
                self.needs_cleaning = true;
                self.places.push(Place {
                    html: at,
                    markdown,
                    raw: Some(text.to_string()),
                });
            }
            (
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }),
                Some(markdown),
            ) => {
                let email = *link_type == LinkType::Email;
                self.needs_cleaning |=
                    !sanitize::address_allowed(&written_address(dest_url, email));
                self.places.push(self.address_place(at, markdown, dest_url));
            }
            (Event::Start(Tag::Image { dest_url, .. }), Some(markdown)) => {
                self.in_image += 1;
                self.needs_cleaning |=
                    !sanitize::address_allowed(&written_address(dest_url, false));
                self.places.push(self.address_place(at, markdown, dest_url));
            }
            _ => {}
        }
        Some(event)
    }
}

impl<I> Placed<'_, I> {
    /// Where a link's or image's markup starts, placed at its address in
    /// the markdown when the address is written there as it reads (not
    /// through a link definition or with entities), else at the whole link.
    fn address_place(&self, html: usize, range: Range<usize>, address: &str) -> Place {
        let written = self
            .markdown
            .get(range.clone())
            .and_then(|text| text.find(address))
            .filter(|_| !address.is_empty());
        let markdown = match written {
            Some(at) => range.start + at..range.start + at + address.len(),
            None => range,
        };
        Place {
            html,
            markdown,
            raw: None,
        }
    }
}

/// A link's or image's address as the HTML writer writes it and a browser
/// reads it back: unsafe bytes percent-encoded, entities decoded.
fn written_address(dest: &str, email: bool) -> String {
    let mut href = String::with_capacity(dest.len() + 7);
    if email {
        href.push_str("mailto:");
    }
    let _ = pulldown_cmark_escape::escape_href(&mut href, dest);
    href.replace("&#x27;", "'").replace("&amp;", "&")
}

/// The markdown range that wrote a range of the body HTML: inside raw
/// HTML, the same characters; elsewhere, the construct (a link, an image)
/// whose markup it is.
fn to_markdown(places: &[Place], markdown: &str, html: Range<usize>) -> Range<usize> {
    let Some(place) = places
        .partition_point(|p| p.html <= html.start)
        .checked_sub(1)
        .map(|i| &places[i])
    else {
        return 0..0;
    };
    let within = html.start - place.html;
    match &place.raw {
        Some(raw) if within < raw.len() => {
            let start = raw_offset(raw, markdown, &place.markdown, within);
            let end = (start + html.len()).min(place.markdown.end.max(start));
            start..end
        }
        _ => place.markdown.clone(),
    }
}

/// Where byte `within` of a raw HTML event's text is in the markdown. The
/// text is the markdown itself, except inside a quote or a list, where
/// each line lost its `>` or indent: each line of the text is then the end
/// of its line in the markdown.
fn raw_offset(raw: &str, markdown: &str, range: &Range<usize>, within: usize) -> usize {
    let Some(source) = markdown.get(range.clone()) else {
        return range.start;
    };
    if source == raw {
        return range.start + within;
    }
    let mut raw_line_start = 0;
    let mut source_line_start = range.start;
    let mut source_lines = source.split_inclusive('\n');
    for raw_line in raw.split_inclusive('\n') {
        let source_line = source_lines.next().unwrap_or("");
        let raw_line_end = raw_line_start + raw_line.len();
        if within < raw_line_end {
            let cut = source_line.len().saturating_sub(raw_line.len());
            return (source_line_start + cut + (within - raw_line_start)).min(range.end);
        }
        raw_line_start = raw_line_end;
        source_line_start += source_line.len();
    }
    range.start
}

/// A page's markdown events with each heading given its id and each code
/// block made into its highlighted HTML. Events the markdown wrote keep
/// their range; HTML made here has none.
struct BodyEvents<'h, 'a, I> {
    events: I,
    /// Events of a heading read ahead (its id is made from its text),
    /// waiting to be written.
    pending: VecDeque<(Event<'a>, Option<Range<usize>>)>,
    ids: HeadingIds,
    headings: &'h mut Vec<Heading>,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for BodyEvents<'_, 'a, I> {
    type Item = (Event<'a>, Option<Range<usize>>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(pending) = self.pending.pop_front() {
            return Some(pending);
        }
        Some(match self.events.next()? {
            (Event::Start(Tag::Heading { level, id, .. }), _) => {
                let inner: Vec<(Event, Range<usize>)> = self
                    .events
                    .by_ref()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .collect();
                self.heading(level, id, inner)
            }
            (Event::Start(Tag::CodeBlock(kind)), _) => {
                let code: String = self
                    .events
                    .by_ref()
                    .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::CodeBlock)))
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.into_string()),
                        _ => None,
                    })
                    .collect();
                let language = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                (Event::Html(CowStr::from(highlight(&code, language))), None)
            }
            (other, range) => (other, Some(range)),
        })
    }
}

impl<'a, I> BodyEvents<'_, 'a, I> {
    /// A heading gets an id (its own `{#id}`, or made from its text) that
    /// no other heading on the page has. Its own events follow its opening
    /// tag, so that raw HTML in a heading is placed like any other.
    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr>,
        inner: Vec<(Event<'a>, Range<usize>)>,
    ) -> (Event<'a>, Option<Range<usize>>) {
        let text = plain_text(inner.iter().map(|(e, _)| e));
        let id = unique_id(
            id.map(|i| i.to_string())
                .unwrap_or_else(|| crate::model::slugify(&text)),
            &mut self.ids,
        );
        let level_number = heading_number(level);
        let open = format!("<h{level_number} id=\"{}\">", escape_html(&id));
        self.pending
            .extend(inner.into_iter().map(|(event, range)| (event, Some(range))));
        self.pending.push_back((
            Event::Html(CowStr::from(format!("</h{level_number}>\n"))),
            None,
        ));
        self.headings.push(Heading {
            level: level_number,
            id,
            text,
        });
        (Event::Html(CowStr::from(open)), None)
    }
}

/// A heading level as a number, 1 to 6.
pub(crate) fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn plain_text<'e>(events: impl Iterator<Item = &'e Event<'e>>) -> String {
    events
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

/// An id no other heading of the page has: the base, or the base with the
/// next free number. The next number to try for each base is kept, so that
/// a page of ten thousand headings with one title is not quadratic.
fn unique_id(base: String, ids: &mut HeadingIds) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    if ids.taken.insert(base.clone()) {
        return base;
    }
    let next = ids.next.entry(base.clone()).or_insert(2);
    loop {
        let id = format!("{base}-{next}");
        *next += 1;
        if ids.taken.insert(id.clone()) {
            return id;
        }
    }
}

/// The ids a page's headings have, and the next number to try for each.
#[derive(Default)]
struct HeadingIds {
    taken: BTreeSet<String>,
    next: std::collections::HashMap<String, usize>,
}

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// The longest line of code that is highlighted.
const LONGEST_HIGHLIGHTED_LINE: usize = 1_000;

/// A code block as `<pre><code>` with syntect's CSS classes (prefixed `hl-`).
fn highlight(code: &str, language: &str) -> String {
    let syntaxes = syntaxes();
    let class_attr = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_html(language))
    };
    // Highlighting takes time that grows with the square of a line's
    // length: a block with a very long line is shown plain.
    let plain = code
        .lines()
        .any(|line| line.len() > LONGEST_HIGHLIGHTED_LINE);
    let Some(syntax) = (!language.is_empty() && !plain)
        .then(|| syntaxes.find_syntax_by_token(language))
        .flatten()
    else {
        let mut escaped = String::new();
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut escaped, code);
        return format!("<pre><code{class_attr}>{escaped}</code></pre>\n");
    };
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        if generator
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            let mut escaped = String::new();
            let _ = pulldown_cmark_escape::escape_html_body_text(&mut escaped, code);
            return format!("<pre><code{class_attr}>{escaped}</code></pre>\n");
        }
    }
    format!(
        "<pre class=\"hl-code\"><code{class_attr}>{}</code></pre>\n",
        generator.finalize()
    )
}

/// Replaces each placeholder with its HTML. A placeholder alone in a
/// paragraph replaces the whole paragraph, so block HTML is never wrapped
/// in `<p>`.
pub(crate) fn fill_placeholders(html: &str, fill: &dyn Fn(usize) -> Option<String>) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(PLACEHOLDER_START) {
        let after_start = start + PLACEHOLDER_START.len_utf8();
        let Some(len) = rest[after_start..].find(PLACEHOLDER_END) else {
            break;
        };
        let end = after_start + len + PLACEHOLDER_END.len_utf8();
        let (before, after) = (&rest[..start], &rest[end..]);
        let component = rest[after_start..after_start + len]
            .parse()
            .ok()
            .and_then(fill);
        // What is not one of this page's components stays as text, its
        // markers made harmless: nothing between them is ever cut out.
        let Some(component) = component else {
            out.push_str(before);
            out.push_str(&crate::model::without_reserved(&rest[start..end]));
            rest = after;
            continue;
        };
        let whole_paragraph = before.ends_with("<p>") && after.starts_with("</p>");
        if whole_paragraph {
            out.push_str(&before[..before.len() - 3]);
            out.push_str(&component);
            rest = after[4..].trim_start_matches('\n');
        } else {
            out.push_str(before);
            out.push_str(&component);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let body =
            render_markdown("## How long it takes\n\n## How long it takes\n\n## Costs {#fees}\n");
        let ids: Vec<&str> = body.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["how-long-it-takes", "how-long-it-takes-2", "fees"]);
        assert!(body.html.contains("<h2 id=\"fees\">Costs</h2>"));
    }

    #[test]
    fn code_is_highlighted_with_classes_not_styles() {
        let body = render_markdown("```rust\nfn main() {}\n```\n");
        assert!(body.html.contains("class=\"hl-"), "{}", body.html);
        assert!(!body.html.contains("style="));
    }

    #[test]
    fn a_placeholder_alone_replaces_its_paragraph() {
        let html = format!(
            "<p>{PLACEHOLDER_START}0{PLACEHOLDER_END}</p>\n<p>Call {PLACEHOLDER_START}1{PLACEHOLDER_END} now</p>\n"
        );
        let filled = fill_placeholders(&html, &|i| {
            Some(if i == 0 {
                "<div>card</div>".into()
            } else {
                "<a>phone</a>".into()
            })
        });
        assert_eq!(filled, "<div>card</div><p>Call <a>phone</a> now</p>\n");
    }
}
