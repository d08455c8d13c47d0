//! `verity build` end to end: what it writes, that it writes the same bytes
//! every time, and that it never destroys a folder it did not create.

mod common;

use common::{beside, build, example_site, read_tree, site_with, verity};

#[test]
fn the_example_site_renders_every_page_for_every_trust() {
    let site = example_site();
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let shared: Vec<String> = std::fs::read_dir(site.path().join("content/pages"))
        .expect("pages folder")
        .map(|e| {
            e.expect("entry")
                .path()
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned()
        })
        .filter(|stem| !stem.ends_with(".cy"))
        .collect();
    assert_eq!(shared.len(), 10);
    let trusts = [
        (
            "hhft",
            "Hampshire Hospitals NHS Foundation Trust",
            "01256 313067",
        ),
        (
            "imperial",
            "Imperial College Healthcare NHS Trust",
            "020 3313 3112",
        ),
        (
            "nuh",
            "Nottingham University Hospitals NHS Trust",
            "0115 924 9924 extension 86838",
        ),
    ];
    for (id, name, phone) in trusts {
        for slug in &shared {
            let path = format!("{id}/{slug}/index.html");
            let html = String::from_utf8(
                files
                    .get(&path)
                    .unwrap_or_else(|| panic!("{path} missing"))
                    .clone(),
            )
            .expect("utf-8");
            assert!(html.contains(name), "{path} does not name its trust");
        }
        let records = String::from_utf8(files[&format!("{id}/your-records/index.html")].clone())
            .expect("utf-8");
        assert!(
            records.contains(phone),
            "{id}'s records page lacks its phone number"
        );
        assert!(files.contains_key(&format!("{id}/index.html")));
    }
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key(".verity-output"));
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("{{") && !text.contains("{%"),
            "{path} has an unexpanded expression"
        );
    }
}

#[test]
fn a_trust_only_page_is_rendered_for_that_trust_alone() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    assert!(out.join("alpha/local/index.html").is_file());
    assert!(!out.join("beta/local").exists());
}

#[test]
fn two_builds_write_identical_bytes() {
    let site = example_site();
    let first = site.path().join("first");
    let second = site.path().join("second");
    assert_eq!(build(site.path(), &first).code, 0);
    assert_eq!(build(site.path(), &second).code, 0);
    assert_eq!(read_tree(&first), read_tree(&second));
}

