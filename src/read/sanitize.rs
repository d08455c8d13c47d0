//! Raw HTML in pages, judged and cleaned by one allow-list. Authors may
//! write plain HTML in markdown (`<abbr>`, `<details>`, a table with merged
//! cells); what the list does not allow (scripts, event attributes,
//! `javascript:` or `data:` addresses, forms, frames, `<base>`, `<meta>`,
//! styles) is removed by ammonia, and [`removals`] finds the same things,
//! with where each is written, for the checker to report.
//!
//! Both read the HTML as a browser does, from the whole rendered body:
//! entities decoded, attributes split at any white space, and the text of
//! `<textarea>`, `<style>` and their kind read as text.
//!
//! Not for: deciding which pages need cleaning (the markdown renderer), or
//! how a removal is worded (the checker).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use html5gum::{DefaultEmitter, State, Token, Tokenizer};

/// The elements a page may contain: the markup markdown makes, and plain
/// HTML for text, lists, tables and disclosure.
const TAGS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Attributes allowed on every element.
const GLOBAL_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "role", "title"];

/// Attribute prefixes allowed on every element.
const GLOBAL_PREFIXES: &[&str] = &["aria-"];

/// Attributes allowed on one element. (Not `cite`: it holds an address
/// that the sanitiser does not check, and no reader sees it.)
const ELEMENT_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("abbr", &[]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
    ("data", &["value"]),
    ("del", &["datetime"]),
    ("details", &["open"]),
    ("img", &["alt", "height", "src", "width"]),
    ("ins", &["datetime"]),
    ("li", &["value"]),
    ("ol", &["reversed", "start", "type"]),
    ("td", &["colspan", "headers", "rowspan"]),
    ("th", &["abbr", "colspan", "headers", "rowspan", "scope"]),
    ("time", &["datetime"]),
];

/// Attributes allowed on one element with only these values: the column
/// alignment that markdown tables write.
const ELEMENT_ATTRIBUTE_VALUES: &[(&str, &str, &[&str])] =
    &[("td", "style", ALIGNMENTS), ("th", "style", ALIGNMENTS)];

const ALIGNMENTS: &[&str] = &[
    "text-align: left",
    "text-align: center",
    "text-align: right",
];

/// The kinds of address a link or image may have; an address without a
/// scheme (a path, `#section`) is always allowed.
const URL_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// Elements removed with everything in them, rather than leaving their
/// text: the text of a script or a style sheet is not for patients.
const REMOVED_WITH_CONTENT: &[&str] = &["script", "style"];

/// The one sanitiser, built from the lists above.
static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(REMOVED_WITH_CONTENT.iter().copied().collect())
        .generic_attributes(GLOBAL_ATTRIBUTES.iter().copied().collect())
        .generic_attribute_prefixes(GLOBAL_PREFIXES.iter().copied().collect())
        .tag_attributes(
            ELEMENT_ATTRIBUTES
                .iter()
                .map(|(tag, names)| (*tag, names.iter().copied().collect()))
                .collect(),
        )
        .tag_attribute_values(element_attribute_values())
        .url_schemes(URL_SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    builder
});

fn element_attribute_values() -> HashMap<&'static str, HashMap<&'static str, HashSet<&'static str>>>
{
    let mut values: HashMap<_, HashMap<_, HashSet<_>>> = HashMap::new();
    for (tag, name, allowed) in ELEMENT_ATTRIBUTE_VALUES {
        values
            .entry(*tag)
            .or_default()
            .insert(*name, allowed.iter().copied().collect());
    }
    values
}

/// The HTML with everything the allow-list does not permit removed.
pub(crate) fn clean(html: &str) -> String {
    SANITISER.clean(html).to_string()
}

/// Whether an address may stand in a link or an image: one without a
/// scheme, or with an allowed one. Read as the sanitiser reads it: tabs and
/// line breaks inside are ignored, as browsers ignore them.
pub(crate) fn address_allowed(address: &str) -> bool {
    match ammonia::Url::parse(address) {
        Ok(url) => URL_SCHEMES.contains(&url.scheme()),
        Err(ammonia::url::ParseError::RelativeUrlWithoutBase) => true,
        Err(_) => false,
    }
}

