//! Every kind of bad input gets one located diagnostic with a stable code
//! and exit code 1. Each case is a fixture under tests/fixtures/invalid/
//! laid over the valid site in tests/fixtures/base/.

mod common;

use common::{check_json, site_with};

/// (case folder, code, file, line, column)
const CASES: &[(&str, &str, &str, u64, u64)] = &[
    (
        "malformed-yaml",
        "yaml-syntax",
        "content/trusts/alpha/trust.yaml",
        6,
        5,
    ),
    (
        "unknown-key",
        "data-unknown-key",
        "content/trusts/alpha/trust.yaml",
        6,
        5,
    ),
    (
        "crlf-unknown-key",
        "data-unknown-key",
        "content/trusts/alpha/trust.yaml",
        6,
        5,
    ),
    (
        "missing-field",
        "data-missing-field",
        "content/trusts/alpha/trust.yaml",
        2,
        1,
    ),
    (
        "wrong-type",
        "data-invalid",
        "content/rules/rules.yaml",
        4,
        12,
    ),
    (
        "unknown-unit",
        "unit-unknown",
        "content/rules/rules.yaml",
        5,
        11,
    ),
    (
        "unknown-expression",
        "expr-unknown",
        "content/pages/guide.md",
        7,
        30,
    ),
    (
        "crlf-unknown-expression",
        "expr-unknown",
        "content/pages/guide.md",
        7,
        43,
    ),
    (
        "wrong-argument",
        "expr-argument",
        "content/pages/guide.md",
        7,
        1,
    ),
    (
        "unknown-list",
        "expr-unknown",
        "content/pages/guide.md",
        9,
        9,
    ),
    (
        "unclosed-block",
        "block-unclosed",
        "content/pages/guide.md",
        7,
        1,
    ),
    (
        "duplicate-slug",
        "slug-duplicate",
        "content/pages/other.md",
        5,
        7,
    ),
    (
        "unknown-trust",
        "trust-unknown",
        "content/pages/guide.md",
        5,
        17,
    ),
    (
        "unknown-rule",
        "rule-unknown",
        "content/trusts/beta/trust.yaml",
        8,
        3,
    ),
    (
        "target-too-long",
        "target-too-long",
        "content/trusts/beta/trust.yaml",
        8,
        3,
    ),
    (
        "missing-front-matter",
        "front-matter-missing",
        "content/pages/guide.md",
        1,
        1,
    ),
    (
        "unclosed-front-matter",
        "front-matter-missing",
        "content/pages/guide.md",
        1,
        1,
    ),
    (
        "missing-contact",
        "expr-unknown",
        "content/pages/guide.md",
        7,
        36,
    ),
    (
        "unknown-topic",
        "topic-unknown",
        "content/pages/guide.md",
        4,
        15,
    ),
    (
        "duplicate-key",
        "data-invalid",
        "content/trusts/alpha/trust.yaml",
        2,
        1,
    ),
    (
        "number-too-large",
        "data-invalid",
        "content/rules/rules.yaml",
        16,
        19,
    ),
    (
        "unclosed-expression",
        "expr-syntax",
        "content/pages/guide.md",
        8,
        7,
    ),
    (
        "slug-dot-dot",
        "slug-invalid",
        "content/pages/guide.md",
        4,
        7,
    ),
    (
        "slug-absolute",
        "slug-invalid",
        "content/pages/guide.md",
        4,
        7,
    ),
    (
        "trusts-dot-dot",
        "trust-unknown",
        "content/pages/guide.md",
        4,
        10,
    ),
];

