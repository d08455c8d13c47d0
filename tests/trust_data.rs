//! Trust data is checked like page text before any page shows it: phone
//! numbers must be numbers a phone can dial (an extension at most, opening
//! hours in `hours`), emails and postcodes must be written as they are, and
//! two trusts may not give the same number or email unless they say they
//! share it (a copied trust.yaml publishes the other trust's contacts).

mod common;

use common::{build, check_json, example_site, messages, page, read_tree, replace_in};

const HHFT: &str = "content/trusts/hhft/trust.yaml";
const NUH: &str = "content/trusts/nuh/trust.yaml";

#[test]
fn the_ways_trusts_write_numbers_dial_the_number() {
    let site = example_site();
    replace_in(
        site.path(),
        HHFT,
        "phone: 01256 313067",
        "phone: +44 (0)1256 313067 ext. 4412",
    );
    let out = site.path().join("public");
    let run = build(site.path(), &out);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = read_tree(&out);
    let html = page(&files, "hhft/your-records/index.html");
    assert!(html.contains("href=\"tel:+441256313067,4412\""), "{html}");
    assert!(
        page(&files, "nuh/your-records/index.html").contains("href=\"tel:+441159249924,86838\"")
    );
}

#[test]
fn opening_hours_typed_into_a_number_are_an_error_with_the_fix() {
    let site = example_site();
    replace_in(
        site.path(),
        HHFT,
        "phone: 01256 313067",
        "phone: 01256 313067 (Mon-Fri 9am-5pm)",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "contact-invalid"),
        [format!(
            "{HHFT} 16:12 `(Mon-Fri 9am-5pm)` after the phone number is not part of it, and a phone would try to dial it"
        )]
    );
    let help = report["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|d| d["code"] == "contact-invalid")
        .and_then(|d| d["help"].as_str())
        .unwrap_or_default()
        .to_string();
    assert!(help.contains("`phone: 01256 313067`"), "{help}");
    assert!(help.contains("hours:"), "{help}");
}

#[test]
fn numbers_emails_and_postcodes_that_are_not_are_reported_where_they_are() {
    let site = example_site();
    replace_in(
        site.path(),
        HHFT,
        "phone: 01256 313067",
        "phone: 01256 3130677",
    );
    replace_in(
        site.path(),
        NUH,
        "email: nuhnt.dutyin@nhs.net",
        "email: mailto:nuhnt.dutyin@nhs.net",
    );
    replace_in(
        site.path(),
        NUH,
        "Nottingham, NG7 2UH",
        "Nottingham, ng72uh",
    );
    replace_in(
        site.path(),
        NUH,
        "email: nuhnt.dpo@nhs.net",
        "email: nuhnt.dpo at nhs.net",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "contact-invalid"),
        [
            format!(
                "{HHFT} 16:12 `01256 3130677` is not a phone number that can be dialled: it has 12 digits, and UK numbers have 11 with the first 0"
            ),
            format!("{NUH} 7:12 `mailto:nuhnt.dutyin@nhs.net` is a link, not an email address"),
            format!(
                "{NUH} 8:93 the postcode `ng72uh` is not written the way post and maps read it"
            ),
            format!("{NUH} 11:12 `nuhnt.dpo at nhs.net` is not an email address"),
        ]
    );
}

#[test]
fn a_trust_yaml_copied_from_another_trust_is_caught_unless_the_team_is_shared() {
    let site = example_site();
    // Imperial's file, copied from Hampshire's and not yet changed.
    replace_in(
        site.path(),
        "content/trusts/imperial/trust.yaml",
        "phone: 020 3313 3112",
        "phone: 01256 313067",
    );
    let (code, report) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(
        messages(&report, "contact-shared"),
        [
            "content/trusts/imperial/trust.yaml 14:12 `01256 313067` is also Hampshire Hospitals NHS Foundation Trust's `records` contact"
        ]
    );
    // Two trusts that really share a team say so, on either side.
    replace_in(
        site.path(),
        HHFT,
        "    phone: 01256 313067\n",
        "    phone: 01256 313067\n    shared_with: [imperial]\n",
    );
    let (_, report) = check_json(site.path());
    assert!(messages(&report, "contact-shared").is_empty(), "{report}");
}
