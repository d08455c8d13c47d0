//! Each trust gets its own nation's rules: expressions resolve to that
//! nation's version of a fact, the checker judges typed text by that
//! nation's law, and a page can be limited to some nations. The example
//! site has English trusts, a Scottish board (fife) and a Welsh one
//! (hywel-dda).

mod common;

use common::{build, check_json, example_site, page, read_tree, replace_in, write};
use serde_json::Value;

/// Each problem in a file as "code line:column found [trusts]", one line
/// per trust it is found for, sorted.
fn found_in(report: &Value, file: &str) -> Vec<String> {
    let mut found: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        // The Welsh board needs a Welsh version of each page these tests
        // add; tests/welsh.rs is about that.
        .filter(|d| d["file"] == file && d["code"] != "rule-unverified")
        .filter(|d| d["code"] != "translation-missing")
        .flat_map(|d| {
            trusts_of(d).into_iter().map(move |trust| {
                format!(
                    "{} {}:{} {} [{trust}]",
                    d["code"].as_str().unwrap_or(""),
                    d["line"],
                    d["column"],
                    d["found"].as_str().unwrap_or(""),
                )
            })
        })
        .collect();
    found.sort();
    found
}

/// The trusts a diagnostic is for; none for a page-wide problem.
fn trusts_of(d: &Value) -> Vec<String> {
    let trusts: Vec<String> = d["trusts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    if trusts.is_empty() {
        vec!["page".to_string()]
    } else {
        trusts
    }
}

fn note_of<'a>(report: &'a Value, code: &str, trust: &str) -> &'a str {
    report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == code && trusts_of(d).iter().any(|t| t == trust))
        .and_then(|d| d["note"].as_str())
        .unwrap_or_else(|| panic!("no {code} for {trust}"))
}

/// A shared page about Freedom of Information costs, typed by hand with
/// Scotland's figures.
const SCOTTISH_COSTS: &str = "---\ntitle: What a request costs\ndescription: Fees for information requests.\ntopics: [foi]\nlast_reviewed: 2026-11-20\n---\n\n\
     Most Freedom of Information requests are free.\n\n\
     If a request costs us more than £100 to answer, we may charge 10% of the cost between £100 and £600, up to £50.\n\n\
     We count staff time at £15 an hour, and we can refuse a request that would cost more than £600.\n";

#[test]
fn a_scottish_foi_page_is_right_for_a_scottish_board_and_wrong_for_an_english_trust() {
    let site = example_site();
    write(site.path(), "content/pages/foi-costs.md", SCOTTISH_COSTS);
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    let found = found_in(&report, "content/pages/foi-costs.md");
    // NHS Fife gets nothing; each English trust and the Welsh board get the
    // Scottish amounts reported where they are typed. £600 is also the cost
    // limit for central government in England, so it is a fee there.
    let mut expected = Vec::new();
    for trust in ["hhft", "hywel-dda", "imperial", "nuh"] {
        expected.extend([
            format!("fee-mismatch 10:108 £50 [{trust}]"),
            format!("fee-mismatch 10:33 £100 [{trust}]"),
            format!("fee-mismatch 10:87 £100 [{trust}]"),
            format!("fee-mismatch 12:24 £15 an hour [{trust}]"),
        ]);
    }
    expected.sort();
    assert_eq!(found, expected);
    // The note says why the amount is wrong here.
    assert_eq!(
        note_of(&report, "fee-mismatch", "hhft"),
        "that is the rule in Scotland (the part of the cost of a Freedom of Information request we cannot charge for), not in England"
    );
}

#[test]
fn the_same_expression_shows_each_nation_its_own_rule() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/foi-rules.md",
        "---\ntitle: Information requests\ndescription: The rules for information requests.\ntopics: [foi, complaints]\nlast_reviewed: 2026-11-20\n---\n\n\
         Requests come under the {{ laws.foia_2000 }}. Above {{ fees.foi_cost_limit }} we may refuse.\n\n\
         {{ deadlines.foi_internal_review.summary }}\n\n\
         After our complaints procedure, you can go to the ombudsman.\n\n\
         {{ contact(\"phso\") }}\n",
    );
    write(
        site.path(),
        "content/pages/foi-rules.cy.md",
        "---\ntitle: Ceisiadau am wybodaeth\ndescription: Y rheolau.\ntopics: [foi, complaints]\nlast_reviewed: 2026-11-20\n---\n\n\
         Daw ceisiadau dan {{ laws.foia_2000 }}. Uwchlaw {{ fees.foi_cost_limit }} gallwn wrthod.\n\n\
         {{ deadlines.foi_internal_review.summary }}\n\n\
         {{ contact(\"phso\") }}\n",
    );
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let english = page(&files, "hhft/foi-rules/index.html");
    assert!(english.contains("Freedom of Information Act 2000"));
    assert!(english.contains("£450"));
    assert!(english.contains("We aim to finish a review"));
    assert!(english.contains("Parliamentary and Health Service Ombudsman"));
    let scottish = page(&files, "fife/foi-rules/index.html");
    assert!(scottish.contains("Freedom of Information (Scotland) Act 2002"));
    assert!(scottish.contains("£600"));
    assert!(!scottish.contains("£450"));
    assert!(
        scottish.contains("We must reply to your request for a review within 20 working days.")
    );
    assert!(scottish.contains("Scottish Public Services Ombudsman"));
    assert!(!scottish.contains("Parliamentary and Health Service Ombudsman"));
    let welsh = page(&files, "hywel-dda/foi-rules/index.html");
    assert!(welsh.contains("Freedom of Information Act 2000"));
    assert!(welsh.contains("Public Services Ombudsman for Wales"));
    // The same rules in Welsh, for the Welsh board's Welsh page.
    let cymraeg = page(&files, "hywel-dda/cy/foi-rules/index.html");
    assert!(
        cymraeg.contains("Deddf Rhyddid Gwybodaeth 2000"),
        "{cymraeg}"
    );
    assert!(cymraeg.contains("Ombwdsmon Gwasanaethau Cyhoeddus Cymru"));
}

