//! Stage one: read site.toml, the rule data, the trusts and the pages into a
//! typed, validated [`Site`]. Every problem becomes a located diagnostic and
//! loading carries on, so an author sees all of them at once.
//!
//! Not for: expressions in page bodies (that is `expand`).

mod config;
mod contact_details;
mod front_matter;
mod pages;
mod rules;
mod search_words;
mod trusts;
mod validate;
pub(crate) mod yaml;
mod yaml_mistakes;

use foldhash::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::relative_path;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::error::Error;
use crate::model::{Rules, Site};

pub(crate) use front_matter::read_plain as read_plain_front_matter;
pub(crate) use pages::split_front_matter;

/// Files read and pages parsed by earlier runs. A file whose size and
/// modification time have not changed is not read again, and its parsed
/// front matter is reused; the preview server keeps one of these between
/// rebuilds, and `verity build` starts with an empty one.
#[derive(Default)]
pub(crate) struct LoadCache {
    files: HashMap<PathKey, CachedFile>,
    pages: HashMap<PathKey, CachedPage>,
    /// Each trust.yaml as last parsed, with the file it was parsed from.
    trusts: HashMap<PathBuf, (Arc<SourceFile>, trusts::Parsed)>,
    /// The merged rules, by the fingerprint of every rules file.
    rules: Option<(u64, Arc<Rules>, Vec<Diagnostic>)>,
    /// Whether a file-system watcher reports every change (through
    /// [`LoadCache::forget`]), so that files it did not name need not even
    /// be looked at: at 10,000 pages, asking for each file's modification
    /// time takes longer than the rest of a one-page rebuild.
    watched: bool,
    /// In a watched site, the files found under each folder (and any
    /// problem walking it), until something under the folder changes.
    listings: HashMap<PathBuf, (Vec<PathBuf>, Vec<Diagnostic>)>,
}

impl LoadCache {
    /// A cache for a site whose changes a watcher reports: a cached file is
    /// reused, without looking at it, until its path is forgotten.
    pub(crate) fn watched() -> LoadCache {
        LoadCache {
            watched: true,
            ..LoadCache::default()
        }
    }

    /// Forgets what was read from these paths (files, or folders and all
    /// they hold), so they are read again even if a coarse file-system
    /// clock left their modification time unchanged.
    pub(crate) fn forget(&mut self, paths: &[PathBuf]) {
        for path in paths {
            if self.files.remove(path.as_os_str()).is_none() {
                self.files
                    .retain(|file, _| !Path::new(file).starts_with(path));
            }
            if self.pages.remove(path.as_os_str()).is_none() {
                self.pages
                    .retain(|file, _| !Path::new(file).starts_with(path));
            }
            self.trusts.retain(|file, _| !file.starts_with(path));
            // A file made, removed or renamed changes its folder's listing;
            // a folder renamed changes those of the folders around it.
            self.listings
                .retain(|dir, _| !path.starts_with(dir) && !dir.starts_with(path));
        }
    }
}

/// A file's path as a cache key: hashed and compared as bytes, which is
/// several times faster than a `Path`'s component by component, and every
/// rebuild looks up every file.
type PathKey = std::ffi::OsString;

/// A file's modification time and size: if both are unchanged, so is the file.
type FileStamp = (Option<SystemTime>, u64);

struct CachedFile {
    stamp: FileStamp,
    file: Option<Arc<SourceFile>>,
    problems: Vec<Diagnostic>,
}

/// A page's front matter as read from one version of its file.
struct CachedPage {
    file: Arc<SourceFile>,
    page: Option<pages::LoadedPage>,
    problems: Vec<Diagnostic>,
}

/// What every loading step needs: the site root, where problems go, and
/// what earlier runs already read.
pub(crate) struct Loader<'a> {
    root: PathBuf,
    diagnostics: &'a mut Diagnostics,
    cache: &'a mut LoadCache,
    /// Files read in this run, so the cache can forget deleted ones.
    seen: Vec<PathBuf>,
}

