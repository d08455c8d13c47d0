//! Evaluates a parsed page for one trust: values become text, components
//! become calls with their data, and every problem names the trust.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::{Map, Value, json};

use super::parse::{Call, Node, PageTemplate};
use super::{ComponentCall, ExpandedPage, Part, escape_html, escape_markdown};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::keywords::did_you_mean;
use crate::model::{Contact, Date, Fact, Lang, Page, Reach, RuleId, Section, Site, Trust};

/// Expands one page for one trust. Problems are returned with the trust
/// named; the page is still expanded as far as possible.
pub(crate) fn expand_page(
    site: &Site,
    as_of: Date,
    page: &Page,
    template: &PageTemplate,
    trust: &Trust,
) -> (ExpandedPage, Vec<Diagnostic>) {
    let mut scope = Scope {
        site,
        as_of,
        trust,
        lang: page.lang,
        topics: &page.front.topics,
        file: &page.source.path,
        text: &page.source.text,
        // Room for the body once, with a little over for values longer
        // than their expressions: every page is expanded for every trust,
        // and growing by doubling left a third of each copy unused.
        out: ExpandedPage {
            markdown: String::with_capacity(body_length(page) * 9 / 8),
            ..ExpandedPage::default()
        },
        diagnostics: Vec::new(),
    };
    scope.nodes(&template.nodes);
    // Every expansion is kept until its page is rendered: the room left
    // over is an eighth of a build's memory at 50,000 pages.
    scope.out.markdown.shrink_to_fit();
    scope.out.pieces.shrink_to_fit();
    (scope.out, scope.diagnostics)
}

/// Where a piece of text expanded outside any page says it is: the
/// preview's reference page.
pub(crate) const SNIPPET_FILE: &str = "(reference)";

/// Expands a piece of page text, as a page in `lang` with these topics
/// would for `trust`: the preview's reference page shows what each
/// expression gives by expanding it exactly as pages are expanded.
pub(crate) fn expand_snippet(
    site: &Site,
    as_of: Date,
    trust: &Trust,
    lang: Lang,
    topics: &[crate::model::Topic],
    text: &str,
) -> (ExpandedPage, Vec<Diagnostic>) {
    let (template, mut diagnostics) = super::parse::parse_body(SNIPPET_FILE, text, 0);
    let mut scope = Scope {
        site,
        as_of,
        trust,
        lang,
        topics,
        file: SNIPPET_FILE,
        text,
        out: ExpandedPage::default(),
        diagnostics: Vec::new(),
    };
    scope.nodes(&template.nodes);
    diagnostics.append(&mut scope.diagnostics);
    (scope.out, diagnostics)
}

fn body_length(page: &Page) -> usize {
    page.source.text.len().saturating_sub(page.body_start)
}

struct Scope<'a> {
    site: &'a Site,
    /// The run's date, which facts used must be in force on.
    as_of: Date,
    trust: &'a Trust,
    /// The page's language: facts are written in it.
    lang: Lang,
    topics: &'a [crate::model::Topic],
    file: &'a str,
    text: &'a str,
    out: ExpandedPage,
    diagnostics: Vec<Diagnostic>,
}

/// A value and the rule it came from.
type Resolved = (String, Option<RuleId>);

