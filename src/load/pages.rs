//! Markdown pages: the front-matter splitter, slugs, and which trusts get
//! which page (a trust's own page with the same slug replaces a shared one).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::sync::Arc;

use super::yaml::YamlText;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::keywords::did_you_mean;
use crate::model::{FrontMatter, Lang, Nation, Page, PageOwner, Trust, TrustId, nation_list};

/// Where the front matter and the body of a page are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatterSplit {
    /// Byte range of the YAML between the `---` lines.
    pub(crate) yaml: Range<usize>,
    /// Byte offset where the markdown body starts.
    pub(crate) body_start: usize,
}

/// Why a page's front matter could not be found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum FrontMatterProblem {
    /// The file does not start with a `---` line.
    Missing,
    /// A `---` line opens the front matter at this range, but none closes it.
    Unclosed(Range<usize>),
}

/// Finds the front matter: a first line of `---` (after an optional
/// byte-order mark), YAML, then a line of `---`. CRLF endings are fine.
pub(crate) fn split_front_matter(text: &str) -> Result<FrontMatterSplit, FrontMatterProblem> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = line_ranges(text, start);
    let Some(first) = lines.next() else {
        return Err(FrontMatterProblem::Missing);
    };
    if text[first.clone()].trim_end() != "---" {
        return Err(FrontMatterProblem::Missing);
    }
    let yaml_start = first.end;
    for line in lines {
        if text[line.clone()].trim_end() == "---" {
            let body_start = skip_newline(text, line.end);
            return Ok(FrontMatterSplit {
                yaml: next_line_start(text, yaml_start)..line.start,
                body_start,
            });
        }
    }
    Err(FrontMatterProblem::Unclosed(start..start + 3))
}

/// The ranges of each line from `start`, without line endings.
fn line_ranges(text: &str, start: usize) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = start;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        let range = at..end;
        at = end + 1;
        Some(range)
    })
}

fn next_line_start(text: &str, line_end: usize) -> usize {
    skip_newline(text, line_end)
}

fn skip_newline(text: &str, at: usize) -> usize {
    if text[at..].starts_with('\n') {
        at + 1
    } else {
        at
    }
}