#[test]
fn each_bad_input_is_reported_at_its_place() {
    let mut failures = Vec::new();
    for &(case, code, file, line, column) in CASES {
        let site = site_with(Some(case));
        let (exit, report) = check_json(site.path());
        // Warnings (such as a fixture page without review dates) are not the point here.
        let diagnostics: Vec<_> = report["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        let found: Vec<String> = diagnostics
            .iter()
            .map(|d| format!("{} {}:{}:{}", d["code"], d["file"], d["line"], d["column"]))
            .collect();
        let matches = diagnostics.iter().any(|d| {
            d["code"] == code && d["file"] == file && d["line"] == line && d["column"] == column
        });
        if exit != 1 || !matches || diagnostics.len() != 1 {
            failures.push(format!(
                "{case}: exit {exit}, expected {code} {file}:{line}:{column}, found {found:?}"
            ));
        }
        // A build of the same site stops with exit 1 and writes nothing.
        let out = site.path().join("public");
        let build = common::build(site.path(), &out);
        if build.code != 1 || out.exists() {
            failures.push(format!(
                "{case}: build exit {}, output written: {}",
                build.code,
                out.exists()
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn first_error(report: &serde_json::Value) -> &serde_json::Value {
    report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["severity"] == "error"))
        .unwrap_or_else(|| panic!("no error in {report}"))
}

#[test]
fn the_valid_fixture_is_clean() {
    let site = site_with(None);
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 0, "{report}");
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["trusts"], 2);
}

#[test]
fn unknown_names_suggest_the_closest_one() {
    let site = site_with(Some("unknown-expression"));
    let (_, report) = check_json(site.path());
    let d = first_error(&report);
    assert_eq!(d["message"], "unknown deadline `sar_respons`");
    assert_eq!(d["help"], "did you mean `sar_response`?");
    assert_eq!(d["end_column"], 41);
}

#[test]
fn a_broken_shared_page_is_reported_once_not_once_per_trust() {
    let site = site_with(Some("unknown-expression"));
    let (_, report) = check_json(site.path());
    assert_eq!(report["summary"]["errors"], 1, "{report}");
}

#[test]
fn a_contact_missing_for_one_trust_names_that_trust() {
    let site = site_with(Some("missing-contact"));
    let (_, report) = check_json(site.path());
    let d = first_error(&report);
    assert_eq!(d["trust"], "beta");
    assert_eq!(
        d["message"],
        "Beta Community NHS Trust gives no `email` for its `records` contact"
    );
}

#[test]
fn the_human_report_reads_like_rustc() {
    let site = site_with(Some("target-too-long"));
    let run = common::verity(site.path(), &["check", "--as-of", "2026-11-21"]);
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stderr);
}

#[test]
fn github_annotations_carry_file_line_and_column() {
    let site = site_with(Some("unknown-key"));
    let run = common::verity(site.path(), &["check", "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.trim(),
        "::error file=content/trusts/alpha/trust.yaml,line=6,col=5,endLine=6,endColumn=10,title=data-unknown-key::unknown key `emial`%0Ahelp: did you mean `email`?"
    );
}

#[test]
fn the_json_report_follows_the_contract() {
    let site = site_with(Some("unknown-expression"));
    let (_, report) = check_json(site.path());
    assert_eq!(report["version"], 1);
    let keys: Vec<&str> = report["summary"]
        .as_object()
        .expect("summary")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["errors", "pages", "trusts", "warnings"]);
    let d = report["diagnostics"][0].as_object().expect("a diagnostic");
    for key in [
        "code",
        "severity",
        "trust",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "found",
        "expected",
        "rule",
        "message",
        "help",
    ] {
        assert!(d.contains_key(key), "missing {key}");
    }
}

/// The base fixture with a copy of the repository's theme, one file changed.
fn site_with_theme_file(path: &str, text: &str) -> tempfile::TempDir {
    let site = site_with(None);
    let themes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    common::copy_tree(&themes, &site.path().join("themes"));
    std::fs::write(site.path().join("themes/nhs").join(path), text).expect("write template");
    site
}

#[test]
fn a_theme_template_that_does_not_parse_is_located() {
    let site = site_with_theme_file(
        "components/inset.html",
        "{% component inset() %}\n<div>{{ body | safe }</div>\n{% endcomponent inset %}\n",
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "theme-error");
    assert_eq!(d["file"], "themes/nhs/components/inset.html");
    assert_eq!(d["line"], 2);
}

#[test]
fn a_component_template_using_an_unknown_value_fails_the_build_at_its_line() {
    let site = site_with_theme_file(
        "components/warning.html",
        "{% component warning(title) %}\n<div>{{ title }}\n{{ colour.name }}</div>\n{% endcomponent warning %}\n",
    );
    let out = site.path().join("public");
    let (run, report) = common::build_json(site.path(), &out);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "theme-error", "{report}");
    assert_eq!(d["file"], "themes/nhs/components/warning.html");
    assert_eq!(d["line"], 3);
    assert!(!out.exists());
}

#[test]
fn problems_that_stop_a_build_cannot_be_turned_down() {
    for level in ["off", "warning"] {
        let site = site_with(None);
        common::set_levels(&site, &format!("output-unsafe = \"{level}\""));
        let out = site.path().join("precious");
        std::fs::create_dir_all(&out).expect("folder");
        std::fs::write(out.join("notes.txt"), b"mine").expect("file");
        let (run, report) = common::build_json(site.path(), &out);
        assert_eq!(run.code, 1, "{level}: {}", run.stderr);
        let errors: Vec<String> = report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["severity"] == "error")
            .map(|d| format!("{} {}:{}", d["code"], d["file"], d["line"]))
            .collect();
        assert_eq!(
            errors,
            [
                "\"output-unsafe\" null:null",
                "\"config-invalid\" \"site.toml\":5"
            ],
            "{level}: {report}"
        );
        assert_eq!(std::fs::read(out.join("notes.txt")).expect("kept"), b"mine");
    }
    // A broken theme stops the build whatever its level says.
    let site = site_with_theme_file(
        "components/warning.html",
        "{% component warning(title) %}\n{{ colour.name }}\n{% endcomponent warning %}\n",
    );
    common::set_levels(&site, "theme-error = \"off\"");
    common::write(
        site.path(),
        "content/pages/warned.md",
        "---\ntitle: Warned\ndescription: Warned.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n{% warning(\"Careful\") %}\nText.\n{% end %}\n",
    );
    let run = common::build(site.path(), &site.path().join("public"));
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("error[theme-error]"), "{}", run.stderr);
}

#[test]
fn check_fails_whenever_build_would_refuse() {
    // A broken link and a broken component: `verity check` used to pass both.
    let site = site_with_theme_file(
        "components/inset.html",
        "{% component inset() %}\n<div>{{ body | safe }}{{ colour.name }}</div>\n{% endcomponent inset %}\n",
    );
    let themes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    common::write(
        site.path(),
        "content/pages/linked.md",
        "---\ntitle: Linked\ndescription: Linked.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nSee [the guide](../nowhere/).\n\n{% inset() %}\nText.\n{% end %}\n",
    );
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"theme-error"), "{report}");
    let out = site.path().join("public");
    assert_eq!(common::build(site.path(), &out).code, 1);
    // With the component fixed, the link still stops both.
    std::fs::copy(
        themes.join("nhs/components/inset.html"),
        site.path().join("themes/nhs/components/inset.html"),
    )
    .expect("restore");
    let (exit, report) = check_json(site.path());
    assert_eq!(exit, 1, "{report}");
    assert!(report.to_string().contains("\"link-broken\""), "{report}");
    assert_eq!(common::build(site.path(), &out).code, 1);
}
