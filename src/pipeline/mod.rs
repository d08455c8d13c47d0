//! The pipeline end to end: load → expand → read → check → render → audit
//! → write. A [`Pipeline`] runs the stages in that order and owns all they
//! keep between runs, in one kind of store ([`memo::Memo`]) under keys each
//! written once ([`keys`]). `verity build` and `verity check` run it once;
//! `verity serve` keeps it between rebuilds, so that a change redoes only
//! the work whose inputs changed, and gives what a fresh build would.

mod assemble;
mod entry;
mod jobs;
mod keys;
mod memo;
mod timings;

use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::audit::links;
use crate::check::{self, Checker, PageFindings};
use crate::diagnostics::report::Summary;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::error::Error;
use crate::expand::{ExpandedPage, Expansion, PageTemplate, expand_page, parse_body};
use crate::load::LoadCache;
use crate::model::{Lang, RunParams, Site, Trust};
use crate::render::{Output, Theme};
pub use entry::{build_site, check_site};
use jobs::{MadeFile, RenderPlan, Rendered, Sink};
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
    /// Every page expanded for every trust that gets it. A one-off run
    /// ([`check_site`], [`build_site`], [`Pipeline::once`]) expands each
    /// page again as it reads it and lets it go once it is read, checked
    /// and rendered, so its expansions keep only which page for which
    /// trust; a pipeline that keeps its work ([`Pipeline::new`]) gives
    /// them whole.
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
    /// Trusts' search files shown as last made, to be made again by the
    /// next run (see [`Pipeline::put_off_search`]).
    pub search_waiting: usize,
}

/// How a page is written: the writing lints of its first expansion.
type Lints = Vec<Diagnostic>;
/// One page's expansions to read, by index, with its template when they
/// are to be expanded again.
type PageGroup = (Option<ParsedPage>, Vec<(usize, Expansion)>);
/// A page rendered as it was read, with its key.
type RenderedPage = (Key, Rendered);
/// A page's expressions, read once, with the problems found reading them.
type ParsedPage = Arc<(PageTemplate, Vec<Diagnostic>)>;
/// A page expanded for one trust, with the problems found expanding it.
type Expanded = (Arc<ExpandedPage>, Arc<Vec<Diagnostic>>);
/// A check, with the fingerprint of every trust's contacts it was made
/// with (see [`keys::contacts`]).
type CheckEntry = Arc<(u64, PageFindings)>;

/// Files made from many pages at once (search pages and indexes, the
/// sitemap), or why they could not be made.
type Made = Arc<Result<Vec<MadeFile>, Diagnostic>>;

