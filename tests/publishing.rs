//! What a site needs to be published: the workflow `verity new` writes
//! (checks on pull requests, publishes from main), and the host settings
//! a build writes beside the pages (`_headers` for Netlify and Cloudflare
//! Pages, `staticwebapp.config.json` for Azure Static Web Apps), with the
//! same headers and 404 page.

mod common;

use serde_json::Value;

use common::{build, page, read_tree, site_with, verity};

#[test]
fn verity_new_writes_a_workflow_that_checks_pull_requests_and_publishes_main() {
    let parent = tempfile::tempdir().expect("temp dir");
    let dir = parent.path().join("site");
    let run = verity(parent.path(), &["new", dir.to_str().expect("utf-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text =
        std::fs::read_to_string(dir.join(".github/workflows/verity.yml")).expect("the workflow");
    let workflow: Value = serde_saphyr::from_str(&text).expect("the workflow is YAML");
    assert!(
        workflow["on"]["pull_request"].is_null() && workflow["on"].get("pull_request").is_some()
    );
    assert_eq!(
        workflow["on"]["push"]["branches"],
        serde_json::json!(["main"])
    );
    let runs: Vec<&str> = workflow["jobs"]["check"]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|step| step["run"].as_str())
        .collect();
    assert!(runs.contains(&"verity check --format github"), "{runs:?}");
    assert!(runs.contains(&"verity build --out public"), "{runs:?}");
    assert_eq!(workflow["jobs"]["publish"]["needs"], "check");
    assert_eq!(workflow["jobs"]["publish"]["permissions"]["pages"], "write");
}

#[test]
fn every_host_gets_the_same_headers_and_404_page() {
    let site = site_with(None);
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let headers = page(&files, "_headers");
    let azure: Value = serde_json::from_str(&page(&files, "staticwebapp.config.json"))
        .expect("the Azure settings are JSON");
    let global = azure["globalHeaders"].as_object().expect("global headers");
    assert!(global.len() >= 5, "{global:?}");
    for (name, value) in global {
        let line = format!("  {name}: {}\n", value.as_str().expect("a header value"));
        assert!(
            headers.contains(&line),
            "{line} is not in _headers:\n{headers}"
        );
    }
    // The fixture lives under /guidance/: so do its 404 page and assets.
    let rewrite = azure["responseOverrides"]["404"]["rewrite"]
        .as_str()
        .expect("a 404 page");
    assert_eq!(rewrite, "/guidance/404.html");
    assert!(files.contains_key("404.html"));
    assert_eq!(azure["responseOverrides"]["404"]["statusCode"], 404);
    assert_eq!(azure["routes"][0]["route"], "/guidance/assets/*");
    assert!(
        headers
            .contains("/guidance/assets/*\n  Cache-Control: public, max-age=31536000, immutable")
    );
}