#[test]
fn a_folder_verity_did_not_create_is_never_replaced() {
    let site = site_with(None);
    let out = site.path().join("precious");
    std::fs::create_dir_all(&out).expect("folder");
    std::fs::write(out.join("thesis.docx"), b"years of work").expect("file");
    let run = verity(
        site.path(),
        &[
            "build",
            "--out",
            out.to_str().expect("utf-8"),
            "--format",
            "json",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("\"output-unsafe\""), "{}", run.stdout);
    assert_eq!(
        std::fs::read(out.join("thesis.docx")).expect("still there"),
        b"years of work"
    );
    assert_eq!(std::fs::read_dir(&out).expect("folder").count(), 1);
}

#[test]
fn an_output_folder_holding_the_sources_is_refused() {
    let site = site_with(None);
    let root = site.path();
    for out in [
        root.to_path_buf(),
        root.join(".."),
        root.join("content/public"),
        root.join("themes"),
    ] {
        let run = verity(
            root,
            &[
                "build",
                "--out",
                out.to_str().expect("utf-8"),
                "--format",
                "json",
            ],
        );
        assert_eq!(run.code, 1, "{}: {}", out.display(), run.stderr);
        assert!(
            run.stdout.contains("\"output-unsafe\""),
            "{}: {}",
            out.display(),
            run.stdout
        );
    }
    assert!(root.join("content/pages/guide.md").is_file());
    assert!(root.join("site.toml").is_file());
}

#[test]
fn a_rebuild_replaces_the_previous_site_whole() {
    let site = site_with(None);
    let out = site.path().join("public");
    let local = site.path().join("content/trusts/alpha/local.md");
    let page = std::fs::read_to_string(&local).expect("page");
    assert_eq!(build(site.path(), &out).code, 0);
    assert_eq!(build(site.path(), &out).code, 0);
    // The site the second build replaced is kept for the third to write
    // over; it must lose the page that no longer exists.
    let staging = site.path().join(".public.verity-staging");
    assert!(staging.join("alpha/local/index.html").is_file());
    std::fs::remove_file(&local).expect("remove page");
    std::fs::write(staging.join("alpha/stray.html"), "left over").expect("stray file");
    assert_eq!(build(site.path(), &out).code, 0);
    assert!(
        !out.join("alpha/local").exists(),
        "a removed page must not linger"
    );
    assert!(!out.join("alpha/stray.html").exists());
    assert!(out.join("alpha/guide/index.html").is_file());
    // And a page that comes back comes back whole.
    std::fs::write(&local, &page).expect("restore page");
    assert_eq!(build(site.path(), &out).code, 0);
    let fresh = site.path().join("fresh");
    assert_eq!(build(site.path(), &fresh).code, 0);
    assert_eq!(read_tree(&out), read_tree(&fresh));
    assert_eq!(
        beside(site.path()),
        [
            ".fresh.verity-lock",
            ".public.verity-lock",
            ".public.verity-staging"
        ]
    );
}

#[test]
fn a_file_linked_from_a_backup_keeps_its_contents() {
    let site = site_with(None);
    let out = site.path().join("public");
    let local = site.path().join("content/trusts/alpha/local.md");
    let page = std::fs::read_to_string(&local).expect("page");
    assert_eq!(build(site.path(), &out).code, 0);
    // A backup of the site made with hard links (`cp -al`).
    let built = out.join("alpha/local/index.html");
    let backup = site.path().join("backup.html");
    std::fs::hard_link(&built, &backup).expect("hard link");
    let backed_up = std::fs::read(&backup).expect("backup");
    for edit in ["Changed once.", "Changed twice."] {
        std::fs::write(&local, format!("{page}\n{edit}\n")).expect("edit page");
        assert_eq!(build(site.path(), &out).code, 0);
    }
    let now = std::fs::read_to_string(&built).expect("built page");
    assert!(now.contains("Changed twice."), "{now}");
    assert_eq!(std::fs::read(&backup).expect("backup"), backed_up);
}

#[test]
fn with_errors_nothing_is_written_and_the_last_site_stays() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    let before = read_tree(&out);
    common::lay_case("unknown-expression", site.path());
    let run = build(site.path(), &out);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("nothing was written"));
    assert_eq!(read_tree(&out), before);
}

#[test]
fn a_site_under_a_sub_path_links_within_it() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    let html = std::fs::read_to_string(out.join("alpha/guide/index.html")).expect("page");
    assert!(html.contains("href=\"/guidance/alpha/\""));
    assert!(html.contains("href=\"/guidance/assets/style."));
    let home = std::fs::read_to_string(out.join("index.html")).expect("home");
    assert!(home.contains("href=\"/guidance/beta/\""));
}

#[test]
fn data_values_are_escaped_in_html() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    let html = std::fs::read_to_string(out.join("alpha/guide/index.html")).expect("page");
    assert!(html.contains("Alpha &lt;Hospitals&gt; NHS Trust"));
    assert!(!html.contains("<Hospitals>"));
}

