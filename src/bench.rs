//! One page of a site held ready at each stage, so that `cargo bench`
//! (benches/hot_paths.rs) can time each stage alone on it without the
//! stages being public.

use crate::check::{claims, lints};
use crate::expand::{ExpandedPage, PageTemplate, expand_page, parse_body};
use crate::model::{Page, RunParams, Trust};
use crate::pipeline::{Judged, Pipeline};
use crate::read::Reading;

/// A page of a site, judged, with its template, expansion and reading for
/// one trust.
pub struct ExamplePage {
    judged: Judged,
    as_of: crate::model::Date,
    page: usize,
    trust: crate::model::TrustId,
    template: PageTemplate,
    expanded: ExpandedPage,
    reading: Reading,
}

impl ExamplePage {
    /// The page at `slug`, for `trust`, of the site at `root`.
    pub fn load(
        root: &std::path::Path,
        params: RunParams,
        slug: &str,
        trust: &str,
    ) -> Result<ExamplePage, String> {
        let as_of = params.as_of;
        let judged = Pipeline::new(root, params)
            .judge()
            .map_err(|e| e.to_string())?;
        let site = &judged.site;
        let page = site
            .pages
            .iter()
            .position(|p| p.slug == slug)
            .ok_or(format!("no page {slug}"))?;
        let found = site.trusts.get(trust).ok_or(format!("no trust {trust}"))?;
        let source = &site.pages[page];
        let (template, _) = parse_body(&source.source.path, &source.source.text, source.body_start);
        let (expanded, _) = expand_page(site, as_of, source, &template, found);
        let reading = crate::read::read(&expanded);
        Ok(ExamplePage {
            as_of,
            page,
            trust: found.id.clone(),
            template,
            expanded,
            reading,
            judged,
        })
    }

    fn page(&self) -> &Page {
        &self.judged.site.pages[self.page]
    }

    fn trust(&self) -> Option<&Trust> {
        self.judged.site.trusts.get(self.trust.as_str())
    }

    /// Parses the page's expressions; how many top-level nodes it has.
    pub fn parse(&self) -> usize {
        let page = self.page();
        parse_body(&page.source.path, &page.source.text, page.body_start)
            .0
            .nodes
            .len()
    }

    /// Expands the page for the trust; the length of its markdown.
    pub fn expand(&self) -> usize {
        let Some(trust) = self.trust() else {
            return 0;
        };
        expand_page(
            &self.judged.site,
            self.as_of,
            self.page(),
            &self.template,
            trust,
        )
        .0
        .markdown
        .len()
    }

    /// Reads the expanded page (its one markdown parse); the length of its
    /// body HTML.
    pub fn read(&self) -> usize {
        crate::read::read(&self.expanded).body.html.len()
    }

    /// Splits the page's text into sentences, for the writing lints; how
    /// many.
    pub fn sentences(&self) -> usize {
        lints::block_sentences(&self.reading.text.blocks).len()
    }

    /// Fills the body with its components and wraps it in the theme; the
    /// page's length, or `None` if the site has no theme or it failed.
    pub fn render(&self) -> Option<usize> {
        let theme = self.judged.theme.as_ref()?;
        let page = self.page();
        let body = crate::render::render_body(
            theme,
            self.page,
            &self.trust,
            &self.expanded,
            &page.source.path,
            &self.reading.body,
            page.lang,
        )
        .ok()?;
        let (_, html) = crate::render::wrap_page(&self.judged.site, theme, &body).ok()?;
        Some(html.len())
    }
}

/// Finds the claims in a block of text; how many.
pub fn claims_in(text: &str) -> usize {
    claims::extract(text).len()
}