/// A component's theme name, its arguments, and the rule it shows.
type ComponentData = (&'static str, Map<String, Value>, Option<RuleId>);

/// The details a contact can give, in the order pages show them.
pub(crate) const CONTACT_FIELDS: &[&str] = &["name", "phone", "email", "address", "hours", "web"];
const BLOCKS: &[&str] = &["warning", "inset", "details"];
const COMPONENTS: &[&str] = &[
    "contact",
    "list",
    "caldicott",
    "id_documents",
    "at_a_glance",
];

impl Scope<'_> {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(range) => self.out.push_typed(&self.text[range.clone()], range.start),
                Node::Value {
                    path,
                    range,
                    in_html,
                } => match self.value(path) {
                    Ok((text, rule)) => {
                        // A YAML escape can write a marker character the
                        // loader could not see in the file.
                        let text = crate::model::without_reserved(&text);
                        let escaped = if *in_html {
                            escape_html(&text)
                        } else {
                            escape_markdown(&text)
                        };
                        self.out.push_data(&escaped, range.clone(), rule)
                    }
                    Err(diagnostic) => self.diagnostics.push(diagnostic.for_trust(&self.trust.id)),
                },
                Node::Component(call) => self.component(call),
                Node::Block { call, body, end } => self.block(call, body, end),
            }
        }
    }

    fn unknown(&self, range: &Range<usize>, what: &str, name: &str, known: &[&str]) -> Diagnostic {
        let d = Diagnostic::new(Code::ExprUnknown, format!("unknown {what} `{name}`"))
            .at(self.file, range.clone());
        match did_you_mean(name, known.iter().copied()) {
            Some(close) => d.help(format!("did you mean `{close}`?")),
            None if known.is_empty() => d,
            None => d.help(format!("the names here are: {}", known.join(", "))),
        }
    }

    /// An unknown rule id: if a rules file failed to load, the id may be in
    /// it, so the problem is reported only when nothing else is.
    fn unknown_rule(
        &self,
        range: &Range<usize>,
        what: &str,
        name: &str,
        known: &[&str],
    ) -> Diagnostic {
        self.unknown(range, what, name, known)
            .cascading(self.site.rules.incomplete)
    }

    /// Resolves `{{ a.b.c }}`.
    fn value(&self, path: &[(String, Range<usize>)]) -> Result<Resolved, Diagnostic> {
        let (root, root_range) = &path[0];
        let rest = &path[1..];
        match root.as_str() {
            "trust" => self.trust_value(rest, root_range),
            "deadlines" => self.fact_value(&self.site.rules.deadlines, rest, root_range),
            "fees" => self.fact_value(&self.site.rules.fees, rest, root_range),
            "contacts" => self.national_contact_value(rest, root_range),
            "laws" => self.law_value(rest, root_range),
            "nation" => self.nation_value(rest, root_range),
            "site" => match names(rest).as_slice() {
                ["title"] => Ok((self.site.config.title.clone(), None)),
                _ => Err(self.bad_tail(rest, root_range, "site value", &["title"])),
            },
            other => Err(self.unknown(
                root_range,
                "value",
                other,
                &[
                    "trust",
                    "deadlines",
                    "fees",
                    "contacts",
                    "laws",
                    "nation",
                    "site",
                ],
            )),
        }
    }

    /// The error for a path that stops too early or goes on too long.
    fn bad_tail(
        &self,
        rest: &[(String, Range<usize>)],
        parent: &Range<usize>,
        what: &str,
        known: &[&str],
    ) -> Diagnostic {
        match rest.first() {
            Some((name, range)) => self.unknown(range, what, name, known),
            None => Diagnostic::new(
                Code::ExprUnknown,
                format!("this names a group, not a {what}"),
            )
            .at(self.file, parent.clone())
            .help(format!("add one of: {}", known.join(", "))),
        }
    }

    fn trust_value(
        &self,
        rest: &[(String, Range<usize>)],
        root: &Range<usize>,
    ) -> Result<Resolved, Diagnostic> {
        let trust = self.trust;
        match names(rest).as_slice() {
            ["name"] => Ok((trust.name_in(self.lang).to_string(), None)),
            ["id"] => Ok((trust.id.to_string(), None)),
            ["nation"] => Ok((trust.nation.name_in(self.lang).to_string(), None)),
            ["website"] => trust
                .website
                .clone()
                .map(|w| (w, None))
                .ok_or_else(|| self.missing(&rest[0].1, "has no `website` in its trust.yaml")),
            ["contacts", role, field] => {
                let contact = self.trust_contact(role, &rest[1].1)?;
                let contact = self.contact_in(contact, None, &rest[1].1)?;
                contact_field(&contact, field)
                    .map(|value| (value, None))
                    .ok_or_else(|| self.contact_field_error(&rest[2], role))
            }
            ["service_targets", id] => trust
                .service_targets
                .get(*id)
                .map(|(target, _)| {
                    (
                        target.duration().plain_in(self.lang),
                        Some(RuleId::new(Section::Deadlines, *id)),
                    )
                })
                .ok_or_else(|| {
                    self.missing(&rest[1].1, &format!("has no service target for `{id}`"))
                }),
            _ => Err(self.bad_tail(
                rest,
                root,
                "trust value",
                &[
                    "name",
                    "id",
                    "nation",
                    "website",
                    "contacts",
                    "service_targets",
                ],
            )),
        }
    }

    fn trust_contact(&self, role: &str, range: &Range<usize>) -> Result<&Contact, Diagnostic> {
        self.trust
            .contacts
            .get(role)
            .ok_or_else(|| self.no_contact(role, range))
    }

    /// This trust has no contact with this role.
    fn no_contact(&self, role: &str, range: &Range<usize>) -> Diagnostic {
        {
            let roles: Vec<&str> = self.trust.contacts.keys().map(String::as_str).collect();
            let mut d = self.missing(range, &format!("has no `{role}` contact"));
            if let Some(close) = did_you_mean(role, roles.iter().copied()) {
                d = d.help(format!("did you mean `{close}`?"));
            } else {
                let known = if roles.is_empty() {
                    "it has none yet".to_string()
                } else {
                    format!("it has: {}", roles.join(", "))
                };
                d = d.help(format!(
                    "add `{role}:` under `contacts:` in {}, or limit this page with `trusts:` ({known})",
                    self.trust.file
                ));
            }
            d
        }
    }

    fn contact_field_error(&self, field: &(String, Range<usize>), role: &str) -> Diagnostic {
        if CONTACT_FIELDS.contains(&field.0.as_str()) {
            self.missing(
                &field.1,
                &format!("gives no `{}` for its `{role}` contact", field.0),
            )
            .help(format!(
                "add `{}:` under `contacts: {role}:` in {}",
                field.0, self.trust.file
            ))
        } else {
            self.unknown(&field.1, "contact field", &field.0, CONTACT_FIELDS)
        }
    }

    /// "trust X has no ...": the data exists for other trusts, not this one.
    fn missing(&self, range: &Range<usize>, what: &str) -> Diagnostic {
        Diagnostic::new(Code::ExprUnknown, format!("{} {what}", self.trust.name))
            .at(self.file, range.clone())
    }

    /// `deadlines.<id>[.field]` or `fees.<id>[.field]`.
    fn fact_value<F: Fact + Reach>(
        &self,
        facts: &BTreeMap<String, F>,
        rest: &[(String, Range<usize>)],
        root: &Range<usize>,
    ) -> Result<Resolved, Diagnostic> {
        let ids: Vec<&str> = facts.keys().map(String::as_str).collect();
        let Some((id, id_range)) = rest.first() else {
            return Err(self.bad_tail(rest, root, F::KIND, &ids));
        };
        let fact = facts
            .get(id)
            .ok_or_else(|| self.unknown_rule(id_range, F::KIND, id, &ids))?;
        let (id, fact) = self.for_nation(facts, F::SECTION, id, fact, id_range)?;
        let rule = RuleId::new(F::SECTION, id);
        self.in_force(&rule, fact.effective(), id_range)?;
        let lang = self.lang;
        let untranslated = |field: &str| self.untranslated(&rule, field, id_range);
        let text = match names(&rest[1..]).as_slice() {
            [] => fact.plain_in(lang).ok_or_else(|| untranslated("charge"))?,
            ["title"] => fact
                .title_in(lang)
                .ok_or_else(|| untranslated("title"))?
                .to_string(),
            ["summary"] if fact.summary().is_none() => {
                fact.plain_in(lang).ok_or_else(|| untranslated("charge"))?
            }
            ["summary"] => fact
                .summary_in(lang)
                .ok_or_else(|| untranslated("summary"))?
                .to_string(),
            [field] if F::EXTRA_FIELDS.contains(field) => {
                fact.extra_field_in(field, lang).ok_or_else(|| {
                    Diagnostic::new(
                        Code::ExprUnknown,
                        format!("the {} `{id}` has no {field}", F::KIND),
                    )
                    .at(self.file, rest[1].1.clone())
                })?
            }
            _ => {
                let mut fields = vec!["title", "summary"];
                fields.extend_from_slice(F::EXTRA_FIELDS);
                let what = format!("{} field", F::KIND);
                return Err(self.bad_tail(&rest[1..], id_range, &what, &fields));
            }
        };
        Ok((text, Some(rule)))
    }

    /// `rule-untranslated`: a fact shown on a page in a language the rule
    /// data has no wording for it in.
    fn untranslated(&self, rule: &RuleId, field: &str, range: &Range<usize>) -> Diagnostic {
        let d = Diagnostic::new(
            Code::RuleUntranslated,
            format!(
                "`{rule}` has no {field} in {}, the language of this page",
                self.lang.name()
            ),
        )
        .at(self.file, range.clone())
        .help(format!(
            "add `{field}_{}:` with the {field} in {} beside its `{field}:` in content/rules",
            self.lang.as_str(),
            self.lang.name()
        ));
        self.site.rules.cite(d, rule)
    }

    /// Rule data text in the page's language: the English, or its Welsh
    /// (`<field>_cy`), which must be there for a Welsh page.
    fn worded<'t>(
        &self,
        english: &'t str,
        welsh: Option<&'t String>,
        rule: &RuleId,
        field: &str,
        range: &Range<usize>,
    ) -> Result<&'t str, Diagnostic> {
        match self.lang {
            Lang::En => Ok(english),
            Lang::Cy => welsh
                .map(String::as_str)
                .ok_or_else(|| self.untranslated(rule, field, range)),
        }
    }

    /// An optional text in the page's language: absent stays absent.
    fn worded_opt<'t>(
        &self,
        english: Option<&'t String>,
        welsh: Option<&'t String>,
        rule: &RuleId,
        field: &str,
        range: &Range<usize>,
    ) -> Result<Option<&'t str>, Diagnostic> {
        english
            .map(|e| self.worded(e, welsh, rule, field, range))
            .transpose()
    }

    /// A list of texts in the page's language, such as the documents a
    /// category does not accept.
    fn worded_list<'t>(
        &self,
        english: &'t [String],
        welsh: &'t [String],
        rule: &RuleId,
        field: &str,
        range: &Range<usize>,
    ) -> Result<&'t [String], Diagnostic> {
        match self.lang {
            Lang::En => Ok(english),
            Lang::Cy if welsh.len() == english.len() => Ok(welsh),
            Lang::Cy => Err(self.untranslated(rule, field, range)),
        }
    }

    /// A contact in the page's language: its name and hours in Welsh on a
    /// Welsh page. A national contact must have them (it is rule data); a
    /// trust's falls back to its English, which is its own name.
    fn contact_in(
        &self,
        contact: &Contact,
        national: Option<&RuleId>,
        range: &Range<usize>,
    ) -> Result<Contact, Diagnostic> {
        // A national contact is rule data: a Welsh page needs its Welsh.
        if let Some(rule) = national.filter(|_| self.lang != Lang::En) {
            self.worded_opt(
                contact.name.as_ref(),
                contact.name_cy.as_ref(),
                rule,
                "name",
                range,
            )?;
            self.worded_opt(
                contact.hours.as_ref(),
                contact.hours_cy.as_ref(),
                rule,
                "hours",
                range,
            )?;
        }
        Ok(contact.in_lang(self.lang))
    }

    /// The fact a trust gets for `id` in its nation: the fact itself where
    /// it applies, or the one that stands in for it there, so that one
    /// shared page says the right thing in every nation.
    fn for_nation<'f, F: Reach>(
        &self,
        facts: &'f BTreeMap<String, F>,
        section: Section,
        id: &'f str,
        fact: &'f F,
        range: &Range<usize>,
    ) -> Result<(&'f str, &'f F), Diagnostic> {
        let nation = self.trust.nation;
        if fact.applies_in(nation) {
            return Ok((id, fact));
        }
        if let Some(stand_in) = fact
            .instead_in()
            .get(&nation)
            .and_then(|other| facts.get_key_value(other))
            .filter(|(_, other)| other.applies_in(nation))
        {
            return Ok((stand_in.0.as_str(), stand_in.1));
        }
        let rule = RuleId::new(section, id);
        let d = Diagnostic::new(
            Code::RuleNotInNation,
            format!(
                "`{rule}` is the rule in {}, and {} is in {}, where it does not apply",
                fact.nation_names(),
                self.trust.name,
                nation.name()
            ),
        )
        .at(self.file, range.clone())
        .help(format!(
            "limit this page to the nations it is right for with `nations: [{}]` in its front matter, or give the rule data a version for {} with `instead_in: {{{}: ...}}`",
            fact.nations()
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            nation.name(),
            nation.as_str()
        ));
        Err(self.site.rules.cite(d, &rule))
    }

    fn national_contact_value(
        &self,
        rest: &[(String, Range<usize>)],
        root: &Range<usize>,
    ) -> Result<Resolved, Diagnostic> {
        let ids: Vec<&str> = self
            .site
            .rules
            .contacts
            .keys()
            .map(String::as_str)
            .collect();
        let Some((id, id_range)) = rest.first() else {
            return Err(self.bad_tail(rest, root, "contact", &ids));
        };
        let contacts = &self.site.rules.contacts;
        let national = contacts
            .get(id)
            .ok_or_else(|| self.unknown_rule(id_range, "contact", id, &ids))?;
        let (id, national) =
            self.for_nation(contacts, Section::Contacts, id, national, id_range)?;
        let field = rest.get(1).map_or("name", |(f, _)| f.as_str());
        if rest.len() > 2 {
            return Err(self.bad_tail(&rest[2..], &rest[1].1, "contact field", &[]));
        }
        let rule = RuleId::new(Section::Contacts, id);
        let contact = self.contact_in(&national.contact, Some(&rule), id_range)?;
        let rule = Some(rule);
        match contact_field(&contact, field) {
            Some(value) => Ok((value, rule)),
            None if CONTACT_FIELDS.contains(&field) => Err(Diagnostic::new(
                Code::ExprUnknown,
                format!("the national contact `{id}` has no `{field}`"),
            )
            .at(self.file, rest[1].1.clone())),
            None => Err(self.unknown(&rest[1].1, "contact field", field, CONTACT_FIELDS)),
        }
    }

    fn law_value(
        &self,
        rest: &[(String, Range<usize>)],
        root: &Range<usize>,
    ) -> Result<Resolved, Diagnostic> {
        let ids: Vec<&str> = self.site.rules.laws.keys().map(String::as_str).collect();
        let laws = &self.site.rules.laws;
        match rest {
            [(id, id_range)] => {
                let law = laws
                    .get(id)
                    .ok_or_else(|| self.unknown_rule(id_range, "law", id, &ids))?;
                let (id, law) = self.for_nation(laws, Section::Laws, id, law, id_range)?;
                let rule = RuleId::new(Section::Laws, id);
                let name = match self.lang {
                    Lang::En => Some(&law.name.value),
                    Lang::Cy => law.name_cy.as_ref(),
                };
                match name {
                    Some(name) => Ok((name.clone(), Some(rule))),
                    None => Err(self.untranslated(&rule, "name", id_range)),
                }
            }
            _ => Err(self.bad_tail(rest, root, "law", &ids)),
        }
    }

    /// `nation.name` and `nation.patient_number`: what differs by the
    /// trust's nation beyond the rules.
    fn nation_value(
        &self,
        rest: &[(String, Range<usize>)],
        root: &Range<usize>,
    ) -> Result<Resolved, Diagnostic> {
        let nation = self.trust.nation;
        match names(rest).as_slice() {
            ["name"] => Ok((nation.name_in(self.lang).to_string(), None)),
            ["patient_number"] => match self.site.rules.nations.get(&nation) {
                Some(facts) => match self.lang {
                    Lang::En => Ok((facts.patient_number.clone(), None)),
                    Lang::Cy => facts
                        .patient_number_cy
                        .clone()
                        .map(|number| (number, None))
                        .ok_or_else(|| {
                            Diagnostic::new(
                                Code::RuleUntranslated,
                                format!(
                                    "the rule data gives no Welsh name for the patient number in {}",
                                    nation.name()
                                ),
                            )
                            .at(self.file, rest[0].1.clone())
                            .help(format!(
                                "add `patient_number_cy:` under `nations: {}:` in content/rules/nations.yaml",
                                nation.as_str()
                            ))
                        }),
                },
                None => Err(Diagnostic::new(
                    Code::ExprUnknown,
                    format!(
                        "the rule data gives no patient number for {}",
                        nation.name()
                    ),
                )
                .at(self.file, rest[0].1.clone())
                .help(format!(
                    "add `nations: {{{}: {{patient_number: ...}}}}` to a file in content/rules",
                    nation.as_str()
                ))
                .cascading(self.site.rules.incomplete)),
            },
            _ => Err(self.bad_tail(rest, root, "nation value", &["name", "patient_number"])),
        }
    }

    /// A fact used on a page must apply on the build date.
    fn in_force(
        &self,
        rule: &RuleId,
        (from, until): (Option<Date>, Option<Date>),
        range: &Range<usize>,
    ) -> Result<(), Diagnostic> {
        let as_of = self.as_of;
        let problem = match (from, until) {
            (Some(from), _) if as_of < from => {
                format!("`{rule}` only applies from {}", from.long_form())
            }
            (_, Some(until)) if as_of > until => {
                format!("`{rule}` stopped applying after {}", until.long_form())
            }
            _ => return Ok(()),
        };
        let d = Diagnostic::new(
            Code::RuleNotInForce,
            format!("{problem}, and this build is as of {}", as_of.long_form()),
        )
        .at(self.file, range.clone())
        .help(
            "use the fact that applies on the build date, or build with a different `--as-of` date",
        );
        Err(self.site.rules.cite(d, rule))
    }

    fn component(&mut self, call: &Call) {
        if BLOCKS.contains(&call.name.as_str()) {
            let d = Diagnostic::new(
                Code::ExprArgument,
                format!("`{}` wraps text, so it is written as a block", call.name),
            )
            .at(self.file, call.range.clone())
            .help(format!(
                "write `{{% {}(...) %}}`, the text, then `{{% end %}}`",
                call.name
            ));
            self.diagnostics.push(d);
            return;
        }
        match self.component_args(call) {
            Ok((name, args, rule)) => {
                let own_line = self.on_own_line(&call.range);
                self.out.push_component(
                    ComponentCall {
                        name,
                        args,
                        part: Part::Whole,
                        expression: call.range.clone(),
                        rule,
                    },
                    own_line,
                );
            }
            Err(d) => self.diagnostics.push(d.for_trust(&self.trust.id)),
        }
    }

    fn block(&mut self, call: &Call, body: &[Node], end: &Range<usize>) {
        let args = match call.name.as_str() {
            "warning" => self
                .one_arg(call, "the heading, such as \"Bring proof of identity\"")
                .map(|t| ("warning", json_map(json!({ "title": t })))),
            "details" => self
                .one_arg(
                    call,
                    "the summary line, such as \"Who can ask for someone else\"",
                )
                .map(|t| ("details", json_map(json!({ "summary": t })))),
            "inset" => self.no_args(call).map(|_| ("inset", Map::new())),
            name if COMPONENTS.contains(&name) => Err(Diagnostic::new(
                Code::ExprArgument,
                format!("`{name}` does not wrap text, so it is not a block"),
            )
            .at(self.file, call.range.clone())
            .help(format!(
                "write `{{{{ {name}(...) }}}}` and remove the `{{% end %}}`"
            ))),
            other => Err(self.unknown(&call.name_range, "block", other, BLOCKS)),
        };
        match args {
            Ok((name, args)) => {
                let open = self.out.push_component(
                    ComponentCall {
                        name,
                        args: args.clone(),
                        part: Part::Open,
                        expression: call.range.clone(),
                        rule: None,
                    },
                    true,
                );
                self.nodes(body);
                self.out.push_component(
                    ComponentCall {
                        name,
                        args,
                        part: Part::Close(open),
                        expression: end.clone(),
                        rule: None,
                    },
                    true,
                );
            }
            Err(d) => {
                self.diagnostics.push(d);
                self.nodes(body);
            }
        }
    }

    fn component_args(&self, call: &Call) -> Result<ComponentData, Diagnostic> {
        match call.name.as_str() {
            "contact" => {
                let role = self.one_arg(call, "the contact's role, such as \"records\"")?;
                self.contact_args(call, &role)
            }
            "list" => {
                let name = self.one_arg(call, "the list's name, such as \"exceptions\"")?;
                let lists: Vec<&str> = self.site.rules.lists.keys().map(String::as_str).collect();
                let list = self
                    .site
                    .rules
                    .lists
                    .get(&name)
                    .ok_or_else(|| self.unknown_rule(&call.args[0].1, "list", &name, &lists))?;
                let rule = RuleId::new(Section::Lists, name.as_str());
                let at = &call.args[0].1;
                let mut items: Vec<Value> = Vec::new();
                for item in list
                    .items
                    .iter()
                    .filter(|i| i.applies_in(self.trust.nation))
                {
                    let item_rule = RuleId::new(Section::Lists, format!("{name}.{}", item.id));
                    let text = self.worded(
                        &item.text.value,
                        item.text_cy.as_ref(),
                        &item_rule,
                        "text",
                        at,
                    )?;
                    let detail = self.worded_opt(
                        item.detail.as_ref(),
                        item.detail_cy.as_ref(),
                        &item_rule,
                        "detail",
                        at,
                    )?;
                    items.push(json!({ "id": item.id, "text": text, "detail": detail }));
                }
                let title = self.worded(&list.title, list.title_cy.as_ref(), &rule, "title", at)?;
                Ok((
                    "list",
                    json_map(json!({ "name": name, "title": title, "items": items })),
                    Some(rule),
                ))
            }
            "caldicott" => {
                self.no_args(call)?;
                let caldicott = self.site.rules.caldicott.as_ref().ok_or_else(|| {
                    Diagnostic::new(
                        Code::ExprUnknown,
                        "the rule data has no Caldicott principles",
                    )
                    .at(self.file, call.range.clone())
                    .help("add a `caldicott:` section to a file in content/rules")
                })?;
                let rule = RuleId::whole(Section::Caldicott);
                let at = &call.range;
                let mut principles: Vec<Value> = Vec::new();
                for p in &caldicott.principles {
                    let title =
                        self.worded(&p.title.value, p.title_cy.as_ref(), &rule, "title", at)?;
                    let text = self.worded(&p.text, p.text_cy.as_ref(), &rule, "text", at)?;
                    principles.push(json!({ "number": p.number, "title": title, "text": text }));
                }
                let version = self.worded(
                    &caldicott.version,
                    caldicott.version_cy.as_ref(),
                    &rule,
                    "version",
                    at,
                )?;
                let guardian = self.worded(
                    &caldicott.guardian,
                    caldicott.guardian_cy.as_ref(),
                    &rule,
                    "guardian",
                    at,
                )?;
                Ok((
                    "caldicott",
                    json_map(
                        json!({ "version": version, "principles": principles, "guardian": guardian }),
                    ),
                    Some(rule),
                ))
            }
            "at_a_glance" => {
                self.no_args(call)?;
                let (time_limits, costs) = self.at_a_glance(&call.range)?;
                let rows: Vec<&Value> = time_limits.iter().chain(&costs).collect();
                Ok((
                    "at_a_glance",
                    json_map(json!({ "rows": rows, "time_limits": time_limits, "costs": costs })),
                    None,
                ))
            }
            "id_documents" => {
                let name = self.one_arg(call, "the category, such as \"photo\"")?;
                // A trust with its own list of documents shows its own.
                let own = self.trust.id_documents.as_ref().map(|d| &d.categories);
                let documents =
                    own.or(self.site.rules.id_documents.as_ref().map(|d| &d.categories));
                let categories: Vec<&str> = documents
                    .map(|d| d.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let category = documents.and_then(|d| d.get(&name)).ok_or_else(|| {
                    self.unknown(
                        &call.args[0].1,
                        "identity document category",
                        &name,
                        &categories,
                    )
                })?;
                let rule = RuleId::new(Section::IdDocuments, name.as_str());
                let at = &call.args[0].1;
                // A trust's own list is translated in its own trust.yaml.
                let in_trust_file = |mut d: Diagnostic| {
                    if own.is_some() {
                        let detail = d.detail_mut();
                        detail.rule = None;
                        detail.rule_span = None;
                        d.help = Some(
                            format!(
                                "add the Welsh beside each entry of `id_documents:` in {} (`name_cy:`, `title_cy:`, ...)",
                                self.trust.file
                            )
                            .into(),
                        );
                    }
                    d
                };
                let mut items: Vec<Value> = Vec::new();
                for d in &category.items {
                    let document = self
                        .worded(&d.name.value, d.name_cy.as_ref(), &rule, "name", at)
                        .map_err(in_trust_file)?;
                    let note = self
                        .worded_opt(d.note.as_ref(), d.note_cy.as_ref(), &rule, "note", at)
                        .map_err(in_trust_file)?;
                    items.push(json!({ "name": document, "note": note }));
                }
                let title = self
                    .worded(
                        &category.title,
                        category.title_cy.as_ref(),
                        &rule,
                        "title",
                        at,
                    )
                    .map_err(in_trust_file)?;
                let must_show = self
                    .worded_list(
                        &category.must_show,
                        &category.must_show_cy,
                        &rule,
                        "must_show",
                        at,
                    )
                    .map_err(in_trust_file)?;
                let not_accepted = self
                    .worded_list(
                        &category.not_accepted,
                        &category.not_accepted_cy,
                        &rule,
                        "not_accepted",
                        at,
                    )
                    .map_err(in_trust_file)?;
                Ok((
                    "id_documents",
                    json_map(json!({ "category": {
                    "name": name, "title": title, "must_be_current": category.must_be_current,
                    "dated_within_months": category.dated_within_months, "must_show": must_show,
                    "not_accepted": not_accepted, "items": items } })),
                    own.is_none().then_some(rule),
                ))
            }
            other => {
                let mut known = COMPONENTS.to_vec();
                known.extend_from_slice(BLOCKS);
                Err(self.unknown(&call.name_range, "component", other, &known))
            }
        }
    }

    /// The time limits and costs of the page's topics, with this trust's own
    /// targets beside the law's limits.
    /// The time limits and the costs of the page's topics, each a row of
    /// label and value: the page's first topic (its main rule) first, a
    /// time limit with its extension and the trust's own target.
    fn at_a_glance(&self, at: &Range<usize>) -> Result<(Vec<Value>, Vec<Value>), Diagnostic> {
        let (nation, lang) = (self.trust.nation, self.lang);
        let deadlines = self.in_page_order(&self.site.rules.deadlines, |d| {
            (d.summary.is_some() && d.applies_in(nation)).then_some(d.topics.as_slice())
        });
        let mut time_limits = Vec::new();
        for (id, deadline) in deadlines {
            let rule = RuleId::new(Section::Deadlines, id.as_str());
            let mut value = deadline.duration().plain_in(lang);
            if let Some((target, _)) = self.trust.service_targets.get(id) {
                let target = target.duration().plain_in(lang);
                value = match lang {
                    Lang::En => format!("{value} (we aim for {target})"),
                    Lang::Cy => format!("{value} (ein nod yw {target})"),
                };
            }
            if let Some(extension) = &deadline.extension {
                let more = crate::model::Duration {
                    value: extension.value.value,
                    unit: extension.unit,
                }
                .plain_in(lang);
                value = match lang {
                    Lang::En if !extension.when.is_empty() => format!(
                        "{value}, or up to {more} more if {}",
                        extension.when.join(" or ")
                    ),
                    Lang::En => format!("{value}, or up to {more} more in some cases"),
                    Lang::Cy => {
                        format!("{value}, neu hyd at {more} yn ychwanegol mewn rhai achosion")
                    }
                };
            }
            let label = deadline
                .title_in(lang)
                .ok_or_else(|| self.untranslated(&rule, "title", at))?;
            time_limits.push(json!({ "label": label, "value": value }));
        }
        let fees = self.in_page_order(&self.site.rules.fees, |f| {
            (f.summary.is_some() && f.applies_in(nation)).then_some(f.topics.as_slice())
        });
        let mut costs = Vec::new();
        for (id, fee) in fees {
            let rule = RuleId::new(Section::Fees, id.as_str());
            let label = fee
                .title_in(lang)
                .ok_or_else(|| self.untranslated(&rule, "title", at))?;
            let value = fee
                .plain_in(lang)
                .ok_or_else(|| self.untranslated(&rule, "charge", at))?;
            costs.push(json!({ "label": label, "value": capitalise(&value) }));
        }
        Ok((time_limits, costs))
    }

    /// The facts that `shown` gives topics for and that share one with the
    /// page, in the order of the page's topics (its first, its main rule,
    /// first); facts of one rank keep their order.
    fn in_page_order<'f, T>(
        &self,
        facts: &'f std::collections::BTreeMap<String, T>,
        shown: impl Fn(&'f T) -> Option<&'f [crate::model::Topic]>,
    ) -> Vec<(&'f String, &'f T)> {
        let mut ranked: Vec<(usize, &String, &T)> = facts
            .iter()
            .filter_map(|(id, fact)| {
                let topics = shown(fact)?;
                let rank = self.topics.iter().position(|t| topics.contains(t))?;
                Some((rank, id, fact))
            })
            .collect();
        ranked.sort_by_key(|(rank, _, _)| *rank);
        ranked.into_iter().map(|(_, id, fact)| (id, fact)).collect()
    }

    /// A trust contact by role, or a national contact by id.
    fn contact_args(&self, call: &Call, role: &str) -> Result<ComponentData, Diagnostic> {
        let trust_contact = self.trust.contacts.get(role);
        let contacts = &self.site.rules.contacts;
        let (contact, national) = match (trust_contact, contacts.get_key_value(role)) {
            (Some(contact), _) => (contact, None),
            (None, Some((id, national))) => {
                let (id, national) =
                    self.for_nation(contacts, Section::Contacts, id, national, &call.args[0].1)?;
                (&national.contact, Some(id))
            }
            (None, None) => return Err(self.no_contact(role, &call.args[0].1)),
        };
        let tel = contact.phone.as_deref().map(tel_uri);
        let rule = national.map(|id| RuleId::new(Section::Contacts, id));
        let contact = &self.contact_in(contact, rule.as_ref(), &call.args[0].1)?;
        let national = national.is_some();
        Ok((
            "contact",
            json_map(json!({ "role": role, "national": national, "contact": contact, "tel": tel })),
            rule,
        ))
    }

    fn one_arg(&self, call: &Call, what: &str) -> Result<String, Diagnostic> {
        match call.args.as_slice() {
            [(value, _)] => Ok(value.clone()),
            _ => Err(Diagnostic::new(
                Code::ExprArgument,
                format!("`{}` takes one argument: {what}", call.name),
            )
            .at(self.file, call.range.clone())
            .help(format!(
                "write `{}(\"...\")` with one value in quotes",
                call.name
            ))),
        }
    }

    fn no_args(&self, call: &Call) -> Result<(), Diagnostic> {
        match call.args.first() {
            None => Ok(()),
            Some((_, range)) => Err(Diagnostic::new(
                Code::ExprArgument,
                format!("`{}` takes no arguments", call.name),
            )
            .at(
                self.file,
                range.start..call.args.last().map_or(range.end, |a| a.1.end),
            )
            .help(format!("write `{}()`", call.name))),
        }
    }

    /// Whether an expression is alone on its line, so that its component
    /// becomes a block of its own rather than part of a paragraph.
    fn on_own_line(&self, range: &Range<usize>) -> bool {
        let before = self.text[..range.start].rsplit('\n').next().unwrap_or("");
        let after = self.text[range.end..].split('\n').next().unwrap_or("");
        before.trim().is_empty() && after.trim().is_empty()
    }
}

