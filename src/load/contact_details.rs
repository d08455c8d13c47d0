//! Contact details as trust.yaml and the rule data write them, checked
//! before any page shows them, the way page text is: a phone number must be
//! a number a UK phone can dial (with an extension at most), so that its
//! `tel:` link calls it; an email address must be one; a postcode must be
//! written as one. Opening hours typed after a number go in `hours`: "(Mon-Fri
//! 9am-5pm)" after "01256 313067" once published a link that dialled 9 as an
//! extension.

use std::sync::OnceLock;

use regex::Regex;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Contact, Phone};

/// Every problem with one contact's details, each at its value in `text`
/// (the YAML file the contact is written in, at `path`), under its role
/// (`records`, `ico`).
pub(crate) fn check(path: &str, text: &str, role: &str, contact: &Contact) -> Vec<Diagnostic> {
    let at = |value: &str| locate(text, role, value);
    let mut found = Vec::new();
    if let Some(phone) = &contact.phone
        && let Some((message, help)) = phone_problem(phone)
    {
        found.push(
            invalid(message, help)
                .at(path, at(phone))
                .found(phone.clone()),
        );
    }
    if let Some(email) = &contact.email
        && let Some((message, help)) = email_problem(email)
    {
        found.push(
            invalid(message, help)
                .at(path, at(email))
                .found(email.clone()),
        );
    }
    if let Some(address) = &contact.address
        && let Some((written, message, help)) = postcode_problem(address)
    {
        found.push(
            invalid(message, help)
                .at(path, at(written))
                .found(written.to_string()),
        );
    }
    found
}

fn invalid(message: String, help: String) -> Diagnostic {
    Diagnostic::new(Code::ContactInvalid, message).help(help)
}

/// Where a value is written: after its role's key where it can be found
/// there (two roles may give the same email), else anywhere in the file.
pub(crate) fn locate(text: &str, role: &str, value: &str) -> std::ops::Range<usize> {
    let role_at = text
        .match_indices(&format!("{role}:"))
        .map(|(i, _)| i)
        .find(|&i| i == 0 || text[..i].ends_with([' ', '\n']));
    let from = role_at.unwrap_or(0);
    text[from..]
        .find(value)
        .map(|i| from + i)
        .or_else(|| text.find(value))
        .map_or(0..0, |start| start..start + value.len())
}

/// What is wrong with a written phone number, and what to write instead.
fn phone_problem(written: &str) -> Option<(String, String)> {
    static EXTENSION: OnceLock<Regex> = OnceLock::new();
    let extension = EXTENSION.get_or_init(|| {
        Regex::new(r"(?i)^(?:ext(?:ension|n)?\.?|x)\s*\d{1,6}$")
            .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
    });
    let trimmed = written.trim();
    let (number, rest) = match trimmed.find(|c: char| c.is_alphabetic()) {
        Some(i) => trimmed.split_at(i),
        None => (trimmed, ""),
    };
    // What follows the number is not dialled: only an extension may.
    // A bracket after the digits opens a note ("(Mon-Fri 9am-5pm)"); one
    // before them is part of the number ("(0115) 924 9924", "+44 (0)20").
    let note = number.rfind(['(', '[']).filter(|&i| {
        !rest.is_empty()
            && !is_zero_in_brackets(number, i)
            && number[..i].contains(|c: char| c.is_ascii_digit())
    });
    let (number, rest) = match note {
        Some(i) => (&number[..i], &trimmed[i..]),
        None => (number, rest),
    };
    if number.chars().all(|c| !c.is_ascii_digit()) {
        return Some((
            format!("`{written}` does not start with a phone number"),
            "write only the number, such as `phone: 0115 924 9924`; a label such as \"Tel:\" is added by the page".to_string(),
        ));
    }
    let rest = rest.trim();
    if !rest.is_empty() && !extension.is_match(rest) {
        return Some((
            format!(
                "`{rest}` after the phone number is not part of it, and a phone would try to dial it"
            ),
            format!(
                "write only the number (and an extension, as `ext 1234`) in `phone: {}`, and opening hours in `hours:`, such as `hours: Monday to Friday, 9am to 5pm`",
                number.trim()
            ),
        ));
    }
    let phone = Phone::read(trimmed);
    let international = number.trim_start().starts_with('+') && !phone.national.starts_with('0');
    let why = if phone.is_short_code() && !international {
        None
    } else if international {
        // Other countries' plans are not Verity's to know: E.164 allows
        // up to 15 digits with the country code.
        (!(8..=15).contains(&phone.national.len()))
            .then(|| "a number with its country code has 8 to 15 digits".to_string())
    } else {
        uk_number_problem(&phone.national)
    };
    let why = why?;
    Some((
        format!("`{}` is not a phone number that can be dialled: {why}", number.trim()),
        "copy the number again from where it is published, such as `0115 924 9924`, or `+353 1 234 5678` for a number outside the UK".to_string(),
    ))
}

