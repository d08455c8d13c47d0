//! Finds the statements in a piece of text that the rule data can confirm
//! or contradict: durations, money, contacts and NHS numbers. The extractor
//! knows nothing of the rules; [`super::facts`] judges what it finds.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::Regex;

use crate::model::{Currency, Duration, FeeBasis, Pence, Unit};

/// One statement found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claim {
    /// Byte range in the text.
    pub(crate) range: Range<usize>,
    /// What it says.
    pub(crate) kind: ClaimKind,
}

/// What a claim says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ClaimKind {
    /// A time limit, or a range of them ("21 to 40 days").
    Duration {
        /// The shortest end (the only one for a single value).
        low: Duration,
        /// The longest end, for a range.
        high: Option<Duration>,
        /// Says more time ("extra", "further", "additional").
        extra: bool,
        /// A second part ("1 month and 10 days"): no rule is written so,
        /// so such a time limit never agrees with one.
        and: Option<Duration>,
    },
    /// An amount of money.
    Money {
        /// The amount.
        amount: Pence,
        /// What it is charged per.
        per: Option<FeeBasis>,
    },
    /// A sum in another currency than the pound ("up to 20 million
    /// euros", "$50,000"): a figure of another country's law.
    ForeignMoney(Currency),
    /// "free", "no fee", "free of charge".
    NoFee,
    /// "there is a fee", "you may be charged".
    FeeApplies,
    /// The case a sentence excepts from "free" ("no charge unless a large
    /// amount has to be copied") or names for a charge ("we may charge if
    /// the amount of information is excessive"). Often vague ("unless there
    /// are exceptional circumstances"), so it is wrong only where it names a
    /// reason the law never allows.
    FeeCase,
    /// Work a cost limit measures ("18 hours' work", "one person working
    /// for two and a half days"), in tenths of its unit.
    WorkTime {
        /// Tenths of an hour or a day: 25 is two and a half.
        tenths: u32,
        /// Days rather than hours.
        days: bool,
    },
    /// A UK phone number, as its national digits ("01159249924").
    Phone(String),
    /// An email address, in lowercase.
    Email(String),
    /// A postcode, normalised ("NG7 2UH").
    Postcode(String),
    /// Ten digits that read as an NHS number.
    NhsNumber {
        /// Whether its check digit is right.
        valid: bool,
    },
}

impl ClaimKind {
    /// Whether the claim is a phone number, email or postcode.
    pub(crate) fn is_contact(&self) -> bool {
        matches!(
            self,
            ClaimKind::Phone(_) | ClaimKind::Email(_) | ClaimKind::Postcode(_)
        )
    }

    /// Whether the claim is a time limit or a sum, which only the rules in
    /// scope can judge (a contact or an NHS number is right or wrong
    /// whatever the sentence is about).
    pub(crate) fn needs_scope(&self) -> bool {
        matches!(
            self,
            ClaimKind::Duration { .. }
                | ClaimKind::Money { .. }
                | ClaimKind::NoFee
                | ClaimKind::FeeApplies
                | ClaimKind::FeeCase
                | ClaimKind::WorkTime { .. }
        )
    }
}

/// A built-in pattern, compiled once.
pub(crate) fn regex(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    // The patterns are constants written here; a bad one fails every test.
    cell.get_or_init(|| Regex::new(pattern).unwrap_or_else(|e| panic!("bad built-in pattern: {e}")))
}

/// Every claim in `text`, in order. Numbers inside web addresses are not claims.
pub(crate) fn extract(text: &str) -> Vec<Claim> {
    extract_with(text, true)
}

/// Every claim in `text`, in order; `digits_typed` says whether any digit
/// in it was typed by the author. Phones, NHS numbers, postcodes and money
/// are built on digits, and a claim is only judged when all of it was
/// typed, so where every digit came from the data (a trust's phone number
/// written in by an expression) they are not looked for at all.
pub(crate) fn extract_with(text: &str, digits_typed: bool) -> Vec<Claim> {
    // Most text holds no claim at all: cheap tests decide which patterns
    // are worth running.
    let has_digit = digits_typed && text.bytes().any(|b| b.is_ascii_digit());
    let (mut fee_word, mut money_word, mut unit_word) = (false, false, false);
    let mut foreign_word = false;
    for m in trigger_words().find_iter(text) {
        match TRIGGERS[m.pattern().as_usize()].1 {
            Trigger::Fee => fee_word = true,
            Trigger::Money => money_word = true,
            Trigger::Foreign => foreign_word = true,
            Trigger::Unit => unit_word = true,
        }
    }
    let mut claims = Vec::new();
    if text.contains('@') {
        claims.extend(emails(text));
    }
    if has_digit {
        claims.extend(phones(text));
        claims.extend(nhs_numbers(text, &claims));
        claims.extend(postcodes(text));
    }
    // Money is `£` and digits, digits and `p`, or words ("fifty pence").
    if has_digit || money_word {
        claims.extend(money(text));
    }
    if has_digit && foreign_word {
        claims.extend(foreign_money(text));
    }
    if fee_word {
        claims.extend(fee_words(text));
    }
    if unit_word {
        claims.extend(durations(text));
        claims.extend(work_times(text));
    }
    if claims.is_empty() {
        return claims;
    }
    let masked = url_ranges(text);
    claims.retain(|c| {
        !masked.iter().any(|m| overlaps(m, &c.range)) || matches!(c.kind, ClaimKind::Email(_))
    });
    claims.sort_by_key(|c| (c.range.start, c.range.end));
    claims
}

/// What a trigger word makes worth looking for.
#[derive(Clone, Copy)]
enum Trigger {
    /// Fee words: "free", "a fee is payable".
    Fee,
    /// Money written in words: "fifty pence", "10 pounds".
    Money,
    /// Another currency: "€", "euros", "$", "dollars".
    Foreign,
    /// Time limits.
    Unit,
}

/// Words without which no claim of their kind can be present.
const TRIGGERS: &[(&str, Trigger)] = &[
    ("free", Trigger::Fee),
    ("fee", Trigger::Fee),
    ("charge", Trigger::Fee),
    ("cost", Trigger::Fee),
    ("price", Trigger::Fee),
    ("pay", Trigger::Fee),
    ("cheque", Trigger::Fee),
    ("invoice", Trigger::Fee),
    ("pence", Trigger::Money),
    ("pound", Trigger::Money),
    ("gbp", Trigger::Money),
    ("€", Trigger::Foreign),
    ("eur", Trigger::Foreign),
    ("$", Trigger::Foreign),
    ("dollar", Trigger::Foreign),
    ("usd", Trigger::Foreign),
    ("day", Trigger::Unit),
    ("week", Trigger::Unit),
    ("fortnight", Trigger::Unit),
    ("month", Trigger::Unit),
    ("year", Trigger::Unit),
    ("hour", Trigger::Unit),
];

fn trigger_words() -> &'static AhoCorasick {
    static WORDS: OnceLock<AhoCorasick> = OnceLock::new();
    WORDS.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(TRIGGERS.iter().map(|(word, _)| word))
            .unwrap_or_else(|e| panic!("the built-in trigger words are valid: {e}"))
    })
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn url_ranges(text: &str) -> Vec<Range<usize>> {
    static URL: OnceLock<Regex> = OnceLock::new();
    let url = regex(
        &URL,
        r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|com|org|net|gov)/\S*",
    );
    url.find_iter(text).map(|m| m.range()).collect()
}

fn emails(text: &str) -> Vec<Claim> {
    static EMAIL: OnceLock<Regex> = OnceLock::new();
    let email = regex(
        &EMAIL,
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    );
    email
        .find_iter(text)
        .map(|m| Claim {
            range: m.range(),
            kind: ClaimKind::Email(m.as_str().to_lowercase()),
        })
        .collect()
}

fn phones(text: &str) -> Vec<Claim> {
    static PHONE: OnceLock<Regex> = OnceLock::new();
    let phone = regex(
        &PHONE,
        r"(?:\+44\s?(?:\(0\)\s?)?|\(0|\b0)\d[\d \-\)]{7,14}\d(?:\s*(?:ext\.?|extension|x)\s*\d{2,6})?",
    );
    phone
        .find_iter(text)
        .filter_map(|m| {
            let national = crate::model::Phone::read(m.as_str()).national;
            (national.len() == 11 || national.len() == 10).then(|| Claim {
                range: m.range(),
                kind: ClaimKind::Phone(national),
            })
        })
        .collect()
}

