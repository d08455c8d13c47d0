//! The consistency checker on whole sites: every wrong statement of the
//! source pages is caught at its exact place, and the right ones are not.

mod common;

use common::{check_json, copy_tree, example_site, fixtures, site_with, verity, write};
use serde_json::Value;

/// The problems these tests are about: not the unverified facts the
/// example site shows, nor the Welsh versions its Welsh board needs of the
/// English pages these tests add (tests/welsh.rs covers both languages).
fn errors_and_warnings(report: &Value) -> Vec<&Value> {
    report["diagnostics"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|d| d["code"] != "rule-unverified" && d["code"] != "translation-missing")
                .collect()
        })
        .unwrap_or_default()
}

/// Every error and warning in one file, summarised.
fn found_in(report: &Value, file: &str) -> Vec<String> {
    errors_and_warnings(report)
        .into_iter()
        .filter(|d| d["file"] == file)
        .map(summary)
        .collect()
}

fn summary(d: &Value) -> String {
    format!(
        "{} {}:{}:{} {}",
        d["code"].as_str().unwrap_or(""),
        d["file"].as_str().unwrap_or(""),
        d["line"],
        d["column"],
        d["found"].as_str().unwrap_or("")
    )
}

#[test]
fn every_wrong_statement_of_the_source_pages_is_caught_and_no_right_one() {
    let site = example_site();
    copy_tree(&fixtures().join("claims"), site.path());
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    // Claims are errors; how the pages read (warnings) is tested elsewhere.
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .map(summary)
        .collect();
    let expected = [
        "law-foreign content/pages/us-style-faq.md:11:11 HIPAA Privacy Rule",
        "fee-mismatch content/pages/us-style-faq.md:11:31 providers may charge",
        "law-foreign content/pages/us-style-faq.md:15:25 Office for Civil Rights",
        "law-foreign content/pages/us-style-faq.md:15:50 OCR",
        "law-foreign content/pages/us-style-faq.md:15:62 U.S. Department of Health and Human Services",
        "deadline-mismatch content/pages/us-style-faq.md:17:34 180 days",
        "law-misnamed content/trusts/hhft/old-guidance.md:8:38 General Data Protection Regulations 2018",
        "term-retired content/trusts/hhft/old-guidance.md:14:50 disproportionate effort",
        "fee-mismatch content/trusts/imperial/old-guidance.md:8:60 there may be a charge",
        "fee-retired content/trusts/imperial/old-guidance.md:8:119 £50",
        "deadline-mismatch content/trusts/imperial/old-guidance.md:8:132 between 21 to 40 days",
        "deadline-mismatch content/trusts/nuh/old-guidance.md:15:42 30 days",
        "law-misnamed content/trusts/nuh/old-guidance.md:29:30 Environmental Information Regulations 2005",
        "fee-mismatch content/trusts/nuh/old-guidance.md:31:17 may be charged",
        "term-retired content/trusts/nuh/old-guidance.md:31:42 maximum subject access fee",
    ];
    assert_eq!(found, expected);
}

#[test]
fn a_report_says_what_the_rule_is_where_it_is_defined_and_what_to_write() {
    let site = example_site();
    copy_tree(&fixtures().join("claims"), site.path());
    let (_, report) = check_json(site.path());
    let d = errors_and_warnings(&report)
        .into_iter()
        .find(|d| d["found"] == "30 days")
        .expect("the 30 days claim");
    assert_eq!(d["trust"], "nuh");
    assert_eq!(d["expected"], "1 calendar month");
    assert_eq!(d["rule"], "deadlines.sar_response");
    assert_eq!(d["end_column"], 49);
    assert_eq!(
        d["help"],
        "write `{{ deadlines.sar_response }}` instead, which reads \"1 calendar month\""
    );
    let retired = errors_and_warnings(&report)
        .into_iter()
        .find(|d| d["found"] == "£50")
        .expect("£50");
    assert_eq!(retired["expected"], "free");
    let run = verity(site.path(), &["check", "--as-of", "2026-11-21"]);
    assert!(run.stderr.contains(
        "£50 was the most a copy of your health records could cost under the Data Protection Act 1998 until 25 May 2018; asking for a copy of your own records is now free"
    ), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("rule `deadlines.sar_response` is defined at content/rules/deadlines.yaml:")
    );
}

#[test]
fn the_example_site_checks_clean_and_two_typed_mistakes_are_two_errors() {
    let site = example_site();
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0, "{report}");
    assert_eq!(report["summary"]["errors"], 0);
    let page = site.path().join("content/pages/costs.md");
    let text = std::fs::read_to_string(&page).expect("page");
    let text = text.replace(
        "We will tell you the cost before we do the work.",
        "We will reply within 30 days.\n\nCopies cost up to £50.",
    );
    std::fs::write(&page, text).expect("write");
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    let errors: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(summary)
        .collect();
    assert_eq!(
        errors,
        [
            "deadline-mismatch content/pages/costs.md:24:22 30 days",
            "fee-retired content/pages/costs.md:26:19 £50",
        ]
    );
}

#[test]
fn a_contact_copied_from_another_trust_is_its_own_error() {
    let site = site_with(None);
    write(
        site.path(),
        "content/trusts/alpha/copied.md",
        "---\ntitle: Copied\ndescription: Copied.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nCall us on 029 2000 0000 or 01234 567890.\n\nOr ring 0800 000 0000.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(
        found,
        [
            "contact-foreign content/trusts/alpha/copied.md:8:12 029 2000 0000",
            "contact-unknown content/trusts/alpha/copied.md:10:9 0800 000 0000",
        ]
    );
    let foreign = errors_and_warnings(&report)[0];
    assert_eq!(
        foreign["message"],
        "\"029 2000 0000\" belongs to Beta Community NHS Trust"
    );
    assert_eq!(
        foreign["help"],
        "write `{{ trust.contacts.records.phone }}` so each trust shows its own"
    );
}

#[test]
fn a_service_target_passes_only_for_its_own_trust() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/target.md",
        "---\ntitle: Target\ndescription: Target.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nWe aim to reply within 21 days.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<&Value> = errors_and_warnings(&report);
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0]["trust"], "alpha");
    assert_eq!(found[0]["code"], "deadline-mismatch");
}

#[test]
fn an_allow_entry_passes_its_statement_and_a_stale_one_is_a_warning() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/allowed.md",
        "---\ntitle: Allowed\ndescription: Allowed.\ntopics: [sar]\nlast_reviewed: 2026-11-01\nallow:\n  - text: usually within 48 hours\n    reason: Our first-contact service standard.\n  - text: within 5 days\n    reason: Old wording.\n---\n\nWe will call you, usually within 48 hours.\n",
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0, "{report}");
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(
        found,
        ["allow-unused content/pages/allowed.md:9:11 within 5 days"]
    );
}

