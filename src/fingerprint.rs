//! Fingerprints of inputs: how the pipeline tells whether anything a piece
//! of work depends on changed since the last run.

use std::hash::{BuildHasher, Hash};

/// A hash of a value, for telling whether an input changed between runs.
/// Only ever compared within one process, so no hash needs to be stable
/// across versions; foldhash rather than the standard SipHash, which was a
/// few per cent of a build: pages and blocks are fingerprinted many times.
pub fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    foldhash::quality::FixedState::with_seed(0x5645_5249_5459).hash_one(value)
}
