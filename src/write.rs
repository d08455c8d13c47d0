//! Stage five: the output folder. The whole site is built in memory, written
//! into a staging folder beside the output, then swapped in, so an
//! interrupted build leaves the last good site in place. Verity only ever
//! replaces a folder that carries its marker file.
//!
//! Not for: what goes into the files (that is `render`).

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use std::path::{Component, Path, PathBuf};

use crate::Error;
use crate::diagnostics::{Code, Diagnostic};

/// The file Verity leaves in every output folder it writes. A folder
/// without it is never deleted.
pub const MARKER: &str = ".verity-output";

const MARKER_TEXT: &str =
    "This folder is written by Verity. It is replaced on every build: do not edit files here.\n";

/// Every file of the built site, by path relative to the output folder.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path (with `/` separators) → contents, shared with the preview
    /// server's cache rather than copied.
    pub files: BTreeMap<std::sync::Arc<str>, std::sync::Arc<[u8]>>,
}

/// Makes a path absolute without requiring it to exist, resolving symbolic
/// links in the part that does exist.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut existing = absolute.clone();
    let mut missing = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                missing.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for name in missing.into_iter().rev() {
        if name == ".." {
            resolved.pop();
        } else if name != "." {
            resolved.push(name);
        }
    }
    resolved
}

/// Refuses an output folder that could destroy something: the site itself,
/// a folder holding the site, a folder inside the sources, or a folder that
/// Verity did not create.
pub fn check_output_dir(site_root: &Path, out: &Path) -> Result<PathBuf, Diagnostic> {
    let out = resolve(out);
    let root = resolve(site_root);
    let shown = out.display().to_string();
    let refuse =
        |message: String, help: &str| Err(Diagnostic::new(Code::OutputUnsafe, message).help(help));
    if root.starts_with(&out) {
        return refuse(
            format!(
                "the output folder {shown} contains the site's sources; building there would delete them"
            ),
            "choose an output folder inside the site, such as `public`",
        );
    }
    for source in ["content", "themes"] {
        if out.starts_with(root.join(source)) {
            return refuse(
                format!("the output folder {shown} is inside the site's {source}/ folder"),
                "choose an output folder outside content/ and themes/, such as `public`",
            );
        }
    }
    if out.exists() {
        if !out.is_dir() {
            return refuse(
                format!("the output path {shown} is a file, not a folder"),
                "choose a folder for the output",
            );
        }
        let empty = std::fs::read_dir(&out)
            .map(|mut e| e.next().is_none())
            .unwrap_or(false);
        if !empty && !out.join(MARKER).is_file() {
            return refuse(
                format!(
                    "the output folder {shown} was not made by Verity (it has no {MARKER} file), so Verity will not replace it"
                ),
                "move the folder's files somewhere safe and delete it, or choose another folder with --out",
            );
        }
    }
    Ok(out)
}

/// Writes `output` into `out` (already checked with [`check_output_dir`])
/// through a staging folder, then swaps it in.
pub fn write_output(out: &Path, output: &Output) -> Result<(), Error> {
    let parent = out.parent().unwrap_or(Path::new("/")).to_path_buf();
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let staging = parent.join(format!(".{name}.verity-staging"));
    let previous = parent.join(format!(".{name}.verity-previous"));
    recover_interrupted_swap(out, &previous).map_err(io(out))?;
    let files: BTreeMap<&str, (PathBuf, &[u8])> = output
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let target = safe_join(&staging, path)?;
            Some((&**path, (target, &bytes[..])))
        })
        .collect();
    let folders = folders_of(&files);
    let present = prepare_staging(&staging, &files, &folders).map_err(io(&staging))?;
    std::fs::write(staging.join(MARKER), MARKER_TEXT).map_err(io(&staging))?;
    // Folders first, then the files, both in parallel: thousands of small
    // writes are bound by system calls, not by the disk. (Making the same
    // parent folder from two threads at once is safe.)
    let missing: Vec<PathBuf> = folders
        .iter()
        .filter(|f| !present.contains(**f))
        .map(|f| staging.join(f))
        .collect();
    missing
        .par_iter()
        .try_for_each(|folder| std::fs::create_dir_all(folder).map_err(io(folder)))?;
    files
        .par_iter()
        .try_for_each(|(_, (target, bytes))| write_over(target, bytes).map_err(io(target)))?;
    if out.exists() && exchange(&staging, out).is_ok() {
        // The old site is in the staging folder now, and stays there for
        // the next build to write over: that costs half as much as removing
        // ten thousand files now and making them again next time.
        return Ok(());
    }
    if out.exists() {
        if previous.exists() {
            std::fs::remove_dir_all(&previous).map_err(io(&previous))?;
        }
        std::fs::rename(out, &previous).map_err(io(out))?;
    }
    std::fs::rename(&staging, out).map_err(io(out))?;
    if previous.exists() {
        std::fs::rename(&previous, &staging).map_err(io(&previous))?;
    }
    Ok(())
}

