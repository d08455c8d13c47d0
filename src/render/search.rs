//! Each trust's search, per language: a page that lists every page (for
//! readers without JavaScript) and an index that the theme's search script
//! ranks pages with. The index holds, for every word stem, the sections
//! that use it and how much (a title counts most, then a heading, then the
//! body), the words each stem was written as (so a query is matched on
//! whole words and their stems, never a fragment inside another word), and
//! the site's synonyms and ignored words (content/search.yaml).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use foldhash::HashMap;
use serde::Serialize;

use super::{PageLink, base_url, trust_page, trust_root};
use crate::diagnostics::Diagnostic;
use crate::model::{Lang, LanguageWords, Page, Site, Trust, for_each_search_word};
use crate::read::Heading;

use super::Theme;

/// How much one use of a word counts, by where it is.
const TITLE_WEIGHT: u16 = 10;
const HEADING_WEIGHT: u16 = 5;
const DESCRIPTION_WEIGHT: u16 = 3;
const BODY_WEIGHT: u16 = 1;

/// One page in a trust's search index: what a result shows, where it
/// links, and the words of each section.
#[derive(Debug, Clone)]
pub(crate) struct SearchEntry {
    /// The page title.
    pub(crate) title: String,
    /// The page's description.
    pub(crate) description: String,
    /// The page's address.
    pub(crate) url: String,
    /// The top of the page (before its first section), then each section
    /// a `##` or `###` heading starts.
    sections: Vec<Arc<SearchSection>>,
    /// A fingerprint of all of the above, taken once: every rebuild tells
    /// by the entries whether a trust's search files must be made again.
    fingerprint: u64,
}

impl std::hash::Hash for SearchEntry {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.fingerprint.hash(state);
    }
}

/// One section of a page, as the index sees it.
#[derive(Debug)]
struct SearchSection {
    /// The fingerprint of what the section was read from (its HTML,
    /// heading, and for the top of a page its title and description): it
    /// stands for the section in its page's fingerprint, so the words need
    /// not be hashed again.
    key: u64,
    /// Its heading; empty for the top of the page.
    heading: String,
    /// The heading's anchor; empty for the top of the page.
    anchor: String,
    /// Each word the section uses, once, in the order it first appears,
    /// one space apart: one string rather than a string per word, since
    /// every page of a site is held until the search files are made.
    words: String,
    /// Each word's weight, in the same order.
    weights: Vec<u16>,
}

impl std::hash::Hash for SearchSection {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl SearchSection {
    fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words
            .split(' ')
            .zip(self.weights.iter().map(|w| u32::from(*w)))
    }
}

/// Sections already read in a run, by a fingerprint of what they are made
/// from. A shared page's sections read the same for most of its trusts
/// (only those showing a trust's own details differ), so each is read
/// once and its words are held once.
#[derive(Default)]
pub(crate) struct SectionCache(Mutex<HashMap<u64, Arc<SearchSection>>>);

impl SectionCache {
    fn get_or_read(&self, key: u64, read: impl FnOnce() -> SearchSection) -> Arc<SearchSection> {
        if let Some(found) = self.0.lock().ok().and_then(|map| map.get(&key).cloned()) {
            return found;
        }
        let section = Arc::new(read());
        if let Ok(mut map) = self.0.lock() {
            map.insert(key, section.clone());
        }
        section
    }
}

/// A page's entry in its trust's search index, from its rendered body;
/// without a cache of sections, its title and address only (for a run that
/// writes nothing, so needs no index of words).
pub(crate) fn search_entry(
    site: &Site,
    page: &Page,
    trust: &str,
    rendered: (&str, &[Heading]),
    cache: Option<&SectionCache>,
) -> SearchEntry {
    let title = page.front.title.clone();
    let description = page.front.description.clone();
    let url = format!(
        "{}{}{}/",
        base_url(site),
        trust_root(trust, page.lang),
        page.slug
    );
    let sections = cache.map_or_else(Vec::new, |cache| {
        read_sections(rendered, (&title, &description), cache)
    });
    SearchEntry {
        fingerprint: crate::fingerprint::fingerprint(&(&title, &description, &url, &sections)),
        title,
        description,
        url,
        sections,
    }
}

