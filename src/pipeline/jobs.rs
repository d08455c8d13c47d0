//! The files the render stage makes one at a time: pages, trust homes,
//! accessibility statements and the site home.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::memo::Key;
use crate::audit::links::PageLinks;
use crate::diagnostics::{Code, Diagnostic};
use crate::expand::Expansion;
use crate::model::{Lang, Site, TrustId};
use crate::read::RenderedBody;
use crate::render::{self, Theme};
use crate::write::Staging;

/// An output file as the pipeline passes it on: its path, its bytes while
/// they are kept, and, for a page, what the audit needs of it.
#[derive(Clone)]
pub(crate) struct MadeFile {
    pub(super) path: Arc<str>,
    /// `None` once the file is written out (a build lets each page go as
    /// soon as it is written) or when the run does not need it.
    pub(super) bytes: Option<Arc<[u8]>>,
    /// An HTML file's links and ids.
    pub(super) links: Option<Arc<PageLinks>>,
}

/// Where finished files go.
pub(crate) enum Sink {
    /// Kept in the run's output: the preview server serves them.
    Keep,
    /// Let go: `verity check` needs only what the audit reads of them.
    Discard,
    /// Written into the staging folder as each is made, and let go.
    Write(Arc<Staging>),
}

impl Sink {
    /// Takes a finished file: reads its links for the audit, then keeps it,
    /// writes it or lets it go.
    pub(super) fn take(&self, path: Arc<str>, bytes: Arc<[u8]>) -> MadeFile {
        let links = path
            .ends_with(".html")
            .then(|| Arc::new(PageLinks::read(&bytes)));
        let bytes = match self {
            Sink::Keep => Some(bytes),
            Sink::Discard => None,
            Sink::Write(staging) => {
                staging.put(&path, &bytes);
                None
            }
        };
        MadeFile { path, bytes, links }
    }

    /// Whether the search indexes need every page's words: not where the
    /// files are let go (`verity check`), which still makes each trust's
    /// search page, whose template may fail, from the pages' titles.
    pub(super) fn keeps_search_words(&self) -> bool {
        !matches!(self, Sink::Discard)
    }

    /// Takes files made as text (search pages, the sitemap).
    pub(super) fn take_text(&self, files: Vec<(String, String)>) -> Vec<MadeFile> {
        render::as_output(files)
            .into_iter()
            .map(|(path, bytes)| self.take(path, bytes))
            .collect()
    }
}

/// One rendered output file.
pub(super) struct RenderedFile {
    pub(super) file: MadeFile,
    /// A page's entry in its trust's search index.
    pub(super) search: Option<render::SearchEntry>,
}

/// A rendered file, or why it could not be rendered; shared between runs.
pub(super) type Rendered = Arc<Result<RenderedFile, Diagnostic>>;

/// One thing to render.
pub(super) enum RenderJob {
    /// The expansion at this index.
    Page(usize),
    /// A trust's guidance home in a language.
    TrustHome(TrustId, Lang),
    /// A trust's accessibility statement in a language.
    Accessibility(TrustId, Lang),
    /// The page that lists the trusts.
    SiteHome,
    /// The accessibility statement of the site as a whole, which the site
    /// home and the 404 page link to.
    SiteAccessibility,
}

/// What rendering needs besides the job.
pub(super) struct RenderInputs<'a> {
    pub(super) site: &'a Site,
    pub(super) theme: &'a Theme,
    pub(super) expansions: &'a [Expansion],
    /// Each trust's part of every page's template context, by language.
    pub(super) trust_contexts: &'a BTreeMap<(TrustId, Lang), tera::Context>,
    /// Where finished files go.
    pub(super) sink: &'a Sink,
    /// The search index's sections read so far in this run.
    pub(super) sections: &'a render::SectionCache,
}

