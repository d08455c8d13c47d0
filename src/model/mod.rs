//! The site as Verity understands it once loaded: settings, canonical rules,
//! trusts and pages, each value keeping the place it was written so that a
//! diagnostic can point at it.
//!
//! Not for: reading files (that is `load`) or deciding what is wrong.

mod amounts;
mod date;
mod ids;
pub mod keywords;
mod phone;
mod rules;
mod search;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use amounts::{Duration, Pence, number_word};
pub use date::{Date, is_month_name};
pub use ids::{RuleId, Section, TrustId};
pub use keywords::{Currency, FeeBasis, Lang, LawStatus, Nation, Status, Topic, Unit, nation_list};
pub use phone::Phone;
pub use rules::{
    Caldicott, CanonicalList, Contact, Deadline, Extension, Fee, IdCategory, IdDocument,
    IdDocuments, KeptBy, Law, ListItem, NationFacts, NationalContact, OnlineService, Principle,
    RetiredDeadline, RetiredFee, RetiredTerm, RuleFile,
};
pub use search::{LanguageWords, SearchWords, for_each_search_word, search_words_of};

use crate::diagnostics::{Code, Severity, SourceFile, Span};

/// A value with the place in its file it came from: the YAML parser's own
/// span type, since the model is what the parser fills in (`load/yaml.rs`
/// is still the only code that parses YAML).
pub type Located<T> = serde_saphyr::Spanned<T>;

/// Characters Verity writes into pages as markers while it works on them
/// (where a component goes, where a value was taken out). No source may
/// hold one: a marker typed by an author would be taken for Verity's own,
/// after the HTML was sanitised. The loader replaces each with U+FFFD,
/// which is as long in UTF-8, so offsets do not move.
pub const RESERVED_CHARACTERS: std::ops::RangeInclusive<char> = '\u{E000}'..='\u{E00F}';

