//! The pipeline end to end. A [`Pipeline`] runs load → expand → check →
//! render and keeps what each run produced, keyed by the inputs it came
//! from: `verity build` runs it once, and `verity serve` keeps it between
//! rebuilds so that a change redoes only the work whose inputs changed.

use foldhash::{HashMap, HashSet};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use crate::Error;
use crate::check::{self, Checked, Checker, PageFindings, links};
use crate::diagnostics::report::Summary;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::expand::{ExpandedPage, Expansion, PageTemplate, expand_page, parse_body};
use crate::fingerprint;
use crate::load::LoadCache;
use crate::model::{Date, Site};
use crate::render::{self, RenderedBody, Theme};
use crate::write::{self, Output, OutputTarget};

/// What a check of the site found.
pub struct CheckOutcome {
    /// Every problem, sorted and with site.toml's levels applied.
    pub diagnostics: Diagnostics,
    /// Totals for the report.
    pub summary: Summary,
    /// The loaded site.
    pub site: Site,
    /// Every page expanded for every trust that gets it.
    pub expansions: Vec<Expansion>,
    /// The theme, if it loaded.
    pub theme: Option<Arc<Theme>>,
    /// How much work this run did, for the preview server's log.
    pub work: Work,
    /// How long each stage took.
    pub timings: Timings,
}

/// How long each stage of a run took, in order, for `--timings`.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    /// Each stage, in the order it ran.
    pub stages: Vec<StageTime>,
}

/// How long one stage took.
#[derive(Debug, Clone)]
pub struct StageTime {
    /// The stage's name.
    pub name: &'static str,
    /// Wall-clock time.
    pub wall: Duration,
    /// Processor time over all threads, where the system tells it: more
    /// than the wall time when the stage ran in parallel, equal to it when
    /// the stage ran on one core.
    pub cpu: Option<Duration>,
}

/// A moment of a run, by the wall clock and by the processor time used.
#[derive(Debug, Clone, Copy)]
pub struct Mark {
    wall: std::time::Instant,
    cpu: Option<Duration>,
}

impl Mark {
    /// Now.
    pub fn now() -> Mark {
        Mark {
            wall: std::time::Instant::now(),
            cpu: process_cpu_time(),
        }
    }
}

impl Timings {
    /// Runs a stage and records how long it took.
    pub fn time<T>(&mut self, stage: &'static str, run: impl FnOnce() -> T) -> T {
        let started = Mark::now();
        let value = run();
        self.record(stage, started);
        value
    }

    /// Records a stage that started at `started` and has just finished.
    pub fn record(&mut self, stage: &'static str, started: Mark) {
        let cpu = process_cpu_time()
            .zip(started.cpu)
            .map(|(now, then)| now.saturating_sub(then));
        self.stages.push(StageTime {
            name: stage,
            wall: started.wall.elapsed(),
            cpu,
        });
    }

    /// One line per stage, for the terminal.
    pub fn report(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        self.stages
            .iter()
            .map(|stage| match stage.cpu {
                Some(cpu) => format!(
                    "{:>8}: {:>8.1} ms  (CPU {:>7.1} ms)\n",
                    stage.name,
                    ms(stage.wall),
                    ms(cpu)
                ),
                None => format!("{:>8}: {:>8.1} ms\n", stage.name, ms(stage.wall)),
            })
            .collect()
    }
}

/// The processor time this process has used, over all its threads.
#[cfg(target_os = "linux")]
fn process_cpu_time() -> Option<Duration> {
    let now = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    let seconds = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    Some(Duration::new(seconds, nanos))
}

/// The processor time this process has used: not asked for elsewhere.
#[cfg(not(target_os = "linux"))]
fn process_cpu_time() -> Option<Duration> {
    None
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
    /// Page × trust pairs checked.
    pub checked: usize,
    /// Pages, trust homes and site home rendered.
    pub rendered: usize,
}

/// A page's expressions, read once, with the problems found reading them.
type ParsedPage = Arc<(PageTemplate, Vec<Diagnostic>)>;
/// A rendered file: its output path, bytes and (for a page) headings, or
/// why it failed.
type RenderResult = Result<RenderedFile, Diagnostic>;

