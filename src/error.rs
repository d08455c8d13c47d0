//! Failures that are not problems in the author's files.

use std::path::PathBuf;

/// A failure that is not a problem in the author's files: Verity could not
/// run at all (exit code 2).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The folder has no site.toml.
    #[error(
        "{root} is not a Verity site: there is no site.toml here (run `verity new <dir>` to start one)"
    )]
    NotASite {
        /// The folder that was given.
        root: PathBuf,
    },
    /// Writing the site failed part way (a full disk, say). What was staged
    /// has been removed and the output folder is as it was.
    #[error(
        "could not write the site to {output}: {path}: {source}\nthe output folder was left as it was, and nothing of this build was kept"
    )]
    WriteFailed {
        /// The output folder, untouched.
        output: PathBuf,
        /// The file or folder that could not be written.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// Verity went wrong in a way it checks for: a bug to report.
    #[error("internal error: {0}; nothing was written (please report this)")]
    Internal(&'static str),
    /// The command line asked for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    /// `verity new page` would replace a page that exists.
    #[error("{path} already exists; choose another title, or edit that page")]
    PageExists {
        /// The page.
        path: PathBuf,
    },
    /// `verity new` was pointed at a folder that already has files.
    #[error("{path} already exists and is not empty; choose a new folder")]
    NotEmpty {
        /// The folder.
        path: PathBuf,
    },
}
