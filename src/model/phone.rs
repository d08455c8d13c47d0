//! Phone numbers as people write them: "0115 924 9924 extension 86838",
//! "+44 (0)20 3313 3112", "01256 313067 ext 4412 (Mon-Fri)". Read once
//! here for both what the checker compares and the `tel:` link a page
//! dials.

/// A phone number, read from how it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    /// The number in national form ("01159249924"); for a number outside
    /// the UK, its international digits without the `+`.
    pub national: String,
    /// The extension's digits, or empty.
    pub extension: String,
}

impl Phone {
    /// Reads a written number. The number ends at the first letter, where
    /// an extension ("ext", "extension", "x") or a note begins; the
    /// extension is the first run of digits after it.
    pub fn read(written: &str) -> Phone {
        let (number, rest) = match written.find(|c: char| c.is_ascii_alphabetic()) {
            Some(i) => written.split_at(i),
            None => (written, ""),
        };
        let extension = rest
            .trim_start_matches(|c: char| !c.is_ascii_digit())
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let digits: String = number.chars().filter(char::is_ascii_digit).collect();
        let national = match digits.strip_prefix("44") {
            // "+44 (0)20 ..." and "+44 20 ...": the (0) is not dialled.
            Some(rest) if number.trim_start().starts_with('+') => {
                format!("0{}", rest.trim_start_matches('0'))
            }
            _ => digits,
        };
        Phone {
            national,
            extension,
        }
    }

    /// Whether it is one of the short numbers UK phones dial for a
    /// service, as Ofcom's numbering plan gives them: NHS 111, 999 and 112,
    /// 101, 105, 119, and the 116 numbers of services of social value
    /// (Samaritans' 116 123).
    pub fn is_short_code(&self) -> bool {
        const SERVICES: &[&str] = &["111", "999", "112", "101", "105", "119"];
        let social_value = self.national.len() == 6 && self.national.starts_with("116");
        SERVICES.contains(&self.national.as_str()) || social_value
    }

    /// The `tel:` address that dials it: "tel:+441159249924,86838";
    /// a short number as it is, "tel:111".
    pub fn tel_uri(&self) -> String {
        let international = match self.national.strip_prefix('0') {
            Some(rest) => format!("+44{rest}"),
            None if self.is_short_code() => self.national.clone(),
            None => format!("+{}", self.national),
        };
        if self.extension.is_empty() {
            format!("tel:{international}")
        } else {
            format!("tel:{international},{}", self.extension)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Phone;

    #[test]
    fn every_way_of_writing_a_number_reads_the_same() {
        for written in [
            "0115 924 9924",
            "+44 115 924 9924",
            "+44 (0)115 924 9924",
            "0115-924-9924",
        ] {
            assert_eq!(Phone::read(written).national, "01159249924", "{written}");
        }
        let with_extension = Phone::read("0115 924 9924 extension 86838 (Mon-Fri 9am-5pm)");
        assert_eq!(with_extension.extension, "86838");
    }

    #[test]
    fn a_service_s_short_number_is_dialled_as_it_is() {
        for (written, uri) in [
            ("111", "tel:111"),
            ("999", "tel:999"),
            ("116 123", "tel:116123"),
        ] {
            let phone = Phone::read(written);
            assert!(phone.is_short_code(), "{written}");
            assert_eq!(phone.tel_uri(), uri);
        }
        assert!(!Phone::read("0115 924 9924").is_short_code());
        assert!(!Phone::read("112233").is_short_code());
    }
}
