//! The output folder is decided once, from a normalised path, and Verity
//! never replaces or empties a folder it did not make: not through `..`
//! after a folder that does not exist yet, not through a symbolic link, not
//! through a staging folder someone else made. Two builds never write into
//! one output at once, and a build that fails while writing leaves the
//! output as it was and nothing of its own behind.

mod common;

use std::path::Path;
use std::process::Command;

use common::{Run, beside, build, read_tree, run, site_with, write};

/// Runs `verity` from a working folder, as a user in a terminal would, so
/// that a relative `--out` is read from there.
fn verity_in(cwd: &Path, args: &[&str]) -> Run {
    run(Command::new(env!("CARGO_BIN_EXE_verity"))
        .current_dir(cwd)
        .args(args))
}

/// A folder holding a site (at `site/`) and whatever a test puts beside it.
fn site_in_a_folder() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    common::copy_tree(&common::fixtures().join("base"), &site);
    (dir, site)
}

/// A folder of someone's own work beside the site.
fn precious(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::create_dir_all(dir.join("chapters")).expect("folder");
    std::fs::write(dir.join("thesis.docx"), b"years of work").expect("file");
    std::fs::write(dir.join("chapters/one.md"), b"chapter one").expect("file");
    read_tree(dir)
}

fn refused(run: &Run) {
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[output-unsafe]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
}

#[test]
fn dot_dot_after_a_folder_that_does_not_exist_is_resolved_before_deciding() {
    let (dir, site) = site_in_a_folder();
    let thesis = dir.path().join("thesis");
    let before = precious(&thesis);
    // Twice: the first run used to move the folder aside, the second to
    // empty it.
    for _ in 0..2 {
        refused(&verity_in(&site, &["build", "--out", "../new/../thesis"]));
        assert_eq!(read_tree(&thesis), before);
    }
    assert!(!dir.path().join("new").exists(), "nothing is made");
    // The same path from site.toml.
    let config = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
    let config = format!("output_dir = \"tmp/../../thesis\"\n{config}");
    std::fs::write(site.join("site.toml"), config).expect("site.toml");
    for _ in 0..2 {
        refused(&verity_in(&site, &["build"]));
        assert_eq!(read_tree(&thesis), before);
    }
    assert!(!site.join("tmp").exists(), "nothing is made");
}

#[test]
fn dot_dot_cannot_reach_the_site_itself() {
    let (_dir, site) = site_in_a_folder();
    let before = read_tree(&site);
    for out in ["../x/../site", "./x/../../site", "../site/x/..", "x/../."] {
        let run = verity_in(&site, &["build", "--out", out]);
        refused(&run);
        assert!(
            run.stderr.contains("contains the site"),
            "{out}: {}",
            run.stderr
        );
        assert_eq!(read_tree(&site), before, "{out}");
    }
}

#[test]
fn dot_dot_after_a_symbolic_link_means_what_it_means_to_the_system() {
    let (dir, site) = site_in_a_folder();
    // `link/..` is the folder holding the link's target, not the site.
    let deep = dir.path().join("elsewhere/deep");
    std::fs::create_dir_all(&deep).expect("folder");
    std::os::unix::fs::symlink(&deep, site.join("link")).expect("symlink");
    let thesis = dir.path().join("elsewhere/thesis");
    let before = precious(&thesis);
    refused(&verity_in(&site, &["build", "--out", "link/../thesis"]));
    assert_eq!(read_tree(&thesis), before);
    // And a link to the site's own content is the content.
    std::os::unix::fs::symlink(site.join("content"), dir.path().join("content-link"))
        .expect("symlink");
    refused(&verity_in(
        &site,
        &["build", "--out", "../content-link/public"],
    ));
    assert!(!site.join("content/public").exists());
}

#[test]
fn a_staging_folder_verity_did_not_make_is_refused_not_emptied() {
    let site = site_with(None);
    let staging = site.path().join(".public.verity-staging");
    let before = precious(&staging);
    let run = build(site.path(), &site.path().join("public"));
    refused(&run);
    assert!(
        run.stderr.contains(".public.verity-staging"),
        "{}",
        run.stderr
    );
    assert_eq!(read_tree(&staging), before);
    assert!(!site.path().join("public").exists());
    // A file with that name is someone's too.
    std::fs::remove_dir_all(&staging).expect("remove");
    std::fs::write(&staging, b"notes").expect("file");
    refused(&build(site.path(), &site.path().join("public")));
    assert_eq!(std::fs::read(&staging).expect("still there"), b"notes");
}

