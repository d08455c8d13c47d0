//! Helpers shared by the integration tests: fixture sites copied into a
//! temporary folder, and the `verity` binary run on them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder holding the fixture sites.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Copies every file under `from` into `to`, replacing files that exist.
pub fn copy_tree(from: &Path, to: &Path) {
    copy_tree_except(from, to, &[]);
}

/// Copies every file under `from` into `to` but those at the relative paths
/// in `except`, replacing files that exist.
fn copy_tree_except(from: &Path, to: &Path, except: &[&str]) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("fixture folder is readable");
        let relative = entry.path().strip_prefix(from).expect("inside the fixture");
        if except.iter().any(|skipped| relative == Path::new(skipped)) {
            continue;
        }
        let target = to.join(relative);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("can create folders in the temp dir");
        } else {
            std::fs::copy(entry.path(), &target).expect("can copy fixture files");
        }
    }
}

/// The file in each invalid case folder that lists the errors the case must
/// report. It describes the fixture; it is not part of the site.
pub const EXPECTED: &str = "expected";

/// A temporary site: the base fixture with an overlay case on top.
pub fn site_with(overlay: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    copy_tree(&fixtures().join("base"), dir.path());
    if let Some(case) = overlay {
        lay_case(case, dir.path());
    }
    dir
}

/// Copies the invalid case `case` over the site in `root`, all but its
/// `expected` file: left in the site, it would be a stray file that no real
/// site has.
pub fn lay_case(case: &str, root: &Path) {
    copy_tree_except(&fixtures().join("invalid").join(case), root, &[EXPECTED]);
}

/// A temporary copy of the repository's own example site.
pub fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(root.join("site.toml"), dir.path().join("site.toml")).expect("site.toml");
    copy_tree(&root.join("content"), &dir.path().join("content"));
    copy_tree(&root.join("themes"), &dir.path().join("themes"));
    dir
}

/// What a run of the binary printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `verity` with arguments in a site folder.
pub fn verity(root: &Path, args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_verity"))
        .arg("--root")
        .arg(root)
        .args(args))
}

/// Runs a command without colour and collects what it printed.
pub fn run(command: &mut Command) -> Run {
    let output = command
        .env("NO_COLOR", "1")
        .output()
        .expect("the command runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Every file under `dir`, by relative path, with its bytes.
pub fn read_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(dir).expect("inside");
            let bytes = std::fs::read(e.path()).expect("readable");
            (path.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// `verity build --out OUT --as-of 2026-11-21`.
pub fn build(root: &Path, out: &Path) -> Run {
    verity(
        root,
        &[
            "build",
            "--out",
            out.to_str().expect("utf-8 path"),
            "--as-of",
            "2026-11-21",
        ],
    )
}

/// `verity check --format json`, parsed.
pub fn check_json(root: &Path) -> (i32, serde_json::Value) {
    let run = verity(
        root,
        &["check", "--format", "json", "--as-of", "2026-11-21"],
    );
    let json = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON output ({e}): {}\n{}", run.stdout, run.stderr));
    (run.code, json)
}

/// Replaces the first `from` with `to` in a file of the site.
pub fn replace_in(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).expect("a file of the site");
    assert!(text.contains(from), "{path} has no {from:?}");
    std::fs::write(&file, text.replacen(from, to, 1)).expect("write");
}

/// Writes a file into a site, making its folders.
pub fn write(root: &Path, path: &str, text: &str) {
    let target = root.join(path);
    std::fs::create_dir_all(target.parent().expect("a parent folder")).expect("folder");
    std::fs::write(target, text).expect("write");
}

/// `verity build --format json --out OUT`: the run and its report.
pub fn build_json(root: &Path, out: &Path) -> (Run, serde_json::Value) {
    let run = verity(
        root,
        &[
            "build",
            "--format",
            "json",
            "--out",
            out.to_str().expect("utf-8"),
        ],
    );
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON output ({e}): {}\n{}", run.stdout, run.stderr));
    (run, report)
}

/// The folders Verity keeps beside the output folders in `dir` (such as
/// `.public.verity-staging`), sorted.
pub fn beside(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("site folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("verity-"))
        .collect();
    names.sort();
    names
}

/// Adds `[check.levels]` to a site's site.toml.
pub fn set_levels(site: &tempfile::TempDir, levels: &str) {
    let config = std::fs::read_to_string(site.path().join("site.toml")).expect("site.toml");
    std::fs::write(
        site.path().join("site.toml"),
        format!("{config}\n[check.levels]\n{levels}\n"),
    )
    .expect("site.toml");
}

/// Every diagnostic of a JSON report with the given code, as `line:column`.
pub fn places(report: &serde_json::Value, code: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == code)
        .map(|d| format!("{}:{}", d["line"], d["column"]))
        .collect()
}

/// Each diagnostic with the given code as `file line:column message`.
pub fn messages(report: &serde_json::Value, code: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == code)
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["file"].as_str().unwrap_or("-"),
                d["line"],
                d["column"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// One file of a built site (from [`read_tree`]) as text.
pub fn page(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing"))
            .clone(),
    )
    .expect("utf-8")
}