/// Text with each of [`RESERVED_CHARACTERS`] replaced by U+FFFD (as long in
/// UTF-8), for text that did not come through the loader's check: values
/// decoded from YAML escapes, and every page as it is written out.
pub fn without_reserved(text: &str) -> std::borrow::Cow<'_, str> {
    // In UTF-8 all of them start with these two bytes.
    if memchr::memmem::find(text.as_bytes(), &[0xEE, 0x80]).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if RESERVED_CHARACTERS.contains(&c) {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

/// The canonical rules of every file in `content/rules/`, merged.
#[derive(Debug, Clone, Default)]
pub struct Rules {
    /// Time limits, by id.
    pub deadlines: BTreeMap<String, Deadline>,
    /// Charges, by id.
    pub fees: BTreeMap<String, Fee>,
    /// Fees the law no longer allows, by id.
    pub retired_fees: BTreeMap<String, RetiredFee>,
    /// Time limits the law no longer sets, by id.
    pub retired_deadlines: BTreeMap<String, RetiredDeadline>,
    /// Phrases for rules that no longer exist, by id.
    pub retired_terms: BTreeMap<String, RetiredTerm>,
    /// Canonical lists, by name.
    pub lists: BTreeMap<String, CanonicalList>,
    /// Accepted identity documents.
    pub id_documents: Option<IdDocuments>,
    /// The Caldicott principles.
    pub caldicott: Option<Caldicott>,
    /// Laws, by id.
    pub laws: BTreeMap<String, Law>,
    /// National contacts, by id.
    pub contacts: BTreeMap<String, NationalContact>,
    /// Services patients use online, by id.
    pub online_services: BTreeMap<String, OnlineService>,
    /// The words people use for each topic's regime ("someone who has
    /// died", "UK GDPR"): a sentence, paragraph or heading that names one
    /// is judged by that topic's rules. Data, so that an information
    /// governance lead can add the ways their pages put it.
    pub topic_words: BTreeMap<Topic, Vec<String>>,
    /// Words that say a sentence or section is about something these rules
    /// do not cover ("medical report", "kept for", "car park"): its time
    /// limits and sums are not checked against them. Data, for the same
    /// reason as `topic_words`.
    pub other_rule_words: Vec<String>,
    /// What pages say differently in each nation (the patient number's
    /// name), by nation.
    pub nations: BTreeMap<Nation, NationFacts>,
    /// Where each rule is defined.
    pub defined_at: BTreeMap<RuleId, Span>,
    /// A rules file failed to load, so a missing id may be that file's fault.
    pub incomplete: bool,
    /// Changes whenever any rules file changes.
    pub fingerprint: u64,
}

/// Where a fact applies: some nations of the UK, or all of them. The law
/// differs between the nations, so a fact may be one nation's, with another
/// fact standing in for it elsewhere.
pub trait Reach {
    /// The nations where it applies; empty for the whole UK.
    fn nations(&self) -> &[Nation];
    /// The fact that stands in for it in each nation where it does not apply.
    fn instead_in(&self) -> &BTreeMap<Nation, String>;
    /// Whether it applies in a nation.
    fn applies_in(&self, nation: Nation) -> bool {
        self.nations().is_empty() || self.nations().contains(&nation)
    }
    /// The nations where it applies, as a patient would read them:
    /// "England, Wales and Northern Ireland".
    fn nation_names(&self) -> String {
        keywords::nation_list(self.nations())
    }
}

macro_rules! reach {
    ($($fact:ty),*) => {$(
        impl Reach for $fact {
            fn nations(&self) -> &[Nation] {
                &self.nations
            }
            fn instead_in(&self) -> &BTreeMap<Nation, String> {
                &self.instead_in
            }
        }
    )*};
}

reach!(Deadline, Fee, Law, NationalContact);

/// What deadlines and fees have in common: a value pages can show, a
/// title and summary, the dates it applies and how sure we are of it.
pub trait Fact {
    /// The section of the rule data the fact lives in.
    const SECTION: Section;
    /// What one fact is called in messages: `deadline`.
    const KIND: &'static str;
    /// The fields a page may name after the id, besides `title` and `summary`.
    const EXTRA_FIELDS: &'static [&'static str] = &[];

    /// The value as pages write it: "1 calendar month", "free".
    fn plain(&self) -> String;
    /// What the fact is about.
    fn title(&self) -> &str;
    /// A sentence for patients, if the data gives one.
    fn summary(&self) -> Option<&str>;
    /// The first and last days the fact applies.
    fn effective(&self) -> (Option<Date>, Option<Date>);
    /// How far the fact has been checked.
    fn status(&self) -> Status;
    /// An extra field's value: `None` if the field is not given for this fact.
    fn extra_field(&self, _name: &str) -> Option<String> {
        None
    }
    /// The value as a page in a language writes it; `None` where the rule
    /// data has no wording in that language (a charge worked out in words).
    fn plain_in(&self, lang: Lang) -> Option<String>;
    /// The title in a language, if the rule data gives it.
    fn title_in(&self, lang: Lang) -> Option<&str>;
    /// The summary in a language, if the rule data gives it.
    fn summary_in(&self, lang: Lang) -> Option<&str>;
    /// An extra field's value in a language.
    fn extra_field_in(&self, name: &str, lang: Lang) -> Option<String> {
        match lang {
            Lang::En => self.extra_field(name),
            Lang::Cy => None,
        }
    }
}

/// English text, or its Welsh where the page is Welsh.
fn in_lang<'a>(lang: Lang, english: &'a str, welsh: Option<&'a String>) -> Option<&'a str> {
    match lang {
        Lang::En => Some(english),
        Lang::Cy => welsh.map(String::as_str),
    }
}

impl Deadline {
    /// The limit as a duration.
    pub fn duration(&self) -> Duration {
        Duration {
            value: self.value.value,
            unit: self.unit,
        }
    }
}

