//! Fuzz target: see `verity::harness::page`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| verity::harness::page(data));
