//! Each trust's search: an index of every section's words (title, heading
//! and body weighed differently), matched on whole words and their stems,
//! with the site's synonyms and ignored words from content/search.yaml; a
//! search page that works without JavaScript; a search box on every page
//! of a trust. Ranking itself runs in the browser and is measured by
//! `.ci/browser/search.mjs` on realistic patient queries.

mod common;

use serde_json::Value;

use common::{build, check_json, example_site, messages, page, read_tree, write};

/// The example site, built, with one trust's English search index.
fn example_index(trust: &str) -> (std::collections::BTreeMap<String, Vec<u8>>, Value) {
    let site = example_site();
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let index = serde_json::from_str(&page(&files, &format!("{trust}/search-index.json")))
        .expect("the index is JSON");
    (files, index)
}

/// The weight of a stem in each section that uses it, by the section's
/// page address and anchor.
fn postings(index: &Value, stem: &str) -> Vec<(String, String, u64)> {
    let flat = index["terms"][stem].as_array().cloned().unwrap_or_default();
    flat.chunks(2)
        .map(|pair| {
            let section = &index["sections"][pair[0].as_u64().expect("section") as usize];
            let page = &index["pages"][section[0].as_u64().expect("page") as usize];
            (
                page[1].as_str().expect("url").to_string(),
                section[2].as_str().expect("anchor").to_string(),
                pair[1].as_u64().expect("weight"),
            )
        })
        .collect()
}

#[test]
fn the_index_holds_body_words_by_section_and_stem() {
    let (_, index) = example_index("hhft");
    // "Executor" is in the body of one section of the page about someone
    // who has died, not in its title or headings.
    let executor = postings(&index, "executor");
    assert!(
        executor
            .iter()
            .any(|(url, anchor, _)| url == "/hhft/someone-who-has-died/" && !anchor.is_empty()),
        "{executor:?}"
    );
    // "Fee" and "fees" are one stem, and both words are listed for it.
    assert!(index["terms"]["fees"].is_null());
    assert!(!index["terms"]["fee"].is_null());
    let forms: Vec<&str> = index["forms"]["fee"]
        .as_array()
        .map(|f| f.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(forms.contains(&"fees"), "{forms:?}");
}

#[test]
fn a_title_weighs_more_than_a_heading_and_a_heading_more_than_the_body() {
    let (_, index) = example_index("hhft");
    let caldicott = postings(&index, "caldicott");
    let weight = |anchor: &str| {
        caldicott
            .iter()
            .find(|(url, a, _)| url == "/hhft/caldicott/" && a == anchor)
            .map(|(_, _, weight)| *weight)
            .unwrap_or_else(|| panic!("no {anchor:?} in {caldicott:?}"))
    };
    // The title, the heading "The Caldicott guardian", and a body that
    // says the word once.
    assert!(weight("") >= 10, "{caldicott:?}");
    assert!(weight("") > weight("the-caldicott-guardian"));
    assert!(weight("the-caldicott-guardian") > weight("the-principles"));
}

#[test]
fn words_are_whole_never_a_fragment_of_another() {
    let (files, index) = example_index("hhft");
    for stem in index["terms"].as_object().expect("terms").keys() {
        assert!(
            stem.chars().all(char::is_alphanumeric) && stem.chars().count() > 1,
            "{stem:?} is not a whole word"
        );
    }
    // "ico" is inside "caldicott": only a page that says "ICO" has it.
    let caldicott = page(&files, "hhft/caldicott/index.html");
    assert!(!caldicott.contains("ICO"));
    assert!(
        postings(&index, "ico")
            .iter()
            .all(|(url, _, _)| url != "/hhft/caldicott/"),
        "{:?}",
        postings(&index, "ico")
    );
}

#[test]
fn synonyms_and_ignored_words_come_from_the_site() {
    let site = example_site();
    write(
        site.path(),
        "content/search.yaml",
        "en:\n  synonyms:\n    - [bereaved, someone who has died]\n    - [alone]\n  ignore: [the, records]\n",
    );
    let out = site.path().join("public");
    let (code, report) = check_json(site.path());
    assert_eq!(
        messages(&report, "search-words"),
        ["content/search.yaml 4:7 a group of synonyms needs at least two different words"],
    );
    assert_eq!(code, 0, "a warning does not stop a build");
    assert_eq!(build(site.path(), &out).code, 0);
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("hhft/search-index.json")).expect("index"),
    )
    .expect("JSON");
    // The phrase is the stems of its words; "who" and "has" are not
    // ignored here, so they stay in it.
    assert_eq!(
        index["groups"],
        serde_json::json!([[["bereav"], ["someon", "who", "has", "die"]]])
    );
    assert_eq!(index["ignore"], serde_json::json!(["the", "records"]));
    assert!(
        index["terms"]["the"].is_null(),
        "an ignored word is not indexed"
    );
    let record = index["forms"]["record"].to_string();
    assert!(!record.contains("\"records\""), "{record}");
}

#[test]
fn a_search_file_in_the_wrong_shape_is_reported_at_its_line() {
    let site = example_site();
    write(
        site.path(),
        "content/search.yaml",
        "en:\n  synonym:\n    - [fee, cost]\n",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "data-unknown-key"),
        ["content/search.yaml 2:3 unknown key `synonym`"]
    );
    let help = report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "data-unknown-key"))
        .map(|d| d["help"].to_string());
    assert!(
        help.as_deref().is_some_and(|h| h.contains("synonyms")),
        "the help names the key meant: {help:?}"
    );
}

