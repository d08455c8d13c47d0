//! Hand-written copies of canonical lists. A bullet list most of whose items
//! resemble the items of a canonical list (exceptions, who may apply,
//! identity documents, the Caldicott principles) is compared with it, and
//! every missing, extra or altered item is reported.

use std::collections::BTreeSet;
use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Site, Topic};

/// A canonical list as the checker compares it.
pub struct CanonicalCopy {
    /// The component that renders it: `list("exceptions")`.
    pub component: String,
    /// The rule id, such as `lists.exceptions`.
    pub rule: String,
    /// Each item's accepted wordings (a Caldicott principle may be written
    /// as its title, or its title and text).
    pub items: Vec<Vec<String>>,
    /// The rule areas the list belongs to: where two lists look alike
    /// (exceptions for the living and for the dead), the one in the page's
    /// scope is the one compared.
    pub topics: Vec<Topic>,
}

/// Every canonical list in the rule data.
pub fn canonical_lists(site: &Site) -> Vec<CanonicalCopy> {
    let rules = &site.rules;
    let mut lists: Vec<CanonicalCopy> = rules
        .lists
        .iter()
        .map(|(name, list)| CanonicalCopy {
            component: format!("list(\"{name}\")"),
            rule: format!("lists.{name}"),
            topics: list.topics.clone(),
            items: list
                .items
                .iter()
                .map(|i| vec![i.text.value.clone()])
                .collect(),
        })
        .collect();
    if let Some(caldicott) = &rules.caldicott {
        lists.push(CanonicalCopy {
            component: "caldicott()".to_string(),
            rule: "caldicott".to_string(),
            topics: caldicott.topics.clone(),
            items: caldicott
                .principles
                .iter()
                .map(|p| {
                    vec![
                        p.title.value.clone(),
                        format!("{} {}", p.title.value, p.text),
                        p.text.clone(),
                    ]
                })
                .collect(),
        });
    }
    if let Some(documents) = &rules.id_documents {
        for (name, category) in &documents.categories {
            lists.push(CanonicalCopy {
                component: format!("id_documents(\"{name}\")"),
                rule: format!("id_documents.{name}"),
                topics: documents.topics.clone(),
                items: category
                    .items
                    .iter()
                    .map(|d| vec![d.name.value.clone()])
                    .collect(),
            });
        }
    }
    lists
}

/// One item of a list on the page.
pub struct PageItem {
    /// The item's text.
    pub text: String,
    /// Its place in the source file.
    pub range: Range<usize>,
}

fn words(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
        .collect()
}

/// How much two texts share, from 0 to 1: shared words over the smaller set.
fn resemblance(a: &str, b: &str) -> f64 {
    let (a, b) = (words(a), words(b));
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / smaller as f64
}

fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

const RESEMBLES: f64 = 0.6;

/// The canonical item an item resembles most, if any resembles it enough.
fn best_match(item: &str, list: &CanonicalCopy) -> Option<usize> {
    list.items
        .iter()
        .enumerate()
        .map(|(i, forms)| {
            (
                i,
                forms
                    .iter()
                    .map(|f| resemblance(item, f))
                    .fold(0.0, f64::max),
            )
        })
        .filter(|(_, score)| *score >= RESEMBLES)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// Compares a page's list with every canonical list it resembles.
pub fn compare(
    site: &Site,
    lists: &[CanonicalCopy],
    scope: &[Topic],
    file: &str,
    items: &[PageItem],
) -> Vec<Diagnostic> {
    if items.len() < 2 {
        return Vec::new();
    }
    let best = lists
        .iter()
        .map(|list| {
            (
                list,
                items
                    .iter()
                    .filter(|i| best_match(&i.text, list).is_some())
                    .count(),
            )
        })
        .filter(|(_, n)| *n * 2 > items.len())
        .max_by_key(|(list, n)| (list.topics.iter().any(|t| scope.contains(t)), *n));
    let Some((list, _)) = best else {
        return Vec::new();
    };
    let mut diagnostics = Vec::new();
    let mut seen = BTreeSet::new();
    for item in items {
        let d = match best_match(&item.text, list) {
            Some(i) => {
                seen.insert(i);
                let exact = list.items[i]
                    .iter()
                    .any(|form| normalise(form) == normalise(&item.text));
                if exact {
                    continue;
                }
                let mut d =
                    Diagnostic::new(Code::ListDrift, "this item differs from the canonical list")
                        .found(item.text.clone());
                d.expected = list.items[i].first().cloned();
                d
            }
            None => Diagnostic::new(Code::ListDrift, "this item is not in the canonical list")
                .found(item.text.clone()),
        };
        diagnostics.push(with_rule(site, d.at(file, item.range.clone()), list));
    }
    let missing: Vec<&str> = (0..list.items.len())
        .filter(|i| !seen.contains(i))
        .filter_map(|i| list.items[i].first().map(String::as_str))
        .collect();
    if !missing.is_empty() {
        let first = &items[0];
        let d = Diagnostic::new(
            Code::ListDrift,
            format!(
                "this list leaves out {} item(s) of the canonical list",
                missing.len()
            ),
        )
        .at(file, first.range.clone())
        .note(format!("missing: {}", missing.join("; ")));
        diagnostics.push(with_rule(site, d, list));
    }
    diagnostics
}

fn with_rule(site: &Site, mut d: Diagnostic, list: &CanonicalCopy) -> Diagnostic {
    d.rule = Some(list.rule.clone());
    d.rule_span = site.rules.defined_at.get(&list.rule).cloned();
    d.help(format!(
        "replace the whole list with `{{{{ {} }}}}`, so it always matches the rule data",
        list.component
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewordings_resemble_and_strangers_do_not() {
        let canonical = "Information that would be likely to cause serious harm to your physical or mental health";
        assert!(
            resemblance(
                "likely to cause serious harm to your physical or mental health",
                canonical
            ) >= RESEMBLES
        );
        assert!(
            resemblance(
                "When to do so would involve disproportionate effort",
                canonical
            ) < RESEMBLES
        );
    }
}
