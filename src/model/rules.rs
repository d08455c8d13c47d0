//! The canonical rule data: deadlines, fees, retired values, lists, identity
//! documents, the Caldicott principles, laws and national contacts, exactly
//! as `content/rules/*.yaml` spells them. Unknown keys are errors.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Located;
use super::{Currency, Date, Duration, FeeBasis, LawStatus, Nation, Status, Topic, Unit};

/// A time limit, such as "1 calendar month" for a subject access request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    /// What the limit is for, in a few words.
    pub title: String,
    /// The title in Welsh, for Welsh pages.
    #[serde(default)]
    pub title_cy: Option<String>,
    /// The number of units.
    pub value: Located<u32>,
    /// The unit the number counts.
    pub unit: Unit,
    /// Who must keep to the limit: `us` (the organisation: replying,
    /// giving access) or `you` (the person asking: paying, complaining to
    /// the ICO). A trust may promise to be quicker than a limit it keeps;
    /// telling people they have less time than the law gives them is wrong.
    #[serde(default)]
    pub kept_by: KeptBy,
    /// A sentence for patients, when a page wants the whole rule.
    #[serde(default)]
    pub summary: Option<String>,
    /// The summary in Welsh, for Welsh pages.
    #[serde(default)]
    pub summary_cy: Option<String>,
    /// When the limit applies, if not always.
    #[serde(default)]
    pub condition: Option<String>,
    /// The condition in Welsh, for Welsh pages.
    #[serde(default)]
    pub condition_cy: Option<String>,
    /// A longer limit that the law allows in some cases.
    #[serde(default)]
    pub extension: Option<Extension>,
    /// The nations where it applies; empty for the whole UK.
    #[serde(default)]
    pub nations: Vec<Nation>,
    /// The fact to use instead in a nation where this one does not apply
    /// (an id in the same section, by nation): a page that names this fact
    /// shows that one to a trust there.
    #[serde(default)]
    pub instead_in: BTreeMap<Nation, String>,
    /// The rule areas this fact belongs to.
    pub topics: Vec<Topic>,
    /// The first day the fact applies.
    #[serde(default)]
    pub effective_from: Option<Date>,
    /// The last day the fact applies.
    #[serde(default)]
    pub effective_until: Option<Date>,
    /// Anything an editor of the rule data should know.
    #[serde(default)]
    pub note: Option<String>,
    /// The legal basis, as people cite it.
    pub legal_basis: Vec<String>,
    /// Where the fact was checked.
    #[serde(default)]
    pub sources: Vec<String>,
    /// How far the fact has been checked.
    pub status: Status,
}

/// Who must keep to a time limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeptBy {
    /// The organisation the page speaks for.
    #[default]
    Us,
    /// The person asking.
    You,
}

/// The extra time the law allows on top of a deadline.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extension {
    /// The number of extra units.
    pub value: Located<u32>,
    /// The unit the number counts.
    pub unit: Unit,
    /// When the extension may be used.
    #[serde(default)]
    pub when: Vec<String>,
    /// What the requester must be told, and by when.
    #[serde(default)]
    pub notice: Option<String>,
}

/// A charge, or the lack of one: "free", "£25 per hour".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// What the fee is for.
    pub title: String,
    /// The title in Welsh, for Welsh pages.
    #[serde(default)]
    pub title_cy: Option<String>,
    /// The amount in pence; `null` when the law sets no fixed amount.
    pub amount_pence: Located<Option<u32>>,
    /// What the amount is charged per.
    #[serde(default)]
    pub per: Option<FeeBasis>,
    /// How a charge without a fixed amount is worked out, in plain English.
    #[serde(default)]
    pub charge: Option<String>,
    /// How the fee is worked out in Welsh, for Welsh pages.
    #[serde(default)]
    pub charge_cy: Option<String>,
    /// Words that show a sentence is about this charge ("more copies"), so
    /// that "we may charge" passes only where it says when.
    #[serde(default)]
    pub mentions: Vec<String>,
    /// On a free fee: reasons for a charge the law does not allow ("a
    /// large amount to copy"). A sentence that makes a charge depend on one
    /// is wrong, whatever else it names.
    #[serde(default)]
    pub not_grounds: Vec<String>,
    /// On a cost limit: the fee whose hourly rate turns it into hours of
    /// work (`foi_staff_rate`), so that "18 hours' work" or "two and a
    /// half days" on a page is checked against it.
    #[serde(default)]
    pub hours_at: Option<String>,
    /// A sentence for patients.
    #[serde(default)]
    pub summary: Option<String>,
    /// The summary in Welsh, for Welsh pages.
    #[serde(default)]
    pub summary_cy: Option<String>,
    /// The nations where it applies; empty for the whole UK.
    #[serde(default)]
    pub nations: Vec<Nation>,
    /// The fact to use instead in a nation where this one does not apply
    /// (an id in the same section, by nation): a page that names this fact
    /// shows that one to a trust there.
    #[serde(default)]
    pub instead_in: BTreeMap<Nation, String>,
    /// The rule areas this fact belongs to.
    pub topics: Vec<Topic>,
    /// The first day the fact applies.
    #[serde(default)]
    pub effective_from: Option<Date>,
    /// The last day the fact applies.
    #[serde(default)]
    pub effective_until: Option<Date>,
    /// Anything an editor of the rule data should know.
    #[serde(default)]
    pub note: Option<String>,
    /// The legal basis.
    pub legal_basis: Vec<String>,
    /// Where the fact was checked.
    #[serde(default)]
    pub sources: Vec<String>,
    /// How far the fact has been checked.
    pub status: Status,
}