/// Loads the site at `root`. Problems in the author's files are added to
/// `diagnostics`; an `Err` means Verity could not run at all (no site.toml).
pub(crate) fn load(
    root: &Path,
    diagnostics: &mut Diagnostics,
    cache: &mut LoadCache,
) -> Result<Site, Error> {
    let root = root.canonicalize().map_err(|source| Error::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let mut loader = Loader {
        root: root.clone(),
        diagnostics,
        cache,
        seen: Vec::new(),
    };
    let (config, levels, config_fingerprint) = config::load(&mut loader)?;
    required_folders(&root, loader.diagnostics);
    content_strays(&root, loader.diagnostics);
    let rules = rules::load(&mut loader);
    let trusts = trusts::load(&mut loader);
    let pages = pages::load(&mut loader, &trusts);
    let search_words = search_words::load(&mut loader);
    if pages.is_empty() && root.join("content/trusts").is_dir() {
        loader.diagnostics.push(
            Diagnostic::new(
                Code::ContentMissing,
                "this site has no pages, so there is nothing to publish",
            )
            .in_file("content/pages/")
            .help(
                "add shared pages to content/pages/, or a trust's own pages beside its trust.yaml",
            ),
        );
    }
    // A watched site's cache forgets deleted files when the watcher names
    // them; otherwise whatever this run did not read is gone.
    if !loader.cache.watched {
        let seen: HashSet<PathKey> = loader.seen.drain(..).map(PathBuf::into_os_string).collect();
        loader.cache.files.retain(|path, _| seen.contains(path));
        loader.cache.pages.retain(|path, _| seen.contains(path));
    }
    let site = Site {
        pages_by_trust: Site::list_order(&pages),
        translated: Site::translations(&trusts, &pages),
        root,
        config,
        levels,
        rules,
        trusts,
        pages,
        config_fingerprint,
        search_words,
    };
    validate::check_references(&site, diagnostics);
    Ok(site)
}

/// The folders every site has: without them a build would publish an
/// empty site and say nothing was wrong.
fn required_folders(root: &Path, diagnostics: &mut Diagnostics) {
    let folders = [
        ("content/", "the site's rules, pages and trusts"),
        (
            "content/rules/",
            "the rule data that pages are checked against",
        ),
        (
            "content/trusts/",
            "one folder for each trust, with its trust.yaml",
        ),
    ];
    for (folder, holds) in folders {
        if !root.join(folder).is_dir() {
            diagnostics.push(
                Diagnostic::new(Code::ContentMissing, format!("the folder {folder} is missing: it holds {holds}"))
                    .in_file(folder)
                    .help("run Verity in the site's folder (the one with site.toml and content/), or start a site with `verity new`"),
            );
            // Inside a missing content/, the rest is missing too.
            if folder == "content/" {
                return;
            }
        }
    }
}

/// What content/ holds besides its three folders, which nothing reads: a
/// page put there directly, or a folder named `Pages`.
fn content_strays(root: &Path, diagnostics: &mut Diagnostics) {
    const FOLDERS: [&str; 3] = ["pages", "rules", "trusts"];
    let Ok(entries) = std::fs::read_dir(root.join("content")) else {
        return;
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !FOLDERS.contains(&name.as_str()) && !unseen(name))
        .filter(|name| Some(name.as_str()) != search_words::SEARCH_FILE.strip_prefix("content/"))
        .collect();
    names.sort();
    for name in names {
        let help = match FOLDERS.iter().find(|f| f.eq_ignore_ascii_case(&name)) {
            Some(folder) => format!("rename it to `{folder}`: folder names are lower case"),
            None => "pages go in content/pages/ (shared) or in a trust's folder in content/trusts/"
                .to_string(),
        };
        diagnostics.push(
            Diagnostic::new(
                Code::FileSkipped,
                "content/ holds only pages/, rules/, trusts/ and search.yaml, so this was not read",
            )
            .in_file(&format!("content/{name}"))
            .help(help),
        );
    }
}

impl Loader<'_> {
    /// Reads one file as text, or reports why it cannot be read. The file
    /// is registered with the diagnostics so that reports can quote it.
    fn read_source(&mut self, path: &Path) -> Option<Arc<SourceFile>> {
        self.read_sources(std::slice::from_ref(&path.to_path_buf()))
            .pop()
            .flatten()
    }

    /// Reads many files at once, in parallel, reusing those whose size and
    /// modification time have not changed since the last run.
    fn read_sources(&mut self, paths: &[PathBuf]) -> Vec<Option<Arc<SourceFile>>> {
        let root = &self.root;
        let cache = &self.cache.files;
        let watched = self.cache.watched;
        let reads: Vec<(Option<FileStamp>, Result<CachedFile, ()>)> = paths
            .par_iter()
            .map(|path| {
                if watched && cache.contains_key(path.as_os_str()) {
                    return (None, Err(()));
                }
                let stamp = std::fs::metadata(path)
                    .ok()
                    .map(|m| (m.modified().ok(), m.len()));
                // `Err(())` means "unchanged: reuse what the cache holds".
                match cache
                    .get(path.as_os_str())
                    .filter(|c| Some(c.stamp) == stamp)
                {
                    Some(_) => (stamp, Err(())),
                    None => {
                        let mut problems = Vec::new();
                        let file = read_file(root, path, &mut problems);
                        (
                            stamp,
                            Ok(CachedFile {
                                stamp: stamp.unwrap_or((None, 0)),
                                file,
                                problems,
                            }),
                        )
                    }
                }
            })
            .collect();
        paths
            .iter()
            .zip(reads)
            .map(|(path, (stamp, read))| {
                if !self.cache.watched {
                    self.seen.push(path.clone());
                }
                let entry = match read {
                    Ok(fresh) => {
                        let copy = (fresh.file.clone(), fresh.problems.clone());
                        if stamp.is_some() {
                            self.cache
                                .files
                                .insert(path.clone().into_os_string(), fresh);
                        }
                        copy
                    }
                    Err(()) => match self.cache.files.get(path.as_os_str()) {
                        Some(cached) => (cached.file.clone(), cached.problems.clone()),
                        None => (None, Vec::new()),
                    },
                };
                self.replay(entry.0, entry.1)
            })
            .collect()
    }

    fn replay(
        &mut self,
        file: Option<Arc<SourceFile>>,
        problems: Vec<Diagnostic>,
    ) -> Option<Arc<SourceFile>> {
        if let Some(file) = &file {
            self.diagnostics.add_source(file.clone());
        }
        self.diagnostics.extend(problems);
        file.filter(|f| f.is_text)
    }

    fn files_under(&mut self, dir: &Path, kind: &FileKind) -> Vec<PathBuf> {
        if let Some((files, problems)) = self.cache.listings.get(dir) {
            self.diagnostics.extend(problems.iter().cloned());
            return files.clone();
        }
        let mut problems = Vec::new();
        let files = files_under(&self.root, dir, kind, &mut problems);
        self.diagnostics.extend(problems.iter().cloned());
        if self.cache.watched {
            self.cache
                .listings
                .insert(dir.to_path_buf(), (files.clone(), problems));
        }
        files
    }
}

