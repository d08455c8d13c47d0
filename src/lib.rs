//! Verity: a static site generator for NHS patient guidance on access to
//! health records, which refuses to publish a page that contradicts the
//! canonical rule data.
//!
//! The pipeline runs one way: load → expand → read → check → render →
//! audit → write ([`pipeline`]). Each stage takes what the earlier ones
//! produced and returns new values; problems in the author's files are
//! [`diagnostics`], never panics.

// A `Diagnostic` is a few hundred bytes and is the error of many small
// functions. It is made only on the cold path, where a user's file is wrong,
// so boxing it would add noise to every signature for no measurable gain.
#![allow(clippy::result_large_err)]
#![warn(missing_docs, unreachable_pub)]
#![forbid(unsafe_code)]

// The stages, in the order data flows through them; each depends only on
// those above it and on the shared modules below (see ARCHITECTURE.md).

/// 1. Files → a [`model::Site`].
mod load;

/// 2. Expressions → markdown, per page and trust.
mod expand;

/// 3. Markdown → text blocks, outline and body HTML, in one parse.
mod read;

/// 4. What the text claims, judged against the rules.
mod check;

/// 5. Bodies into the theme; the site's files.
mod render;

/// 6. What only the finished output shows: links, shared addresses.
mod audit;

/// 7. The output folder, safely.
mod write;

/// Runs the stages, and keeps their work between runs.
pub mod pipeline;

// What the stages share.
mod builtin;
pub mod diagnostics;
mod error;
mod fingerprint;
pub mod model;

// The ways in besides the pipeline: the preview server, the fuzz targets
// and the benchmarks.
pub mod bench;
pub mod harness;
pub mod serve;

pub use builtin::{write_example, write_page};
pub use error::Error;
pub use expand::{ExpandedPage, Expansion, Origin, Piece};
pub use model::RunParams;
pub use pipeline::{BuildOutcome, Judged, Pipeline, Work, build_site, check_site};
pub use render::Output;
