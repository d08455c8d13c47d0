//! Stage seven: the output folder. Each file is written into a staging
//! folder beside the output as it is made ([`Staging`]), and the staging
//! folder is swapped in once the whole site is judged, so an interrupted or
//! failed build leaves the last good site in place. Verity only ever
//! replaces a folder that carries its marker file.
//!
//! Not for: what goes into the files (that is `render`).

mod target;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::error::Error;

pub(crate) use target::{MARKER, OutputLock, OutputTarget};

const MARKER_TEXT: &str =
    "This folder is written by Verity. It is replaced on every build: do not edit files here.\n";

/// A build's staging folder beside the output, which each file is written
/// into as it is made, so that a build need not hold its whole site in
/// memory. Only when the whole site is judged and written is the folder
/// swapped in; a build that fails leaves the output as it was.
pub(crate) struct Staging {
    target: OutputTarget,
    /// Held until the site is swapped in or the staging discarded, so that
    /// no other build writes here meanwhile.
    _lock: OutputLock,
    /// The folders made so far, relative to the staging folder.
    folders: Mutex<foldhash::HashSet<String>>,
    /// Every file written, relative to the staging folder.
    written: Mutex<Vec<String>>,
    /// The first write that failed; nothing is written after it.
    failed: Mutex<Option<Failure>>,
    /// The staging folder, opened once, that every file is opened beneath.
    within: Within,
}

impl Staging {
    /// Makes the staging folder ready: the caller holds the output's lock
    /// and has verified the target under it. The folder is usually the
    /// site the last build replaced, and what the new site has is written
    /// over it where it is; anything in it that could send a write
    /// elsewhere (a symbolic link, a file with another name) goes first.
    pub(crate) fn begin(target: OutputTarget, lock: OutputLock) -> Result<Staging, Error> {
        let failed = |(path, source): Failure| Error::WriteFailed {
            output: target.dir.clone(),
            path,
            source,
        };
        recover_interrupted_swap(&target).map_err(failed)?;
        let within = prepare_staging(&target.staging).and_then(|()| Within::new(&target.staging));
        let within = match within {
            Ok(within) => within,
            Err(e) => {
                discard(&target.staging);
                return Err(failed((target.staging.clone(), e)));
            }
        };
        Ok(Staging {
            target,
            _lock: lock,
            folders: Mutex::default(),
            written: Mutex::default(),
            failed: Mutex::default(),
            within,
        })
    }

    /// Writes one file of the new site. A failure is kept, and reported by
    /// [`Staging::finish`].
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) {
        if self.failure().is_some() {
            return;
        }
        let staging = &self.target.staging;
        let result = match safe_join(staging, path) {
            Some(file) => self.make_folders(path).and_then(|()| {
                write_file(&file, bytes, |fresh| self.within.file(path, fresh)).map_err(at(&file))
            }),
            None => Err((
                staging.join(path),
                std::io::Error::other("not a path inside the output folder"),
            )),
        };
        match result {
            Ok(()) => lock(&self.written).push(path.to_string()),
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
            }
        }
    }

    fn failure(&self) -> Option<()> {
        lock(&self.failed).as_ref().map(|_| ())
    }

    /// Makes the folders a file at `path` goes in, each once.
    fn make_folders(&self, path: &str) -> Result<(), Failure> {
        let Some((folder, _)) = path.rsplit_once('/') else {
            return Ok(());
        };
        if lock(&self.folders).contains(folder) {
            return Ok(());
        }
        make_folder(&self.target.staging, folder).map_err(at(&self.target.staging.join(folder)))?;
        lock(&self.folders).insert(folder.to_string());
        Ok(())
    }

    /// Removes from the staging folder what the new site does not have,
    /// then swaps it in for the output folder. If anything fails, what was
    /// staged is removed and the output folder is left as it was.
    pub(crate) fn finish(self) -> Result<(), Error> {
        let failed = |(path, source): Failure| Error::WriteFailed {
            output: self.target.dir.clone(),
            path,
            source,
        };
        if let Some(e) = lock(&self.failed).take() {
            discard(&self.target.staging);
            return Err(failed(e));
        }
        let written = std::mem::take(&mut *lock(&self.written));
        let files: BTreeMap<&str, ()> = written.iter().map(|path| (path.as_str(), ())).collect();
        let folders = folders_of(&files);
        let wanted = Wanted {
            files: &files,
            folders: &folders,
        };
        let cleared = wanted
            .scan(&self.target.staging, "")
            .and_then(|found| remove_all(&found.stale));
        if let Err(e) = cleared {
            discard(&self.target.staging);
            return Err(failed((self.target.staging.clone(), e)));
        }
        if let Err(e) = swap(&self.target) {
            discard(&self.target.staging);
            return Err(failed(e));
        }
        Ok(())
    }

    /// Removes what was staged: the build will not publish.
    pub(crate) fn discard(self) {
        discard(&self.target.staging);
    }

    /// The output folder.
    pub(crate) fn output_dir(&self) -> &Path {
        &self.target.dir
    }
}