/// Why digits written as a UK number (with its first 0) cannot be one,
/// by Ofcom's National Telephone Numbering Plan: after the 0, ten digits
/// (nine for a few older area codes and 0800 numbers), and no number
/// starts 00, 04 or 06. (So a digit left out of a number in an area with
/// nine-digit numbers, some 01 codes, cannot be told.) The plan's finer
/// detail (which area codes exist)
/// would take libphonenumber's whole metadata, which costs more to load
/// than a 1,000-page build takes.
fn uk_number_problem(national: &str) -> Option<String> {
    let Some(rest) = national.strip_prefix('0') else {
        return Some("a UK number starts with 0, or with +44".to_string());
    };
    let first = rest.chars().next()?;
    if matches!(first, '0' | '4' | '6') {
        return Some(format!("no UK number starts 0{first}"));
    }
    let nine_allowed = rest.starts_with('1') || rest.starts_with("800") || rest.starts_with("500");
    match rest.len() {
        10 => None,
        9 if nine_allowed => None,
        n => Some(format!(
            "it has {} digits, and UK numbers have 11 with the first 0",
            n + 1
        )),
    }
}

/// "+44 (0)20 ...": the bracketed 0 belongs to the number.
fn is_zero_in_brackets(number: &str, open: usize) -> bool {
    number[open..].starts_with("(0)")
}

/// What is wrong with a written email address, and what to write instead.
fn email_problem(written: &str) -> Option<(String, String)> {
    let address = written.trim();
    if let Some(rest) = address.strip_prefix("mailto:") {
        return Some((
            format!("`{written}` is a link, not an email address"),
            format!("write the address only: `email: {rest}`"),
        ));
    }
    let domain = address.rsplit_once('@').map_or("", |(_, domain)| domain);
    let well_formed = email_address::EmailAddress::is_valid(address)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.');
    (!well_formed).then(|| {
        (
            format!("`{written}` is not an email address"),
            "write it as the team publishes it, such as `email: records@example.nhs.uk`, with nothing else in the field".to_string(),
        )
    })
}