/// The files a folder of sources holds, and what Verity calls them.
pub(crate) struct FileKind {
    /// The endings of the files read, without the dot, as written.
    pub(crate) extensions: &'static [&'static str],
    /// What such a file is, for messages: "a page".
    pub(crate) what: &'static str,
    /// Other names that belong in the folder and are read elsewhere.
    pub(crate) expected: &'static [&'static str],
}

impl FileKind {
    /// Whether a name ends in one of the kind's endings.
    fn names(&self, name: &str) -> bool {
        name.rsplit_once('.')
            .is_some_and(|(_, e)| self.extensions.contains(&e))
    }

    /// Why a file of the folder is not one of these, if it is not: `None`
    /// for the files read, and for files no author means as a source
    /// (hidden files, an editor's backups and swap files).
    fn skipped(&self, name: &str) -> Option<(String, String)> {
        if unseen(name) || self.expected.contains(&name) || self.names(name) {
            return None;
        }
        let ending = name.rsplit_once('.').map(|(_, e)| e);
        let wanted = self.extensions[0];
        Some(match ending {
            Some(e) if self.extensions.iter().any(|x| x.eq_ignore_ascii_case(e)) => (
                format!(
                    "this file ends in .{e}, not .{wanted}, so it was not read as {}",
                    self.what
                ),
                format!("rename it to end in .{wanted}"),
            ),
            _ => (
                format!(
                    "this file does not end in .{wanted}, so it was not read as {}",
                    self.what
                ),
                format!(
                    "nothing else in this folder is read or published; rename it to end in .{wanted} if it is meant as {}",
                    self.what
                ),
            ),
        })
    }
}