/// Writes a file over the one there, if any, without cutting it short
/// first: its memory pages are reused rather than freed and taken again.
fn write_over(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)
}

/// Every folder the files go in, by path relative to the output folder.
fn folders_of<'a, T>(files: &BTreeMap<&'a str, T>) -> BTreeSet<&'a str> {
    let mut folders = BTreeSet::new();
    for path in files.keys() {
        let mut path = *path;
        while let Some((folder, _)) = path.rsplit_once('/') {
            if !folders.insert(folder) {
                break;
            }
            path = folder;
        }
    }
    folders
}

/// Makes the staging folder ready for a new site, and returns the folders
/// it already has. It is usually the site the last build replaced: what the
/// new site has is written over where it is, and only what the new site
/// does not have is removed.
fn prepare_staging<T: Sync>(
    staging: &Path,
    files: &BTreeMap<&str, T>,
    folders: &BTreeSet<&str>,
) -> std::io::Result<foldhash::HashSet<String>> {
    match std::fs::symlink_metadata(staging) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => std::fs::remove_file(staging)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if !staging.exists() {
        std::fs::create_dir_all(staging)?;
        return Ok(Default::default());
    }
    let wanted = Wanted { files, folders };
    let found = wanted.scan(staging, "")?;
    found.stale.par_iter().try_for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    })?;
    Ok(found.folders.into_iter().collect())
}

/// What the new site has, by path relative to the output folder.
struct Wanted<'a, T> {
    files: &'a BTreeMap<&'a str, T>,
    folders: &'a BTreeSet<&'a str>,
}

/// What a staging folder holds: the folders the new site keeps, and what
/// must go before it is written.
#[derive(Default)]
struct Found {
    folders: Vec<String>,
    stale: Vec<PathBuf>,
}

impl<T: Sync> Wanted<'_, T> {
    /// Scans one folder of the staging folder and, in parallel, the folders
    /// in it that the new site keeps.
    fn scan(&self, dir: &Path, relative: &str) -> std::io::Result<Found> {
        let mut found = Found::default();
        let mut deeper = Vec::new();
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name();
            let path = match name.to_str() {
                Some(name) if relative.is_empty() => name.to_string(),
                Some(name) => format!("{relative}/{name}"),
                None => {
                    found.stale.push(entry.path());
                    continue;
                }
            };
            let kind = entry.file_type()?;
            if kind.is_dir() && self.folders.contains(path.as_str()) {
                deeper.push((entry.path(), path));
            } else if kind.is_file() && self.files.contains_key(path.as_str()) {
                // A file that also has a name elsewhere (a backup made with
                // `cp -al`, say) is replaced rather than written over, so
                // that the other name keeps the old contents.
                if linked_elsewhere(&entry) {
                    found.stale.push(entry.path());
                }
            } else if path != MARKER {
                found.stale.push(entry.path());
            }
        }
        let inner: Vec<Found> = deeper
            .par_iter()
            .map(|(dir, path)| self.scan(dir, path))
            .collect::<Result<_, _>>()?;
        for (inner, (_, path)) in inner.into_iter().zip(deeper) {
            found.folders.push(path);
            found.folders.extend(inner.folders);
            found.stale.extend(inner.stale);
        }
        Ok(found)
    }
}

/// Whether a file has more than one name.
#[cfg(unix)]
fn linked_elsewhere(entry: &std::fs::DirEntry) -> bool {
    use std::os::unix::fs::MetadataExt;
    entry.metadata().is_ok_and(|meta| meta.nlink() > 1)
}

#[cfg(not(unix))]
fn linked_elsewhere(_entry: &std::fs::DirEntry) -> bool {
    false
}

/// Swaps two folders in one step, so that at no moment is the output
/// folder missing or half written, even if the build is killed.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let path = |p: &Path| {
        CString::new(p.as_os_str().as_bytes()).map_err(|_| std::io::ErrorKind::InvalidInput)
    };
    let (a, b) = (path(a)?, path(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Elsewhere the old folder is moved aside and the new one moved in, and
/// a build stopped in between puts the old one back next time.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// If a build was stopped between moving the old site aside and moving the
/// new one in, the old site is put back.
fn recover_interrupted_swap(out: &Path, previous: &Path) -> std::io::Result<()> {
    if !out.exists() && previous.join(MARKER).is_file() {
        std::fs::rename(previous, out)?;
    }
    Ok(())
}

/// `base/path`, if `path` is relative and never climbs out with `..`.
fn safe_join(base: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path);
    let safe = relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)));
    safe.then(|| base.join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_paths_cannot_climb_out() {
        let base = Path::new("/out");
        assert!(safe_join(base, "a/b/index.html").is_some());
        assert!(safe_join(base, "../etc/passwd").is_none());
        assert!(safe_join(base, "/etc/passwd").is_none());
    }
}
