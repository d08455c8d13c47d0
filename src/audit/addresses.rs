//! Two things written to one address, found where the output is assembled
//! (the only place that knows every address), and reported where the
//! author can change one of them.

use crate::diagnostics::{Code, Diagnostic};
use crate::expand::Expansion;
use crate::model::Site;

/// Trusts whose folder is also a folder of the site's own files (a
/// trust named `assets`).
pub(crate) fn trusts_at_site_addresses(site: &Site, site_wide: &[&str]) -> Vec<Diagnostic> {
    let base = crate::render::base_path(&site.config.base_url);
    site.trusts
        .values()
        .filter(|trust| {
            site_wide
                .iter()
                .any(|path| path.split('/').next() == Some(trust.id.as_str()))
        })
        .map(|trust| {
            Diagnostic::new(
                Code::SlugDuplicate,
                format!(
                    "the trust `{}` would share the address {base}{}/ with the site's own files",
                    trust.id, trust.id
                ),
            )
            .in_file(&trust.file)
            .note("the theme's style sheets and scripts are published there")
            .help(format!("rename the folder content/trusts/{}", trust.id))
        })
        .collect()
}

/// Pages written where Verity writes something of its own: a trust's
/// home, search page or accessibility statement, or a file of the site.
pub(crate) fn pages_at_generated_addresses(
    site: &Site,
    expansions: &[Expansion],
    generated: &[(std::sync::Arc<str>, &str)],
) -> Vec<Diagnostic> {
    let base = crate::render::base_path(&site.config.base_url);
    let generated: std::collections::HashMap<&str, &str> = generated
        .iter()
        .map(|(path, what)| (&**path, *what))
        .collect();
    let mut found: Vec<Diagnostic> = expansions
        .iter()
        .filter_map(|e| {
            let page = &site.pages[e.page];
            let path = crate::render::page_path(&e.trust, page.lang, &page.slug);
            let what = generated.get(path.as_str())?;
            let folder = path.trim_end_matches("index.html");
            let d = Diagnostic::new(
                Code::SlugDuplicate,
                format!("this page would be written to {base}{folder}, where Verity writes {what}"),
            )
            .at(&page.source.path, slug_place(page))
            .help(format!(
                "give the page another address with `slug:` in its front matter, such as `slug: {}-help`",
                page.slug
            ));
            Some(d)
        })
        .collect();
    // One report for a page, whichever trusts it is for.
    found.dedup_by(|a, b| a.span == b.span);
    found
}

/// Where a page's address is written: its `slug:` value, or else the
/// start of the file, whose name gives the address.
fn slug_place(page: &crate::model::Page) -> std::ops::Range<usize> {
    let front = page.source.text.get(..page.body_start).unwrap_or("");
    let mut at = 0;
    for line in front.split_inclusive('\n') {
        if let Some(value) = line.strip_prefix("slug:") {
            let start = at + "slug:".len() + (value.len() - value.trim_start().len());
            let end = at + line.trim_end().len();
            return start..end.max(start);
        }
        at += line.len();
    }
    0..0
}
