//! Durations and money, as distinct types so that a fee can never be
//! compared with a deadline, and their plain-English forms.

use super::{FeeBasis, Unit};

/// A length of time in one unit: "1 calendar month", "20 working days".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    /// The number of units.
    pub value: u32,
    /// The unit.
    pub unit: Unit,
}

impl Duration {
    /// The duration as pages write it: "1 calendar month", "40 days".
    pub fn plain(self) -> String {
        format!("{} {}", self.value, self.unit.words(self.value))
    }

    /// The duration as a page in a language writes it: "1 mis calendr".
    pub fn plain_in(self, lang: super::Lang) -> String {
        match lang {
            super::Lang::En => self.plain(),
            super::Lang::Cy => format!("{} {}", self.value, self.unit.words_cy(self.value)),
        }
    }

    /// The fewest calendar days this can be, in hundredths of a day.
    /// A calendar month is at least 28 days.
    pub fn shortest_centidays(self) -> u64 {
        let v = u64::from(self.value);
        match self.unit {
            Unit::CalendarMonth => v * 28 * 100,
            Unit::CalendarDay | Unit::WorkingDay => v * 100,
            Unit::Hour => v * 100 / 24,
        }
    }

    /// The most calendar days this can be, in hundredths of a day. Working
    /// days can stretch over weekends and up to four bank holidays in a row
    /// (Christmas and Easter).
    pub fn longest_centidays(self) -> u64 {
        let v = u64::from(self.value);
        match self.unit {
            Unit::CalendarMonth => v * 31 * 100,
            Unit::CalendarDay => v * 100,
            Unit::WorkingDay if v == 0 => 0,
            Unit::WorkingDay => (v * 7).div_ceil(5) * 100 + 4 * 100,
            Unit::Hour => (v * 100).div_ceil(24),
        }
    }

    /// Whether this is sure to end no later than `limit`, however the days fall.
    pub fn always_within(self, limit: Duration) -> bool {
        if self.unit == limit.unit {
            return self.value <= limit.value;
        }
        self.longest_centidays() <= limit.shortest_centidays()
    }
}

/// An amount of money in pence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pence(pub u32);

impl Pence {
    /// The amount as pages write it: "free", "20p", "£25", "£1,000", "£12.50".
    pub fn plain(self) -> String {
        let pence = self.0;
        if pence == 0 {
            return "free".to_string();
        }
        if pence < 100 {
            return format!("{pence}p");
        }
        let pounds = group_thousands(pence / 100);
        match pence % 100 {
            0 => format!("£{pounds}"),
            p => format!("£{pounds}.{p:02}"),
        }
    }

    /// The amount with what it is charged per: "£25 per hour".
    pub fn plain_per(self, per: Option<FeeBasis>) -> String {
        match per {
            Some(basis) if self.0 > 0 => format!("{} per {}", self.plain(), basis.as_str()),
            _ => self.plain(),
        }
    }

    /// The amount as a page in a language writes it: "am ddim", "£25 yr
    /// awr".
    pub fn plain_per_in(self, per: Option<FeeBasis>, lang: super::Lang) -> String {
        match (lang, per) {
            (super::Lang::En, _) => self.plain_per(per),
            (super::Lang::Cy, _) if self.0 == 0 => "am ddim".to_string(),
            (super::Lang::Cy, Some(basis)) => format!("{} {}", self.plain(), basis.words_cy()),
            (super::Lang::Cy, None) => self.plain(),
        }
    }
}

fn group_thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A number written in digits, or as words from "zero" to "sixty"
/// ("forty", "twenty-one"), as pages and authors write them.
pub fn number_word(word: &str) -> Option<u32> {
    const ONES: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const TENS: [&str; 5] = ["twenty", "thirty", "forty", "fifty", "sixty"];
    let word = word.to_lowercase();
    if let Ok(n) = word.parse::<u32>() {
        return Some(n);
    }
    if let Some(n) = ONES.iter().position(|w| *w == word) {
        return Some(n as u32);
    }
    for (t, tens) in TENS.iter().enumerate() {
        let value = 20 + 10 * t as u32;
        if word == *tens {
            return Some(value);
        }
        let rest = word
            .strip_prefix(tens)
            .and_then(|r| r.strip_prefix(['-', ' ']));
        let unit = rest.and_then(|rest| ONES[1..10].iter().position(|w| *w == rest));
        if let Some(unit) = unit.filter(|_| value < 60) {
            return Some(value + unit as u32 + 1);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_people_write_it() {
        assert_eq!(Pence(0).plain(), "free");
        assert_eq!(Pence(20).plain(), "20p");
        assert_eq!(Pence(2500).plain_per(Some(FeeBasis::Hour)), "£25 per hour");
        assert_eq!(Pence(100_000).plain(), "£1,000");
        assert_eq!(Pence(1250).plain(), "£12.50");
    }

    #[test]
    fn durations_read_as_people_write_them() {
        let month = Duration {
            value: 1,
            unit: Unit::CalendarMonth,
        };
        assert_eq!(month.plain(), "1 calendar month");
        assert_eq!(
            Duration {
                value: 40,
                unit: Unit::CalendarDay
            }
            .plain(),
            "40 days"
        );
    }

    #[test]
    fn a_target_must_fit_inside_the_limit_however_days_fall() {
        let month = Duration {
            value: 1,
            unit: Unit::CalendarMonth,
        };
        assert!(
            Duration {
                value: 21,
                unit: Unit::CalendarDay
            }
            .always_within(month)
        );
        assert!(
            Duration {
                value: 28,
                unit: Unit::CalendarDay
            }
            .always_within(month)
        );
        assert!(
            !Duration {
                value: 30,
                unit: Unit::CalendarDay
            }
            .always_within(month)
        );
        assert!(
            !Duration {
                value: 20,
                unit: Unit::WorkingDay
            }
            .always_within(month)
        );
        assert!(
            Duration {
                value: 48,
                unit: Unit::Hour
            }
            .always_within(month)
        );
    }
}
