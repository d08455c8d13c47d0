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
    pub files: BTreeMap<String, std::sync::Arc<[u8]>>,
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
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    std::fs::write(staging.join(MARKER), MARKER_TEXT).map_err(io(&staging))?;
    let files: Vec<(PathBuf, &[u8])> = output
        .files
        .iter()
        .filter_map(|(path, bytes)| safe_join(&staging, path).map(|target| (target, &bytes[..])))
        .collect();
    // Folders first, once each, then the files, both in parallel:
    // thousands of small writes are bound by system calls, not by the disk.
    // (Making the same parent folder from two threads at once is safe.)
    let folders: BTreeSet<&Path> = files
        .iter()
        .filter_map(|(target, _)| target.parent())
        .collect();
    folders
        .par_iter()
        .try_for_each(|folder| std::fs::create_dir_all(folder).map_err(io(folder)))?;
    files
        .par_iter()
        .try_for_each(|(target, bytes)| std::fs::write(target, bytes).map_err(io(target)))?;
    if out.exists() && exchange(&staging, out).is_ok() {
        // The old site is in the staging folder now.
        remove_tree(&staging).map_err(io(&staging))?;
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
        std::fs::remove_dir_all(&previous).map_err(io(&previous))?;
    }
    Ok(())
}

/// Removes a folder and everything in it, its subfolders in parallel: an
/// old site is thousands of files, and removing them is system calls.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
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
