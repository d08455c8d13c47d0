//! Fuzz target: see `verity::harness::claims`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| verity::harness::claims(data));
