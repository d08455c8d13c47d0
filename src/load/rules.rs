//! `content/rules/*.yaml`: the canonical rule data, merged from any number
//! of files, with where each rule is defined.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::yaml::YamlText;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile, Span};
use crate::model::{RuleFile, RuleId, Rules, Section};

/// Rule data: YAML files.
const RULE_FILES: super::FileKind = super::FileKind {
    extensions: &["yaml", "yml"],
    what: "rule data",
    expected: &[],
};

/// Reads and merges every rules file. A file with an error is skipped whole
/// (after its diagnostic) so that one typo does not hide the other files.
pub(super) fn load(loader: &mut super::Loader) -> Arc<Rules> {
    let dir = loader.root.join("content").join("rules");
    let paths = loader.files_under(&dir, &RULE_FILES);
    let files: Vec<Arc<SourceFile>> = loader.read_sources(&paths).into_iter().flatten().collect();
    let fingerprint = crate::fingerprint::fingerprint(
        &files
            .iter()
            .map(|f| (&f.path, f.fingerprint))
            .collect::<Vec<_>>(),
    );
    if let Some((_, rules, problems)) = loader
        .cache
        .rules
        .as_ref()
        .filter(|(cached, _, _)| *cached == fingerprint)
    {
        loader.diagnostics.extend(problems.iter().cloned());
        return rules.clone();
    }
    let mut problems = Diagnostics::default();
    let mut rules = Rules::default();
    for file in &files {
        let yaml = YamlText::whole(file);
        match yaml.parse::<RuleFile>() {
            Ok(parsed) => merge(&mut rules, parsed, &yaml, &mut problems),
            Err(diagnostic) => {
                problems.push(diagnostic);
                rules.incomplete = true;
            }
        }
    }
    rules.fingerprint = fingerprint;
    let rules = Arc::new(rules);
    let problems = problems.into_items();
    loader.diagnostics.extend(problems.iter().cloned());
    loader.cache.rules = Some((fingerprint, rules.clone(), problems));
    rules
}

/// Moves one file's rules into the merged set, reporting ids that another
/// file already defined.
fn merge(rules: &mut Rules, file: RuleFile, yaml: &YamlText, diagnostics: &mut Diagnostics) {
    let mut merger = Merger {
        defined_at: &mut rules.defined_at,
        yaml,
        diagnostics,
    };
    merger.section(
        Section::Deadlines,
        &mut rules.deadlines,
        file.deadlines,
        |y, _, d| y.range_of(&d.value),
    );
    merger.section(Section::Fees, &mut rules.fees, file.fees, |y, _, f| {
        y.range_of(&f.amount_pence)
    });
    merger.section(
        Section::RetiredFees,
        &mut rules.retired_fees,
        file.retired_fees,
        |y, _, f| y.range_of(&f.amount_pence),
    );
    merger.section(
        Section::RetiredDeadlines,
        &mut rules.retired_deadlines,
        file.retired_deadlines,
        |y, _, d| y.range_of(&d.value),
    );
    merger.section(
        Section::RetiredTerms,
        &mut rules.retired_terms,
        file.retired_terms,
        |y, _, t| y.range_of(&t.phrase),
    );
    merger.section(Section::Laws, &mut rules.laws, file.laws, |y, _, l| {
        y.range_of(&l.name)
    });
    for (id, national) in &file.contacts {
        let path = &yaml.file.path;
        let found = super::contact_details::check(path, &yaml.file.text, id, &national.contact);
        merger.diagnostics.extend(found);
    }
    merger.section(
        Section::Contacts,
        &mut rules.contacts,
        file.contacts,
        // Where its IG lead confirms it: its `status:`.
        |y, id, _| status_of(y.file.text.as_str(), id),
    );
    let mut services = file.online_services;
    services.retain(|_, service| match yaml.web_address(&service.web, "web") {
        Ok(()) => true,
        Err(problem) => {
            merger.diagnostics.push(problem);
            false
        }
    });
    merger.section(
        Section::OnlineServices,
        &mut rules.online_services,
        services,
        |y, _, s| y.range_of(&s.web),
    );
    for (name, list) in &file.lists {
        for item in &list.items {
            let span = merger.span(yaml.range_of(&item.text));
            merger.defined_at.insert(
                RuleId::new(Section::Lists, format!("{name}.{}", item.id)),
                span,
            );
        }
    }
    merger.section(Section::Lists, &mut rules.lists, file.lists, |y, _, l| {
        l.items.first().map_or(0..0, |item| y.range_of(&item.text))
    });
    // Words for a topic may be spread over files: they add up.
    for (topic, words) in file.topic_words {
        rules.topic_words.entry(topic).or_default().extend(words);
    }
    rules.other_rule_words.extend(file.other_rules);
    rules.nations.extend(file.nations);
    if let Some(caldicott) = file.caldicott {
        let range = caldicott
            .principles
            .first()
            .map_or(0..0, |p| yaml.range_of(&p.title));
        merger.single(Section::Caldicott, &mut rules.caldicott, caldicott, range);
    }
    if let Some(documents) = file.id_documents {
        for (name, category) in &documents.categories {
            let range = category
                .items
                .first()
                .map_or(0..0, |d| yaml.range_of(&d.name));
            let span = merger.span(range);
            merger
                .defined_at
                .insert(RuleId::new(Section::IdDocuments, name.as_str()), span);
        }
        merger.single(
            Section::IdDocuments,
            &mut rules.id_documents,
            documents,
            0..0,
        );
    }
}

