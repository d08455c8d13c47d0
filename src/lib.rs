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

// The stages, in the order data flows through them (ARCHITECTURE.md).
pub mod audit;
pub mod check;
pub mod expand;
pub mod load;
pub mod pipeline;
pub mod read;
pub mod render;
pub mod write;

// What the stages share.
mod builtin;
pub mod diagnostics;
pub mod error;
pub mod fingerprint;
pub mod model;

// The ways in: the preview server and the fuzz targets.
pub mod harness;
pub mod serve;

pub use builtin::write_example;
pub use error::Error;
pub use model::RunParams;
pub use pipeline::{BuildOutcome, Judged, build_site, check_site};
