//! A Welsh body publishes in Welsh and English: each page beside its
//! translation (`page.cy.md`), written to `/<trust>/cy/<page>/`, linked both
//! ways, with the theme's words, the rule data and the checker in Welsh.
//! The example site's Welsh board is hywel-dda.

mod common;

use std::collections::BTreeMap;

use common::{build, check_json, example_site, messages, page, read_tree, replace_in, write};

/// The theme's Welsh words, as a translator wrote them and as they appear
/// in HTML.
fn welsh_words() -> BTreeMap<String, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/nhs/strings/cy.toml");
    let words: BTreeMap<String, String> =
        toml::from_str(&std::fs::read_to_string(path).expect("cy.toml")).expect("TOML");
    words
        .into_iter()
        .map(|(key, text)| (key, text.replace('&', "&amp;").replace('\'', "&#39;")))
        .collect()
}

fn built_example() -> BTreeMap<String, Vec<u8>> {
    let site = example_site();
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read_tree(&out)
}

#[test]
fn each_page_of_a_welsh_board_links_to_its_other_language_both_ways() {
    let files = built_example();
    let english = page(&files, "hywel-dda/your-records/index.html");
    let welsh = page(&files, "hywel-dda/cy/your-records/index.html");
    assert!(english.starts_with("<!DOCTYPE html>\n<html lang=\"en-GB\">"));
    assert!(welsh.starts_with("<!DOCTYPE html>\n<html lang=\"cy\">"));
    for html in [&english, &welsh] {
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"/hywel-dda/your-records/\">"
        ));
        assert!(html.contains(
            "<link rel=\"alternate\" hreflang=\"cy\" href=\"/hywel-dda/cy/your-records/\">"
        ));
    }
    assert!(english.contains(
        "<a class=\"header-language\" href=\"/hywel-dda/cy/your-records/\" lang=\"cy\" hreflang=\"cy\""
    ));
    assert!(welsh.contains(
        "<a class=\"header-language\" href=\"/hywel-dda/your-records/\" lang=\"en\" hreflang=\"en\""
    ));
    // Every English page of the board has its Welsh, and the other way.
    let english_pages: Vec<&String> = files
        .keys()
        .filter(|p| p.starts_with("hywel-dda/") && !p.starts_with("hywel-dda/cy/"))
        .filter(|p| p.ends_with("/index.html"))
        .collect();
    assert!(english_pages.len() >= 10, "{english_pages:?}");
    for path in english_pages {
        let twin = path.replacen("hywel-dda/", "hywel-dda/cy/", 1);
        assert!(files.contains_key(&twin), "{path} has no Welsh at {twin}");
    }
    // A trust that publishes only in English has no switch and no Welsh.
    let hhft = page(&files, "hhft/your-records/index.html");
    assert!(!hhft.contains("hreflang"));
    assert!(!hhft.contains("header-language"));
    assert!(!files.keys().any(|p| p.starts_with("hhft/cy/")));
}

