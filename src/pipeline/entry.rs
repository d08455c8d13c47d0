//! The entry points: `verity check` and `verity build`.

use std::path::Path;
use std::sync::Arc;

use super::jobs::Sink;
use super::{BuildOutcome, Judged, Pipeline, drop_in_background, summary};
use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::model::RunParams;
use crate::write::{OutputTarget, Staging};

/// Loads, expands, reads, checks, renders and audits the site at `root`:
/// everything a build judges, so that `verity check` passes exactly when
/// `verity build` would write. The finished files are not kept.
pub fn check_site(root: &Path, params: RunParams) -> Result<Judged, Error> {
    let mut pipeline = Pipeline::once(root, params);
    let judged = pipeline.judge_into(|_, _| Ok(Sink::Discard));
    drop_in_background(pipeline);
    judged
}

/// Judges the site and writes it to `params.output` (or the `output_dir`
/// of site.toml): each file into the staging folder beside it as it is
/// made, and the staging folder swapped in once the whole site is judged.
/// With any error the output folder is left as it was.
pub fn build_site(root: &Path, params: RunParams) -> Result<BuildOutcome, Error> {
    let out = params.output.clone();
    let mut pipeline = Pipeline::once(root, params);
    let mut refused = None;
    let mut staging = None;
    let judged = pipeline.judge_into(|site, found| {
        let out_dir = out.unwrap_or_else(|| site.root.join(&site.config.output_dir));
        let target = match OutputTarget::decide(&site.root, &out_dir) {
            Ok(target) => target,
            Err(diagnostic) => {
                refused = Some(diagnostic);
                return Ok(Sink::Discard);
            }
        };
        // A build that already cannot publish makes nothing on disk: no
        // folder on the way to the output, no lock, no staging folder.
        if found.has_errors_at(&site.levels) {
            return Ok(Sink::Discard);
        }
        match begin_staging(target)? {
            Ok(begun) => {
                let begun = Arc::new(begun);
                staging = Some(begun.clone());
                Ok(Sink::Write(begun))
            }
            Err(diagnostic) => {
                refused = Some(diagnostic);
                Ok(Sink::Discard)
            }
        }
    });
    // The pipeline's hold on the staging folder goes first, so that this
    // function alone finishes or discards it.
    pipeline.sink = Sink::Discard;
    drop_in_background(pipeline);
    let mut judged = judged?;
    let mut timings = std::mem::take(&mut judged.timings);
    if let Some(diagnostic) = refused {
        judged.diagnostics.push(diagnostic);
        judged.diagnostics.finish(&judged.site.levels);
    }
    let publish = judged
        .output
        .as_ref()
        .filter(|_| !judged.diagnostics.has_errors());
    // Only this function holds the staging folder now; should anything
    // else still hold it, nothing is published rather than half of it.
    let staging = match staging.map(Arc::try_unwrap) {
        Some(Err(_)) => return Err(Error::Internal("the staging folder is still in use")),
        Some(Ok(staging)) => Some(staging),
        None => None,
    };
    let written = match (staging, publish) {
        (Some(staging), Some(output)) => {
            let dir = staging.output_dir().to_path_buf();
            timings.time("write", || staging.finish())?;
            Some((dir, output.count))
        }
        (Some(staging), None) => {
            staging.discard();
            None
        }
        (None, _) => None,
    };
    let summary = summary(&judged.site, &judged.diagnostics);
    drop_in_background((judged.site, judged.expansions));
    Ok(BuildOutcome {
        diagnostics: judged.diagnostics,
        summary,
        written,
        timings,
    })
}

/// Takes the output folder's lock, verifies the folder again under it (it
/// was decided before the lock was taken, and only now can no other build
/// change what is there) and makes its staging folder ready. `Ok(Err(..))`
/// when the folder is refused.
fn begin_staging(target: OutputTarget) -> Result<Result<Staging, Diagnostic>, Error> {
    let lock = target.lock(|dir| {
        eprintln!(
            "another build is writing to {}: waiting for it to finish",
            dir.display()
        )
    })?;
    if let Err(diagnostic) = target.verify() {
        return Ok(Err(diagnostic));
    }
    Staging::begin(target, lock).map(Ok)
}
