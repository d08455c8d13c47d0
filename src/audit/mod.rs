//! Stage six: the audit. What can be judged only on the finished output,
//! with every page rendered: links between pages (and to their sections),
//! and two things written to one address.
//!
//! Not for: the text of a page (that is `check`).

pub(crate) mod addresses;
pub(crate) mod links;