/// The words of each section of a page's body, each read once however
/// many trusts show it.
fn read_sections(
    rendered: (&str, &[Heading]),
    top: (&str, &str),
    cache: &SectionCache,
) -> Vec<Arc<SearchSection>> {
    let (body, headings) = rendered;
    let mut bag = WordBag::default();
    section_spans(body, headings)
        .into_iter()
        .enumerate()
        .map(|(index, (heading, html))| {
            // The top of the page counts the title and description too.
            let (title, description) = if index == 0 { top } else { ("", "") };
            let (heading_text, anchor) =
                heading.map_or(("", ""), |h| (h.text.as_str(), h.id.as_str()));
            let key =
                crate::fingerprint::fingerprint(&(title, description, heading_text, anchor, html));
            cache.get_or_read(key, || {
                bag.add(title, TITLE_WEIGHT);
                bag.add(description, DESCRIPTION_WEIGHT);
                bag.add(heading_text, HEADING_WEIGHT);
                add_html_text(&mut bag, html);
                let (words, weights) = bag.take();
                SearchSection {
                    key,
                    heading: heading_text.to_string(),
                    anchor: anchor.to_string(),
                    words,
                    weights,
                }
            })
        })
        .collect()
}

/// Words, each once in the order first seen, with their summed weights;
/// emptied by [`WordBag::take`] and used again for the next section.
#[derive(Default)]
struct WordBag {
    words: String,
    weights: Vec<u16>,
    /// Where each word (by its hash) is in `weights`.
    seen: HashMap<u64, usize>,
}

impl WordBag {
    fn add(&mut self, text: &str, weight: u16) {
        for_each_search_word(text, |word| {
            // Two words with one hash would merge: at 64 bits, never in
            // the few hundred words of a section.
            let key = crate::fingerprint::fingerprint(word);
            match self.seen.get(&key) {
                Some(at) => self.weights[*at] = self.weights[*at].saturating_add(weight),
                None => {
                    self.seen.insert(key, self.weights.len());
                    if !self.words.is_empty() {
                        self.words.push(' ');
                    }
                    self.words.push_str(word);
                    self.weights.push(weight);
                }
            }
        });
    }

    /// The section's words and weights, in lists of their exact size (a
    /// site's sections are all held until its indexes are written; grown
    /// lists carry up to twice their length), leaving the bag's own lists
    /// to grow once and serve every section.
    fn take(&mut self) -> (String, Vec<u16>) {
        self.seen.clear();
        let taken = (self.words.clone(), self.weights.clone());
        self.words.clear();
        self.weights.clear();
        taken
    }
}

/// The body's HTML split at its `##` and `###` headings: the top of the
/// page first (no heading), then each section's heading and HTML, without
/// the heading's own. Deeper headings stay in their section.
fn section_spans<'a>(
    body: &'a str,
    headings: &'a [Heading],
) -> Vec<(Option<&'a Heading>, &'a str)> {
    let mut sections = Vec::new();
    let (mut current, mut start) = (None, 0);
    let mut at = 0;
    // Tag by tag, so that a `<` inside an attribute's value is never taken
    // for the start of a tag. The HTML is the sanitiser's or the theme's,
    // so tags are well formed and lower case.
    while let Some(open) = body[at..].find('<').map(|i| at + i) {
        let tag_len = tag_end(&body[open + 1..]);
        let tag = &body[open + 1..open + 1 + tag_len];
        at = (open + 2 + tag_len).min(body.len());
        if !(tag.starts_with("h2") || tag.starts_with("h3")) {
            continue;
        }
        let Some(heading) = attribute(tag, "id")
            .and_then(|id| headings.iter().find(|h| h.id == id && h.level <= 3))
        else {
            continue;
        };
        sections.push((current, &body[start..open]));
        let end = body[at..]
            .find(&format!("</{}", &tag[..2]))
            .map_or(body.len(), |i| at + i);
        (current, start, at) = (Some(heading), end, end);
    }
    sections.push((current, &body[start..]));
    sections
}

/// Adds the words of HTML's text (what is between its tags, character
/// references being word breaks) to the bag as body text.
fn add_html_text(bag: &mut WordBag, html: &str) {
    let mut rest = html;
    while !rest.is_empty() {
        let open = rest.find('<').unwrap_or(rest.len());
        add_text(bag, &rest[..open]);
        rest = &rest[open..];
        if rest.is_empty() {
            break;
        }
        let close = tag_end(&rest[1..]);
        let name: &str = rest[1..]
            .split(|c: char| !c.is_ascii_alphanumeric())
            .next()
            .unwrap_or("");
        rest = rest.get(close + 2..).unwrap_or("");
        if matches!(name, "script" | "style" | "template") {
            let skip = rest.find(&format!("</{name}")).unwrap_or(rest.len());
            rest = &rest[skip..];
        }
    }
}

/// Adds text from between tags; a character reference (`&amp;`, `&#39;`)
/// breaks words like the punctuation it stands for.
fn add_text(bag: &mut WordBag, text: &str) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        bag.add(&rest[..amp], BODY_WEIGHT);
        let after = &rest[amp + 1..];
        let skip = after
            .find(';')
            .filter(|e| {
                *e <= 10
                    && after[..*e]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '#')
            })
            .map_or(0, |e| e + 1);
        rest = &after[skip..];
    }
    bag.add(rest, BODY_WEIGHT);
}