/// A lock's value even if a thread panicked holding it: each value here is
/// whole after every step.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// An I/O failure and the path it happened on.
type Failure = (PathBuf, std::io::Error);

fn at(path: &Path) -> impl FnOnce(std::io::Error) -> Failure + '_ {
    move |source| (path.to_path_buf(), source)
}

/// Makes a folder of the new site inside the staging folder, one level at
/// a time from the staging folder down, so that each level is looked at
/// only through real folders: whatever the last site (or anyone) left at a
/// level that is not a folder, a file or a link, is inside the staging
/// folder and is removed, and nothing is ever made or removed where a
/// link leads.
fn make_folder(staging: &Path, relative: &str) -> std::io::Result<()> {
    let mut dir = staging.to_path_buf();
    for level in relative.split('/') {
        dir.push(level);
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() => continue,
            Ok(_) => std::fs::remove_file(&dir)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        match std::fs::create_dir(&dir) {
            // Another thread made it meanwhile: fine if it is a folder.
            Err(e)
                if e.kind() == std::io::ErrorKind::AlreadyExists
                    && std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) => {}
            result => result?,
        }
    }
    Ok(())
}

/// Writes a file of the new site over what the last site had there,
/// opening it with `open` (which is told whether the file must be new).
/// The last site may have a folder where the new one has a file: it is
/// removed. A file that has another name (a hard-linked backup) is
/// replaced, never written over, so that the other name keeps its contents.
fn write_file(
    path: &Path,
    bytes: &[u8],
    open: impl Fn(bool) -> std::io::Result<std::fs::File>,
) -> std::io::Result<()> {
    let file = match open(false) {
        // Only a folder that the confined open itself found: an open that
        // failed on a link must not lead to removing what the link reaches.
        Err(e) if e.kind() == std::io::ErrorKind::IsADirectory => {
            std::fs::remove_dir_all(path)?;
            open(true)?
        }
        Ok(file) if has_other_names(file.metadata()) => {
            drop(file);
            std::fs::remove_file(path)?;
            open(true)?
        }
        opened => opened?,
    };
    write_over(file, bytes)
}

/// Whether a file (by its metadata) also has a name elsewhere: a
/// hard-linked backup, whose other name must keep the old contents.
#[cfg(unix)]
fn has_other_names(meta: std::io::Result<std::fs::Metadata>) -> bool {
    use std::os::unix::fs::MetadataExt;
    meta.is_ok_and(|meta| meta.nlink() > 1)
}

#[cfg(not(unix))]
fn has_other_names(_meta: std::io::Result<std::fs::Metadata>) -> bool {
    false
}

/// The staging folder, held open so that each file is opened beneath it
/// without following any symbolic link on the way (Linux 5.6 and later):
/// a link planted in the staging folder while a build runs cannot send a
/// write elsewhere. Where the system cannot, files are opened by path.
struct Within {
    staging: PathBuf,
    #[cfg(target_os = "linux")]
    dir: rustix::fd::OwnedFd,
}

impl Within {
    fn new(staging: &Path) -> std::io::Result<Within> {
        Ok(Within {
            staging: staging.to_path_buf(),
            #[cfg(target_os = "linux")]
            dir: {
                use rustix::fs::{Mode, OFlags};
                let flags = OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC;
                rustix::fs::open(staging, flags, Mode::empty())?
            },
        })
    }