#[test]
fn review_dates_are_checked_as_of_the_build_date() {
    let site = site_with(None);
    let run = verity(
        site.path(),
        &["check", "--format", "json", "--as-of", "2027-02-01"],
    );
    assert_eq!(run.code, 0);
    let report: Value = serde_json::from_str(&run.stdout).expect("json");
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(
        found,
        [
            "review-overdue content/pages/guide.md:5:1 ",
            "review-overdue content/trusts/alpha/local.md:5:1 ",
        ]
    );
    write(
        site.path(),
        "content/pages/undated.md",
        "---\ntitle: Undated\ndescription: Undated.\ntopics: [sar]\n---\n\nText.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(found, ["review-missing content/pages/undated.md:1:1 "]);
    // A review date that has not come yet is a slip in typing it.
    write(
        site.path(),
        "content/pages/undated.md",
        "---\ntitle: Undated\ndescription: Undated.\ntopics: [sar]\nlast_reviewed: 2062-11-20\n---\n\nText.\n",
    );
    let (_, report) = check_json(site.path());
    let future: Vec<&Value> = errors_and_warnings(&report);
    assert_eq!(future.len(), 1, "{report}");
    assert_eq!(
        summary(future[0]),
        "review-future content/pages/undated.md:5:1 "
    );
    assert_eq!(
        future[0]["message"],
        "this page says it was last reviewed on 20 November 2062, which has not come yet"
    );
}

#[test]
fn unverified_facts_are_one_warning_per_rule_for_the_information_governance_lead() {
    let site = example_site();
    let (_, report) = check_json(site.path());
    let unverified: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "rule-unverified")
        .collect();
    assert!(unverified.iter().all(|d| d["severity"] == "warning"));
    // One per rule, at the rule's value in the rule data, naming the
    // pages that show it.
    let rules: Vec<&str> = unverified
        .iter()
        .filter_map(|d| d["rule"].as_str())
        .collect();
    let mut distinct = rules.clone();
    distinct.dedup();
    assert_eq!(rules, distinct, "one warning per rule");
    let deceased = unverified
        .iter()
        .find(|d| d["rule"] == "deadlines.deceased_records_standard")
        .expect("the deceased records deadline is unverified");
    assert_eq!(deceased["file"], "content/rules/deadlines.yaml");
    assert_eq!(
        deceased["message"],
        "`deadlines.deceased_records_standard` has not been verified, and 4 pages show it"
    );
    let note = deceased["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("content/pages/someone-who-has-died.md"),
        "{note}"
    );
    assert!(
        deceased["help"]
            .as_str()
            .is_some_and(|h| h.starts_with("for the information governance lead")),
        "{deceased}"
    );
    // A national contact's warning is at its `status:`, where the lead
    // confirms it, and one page is one page.
    let commissioner = unverified
        .iter()
        .find(|d| d["rule"] == "contacts.scottish_information_commissioner")
        .expect("the Scottish commissioner is unverified");
    let contacts =
        std::fs::read_to_string(site.path().join("content/rules/contacts.yaml")).expect("contacts");
    let line = contacts
        .lines()
        .position(|l| l.trim() == "scottish_information_commissioner:")
        .expect("the entry");
    let status = contacts
        .lines()
        .enumerate()
        .skip(line)
        .find(|(_, l)| l.trim_start().starts_with("status:"))
        .map(|(at, l)| (at + 1, l.find("verify").expect("verify") + 1))
        .expect("its status");
    assert_eq!(
        (
            commissioner["line"].as_u64(),
            commissioner["column"].as_u64()
        ),
        (Some(status.0 as u64), Some(status.1 as u64)),
        "{commissioner}"
    );
    assert_eq!(
        commissioner["message"],
        "`contacts.scottish_information_commissioner` has not been verified, and 1 page shows it"
    );

    // The human report lists them together, one line each, for the lead.
    let run = verity(site.path(), &["check", "--as-of", "2026-11-21"]);
    let report = format!("{}{}", run.stdout, run.stderr);
    let heading = format!(
        "warning[rule-unverified]: {} facts in the rule data have not been verified, and pages show them",
        unverified.len()
    );
    assert!(report.contains(&heading), "{report}");
    assert!(
        report.contains(&format!(
            "  content/rules/contacts.yaml:{}:{}  `contacts.scottish_information_commissioner` (1 page shows it)\n",
            status.0, status.1
        )),
        "{report}"
    );
    assert_eq!(report.matches("rule-unverified").count(), 1, "{report}");
    // `--verbose` shows each in full.
    let run = verity(
        site.path(),
        &["--verbose", "check", "--as-of", "2026-11-21"],
    );
    let verbose = format!("{}{}", run.stdout, run.stderr);
    assert_eq!(
        verbose.matches("warning[rule-unverified]").count(),
        unverified.len(),
        "{verbose}"
    );
}

#[test]
fn severities_are_configured_per_code_in_site_toml() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/late.md",
        "---\ntitle: Late\ndescription: Late.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nWe reply within 30 days.\n",
    );
    assert_eq!(check_json(site.path()).0, 1);
    let toml = std::fs::read_to_string(site.path().join("site.toml")).expect("toml");
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}\n[check.levels]\n\"deadline-mismatch\" = \"warning\"\n"),
    )
    .expect("write");
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0);
    assert_eq!(report["summary"]["warnings"], 1);
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}\n[check.levels]\n\"deadline-mismatch\" = \"off\"\n"),
    )
    .expect("write");
    assert_eq!(check_json(site.path()).1["summary"]["warnings"], 0);
}

#[test]
fn a_build_with_a_contradiction_writes_nothing() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/late.md",
        "---\ntitle: Late\ndescription: Late.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nWe reply within 30 days.\n",
    );
    let out = site.path().join("public");
    let run = verity(
        site.path(),
        &["build", "--out", out.to_str().expect("utf-8")],
    );
    assert_eq!(run.code, 1);
    assert!(!out.exists());
}

/// Each list-drift's place and message.
fn drift_messages(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "list-drift")
        .map(|d| {
            let message = d["message"].as_str().unwrap_or("");
            format!("{}:{} {message}", d["line"], d["column"])
        })
        .collect()
}

#[test]
fn a_hand_written_copy_of_a_canonical_list_is_compared_with_it() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/exceptions.md",
        "---\ntitle: Exceptions\ndescription: Exceptions.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nWe may hold back:\n\n- Information that would be likely to cause serious harm to your physical or mental health, or to someone else's.\n- Information about another person who could be identified, unless they agree.\n- Information we cannot find without disproportionate work.\n",
    );
    let (_, report) = check_json(site.path());
    let drift: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "list-drift")
        .collect();
    assert_eq!(
        drift_messages(&report),
        // The second item drops a qualifier but says the same; two of
        // eight grounds are examples, not a copy that lost six; the third
        // is no ground the law gives.
        ["12:3 this item is not in the canonical list"],
        "{report}"
    );
    assert_eq!(
        drift[0]["help"],
        "replace the whole list with `{{ list(\"exceptions\") }}`, so it always matches the rule data"
    );
    // Changed, it is reported; a copy with most of the items that lost
    // some is told which.
    write(
        site.path(),
        "content/trusts/hhft/exceptions.md",
        "---\ntitle: Exceptions\ndescription: Exceptions.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nWe may hold back:\n\n\
         - Information that would be likely to cause serious harm to your physical or mental health, or to someone else's.\n\
         - Information about another person, even if they agree.\n\
         - Legal advice and other information covered by legal professional privilege.\n\
         - Information whose release would be likely to harm the prevention or detection of crime.\n\
         - Health information in reports to a court in children or family cases.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        drift_messages(&report),
        [
            "10:3 this list leaves out 3 item(s) of the canonical list",
            "11:3 this item differs from the canonical list",
        ]
    );
}

#[test]
fn an_nhs_number_with_a_wrong_check_digit_is_reported() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/number.md",
        "---\ntitle: Number\ndescription: Number.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nYour NHS number looks like 485 777 3456. Ours is like 943 476 5919.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .map(summary)
        .collect();
    assert_eq!(
        found,
        ["nhs-number-invalid content/pages/number.md:8:28 485 777 3456"]
    );
}

#[test]
fn a_phone_number_split_across_a_line_break_is_still_one_claim() {
    let site = site_with(None);
    write(
        site.path(),
        "content/trusts/alpha/split.md",
        "---\ntitle: Split\ndescription: Split.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nCall our team on 029 2000\n0000 or on 01234\n567890.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<&Value> = errors_and_warnings(&report);
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0]["code"], "contact-foreign");
    assert_eq!(found[0]["found"], "029 2000\n0000");
    assert_eq!(
        (found[0]["line"].clone(), found[0]["column"].clone()),
        (8.into(), 18.into())
    );
    assert_eq!(
        (found[0]["end_line"].clone(), found[0]["end_column"].clone()),
        (9.into(), 5.into())
    );
}

#[test]
fn code_and_web_addresses_are_not_claims() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/code.md",
        "---\ntitle: Code\ndescription: Code.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nOld pages said `within 30 days`.\n\n```text\nWe reply within 30 days and charge £50.\n```\n\nSee [the old guide](https://example.org/within-30-days/) or www.example.org/charge-£50.\n",
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0, "{report}");
    assert!(errors_and_warnings(&report).is_empty(), "{report}");
}

#[test]
fn every_internal_link_and_anchor_must_lead_somewhere() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/links.md",
        "---\ntitle: Links\ndescription: Links.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nSee [the guide](../guide/#contact), [a lost page](../nowhere/), [this part](#missing) and [NHS](https://www.nhs.uk/).\n",
    );
    let out = site.path().join("public");
    let (run, report) = common::build_json(site.path(), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists(), "nothing is written");
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "link-broken")
        .map(summary)
        .collect();
    assert_eq!(
        found,
        [
            "link-broken content/pages/links.md:8:51 ../nowhere/",
            "link-broken content/pages/links.md:8:77 #missing",
        ]
    );
}

#[test]
fn pages_are_checked_for_how_they_are_written() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/writing.md",
        "---\ntitle: Writing\ndescription: Writing.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n# A second main heading\n\n#### A skipped level\n\n![](form.png)\n\nTo ask, [click here](../guide/).\n\nThis sentence goes on and on with far too many words for a patient who is tired and worried to follow without losing track of it.\n\n| | |\n|---|---|\n| a | b |\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .map(|d| {
            format!(
                "{} {}:{}",
                d["code"].as_str().unwrap_or(""),
                d["line"],
                d["column"]
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "heading-h1 8:1",
            "heading-skipped 10:1",
            "image-alt-missing 12:1",
            // `verity check` checks links as `verity build` does.
            "link-broken 12:5",
            "link-text-vague 14:9",
            "sentence-long 16:1",
            "table-header-missing 18:1",
        ],
        "{report}"
    );
}

