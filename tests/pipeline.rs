//! A pipeline kept between runs redoes only what a change touches: the
//! preview server depends on this to rebuild in milliseconds.

mod common;

use verity::RunParams;
use verity::model::Date;
use verity::pipeline::{Pipeline, Work};

fn as_of() -> RunParams {
    RunParams::as_of(Date::parse("2026-11-21").expect("date"))
}

fn run(pipeline: &mut Pipeline) -> Work {
    let judged = pipeline.judge().expect("site loads");
    assert!(!judged.diagnostics.has_errors());
    assert!(judged.output.is_some());
    judged.work
}

/// Runs the pipeline and returns one file of its output as text.
fn built_file(pipeline: &mut Pipeline, path: &str) -> String {
    let output = pipeline
        .judge()
        .expect("site loads")
        .output
        .expect("renders");
    String::from_utf8(output.files[path].to_vec()).expect("text")
}

#[test]
fn a_second_run_with_no_change_redoes_nothing() {
    let site = common::example_site();
    let mut pipeline = Pipeline::new(site.path(), as_of());
    let first = run(&mut pipeline);
    // Ten shared pages, two of them England's only, and four trusts' own,
    // for three English trusts, a Scottish and a Welsh board; and the
    // Welsh of eight shared pages for the Welsh board, which has its home
    // and accessibility statement in both languages; the site home and the
    // site's own accessibility statement.
    assert_eq!(first.parsed, 14 + 8);
    assert_eq!(first.expanded, 8 * 5 + 2 * 3 + 4 + 8);
    assert_eq!(first.rendered, 58 + 6 + 6 + 2);
    assert_eq!(run(&mut pipeline), Work::default());
}

#[test]
fn a_page_edit_redoes_that_page_for_each_of_its_trusts() {
    let site = common::example_site();
    let mut pipeline = Pipeline::new(site.path(), as_of());
    run(&mut pipeline);
    let page = site.path().join("content/pages/costs.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(
        &page,
        text.replace("We will tell you the cost", "We always tell you the cost"),
    )
    .expect("write");
    let work = run(&mut pipeline);
    assert_eq!(
        work,
        Work {
            parsed: 1,
            expanded: 5,
            checked: 5,
            rendered: 5,
            search_waiting: 0
        }
    );
}

#[test]
fn a_trust_edit_re_renders_that_trust_only() {
    let site = common::example_site();
    let mut pipeline = Pipeline::new(site.path(), as_of());
    run(&mut pipeline);
    let trust = site.path().join("content/trusts/hhft/trust.yaml");
    let text = std::fs::read_to_string(&trust).expect("trust");
    std::fs::write(
        &trust,
        text.replace("Access to Health Records team", "Health Records team"),
    )
    .expect("write");
    let work = run(&mut pipeline);
    // hhft has 11 pages, a home and an accessibility statement, and the
    // site home's and the site statement's templates are given every trust
    // whole. Other trusts' pages
    // are checked again only if they judged a typed contact, and the
    // example has none.
    assert_eq!(work.parsed, 0);
    assert_eq!(work.expanded, 11);
    assert_eq!(work.rendered, 11 + 2 + 2);
    assert_eq!(work.checked, 11);
}

/// The example site, with Imperial's own page typing NUH's phone number: a
/// foreign contact, whose message names NUH.
fn site_typing_another_trusts_phone() -> tempfile::TempDir {
    let site = common::example_site();
    let page = site
        .path()
        .join("content/trusts/imperial/care-information-exchange.md");
    let text = std::fs::read_to_string(&page).expect("page");
    std::fs::write(&page, format!("{text}\nOr ring 0115 924 9924.\n")).expect("write");
    site
}