/// Reads a file, describing any problem in `problems`.
fn read_file(root: &Path, path: &Path, problems: &mut Vec<Diagnostic>) -> Option<Arc<SourceFile>> {
    let relative = relative_path(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            problems.push(
                Diagnostic::new(
                    Code::FileUnreadable,
                    format!("cannot read this file: {error}"),
                )
                .in_file(&relative)
                .help("check that the file exists and that you have permission to read it"),
            );
            return None;
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = lone_carriage_returns_as_line_feeds(text);
            let text = reserved_characters_replaced(&relative, text, problems);
            Some(Arc::new(SourceFile::new(relative, path, text)))
        }
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let mut file = SourceFile::new(relative.clone(), path, text);
            file.is_text = false;
            let at = file.line_col(offset);
            problems.push(
                Diagnostic::new(
                    Code::FileUnreadable,
                    format!(
                        "this file is not UTF-8 text (bad byte at line {}, column {})",
                        at.line, at.column
                    ),
                )
                .in_file(&relative)
                .help(
                    "save the file as UTF-8; most editors offer this under \"Save with encoding\"",
                ),
            );
            Some(Arc::new(file))
        }
    }
}

/// Files and folders no author means as a source, passed over without a
/// word: hidden ones (`.git`, `.DS_Store`), an editor's backups and swap
/// files.
fn unseen(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp")
}

/// The files under `dir` of a kind, sorted by path so that every run sees
/// them in the same order; any other file is named in a warning, with the
/// reason it was not read. Symbolic links are not followed, so a link loop
/// cannot trap the walk.
fn files_under(
    root: &Path,
    dir: &Path,
    kind: &FileKind,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    let skipped = |path: &Path, message: String, help: String| {
        Diagnostic::new(Code::FileSkipped, message)
            .in_file(&relative_path(root, path))
            .help(help)
    };
    let walk = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !unseen(&e.file_name().to_string_lossy()));
    for entry in walk {
        match entry {
            Ok(entry) if entry.path_is_symlink() => {
                // A link can lead outside the site, or round in a loop:
                // it is not followed, and the author is told so.
                diagnostics.push(skipped(
                    entry.path(),
                    "this is a symbolic link, which Verity does not follow".to_string(),
                    "put the file itself here instead of a link to it".to_string(),
                ));
            }
            Ok(entry) if entry.file_type().is_file() => {
                let name = entry.file_name().to_string_lossy();
                match kind.skipped(&name) {
                    Some((message, help)) => {
                        diagnostics.push(skipped(entry.path(), message, help));
                    }
                    None if kind.names(&name) => files.push(entry.into_path()),
                    None => {}
                }
            }
            Ok(entry) if entry.depth() > 0 && kind.names(&entry.file_name().to_string_lossy()) => {
                // A folder named like a source file: what is in it is read.
                diagnostics.push(skipped(
                    entry.path(),
                    format!(
                        "this is a folder, so it was not read as {} (what is in it is)",
                        kind.what
                    ),
                    "rename the folder, or put the file itself here".to_string(),
                ));
            }
            Ok(_) => {}
            Err(error) => {
                let path = error
                    .path()
                    .map(|p| relative_path(root, p))
                    .unwrap_or_default();
                diagnostics.push(
                    Diagnostic::new(
                        Code::FileUnreadable,
                        format!("cannot read this folder entry: {error}"),
                    )
                    .in_file(&path),
                );
            }
        }
    }
    files
}

