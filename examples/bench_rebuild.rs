//! Times what `verity serve` does after an edit, on a generated site:
//! the first build, then the rebuild after a one-page edit (a trust's own
//! page and a shared page) and after a trust.yaml edit. Prints medians.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --trusts 100 --pages 100 /dev/shm/corpus
//! cargo run --release --example bench_rebuild -- /dev/shm/corpus
//! ```

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use verity::RunParams;
use verity::model::Date;
use verity::pipeline::Pipeline;

// The same allocator as the `verity` command, so the figures are the server's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const RUNS: usize = 7;

fn rebuild(pipeline: &mut Pipeline, changed: &Path) -> Result<Duration, String> {
    let started = Instant::now();
    pipeline.forget(&[changed.to_path_buf()]);
    let judged = pipeline.judge().map_err(|e| e.to_string())?;
    let took = started.elapsed();
    if judged.output.is_none() || judged.diagnostics.has_errors() {
        return Err("the generated site does not build cleanly".into());
    }
    // As in the server, the run's site and output are freed after the
    // rebuild: the site on a helper thread, the output when the next
    // snapshot replaces it.
    std::thread::spawn(move || drop(judged));
    Ok(took)
}

/// Edits a file `RUNS` times, rebuilding after each edit, and restores it.
fn median_after_edits(
    pipeline: &mut Pipeline,
    path: &Path,
    edit: impl Fn(&str, usize) -> String,
) -> Result<Duration, String> {
    let original = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut times = Vec::new();
    for run in 0..RUNS {
        std::fs::write(path, edit(&original, run)).map_err(|e| e.to_string())?;
        times.push(rebuild(pipeline, path)?);
    }
    std::fs::write(path, &original).map_err(|e| e.to_string())?;
    rebuild(pipeline, path)?;
    times.sort();
    Ok(times[RUNS / 2])
}

fn run(root: PathBuf) -> Result<(), String> {
    let as_of = Date::parse("2026-11-21")?;
    let mut pipeline = Pipeline::watched(&root, RunParams::as_of(as_of));
    let started = Instant::now();
    let judged = pipeline.judge().map_err(|e| e.to_string())?;
    let pages = judged.expansions.len();
    judged
        .output
        .ok_or("the generated site does not build cleanly")?;
    let first = started.elapsed();
    let own = root.join("content/trusts/trust-001/page-099.md");
    let shared = root.join("content/pages/page-000.md");
    let trust = root.join("content/trusts/trust-001/trust.yaml");
    let own_page = median_after_edits(&mut pipeline, &own, |text, run| {
        format!("{text}\nEdited paragraph number {run}.\n")
    })?;
    let shared_page = median_after_edits(&mut pipeline, &shared, |text, run| {
        format!("{text}\nEdited paragraph number {run}.\n")
    })?;
    let trust_yaml = median_after_edits(&mut pipeline, &trust, |text, run| {
        text.replacen(
            "Health records team",
            &format!("Health records team {run}"),
            1,
        )
    })?;
    let own_text = std::fs::read_to_string(&own).map_err(|e| e.to_string())?;
    std::fs::write(&own, format!("{own_text}\nOne more edit.\n")).map_err(|e| e.to_string())?;
    pipeline.forget(std::slice::from_ref(&own));
    let outcome = pipeline.judge().map_err(|e| e.to_string())?;
    eprint!(
        "where a one-page rebuild spends its time:\n{}",
        outcome.timings.report()
    );
    let trust_text = std::fs::read_to_string(&trust).map_err(|e| e.to_string())?;
    std::fs::write(
        &trust,
        trust_text.replacen("Health records team", "Health records office", 1),
    )
    .map_err(|e| e.to_string())?;
    pipeline.forget(std::slice::from_ref(&trust));
    let outcome = pipeline.judge().map_err(|e| e.to_string())?;
    eprint!(
        "and after a trust.yaml edit ({:?}):\n{}",
        outcome.work,
        outcome.timings.report()
    );
    // The corpus is left as it was found.
    std::fs::write(&trust, trust_text).map_err(|e| e.to_string())?;
    std::fs::write(&own, own_text).map_err(|e| e.to_string())?;
    println!("pages rendered: {pages}");
    println!(
        "first build (in memory): {:.0} ms",
        first.as_secs_f64() * 1000.0
    );
    println!(
        "rebuild after editing a trust's own page: {:.1} ms",
        own_page.as_secs_f64() * 1000.0
    );
    println!(
        "rebuild after editing a shared page: {:.1} ms",
        shared_page.as_secs_f64() * 1000.0
    );
    println!(
        "rebuild after editing a trust.yaml: {:.1} ms",
        trust_yaml.as_secs_f64() * 1000.0
    );
    Ok(())
}

fn main() {
    let Some(root) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: bench_rebuild CORPUS_DIR (see gen_corpus)");
        std::process::exit(2);
    };
    if let Err(message) = run(root) {
        eprintln!("bench_rebuild: {message}");
        std::process::exit(1);
    }
}
