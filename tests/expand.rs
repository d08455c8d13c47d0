//! The expanded markdown knows where every byte came from: typed text maps
//! back to its place in the source file, and data-produced text names the
//! expression and rule that produced it. The checker depends on both.

mod common;

use verity::Origin;
use verity::model::Date;

fn expansion(trust: &str) -> (verity::Judged, usize) {
    let site = common::site_with(None);
    let as_of = Date::parse("2026-11-21").expect("date");
    // A pipeline that keeps its work gives each expansion's markdown whole
    // (a one-off check lets it go once the page is read).
    let outcome = verity::Pipeline::new(site.path(), verity::RunParams::as_of(as_of))
        .judge()
        .expect("site loads");
    let index = outcome
        .expansions
        .iter()
        .position(|e| e.trust == trust && outcome.site.pages[e.page].slug == "guide")
        .expect("guide expanded for the trust");
    (outcome, index)
}

#[test]
fn typed_text_maps_back_to_the_source_file() {
    let (outcome, index) = expansion("alpha");
    let expansion = &outcome.expansions[index];
    let page = &outcome.site.pages[expansion.page];
    let markdown = &expansion.expanded.markdown;
    let at = markdown.find("today").expect("typed word");
    let source_offset = expansion
        .expanded
        .source_offset(at)
        .expect("typed text has a source");
    assert_eq!(&page.source.text[source_offset..source_offset + 5], "today");
}

#[test]
fn data_text_is_marked_with_its_rule() {
    let (outcome, index) = expansion("alpha");
    let expanded = &outcome.expansions[index].expanded;
    let page = &outcome.site.pages[outcome.expansions[index].page];
    let at = expanded
        .markdown
        .find("1 calendar month")
        .expect("value written in");
    assert_eq!(expanded.source_offset(at), None);
    match expanded.origin_at(at) {
        Some(Origin::Data { expression, rule }) => {
            assert_eq!(
                rule.as_ref().map(ToString::to_string).as_deref(),
                Some("deadlines.sar_response")
            );
            assert_eq!(
                &page.source.text[expression.clone()],
                "{{ deadlines.sar_response }}"
            );
        }
        other => panic!("expected data origin, found {other:?}"),
    }
}

#[test]
fn each_trust_gets_its_own_values() {
    let (outcome, alpha) = expansion("alpha");
    let beta = outcome
        .expansions
        .iter()
        .position(|e| e.trust == "beta" && outcome.site.pages[e.page].slug == "guide")
        .expect("beta guide");
    assert!(
        outcome.expansions[alpha]
            .expanded
            .markdown
            .contains("01234 567890")
    );
    assert!(
        outcome.expansions[beta]
            .expanded
            .markdown
            .contains("029 2000 0000")
    );
    assert!(
        !outcome.expansions[beta]
            .expanded
            .markdown
            .contains("01234 567890")
    );
}

#[test]
fn code_spans_keep_their_braces() {
    let (outcome, index) = expansion("beta");
    let markdown = &outcome.expansions[index].expanded.markdown;
    assert!(markdown.contains("`{{ not.an.expression }}`"));
}
