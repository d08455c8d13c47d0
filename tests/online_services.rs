//! Online services (the NHS App, a trust's own request form) are linked
//! from every page about one of their topics, for the nations they serve,
//! in the page's language; a trust's service stands in for the rule data's
//! of the same id; a service without a whole web address is an error at
//! its line.

mod common;

use common::{build, check_json, example_site, messages, page, read_tree};

/// The example site with the Welsh board's own online request form, in
/// English and Welsh.
fn site_with_welsh_form() -> tempfile::TempDir {
    let site = example_site();
    common::replace_in(
        site.path(),
        "content/trusts/hywel-dda/trust.yaml",
        "contacts:\n",
        "online_services:\n  records_form:\n    link: Ask for your records online\n    link_cy: Gofyn am eich cofnodion ar-lein\n    web: https://forms.example.nhs.uk/hdd-records\n    topics: [sar]\ncontacts:\n",
    );
    site
}

fn built(site: &tempfile::TempDir) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read_tree(&out)
}

/// The action links a page shows, as (text, address).
fn action_links(html: &str) -> Vec<(String, String)> {
    html.split("<p class=\"action-link\"><a href=\"")
        .skip(1)
        .map(|rest| {
            let (address, rest) = rest.split_once('"').expect("address ends");
            let text = rest
                .split("</svg>")
                .nth(1)
                .and_then(|t| t.split("</a>").next())
                .expect("link text");
            (text.to_string(), address.to_string())
        })
        .collect()
}

#[test]
fn a_page_links_to_the_online_services_for_its_topics_in_its_trusts_nation() {
    let files = built(&site_with_welsh_form());
    let nhs_app = (
        "Use the NHS App to see your GP record".to_string(),
        "https://www.nhs.uk/nhs-app/".to_string(),
    );
    // The GP record page is England's: its trusts link to the NHS App.
    assert_eq!(
        action_links(&page(&files, "hhft/gp-online-records/index.html")),
        std::slice::from_ref(&nhs_app)
    );
    assert_eq!(
        action_links(&page(&files, "nuh/gp-online-records/index.html")),
        [nhs_app]
    );
    // A trust's own form is on each of its pages about its patients' own
    // records, and on no page of another topic or another trust.
    let form = (
        "Ask for your records online".to_string(),
        "https://hhft.ams-sar.com/".to_string(),
    );
    assert_eq!(
        action_links(&page(&files, "hhft/your-records/index.html")),
        std::slice::from_ref(&form)
    );
    assert_eq!(
        action_links(&page(&files, "hhft/how-long-it-takes/index.html")),
        [form]
    );
    assert!(action_links(&page(&files, "hhft/caldicott/index.html")).is_empty());
    assert!(action_links(&page(&files, "nuh/your-records/index.html")).is_empty());
    assert_eq!(
        action_links(&page(
            &files,
            "imperial/care-information-exchange/index.html"
        )),
        [(
            "See your records online in Care Information Exchange".to_string(),
            "https://www.careinformationexchange-nwl.nhs.uk/".to_string()
        )]
    );
    // A Welsh page says it in Welsh.
    assert_eq!(
        action_links(&page(&files, "hywel-dda/cy/your-records/index.html")),
        [(
            "Gofyn am eich cofnodion ar-lein".to_string(),
            "https://forms.example.nhs.uk/hdd-records".to_string()
        )]
    );
    assert_eq!(
        action_links(&page(&files, "hywel-dda/your-records/index.html"))[0].0,
        "Ask for your records online"
    );
}

#[test]
fn a_trusts_own_service_stands_in_for_the_rule_datas_of_the_same_id() {
    let site = example_site();
    common::replace_in(
        site.path(),
        "content/trusts/nuh/trust.yaml",
        "contacts:\n",
        "online_services:\n  nhs_app:\n    link: See your GP record in our patient portal\n    web: https://portal.example.nhs.uk/\n    topics: [gp-online]\ncontacts:\n",
    );
    let files = built(&site);
    assert_eq!(
        action_links(&page(&files, "nuh/gp-online-records/index.html")),
        [(
            "See your GP record in our patient portal".to_string(),
            "https://portal.example.nhs.uk/".to_string()
        )]
    );
    assert_eq!(
        action_links(&page(&files, "hhft/gp-online-records/index.html"))[0].1,
        "https://www.nhs.uk/nhs-app/"
    );
}

#[test]
fn a_service_must_have_a_whole_web_address() {
    let site = example_site();
    common::replace_in(
        site.path(),
        "content/trusts/hhft/trust.yaml",
        "web: https://hhft.ams-sar.com/",
        "web: hhft.ams-sar.com",
    );
    common::replace_in(
        site.path(),
        "content/rules/contacts.yaml",
        "web: https://www.nhs.uk/nhs-app/",
        "web: javascript:alert(1)",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "data-invalid"),
        [
            "content/rules/contacts.yaml 123:10 `web` must be a whole web address",
            "content/trusts/hhft/trust.yaml 11:10 `web` must be a whole web address",
        ]
    );
}
