//! Cross-references in the loaded data: every id that one file names must
//! exist in another, and a trust's service target must be shorter than the
//! law it promises to beat.

use std::collections::BTreeMap;

use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span};
use crate::model::keywords::did_you_mean;
use crate::model::{Lang, Page, Reach, RuleId, Rules, Section, Site, Trust};

/// Reports every dangling reference and impossible service target.
pub(crate) fn check_references(site: &Site, diagnostics: &mut Diagnostics) {
    for trust in site.trusts.values() {
        check_service_targets(site, trust, diagnostics);
    }
    check_rule_links(site, diagnostics);
    check_translations(site, diagnostics);
    check_shared_contacts(site, diagnostics);
}

/// Two trusts that give the same phone number (with the same extension)
/// or email address: a trust.yaml copied from another and not yet changed
/// publishes the other trust's contacts, unless the two say they share
/// the team (`shared_with`). Reported once, at the later trust's value.
fn check_shared_contacts(site: &Site, diagnostics: &mut Diagnostics) {
    // Each phone or email → the first trust and role that gave it.
    let mut first: BTreeMap<String, (&Trust, &str)> = BTreeMap::new();
    for trust in site.trusts.values() {
        for (role, contact) in &trust.contacts {
            for (key, written) in contact_keys(contact) {
                let Some(&(other, other_role)) = first.get(&key) else {
                    first.insert(key, (trust, role.as_str()));
                    continue;
                };
                if other.id == trust.id || shared(trust, contact, other, other_role) {
                    continue;
                }
                diagnostics.push(shared_contact(trust, role, written, other, other_role));
            }
        }
    }
}

/// The keys two trusts' contacts are compared by, with the value as
/// written: a phone's digits and extension, an email in lowercase.
fn contact_keys(contact: &crate::model::Contact) -> Vec<(String, &str)> {
    let mut keys = Vec::new();
    if let Some(phone) = &contact.phone {
        let read = crate::model::Phone::read(phone);
        if !read.national.is_empty() {
            keys.push((
                format!("phone {} {}", read.national, read.extension),
                phone.as_str(),
            ));
        }
    }
    if let Some(email) = &contact.email {
        keys.push((
            format!("email {}", email.trim().to_lowercase()),
            email.as_str(),
        ));
    }
    keys
}

/// Whether either trust says the two share this contact.
fn shared(trust: &Trust, contact: &crate::model::Contact, other: &Trust, other_role: &str) -> bool {
    let names = |list: &[String], id: &str| list.iter().any(|t| t == id);
    names(&contact.shared_with, &other.id)
        || other
            .contacts
            .get(other_role)
            .is_some_and(|c| names(&c.shared_with, &trust.id))
}

fn shared_contact(
    trust: &Trust,
    role: &str,
    written: &str,
    other: &Trust,
    other_role: &str,
) -> Diagnostic {
    let range = super::contact_details::locate(&trust.source.text, role, written);
    Diagnostic::new(
        Code::ContactShared,
        format!("`{written}` is also {}'s `{other_role}` contact", other.name),
    )
    .at(&trust.file, range)
    .found(written.to_string())
    .note(format!(
        "it is in {}; a trust.yaml copied from another trust publishes that trust's contacts",
        other.file
    ))
    .help(format!(
        "write {}'s own details here; if the two trusts really share this team, add `shared_with: [{}]` under `{role}:`",
        trust.name, other.id
    ))
}