#[test]
fn a_build_that_fails_while_writing_leaves_the_output_as_it_was() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    assert_eq!(build(site.path(), &out).code, 0);
    let before = read_tree(&out);
    write(
        site.path(),
        "content/trusts/alpha/local.md",
        "---\ntitle: Local\ndescription: A local page.\ntopics: [sar]\n---\n\nChanged.\n",
    );
    // A disk that fills up: no file may grow past 4 KB (`ulimit -f` counts
    // 512-byte blocks), and the signal that would kill the build is
    // ignored, so that the write fails as it does on a full disk.
    let output = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 8; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_verity"))
        .args(["--root", site.path().to_str().expect("utf-8"), "build"])
        .args([
            "--out",
            out.to_str().expect("utf-8"),
            "--as-of",
            "2026-11-21",
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("could not write"), "{stderr}");
    assert!(stderr.contains("was left as it was"), "{stderr}");
    assert_eq!(read_tree(&out), before);
    // What it staged is gone, and only the lock stays beside the output.
    assert_eq!(beside(site.path()), [".public.verity-lock"]);
    // The next build, with room, writes the change.
    assert_eq!(build(site.path(), &out).code, 0);
    let page = std::fs::read_to_string(out.join("alpha/local/index.html")).expect("page");
    assert!(page.contains("Changed."));
}

#[test]
fn two_builds_at_once_never_tear_the_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    // Two sites whose pages differ a little in length, so that a file
    // written over by the other build would show.
    let sites: Vec<_> = ["First.", "The second site."]
        .iter()
        .map(|text| {
            let site = site_with(None);
            // Enough pages that the two builds' writing overlaps.
            for page in 0..400 {
                write(
                    site.path(),
                    &format!("content/trusts/alpha/page-{page}.md"),
                    &format!(
                        "---\ntitle: Page {page}\ndescription: A local page.\ntopics: [sar]\n---\n\n{text}\n"
                    ),
                );
            }
            site
        })
        .collect();
    let fresh: Vec<_> = sites
        .iter()
        .enumerate()
        .map(|(i, site)| {
            let alone = dir.path().join(format!("alone-{i}"));
            assert_eq!(build(site.path(), &alone).code, 0);
            read_tree(&alone)
        })
        .collect();
    for round in 0..10 {
        let runs: Vec<_> = sites
            .iter()
            .map(|site| {
                Command::new(env!("CARGO_BIN_EXE_verity"))
                    .args(["--root", site.path().to_str().expect("utf-8")])
                    .args(["build", "--as-of", "2026-11-21", "--out"])
                    .arg(&out)
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("verity starts")
            })
            .collect();
        for run in runs {
            let done = run.wait_with_output().expect("verity ends");
            let stderr = String::from_utf8_lossy(&done.stderr);
            assert_eq!(done.status.code(), Some(0), "round {round}: {stderr}");
        }
        let now = read_tree(&out);
        assert!(
            now == fresh[0] || now == fresh[1],
            "round {round}: the output is neither site whole"
        );
    }
}

#[test]
fn a_file_written_over_ends_where_the_new_content_ends() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    assert_eq!(build(site.path(), &out).code, 0);
    // The staging folder holds the last site; make one of its files far
    // longer than what the next build writes there.
    let staged = site
        .path()
        .join(".public.verity-staging/alpha/local/index.html");
    let mut long = std::fs::read(&staged).expect("staged page");
    long.extend(std::iter::repeat_n(b'x', 100_000));
    std::fs::write(&staged, &long).expect("lengthen");
    assert_eq!(build(site.path(), &out).code, 0);
    let fresh = site.path().join("fresh");
    assert_eq!(build(site.path(), &fresh).code, 0);
    assert_eq!(read_tree(&out), read_tree(&fresh));
}

#[test]
fn sources_reached_through_symbolic_links_are_still_sources() {
    let (dir, site) = site_in_a_folder();
    // content/ and themes/ kept elsewhere, linked into the site.
    let content = dir.path().join("real-content");
    std::fs::rename(site.join("content"), &content).expect("move content");
    std::os::unix::fs::symlink(&content, site.join("content")).expect("link");
    let themes = dir.path().join("real-themes");
    common::copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
        &themes,
    );
    std::os::unix::fs::symlink(&themes, site.join("themes")).expect("link");
    for out in [
        "content/out",
        "../real-content/out",
        "themes/nhs/out",
        "../real-themes",
    ] {
        let run = verity_in(&site, &["build", "--out", out]);
        refused(&run);
        assert!(run.stderr.contains("/ folder"), "{out}: {}", run.stderr);
    }
    assert!(!content.join("out").exists());
    assert!(!themes.join("nhs/out").exists());
    assert_eq!(
        std::fs::read_dir(dir.path())
            .expect("folder")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().contains("verity-"))
            .count(),
        0,
        "nothing is made beside a refused output"
    );
}

#[test]
fn an_empty_folder_keeps_its_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let site = site_with(None);
    let out = site.path().join("public");
    std::fs::create_dir(&out).expect("folder");
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o2770)).expect("mode");
    for _ in 0..2 {
        assert_eq!(build(site.path(), &out).code, 0);
        let mode = std::fs::metadata(&out)
            .expect("output")
            .permissions()
            .mode();
        assert_eq!(mode & 0o7777, 0o2770, "{mode:o}");
    }
}
