//! The preview's reference page: every value and component this site's
//! rule data and trusts offer, and what each shows for each trust.
//!
//! Each expression is expanded and rendered exactly as a page's would be
//! (the same expansion, reading and theme), so the reference cannot drift
//! from what pages publish. It is made when asked for, not on every
//! rebuild: a save never waits for it.

use std::collections::BTreeSet;
use std::sync::{Arc, OnceLock};

use super::http::with_code;
use crate::diagnostics::{Diagnostic, Severity};
use crate::expand::{CONTACT_FIELDS, SNIPPET_FILE, escape_html, expand_snippet};
use crate::model::{Date, Fact, Lang, Site, Topic, Trust};
use crate::render::Theme;

/// Where the reference is served.
pub(crate) const REFERENCE_PATH: &str = "/__verity/reference/";

/// Above this many trusts a list of names ends "and N more".
const NAMES_SHOWN: usize = 6;

/// What the reference is made from: the site's rule data and trusts as
/// the latest build loaded them (without its pages), and its theme.
pub(crate) struct Reference {
    site: Site,
    theme: Arc<Theme>,
    as_of: Date,
    entries: Vec<Section>,
    /// The page for every trust, made the first time it is asked for.
    index: OnceLock<String>,
}

/// A group of entries under one heading.
struct Section {
    id: &'static str,
    title: &'static str,
    intro: &'static str,
    entries: Vec<Entry>,
}

/// One expression as an author writes it.
struct Entry {
    written: String,
    /// The page topics it is shown with (`at_a_glance` shows the facts of
    /// its page's topics).
    topics: Vec<Topic>,
    /// What the reader should know of where it is written.
    note: Option<String>,
    /// A value is shown as text in a table; a component as it renders.
    component: bool,
}

/// What one expression shows for one trust in one language: its HTML, or
/// why it shows nothing there.
type Shown = Result<String, Unavailable>;

/// Why an expression shows nothing for a trust, as the build would say.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Unavailable {
    message: String,
    help: Option<String>,
}

/// The outputs of one expression, each with who gets it: what is shown
/// first, in the order first seen, then where nothing is.
type Groups = Vec<(Shown, Vec<Who>)>;

/// A trust, and the language of its pages where it has more than one.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Who {
    trust: String,
    lang: Option<Lang>,
}

impl Reference {
    /// The reference for a loaded site.
    pub(crate) fn new(site: &Site, theme: Arc<Theme>, as_of: Date) -> Reference {
        let site = without_pages(site);
        let entries = sections(&site);
        Reference {
            site,
            theme,
            as_of,
            entries,
            index: OnceLock::new(),
        }
    }

    /// The page for every trust: values compared across trusts, and each
    /// component's commonest rendering.
    pub(crate) fn index(&self) -> &str {
        self.index.get_or_init(|| self.page(None))
    }

    /// The page for one trust, or `None` for an id no trust has.
    pub(crate) fn for_trust(&self, id: &str) -> Option<String> {
        let trust = self.site.trusts.values().find(|t| t.id.as_str() == id)?;
        Some(self.page(Some(trust)))
    }

    fn page(&self, only: Option<&Trust>) -> String {
        let trusts: Vec<&Trust> = match only {
            Some(trust) => vec![trust],
            None => self.site.trusts.values().collect(),
        };
        let title = match only {
            Some(trust) => format!("What pages show for {}", trust.name),
            None => "What pages can show".to_string(),
        };
        let mut html = self.head(&title);
        html.push_str(&format!("<h1>{}</h1>\n", escape_html(&title)));
        html.push_str("<p class=\"verity-lead\">Every value and component this site's rule data and trust files give, and what each shows. Copy an expression (in grey) into a page as it is written here. This page is made from the data and updates when you save.</p>\n");
        html.push_str(&self.trust_links(only));
        html.push_str(&self.contents());
        for section in &self.entries {
            html.push_str(&format!(
                "<h2 id=\"{}\">{}</h2>\n<p>{}</p>\n",
                section.id, section.title, section.intro
            ));
            let (values, components): (Vec<&Entry>, Vec<&Entry>) =
                section.entries.iter().partition(|e| !e.component);
            if !values.is_empty() {
                html.push_str(&values_table(&values, |e| self.groups(e, &trusts)));
            }
            for entry in components {
                html.push_str(&self.component(entry, &trusts, only.is_none()));
            }
        }
        html.push_str("</main>\n</body>\n</html>\n");
        html
    }

