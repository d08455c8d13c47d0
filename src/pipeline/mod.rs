//! The pipeline end to end: load → expand → read → check → render → audit
//! → write. A [`Pipeline`] runs the stages in that order and owns all they
//! keep between runs, in one kind of store ([`memo::Memo`]) under keys each
//! written once ([`keys`]). `verity build` and `verity check` run it once;
//! `verity serve` keeps it between rebuilds, so that a change redoes only
//! the work whose inputs changed, and gives what a fresh build would.

mod jobs;
mod keys;
mod memo;
mod timings;

use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::audit::{addresses, links};
use crate::check::{self, Checker, PageFindings};
use crate::diagnostics::report::Summary;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::error::Error;
use crate::expand::{ExpandedPage, Expansion, PageTemplate, expand_page, parse_body};
use crate::load::LoadCache;
use crate::model::{RunParams, Site, Trust};
use crate::read::RenderedBody;
use crate::render::{self, Output, OutputFile, Theme};
use crate::write::{self, OutputTarget};
use jobs::{RenderInputs, RenderJob, Rendered};
use memo::{Key, Memo};
pub use timings::{Mark, StageTime, Timings};

/// What one run judged, and what it would write.
pub struct Judged {
    /// Every problem, sorted and with site.toml's levels applied.
    pub diagnostics: Diagnostics,
    /// Totals for the report.
    pub summary: Summary,
    /// The loaded site.
    pub site: Site,
    /// Every page expanded for every trust that gets it.
    pub expansions: Vec<Expansion>,
    /// The site's files; `None` when anything failed to render.
    pub output: Option<Output>,
    /// The theme, if it loaded.
    pub(crate) theme: Option<Arc<Theme>>,
    /// How much this run redid, for the preview server's log.
    pub work: Work,
    /// How long each stage took.
    pub timings: Timings,
}

/// What `verity build` did.
pub struct BuildOutcome {
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Totals for the report.
    pub summary: Summary,
    /// Where the site was written; `None` when errors stopped the build.
    pub written: Option<(PathBuf, usize)>,
    /// How long each stage took.
    pub timings: Timings,
}

/// How much a run redid, as opposed to reused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    /// Pages whose expressions were parsed.
    pub parsed: usize,
    /// Page × trust pairs expanded.
    pub expanded: usize,
    /// Page × trust pairs read and checked.
    pub checked: usize,
    /// Pages, trust homes and site home rendered.
    pub rendered: usize,
}

/// A page's body, as the read stage gave it.
type Body = Arc<RenderedBody>;
/// A page's expressions, read once, with the problems found reading them.
type ParsedPage = Arc<(PageTemplate, Vec<Diagnostic>)>;
/// A page expanded for one trust, with the problems found expanding it.
type Expanded = (Arc<ExpandedPage>, Arc<Vec<Diagnostic>>);
/// A check, with the fingerprint of every trust's contacts it was made
/// with (see [`keys::contacts`]).
type CheckEntry = Arc<(u64, PageFindings)>;

/// Files made from many pages at once (search pages and indexes, the
/// sitemap), or why they could not be made.
type Made = Arc<Result<Vec<OutputFile>, Diagnostic>>;

/// The pipeline and everything it keeps from its earlier runs.
pub struct Pipeline {
    root: PathBuf,
    params: RunParams,
    /// The files read last time (load's own cache: it decides what changed).
    load: LoadCache,
    templates: Memo<ParsedPage>,
    expansions: Memo<Expanded>,
    checks: Memo<CheckEntry>,
    theme: Memo<Arc<Theme>>,
    renders: Memo<Rendered>,
    search: Memo<Made>,
    site_files: Memo<Made>,
    /// Each page's links as last read (audit's own cache, by page bytes).
    links: links::LinkCache,
}

/// What one run is gathering.
#[derive(Default)]
struct Run {
    diagnostics: Diagnostics,
    work: Work,
    timings: Timings,
}

impl Run {
    /// Runs a stage and records how long it took.
    fn stage<T>(&mut self, name: &'static str, stage: impl FnOnce(&mut Run) -> T) -> T {
        let started = Mark::now();
        let value = stage(self);
        self.timings.record(name, started);
        value
    }
}

impl Pipeline {
    /// A pipeline for the site at `root`.
    pub fn new(root: &Path, params: RunParams) -> Pipeline {
        Pipeline {
            root: root.to_path_buf(),
            params,
            load: LoadCache::default(),
            templates: Memo::default(),
            expansions: Memo::default(),
            checks: Memo::default(),
            theme: Memo::default(),
            renders: Memo::default(),
            search: Memo::default(),
            site_files: Memo::default(),
            links: links::LinkCache::default(),
        }
    }

