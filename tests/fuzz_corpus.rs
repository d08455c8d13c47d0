//! Replays every input the fuzzers kept (fuzz/corpus/TARGET/*) through the
//! same entry points, so that an input that once crashed Verity, or
//! reached new code, is checked on every `cargo test`. See fuzz/run.sh.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "the {target} corpus is nearly empty");
    for input in inputs {
        let data = std::fs::read(&input).expect("corpus file");
        // A panic names the input, to reproduce with `cargo fuzz run`.
        eprintln!("{}", input.display());
        run(&data);
    }
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", verity::harness::front_matter);
}

#[test]
fn expressions_corpus() {
    replay("expressions", verity::harness::expressions);
}

#[test]
fn claims_corpus() {
    replay("claims", verity::harness::claims);
}

#[test]
fn page_corpus() {
    replay("page", verity::harness::page);
}

#[test]
fn raw_html_corpus() {
    replay("raw_html", verity::harness::raw_html);
}
