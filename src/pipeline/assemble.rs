//! The render and audit stages as the pipeline runs them: every file
//! rendered (reusing those whose keys are kept), the files made from many
//! pages at once, the output assembled, and the audit of the whole.

use foldhash::HashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::jobs::{RenderInputs, RenderJob, Rendered};
use super::memo::Key;
use super::timings::Mark;
use super::{Body, Made, Pipeline, Run, drop_in_background, keys};
use crate::audit::{addresses, links};
use crate::expand::Expansion;
use crate::model::Site;
use crate::read::RenderedBody;
use crate::render::{self, Output, OutputFile, Theme};

impl Pipeline {
    /// Renders every page, trust home, accessibility statement and the site
    /// home, then the files made from many pages (search, sitemap), then
    /// audits the whole. `None` if anything failed to render or two files
    /// would share an address.
    pub(super) fn render(
        &mut self,
        site: &Site,
        theme: &Arc<Theme>,
        expansions: &[Expansion],
        bodies: HashMap<u64, Arc<RenderedBody>>,
        run: &mut Run,
    ) -> Option<Output> {
        let rendering = keys::rendering(theme, site);
        let jobs = render_jobs(site, expansions, rendering);
        let rendered = run.stage("render", |run| {
            self.render_jobs(site, theme, expansions, &jobs, bodies, run)
        });
        let assembling = Mark::now();
        let mut failed = false;
        let mut files: Vec<OutputFile> = Vec::with_capacity(rendered.len() + 16);
        let mut search: HashMap<&str, Vec<&render::SearchEntry>> = HashMap::default();
        // What Verity writes besides the pages, to name it when a page
        // would be written to the same address.
        let mut generated: Vec<(Arc<str>, &str)> = Vec::new();
        for ((_, job), result) in jobs.iter().zip(&rendered) {
            match result.as_ref() {
                Ok(file) => {
                    files.push((file.path.clone(), file.bytes.clone()));
                    if let (RenderJob::Page(i), Some(entry)) = (job, &file.search) {
                        search
                            .entry(expansions[*i].trust.as_str())
                            .or_default()
                            .push(entry);
                    }
                    if let Some(what) = job.generates() {
                        generated.push((file.path.clone(), what));
                    }
                }
                Err(diagnostic) => {
                    run.diagnostics.push(diagnostic.clone());
                    failed = true;
                }
            }
        }
        let pages_and_homes = files.len();
        files.extend(render::asset_files(theme));
        let key = keys::site_files(rendering, site);
        match &*self.site_files(site, theme, key) {
            Ok(made) => files.extend(made.iter().cloned()),
            Err(diagnostic) => {
                run.diagnostics.push(diagnostic.clone());
                failed = true;
            }
        }
        let site_wide = &files[pages_and_homes..];
        let mut taken = addresses::trusts_at_site_addresses(site, site_wide);
        generated.extend(
            site_wide
                .iter()
                .map(|(path, _)| (path.clone(), "the site's own files")),
        );
        for made in self.search_files(site, theme, rendering, &search) {
            match &*made {
                Ok(made) => {
                    generated.extend(
                        made.iter()
                            .map(|(path, _)| (path.clone(), "the trust's search page")),
                    );
                    files.extend(made.iter().cloned());
                }
                Err(diagnostic) => {
                    run.diagnostics.push(diagnostic.clone());
                    failed = true;
                }
            }
        }
        let count = files.len();
        let output = Output {
            files: files.into_iter().collect(),
        };
        // Fewer addresses than files: two things were written to one.
        if output.files.len() < count {
            taken.extend(addresses::pages_at_generated_addresses(
                site, expansions, &generated,
            ));
        }
        failed |= !taken.is_empty();
        run.diagnostics.extend(taken);
        run.timings.record("assemble", assembling);
        // Links are audited only when every page rendered: a page that
        // failed would make every link to it look broken.
        if !failed {
            run.stage("links", |run| {
                self.audit_links(site, expansions, &output, run)
            });
        }
        (!failed).then_some(output)
    }