#[test]
fn a_contact_edit_rechecks_pages_that_type_a_contact() {
    let site = site_typing_another_trusts_phone();
    let mut pipeline = Pipeline::new(site.path(), as_of());
    let first = pipeline.judge().expect("loads");
    assert!(
        first
            .diagnostics
            .items()
            .iter()
            .any(|d| d.code.as_str() == "contact-foreign")
    );
    // NUH changes its number: Imperial's page must be judged again, and now
    // the number belongs to no one.
    let trust = site.path().join("content/trusts/nuh/trust.yaml");
    let yaml = std::fs::read_to_string(&trust).expect("trust");
    std::fs::write(&trust, yaml.replace("0115 924 9924", "0115 000 0000")).expect("write");
    let second = pipeline.judge().expect("loads");
    let codes: Vec<&str> = second
        .diagnostics
        .items()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"contact-unknown"), "{codes:?}");
    assert!(!codes.contains(&"contact-foreign"), "{codes:?}");
}

#[test]
fn a_watched_pipeline_reads_again_what_the_watcher_names() {
    let site = common::example_site();
    let root = site.path().canonicalize().expect("root");
    let mut pipeline = Pipeline::watched(&root, as_of());
    run(&mut pipeline);
    let costs = root.join("content/pages/costs.md");
    let text = std::fs::read_to_string(&costs).expect("page");
    std::fs::write(
        &costs,
        text.replace("We will tell you the cost", "We always tell you"),
    )
    .expect("write");
    // Nobody said the file changed, so it is not even looked at.
    assert_eq!(run(&mut pipeline), Work::default());
    pipeline.forget(std::slice::from_ref(&costs));
    assert_eq!(run(&mut pipeline).parsed, 1);
    // A folder named by the watcher (a rename, or events it lost) means
    // every file in it is read again.
    let caldicott = root.join("content/pages/caldicott.md");
    let text = std::fs::read_to_string(&caldicott).expect("page");
    std::fs::write(&caldicott, format!("{text}\nOne more line.\n")).expect("write");
    pipeline.forget(&[root.join("content")]);
    assert_eq!(run(&mut pipeline).parsed, 1);
}