#[test]
fn verity_new_starts_a_site_that_builds() {
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join("my-site");
    let run = verity(parent.path(), &["new", dir.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = verity(&dir, &["build", "--as-of", "2026-11-21"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.join("public/nuh/your-records/index.html").is_file());
    let again = verity(parent.path(), &["new", dir.to_str().expect("utf-8")]);
    assert_eq!(again.code, 2, "new must refuse a folder that has files");
}

#[test]
fn verity_new_page_starts_a_page_whose_front_matter_checks_clean() {
    let site = site_with(None);
    let run = verity(site.path(), &["new", "page", "Records: a guide for carers"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site
        .path()
        .join("content/pages/records-a-guide-for-carers.md");
    let text = std::fs::read_to_string(&page).expect("the new page");
    assert!(
        text.starts_with("---\ntitle: \"Records: a guide for carers\"\n"),
        "{text}"
    );
    // Checked as of today, the day it was started.
    let run = verity(site.path(), &["check", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let on_page: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["file"] == "content/pages/records-a-guide-for-carers.md")
        .collect();
    assert!(on_page.is_empty(), "{on_page:?}");
    // It never replaces a page, and a trust's own page needs the trust.
    let again = verity(site.path(), &["new", "page", "Records: a guide for carers"]);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let own = verity(site.path(), &["new", "page", "Parking", "--trust", "alpha"]);
    assert_eq!(own.code, 0, "{}", own.stderr);
    assert!(
        site.path()
            .join("content/trusts/alpha/parking.md")
            .is_file()
    );
    let nowhere = verity(site.path(), &["new", "page", "Parking", "--trust", "gamma"]);
    assert_eq!(nowhere.code, 2);
    assert!(
        nowhere.stderr.contains("there is no trust `gamma`"),
        "{}",
        nowhere.stderr
    );
}

#[test]
fn verity_explain_says_what_a_code_means_and_how_to_fix_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = verity(dir.path(), &["explain", "fee-retired"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("fee-retired\n\nError. "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("What to do:"), "{}", run.stdout);
    let always = verity(dir.path(), &["explain", "[output-unsafe]"]);
    assert!(
        always.stdout.contains("site.toml cannot turn it down"),
        "{}",
        always.stdout
    );
    let typo = verity(dir.path(), &["explain", "fee-retierd"]);
    assert_eq!(typo.code, 2);
    assert!(
        typo.stderr.contains("did you mean `fee-retired`?"),
        "{}",
        typo.stderr
    );
}

#[test]
fn a_folder_that_is_not_a_site_cannot_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = verity(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no site.toml"));
}

/// The base fixture site, built: the site and the folder it was built into.
fn built_base_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = site_with(None);
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (site, out)
}

/// A written file as text, with each asset's content hash (the `11d98e47bedd`
/// in `style.11d98e47bedd.css`) written as `HASH`: the hash changes with every
/// edit to the stylesheet or the script, and no page snapshot should.
fn rendered(out: &std::path::Path, path: &str) -> String {
    let text = std::fs::read_to_string(out.join(path))
        .unwrap_or_else(|e| panic!("{path} was not written: {e}"));
    // Verity marks places in a page with characters from U+E000 to U+E00F
    // while it works on it; one left in the output would show to readers.
    assert!(
        !text.chars().any(|c| ('\u{E000}'..='\u{E00F}').contains(&c)),
        "{path} keeps a marker character: {text}"
    );
    without_asset_hashes(&text)
}

/// `text` with the hash in each `assets/NAME.HASH.EXT` written as the word
/// `HASH`. A hash is at least eight hexadecimal digits, so an asset whose name
/// has none, such as `assets/favicon.svg`, is left as it is.
fn without_asset_hashes(text: &str) -> String {
    let mut pieces = text.split("assets/");
    let mut out = pieces.next().unwrap_or_default().to_owned();
    for piece in pieces {
        out.push_str("assets/");
        let Some((name, rest)) = piece.split_once('.') else {
            out.push_str(piece);
            continue;
        };
        let digits = rest
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(rest.len());
        if digits >= 8 && rest[digits..].starts_with('.') {
            out.push_str(name);
            out.push_str(".HASH");
            out.push_str(&rest[digits..]);
        } else {
            out.push_str(piece);
        }
    }
    out
}

#[test]
fn asset_hashes_are_hidden_from_snapshots_and_other_names_are_not() {
    assert_eq!(
        without_asset_hashes(
            r#"<link href="/g/assets/style.11d98e47bedd.css"><script src="/g/assets/search.636d948883c7.js"></script>"#
        ),
        r#"<link href="/g/assets/style.HASH.css"><script src="/g/assets/search.HASH.js"></script>"#
    );
    let unhashed =
        r#"<link href="/g/assets/favicon.svg"><a href="/g/assets/style.css">assets/</a>"#;
    assert_eq!(without_asset_hashes(unhashed), unhashed);
}

/// A shared page, as one trust's copy of it. (The snapshot keeps its first
/// name, from when it was the only page with one.)
#[test]
fn a_page_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "alpha/guide/index.html"));
}

#[test]
fn a_trust_only_page_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "alpha/local/index.html"));
}

#[test]
fn a_trusts_home_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "alpha/index.html"));
}

#[test]
fn a_trusts_accessibility_statement_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "alpha/accessibility/index.html"));
}

#[test]
fn a_trusts_search_page_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "alpha/search/index.html"));
}

#[test]
fn a_trusts_search_index_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "alpha/search-index.json"));
}

#[test]
fn the_site_home_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "index.html"));
}

#[test]
fn the_404_page_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "404.html"));
}