impl Fact for Deadline {
    const SECTION: Section = Section::Deadlines;
    const KIND: &'static str = "deadline";
    const EXTRA_FIELDS: &'static [&'static str] = &["extension"];

    fn plain(&self) -> String {
        self.duration().plain()
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn effective(&self) -> (Option<Date>, Option<Date>) {
        (self.effective_from, self.effective_until)
    }
    fn status(&self) -> Status {
        self.status
    }
    fn extra_field(&self, name: &str) -> Option<String> {
        self.extra_field_in(name, Lang::En)
    }
    fn plain_in(&self, lang: Lang) -> Option<String> {
        Some(self.duration().plain_in(lang))
    }
    fn title_in(&self, lang: Lang) -> Option<&str> {
        in_lang(lang, &self.title, self.title_cy.as_ref())
    }
    fn summary_in(&self, lang: Lang) -> Option<&str> {
        in_lang(lang, self.summary.as_deref()?, self.summary_cy.as_ref())
    }
    fn extra_field_in(&self, name: &str, lang: Lang) -> Option<String> {
        match name {
            "extension" => self.extension.as_ref().map(|ext| {
                Duration {
                    value: ext.value.value,
                    unit: ext.unit,
                }
                .plain_in(lang)
            }),
            _ => None,
        }
    }
}

impl Fact for Fee {
    const SECTION: Section = Section::Fees;
    const KIND: &'static str = "fee";

    /// "free", "£25 per hour", or how the fee is worked out when the law
    /// sets no amount.
    fn plain(&self) -> String {
        match self.amount_pence.value {
            Some(pence) => Pence(pence).plain_per(self.per),
            None => self
                .charge
                .clone()
                .unwrap_or_else(|| "a reasonable fee".to_string()),
        }
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn summary(&self) -> Option<&str> {
        self.summary.as_deref()
    }
    fn effective(&self) -> (Option<Date>, Option<Date>) {
        (self.effective_from, self.effective_until)
    }
    fn status(&self) -> Status {
        self.status
    }
    fn plain_in(&self, lang: Lang) -> Option<String> {
        match (self.amount_pence.value, lang) {
            (Some(pence), _) => Some(Pence(pence).plain_per_in(self.per, lang)),
            (None, Lang::En) => Some(self.plain()),
            (None, Lang::Cy) => self.charge_cy.clone(),
        }
    }
    fn title_in(&self, lang: Lang) -> Option<&str> {
        in_lang(lang, &self.title, self.title_cy.as_ref())
    }
    fn summary_in(&self, lang: Lang) -> Option<&str> {
        in_lang(lang, self.summary.as_deref()?, self.summary_cy.as_ref())
    }
}

/// A trust's own promise, such as replying within 21 days where the law
/// allows a calendar month.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceTarget {
    /// The number of units.
    pub value: Located<u32>,
    /// The unit the number counts.
    pub unit: Unit,
}

impl ServiceTarget {
    /// The target as a duration.
    pub fn duration(&self) -> Duration {
        Duration {
            value: self.value.value,
            unit: self.unit,
        }
    }
}

/// `trust.yaml` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustFile {
    /// The trust's full name.
    pub name: String,
    /// Its name in Welsh, for its Welsh pages.
    #[serde(default)]
    pub name_cy: Option<String>,
    /// The nation whose law applies.
    pub nation: Nation,
    /// The trust's home page.
    #[serde(default)]
    pub website: Option<String>,
    /// The address of the trust's privacy notice, linked from every page's
    /// footer.
    #[serde(default)]
    pub privacy_notice: Option<Located<String>>,
    /// Contacts by role (`records`, `dpo`, `caldicott_guardian`, `foi`, ...).
    #[serde(default)]
    pub contacts: BTreeMap<String, Contact>,
    /// The trust's own online services, by id (one with the id of a
    /// service in the rule data stands in for it on this trust's pages).
    #[serde(default)]
    pub online_services: BTreeMap<String, OnlineService>,
    /// Service targets by deadline id.
    #[serde(default)]
    pub service_targets: std::collections::HashMap<Located<String>, ServiceTarget>,
    /// The identity documents this trust accepts, in place of the rule
    /// data's.
    #[serde(default)]
    pub id_documents: Option<TrustIdDocuments>,
    /// The languages it publishes in: `[en, cy]` for a body under the Welsh
    /// Language Standards, the default in Wales; `[en]` elsewhere (and for
    /// a Welsh GP practice, which the Standards do not yet cover).
    #[serde(default)]
    pub languages: Option<Vec<Lang>>,
}

/// A trust's own list of accepted identity documents: local policy, so it
/// says who checked it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustIdDocuments {
    /// How far the list has been checked.
    pub status: Status,
    /// Who checked it and when, such as "IG lead, 1 October 2026".
    pub verified_by: String,
    /// Categories such as `photo` and `address`, as in the rule data.
    pub categories: BTreeMap<String, IdCategory>,
}