/// A trust that publishes in Welsh must have each of its pages in Welsh
/// (the Welsh Language Standards require it), and a translation last
/// reviewed before its English page may no longer say what it says.
fn check_translations(site: &Site, diagnostics: &mut Diagnostics) {
    // For each English page, the bilingual trusts without its translation.
    let mut missing: BTreeMap<usize, Vec<&Trust>> = BTreeMap::new();
    // Each translation with its English page, once per pair.
    let mut pairs: std::collections::BTreeSet<(usize, usize)> = Default::default();
    for trust in site.trusts.values().filter(|t| t.languages.len() > 1) {
        let pages: Vec<(usize, &Page)> = site
            .pages_by_trust
            .get(&trust.id)
            .into_iter()
            .flatten()
            .filter_map(|i| Some((*i, site.pages.get(*i)?)))
            .collect();
        let by_address: BTreeMap<(&str, Lang), usize> = pages
            .iter()
            .map(|(i, p)| ((p.slug.as_str(), p.lang), *i))
            .collect();
        for (index, page) in pages.iter().filter(|(_, p)| p.lang == Lang::En) {
            for lang in trust.languages.iter().filter(|l| **l != Lang::En) {
                match by_address.get(&(page.slug.as_str(), *lang)) {
                    Some(other) => {
                        pairs.insert((*index, *other));
                    }
                    None => missing.entry(*index).or_default().push(trust),
                }
            }
        }
    }
    for (index, trusts) in missing {
        let Some(page) = site.pages.get(index) else {
            continue;
        };
        let names: Vec<&str> = trusts.iter().map(|t| t.id.as_str()).collect();
        diagnostics.push(
            Diagnostic::new(
                Code::TranslationMissing,
                format!(
                    "this page has no Welsh version, and {} must publish every page in Welsh",
                    names.join(", ")
                ),
            )
            .at(&page.source.path, title_range(page))
            .note("NHS bodies in Wales publish in Welsh and English under the Welsh Language Standards (No. 7) Regulations 2018")
            .help(format!(
                "write the Welsh in {}, beside this page (or, for a body the Standards do not cover, set `languages: [en]` in its trust.yaml)",
                translation_path(&page.source.path)
            )),
        );
    }
    for (english, welsh) in &pairs {
        let (Some(english), Some(welsh)) = (site.pages.get(*english), site.pages.get(*welsh))
        else {
            continue;
        };
        let (Some(changed), reviewed) = (english.front.last_reviewed, welsh.front.last_reviewed)
        else {
            continue;
        };
        if reviewed.is_some_and(|r| r >= changed) {
            continue;
        }
        let when = reviewed.map_or("never".to_string(), |r| format!("on {}", r.long_form()));
        diagnostics.push(
            Diagnostic::new(
                Code::TranslationStale,
                format!(
                    "this translation was last reviewed {when}, before its English page ({}, reviewed on {})",
                    english.source.path,
                    changed.long_form()
                ),
            )
            .at(&welsh.source.path, title_range(welsh))
            .help(format!(
                "bring the Welsh up to date with {}, then set `last_reviewed: {changed}`",
                english.source.path
            )),
        );
    }
}

/// Where a page's title is written, to point a page-wide problem at.
fn title_range(page: &Page) -> std::ops::Range<usize> {
    let text = &page.source.text;
    let start = text.find("\ntitle:").map_or(0, |i| i + 1);
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    start..end
}

/// `content/pages/your-records.md` → `content/pages/your-records.cy.md`.
fn translation_path(english: &str) -> String {
    match english.strip_suffix(".md") {
        Some(stem) => format!("{stem}.cy.md"),
        None => format!("{english}.cy.md"),
    }
}

fn check_service_targets(site: &Site, trust: &Trust, diagnostics: &mut Diagnostics) {
    for (id, (target, span)) in &trust.service_targets {
        let Some(deadline) = site.rules.deadlines.get(id) else {
            diagnostics.push(unknown_reference(
                site.rules.incomplete,
                span,
                "deadline",
                id,
                site.rules.deadlines.keys().map(String::as_str),
            ));
            continue;
        };
        if !target.duration().always_within(deadline.duration()) {
            let d = Diagnostic::new(
                Code::TargetTooLong,
                format!(
                    "the service target {} is not shorter than the legal limit of {}",
                    target.duration().plain(),
                    deadline.duration().plain()
                ),
            )
            .at(&span.file, span.range.clone())
            .help(format!(
                "a trust may promise to be quicker than the law, never slower: set a target within {}, or remove it",
                deadline.duration().plain()
            ));
            let mut d = site
                .rules
                .cite(d, &RuleId::new(Section::Deadlines, id.as_str()));
            d.detail_mut().expected = Some(deadline.duration().plain());
            diagnostics.push(d);
        }
    }
}