/// One rendered output file.
struct RenderedFile {
    path: Arc<str>,
    bytes: Arc<[u8]>,
    /// A page's entry in its trust's search index.
    search: Option<render::SearchEntry>,
}

/// Files made from many pages at once (search pages and indexes, the
/// sitemap), with the fingerprint of what they were made from.
type MadeFiles = (u64, Vec<OutputFile>);

/// An output path and its bytes.
type OutputFile = (Arc<str>, Arc<[u8]>);
/// A rendered file, shared between runs.
type Rendered = Arc<RenderResult>;

/// The pipeline and everything it can reuse from its earlier runs.
pub struct Pipeline {
    root: PathBuf,
    as_of: Date,
    load: LoadCache,
    templates: HashMap<String, (u64, ParsedPage)>,
    expansions: HashMap<u64, (Arc<ExpandedPage>, Vec<Diagnostic>)>,
    checks: HashMap<u64, (u64, Arc<PageFindings>)>,
    /// Page bodies the checker rendered while reading, by expansion key,
    /// until the renderer takes them.
    bodies: HashMap<u64, Arc<RenderedBody>>,
    /// Whether the checker hands the bodies it renders to the render stage.
    wants_bodies: bool,
    renders: HashMap<u64, Rendered>,
    theme: Option<(u64, Arc<Theme>)>,
    links: links::LinkCache,
    /// Each trust's search page and index, with the key they were made for.
    search: HashMap<String, MadeFiles>,
    site_files: Option<MadeFiles>,
}

/// The keys a run used, so that entries nothing uses any more are dropped.
#[derive(Default)]
struct Used {
    expansions: HashSet<u64>,
    checks: HashSet<u64>,
    renders: HashSet<u64>,
}

impl Pipeline {
    /// A pipeline for the site at `root`, judged as of a date.
    pub fn new(root: &Path, as_of: Date) -> Pipeline {
        Pipeline {
            root: root.to_path_buf(),
            as_of,
            load: LoadCache::default(),
            templates: HashMap::default(),
            expansions: HashMap::default(),
            checks: HashMap::default(),
            bodies: HashMap::default(),
            wants_bodies: true,
            renders: HashMap::default(),
            theme: None,
            links: Default::default(),
            search: HashMap::default(),
            site_files: None,
        }
    }

    /// A pipeline whose caller reports every changed path through
    /// [`Pipeline::forget`], as the preview server's watcher does: files it
    /// does not name are reused without being looked at.
    pub fn watched(root: &Path, as_of: Date) -> Pipeline {
        Pipeline {
            load: LoadCache::watched(),
            ..Pipeline::new(root, as_of)
        }
    }

    /// A pipeline whose checker does not hand the bodies it renders to the
    /// render stage, which renders them again, as it does for a page whose
    /// check was reused: slower, and the output must be the same (the tests
    /// compare the two).
    pub fn rendering_bodies_again(self) -> Pipeline {
        Pipeline {
            wants_bodies: false,
            ..self
        }
    }