fn nhs_numbers(text: &str, found: &[Claim]) -> Vec<Claim> {
    static NHS: OnceLock<Regex> = OnceLock::new();
    let nhs = regex(&NHS, r"\b[1-9]\d{2}[ -]?\d{3}[ -]?\d{4}\b");
    nhs.find_iter(text)
        .filter(|m| !found.iter().any(|c| overlaps(&c.range, &m.range())))
        .map(|m| {
            let digits: Vec<u32> = m.as_str().chars().filter_map(|c| c.to_digit(10)).collect();
            Claim {
                range: m.range(),
                kind: ClaimKind::NhsNumber {
                    valid: nhs_number_is_valid(&digits),
                },
            }
        })
        .collect()
}

/// The NHS Modulus 11 check: weights 10 to 2 on the first nine digits; the
/// check digit is 11 minus the remainder (11 becomes 0, 10 is never valid).
pub(crate) fn nhs_number_is_valid(digits: &[u32]) -> bool {
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    match 11 - sum % 11 {
        11 => digits[9] == 0,
        10 => false,
        check => digits[9] == check,
    }
}

fn postcodes(text: &str) -> Vec<Claim> {
    static POSTCODE: OnceLock<Regex> = OnceLock::new();
    let postcode = regex(&POSTCODE, r"\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})\b");
    postcode
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            // "HS45PR forms", "form SA12AB": a form's code, written as
            // codes are, without the space a postcode has.
            let unspaced = !whole.as_str().contains(' ');
            if unspaced && names_a_form(&text[..whole.start()], &text[whole.end()..]) {
                return None;
            }
            Some(Claim {
                range: whole.range(),
                kind: ClaimKind::Postcode(format!("{} {}", &c[1], &c[2])),
            })
        })
        .collect()
}

/// Whether the word before or after a code is "form(s)".
fn names_a_form(before: &str, after: &str) -> bool {
    let is_form = |word: &str| matches!(word.to_ascii_lowercase().as_str(), "form" | "forms");
    let next = after.split_whitespace().next().unwrap_or_default();
    let previous = before.split_whitespace().next_back().unwrap_or_default();
    is_form(next.trim_end_matches(|c: char| !c.is_alphanumeric())) || is_form(previous)
}

/// A postcode inside an address, normalised, if it has one.
pub(crate) fn postcode_in(address: &str) -> Option<String> {
    postcodes(address).into_iter().find_map(|c| match c.kind {
        ClaimKind::Postcode(p) => Some(p),
        _ => None,
    })
}

fn money(text: &str) -> Vec<Claim> {
    static POUNDS: OnceLock<Regex> = OnceLock::new();
    static PENCE: OnceLock<Regex> = OnceLock::new();
    static POUND_WORDS: OnceLock<Regex> = OnceLock::new();
    // "£17.5 million" is a fine or a budget, never a fee: read whole, then
    // passed over.
    let pounds = regex(
        &POUNDS,
        r"(?i)£\s?(\d{1,3}(?:,\d{3})+|\d+)(?:(\.\d+)?\s?(million|billion|bn|m)\b|\.(\d{2}))?",
    );
    let pence = regex(&PENCE, &format!(r"(?i)\b(\d+|{NUMBER})\s?(?:p|pence)\b"));
    // "10 pounds", "GBP 50", "50 GBP".
    let pound_words = regex(
        &POUND_WORDS,
        r"(?i)\bGBP\s?(\d+)(?:\.(\d{2}))?\b|\b(\d+)(?:\.(\d{2}))?\s?(?:pounds?|GBP)\b",
    );
    let mut claims = Vec::new();
    for c in pounds.captures_iter(text) {
        let (Some(whole), Some(number)) = (c.get(0), c.get(1)) else {
            continue;
        };
        if c.get(3).is_some() {
            continue;
        }
        let Ok(pounds) = number.as_str().replace(',', "").parse::<u32>() else {
            continue;
        };
        let pennies: u32 = c.get(4).and_then(|p| p.as_str().parse().ok()).unwrap_or(0);
        let Some(amount) = pounds.checked_mul(100).and_then(|p| p.checked_add(pennies)) else {
            continue;
        };
        claims.push(money_claim(text, whole.range(), amount));
    }
    for c in pence.captures_iter(text) {
        let (Some(whole), Some(number)) = (c.get(0), c.get(1)) else {
            continue;
        };
        let Some(amount) = crate::model::number_word(&number.as_str().to_lowercase()) else {
            continue;
        };
        claims.push(money_claim(text, whole.range(), amount));
    }
    for c in pound_words.captures_iter(text) {
        let Some(whole) = c.get(0) else {
            continue;
        };
        let (number, pennies) = match c.get(1) {
            Some(number) => (number, c.get(2)),
            None => match c.get(3) {
                Some(number) => (number, c.get(4)),
                None => continue,
            },
        };
        let Ok(pounds) = number.as_str().parse::<u32>() else {
            continue;
        };
        let pennies: u32 = pennies.and_then(|p| p.as_str().parse().ok()).unwrap_or(0);
        let Some(amount) = pounds.checked_mul(100).and_then(|p| p.checked_add(pennies)) else {
            continue;
        };
        claims.push(money_claim(text, whole.range(), amount));
    }
    claims
}

/// Sums in a currency other than the pound: "€20 million", "EUR 10m",
/// "20 million euros", "$50,000", "50,000 US dollars".
fn foreign_money(text: &str) -> Vec<Claim> {
    static FOREIGN: OnceLock<Regex> = OnceLock::new();
    let foreign = regex(
        &FOREIGN,
        r"(?i)(€|\bEUR\b|\bUS\$|\$|\bUSD\b)\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:million|billion|bn|m)\b)?|\b(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(?:million|billion|bn))?\s?(euros?|EUR|(?:US )?dollars?|USD)\b",
    );
    foreign
        .captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let sign = c.get(1).or_else(|| c.get(2))?.as_str().to_lowercase();
            let currency = if sign.contains('€') || sign.starts_with("eur") {
                Currency::Euro
            } else {
                Currency::Dollar
            };
            Some(Claim {
                range: whole.range(),
                kind: ClaimKind::ForeignMoney(currency),
            })
        })
        .collect()
}

/// A money claim, taking in a following "per copy" or "an hour".
fn money_claim(text: &str, range: Range<usize>, amount: u32) -> Claim {
    static PER: OnceLock<Regex> = OnceLock::new();
    let per_re = regex(
        &PER,
        r"^\s+(?:per|a|an|each)\s+(copy|copies|page|pages|sheet|sheets|hour|hours)\b",
    );
    let (per, end) = match per_re.captures(&text[range.end..]) {
        Some(c) => {
            let basis = match c.get(1).map_or("", |m| m.as_str()) {
                "copy" | "copies" => Some(FeeBasis::Copy),
                "page" | "pages" => Some(FeeBasis::Page),
                "sheet" | "sheets" => Some(FeeBasis::Sheet),
                _ => Some(FeeBasis::Hour),
            };
            (basis, range.end + c.get(0).map_or(0, |m| m.end()))
        }
        None => (None, range.end),
    };
    Claim {
        range: range.start..end,
        kind: ClaimKind::Money {
            amount: Pence(amount),
            per,
        },
    }
}