/// Something the sanitiser removes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub(crate) enum Removal {
    /// An element the allow-list does not have (its text stays, except a
    /// script's or a style sheet's).
    Element {
        /// Its name, in lower case.
        name: String,
    },
    /// An attribute the element may not have.
    Attribute {
        /// The element's name.
        element: String,
        /// The attribute's name, in lower case.
        name: String,
    },
    /// Elements nested deeper than [`MAX_HTML_DEPTH`]: the whole body's
    /// HTML is shown as text, since reading it would take time that grows
    /// with the square of the depth.
    Nesting,
    /// An address with a scheme that is not allowed, or that is not an
    /// address at all.
    Address {
        /// The element's name.
        element: String,
        /// The attribute holding it (`href`, `src`).
        name: String,
        /// The address as a browser reads it (entities decoded).
        address: String,
    },
}

/// A removal and where it is written, as a byte range of the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removed {
    /// Where the element starts (its `<`), or the attribute's name does.
    pub(crate) at: std::ops::Range<usize>,
    /// What is removed.
    pub(crate) what: Removal,
}

/// Everything [`clean`] would remove from the HTML, in order: elements not
/// on the allow-list, attributes not allowed on their element, addresses
/// with a scheme that is not allowed. An element that is removed is
/// reported alone, not with each of its attributes. HTML nested too deep
/// is one removal, at the first element too deep, and nothing else is
/// reported.
pub(crate) fn removals(html: &str) -> Vec<Removed> {
    let scanned = scan(html);
    if let Some(at) = scanned.too_deep {
        return vec![Removed {
            at: within(html, at, 1),
            what: Removal::Nesting,
        }];
    }
    let mut removed = Vec::new();
    for tag in scanned.tags {
        if !TAGS.contains(&tag.name.as_str()) {
            removed.push(Removed {
                at: within(html, tag.at.start, 1 + tag.name.len()),
                what: Removal::Element { name: tag.name },
            });
            continue;
        }
        for attribute in tag.attributes {
            if let Some(what) = attribute_removal(&tag.name, &attribute) {
                removed.push(Removed {
                    at: within(html, attribute.at, attribute.name.len()),
                    what,
                });
            }
        }
    }
    removed
}

/// The HTML sanitised, given what [`removals`] found in it: cleaned by the
/// sanitiser, or, nested too deep to read, shown as text.
pub(crate) fn sanitised(html: &str, removed: &[Removed]) -> String {
    if removed.iter().any(|r| r.what == Removal::Nesting) {
        let mut text = String::with_capacity(html.len() + html.len() / 8);
        let _ = pulldown_cmark_escape::escape_html_body_text(&mut text, html);
        return text;
    }
    clean(html)
}

/// The HTML parsed and written by the same parser as [`clean`], removing
/// nothing that is in it: every element, attribute and address scheme it
/// holds is allowed. Where [`removals`] finds nothing, [`clean`] must give
/// exactly this (the fuzz target `raw_html` checks it), or the sanitiser
/// dropped something without a word.
pub(crate) fn clean_permissively(html: &str) -> String {
    let scanned = scan(html);
    let tags: HashSet<String> = scanned.tags.iter().map(|t| t.name.clone()).collect();
    let attributes: HashSet<String> = scanned
        .tags
        .iter()
        .flat_map(|t| t.attributes.iter().map(|a| a.name.clone()))
        .collect();
    let schemes: HashSet<String> = scanned
        .tags
        .iter()
        .flat_map(|t| t.attributes.iter())
        .filter_map(|a| {
            ammonia::Url::parse(&a.value)
                .ok()
                .map(|u| u.scheme().to_string())
        })
        .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(
            tags.iter()
                .map(String::as_str)
                .chain(TAGS.iter().copied())
                .collect(),
        )
        .clean_content_tags(HashSet::new())
        .generic_attributes(attributes.iter().map(String::as_str).collect())
        .url_schemes(schemes.iter().map(String::as_str).collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true);
    builder.clean(html).to_string()
}

/// How deep elements may be nested in a page: as deep as browsers build
/// them (Chromium stops at 512). The sanitiser's parser takes time that
/// grows with the square of the depth, so deeper HTML is not parsed.
pub(crate) const MAX_HTML_DEPTH: usize = 512;