#[test]
fn welsh_pages_show_the_theme_s_words_and_the_rule_data_in_welsh() {
    let files = built_example();
    let words = welsh_words();
    let welsh = page(&files, "hywel-dda/cy/your-records/index.html");
    assert!(welsh.contains(&words["skip_link"]));
    assert!(welsh.contains(&words["all_trusts"]));
    assert!(welsh.contains(&words["contact_email"]));
    assert!(welsh.contains("rhif GIG"));
    assert!(!welsh.contains("NHS number"));
    // Dates and rule data in Welsh.
    assert!(welsh.contains("Tachwedd 2026"));
    let timing = page(&files, "hywel-dda/cy/how-long-it-takes/index.html");
    assert!(timing.contains("1 mis calendr"), "{timing}");
    assert!(!timing.contains("calendar month"));
    let costs = page(&files, "hywel-dda/cy/costs/index.html");
    assert!(costs.contains("am ddim"));
    // The board's home, statement and search in Welsh.
    let home = page(&files, "hywel-dda/cy/index.html");
    assert!(home.contains(&words["trust_home_lede"]));
    assert!(home.contains("href=\"/hywel-dda/cy/your-records/\""));
    assert!(!home.contains("href=\"/hywel-dda/your-records/\">"));
    let statement = page(&files, "hywel-dda/cy/accessibility/index.html");
    assert!(statement.contains(&words["accessibility_enforcement"]));
    let search = page(&files, "hywel-dda/cy/search/index.html");
    assert!(search.contains("data-index=\"/hywel-dda/cy/search-index.json\""));
    let index = page(&files, "hywel-dda/cy/search-index.json");
    assert!(index.contains("/hywel-dda/cy/your-records/"));
    assert!(!index.contains("\"/hywel-dda/your-records/\""));
    // The 404 page speaks both languages.
    let missing = page(&files, "404.html");
    assert!(missing.contains(&words["not_found_title"]));
    assert!(missing.contains("<div lang=\"cy\">"));
}

#[test]
fn a_wrong_welsh_time_limit_is_reported_at_its_line() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hywel-dda/replies.md",
        "---\ntitle: Replies\ndescription: How long we take.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\nWe reply within {{ deadlines.sar_response }}.\n",
    );
    write(
        site.path(),
        "content/trusts/hywel-dda/replies.cy.md",
        "---\ntitle: Atebion\ndescription: Faint o amser rydyn ni'n ei gymryd.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\nByddwn yn ateb eich cais am eich cofnodion eich hun o fewn 40 diwrnod.\n\nMae'n rhad ac am ddim.\n",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "deadline-mismatch"),
        [
            "content/trusts/hywel-dda/replies.cy.md 8:60 \"40 diwrnod\" is not the time limit for replying to a request for your own records"
        ]
    );
    // "Free" in Welsh is right here, and not reported.
    assert!(messages(&report, "fee-mismatch").is_empty());
}

#[test]
fn a_translation_older_than_its_english_page_is_a_warning_naming_both() {
    let site = example_site();
    replace_in(
        site.path(),
        "content/pages/costs.md",
        "last_reviewed: 2026-11-20",
        "last_reviewed: 2026-11-25",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 0);
    assert_eq!(
        messages(&report, "translation-stale"),
        [
            "content/pages/costs.cy.md 2:1 this translation was last reviewed on 20 November 2026, before its English page (content/pages/costs.md, reviewed on 25 November 2026)"
        ]
    );
}

#[test]
fn a_welsh_board_s_page_without_its_welsh_is_an_error_unless_the_board_is_english_only() {
    let site = example_site();
    std::fs::remove_file(site.path().join("content/pages/costs.cy.md")).expect("remove");
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "translation-missing"),
        [
            "content/pages/costs.md 2:1 this page has no Welsh version, and hywel-dda must publish every page in Welsh"
        ]
    );
    // A Welsh GP practice, which the Standards do not cover yet, may
    // publish in English only.
    replace_in(
        site.path(),
        "content/trusts/hywel-dda/trust.yaml",
        "nation: wales",
        "nation: wales\nlanguages: [en]",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 0, "{report}");
    assert!(messages(&report, "translation-missing").is_empty());
}