fn fee_words(text: &str) -> Vec<Claim> {
    static FREE: OnceLock<Regex> = OnceLock::new();
    static CHARGED: OnceLock<Regex> = OnceLock::new();
    let free = regex(
        &FREE,
        r"(?i)\bfree of charge\b|\b(?:no|without) (?:fee|charge)s?\b|\b(?:is|are|be|it's|it’s|completely|always|totally)\s+free\b|\bfree to (?:ask|apply|request|see|get|make)\b",
    );
    let charged = regex(
        &CHARGED,
        r"(?i)\bthere (?:is|maybe|(?:may|will|might)(?: also| still)? be) (?:generally |usually |normally |often |sometimes |typically )?an? (?:small |reasonable |admin |administration |administrative )?(?:fee|charge|cost)\b|\b(?:has|have|reserves?|reserve) (?:a|the) right to (?:make a )?charge\b|\ban? (?:small |reasonable |admin |administration |administrative )?(?:fee|charge) (?:will |may |might |can )?(?:apply|applies|be charged|be made|is payable|be payable)\b|\bonce the (?:fee|payment|charge) has been (?:received|paid)\b|\b(?:you|patients) (?:may|will|might|could) be charged\b|\b(?:we|you|they|providers?|trusts?|practices?) (?:may|will|might|can|could),? (?:however,? |also |still |then )?charge\b|\b(?:may|might|will|could) be subject to an? (?:small |reasonable |admin |administration |administrative )?(?:fee|charge)\b|\b(?:the |any )?(?:possible|potential) (?:charges?|fees?|costs?)\b|\bcharges? (?:there )?(?:may|might|will) be\b|\b(?:may|might|will|could|can) (?:then |also |still |usually |normally |sometimes )?be charged\b|\b(?:decides?|decided|chooses?|opts?|entitled|able|allowed|permitted) to (?:make a |levy a )?charge\b|\b(?:request(?:s|ing)?|require(?:s|ing)?|ask(?:s|ing)? for|ask you for) (?:a |an |the |any )?[\x22“']?(?:small |reasonable |admin |administration |administrative )?(?:fee|charge|payment)\b|\bask you to pay\b|\b(?:paid|received|receiving|receipt of|both|as well as|together with) (?:the |your |a |any )?(?:appropriate |relevant |correct |required |necessary |applicable |requisite )?(?:fee|payment)s?\b|\b(?:request|form|application|identification|id|documents?|proof of identity) and (?:the |your |a )?(?:fee|payment)\b|\bthere (?:are|will be|may be|might be|may also be) (?:generally |usually |normally |often |sometimes |typically )?(?:some |small |certain )?(?:fees|charges)\b|\b(?:for|at) an? (?:small |reasonable |modest |nominal |admin |administration |administrative )?(?:fee|charge)\b|\b(?:sets?|levies|makes?|applies|apply) (?:some |the )?(?:fees|charges) for (?:accessing|access to|viewing|seeing|copies of|copying)\b|\b(?:must|should|need to|needs to|has to|have to|will need to) pay (?:for )?(?:the |a |an |any |all )?(?:full |total )?(?:costs?|fees?|charges?|postage)\b|\bincur an? (?:small |reasonable )?(?:cost|charge|fee)\b|\b(?:may|might|will) (?:have|need) to pay\b|\b(?:you will need|you need|you must) to pay\b|\bcharges? (?:will |may )?apply\b|\bcheque (?:made )?payable\b|\b(?:we|will|may|shall) invoice\b|\b(?:send|issue|raise)s? (?:you )?an invoice\b|\ban invoice (?:will be|is) (?:sent|issued|raised)\b|\bminimum (?:charge|fee)\b|\ban? (?:small |reasonable |admin |administration |administrative )?(?:fee|charge) (?:is|must be|will be) (?:paid|payable|required|due)\b|\b(?:with|enclose|include|send) (?:the |your |a )?payment\b|\bcheques? (?:must|should|need to|will need to) be\b|\b(?:fees?|charges?) (?:must|will need to|needs? to|should) be paid\b|\b(?:fees?|charges?|costs?) (?:that|which) (?:may|might|will|could) apply\b|\b(?:may|will|might|could) (?:also )?be (?:required|asked) to pay\b|\b(?:provided|once|when|after) (?:that )?(?:the|your|a) (?:fee|payment|charge) (?:has been|is) (?:paid|received)\b|\b(?:the|your|a|any) (?:appropriate|relevant|correct|required|necessary|applicable|requisite) (?:fee|payment|charge) (?:has|have) been (?:paid|received)\b|\b(?:levy|levies|levied|levying|impose|imposes|imposed) (?:an? |the |any )?(?:small |reasonable |admin |administration |administrative )?(?:fee|charge)s?\b|\b(?:payments?|fees?|charges?) (?:(?:is|are|be|must be|should be|will be|to be) )?(?:(?:facilitated|made|paid|taken|collected|required|received) )?(?:in advance|up ?front|beforehand)\b|\b(?:pay|paid|payable) (?:for (?:it|them|copies|the copies) )?(?:in advance|up ?front|beforehand)\b|\b(?:prices?|costs?|fees|charges) (?:of|for) (?:obtaining|getting|receiving|having|requesting) (?:a |an |the )?(?:copy|copies)\b|\bsee (?:the |our )?(?:fees|charges|costs|prices) (?:below|above|overleaf|attached)\b|\b(?:pays|paying) (?:a|the|an|any) (?:small |reasonable |admin |administration |administrative )?(?:fee|charge)\b|\b(?:fees?|charges?|costs?|prices?) (?:may|might|will|can|could) (?:also )?vary\b|\b(?:send|sends|sent|issue|issues|raise|raises)(?: out)? (?:a |the )?(?:fee|payment) requests?\b|\bthe (?:initial |standard |usual |administration |admin |administrative |processing |application )+(?:fee|charge)\b|\bany (?:further|additional|extra|other) (?:charges|fees)\b|\bwithout (?:the |a |any |full )?(?:payment|fee|cheque)s? (?:will|can|would|shall) ?not be (?:processed|accepted|dealt with|actioned|released)\b|\bwithout (?:the |a |any |full )?(?:payment|fee|cheque)s? (?:cannot|can't|won't) be (?:processed|accepted|dealt with|actioned|released)\b",
    );
    let mut claims: Vec<Claim> = free
        .find_iter(text)
        .map(|m| Claim {
            range: trim_to_free(text, m.range()),
            kind: ClaimKind::NoFee,
        })
        .collect();
    for m in charged.find_iter(text) {
        // "No fee may be charged" says what "no fee" says, once. A charge
        // as a price ("for a fee") is denied further back: "we do not give
        // out copies for a fee".
        let lower = m.as_str().to_ascii_lowercase();
        let priced = lower.starts_with("for a") || lower.starts_with("at a");
        let reach = if priced { 6 } else { 3 };
        // "Ask for a charge nurse": a ward's senior nurse, not a price.
        let nurse = text[m.end()..]
            .trim_start()
            .get(..5)
            .is_some_and(|word| word.eq_ignore_ascii_case("nurse"));
        if nurse || is_denied(&text[..m.start()], reach) || in_question(text, m.end()) {
            continue;
        }
        claims.push(Claim {
            range: m.range(),
            kind: ClaimKind::FeeApplies,
        });
    }
    static EXCEPT: OnceLock<Regex> = OnceLock::new();
    let except = regex(
        &EXCEPT,
        r"(?i)\b(?:unless|except (?:where|when|if|for|in)|apart from (?:where|when|if)?)\b",
    );
    claims.extend(cases_of(text, &claims, &ClaimKind::NoFee, |s| {
        except.find(s).map(|m| m.range())
    }));
    claims.extend(cases_of(text, &claims, &ClaimKind::FeeApplies, charge_case));
    claims
}

/// The words that start the case a charge is made in: "we may charge *if*
/// the request is large", "codir tâl *os* ...".
pub(crate) fn condition() -> &'static Regex {
    static CONDITION: OnceLock<Regex> = OnceLock::new();
    regex(
        &CONDITION,
        r"(?i)\b(?:if|where|when|whenever|because|in cases where|in the event that|os|pan)\b",
    )
}

/// Where the case a charge is made in starts, in the words after it: at a
/// condition ("we may charge if ..."), or, without one, at what the charge
/// is for ("a fee may be payable for repeat copies or for bulky notes").
pub(crate) fn charge_case(rest: &str) -> Option<Range<usize>> {
    static FOR: OnceLock<Regex> = OnceLock::new();
    condition()
        .find(rest)
        .or_else(|| regex(&FOR, r"(?i)\bfor\b").find(rest))
        .map(|m| m.range())
}

/// "Do I have to pay a fee? Yes.": an answer of yes, under a heading that
/// asks whether there is something to pay, says there is a charge.
pub(crate) fn yes_to_paying(text: &str, question: &str) -> Option<Claim> {
    static PAYING: OnceLock<Regex> = OnceLock::new();
    let paying = regex(
        &PAYING,
        r"(?i)\b(?:pay|paid|fees?|charges?|charged|costs?)\b",
    );
    let question = question.trim();
    let answer = text.get(..3)?;
    let yes =
        answer.eq_ignore_ascii_case("yes") && !text[3..].starts_with(|c: char| c.is_alphanumeric());
    (yes && question.ends_with('?') && paying.is_match(question)).then_some(Claim {
        range: 0..3,
        kind: ClaimKind::FeeApplies,
    })
}

