//! Markdown to HTML: pulldown-cmark with heading ids, code highlighted by
//! syntect into CSS classes (no inline styles, so a strict CSP works), and
//! component placeholders filled with the theme's HTML.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::expand::{PLACEHOLDER_END, PLACEHOLDER_START};

/// A heading of the page, for the contents list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The id its anchor uses.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedBody {
    /// The HTML, with placeholders still in it.
    pub html: String,
    /// The headings, in order.
    pub headings: Vec<Heading>,
}

/// The markdown features Verity turns on.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
}

/// Renders markdown to HTML, giving every heading a unique id.
pub fn render_markdown(markdown: &str) -> RenderedBody {
    render_events(
        Parser::new_ext(markdown, markdown_options()),
        markdown.len(),
    )
}

/// Renders a page's markdown events to its body; `size` is the length of
/// the markdown, to size the HTML once. Taking the events rather than the
/// markdown lets a caller already reading them (the checker) render the
/// body in the same pass instead of parsing the markdown a second time.
pub fn render_events<'a>(events: impl Iterator<Item = Event<'a>>, size: usize) -> RenderedBody {
    let mut headings = Vec::new();
    let mut html_out = String::with_capacity(size + size / 2);
    let events = BodyEvents {
        events,
        ids: BTreeSet::new(),
        headings: &mut headings,
    };
    html::push_html(&mut html_out, events);
    RenderedBody {
        html: html_out,
        headings,
    }
}

/// A page's markdown events with each heading and code block made into
/// its HTML: headings get ids, code gets highlighted.
struct BodyEvents<'h, I> {
    events: I,
    ids: BTreeSet<String>,
    headings: &'h mut Vec<Heading>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for BodyEvents<'_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        Some(match self.events.next()? {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let inner: Vec<Event> = self
                    .events
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .collect();
                self.heading(level, id, inner)
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let code: String = self
                    .events
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::CodeBlock)))
                    .filter_map(|e| match e {
                        Event::Text(t) => Some(t.into_string()),
                        _ => None,
                    })
                    .collect();
                let language = match &kind {
                    CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or(""),
                    CodeBlockKind::Indented => "",
                };
                Event::Html(CowStr::from(highlight(&code, language)))
            }
            other => other,
        })
    }
}

impl<I> BodyEvents<'_, I> {
    /// A heading gets an id (its own `{#id}`, or made from its text) that
    /// no other heading on the page has.
    fn heading<'a>(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr>,
        inner: Vec<Event>,
    ) -> Event<'a> {
        let text = plain_text(&inner);
        let id = unique_id(
            id.map(|i| i.to_string())
                .unwrap_or_else(|| crate::load::slugify(&text)),
            &mut self.ids,
        );
        let level_number = heading_number(level);
        let mut inner_html = String::new();
        html::push_html(&mut inner_html, inner.into_iter());
        let html = format!("<h{level_number} id=\"{id}\">{inner_html}</h{level_number}>\n");
        self.headings.push(Heading {
            level: level_number,
            id,
            text,
        });
        Event::Html(CowStr::from(html))
    }
}

/// A heading level as a number, 1 to 6.
pub fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn plain_text(events: &[Event]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            Event::SoftBreak | Event::HardBreak => Some(" "),
            _ => None,
        })
        .collect()
}

fn unique_id(base: String, ids: &mut BTreeSet<String>) -> String {
    let base = if base.is_empty() {
        "section".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while !ids.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// A code block as `<pre><code>` with syntect's CSS classes (prefixed `hl-`).
fn highlight(code: &str, language: &str) -> String {
    let syntaxes = syntaxes();
    let class_attr = if language.is_empty() {
        String::new()
    } else {
        format!(" class=\"language-{}\"", escape_attr(language))
    };
    let Some(syntax) = (!language.is_empty())
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

fn escape_attr(text: &str) -> String {
    let mut out = String::new();
    let _ = pulldown_cmark_escape::escape_html(&mut out, text);
    out
}

/// Replaces each placeholder with its HTML. A placeholder alone in a
/// paragraph replaces the whole paragraph, so block HTML is never wrapped
/// in `<p>`.
pub fn fill_placeholders(html: &str, fill: &dyn Fn(usize) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(PLACEHOLDER_START) {
        let after_start = start + PLACEHOLDER_START.len_utf8();
        let Some(len) = rest[after_start..].find(PLACEHOLDER_END) else {
            break;
        };
        let index: usize = rest[after_start..after_start + len]
            .parse()
            .unwrap_or(usize::MAX);
        let end = after_start + len + PLACEHOLDER_END.len_utf8();
        let (before, after) = (&rest[..start], &rest[end..]);
        let whole_paragraph = before.ends_with("<p>") && after.starts_with("</p>");
        if whole_paragraph {
            out.push_str(&before[..before.len() - 3]);
            out.push_str(&fill(index));
            rest = after[4..].trim_start_matches('\n');
        } else {
            out.push_str(before);
            out.push_str(&fill(index));
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
            if i == 0 {
                "<div>card</div>".into()
            } else {
                "<a>phone</a>".into()
            }
        });
        assert_eq!(filled, "<div>card</div><p>Call <a>phone</a> now</p>\n");
    }
}
