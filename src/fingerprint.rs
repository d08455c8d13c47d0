//! Fingerprints of inputs: how the pipeline tells whether anything a piece
//! of work depends on changed since the last run.

use std::hash::{BuildHasher, Hash};

/// A hash of a value, for telling whether an input changed between runs.
/// Only ever compared within one process, so no hash needs to be stable
/// across versions; foldhash rather than the standard SipHash, which was a
/// few per cent of a build: pages and blocks are fingerprinted many times.
pub(crate) fn fingerprint<T: Hash + ?Sized>(value: &T) -> u64 {
    foldhash::quality::FixedState::with_seed(0x5645_5249_5459).hash_one(value)
}

/// FNV-1a: a tiny hash whose output is the same on every platform and Rust
/// version, for what must not change between builds (an asset's name) or
/// is hashed a byte at a time (the checker's words).
#[derive(Debug, Clone, Copy)]
pub(crate) struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for StableHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.write_u8(*byte);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
}
