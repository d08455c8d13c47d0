//! A pipeline kept between runs redoes only what a change touches: the
//! preview server depends on this to rebuild in milliseconds.

mod common;

use verity::build::{Pipeline, Work};
use verity::model::Date;

fn as_of() -> Date {
    Date::parse("2026-11-21").expect("date")
}

fn run(pipeline: &mut Pipeline) -> Work {
    let mut outcome = pipeline.check().expect("site loads");
    assert!(!outcome.diagnostics.has_errors());
    assert!(pipeline.render(&mut outcome).is_some());
    outcome.work
}

#[test]
fn a_second_run_with_no_change_redoes_nothing() {
    let site = common::example_site();
    let mut pipeline = Pipeline::new(site.path(), as_of());
    let first = run(&mut pipeline);
    assert_eq!(first.parsed, 13);
    assert_eq!(first.expanded, 33);
    assert_eq!(first.rendered, 33 + 3 + 3 + 1);
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
            expanded: 3,
            checked: 3,
            rendered: 3
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
    // hhft has 11 pages, a home and an accessibility statement. Other trusts' pages are checked again
    // only if they judged a typed contact, and the example has none.
    assert_eq!(work.parsed, 0);
    assert_eq!(work.expanded, 11);
    assert_eq!(work.rendered, 13);
    assert_eq!(work.checked, 11);
}

#[test]
fn a_contact_edit_rechecks_pages_that_type_a_contact() {
    let site = common::example_site();
    let page = site
        .path()
        .join("content/trusts/imperial/care-information-exchange.md");
    let text = std::fs::read_to_string(&page).expect("page");
    // Imperial's page types NUH's phone number: a foreign contact.
    std::fs::write(&page, format!("{text}\nOr ring 0115 924 9924.\n")).expect("write");
    let mut pipeline = Pipeline::new(site.path(), as_of());
    let first = pipeline.check().expect("loads");
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
    let second = pipeline.check().expect("loads");
    let codes: Vec<&str> = second
        .diagnostics
        .items()
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"contact-unknown"), "{codes:?}");
    assert!(!codes.contains(&"contact-foreign"), "{codes:?}");
}
