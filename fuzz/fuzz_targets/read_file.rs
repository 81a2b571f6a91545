//! Any bytes as an export file: `sniff` then drain `open_rows`. Errors are fine; panics,
//! hangs and runaway memory are not.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regulars_lib::import::read::{ReadOptions, open_rows, sniff};
use std::io::Write;

fuzz_target!(|data: &[u8]| {
    let Ok(mut file) = tempfile::NamedTempFile::new() else {
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