/// A trust, ready to render pages for.
#[derive(Debug, Clone)]
pub struct Trust {
    /// The folder name under `content/trusts/`, used in web addresses.
    pub id: TrustId,
    /// The trust's full name.
    pub name: String,
    /// Its name in Welsh, where it has one.
    pub name_cy: Option<String>,
    /// The nation whose law applies.
    pub nation: Nation,
    /// The trust's home page.
    pub website: Option<String>,
    /// The address of its privacy notice.
    pub privacy_notice: Option<String>,
    /// Contacts by role.
    pub contacts: BTreeMap<String, Contact>,
    /// Its own online services, by id.
    pub online_services: BTreeMap<String, OnlineService>,
    /// Service targets by deadline id, with where each is written.
    pub service_targets: BTreeMap<String, (ServiceTarget, Span)>,
    /// The identity documents this trust accepts, where it has its own list.
    pub id_documents: Option<TrustIdDocuments>,
    /// The languages it publishes in, English first.
    pub languages: Vec<Lang>,
    /// The trust.yaml file.
    pub file: String,
    /// Its text, for placing what is found in it after loading.
    pub source: Arc<crate::diagnostics::SourceFile>,
    /// Changes whenever trust.yaml changes.
    pub fingerprint: u64,
}

/// A statement the checker should accept on one page, with the reason.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Allow {
    /// The text as written on the page.
    pub text: Located<String>,
    /// Why it is right here, for the reviewer.
    pub reason: String,
}

/// The topics a page's front matter names: those Verity knows, and any
/// word it does not, kept with its place so that the loader reports it and
/// still reads the page. A made-up topic ("privacy") is a common slip, and
/// it must not hide every deadline and fee on the page from the checker.
#[derive(Debug, Clone, Default)]
pub struct PageTopics {
    /// The topics Verity knows, in the order written.
    pub known: Vec<Topic>,
    /// The words that name no topic, where they are written.
    pub unknown: Vec<Located<String>>,
}

impl PageTopics {
    /// Topics that are all known.
    pub fn known(known: Vec<Topic>) -> PageTopics {
        PageTopics {
            known,
            unknown: Vec::new(),
        }
    }
}

impl std::ops::Deref for PageTopics {
    type Target = Vec<Topic>;

    fn deref(&self) -> &Vec<Topic> {
        &self.known
    }
}

impl<'de> Deserialize<'de> for PageTopics {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut topics = PageTopics::default();
        for word in Vec::<Located<String>>::deserialize(deserializer)? {
            match Topic::parse(word.value.trim()) {
                Ok(topic) => topics.known.push(topic),
                Err(_) => topics.unknown.push(word),
            }
        }
        Ok(topics)
    }
}

/// A page's front matter as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title, shown as its heading.
    pub title: String,
    /// One sentence for the page list and search engines.
    pub description: String,
    /// The rule areas the page speaks about.
    pub topics: PageTopics,
    /// The last day the whole page was reviewed.
    #[serde(default)]
    pub last_reviewed: Option<Date>,
    /// When the next review is due; derived from the review interval if absent.
    #[serde(default)]
    pub next_review: Option<Date>,
    /// The web address segment; derived from the file name if absent.
    #[serde(default)]
    pub slug: Option<Located<String>>,
    /// Limits a shared page to some trusts.
    #[serde(default)]
    pub trusts: Option<Vec<Located<String>>>,
    /// Limits a page to the trusts of some nations, where what it says is
    /// one nation's law (the national data opt-out is England's).
    #[serde(default)]
    pub nations: Option<Vec<Located<Nation>>>,
    /// Statements the checker should accept on this page.
    #[serde(default)]
    pub allow: Vec<Allow>,
    /// Position in the trust's page list; lower comes first.
    #[serde(default)]
    pub order: Option<i32>,
    /// The heading the trust's home lists it under ("How your information
    /// is used"); pages without one are listed together after the groups.
    #[serde(default)]
    pub group: Option<String>,
}

