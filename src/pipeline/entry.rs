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
    let judged = pipeline.judge_into(|site, _| {
        let out_dir = out.unwrap_or_else(|| site.root.join(&site.config.output_dir));
        match begin_staging(&site.root, &out_dir)? {
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
    let written = match (staging.and_then(|s| Arc::try_unwrap(s).ok()), publish) {
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

/// Decides the output folder, takes its lock, verifies it again under the
/// lock (it was decided before the lock was taken, and only now can no
/// other build change what is there) and makes its staging folder ready.
/// `Ok(Err(..))` when the folder is refused.
fn begin_staging(site_root: &Path, out_dir: &Path) -> Result<Result<Staging, Diagnostic>, Error> {
    let target = match OutputTarget::decide(site_root, out_dir) {
        Ok(target) => target,
        Err(diagnostic) => return Ok(Err(diagnostic)),
    };
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