/// What the render stage does in a run, decided before any page is read,
/// so that a page can be rendered while its body is in memory rather than
/// every body being kept until every page is read.
pub(super) struct RenderPlan {
    pub(super) theme: Arc<Theme>,
    /// [`super::keys::rendering`] of the theme and settings.
    pub(super) rendering: u64,
    /// Every file rendered one at a time, with its key: first each
    /// expansion's page, in the expansions' order, then the rest.
    pub(super) jobs: Vec<(Key, RenderJob)>,
    /// Whether each job must be rendered: its key is not kept.
    pub(super) missing: Vec<bool>,
    /// Each trust's part of every page's template context, for the trusts
    /// with a page to render (after a one-page edit, one).
    pub(super) trust_contexts: BTreeMap<(TrustId, Lang), tera::Context>,
    /// The search index's sections read so far in this run.
    pub(super) sections: render::SectionCache,
}

impl RenderPlan {
    /// Whether the page of the expansion at `index` must be rendered.
    pub(super) fn page_missing(&self, index: usize) -> bool {
        self.missing.get(index).copied().unwrap_or(false)
    }

    /// The inputs every job of the plan renders with.
    pub(super) fn inputs<'a>(
        &'a self,
        site: &'a Site,
        expansions: &'a [Expansion],
        sink: &'a Sink,
    ) -> RenderInputs<'a> {
        RenderInputs {
            site,
            theme: &self.theme,
            expansions,
            trust_contexts: &self.trust_contexts,
            sink,
            sections: &self.sections,
        }
    }
}

impl RenderJob {
    /// What the job writes, when it is not a page of the author's.
    pub(super) fn generates(&self) -> Option<&'static str> {
        match self {
            RenderJob::Page(_) => None,
            RenderJob::TrustHome(..) => Some("the trust's home page"),
            RenderJob::Accessibility(..) => Some("the trust's accessibility statement"),
            RenderJob::SiteHome => Some("the site's home page"),
            RenderJob::SiteAccessibility => Some("the site's accessibility statement"),
        }
    }

    /// Renders; `read` is the page's expansion and body as the read stage
    /// had them (the expansion in `inputs` may have let its markdown go).
    pub(super) fn run(
        &self,
        inputs: &RenderInputs,
        read: Option<(&Expansion, Arc<RenderedBody>)>,
    ) -> Result<RenderedFile, Diagnostic> {
        let (site, theme) = (inputs.site, inputs.theme);
        let trust = |id: &str| {
            site.trusts
                .get(id)
                .ok_or_else(|| Diagnostic::new(Code::ThemeError, format!("no trust `{id}`")))
        };
        let ((path, html), search) = match self {
            RenderJob::Page(i) => {
                // A page whose check was reused was not read in this run.
                let (e, body) = match read {
                    Some((e, body)) => (e, body),
                    None => {
                        let e = &inputs.expansions[*i];
                        (e, crate::read::read(&e.expanded).body)
                    }
                };
                let page = &site.pages[e.page];
                let filled = render::render_body(
                    theme,
                    e.page,
                    &e.trust,
                    &e.expanded,
                    &page.source.path,
                    &body,
                    page.lang,
                )?;
                let words = inputs.sink.keeps_search_words();
                let search = render::search_entry(
                    site,
                    page,
                    &e.trust,
                    (&filled.html, &filled.headings),
                    words.then_some(inputs.sections),
                );
                let wrapped = match inputs.trust_contexts.get(&(e.trust.clone(), page.lang)) {
                    Some(context) => render::wrap_page_in(site, theme, &filled, context)?,
                    None => render::wrap_page(site, theme, &filled)?,
                };
                (wrapped, Some(search))
            }
            RenderJob::TrustHome(id, lang) => (
                render::render_trust_home(site, theme, trust(id)?, *lang)?,
                None,
            ),
            RenderJob::Accessibility(id, lang) => (
                render::render_accessibility(site, theme, trust(id)?, *lang)?,
                None,
            ),
            RenderJob::SiteHome => (render::render_site_home(site, theme)?, None),
            RenderJob::SiteAccessibility => (render::render_site_accessibility(site, theme)?, None),
        };
        let bytes = Arc::from(render::published(html).into_bytes());
        Ok(RenderedFile {
            file: inputs.sink.take(Arc::from(path), bytes),
            search,
        })
    }
}