/// Whether a slug or trust id is safe in a web address: lowercase letters,
/// digits and hyphens, in `/`-separated segments, never `..`.
pub(crate) fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('/').all(|segment| {
            !segment.is_empty()
                && segment
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// A page read from disk, before deciding which trusts get it.
#[derive(Clone)]
pub(super) struct LoadedPage {
    source: Arc<SourceFile>,
    allow_ranges: Vec<Range<usize>>,
    front: Arc<FrontMatter>,
    body_start: usize,
    slug: String,
    slug_range: Range<usize>,
    /// Whether `slug:` is written in the front matter, not taken from the
    /// file name.
    slug_written: bool,
    /// The file name without `.md` (and `.cy`), which pairs a translation
    /// with its page.
    stem: String,
    owner: PageOwner,
    lang: Lang,
}

/// Pages: markdown files, beside a trust's trust.yaml.
const PAGES: super::FileKind = super::FileKind {
    extensions: &["md"],
    what: "a page",
    expected: &["trust.yaml"],
};

/// Reads every page, shared and trust-only, and decides which trusts get each.
pub(super) fn load(loader: &mut super::Loader, trusts: &BTreeMap<TrustId, Trust>) -> Vec<Page> {
    let content = loader.root.join("content");
    let mut folders = vec![(content.join("pages"), PageOwner::Shared)];
    folders.extend(trusts.keys().map(|id| {
        (
            content.join("trusts").join(id.as_str()),
            PageOwner::Trust(id.clone()),
        )
    }));
    let mut files = PageFiles::default();
    for (index, (folder, _)) in folders.iter().enumerate() {
        let paths = loader.files_under(folder, &PAGES);
        files
            .folder_of
            .extend(std::iter::repeat_n(index, paths.len()));
        files.paths.extend(paths);
    }
    let loaded = read_pages(loader, &folders, files);
    assign_trusts(loaded, trusts, loader.diagnostics)
}

/// The page files found, each with the index of the folder (and so the
/// owner) it is in. A page's slug and owner are only worked out when its
/// file is parsed: in the preview server nearly every page is reused.
#[derive(Default)]
struct PageFiles {
    paths: Vec<PathBuf>,
    folder_of: Vec<usize>,
}

/// One page file as read in this run.
struct ReadPage {
    source: Arc<SourceFile>,
    page: Option<LoadedPage>,
    problems: Vec<Diagnostic>,
    /// Parsed now, rather than reused from the cache.
    fresh: bool,
}

/// Reads pages' front matter, in parallel, reusing the last reading of
/// any file that has not changed.
fn read_pages(
    loader: &mut super::Loader,
    folders: &[(PathBuf, PageOwner)],
    files: PageFiles,
) -> Vec<LoadedPage> {
    let PageFiles { paths, folder_of } = files;
    let sources = loader.read_sources(&paths);
    let cache = &loader.cache.pages;
    let parsed: Vec<Option<ReadPage>> = paths
        .par_iter()
        .zip(folder_of)
        .zip(sources)
        .map(|((path, folder), source)| {
            let source = source?;
            if let Some(cached) = cache
                .get(path.as_os_str())
                .filter(|c| Arc::ptr_eq(&c.file, &source))
            {
                return Some(ReadPage {
                    source,
                    page: cached.page.clone(),
                    problems: cached.problems.clone(),
                    fresh: false,
                });
            }
            let (dir, owner) = folders.get(folder)?;
            let mut problems = Vec::new();
            let slug = default_slug(dir, path);
            let page = parse_page(source.clone(), slug, owner.clone(), &mut problems);
            Some(ReadPage {
                source,
                page,
                problems,
                fresh: true,
            })
        })
        .collect();
    let mut loaded = Vec::new();
    for (path, result) in paths.into_iter().zip(parsed) {
        let Some(read) = result else { continue };
        loader.diagnostics.extend(read.problems.clone());
        if read.fresh {
            let cached = super::CachedPage {
                file: read.source,
                page: read.page.clone(),
                problems: read.problems,
            };
            loader.cache.pages.insert(path.into_os_string(), cached);
        }
        loaded.extend(read.page);
    }
    loaded
}

/// The slug from the file's path under its folder, without `.md`.
fn default_slug(dir: &Path, path: &Path) -> String {
    crate::diagnostics::relative_path(dir, &path.with_extension(""))
}

fn parse_page(
    source: Arc<SourceFile>,
    default_slug: String,
    owner: PageOwner,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<LoadedPage> {
    let split = match split_front_matter(&source.text) {
        Ok(split) => split,
        Err(problem) => {
            diagnostics.push(front_matter_diagnostic(&source, problem));
            return None;
        }
    };
    let yaml = YamlText {
        file: &source,
        start: split.yaml.start,
        end: split.yaml.end,
    };
    let plain = source
        .text
        .get(split.yaml.clone())
        .and_then(super::front_matter::read_plain);
    let front: FrontMatter = match plain {
        Some(front) => front,
        None => read_front_matter(&yaml, diagnostics)?,
    };
    for word in &front.topics.unknown {
        diagnostics.push(
            Diagnostic::new(
                Code::TopicUnknown,
                format!("unknown topic `{}`", word.value),
            )
            .at(&source.path, yaml.range_of(word))
            .help(topic_help(&word.value)),
        );
    }
    // `your-records.cy.md` is the Welsh of `your-records.md`, at the same
    // address under the trust's Welsh folder.
    let (default_slug, lang) = match default_slug.strip_suffix(".cy") {
        Some(slug) => (slug.to_string(), Lang::Cy),
        None => (default_slug, Lang::En),
    };
    let stem = default_slug.clone();
    let (slug, slug_range) = match &front.slug {
        Some(slug) => (slug.value.clone(), yaml.range_of(slug)),
        None => (default_slug, 0..0),
    };
    if !is_valid_slug(&slug) {
        let suggestion = crate::model::slugify(&slug.replace("..", ""));
        diagnostics.push(
            Diagnostic::new(Code::SlugInvalid, format!("`{slug}` cannot be used as a web address"))
                .at(&source.path, slug_range)
                .help(format!(
                    "use lowercase letters, digits and hyphens only, for example `{suggestion}` (rename the file, or set `slug:`)"
                )),
        );
        return None;
    }
    for allow in &front.allow {
        if allow.reason.trim().is_empty() {
            diagnostics.push(
                Diagnostic::new(Code::DataMissingField, "an `allow` entry needs a reason")
                    .at(&source.path, yaml.range_of(&allow.text))
                    .help("say why this statement is right on this page, for the reviewer"),
            );
        }
    }
    let allow_ranges = front.allow.iter().map(|a| yaml.range_of(&a.text)).collect();
    Some(LoadedPage {
        allow_ranges,
        body_start: split.body_start,
        source: source.clone(),
        slug_written: front.slug.is_some(),
        front: Arc::new(front),
        slug,
        slug_range,
        stem,
        owner,
        lang,
    })
}

/// What to write instead of a word that names no topic: the close one if
/// it looks like a typing slip, else every topic with what it covers, since
/// a made-up topic ("privacy", "fees") is usually a guess at one of them.
fn topic_help(word: &str) -> String {
    use crate::model::Topic;
    if let Some(close) = crate::model::keywords::did_you_mean(word, Topic::WORDS.iter().copied()) {
        return format!(
            "did you mean `{close}`? The page is checked without this topic until it is fixed"
        );
    }
    format!(
        "use the topics whose rules the page talks about: {}; the page is checked without this one until it is fixed",
        Topic::ALL
            .iter()
            .map(|t| format!("`{}` ({})", t.as_str(), t.covers()))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn front_matter_diagnostic(source: &SourceFile, problem: FrontMatterProblem) -> Diagnostic {
    match problem {
        FrontMatterProblem::Missing => Diagnostic::new(Code::FrontMatterMissing, "this page has no front matter")
            .at(&source.path, 0..source.text.chars().next().map_or(0, char::len_utf8))
            .help("start the page with a `---` line, then `title:`, `description:` and `topics:`, then another `---` line"),
        FrontMatterProblem::Unclosed(range) => Diagnostic::new(Code::FrontMatterMissing, "the front matter starts here but never ends")
            .at(&source.path, range)
            .help("add a line with only `---` after the last front matter line"),
    }
}

/// Decides which trusts get each page: a trust-only page goes to its trust
/// and replaces a shared page with the same slug there.
fn assign_trusts(
    loaded: Vec<LoadedPage>,
    trusts: &BTreeMap<TrustId, Trust>,
    diagnostics: &mut Diagnostics,
) -> Vec<Page> {
    let loaded = slugs_of_translations(loaded);
    report_duplicate_slugs(&loaded, diagnostics);
    // For each slug, the trusts with a page of their own at that slug.
    let mut overridden: foldhash::HashMap<(String, Lang), foldhash::HashSet<TrustId>> =
        foldhash::HashMap::default();
    for page in &loaded {
        if let PageOwner::Trust(id) = &page.owner {
            overridden
                .entry((page.slug.clone(), page.lang))
                .or_default()
                .insert(id.clone());
        }
    }
    let mut pages: Vec<Page> = loaded
        .into_iter()
        .map(|page| {
            let chosen = match &page.owner {
                PageOwner::Trust(id) => vec![id.clone()],
                PageOwner::Shared => shared_page_trusts(&page, trusts, diagnostics),
            };
            let chosen = limit_to_nations(&page, chosen, trusts, diagnostics);
            let chosen = limit_to_languages(&page, chosen, trusts, diagnostics);
            let own = |lang: Lang, t: &TrustId| {
                overridden
                    .get(&(page.slug.clone(), lang))
                    .is_some_and(|ids| ids.contains(t))
            };
            // A trust with its own page at this address gets none of the
            // shared page's versions: the shared Welsh is not the Welsh of
            // the trust's own English.
            let trusts = chosen
                .into_iter()
                .filter(|t| {
                    page.owner != PageOwner::Shared || !(own(page.lang, t) || own(Lang::En, t))
                })
                .collect();
            Page {
                source: page.source,
                front: page.front,
                body_start: page.body_start,
                slug: page.slug,
                owner: page.owner,
                lang: page.lang,
                trusts,
                allow_ranges: page.allow_ranges,
            }
        })
        .collect();
    pages.sort_by(|a, b| a.source.path.cmp(&b.source.path));
    pages
}

/// The trusts a shared page is for: all of them, or those in `trusts:`.
fn shared_page_trusts(
    page: &LoadedPage,
    trusts: &BTreeMap<TrustId, Trust>,
    diagnostics: &mut Diagnostics,
) -> Vec<TrustId> {
    let Some(listed) = &page.front.trusts else {
        return trusts.keys().cloned().collect();
    };
    let yaml = front_yaml(page);
    let mut chosen = Vec::new();
    for id in listed {
        if let Some((trust, _)) = trusts.get_key_value(id.value.as_str()) {
            chosen.push(trust.clone());
            continue;
        }
        let mut d = Diagnostic::new(
            Code::TrustUnknown,
            format!("there is no trust `{}`", id.value),
        )
        .at(&page.source.path, yaml.range_of(id));
        d = match did_you_mean(&id.value, trusts.keys().map(TrustId::as_str)) {
            Some(close) => d.help(format!("did you mean `{close}`?")),
            None => d.help(format!(
                "the trusts are the folders in content/trusts: {}",
                trusts
                    .keys()
                    .map(TrustId::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        };
        diagnostics.push(d);
    }
    chosen
}

/// A translation without a `slug:` of its own is at its page's address:
/// `your-records.cy.md` goes where `your-records.md` goes, even when that
/// page sets `slug: records`.
fn slugs_of_translations(mut loaded: Vec<LoadedPage>) -> Vec<LoadedPage> {
    let english: BTreeMap<(PageOwner, String), String> = loaded
        .iter()
        .filter(|p| p.lang == Lang::En)
        .map(|p| ((p.owner.clone(), p.stem.clone()), p.slug.clone()))
        .collect();
    for page in loaded
        .iter_mut()
        .filter(|p| p.lang != Lang::En && !p.slug_written)
    {
        if let Some(slug) = english.get(&(page.owner.clone(), page.stem.clone())) {
            page.slug = slug.clone();
        }
    }
    loaded
}

/// The front matter of a page, for pointing at its values.
fn front_yaml(page: &LoadedPage) -> YamlText<'_> {
    let split = split_front_matter(&page.source.text).ok();
    YamlText {
        file: &page.source,
        start: split.map_or(0, |s| s.yaml.start),
        end: page.body_start,
    }
}

/// The trusts a page limited with `nations:` keeps. A shared page simply
/// leaves out the other nations' trusts; a trust it names in `trusts:`, or
/// the trust whose own page it is, left out by `nations:` is a mistake in
/// one of the two lists.
fn limit_to_nations(
    page: &LoadedPage,
    chosen: Vec<TrustId>,
    trusts: &BTreeMap<TrustId, Trust>,
    diagnostics: &mut Diagnostics,
) -> Vec<TrustId> {
    let Some(nations) = &page.front.nations else {
        return chosen;
    };
    let (Some(first), Some(last)) = (nations.first(), nations.last()) else {
        diagnostics.push(
            Diagnostic::new(Code::PageNation, "`nations: []` leaves this page out for every trust")
                .in_file(&page.source.path)
                .help("name the nations the page is for, such as `nations: [england]`, or remove `nations:`"),
        );
        return Vec::new();
    };
    let yaml = front_yaml(page);
    let nations_range = yaml.range_of(first).start..yaml.range_of(last).end;
    let allowed: Vec<Nation> = nations.iter().map(|n| n.value).collect();
    let listed = |id: &TrustId| {
        page.front
            .trusts
            .iter()
            .flatten()
            .find(|t| t.value == id.as_str())
    };
    chosen
        .into_iter()
        .filter(|id| {
            let Some(trust) = trusts.get(id) else {
                return false;
            };
            if allowed.contains(&trust.nation) {
                return true;
            }
            let named = listed(id);
            if named.is_some() || page.owner != PageOwner::Shared {
                let range = named.map_or(nations_range.clone(), |t| yaml.range_of(t));
                diagnostics.push(
                    Diagnostic::new(
                        Code::PageNation,
                        format!(
                            "{} is in {}, but this page is only for {}",
                            trust.name,
                            trust.nation.name(),
                            nation_list(&allowed)
                        ),
                    )
                    .at(&page.source.path, range)
                    .help(format!(
                        "add `{}` to `nations:` if the page is right there, or leave the trust out",
                        trust.nation.as_str()
                    )),
                );
            }
            false
        })
        .collect()
}

/// The trusts that publish in the page's language. A shared translation
/// goes only to the trusts that publish in its language; a trust's own
/// translation in a language it does not publish in is a mistake.
fn limit_to_languages(
    page: &LoadedPage,
    chosen: Vec<TrustId>,
    trusts: &BTreeMap<TrustId, Trust>,
    diagnostics: &mut Diagnostics,
) -> Vec<TrustId> {
    if page.lang == Lang::En {
        return chosen;
    }
    chosen
        .into_iter()
        .filter(|id| {
            let Some(trust) = trusts.get(id) else {
                return false;
            };
            if trust.languages.contains(&page.lang) {
                return true;
            }
            if page.owner != PageOwner::Shared {
                diagnostics.push(
                    Diagnostic::new(
                        Code::PageLanguage,
                        format!(
                            "this page is in {}, but {} does not publish in it",
                            page.lang.own_name(),
                            trust.name
                        ),
                    )
                    .in_file(&page.source.path)
                    .help(format!(
                        "add `languages: [en, {}]` to {}, or remove the page",
                        page.lang.as_str(),
                        trust.file
                    )),
                );
            }
            false
        })
        .collect()
}

/// Two pages with the same owner and slug would be written to one address.
fn report_duplicate_slugs(loaded: &[LoadedPage], diagnostics: &mut Diagnostics) {
    let mut first_by_key: foldhash::HashMap<(&PageOwner, &str, Lang), &LoadedPage> =
        foldhash::HashMap::default();
    for page in loaded {
        let key = (&page.owner, page.slug.as_str(), page.lang);
        match first_by_key.get(&key) {
            Some(first) => diagnostics.push(
                Diagnostic::new(
                    Code::SlugDuplicate,
                    format!("another page already has the address `{}`", page.slug),
                )
                .at(&page.source.path, page.slug_range.clone())
                .note(format!("{} has the same slug", first.source.path))
                .help("give one of the pages a different `slug:` in its front matter"),
            ),
            None => {
                first_by_key.insert(key, page);
            }
        }
    }
}

/// Keys a page cannot do without: a slip in one leaves nothing to check
/// the page as.
const REQUIRED_KEYS: &[&str] = &["title", "description", "topics"];

/// How many slips in one front matter are set aside before giving up.
const SLIPS_SET_ASIDE: usize = 5;

/// Reads front matter with the YAML parser. A slip in a key the page can do
/// without (an unknown `author:`, a date written `20/11/2026`) is reported
/// at its place and the key set aside, so that the rest of the page is
/// still read and checked, as a page with a made-up topic is: an imported
/// page is not left unchecked for a line of front matter.
fn read_front_matter(yaml: &YamlText, diagnostics: &mut Vec<Diagnostic>) -> Option<FrontMatter> {
    let first = match yaml.parse::<FrontMatter>() {
        Ok(front) => return Some(front),
        Err(d) => d,
    };
    let mut file: SourceFile = (*yaml.file).clone();
    let mut set_aside: Vec<Diagnostic> = Vec::new();
    let mut problem = first;
    loop {
        let settable = matches!(problem.code, Code::DataUnknownKey | Code::DataInvalid)
            && set_aside.len() < SLIPS_SET_ASIDE;
        let block = problem
            .span
            .as_ref()
            .filter(|_| settable)
            .and_then(|s| key_block(&file.text, yaml.start..yaml.end, s.range.start))
            .filter(|(key, _)| !REQUIRED_KEYS.contains(&key.as_str()));
        let Some((_, range)) = block else {
            diagnostics.extend(set_aside);
            diagnostics.push(problem);
            return None;
        };
        set_aside.push(problem);
        file.text = blanked(std::mem::take(&mut file.text), range);
        let retry = YamlText {
            file: &file,
            start: yaml.start,
            end: yaml.end,
        };
        match retry.parse::<FrontMatter>() {
            Ok(front) => {
                diagnostics.extend(set_aside);
                return Some(front);
            }
            Err(d) => problem = d,
        }
    }
}

/// The top-level key of the front matter (in `yaml`) whose lines hold
/// `at`, and those lines.
fn key_block(text: &str, yaml: Range<usize>, at: usize) -> Option<(String, Range<usize>)> {
    let inside = text.get(yaml.clone())?;
    let at = at.checked_sub(yaml.start)?;
    let mut start = None;
    let mut offset = 0;
    for line in inside.split_inclusive('\n') {
        let top_level = line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if top_level {
            if offset > at {
                break;
            }
            start = Some(offset);
        }
        offset += line.len();
        if offset > at && start.is_none() {
            return None;
        }
    }
    let start = start?;
    // The block runs to the next top-level key, or the end.
    let rest = &inside[start..];
    let length = rest
        .split_inclusive('\n')
        .enumerate()
        .take_while(|(i, line)| {
            *i == 0 || !line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        })
        .map(|(_, line)| line.len())
        .sum::<usize>();
    let key = rest.split(':').next()?.trim().to_string();
    Some((key, yaml.start + start..yaml.start + start + length))
}

/// The text with `range` turned to spaces, line breaks kept, so that every
/// other place in the file is where it was.
fn blanked(text: String, range: Range<usize>) -> String {
    let mut bytes = text.into_bytes();
    if let Some(part) = bytes.get_mut(range) {
        for byte in part.iter_mut().filter(|b| !matches!(b, b'\n' | b'\r')) {
            *byte = b' ';
        }
    }
    // Every byte of each character in the range became a space, so this
    // is still UTF-8; lossy only so that nothing could ever panic here.
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_with_lf_and_crlf() {
        let text = "---\ntitle: A\n---\nBody";
        let split = split_front_matter(text).unwrap();
        assert_eq!(&text[split.yaml.clone()], "title: A\n");
        assert_eq!(&text[split.body_start..], "Body");
        let text = "---\r\ntitle: A\r\n---\r\nBody";
        let split = split_front_matter(text).unwrap();
        assert_eq!(&text[split.yaml], "title: A\r\n");
        assert_eq!(&text[split.body_start..], "Body");
    }

    #[test]
    fn reports_missing_and_unclosed_front_matter() {
        assert_eq!(
            split_front_matter("# Title"),
            Err(FrontMatterProblem::Missing)
        );
        assert_eq!(split_front_matter(""), Err(FrontMatterProblem::Missing));
        assert_eq!(
            split_front_matter("---\ntitle: A\n"),
            Err(FrontMatterProblem::Unclosed(0..3))
        );
    }

    #[test]
    fn slugs_are_safe_web_addresses() {
        assert!(is_valid_slug("your-records"));
        assert!(is_valid_slug("someone-else/child"));
        assert!(!is_valid_slug("../etc"));
        assert!(!is_valid_slug("/abs"));
        assert!(!is_valid_slug("Your Records"));
        assert_eq!(
            crate::model::slugify("Proof of Identity!"),
            "proof-of-identity"
        );
    }
}
