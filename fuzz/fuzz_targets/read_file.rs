//! Any bytes as an export file: `sniff` then drain `open_rows`. Errors are fine; panics,
//! hangs and runaway memory are not.
#![no_main]

#[path = "shared/read_all.rs"]
mod read_all;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| read_all::read_all(data, ""));
