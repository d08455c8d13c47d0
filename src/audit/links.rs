//! The link graph of the built site: every internal link and `#anchor` in
//! the output must lead somewhere. Run after rendering, on the HTML itself,
//! so links written by the theme are checked as well as the pages' own.

use foldhash::HashMap;
use std::collections::BTreeSet;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{Code, Diagnostic, SourceFile};

/// What the last run learned of each page: which of its links were
/// broken. A page whose render was reused has the same shared links, so
/// an unchanged page is known without judging it again.
#[derive(Default)]
pub(crate) struct LinkCache {
    /// The last run's HTML pages, in output order (by path).
    pages: Vec<CachedPage>,
    /// A fingerprint of every output path, to tell when a link that led
    /// nowhere might lead somewhere now, or the other way round. While it
    /// is unchanged the pages are the same list in the same order, and
    /// each run's pages match the last run's by position.
    paths: u64,
}

struct CachedPage {
    path: Arc<str>,
    links: Arc<PageLinks>,
    broken: Arc<Vec<BrokenLink>>,
}

/// A link that leads nowhere: the output page it is on, the address as
/// written, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BrokenLink {
    /// The output path of the page holding the link.
    pub(crate) page: String,
    /// The address, as written in the HTML.
    pub(crate) href: String,
    /// Why it leads nowhere.
    pub(crate) problem: String,
}

/// The links on a page, where each leads, and the ids the page gives its
/// elements: all the audit needs of a page, read from its HTML when it is
/// rendered, so that the HTML itself need not be kept (a build writes each
/// page as it is rendered).
///
/// Every page's are kept until the audit, so each is two strings: where a
/// link leads is worked out again when it is judged, which costs less
/// than keeping it (a third of a 50,000-page build's memory, kept that
/// way).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PageLinks {
    /// The addresses that stay within the site, as written.
    hrefs: Strings,
    /// The ids, sorted, without repeats.
    ids: Strings,
}

impl PageLinks {
    /// Reads a page's HTML.
    pub(crate) fn read(html: &[u8]) -> PageLinks {
        let hrefs = links(html)
            .map(|(_, href)| href)
            .filter(|href| stays_in_site(&unescape(href)));
        PageLinks {
            hrefs: Strings::new(hrefs),
            ids: Strings::new(ids(html)),
        }
    }

    fn has_id(&self, id: &str) -> bool {
        let ids = &self.ids;
        let mut range = 0..ids.len();
        // A binary search over the sorted ids.
        while range.start < range.end {
            let middle = range.start + (range.end - range.start) / 2;
            match ids.get(middle).cmp(id) {
                std::cmp::Ordering::Less => range.start = middle + 1,
                std::cmp::Ordering::Greater => range.end = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// A list of strings kept as one: two allocations however many there are.
#[derive(Debug, PartialEq, Eq)]
struct Strings {
    text: Box<str>,
    /// Where each string ends in `text`.
    ends: Box<[u32]>,
}

impl Strings {
    fn new<'a>(strings: impl Iterator<Item = &'a str>) -> Strings {
        let mut text = String::new();
        let mut ends = Vec::new();
        for string in strings {
            text.push_str(string);
            // A page over 4 GiB cannot be written; its links are not read.
            let Ok(end) = u32::try_from(text.len()) else {
                break;
            };
            ends.push(end);
        }
        Strings {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, index: usize) -> &str {
        let start = index
            .checked_sub(1)
            .and_then(|i| self.ends.get(i))
            .map_or(0, |&end| end as usize);
        let end = self.ends.get(index).map_or(start, |&end| end as usize);
        self.text.get(start..end).unwrap_or("")
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i))
    }
}

/// What produced an output page: its source file and the trust it is for.
pub(crate) struct Origin<'a> {
    /// The markdown file.
    pub(crate) source: &'a SourceFile,
    /// The trust, for a page rendered per trust.
    pub(crate) trust: Option<&'a str>,
}

/// The values of every `name="..."` attribute in the HTML (written by
/// Verity's renderer and theme, so always double-quoted), with their
/// places; `opening` is `name="`. A plain substring search over the bytes:
/// every page of the site is read this way, and only the values need to
/// be text.
fn attribute_values<'a>(
    bytes: &'a [u8],
    opening: &'static str,
) -> impl Iterator<Item = (Range<usize>, &'a str)> + 'a {
    memchr::memmem::find_iter(bytes, opening.as_bytes()).filter_map(move |at| {
        let before = at.checked_sub(1).map(|i| bytes[i])?;
        if !before.is_ascii_whitespace() {
            return None;
        }
        let value_start = at + opening.len();
        let length = memchr::memchr(b'"', &bytes[value_start..])?;
        let range = value_start..value_start + length;
        let value = std::str::from_utf8(&bytes[range.clone()]).ok()?;
        Some((range, value))
    })
}

fn links(html: &[u8]) -> impl Iterator<Item = (Range<usize>, &str)> + '_ {
    attribute_values(html, "href=\"").chain(attribute_values(html, "src=\""))
}