#[test]
fn the_reading_age_target_is_set_in_site_toml() {
    let site = site_with(None);
    let hard = "Organisational considerations notwithstanding, administrative responsibilities encompass comprehensive documentation. ".repeat(8);
    write(
        site.path(),
        "content/pages/hard.md",
        &format!(
            "---\ntitle: Hard\ndescription: Hard.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n{hard}\n"
        ),
    );
    let (_, report) = check_json(site.path());
    assert!(
        errors_and_warnings(&report)
            .iter()
            .any(|d| d["code"] == "reading-age"),
        "{report}"
    );
    let toml = std::fs::read_to_string(site.path().join("site.toml")).expect("toml");
    std::fs::write(
        site.path().join("site.toml"),
        format!("{toml}\n[check]\nreading_age = 60\n"),
    )
    .expect("write");
    let (_, report) = check_json(site.path());
    assert!(
        !errors_and_warnings(&report)
            .iter()
            .any(|d| d["code"] == "reading-age"),
        "{report}"
    );
}

#[test]
fn raw_html_that_could_run_a_script_is_an_error() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/html.md",
        "---\ntitle: Html\ndescription: Html.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n<script>alert(1)</script>\n\nA picture <img src=\"a.png\" alt=\"A form\" onerror=\"alert(1)\"> and <abbr title=\"Information Commissioner's Office\">ICO</abbr>.\n\nA [bad link](javascript:alert(1)).\n\n<iframe src=\"https://example.org/\"></iframe>\n",
    );
    let out = site.path().join("public");
    let (run, report) = common::build_json(site.path(), &out);
    assert_eq!(run.code, 1);
    assert!(!out.exists());
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "html-unsafe")
        .map(|d| format!("{}:{}", d["line"], d["column"]))
        .collect();
    // Each at what makes it unsafe: the element, the attribute, the address.
    assert_eq!(found, ["8:1", "10:41", "12:14", "14:1"], "{report}");
}

#[test]
fn hostile_values_are_escaped_in_every_output() {
    let site = site_with(None);
    write(
        site.path(),
        "content/pages/hostile.md",
        "---\ntitle: 'Say \"hi\" <script>alert(1)</script>'\ndescription: \"Quotes ' and \\\" and <b>\"\nslug: hostile\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nText.\n",
    );
    let toml = std::fs::read_to_string(site.path().join("site.toml")).expect("toml");
    std::fs::write(
        site.path().join("site.toml"),
        toml.replace(
            "base_url = \"/guidance/\"",
            "base_url = \"https://example.nhs.uk/guidance/\"",
        ),
    )
    .expect("write");
    let out = site.path().join("public");
    let run = common::build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for file in [
        "alpha/hostile/index.html",
        "alpha/index.html",
        "alpha/search/index.html",
        "alpha/search-index.json",
        "sitemap.xml",
    ] {
        let text = std::fs::read_to_string(out.join(file)).expect(file);
        assert!(
            !text.contains("<script>alert"),
            "{file} lets a script through"
        );
    }
    let index: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("alpha/search-index.json")).expect("index"),
    )
    .expect("valid JSON");
    assert!(
        index["pages"]
            .as_array()
            .expect("pages")
            .iter()
            .any(|p| p[0] == "Say \"hi\" <script>alert(1)</script>")
    );
}

#[test]
fn a_sub_heading_does_not_hide_the_section_it_is_in() {
    // A page about both regimes: under "Your own records", 40 days is wrong
    // even below a sub-heading that names no regime; under "Someone who
    // has died", the same sentence is right.
    let site = example_site();
    write(
        site.path(),
        "content/pages/both.md",
        "---\ntitle: Both\ndescription: Both kinds of request.\ntopics: [sar, deceased]\nlast_reviewed: 2026-11-20\n---\n\n\
         ## Your own records\n\n### How long?\n\nWe will reply within 40 days.\n\n\
         ## Someone who has died\n\n### How long?\n\nWe will reply within 40 days.\n\n\
         Under the UK GDPR, we will reply within 40 days.\n",
    );
    let (exit, report) = check_json(site.path());
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .map(summary)
        .collect();
    assert_eq!(exit, 1, "{found:?}");
    assert_eq!(
        found
            .iter()
            .filter(|f| f.contains("content/pages/both.md"))
            .cloned()
            .collect::<Vec<_>>(),
        [
            "deadline-mismatch content/pages/both.md:12:22 40 days",
            // Named in the words of the rule data's topic_words.
            "deadline-mismatch content/pages/both.md:20:41 40 days",
        ]
    );
}

#[test]
fn a_claim_on_a_page_whose_topics_have_no_such_rule_is_not_passed_in_silence() {
    // The Caldicott page's topics have no time limit and no fee: a time
    // limit or amount there is not passed in silence. It is a warning that
    // names the topic whose rule it is, or says it is no rule at all.
    let site = example_site();
    write(
        site.path(),
        "content/pages/guardian.md",
        "---\ntitle: Guardian\ndescription: Our Caldicott Guardian.\ntopics: [caldicott]\nlast_reviewed: 2026-11-20\n---\n\n\
         We will reply within 30 days.\n\nWe will reply within one calendar month.\n\nIt costs £7.\n",
    );
    let (_, report) = check_json(site.path());
    let found = found_in(&report, "content/pages/guardian.md");
    assert_eq!(
        found,
        [
            "claim-unscoped content/pages/guardian.md:8:22 30 days",
            "claim-unscoped content/pages/guardian.md:10:22 one calendar month",
            "claim-unscoped content/pages/guardian.md:12:10 £7",
        ]
    );
    let helps: Vec<&str> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["file"] == "content/pages/guardian.md")
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(helps[0].contains("`complaints`"), "{}", helps[0]);
    assert!(
        helps[1].contains("`sar`") && helps[1].contains("{{ deadlines.sar_response }}"),
        "{}",
        helps[1]
    );
    assert!(helps[2].contains("`topics:`"), "{}", helps[2]);
}

#[test]
fn the_extension_and_a_target_are_right_only_where_the_sentence_says_so() {
    let site = example_site();
    // NUH's own target for a subject access request is 28 days.
    write(
        site.path(),
        "content/trusts/nuh/times.md",
        "---\ntitle: Times\ndescription: How long we take.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         We will reply within 3 months.\n\n\
         If your request is complex, we can take up to 3 months.\n\n\
         We may need a further 2 months.\n\n\
         By law we must reply within 28 days.\n\n\
         We aim to reply within 28 days.\n\n\
         Although the law gives us a month, we will reply within 21 days where we can.\n",
    );
    let (_, report) = check_json(site.path());
    let found = found_in(&report, "content/trusts/nuh/times.md");
    assert_eq!(
        found,
        [
            "deadline-mismatch content/trusts/nuh/times.md:8:22 3 months",
            "deadline-mismatch content/trusts/nuh/times.md:14:29 28 days",
        ]
    );
}

#[test]
fn statements_about_the_old_rules_are_history_not_claims() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/history.md",
        "---\ntitle: What changed\ndescription: What changed in 2018.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         The £10 and £50 fees were abolished in May 2018.\n\n\
         You used to have to wait 40 days; now it is one calendar month.\n\n\
         The Data Protection Act 1998 was replaced by the Data Protection Act 2018.\n\n\
         Requests are no longer free: we charge £50.\n",
    );
    let (_, report) = check_json(site.path());
    // The corrections pass; the same value stated as current does not.
    assert_eq!(
        found_in(&report, "content/pages/history.md"),
        ["fee-retired content/pages/history.md:14:40 £50"]
    );
}

#[test]
fn the_size_of_a_record_is_never_a_reason_to_charge_for_it() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/size.md",
        "---\ntitle: Size\ndescription: Charges as pages write them.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         There is no charge for a copy, unless a large amount of information has to be copied.\n\n\
         We may charge if your request involves a lot of photocopying.\n\n\
         It is free, except where you ask for further copies.\n\n\
         There is no charge unless there are exceptional circumstances.\n\n\
         We may charge a reasonable fee for further copies, set by the amount of information.\n\n\
         We may charge for further copies, or if we consider the amount of information asked for to be excessive.\n\n\
         There is no charge for copies of your records, but a fee may be payable for repeat copies or for copies of bulky paper notes.\n",
    );
    let (_, report) = check_json(site.path());
    // The first two and the last two make size a reason (the second also
    // charges with no case the rules allow, and is told so at its start;
    // the last is told at the alternative that gives the reason, from its
    // own "for": repeat copies may be charged);
    // the rest name a case the rules allow, leave the case vague, or size a
    // fee the rules allow.
    let fees: Vec<String> = found_in(&report, "content/pages/size.md")
        .into_iter()
        .filter(|d| d.starts_with("fee-"))
        .collect();
    assert_eq!(
        fees,
        [
            "fee-mismatch content/pages/size.md:8:32 unless a large amount of information has to be copied",
            "fee-mismatch content/pages/size.md:10:1 We may charge",
            "fee-mismatch content/pages/size.md:10:15 if your request involves a lot of photocopying",
            "fee-mismatch content/pages/size.md:18:38 if we consider the amount of information asked for to be excessive",
            "fee-mismatch content/pages/size.md:20:94 for copies of bulky paper notes",
        ]
    );
    let first = report["diagnostics"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|d| d["file"] == "content/pages/size.md" && d["code"] == "fee-mismatch")
        })
        .expect("a diagnostic");
    assert_eq!(
        first["message"],
        "\"unless a large amount of information has to be copied\" makes a charge depend on \"large amount\", which the law does not allow"
    );
    assert!(
        first["note"]
            .as_str()
            .is_some_and(|n| n.contains("more copies of records you already have")),
        "{first}"
    );
}

