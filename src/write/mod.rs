//! Stage five: the output folder. The whole site is built in memory, written
//! into a staging folder beside the output, then swapped in, so an
//! interrupted build leaves the last good site in place. Verity only ever
//! replaces a folder that carries its marker file.
//!
//! Not for: what goes into the files (that is `render`).

mod target;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::error::Error;
use crate::render::Output;

pub(crate) use target::{MARKER, OutputLock, OutputTarget};

const MARKER_TEXT: &str =
    "This folder is written by Verity. It is replaced on every build: do not edit files here.\n";

/// Writes `output` into the target's output folder: into the staging
/// folder first, then swapped in. The caller holds the output's lock and has
/// verified the target under it. If anything fails, what was staged is
/// removed and the output folder is left as it was.
pub(crate) fn write_output(
    target: &OutputTarget,
    _lock: &OutputLock,
    output: &Output,
) -> Result<(), Error> {
    let failed = |(path, source): (PathBuf, std::io::Error)| Error::WriteFailed {
        output: target.dir.clone(),
        path,
        source,
    };
    recover_interrupted_swap(target).map_err(failed)?;
    if let Err(e) = stage(&target.staging, output) {
        discard(&target.staging);
        return Err(failed(e));
    }
    if let Err(e) = swap(target) {
        discard(&target.staging);
        return Err(failed(e));
    }
    Ok(())
}

/// An I/O failure and the path it happened on.
type Failure = (PathBuf, std::io::Error);

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
    move |source| (path.to_path_buf(), source)
}

/// Writes the new site into the staging folder.
fn stage(staging: &Path, output: &Output) -> Result<(), Failure> {
    let files: BTreeMap<&str, (PathBuf, &[u8])> = output
        .files
        .iter()
        .filter_map(|(path, bytes)| {
            let target = safe_join(staging, path)?;
            Some((&**path, (target, &bytes[..])))
        })
        .collect();
    let folders = folders_of(&files);
    let present = prepare_staging(staging, &files, &folders).map_err(at(staging))?;
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
        .try_for_each(|folder| std::fs::create_dir_all(folder).map_err(at(folder)))?;
    files
        .par_iter()
        .try_for_each(|(_, (target, bytes))| write_over(target, bytes).map_err(at(target)))
}

/// Puts the staged site in the output folder's place. The site it replaces
/// stays in the staging folder for the next build to write over: that costs
/// half as much as removing ten thousand files now and making them again
/// next time.
fn swap(target: &OutputTarget) -> Result<(), Failure> {
    let (out, staging, previous) = (&target.dir, &target.staging, &target.previous);
    if !out.exists() {
        return std::fs::rename(staging, out).map_err(at(out));
    }
    keep_access(out, staging);
    if exchange(staging, out).is_ok() {
        return Ok(());
    }
    // Where two folders cannot be swapped in one step, the old site is
    // moved aside first, and put back if the new one cannot be moved in.
    if previous.exists() {
        std::fs::remove_dir_all(previous).map_err(at(previous))?;
    }
    std::fs::rename(out, previous).map_err(at(out))?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(previous, out);
        return Err((out.clone(), e));
    }
    std::fs::rename(previous, staging).map_err(at(previous))
}

/// Gives the staged site the permissions (and, where this process may, the
/// owner and group) of the folder it replaces, so that publishing does not
/// change who can read or write the output: a web server's group, say.
fn keep_access(out: &Path, staging: &Path) {
    let Ok(meta) = std::fs::metadata(out) else {
        return;
    };
    let _ = std::fs::set_permissions(staging, meta.permissions());
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        let owner = rustix::fs::Uid::from_raw(meta.uid());
        let group = rustix::fs::Gid::from_raw(meta.gid());
        let _ = rustix::fs::chown(staging, Some(owner), Some(group));
    }
}

/// Removes what a failed build staged, if it is Verity's. Best effort: the
/// failure that led here is the one to report.
fn discard(staging: &Path) {
    if staging.join(MARKER).is_file() {
        let _ = std::fs::remove_dir_all(staging);
    } else {
        let _ = std::fs::remove_dir(staging);
    }
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
    // The target was verified under the lock: the staging folder is
    // missing, empty, or Verity's. It is made with `mkdir`, which fails
    // rather than follow a symbolic link put there since, and one that
    // exists must still be a folder: a link to someone's folder would have
    // that folder emptied. The marker goes in before anything else, so that
    // a build killed at any point leaves a folder Verity will reuse.
    match std::fs::create_dir(staging) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            if !std::fs::symlink_metadata(staging)?.is_dir() {
                return Err(std::io::Error::other(
                    "the staging folder was replaced by something that is not a folder",
                ));
            }
        }
        Err(e) => return Err(e),
    }
    std::fs::write(staging.join(MARKER), MARKER_TEXT)?;
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
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere the old folder is moved aside and the new one moved in, and
/// a build stopped in between puts the old one back next time.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::ErrorKind::Unsupported.into())
}

/// If a build was stopped between moving the old site aside and moving the
/// new one in, the old site is put back.
fn recover_interrupted_swap(target: &OutputTarget) -> Result<(), Failure> {
    let (out, previous) = (&target.dir, &target.previous);
    if !out.exists() && previous.join(MARKER).is_file() {
        std::fs::rename(previous, out).map_err(at(out))?;
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
    fn a_link_at_the_staging_name_is_never_followed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let precious = dir.path().join("precious");
        std::fs::create_dir(&precious).expect("folder");
        std::fs::write(precious.join("thesis.docx"), b"years of work").expect("file");
        let staging = dir.path().join(".public.verity-staging");
        std::os::unix::fs::symlink(&precious, &staging).expect("link");
        let files: BTreeMap<&str, ()> = [("index.html", ())].into_iter().collect();
        assert!(prepare_staging(&staging, &files, &BTreeSet::new()).is_err());
        assert_eq!(
            std::fs::read(precious.join("thesis.docx")).expect("kept"),
            b"years of work"
        );
        assert!(!precious.join(MARKER).exists());
    }

    #[test]
    fn output_paths_cannot_climb_out() {
        let base = Path::new("/out");
        assert!(safe_join(base, "a/b/index.html").is_some());
        assert!(safe_join(base, "../etc/passwd").is_none());
        assert!(safe_join(base, "/etc/passwd").is_none());
    }
}