    /// Forgets what was read from these files (or folders): the preview
    /// server calls this with the paths its watcher saw change.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        self.load.forget(paths);
    }

    /// Loads, expands and checks the site.
    pub fn check(&mut self) -> Result<CheckOutcome, Error> {
        let mut diagnostics = Diagnostics::default();
        let mut work = Work::default();
        let mut timings = Timings::default();
        let site = timings.time("load", || {
            crate::load::load(&self.root, self.as_of, &mut diagnostics, &mut self.load)
        })?;
        let templates = timings.time("parse", || {
            self.parse_pages(&site, &mut diagnostics, &mut work)
        });
        let mut used = Used::default();
        let expansions = timings.time("expand", || {
            self.expand_all(&site, &templates, &mut diagnostics, &mut work, &mut used)
        });
        timings.time("check", || {
            self.check_all(&site, &expansions, &mut diagnostics, &mut work, &mut used)
        });
        self.expansions.retain(|k, _| used.expansions.contains(k));
        self.checks.retain(|k, _| used.checks.contains(k));
        self.bodies.retain(|k, _| used.checks.contains(k));
        let theme = timings.time("theme", || self.theme(&site, &mut diagnostics));
        diagnostics.finish(&site.levels);
        let summary = summary(&site, &diagnostics);
        Ok(CheckOutcome {
            diagnostics,
            summary,
            site,
            expansions,
            theme,
            work,
            timings,
        })
    }

    /// Reads the expressions of every page, reusing the reading of any page
    /// whose text has not changed.
    fn parse_pages(
        &mut self,
        site: &Site,
        diagnostics: &mut Diagnostics,
        work: &mut Work,
    ) -> Vec<Arc<(PageTemplate, Vec<Diagnostic>)>> {
        let stale: Vec<usize> = site
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                self.templates
                    .get(&p.source.path)
                    .is_none_or(|(fp, _)| *fp != p.source.fingerprint)
            })
            .map(|(i, _)| i)
            .collect();
        work.parsed = stale.len();
        let parsed: Vec<(usize, (PageTemplate, Vec<Diagnostic>))> = stale
            .par_iter()
            .map(|&i| {
                let page = &site.pages[i];
                (
                    i,
                    parse_body(&page.source.path, &page.source.text, page.body_start),
                )
            })
            .collect();
        for (i, result) in parsed {
            let page = &site.pages[i];
            self.templates.insert(
                page.source.path.clone(),
                (page.source.fingerprint, Arc::new(result)),
            );
        }
        let live: HashSet<&str> = site.pages.iter().map(|p| p.source.path.as_str()).collect();
        self.templates
            .retain(|path, _| live.contains(path.as_str()));
        site.pages
            .iter()
            .filter_map(|p| self.templates.get(&p.source.path).map(|(_, t)| t.clone()))
            .inspect(|t| diagnostics.extend(t.1.iter().cloned()))
            .collect()
    }

    /// Expands every page for every trust that gets it.
    fn expand_all(
        &mut self,
        site: &Site,
        templates: &[Arc<(PageTemplate, Vec<Diagnostic>)>],
        diagnostics: &mut Diagnostics,
        work: &mut Work,
        used: &mut Used,
    ) -> Vec<Expansion> {
        let jobs: Vec<(usize, &str, u64)> = site
            .pages
            .iter()
            .enumerate()
            .flat_map(|(i, page)| page.trusts.iter().map(move |t| (i, t.as_str())))
            .filter_map(|(i, t)| {
                site.trusts
                    .get(t)
                    .map(|trust| (i, t, expansion_key(site, i, trust)))
            })
            .collect();
        let missing: Vec<&(usize, &str, u64)> = jobs
            .iter()
            .filter(|(_, _, key)| !self.expansions.contains_key(key))
            .collect();
        work.expanded = missing.len();
        let fresh: Vec<(u64, (ExpandedPage, Vec<Diagnostic>))> = missing
            .par_iter()
            .filter_map(|&&(i, t, key)| {
                let trust = site.trusts.get(t)?;
                let template = templates.get(i)?;
                Some((key, expand_page(site, &site.pages[i], &template.0, trust)))
            })
            .collect();
        for (key, (expanded, problems)) in fresh {
            self.expansions.insert(key, (Arc::new(expanded), problems));
        }
        jobs.iter()
            .filter_map(|&(i, t, key)| {
                let cached = self.expansions.get(&key)?;
                used.expansions.insert(key);
                if !cached.1.is_empty() {
                    diagnostics.extend(cached.1.iter().cloned());
                }
                Some(Expansion {
                    page: i,
                    trust: t.to_string(),
                    expanded: cached.0.clone(),
                    key,
                })
            })
            .collect()
    }

    /// Checks every expansion, then every page as a whole.
    fn check_all(
        &mut self,
        site: &Site,
        expansions: &[Expansion],
        diagnostics: &mut Diagnostics,
        work: &mut Work,
        used: &mut Used,
    ) {
        // A check depends on everything its expansion does and, only when
        // it judged a contact, on every trust's contacts too.
        let contacts = contacts_fingerprint(site);
        let keys: Vec<u64> = expansions.iter().map(|e| e.key).collect();
        let still_valid =
            |entry: &(u64, Arc<PageFindings>)| !entry.1.uses_contacts || entry.0 == contacts;
        let missing: Vec<usize> = (0..expansions.len())
            .filter(|&i| !self.checks.get(&keys[i]).is_some_and(still_valid))
            .collect();
        work.checked = missing.len();
        if !missing.is_empty() {
            let checker = if self.wants_bodies {
                Checker::new(site).with_bodies()
            } else {
                Checker::new(site)
            };
            // One group per page, so a shared page's trusts share the work.
            let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for &i in &missing {
                groups.entry(expansions[i].page).or_default().push(i);
            }
            let groups: Vec<Vec<usize>> = groups.into_values().collect();
            let fresh: Vec<(u64, Checked)> = groups
                .par_iter()
                .flat_map_iter(|group| {
                    let members: Vec<&Expansion> = group.iter().map(|&i| &expansions[i]).collect();
                    let checked = checker.check_group(&members);
                    group
                        .iter()
                        .map(|&i| keys[i])
                        .zip(checked)
                        .collect::<Vec<_>>()
                })
                .collect();
            for (key, checked) in fresh {
                self.checks
                    .insert(key, (contacts, Arc::new(checked.findings)));
                if let Some(body) = checked.body {
                    self.bodies.insert(key, body);
                }
            }
        }
        let mut allows: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for (e, key) in expansions.iter().zip(&keys) {
            let Some((_, findings)) = self.checks.get(key) else {
                continue;
            };
            used.checks.insert(*key);
            diagnostics.extend(findings.diagnostics.iter().cloned());
            allows
                .entry(e.page)
                .or_default()
                .extend(findings.used_allows.iter().copied());
        }
        for (index, page) in site.pages.iter().enumerate() {
            diagnostics.extend(check::page_checks(site, page, allows.get(&index)));
        }
    }

    /// The theme, loaded again only when one of its files changed.
    fn theme(&mut self, site: &Site, diagnostics: &mut Diagnostics) -> Option<Arc<Theme>> {
        let files = Theme::files(&site.root, &site.config.theme);
        let key = fingerprint(&files);
        if let Some((_, theme)) = self.theme.as_ref().filter(|(cached, _)| *cached == key) {
            theme.register_sources(diagnostics);
            return Some(theme.clone());
        }
        let theme = Arc::new(Theme::build(
            files,
            &site.root,
            &site.config.theme,
            diagnostics,
        )?);
        self.theme = Some((key, theme.clone()));
        Some(theme)
    }

    /// Each trust's search page and index, made again only for a trust
    /// whose pages' entries changed (an edit that keeps a page's title,
    /// description and headings changes neither). `entries` holds each
    /// trust's pages' search entries.
    fn search_files(
        &mut self,
        site: &Site,
        theme: &Theme,
        base: u64,
        entries: &HashMap<&str, Vec<&render::SearchEntry>>,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        let jobs: Vec<(
            &crate::model::Trust,
            &[&render::SearchEntry],
            u64,
            Option<MadeFiles>,
        )> = site
            .trusts
            .values()
            .map(|trust| {
                let pages = entries
                    .get(trust.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let key = fingerprint(&(base, trust.fingerprint, pages));
                let cached = self.search.remove(&trust.id).filter(|(k, _)| *k == key);
                (trust, pages, key, cached)
            })
            .collect();
        // On a first build every trust's search files are made at once.
        let made: Vec<(String, MadeFiles)> = jobs
            .into_par_iter()
            .map(|(trust, pages, key, cached)| {
                let files = match cached {
                    Some((_, files)) => files,
                    None => shared_bytes(render::search_files(site, theme, trust, pages)?),
                };
                Ok((trust.id.clone(), (key, files)))
            })
            .collect::<Result<_, Diagnostic>>()?;
        let files = made
            .iter()
            .flat_map(|(_, (_, files))| files.iter().cloned())
            .collect();
        self.search = made.into_iter().collect();
        Ok(files)
    }

    /// The 404 page, robots.txt, `_headers` and the sitemap, made again only
    /// when `key` (of [`render::site_files_inputs`]) changes.
    fn site_files(
        &mut self,
        site: &Site,
        theme: &Theme,
        key: u64,
    ) -> Result<Vec<OutputFile>, Diagnostic> {
        if let Some((_, made)) = self.site_files.as_ref().filter(|(k, _)| *k == key) {
            return Ok(made.clone());
        }
        let made = shared_bytes(render::site_files(site, theme)?);
        self.site_files = Some((key, made.clone()));
        Ok(made)
    }

    /// Renders every page, every trust home and the site home, reusing any
    /// page whose inputs have not changed. `None` if a template failed.
    pub fn render(&mut self, outcome: &mut CheckOutcome) -> Option<Output> {
        let theme = outcome.theme.clone()?;
        let site = &outcome.site;
        let base = fingerprint(&(theme.fingerprint, site.config_fingerprint));
        let mut used = Used::default();
        let mut jobs: Vec<(u64, RenderJob)> = outcome
            .expansions
            .iter()
            .enumerate()
            .map(|(i, e)| (fingerprint(&(base, e.key)), RenderJob::Page(i)))
            .collect();
        for trust in site.trusts.values() {
            jobs.push((
                fingerprint(&(base, trust.fingerprint, "accessibility")),
                RenderJob::Accessibility(trust.id.clone()),
            ));
            jobs.push((
                fingerprint(&(
                    base,
                    trust.fingerprint,
                    render::trust_home_inputs(site, trust),
                )),
                RenderJob::TrustHome(trust.id.clone()),
            ));
        }
        // The site home's template is given every trust whole.
        let trusts: Vec<(&str, u64)> = site
            .trusts
            .values()
            .map(|t| (t.id.as_str(), t.fingerprint))
            .collect();
        jobs.push((fingerprint(&(base, trusts)), RenderJob::SiteHome));
        // Each job owns the body the checker made for it, if any, and drops
        // it once the page is rendered: bodies and finished pages are never
        // all in memory at once.
        let mut bodies = std::mem::take(&mut self.bodies);
        let missing: Vec<_> = jobs
            .iter()
            .filter(|(key, _)| !self.renders.contains_key(key))
            .map(|job| {
                let body = match job.1 {
                    RenderJob::Page(i) => outcome
                        .expansions
                        .get(i)
                        .and_then(|e| bodies.remove(&e.key)),
                    _ => None,
                };
                (job, body)
            })
            .collect();
        // Any body left over belongs to a page rendered before.
        drop_in_background(bodies);
        outcome.work.rendered = missing.len();
        // Contexts only for the trusts with a page to render: after a
        // one-page edit, one.
        let rendering: BTreeSet<&str> = missing
            .iter()
            .filter_map(|((_, job), _)| match job {
                RenderJob::Page(i) => outcome.expansions.get(*i).map(|e| e.trust.as_str()),
                _ => None,
            })
            .collect();
        let inputs = RenderInputs {
            site,
            theme: &theme,
            expansions: &outcome.expansions,
            trust_contexts: rendering
                .into_iter()
                .filter_map(|id| {
                    let trust = site.trusts.get(id)?;
                    Some((id, render::trust_context(site, &theme, trust)))
                })
                .collect(),
        };
        let fresh: Vec<(u64, RenderResult)> = outcome.timings.time("render", || {
            missing
                .into_par_iter()
                .map(|((key, job), body)| (*key, job.run(&inputs, body)))
                .collect()
        });
        let assembling = Mark::now();
        for (key, result) in fresh {
            self.renders.insert(key, Arc::new(result));
        }
        let mut failed = false;
        let results: Vec<(u64, &RenderJob, Rendered)> = jobs
            .iter()
            .filter_map(|(key, job)| Some((*key, job, self.renders.get(key)?.clone())))
            .collect();
        // The files are gathered in a list and the output map built from it
        // at once: sorting a list is cheaper than ten thousand insertions,
        // which mattered in a rebuild after a one-page edit.
        let mut files: Vec<OutputFile> = Vec::with_capacity(results.len() + 16);
        let mut search: HashMap<&str, Vec<&render::SearchEntry>> = HashMap::default();
        // What Verity writes besides the pages, to name it when a page would
        // be written to the same address.
        let mut generated: Vec<(Arc<str>, &str)> = Vec::new();
        used.renders.reserve(results.len());
        for (key, job, result) in &results {
            used.renders.insert(*key);
            match result.as_ref() {
                Ok(file) => {
                    files.push((file.path.clone(), file.bytes.clone()));
                    if let (RenderJob::Page(i), Some(entry)) = (job, &file.search) {
                        let trust = outcome.expansions[*i].trust.as_str();
                        search.entry(trust).or_default().push(entry);
                    }
                    if let Some(what) = job.generates() {
                        generated.push((file.path.clone(), what));
                    }
                }
                Err(diagnostic) => {
                    outcome.diagnostics.push(diagnostic.clone());
                    failed = true;
                }
            }
        }
        self.renders.retain(|k, _| used.renders.contains(k));
        let pages_and_homes = files.len();
        files.extend(render::asset_files(&theme));
        let site_files_key = fingerprint(&(base, render::site_files_inputs(site)));
        match self.site_files(site, &theme, site_files_key) {
            Ok(made) => files.extend(made),
            Err(diagnostic) => {
                outcome.diagnostics.push(diagnostic);
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
        match self.search_files(site, &theme, base, &search) {
            Ok(made) => {
                generated.extend(
                    made.iter()
                        .map(|(path, _)| (path.clone(), "the trust's search page")),
                );
                files.extend(made);
            }
            Err(diagnostic) => {
                outcome.diagnostics.push(diagnostic);
                failed = true;
            }
        }
        let count = files.len();
        let output = Output {
            files: files.into_iter().collect(),
        };
        // Fewer addresses than files: two things were written to one.
        if output.files.len() < count {
            taken.extend(addresses::pages_at_generated_addresses(
                site,
                &outcome.expansions,
                &generated,
            ));
        }
        if !taken.is_empty() {
            outcome.diagnostics.extend(taken);
            failed = true;
        }
        outcome.timings.record("assemble", assembling);
        // Links are checked only when every page rendered: a page that
        // failed would make every link to it look broken.
        let linking = Mark::now();
        if !failed {
            let base_path = render::base_path(&site.config.base_url);
            let broken = links::broken_links(&base_path, &output, &mut self.links);
            if !broken.is_empty() {
                let origins = page_origins(site, &outcome.expansions);
                outcome.diagnostics.extend(
                    broken
                        .iter()
                        .map(|link| links::report(link, origins.get(link.page.as_str()))),
                );
                outcome.diagnostics.finish(&site.levels);
                failed |= outcome.diagnostics.has_errors();
            }
        }
        outcome.timings.record("links", linking);
        if failed {
            outcome.diagnostics.finish(&site.levels);
            outcome.summary = summary(site, &outcome.diagnostics);
        }
        (!failed).then_some(output)
    }
}

/// What rendering a page needs besides the page.
struct RenderInputs<'a> {
    site: &'a Site,
    theme: &'a Theme,
    expansions: &'a [Expansion],
    /// Each trust's part of every page's template context.
    trust_contexts: BTreeMap<&'a str, tera::Context>,
}

impl RenderJob {
    /// What the job writes, when it is not a page of the author's.
    fn generates(&self) -> Option<&'static str> {
        match self {
            RenderJob::Page(_) => None,
            RenderJob::TrustHome(_) => Some("the trust's home page"),
            RenderJob::Accessibility(_) => Some("the trust's accessibility statement"),
            RenderJob::SiteHome => Some("the site's home page"),
        }
    }
}

