//! What the preview server shows, and how it is rebuilt: the last good
//! site (a broken edit never replaces it) and the latest problems, which
//! the browser shows as an overlay.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostics::report::{self, Format};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::model::{Date, Page, RunParams, Site};
use crate::pipeline::{Pipeline, Work};
use crate::render::Output;

use super::reference::Reference;

/// One problem, as the browser overlay shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Problem {
    /// "error" or "warning".
    pub(crate) severity: &'static str,
    /// The diagnostic code.
    pub(crate) code: &'static str,
    /// `file:line:col`, or empty when the problem has no place.
    pub(crate) place: String,
    /// What is wrong.
    pub(crate) message: String,
    /// What to write instead.
    pub(crate) help: Option<String>,
    /// Why, where the diagnostic says.
    pub(crate) note: Option<String>,
    /// The text as the author typed it ("40 days"), which the page marks.
    pub(crate) found: Option<String>,
    /// The output files of the page it is in (for the trusts it is found
    /// for), where the preview marks it; empty for a problem elsewhere.
    pub(crate) pages: Vec<String>,
}

/// What the server serves at a moment.
#[derive(Debug, Clone, Default)]
pub(crate) struct Snapshot {
    /// Counts rebuilds, so that a browser knows when to reload.
    pub(crate) generation: u64,
    /// The last site that built without errors.
    pub(crate) output: Arc<Output>,
    /// The errors of the latest build (warnings go to the terminal only).
    pub(crate) problems: Vec<Problem>,
    /// The site's base path, such as `/` or `/guidance/`.
    pub(crate) base_path: String,
    /// What the latest build's errors held back.
    pub(crate) held: Held,
    /// The reference page's data, from the latest build whose theme loaded.
    pub(crate) reference: Option<Arc<Reference>>,
}

/// What a build with errors holds back from the preview.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum Held {
    /// Nothing: the build had no errors, or none had a good version to
    /// keep.
    #[default]
    Nothing,
    /// Nothing, but these pages (their source files) have mistakes,
    /// marked where they are on the page.
    Marked(Vec<String>),
    /// The whole last good build: an error in the rule data, a trust.yaml,
    /// site.toml or the theme may change every page.
    Site,
}

/// What one rebuild did, for the terminal.
pub(crate) struct Rebuilt {
    /// The new snapshot.
    pub(crate) snapshot: Snapshot,
    /// The one-line summary.
    pub(crate) line: String,
    /// The full human report, when there are problems.
    pub(crate) report: Option<String>,
    /// Whether some trusts' search files are as last made: the rebuild
    /// showed the edited pages first, and [`Rebuilder::make_search`]
    /// should follow.
    pub(crate) search_waiting: bool,
}

/// Owns the pipeline between rebuilds, so each rebuild reuses all it can.
pub(crate) struct Rebuilder {
    pipeline: Pipeline,
    root: PathBuf,
    as_of: Date,
}

impl Rebuilt {
    /// What is shown after a rebuild stopped by a bug in Verity: the last
    /// good site, and the problem.
    pub(crate) fn failed(previous: &Snapshot) -> Rebuilt {
        let message = "Verity stopped part way through this rebuild because of a bug in Verity; the preview shows the last good build";
        Rebuilt {
            snapshot: Snapshot {
                generation: previous.generation + 1,
                problems: vec![Problem {
                    severity: "error",
                    code: "internal-error",
                    place: String::new(),
                    message: message.to_string(),
                    help: Some("save the file again; if it happens again, please report it with the file you changed".to_string()),
                    ..Problem::default()
                }],
                ..previous.clone()
            },
            line: format!("error: {message}"),
            report: None,
            search_waiting: false,
        }
    }
}

impl Rebuilder {
    /// A rebuilder for the site at `root`.
    pub(crate) fn new(root: &Path, as_of: Date) -> Rebuilder {
        Rebuilder {
            pipeline: Pipeline::watched(root, RunParams::as_of(as_of)),
            root: root.to_path_buf(),
            as_of,
        }
    }

    /// A rebuilder that remembers nothing of earlier runs, for after a
    /// rebuild that stopped part way, whose caches cannot be trusted.
    pub(crate) fn restarted(&self) -> Rebuilder {
        Rebuilder::new(&self.root, self.as_of)
    }