fn ids(html: &[u8]) -> impl Iterator<Item = &str> {
    let mut ids: Vec<&str> = attribute_values(html, "id=\"").map(|(_, id)| id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
}

/// Every internal link in the output that leads nowhere, in page order.
/// `pages` are the HTML pages, sorted by path, each with its links;
/// `files` is every output path.
///
/// After a small edit only the changed pages are judged again; the other
/// pages' findings stand unless the edit added or removed a file or
/// changed the ids a link can point at, in which case every page's links
/// are judged again (from what each page's reading already holds).
pub(crate) fn broken_links(
    base_path: &str,
    pages: &[(Arc<str>, Arc<PageLinks>)],
    files: &BTreeSet<Arc<str>>,
    cache: &mut LinkCache,
) -> Vec<BrokenLink> {
    let paths = crate::fingerprint::fingerprint(files);
    let by_place = paths == cache.paths && cache.pages.len() == pages.len();
    let previous = Previous::of(&cache.pages, by_place);
    let unchanged = |i: usize| {
        let (path, links) = &pages[i];
        previous
            .get(i, path)
            .filter(|c| Arc::ptr_eq(&c.links, links))
    };
    // Earlier findings about other pages stand only if no file came or
    // went and no changed page gained or lost an id.
    let targets_same = by_place
        && (0..pages.len()).all(|i| {
            unchanged(i).is_some()
                || previous
                    .get(i, &pages[i].0)
                    .is_some_and(|c| c.links.ids == pages[i].1.ids)
        });
    let targets = Targets {
        base_path,
        files,
        pages,
    };
    let broken: Vec<Arc<Vec<BrokenLink>>> = (0..pages.len())
        .into_par_iter()
        .map(|i| match unchanged(i).filter(|_| targets_same) {
            Some(cached) => cached.broken.clone(),
            None => Arc::new(judge(&pages[i].0, &pages[i].1, &targets)),
        })
        .collect();
    drop(previous);
    cache.pages = pages
        .iter()
        .zip(&broken)
        .map(|((path, links), broken)| CachedPage {
            path: path.clone(),
            links: links.clone(),
            broken: broken.clone(),
        })
        .collect();
    cache.paths = paths;
    broken.iter().flat_map(|b| b.iter().cloned()).collect()
}

/// The last run's reading of each page.
enum Previous<'a> {
    /// The same pages as this run, in the same order.
    ByPlace(&'a [CachedPage]),
    /// Files came or went: found by path.
    ByPath(HashMap<&'a str, &'a CachedPage>),
}

impl<'a> Previous<'a> {
    fn of(pages: &'a [CachedPage], by_place: bool) -> Previous<'a> {
        if by_place {
            Previous::ByPlace(pages)
        } else {
            Previous::ByPath(pages.iter().map(|c| (&*c.path, c)).collect())
        }
    }

    /// The last run's reading of this run's page `index`, at `path`.
    fn get(&self, index: usize, path: &str) -> Option<&'a CachedPage> {
        match self {
            Previous::ByPlace(pages) => pages.get(index),
            Previous::ByPath(pages) => pages.get(path).copied(),
        }
    }
}

/// What a link can lead to: the site's files, and each page's ids.
struct Targets<'a> {
    /// The path every address of the site starts with.
    base_path: &'a str,
    /// Every output path.
    files: &'a BTreeSet<Arc<str>>,
    /// The HTML pages, sorted by path, with their links and ids.
    pages: &'a [(Arc<str>, Arc<PageLinks>)],
}

impl Targets<'_> {
    fn has_file(&self, path: &str) -> bool {
        self.files.contains(path)
    }

    /// The links and ids of the HTML page at `path`. Looked up in a sorted
    /// list the run has anyway: after a small edit only a few pages are
    /// judged, and building lookup tables for them cost more than judging.
    fn page(&self, path: &str) -> Option<&PageLinks> {
        let index = self.pages.binary_search_by(|(p, _)| (**p).cmp(path)).ok()?;
        Some(&self.pages.get(index)?.1)
    }
}

