//! Fuzz target: see `verity::harness::expressions`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| verity::harness::expressions(data));