/// "There is no charge unless a large amount has to be copied", "we may
/// charge if the request is large": the case a sentence excepts from free,
/// or names for a charge, from the word that starts it (`words`, after a
/// claim of kind `after`) to the end of its sentence. It is its own claim
/// so that a reason the law never allows is reported where it is written.
/// `starts` finds where a case starts in a sentence's words after a claim.
pub(crate) fn cases_of(
    text: &str,
    claims: &[Claim],
    after: &ClaimKind,
    starts: impl Fn(&str) -> Option<Range<usize>>,
) -> Vec<Claim> {
    let mut found = Vec::new();
    for claim in claims.iter().filter(|c| &c.kind == after) {
        let rest = &text[claim.range.end..];
        let sentence = &rest[..rest.find(['.', ';', '!', '?', '\n']).unwrap_or(rest.len())];
        if let Some(m) = starts(sentence) {
            let start = claim.range.end + m.start;
            let end = claim.range.end + sentence.trim_end().len();
            found.extend(
                alternatives(text, start..end)
                    .into_iter()
                    .map(|range| Claim {
                        range,
                        kind: ClaimKind::FeeCase,
                    }),
            );
        }
    }
    found
}

/// A case cut into its alternatives, each judged apart: "for repeat copies
/// or for copies of bulky notes" is two, of which only the second gives a
/// reason the law does not allow.
fn alternatives(text: &str, case: Range<usize>) -> Vec<Range<usize>> {
    static NEXT: OnceLock<Regex> = OnceLock::new();
    let next = regex(
        &NEXT,
        r"(?i),?\s+(?:or|and)\s+(?:for|if|where|when|unless)\b",
    );
    let mut pieces = Vec::new();
    let mut start = case.start;
    for m in next.find_iter(&text[case.clone()]) {
        let at = case.start + m.start();
        // The alternative starts at its own "for", "if", ...
        let word = case.start + m.end() - m.as_str().split_whitespace().last().map_or(0, str::len);
        pieces.push(start..at);
        start = word;
    }
    pieces.push(start..case.end);
    pieces
}

/// Whether the sentence going on from `at` is a question ("Do I have to
/// pay a fee?"): it asks about a charge, and says none.
fn in_question(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    rest.find(['.', '!', '?', '\n'])
        .is_some_and(|end| rest[end..].starts_with('?'))
}

/// Whether the words just before a phrase deny it: "no fee", "not",
/// "never".
fn is_denied(before: &str, reach: usize) -> bool {
    // Only this sentence's words: "A first request costs nothing. A charge
    // may apply ..." does not deny the charge.
    // A stop followed by a space ends a sentence; one inside "£10.50"
    // does not.
    let sentence_start = [". ", "! ", "? ", "; "]
        .iter()
        .filter_map(|end| before.rfind(end).map(|at| at + end.len()))
        .max()
        .unwrap_or(0);
    let before = &before[sentence_start..];
    words_before(before, reach).iter().any(|w| {
        matches!(
            w.as_str(),
            "no" | "not"
                | "never"
                | "cannot"
                | "can't"
                | "won't"
                | "nothing"
                | "nobody"
                | "neither"
        )
    })
}

/// "is free" is reported as "free": the claim is the word, not the verb.
fn trim_to_free(text: &str, range: Range<usize>) -> Range<usize> {
    // ASCII lowercase keeps every byte where it was, so `i` is an offset
    // into the original text.
    let lower = text[range.clone()].to_ascii_lowercase();
    match lower.find("free") {
        Some(i) if !lower.starts_with("free") && !lower.contains("free to") => {
            range.start + i..range.end
        }
        _ => range,
    }
}

/// The regular expression for a number written in digits or words.
const NUMBER: &str = r"\d+|(?:twenty|thirty|forty|fifty)[- ](?:one|two|three|four|five|six|seven|eight|nine)|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty";

fn durations(text: &str) -> Vec<Claim> {
    static DURATION: OnceLock<Regex> = OnceLock::new();
    let pattern = format!(
        r"(?i)\b(?:(?P<between>between)\s+)?(?P<low>{NUMBER}|an?)(?:\s*\(\d+\))?(?:\s*(?:to|-|–|and)\s*(?P<high>{NUMBER}))?(?:\s+|-)(?P<unit>(?:(?:consecutive|clear)[ -])?(?:calendar|calender|working|business)[ -](?:days?|months?)|(?:consecutive|clear)[ -](?:days?|months?)|days?|weeks?|fortnights?|months?|years?|hours?)\b"
    );
    let duration = DURATION.get_or_init(|| {
        Regex::new(&pattern).unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
    });
    let mut claims = Vec::new();
    for c in duration.captures_iter(text) {
        let (Some(whole), Some(low), Some(unit)) = (c.get(0), c.name("low"), c.name("unit")) else {
            continue;
        };
        // The second part of "1 month and 10 days" is read with the first.
        if claims
            .last()
            .is_some_and(|c: &Claim| whole.start() < c.range.end)
        {
            continue;
        }
        let low_value = match low.as_str().to_lowercase().as_str() {
            "a" | "an" => 1,
            word => match crate::model::number_word(word) {
                Some(n) => n,
                None => continue,
            },
        };
        let high_value = match c.name("high") {
            Some(h) => match crate::model::number_word(h.as_str()) {
                Some(n) => Some(n),
                None => continue,
            },
            None => None,
        };
        if c.name("between").is_some() && high_value.is_none() {
            continue;
        }
        let Some((unit, factor)) = parse_unit(unit.as_str()) else {
            continue;
        };
        let before = &text[..whole.start()];
        // "within one month (30 days)": a restatement in brackets straight
        // after a time limit is a time limit too, and must agree.
        let follows_claim = |rest: &str| {
            claims
                .last()
                .is_some_and(|c: &Claim| c.range.end == rest.trim_end().len())
        };
        // "one month/40 working days", "30 days or one month": a second
        // time limit given with the first is a claim too.
        let trimmed = before.trim_end();
        let restates = trimmed.strip_suffix('(').is_some_and(follows_claim)
            || trimmed.strip_suffix('/').is_some_and(follows_claim)
            || trimmed.strip_suffix(" or").is_some_and(follows_claim);
        let qualified = c.name("between").is_some()
            || restates
            || is_deadline_like(before, &text[whole.end()..]);
        // "the 40 day period", "at least 30 working days in advance": a
        // period named as such is a time limit, whatever comes before.
        // "18 hours' work", "24 hours of staff time": work a cost limit
        // measures, not time allowed.
        if is_work_measured(&text[whole.end()..])
            || works_for(before)
            || is_an_age(&text[whole.end()..])
            || is_kept_for(before)
            || after_a_decimal_point(before)
            || is_a_rate(before, low.as_str())
        {
            continue;
        }
        let named_period = names_a_period(&text[whole.end()..]);
        let looks_back = is_lookback(before) || looks_back_from(&text[whole.end()..]);
        if !named_period && (looks_back || !qualified) {
            continue;
        }
        let low = Duration {
            value: low_value.saturating_mul(factor),
            unit,
        };
        let high = high_value.map(|v| Duration {
            value: v.saturating_mul(factor),
            unit,
        });
        let (and, end) = match and_more(&text[whole.end()..]) {
            Some((more, length)) => (Some(more), whole.end() + length),
            None => (None, whole.end()),
        };
        claims.push(Claim {
            range: whole.start()..end,
            kind: ClaimKind::Duration {
                low,
                high,
                extra: says_extra(before),
                and,
            },
        });
    }
    claims
}

/// "… and 10 days" straight after a time limit: the second part, and the
/// length of text it takes.
fn and_more(after: &str) -> Option<(Duration, usize)> {
    static AND: OnceLock<Regex> = OnceLock::new();
    let and = regex(
        &AND,
        &format!(
            r"(?i)^\s+and\s+(?P<n>{NUMBER}|an?)\s+(?P<unit>(?:(?:consecutive|clear)[ -])?(?:calendar|working|business)[ -](?:days?|months?)|(?:consecutive|clear)[ -](?:days?|months?)|days?|weeks?|fortnights?|months?)\b"
        ),
    );
    let c = and.captures(after)?;
    let value = match c.name("n")?.as_str().to_lowercase().as_str() {
        "a" | "an" => 1,
        word => crate::model::number_word(word)?,
    };
    let (unit, factor) = parse_unit(c.name("unit")?.as_str())?;
    let length = c.get(0)?.end();
    Some((
        Duration {
            value: value.saturating_mul(factor),
            unit,
        },
        length,
    ))
}

