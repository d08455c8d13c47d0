//! Stage one: read site.toml, the rule data, the trusts and the pages into a
//! typed, validated [`Site`]. Every problem becomes a located diagnostic and
//! loading carries on, so an author sees all of them at once.
//!
//! Not for: expressions in page bodies (that is `expand`).

mod config;
mod front_matter;
mod pages;
mod rules;
mod trusts;
mod validate;
pub mod yaml;

use foldhash::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::Error;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::{Date, Rules, Site};

pub use front_matter::read_plain as read_plain_front_matter;
pub use pages::{is_valid_slug, slugify, split_front_matter};

/// Files read and pages parsed by earlier runs. A file whose size and
/// modification time have not changed is not read again, and its parsed
/// front matter is reused; the preview server keeps one of these between
/// rebuilds, and `verity build` starts with an empty one.
#[derive(Default)]
pub struct LoadCache {
    files: HashMap<PathKey, CachedFile>,
    pages: HashMap<PathKey, CachedPage>,
    /// Each trust.yaml as last parsed, with the file it was parsed from.
    trusts: HashMap<PathBuf, (Arc<SourceFile>, Result<crate::model::Trust, Diagnostic>)>,
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
    pub fn watched() -> LoadCache {
        LoadCache {
            watched: true,
            ..LoadCache::default()
        }
    }

    /// Forgets what was read from these paths (files, or folders and all
    /// they hold), so they are read again even if a coarse file-system
    /// clock left their modification time unchanged.
    pub fn forget(&mut self, paths: &[PathBuf]) {
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
pub fn load(
    root: &Path,
    as_of: Date,
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
    let rules = rules::load(&mut loader);
    let trusts = trusts::load(&mut loader);
    let pages = pages::load(&mut loader, &trusts);
    // A watched site's cache forgets deleted files when the watcher names
    // them; otherwise whatever this run did not read is gone.
    if !loader.cache.watched {
        let seen: HashSet<PathKey> = loader.seen.drain(..).map(PathBuf::into_os_string).collect();
        loader.cache.files.retain(|path, _| seen.contains(path));
        loader.cache.pages.retain(|path, _| seen.contains(path));
    }
    let site = Site {
        pages_by_trust: Site::list_order(&pages),
        root,
        config,
        levels,
        rules,
        trusts,
        pages,
        as_of,
        config_fingerprint,
    };
    validate::check_references(&site, diagnostics);
    Ok(site)
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

    fn files_under(&mut self, dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
        if let Some((files, problems)) = self.cache.listings.get(dir) {
            self.diagnostics.extend(problems.iter().cloned());
            return files.clone();
        }
        let mut problems = Vec::new();
        let files = files_under(&self.root, dir, extensions, &mut problems);
        self.diagnostics.extend(problems.iter().cloned());
        if self.cache.watched {
            self.cache
                .listings
                .insert(dir.to_path_buf(), (files.clone(), problems));
        }
        files
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
        Ok(text) => Some(Arc::new(SourceFile::new(relative, path, text))),
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

/// The files under `dir` whose names end with one of `extensions`, sorted by
/// path so that every run sees them in the same order. Symbolic links are
/// not followed, so a link loop cannot trap the walk.
fn files_under(
    root: &Path,
    dir: &Path,
    extensions: &[&str],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        match entry {
            Ok(entry) if entry.path_is_symlink() => {
                // A link can lead outside the site, or round in a loop:
                // it is not followed, and the author is told so.
                diagnostics.push(
                    Diagnostic::new(
                        Code::FileSkipped,
                        "this is a symbolic link, which Verity does not follow",
                    )
                    .in_file(&relative_path(root, entry.path()))
                    .help("put the file itself here instead of a link to it"),
                );
            }
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| extensions.contains(&e));
                if wanted {
                    files.push(path);
                }
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

/// A path relative to the site root with `/` separators, as authors see it.
pub fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
