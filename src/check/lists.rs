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
use crate::model::{Nation, RuleId, Rules, Section, Site, Topic, Trust};

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
    /// The trust.yaml that defines this list, where it is a trust's own.
    pub(crate) trust_file: Option<String>,
    /// Whether a copy must name every item: true of what the law lists
    /// (who may apply), not of the documents a trust accepts, where a page
    /// may name a few ("such as a passport").
    pub(crate) complete: bool,
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

    /// For each list, the item a page item resembles most, if any does,
    /// and how alike they are.
    fn resembled(&self, item: &[u64]) -> BTreeMap<usize, Likeness> {
        let mut shared: HashMap<usize, usize> = HashMap::default();
        for word in item {
            for form in self.postings.get(word).into_iter().flatten() {
                *shared.entry(*form).or_default() += 1;
            }
        }
        let mut best: BTreeMap<usize, Likeness> = BTreeMap::new();
        for (form, count) in shared {
            let (list, index, len) = self.forms[form];
            let likeness = Likeness {
                item: index,
                shared: count,
                of_canonical: count as f64 / len.max(1) as f64,
                of_page_item: count as f64 / item.len().max(1) as f64,
                page_words: item.len(),
            };
            // Two words in common at least (one, for one-word items), and a
            // good share of either side: a short page item that shares a
            // common word with a long canonical one is not a copy of it.
            let enough = count >= 2.min(len).min(item.len());
            if !enough
                || (likeness.of_canonical < RESEMBLES
                    && likeness.of_page_item < RESEMBLES_PAGE_ITEM)
            {
                continue;
            }
            let entry = best.entry(list).or_insert(likeness);
            if likeness.of_canonical > entry.of_canonical
                || (likeness.of_canonical == entry.of_canonical && index < entry.item)
            {
                *entry = likeness;
            }
        }
        best
    }
}

/// How much a page item has in common with a canonical item.
#[derive(Debug, Clone, Copy)]
struct Likeness {
    /// The canonical item's index in its list.
    item: usize,
    /// The words they share.
    shared: usize,
    /// The share of the canonical item's words the page item has.
    of_canonical: f64,
    /// The share of the page item's words the canonical item has.
    of_page_item: f64,
    /// How many words the page item has.
    page_words: usize,
}

impl Likeness {
    /// Whether the page item says what the canonical item says, in other
    /// words: most of the canonical words, or (where the canonical item
    /// gives alternatives and the page one of them) nearly all of its own
    /// words, and several (or all of a short item's: "a utility bill").
    fn same_meaning(self) -> bool {
        self.of_canonical >= SAME_MEANING
            || (self.shared >= 3.min(self.page_words) && self.of_page_item >= 0.75)
    }
}