/// A unit word and what to multiply by: weeks count as 7 days, fortnights
/// as 14, years as 12 months.
fn parse_unit(word: &str) -> Option<(Unit, u32)> {
    let word = word.to_lowercase().replace('-', " ");
    // "40 consecutive days", "14 clear days": every day counts, as in
    // calendar days.
    let word = word
        .strip_prefix("consecutive ")
        .or_else(|| word.strip_prefix("clear "))
        .unwrap_or(&word);
    let singular = word.trim_end_matches('s');
    Some(match singular {
        "calendar month" | "calender month" | "month" => (Unit::CalendarMonth, 1),
        "calendar day" | "calender day" | "day" => (Unit::CalendarDay, 1),
        "working day" | "business day" => (Unit::WorkingDay, 1),
        "week" => (Unit::CalendarDay, 7),
        "fortnight" => (Unit::CalendarDay, 14),
        "year" => (Unit::CalendarMonth, 12),
        "hour" => (Unit::Hour, 1),
        _ => return None,
    })
}

/// The last few words before a match, lowercased.
fn words_before(before: &str, count: usize) -> Vec<String> {
    before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .rev()
        .take(count)
        .map(str::to_lowercase)
        .collect()
}

/// Whether the words straight after a duration say it measures work: "18
/// hours' work", "24 hours of staff time", "hours of effort".
fn is_work_measured(after: &str) -> bool {
    static WORK: OnceLock<Regex> = OnceLock::new();
    regex(
        &WORK,
        r"(?i)^(?:'s?|’s?)?\s+(?:of\s+)?(?:work|staff\s+time|officer\s+time|effort|searching)\b",
    )
    .is_match(after)
}

/// Work that a cost limit measures: "18 hours' work", "24 hours of staff
/// time", "one person working for three and a half days", "2.5 days'
/// work". Not a time limit: judged against the cost limit's hours.
fn work_times(text: &str) -> Vec<Claim> {
    static WORK: OnceLock<Regex> = OnceLock::new();
    let pattern = format!(
        r"(?i)\b(?P<whole>\d+(?:\.(?P<tenth>\d))?|{NUMBER})(?P<half>\s+and\s+a\s+half|\s*½)?(?:\s+|-)(?:working\s+|work\s+)?(?P<unit>hours?|days?)\b"
    );
    let work = WORK.get_or_init(|| {
        Regex::new(&pattern).unwrap_or_else(|e| panic!("bad built-in pattern: {e}"))
    });
    let mut claims = Vec::new();
    for c in work.captures_iter(text) {
        let (Some(all), Some(whole), Some(unit)) = (c.get(0), c.name("whole"), c.name("unit"))
        else {
            continue;
        };
        let before = &text[..all.start()];
        if !(is_work_measured(&text[all.end()..]) || works_for(before)) {
            continue;
        }
        let number = whole.as_str().split('.').next().unwrap_or_default();
        let Some(ones) = crate::model::number_word(&number.to_lowercase()) else {
            continue;
        };
        let tenth = c
            .name("tenth")
            .and_then(|t| t.as_str().parse::<u32>().ok())
            .unwrap_or(0);
        let half = if c.name("half").is_some() { 5 } else { 0 };
        claims.push(Claim {
            range: all.range(),
            kind: ClaimKind::WorkTime {
                tenths: ones.saturating_mul(10) + tenth + half,
                days: unit.as_str().to_lowercase().starts_with("day"),
            },
        });
    }
    claims
}

/// "2.5 days": the digits after a decimal point are not a number of
/// their own ("5 days").
fn after_a_decimal_point(before: &str) -> bool {
    before
        .strip_suffix(['.', ','])
        .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
}

/// Whether the words straight before a duration say it is time spent
/// working: "one person working for", "it would take a member of staff".
fn works_for(before: &str) -> bool {
    static WORKING: OnceLock<Regex> = OnceLock::new();
    regex(
        &WORKING,
        r"(?i)\b(?:working|work|works|worked)\s+(?:for\s+)?(?:about\s+|around\s+|approximately\s+|roughly\s+|over\s+|more\s+than\s+)?$",
    )
    .is_match(before)
}

/// "12 years of age", "16 years old": an age, not a time limit.
fn is_an_age(after: &str) -> bool {
    static AGE: OnceLock<Regex> = OnceLock::new();
    regex(&AGE, r"(?i)^\s+(?:of\s+age|old)\b").is_match(after)
}

/// "We keep your records for up to 11 years", "retained for a minimum of
/// 8 years": how long records are kept, which the records rules do not
/// set, not a time limit.
fn is_kept_for(before: &str) -> bool {
    static KEPT: OnceLock<Regex> = OnceLock::new();
    let near = &before
        [crate::diagnostics::floor_char_boundary(before, before.len().saturating_sub(120))..];
    regex(
        &KEPT,
        r"(?i)\b(?:keep|keeps|kept|keeping|retain|retains|retained|retaining|hold|holds|held|holding|store|stores|stored|storing|archived?)\b[^.;:!?]{0,80}\bfor\s+(?:up\s+to\s+|at\s+least\s+|a\s+minimum\s+of\s+|a\s+maximum\s+of\s+|a\s+(?:period|total)\s+of\s+|around\s+|about\s+|approximately\s+)?$",
    )
    .is_match(near)
}

/// "£2million a year", "£10 a month": a sum per unit of time is a rate,
/// not time allowed.
fn is_a_rate(before: &str, low: &str) -> bool {
    static SUM: OnceLock<Regex> = OnceLock::new();
    let sum = regex(
        &SUM,
        r"(?i)(?:[£$€]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:pounds?|pence|p|euros?|dollars?))\s?(?:million|billion|thousand|m|bn|k)?\s*$",
    );
    matches!(low.to_ascii_lowercase().as_str(), "a" | "an") && sum.is_match(before)
}

/// Whether the words straight after a duration name it as a period to keep
/// to: "period", "time limit", "deadline", "in advance", "notice".
fn names_a_period(after: &str) -> bool {
    static PERIOD: OnceLock<Regex> = OnceLock::new();
    regex(
        &PERIOD,
        r"(?i)^(?:'s?|’s?)?\s+(?:period|time[\s-]*limit|time[\s-]*frame|timescale|deadline|limit|clock|notice|in\s+advance)\b",
    )
    .is_match(after)
}

/// "in the last 6 months", "for at least 3 years": a look back or an age,
/// not a time limit.
fn is_lookback(before: &str) -> bool {
    let words = words_before(before, 3);
    let first = words.first().map(String::as_str);
    matches!(
        first,
        Some("last" | "past" | "previous" | "least" | "aged" | "age" | "over" | "under" | "every")
    )
}

/// "40 days prior to your request", "made 40 days previously": a look
/// back from a day, not a time limit.
fn looks_back_from(after: &str) -> bool {
    let after = after.trim_start().to_lowercase();
    ["prior to", "previously", "ago"]
        .iter()
        .any(|w| after.starts_with(w))
}

/// Words that make a duration a time limit: "within", "up to", "no later
/// than", "extra", "further", "additional", "between", or a verb of replying.
fn is_deadline_like(before: &str, after: &str) -> bool {
    const QUALIFIERS: &[&str] = &[
        "within",
        "allow",
        "allows",
        "allowed",
        "gives",
        "give",
        "given",
        "wait",
        "expect",
        "time",
        "to",
        "than",
        "extra",
        "further",
        "additional",
        "between",
        "another",
        "have",
        "has",
        "takes",
        "take",
        "maximum",
        "most",
        "by",
        "in",
        "after",
        "of",
    ];
    let words = words_before(before, 3);
    let word = |i: usize| words.get(i).map_or("", String::as_str);
    // "more than 18 hours" is a threshold; "no more than 30 days" a limit.
    if word(0) == "than"
        && matches!(word(1), "more" | "less" | "fewer" | "longer")
        && word(2) != "no"
    {
        return false;
    }
    if words
        .iter()
        .take(2)
        .any(|w| QUALIFIERS.contains(&w.as_str()))
    {
        return true;
    }
    // "the time limit is 40 days", "the period is 40 days".
    const NOUNS: &[&str] = &[
        "limit",
        "limits",
        "period",
        "deadline",
        "timescale",
        "timescales",
        "timeframe",
        "timeframes",
    ];
    // The noun may be a long way back ("the statutory timescale for
    // dealing with an access to records request is 40 days"), but in this
    // sentence.
    let sentence = &before[before.rfind(['.', '!', '?', ';', ':']).map_or(0, |i| i + 1)..];
    if words
        .iter()
        .take(2)
        .any(|w| matches!(w.as_str(), "is" | "are" | "be"))
        && words_before(sentence, 12)
            .iter()
            .any(|w| NOUNS.contains(&w.as_str()))
    {
        return true;
    }
    let after_words: Vec<String> = after
        .split_whitespace()
        .take(3)
        .map(str::to_lowercase)
        .collect();
    after_words
        .iter()
        .any(|w| w.starts_with("to") || w.starts_with("of"))
        && !after_words.is_empty()
}