/// One thing to render.
enum RenderJob {
    /// The expansion at this index.
    Page(usize),
    /// A trust's guidance home.
    TrustHome(String),
    /// A trust's accessibility statement.
    Accessibility(String),
    /// The page that lists the trusts.
    SiteHome,
}

impl RenderJob {
    /// Renders; `body` is the page body the checker already made, if any.
    fn run(&self, inputs: &RenderInputs, body: Option<Arc<RenderedBody>>) -> RenderResult {
        let (site, theme) = (inputs.site, inputs.theme);
        let ((path, html), search) = match self {
            RenderJob::Page(i) => {
                let e = &inputs.expansions[*i];
                let page = &site.pages[e.page];
                let ready = body.as_deref();
                let body = render::render_body(
                    theme,
                    e.page,
                    &e.trust,
                    &e.expanded,
                    &page.source.path,
                    ready,
                )?;
                let search = render::search_entry(site, page, &e.trust, &body.headings);
                let wrapped = match inputs.trust_contexts.get(e.trust.as_str()) {
                    Some(context) => render::wrap_page_in(site, theme, &body, context)?,
                    None => render::wrap_page(site, theme, &body)?,
                };
                (wrapped, Some(search))
            }
            RenderJob::TrustHome(id) => match site.trusts.get(id) {
                Some(trust) => (render::render_trust_home(site, theme, trust)?, None),
                None => {
                    return Err(Diagnostic::new(
                        crate::diagnostics::Code::ThemeError,
                        format!("no trust `{id}`"),
                    ));
                }
            },
            RenderJob::Accessibility(id) => match site.trusts.get(id) {
                Some(trust) => (render::render_accessibility(site, theme, trust)?, None),
                None => {
                    return Err(Diagnostic::new(
                        crate::diagnostics::Code::ThemeError,
                        format!("no trust `{id}`"),
                    ));
                }
            },
            RenderJob::SiteHome => (render::render_site_home(site, theme)?, None),
        };
        Ok(RenderedFile {
            path: Arc::from(path),
            bytes: Arc::from(published(html).into_bytes()),
            search,
        })
    }
}