/// Text with each carriage return that no line feed follows (the line
/// ending of old Mac files) made a line feed, so that every reader sees
/// its lines. Byte for byte, so that offsets still point into the file as
/// the author sees it.
fn lone_carriage_returns_as_line_feeds(text: String) -> String {
    if memchr::memchr(b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Swapping one ASCII byte for another keeps the text UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

/// Text with each of Verity's marker characters replaced by U+FFFD, and
/// each numeric character reference to one (`&#xE000;`, `&#57344;`, which
/// markdown and HTML decode) made a reference to U+FFFD, all in the same
/// number of bytes so that offsets stay; each is reported where it was.
fn reserved_characters_replaced(
    file: &str,
    text: String,
    problems: &mut Vec<Diagnostic>,
) -> String {
    let references = reserved_references(&text);
    let characters = memchr::memmem::find(text.as_bytes(), &[0xEE, 0x80]).is_some();
    if references.is_empty() && !characters {
        return text;
    }
    let mut found: Vec<(std::ops::Range<usize>, char)> = text
        .char_indices()
        .filter(|(_, c)| crate::model::RESERVED_CHARACTERS.contains(c))
        .map(|(at, c)| (at..at + c.len_utf8(), c))
        .collect();
    found.extend(references.iter().map(|r| (r.written.clone(), r.character)));
    found.sort_by_key(|(range, _)| range.start);
    const REPORTED: usize = 3;
    for (range, c) in found.iter().take(REPORTED) {
        let what = if text[range.clone()].starts_with("&#") {
            format!(
                "`{}`, a reference to U+{:04X},",
                &text[range.clone()],
                u32::from(*c)
            )
        } else {
            format!("the character U+{:04X},", u32::from(*c))
        };
        let mut d = Diagnostic::new(
            Code::CharacterReserved,
            format!("this file holds {what} which Verity uses as a marker inside pages"),
        )
        .at(file, range.clone())
        .help("delete it: it shows as nothing or as a box, and has no use on a page");
        if found.len() > REPORTED {
            d = d.note(format!(
                "{} more such characters are in this file",
                found.len() - REPORTED
            ));
        }
        problems.push(d);
    }
    let mut text = crate::model::without_reserved(&text).into_owned();
    for reference in references {
        // The digits of a reference to U+FFFD, as many as were written.
        let (digits, padded) = if reference.hex {
            ("FFFD", 4)
        } else {
            ("65533", 5)
        };
        let width = reference.digits.len().max(padded);
        let replacement = format!("{digits:0>width$}");
        text.replace_range(reference.digits, &replacement);
    }
    text
}

/// A numeric character reference to a marker character.
struct ReservedReference {
    /// The whole reference as written.
    written: std::ops::Range<usize>,
    /// Its digits.
    digits: std::ops::Range<usize>,
    hex: bool,
    character: char,
}

/// Every numeric character reference in the text that decodes to one of
/// Verity's marker characters, read as HTML reads them (the `;` optional).
fn reserved_references(text: &str) -> Vec<ReservedReference> {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"&#")
        .filter_map(|at| {
            let hex = matches!(bytes.get(at + 2), Some(b'x' | b'X'));
            let start = at + 2 + usize::from(hex);
            let end = start
                + bytes[start..]
                    .iter()
                    .take_while(|b| {
                        if hex {
                            b.is_ascii_hexdigit()
                        } else {
                            b.is_ascii_digit()
                        }
                    })
                    .count();
            let digits = &text[start..end];
            let value =
                u32::from_str_radix(digits.trim_start_matches('0'), if hex { 16 } else { 10 })
                    .ok()?;
            let character =
                char::from_u32(value).filter(|c| crate::model::RESERVED_CHARACTERS.contains(c))?;
            let written_end = end + usize::from(bytes.get(end) == Some(&b';'));
            Some(ReservedReference {
                written: at..written_end,
                digits: start..end,
                hex,
                character,
            })
        })
        .collect()
}
