//! Raw HTML in a page is judged by an allow-list on the HTML as a browser
//! parses it: every way the old deny-list was bypassed (an event attribute
//! at the start of a line, `javascript:` entity-encoded or split, forms,
//! `<meta>`, `<base>`, styles, `data:` links) is an `html-unsafe` error at
//! the place it is written, and what is written is always the sanitised
//! form, even where a site turns the error into a warning.

mod common;

use common::{build, build_json, read_tree, site_with};

/// The part of a built page that the page's markdown wrote.
fn page_body(page: &str) -> &str {
    page.split_once("<div class=\"page-body\">")
        .and_then(|(_, rest)| rest.split_once("<div class=\"review-date\">"))
        .map(|(body, _)| body)
        .expect("the page body")
}

/// The base site with the page of attacks (tests/fixtures/attacks).
fn attacked_site() -> tempfile::TempDir {
    let site = site_with(None);
    common::copy_tree(&common::fixtures().join("attacks"), site.path());
    site
}

#[test]
fn every_way_raw_html_could_run_a_script_is_found_where_it_is_written() {
    let site = attacked_site();
    let out = site.path().join("public");
    let (run, report) = build_json(site.path(), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists());
    // Each diagnostic with the text it marks.
    let page = std::fs::read_to_string(common::fixtures().join("attacks/content/pages/attacks.md"))
        .expect("the page");
    let lines: Vec<&str> = page.lines().collect();
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| {
            let (line, column) = (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            );
            let end = d["end_column"].as_u64().unwrap_or(0);
            let marked: String = lines
                .get(line as usize - 1)
                .map(|text| {
                    text.chars()
                        .skip(column as usize - 1)
                        .take((end - column) as usize)
                        .collect()
                })
                .unwrap_or_default();
            format!(
                "{} {line}:{column} {marked}",
                d["code"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // An event attribute at the start of a line inside an HTML block.
            "html-unsafe 10:1 onerror",
            "html-unsafe 11:1 <svg",
            "html-unsafe 15:31 autofocus",
            "html-unsafe 16:1 onfocus",
            "html-unsafe 16:44 ontoggle",
            // `javascript:` with entities, split over a line, split by a tab.
            "html-unsafe 18:4 href",
            "html-unsafe 18:50 href",
            "html-unsafe 20:4 href",
            "html-unsafe 21:43 href",
            "html-unsafe 23:1 <form",
            "html-unsafe 23:36 <button",
            "html-unsafe 25:1 <meta",
            "html-unsafe 27:1 <base",
            "html-unsafe 29:17 <input",
            "html-unsafe 31:1 <style",
            "html-unsafe 33:1 <link",
            "html-unsafe 35:4 href",
            // Markdown links and an autolink, at their addresses.
            "html-unsafe 37:19 javascript:alert(1)",
            "html-unsafe 37:55 data:text/html,hi",
            "html-unsafe 37:79 javascript:alert(1)",
            // Inside a quote and a list, whose markers are not part of the HTML.
            "html-unsafe 42:3 onclick",
            "html-unsafe 45:3 onmouseover",
            // What a <noscript> or a <textarea> holds is read as a browser reads it.
            "html-unsafe 47:1 <noscript",
            "html-unsafe 47:68 onerror",
            "html-unsafe 49:1 <textarea",
            "html-unsafe 51:1 <iframe",
            "html-unsafe 51:66 <object",
            "html-unsafe 51:114 <embed",
            "html-unsafe 53:1 <math",
            "html-unsafe 53:7 <mi",
            "html-unsafe 55:1 <script",
        ],
        "{report}"
    );
    let messages: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["message"].as_str())
        .collect();
    assert!(messages.contains(&"the address in `href` runs a script (a `javascript:` address)"));
    assert!(messages.iter().any(|m| m.contains("a `data:` address")));
}

#[test]
fn what_is_written_is_always_the_sanitised_form() {
    let site = attacked_site();
    common::set_levels(&site, "html-unsafe = \"warning\"");
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in read_tree(&out) {
        if !path.ends_with("attacks/index.html") {
            continue;
        }
        let page = String::from_utf8(bytes).expect("UTF-8");
        let body = page_body(&page);
        // Read again as a browser would, nothing in it is outside the list.
        assert_eq!(
            verity::harness::disallowed_html(body),
            Vec::<String>::new(),
            "{body}"
        );
        for gone in [
            "<script", "<iframe", "<form", "<meta", "<base", "<style", "<link",
        ] {
            assert!(!body.contains(gone), "{gone} in {body}");
        }
        // The heading's id stays one attribute, quotes and all.
        assert!(
            body.contains("<h2 id=\"x&quot;onmouseover=&quot;alert(1)\">"),
            "{body}"
        );
        // Plain HTML stays.
        assert!(body.contains("<abbr title=\"Data Protection Officer\">DPO</abbr>"));
        assert!(body.contains("<a href=\"https://www.nhs.uk/\">safe link</a>"));
    }
}

