//! Hand-written copies of canonical lists. A bullet list most of whose items
//! resemble the items of a canonical list (exceptions, who may apply,
//! identity documents, the Caldicott principles) is compared with it, and
//! every missing, extra or altered item is reported.

use std::hash::Hasher as _;

use crate::fingerprint::StableHasher;
use foldhash::HashMap;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{RuleId, Section, Site, Topic};

/// A canonical list as the checker compares it.
pub(crate) struct CanonicalCopy {
    /// The component that renders it: `list("exceptions")`.
    pub(crate) component: String,
    /// The rule id, such as `lists.exceptions`.
    pub(crate) rule: RuleId,
    /// Each item's accepted wordings (a Caldicott principle may be written
    /// as its title, or its title and text).
    pub(crate) items: Vec<Vec<String>>,
    /// The rule areas the list belongs to: where two lists look alike
    /// (exceptions for the living and for the dead), the one in the page's
    /// scope is the one compared.
    pub(crate) topics: Vec<Topic>,
}

/// Every canonical list, with an index from words to the items that use
/// them, so that a page's list is compared only with items it shares
/// words with.
pub(crate) struct CanonicalLists {
    lists: Vec<CanonicalCopy>,
    /// Word → the wordings that contain it.
    postings: HashMap<u64, Vec<usize>>,
    /// Each wording: its list, its item and how many words it has.
    forms: Vec<(usize, usize, usize)>,
}

impl CanonicalLists {
    /// Indexes the lists.
    fn new(lists: Vec<CanonicalCopy>) -> CanonicalLists {
        let mut postings: HashMap<u64, Vec<usize>> = HashMap::default();
        let mut forms = Vec::new();
        for (l, list) in lists.iter().enumerate() {
            for (i, wordings) in list.items.iter().enumerate() {
                for wording in wordings {
                    let words = words(wording);
                    for word in &words {
                        postings.entry(*word).or_default().push(forms.len());
                    }
                    forms.push((l, i, words.len()));
                }
            }
        }
        CanonicalLists {
            lists,
            postings,
            forms,
        }
    }

    /// For each list, the item a page item resembles most, if any does.
    fn resembled(&self, item: &[u64]) -> BTreeMap<usize, usize> {
        let mut shared: HashMap<usize, usize> = HashMap::default();
        for word in item {
            for form in self.postings.get(word).into_iter().flatten() {
                *shared.entry(*form).or_default() += 1;
            }
        }
        let mut best: BTreeMap<usize, (usize, f64)> = BTreeMap::new();
        for (form, count) in shared {
            let (list, index, len) = self.forms[form];
            let score = count as f64 / item.len().min(len).max(1) as f64;
            if score < RESEMBLES {
                continue;
            }
            let entry = best.entry(list).or_insert((index, score));
            if score > entry.1 || (score == entry.1 && index < entry.0) {
                *entry = (index, score);
            }
        }
        best.into_iter()
            .map(|(list, (item, _))| (list, item))
            .collect()
    }
}

/// Every canonical list in the rule data.
pub(crate) fn canonical_lists(site: &Site) -> CanonicalLists {
    let rules = &site.rules;
    let mut lists: Vec<CanonicalCopy> = rules
        .lists
        .iter()
        .map(|(name, list)| CanonicalCopy {
            component: format!("list(\"{name}\")"),
            rule: RuleId::new(Section::Lists, name.as_str()),
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
            rule: RuleId::whole(Section::Caldicott),
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
                rule: RuleId::new(Section::IdDocuments, name.as_str()),
                topics: documents.topics.clone(),
                items: category
                    .items
                    .iter()
                    .map(|d| vec![d.name.value.clone()])
                    .collect(),
            });
        }
    }
    CanonicalLists::new(lists)
}

/// One item of a list on the page.
pub(crate) struct PageItem {
    /// The item's text.
    pub(crate) text: String,
    /// Its place in the source file.
    pub(crate) range: Range<usize>,
}