#[test]
fn a_slip_in_front_matter_is_reported_and_the_page_still_checked() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/imported.md",
        "---\ntitle: Imported\nauthor: Records team\ndescription: A page from the old site.\ntopics: [sar]\nlast_reviewed: 20/11/2026\ntags:\n  - records\n---\n\n\
         We reply within 40 days.\n",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    let found: Vec<String> = found_in(&report, "content/pages/imported.md")
        .into_iter()
        .filter(|d| !d.starts_with("review-") && !d.starts_with("reading-"))
        .collect();
    assert_eq!(
        found,
        [
            "data-unknown-key content/pages/imported.md:3:1 ",
            "data-invalid content/pages/imported.md:6:16 ",
            "data-unknown-key content/pages/imported.md:7:1 ",
            "deadline-mismatch content/pages/imported.md:11:17 40 days",
        ]
    );
    // A slip in a key no page can do without still stops the page.
    write(
        site.path(),
        "content/pages/imported.md",
        "---\ntitle: Imported\ndescription: A page.\ntopics: sar, deceased\n---\n\nWe reply within 40 days.\n",
    );
    let (_, report) = check_json(site.path());
    let found = found_in(&report, "content/pages/imported.md");
    assert_eq!(found.len(), 1, "{found:?}");
}

#[test]
fn a_section_that_names_the_1998_act_means_it_by_the_short_name_and_a_yes_can_charge() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/old.md",
        "---\ntitle: Old\ndescription: A page from 2010.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         ## Your rights\n\n\
         You have the right to see your records under the Data Protection Act 1998.\n\n\
         We write to you first.\n\n\
         Under the Data Protection Act, we reply to requests quickly.\n\n\
         You need not name the \"Data Protection Act\" when you ask.\n\n\
         ## Do I have to pay a fee?\n\n\
         Yes. We will tell you how much.\n\n\
         ## Will further copies cost anything?\n\n\
         Yes. We will tell you how much.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<String> = found_in(&report, "content/pages/old.md")
        .into_iter()
        .filter(|d| d.starts_with("law-") || d.starts_with("fee-"))
        .collect();
    // The short name two paragraphs on means the 1998 Act; quoted, it is
    // only a name; a "yes" to paying is a charge, unless its question
    // names a case the rules allow one in.
    assert_eq!(
        found,
        [
            "law-outdated content/pages/old.md:10:50 Data Protection Act 1998",
            "law-outdated content/pages/old.md:14:11 Data Protection Act",
            "fee-mismatch content/pages/old.md:20:1 Yes",
        ]
    );
}

#[test]
fn a_heading_that_names_the_1998_act_gives_its_short_name_and_initials_that_meaning() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/dpa.md",
        "---\ntitle: Data protection\ndescription: A page from 2017.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         ## The Data Protection Act 1998\n\n\
         ### What does the Data Protection Act mean to me?\n\n\
         It sets out how we handle personal data.\n\n\
         The DPA also gives you a right to see your records.\n\n\
         ### How do I ask?\n\n\
         Your access is still covered by the Data Protection Act.\n\n\
         ## Keeping records safe\n\n\
         The Data Protection Act and the DPA 2018 protect your records.\n\n\
         ## Formal requests under the Data Protection Act\n\n\
         Under the Data Protection Act 1998, you can ask for your records.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<String> = found_in(&report, "content/pages/dpa.md")
        .into_iter()
        .filter(|d| d.starts_with("law-"))
        .collect();
    // Everything under the heading means the 1998 Act; the next section,
    // under a heading of its own, is not under it (its "DPA 2018" is the
    // law in force).
    assert_eq!(
        found,
        [
            "law-outdated content/pages/dpa.md:8:8 Data Protection Act 1998",
            "law-outdated content/pages/dpa.md:10:19 Data Protection Act",
            "law-outdated content/pages/dpa.md:14:5 DPA",
            "law-outdated content/pages/dpa.md:18:37 Data Protection Act",
            // A heading whose section names the 1998 Act at once means it.
            "law-outdated content/pages/dpa.md:24:30 Data Protection Act",
            "law-outdated content/pages/dpa.md:26:11 Data Protection Act 1998",
        ]
    );
}

#[test]
fn a_charge_in_a_list_takes_its_case_from_the_list_s_lead_in() {
    let site = example_site();
    let template = "Copies are free. If we judge a request manifestly unfounded or excessive, we can either:\n\n\
         - ask for a \"reasonable fee\" to deal with it; or\n\
         - refuse to deal with it.\n\n\
         If we decide to charge a fee, we will tell you how much first.\n\n\
         There is no charge unless the request is excessive or complicated.\n\n\
         It is defined under the Data Protection Action 1998 as a request.\n";
    for (name, topics) in [("own", "sar"), ("died", "deceased")] {
        write(
            site.path(),
            &format!("content/pages/{name}.md"),
            &format!(
                "---\ntitle: Fees\ndescription: What it costs.\ntopics: [{topics}]\nlast_reviewed: 2026-11-20\n---\n\n{template}"
            ),
        );
    }
    let (_, report) = check_json(site.path());
    let found = |file: &str| -> Vec<String> {
        found_in(&report, file)
            .into_iter()
            .filter(|d| d.starts_with("fee-") || d.starts_with("law-"))
            .collect()
    };
    // For your own records the lead-in names the case the law allows; how
    // complicated a request is, is never a reason to charge; "Action" is a
    // slip in the 1998 Act's name.
    assert_eq!(
        found("content/pages/own.md"),
        [
            "fee-mismatch content/pages/own.md:15:20 unless the request is excessive or complicated",
            "law-misnamed content/pages/own.md:17:25 Data Protection Action 1998",
        ]
    );
    // For someone who has died there is no charge at all, whatever the case.
    assert_eq!(
        found("content/pages/died.md")
            .into_iter()
            .filter(|d| d.starts_with("fee-"))
            .collect::<Vec<_>>(),
        [
            "fee-mismatch content/pages/died.md:10:3 ask for a \"reasonable fee",
            "fee-mismatch content/pages/died.md:13:7 decide to charge",
        ]
    );
}

#[test]
fn a_fee_taken_for_granted_an_office_that_has_gone_and_touching_brackets_are_read() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/old-ways.md",
        "---\ntitle: Old ways\ndescription: A page from 2012.\ntopics: [sar, complaints]\nlast_reviewed: 2026-11-20\n---\n\n\
         A patient who has paid the appropriate fee is entitled to a copy.\n\n\
         However, the law gives us 40 days from when we receive your request.\n\n\
         The Data Protection (Subject Access Modification)(Health) Order 2000 may apply.\n\n\
         You can then contact the Northern Ireland Ombudsman.\n\n\
         Since 2016, NIPSO (formerly the Northern Ireland Ombudsman) can help.\n",
    );
    write(
        site.path(),
        "content/pages/foi-time.md",
        "---\ntitle: FOI time\ndescription: How long.\ntopics: [foi]\nnations: [england]\nlast_reviewed: 2026-11-20\n---\n\n\
         If we need more time to consider the public interest, we will say so. Expect a reply no later than 40 working days after your request.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/pages/old-ways.md")
            .into_iter()
            .filter(|d| !d.starts_with("sentence-") && !d.starts_with("reading-"))
            .collect::<Vec<_>>(),
        [
            "fee-mismatch content/pages/old-ways.md:8:19 paid the appropriate fee",
            "deadline-mismatch content/pages/old-ways.md:10:27 40 days",
            "law-outdated content/pages/old-ways.md:12:5 Data Protection (Subject Access Modification)(Health) Order 2000",
            "term-retired content/pages/old-ways.md:14:26 Northern Ireland Ombudsman",
        ]
    );
    // The public interest test may take up to 20 working days more.
    assert_eq!(
        found_in(&report, "content/pages/foi-time.md"),
        Vec::<String>::new()
    );
}

#[test]
fn a_cost_limit_given_as_work_is_checked_against_its_hours() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/work.md",
        "---\ntitle: Work\ndescription: The cost limit as pages write it.\ntopics: [foi]\nnations: [england]\nlast_reviewed: 2026-11-20\n---\n\n\
         The cost limit is £450, which is 18 hours' work.\n\n\
         It is about two and a half days of work.\n\n\
         That is the same as one person working for three and a half days.\n\n\
         For central government the limit is £600, or 24 hours of staff time.\n\n\
         We stop once it would take more than 24 hours of staff time.\n",
    );
    write(
        site.path(),
        "content/trusts/fife/work.md",
        "---\ntitle: Work\ndescription: The cost limit in Scotland.\ntopics: [foi]\nlast_reviewed: 2026-11-20\n---\n\n\
         The limit of £600 is 40 hours of staff time at £15 an hour.\n\n\
         That is 18 hours' work.\n",
    );
    let (_, report) = check_json(site.path());
    let fees = |file: &str| -> Vec<String> {
        found_in(&report, file)
            .into_iter()
            .filter(|d| d.starts_with("fee-"))
            .collect()
    };
    // England: 18 hours, or two and a half days; 24 hours only where the
    // page says it is central government's limit.
    assert_eq!(
        fees("content/pages/work.md"),
        [
            "fee-mismatch content/pages/work.md:13:44 three and a half days",
            "fee-mismatch content/pages/work.md:17:38 24 hours",
        ]
    );
    // Scotland: £600 at £15 an hour is 40 hours.
    assert_eq!(
        fees("content/trusts/fife/work.md"),
        ["fee-mismatch content/trusts/fife/work.md:10:9 18 hours"]
    );
    let wrong = report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["found"] == "three and a half days"))
        .expect("the days are wrong");
    assert_eq!(
        wrong["message"],
        "\"three and a half days\" is not the work the cost limit allows: £450 is 18 hours at the staff rate, about 2.5 days"
    );
}

