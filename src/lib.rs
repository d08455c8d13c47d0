//! Verity: a static site generator for NHS patient guidance on access to
//! health records, which refuses to publish a page that contradicts the
//! canonical rule data.
//!
//! The pipeline runs one way: [`load`] → [`expand`] → `check` → [`render`] →
//! [`write`]. Each stage takes what the earlier ones produced and returns new
//! values; problems in the author's files are [`diagnostics`], never panics.

// A `Diagnostic` is a few hundred bytes and is the error of many small
// functions. It is made only on the cold path, where a user's file is wrong,
// so boxing it would add noise to every signature for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod diagnostics;
pub mod expand;
pub mod harness;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod write;

mod example;
pub mod pipeline;

pub use example::write_example;
pub use expand::Expansion;
pub use pipeline::{BuildOutcome, CheckOutcome, build_site, check_site};

use std::hash::{BuildHasher, Hash};
use std::path::PathBuf;

/// A hash of a value, for telling whether an input changed between runs.
/// Only ever compared within one process, so no hash needs to be stable
/// across versions; foldhash rather than the standard SipHash, which was a
/// few per cent of a build: pages and blocks are fingerprinted many times.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    foldhash::quality::FixedState::with_seed(0x5645_5249_5459).hash_one(value)
}

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
    /// `verity new` was pointed at a folder that already has files.
    #[error("{path} already exists and is not empty; choose a new folder")]
    NotEmpty {
        /// The folder.
        path: PathBuf,
    },
}