/// Where a tag's text (after its `<`) ends: at the first `>` outside quotes.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    tag.len()
}

/// The value of a tag's attribute, as the renderer quotes it.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The number [`Stems::of`] gives a word a query leaves out.
const IGNORED: u32 = u32::MAX;

/// Word stems of one language, each numbered once. English words are
/// stemmed by the Snowball (Porter 2) stemmer, so "fees" finds "fee" and
/// "charged" "charges"; Welsh has no stemmer, so its words are matched
/// whole.
struct Stems {
    stemmer: Option<rust_stemmers::Stemmer>,
    /// Each word seen, with its stem's number.
    words: HashMap<String, u32>,
    /// Each stem, by number.
    names: Vec<String>,
    numbers: HashMap<String, u32>,
}

impl Stems {
    fn new(lang: Lang) -> Stems {
        let stemmer = match lang {
            Lang::En => Some(rust_stemmers::Stemmer::create(
                rust_stemmers::Algorithm::English,
            )),
            Lang::Cy => None,
        };
        Stems {
            stemmer,
            words: HashMap::default(),
            names: Vec::new(),
            numbers: HashMap::default(),
        }
    }

    /// The number of a word's stem.
    fn of(&mut self, word: &str) -> u32 {
        if let Some(number) = self.words.get(word) {
            return *number;
        }
        let stem = match &self.stemmer {
            Some(stemmer) => stemmer.stem(word),
            None => std::borrow::Cow::Borrowed(word),
        };
        let number = match self.numbers.get(stem.as_ref()) {
            Some(number) => *number,
            None => {
                let number = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
                self.numbers.insert(stem.to_string(), number);
                self.names.push(stem.into_owned());
                number
            }
        };
        self.words.insert(word.to_string(), number);
        number
    }

    fn name(&self, number: u32) -> &str {
        self.names.get(number as usize).map_or("", String::as_str)
    }

    /// The words seen, by stem, for each stem some word differs from. A
    /// stem that is a word too ("record") is listed among its words.
    fn forms(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut forms: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (word, number) in self.words.iter().filter(|(_, n)| **n != IGNORED) {
            let stem = self.name(*number);
            if word != stem {
                forms.entry(stem).or_default().push(word);
            }
        }
        for (stem, words) in &mut forms {
            if self.words.get(*stem).is_some_and(|n| *n != IGNORED) {
                words.push(stem);
            }
            words.sort_unstable();
        }
        forms
    }
}

/// A trust's search index in one language, as the search script reads it.
#[derive(Serialize)]
struct SearchIndex<'a> {
    /// The index's language, which says how the script reads a query.
    lang: &'a str,
    /// Each page: title, address and description.
    pages: Vec<(&'a str, &'a str, &'a str)>,
    /// Each section: its page, heading and anchor.
    sections: Vec<(usize, &'a str, &'a str)>,
    /// Each word stem: pairs of section number and weight, flattened.
    terms: BTreeMap<&'a str, &'a [u32]>,
    /// The words each stem was written as, where that is not the stem.
    forms: BTreeMap<&'a str, Vec<&'a str>>,
    /// Groups of synonyms: each member is the stems of a word or phrase.
    groups: Vec<Vec<Vec<&'a str>>>,
    /// Words a query leaves out.
    ignore: &'a [String],
}