/// `start..start + len`, or as much of it as lies on character boundaries
/// of the HTML: a name as the tokenizer gives it can differ in length from
/// what is written (a NUL in it reads as U+FFFD).
fn within(html: &str, start: usize, len: usize) -> std::ops::Range<usize> {
    let end = (start + len).min(html.len());
    let end = (start..=end)
        .rev()
        .find(|&e| html.is_char_boundary(e))
        .unwrap_or(start);
    start..end
}

/// Why the sanitiser removes an attribute of an allowed element, if it does.
fn attribute_removal(element: &str, attribute: &Attribute) -> Option<Removal> {
    let name = attribute.name.as_str();
    let allowed = GLOBAL_ATTRIBUTES.contains(&name)
        || GLOBAL_PREFIXES.iter().any(|p| name.starts_with(p))
        || ELEMENT_ATTRIBUTES
            .iter()
            .any(|(tag, names)| *tag == element && names.contains(&name))
        || ELEMENT_ATTRIBUTE_VALUES.iter().any(|(tag, attr, values)| {
            *tag == element
                && *attr == name
                && values
                    .iter()
                    .any(|v| v.to_lowercase() == attribute.value.to_lowercase())
        });
    if !allowed {
        return Some(Removal::Attribute {
            element: element.to_string(),
            name: attribute.name.clone(),
        });
    }
    let holds_address = matches!(name, "href" | "src");
    (holds_address && !address_allowed(&attribute.value)).then(|| Removal::Address {
        element: element.to_string(),
        name: attribute.name.clone(),
        address: attribute.value.clone(),
    })
}

/// A start tag in HTML.
struct StartTag {
    /// Its range, from `<` to `>`.
    at: std::ops::Range<usize>,
    /// Its name, in lower case.
    name: String,
    /// Its attributes in the order written; of two with one name, the
    /// first, as browsers keep.
    attributes: Vec<Attribute>,
}

/// An attribute of a start tag.
struct Attribute {
    /// Where its name starts.
    at: usize,
    /// Its name, in lower case.
    name: String,
    /// Its value with entities decoded.
    value: String,
}

/// What [`scan`] found in HTML.
struct Scanned {
    tags: Vec<StartTag>,
    /// Where elements first nest deeper than [`MAX_HTML_DEPTH`].
    too_deep: Option<usize>,
}

/// The start tags of HTML, read as the browser's tokenizer reads them. The
/// tokenizer is switched to read the content of `<textarea>`, `<style>`
/// and their kind as text, as the tree builder switches it, except inside
/// `<svg>` and `<math>`, where those are ordinary elements. How deep the
/// elements nest is followed closely enough to tell a page that nests
/// hundreds deep, without building the tree.
fn scan(html: &str) -> Scanned {
    let mut tokenizer = Tokenizer::new_with_emitter(html, DefaultEmitter::<usize>::new_with_span());
    let mut tags = Vec::new();
    let mut foreign = 0usize;
    let mut open: Vec<String> = Vec::new();
    let mut too_deep = None;
    while let Some(Ok(token)) = tokenizer.next() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let mut attributes: Vec<Attribute> = tag
                    .attributes
                    .iter()
                    .map(|(name, value)| Attribute {
                        at: value.span.start,
                        name: String::from_utf8_lossy(name).into_owned(),
                        value: String::from_utf8_lossy(&value.value).into_owned(),
                    })
                    .collect();
                attributes.sort_by_key(|a| a.at);
                if foreign == 0
                    && let Some(state) = content_state(&name)
                {
                    tokenizer.set_state(state);
                }
                if matches!(name.as_str(), "svg" | "math") && !tag.self_closing {
                    foreign += 1;
                }
                if nests(&name, tag.self_closing) {
                    open.push(name.clone());
                    if open.len() > MAX_HTML_DEPTH && too_deep.is_none() {
                        too_deep = Some(tag.span.start);
                    }
                }
                tags.push(StartTag {
                    at: tag.span.start..tag.span.end,
                    name,
                    attributes,
                });
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name);
                if matches!(&*name, "svg" | "math") {
                    foreign = foreign.saturating_sub(1);
                }
                if let Some(at) = open.iter().rposition(|n| *n == name) {
                    open.truncate(at);
                }
            }
            _ => {}
        }
    }
    Scanned { tags, too_deep }
}

