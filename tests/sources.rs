//! What Verity reads and where it writes it: no two things at one address,
//! no site built from missing folders, no file passed over without a word,
//! and every kind of line ending read as the author sees it.

mod common;

use common::{check_json, messages, site_with, write};

const FRONT: &str = "---\ntitle: Page\ndescription: A page.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nHello.\n";

#[test]
fn a_page_or_trust_at_an_address_verity_writes_is_a_located_error() {
    let site = site_with(None);
    write(site.path(), "content/pages/search.md", FRONT);
    write(
        site.path(),
        "content/pages/statement.md",
        &FRONT.replace("topics: [sar]", "topics: [sar]\nslug: accessibility"),
    );
    let trust = std::fs::read_to_string(site.path().join("content/trusts/beta/trust.yaml"))
        .expect("trust.yaml");
    write(site.path(), "content/trusts/assets/trust.yaml", &trust);
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    assert_eq!(
        messages(&report, "slug-duplicate"),
        [
            "content/pages/search.md 1:1 this page would be written to /guidance/alpha/search/, where Verity writes the trust's search page",
            "content/pages/statement.md 5:7 this page would be written to /guidance/alpha/accessibility/, where Verity writes the trust's accessibility statement",
            "content/trusts/assets/trust.yaml null:null the trust `assets` would share the address /guidance/assets/ with the site's own files",
        ],
        "{report}"
    );
    let out = site.path().join("public");
    assert_eq!(common::build(site.path(), &out).code, 1);
    assert!(!out.exists());
}

#[test]
fn a_site_without_its_content_folders_is_an_error_not_an_empty_site() {
    for missing in ["content", "content/trusts", "content/rules"] {
        let site = site_with(None);
        std::fs::remove_dir_all(site.path().join(missing)).expect("remove");
        let (exit, report) = check_json(site.path());
        assert_eq!(exit, 1, "{missing}: {report}");
        let out = site.path().join("public");
        let run = common::build(site.path(), &out);
        assert_eq!(run.code, 1, "{missing}: {}", run.stderr);
        assert!(!out.exists(), "{missing}");
        assert!(
            run.stderr.contains(&format!("{missing}/")),
            "{missing}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_site_with_no_trusts_or_no_pages_is_an_error() {
    let site = site_with(None);
    for trust in ["alpha", "beta"] {
        std::fs::remove_dir_all(site.path().join("content/trusts").join(trust)).expect("remove");
    }
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    assert_eq!(
        messages(&report, "content-missing"),
        ["content/trusts/ null:null there are no trusts: content/trusts/ has no trust folders"]
    );
    let site = site_with(None);
    std::fs::remove_file(site.path().join("content/pages/guide.md")).expect("remove");
    std::fs::remove_file(site.path().join("content/trusts/alpha/local.md")).expect("remove");
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    assert_eq!(
        messages(&report, "content-missing"),
        ["content/pages/ null:null this site has no pages, so there is nothing to publish"]
    );
}

#[test]
fn files_that_are_not_pages_are_named_with_the_reason() {
    let site = site_with(None);
    write(site.path(), "content/pages/upper.MD", FRONT);
    write(site.path(), "content/pages/page.md.txt", FRONT);
    write(site.path(), "content/pages/notes.txt", "notes");
    std::fs::create_dir_all(site.path().join("content/pages/folder.md")).expect("folder");
    write(site.path(), "content/trusts/alpha/draft.markdown", FRONT);
    write(site.path(), "content/stray.md", FRONT);
    write(site.path(), "content/Pages/lost.md", FRONT);
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0, "{report}");
    let skipped: Vec<String> = messages(&report, "file-skipped")
        .into_iter()
        .map(|line| line.split(" null:null ").collect::<Vec<_>>().join(": "))
        .collect();
    assert_eq!(
        skipped,
        [
            "content/Pages: content/ holds only pages/, rules/, trusts/ and search.yaml, so this was not read",
            "content/pages/folder.md: this is a folder, so it was not read as a page (what is in it is)",
            "content/pages/notes.txt: this file does not end in .md, so it was not read as a page",
            "content/pages/page.md.txt: this file does not end in .md, so it was not read as a page",
            "content/pages/upper.MD: this file ends in .MD, not .md, so it was not read as a page",
            "content/stray.md: content/ holds only pages/, rules/, trusts/ and search.yaml, so this was not read",
            "content/trusts/alpha/draft.markdown: this file does not end in .md, so it was not read as a page",
        ],
        "{report}"
    );
}

#[test]
fn old_mac_line_endings_are_line_breaks() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/mac.md",
        &FRONT
            .replace("Hello.", "We reply within 40 days.")
            .replace('\n', "\r"),
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    assert_eq!(
        messages(&report, "front-matter-missing"),
        Vec::<String>::new()
    );
    let mismatch = messages(&report, "deadline-mismatch");
    assert_eq!(mismatch.len(), 1, "{report}");
    assert!(
        mismatch[0].starts_with("content/pages/mac.md 8:17 "),
        "{report}"
    );
}