/// A hash of the lowercase word, made without making the lowercase word:
/// cheap, and enough to tell words apart.
fn word_hash(word: &str) -> u64 {
    let mut hasher = StableHasher::default();
    if word.is_ascii() {
        word.bytes()
            .for_each(|b| hasher.write_u8(b.to_ascii_lowercase()));
    } else {
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buffer = [0; 4];
            hasher.write(c.encode_utf8(&mut buffer).as_bytes());
        }
    }
    hasher.finish()
}

/// The hashes of the stop words, sorted for a binary search.
fn stop_word_hashes() -> &'static [u64] {
    static HASHES: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| {
        let mut hashes: Vec<u64> = STOP_WORDS.iter().map(|w| word_hash(w)).collect();
        hashes.sort_unstable();
        hashes
    })
}

/// Words too common to say two sentences are alike.
const STOP_WORDS: &[&str] = &[
    "the", "and", "you", "your", "for", "that", "with", "who", "are", "not", "can", "this", "they",
    "their", "from", "any", "was", "but",
];

/// The distinct words of a text that carry meaning, as sorted hashes.
fn words(text: &str) -> Vec<u64> {
    let mut words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 2)
        .map(word_hash)
        .filter(|h| stop_word_hashes().binary_search(h).is_err())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

fn normalise(text: &str) -> String {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

const RESEMBLES: f64 = 0.6;

/// Compares a page's list with every canonical list it resembles.
pub(crate) fn compare(
    site: &Site,
    canonical: &CanonicalLists,
    scope: &[Topic],
    file: &str,
    items: &[PageItem],
) -> Vec<Diagnostic> {
    if items.len() < 2 {
        return Vec::new();
    }
    // More than half the items must resemble a canonical list: stop as soon
    // as the items left could no longer make that true, which is at once
    // for the ordinary lists most pages are made of.
    let mut resembled: Vec<BTreeMap<usize, usize>> = Vec::with_capacity(items.len());
    let mut alike = 0;
    for (read, item) in items.iter().enumerate() {
        if (alike + items.len() - read) * 2 <= items.len() {
            return Vec::new();
        }
        let found = canonical.resembled(&words(&item.text));
        alike += usize::from(!found.is_empty());
        resembled.push(found);
    }
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for list in resembled.iter().flat_map(|r| r.keys()) {
        *counts.entry(*list).or_default() += 1;
    }
    let best = counts
        .into_iter()
        .filter(|(_, n)| *n * 2 > items.len())
        .max_by_key(|(l, n)| {
            (
                canonical.lists[*l].topics.iter().any(|t| scope.contains(t)),
                *n,
                std::cmp::Reverse(*l),
            )
        });
    let Some((chosen, _)) = best else {
        return Vec::new();
    };
    let list = &canonical.lists[chosen];
    let mut diagnostics = Vec::new();
    let mut seen = BTreeSet::new();
    for (item, resembled) in items.iter().zip(&resembled) {
        let d = match resembled.get(&chosen).copied() {
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

fn with_rule(site: &Site, d: Diagnostic, list: &CanonicalCopy) -> Diagnostic {
    site.rules.cite(d, &list.rule).help(format!(
        "replace the whole list with `{{{{ {} }}}}`, so it always matches the rule data",
        list.component
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alike(a: &str, b: &str) -> bool {
        let list = CanonicalCopy {
            component: String::new(),
            rule: RuleId::new(Section::Lists, "test"),
            items: vec![vec![b.to_string()]],
            topics: Vec::new(),
        };
        !CanonicalLists::new(vec![list])
            .resembled(&words(a))
            .is_empty()
    }

    #[test]
    fn rewordings_resemble_and_strangers_do_not() {
        let canonical = "Information that would be likely to cause serious harm to your physical or mental health";
        assert!(alike(
            "likely to cause serious harm to your physical or mental health",
            canonical
        ));
        assert!(!alike(
            "When to do so would involve disproportionate effort",
            canonical
        ));
    }
}