#[test]
fn time_limits_in_the_forms_real_pages_use_are_judged() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/forms.md",
        "---\ntitle: Forms\ndescription: Time limits as pages write them.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         We will reply within one month (30 days).\n\n\
         We reply within 1 month and 10 days.\n\n\
         We reply within a fortnight.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/pages/forms.md"),
        [
            "deadline-mismatch content/pages/forms.md:8:33 30 days",
            "deadline-mismatch content/pages/forms.md:10:17 1 month and 10 days",
            "deadline-mismatch content/pages/forms.md:12:17 a fortnight",
        ]
    );
}

#[test]
fn laws_are_recognised_however_pages_abbreviate_them() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/laws.md",
        "---\ntitle: Laws\ndescription: The laws behind your rights.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         You have this right under the DPA 1998.\n\n\
         The 1998 Act gives you this right.\n\n\
         The EU GDPR gives you this right.\n\n\
         The GDPR 2018 gives you this right.\n",
    );
    let (_, report) = check_json(site.path());
    let codes: Vec<String> = found_in(&report, "content/pages/laws.md")
        .into_iter()
        .map(|f| f.split(' ').next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        codes,
        [
            "law-outdated",
            "law-outdated",
            "law-foreign",
            "law-misnamed"
        ]
    );
}

#[test]
fn a_rule_whose_summary_contradicts_its_value_is_an_error_at_the_summary() {
    let site = example_site();
    common::replace_in(
        site.path(),
        "content/rules/deadlines.yaml",
        "We must reply within 1 calendar month.",
        "We must reply within 40 days.",
    );
    common::replace_in(
        site.path(),
        "content/rules/fees.yaml",
        "summary: It is free to ask for a copy of your records.",
        "summary: It costs £10 to ask for a copy of your records.",
    );
    // Prose pages show besides the summary is read too.
    common::replace_in(
        site.path(),
        "content/rules/deadlines.yaml",
        "condition: Everything you ask for was written in the 40 days before you applied.",
        "condition: Everything you ask for was written in the 60 days before you applied.",
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    let found: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["code"] == "rule-inconsistent")
        .map(summary)
        .collect();
    assert_eq!(
        found,
        [
            "rule-inconsistent content/rules/deadlines.yaml:21:28 40 days",
            "rule-inconsistent content/rules/deadlines.yaml:67:58 60 days",
            "rule-inconsistent content/rules/fees.yaml:14:23 £10",
        ]
    );
}

#[test]
fn each_sentence_is_judged_by_the_regime_it_names_and_other_rules_are_left_alone() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/nuh/mixed.md",
        "---\ntitle: Mixed\ndescription: Both kinds of request.\ntopics: [sar, deceased]\nlast_reviewed: 2026-11-20\n---\n\n\
         For your own records we must reply within one month. If the patient has died, we must reply within one month.\n\n\
         Adult records are kept for 8 years. We reply within 40 days of getting your own records request.\n\n\
         ## A medical report for your insurer\n\n\
         You have 21 days to see the report before we send it.\n\n\
         ## Coming to see us\n\n\
         The car park costs £3.\n\n\
         ## Letters\n\n\
         A letter for your employer is not covered by our contract with the NHS and attracts a charge. The charges must be paid up front. A copy of your records is free, and we may charge £10 for one.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/nuh/mixed.md"),
        [
            // The second sentence is about someone who has died: 40 days.
            "deadline-mismatch content/trusts/nuh/mixed.md:8:100 one month",
            // Records kept for 8 years are not a time limit, but the next
            // sentence's 40 days is.
            "deadline-mismatch content/trusts/nuh/mixed.md:10:53 40 days",
            // "The charges" are the private service's of the sentence
            // before; a sentence about your records is judged as usual.
            "fee-mismatch content/trusts/nuh/mixed.md:22:166 we may charge",
            "fee-retired content/trusts/nuh/mixed.md:22:180 £10",
        ]
    );
}

#[test]
fn a_trust_page_may_promise_to_be_quicker_than_the_law_but_not_give_that_as_the_law() {
    let site = example_site();
    let page = "---\ntitle: Aims\ndescription: How quickly we reply.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
                We aim to reply within 21 days. You should hear from us within 28 days.\n\n\
                We aim to reply within 40 days.\n\n\
                We aim to acknowledge requests within 2 days. By law we must reply within 21 days.\n\n\
                If we ask for a Freedom of Information fee, you have 1 month to pay.\n";
    write(site.path(), "content/trusts/hhft/aims.md", page);
    // The same words on a page every trust shares speak for each trust,
    // and an aim there must come from each trust's data.
    write(site.path(), "content/pages/aims.md", page);
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/aims.md"),
        [
            "deadline-mismatch content/trusts/hhft/aims.md:10:24 40 days",
            // An aim in one sentence does not make the next one's limit an aim.
            "deadline-mismatch content/trusts/hhft/aims.md:12:75 21 days",
            // The person asking has 3 months to pay: less is wrong.
            "deadline-mismatch content/trusts/hhft/aims.md:14:54 1 month",
        ]
    );
    let notes: Vec<&str> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["file"] == "content/trusts/hhft/aims.md")
        .filter_map(|d| d["note"].as_str())
        .collect();
    assert!(
        notes[0].contains("an aim must be quicker than the legal limit"),
        "{}",
        notes[0]
    );
    let shared: Vec<&Value> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["file"] == "content/pages/aims.md" && d["trust"] == "nuh")
        .collect();
    // NUH's declared target is 28 days: "21 days" contradicts it, and the
    // help names its target; "28 days" not worded as an aim is taken for
    // the law's limit.
    assert_eq!(shared[0]["line"], 8, "{shared:?}");
    assert_eq!(shared[0]["found"], "21 days");
    assert!(
        shared[0]["note"]
            .as_str()
            .unwrap_or("")
            .contains("own target"),
        "{}",
        shared[0]
    );
    assert!(
        shared[0]["help"]
            .as_str()
            .unwrap_or("")
            .contains("{{ trust.service_targets.sar_response }}"),
        "{}",
        shared[0]
    );
    assert_eq!(shared[1]["found"], "28 days");
    assert!(
        shared[1]["note"]
            .as_str()
            .unwrap_or("")
            .contains("say it is an aim"),
        "{}",
        shared[1]
    );
}