fn names(path: &[(String, Range<usize>)]) -> Vec<&str> {
    path.iter().map(|(name, _)| name.as_str()).collect()
}

/// One detail of a contact, by its name in an expression.
pub(crate) fn contact_field(contact: &Contact, field: &str) -> Option<String> {
    match field {
        "name" => contact.name.clone(),
        "phone" => contact.phone.clone(),
        "email" => contact.email.clone(),
        "address" => contact.address.clone(),
        "hours" => contact.hours.clone(),
        "web" => contact.web.clone(),
        _ => None,
    }
}

/// `tel:` link for a written phone number: "0115 924 9924 extension 86838"
/// becomes "tel:+441159249924,86838".
fn tel_uri(phone: &str) -> String {
    crate::model::Phone::read(phone).tel_uri()
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn json_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::tel_uri;

    #[test]
    fn phone_numbers_become_dialable_links() {
        assert_eq!(tel_uri("020 3313 3112"), "tel:+442033133112");
        assert_eq!(
            tel_uri("0115 924 9924 extension 86838"),
            "tel:+441159249924,86838"
        );
        // The (0) is not dialled from abroad, and opening hours are not
        // part of the extension.
        assert_eq!(tel_uri("+44 (0)1256 313067"), "tel:+441256313067");
        assert_eq!(
            tel_uri("01256 313067 ext 4412 (Mon-Fri 9am-5pm)"),
            "tel:+441256313067,4412"
        );
    }
}
