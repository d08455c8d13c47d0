//! The render and audit stages as the pipeline runs them: every file
//! rendered (reusing those whose keys are kept), the files made from many
//! pages at once, the output assembled, and the audit of the whole.

use foldhash::HashMap;
use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;

use super::jobs::{MadeFile, RenderJob, RenderPlan, Rendered};
use super::memo::Key;
use super::timings::Mark;
use super::{Made, Pipeline, Run, keys};
use crate::audit::links::PageLinks;
use crate::audit::{addresses, links};
use crate::expand::Expansion;
use crate::model::{Lang, Site, TrustId};
use crate::render::{self, Output, Theme};

impl Pipeline {
    /// Renders every page, trust home, accessibility statement and the site
    /// home, then the files made from many pages (search, sitemap), then
    /// audits the whole. `None` if anything failed to render or two files
    /// would share an address.
    pub(super) fn render(
        &mut self,
        site: &Site,
        plan: &RenderPlan,
        expansions: &[Expansion],
        pages: HashMap<Key, Rendered>,
        run: &mut Run,
    ) -> Option<Output> {
        let (theme, rendering, jobs) = (&plan.theme, plan.rendering, &plan.jobs);
        let rendered = run.stage("render", |run| {
            self.render_rest(site, plan, expansions, pages, run)
        });
        let assembling = Mark::now();
        let mut failed = false;
        let mut files: Vec<MadeFile> = Vec::with_capacity(rendered.len() + 16);
        let mut search: HashMap<(&str, Lang), Vec<&render::SearchEntry>> = HashMap::default();
        // What Verity writes besides the pages, to name it when a page
        // would be written to the same address.
        let mut generated: Vec<(Arc<str>, &str)> = Vec::new();
        for ((_, job), result) in jobs.iter().zip(&rendered) {
            match result.as_ref() {
                Ok(rendered) => {
                    files.push(rendered.file.clone());
                    if let (RenderJob::Page(i), Some(entry)) = (job, &rendered.search) {
                        let e = &expansions[*i];
                        search
                            .entry((e.trust.as_str(), site.pages[e.page].lang))
                            .or_default()
                            .push(entry);
                    }
                    if let Some(what) = job.generates() {
                        generated.push((rendered.file.path.clone(), what));
                    }
                }
                Err(diagnostic) => {
                    run.diagnostics.push(diagnostic.clone());
                    failed = true;
                }
            }
        }
        let pages_and_homes = files.len();
        files.extend(render::asset_files(theme).map(|(path, bytes)| self.sink.take(path, bytes)));
        let key = keys::site_files(rendering, site);
        match &*self.site_files(site, plan, key) {
            Ok(made) => files.extend(made.iter().cloned()),
            Err(diagnostic) => {
                run.diagnostics.push(diagnostic.clone());
                failed = true;
            }
        }
        let site_wide: Vec<&str> = files[pages_and_homes..].iter().map(|f| &*f.path).collect();
        let mut taken = addresses::trusts_at_site_addresses(site, &site_wide);
        generated.extend(
            files[pages_and_homes..]
                .iter()
                .map(|file| (file.path.clone(), "the site's own files")),
        );
        let (search_made, waiting) = self.search_files(site, plan, &search);
        run.work.search_waiting = waiting;
        for made in search_made {
            match &*made {
                Ok(made) => {
                    generated.extend(
                        made.iter()
                            .map(|file| (file.path.clone(), "the trust's search page")),
                    );
                    files.extend(made.iter().cloned());
                }
                Err(diagnostic) => {
                    run.diagnostics.push(diagnostic.clone());
                    failed = true;
                }
            }
        }
        let paths: BTreeSet<Arc<str>> = files.iter().map(|file| file.path.clone()).collect();
        // Fewer addresses than files: two things were written to one.
        if paths.len() < files.len() {
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
            let mut pages: Vec<(Arc<str>, Arc<PageLinks>)> = files
                .iter()
                .filter_map(|file| Some((file.path.clone(), file.links.clone()?)))
                .collect();
            pages.sort_by(|a, b| a.0.cmp(&b.0));
            run.stage("links", |run| {
                self.audit_links(site, expansions, &pages, &paths, run)
            });
        }
        let output = Output {
            count: paths.len(),
            files: files
                .into_iter()
                .filter_map(|file| Some((file.path, file.bytes?)))
                .collect(),
        };
        (!failed).then_some(output)
    }

    /// Decides what the render stage will do: every file's key, which of
    /// them are not kept, and the template contexts of the trusts with a
    /// page to render.
    pub(super) fn plan_rendering(
        &self,
        site: &Site,
        theme: Arc<Theme>,
        expansions: &[Expansion],
    ) -> RenderPlan {
        let rendering = keys::rendering(&theme, site, self.sink.keeps_search_words());
        let jobs = render_jobs(site, expansions, rendering);
        let missing: Vec<bool> = jobs
            .iter()
            .map(|(key, _)| !self.renders.contains(*key))
            .collect();
        let editions: BTreeSet<(&TrustId, Lang)> = jobs
            .iter()
            .zip(&missing)
            .filter_map(|((_, job), missing)| match job {
                RenderJob::Page(i) if *missing => {
                    let e = &expansions[*i];
                    Some((&e.trust, site.pages[e.page].lang))
                }
                _ => None,
            })
            .collect();
        // A context that cannot be made (a theme without the language's
        // words) is left out: the page then reports why as it renders.
        let trust_contexts = editions
            .into_iter()
            .filter_map(|(id, lang)| {
                let context = render::trust_context(site, &theme, site.trusts.get(id)?, lang);
                Some(((id.clone(), lang), context.ok()?))
            })
            .collect();
        RenderPlan {
            theme,
            rendering,
            jobs,
            missing,
            trust_contexts,
            sections: render::SectionCache::default(),
        }
    }