#[test]
fn the_search_page_works_without_javascript_and_offers_the_records_team() {
    let (files, _) = example_index("hhft");
    let search = page(&files, "hhft/search/index.html");
    // Every page, in an ordered list the script replaces with results.
    assert!(search.contains("<ol class=\"page-list\" id=\"search-results\">"));
    assert!(search.contains("href=\"/hhft/costs/\""));
    assert!(search.contains("<noscript><p class=\"inset-text\">Searching needs JavaScript"));
    // The records team's number, to call when nothing is found.
    assert!(search.contains("call the records team on <a href=\"tel:+44"));
    // The page's own search form is the only one on it.
    assert_eq!(search.matches("role=\"search\"").count(), 1);
    assert!(search.contains("name=\"q\""));
}

#[test]
fn every_page_of_a_trust_has_a_search_box_that_leads_to_its_search() {
    let (files, _) = example_index("hhft");
    for path in [
        "hhft/index.html",
        "hhft/costs/index.html",
        "hhft/accessibility/index.html",
    ] {
        let html = page(&files, path);
        assert!(
            html.contains("<form class=\"header-search\" role=\"search\" action=\"/hhft/search/\" method=\"get\">"),
            "{path}"
        );
        assert!(
            html.contains("<button type=\"submit\" class=\"header-search-button\">Search</button>")
        );
        assert!(!html.contains("search.js"), "{path} loads no script");
    }
    // A Welsh page searches the Welsh pages, in Welsh.
    let welsh = page(&files, "hywel-dda/cy/costs/index.html");
    assert!(welsh.contains("action=\"/hywel-dda/cy/search/\""));
    assert!(welsh.contains(">Chwilio</button>"));
}

#[test]
fn every_page_has_a_description_and_a_canonical_address() {
    let (files, _) = example_index("hhft");
    for (path, address) in [
        ("index.html", "https://records.example.nhs.uk/"),
        ("hhft/index.html", "https://records.example.nhs.uk/hhft/"),
        (
            "hhft/costs/index.html",
            "https://records.example.nhs.uk/hhft/costs/",
        ),
        (
            "hhft/search/index.html",
            "https://records.example.nhs.uk/hhft/search/",
        ),
        (
            "hhft/accessibility/index.html",
            "https://records.example.nhs.uk/hhft/accessibility/",
        ),
        (
            "hywel-dda/cy/costs/index.html",
            "https://records.example.nhs.uk/hywel-dda/cy/costs/",
        ),
    ] {
        let html = page(&files, path);
        assert!(
            html.contains("<meta name=\"description\" content=\""),
            "{path}"
        );
        assert!(
            html.contains(&format!("<link rel=\"canonical\" href=\"{address}\">")),
            "{path}"
        );
        // On paper, the address a patient can go back to.
        assert!(html.contains(&format!(
            "<p class=\"width-container print-only\">{address}</p>"
        )));
    }
    let missing = page(&files, "404.html");
    assert!(missing.contains("<meta name=\"description\""));
    assert!(
        !missing.contains("rel=\"canonical\""),
        "the 404 page has no address of its own"
    );
}

#[test]
fn hosts_are_told_to_use_https_and_pages_may_not_use_the_camera() {
    let (files, _) = example_index("hhft");
    let headers = page(&files, "_headers");
    assert!(headers.contains("  Strict-Transport-Security: max-age=31536000\n"));
    assert!(headers.contains("  Permissions-Policy: accelerometer=(), camera=()"));
    // A trust's home is as new as its newest page.
    let sitemap = page(&files, "sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://records.example.nhs.uk/hhft/</loc><lastmod>20"),
        "{sitemap}"
    );
}

#[test]
fn a_privacy_notice_is_linked_from_every_footer_and_must_be_an_address() {
    let (files, _) = example_index("hhft");
    assert!(page(&files, "hhft/costs/index.html").contains(
        "<li><a href=\"https://www.hampshirehospitals.nhs.uk/privacynotice\">Privacy notice</a></li>"
    ));
    let site = example_site();
    common::replace_in(
        site.path(),
        "content/trusts/hhft/trust.yaml",
        "privacy_notice: https://www.hampshirehospitals.nhs.uk/privacynotice",
        "privacy_notice: our website",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "data-invalid"),
        ["content/trusts/hhft/trust.yaml 4:17 `privacy_notice` must be a whole web address"]
    );
}

#[test]
fn search_words_that_could_not_work_are_reported() {
    let site = example_site();
    write(
        site.path(),
        "content/search.yaml",
        "cy:\n  synonyms:\n    - [ffi, am ddim, tâl]\n  ignore: [am, y]\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        messages(&report, "search-words"),
        [
            "content/search.yaml 3:13 without the ignored words this phrase is only `ddim`, so a search could not tell it from that word alone",
            "content/search.yaml 4:16 a single letter is never searched for, so it need not be ignored",
        ]
    );
}

#[test]
fn a_records_phone_with_no_number_is_refused_rather_than_a_dead_link() {
    let site = example_site();
    common::replace_in(
        site.path(),
        "content/trusts/hhft/trust.yaml",
        "phone: 01256 313067",
        "phone: ask the switchboard",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "contact-invalid"),
        [
            "content/trusts/hhft/trust.yaml 16:12 `ask the switchboard` does not start with a phone number"
        ]
    );
}
