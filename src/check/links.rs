//! The link graph of the built site: every internal link and `#anchor` in
//! the output must lead somewhere. Run after rendering, on the HTML itself,
//! so links written by the theme are checked as well as the pages' own.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::write::Output;

/// The links and ids of each rendered page from earlier runs. A page whose
/// render was reused is the same shared buffer, so it is known by its
/// address (the cache holds the buffer, so the address cannot be reused).
#[derive(Default)]
pub struct LinkCache(HashMap<(usize, usize), CachedLinks>);

/// A rendered page (held, so its address stays its own) and its links.
type CachedLinks = (Arc<[u8]>, Arc<PageLinks>);

fn key(bytes: &Arc<[u8]>) -> (usize, usize) {
    (bytes.as_ptr() as usize, bytes.len())
}

/// The links on a page, where each leads, and the ids the page gives its
/// elements.
pub struct PageLinks {
    links: Vec<(String, Leads)>,
    ids: BTreeSet<String>,
}

impl PageLinks {
    fn read(base_path: &str, page: &str, html: &str) -> PageLinks {
        let links = links(html)
            .map(|href| {
                let leads = leads(base_path, page, &unescape(href));
                (href.to_string(), leads)
            })
            .collect();
        PageLinks {
            links,
            ids: ids(html),
        }
    }
}

/// What produced an output page: its source file and the trust it is for.
pub struct Origin<'a> {
    /// The markdown file.
    pub source: &'a SourceFile,
    /// The trust, for a page rendered per trust.
    pub trust: Option<&'a str>,
}

fn attribute(name: &'static str, cell: &'static OnceLock<Regex>) -> &'static Regex {
    cell.get_or_init(|| {
        Regex::new(&format!(r#"\s{name}="([^"]*)""#))
            .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
    })
}

fn links(html: &str) -> impl Iterator<Item = &str> {
    static HREF: OnceLock<Regex> = OnceLock::new();
    static SRC: OnceLock<Regex> = OnceLock::new();
    attribute("href", &HREF)
        .captures_iter(html)
        .chain(attribute("src", &SRC).captures_iter(html))
        .filter_map(|c| c.get(1).map(|m| m.as_str()))
}

fn ids(html: &str) -> BTreeSet<String> {
    static ID: OnceLock<Regex> = OnceLock::new();
    attribute("id", &ID)
        .captures_iter(html)
        .filter_map(|c| c.get(1).map(|m| m.as_str().to_string()))
        .collect()
}

/// Every internal link in the output that leads nowhere.
pub fn broken_links(
    base_path: &str,
    output: &Output,
    origins: &BTreeMap<String, Origin>,
    cache: &mut LinkCache,
) -> Vec<Diagnostic> {
    let html: Vec<(&str, &Arc<[u8]>)> = output
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), b))
        .collect();
    let read: Vec<Arc<PageLinks>> = html
        .par_iter()
        .map(|(path, bytes)| match cache.0.get(&key(bytes)) {
            Some((_, links)) => links.clone(),
            None => Arc::new(PageLinks::read(
                base_path,
                path,
                std::str::from_utf8(bytes).unwrap_or(""),
            )),
        })
        .collect();
    cache.0 = html
        .iter()
        .zip(&read)
        .map(|((_, bytes), links)| (key(bytes), ((*bytes).clone(), links.clone())))
        .collect();
    let anchors: BTreeMap<&str, &BTreeSet<String>> = html
        .iter()
        .zip(&read)
        .map(|((path, _), links)| (*path, &links.ids))
        .collect();
    let mut diagnostics = Vec::new();
    for ((path, _), links) in html.iter().zip(&read) {
        for (href, leads) in &links.links {
            if let Some(problem) = problem(path, href, leads, output, &anchors) {
                diagnostics.push(report(path, href, &problem, origins.get(*path)));
            }
        }
    }
    diagnostics
}

fn unescape(href: &str) -> String {
    href.replace("&amp;", "&")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
}

/// Why a link from `page` (an output path) is broken, if it is.
/// Where a link leads, worked out once per rendered page.
enum Leads {
    /// Outside Verity's concern: another site, an email, a phone number.
    Away,
    /// Out of the site through its root: always broken.
    Outside,
    /// To a file of the site (one of two names) and maybe an anchor.
    To {
        file: String,
        folder_index: String,
        fragment: Option<String>,
    },
    /// To an anchor on the same page.
    Here(String),
}

fn leads(base_path: &str, page: &str, href: &str) -> Leads {
    let external = ["http:", "https:", "mailto:", "tel:", "data:", "//"];
    if href.is_empty() || external.iter().any(|scheme| href.starts_with(scheme)) {
        return Leads::Away;
    }
    let (target, fragment) = match href.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment.to_string()).filter(|f| !f.is_empty())),
        None => (href, None),
    };
    let target = target.split('?').next().unwrap_or("");
    if target.is_empty() {
        return fragment.map_or(Leads::Away, Leads::Here);
    }
    match resolve(base_path, page, target) {
        Some(file) => Leads::To {
            folder_index: format!("{file}/index.html"),
            file,
            fragment,
        },
        None => Leads::Outside,
    }
}

/// Why a link from `page` is broken, if it is.
fn problem(
    page: &str,
    href: &str,
    leads: &Leads,
    output: &Output,
    anchors: &BTreeMap<&str, &BTreeSet<String>>,
) -> Option<String> {
    let (file, fragment) = match leads {
        Leads::Away => return None,
        Leads::Outside => return Some(format!("`{href}` points outside the site")),
        Leads::Here(fragment) => (page, fragment),
        Leads::To {
            file,
            folder_index,
            fragment,
        } => {
            let found = [file, folder_index]
                .into_iter()
                .find(|p| output.files.contains_key(p.as_str()));
            match (found, fragment) {
                (None, _) => return Some(format!("`{href}` leads to no page of the site")),
                (Some(_), None) => return None,
                (Some(found), Some(fragment)) => (found.as_str(), fragment),
            }
        }
    };
    match anchors.get(file) {
        Some(ids) if !ids.contains(fragment) => {
            Some(format!("`{href}` leads to no `#{fragment}` on that page"))
        }
        _ => None,
    }
}

/// The output path a link leads to, from the page it is on; `None` if it
/// leads outside the site.
fn resolve(base_path: &str, page: &str, target: &str) -> Option<String> {
    let (mut segments, relative): (Vec<&str>, &str) = if target.starts_with('/') {
        // A rooted link must stay under the site's base path.
        (
            Vec::new(),
            target.strip_prefix(base_path.trim_end_matches('/'))?,
        )
    } else {
        let folders: Vec<&str> = page.split('/').collect();
        (folders[..folders.len() - 1].to_vec(), target)
    };
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    let mut path = segments.join("/");
    if target.ends_with('/') || path.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

fn report(page: &str, href: &str, problem: &str, origin: Option<&Origin>) -> Diagnostic {
    let d = Diagnostic::new(Code::LinkBroken, problem.to_string()).found(href.to_string());
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
    match origin.source.text.find(&format!("]({href}")) {
        Some(at) => d
            .at(&origin.source.path, at + 2..at + 2 + href.len())
            .help("correct the address, or remove the link"),
        None => d
            .in_file(&origin.source.path)
            .help("the link comes from the theme or a component, not from the page's text"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