/// Everything an expansion depends on: the page, the trust, the rules, the
/// settings and the build date.
fn expansion_key(site: &Site, page: usize, trust: &crate::model::Trust) -> u64 {
    let page = &site.pages[page];
    fingerprint(&(
        &page.source.path,
        page.source.fingerprint,
        &trust.id,
        trust.fingerprint,
        site.rules.fingerprint,
        site.config_fingerprint,
        site.as_of,
    ))
}

/// Every trust's contacts: a claim is judged against other trusts'
/// contacts too, so a change to any of them means checking again.
fn contacts_fingerprint(site: &Site) -> u64 {
    let contacts: Vec<(&String, &BTreeMap<String, crate::model::Contact>)> = site
        .trusts
        .iter()
        .map(|(id, t)| (id, &t.contacts))
        .collect();
    fingerprint(&contacts)
}

fn summary(site: &Site, diagnostics: &Diagnostics) -> Summary {
    Summary {
        errors: diagnostics.count(Severity::Error),
        warnings: diagnostics.count(Severity::Warning),
        pages: site.pages.len(),
        trusts: site.trusts.len(),
    }
}

/// Loads, expands, checks and renders the site at `root` as of a date, and
/// checks the links of what it rendered: everything a build judges, so that
/// `verity check` passes exactly when `verity build` would write.
pub fn check_site(root: &Path, as_of: Date) -> Result<CheckOutcome, Error> {
    let mut pipeline = Pipeline::new(root, as_of);
    let judged = judge(&mut pipeline);
    drop_in_background(pipeline);
    judged.map(|(outcome, output)| {
        drop_in_background(output);
        outcome
    })
}