/// The pipeline and everything it keeps from its earlier runs.
pub struct Pipeline {
    root: PathBuf,
    params: RunParams,
    /// The files read last time (load's own cache: it decides what changed).
    load: LoadCache,
    templates: Memo<ParsedPage>,
    expansions: Memo<Expanded>,
    checks: Memo<CheckEntry>,
    /// Each page's writing lints, by its first trust's expansion.
    lints: Memo<Arc<Vec<Diagnostic>>>,
    theme: Memo<(Arc<Theme>, Arc<Vec<Diagnostic>>)>,
    renders: Memo<Rendered>,
    search: Memo<Made>,
    /// The key of each trust's search files as last made, by trust and
    /// language: what a run that puts search off shows (from `search`)
    /// until they are made again.
    last_search: HashMap<(Arc<str>, Lang), Key>,
    /// Whether the next run may put off search files it would make again.
    search_later: bool,
    site_files: Memo<Made>,
    /// Each page's broken links as last judged (audit's own cache).
    links: links::LinkCache,
    /// The checker's patterns of the rule data, and the rules' fingerprint
    /// they were made for: compiling them took a sixth of a one-page
    /// rebuild.
    patterns: Option<(u64, Arc<check::RulePatterns>)>,
    /// Where this run's finished files go.
    sink: Sink,
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
            lints: Memo::default(),
            theme: Memo::default(),
            renders: Memo::default(),
            search: Memo::default(),
            last_search: HashMap::default(),
            search_later: false,
            site_files: Memo::default(),
            links: links::LinkCache::default(),
            patterns: None,
            sink: Sink::Keep,
        }
    }

    /// A pipeline for one run, as `verity build` and `verity check` make:
    /// it keeps nothing for a next run, so that each piece of work is freed
    /// as soon as the run is done with it. What it gives is what
    /// [`Pipeline::new`] gives (`tests/rebuild.rs` compares them).
    pub fn once(root: &Path, params: RunParams) -> Pipeline {
        Pipeline {
            templates: Memo::forgetful(),
            expansions: Memo::forgetful(),
            checks: Memo::forgetful(),
            lints: Memo::forgetful(),
            theme: Memo::forgetful(),
            renders: Memo::forgetful(),
            search: Memo::forgetful(),
            site_files: Memo::forgetful(),
            ..Pipeline::new(root, params)
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

    /// Lets the next runs show a trust's search files as last made rather
    /// than make them again, until this is turned off: the preview server
    /// shows an edited page first and makes the search files (a whole
    /// trust's index, for one changed page) straight after. Each run says
    /// how many it put off in [`Work::search_waiting`].
    pub fn put_off_search(&mut self, later: bool) {
        self.search_later = later;
    }

    /// Runs every stage but writing: what `verity check` reports and what
    /// `verity build` would write. Rendering and the audit run even when
    /// the check found errors, so that one run reports every problem.
    pub fn judge(&mut self) -> Result<Judged, Error> {
        self.judge_into(|_, _| Ok(Sink::Keep))
    }

    /// [`Pipeline::judge`], with the finished files going where `sink`
    /// says. It is asked once the site is loaded and expanded, with the
    /// problems found so far: a build that will not publish need not write.
    pub(crate) fn judge_into(
        &mut self,
        sink: impl FnOnce(&Site, &Diagnostics) -> Result<Sink, Error>,
    ) -> Result<Judged, Error> {
        let mut run = Run::default();
        let site = run.stage("load", |run| {
            crate::load::load(&self.root, &mut run.diagnostics, &mut self.load)
        })?;
        let statement = crate::check::statement_dates(&site, self.params.as_of);
        run.diagnostics.extend(statement);
        let templates = run.stage("parse", |run| self.parse(&site, run));
        let expansions = run.stage("expand", |run| self.expand(&site, &templates, run));
        // A run that keeps nothing expands each page again as it reads it
        // (see `read_check_render`); otherwise parsed templates are needed
        // only to expand.
        let templates = match self.expansions.keeps() {
            true => {
                drop_in_background(templates);
                Vec::new()
            }
            false => templates,
        };
        self.sink = sink(&site, &run.diagnostics)?;
        let theme = run.stage("theme", |run| self.theme(&site, run));
        let plan = theme
            .clone()
            .map(|theme| self.plan_rendering(&site, theme, &expansions));
        let pages = run.stage("pages", |run| {
            self.read_check_render(&site, &expansions, templates, plan.as_ref(), run)
        });
        let output = match &plan {
            Some(plan) => self.render(&site, plan, &expansions, pages, &mut run),
            None => None,
        };
        for sweep in [
            &mut self.templates as &mut dyn Sweep,
            &mut self.expansions,
            &mut self.checks,
            &mut self.lints,
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
        let keeping = self.expansions.keeps();
        let (expanded, made) = self.expansions.fill(&jobs, |&(i, trust)| {
            let (page, template) = (&site.pages[i], &templates[i].0);
            let (expanded, problems) = expand_page(site, as_of, page, template, trust);
            // A run that keeps nothing needs only the problems here, before
            // anything is written; it expands each page again as it reads
            // it, so that no markdown waits for every page to be expanded
            // (at 50,000 pages, half of what a build would hold at once).
            let expanded = match keeping {
                true => Arc::new(expanded),
                false => ExpandedPage::released(),
            };
            (expanded, Arc::new(problems))
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

    /// Reads and checks every expansion whose check cannot be reused,
    /// rendering its page there and then when the plan says it must be
    /// rendered (so that no body waits in memory for every page to be
    /// read), then checks every page as a whole. Returns the pages
    /// rendered, by key. A pipeline that keeps nothing has kept no
    /// expansion's markdown (see [`Judged::expansions`]): it gives the
    /// pages' templates, and each page is expanded again here and let go
    /// once it is read, checked and rendered, its template with it.
    fn read_check_render(
        &mut self,
        site: &Site,
        expansions: &[Expansion],
        templates: Vec<ParsedPage>,
        plan: Option<&RenderPlan>,
        run: &mut Run,
    ) -> HashMap<Key, Rendered> {
        let contacts = keys::contacts(site);
        let valid = |entry: &CheckEntry| !entry.1.uses_contacts || entry.0 == contacts;
        // Each page's first expansion: how the page is written is read
        // from it.
        let mut first: Vec<Option<usize>> = vec![None; site.pages.len()];
        for (index, e) in expansions.iter().enumerate() {
            first[e.page].get_or_insert(index);
        }
        let is_first: Vec<bool> = (0..expansions.len())
            .map(|index| first[expansions[index].page] == Some(index))
            .collect();
        let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for (index, e) in expansions.iter().enumerate() {
            let lints_missing = is_first[index] && !self.lints.contains(keys::lints(e.key));
            if self.checks.get_valid(Key(e.key), valid).is_none() || lints_missing {
                groups.entry(e.page).or_default().push(index);
            }
        }
        run.work.checked = groups.values().map(Vec::len).sum();
        let patterns = Checker::patterns(site, self.patterns.as_ref());
        let checker = Checker::new(site, self.params.as_of, patterns.1.clone());
        self.patterns = Some(patterns);
        // Each group owns what it reads: its expansions and, where they
        // are to be expanded again, its page's template.
        let mut templates: Vec<Option<ParsedPage>> = templates.into_iter().map(Some).collect();
        let groups: Vec<PageGroup> = groups
            .into_iter()
            .map(|(page, group)| {
                let template = templates.get_mut(page).and_then(Option::take);
                let members = group.into_iter().map(|i| (i, expansions[i].clone()));
                (template, members.collect())
            })
            .collect();
        let as_of = self.params.as_of;
        let inputs = plan.map(|plan| plan.inputs(site, expansions, &self.sink));
        // One group per page, so that a shared page's trusts share the
        // reading and the check.
        let fresh: Vec<(u64, PageFindings, Option<Lints>, Option<RenderedPage>)> = groups
            .into_par_iter()
            .flat_map_iter(|(template, group)| {
                let group = match template {
                    Some(template) => expand_again(site, as_of, &template.0, group),
                    None => group,
                };
                let members: Vec<&Expansion> = group.iter().map(|(_, e)| e).collect();
                let pages: Vec<&ExpandedPage> = members.iter().map(|e| &*e.expanded).collect();
                let readings = crate::read::read_group(&pages);
                let findings = checker.check_group(&members, &readings);
                group
                    .iter()
                    .zip(findings)
                    .zip(readings)
                    .map(|(((index, e), findings), reading)| {
                        let lints = is_first[*index].then(|| {
                            let page = &site.pages[e.page];
                            check::writing_lints(site, page, &e.expanded, &reading.text)
                        });
                        let rendered = plan.zip(inputs.as_ref()).and_then(|(plan, inputs)| {
                            let (key, job) = plan
                                .jobs
                                .get(*index)
                                .filter(|_| plan.page_missing(*index))?;
                            let read = Some((e, reading.body));
                            Some((*key, Arc::new(job.run(inputs, read))))
                        });
                        (e.key, findings, lints, rendered)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let mut pages = HashMap::default();
        let mut checked: HashMap<u64, CheckEntry> = HashMap::default();
        let mut linted: HashMap<u64, Arc<Vec<Diagnostic>>> = HashMap::default();
        for (key, findings, lints, rendered) in fresh {
            checked.insert(key, Arc::new((contacts, findings)));
            linted.extend(lints.map(|lints| (key, Arc::new(lints))));
            pages.extend(rendered);
        }
        for e in (0..expansions.len())
            .filter(|&i| is_first[i])
            .map(|i| &expansions[i])
        {
            let lints = match linted.remove(&e.key) {
                Some(lints) => {
                    self.lints.insert(keys::lints(e.key), lints.clone());
                    Some(lints)
                }
                None => self.lints.get(keys::lints(e.key)),
            };
            // Moved, not copied, when nothing else keeps them (a one-off
            // build): a warning-heavy site has hundreds of thousands.
            if let Some(lints) = lints {
                run.diagnostics.extend(Arc::unwrap_or_clone(lints));
            }
        }
        let mut allows: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
        for e in expansions {
            let entry = checked.get(&e.key).cloned();
            let Some(entry) = entry.or_else(|| self.checks.get(Key(e.key))) else {
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
        for (key, entry) in checked {
            self.checks.insert(Key(key), entry);
        }
        // The rule data's own prose, read once per run: a handful of rules.
        let contradictions = check::rule_prose::contradictions(site, &run.diagnostics);
        run.diagnostics.extend(contradictions);
        pages
    }

    /// The theme, loaded again only when one of its files changed.
    fn theme(&mut self, site: &Site, run: &mut Run) -> Option<Arc<Theme>> {
        let theme = self.compiled_theme(site, run)?;
        // Every language a trust publishes in needs the theme's words in it.
        let mut missing = false;
        let languages: std::collections::BTreeSet<_> =
            site.trusts.values().flat_map(|t| &t.languages).collect();
        for lang in languages {
            if let Err(problem) = theme.strings_in(*lang) {
                missing = true;
                run.diagnostics.push(problem);
            }
        }
        (!missing).then_some(theme)
    }

    fn compiled_theme(&mut self, site: &Site, run: &mut Run) -> Option<Arc<Theme>> {
        let files = Theme::files(&site.root, &site.config.theme);
        let key = keys::theme(&files);
        if let Some((theme, problems)) = self.theme.get(key) {
            theme.register_sources(&mut run.diagnostics);
            run.diagnostics.extend(problems.iter().cloned());
            return Some(theme);
        }
        // The problems of a theme that builds (a file it cannot read, say)
        // are kept with it, to be reported again whenever it is reused.
        let mut found = Diagnostics::default();
        let built = Theme::build(files, &site.root, &site.config.theme, &mut found);
        let problems = found.items().to_vec();
        run.diagnostics.absorb(found);
        let theme = Arc::new(built?);
        self.theme.insert(key, (theme.clone(), Arc::new(problems)));
        Some(theme)
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

fn summary(site: &Site, diagnostics: &Diagnostics) -> Summary {
    Summary {
        errors: diagnostics.count(Severity::Error),
        warnings: diagnostics.count(Severity::Warning),
        pages: site.pages.len(),
        trusts: site.trusts.len(),
    }
}

/// A page's expansions made again from its template, for a run that kept
/// only their problems (reported when they were first made).
fn expand_again(
    site: &Site,
    as_of: crate::model::Date,
    template: &PageTemplate,
    group: Vec<(usize, Expansion)>,
) -> Vec<(usize, Expansion)> {
    group
        .into_iter()
        .map(|(index, e)| {
            let page = &site.pages[e.page];
            let expanded = match site.trusts.get(&e.trust) {
                Some(trust) => Arc::new(expand_page(site, as_of, page, template, trust).0),
                None => e.expanded.clone(),
            };
            (index, Expansion { expanded, ..e })
        })
        .collect()
}

/// Frees a build's caches on another thread: they hold every page several
/// times over, freeing them takes longer than some stages, and the answer
/// does not depend on it.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}
