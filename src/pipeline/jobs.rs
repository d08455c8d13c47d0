//! The files the render stage makes one at a time: pages, trust homes,
//! accessibility statements and the site home.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::diagnostics::{Code, Diagnostic};
use crate::expand::Expansion;
use crate::model::{Site, TrustId};
use crate::read::RenderedBody;
use crate::render::{self, Theme};

/// One rendered output file.
pub(super) struct RenderedFile {
    pub(super) path: Arc<str>,
    pub(super) bytes: Arc<[u8]>,
    /// A page's entry in its trust's search index.
    pub(super) search: Option<render::SearchEntry>,
}

/// A rendered file, or why it could not be rendered; shared between runs.
pub(super) type Rendered = Arc<Result<RenderedFile, Diagnostic>>;

/// One thing to render.
pub(super) enum RenderJob {
    /// The expansion at this index.
    Page(usize),
    /// A trust's guidance home.
    TrustHome(TrustId),
    /// A trust's accessibility statement.
    Accessibility(TrustId),
    /// The page that lists the trusts.
    SiteHome,
}

/// What rendering needs besides the job.
pub(super) struct RenderInputs<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    pub(super) expansions: &'a [Expansion],
    /// Each trust's part of every page's template context.
    pub(super) trust_contexts: BTreeMap<&'a str, tera::Context>,
}

impl RenderJob {
    /// What the job writes, when it is not a page of the author's.
    pub(super) fn generates(&self) -> Option<&'static str> {
        match self {
            RenderJob::Page(_) => None,
            RenderJob::TrustHome(_) => Some("the trust's home page"),
            RenderJob::Accessibility(_) => Some("the trust's accessibility statement"),
            RenderJob::SiteHome => Some("the site's home page"),
        }
    }

    /// Renders; `body` is the page's body as the read stage gave it.
    pub(super) fn run(
        &self,
        inputs: &RenderInputs,
        body: Option<Arc<RenderedBody>>,
    ) -> Result<RenderedFile, Diagnostic> {
        let (site, theme) = (inputs.site, inputs.theme);
        let trust = |id: &str| {
            site.trusts
                .get(id)
                .ok_or_else(|| Diagnostic::new(Code::ThemeError, format!("no trust `{id}`")))
        };
        let ((path, html), search) = match self {
            RenderJob::Page(i) => {
                let e = &inputs.expansions[*i];
                let page = &site.pages[e.page];
                // A page whose check was reused was not read in this run.
                let body = body.unwrap_or_else(|| crate::read::read(&e.expanded).body);
                let filled = render::render_body(
                    theme,
                    e.page,
                    &e.trust,
                    &e.expanded,
                    &page.source.path,
                    &body,
                )?;
                let search = render::search_entry(site, page, &e.trust, &filled.headings);
                let wrapped = match inputs.trust_contexts.get(e.trust.as_str()) {
                    Some(context) => render::wrap_page_in(site, theme, &filled, context)?,
                    None => render::wrap_page(site, theme, &filled)?,
                };
                (wrapped, Some(search))
            }
            RenderJob::TrustHome(id) => (render::render_trust_home(site, theme, trust(id)?)?, None),
            RenderJob::Accessibility(id) => {
                (render::render_accessibility(site, theme, trust(id)?)?, None)
            }
            RenderJob::SiteHome => (render::render_site_home(site, theme)?, None),
        };
        Ok(RenderedFile {
            path: Arc::from(path),
            bytes: Arc::from(render::published(html).into_bytes()),
            search,
        })
    }
}