#[test]
fn the_headers_file_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "_headers"));
}

#[test]
fn the_azure_settings_render_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "staticwebapp.config.json"));
}

#[test]
fn robots_txt_renders_as_expected() {
    let (_site, out) = built_base_site();
    insta::assert_snapshot!(rendered(&out, "robots.txt"));
}

/// The base fixture has a relative address and so no sitemap; with an
/// absolute one it has both a sitemap and a robots.txt that points to it.
#[test]
fn the_sitemap_and_robots_txt_of_a_site_with_an_address_render_as_expected() {
    let site = site_with(None);
    let toml = std::fs::read_to_string(site.path().join("site.toml")).expect("site.toml");
    std::fs::write(
        site.path().join("site.toml"),
        toml.replace(
            "base_url = \"/guidance/\"",
            "base_url = \"https://records.example.nhs.uk/guidance/\"",
        ),
    )
    .expect("write site.toml");
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!("sitemap_with_an_address", rendered(&out, "sitemap.xml"));
    insta::assert_snapshot!("robots_txt_with_an_address", rendered(&out, "robots.txt"));
}

/// Every file the base fixture writes is of a kind with a snapshot above, or
/// is an asset or marker that needs none. A new kind of output shows up here
/// first: give it a snapshot, then add it to this list.
#[test]
fn the_base_site_writes_these_files_and_no_others() {
    let (_site, out) = built_base_site();
    let written: Vec<String> = read_tree(&out)
        .into_keys()
        .map(|path| without_asset_hashes(&path))
        .collect();
    assert_eq!(
        written,
        [
            ".verity-output",
            "404.html",
            "_headers",
            "accessibility/index.html",
            "alpha/accessibility/index.html",
            "alpha/guide/index.html",
            "alpha/index.html",
            "alpha/local/index.html",
            "alpha/search-index.json",
            "alpha/search/index.html",
            "assets/favicon.HASH.svg",
            "assets/search.HASH.js",
            "assets/style.HASH.css",
            "beta/accessibility/index.html",
            "beta/guide/index.html",
            "beta/index.html",
            "beta/search-index.json",
            "beta/search/index.html",
            "index.html",
            "robots.txt",
            "staticwebapp.config.json",
        ]
    );
}

#[test]
fn as_of_previews_the_law_on_another_date() {
    let site = example_site();
    // The duty to acknowledge complaints starts on 19 June 2026.
    let run = verity(
        site.path(),
        &["check", "--format", "json", "--as-of", "2026-06-18"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("json");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let errors: Vec<(&str, &str, &str)> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["rule"].as_str().unwrap_or(""),
            )
        })
        .collect();
    // The page and its Welsh translation both show the rule.
    assert_eq!(
        errors,
        [
            (
                "rule-not-in-force",
                "content/pages/if-you-are-unhappy.cy.md",
                "deadlines.complaint_acknowledgement"
            ),
            (
                "rule-not-in-force",
                "content/pages/if-you-are-unhappy.md",
                "deadlines.complaint_acknowledgement"
            ),
        ]
    );
    let run = verity(site.path(), &["check", "--as-of", "2026-06-19"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn every_site_has_a_404_page_robots_txt_and_with_an_address_a_sitemap() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    assert!(
        std::fs::read_to_string(out.join("404.html"))
            .expect("404")
            .contains("Page not found")
    );
    assert!(
        !out.join("sitemap.xml").exists(),
        "no sitemap without an absolute address"
    );
    let toml = std::fs::read_to_string(site.path().join("site.toml")).expect("toml");
    std::fs::write(
        site.path().join("site.toml"),
        toml.replace(
            "base_url = \"/guidance/\"",
            "base_url = \"https://records.example.nhs.uk/guidance/\"",
        ),
    )
    .expect("write");
    assert_eq!(build(site.path(), &out).code, 0);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<url><loc>https://records.example.nhs.uk/guidance/alpha/guide/</loc><lastmod>2026-01-15</lastmod></url>"), "{sitemap}");
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots");
    assert!(robots.contains("Sitemap: https://records.example.nhs.uk/guidance/sitemap.xml"));
    let page = std::fs::read_to_string(out.join("alpha/guide/index.html")).expect("page");
    assert!(
        page.contains("href=\"/guidance/alpha/\""),
        "links stay on the site's own host"
    );
}

#[test]
fn each_trust_has_an_accessibility_statement_with_its_contacts() {
    let site = example_site();
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    let statement =
        std::fs::read_to_string(out.join("nuh/accessibility/index.html")).expect("statement");
    assert!(statement.contains("<h1>Accessibility statement</h1>"));
    assert!(statement.contains("nuhnt.dutyin@nhs.net"));
    let page = std::fs::read_to_string(out.join("nuh/costs/index.html")).expect("page");
    assert!(
        page.contains("href=\"/nuh/accessibility/\""),
        "every page links to it"
    );
}

#[test]
fn each_trust_has_a_search_page_that_works_without_javascript_and_an_index() {
    let site = site_with(None);
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    let page = std::fs::read_to_string(out.join("alpha/search/index.html")).expect("search page");
    assert!(
        page.contains("href=\"/guidance/alpha/guide/\""),
        "the page lists every page without JavaScript"
    );
    assert!(
        page.contains("/guidance/assets/search."),
        "the script has a hashed name"
    );
    assert!(!page.contains("<script>"), "no inline script");
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("alpha/search-index.json")).expect("index"),
    )
    .expect("json");
    let guide = index["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .position(|p| p[0] == "Ask for your records")
        .expect("guide");
    assert!(
        index["sections"]
            .as_array()
            .expect("sections")
            .contains(&serde_json::json!([guide, "Contact", "contact"])),
        "each section of a page is in the index with its heading and anchor"
    );
    let headers = std::fs::read_to_string(out.join("_headers")).expect("headers");
    assert!(headers.contains("Content-Security-Policy: default-src 'self'"));
    assert!(
        headers
            .contains("/guidance/assets/*\n  Cache-Control: public, max-age=31536000, immutable")
    );
}