    fn head(&self, title: &str) -> String {
        let base = crate::render::base_url(&self.site);
        let style = self
            .theme
            .asset_paths
            .get("style.css")
            .map(|path| format!("<link rel=\"stylesheet\" href=\"{base}assets/{path}\">\n"))
            .unwrap_or_default();
        format!(
            "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {}</title>\n{style}<link rel=\"stylesheet\" href=\"/__verity/reference.css\">\n</head>\n<body>\n<main id=\"main-content\" class=\"width-container verity-reference\">\n",
            escape_html(title),
            escape_html(&self.site.config.title)
        )
    }

    /// Links to every trust's own page (and back to all of them).
    fn trust_links(&self, only: Option<&Trust>) -> String {
        let mut html = String::from("<nav aria-label=\"Trusts\">\n");
        if only.is_some() {
            html.push_str(&format!(
                "<p><a href=\"{REFERENCE_PATH}\">Compare every trust</a></p>\n"
            ));
        }
        html.push_str(
            "<p>See everything as one trust's pages show it:</p>\n<ul class=\"verity-trusts\">\n",
        );
        for trust in self.site.trusts.values() {
            let current = only.is_some_and(|t| t.id == trust.id);
            let name = escape_html(&trust.name);
            if current {
                html.push_str(&format!("<li aria-current=\"page\">{name}</li>\n"));
            } else {
                html.push_str(&format!(
                    "<li><a href=\"{REFERENCE_PATH}{}/\">{name}</a></li>\n",
                    escape_html(trust.id.as_str())
                ));
            }
        }
        html.push_str("</ul>\n</nav>\n");
        html
    }

    fn contents(&self) -> String {
        let mut html = String::from("<nav aria-label=\"On this page\">\n<ul>\n");
        for section in &self.entries {
            html.push_str(&format!(
                "<li><a href=\"#{}\">{}</a></li>\n",
                section.id, section.title
            ));
        }
        html.push_str("</ul>\n</nav>\n");
        html
    }

    /// What `entry` shows for each of `trusts` in each of its languages,
    /// grouped by what is shown.
    fn groups(&self, entry: &Entry, trusts: &[&Trust]) -> Groups {
        let mut groups: Groups = Vec::new();
        for trust in trusts {
            for &lang in languages(trust) {
                let shown = self.shown(entry, trust, lang);
                let who = who(trust, lang);
                match groups.iter_mut().find(|(s, _)| same(s, &shown)) {
                    Some((_, names)) => names.push(who),
                    None => groups.push((shown, vec![who])),
                }
            }
        }
        // Stable: the outputs keep their order, and nothing comes last.
        groups.sort_by_key(|(shown, _)| shown.is_err());
        groups
    }

    /// Expands and renders one expression as a page for `trust` would.
    fn shown(&self, entry: &Entry, trust: &Trust, lang: Lang) -> Shown {
        let (expanded, diagnostics) = expand_snippet(
            &self.site,
            self.as_of,
            trust,
            lang,
            &entry.topics,
            &entry.written,
        );
        if let Some(d) = diagnostics.iter().find(|d| d.severity == Severity::Error) {
            return Err(unavailable(d));
        }
        let body = crate::read::read(&expanded).body;
        let rendered = crate::render::render_body(
            &self.theme,
            usize::MAX,
            &trust.id,
            &expanded,
            SNIPPET_FILE,
            &body,
            lang,
        )
        .map_err(|d| unavailable(&d))?;
        let html = rendered.html.trim();
        Ok(
            match html
                .strip_prefix("<p>")
                .and_then(|h| h.strip_suffix("</p>"))
            {
                Some(inner) if !entry.component && !inner.contains("<p>") => inner.to_string(),
                _ => html.to_string(),
            },
        )
    }