    /// Every rendered file, in the plan's order: the pages rendered as they
    /// were read, then the rest of what is not kept (trust homes, the site
    /// home, and pages whose check was reused, which are read again here).
    fn render_rest(
        &mut self,
        site: &Site,
        plan: &RenderPlan,
        expansions: &[Expansion],
        pages: HashMap<Key, Rendered>,
        run: &mut Run,
    ) -> Vec<Rendered> {
        let mut made = pages;
        let missing: Vec<&(Key, RenderJob)> = plan
            .jobs
            .iter()
            .zip(&plan.missing)
            .filter(|((key, _), missing)| **missing && !made.contains_key(key))
            .map(|(job, _)| job)
            .collect();
        run.work.rendered = made.len() + missing.len();
        let inputs = plan.inputs(site, expansions, &self.sink);
        made.par_extend(
            missing
                .into_par_iter()
                .map(|(key, job)| (*key, Arc::new(job.run(&inputs, None)))),
        );
        let rendered = plan
            .jobs
            .iter()
            .filter_map(|(key, _)| made.get(key).cloned().or_else(|| self.renders.get(*key)))
            .collect();
        for (key, rendered) in made {
            self.renders.insert(key, rendered);
        }
        rendered
    }

    /// The 404 page, robots.txt, `_headers` and the sitemap.
    fn site_files(&mut self, site: &Site, plan: &RenderPlan, key: Key) -> Made {
        if let Some(made) = self.site_files.get(key) {
            return made;
        }
        let made = render::site_files(site, &plan.theme).map(|files| self.sink.take_text(files));
        let made = Arc::new(made);
        self.site_files.insert(key, made.clone());
        made
    }

    /// Each trust's search page and index, made again only for a trust
    /// whose pages' entries changed (an edit that keeps a page's title,
    /// description and headings changes none); with search put off, shown
    /// as last made instead, counted in the second value.
    fn search_files(
        &mut self,
        site: &Site,
        plan: &RenderPlan,
        entries: &HashMap<(&str, Lang), Vec<&render::SearchEntry>>,
    ) -> (Vec<Made>, usize) {
        type SearchJob<'a> = (&'a crate::model::Trust, Lang, &'a [&'a render::SearchEntry]);
        let jobs: Vec<(Key, SearchJob)> = site
            .trusts
            .values()
            .flat_map(|trust| trust.languages.iter().map(move |lang| (trust, *lang)))
            .map(|(trust, lang)| {
                let pages = entries
                    .get(&(trust.id.as_str(), lang))
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                (
                    keys::search(plan.rendering, site, trust, lang, pages),
                    (trust, lang, pages),
                )
            })
            .collect();
        // Put off: files that would be made again, for a trust that has
        // files made before.
        let stale: Vec<Option<Made>> = jobs
            .iter()
            .map(|(key, (trust, lang, _))| {
                if !self.search_later || self.search.contains(*key) {
                    return None;
                }
                let last = *self
                    .last_search
                    .get(&(Arc::from(trust.id.as_str()), *lang))?;
                self.search.get(last)
            })
            .collect();
        let now: Vec<(Key, SearchJob)> = jobs
            .iter()
            .zip(&stale)
            .filter(|(_, stale)| stale.is_none())
            .map(|(job, _)| *job)
            .collect();
        let sink = &self.sink;
        // On a first build every trust's search files are made at once.
        let (made, _) = self.search.fill(&now, |(trust, lang, pages)| {
            let files = render::search_files(site, &plan.theme, trust, *lang, pages);
            Arc::new(files.map(|files| sink.take_text(files)))
        });
        let mut made = made.into_iter();
        let mut all = Vec::with_capacity(jobs.len());
        let mut waiting = 0;
        for ((key, (trust, lang, _)), stale) in jobs.iter().zip(stale) {
            let files = match stale {
                Some(files) => {
                    waiting += 1;
                    files
                }
                None => {
                    let Some(files) = made.next() else { break };
                    self.last_search
                        .insert((Arc::from(trust.id.as_str()), *lang), *key);
                    files
                }
            };
            all.push(files);
        }
        (all, waiting)
    }

    /// `link-broken`: every link in the output must lead somewhere.
    fn audit_links(
        &mut self,
        site: &Site,
        expansions: &[Expansion],
        pages: &[(Arc<str>, Arc<PageLinks>)],
        paths: &BTreeSet<Arc<str>>,
        run: &mut Run,
    ) {
        let base_path = render::base_path(&site.config.base_url);
        let broken = links::broken_links(&base_path, pages, paths, &mut self.links);
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
        .map(|(i, e)| (keys::page(rendering, site, e), RenderJob::Page(i)))
        .collect();
    for trust in site.trusts.values() {
        for &lang in &trust.languages {
            jobs.push((
                keys::accessibility(rendering, trust, lang),
                RenderJob::Accessibility(trust.id.clone(), lang),
            ));
            jobs.push((
                keys::trust_home(rendering, site, trust, lang),
                RenderJob::TrustHome(trust.id.clone(), lang),
            ));
        }
    }
    jobs.push((keys::site_home(rendering, site), RenderJob::SiteHome));
    jobs.push((
        keys::site_accessibility(rendering, site),
        RenderJob::SiteAccessibility,
    ));
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
            (render::page_path(&e.trust, page.lang, &page.slug), origin)
        })
        .collect()
}