/// Everything a build judges: the check, then rendering (theme and component
/// errors) and the links of the rendered output, even when the check found
/// errors, so that one run reports every problem. The output is `None` when
/// anything failed to render.
fn judge(pipeline: &mut Pipeline) -> Result<(CheckOutcome, Option<Output>), Error> {
    let mut outcome = pipeline.check()?;
    let output = pipeline.render(&mut outcome);
    outcome.diagnostics.finish(&outcome.site.levels);
    outcome.summary = summary(&outcome.site, &outcome.diagnostics);
    Ok((outcome, output))
}

/// What one run of the pipeline judged, and what it would write.
pub struct Judged {
    /// Every problem found, with site.toml's levels applied.
    pub diagnostics: Diagnostics,
    /// Totals for the report.
    pub summary: Summary,
    /// The site's files; `None` when anything failed to render.
    pub output: Option<Output>,
}

impl Pipeline {
    /// Runs every stage but writing: what `verity check` reports and what
    /// `verity build` would write.
    pub fn judge(&mut self) -> Result<Judged, Error> {
        let (outcome, output) = judge(self)?;
        Ok(Judged {
            diagnostics: outcome.diagnostics,
            summary: outcome.summary,
            output,
        })
    }
}

/// Files made as text, as shared bytes for the output.
fn shared_bytes(files: Vec<(String, String)>) -> Vec<OutputFile> {
    files
        .into_iter()
        .map(|(path, text)| (Arc::from(path), Arc::from(published(text).into_bytes())))
        .collect()
}