    /// Rebuilds after `changed` paths changed (none for the first build),
    /// starting from the previous snapshot.
    pub(crate) fn rebuild(&mut self, previous: &Snapshot, changed: &[PathBuf]) -> Rebuilt {
        // After an edit, the edited pages first: a trust's search index
        // (every page's words) is made straight after, by `make_search`.
        self.pipeline.put_off_search(!changed.is_empty());
        self.run(previous, changed, changed.is_empty())
    }

    /// Makes the search files a rebuild put off; nothing else has changed
    /// since, so only they are made.
    pub(crate) fn make_search(&mut self, previous: &Snapshot) -> Rebuilt {
        self.pipeline.put_off_search(false);
        let started = Instant::now();
        let mut rebuilt = self.run(previous, &[], false);
        rebuilt.line = format!(
            "search pages made again in {} ms",
            started.elapsed().as_millis()
        );
        rebuilt
    }

    /// One run after `changed` (none when nothing but search files is
    /// left to make); `whole_report` for the first, which prints every
    /// problem, where later runs print only new errors.
    fn run(&mut self, previous: &Snapshot, changed: &[PathBuf], whole_report: bool) -> Rebuilt {
        let started = Instant::now();
        self.pipeline.forget(changed);
        let mut snapshot = Snapshot {
            generation: previous.generation + 1,
            ..previous.clone()
        };
        let mut warnings = 0;
        let (work, report) = match self.pipeline.judge() {
            Ok(mut outcome) => {
                snapshot.base_path = crate::render::base_path(&outcome.site.config.base_url);
                let pages = pages_by_file(&outcome.site);
                if let Some(output) = outcome.output.take() {
                    let (served, held) =
                        served(&previous.output, output, &pages, &outcome.diagnostics);
                    snapshot.output = Arc::new(served);
                    snapshot.held = held;
                }
                snapshot.problems = problems(&outcome.diagnostics, &pages);
                if let Some(theme) = outcome.theme.clone() {
                    let reference = Reference::new(&outcome.site, theme, self.as_of);
                    snapshot.reference = Some(Arc::new(reference));
                }
                // The whole report once, when the preview starts; after
                // that, one line per rebuild and a line for each new error,
                // so the terminal reads as a log of what each save did.
                let report = if whole_report {
                    (!outcome.diagnostics.items().is_empty()).then(|| {
                        report::render(
                            &outcome.diagnostics,
                            outcome.summary,
                            Format::Human,
                            report::Style::default(),
                        )
                    })
                } else {
                    new_errors(&previous.problems, &snapshot.problems)
                };
                warnings = outcome.summary.warnings;
                let work = outcome.work;
                // The loaded site is thousands of pages: freed off the
                // rebuild's path.
                crate::pipeline::drop_in_background(outcome);
                (work, report)
            }
            Err(error) => {
                snapshot.problems = vec![Problem {
                    severity: "error",
                    code: "site-unreadable",
                    place: String::new(),
                    message: error.to_string(),
                    ..Problem::default()
                }];
                (Work::default(), Some(format!("error: {error}\n")))
            }
        };
        let search_waiting = work.search_waiting > 0;
        let mut line = summary_line(&self.root, changed, work, &snapshot, started.elapsed());
        match warnings {
            0 => {}
            1 => line.push_str("; 1 warning"),
            n => line.push_str(&format!("; {n} warnings")),
        }
        Rebuilt {
            snapshot,
            line,
            report,
            search_waiting,
        }
    }
}