#[test]
fn the_at_a_glance_list_shows_the_law_and_the_trusts_own_target() {
    let site = example_site();
    let out = site.path().join("public");
    assert_eq!(build(site.path(), &out).code, 0);
    let nuh = std::fs::read_to_string(out.join("nuh/how-long-it-takes/index.html")).expect("page");
    assert!(nuh.contains("<dt>Replying to a request for your own records</dt><dd>1 calendar month (we aim for 28 days), or up to 2 calendar months more if the request is complex or you have sent us several requests</dd>"));
    let hhft =
        std::fs::read_to_string(out.join("hhft/how-long-it-takes/index.html")).expect("page");
    assert!(hhft.contains(
        "<dt>Replying to a request for your own records</dt><dd>1 calendar month, or up to 2 calendar months more"
    ));
    // Time limits apart from costs, each led by the page's main rule.
    let limits = hhft
        .find("<h3 class=\"at-a-glance-heading\">Time limits</h3>")
        .expect("time limits");
    let costs = hhft
        .find("<h3 class=\"at-a-glance-heading\">Costs</h3>")
        .expect("costs");
    let own = hhft
        .find("<dt>Replying to a request for your own records")
        .expect("own records");
    let died = hhft
        .find("<dt>Giving access to the records of someone who has died")
        .expect("died");
    assert!(limits < own && own < died && died < costs, "{hhft}");
}

#[test]
fn trusts_with_identical_trust_files_each_get_their_own_pages() {
    // Two boards that share one records service may well copy one
    // trust.yaml (saying that they share it): the same bytes in two
    // folders are still two trusts.
    let site = example_site();
    let trust = std::fs::read_to_string(site.path().join("content/trusts/nuh/trust.yaml"))
        .expect("trust.yaml")
        .replace("\n    name: ", "\n    shared_with: [nuh2]\n    name: ");
    common::write(site.path(), "content/trusts/nuh/trust.yaml", &trust);
    common::write(site.path(), "content/trusts/nuh2/trust.yaml", &trust);
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    for trust in ["nuh", "nuh2"] {
        for page in [
            "index.html",
            "accessibility/index.html",
            "search/index.html",
        ] {
            let path = format!("{trust}/{page}");
            assert!(files.contains_key(&path), "{path} is missing");
        }
    }
}

#[test]
fn a_build_with_errors_makes_nothing_on_the_way_to_its_output() {
    let site = site_with(Some("unknown-key"));
    let out = site.path().join("a/b/public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Neither the folders on the way to the output nor its lock or
    // staging folder: a build that will not publish touches nothing.
    assert!(!site.path().join("a").exists());
}