#[test]
fn a_fact_a_nation_lacks_is_an_error_at_its_expression_for_that_nation_s_trusts() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/central.md",
        "---\ntitle: Central government\ndescription: The cost limit elsewhere.\ntopics: [foi]\nlast_reviewed: 2026-11-20\n---\n\n\
         For central government the limit is {{ fees.foi_cost_limit_central }}.\n",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        found_in(&report, "content/pages/central.md"),
        ["rule-not-in-nation 8:45  [fife]"]
    );
    let d = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "rule-not-in-nation")
        .expect("the error");
    assert_eq!(
        d["message"],
        "`fees.foi_cost_limit_central` is the rule in England, Wales and Northern Ireland, and NHS Fife is in Scotland, where it does not apply"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap_or("")
            .contains("`nations: [england, wales, northern_ireland]`"),
        "{d}"
    );
}

#[test]
fn the_opt_out_page_and_gp_online_page_are_for_english_trusts_only() {
    let site = example_site();
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    for trust in ["hhft", "imperial", "nuh"] {
        assert!(files.contains_key(&format!("{trust}/national-data-opt-out/index.html")));
        assert!(files.contains_key(&format!("{trust}/gp-online-records/index.html")));
    }
    for trust in ["fife", "hywel-dda"] {
        assert!(!files.contains_key(&format!("{trust}/national-data-opt-out/index.html")));
        assert!(!files.contains_key(&format!("{trust}/gp-online-records/index.html")));
        let home = page(&files, &format!("{trust}/index.html"));
        assert!(
            !home.contains("national-data-opt-out"),
            "{trust} home links it"
        );
        assert!(files.contains_key(&format!("{trust}/your-records/index.html")));
    }
    // Each nation's patient number and list of who may act for someone.
    let fife = page(&files, "fife/your-records/index.html");
    assert!(fife.contains("your CHI number, if you know it"));
    let hhft = page(&files, "hhft/your-records/index.html");
    assert!(hhft.contains("your NHS number, if you know it"));
    let fife = page(&files, "fife/someone-else/index.html");
    assert!(fife.contains("sheriff court"));
    assert!(!fife.contains("Court of Protection"));
    let hhft = page(&files, "hhft/someone-else/index.html");
    assert!(hhft.contains("Court of Protection"));
    assert!(!hhft.contains("sheriff court"));
}

#[test]
fn a_page_limited_to_nations_that_leave_out_a_trust_it_names_is_an_error() {
    let site = example_site();
    write(
        site.path(),
        "content/pages/england-only.md",
        "---\ntitle: England only\ndescription: A page for English trusts.\ntopics: [sar]\nnations: [england]\ntrusts: [hhft, fife]\nlast_reviewed: 2026-11-20\n---\n\nHello.\n",
    );
    write(
        site.path(),
        "content/trusts/fife/opt-out.md",
        "---\ntitle: Opt out\ndescription: Not for Scotland.\ntopics: [opt-out]\nnations: [england, wales]\nlast_reviewed: 2026-11-20\n---\n\nHello.\n",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        found_in(&report, "content/pages/england-only.md"),
        ["page-nation 6:16  [page]"]
    );
    assert_eq!(
        found_in(&report, "content/trusts/fife/opt-out.md"),
        ["page-nation 5:11  [page]"]
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "page-nation")
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "NHS Fife is in Scotland, but this page is only for England",
            "NHS Fife is in Scotland, but this page is only for England and Wales",
        ]
    );
}

#[test]
fn a_stand_in_that_does_not_apply_where_it_stands_in_is_a_rule_error() {
    let site = example_site();
    // The Scottish cost limit made England's too: it cannot stand in for
    // Scotland's, and Scotland would get no limit at all.
    replace_in(
        site.path(),
        "content/rules/fees.yaml",
        "    amount_pence: 60000\n    nations: [scotland]",
        "    amount_pence: 60000\n    nations: [england]",
    );
    replace_in(
        site.path(),
        "content/rules/deadlines.yaml",
        "instead_in: {scotland: foisa_response}",
        "instead_in: {scotland: foisa_reponse}",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    let rule_errors: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| {
            d["file"]
                .as_str()
                .is_some_and(|f| f.starts_with("content/rules/"))
        })
        .map(|d| {
            format!(
                "{} {}:{} {}",
                d["code"].as_str().unwrap_or(""),
                d["file"].as_str().unwrap_or(""),
                d["line"],
                d["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(
        rule_errors.iter().any(
            |e| e.starts_with("rule-unknown content/rules/deadlines.yaml:")
                && e.ends_with("there is no deadline `foisa_reponse` in the rule data")
        ),
        "{rule_errors:#?}"
    );
    assert!(
        rule_errors.iter().any(|e| e.starts_with("rule-inconsistent content/rules/fees.yaml:")
            && e.ends_with("`foisa_cost_limit` stands in for `foi_cost_limit` in Scotland, but it applies only in England")),
        "{rule_errors:#?}"
    );
}