/// Whose page it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageOwner {
    /// From `content/pages/`: rendered for every trust (or those listed).
    Shared,
    /// From `content/trusts/<id>/`: that trust's own page.
    Trust(TrustId),
}

/// A page with its front matter read and its body located.
#[derive(Debug, Clone)]
pub struct Page {
    /// The markdown file.
    pub source: Arc<SourceFile>,
    /// The front matter (shared with the loader's cache, which hands the
    /// same page to every rebuild until its file changes).
    pub front: Arc<FrontMatter>,
    /// Byte offset in the file where the markdown body starts.
    pub body_start: usize,
    /// The web address segment.
    pub slug: String,
    /// Whose page it is.
    pub owner: PageOwner,
    /// The language it is written in: Welsh for `<name>.cy.md`, which is
    /// the translation of `<name>.md` beside it.
    pub lang: Lang,
    /// The trusts that get this page (after `trusts:` and overrides).
    pub trusts: Vec<TrustId>,
    /// Where each `allow` entry's text is, in the same order as `front.allow`.
    pub allow_ranges: Vec<std::ops::Range<usize>>,
}

/// Settings from site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown on the home page.
    pub title: String,
    /// The address the site is served from, such as `/` or `/guidance/`.
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// The theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Where `verity build` writes, relative to the site root.
    #[serde(default = "default_output_dir")]
    pub output_dir: String,
    /// Months from `last_reviewed` to the next review when a page gives none.
    #[serde(default = "default_review_interval")]
    pub review_interval_months: u32,
    /// Checker settings.
    #[serde(default)]
    pub check: CheckConfig,
    /// What the accessibility statement says of the whole website.
    #[serde(default)]
    pub accessibility: AccessibilityConfig,
}

/// The `[accessibility]` table of site.toml: what each trust's
/// accessibility statement says of the website as a whole, in the shape
/// the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
/// Accessibility Regulations 2018 ask for.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessibilityConfig {
    /// How far the website meets WCAG 2.2 AA: `full`, `partial` (the
    /// default, until a person has audited it) or `not`.
    #[serde(default)]
    pub compliance: Compliance,
    /// The parts that are not accessible, each in plain words.
    #[serde(default)]
    pub known_issues: Vec<String>,
    /// When the statement was first prepared (YYYY-MM-DD).
    #[serde(default)]
    pub prepared: Option<toml::Spanned<String>>,
    /// When it was last reviewed.
    #[serde(default)]
    pub reviewed: Option<toml::Spanned<String>>,
    /// When the website was last tested.
    #[serde(default)]
    pub tested: Option<toml::Spanned<String>>,
    /// Who tested it, and how.
    #[serde(default)]
    pub tested_by: Option<String>,
}

/// How far a website meets the accessibility standard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Compliance {
    /// Fully compliant.
    Full,
    /// Partially compliant: the known issues say where not.
    #[default]
    Partial,
    /// Not compliant.
    Not,
}

/// The `[check]` table of site.toml.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Severity per code: `"error"`, `"warning"` or `"off"`, with where
    /// each is written so that a typo can be pointed at.
    #[serde(default)]
    pub levels: BTreeMap<toml::Spanned<String>, toml::Spanned<String>>,
    /// The reading age pages should not exceed (the NHS aims for 9 to 11).
    #[serde(default = "default_reading_age")]
    pub reading_age: u8,
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            levels: BTreeMap::new(),
            reading_age: default_reading_age(),
        }
    }
}

fn default_reading_age() -> u8 {
    11
}

impl SiteConfig {
    /// Default settings with a title: what a broken site.toml falls back to.
    pub fn with_title(title: &str) -> SiteConfig {
        SiteConfig {
            title: title.to_string(),
            base_url: default_base_url(),
            theme: default_theme(),
            output_dir: default_output_dir(),
            review_interval_months: default_review_interval(),
            check: CheckConfig::default(),
            accessibility: AccessibilityConfig::default(),
        }
    }
}

fn default_base_url() -> String {
    "/".to_string()
}
fn default_theme() -> String {
    "nhs".to_string()
}
fn default_output_dir() -> String {
    "public".to_string()
}
fn default_review_interval() -> u32 {
    12
}

/// Severity overrides from site.toml, resolved to codes; `None` means off.
pub type Levels = BTreeMap<Code, Option<Severity>>;