/// A postcode at the end of an address that is not written as one: what
/// was written, what is wrong, and what to write.
fn postcode_problem(address: &str) -> Option<(&str, String, String)> {
    static UK: OnceLock<Regex> = OnceLock::new();
    let uk = UK.get_or_init(|| {
        Regex::new(r"^(?:[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|BFPO \d{1,4})$")
            .unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
    });
    let last = address.rsplit(',').next()?.trim().trim_end_matches('.');
    // Only the last part of an address can be its postcode, and only a
    // short run of letters and digits with a digit in it looks like one.
    let compact: String = last.chars().filter(|c| !c.is_whitespace()).collect();
    let looks_like_one = (5..=7).contains(&compact.len())
        && compact.chars().all(|c| c.is_ascii_alphanumeric())
        && compact.chars().any(|c| c.is_ascii_digit())
        && compact
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
    if !looks_like_one || uk.is_match(last) {
        return None;
    }
    let upper = compact.to_ascii_uppercase();
    let (outward, inward) = upper.split_at(upper.len() - 3);
    let fixed = format!("{outward} {inward}");
    if uk.is_match(&fixed) {
        return Some((
            last,
            format!("the postcode `{last}` is not written the way post and maps read it"),
            format!("write it `{fixed}`: capitals, with a space before the last three characters"),
        ));
    }
    // "NG21 OHJ": a letter O where a postcode has a digit (the inward part
    // always starts with one).
    let with_zeros = format!(
        "{}{} {}{}",
        &outward[..1],
        outward[1..].replace('O', "0"),
        inward[..1].replace('O', "0"),
        &inward[1..]
    );
    if with_zeros != fixed && uk.is_match(&with_zeros) {
        return Some((
            last,
            format!("the postcode `{last}` has the letter O where a zero belongs"),
            format!("write it `{with_zeros}`"),
        ));
    }
    Some((
        last,
        format!("`{last}` is not a UK postcode"),
        "copy the postcode again from where it is published, such as `NG7 2UH`".to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phone_ok(written: &str) -> bool {
        phone_problem(written).is_none()
    }

    #[test]
    fn numbers_as_trusts_write_them_are_dialled_and_notes_are_not() {
        for written in [
            "0115 924 9924",
            "0115 924 9924 extension 86838",
            "0115 924 9924 ext. 86838",
            "+44 (0)1256 313067",
            "+44 1256 313067",
            "020 3313 3112",
            "(0115) 924 9924",
            "0300 303 5678",
            "0800 123 4567",
            "07911 123456",
            "+353 1 234 5678",
            // Services' short numbers: NHS 111, Samaritans.
            "111",
            "116 123",
        ] {
            assert!(phone_ok(written), "{written}: {:?}", phone_problem(written));
        }
        assert!(phone_problem("1111").is_some());
        let (message, help) = phone_problem("01256 313067 (Mon-Fri 9am-5pm)").expect("hours");
        assert!(
            message.starts_with("`(Mon-Fri 9am-5pm)` after the phone number"),
            "{message}"
        );
        assert!(
            help.contains("`phone: 01256 313067`") && help.contains("hours:"),
            "{help}"
        );
        assert!(phone_problem("Tel: 01256 313067").is_some());
        assert!(
            phone_problem("020 3313 311")
                .expect("short")
                .0
                .contains("10 digits")
        );
        assert!(phone_problem("0115 924 9924 option 2").is_some());
        assert!(
            phone_problem("0415 924 9924")
                .expect("04")
                .0
                .contains("no UK number starts 04")
        );
        assert!(phone_problem("0115 924 99244").is_some());
        assert!(phone_problem("+353 1").is_some());
    }

    #[test]
    fn emails_and_postcodes_must_be_written_as_they_are() {
        assert!(email_problem("accesstohealth@hhft.nhs.uk").is_none());
        assert!(email_problem("mailto:a@b.nhs.uk").is_some());
        assert!(email_problem("records at nhs.net").is_some());
        assert!(email_problem("records@nhs").is_some());
        assert!(postcode_problem("Derby Road, Nottingham, NG7 2UH").is_none());
        assert!(postcode_problem("Derby Road, Nottingham").is_none());
        let (written, _, help) =
            postcode_problem("Derby Road, Nottingham, ng72uh").expect("unspaced");
        assert_eq!(written, "ng72uh");
        assert!(help.contains("`NG7 2UH`"), "{help}");
        assert!(postcode_problem("Derby Road, NG7 2U").is_some());
        // A letter O typed for a zero: said, with the postcode it must be.
        let (written, message, help) =
            postcode_problem("Rainworth, Mansfield, NG21 OHJ").expect("letter O");
        assert_eq!(written, "NG21 OHJ");
        assert!(message.contains("letter O"), "{message}");
        assert!(help.contains("`NG21 0HJ`"), "{help}");
    }

    #[test]
    fn a_value_is_found_under_its_role() {
        let text = "contacts:\n  records:\n    email: a@b.nhs.uk\n  dpo:\n    email: a@b.nhs.uk\n";
        let range = locate(text, "dpo", "a@b.nhs.uk");
        assert_eq!(
            &text[..range.start],
            "contacts:\n  records:\n    email: a@b.nhs.uk\n  dpo:\n    email: "
        );
    }
}
