//! What the reading targets share: the bytes as a file, read as an import reads it.

use regulars_lib::import::read::{ReadOptions, open_rows, sniff};
use std::io::Write;

/// Writes `data` to a temp file named `*suffix`, sniffs it and drains its rows. Errors are fine;
/// panics, aborts, hangs and runaway memory are not.
pub fn read_all(data: &[u8], suffix: &str) {
    let Ok(mut file) = tempfile::Builder::new().suffix(suffix).tempfile() else {
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
}