/// A fee that the law no longer allows, kept so that the checker can name it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetiredFee {
    /// The old amount in pence.
    pub amount_pence: Located<u32>,
    /// What it used to be, in plain English.
    pub was: String,
    /// The law that allowed it (an id in `laws`).
    pub law: String,
    /// The day it stopped applying.
    pub retired_on: Date,
    /// The fee that applies now (an id in `fees`).
    pub replaced_by: String,
    /// The rule areas this fact belongs to.
    pub topics: Vec<Topic>,
}

/// A time limit the law no longer sets, such as the Data Protection Act
/// 1998's 40 days to answer a request for your own records.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetiredDeadline {
    /// The number of units it was.
    pub value: Located<u32>,
    /// The unit the number counted.
    pub unit: Unit,
    /// What it used to be, in plain English.
    pub was: String,
    /// The law that set it (an id in `laws`).
    pub law: String,
    /// The day it stopped applying.
    pub retired_on: Date,
    /// The time limit that applies now (an id in `deadlines`).
    pub replaced_by: String,
    /// The rule areas this fact belongs to.
    pub topics: Vec<Topic>,
}

impl RetiredDeadline {
    /// How long it was, as a duration.
    pub fn duration(&self) -> Duration {
        Duration {
            value: self.value.value,
            unit: self.unit,
        }
    }
}

/// A phrase for a rule that no longer exists, such as "disproportionate effort".
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetiredTerm {
    /// The phrase as pages used to write it.
    pub phrase: Located<String>,
    /// Other ways pages write it.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// What it used to mean.
    pub was: String,
    /// The day it stopped applying.
    pub retired_on: Date,
    /// What to write instead.
    pub instead: String,
    /// The rule areas this fact belongs to.
    pub topics: Vec<Topic>,
}

/// A canonical list that pages render with `{{ list("name") }}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CanonicalList {
    /// What the list is, in a few words.
    pub title: String,
    /// The title in Welsh, for Welsh pages.
    #[serde(default)]
    pub title_cy: Option<String>,
    /// The rule areas this list belongs to.
    pub topics: Vec<Topic>,
    /// The items, in the order pages show them.
    pub items: Vec<ListItem>,
}

/// One item of a canonical list.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListItem {
    /// A stable id for the item.
    pub id: String,
    /// The item in plain English, as pages show it.
    pub text: Located<String>,
    /// The item in Welsh, for Welsh pages.
    #[serde(default)]
    pub text_cy: Option<String>,
    /// More detail, shown under the item.
    #[serde(default)]
    pub detail: Option<String>,
    /// The detail in Welsh, for Welsh pages.
    #[serde(default)]
    pub detail_cy: Option<String>,
    /// The legal basis.
    #[serde(default)]
    pub legal_basis: Vec<String>,
    /// The nations where it applies; empty for the whole UK (a deputy of
    /// the Court of Protection is England and Wales's, a welfare guardian
    /// Scotland's).
    #[serde(default)]
    pub nations: Vec<Nation>,
    /// How far the item has been checked.
    pub status: Status,
}

impl ListItem {
    /// Whether the item is part of the list in a nation.
    pub fn applies_in(&self, nation: Nation) -> bool {
        self.nations.is_empty() || self.nations.contains(&nation)
    }
}

/// Accepted proof of identity, by category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdDocuments {
    /// What the law says about asking for identity, in plain English.
    pub summary: String,
    /// The summary in Welsh, for Welsh pages.
    #[serde(default)]
    pub summary_cy: Option<String>,
    /// The legal basis.
    pub legal_basis: Vec<String>,
    /// How far the lists have been checked.
    pub status: Status,
    /// The rule areas these lists belong to.
    pub topics: Vec<Topic>,
    /// Categories such as `photo`, `non_photo` and `address`.
    pub categories: BTreeMap<String, IdCategory>,
}