/// The `link-broken` findings of a check and render.
fn broken_links(pipeline: &mut Pipeline) -> Vec<String> {
    pipeline
        .judge()
        .expect("site loads")
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code.as_str() == "link-broken")
        .map(|d| {
            format!(
                "{} {}",
                d.file.as_deref().unwrap_or(""),
                d.detail().found.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn links_are_judged_again_when_the_page_they_lead_to_changes() {
    let site = common::example_site();
    let root = site.path();
    let mut pipeline = Pipeline::new(root, as_of());
    common::write(
        root,
        "content/pages/costs.md",
        &std::fs::read_to_string(root.join("content/pages/costs.md"))
            .expect("page")
            .replace(
                "We will tell you the cost",
                "See [who can ask](../your-records/#how-long-it-takes). We will tell you the cost",
            ),
    );
    assert_eq!(broken_links(&mut pipeline), Vec::<String>::new());
    // The heading the link leads to is renamed in another file: the
    // unchanged page's link is broken now.
    let other = root.join("content/pages/your-records.md");
    let text = std::fs::read_to_string(&other).expect("page");
    std::fs::write(
        &other,
        text.replace("## How long it takes", "## Time limits"),
    )
    .expect("write");
    let broken = broken_links(&mut pipeline);
    assert!(!broken.is_empty());
    assert!(
        broken
            .iter()
            .all(|b| b.starts_with("content/pages/costs.md ../your-records/#how-long-it-takes")),
        "{broken:?}"
    );
    std::fs::write(&other, text).expect("write");
    assert_eq!(broken_links(&mut pipeline), Vec::<String>::new());
}

#[test]
fn links_are_judged_again_when_the_page_they_lead_to_goes_and_comes_back() {
    let site = common::example_site();
    let root = site.path();
    let mut pipeline = Pipeline::new(root, as_of());
    let costs = root.join("content/pages/costs.md");
    common::write(
        root,
        "content/pages/costs.md",
        &std::fs::read_to_string(&costs).expect("page").replace(
            "We will tell you the cost",
            "See [the Caldicott principles](../caldicott/). We will tell you the cost",
        ),
    );
    assert_eq!(broken_links(&mut pipeline), Vec::<String>::new());
    let target = root.join("content/pages/caldicott.md");
    let text = std::fs::read_to_string(&target).expect("page");
    std::fs::remove_file(&target).expect("remove");
    let broken = broken_links(&mut pipeline);
    assert!(
        !broken.is_empty()
            && broken
                .iter()
                .all(|b| b.starts_with("content/pages/costs.md ../caldicott/")),
        "{broken:?}"
    );
    std::fs::write(&target, text).expect("write");
    assert_eq!(broken_links(&mut pipeline), Vec::<String>::new());
}

#[test]
fn the_sitemap_follows_a_changed_review_date() {
    let site = common::example_site();
    let root = site.path();
    let mut pipeline = Pipeline::new(root, as_of());
    let sitemap = |pipeline: &mut Pipeline| built_file(pipeline, "sitemap.xml");
    let before = sitemap(&mut pipeline);
    let costs = root.join("content/pages/costs.md");
    let text = std::fs::read_to_string(&costs).expect("page");
    let reviewed = text
        .lines()
        .find_map(|l| l.strip_prefix("last_reviewed: "))
        .expect("a review date")
        .to_string();
    std::fs::write(&costs, text.replace(&reviewed, "2026-11-19")).expect("write");
    let after = sitemap(&mut pipeline);
    assert_ne!(before, after);
    assert!(
        after.contains("/nuh/costs/</loc><lastmod>2026-11-19</lastmod>"),
        "{after}"
    );
}

#[test]
fn bodies_read_again_after_a_theme_edit_match_bodies_read_while_checking() {
    let site = common::example_site();
    common::write(
        site.path(),
        "content/pages/formats.md",
        "---\ntitle: Formats\ndescription: Every kind of block a page can hold.\ntopics: [sar]\nnations: [england]\n\
         last_reviewed: 2026-11-20\n---\n\n## Steps\n\n1. Write to us\n2. Wait\n\n## Steps\n\n\
         | What | Where |\n|---|---|\n| Records | {{ trust.name }} |\n\n## Code {#code}\n\n\
         ```python\nanswer = 42\n```\n\n    indented code\n\nA note[^1] with \\*stars\\* &amp; ~~strike~~.\n\n\
         [^1]: The footnote.\n\n## Unclosed\n\n```\nno end\n",
    );
    let files = |pipeline: &mut Pipeline| {
        let judged = pipeline.judge().expect("site loads");
        assert!(!judged.diagnostics.has_errors(), "{:?}", judged.diagnostics);
        judged.output.expect("renders").files
    };
    let mut kept = Pipeline::new(site.path(), as_of());
    files(&mut kept);
    // A theme edit renders every page again while every check is reused:
    // each body is read again by the render stage, not handed over by the
    // read stage as in a fresh build.
    let base = site.path().join("themes/nhs/templates/base.html");
    let template = std::fs::read_to_string(&base).expect("template");
    std::fs::write(&base, template.replace("</body>", "<!-- edited --></body>")).expect("write");
    let again = files(&mut kept);
    let fresh = files(&mut Pipeline::new(site.path(), as_of()));
    assert_eq!(
        again.keys().collect::<Vec<_>>(),
        fresh.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &fresh {
        assert_eq!(bytes, &again[path], "{path} differs");
    }
    let page = String::from_utf8(fresh["nuh/formats/index.html"].to_vec()).expect("text");
    for expected in [
        "id=\"steps-2\"",
        "id=\"code\"",
        "hl-",
        "<table>",
        "footnote",
        "<!-- edited -->",
    ] {
        assert!(page.contains(expected), "{expected} missing from {page}");
    }
}

#[test]
fn the_search_index_follows_a_changed_heading_and_body() {
    let site = common::example_site();
    let root = site.path();
    let mut pipeline = Pipeline::new(root, as_of());
    let index = |pipeline: &mut Pipeline| built_file(pipeline, "nuh/search-index.json");
    let before = index(&mut pipeline);
    assert!(before.contains("Your own records"), "{before}");
    assert!(!before.contains("\"zanzibar\""), "{before}");
    let costs = root.join("content/pages/costs.md");
    let text = std::fs::read_to_string(&costs).expect("page");
    // A word added to the body is found.
    std::fs::write(
        &costs,
        text.replace("## Your own records", "## Your own records\n\nZanzibar."),
    )
    .expect("write");
    assert!(index(&mut pipeline).contains("\"zanzibar\""));
    std::fs::write(
        &costs,
        text.replace("## Your own records", "## Records about you"),
    )
    .expect("write");
    let after = index(&mut pipeline);
    assert!(
        after.contains(",\"Records about you\",\"records-about-you\"]"),
        "{after}"
    );
    assert!(!after.contains("\"zanzibar\""), "{after}");
    assert_eq!(
        after.matches("\"Your own records\"").count(),
        1,
        "only how-long-it-takes keeps it"
    );
}

#[test]
fn a_trust_renamed_is_named_again_where_its_contact_is_typed_elsewhere() {
    let site = site_typing_another_trusts_phone();
    let mut pipeline = Pipeline::new(site.path(), as_of());
    let foreign = |pipeline: &mut Pipeline| -> Vec<String> {
        let judged = pipeline.judge().expect("loads");
        judged
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.code.as_str() == "contact-foreign")
            .map(|d| d.message.clone())
            .collect()
    };
    let before = foreign(&mut pipeline);
    assert!(
        before
            .iter()
            .any(|m| m.contains("Nottingham University Hospitals")),
        "{before:?}"
    );
    let trust = site.path().join("content/trusts/nuh/trust.yaml");
    let yaml = std::fs::read_to_string(&trust).expect("trust");
    std::fs::write(
        &trust,
        yaml.replace(
            "name: Nottingham University Hospitals NHS Trust",
            "name: Nottingham Hospitals",
        ),
    )
    .expect("write");
    let after = foreign(&mut pipeline);
    assert!(
        after.iter().any(|m| m.contains("Nottingham Hospitals")),
        "{after:?}"
    );
}

#[test]
fn a_problem_in_the_theme_is_reported_on_every_rebuild() {
    let site = common::example_site();
    std::fs::write(
        site.path().join("themes/nhs/templates/extra.html"),
        b"<p>\xff</p>",
    )
    .expect("write");
    let mut pipeline = Pipeline::new(site.path(), as_of());
    let codes = |pipeline: &mut Pipeline| -> Vec<String> {
        let judged = pipeline.judge().expect("loads");
        judged
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.file.as_deref().is_some_and(|f| f.contains("extra.html")))
            .map(|d| d.code.as_str().to_string())
            .collect()
    };
    let first = codes(&mut pipeline);
    assert!(!first.is_empty(), "the unreadable template is reported");
    // An edit elsewhere reuses the theme: its problem stands.
    let costs = site.path().join("content/pages/costs.md");
    let text = std::fs::read_to_string(&costs).expect("page");
    std::fs::write(&costs, format!("{text}\nOne more line.\n")).expect("write");
    assert_eq!(codes(&mut pipeline), first);
}

#[test]
fn how_a_shared_page_is_written_is_reported_after_its_first_trust_goes() {
    let site = common::example_site();
    let costs = site.path().join("content/pages/costs.md");
    let text = std::fs::read_to_string(&costs).expect("page");
    std::fs::write(&costs, format!("{text}\n# A second title\n\nMore text.\n")).expect("write");
    let h1 = |pipeline: &mut Pipeline| -> usize {
        let judged = pipeline.judge().expect("loads");
        judged
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.code.as_str() == "heading-h1")
            .count()
    };
    let mut pipeline = Pipeline::new(site.path(), as_of());
    assert_eq!(h1(&mut pipeline), 1);
    // The page's first trust goes; the others' checks are reused, and the
    // page is still written the same way.
    std::fs::remove_dir_all(site.path().join("content/trusts/hhft")).expect("remove");
    assert_eq!(h1(&mut pipeline), 1);
    assert_eq!(h1(&mut Pipeline::once(site.path(), as_of())), 1);
}