/// Whether an element stays open around what follows it: not a void
/// element, and not one that the next of its kind (or a block) closes.
fn nests(element: &str, self_closing: bool) -> bool {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    const CLOSED_BY_SIBLINGS: &[&str] = &[
        "a", "body", "caption", "colgroup", "dd", "dt", "head", "html", "li", "optgroup", "option",
        "p", "rb", "rp", "rt", "rtc", "tbody", "td", "tfoot", "th", "thead", "tr",
    ];
    !(self_closing || VOID.contains(&element) || CLOSED_BY_SIBLINGS.contains(&element))
}

/// How the tree builder has the tokenizer read an element's content, for
/// the elements whose content is not markup.
fn content_state(element: &str) -> Option<State> {
    Some(match element {
        "title" | "textarea" => State::RcData,
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => State::RawText,
        "script" => State::ScriptData,
        "plaintext" => State::PlainText,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(html: &str) -> Vec<(String, Removal)> {
        removals(html)
            .into_iter()
            .map(|r| (html[r.at].to_string(), r.what))
            .collect()
    }

    #[test]
    fn event_attributes_are_found_wherever_they_start() {
        for html in [
            "<img src=x onerror=alert(1)>",
            "<img src=x\nonerror=alert(1)>",
            "<img src=x\tonerror=alert(1)>",
            "<img/src=\"x\"/onerror=alert(1)>",
            "<img src=\"x\"onerror=alert(1)>",
            "<IMG SRC=x ONERROR=alert(1)>",
        ] {
            let found = removed(html);
            assert_eq!(found.len(), 1, "{html}: {found:?}");
            assert_eq!(found[0].0.to_lowercase(), "onerror", "{html}");
            assert!(!clean(html).contains("onerror"), "{html}");
        }
    }

    #[test]
    fn script_addresses_are_found_however_they_are_written() {
        for html in [
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "<a href=\"jav&#97;script&colon;alert(1)\">x</a>",
            "<a href=\"java\nscript:alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a href=\" JAVASCRIPT:alert(1)\">x</a>",
            "<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">",
        ] {
            let found = removed(html);
            assert!(
                matches!(found.as_slice(), [(_, Removal::Address { .. })]),
                "{html}: {found:?}"
            );
            let cleaned = clean(html);
            assert!(
                !cleaned.contains("href") && !cleaned.contains("src"),
                "{cleaned}"
            );
        }
    }

    #[test]
    fn elements_that_reach_outside_the_page_are_found() {
        for (html, element) in [
            (
                "<meta http-equiv=refresh content=\"0;url=//evil.example\">",
                "meta",
            ),
            ("<base href=//evil.example/>", "base"),
            (
                "<form action=//evil.example><input name=nhs></form>",
                "form",
            ),
            ("<style>@import url(//evil.example/x.css)</style>", "style"),
            ("<link rel=stylesheet href=//evil.example/x.css>", "link"),
            ("<svg onload=alert(1)>", "svg"),
            (
                "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
                "iframe",
            ),
            (
                "<button formaction=javascript:alert(1)>Go</button>",
                "button",
            ),
        ] {
            let found = removed(html);
            assert_eq!(
                found.first().map(|f| &f.1),
                Some(&Removal::Element {
                    name: element.to_string()
                }),
                "{html}: {found:?}"
            );
            assert!(!clean(html).contains(&format!("<{element}")), "{html}");
        }
    }

    #[test]
    fn the_text_of_a_textarea_is_not_read_as_tags() {
        let html = "<textarea><img src=x onerror=alert(1)></textarea>";
        let found = removed(html);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!clean(html).contains("<img"));
    }

    #[test]
    fn plain_html_and_markdown_markup_are_kept_as_they_are() {
        let html = "<p>A <abbr title=\"Data Protection Officer\">DPO</abbr> <a href=\"/x/#y\">x</a> <a href=\"mailto:a@b.nhs.uk\">b</a> <a href=\"tel:+441234567890\">c</a></p>\n\
             <details open=\"\"><summary>More</summary><p>Text</p></details>\n\
             <table><thead><tr><th style=\"text-align: center\">A</th></tr></thead><tbody><tr><td colspan=\"2\">B</td></tr></tbody></table>\n\
             <pre class=\"hl-code\"><code class=\"language-rust\"><span class=\"hl-source\">x</span></code></pre>\n\
             <h2 id=\"costs\">Costs</h2>\n<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>\n";
        assert_eq!(removed(html), []);
        assert_eq!(clean(html), html);
    }
}
