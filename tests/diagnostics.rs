//! Every kind of bad input is reported where it is, with a stable code and
//! exit code 1. Each case is a fixture under tests/fixtures/invalid/ laid
//! over the valid site in tests/fixtures/base/, with a file named `expected`
//! beside it that says what mistake the case makes and lists the errors it
//! must report.

mod common;

use common::{EXPECTED, check_json, site_with};

/// The invalid cases: every folder under tests/fixtures/invalid/, sorted.
fn invalid_cases() -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(common::fixtures().join("invalid"))
        .expect("the invalid fixtures folder")
        .map(|entry| entry.expect("a readable entry"))
        .filter(|entry| entry.file_type().expect("a file type").is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// The errors a case's `expected` file lists, one a line in the form
/// `error CODE FILE:LINE:COLUMN`, sorted. Lines starting with `#` describe
/// the case and blank lines are for reading; neither is an error. `None`
/// when the case has no `expected` file.
fn expected_errors(case: &str) -> Option<Vec<String>> {
    let path = common::fixtures().join("invalid").join(case).join(EXPECTED);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    };
    let mut lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(String::from)
        .collect();
    lines.sort();
    Some(lines)
}

/// The errors in a JSON report, written as an `expected` file writes them,
/// sorted. Warnings (such as a fixture page without review dates) are not
/// the point of these cases.
fn errors_found(report: &serde_json::Value) -> Vec<String> {
    let mut found: Vec<String> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "error {} {}:{}:{}",
                d["code"].as_str().unwrap_or("?"),
                d["file"].as_str().unwrap_or("?"),
                d["line"],
                d["column"]
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn each_bad_input_is_reported_at_its_place() {
    let cases = invalid_cases();
    assert!(!cases.is_empty(), "no cases under tests/fixtures/invalid/");
    let mut failures = Vec::new();
    for case in &cases {
        let Some(expected) = expected_errors(case) else {
            failures.push(format!(
                "{case}: no `{EXPECTED}` file; add tests/fixtures/invalid/{case}/{EXPECTED} \
                 with a `#` line saying what mistake the case makes and one \
                 `error CODE FILE:LINE:COLUMN` line for each error it must report"
            ));
            continue;
        };
        if expected.is_empty() {
            failures.push(format!(
                "{case}: its `{EXPECTED}` file lists no errors, but every invalid case must report one"
            ));
        }
        let site = site_with(Some(case));
        let (exit, report) = check_json(site.path());
        let found = errors_found(&report);
        if exit != 1 || found != expected {
            failures.push(format!(
                "{case}: exit {exit}\n  expected {expected:?}\n  found    {found:?}"
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

#[test]
fn an_expected_file_is_not_copied_into_the_site() {
    let site = site_with(Some("unknown-key"));
    assert!(!site.path().join(EXPECTED).exists());
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
                "\"config-invalid\" \"site.toml\":8"
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

/// A shared page with two mistakes, for the fixture's trusts and ten more
/// in England.
fn site_of_twelve_trusts() -> tempfile::TempDir {
    let site = site_with(None);
    for n in 0..10 {
        common::write(
            site.path(),
            &format!("content/trusts/t{n:02}/trust.yaml"),
            &format!(
                "name: Trust {n}\nnation: england\ncontacts:\n  records:\n    name: Records\n    phone: 0113 496 00{n:02}\n"
            ),
        );
    }
    common::write(
        site.path(),
        "content/pages/mistakes.md",
        "---\ntitle: Mistakes\ndescription: Two.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\nWe reply within 40 days. Copies cost £50.\n",
    );
    site
}

#[test]
fn one_mistake_on_a_shared_page_is_one_diagnostic_listing_its_trusts() {
    let site = site_of_twelve_trusts();
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    let errors: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 2, "{report}");
    assert_eq!(report["summary"]["errors"], 2);
    for d in &errors {
        let trusts: Vec<&str> = d["trusts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|t| t.as_str())
            .collect();
        assert_eq!(trusts.len(), 12, "{d}");
        assert!(trusts.contains(&"alpha") && trusts.contains(&"t09"), "{d}");
        assert!(d["trust"].is_null());
    }
    // The human report names the first eight and counts the rest, once.
    let human = common::verity(site.path(), &["check", "--as-of", "2026-11-21"]);
    assert_eq!(
        human.stderr.matches("for 12 trusts: alpha, beta, t00, t01, t02, t03, t04, t05 and 4 more (`--format json` lists all)").count(),
        2,
        "{}",
        human.stderr
    );
    // So do the GitHub annotations, on the annotation itself.
    let github = common::verity(
        site.path(),
        &["check", "--format", "github", "--as-of", "2026-11-21"],
    );
    let annotations: Vec<&str> = github
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(annotations.len(), 2, "{}", github.stdout);
    assert!(
        annotations
            .iter()
            .all(|a| a.contains("%0Afor 12 trusts: alpha, beta, t00")),
        "{annotations:?}"
    );
}

#[test]
fn warnings_of_a_kind_beyond_a_handful_are_counted_with_their_files() {
    let site = site_with(None);
    let long = "This sentence goes on and on with words that a reader must hold in mind all the way to the end, which is much too far away for most people to follow it.";
    for n in 0..4 {
        common::write(
            site.path(),
            &format!("content/pages/long-{n}.md"),
            &format!(
                "---\ntitle: Long {n}\ndescription: Long.\ntopics: [sar]\nlast_reviewed: 2026-11-01\n---\n\n{long}\n\n{long}\n"
            ),
        );
    }
    let shown = |args: &[&str]| {
        let run = common::verity(site.path(), args);
        run.stderr
            .matches("warning[sentence-long]: this sentence has")
            .count()
    };
    assert_eq!(shown(&["check", "--as-of", "2026-11-21"]), 5);
    let human = common::verity(site.path(), &["check", "--as-of", "2026-11-21"]);
    assert!(
        human.stderr.contains(
            "warning[sentence-long]: 3 more like this, in content/pages/long-3.md (2), content/pages/long-2.md (1)\n  = help: `--verbose` shows each one; `--format json` lists them all"
        ),
        "{}",
        human.stderr
    );
    assert_eq!(shown(&["check", "--verbose", "--as-of", "2026-11-21"]), 8);
    let (_, report) = check_json(site.path());
    let all = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["code"] == "sentence-long")
        .count();
    assert_eq!(all, 8);
}

#[test]
fn the_commonest_yaml_mistakes_are_explained_with_the_line_to_write() {
    let front = "---\ntitle: Ask for your records\ndescription: How to ask.\ntopics: [sar]\nlast_reviewed: 2026-11-01\norder: 2\n---\n\nText.\n";
    for (mistake, from, to, expected, help) in [
        (
            "a colon in a title",
            "title: Ask for your records",
            "title: Records: how to ask",
            "yaml-syntax 2:8 the value of `title` has a colon in it, so YAML takes it for another key",
            "put the value in double quotes: `title: \"Records: how to ask\"`",
        ),
        (
            "one topic without brackets",
            "topics: [sar]",
            "topics: sar",
            "yaml-syntax 4:9 `topics` is a list, even with one item in it",
            "write it in square brackets: `topics: [sar]`",
        ),
        (
            "a tab",
            "order: 2",
            "\torder: 2",
            "yaml-syntax 6:1 this line is lined up with a tab, and YAML lines things up with spaces only",
            "replace the tab with spaces (two for each step in), or delete it if the key belongs at the start of the line",
        ),
        (
            "a key indented under the line above",
            "order: 2",
            "  order: 2",
            "data-invalid 6:3 `order:` is indented, so YAML reads it as more of the line above",
            "start `order:` at the same place as the line above (delete the spaces before it)",
        ),
        (
            "a word where a number belongs",
            "order: 2",
            "order: two",
            "data-invalid 6:8 `order` needs a whole number written in digits, not `two`",
            "write `order: 2`",
        ),
    ] {
        let site = site_with(None);
        common::write(
            site.path(),
            "content/pages/guide.md",
            &front.replace(from, to),
        );
        let (code, report) = check_json(site.path());
        assert_eq!(code, 1, "{mistake}");
        let found: Vec<(String, String)> = report["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["severity"] == "error")
            .map(|d| {
                (
                    format!(
                        "{} {}:{} {}",
                        d["code"].as_str().unwrap_or(""),
                        d["line"],
                        d["column"],
                        d["message"].as_str().unwrap_or("")
                    ),
                    d["help"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [(expected.to_string(), help.to_string())],
            "{mistake}"
        );
    }
}