    /// A pipeline whose caller reports every changed path through
    /// [`Pipeline::forget`], as the preview server's watcher does: files it
    /// does not name are reused without being looked at.
    pub fn watched(root: &Path, params: RunParams) -> Pipeline {
        Pipeline {
            load: LoadCache::watched(),
            ..Pipeline::new(root, params)
        }
    }

    /// Forgets what was read from these files (or folders): the preview
    /// server calls this with the paths its watcher saw change.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.load.forget(paths);
    }

    /// Runs every stage but writing: what `verity check` reports and what
    /// `verity build` would write. Rendering and the audit run even when
    /// the check found errors, so that one run reports every problem.
    pub fn judge(&mut self) -> Result<Judged, Error> {
        let mut run = Run::default();
        let site = run.stage("load", |run| {
            crate::load::load(&self.root, &mut run.diagnostics, &mut self.load)
        })?;
        let templates = run.stage("parse", |run| self.parse(&site, run));
        let expansions = run.stage("expand", |run| self.expand(&site, &templates, run));
        let bodies = run.stage("read+check", |run| {
            self.read_and_check(&site, &expansions, run)
        });
        let theme = run.stage("theme", |run| self.theme(&site, run));
        let output = match &theme {
            Some(theme) => self.render(&site, theme, &expansions, bodies, &mut run),
            None => None,
        };
        for sweep in [
            &mut self.templates as &mut dyn Sweep,
            &mut self.expansions,
            &mut self.checks,
            &mut self.theme,
            &mut self.renders,
            &mut self.search,
            &mut self.site_files,
        ] {
            sweep.sweep();
        }
        run.diagnostics.finish(&site.levels);
        Ok(Judged {
            summary: summary(&site, &run.diagnostics),
            diagnostics: run.diagnostics,
            site,
            expansions,
            output,
            theme,
            work: run.work,
            timings: run.timings,
        })
    }

    /// Reads the expressions of every page.
    fn parse(&mut self, site: &Site, run: &mut Run) -> Vec<ParsedPage> {
        let jobs: Vec<(Key, usize)> = (0..site.pages.len())
            .map(|i| (keys::template(&site.pages[i]), i))
            .collect();
        let (templates, made) = self.templates.fill(&jobs, |&i| {
            let page = &site.pages[i];
            Arc::new(parse_body(
                &page.source.path,
                &page.source.text,
                page.body_start,
            ))
        });
        run.work.parsed = made;
        for template in &templates {
            run.diagnostics.extend(template.1.iter().cloned());
        }
        templates
    }

    /// Expands every page for every trust that gets it.
    fn expand(&mut self, site: &Site, templates: &[ParsedPage], run: &mut Run) -> Vec<Expansion> {
        let jobs: Vec<(Key, (usize, &Trust))> = site
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, page)| page.trusts.iter().map(move |t| (i, page, t)))
            .filter_map(|(i, page, t)| {
                let trust = site.trusts.get(t)?;
                Some((keys::expansion(site, &self.params, page, trust), (i, trust)))
            })
            .collect();
        let as_of = self.params.as_of;
        let (expanded, made) = self.expansions.fill(&jobs, |&(i, trust)| {
            let (page, template) = (&site.pages[i], &templates[i].0);
            let (expanded, problems) = expand_page(site, as_of, page, template, trust);
            (Arc::new(expanded), Arc::new(problems))
        });
        run.work.expanded = made;
        jobs.iter()
            .zip(expanded)
            .map(|((key, (page, trust)), (expanded, problems))| {
                run.diagnostics.extend(problems.iter().cloned());
                Expansion {
                    page: *page,
                    trust: trust.id.clone(),
                    expanded,
                    key: key.0,
                }
            })
            .collect()
    }

    /// Reads and checks every expansion whose check cannot be reused, then
    /// checks every page as a whole. Returns the bodies read, by expansion
    /// key, for the render stage.
    fn read_and_check(
        &mut self,
        site: &Site,
        expansions: &[Expansion],
        run: &mut Run,
    ) -> HashMap<u64, Arc<RenderedBody>> {
        let contacts = keys::contacts(site);
        let valid = |entry: &CheckEntry| !entry.1.uses_contacts || entry.0 == contacts;
        let mut groups: BTreeMap<usize, Vec<&Expansion>> = BTreeMap::new();
        for e in expansions {
            if self.checks.get_valid(Key(e.key), valid).is_none() {
                groups.entry(e.page).or_default().push(e);
            }
        }
        run.work.checked = groups.values().map(Vec::len).sum();
        let checker = Checker::new(site, self.params.as_of);
        // One group per page, so that a shared page's trusts share the
        // reading and the check.
        let fresh: Vec<(u64, PageFindings, Arc<RenderedBody>)> = groups
            .par_iter()
            .flat_map_iter(|(_, group)| {
                let pages: Vec<&ExpandedPage> = group.iter().map(|e| &*e.expanded).collect();
                let readings = crate::read::read_group(&pages);
                let findings = checker.check_group(group, &readings);
                group
                    .iter()
                    .zip(findings)
                    .zip(readings)
                    .map(|((e, findings), reading)| (e.key, findings, reading.body))
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut bodies = HashMap::default();
        for (key, findings, body) in fresh {
            self.checks.insert(Key(key), Arc::new((contacts, findings)));
            bodies.insert(key, body);
        }
        let mut allows: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for e in expansions {
            let Some(entry) = self.checks.get(Key(e.key)) else {
                continue;
            };
            run.diagnostics.extend(entry.1.diagnostics.iter().cloned());
            allows
                .entry(e.page)
                .or_default()
                .extend(entry.1.used_allows.iter().copied());
        }
        for (index, page) in site.pages.iter().enumerate() {
            run.diagnostics.extend(check::page_checks(
                site,
                self.params.as_of,
                page,
                allows.get(&index),
            ));
        }
        bodies
    }

    /// The theme, loaded again only when one of its files changed.
    fn theme(&mut self, site: &Site, run: &mut Run) -> Option<Arc<Theme>> {
        let files = Theme::files(&site.root, &site.config.theme);
        let key = keys::theme(&files);
        if let Some(theme) = self.theme.get(key) {
            theme.register_sources(&mut run.diagnostics);
            return Some(theme);
        }
        let built = Theme::build(files, &site.root, &site.config.theme, &mut run.diagnostics)?;
        let theme = Arc::new(built);
        self.theme.insert(key, theme.clone());
        Some(theme)
    }

    /// Renders every page, trust home, accessibility statement and the site
    /// home, then the files made from many pages (search, sitemap), then
    /// audits the whole. `None` if anything failed to render or two files
    /// would share an address.
    fn render(
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

/// Drops unused values; one list of every memo, whatever it holds.
trait Sweep {
    fn sweep(&mut self);
}

impl<V: Clone + Send> Sweep for Memo<V> {
    fn sweep(&mut self) {
        Memo::sweep(self);
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

fn summary(site: &Site, diagnostics: &Diagnostics) -> Summary {
    Summary {
        errors: diagnostics.count(Severity::Error),
        warnings: diagnostics.count(Severity::Warning),
        pages: site.pages.len(),
        trusts: site.trusts.len(),
    }
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

/// Frees a build's caches on another thread: they hold every page several
/// times over, freeing them takes longer than some stages, and the answer
/// does not depend on it.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// Loads, expands, reads, checks, renders and audits the site at `root`:
/// everything a build judges, so that `verity check` passes exactly when
/// `verity build` would write.
pub fn check_site(root: &Path, params: RunParams) -> Result<Judged, Error> {
    let mut pipeline = Pipeline::new(root, params);
    let judged = pipeline.judge();
    drop_in_background(pipeline);
    judged
}

/// Judges the site, then writes it to `params.output` (or the
/// `output_dir` of site.toml). With any error nothing is written.
pub fn build_site(root: &Path, params: RunParams) -> Result<BuildOutcome, Error> {
    let out = params.output.clone();
    let mut pipeline = Pipeline::new(root, params);
    let mut judged = pipeline.judge()?;
    drop_in_background(pipeline);
    let site = &judged.site;
    let out_dir = out.unwrap_or_else(|| site.root.join(&site.config.output_dir));
    let mut timings = std::mem::take(&mut judged.timings);
    let written = match (
        OutputTarget::decide(&site.root, &out_dir),
        judged.output.take(),
    ) {
        (Err(diagnostic), _) => {
            judged.diagnostics.push(diagnostic);
            None
        }
        (Ok(target), Some(output)) if !judged.diagnostics.has_errors() => {
            write_locked(target, output, &mut judged.diagnostics, &mut timings)?
        }
        _ => None,
    };
    judged.diagnostics.finish(&judged.site.levels);
    let summary = summary(&judged.site, &judged.diagnostics);
    drop_in_background((judged.site, judged.expansions));
    Ok(BuildOutcome {
        diagnostics: judged.diagnostics,
        summary,
        written,
        timings,
    })
}

/// Writes the output under the target's lock, once the target is verified
/// again: it was decided before the lock was taken, and only now can no
/// other build change what is there.
fn write_locked(
    target: OutputTarget,
    output: Output,
    diagnostics: &mut Diagnostics,
    timings: &mut Timings,
) -> Result<Option<(PathBuf, usize)>, Error> {
    let lock = target.lock(|dir| {
        eprintln!(
            "another build is writing to {}: waiting for it to finish",
            dir.display()
        )
    })?;
    if let Err(diagnostic) = target.verify() {
        diagnostics.push(diagnostic);
        return Ok(None);
    }
    timings.time("write", || write::write_output(&target, &lock, &output))?;
    let files = output.files.len();
    drop_in_background(output);
    Ok(Some((target.dir, files)))
}