    /// Opens `relative` for writing, making it if it is missing (and
    /// refusing one that exists, when `fresh`).
    fn file(&self, relative: &str, fresh: bool) -> std::io::Result<std::fs::File> {
        #[cfg(target_os = "linux")]
        {
            use rustix::fs::{Mode, OFlags, ResolveFlags};
            let mut flags = OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC;
            if fresh {
                flags |= OFlags::EXCL;
            }
            let resolve =
                ResolveFlags::BENEATH | ResolveFlags::NO_SYMLINKS | ResolveFlags::NO_MAGICLINKS;
            match rustix::fs::openat2(
                &self.dir,
                relative,
                flags,
                Mode::from_raw_mode(0o666),
                resolve,
            ) {
                Ok(fd) => return Ok(std::fs::File::from(fd)),
                Err(rustix::io::Errno::NOSYS) => {}
                Err(e) => return Err(e.into()),
            }
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .create_new(fresh)
            .truncate(false)
            .open(self.staging.join(relative))
    }
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
/// failure that led here is the one to report. The marker goes last, so
/// that another build deciding meanwhile never finds a full folder without
/// it (and refuses it as someone else's).
fn discard(staging: &Path) {
    if staging.join(MARKER).is_file()
        && let Ok(entries) = std::fs::read_dir(staging)
    {
        let others: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok())
            .filter(|entry| entry.file_name() != MARKER)
            .map(|entry| entry.path())
            .collect();
        let _ = remove_all(&others);
        let _ = std::fs::remove_file(staging.join(MARKER));
    }
    let _ = std::fs::remove_dir(staging);
}

/// Writes into an open file over what it held, without cutting it short
/// first: its memory pages are reused rather than freed and taken again.
fn write_over(mut file: std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
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

/// Makes the staging folder ready for a new site. It is made with
/// `mkdir`, which fails rather than follow a symbolic link put there since,
/// and one that exists must still be a folder: a link to someone's folder
/// would have that folder written into. The marker goes in before anything
/// else, so that a build killed at any point leaves a folder Verity will
/// reuse. Then anything in it that a write could be sent through (a link,
/// anything that is not a plain file or folder, a file that also has a
/// name elsewhere, whose other name must keep the old contents) is removed.
fn prepare_staging(staging: &Path) -> std::io::Result<()> {
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
    remove_all(&unsafe_entries(staging)?)
}

/// Everything under `dir` that is not a plain folder or a file with one
/// name, in parallel folder by folder.
fn unsafe_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut deeper = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            deeper.push(entry.path());
        } else if !kind.is_file() || has_other_names(entry.metadata()) {
            found.push(entry.path());
        }
    }
    let inner: Vec<Vec<PathBuf>> = deeper
        .par_iter()
        .map(|dir| unsafe_entries(dir))
        .collect::<Result<_, _>>()?;
    found.extend(inner.into_iter().flatten());
    Ok(found)
}

