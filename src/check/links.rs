//! The link graph of the built site: every internal link and `#anchor` in
//! the output must lead somewhere. Run after rendering, on the HTML itself,
//! so links written by the theme are checked as well as the pages' own.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostics::{Code, Diagnostic, SourceFile};
use crate::write::Output;

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
) -> Vec<Diagnostic> {
    let pages: BTreeMap<&str, &str> = output
        .files
        .iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(path, bytes)| (path.as_str(), std::str::from_utf8(bytes).unwrap_or("")))
        .collect();
    let anchors: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(path, html)| (*path, ids(html)))
        .collect();
    let mut diagnostics = Vec::new();
    for (path, html) in &pages {
        for href in links(html) {
            if let Some(problem) = problem(base_path, path, &unescape(href), output, &anchors) {
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
fn problem(
    base_path: &str,
    page: &str,
    href: &str,
    output: &Output,
    anchors: &BTreeMap<&str, BTreeSet<String>>,
) -> Option<String> {
    let external = ["http:", "https:", "mailto:", "tel:", "data:", "//"];
    if href.is_empty() || external.iter().any(|scheme| href.starts_with(scheme)) {
        return None;
    }
    let (target, fragment) = match href.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (href, None),
    };
    let target = target.split('?').next().unwrap_or("");
    let file = if target.is_empty() {
        page.to_string()
    } else {
        let Some(resolved) = resolve(base_path, page, target) else {
            return Some(format!("`{href}` points outside the site"));
        };
        match [resolved.clone(), format!("{resolved}/index.html")]
            .into_iter()
            .find(|p| output.files.contains_key(p))
        {
            Some(file) => file,
            None => return Some(format!("`{href}` leads to no page of the site")),
        }
    };
    let fragment = fragment.filter(|f| !f.is_empty())?;
    match anchors.get(file.as_str()) {
        Some(ids) if ids.contains(fragment) => None,
        Some(_) => Some(format!("`{href}` leads to no `#{fragment}` on that page")),
        None => None,
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
