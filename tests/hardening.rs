//! Bad and extreme input never crashes Verity: each case ends with a
//! located diagnostic or a clean build, and the right exit code.

mod common;

use common::{check_json, site_with, write};

const FRONT: &str =
    "---\ntitle: Edge\ndescription: Edge.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n";

#[test]
fn lists_and_quotes_nested_thousands_deep_build() {
    let site = site_with(None);
    let nested: String = (0..3000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    write(
        site.path(),
        "content/pages/deep.md",
        &format!("{FRONT}{}deep\n\n{nested}", "> ".repeat(5000)),
    );
    let out = site.path().join("public");
    let run = common::build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("alpha/deep/index.html").is_file());
}

#[test]
fn a_ten_megabyte_page_builds() {
    let site = site_with(None);
    let paragraph = "Plain words in a paragraph that goes on. ".repeat(20);
    let body: String = (0..13_000).map(|_| format!("{paragraph}\n\n")).collect();
    assert!(body.len() > 10_000_000);
    write(
        site.path(),
        "content/pages/big.md",
        &format!("{FRONT}{body}"),
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0, "{}", report["summary"]);
}

#[test]
fn a_yaml_alias_bomb_is_refused_with_a_located_error() {
    let site = site_with(None);
    let mut bomb =
        String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    for (name, previous) in ["b", "c", "d", "e", "f", "g", "h"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g"])
    {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 10].join(",")
        ));
    }
    write(site.path(), "content/rules/bomb.yaml", &bomb);
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    let d = report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["file"] == "content/rules/bomb.yaml"))
        .unwrap_or_else(|| panic!("no diagnostic for the bomb: {report}"));
    assert_eq!(d["line"], 1);
    assert_build_writes_nothing(site.path());
}

/// A build of a site with errors exits 1, without a panic, and writes nothing.
fn assert_build_writes_nothing(root: &std::path::Path) {
    let out = root.join("public");
    let run = common::build(root, &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists(), "a build with errors wrote {}", out.display());
}

#[test]
fn a_byte_order_mark_and_an_empty_file_are_handled() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/bom.md",
        &format!("\u{feff}{FRONT}Text.\n"),
    );
    write(site.path(), "content/rules/empty.yaml", "");
    write(site.path(), "content/pages/empty.md", "");
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    let errors: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["line"]
            )
        })
        .collect();
    assert_eq!(
        errors,
        ["front-matter-missing content/pages/empty.md:1"],
        "{report}"
    );
    assert_build_writes_nothing(site.path());
}

#[test]
fn invalid_utf8_is_reported_with_its_place() {
    let site = site_with(None);
    let mut bytes = FRONT.as_bytes().to_vec();
    bytes.extend_from_slice(b"Caf\xe9 text.\n");
    std::fs::write(site.path().join("content/pages/latin1.md"), bytes).expect("write");
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "file-unreadable");
    assert_eq!(d["file"], "content/pages/latin1.md");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("line 8, column 4"),
        "{d}"
    );
    assert_build_writes_nothing(site.path());
}

/// The errors and warnings of a report, as `code file`.
fn findings(report: &serde_json::Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or("")
            )
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_not_followed_and_is_named() {
    let site = site_with(None);
    let pages = site.path().join("content/pages");
    std::os::unix::fs::symlink(".", pages.join("loop")).expect("symlink");
    std::os::unix::fs::symlink("../pages", pages.join("again")).expect("symlink");
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0, "{report}");
    assert_eq!(
        findings(&report),
        [
            "file-skipped content/pages/again",
            "file-skipped content/pages/loop"
        ]
    );
}

/// Runs `verity check` as a user who may not read `file`. Root reads
/// everything, so as root the run drops to `nobody` (as CI runs as root).
#[cfg(unix)]
fn check_without_permission(root: &std::path::Path, file: &str) -> (i32, serde_json::Value) {
    use std::os::unix::fs::PermissionsExt;
    let chmod = |path: &std::path::Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod")
    };
    chmod(&root.join(file), 0o000);
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut command = if is_root {
        // `nobody` must be able to reach the site to meet the one file it cannot read.
        chmod(root, 0o755);
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_verity"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_verity"))
    };
    let output = command
        .arg("--root")
        .arg(root)
        .args(["check", "--format", "json", "--as-of", "2026-11-21"])
        .output()
        .expect("verity runs");
    chmod(&root.join(file), 0o644);
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}): {}", String::from_utf8_lossy(&output.stderr)));
    (output.status.code().unwrap_or(-1), report)
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_by_name() {
    let site = site_with(None);
    let (exit, report) = check_without_permission(site.path(), "content/pages/guide.md");
    assert_eq!(exit, 1, "{report}");
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "file-unreadable", "{report}");
    assert_eq!(d["file"], "content/pages/guide.md");
    assert!(
        d["message"]
            .as_str()
            .unwrap_or("")
            .contains("ermission denied"),
        "{d}"
    );
}

#[test]
fn blocks_nested_too_deep_are_one_located_error_not_a_crash() {
    let site = site_with(None);
    let depth = 1200;
    write(
        site.path(),
        "content/pages/deep.md",
        &format!(
            "{FRONT}{}Deep.\n{}",
            "{% inset() %}\n".repeat(depth),
            "{% end %}\n".repeat(depth)
        ),
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    // The seventeenth block, on the page's line 8 + 16.
    assert_eq!(
        common::places(&report, "nesting-too-deep"),
        ["24:1"],
        "{report}"
    );
    let out = site.path().join("public");
    assert_eq!(common::build(site.path(), &out).code, 1);
    assert!(!out.exists());
}

#[test]
fn raw_html_nested_too_deep_is_one_located_error_and_quick() {
    let site = site_with(None);
    let depth = 100_000;
    write(
        site.path(),
        "content/pages/deep.md",
        &format!(
            "{FRONT}<div>\n{}x{}\n",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        ),
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    // The 513th element: the block's own <div> and 511 more on line 9.
    assert_eq!(
        common::places(&report, "nesting-too-deep"),
        [format!("9:{}", 511 * 5 + 1)]
    );
    assert_eq!(common::places(&report, "html-unsafe"), Vec::<String>::new());
}

#[test]
fn an_expression_too_long_to_read_is_not_echoed_whole() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/long.md",
        &format!("{FRONT}{{{{ {} }}}}\n", "(".repeat(20_000)),
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    for d in report["diagnostics"].as_array().into_iter().flatten() {
        let message = d["message"].as_str().unwrap_or("");
        assert!(message.len() < 300, "{message}");
    }
}

#[test]
fn thousands_of_one_mistake_are_counted_after_the_first_hundred() {
    let site = site_with(None);
    // Each `{{` is never closed: two thousand problems on one long line,
    // each of which would quote the whole line.
    write(
        site.path(),
        "content/pages/many.md",
        &format!("{FRONT}{}\n", "{{ ".repeat(2_000)),
    );
    let run = common::verity(site.path(), &["check", "--as-of", "2026-11-21"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stderr.matches("error[expr-syntax]").count(), 100);
    assert!(
        run.stderr
            .contains("... and 1900 more [expr-syntax] in content/pages/many.md"),
        "{}",
        &run.stderr[run.stderr.len().saturating_sub(500)..]
    );
    let (_, report) = check_json(site.path());
    assert_eq!(common::places(&report, "expr-syntax").len(), 2_000);
}
