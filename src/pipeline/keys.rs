//! Every memo key, each with what it covers. A piece of work may read only
//! what its key covers: anything else it reads must be added here, or a
//! rebuild will reuse it when it should not (`tests/rebuild.rs` compares
//! rebuilds with fresh builds after random edits to catch exactly that).

use super::memo::Key;
use crate::expand::Expansion;
use crate::fingerprint::fingerprint;
use crate::model::{Lang, Page, RunParams, Site, Trust};
use crate::render::{self, SearchEntry, Theme};

/// A page's template (its expressions, parsed): the page's file, path and
/// text.
pub(super) fn template(page: &Page) -> Key {
    Key(fingerprint(&(&page.source.path, page.source.fingerprint)))
}

/// A page expanded for a trust: the page's file, the trust's file, the
/// rules, site.toml and the run's date. Reading the expansion and checking
/// it depend on nothing more (but see [`contacts`]).
pub(super) fn expansion(site: &Site, params: &RunParams, page: &Page, trust: &Trust) -> Key {
    Key(fingerprint(&(
        &page.source.path,
        page.source.fingerprint,
        &trust.id,
        trust.fingerprint,
        site.rules.fingerprint,
        site.config_fingerprint,
        &params.as_of,
    )))
}

/// Every trust's contacts and name. A check that judged a typed phone
/// number, email or postcode compares it with every trust's contacts (and
/// names the trust it belongs to), so it stands only while this is
/// unchanged; a check that judged none does not depend on it.
pub(super) fn contacts(site: &Site) -> u64 {
    let contacts: Vec<_> = site
        .trusts
        .iter()
        .map(|(id, trust)| (id, &trust.name, &trust.contacts))
        .collect();
    fingerprint(&contacts)
}

/// How a page is written (the writing lints): read from its first trust's
/// expansion, so exactly what that expansion covers.
pub(super) fn lints(expansion: u64) -> Key {
    Key(fingerprint(&(expansion, "lints")))
}

/// What every rendered file depends on: the theme's files and site.toml.
pub(super) fn rendering(theme: &Theme, site: &Site, search_words: bool) -> u64 {
    fingerprint(&(theme.fingerprint, site.config_fingerprint, search_words))
}

/// A page rendered into the theme: its expansion, [`rendering`], and the
/// languages its trust has it in (its language switch links to them). The
/// template gets the page, its trust and the site's settings, all covered.
pub(super) fn page(rendering: u64, site: &Site, e: &Expansion) -> Key {
    let translations = match (site.trusts.get(&e.trust), site.pages.get(e.page)) {
        (Some(trust), Some(page)) => render::translations(site, trust, &page.slug),
        _ => Vec::new(),
    };
    Key(fingerprint(&(rendering, e.key, translations, "page")))
}

/// A trust's accessibility statement in a language: the trust's file and
/// [`rendering`].
pub(super) fn accessibility(rendering: u64, trust: &Trust, lang: Lang) -> Key {
    Key(fingerprint(&(
        rendering,
        &trust.id,
        trust.fingerprint,
        lang,
        "accessibility",
    )))
}

/// A trust's home in a language: the trust's file, what it lists of each
/// of the trust's pages in that language, and [`rendering`].
pub(super) fn trust_home(rendering: u64, site: &Site, trust: &Trust, lang: Lang) -> Key {
    let pages = render::trust_home_inputs(site, trust, lang);
    Key(fingerprint(&(
        rendering,
        &trust.id,
        trust.fingerprint,
        lang,
        pages,
        "home",
    )))
}

/// The site home: every trust's file (its template is given each trust
/// whole) and [`rendering`].
pub(super) fn site_home(rendering: u64, site: &Site) -> Key {
    Key(fingerprint(&(
        rendering,
        every_trust_file(site),
        "site home",
    )))
}

/// Each trust's id and trust.yaml, for a page that lists every trust.
fn every_trust_file(site: &Site) -> Vec<(&str, u64)> {
    site.trusts
        .values()
        .map(|trust| (trust.id.as_str(), trust.fingerprint))
        .collect()
}

/// The site's accessibility statement: each trust's id, name and nation
/// (in its trust.yaml) and [`rendering`] (site.toml's `[accessibility]`).
pub(super) fn site_accessibility(rendering: u64, site: &Site) -> Key {
    Key(fingerprint(&(
        rendering,
        every_trust_file(site),
        "site accessibility",
    )))
}

/// The 404 page, robots.txt, `_headers` and the sitemap: every page's
/// address and review date, the languages each trust publishes in (the
/// sitemap lists each language's home, the 404 page speaks each language),
/// and [`rendering`].
pub(super) fn site_files(rendering: u64, site: &Site) -> Key {
    let languages: Vec<(&str, &[Lang])> = site
        .trusts
        .values()
        .map(|t| (t.id.as_str(), t.languages.as_slice()))
        .collect();
    Key(fingerprint(&(
        rendering,
        render::site_files_inputs(site),
        languages,
        "site files",
    )))
}

/// A trust's search page and index in a language: the trust's file, its pages' search
/// entries (title, description, address, each section's heading and words), the
/// site's search words in that language (content/search.yaml) and [`rendering`].
pub(super) fn search(
    rendering: u64,
    site: &Site,
    trust: &Trust,
    lang: Lang,
    entries: &[&SearchEntry],
) -> Key {
    Key(fingerprint(&(
        rendering,
        &trust.id,
        trust.fingerprint,
        lang,
        entries,
        site.search_words.of(lang),
        "search",
    )))
}

/// The theme: every file in its folder (or the built-in theme's files).
pub(super) fn theme(files: &impl std::hash::Hash) -> Key {
    Key(fingerprint(files))
}