/// What the preview serves after a build. Without errors, or with errors
/// only in pages, the new site: a page with a mistake shows as it is now,
/// with the mistake marked where it is (the author sees what they wrote and
/// what is wrong with it), and a mistake in one page never stops the others
/// updating. With an error elsewhere (rule data, trust.yaml, site.toml,
/// theme), which may change every page, the last good build; but the first
/// build serves everything that renders.
fn served(
    previous: &Output,
    new: Output,
    pages: &PagesByFile,
    diagnostics: &Diagnostics,
) -> (Output, Held) {
    let mut marked: Vec<String> = Vec::new();
    // A page whose front matter could not be read is not in the new site.
    let mut unread = false;
    let errors = diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error);
    for d in errors {
        let file = d.file.as_deref();
        match file.filter(|f| pages.contains_key(f) || f.ends_with(".md")) {
            Some(file) => {
                unread |= !pages.contains_key(file);
                if !marked.iter().any(|m| m == file) {
                    marked.push(file.to_string());
                }
            }
            // Not in a page: the whole site may depend on it.
            None if previous.files.is_empty() => return (new, Held::Nothing),
            None => return (previous.clone(), Held::Site),
        }
    }
    let mut served = new;
    if unread {
        // Its last good version stays until it can be read again.
        for (path, bytes) in &previous.files {
            served
                .files
                .entry(path.clone())
                .or_insert_with(|| bytes.clone());
        }
    }
    let held = if marked.is_empty() {
        Held::Nothing
    } else {
        Held::Marked(marked)
    };
    (served, held)
}

/// The pages read from each source file (a trust's own page in two
/// languages is two files; a shared page is one page for all its trusts),
/// found once per rebuild.
type PagesByFile<'a> = HashMap<&'a str, Vec<&'a Page>>;

fn pages_by_file(site: &Site) -> PagesByFile<'_> {
    let mut by_file: PagesByFile = HashMap::new();
    for page in &site.pages {
        by_file
            .entry(page.source.path.as_str())
            .or_default()
            .push(page);
    }
    by_file
}

/// The output files where a diagnostic in a page shows: the page, for each
/// trust it was found for (every trust that gets the page, if it names
/// none).
fn output_pages(pages: &PagesByFile, d: &Diagnostic) -> Vec<String> {
    let found = d.file.as_deref().and_then(|file| pages.get(file));
    let mut paths = Vec::new();
    for page in found.into_iter().flatten() {
        for trust in page
            .trusts
            .iter()
            .filter(|t| d.trusts.is_empty() || d.trusts.iter().any(|x| x == t.as_str()))
        {
            paths.push(crate::render::page_path(trust, page.lang, &page.slug));
        }
    }
    paths
}

/// One line for each error the latest build has that the one before did
/// not, or `None`.
fn new_errors(before: &[Problem], now: &[Problem]) -> Option<String> {
    let lines: Vec<String> = now
        .iter()
        .filter(|p| !before.contains(p))
        .map(|p| match p.place.as_str() {
            "" => format!("error[{}]: {}\n", p.code, p.message),
            place => format!("error[{}] {place}: {}\n", p.code, p.message),
        })
        .collect();
    (!lines.is_empty()).then(|| lines.concat())
}

fn problems(diagnostics: &Diagnostics, pages: &PagesByFile) -> Vec<Problem> {
    diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| Problem {
            note: d.detail().note.clone(),
            found: d.detail().found.clone(),
            pages: output_pages(pages, d),
            severity: d.severity.as_str(),
            code: d.code.as_str(),
            place: diagnostics.place(d).unwrap_or_default(),
            message: match &d.trust {
                Some(trust) => format!("{} (trust: {trust})", d.message),
                None => d.message.clone(),
            },
            help: d.help.as_deref().map(str::to_string),
        })
        .collect()
}

/// "content/pages/costs.md changed: 3 expanded, 3 checked, 3 rendered in 12 ms".
fn summary_line(
    root: &Path,
    changed: &[PathBuf],
    work: Work,
    snapshot: &Snapshot,
    took: Duration,
) -> String {
    let what = match changed {
        [] => "built".to_string(),
        [one] => format!("{} changed:", crate::diagnostics::relative_path(root, one)),
        many => format!("{} files changed:", many.len()),
    };
    let errors = match snapshot.problems.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    let status = match (&snapshot.held, snapshot.problems.is_empty()) {
        (_, true) => String::new(),
        (Held::Site, false) => format!("; {errors}, serving the last good build"),
        (Held::Marked(files), false) => format!(
            "; {errors}, marked on the pages of {} (everything is up to date)",
            files.join(", ")
        ),
        (Held::Nothing, false) => format!("; {errors}, serving everything that renders"),
    };
    format!(
        "{what} {} parsed, {} expanded, {} checked, {} rendered in {} ms{status}",
        work.parsed,
        work.expanded,
        work.checked,
        work.rendered,
        took.as_millis()
    )
}