/// The status written under the entry `id` (a contact's fields are not
/// located as they are read), or the entry's own line.
fn status_of(text: &str, id: &str) -> std::ops::Range<usize> {
    let entry = super::contact_details::locate(text, id, &format!("{id}:"));
    let before = &text[..entry.start];
    let indent = before.len() - before.trim_end_matches(' ').len();
    let mut at = text[entry.end..]
        .find('\n')
        .map_or(text.len(), |i| entry.end + i + 1);
    for line in text[at..].split_inclusive('\n') {
        let depth = line.len() - line.trim_start_matches(' ').len();
        // The entry ends at a line indented no deeper than its key.
        if !line.trim().is_empty() && depth <= indent {
            break;
        }
        if let Some(value) = line.trim_start().strip_prefix("status:") {
            let start = at + line.len() - value.trim_start().len();
            return start..start + value.trim().len();
        }
        at += line.len();
    }
    entry
}

struct Merger<'a, 'y> {
    defined_at: &'a mut BTreeMap<RuleId, Span>,
    yaml: &'a YamlText<'y>,
    diagnostics: &'a mut Diagnostics,
}

impl Merger<'_, '_> {
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        Span {
            file: Arc::from(self.yaml.file.path.as_str()),
            range,
        }
    }

    fn section<T>(
        &mut self,
        section: Section,
        merged: &mut BTreeMap<String, T>,
        incoming: BTreeMap<String, T>,
        place: impl Fn(&YamlText, &str, &T) -> std::ops::Range<usize>,
    ) {
        for (id, value) in incoming {
            let full_id = RuleId::new(section, id.as_str());
            let span = self.span(place(self.yaml, &id, &value));
            if self.is_duplicate(&full_id, &span) {
                continue;
            }
            self.defined_at.insert(full_id, span);
            merged.insert(id, value);
        }
    }

    fn single<T>(
        &mut self,
        section: Section,
        merged: &mut Option<T>,
        value: T,
        range: std::ops::Range<usize>,
    ) {
        let span = self.span(range);
        let rule = RuleId::whole(section);
        if merged.is_some() && self.is_duplicate(&rule, &span) {
            return;
        }
        self.defined_at.insert(rule, span);
        *merged = Some(value);
    }

    fn is_duplicate(&mut self, full_id: &RuleId, span: &Span) -> bool {
        let Some(first) = self.defined_at.get(full_id) else {
            return false;
        };
        self.diagnostics.push(
            Diagnostic::new(Code::RuleDuplicate, format!("`{full_id}` is defined twice"))
                .at(&span.file, span.range.clone())
                .note(format!("it is first defined in {}", first.file))
                .help("keep one definition and remove the other"),
        );
        true
    }
}