/// What a run is asked for, as opposed to what the site holds: the same
/// site judged as of another date is another run, not another site.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RunParams {
    /// The date the run is "as of": review dates and the dates rules take
    /// effect are judged against it.
    pub as_of: Date,
    /// Where `verity build` writes the site, if not site.toml's
    /// `output_dir`.
    pub output: Option<PathBuf>,
}

impl RunParams {
    /// A run as of a date, writing where site.toml says.
    pub fn as_of(as_of: Date) -> RunParams {
        RunParams {
            as_of,
            output: None,
        }
    }
}

/// Everything `load` produced: the input of every later stage.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site root (the folder holding site.toml).
    pub root: PathBuf,
    /// Settings.
    pub config: SiteConfig,
    /// Severity overrides.
    pub levels: Levels,
    /// Canonical rules.
    pub rules: std::sync::Arc<Rules>,
    /// Trusts by id.
    pub trusts: BTreeMap<TrustId, Trust>,
    /// Pages, sorted by file path.
    pub pages: Vec<Page>,
    /// Changes whenever site.toml changes.
    pub config_fingerprint: u64,
    /// For each trust, the indexes in `pages` of the pages it gets, in list
    /// order (see [`Site::list_order`]). Kept so that listing a trust's
    /// pages costs its own pages, not every page times every trust.
    pub pages_by_trust: BTreeMap<TrustId, Vec<usize>>,
    /// The address and language of every page of a trust that publishes in
    /// more than one language: each page's language switch asks for its
    /// other versions, and a scan per page would cost pages squared.
    pub translated: std::collections::HashSet<(TrustId, String, Lang)>,
    /// The words patients search with (content/search.yaml).
    pub search_words: std::sync::Arc<SearchWords>,
}

impl Trust {
    /// The trust's name as a page in a language writes it.
    pub fn name_in(&self, lang: Lang) -> &str {
        match (lang, &self.name_cy) {
            (Lang::Cy, Some(name)) => name,
            _ => &self.name,
        }
    }
}

impl Site {
    /// The pages that one trust gets, in list order: `order`, then title.
    pub fn pages_for<'a>(&'a self, trust: &str) -> impl Iterator<Item = &'a Page> + 'a {
        self.pages_by_trust
            .get(trust)
            .into_iter()
            .flatten()
            .filter_map(|i| self.pages.get(*i))
    }

    /// Whether a trust that publishes in several languages has a page at
    /// this address in one of them.
    pub fn has_page(&self, trust: &str, slug: &str, lang: Lang) -> bool {
        self.translated
            .contains(&(TrustId::new(trust), slug.to_string(), lang))
    }

    /// The index behind [`Site::has_page`]: every page of the trusts that
    /// publish in more than one language.
    pub fn translations(
        trusts: &BTreeMap<TrustId, Trust>,
        pages: &[Page],
    ) -> std::collections::HashSet<(TrustId, String, Lang)> {
        pages
            .iter()
            .flat_map(|page| {
                page.trusts
                    .iter()
                    .filter(|t| trusts.get(*t).is_some_and(|t| t.languages.len() > 1))
                    .map(|t| (t.clone(), page.slug.clone(), page.lang))
            })
            .collect()
    }

    /// Which pages each trust gets, in list order.
    pub fn list_order(pages: &[Page]) -> BTreeMap<TrustId, Vec<usize>> {
        let mut by_trust: BTreeMap<TrustId, Vec<usize>> = BTreeMap::new();
        for (index, page) in pages.iter().enumerate() {
            for trust in &page.trusts {
                match by_trust.get_mut(trust) {
                    Some(indexes) => indexes.push(index),
                    None => {
                        by_trust.insert(trust.clone(), vec![index]);
                    }
                }
            }
        }
        let key = |i: &usize| {
            let front = &pages[*i].front;
            (front.order.unwrap_or(i32::MAX), front.title.as_str())
        };
        for indexes in by_trust.values_mut() {
            indexes.sort_by(|a, b| key(a).cmp(&key(b)));
        }
        by_trust
    }
}

/// A valid slug made from any text: "Proof of Identity" → "proof-of-identity".
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}
