//! Any bytes as an `.xls` workbook: the BIFF size guard (`import::workbook_size::xls`), then
//! calamine, reached the way an import reaches them (`sniff`, then drain `open_rows`). Seed it
//! with ../shared/datasets/hostile-excel/*.xls so the mutations keep a compound-file header.
//! Errors are fine; panics, aborts, hangs and runaway memory are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regulars_lib::import::read::{ReadOptions, open_rows, sniff};
use std::io::Write;

/// The compound-file signature that makes the reader take a file for an `.xls`.
const CFB: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fuzz_target!(|data: &[u8]| {
    // Anything else is the CSV reader's, which `read_file` covers.
    if !data.starts_with(&CFB) {
        return;
    }
    let Ok(mut file) = tempfile::Builder::new().suffix(".xls").tempfile() else {
        return;
    };
    if file.write_all(data).and_then(|()| file.flush()).is_err() {
        return;
    }
    let known = |cell: &str| matches!(cell, "date" | "amount" | "日期" | "金额");
    let Ok(sniffed) = sniff(file.path(), &ReadOptions::default(), &known) else {
        return;
    };
    if let Ok(rows) = open_rows(file.path(), &sniffed) {
        for row in rows {
            if row.is_err() {
                break;
            }
        }
    }
});