#[test]
fn a_trust_with_its_own_identity_documents_shows_them_and_pages_are_checked_against_them() {
    let site = example_site();
    let own = "\nid_documents:\n  status: local\n  verified_by: Records manager, 1 October 2026\n  categories:\n\
               \x20   photo:\n      title: Photo ID\n      items:\n        - name: A UK passport\n        - name: A UK photocard driving licence\n\
               \x20   non_photo:\n      title: ID without a photo\n      items:\n        - name: A full UK birth certificate\n\
               \x20   address:\n      title: Proof of address\n      items:\n        - name: A council tax bill\n        - name: A utility bill\n";
    let trust = std::fs::read_to_string(site.path().join("content/trusts/imperial/trust.yaml"))
        .expect("trust.yaml");
    write(
        site.path(),
        "content/trusts/imperial/trust.yaml",
        &format!("{trust}{own}"),
    );
    let page = "---\ntitle: Proof of address\ndescription: What we accept.\ntopics: [identity]\nlast_reviewed: 2026-11-20\n---\n\n\
                Send one of these:\n\n- a council tax bill\n- a utility bill\n- a mortgage statement\n";
    write(site.path(), "content/trusts/imperial/address.md", page);
    write(site.path(), "content/trusts/hhft/address.md", page);
    let (_, report) = check_json(site.path());
    // Imperial's own list has no mortgage statement; the site's list,
    // which HHFT keeps, has all three.
    assert_eq!(
        found_in(&report, "content/trusts/imperial/address.md"),
        ["list-drift content/trusts/imperial/address.md:12:3 a mortgage statement"]
    );
    let imperial = errors_and_warnings(&report)
        .into_iter()
        .find(|d| d["file"] == "content/trusts/imperial/address.md")
        .expect("Imperial's drift");
    assert_eq!(imperial["rule"], "id_documents.address");
    assert!(
        found_in(&report, "content/trusts/hhft/address.md").is_empty(),
        "{report}"
    );
    // The shared page shows Imperial its own documents.
    let out = tempfile::tempdir().expect("a temp dir");
    for trust in ["hhft", "imperial"] {
        std::fs::remove_file(
            site.path()
                .join(format!("content/trusts/{trust}/address.md")),
        )
        .expect("remove");
    }
    let run = common::build(site.path(), out.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let imperial =
        std::fs::read_to_string(out.path().join("imperial/proof-of-identity/index.html"))
            .expect("Imperial's page");
    assert!(
        imperial.contains("A UK photocard driving licence"),
        "{imperial}"
    );
    assert!(!imperial.contains("A passport from any country"));
    let nuh = std::fs::read_to_string(out.path().join("nuh/proof-of-identity/index.html"))
        .expect("NUH's page");
    assert!(nuh.contains("A passport from any country"));
}

#[test]
fn a_promise_is_read_in_its_own_clause_and_must_be_quicker_than_every_limit_it_could_mean() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/promises.md",
        "---\ntitle: Promises\ndescription: How quickly we reply.\ntopics: [sar, deceased]\nlast_reviewed: 2026-11-20\n---\n\n\
         You are entitled to a reply within one calendar month, but we will try to reply within 21 days.\n\n\
         We will reply within 30 days.\n\n\
         If we are very busy, we may take up to 3 months. We will tell you if it takes longer.\n\n\
         If your request is complex, we may take up to 3 months.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/promises.md"),
        [
            // On a page about both, a limit that names neither must be right
            // for both: a calendar month is not the 40 days for someone who
            // has died (a promise of it would be, but this is the law's).
            "deadline-mismatch content/trusts/hhft/promises.md:8:36 one calendar month",
            // Quicker than 40 days for someone who has died, but not than a
            // calendar month for your own records, which it may mean.
            "deadline-mismatch content/trusts/hhft/promises.md:10:22 30 days",
            // Being busy is no ground for more time.
            "deadline-mismatch content/trusts/hhft/promises.md:12:40 3 months",
        ]
    );
}

#[test]
fn a_charge_is_right_only_where_its_paragraph_says_which_charge_it_is() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/charges.md",
        "---\ntitle: Charges\ndescription: What it costs.\ntopics: [sar, foi]\nlast_reviewed: 2026-11-20\n---\n\n\
         Your first copy is free. A second copy of your records costs £70.\n\n\
         If a request is manifestly unfounded or excessive, we may charge a reasonable fee.\n\n\
         We may, however, charge for later requests, and if we judge the amount of information excessive.\n\n\
         Your request may be subject to an administration charge.\n\n\
         We will tell you about the charges there may be.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/charges.md"),
        [
            // "Excessive" alone is not the law's test.
            "fee-mismatch content/trusts/hhft/charges.md:12:1 We may, however, charge",
            // Nor is the size of the request a reason for a charge.
            "fee-mismatch content/trusts/hhft/charges.md:12:49 if we judge the amount of information excessive",
            "fee-mismatch content/trusts/hhft/charges.md:14:14 may be subject to an administration charge",
            // Right for a Freedom of Information request, wrong for your own
            // records, and the sentence does not say which.
            "fee-mismatch content/trusts/hhft/charges.md:16:28 charges there may be",
        ]
    );
}

#[test]
fn a_law_with_its_year_moved_bracketed_or_wrong_is_read_as_pages_write_it() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/laws.md",
        "---\ntitle: Laws\ndescription: The laws.\ntopics: [sar, deceased]\nlast_reviewed: 2026-11-20\n---\n\n\
         The Access to Health Records Act (1990) covers the records of someone who has died.\n\n\
         Under the 1998 Data Protection Act you could ask for your records.\n\n\
         The Access to Health Records Act 1980 gives access.\n\n\
         The General Data Protection Regulation 2016 gives you rights; the UK GDPR 2016 text is kept in UK law.\n\n\
         Register with the Data Protection Agency.\n\n\
         Under the Data Protection Act 1998 you may see your records, as the Data Protection Act says.\n\n\
         - Power of Attorney (Health and wellbeing)\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/laws.md"),
        [
            "law-outdated content/trusts/hhft/laws.md:10:11 1998 Data Protection Act",
            "law-misnamed content/trusts/hhft/laws.md:12:5 Access to Health Records Act 1980",
            "law-foreign content/trusts/hhft/laws.md:14:5 General Data Protection Regulation 2016",
            "law-misnamed content/trusts/hhft/laws.md:16:19 Data Protection Agency",
            "law-outdated content/trusts/hhft/laws.md:18:11 Data Protection Act 1998",
            // The short name after it means the same repealed law.
            "law-outdated content/trusts/hhft/laws.md:18:69 Data Protection Act",
            // A name ending in a bracket is found too.
            "law-misnamed content/trusts/hhft/laws.md:20:3 Power of Attorney (Health and wellbeing)",
        ]
    );
    let help: Vec<&str> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["file"] == "content/trusts/hhft/laws.md")
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert!(help[1].contains("{{ laws.ahra_1990 }}"), "{}", help[1]);
    assert!(
        help[3].contains("Information Commissioner's Office"),
        "{}",
        help[3]
    );
}

#[test]
fn the_nhs_complaints_procedure_is_not_the_rules_on_complaints_about_information() {
    let site = example_site();
    // A care complaints page: the title says what it is about, and the
    // sentences "complain" without saying about what.
    write(
        site.path(),
        "content/trusts/hhft/care-complaints.md",
        "---\ntitle: Our complaints procedure\ndescription: How to complain about your care.\ntopics: [complaints]\nlast_reviewed: 2026-11-20\n---\n\n\
         ## Is there a time limit?\n\n\
         Please complain within 12 months of the events. We will reply within 25 working days.\n\n\
         If you complain about how we use your information, we will confirm we got it within 40 days.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/care-complaints.md"),
        ["deadline-mismatch content/trusts/hhft/care-complaints.md:12:85 40 days"]
    );
}

#[test]
fn a_law_cited_for_the_wrong_area_or_nation_is_reported() {
    let site = example_site();
    let page = "---\ntitle: Your records\ndescription: Seeing your records.\ntopics: [sar, foi]\nlast_reviewed: 2026-11-20\n---\n\n\
                The Access to Health Records Act (1990) gives you the right to see records made about you after 1 November 1991.\n\n\
                If the patient has died, apply under the Access to Health Records Act 1990.\n\n\
                You cannot use the Access to Health Records Act for your own records.\n\n\
                Ask for other information under the Freedom of Information Act 2000.\n\n\
                Ask for other information under the Freedom of Information (Scotland) Act 2002.\n\n\
                Under the Acess to Health Records Act 1990 and the Race Relation (Amendment) Act 2000.\n";
    write(site.path(), "content/trusts/hhft/records.md", page);
    let (_, report) = check_json(site.path());
    let laws: Vec<String> = found_in(&report, "content/trusts/hhft/records.md")
        .into_iter()
        .filter(|f| f.starts_with("law-"))
        .collect();
    assert_eq!(
        laws,
        [
            "law-misapplied content/trusts/hhft/records.md:8:5 Access to Health Records Act",
            "law-misapplied content/trusts/hhft/records.md:8:97 1 November 1991",
            // HHFT is in England.
            "law-foreign content/trusts/hhft/records.md:16:37 Freedom of Information (Scotland) Act 2002",
            "law-misnamed content/trusts/hhft/records.md:18:11 Acess to Health Records Act 1990",
            "law-misnamed content/trusts/hhft/records.md:18:52 Race Relation (Amendment) Act 2000",
        ]
    );
    let foreign = errors_and_warnings(&report)
        .into_iter()
        .find(|d| d["code"] == "law-foreign")
        .expect("the Scottish law");
    assert_eq!(
        foreign["message"],
        "the Freedom of Information (Scotland) Act 2002 does not apply in England"
    );
    assert!(
        foreign["help"]
            .as_str()
            .unwrap_or("")
            .contains("{{ laws.foia_2000 }}"),
        "{foreign}"
    );
}

#[test]
fn the_help_fits_the_sentence_a_pasted_number_or_another_laws_time_limit_sits_in() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/help.md",
        "---\ntitle: Help\ndescription: Who to call.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         Call our Data Protection Officer on 01256 000 111.\n\n\
         Under the Mental Health Act 1983 you have 28 days to appeal, and we reply within 40 days.\n",
    );
    let (_, report) = check_json(site.path());
    let found: Vec<&Value> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["file"] == "content/trusts/hhft/help.md")
        .collect();
    let contact = found
        .iter()
        .find(|d| d["code"] == "contact-unknown")
        .expect("the number");
    assert!(
        contact["help"]
            .as_str()
            .unwrap_or("")
            .contains("{{ trust.contacts.dpo.phone }}"),
        "{contact}"
    );
    let deadline = found
        .iter()
        .find(|d| d["found"] == "40 days")
        .expect("40 days");
    assert!(
        deadline["note"]
            .as_str()
            .unwrap_or("")
            .contains("a time limit of the Mental Health Act 1983"),
        "{deadline}"
    );
}