/// One category of identity documents and the rules that apply to it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdCategory {
    /// The category's heading, such as "Photo ID".
    pub title: String,
    /// The heading in Welsh, for Welsh pages.
    #[serde(default)]
    pub title_cy: Option<String>,
    /// The document must be in date.
    #[serde(default)]
    pub must_be_current: bool,
    /// The document must be dated within this many months.
    #[serde(default)]
    pub dated_within_months: Option<u32>,
    /// What the document must show.
    #[serde(default)]
    pub must_show: Vec<String>,
    /// What the document must show, in Welsh.
    #[serde(default)]
    pub must_show_cy: Vec<String>,
    /// Documents that are not accepted.
    #[serde(default)]
    pub not_accepted: Vec<String>,
    /// Documents that are not accepted, in Welsh.
    #[serde(default)]
    pub not_accepted_cy: Vec<String>,
    /// The accepted documents.
    pub items: Vec<IdDocument>,
}

/// One accepted document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdDocument {
    /// The document, as patients know it.
    pub name: Located<String>,
    /// The document in Welsh, for Welsh pages.
    #[serde(default)]
    pub name_cy: Option<String>,
    /// A condition on this document.
    #[serde(default)]
    pub note: Option<String>,
    /// The condition in Welsh, for Welsh pages.
    #[serde(default)]
    pub note_cy: Option<String>,
}

/// The Caldicott principles in their current wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Caldicott {
    /// Which version of the principles this is.
    pub version: String,
    /// The version in Welsh, for Welsh pages.
    #[serde(default)]
    pub version_cy: Option<String>,
    /// Where the wording comes from.
    pub source: String,
    /// How far the wording has been checked.
    pub status: Status,
    /// The rule areas this fact belongs to.
    pub topics: Vec<Topic>,
    /// The principles, in order.
    pub principles: Vec<Principle>,
    /// What a Caldicott Guardian is, in plain English.
    pub guardian: String,
    /// What a guardian is in Welsh, for Welsh pages.
    #[serde(default)]
    pub guardian_cy: Option<String>,
}

/// One Caldicott principle.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    /// Its number, from 1.
    pub number: u32,
    /// Its title.
    pub title: Located<String>,
    /// The title in Welsh, for Welsh pages.
    #[serde(default)]
    pub title_cy: Option<String>,
    /// Its full text.
    pub text: String,
    /// The text in Welsh, for Welsh pages.
    #[serde(default)]
    pub text_cy: Option<String>,
}

/// A law that pages cite, or cite by mistake.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Law {
    /// The law's name as it should be written.
    pub name: Located<String>,
    /// The name in Welsh, for Welsh pages.
    #[serde(default)]
    pub name_cy: Option<String>,
    /// Whether pages may cite it.
    pub status: LawStatus,
    /// Other ways pages write the same name.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The law that replaced a repealed law, or that a misnamed law means
    /// (an id in `laws`).
    #[serde(default)]
    pub use_instead: Option<String>,
    /// The day a repealed law stopped applying.
    #[serde(default)]
    pub repealed_on: Option<Date>,
    /// Why it must not be cited, in plain English.
    #[serde(default)]
    pub note: Option<String>,
    /// The rule areas this law belongs to. A page that cites it about
    /// another area (the Access to Health Records Act for your own records)
    /// has cited the wrong law.
    pub topics: Vec<Topic>,
    /// Whether citing it for another rule area is reported: set for laws
    /// pages often cite for the wrong one (the Access to Health Records Act
    /// for your own records), not for those rightly named in passing
    /// ("personal data is exempt from Freedom of Information").
    #[serde(default)]
    pub strict_topics: bool,
    /// Phrases that belong to this law alone, such as the date before which
    /// its records are not open ("1 November 1991").
    #[serde(default)]
    pub marks: Vec<String>,
    /// The currency its sums are in, where that is not the pound: a page
    /// that gives a sum in it ("fines of up to 20 million euros") is
    /// quoting this law.
    #[serde(default)]
    pub currency: Option<Currency>,
    /// The nations where it applies; empty for the whole UK.
    #[serde(default)]
    pub nations: Vec<Nation>,
    /// The law to cite instead in a nation where this one does not apply
    /// (an id in `laws`, by nation).
    #[serde(default)]
    pub instead_in: BTreeMap<Nation, String>,
}

/// A way to reach an organisation. Every field is optional because pages
/// show only what the organisation gives.
#[derive(Debug, Clone, Default, Hash, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The team or person.
    #[serde(default)]
    pub name: Option<String>,
    /// The team or person in Welsh, for Welsh pages.
    #[serde(default)]
    pub name_cy: Option<String>,
    /// A phone number as it should be dialled.
    #[serde(default)]
    pub phone: Option<String>,
    /// An email address.
    #[serde(default)]
    pub email: Option<String>,
    /// A postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Opening hours.
    #[serde(default)]
    pub hours: Option<String>,
    /// Opening hours in Welsh, for Welsh pages.
    #[serde(default)]
    pub hours_cy: Option<String>,
    /// A web address.
    #[serde(default)]
    pub web: Option<String>,
    /// Other trusts (by folder name) that really share this team and its
    /// phone number or email, so that the same details in both trust.yaml
    /// files are not taken for a copy.
    #[serde(default)]
    pub shared_with: Vec<String>,
}