#[test]
fn a_typed_marker_character_cannot_forge_a_component() {
    // U+E000 and U+E001 are the characters Verity marks a component with;
    // filled in after the HTML was sanitised, a forged pair once cut an
    // attribute open and ran `onerror`.
    let site = site_with(None);
    common::write(
        site.path(),
        "content/pages/forged.md",
        "---\ntitle: Forged\ndescription: Forged.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nSee ![\u{E000}]()\u{E001}[the guide](//x/onerror=alert(document.domain)//) here.\n",
    );
    let (exit, report) = common::check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    let reserved = common::places(&report, "character-reserved");
    assert_eq!(reserved, ["8:7", "8:11"], "{report}");
    // Even with the error turned off, the characters are only characters.
    common::set_levels(&site, "character-reserved = \"off\"");
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("alpha/forged/index.html")).expect("page");
    let body = page_body(&page);
    assert_eq!(
        verity::harness::disallowed_html(body),
        Vec::<String>::new(),
        "{body}"
    );
    assert!(body.contains("alt=\"\u{FFFD}\""), "{body}");
}

#[test]
fn a_value_in_raw_html_is_escaped_as_html() {
    let site = site_with(None);
    common::write(
        site.path(),
        "content/pages/named.md",
        "---\ntitle: Named\ndescription: Named.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nAsk <abbr title=\"{{ trust.name }}\">us</abbr>.\n\n<div>\nWelcome to {{ trust.name }}.\n</div>\n",
    );
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("alpha/named/index.html")).expect("page");
    assert!(
        page.contains("<abbr title=\"Alpha &lt;Hospitals&gt; NHS Trust\">us</abbr>"),
        "{page}"
    );
    assert!(
        page.contains("Welcome to Alpha &lt;Hospitals&gt; NHS Trust."),
        "{page}"
    );
    assert!(!page.contains('\\'), "{page}");
}

#[test]
fn a_marker_character_written_as_an_entity_is_reserved_too() {
    let site = site_with(None);
    common::write(
        site.path(),
        "content/pages/entities.md",
        "---\ntitle: Entities\ndescription: Entities.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n{% warning(\"Careful\") %}\nText.\n{% end %}\n\n<a href=\"java&#xE000;99&#xE001;script:alert(1)\">Open</a> and &#57344;0&#xe001; in text, [a link](/x/ \"&#xE000;0&#x0E001;\").\n",
    );
    let (exit, report) = common::check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    let reserved = common::places(&report, "character-reserved");
    assert_eq!(reserved, ["12:14", "12:24", "12:62"], "{report}");
    common::set_levels(
        &site,
        "character-reserved = \"off\"\n\"link-broken\" = \"off\"",
    );
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(out.join("alpha/entities/index.html")).expect("page");
    let body = page_body(&page);
    assert_eq!(
        verity::harness::disallowed_html(body),
        Vec::<String>::new(),
        "{body}"
    );
    assert!(!body.contains("javascript:"), "{body}");
    // The warning block is where it was written, once, and no marker is left.
    assert_eq!(body.matches("Careful").count(), 1, "{body}");
    assert!(
        !page.chars().any(|c| ('\u{E000}'..='\u{E00F}').contains(&c)),
        "{page}"
    );
}

#[test]
fn a_marker_character_in_the_data_never_reaches_a_page() {
    let site = site_with(None);
    let trust = site.path().join("content/trusts/alpha/trust.yaml");
    let yaml = std::fs::read_to_string(&trust).expect("trust.yaml");
    std::fs::write(
        &trust,
        yaml.replacen(
            "name: Alpha <Hospitals> NHS Trust",
            "name: \"Alpha \\uE0000\\uE001 \\uE002body\\uE002 Trust\"",
            1,
        ),
    )
    .expect("trust.yaml");
    common::write(
        site.path(),
        "content/pages/named.md",
        "---\ntitle: \"Named \\uE0000\\uE001\"\ndescription: Named.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n{% warning(\"Careful\") %}\nText.\n{% end %}\n\nName: {{ trust.name }}.\n",
    );
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (path, bytes) in read_tree(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.chars().any(|c| ('\u{E000}'..='\u{E00F}').contains(&c)),
            "{path} holds a marker character"
        );
    }
    let page = std::fs::read_to_string(out.join("alpha/named/index.html")).expect("page");
    assert_eq!(page.matches("Careful").count(), 1, "{page}");
}