#[test]
fn a_list_brought_in_as_examples_is_not_a_copy_of_a_canonical_list() {
    let site = example_site();
    let page = |lead_in: &str| {
        format!(
            "---\ntitle: Acting for someone\ndescription: What to send.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
             {lead_in}\n\n\
             - written consent from the person you are acting for\n\
             - a registered lasting power of attorney for health and welfare\n\
             - a court order appointing you as deputy by the Court of Protection\n"
        )
    };
    write(
        site.path(),
        "content/trusts/hhft/acting.md",
        &page("Please send evidence such as:"),
    );
    let (_, report) = check_json(site.path());
    assert!(
        found_in(&report, "content/trusts/hhft/acting.md").is_empty(),
        "{report}"
    );
    // The same list given as who may apply is compared.
    write(
        site.path(),
        "content/trusts/hhft/acting.md",
        &page("These people may apply:"),
    );
    let (_, report) = check_json(site.path());
    assert!(
        found_in(&report, "content/trusts/hhft/acting.md")
            .iter()
            .any(|f| f.starts_with("list-drift")),
        "{report}"
    );
}

#[test]
fn a_contact_in_a_link_address_is_checked_though_the_link_shows_other_words() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/links.md",
        "---\ntitle: Links\ndescription: Ways to reach us.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         Email [our team](mailto:nuhnt.dpo@nhs.net) or [call us](tel:01256313067).\n",
    );
    let (_, report) = check_json(site.path());
    // The email is Nottingham's; the number is HHFT's own.
    assert_eq!(
        found_in(&report, "content/trusts/hhft/links.md"),
        ["contact-foreign content/trusts/hhft/links.md:8:25 nuhnt.dpo@nhs.net"]
    );
}

#[test]
fn a_national_contact_of_another_nation_is_reported() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/ombudsman.md",
        "---\ntitle: Ombudsman\ndescription: After our complaints procedure.\ntopics: [complaints]\nlast_reviewed: 2026-11-20\n---\n\n\
         Call the ombudsman on 0345 015 4033, or the Welsh ombudsman on 0300 790 0203.\n",
    );
    let (_, report) = check_json(site.path());
    // HHFT is in England: the first is England's ombudsman, the second Wales's.
    assert_eq!(
        found_in(&report, "content/trusts/hhft/ombudsman.md"),
        ["contact-foreign content/trusts/hhft/ombudsman.md:8:64 0300 790 0203"]
    );
}

#[test]
fn a_limit_for_a_special_case_is_right_only_where_the_paragraph_names_the_case() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/died.md",
        "---\ntitle: Records of someone who has died\ndescription: How long it takes.\ntopics: [deceased]\nlast_reviewed: 2026-11-20\n---\n\n\
         By law we must give you access within 21 days.\n\n\
         If everything you ask for was written in the last 40 days, by law we must give you access within 21 days.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/died.md"),
        ["deadline-mismatch content/trusts/hhft/died.md:8:39 21 days"]
    );
}

#[test]
fn a_name_inside_a_law_s_right_name_is_not_a_misnaming() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/reports.md",
        "---\ntitle: Reports\ndescription: Reports for insurers.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         The Access to Medical Reports Act (AMRA) covers reports for your insurer.\n\n\
         The Medical Reports Act 1988 covers them.\n\n\
         We follow the Children's Act and section seven of the DPA.\n\n\
         Those rights are set out in the Access to Medical Reports Act 1988.\n",
    );
    let (_, report) = check_json(site.path());
    // The right name in full, year and all, holds the wrong one.
    assert_eq!(
        found_in(&report, "content/trusts/hhft/reports.md"),
        [
            "law-misnamed content/trusts/hhft/reports.md:10:5 Medical Reports Act 1988",
            "law-misnamed content/trusts/hhft/reports.md:12:15 Children's Act",
            "term-retired content/trusts/hhft/reports.md:12:34 section seven of the DPA",
        ]
    );
}

#[test]
fn a_charge_is_explained_only_by_the_case_named_before_or_with_it() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/fees.md",
        "---\ntitle: Fees\ndescription: What it costs.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         There is a fee and we need a few days' notice. A request for further copies may be charged.\n\n\
         We may charge for repeat requests. We will let you know if there is a charge.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/fees.md"),
        ["fee-mismatch content/trusts/hhft/fees.md:8:1 There is a fee"]
    );
}

#[test]
fn a_sum_in_euros_or_dollars_is_the_foreign_law_it_comes_from_and_a_fine_is_no_fee() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/nuh/fines.md",
        "---\ntitle: Fines\ndescription: What happens when data is lost.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         There are higher fines for breaches: up to 20 million euros.\n\n\
         Fines can reach €10m or 2% of turnover.\n\n\
         In America a clinic can be fined $50,000 under HIPAA rules.\n\n\
         The Information Commissioner can fine us up to £17.5 million or 4% of turnover.\n\n\
         Before 2018 the most was £500,000.\n\n\
         Before 2021, fines of up to €20 million applied here.\n",
    );
    let (_, report) = check_json(site.path());
    let found = found_in(&report, "content/trusts/nuh/fines.md");
    assert_eq!(
        found,
        [
            "law-foreign content/trusts/nuh/fines.md:8:44 20 million euros",
            "law-foreign content/trusts/nuh/fines.md:10:17 €10m",
            "law-foreign content/trusts/nuh/fines.md:12:34 $50,000",
            "law-foreign content/trusts/nuh/fines.md:12:48 HIPAA",
        ]
    );
    let euros = errors_and_warnings(&report)
        .into_iter()
        .find(|d| d["found"] == "20 million euros")
        .map(|d| d.to_string())
        .unwrap_or_default();
    assert!(euros.contains("EU GDPR"), "{euros}");
    assert!(euros.contains("pounds"), "{euros}");
}

#[test]
fn a_time_limit_the_law_no_longer_sets_is_told_where_it_came_from() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/nuh/old.md",
        "---\ntitle: Old rules\ndescription: Rules kept from before.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         We will reply within 40 days.\n\n\
         We will reply within 30 days.\n",
    );
    let (_, report) = check_json(site.path());
    let notes: Vec<String> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["file"] == "content/trusts/nuh/old.md")
        .map(|d| d.to_string())
        .collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].contains(
            "40 days was the time limit to answer a request for your own records under the Data Protection Act 1998 until 25 May 2018; it is now 1 calendar month"
        ),
        "{}",
        notes[0]
    );
    // 30 days was never the law's: the usual note on calendar months.
    assert!(!notes[1].contains("1998"), "{}", notes[1]);
    assert!(notes[1].contains("28 to 31 days"), "{}", notes[1]);
}

#[test]
fn a_retired_time_limit_must_name_a_law_and_the_rule_that_replaced_it() {
    let site = example_site();
    common::replace_in(
        site.path(),
        "content/rules/deadlines.yaml",
        "    law: dpa_1998\n    retired_on: 2018-05-25\n    replaced_by: sar_response",
        "    law: dpa_1999\n    retired_on: 2018-05-25\n    replaced_by: sar_reponse",
    );
    let rules = std::fs::read_to_string(site.path().join("content/rules/deadlines.yaml"))
        .unwrap_or_default();
    let line = rules
        .lines()
        .position(|l| l == "  dpa1998_sar:")
        .map_or(0, |at| at + 2);
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    let unknown = common::messages(&report, "rule-unknown");
    assert_eq!(
        unknown,
        [
            format!(
                "content/rules/deadlines.yaml {line}:12 there is no deadline `sar_reponse` in the rule data"
            ),
            format!(
                "content/rules/deadlines.yaml {line}:12 there is no law `dpa_1999` in the rule data"
            ),
        ],
        "{unknown:#?}"
    );
}

#[test]
fn the_eu_gdpr_by_its_citation_is_foreign_law_unless_retained_or_past() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/nuh/laws.md",
        "---\ntitle: Laws\ndescription: The laws we follow.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         The main laws are the General Data Protection Regulation (GDPR) (Regulation (EU) 2016/679) and the Data Protection Act 2018.\n\n\
         The UK GDPR is the retained version of Regulation (EU) 2016/679.\n\n\
         The EU GDPR applied in the UK until the end of 2020.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/nuh/laws.md"),
        ["law-foreign content/trusts/nuh/laws.md:8:66 Regulation (EU) 2016/679"]
    );
    let message = common::messages(&report, "law-foreign").join("\n");
    assert!(message.contains("is from outside the UK"), "{message}");
}

#[test]
fn a_hyphenated_time_limit_is_the_laws_and_a_date_is_no_law_year() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/nuh/limit.md",
        "---\ntitle: Limit\ndescription: How long we take.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         The 28-day time-limit can be extended for two months for complex requests.\n\n\
         On 25 May 2018 the General Data Protection Regulations replaced the old law.\n\n\
         Use the form to ask for copies (see fees below).\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/nuh/limit.md"),
        [
            "deadline-mismatch content/trusts/nuh/limit.md:8:5 28-day",
            "fee-mismatch content/trusts/nuh/limit.md:12:33 see fees below",
        ]
    );
}