impl Contact {
    /// The contact as a page in a language shows it: its Welsh name and
    /// hours on a Welsh page where it has them, else its own.
    pub fn in_lang(&self, lang: super::Lang) -> Contact {
        let mut shown = self.clone();
        if lang == super::Lang::Cy {
            shown.name = self.name_cy.clone().or(shown.name);
            shown.hours = self.hours_cy.clone().or(shown.hours);
        }
        shown
    }
}

/// A national organisation that every trust's pages may name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationalContact {
    /// How to reach it.
    pub contact: Contact,
    /// The rule areas this contact belongs to.
    pub topics: Vec<Topic>,
    /// How far the details have been checked.
    pub status: Status,
    /// Anything an editor of the rule data should know.
    #[serde(default)]
    pub note: Option<String>,
    /// The nations it serves; empty for the whole UK. An ombudsman for
    /// Wales named on an English trust's page sends patients to the wrong
    /// body.
    #[serde(default)]
    pub nations: Vec<Nation>,
    /// The contact to name instead in a nation it does not serve (an id in
    /// `contacts`, by nation): the ombudsman for each nation.
    #[serde(default)]
    pub instead_in: BTreeMap<Nation, String>,
}

/// A service patients use online for part of what the pages describe (the
/// NHS App for their GP record, a trust's request form), linked from every
/// page about one of its topics: a page that tells patients they can do
/// something online should take them there.
#[derive(Debug, Clone, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineService {
    /// What the link says, as what the patient does there: "Ask for your
    /// records online".
    pub link: String,
    /// What the link says on Welsh pages.
    #[serde(default)]
    pub link_cy: Option<String>,
    /// Its web address.
    pub web: Located<String>,
    /// The rule areas whose pages link to it.
    pub topics: Vec<Topic>,
    /// The nations it serves; empty for the whole UK (the NHS App's records
    /// are England's).
    #[serde(default)]
    pub nations: Vec<Nation>,
}

impl OnlineService {
    /// What the link says on a page in `lang`.
    pub fn link_in(&self, lang: super::Lang) -> &str {
        match (lang, &self.link_cy) {
            (super::Lang::Cy, Some(welsh)) => welsh,
            _ => &self.link,
        }
    }
}

/// One file of `content/rules/`. Every section is optional, so the data can
/// be split across files however the information governance lead likes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Time limits, by id.
    #[serde(default)]
    pub deadlines: BTreeMap<String, Deadline>,
    /// Charges, by id.
    #[serde(default)]
    pub fees: BTreeMap<String, Fee>,
    /// Fees that no longer apply, by id.
    #[serde(default)]
    pub retired_fees: BTreeMap<String, RetiredFee>,
    /// Time limits the law no longer sets, by id.
    #[serde(default)]
    pub retired_deadlines: BTreeMap<String, RetiredDeadline>,
    /// Phrases for rules that no longer exist, by id.
    #[serde(default)]
    pub retired_terms: BTreeMap<String, RetiredTerm>,
    /// Canonical lists, by name.
    #[serde(default)]
    pub lists: BTreeMap<String, CanonicalList>,
    /// Accepted identity documents.
    #[serde(default)]
    pub id_documents: Option<IdDocuments>,
    /// The Caldicott principles.
    #[serde(default)]
    pub caldicott: Option<Caldicott>,
    /// Laws, by id.
    #[serde(default)]
    pub laws: BTreeMap<String, Law>,
    /// National contacts, by id.
    #[serde(default)]
    pub contacts: BTreeMap<String, NationalContact>,
    /// Services patients use online, by id.
    #[serde(default)]
    pub online_services: BTreeMap<String, OnlineService>,
    /// The words people use for each topic's regime in prose.
    #[serde(default)]
    pub topic_words: BTreeMap<Topic, Vec<String>>,
    /// Words that name something the records rules do not cover.
    #[serde(default)]
    pub other_rules: Vec<String>,
    /// What differs by nation beyond the rules, by nation.
    #[serde(default)]
    pub nations: BTreeMap<Nation, NationFacts>,
}

/// What pages say differently in each nation, beyond the rules themselves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NationFacts {
    /// The number that identifies a patient there: "NHS number" in England
    /// and Wales, "CHI number" in Scotland, "Health and Care number" in
    /// Northern Ireland.
    pub patient_number: String,
    /// The same in Welsh, for Welsh pages: "rhif GIG".
    #[serde(default)]
    pub patient_number_cy: Option<String>,
}
