//! Fuzz target: see `verity::harness::raw_html`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| verity::harness::raw_html(data));