#[test]
fn a_name_with_a_word_left_out_or_changed_is_no_law_s_name() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/names.md",
        "---\ntitle: Names\ndescription: Laws by name.\ntopics: [sar, foi]\nlast_reviewed: 2026-11-20\n---\n\n\
         ## Freedom of Information 2000\n\n\
         Costs are set by the Appropriate Limit and Fees Regulations 2004.\n\n\
         You can complain to the Scottish Information Commission.\n\n\
         The Freedom of Information Act 2000 and the Scottish Information Commissioner are right.\n\n\
         ## Your own records\n\n\
         Fees may vary depending on the notes requested.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/names.md"),
        [
            "law-misnamed content/trusts/hhft/names.md:8:4 Freedom of Information 2000",
            "law-misnamed content/trusts/hhft/names.md:10:22 Appropriate Limit and Fees Regulations 2004",
            "law-misnamed content/trusts/hhft/names.md:12:25 Scottish Information Commission",
            "fee-mismatch content/trusts/hhft/names.md:18:1 Fees may vary",
        ]
    );
    // Each says which law it means and how to write it.
    let notes: Vec<(&str, &str)> = errors_and_warnings(&report)
        .into_iter()
        .filter(|d| d["code"] == "law-misnamed")
        .filter_map(|d| Some((d["note"].as_str()?, d["help"].as_str()?)))
        .collect();
    assert_eq!(notes.len(), 3, "{notes:?}");
    assert_eq!(
        notes[0],
        (
            "did you mean the Freedom of Information Act 2000?",
            "write `{{ laws.foia_2000 }}`, which reads \"Freedom of Information Act 2000\""
        )
    );
}

#[test]
fn initials_defined_for_the_eu_regulation_mean_it_in_the_rest_of_the_section() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/privacy.md",
        "---\ntitle: Privacy\ndescription: How we use information.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         ## Overview\n\n\
         The laws are the General Data Protection Regulation (GDPR) (Regulation (EU) 2016/679) and the Data Protection Act 2018.\n\n\
         Under the GDPR, every use of information must be fair. The UK GDPR says the same, as does the UK's General Data Protection Regulation.\n\n\
         ## Your rights\n\n\
         Under the GDPR you may ask for your records.\n",
    );
    let (_, report) = check_json(site.path());
    // In its own section "the GDPR" is the regulation the page cited; in
    // another section, and as "UK GDPR", it is the UK's law.
    assert_eq!(
        found_in(&report, "content/trusts/hhft/privacy.md"),
        [
            "law-foreign content/trusts/hhft/privacy.md:10:61 Regulation (EU) 2016/679",
            "law-foreign content/trusts/hhft/privacy.md:12:11 GDPR",
        ]
    );
}

#[test]
fn a_law_that_replaces_another_is_today_s_and_charges_by_the_way_are_read() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/old-guide.md",
        "---\ntitle: Old guide\ndescription: An old guide.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         The 1998 Data Protection Act (DPA), in effect since March 2000, largely replaces the 1990 Access to Health Records Act.\n\n\
         The Data Protection Act 2018 replaced the Data Protection Act 1998.\n\n\
         Under the General Data Protection regulation (GDPR)2018 you may ask.\n\n\
         The copies come as photocopies, and there is generally a charge for them.\n\n\
         You can see your own health records for a charge.\n\n\
         Records amended within the last 40 days - no charge.\n\n\
         Running the hospice costs over £2million a year.\n\n\
         For health records a fee of up to £50 may be charged for paper notes.\n\n\
         The Data Protection Act (DPA) 1998 gave every living person the right to apply.\n",
    );
    write(
        site.path(),
        "content/trusts/hywel-dda/preifatrwydd.cy.md",
        "---\ntitle: Preifatrwydd\ndescription: Sut rydym yn defnyddio gwybodaeth.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         Rydym yn prosesu gwybodaeth dan Reoliad Diogelu Data Cyffredinol 2018.\n",
    );
    let (_, report) = check_json(site.path());
    // The Act that replaces the older one is named as today's law; the one
    // replaced, and the one the 2018 Act replaced, are history.
    assert_eq!(
        found_in(&report, "content/trusts/hhft/old-guide.md"),
        [
            "law-outdated content/trusts/hhft/old-guide.md:8:5 1998 Data Protection Act",
            "law-misnamed content/trusts/hhft/old-guide.md:12:11 General Data Protection regulation (GDPR)2018",
            "fee-mismatch content/trusts/hhft/old-guide.md:14:37 there is generally a charge",
            "fee-mismatch content/trusts/hhft/old-guide.md:16:37 for a charge",
            "term-retired content/trusts/hhft/old-guide.md:18:9 amended within the last 40 days",
            // The sum is the mistake; "may be charged" beside it is not another.
            "fee-retired content/trusts/hhft/old-guide.md:22:35 £50",
        ]
    );
    assert_eq!(
        found_in(&report, "content/trusts/hywel-dda/preifatrwydd.cy.md"),
        [
            "law-misnamed content/trusts/hywel-dda/preifatrwydd.cy.md:8:33 Reoliad Diogelu Data Cyffredinol 2018"
        ]
    );
}

#[test]
fn a_law_cited_for_their_own_records_is_misapplied_whatever_else_the_sentence_denies() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/rights.md",
        "---\ntitle: Rights\ndescription: Your rights.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         ## Do I have a right to see my records?\n\n\
         Yes. The Data Protection Act 2018 gives patients a right to their own health records kept on computer. \
         The Access to Health Records Act 1990 gives patients a similar right to notes that are not on computer.\n\n\
         ## Other laws\n\n\
         The Access to Health Records Act 1990 does not cover their own records.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/rights.md"),
        ["law-misapplied content/trusts/hhft/rights.md:10:108 Access to Health Records Act 1990"]
    );
}

#[test]
fn laws_named_together_are_each_cited_for_their_own_area() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/form.md",
        "---\ntitle: Form\ndescription: The application form.\ntopics: [sar, deceased]\nlast_reviewed: 2026-11-20\n---\n\n\
         I may see the record under the General Data Protection Regulation/Data Protection Act 2018 and Access to Health Records Act 1990.\n\n\
         I ask for my own health records under the Access to Health Records Act 1990.\n",
    );
    write(
        site.path(),
        "content/trusts/hhft/own.md",
        "---\ntitle: Own\ndescription: Your own records.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         Patients may see their records, in line with the Data Protection Act 2018 and Access to Health Records Act.\n",
    );
    let (_, report) = check_json(site.path());
    // On a form for both the living and the dead, the list names each law
    // for its own records; alone, or on a page about your own records
    // only, the Access to Health Records Act is cited for the wrong ones.
    assert_eq!(
        found_in(&report, "content/trusts/hhft/form.md"),
        ["law-misapplied content/trusts/hhft/form.md:10:43 Access to Health Records Act 1990"]
    );
    assert_eq!(
        found_in(&report, "content/trusts/hhft/own.md"),
        ["law-misapplied content/trusts/hhft/own.md:8:79 Access to Health Records Act"]
    );
}

#[test]
fn a_floor_on_a_fee_the_law_leaves_to_a_reasonable_amount_is_wrong() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/excessive.md",
        "---\ntitle: Excessive\ndescription: Excessive requests.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         If a request is manifestly unfounded or excessive, we will charge a reasonable fee, and the fee will be no less than £30.\n\n\
         If a request is manifestly unfounded or excessive, we may charge a reasonable fee, such as £30 for a large request.\n",
    );
    let (_, report) = check_json(site.path());
    let fees: Vec<String> = found_in(&report, "content/trusts/hhft/excessive.md")
        .into_iter()
        .filter(|d| d.starts_with("fee-"))
        .collect();
    assert_eq!(
        fees,
        ["fee-mismatch content/trusts/hhft/excessive.md:8:118 £30"]
    );
}

#[test]
fn the_eu_regulation_by_a_citation_with_a_colon_or_in_welsh_and_payment_before_processing() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hhft/hospice.md",
        "---\ntitle: Hospice\ndescription: Our privacy notice.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         We comply with the General Data Protection Regulations (EU: 2016/679).\n\n\
         Applications that arrive without payment will not be processed.\n",
    );
    write(
        site.path(),
        "content/trusts/hywel-dda/gdpr.cy.md",
        "---\ntitle: GDPR\ndescription: Ein hysbysiad preifatrwydd.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         Rydym yn dilyn deddfwriaeth RhDDC/GDPR Ewropeaidd.\n",
    );
    let (_, report) = check_json(site.path());
    assert_eq!(
        found_in(&report, "content/trusts/hhft/hospice.md"),
        [
            "law-foreign content/trusts/hhft/hospice.md:8:57 EU: 2016/679",
            "fee-mismatch content/trusts/hhft/hospice.md:10:26 without payment will not be processed",
        ]
    );
    assert_eq!(
        found_in(&report, "content/trusts/hywel-dda/gdpr.cy.md"),
        ["law-foreign content/trusts/hywel-dda/gdpr.cy.md:8:35 GDPR Ewropeaidd"]
    );
}