/// The broken links of one page.
fn judge(page: &str, links: &PageLinks, targets: &Targets) -> Vec<BrokenLink> {
    links
        .hrefs
        .iter()
        .filter_map(|href| {
            let leads = leads(targets.base_path, page, &unescape(href));
            let problem = problem(page, &leads, targets)?;
            Some(BrokenLink {
                page: page.to_string(),
                href: href.to_string(),
                problem: problem.describe(href),
            })
        })
        .collect()
}

/// An address as written in HTML, with its entities decoded (most have
/// none, and are not copied).
fn unescape(href: &str) -> std::borrow::Cow<'_, str> {
    if !href.contains('&') {
        return std::borrow::Cow::Borrowed(href);
    }
    std::borrow::Cow::Owned(
        href.replace("&amp;", "&")
            .replace("&#39;", "'")
            .replace("&quot;", "\""),
    )
}

/// Where a link leads, worked out once per rendered page.
#[derive(Debug, PartialEq, Eq)]
enum Leads {
    /// Outside Verity's concern: another site, an email, a phone number.
    Away,
    /// Out of the site through its root: always broken.
    Outside,
    /// To a file of the site (this path, or the `index.html` in the
    /// folder of that name) and maybe an anchor.
    To {
        file: Box<str>,
        fragment: Option<Box<str>>,
    },
    /// To an anchor on the same page.
    Here(Box<str>),
}

/// Whether an address (entities decoded) leads anywhere within the site,
/// even nowhere in it: not another site, an email, a phone number, or an
/// empty anchor. Worked out without resolving it: most links of a page
/// lead elsewhere.
fn stays_in_site(href: &str) -> bool {
    let external = ["http:", "https:", "mailto:", "tel:", "data:", "//"];
    if href.is_empty() || external.iter().any(|scheme| href.starts_with(scheme)) {
        return false;
    }
    let (target, fragment) = href.split_once('#').unwrap_or((href, ""));
    !target.split('?').next().unwrap_or("").is_empty() || !fragment.is_empty()
}

fn leads(base_path: &str, page: &str, href: &str) -> Leads {
    if !stays_in_site(href) {
        return Leads::Away;
    }
    let (target, fragment) = match href.split_once('#') {
        Some((target, fragment)) => (target, (!fragment.is_empty()).then(|| Box::from(fragment))),
        None => (href, None),
    };
    let target = target.split('?').next().unwrap_or("");
    if target.is_empty() {
        return fragment.map_or(Leads::Away, Leads::Here);
    }
    match resolve(base_path, page, target) {
        Some(file) => Leads::To {
            file: file.into_boxed_str(),
            fragment,
        },
        None => Leads::Outside,
    }
}

/// Why a link leads nowhere.
enum Problem<'a> {
    /// Out of the site through its root.
    Outside,
    /// To a path the site does not have.
    NoPage,
    /// To an anchor its page does not have.
    NoAnchor(&'a str),
}

impl Problem<'_> {
    fn describe(&self, href: &str) -> String {
        match self {
            Problem::Outside => format!("`{href}` points outside the site"),
            Problem::NoPage => format!("`{href}` leads to no page of the site"),
            Problem::NoAnchor(fragment) => {
                format!("`{href}` leads to no `#{fragment}` on that page")
            }
        }
    }
}

/// Why a link from `page` (an output path) is broken, if it is.
fn problem<'a>(page: &str, leads: &'a Leads, targets: &Targets) -> Option<Problem<'a>> {
    let folder_index;
    let (file, fragment) = match leads {
        Leads::Away => return None,
        Leads::Outside => return Some(Problem::Outside),
        Leads::Here(fragment) => (page, fragment),
        Leads::To { file, fragment } => {
            let found = if targets.has_file(file) {
                Some(&**file)
            } else {
                folder_index = format!("{file}/index.html");
                targets
                    .has_file(&folder_index)
                    .then_some(folder_index.as_str())
            };
            match (found, fragment) {
                (None, _) => return Some(Problem::NoPage),
                (Some(_), None) => return None,
                (Some(found), Some(fragment)) => (found, fragment),
            }
        }
    };
    match targets.page(file) {
        Some(links) if !links.has_id(fragment) => Some(Problem::NoAnchor(fragment)),
        _ => None,
    }
}