/// Removes files and folders, in parallel.
fn remove_all(paths: &[PathBuf]) -> std::io::Result<()> {
    paths.par_iter().try_for_each(|path| {
        if path.is_dir() && !path.is_symlink() {
            std::fs::remove_dir_all(path)
        } else {
            std::fs::remove_file(path)
        }
    })
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
                // Written by this build: a file that also had a name
                // elsewhere was removed before anything was written.
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
        assert!(prepare_staging(&staging).is_err());
        assert_eq!(
            std::fs::read(precious.join("thesis.docx")).expect("kept"),
            b"years of work"
        );
        assert!(!precious.join(MARKER).exists());
    }

    /// A staging folder begun for an output folder in a fresh temporary
    /// folder, with a folder outside it holding someone's work.
    fn begun() -> (tempfile::TempDir, Staging, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        std::fs::create_dir(&site).expect("site");
        let precious = dir.path().join("precious");
        std::fs::create_dir(&precious).expect("folder");
        std::fs::write(precious.join("thesis.docx"), b"years of work").expect("file");
        let target = OutputTarget::decide(&site, &dir.path().join("public")).expect("allowed");
        let lock = target.lock(|_| {}).expect("lock");
        let staging = Staging::begin(target, lock).expect("begun");
        (dir, staging, precious)
    }

    #[test]
    fn a_link_planted_while_a_build_writes_is_not_followed() {
        let (_dir, staging, precious) = begun();
        // A link where the new site has a file: opened, it would be written
        // through.
        let link = staging.target.staging.join("index.html");
        std::os::unix::fs::symlink(precious.join("thesis.docx"), link).expect("link");
        staging.put("index.html", b"overwritten");
        assert_eq!(
            std::fs::read(precious.join("thesis.docx")).expect("kept"),
            b"years of work"
        );
        assert!(staging.finish().is_err(), "the failed write is reported");
    }

    #[test]
    fn a_link_planted_where_a_folder_goes_gives_way_to_a_folder() {
        let (_dir, staging, precious) = begun();
        std::os::unix::fs::symlink(&precious, staging.target.staging.join("nuh")).expect("link");
        staging.put("nuh/thesis.docx", b"overwritten");
        assert_eq!(
            std::fs::read(precious.join("thesis.docx")).expect("kept"),
            b"years of work"
        );
        // The link, the staging folder's own, gave way to a folder.
        staging
            .finish()
            .expect("written beside the link's target, not in it");
    }

    #[test]
    fn a_folder_reached_through_a_planted_link_is_never_removed() {
        let (_dir, staging, precious) = begun();
        std::fs::create_dir(precious.join("chapters")).expect("folder");
        std::fs::write(precious.join("chapters/one.docx"), b"chapter one").expect("file");
        std::os::unix::fs::symlink(&precious, staging.target.staging.join("nuh")).expect("link");
        // The new site has a file where the link leads to someone's folder.
        staging.put("nuh/chapters", b"<p>new</p>");
        assert_eq!(
            std::fs::read(precious.join("chapters/one.docx")).expect("kept"),
            b"chapter one"
        );
        // The link, the staging folder's own, gave way to a folder.
        staging
            .finish()
            .expect("written beside the link's target, not in it");
    }

    #[test]
    fn a_file_reached_through_a_planted_link_is_never_removed_to_make_a_folder() {
        let (dir, staging, precious) = begun();
        std::os::unix::fs::symlink(&precious, staging.target.staging.join("nuh")).expect("link");
        // The new site needs a folder where the link leads to someone's file.
        staging.put("nuh/thesis.docx/index.html", b"<p>new</p>");
        assert_eq!(
            std::fs::read(precious.join("thesis.docx")).expect("kept"),
            b"years of work"
        );
        // Nor is any folder made where the link leads.
        assert!(!dir.path().join("precious/thesis.docx").is_dir());
        assert!(
            staging.finish().is_ok(),
            "the link was the staging folder's own, and replaced"
        );
    }

    #[test]
    fn a_folder_of_the_last_site_where_the_new_one_has_a_file_is_replaced() {
        let (_dir, staging, _) = begun();
        let old = staging.target.staging.join("costs");
        std::fs::create_dir(&old).expect("folder");
        std::fs::write(old.join("index.html"), b"old").expect("file");
        staging.put("costs", b"new");
        assert_eq!(std::fs::read(&old).expect("a file now"), b"new");
        assert!(staging.finish().is_ok());
    }

    #[test]
    fn a_file_linked_in_while_a_build_writes_keeps_its_other_name() {
        let (_dir, staging, precious) = begun();
        let linked = staging.target.staging.join("index.html");
        std::fs::hard_link(precious.join("thesis.docx"), &linked).expect("hard link");
        staging.put("index.html", b"<p>new</p>");
        assert_eq!(std::fs::read(&linked).expect("written"), b"<p>new</p>");
        assert_eq!(
            std::fs::read(precious.join("thesis.docx")).expect("kept"),
            b"years of work"
        );
    }

    #[test]
    fn output_paths_cannot_climb_out() {
        let base = Path::new("/out");
        assert!(safe_join(base, "a/b/index.html").is_some());
        assert!(safe_join(base, "../etc/passwd").is_none());
        assert!(safe_join(base, "/etc/passwd").is_none());
    }
}
