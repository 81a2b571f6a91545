//! Any bytes as an `.xls` workbook: the BIFF size guard (`import::workbook_size::xls`), then
//! calamine, reached the way an import reaches them (`sniff`, then drain `open_rows`). Seed it
//! with ../shared/datasets/hostile-excel/*.xls so the mutations keep a compound-file header.
//! Errors are fine; panics, aborts, hangs and runaway memory are not.
#![no_main]

#[path = "shared/read_all.rs"]
mod read_all;

use libfuzzer_sys::fuzz_target;

/// The compound-file signature that makes the reader take a file for an `.xls`.
const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    // Anything else is the CSV reader's, which `read_file` covers.
    if data.starts_with(&CFB) {
        read_all::read_all(data, ".xls");
    }
});
