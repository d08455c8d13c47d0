//! Where a build writes, decided once. The requested output path is made
//! absolute and resolved component by component, as the operating system
//! would (symbolic links followed where they exist, `..` taken after each
//! one), before anything is judged or created; every later step uses that
//! one path and the folders derived from it. A folder is only ever
//! replaced or emptied if Verity made it.
//!
//! Not for: writing the files (the parent module).

use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{Code, Diagnostic};
use crate::error::Error;

/// The file Verity leaves in every output and staging folder it writes. A
/// folder without it is never replaced or emptied.
pub(crate) const MARKER: &str = ".verity-output";

/// The output folder of a build and what Verity keeps beside it, all
/// derived from one resolved path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OutputTarget {
    /// The output folder: absolute, without `.` or `..`, with symbolic
    /// links resolved in the part that exists.
    pub(crate) dir: PathBuf,
    /// The path as the user gave it, for messages.
    requested: PathBuf,
    /// Where the next site is written before it is swapped in; it holds
    /// the site the last build replaced.
    pub(super) staging: PathBuf,
    /// Where the old site waits while the new one is moved in, on systems
    /// that cannot swap two folders in one step.
    pub(super) previous: PathBuf,
    /// The file that one build at a time holds a lock on.
    lock: PathBuf,
}

/// A held claim on an output folder: no other build writes there until it
/// is dropped, or the process holding it ends.
#[derive(Debug)]
pub(crate) struct OutputLock {
    _file: std::fs::File,
}

impl OutputTarget {
    /// Decides where a build of the site at `site_root` writes, from the
    /// path the user asked for, and refuses a place where writing could
    /// destroy something. Nothing is created.
    pub(crate) fn decide(site_root: &Path, requested: &Path) -> Result<OutputTarget, Diagnostic> {
        let shown = requested.display();
        let dir = resolve(requested).map_err(|e| {
            refusal(
                format!("cannot tell where the output folder {shown} leads: {e}"),
                "choose a folder you can write to, such as `public`",
            )
        })?;
        let root = resolve(site_root).map_err(|e| {
            refusal(
                format!(
                    "cannot tell where the site folder {} is: {e}",
                    site_root.display()
                ),
                "run Verity from the site's folder, or give it with --root",
            )
        })?;
        let (Some(parent), Some(name)) = (dir.parent(), dir.file_name()) else {
            return Err(refusal(
                format!("the output folder {shown} is the top of the file system"),
                "choose an output folder inside the site, such as `public`",
            ));
        };
        let name = name.to_string_lossy();
        let target = OutputTarget {
            staging: parent.join(format!(".{name}.verity-staging")),
            previous: parent.join(format!(".{name}.verity-previous")),
            lock: parent.join(format!(".{name}.verity-lock")),
            requested: requested.to_path_buf(),
            dir,
        };
        let shown = target.shown();
        if root.starts_with(&target.dir) {
            return Err(refusal(
                format!(
                    "the output folder {shown} contains the site's sources; building there would delete them"
                ),
                "choose an output folder inside the site, such as `public`",
            ));
        }
        // Where the sources really are: `content` or `themes` can be a
        // symbolic link to a folder elsewhere.
        for source in ["content", "themes"] {
            let Ok(folder) = resolve(&root.join(source)) else {
                continue;
            };
            if target.dir.starts_with(&folder) || folder.starts_with(&target.dir) {
                return Err(refusal(
                    format!(
                        "the output folder {shown} is or holds the site's {source}/ folder ({})",
                        folder.display()
                    ),
                    "choose an output folder outside content/ and themes/, such as `public`",
                ));
            }
        }
        target.verify()?;
        Ok(target)
    }

    /// Checks what is at the output folder and the folders beside it now:
    /// each must be missing, empty, or made by Verity. Called when the
    /// target is decided and again under the lock, just before writing.
    pub(crate) fn verify(&self) -> Result<(), Diagnostic> {
        let shown = self.shown();
        match Kept::at(&self.dir) {
            Kept::Missing | Kept::Empty | Kept::Verity => {}
            Kept::NotAFolder => {
                return Err(refusal(
                    format!("the output path {shown} is a file, not a folder"),
                    "choose a folder for the output",
                ));
            }
            Kept::Foreign => {
                return Err(refusal(
                    format!(
                        "the output folder {shown} was not made by Verity (it has no {MARKER} file), so Verity will not replace it"
                    ),
                    "move the folder's files somewhere safe and delete it, or choose another folder with --out",
                ));
            }
        }
        let lock_is_ours = match std::fs::symlink_metadata(&self.lock) {
            Err(e) => e.kind() == ErrorKind::NotFound,
            Ok(meta) => meta.is_file(),
        };
        let foreign = [&self.staging, &self.previous]
            .into_iter()
            .find(|kept| matches!(Kept::at(kept), Kept::NotAFolder | Kept::Foreign))
            .or((!lock_is_ours).then_some(&self.lock));
        if let Some(kept) = foreign {
            return Err(refusal(
                format!(
                    "{} has the name of something Verity keeps beside the output, but Verity did not make it, so Verity will not use or empty it",
                    kept.display()
                ),
                "move it somewhere safe, or choose another output folder with --out",
            ));
        }
        Ok(())
    }

