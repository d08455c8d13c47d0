//! The entry points: `verity check` and `verity build`.

use std::path::{Path, PathBuf};

use super::{BuildOutcome, Judged, Pipeline, Timings, drop_in_background, summary};
use crate::diagnostics::Diagnostics;
use crate::error::Error;
use crate::model::RunParams;
use crate::render::Output;
use crate::write::{self, OutputTarget};

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