/// Every canonical list in the rule data, with a trust's own identity
/// documents in place of the rule data's where it has its own.
pub(crate) fn canonical_lists(
    site: &Site,
    nation: Nation,
    trust: Option<&Trust>,
) -> CanonicalLists {
    let rules = &site.rules;
    let mut lists: Vec<CanonicalCopy> = rules
        .lists
        .iter()
        .map(|(name, list)| CanonicalCopy {
            component: format!("list(\"{name}\")"),
            rule: RuleId::new(Section::Lists, name.as_str()),
            topics: list.topics.clone(),
            trust_file: None,
            complete: true,
            items: list
                .items
                .iter()
                .filter(|i| i.applies_in(nation))
                .map(|i| vec![i.text.value.clone()])
                .collect(),
        })
        .collect();
    if let Some(caldicott) = &rules.caldicott {
        lists.push(CanonicalCopy {
            component: "caldicott()".to_string(),
            rule: RuleId::whole(Section::Caldicott),
            topics: caldicott.topics.clone(),
            trust_file: None,
            complete: true,
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
    let own = trust.and_then(|t| t.id_documents.as_ref());
    let documents = rules.id_documents.as_ref();
    let categories = own
        .map(|d| &d.categories)
        .or(documents.map(|d| &d.categories));
    let topics = documents.map_or(vec![Topic::Identity], |d| d.topics.clone());
    if let Some(categories) = categories {
        for (name, category) in categories {
            lists.push(CanonicalCopy {
                component: format!("id_documents(\"{name}\")"),
                rule: RuleId::new(Section::IdDocuments, name.as_str()),
                trust_file: own.and(trust).map(|t| t.file.clone()),
                topics: topics.clone(),
                complete: false,
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
        let mut hashes: Vec<u64> = STOP_WORDS.iter().map(|w| stem_hash(w)).collect();
        hashes.sort_unstable();
        hashes
    })
}

/// Words too common to say two list items are alike or differ.
const STOP_WORDS: &[&str] = &[
    "the",
    "and",
    "you",
    "your",
    "for",
    "that",
    "with",
    "who",
    "are",
    "not",
    "can",
    "this",
    "they",
    "their",
    "from",
    "any",
    "was",
    "but",
    "our",
    "ours",
    "its",
    "his",
    "her",
    "them",
    "which",
    "will",
    "would",
    "may",
    "might",
    "should",
    "such",
    "has",
    "have",
    "had",
    "been",
    "being",
    "were",
    "what",
    "when",
    "where",
    "how",
    "all",
    "also",
    "into",
    "about",
    "one",
    "someone",
    "anyone",
    "person",
    "people",
    "meaning",
    "means",
    "example",
    "including",
    "information",
    "record",
    "records",
    "health",
    "patient",
    "patients",
];

/// The distinct words of a text that carry meaning, each reduced to its
/// stem ("executors" and "executor", "agreed" and "agree"), as sorted
/// hashes: two wordings of one item share them whatever their order, case
/// or punctuation.
fn words(text: &str) -> Vec<u64> {
    let mut words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
        .map(|w| w.trim_matches(['\'', '’']))
        .filter(|w| w.len() > 2)
        .map(|w| stem_hash(&w.to_lowercase()))
        .filter(|h| stop_word_hashes().binary_search(h).is_err())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The hash of a lowercase word's stem. Pages repeat their words, and the
/// stemmer is the dearest part of reading a list, so each thread keeps
/// the stems it has made.
fn stem_hash(word: &str) -> u64 {
    static STEMMER: std::sync::OnceLock<rust_stemmers::Stemmer> = std::sync::OnceLock::new();
    thread_local! {
        static STEMS: std::cell::RefCell<HashMap<String, u64>> = std::cell::RefCell::default();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(hash) = stems.get(word) {
            return *hash;
        }
        let stemmer = STEMMER
            .get_or_init(|| rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English));
        let hash = word_hash(&stemmer.stem(synonym(word)));
        // A bound, so that a site of many distinct words cannot grow it
        // without end.
        if stems.len() < 100_000 {
            stems.insert(word.to_string(), hash);
        }
        hash
    })
}

/// One spelling for words that lists use interchangeably.
fn synonym(word: &str) -> &str {
    const SAME: &[(&str, &str)] = &[
        ("license", "licence"),
        ("licenses", "licence"),
        ("photographic", "photo"),
        ("photocard", "photo"),
        ("deceased", "death"),
        ("died", "death"),
        ("dead", "death"),
    ];
    SAME.iter()
        .find(|(from, _)| *from == word)
        .map_or(word, |(_, to)| to)
}

/// Whether a page item can be a member of a list: one sentence at most. An
/// item of several sentences is a note that happens to sit in the list
/// ("We do not charge for this. See our policy."), not another entry.
fn is_entry(text: &str) -> bool {
    let text = text.trim_end();
    let inner = text.trim_end_matches(['.', ';']);
    !inner.contains(". ")
}

/// The share of a canonical item's words that a page item must have to be
/// a copy of it.
const RESEMBLES: f64 = 0.6;
/// The share of a page item's words found in a canonical item that make it
/// a copy of that item.
const RESEMBLES_PAGE_ITEM: f64 = 0.6;
/// The share of a canonical item's words that a copy must keep to say the
/// same thing.
const SAME_MEANING: f64 = 0.6;

/// Compares a page's list with every canonical list it resembles.
pub(crate) fn compare(
    rules: &Rules,
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
    let mut resembled: Vec<BTreeMap<usize, Likeness>> = Vec::with_capacity(items.len());
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
            Some(likeness) => {
                let i = likeness.item;
                seen.insert(i);
                if likeness.same_meaning() {
                    continue;
                }
                let mut d =
                    Diagnostic::new(Code::ListDrift, "this item differs from the canonical list")
                        .found(item.text.clone());
                d.detail_mut().expected = list.items[i].first().cloned();
                d
            }
            None if is_entry(&item.text) => {
                Diagnostic::new(Code::ListDrift, "this item is not in the canonical list")
                    .found(item.text.clone())
            }
            None => continue,
        };
        diagnostics.push(with_rule(rules, d.at(file, item.range.clone()), list));
    }
    let missing: Vec<&str> = (0..list.items.len())
        .filter(|i| !seen.contains(i))
        .filter_map(|i| list.items[i].first().map(String::as_str))
        .collect();
    // A list with fewer than half the items is a choice of examples ("we
    // may refuse access where ..."), not a copy that lost some.
    let a_copy = seen.len() * 2 >= list.items.len();
    if list.complete && a_copy && !missing.is_empty() {
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
        diagnostics.push(with_rule(rules, d, list));
    }
    diagnostics
}

fn with_rule(rules: &Rules, d: Diagnostic, list: &CanonicalCopy) -> Diagnostic {
    let mut d = rules.cite(d, &list.rule);
    if let Some(file) = &list.trust_file {
        // The trust's own list, not the rule data's, is the one compared.
        d.detail_mut().rule_span = Some(crate::diagnostics::Span {
            file: std::sync::Arc::from(file.as_str()),
            range: 0..0,
        });
    }
    d.help(format!(
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
            trust_file: None,
            complete: true,
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

    /// What `compare` says of a page list, against the two deceased-records
    /// lists of the example data, as "message: found" lines.
    fn judged(items: &[&str]) -> Vec<String> {
        let list = |name: &str, items: &[&str]| CanonicalCopy {
            component: format!("list(\"{name}\")"),
            rule: RuleId::new(Section::Lists, name),
            items: items.iter().map(|i| vec![i.to_string()]).collect(),
            topics: vec![Topic::Deceased],
            trust_file: None,
            complete: true,
        };
        let canonical = CanonicalLists::new(vec![
            list(
                "who_may_apply_deceased",
                &[
                    "The personal representative, meaning the executor or administrator of the person's estate.",
                    "Anyone who may have a claim arising from the death.",
                ],
            ),
            list(
                "exceptions",
                &[
                    "Information that would be likely to cause serious harm to your physical or mental health, or to someone else's.",
                    "Information about another person who could be identified, or that they gave us, unless they agree or it is reasonable to share it anyway.",
                    "If someone else asks for you, information you gave expecting it to stay private, or that you said must not be shared with them.",
                    "Legal advice and other information covered by legal professional privilege.",
                    "Information whose release would be likely to harm the prevention or detection of crime.",
                ],
            ),
            list(
                "who_may_apply",
                &[
                    "You, for your own records.",
                    "An attorney under a registered lasting power of attorney.",
                    "A deputy appointed by the Court of Protection.",
                ],
            ),
        ]);
        let items: Vec<PageItem> = items
            .iter()
            .enumerate()
            .map(|(i, text)| PageItem {
                text: text.to_string(),
                range: i..i + 1,
            })
            .collect();
        compare(
            &Rules::default(),
            &canonical,
            &[Topic::Deceased],
            "page.md",
            &items,
        )
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d.message,
                d.detail().found.as_deref().unwrap_or("")
            )
        })
        .collect()
    }

    #[test]
    fn a_copy_in_other_words_says_the_same_thing() {
        assert!(judged(&[
            "The patient's personal representative (the executor of the will or the administrator of the estate)",
            "Any person who may have a claim arising out of the patient's death",
        ])
        .is_empty());
        // Order, case and punctuation do not matter.
        assert!(
            judged(&[
                "someone who has a claim arising from the death;",
                "the executors or administrators of the estate: the personal representative",
            ])
            .is_empty()
        );
    }

    #[test]
    fn a_copy_that_adds_drops_or_changes_an_item_is_reported_item_by_item() {
        assert_eq!(
            judged(&[
                "The personal representative (the executor or administrator of the estate)",
                "Anyone with a claim arising from the death",
                "The next of kin",
            ]),
            ["this item is not in the canonical list: The next of kin"]
        );
        assert_eq!(
            judged(&[
                "Information that would be likely to cause serious harm to your physical or mental health",
                "Information about another person, even if they agree",
                "Legal advice covered by legal professional privilege",
            ]),
            [
                "this item differs from the canonical list: Information about another person, even if they agree",
                "this list leaves out 2 item(s) of the canonical list: ",
            ]
        );
    }

    #[test]
    fn ordinary_lists_that_share_a_word_or_two_with_a_canonical_one_are_not_copies() {
        // Word stems make "appointment" meet "appointed": two shared words of
        // a four-word item are a coincidence, not a copy.
        assert!(
            judged(&[
                "The private appointment the protects record.",
                "The simple nurse the protects appointment patient short written.",
                "The full report the sends recent letter appointment.",
            ])
            .is_empty()
        );
    }

    #[test]
    fn a_few_examples_and_a_note_in_the_list_are_not_a_broken_copy() {
        // Two of five grounds, in the page's own words: examples, not a copy
        // that lost three.
        assert!(judged(&[
            "where sharing it would reveal information about another person who could be identified, unless that person has agreed",
            "where someone else applies for the records, if the patient said the information should not be shared",
        ])
        .is_empty());
        // A note of several sentences that sits in the list is not an entry.
        assert!(
            judged(&[
                "The personal representative (the executor or administrator of the estate)",
                "Anyone who may have a claim arising from the death",
                "We do not charge for this. See our policy for more.",
            ])
            .is_empty()
        );
    }
}