    /// Claims the output for this build, waiting while another build holds
    /// it (`waiting` is called once if so). The lock is on a file beside
    /// the output, so it is released if the process dies; the file is never
    /// removed, since a build waiting on it would then lock a file that no
    /// longer has a name while a third made a new one.
    pub(crate) fn lock(&self, waiting: impl FnOnce(&Path)) -> Result<OutputLock, Error> {
        let io = |source| Error::Io {
            path: self.lock.clone(),
            source,
        };
        if let Some(parent) = self.lock.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let file = open_lock_file(&self.lock).map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting(&self.dir);
                file.lock().map_err(io)?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io(e)),
        }
        Ok(OutputLock { _file: file })
    }

    /// The folder as the user asked for it and, if that reads differently,
    /// where it leads.
    fn shown(&self) -> String {
        if self.requested == self.dir {
            self.dir.display().to_string()
        } else {
            format!(
                "{} (that is, {})",
                self.requested.display(),
                self.dir.display()
            )
        }
    }
}

fn refusal(message: String, help: &'static str) -> Diagnostic {
    Diagnostic::new(Code::OutputUnsafe, message).help(help)
}

/// What is at a path Verity may write to or empty.
enum Kept {
    Missing,
    Empty,
    /// A folder holding Verity's marker file.
    Verity,
    /// A file, or a symbolic link.
    NotAFolder,
    /// A folder with files in it and no marker.
    Foreign,
}

impl Kept {
    fn at(path: &Path) -> Kept {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == ErrorKind::NotFound => Kept::Missing,
            Err(_) => Kept::Foreign,
            Ok(meta) if !meta.is_dir() => Kept::NotAFolder,
            Ok(_) => {
                if is_plain_file(&path.join(MARKER)) {
                    Kept::Verity
                } else if std::fs::read_dir(path).is_ok_and(|mut e| e.next().is_none()) {
                    Kept::Empty
                } else {
                    Kept::Foreign
                }
            }
        }
    }
}

/// A regular file, not a link to one.
fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_file())
}

/// Opens (or makes) the lock file without following a symbolic link: a
/// link there must not make Verity create or lock a file elsewhere.
fn open_lock_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // The flag's bits fit an i32: they are the C flag itself.
        let no_follow = i32::try_from(rustix::fs::OFlags::NOFOLLOW.bits()).unwrap_or(0);
        options.custom_flags(no_follow);
    }
    options.open(path)
}

/// Makes a path absolute and resolves it as the operating system would,
/// without requiring all of it to exist: each component that exists is
/// resolved (a symbolic link replaced by where it leads), so that a `..`
/// after it goes where the system would go; past the first component that
/// does not exist, `..` removes the component before it.
pub(crate) fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()?.join(path)
    };
    let mut resolved = PathBuf::new();
    // How many components at the end of `resolved` do not exist yet.
    let mut missing = 0usize;
    for component in absolute.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => resolved.push(component),
            Component::CurDir => {}
            Component::ParentDir => {
                resolved.pop();
                missing = missing.saturating_sub(1);
            }
            Component::Normal(name) => {
                resolved.push(name);
                if missing > 0 {
                    missing += 1;
                    continue;
                }
                match std::fs::canonicalize(&resolved) {
                    Ok(real) => resolved = real,
                    Err(e) if e.kind() == ErrorKind::NotFound => {
                        if resolved.is_symlink() {
                            return Err(std::io::Error::new(
                                ErrorKind::NotFound,
                                format!(
                                    "{} is a symbolic link to something that does not exist",
                                    resolved.display()
                                ),
                            ));
                        }
                        missing = 1;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_after_a_missing_folder_removes_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = std::fs::canonicalize(dir.path()).expect("canonical");
        let resolved = resolve(&base.join("new/../thesis")).expect("resolves");
        assert_eq!(resolved, base.join("thesis"));
        let resolved = resolve(&base.join("a/b/../../c/./d/..")).expect("resolves");
        assert_eq!(resolved, base.join("c"));
    }

    #[test]
    fn dot_dot_after_a_link_goes_to_the_folder_holding_its_target() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::create_dir_all(base.join("far/deep")).expect("folders");
        std::os::unix::fs::symlink(base.join("far/deep"), base.join("link")).expect("link");
        let resolved = resolve(&base.join("link/../out")).expect("resolves");
        assert_eq!(resolved, base.join("far/out"));
    }

    #[test]
    fn a_link_to_nothing_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("dangling"))
            .expect("link");
        assert!(resolve(&dir.path().join("dangling/out")).is_err());
    }
}