fn says_extra(before: &str) -> bool {
    words_before(before, 3).iter().any(|w| {
        matches!(
            w.as_str(),
            "extra" | "further" | "additional" | "another" | "more"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, ClaimKind)> {
        extract(text)
            .into_iter()
            .map(|c| (text[c.range].to_string(), c.kind))
            .collect()
    }

    fn duration(value: u32, unit: Unit) -> Duration {
        Duration { value, unit }
    }

    fn single(text: &str) -> (String, ClaimKind) {
        let found = kinds(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    #[test]
    fn a_sum_a_year_is_a_rate_not_a_time_limit() {
        for text in [
            "Running the hospice costs over £2million a year.",
            "It costs £10 a month to run.",
            "We spend 3,000 pounds a year on post.",
        ] {
            assert!(
                !kinds(text)
                    .iter()
                    .any(|(_, k)| matches!(k, ClaimKind::Duration { .. })),
                "{text}: {:?}",
                kinds(text)
            );
        }
        // A time limit after a sum is still one.
        assert!(
            kinds("Pay £10 within a month.")
                .iter()
                .any(|(_, k)| matches!(k, ClaimKind::Duration { .. }))
        );
    }

    #[test]
    fn durations_in_digits_and_words() {
        for (text, found, value, unit) in [
            ("We reply within 30 days.", "30 days", 30, Unit::CalendarDay),
            (
                "We reply within 40 consecutive days after payment.",
                "40 consecutive days",
                40,
                Unit::CalendarDay,
            ),
            (
                "Allow 21 clear calendar days.",
                "21 clear calendar days",
                21,
                Unit::CalendarDay,
            ),
            (
                "We will reply within one month.",
                "one month",
                1,
                Unit::CalendarMonth,
            ),
            (
                "within a calendar month",
                "a calendar month",
                1,
                Unit::CalendarMonth,
            ),
            (
                "within 1 calender month",
                "1 calender month",
                1,
                Unit::CalendarMonth,
            ),
            (
                "within 20 working days",
                "20 working days",
                20,
                Unit::WorkingDay,
            ),
            (
                "We have forty days to respond",
                "forty days",
                40,
                Unit::CalendarDay,
            ),
            ("usually within 48 hours", "48 hours", 48, Unit::Hour),
            (
                "no later than twenty-one days",
                "twenty-one days",
                21,
                Unit::CalendarDay,
            ),
            ("up to 2 weeks", "2 weeks", 14, Unit::CalendarDay),
        ] {
            let (text_found, kind) = single(text);
            assert_eq!(text_found, found, "{text}");
            assert_eq!(
                kind,
                ClaimKind::Duration {
                    low: duration(value, unit),
                    high: None,
                    extra: false,
                    and: None,
                },
                "{text}"
            );
        }
    }

    #[test]
    fn ranges_of_durations() {
        for (text, found, low, high, unit) in [
            (
                "We have between 21 to 40 days to respond",
                "between 21 to 40 days",
                21,
                40,
                Unit::CalendarDay,
            ),
            (
                "It takes 21-40 days.",
                "21-40 days",
                21,
                40,
                Unit::CalendarDay,
            ),
            (
                "between 21 and 40 days",
                "between 21 and 40 days",
                21,
                40,
                Unit::CalendarDay,
            ),
            (
                "it can take 1 - 2 months",
                "1 - 2 months",
                1,
                2,
                Unit::CalendarMonth,
            ),
        ] {
            let (text_found, kind) = single(text);
            assert_eq!(text_found, found, "{text}");
            assert_eq!(
                kind,
                ClaimKind::Duration {
                    low: duration(low, unit),
                    high: Some(duration(high, unit)),
                    extra: false,
                    and: None,
                }
            );
        }
    }

    #[test]
    fn the_forms_real_pages_use_for_time_limits() {
        assert_eq!(
            kinds("We reply within a fortnight."),
            [(
                "a fortnight".to_string(),
                ClaimKind::Duration {
                    low: duration(14, Unit::CalendarDay),
                    high: None,
                    extra: false,
                    and: None,
                }
            )]
        );
        // A restatement in brackets is a claim too, and must agree.
        let found: Vec<String> = kinds("We will reply within one month (30 days).")
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(found, ["one month", "30 days"]);
        // Two parts are one claim, which no rule is written as.
        assert_eq!(
            kinds("We reply within 1 month and 10 days."),
            [(
                "1 month and 10 days".to_string(),
                ClaimKind::Duration {
                    low: duration(1, Unit::CalendarMonth),
                    high: None,
                    extra: false,
                    and: Some(duration(10, Unit::CalendarDay)),
                }
            )]
        );
    }

    #[test]
    fn a_sum_in_euros_or_dollars_is_foreign_money() {
        let foreign = |text: &str| -> Vec<(String, Currency)> {
            extract(text)
                .into_iter()
                .filter_map(|c| match c.kind {
                    ClaimKind::ForeignMoney(currency) => {
                        Some((text[c.range].to_string(), currency))
                    }
                    _ => None,
                })
                .collect()
        };
        let euro = |s: &str| (s.to_string(), Currency::Euro);
        let dollar = |s: &str| (s.to_string(), Currency::Dollar);
        assert_eq!(
            foreign("Fines of up to 20 million euros."),
            [euro("20 million euros")]
        );
        assert_eq!(foreign("Up to €20m, or 4%."), [euro("€20m")]);
        assert_eq!(
            foreign("Up to € 10,000,000 or EUR 20 million."),
            [euro("€ 10,000,000"), euro("EUR 20 million")]
        );
        assert_eq!(
            foreign("A fine of $50,000, or 1.5 million US dollars."),
            [dollar("$50,000"), dollar("1.5 million US dollars")]
        );
        assert_eq!(foreign("Europe has 27 states; it costs £10."), []);
    }

    #[test]
    fn the_forms_real_pages_use_for_money_and_fees() {
        let money = |text: &str| -> Vec<u32> {
            extract(text)
                .into_iter()
                .filter_map(|c| match c.kind {
                    ClaimKind::Money { amount, .. } => Some(amount.0),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(money("It costs 10 pounds."), [1000]);
        assert_eq!(money("It costs GBP 50."), [5000]);
        assert_eq!(money("It costs £10.00."), [1000]);
        assert_eq!(money("It is fifty pence a sheet."), [50]);
        assert_eq!(money("It costs £10.50 a copy."), [1050]);
        // A sum in millions is a fine or a budget, never a fee.
        assert_eq!(
            money("Fines of up to £17.5 million, or £8.7m."),
            [] as [u32; 0]
        );
        assert_eq!(money("A £5 minimum."), [500]);
        for text in [
            "A fee is payable.",
            "An admin fee applies.",
            "We will start once the fee has been received.",
            "There may be a small cost.",
            "A leaflet sets out the current prices of obtaining a copy of your records.",
            "See our charges for getting copies of records.",
            "The cost of receiving a copy is on our website.",
            "Use this form to get copies (see fees below).",
            "Someone who makes a written request and pays a fee is entitled to a copy.",
            "Fees may vary depending on the notes requested.",
            "You may apply in writing, as long as the appropriate fee has been paid.",
        ] {
            assert!(
                extract(text)
                    .iter()
                    .any(|c| c.kind == ClaimKind::FeeApplies),
                "{text}"
            );
        }
    }

    #[test]
    fn extra_time_is_marked() {
        let (_, kind) = single("We may take a further two months.");
        assert_eq!(
            kind,
            ClaimKind::Duration {
                low: duration(2, Unit::CalendarMonth),
                high: None,
                extra: true,
                and: None,
            }
        );
    }

    #[test]
    fn time_limits_as_pages_ask_for_patience_or_write_them_in_full() {
        assert_eq!(single("Please allow 40 days.").0, "40 days");
        assert_eq!(single("Please wait 40 days for a reply.").0, "40 days");
        assert_eq!(single("The usual response time is 40 days.").0, "40 days");
        assert_eq!(single("Turnaround time: 40 days.").0, "40 days");
        assert_eq!(single("We have a 30-day deadline to reply.").0, "30-day");
        assert_eq!(
            single("We will reply within thirty (30) days.").1,
            ClaimKind::Duration {
                low: duration(30, Unit::CalendarDay),
                high: None,
                extra: false,
                and: None
            }
        );
        // A 24-hour helpline is not a time limit.
        assert!(kinds("Call our 24-hour helpline.").is_empty());
    }

    #[test]
    fn a_second_time_limit_given_with_the_first_is_a_claim_too() {
        let found: Vec<String> = kinds("we have up to one calendar month/40 working days to reply")
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(found, ["one calendar month", "40 working days"]);
        let found: Vec<String> = kinds("we reply within 30 days or one month")
            .into_iter()
            .map(|(text, _)| text)
            .collect();
        assert_eq!(found, ["30 days", "one month"]);
    }

    #[test]
    fn hours_of_work_under_a_cost_limit_are_not_time_limits() {
        assert!(
            kinds("£450 is 18 hours' work at £25 an hour")
                .iter()
                .all(|(_, k)| !matches!(k, ClaimKind::Duration { .. }))
        );
        assert!(
            kinds("which equals 24 hours of staff time")
                .iter()
                .all(|(_, k)| !matches!(k, ClaimKind::Duration { .. }))
        );
    }

    #[test]
    fn work_a_cost_limit_measures_is_read_in_hours_or_days() {
        let work = |text: &str| -> Vec<(String, u32, bool)> {
            kinds(text)
                .into_iter()
                .filter_map(|(said, kind)| match kind {
                    ClaimKind::WorkTime { tenths, days } => Some((said, tenths, days)),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(
            work("£450 is 18 hours' work at £25 an hour"),
            [("18 hours".to_string(), 180, false)]
        );
        assert_eq!(
            work("the same as one person working for three and a half days."),
            [("three and a half days".to_string(), 35, true)]
        );
        assert_eq!(
            work("roughly 2.5 days' work"),
            [("2.5 days".to_string(), 25, true)]
        );
        assert_eq!(
            work("over 18 hours of staff time"),
            [("18 hours".to_string(), 180, false)]
        );
        // Time allowed is not work done, and "2.5 days" is not "5 days".
        assert!(work("We reply within 30 days.").is_empty());
        assert!(kinds("We usually reply in 2.5 days.").is_empty());
    }

    #[test]
    fn an_age_is_not_a_time_limit() {
        assert!(kinds("from around 12 years of age it is for the GP to decide").is_empty());
        assert!(kinds("children of 16 years old can ask").is_empty());
    }

    #[test]
    fn how_long_records_are_kept_is_not_a_time_limit() {
        assert!(kinds("We keep your dental records for up to 11 years.").is_empty());
        assert!(kinds("Notes are retained by the practice for a minimum of 8 years").is_empty());
        assert!(
            kinds("Records of children are held until their 25th birthday or for 10 years")
                .is_empty()
        );
        // Keeping something else, or keeping to a time, still is one.
        assert_eq!(
            kinds("We will keep you informed and reply within 30 days.").len(),
            1
        );
        assert_eq!(
            kinds("We keep to the time limit of up to 40 days.").len(),
            1
        );
    }

    #[test]
    fn a_period_named_as_such_is_a_time_limit() {
        assert_eq!(single("the 40 day period does not start").0, "40 day");
        assert_eq!(
            single("apply at least 30 working days in advance").0,
            "30 working days"
        );
        assert_eq!(single("give us 14 days' notice").0, "14 days");
        assert_eq!(single("The 28-day time-limit can be extended").0, "28-day");
    }

    #[test]
    fn look_backs_ages_and_thresholds_are_not_time_limits() {
        assert!(kinds("if finding it takes more than 18 hours").is_empty());
        assert_eq!(kinds("we reply in no more than 30 days").len(), 1);
        assert!(kinds("Bills dated in the last 6 months").is_empty());
        assert!(kinds("someone who has known you for at least 3 years").is_empty());
        assert!(kinds("Children aged 12 or over").is_empty());
        assert!(kinds("records made 40 days previously").is_empty());
        assert!(kinds("not updated in the 40 days prior to your request").is_empty());
    }

    #[test]
    fn a_time_limit_stated_as_what_the_limit_is_is_a_claim() {
        assert_eq!(single("Then the time limit is 40 days.").0, "40 days");
        assert_eq!(single("In other cases the period is 40 days.").0, "40 days");
        assert_eq!(single("The deadline is usually 30 days.").0, "30 days");
        assert_eq!(
            single("However, the Act gives us 40 days from when we receive it.").0,
            "40 days"
        );
        assert_eq!(
            single("The statutory timescale for dealing with an access to records request is 40 calendar days.").0,
            "40 calendar days"
        );
        // The noun must be the subject of this sentence, not the last.
        assert!(kinds("There is no time limit. The letter is 40 days late.").is_empty());
        // A copula alone is not enough: "the record is 40 days old" is an age.
        assert!(kinds("The letter is 40 days late.").is_empty());
    }

    #[test]
    fn money_in_its_usual_forms() {
        for (text, found, pence, per) in [
            ("up to a maximum of £50", "£50", 5000, None),
            ("a fee of £25.00", "£25.00", 2500, None),
            ("costs over £1,000", "£1,000", 100_000, None),
            ("20p per copy", "20p per copy", 20, Some(FeeBasis::Copy)),
            (
                "20 pence per sheet",
                "20 pence per sheet",
                20,
                Some(FeeBasis::Sheet),
            ),
            ("£25 per hour", "£25 per hour", 2500, Some(FeeBasis::Hour)),
        ] {
            let (text_found, kind) = single(text);
            assert_eq!(text_found, found, "{text}");
            assert_eq!(
                kind,
                ClaimKind::Money {
                    amount: Pence(pence),
                    per
                },
                "{text}"
            );
        }
    }

    #[test]
    fn fee_words_with_and_without_amounts() {
        assert_eq!(single("It is free to ask.").1, ClaimKind::NoFee);
        assert_eq!(
            single("This service is free of charge.").1,
            ClaimKind::NoFee
        );
        assert_eq!(single("There is no fee.").1, ClaimKind::NoFee);
        assert_eq!(
            single("Please note a charge will apply.").1,
            ClaimKind::FeeApplies
        );
        // What a charge is for is a case of its own: "for this".
        assert_eq!(
            kinds("There is a fee for this."),
            [
                ("There is a fee".to_string(), ClaimKind::FeeApplies),
                ("for this".to_string(), ClaimKind::FeeCase)
            ]
        );
        assert_eq!(
            kinds("You may be charged for copies.")[0].1,
            ClaimKind::FeeApplies
        );
        assert!(kinds("including free text, letters and results").is_empty());
    }

    #[test]
    fn charges_as_pages_hint_at_them() {
        for (text, claim) in [
            ("Any relevant fees must be paid first.", "fees must be paid"),
            (
                "You may also be required to pay a fee.",
                "may also be required to pay",
            ),
            (
                "Details of relevant charges that may apply are below.",
                "charges that may apply",
            ),
            (
                "It may be subject to an administration charge.",
                "may be subject to an administration charge",
            ),
            (
                "We may, however, charge for later requests.",
                "We may, however, charge",
            ),
            (
                "How to ask, the possible charges and the forms.",
                "the possible charges",
            ),
            (
                "We will tell you about the charges there may be.",
                "charges there may be",
            ),
            (
                "A reasonable fee may be made in some cases.",
                "A reasonable fee may be made",
            ),
            (
                "You or your representative may be charged to view them.",
                "may be charged",
            ),
            ("Copies of X-rays may incur a cost.", "incur a cost"),
            ("You may have to pay for postage.", "may have to pay"),
            ("Charges apply for copies of images.", "Charges apply"),
            (
                "Enclose a cheque made payable to the trust.",
                "cheque made payable",
            ),
            ("A fee is paid before we release them.", "A fee is paid"),
            ("Send the form along with the payment.", "with the payment"),
            (
                "Cheques must be received before we release records.",
                "Cheques must be",
            ),
            (
                "Provided that the fee has been paid, we will send them.",
                "Provided that the fee has been paid",
            ),
            (
                "The trust will send you an invoice before we copy them.",
                "send you an invoice",
            ),
            (
                "We can only levy a fee for copies of the records we hold.",
                "levy a fee",
            ),
            (
                "It is convenient for all parties that payment is facilitated in advance.",
                "payment is facilitated in advance",
            ),
            ("Please pay in advance by card.", "pay in advance"),
            ("The fee is payable up front.", "payable up front"),
            ("There maybe a charge for copies.", "There maybe a charge"),
            // An adverb between the verb and the charge; a charge as the
            // price of seeing something.
            (
                "The copies come as photocopies, and there is generally a charge for them.",
                "there is generally a charge",
            ),
            (
                "There are usually charges for copies.",
                "There are usually charges",
            ),
            (
                "You can see your own health records for a charge.",
                "for a charge",
            ),
            ("Copies are available for a small fee.", "for a small fee"),
            // A denial in the sentence before is not this one's.
            (
                "A first request costs nothing. A charge may apply to later requests.",
                "A charge may apply",
            ),
            // A fee taken for granted by naming it or asking for it.
            (
                "We will send out fee requests before the records are posted.",
                "send out fee requests",
            ),
            (
                "The time runs from the date we receive the initial administration fee.",
                "the initial administration fee",
            ),
            (
                "We will tell you whether there are any further charges.",
                "any further charges",
            ),
            (
                "Applications that arrive without payment will not be processed.",
                "without payment will not be processed",
            ),
            (
                "There may also be a charge for this.",
                "There may also be a charge",
            ),
            (
                "The Trust has a right to charge a fee.",
                "has a right to charge",
            ),
            ("You can charge a fee in some cases.", "You can charge"),
            (
                "Postage will then be charged to the patient.",
                "will then be charged",
            ),
            (
                "The patient must pay the cost of postage in full before we send them.",
                "must pay the cost",
            ),
            (
                "Applicants need to pay the fee first.",
                "need to pay the fee",
            ),
            ("You will have to pay for postage.", "will have to pay"),
            (
                "We can request a \"reasonable fee\" to deal with the request.",
                "request a \"reasonable fee",
            ),
            (
                "If we decide to charge a fee we will tell you.",
                "decide to charge",
            ),
            (
                "We will ask you to pay before we send them.",
                "ask you to pay",
            ),
            (
                "A patient who has paid the appropriate fee is entitled to a copy.",
                "paid the appropriate fee",
            ),
            (
                "Counting from the day we have received both the fee and your ID.",
                "both the fee",
            ),
            (
                "We send a letter requesting payment for the records.",
                "requesting payment",
            ),
            (
                "It runs from your completed request and payment.",
                "request and payment",
            ),
            (
                "The legislation sets fees for accessing records.",
                "sets fees for accessing",
            ),
            (
                "There are some charges for X-rays.",
                "There are some charges",
            ),
        ] {
            // What the charge is for ("for later requests") is a case of
            // its own, judged apart.
            let charges: Vec<_> = kinds(text)
                .into_iter()
                .filter(|(_, kind)| *kind != ClaimKind::FeeCase)
                .collect();
            assert_eq!(
                charges,
                [(claim.to_string(), ClaimKind::FeeApplies)],
                "{text}"
            );
        }
        assert_eq!(
            single("No fee may be charged for access.").1,
            ClaimKind::NoFee
        );
        assert!(kinds("You do not have to pay in advance.").is_empty());
        assert!(kinds("You will not need to pay the cost of postage.").is_empty());
        assert!(kinds("Nobody has to pay the fee that used to apply.").is_empty());
        assert!(kinds("Do I have to pay a fee?").is_empty());
        assert!(kinds("We are not allowed to charge for this.").is_empty());
        assert!(kinds("We do not give out copies for a fee.").is_empty());
        assert!(kinds("Ask for a charge nurse on the ward.").is_empty());
        assert!(kinds("There is a charge nurse on every ward.").is_empty());
        assert!(kinds("There is never usually a charge for this.").is_empty());
        assert!(kinds("We have not received any payment from you.").is_empty());
        assert_eq!(
            kinds("There are no fees for this."),
            [("no fees".to_string(), ClaimKind::NoFee)]
        );
    }

    #[test]
    fn yes_under_a_question_about_paying_is_a_charge() {
        let question = "Do I need to show ID or pay a fee?";
        assert_eq!(
            yes_to_paying("Yes. If you want copies, read on.", question),
            Some(Claim {
                range: 0..3,
                kind: ClaimKind::FeeApplies
            })
        );
        assert_eq!(yes_to_paying("Yesterday we changed this.", question), None);
        assert_eq!(
            yes_to_paying("Yes, you can.", "Can I ask for my records?"),
            None
        );
        assert_eq!(yes_to_paying("Yes.", "There is a fee."), None);
    }

    #[test]
    fn what_is_excepted_from_free_is_a_charge() {
        assert_eq!(
            kinds(
                "There is no charge for a copy, unless a large amount has to be copied. We reply soon."
            ),
            [
                ("no charge".to_string(), ClaimKind::NoFee),
                (
                    "unless a large amount has to be copied".to_string(),
                    ClaimKind::FeeCase
                ),
            ]
        );
        assert_eq!(
            kinds("It is free except where you ask for further copies; call us.")[1],
            (
                "except where you ask for further copies".to_string(),
                ClaimKind::FeeCase
            )
        );
        // The case a charge is made in, to the end of its sentence.
        assert_eq!(
            kinds(
                "We may charge for later requests, or if we consider the amount to be excessive. Call us."
            )[1],
            (
                "if we consider the amount to be excessive".to_string(),
                ClaimKind::FeeCase
            )
        );
        // An exception in another sentence is not the free one's.
        assert_eq!(kinds("It is free. Unless you phone, we write.").len(), 1);
    }

    #[test]
    fn phone_numbers_in_their_written_forms() {
        for text in [
            "Call 0115 924 9924",
            "Call (0115) 924 9924",
            "Call +44 115 924 9924",
            "Call +44 (0)115 924 9924",
            "Call 01159249924",
            "Call 0115 924\n9924".replace('\n', " ").as_str(),
        ] {
            let (_, kind) = single(text);
            assert_eq!(kind, ClaimKind::Phone("01159249924".into()), "{text}");
        }
        let (found, _) = single("Tel: 0115 924 9924 extension 86838.");
        assert_eq!(found, "0115 924 9924 extension 86838");
    }

    #[test]
    fn digits_from_the_data_are_not_read_for_claims() {
        let text = "Call 0115 924 9924 or pay £10 within 21 days.";
        let kinds =
            |claims: Vec<Claim>| -> Vec<ClaimKind> { claims.into_iter().map(|c| c.kind).collect() };
        assert_eq!(kinds(extract_with(text, true)).len(), 3);
        // Durations can be written in words, so they are still looked for.
        let without = kinds(extract_with(text, false));
        assert_eq!(without.len(), 1, "{without:?}");
        assert!(
            matches!(without[0], ClaimKind::Duration { .. }),
            "{without:?}"
        );
    }

    #[test]
    fn emails_and_postcodes() {
        let found = kinds("Email nuhnt.dpo@nhs.net or write to Derby Road, Nottingham, NG7 2UH.");
        assert_eq!(found[0].1, ClaimKind::Email("nuhnt.dpo@nhs.net".into()));
        assert_eq!(found[1].1, ClaimKind::Postcode("NG7 2UH".into()));
        // Written without its space, still a postcode; but a form's code
        // is not one.
        assert_eq!(
            single("Write to us at NG72UH.").1,
            ClaimKind::Postcode("NG7 2UH".into())
        );
        assert!(kinds("Send your HSC BSO HS45PR forms to us.").is_empty());
        assert!(kinds("Fill in form SA12AB and post it.").is_empty());
    }

    #[test]
    fn nhs_numbers_are_checked_with_modulus_11() {
        assert_eq!(
            single("for example 450 557 7104").1,
            ClaimKind::NhsNumber { valid: true }
        );
        assert_eq!(
            single("for example 943 476 5919").1,
            ClaimKind::NhsNumber { valid: true }
        );
        assert_eq!(
            single("for example 485 777 3456").1,
            ClaimKind::NhsNumber { valid: false }
        );
        assert_eq!(
            single("number 4505577104").1,
            ClaimKind::NhsNumber { valid: true }
        );
    }

    #[test]
    fn numbers_in_web_addresses_are_not_claims() {
        assert!(kinds("See https://example.nhs.uk/records/30-days-guide for more.").is_empty());
        assert!(kinds("Visit www.nhs.uk/2024/48-hours").is_empty());
    }
}