    /// Renders the jobs whose keys are not kept, each page with the body
    /// the read stage gave it (or read again, when its check was reused).
    fn render_jobs(
        &mut self,
        site: &Site,
        theme: &Theme,
        expansions: &[Expansion],
        jobs: &[(Key, RenderJob)],
        mut bodies: HashMap<u64, Arc<RenderedBody>>,
        run: &mut Run,
    ) -> Vec<Rendered> {
        // Each job owns its body and drops it once the page is rendered:
        // bodies and finished pages are never all in memory at once.
        let missing: Vec<(&(Key, RenderJob), Option<Body>)> = jobs
            .iter()
            .filter(|(key, _)| !self.renders.contains(*key))
            .map(|job| {
                let body = match job.1 {
                    RenderJob::Page(i) => bodies.remove(&expansions[i].key),
                    _ => None,
                };
                (job, body)
            })
            .collect();
        // Any body left over belongs to a page rendered before.
        drop_in_background(bodies);
        run.work.rendered = missing.len();
        // Contexts only for the trusts with a page to render: after a
        // one-page edit, one.
        let rendering: BTreeSet<&str> = missing
            .iter()
            .filter_map(|((_, job), _)| match job {
                RenderJob::Page(i) => Some(expansions[*i].trust.as_str()),
                _ => None,
            })
            .collect();
        let inputs = RenderInputs {
            site,
            theme,
            expansions,
            trust_contexts: rendering
                .into_iter()
                .filter_map(|id| {
                    Some((id, render::trust_context(site, theme, site.trusts.get(id)?)))
                })
                .collect(),
        };
        let fresh: Vec<(Key, Rendered)> = missing
            .into_par_iter()
            .map(|((key, job), body)| (*key, Arc::new(job.run(&inputs, body))))
            .collect();
        for (key, rendered) in fresh {
            self.renders.insert(key, rendered);
        }
        jobs.iter()
            .filter_map(|(key, _)| self.renders.get(*key))
            .collect()
    }

    /// The 404 page, robots.txt, `_headers` and the sitemap.
    fn site_files(&mut self, site: &Site, theme: &Theme, key: Key) -> Made {
        if let Some(made) = self.site_files.get(key) {
            return made;
        }
        let made = Arc::new(render::site_files(site, theme).map(render::as_output));
        self.site_files.insert(key, made.clone());
        made
    }

    /// Each trust's search page and index, made again only for a trust
    /// whose pages' entries changed (an edit that keeps a page's title,
    /// description and headings changes none).
    fn search_files(
        &mut self,
        site: &Site,
        theme: &Theme,
        rendering: u64,
        entries: &HashMap<&str, Vec<&render::SearchEntry>>,
    ) -> Vec<Made> {
        let jobs: Vec<(Key, (&crate::model::Trust, &[&render::SearchEntry]))> = site
            .trusts
            .values()
            .map(|trust| {
                let pages = entries
                    .get(trust.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                (keys::search(rendering, trust, pages), (trust, pages))
            })
            .collect();
        // On a first build every trust's search files are made at once.
        let (made, _) = self.search.fill(&jobs, |(trust, pages)| {
            Arc::new(render::search_files(site, theme, trust, pages).map(render::as_output))
        });
        made
    }

    /// `link-broken`: every link in the output must lead somewhere.
    fn audit_links(
        &mut self,
        site: &Site,
        expansions: &[Expansion],
        output: &Output,
        run: &mut Run,
    ) {
        let base_path = render::base_path(&site.config.base_url);
        let broken = links::broken_links(&base_path, output, &mut self.links);
        if broken.is_empty() {
            return;
        }
        let origins = page_origins(site, expansions);
        run.diagnostics.extend(
            broken
                .iter()
                .map(|link| links::report(link, origins.get(link.page.as_str()))),
        );
    }
}

/// Every file rendered one at a time, with its key.
fn render_jobs(site: &Site, expansions: &[Expansion], rendering: u64) -> Vec<(Key, RenderJob)> {
    let mut jobs: Vec<(Key, RenderJob)> = expansions
        .iter()
        .enumerate()
        .map(|(i, e)| (keys::page(rendering, e.key), RenderJob::Page(i)))
        .collect();
    for trust in site.trusts.values() {
        jobs.push((
            keys::accessibility(rendering, trust),
            RenderJob::Accessibility(trust.id.clone()),
        ));
        jobs.push((
            keys::trust_home(rendering, site, trust),
            RenderJob::TrustHome(trust.id.clone()),
        ));
    }
    jobs.push((keys::site_home(rendering, site), RenderJob::SiteHome));
    jobs
}

/// The source of each rendered page, by output path, for placing a broken
/// link in the markdown that wrote it.
fn page_origins<'a>(
    site: &'a Site,
    expansions: &'a [Expansion],
) -> HashMap<String, links::Origin<'a>> {
    expansions
        .iter()
        .map(|e| {
            let page = &site.pages[e.page];
            let origin = links::Origin {
                source: &page.source,
                trust: Some(e.trust.as_str()),
            };
            (render::page_path(&e.trust, &page.slug), origin)
        })
        .collect()
}
