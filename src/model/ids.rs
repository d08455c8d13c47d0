//! Ids of things in the rule data and of trusts, typed so that a rule's id
//! is never pieced together from strings and split apart again, and a
//! trust's id is never mistaken for a page's slug.

use std::fmt;
use std::sync::Arc;

use super::{Rules, Status};
use crate::diagnostics::Diagnostic;

/// A section of the rule data, as its files name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    /// `deadlines:` time limits.
    Deadlines,
    /// `fees:` charges.
    Fees,
    /// `retired_fees:` charges the law no longer allows.
    RetiredFees,
    /// `retired_deadlines:` time limits the law no longer sets.
    RetiredDeadlines,
    /// `retired_terms:` phrases for rules that no longer exist.
    RetiredTerms,
    /// `laws:` the laws pages may name.
    Laws,
    /// `contacts:` national contacts.
    Contacts,
    /// `lists:` canonical lists.
    Lists,
    /// `caldicott:` the Caldicott principles.
    Caldicott,
    /// `id_documents:` accepted proofs of identity.
    IdDocuments,
    /// `online_services:` services patients use online.
    OnlineServices,
}

impl Section {
    /// The section's name in the rules files.
    pub fn as_str(self) -> &'static str {
        match self {
            Section::Deadlines => "deadlines",
            Section::Fees => "fees",
            Section::RetiredFees => "retired_fees",
            Section::RetiredDeadlines => "retired_deadlines",
            Section::RetiredTerms => "retired_terms",
            Section::Laws => "laws",
            Section::Contacts => "contacts",
            Section::Lists => "lists",
            Section::Caldicott => "caldicott",
            Section::IdDocuments => "id_documents",
            Section::OnlineServices => "online_services",
        }
    }
}

/// One thing defined in the rule data: a section and an id within it,
/// written `deadlines.sar_response`. A section that is one thing (the
/// Caldicott principles) has an empty id; a list's item has the list's
/// name and the item's id, `lists.exceptions.harm`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId {
    /// The section.
    pub section: Section,
    /// The id within it, or empty for a whole section.
    pub id: String,
}

impl RuleId {
    /// The thing `id` in `section`.
    pub fn new(section: Section, id: impl Into<String>) -> RuleId {
        RuleId {
            section,
            id: id.into(),
        }
    }

    /// A section that is one thing, such as the Caldicott principles.
    pub fn whole(section: Section) -> RuleId {
        RuleId::new(section, "")
    }

    /// How far it has been checked, as a trust in `nation` shows it (a
    /// list's items of other nations do not count); `None` if the rules do
    /// not define it.
    pub fn status(&self, rules: &Rules, nation: super::Nation) -> Option<Status> {
        use super::Fact;
        let id = self.id.as_str();
        match self.section {
            Section::Deadlines => rules.deadlines.get(id).map(Fact::status),
            Section::Fees => rules.fees.get(id).map(Fact::status),
            Section::Contacts => rules.contacts.get(id).map(|c| c.status),
            Section::Caldicott => rules.caldicott.as_ref().map(|c| c.status),
            Section::IdDocuments => rules.id_documents.as_ref().map(|d| d.status),
            Section::Lists => rules.lists.get(id).map(|list| {
                let mut shown = list.items.iter().filter(|i| i.applies_in(nation));
                if shown.any(|i| i.status == Status::Verify) {
                    Status::Verify
                } else {
                    Status::Confirmed
                }
            }),
            Section::Laws
            | Section::RetiredFees
            | Section::RetiredDeadlines
            | Section::RetiredTerms
            | Section::OnlineServices => None,
        }
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.id.is_empty() {
            f.write_str(self.section.as_str())
        } else {
            write!(f, "{}.{}", self.section.as_str(), self.id)
        }
    }
}

impl Rules {
    /// The name of the law `id` as it should be written, or the id itself
    /// where the data has no such law (validation reports that).
    pub fn law_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.laws.get(id).map_or(id, |l| l.name.value.as_str())
    }

    /// The diagnostic, naming the rule it is about and where that rule is
    /// defined, so that a report can show both.
    pub fn cite(&self, mut diagnostic: Diagnostic, rule: &RuleId) -> Diagnostic {
        let detail = diagnostic.detail_mut();
        detail.rule = Some(rule.to_string());
        detail.rule_span = self.defined_at.get(rule).cloned();
        diagnostic
    }
}

/// A trust's id: the name of its folder under `content/trusts/`, and the
/// first part of the address of each of its pages. Cheap to copy: every
/// expansion and many diagnostics carry one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct TrustId(Arc<str>);

impl TrustId {
    /// A trust id from its folder's name.
    pub fn new(id: &str) -> TrustId {
        TrustId(Arc::from(id))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TrustId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for TrustId {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for TrustId {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for TrustId {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for TrustId {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}