/// The output path a link leads to, from the page it is on; `None` if it
/// leads outside the site.
fn resolve(base_path: &str, page: &str, target: &str) -> Option<String> {
    // Built in one string, each folder followed by `/`: every link of
    // every page is resolved.
    let mut path = String::with_capacity(page.len() + target.len() + 10);
    let relative = match target.strip_prefix('/') {
        // A rooted link must stay under the site's base path.
        Some(_) => {
            let rest = target.strip_prefix(base_path.trim_end_matches('/'))?;
            // `/guidancenuh/` is not inside `/guidance/`.
            if !rest.is_empty() && !rest.starts_with('/') {
                return None;
            }
            rest
        }
        None => {
            path.push_str(page.rfind('/').map_or("", |end| &page[..=end]));
            target
        }
    };
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                let parent = path.strip_suffix('/')?.rfind('/').map_or(0, |end| end + 1);
                path.truncate(parent);
            }
            other => {
                path.push_str(other);
                path.push('/');
            }
        }
    }
    if target.ends_with('/') || path.is_empty() {
        path.push_str("index.html");
    } else {
        path.pop();
    }
    Some(path)
}

/// The diagnostic for a broken link, placed in the markdown that wrote it
/// when it can be found there.
pub(crate) fn report(link: &BrokenLink, origin: Option<&Origin>) -> Diagnostic {
    let (page, href) = (link.page.as_str(), link.href.as_str());
    let d = Diagnostic::new(Code::LinkBroken, link.problem.clone()).found(href.to_string());
    let Some(origin) = origin else {
        return d
            .in_file(page)
            .help("this link is in the theme's templates");
    };
    let d = match origin.trust {
        Some(trust) => d.for_trust(trust),
        None => d,
    };
    // Point at the link in the markdown when it is written there.
    match written_at(&origin.source.text, href) {
        Some(at) => d
            .at(&origin.source.path, at..at + href.len())
            .help("correct the address, or remove the link"),
        None => d
            .in_file(&origin.source.path)
            .help("the link comes from the theme or a component, not from the page's text"),
    }
}

/// Where an address is written in a page's source: as a markdown link, a
/// link definition, an autolink or an HTML link or image, in that order of
/// preference, else wherever the text stands.
fn written_at(text: &str, href: &str) -> Option<usize> {
    let forms = [
        ("](", ""),
        ("]: ", ""),
        ("<", ">"),
        ("href=\"", "\""),
        ("src=\"", "\""),
        ("href='", "'"),
        ("src='", "'"),
        ("href=", ""),
        ("src=", ""),
    ];
    forms
        .iter()
        .find_map(|(before, after)| {
            text.find(&format!("{before}{href}{after}"))
                .map(|at| at + before.len())
        })
        .or_else(|| text.find(href))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_address_is_found_however_the_page_writes_it() {
        for (text, at) in [
            ("See [x](/a/) or (/a/)", 8),
            ("[x]: /a/", 5),
            ("Go <https://a/>", 4),
            ("A <a href=\"/a/\">b</a>", 11),
            ("<img src='/a/'>", 10),
            ("<a href=/a/>", 8),
            ("<img src=/a/ alt=\"x\">\n<abbr title=\"/a/\">", 9),
        ] {
            let href = if text.contains("https") {
                "https://a/"
            } else {
                "/a/"
            };
            assert_eq!(written_at(text, href), Some(at), "{text}");
        }
        assert_eq!(written_at("nothing", "/a/"), None);
    }

    #[test]
    fn attributes_are_found_after_white_space_only() {
        let html = "<a href=\"/a/\" data-href=\"/no/\">x</a>\n<img\tsrc=\"/b.png\"><h2 id=\"c\">\
                    <p hidden id=\"unclosed>";
        let found: Vec<&str> = links(html.as_bytes()).map(|(_, href)| href).collect();
        assert_eq!(found, ["/a/", "/b.png"]);
        assert_eq!(ids(html.as_bytes()).collect::<Vec<_>>(), ["c"]);
    }

    #[test]
    fn links_resolve_from_the_page_they_are_on() {
        assert_eq!(
            resolve("/", "nuh/costs/index.html", "../your-records/").as_deref(),
            Some("nuh/your-records/index.html")
        );
        assert_eq!(
            resolve("/", "nuh/costs/index.html", "/nuh/").as_deref(),
            Some("nuh/index.html")
        );
        assert_eq!(
            resolve(
                "/guidance/",
                "nuh/costs/index.html",
                "/guidance/assets/style.css"
            )
            .as_deref(),
            Some("assets/style.css")
        );
        assert_eq!(resolve("/", "index.html", "../../etc"), None);
        assert_eq!(resolve("/guidance/", "index.html", "/elsewhere/"), None);
        // The base path is a whole folder, not the start of a name.
        assert_eq!(resolve("/guidance/", "index.html", "/guidancenuh/"), None);
        assert_eq!(
            resolve("/guidance/", "index.html", "/guidance").as_deref(),
            Some("index.html")
        );
    }
}
