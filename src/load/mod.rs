//! Stage one: read site.toml, the rule data, the trusts and the pages into a
//! typed, validated [`Site`]. Every problem becomes a located diagnostic and
//! loading carries on, so an author sees all of them at once.
//!
//! Not for: expressions in page bodies (that is `expand`).

mod config;
mod pages;
mod rules;
mod trusts;
mod validate;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use walkdir::WalkDir;

use crate::Error;
use crate::diagnostics::{Code, Diagnostic, Diagnostics, SourceFile};
use crate::model::{Date, Site};

pub use pages::{is_valid_slug, slugify, split_front_matter};

/// Loads the site at `root`. Problems in the author's files are added to
/// `diagnostics`; an `Err` means Verity could not run at all (no site.toml).
pub fn load(root: &Path, as_of: Date, diagnostics: &mut Diagnostics) -> Result<Site, Error> {
    let root = root.canonicalize().map_err(|source| Error::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let (config, levels) = config::load(&root, diagnostics)?;
    let rules = rules::load(&root, diagnostics);
    let trusts = trusts::load(&root, diagnostics);
    let pages = pages::load(&root, &trusts, diagnostics);
    let site = Site {
        root,
        config,
        levels,
        rules,
        trusts,
        pages,
        as_of,
    };
    validate::check_references(&site, diagnostics);
    Ok(site)
}

/// Reads one file as text, or reports why it cannot be read. The file is
/// registered with `diagnostics` so that later reports can quote it.
fn read_source(root: &Path, path: &Path, diagnostics: &mut Diagnostics) -> Option<Arc<SourceFile>> {
    let relative = relative_path(root, path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            diagnostics.push(
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
            let file = Arc::new(SourceFile::new(relative, path, text));
            diagnostics.add_source(file.clone());
            Some(file)
        }
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let file = Arc::new(SourceFile::new(relative.clone(), path, text));
            let at = file.line_col(offset);
            diagnostics.add_source(file);
            diagnostics.push(
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
            None
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
    diagnostics: &mut Diagnostics,
) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut files = Vec::new();
    for entry in WalkDir::new(dir).sort_by_file_name() {
        match entry {
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