    /// A component: each way it renders, with the trusts it renders so
    /// for. Comparing every trust, the commonest three are shown, and each
    /// trust's own page has the rest.
    fn component(&self, entry: &Entry, trusts: &[&Trust], comparing: bool) -> String {
        let mut groups = self.groups(entry, trusts);
        groups.sort_by_key(|(shown, who)| (shown.is_err(), std::cmp::Reverse(who.len())));
        let everyone: Vec<Who> = groups.iter().flat_map(|(_, who)| who.clone()).collect();
        let note = entry
            .note
            .as_ref()
            .map(|n| format!(" <span class=\"verity-note-where\">{}</span>", with_code(n)))
            .unwrap_or_default();
        let mut html = format!(
            "<h3 class=\"verity-expression\"><code>{}</code>{note}</h3>\n",
            escape_html(&entry.written)
        );
        let shown = if comparing { 3 } else { groups.len() };
        for (output, who) in groups.iter().take(shown) {
            html.push_str(&format!(
                "<p class=\"verity-who\">{}:</p>\n",
                capitalised(&names(who, &everyone))
            ));
            match output {
                Ok(output) => html.push_str(&format!(
                    "<div class=\"verity-preview\">\n{output}\n</div>\n"
                )),
                Err(why) => html.push_str(&unavailable_html(why, who.len())),
            }
        }
        if groups.len() > shown {
            html.push_str(&format!(
                "<p class=\"verity-who\">{} other versions: see each trust's own page above.</p>\n",
                groups.len() - shown
            ));
        }
        html
    }
}

/// The table of values, one row per expression.
fn values_table(entries: &[&Entry], groups: impl Fn(&Entry) -> Groups) -> String {
    let mut html = String::from(
        "<table class=\"verity-values\">\n<thead><tr><th scope=\"col\">Write</th><th scope=\"col\">It shows</th></tr></thead>\n<tbody>\n",
    );
    for entry in entries {
        let groups = groups(entry);
        let everyone: Vec<Who> = groups.iter().flat_map(|(_, who)| who.clone()).collect();
        html.push_str(&format!(
            "<tr><th scope=\"row\"><code>{}</code></th><td>",
            escape_html(&entry.written)
        ));
        if let [(Ok(value), _)] = groups.as_slice() {
            html.push_str(value);
        } else {
            html.push_str("<ul>");
            for (output, members) in &groups {
                let who = names(members, &everyone);
                match output {
                    Ok(value) => html.push_str(&format!(
                        "<li>{value} <span class=\"verity-who\">({who})</span></li>"
                    )),
                    // One trust's reason says what to add; many trusts'
                    // reasons differ only by the trust.
                    Err(_) if members.len() > 1 => html.push_str(&format!(
                        "<li class=\"verity-unavailable\">Nothing for {who}: a page that shows this for them is not published</li>"
                    )),
                    Err(why) => html.push_str(&format!(
                        "<li class=\"verity-unavailable\">Nothing for {who}: {}</li>",
                        explained(why)
                    )),
                }
            }
            html.push_str("</ul>");
        }
        html.push_str("</td></tr>\n");
    }
    html.push_str("</tbody>\n</table>\n");
    html
}

/// Why a component shows nothing for a group of `members` trusts: the
/// reasons of many trusts differ only by the trust, so only one trust's is
/// given.
fn unavailable_html(why: &Unavailable, members: usize) -> String {
    let reason = match members {
        1 => format!(": {}", explained(why)),
        _ => ". Each trust's own page says what to add.".to_string(),
    };
    format!(
        "<p class=\"verity-unavailable\">Shows nothing, and a page that uses it is not published{reason}</p>\n"
    )
}

/// Why nothing is shown, and what to add, as the build says them.
fn explained(why: &Unavailable) -> String {
    let help = why
        .help
        .as_ref()
        .map(|h| format!(" {}.", with_code(&capitalised(h.trim_end_matches('.')))))
        .unwrap_or_default();
    format!("{}.{help}", with_code(why.message.trim_end_matches('.')))
}

fn unavailable(d: &Diagnostic) -> Unavailable {
    Unavailable {
        message: d.message.clone(),
        help: d.help.as_deref().map(str::to_string),
    }
}

/// Two outputs are one group when they show the same; reasons a trust
/// shows nothing name the trust, so they are one group whatever they say.
fn same(a: &Shown, b: &Shown) -> bool {
    match (a, b) {
        (Ok(a), Ok(b)) => a == b,
        (Err(_), Err(_)) => true,
        _ => false,
    }
}

fn languages(trust: &Trust) -> &[Lang] {
    if trust.languages.is_empty() {
        &[Lang::En]
    } else {
        &trust.languages
    }
}

fn who(trust: &Trust, lang: Lang) -> Who {
    Who {
        trust: trust.name.clone(),
        lang: (trust.languages.len() > 1).then_some(lang),
    }
}