/// Links inside the rule data: retired fees and time limits to laws and to
/// what replaced them, laws to laws.
fn check_rule_links(site: &Site, diagnostics: &mut Diagnostics) {
    let rules = &site.rules;
    // Each retired fee or time limit: its law, and what replaced it among
    // the fees or the time limits.
    let fees: Vec<&str> = rules.fees.keys().map(String::as_str).collect();
    let deadlines: Vec<&str> = rules.deadlines.keys().map(String::as_str).collect();
    let retired_fees = rules.retired_fees.iter().map(|(id, r)| {
        let rule = RuleId::new(Section::RetiredFees, id.as_str());
        (rule, &r.law, ("fee", &fees), &r.replaced_by)
    });
    let retired_deadlines = rules.retired_deadlines.iter().map(|(id, r)| {
        let rule = RuleId::new(Section::RetiredDeadlines, id.as_str());
        (rule, &r.law, ("deadline", &deadlines), &r.replaced_by)
    });
    for (rule, law, (kind, ids), replaced_by) in retired_fees.chain(retired_deadlines) {
        let Some(span) = rules.defined_at.get(&rule) else {
            continue;
        };
        if !rules.laws.contains_key(law) {
            let known = rules.laws.keys().map(String::as_str);
            diagnostics.push(unknown_reference(rules.incomplete, span, "law", law, known));
        }
        if !ids.contains(&replaced_by.as_str()) {
            let known = ids.iter().copied();
            diagnostics.push(unknown_reference(
                rules.incomplete,
                span,
                kind,
                replaced_by,
                known,
            ));
        }
    }
    for (id, law) in &rules.laws {
        let Some(span) = rules
            .defined_at
            .get(&RuleId::new(Section::Laws, id.as_str()))
        else {
            continue;
        };
        if let Some(instead) = &law.use_instead
            && !rules.laws.contains_key(instead)
        {
            diagnostics.push(unknown_reference(
                site.rules.incomplete,
                span,
                "law",
                instead,
                rules.laws.keys().map(String::as_str),
            ));
        }
    }
    check_stand_ins(
        rules,
        &rules.deadlines,
        Section::Deadlines,
        "deadline",
        diagnostics,
    );
    check_stand_ins(rules, &rules.fees, Section::Fees, "fee", diagnostics);
    check_stand_ins(rules, &rules.laws, Section::Laws, "law", diagnostics);
    check_stand_ins(
        rules,
        &rules.contacts,
        Section::Contacts,
        "contact",
        diagnostics,
    );
}

/// Each `instead_in` names a fact of its own section that applies in the
/// nation it stands in for; otherwise a trust there would get nothing, or
/// another nation's rule.
fn check_stand_ins<F: Reach>(
    rules: &Rules,
    facts: &BTreeMap<String, F>,
    section: Section,
    kind: &str,
    diagnostics: &mut Diagnostics,
) {
    for (id, fact) in facts {
        let Some(span) = rules.defined_at.get(&RuleId::new(section, id.as_str())) else {
            continue;
        };
        for (nation, instead) in fact.instead_in() {
            let Some(stand_in) = facts.get(instead) else {
                diagnostics.push(unknown_reference(
                    rules.incomplete,
                    span,
                    kind,
                    instead,
                    facts.keys().map(String::as_str),
                ));
                continue;
            };
            let problem = if fact.applies_in(*nation) {
                format!(
                    "`{id}` already applies in {}, so nothing stands in for it there",
                    nation.name()
                )
            } else if !stand_in.applies_in(*nation) {
                format!(
                    "`{instead}` stands in for `{id}` in {}, but it applies only in {}",
                    nation.name(),
                    stand_in.nation_names()
                )
            } else {
                continue;
            };
            diagnostics.push(
                Diagnostic::new(Code::RuleInconsistent, problem)
                    .at(&span.file, span.range.clone())
                    .help(format!(
                        "give `{id}` `nations:` without {0}, and `{instead}` `nations:` with {0}",
                        nation.as_str()
                    )),
            );
        }
    }
}

/// A dangling id. If a rules file failed to load, the id may be in it, so
/// the problem is reported only when nothing else is.
fn unknown_reference<'a>(
    rules_incomplete: bool,
    span: &Span,
    kind: &str,
    id: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::RuleUnknown,
        format!("there is no {kind} `{id}` in the rule data"),
    )
    .at(&span.file, span.range.clone())
    .cascading(rules_incomplete);
    match did_you_mean(id, known.clone()) {
        Some(close) => d.help(format!("did you mean `{close}`?")),
        None => d.help(format!(
            "the {kind}s are: {}",
            known.collect::<Vec<_>>().join(", ")
        )),
    }
}