#[test]
fn a_fact_without_welsh_wording_on_a_welsh_page_is_an_error_at_its_expression() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hywel-dda/law.md",
        "---\ntitle: The law\ndescription: Which law.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\nThe {{ laws.hfea_1990 }} covers some records.\n",
    );
    write(
        site.path(),
        "content/trusts/hywel-dda/law.cy.md",
        "---\ntitle: Y gyfraith\ndescription: Pa gyfraith.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\nMae {{ laws.hfea_1990 }} yn cwmpasu rhai cofnodion.\n",
    );
    // The rule data without the law's Welsh name.
    let laws = site.path().join("content/rules/laws.yaml");
    let text = std::fs::read_to_string(&laws).expect("laws.yaml");
    let (before, after) = text.split_once("  hfea_1990:\n").expect("the law");
    let after: Vec<&str> = after.lines().collect();
    let kept: Vec<&str> = after
        .iter()
        .enumerate()
        .filter(|(i, line)| !(*i < 3 && line.trim_start().starts_with("name_cy:")))
        .map(|(_, line)| *line)
        .collect();
    std::fs::write(
        &laws,
        format!("{before}  hfea_1990:\n{}\n", kept.join("\n")),
    )
    .expect("write");
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "rule-untranslated"),
        [
            "content/trusts/hywel-dda/law.cy.md 8:13 `laws.hfea_1990` has no name in Welsh, the language of this page"
        ]
    );
}

#[test]
fn laws_named_in_welsh_are_checked_like_their_english_names() {
    let site = example_site();
    write(
        site.path(),
        "content/trusts/hywel-dda/laws.md",
        "---\ntitle: Laws\ndescription: Which laws.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\nThe {{ laws.uk_gdpr }} gives you the right to see your own records.\n",
    );
    write(
        site.path(),
        "content/trusts/hywel-dda/laws.cy.md",
        "---\ntitle: Cyfreithiau\ndescription: Pa gyfreithiau.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\n\
         Mae Deddf Diogelu Data 1998 yn rhoi hawl i chi.\n\n\
         Gallwch weld eich cofnodion eich hun dan Deddf Mynediad i Gofnodion Iechyd 1990.\n",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    let found: Vec<String> = ["law-outdated", "law-misapplied"]
        .iter()
        .flat_map(|code| messages(&report, code))
        .filter(|m| m.starts_with("content/trusts/hywel-dda/laws.cy.md"))
        .map(|m| m.split(' ').take(2).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        found,
        [
            "content/trusts/hywel-dda/laws.cy.md 8:5",
            "content/trusts/hywel-dda/laws.cy.md 10:42",
        ]
    );
}

#[test]
fn a_translation_follows_its_page_s_address_and_a_trust_s_own_page_needs_its_own_welsh() {
    let site = example_site();
    // The English page moves to another address; its Welsh follows it.
    replace_in(
        site.path(),
        "content/pages/costs.md",
        "order:",
        "slug: what-it-costs\norder:",
    );
    // A trust's own English page at a shared address is not translated by
    // the shared Welsh.
    write(
        site.path(),
        "content/trusts/hywel-dda/your-records.md",
        "---\ntitle: Your records at Hywel Dda\ndescription: Our own guide.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\nWe aim to reply within {{ trust.service_targets.sar_response }} where we can.\n",
    );
    replace_in(
        site.path(),
        "content/trusts/hywel-dda/trust.yaml",
        "contacts:",
        "service_targets:\n  sar_response:\n    value: 21\n    unit: calendar_day\ncontacts:",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "translation-missing"),
        [
            "content/trusts/hywel-dda/your-records.md 2:1 this page has no Welsh version, and hywel-dda must publish every page in Welsh"
        ]
    );
    write(
        site.path(),
        "content/trusts/hywel-dda/your-records.cy.md",
        "---\ntitle: Eich cofnodion yn Hywel Dda\ndescription: Ein canllaw ein hunain.\ntopics: [sar]\nlast_reviewed: 2026-11-20\n---\n\nEin nod yw ateb o fewn {{ trust.service_targets.sar_response }} pan allwn ni.\n",
    );
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let costs = page(&files, "hywel-dda/cy/what-it-costs/index.html");
    assert!(costs.contains("href=\"/hywel-dda/what-it-costs/\" lang=\"en\""));
    assert!(!files.contains_key("hywel-dda/cy/costs/index.html"));
    let own = page(&files, "hywel-dda/cy/your-records/index.html");
    assert!(own.contains("Ein nod yw ateb o fewn 21 diwrnod"), "{own}");
}