/// "every trust", "every trust in English", "A and B", or "A, B, C, D,
/// E, F and 12 more", escaped; `everyone` is every trust and language the
/// expression was shown for. A trust whose every language is in the group
/// is named once.
fn names(who: &[Who], everyone: &[Who]) -> String {
    if who.len() == everyone.len() && who.len() > 1 {
        return "every trust".to_string();
    }
    let in_english = |w: &Who| w.lang != Some(Lang::Cy);
    let english = everyone.iter().filter(|w| in_english(w)).count();
    if who.len() == english && english > 1 && who.iter().all(in_english) {
        return "every trust in English".to_string();
    }
    let mut named: Vec<String> = Vec::new();
    for (at, one) in who.iter().enumerate() {
        let in_all = |lang: Lang| {
            who.iter()
                .any(|w| w.trust == one.trust && w.lang == Some(lang))
        };
        let name = match one.lang {
            None => one.trust.clone(),
            Some(_) if in_all(Lang::En) && in_all(Lang::Cy) => {
                // Once, where its first language is.
                if who[..at].iter().any(|w| w.trust == one.trust) {
                    continue;
                }
                one.trust.clone()
            }
            Some(lang) => format!("{} in {}", one.trust, lang.name()),
        };
        named.push(escape_html(&name));
    }
    let shown: Vec<String> = named.iter().take(NAMES_SHOWN).cloned().collect();
    let more = named.len().saturating_sub(NAMES_SHOWN);
    match (shown.as_slice(), more) {
        ([one], 0) => one.clone(),
        ([first @ .., last], 0) => format!("{} and {last}", first.join(", ")),
        (all, more) => format!("{} and {more} more", all.join(", ")),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The site without its pages: the reference needs only its rules,
/// trusts and settings, and is kept until the next rebuild.
fn without_pages(site: &Site) -> Site {
    Site {
        root: site.root.clone(),
        config: site.config.clone(),
        levels: site.levels.clone(),
        rules: site.rules.clone(),
        trusts: site.trusts.clone(),
        pages: Vec::new(),
        config_fingerprint: site.config_fingerprint,
        pages_by_trust: Default::default(),
        translated: Default::default(),
        search_words: site.search_words.clone(),
    }
}

/// Every expression the site's data offers, by section.
fn sections(site: &Site) -> Vec<Section> {
    let rules = &site.rules;
    vec![
        Section {
            id: "trust",
            title: "The trust",
            intro: "Each trust's own details, from its trust.yaml.",
            entries: trust_values(site),
        },
        Section {
            id: "time-limits",
            title: "Time limits",
            intro: "From the rule data. A trust in a nation where a limit does not apply shows the one that stands in for it there.",
            entries: fact_values("deadlines", &rules.deadlines),
        },
        Section {
            id: "costs",
            title: "Costs",
            intro: "From the rule data.",
            entries: fact_values("fees", &rules.fees),
        },
        Section {
            id: "national-contacts",
            title: "National contacts",
            intro: "Regulators and ombudsmen, from the rule data: each nation's own where it has one.",
            entries: national_contacts(site),
        },
        Section {
            id: "laws",
            title: "Laws",
            intro: "The name of each law, from the rule data.",
            entries: rules
                .laws
                .keys()
                .map(|id| value(format!("laws.{id}")))
                .collect(),
        },
        Section {
            id: "nation-and-site",
            title: "Nation and site",
            intro: "What differs by the trust's nation, and the site's own name.",
            entries: ["nation.name", "nation.patient_number", "site.title"]
                .into_iter()
                .map(|e| value(e.to_string()))
                .collect(),
        },
        Section {
            id: "components",
            title: "Components",
            intro: "Written on a line of their own, each shows a block of the page.",
            entries: components(site),
        },
        Section {
            id: "blocks",
            title: "Blocks",
            intro: "A block wraps text you write: the first line opens it, <code>{% end %}</code> closes it.",
            entries: blocks(),
        },
    ]
}

fn value(written: String) -> Entry {
    Entry {
        written: format!("{{{{ {written} }}}}"),
        topics: Vec::new(),
        note: None,
        component: false,
    }
}

fn component(written: String, topics: Vec<Topic>) -> Entry {
    Entry {
        written,
        topics,
        note: None,
        component: true,
    }
}

fn trust_values(site: &Site) -> Vec<Entry> {
    let mut entries: Vec<Entry> = ["trust.name", "trust.id", "trust.nation", "trust.website"]
        .into_iter()
        .map(|e| value(e.to_string()))
        .collect();
    // Every role and detail any trust gives, in a fixed order.
    let mut details: BTreeSet<(&str, usize)> = BTreeSet::new();
    let mut targets: BTreeSet<&str> = BTreeSet::new();
    for trust in site.trusts.values() {
        for (role, contact) in &trust.contacts {
            for (at, field) in CONTACT_FIELDS.iter().enumerate() {
                if crate::expand::contact_field(contact, field).is_some() {
                    details.insert((role.as_str(), at));
                }
            }
        }
        targets.extend(trust.service_targets.keys().map(String::as_str));
    }
    entries.extend(
        details
            .into_iter()
            .map(|(role, at)| value(format!("trust.contacts.{role}.{}", CONTACT_FIELDS[at]))),
    );
    entries.extend(
        targets
            .into_iter()
            .map(|id| value(format!("trust.service_targets.{id}"))),
    );
    entries
}

fn fact_values<F: Fact>(root: &str, facts: &std::collections::BTreeMap<String, F>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (id, fact) in facts {
        entries.push(value(format!("{root}.{id}")));
        if fact.summary().is_some() {
            entries.push(value(format!("{root}.{id}.summary")));
        }
        for field in F::EXTRA_FIELDS {
            if fact.extra_field_in(field, Lang::En).is_some() {
                entries.push(value(format!("{root}.{id}.{field}")));
            }
        }
    }
    entries
}

fn national_contacts(site: &Site) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (id, national) in &site.rules.contacts {
        for field in CONTACT_FIELDS {
            if crate::expand::contact_field(&national.contact, field).is_some() {
                entries.push(value(format!("contacts.{id}.{field}")));
            }
        }
    }
    entries
}

fn components(site: &Site) -> Vec<Entry> {
    let rules = &site.rules;
    let mut entries = Vec::new();
    let roles: BTreeSet<&str> = site
        .trusts
        .values()
        .flat_map(|t| t.contacts.keys().map(String::as_str))
        .chain(rules.contacts.keys().map(String::as_str))
        .collect();
    for role in roles {
        entries.push(component(
            format!("{{{{ contact(\"{role}\") }}}}"),
            Vec::new(),
        ));
    }
    for name in rules.lists.keys() {
        entries.push(component(format!("{{{{ list(\"{name}\") }}}}"), Vec::new()));
    }
    let categories: BTreeSet<&str> = rules
        .id_documents
        .iter()
        .map(|d| &d.categories)
        .chain(
            site.trusts
                .values()
                .filter_map(|t| t.id_documents.as_ref().map(|d| &d.categories)),
        )
        .flat_map(|c| c.keys().map(String::as_str))
        .collect();
    for category in categories {
        entries.push(component(
            format!("{{{{ id_documents(\"{category}\") }}}}"),
            Vec::new(),
        ));
    }
    if rules.caldicott.is_some() {
        entries.push(component("{{ caldicott() }}".to_string(), Vec::new()));
    }
    // At a glance shows the facts of its page's topics: once per topic
    // that has any.
    let topics: BTreeSet<&Topic> = rules
        .deadlines
        .values()
        .filter(|d| d.summary.is_some())
        .flat_map(|d| &d.topics)
        .chain(
            rules
                .fees
                .values()
                .filter(|f| f.summary.is_some())
                .flat_map(|f| &f.topics),
        )
        .collect();
    for topic in topics {
        entries.push(Entry {
            note: Some(format!("on a page with `topics: [{topic}]`")),
            ..component("{{ at_a_glance() }}".to_string(), vec![*topic])
        });
    }
    entries
}

fn blocks() -> Vec<Entry> {
    [
        "{% warning(\"Bring proof of identity\") %}\nWe cannot send records until we know who you are.\n{% end %}",
        "{% inset() %}\nYou do not have to say why you want your records.\n{% end %}",
        "{% details(\"Asking for someone else\") %}\nYou need their written consent.\n{% end %}",
    ]
    .into_iter()
    .map(|written| component(written.to_string(), Vec::new()))
    .collect()
}

impl std::fmt::Debug for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reference")
            .field("trusts", &self.site.trusts.len())
            .finish_non_exhaustive()
    }
}
