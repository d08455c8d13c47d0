//! The small closed vocabularies of the rule data: units, topics, nations,
//! statuses. Each is parsed from YAML with an error that lists the allowed
//! words and suggests the closest one, so "calender_month" gets
//! "did you mean `calendar_month`?".

use std::fmt;

/// Suggests the closest allowed word, if one is close enough to be a typo.
pub fn did_you_mean<'a>(word: &str, allowed: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    allowed
        .into_iter()
        .map(|candidate| (strsim::jaro_winkler(word, candidate), candidate))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

/// The message for a word outside a closed vocabulary. The first words,
/// "unknown <kind>", are what `load` uses to pick the diagnostic code.
pub fn unknown_word_message(kind: &str, word: &str, allowed: &[&str]) -> String {
    let mut message = format!("unknown {kind} `{word}`: use one of {}", allowed.join(", "));
    if let Some(close) = did_you_mean(word, allowed.iter().copied()) {
        message.push_str(&format!(" (did you mean `{close}`?)"));
    }
    message
}

macro_rules! keyword_enum {
    ($(#[$doc:meta])* $name:ident, $kind:literal { $( $(#[$vdoc:meta])* $variant:ident = $word:literal ),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $( $(#[$vdoc])* $variant, )* }

        impl $name {
            /// Every allowed word, in the order authors see them listed.
            pub const WORDS: &'static [&'static str] = &[$($word),*];

            /// Every value, in the same order.
            pub const ALL: &'static [Self] = &[$($name::$variant),*];

            /// The word as written in YAML and front matter.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $word, )* }
            }

            /// Parses a word, or explains what is allowed.
            pub fn parse(word: &str) -> Result<Self, String> {
                match word {
                    $( $word => Ok($name::$variant), )*
                    other => Err(unknown_word_message($kind, other, Self::WORDS)),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let word = String::deserialize(deserializer)?;
                $name::parse(&word).map_err(serde::de::Error::custom)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

keyword_enum!(
    /// The unit of a duration in the rule data.
    Unit, "unit" {
        /// A calendar month, counted to the same date in the next month.
        CalendarMonth = "calendar_month",
        /// A calendar day, weekends included.
        CalendarDay = "calendar_day",
        /// A working day: not a weekend or bank holiday.
        WorkingDay = "working_day",
        /// An hour.
        Hour = "hour",
    }
);

impl Unit {
    /// The unit in plain English, singular or plural.
    pub fn words(self, count: u32) -> &'static str {
        let one = count == 1;
        match self {
            Unit::CalendarMonth if one => "calendar month",
            Unit::CalendarMonth => "calendar months",
            Unit::CalendarDay if one => "day",
            Unit::CalendarDay => "days",
            Unit::WorkingDay if one => "working day",
            Unit::WorkingDay => "working days",
            Unit::Hour if one => "hour",
            Unit::Hour => "hours",
        }
    }
}

impl Unit {
    /// The unit in Welsh after a number: a Welsh noun stays singular after
    /// a numeral, and takes the soft mutation after "dau" (2 fis, 2
    /// ddiwrnod).
    pub fn words_cy(self, count: u32) -> &'static str {
        let two = count == 2;
        match self {
            Unit::CalendarMonth if two => "fis calendr",
            Unit::CalendarMonth => "mis calendr",
            Unit::CalendarDay if two => "ddiwrnod",
            Unit::CalendarDay => "diwrnod",
            Unit::WorkingDay if two => "ddiwrnod gwaith",
            Unit::WorkingDay => "diwrnod gwaith",
            Unit::Hour => "awr",
        }
    }
}

impl FeeBasis {
    /// What a fee is charged per, in Welsh: "yr awr" (per hour).
    pub fn words_cy(self) -> &'static str {
        match self {
            FeeBasis::Copy => "y copi",
            FeeBasis::Page => "y dudalen",
            FeeBasis::Sheet => "y ddalen",
            FeeBasis::Hour => "yr awr",
        }
    }
}

keyword_enum!(
    /// A rule area that a fact belongs to and a page speaks about.
    Topic, "topic" {
        /// Asking for your own records (subject access request).
        Sar = "sar",
        /// Records of someone who has died.
        Deceased = "deceased",
        /// Freedom of Information requests.
        Foi = "foi",
        /// Complaints to the trust and the regulator.
        Complaints = "complaints",
        /// Proof of identity.
        Identity = "identity",
        /// The Caldicott principles and guardian.
        Caldicott = "caldicott",
        /// The national data opt-out.
        OptOut = "opt-out",
        /// Online access to GP records.
        GpOnline = "gp-online",
    }
);

impl Topic {
    /// What the topic covers, in a few plain words, for help messages.
    pub fn covers(self) -> &'static str {
        match self {
            Topic::Sar => "asking for your own records",
            Topic::Deceased => "records of someone who has died",
            Topic::Foi => "Freedom of Information requests",
            Topic::Complaints => "complaints",
            Topic::Identity => "proof of identity",
            Topic::Caldicott => "the Caldicott principles",
            Topic::OptOut => "the national data opt-out",
            Topic::GpOnline => "GP records online",
        }
    }
}