/// The search index of one trust's pages in one language, as JSON.
fn search_index(lang: Lang, pages: &[&SearchEntry], words: Option<&LanguageWords>) -> String {
    let none = LanguageWords::default();
    let words = words.unwrap_or(&none);
    let mut stems = Stems::new(lang);
    for word in &words.ignore {
        stems.words.insert(word.clone(), IGNORED);
    }
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut sections = Vec::new();
    let mut weights: Vec<(u32, u32)> = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        for section in &page.sections {
            let at = u32::try_from(sections.len()).unwrap_or(u32::MAX);
            sections.push((number, section.heading.as_str(), section.anchor.as_str()));
            weights.clear();
            for (word, weight) in section.words() {
                let stem = stems.of(word);
                if stem != IGNORED {
                    weights.push((stem, weight));
                }
            }
            // Words with one stem ("fee", "fees") add up.
            weights.sort_unstable();
            let mut merged = weights.iter().copied().peekable();
            while let Some((stem, mut weight)) = merged.next() {
                while let Some((_, more)) = merged.next_if(|(next, _)| *next == stem) {
                    weight += more;
                }
                let stem = stem as usize;
                if postings.len() <= stem {
                    postings.resize_with(stem + 1, Vec::new);
                }
                postings[stem].extend([at, weight]);
            }
        }
    }
    let groups: Vec<Vec<Vec<u32>>> = words
        .synonyms
        .iter()
        .map(|group| {
            group
                .iter()
                .filter_map(|phrase| {
                    let member: Vec<u32> = phrase
                        .split(' ')
                        .map(|w| stems.of(w))
                        .filter(|stem| *stem != IGNORED)
                        .collect();
                    // A phrase left with one word by the ignored words
                    // ("am ddim" without "am") would find that word alone.
                    let whole = member.len() > 1 || !phrase.contains(' ');
                    (whole && !member.is_empty()).then_some(member)
                })
                .collect()
        })
        .collect();
    let index = SearchIndex {
        lang: lang.as_str(),
        pages: pages
            .iter()
            .map(|p| (p.title.as_str(), p.url.as_str(), p.description.as_str()))
            .collect(),
        sections,
        terms: postings
            .iter()
            .enumerate()
            .filter(|(_, list)| !list.is_empty())
            .map(|(stem, list)| (stems.name(stem as u32), list.as_slice()))
            .collect(),
        forms: stems.forms(),
        groups: groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|member| member.iter().map(|s| stems.name(*s)).collect())
                    .collect()
            })
            .collect(),
        ignore: &words.ignore,
    };
    // `<`, `>` and `&` are escaped too, so the index stays inert even if a
    // host serves it as HTML.
    serde_json::to_string(&index)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Each trust's search page (which lists every page, for readers without
/// JavaScript) and its search index, read by the theme's search script.
pub(crate) fn search_files(
    site: &Site,
    theme: &Theme,
    trust: &Trust,
    lang: Lang,
    pages: &[&SearchEntry],
) -> Result<Vec<(String, String)>, Diagnostic> {
    let root = trust_root(&trust.id, lang);
    let mut pages = pages.to_vec();
    pages.sort_by(|a, b| a.title.cmp(&b.title).then_with(|| a.url.cmp(&b.url)));
    let index = search_index(lang, &pages, site.search_words.of(lang));
    let links: Vec<PageLink> = pages
        .iter()
        .map(|p| PageLink {
            title: &p.title,
            description: &p.description,
            url: p.url.clone(),
        })
        .collect();
    let mut context = trust_page(site, theme, trust, lang, "search/")?;
    context.insert("pages", &links);
    context.insert(
        "index_url",
        &format!("{}{root}search-index.json", base_url(site)),
    );
    let html = theme
        .render_page("search.html", &context)
        .map_err(|d| d.for_trust(&trust.id))?;
    Ok(vec![
        (format!("{root}search/index.html"), html),
        (format!("{root}search-index.json"), index),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heading(level: u8, id: &str, text: &str) -> Heading {
        Heading {
            level,
            id: id.to_string(),
            text: text.to_string(),
        }
    }

    #[test]
    fn a_body_splits_at_its_section_headings() {
        let body = "<p>Intro &amp; more&#39;s</p><h2 id=\"fees\">Fees <em>now</em></h2><p>It is free.</p>\
                    <h4 id=\"x\">Detail</h4><p title=\"a>b\">Copies</p><hr><h3 id=\"late\">Late</h3><p>Died</p>";
        let headings = [
            heading(2, "fees", "Fees now"),
            heading(4, "x", "Detail"),
            heading(3, "late", "Late"),
        ];
        let read: Vec<(&str, String)> = section_spans(body, &headings)
            .into_iter()
            .map(|(heading, html)| {
                let mut bag = WordBag::default();
                add_html_text(&mut bag, html);
                (heading.map_or("", |h| h.id.as_str()), bag.take().0)
            })
            .collect();
        assert_eq!(
            read,
            [
                ("", "intro more".to_string()),
                ("fees", "it is free detail copies".to_string()),
                ("late", "died".to_string()),
            ]
        );
    }

    #[test]
    fn a_heading_inside_an_attribute_is_not_a_heading() {
        let body = "<p><a title=\"<h3 class='\">x</a></p><h2 id=\"fees\">Fees</h2><p>Free</p>";
        let headings = [heading(2, "fees", "Fees")];
        let spans = section_spans(body, &headings);
        assert_eq!(spans.len(), 2, "{spans:?}");
        assert_eq!(spans[1].0.map(|h| h.id.as_str()), Some("fees"));
        assert!(spans[1].1.contains("Free"));
    }

    #[test]
    fn a_word_used_again_adds_its_weight() {
        let mut bag = WordBag::default();
        bag.add("Fees and fees", TITLE_WEIGHT);
        bag.add("fees", BODY_WEIGHT);
        assert_eq!(bag.take(), ("fees and".to_string(), vec![21, 10]));
        assert_eq!(bag.take(), (String::new(), vec![]));
    }
}
