//! The pipeline end to end: `check_site` runs load and expand (and the
//! checks), `build_site` also renders and writes. The command-line tool and
//! the tests both call these.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::Error;
use crate::diagnostics::report::Summary;
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::expand::{Expansion, PageTemplate, expand_page, parse_body};
use crate::model::{Date, Site};
use crate::render::{self, Theme};
use crate::write::{self, Output};

/// What `verity check` found.
pub struct CheckOutcome {
    /// Every problem, sorted and with site.toml's levels applied.
    pub diagnostics: Diagnostics,
    /// Totals for the report.
    pub summary: Summary,
    /// The loaded site, when loading got that far.
    pub site: Site,
    /// Every page expanded for every trust that gets it.
    pub expansions: Vec<Expansion>,
    /// The theme, if it loaded.
    pub theme: Option<Theme>,
}

/// What `verity build` did.
pub struct BuildOutcome {
    /// Every problem found.
    pub diagnostics: Diagnostics,
    /// Totals for the report.
    pub summary: Summary,
    /// Where the site was written; `None` when errors stopped the build.
    pub written: Option<(PathBuf, usize)>,
}

/// Loads, expands and checks the site at `root` as of a date.
pub fn check_site(root: &Path, as_of: Date) -> Result<CheckOutcome, Error> {
    let mut diagnostics = Diagnostics::default();
    let site = crate::load::load(root, as_of, &mut diagnostics)?;
    let templates = parse_pages(&site, &mut diagnostics);
    let expansions = expand_all(&site, &templates, &mut diagnostics);
    diagnostics.extend(crate::check::check_site(&site, &expansions));
    let theme = Theme::load(&site.root, &site.config.theme, &mut diagnostics);
    diagnostics.finish(&site.levels);
    let summary = summary(&site, &diagnostics);
    Ok(CheckOutcome {
        diagnostics,
        summary,
        site,
        expansions,
        theme,
    })
}

fn summary(site: &Site, diagnostics: &Diagnostics) -> Summary {
    Summary {
        errors: diagnostics.count(Severity::Error),
        warnings: diagnostics.count(Severity::Warning),
        pages: site.pages.len(),
        trusts: site.trusts.len(),
    }
}

/// Reads the expressions of every page once.
fn parse_pages(site: &Site, diagnostics: &mut Diagnostics) -> Vec<PageTemplate> {
    let parsed: Vec<_> = site
        .pages
        .par_iter()
        .map(|page| parse_body(&page.source.path, &page.source.text, page.body_start))
        .collect();
    parsed
        .into_iter()
        .map(|(template, found)| {
            diagnostics.extend(found);
            template
        })
        .collect()
}

/// Expands every page for every trust that gets it, in parallel.
fn expand_all(
    site: &Site,
    templates: &[PageTemplate],
    diagnostics: &mut Diagnostics,
) -> Vec<Expansion> {
    let jobs: Vec<(usize, &str)> = site
        .pages
        .iter()
        .enumerate()
        .flat_map(|(index, page)| page.trusts.iter().map(move |t| (index, t.as_str())))
        .collect();
    let results: Vec<(Expansion, Vec<Diagnostic>)> = jobs
        .par_iter()
        .filter_map(|&(index, trust_id)| {
            let trust = site.trusts.get(trust_id)?;
            let (expanded, found) = expand_page(site, &site.pages[index], &templates[index], trust);
            Some((
                Expansion {
                    page: index,
                    trust: trust_id.to_string(),
                    expanded,
                },
                found,
            ))
        })
        .collect();
    results
        .into_iter()
        .map(|(expansion, found)| {
            diagnostics.extend(found);
            expansion
        })
        .collect()
}

/// Checks the site, then renders and writes it to `out` (or the
/// `output_dir` of site.toml). With any error nothing is written.
pub fn build_site(root: &Path, as_of: Date, out: Option<&Path>) -> Result<BuildOutcome, Error> {
    let CheckOutcome {
        mut diagnostics,
        summary: _,
        site,
        expansions,
        theme,
    } = check_site(root, as_of)?;
    let out_dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| site.root.join(&site.config.output_dir));
    let out_dir = match write::check_output_dir(&site.root, &out_dir) {
        Ok(dir) => Some(dir),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    };
    let output = match (&theme, diagnostics.has_errors()) {
        (Some(theme), false) => render_site(&site, theme, &expansions, &mut diagnostics),
        _ => None,
    };
    diagnostics.finish(&site.levels);
    let written = match (out_dir, output) {
        (Some(dir), Some(output)) if !diagnostics.has_errors() => {
            write::write_output(&dir, &output)?;
            Some((dir, output.files.len()))
        }
        _ => None,
    };
    let summary = summary(&site, &diagnostics);
    Ok(BuildOutcome {
        diagnostics,
        summary,
        written,
    })
}

/// Renders every page, every trust home and the site home into memory.
fn render_site(
    site: &Site,
    theme: &Theme,
    expansions: &[Expansion],
    diagnostics: &mut Diagnostics,
) -> Option<Output> {
    let rendered: Vec<Result<(String, String), Diagnostic>> = expansions
        .par_iter()
        .map(|e| {
            let file = &site.pages[e.page].source.path;
            let body = render::render_body(theme, e.page, &e.trust, &e.expanded, file)?;
            render::wrap_page(site, theme, &body)
        })
        .collect();
    let homes = site
        .trusts
        .values()
        .map(|trust| render::render_trust_home(site, theme, trust));
    let mut output = Output::default();
    let mut failed = false;
    for result in rendered
        .into_iter()
        .chain(homes)
        .chain(std::iter::once(render::render_site_home(site, theme)))
    {
        match result {
            Ok((path, html)) => {
                output.files.insert(path, html.into_bytes());
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                failed = true;
            }
        }
    }
    render::add_assets(theme, &mut output);
    (!failed).then_some(output)
}
