//! A build killed at any moment (a laptop lid closed, a CI job cancelled)
//! leaves the output folder as it was, or as the finished build would
//! leave it: never half written, never missing. The next build succeeds.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use common::{beside, read_tree, site_with, write};

fn build_command(root: &Path, out: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_verity"));
    command
        .arg("--root")
        .arg(root)
        .args(["build", "--as-of", "2026-11-21", "--out"])
        .arg(out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    command
}

/// Writes enough pages that a build takes a while, each naming `what`.
fn grow(root: &Path, pages: usize, what: &str) {
    let paragraph = "You can ask for a copy of your WHAT. We keep them safe and private. \
                     It is {{ fees.sar_standard }} to ask, and we reply within \
                     {{ deadlines.sar_response }}.\n\n";
    for i in 0..pages {
        write(
            root,
            &format!("content/pages/page-{i:04}.md"),
            &format!(
                "---\ntitle: Page {i}\ndescription: Page {i}.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n## Asking\n\n{}",
                paragraph.replace("WHAT", what).repeat(12)
            ),
        );
    }
}

#[test]
fn a_build_killed_at_any_point_leaves_a_whole_site() {
    let site = site_with(None);
    let root = site.path();
    grow(root, 1000, "records");
    let out = root.join("public");
    let built = build_command(root, &out).status().expect("runs");
    assert!(built.success());
    let before = read_tree(&out);

    // A change to every page, built once elsewhere to know what the
    // finished build writes (builds are deterministic).
    grow(root, 1000, "health records");
    let reference = root.join("reference");
    let started = Instant::now();
    assert!(
        build_command(root, &reference)
            .status()
            .expect("runs")
            .success()
    );
    let whole_build = started.elapsed();
    let after = read_tree(&reference);
    assert_ne!(before, after);

    // The staging folder's marker is written as the new site starts to be
    // written there.
    let marker = root.join(".public.verity-staging/.verity-output");
    let marked = || std::fs::metadata(&marker).and_then(|m| m.modified()).ok();
    let check = |moment: &str| {
        let now = read_tree(&out);
        assert!(
            now == before || now == after,
            "killed {moment}, the output is neither the old site nor the new \
             ({} files, against {} and {})",
            now.len(),
            before.len(),
            after.len()
        );
    };
    // While the site is checked and rendered, at moments spread over a build.
    for tenth in [0, 2, 5, 8] {
        let mut child = build_command(root, &out).spawn().expect("starts");
        std::thread::sleep(whole_build.mul_f64(f64::from(tenth) / 10.0));
        // SIGKILL: no chance to clean up.
        let _ = child.kill();
        let _ = child.wait();
        check(&format!("at {tenth}/10 of a build"));
    }
    // While the new site is being written, and as it is swapped in.
    let mut seen_writing = 0;
    for after_ms in [0, 2, 5, 10, 20, 40, 80] {
        let last_marked = marked();
        let mut child = build_command(root, &out).spawn().expect("starts");
        while marked() == last_marked && child.try_wait().expect("waits").is_none() {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        std::thread::sleep(std::time::Duration::from_millis(after_ms));
        if child.try_wait().expect("waits").is_none() {
            seen_writing += 1;
        }
        let _ = child.kill();
        let _ = child.wait();
        check(&format!("{after_ms} ms into writing"));
    }
    assert!(
        seen_writing > 0,
        "no kill landed while the site was written"
    );

    assert!(build_command(root, &out).status().expect("runs").success());
    assert_eq!(read_tree(&out), after);
    // The site that build replaced is kept to be written over next time,
    // beside the file builds take turns to lock.
    assert_eq!(
        beside(root),
        [
            ".public.verity-lock",
            ".public.verity-staging",
            ".reference.verity-lock"
        ]
    );
}
