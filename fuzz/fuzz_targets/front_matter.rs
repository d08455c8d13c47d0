//! Fuzz target: see `verity::harness::front_matter`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| verity::harness::front_matter(data));