keyword_enum!(
    /// A nation of the UK; the law differs between them.
    Nation, "nation" {
        /// England.
        England = "england",
        /// Wales.
        Wales = "wales",
        /// Scotland.
        Scotland = "scotland",
        /// Northern Ireland.
        NorthernIreland = "northern_ireland",
    }
);

impl Nation {
    /// The nation's name as people write it: "Northern Ireland".
    pub fn name(self) -> &'static str {
        match self {
            Nation::England => "England",
            Nation::Wales => "Wales",
            Nation::Scotland => "Scotland",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }
}

impl Nation {
    /// The nation's name in a language: "Yr Alban" is Scotland in Welsh.
    pub fn name_in(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, _) => self.name(),
            (Lang::Cy, Nation::England) => "Lloegr",
            (Lang::Cy, Nation::Wales) => "Cymru",
            (Lang::Cy, Nation::Scotland) => "Yr Alban",
            (Lang::Cy, Nation::NorthernIreland) => "Gogledd Iwerddon",
        }
    }
}

/// Nations as a patient would read them: "England, Wales and Northern
/// Ireland"; the whole UK when none are named.
pub fn nation_list(nations: &[Nation]) -> String {
    let names: Vec<&str> = nations.iter().map(|n| n.name()).collect();
    match names.as_slice() {
        [] => "the whole UK".to_string(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

keyword_enum!(
    /// A language pages are written in. Welsh bodies publish in both.
    Lang, "language" {
        /// English.
        En = "en",
        /// Welsh.
        Cy = "cy",
    }
);

impl Lang {
    /// The language's name in itself, as a link to it reads: "Cymraeg".
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Cymraeg",
        }
    }

    /// The language's name in English, for messages: "Welsh".
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Cy => "Welsh",
        }
    }

    /// The folder a trust's pages in this language are under, after the
    /// trust's own: "" for English, "cy/" for Welsh.
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::En => "",
            Lang::Cy => "cy/",
        }
    }
}

keyword_enum!(
    /// How far a fact has been checked.
    Status, "status" {
        /// Checked against the law or official guidance.
        Confirmed = "confirmed",
        /// Must be checked by the information governance lead before publishing.
        Verify = "verify",
        /// A trust's own policy, not a legal requirement.
        Local = "local",
    }
);

keyword_enum!(
    /// What a fee is charged per.
    FeeBasis, "fee basis" {
        /// Per copy.
        Copy = "copy",
        /// Per page.
        Page = "page",
        /// Per sheet.
        Sheet = "sheet",
        /// Per hour of staff time.
        Hour = "hour",
    }
);

keyword_enum!(
    /// Whether a law is the one to cite.
    LawStatus, "law status" {
        /// In force in the UK: cite it.
        InForce = "in_force",
        /// Repealed: name its replacement instead.
        Repealed = "repealed",
        /// Another country's law: it does not apply in the UK.
        Foreign = "foreign",
        /// A name that no law has: a common mistake for a real one.
        Misnamed = "misnamed",
    }
);

keyword_enum!(
    /// A currency other than the pound, whose sums on a page come from
    /// another country's law.
    Currency, "currency" {
        /// The euro: "€20 million", "20 million euros".
        Euro = "euro",
        /// The US dollar: "$50,000".
        Dollar = "dollar",
    }
);

impl Currency {
    /// Its name in plain English, for messages.
    pub fn plural(self) -> &'static str {
        match self {
            Currency::Euro => "euros",
            Currency::Dollar => "dollars",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_gets_a_suggestion() {
        let message = Unit::parse("calender_month").unwrap_err();
        assert!(message.starts_with("unknown unit `calender_month`"));
        assert!(message.contains("did you mean `calendar_month`?"));
    }

    #[test]
    fn nations_read_as_a_patient_would_say_them() {
        use Nation::*;
        assert_eq!(nation_list(&[]), "the whole UK");
        assert_eq!(nation_list(&[Scotland]), "Scotland");
        assert_eq!(nation_list(&[England, Wales]), "England and Wales");
        assert_eq!(
            nation_list(&[England, Wales, NorthernIreland]),
            "England, Wales and Northern Ireland"
        );
    }

    #[test]
    fn a_stranger_gets_the_list_only() {
        let message = Unit::parse("fortnight").unwrap_err();
        assert!(message.contains("calendar_month, calendar_day, working_day, hour"));
        assert!(!message.contains("did you mean"));
    }
}