/// A file's text as it is published: a value decoded from YAML can hold a
/// marker character that the loader could not see in the file, and none
/// ever reaches a published file.
fn published(text: String) -> String {
    match crate::model::without_reserved(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(clean) => clean,
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

/// Two things written to one address, found where the output is assembled
/// (the only place that knows every address), and reported where the
/// author can change one of them.
mod addresses {
    use super::{Expansion, OutputFile};
    use crate::diagnostics::{Code, Diagnostic};
    use crate::model::Site;

    /// Trusts whose folder is also a folder of the site's own files (a
    /// trust named `assets`).
    pub(super) fn trusts_at_site_addresses(
        site: &Site,
        site_wide: &[OutputFile],
    ) -> Vec<Diagnostic> {
        let base = crate::render::base_path(&site.config.base_url);
        site.trusts
            .values()
            .filter(|trust| {
                site_wide
                    .iter()
                    .any(|(path, _)| path.split('/').next() == Some(trust.id.as_str()))
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
    pub(super) fn pages_at_generated_addresses(
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
                let path = crate::render::page_path(&e.trust, &page.slug);
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
}

/// Frees a build's caches on another thread: they hold every page several
/// times over, freeing them takes longer than some stages, and the answer
/// does not depend on it.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// Checks the site, then renders and writes it to `out` (or the
/// `output_dir` of site.toml). With any error nothing is written.
pub fn build_site(root: &Path, as_of: Date, out: Option<&Path>) -> Result<BuildOutcome, Error> {
    let mut pipeline = Pipeline::new(root, as_of);
    let (mut outcome, output) = judge(&mut pipeline)?;
    let out_dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| outcome.site.root.join(&outcome.site.config.output_dir));
    let target = match OutputTarget::decide(&outcome.site.root, &out_dir) {
        Ok(target) => Some(target),
        Err(diagnostic) => {
            outcome.diagnostics.push(diagnostic);
            None
        }
    };
    let mut timings = std::mem::take(&mut outcome.timings);
    outcome.diagnostics.finish(&outcome.site.levels);
    let written = match (target, output) {
        (Some(target), Some(output)) if !outcome.diagnostics.has_errors() => {
            let lock = target.lock(|dir| {
                eprintln!(
                    "another build is writing to {}: waiting for it to finish",
                    dir.display()
                )
            })?;
            // Decided before the lock was taken; checked again now that no
            // other build can change what is there.
            match target.verify() {
                Ok(()) => {
                    timings.time("write", || write::write_output(&target, &lock, &output))?;
                    let files = output.files.len();
                    drop_in_background(output);
                    Some((target.dir, files))
                }
                Err(diagnostic) => {
                    outcome.diagnostics.push(diagnostic);
                    outcome.diagnostics.finish(&outcome.site.levels);
                    None
                }
            }
        }
        _ => None,
    };
    let summary = summary(&outcome.site, &outcome.diagnostics);
    drop_in_background(pipeline);
    Ok(BuildOutcome {
        diagnostics: outcome.diagnostics,
        summary,
        written,
        timings,
    })
}
