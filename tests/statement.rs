//! Each trust's accessibility statement follows the model the Public Sector
//! Bodies (Websites and Mobile Applications) (No. 2) Accessibility
//! Regulations 2018 ask for: what is not accessible, how to report a
//! problem, the enforcement procedure for the trust's nation, the
//! compliance status, and when the statement was prepared and reviewed,
//! from site.toml's `[accessibility]`.

mod common;

use common::{build, check_json, example_site, messages, page, read_tree, replace_in, write};

fn statement(site: &tempfile::TempDir, path: &str) -> String {
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    page(&read_tree(&out), path)
}

#[test]
fn the_statement_has_every_part_the_regulations_ask_for() {
    let site = example_site();
    let html = statement(&site, "hhft/accessibility/index.html");
    for heading in [
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Technical information about this website&#39;s accessibility",
        "Compliance status",
        "Preparation of this accessibility statement",
    ] {
        assert!(html.contains(heading), "no {heading:?}");
    }
    assert!(html.contains("This website is partially compliant"));
    assert!(html.contains(
        "This statement was prepared on 20 November 2026. It was last reviewed on 27 November 2026."
    ));
    assert!(html.contains("This website was last tested on 27 November 2026."));
    assert!(html.contains("<a href=\"https://www.equalityadvisoryservice.com/\">Equality Advisory and Support Service (EASS)</a>"));
    assert!(html.contains("We do not know of any part of this website that is not accessible."));
    // The Welsh statement, with its dates in Welsh.
    let welsh = page(
        &read_tree(&site.path().join("public")),
        "hywel-dda/cy/accessibility/index.html",
    );
    assert!(welsh.contains("Paratoi&#39;r datganiad hygyrchedd hwn"));
    assert!(welsh.contains("20 Tachwedd 2026"));
}

#[test]
fn known_problems_are_listed_and_northern_ireland_has_its_own_enforcement() {
    let site = example_site();
    replace_in(
        site.path(),
        "site.toml",
        "known_issues = []",
        "known_issues = [\"some older PDF forms cannot be read by a screen reader\"]",
    );
    write(
        site.path(),
        "content/trusts/belfast/trust.yaml",
        "name: Belfast Health and Social Care Trust\nnation: northern_ireland\ncontacts:\n  records:\n    name: Records team\n    phone: 028 9504 0000\n",
    );
    let html = statement(&site, "belfast/accessibility/index.html");
    assert!(html.contains("<li>some older PDF forms cannot be read by a screen reader</li>"));
    assert!(html.contains(
        "<a href=\"https://www.equalityni.org/\">Equality Commission for Northern Ireland</a>"
    ));
    assert!(!html.contains("equalityadvisoryservice"));
}

#[test]
fn a_statement_date_that_is_not_a_date_is_reported_where_it_is() {
    let site = example_site();
    replace_in(
        site.path(),
        "site.toml",
        "reviewed = \"2026-11-27\"",
        "reviewed = \"last week\"",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1, "{report}");
    let found = messages(&report, "config-invalid");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("site.toml "), "{found:?}");
}

#[test]
fn a_trust_home_leads_with_its_main_task_and_every_asset_has_a_hashed_name() {
    let site = example_site();
    let home = statement(&site, "hhft/index.html");
    let task = home.find("<div class=\"main-task\">").expect("a main task");
    let more = home.find("More about health records").expect("the rest");
    assert!(task < more);
    assert!(
        home[task..more]
            .contains("href=\"/hhft/your-records/\">Ask for your own health records</a>")
    );
    // Every asset is cached for a year, so every one has a hashed name.
    let files = read_tree(&site.path().join("public"));
    let assets: Vec<&String> = files.keys().filter(|p| p.starts_with("assets/")).collect();
    assert!(assets.len() >= 3, "{assets:?}");
    for asset in assets {
        let name = asset.trim_start_matches("assets/");
        let parts: Vec<&str> = name.split('.').collect();
        assert!(
            parts.len() == 3
                && parts[1].len() == 12
                && parts[1].chars().all(|c| c.is_ascii_hexdigit()),
            "{asset} has no hash in its name"
        );
    }
}

#[test]
fn the_site_home_and_the_404_page_link_to_the_sites_own_statement() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/belfast/trust.yaml",
        "name: Belfast Health and Social Care Trust\nnation: northern_ireland\ncontacts:\n  records:\n    name: Records team\n    phone: 028 9504 0000\n",
    );
    let html = statement(&site, "accessibility/index.html");
    let files = read_tree(&site.path().join("public"));
    for path in ["index.html", "404.html"] {
        assert!(
            page(&files, path).contains("<a href=\"/accessibility/\">Accessibility statement</a>"),
            "{path}"
        );
    }
    // Each trust's statement, for its contact details; both enforcement
    // bodies, as the site has trusts on both sides of the Irish Sea.
    assert!(
        html.contains(
            "<a href=\"/hhft/accessibility/\">Hampshire Hospitals NHS Foundation Trust</a>"
        )
    );
    assert!(
        html.contains(
            "<a href=\"/belfast/accessibility/\">Belfast Health and Social Care Trust</a>"
        )
    );
    assert!(html.contains("equalityadvisoryservice.com"));
    assert!(html.contains("equalityni.org"));
    assert!(html.contains("Preparation of this accessibility statement"));
}

/// What `verity check` reports as of a day, as JSON.
fn check_as_of(site: &tempfile::TempDir, day: &str) -> serde_json::Value {
    let run = common::verity(site.path(), &["check", "--format", "json", "--as-of", day]);
    serde_json::from_str(&run.stdout).expect("the report is JSON")
}

#[test]
fn a_statement_must_say_when_it_was_prepared_and_be_reviewed_every_year() {
    let site = example_site();
    let report = check_as_of(&site, "2027-11-27");
    assert!(messages(&report, "review-missing").is_empty());
    assert!(
        messages(&report, "review-overdue")
            .iter()
            .all(|m| !m.starts_with("site.toml"))
    );
    // A year and a day after its last review, it is due.
    let report = check_as_of(&site, "2027-11-28");
    assert!(
        messages(&report, "review-overdue").contains(
            &"site.toml 22:12 the accessibility statement was due for review on 27 November 2027"
                .to_string()
        ),
        "{report}"
    );
    // Without a review date, the date it was prepared counts.
    replace_in(site.path(), "site.toml", "reviewed = \"2026-11-27\"\n", "");
    let report = check_as_of(&site, "2027-11-21");
    assert!(
        messages(&report, "review-overdue")
            .iter()
            .any(|m| m.starts_with("site.toml 21:12 "))
    );
    // Without either, it says it does not know.
    replace_in(site.path(), "site.toml", "prepared = \"2026-11-20\"\n", "");
    let report = check_as_of(&site, "2026-11-27");
    assert_eq!(
        messages(&report, "review-missing")
            .into_iter()
            .filter(|m| m.starts_with("site.toml"))
            .collect::<Vec<_>>(),
        ["site.toml null:null the accessibility statement does not say when it was prepared"]
    );
}
