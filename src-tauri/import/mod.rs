//! The import mechanism: files in, rows of typed values out, and the batches that remember what
//! each import brought. It names no domain; the importers that store rows (the POS sales in
//! `sales`, the table imports such as `people::member_list`) build on it.
//!
//! `read` (bytes → rows of text: encoding, delimiter, Excel, title and total lines, with `guard`
//! keeping spreadsheet formulas inert) → `values` (cell text → money, quantities, dates, times).
//! `table` is the one import of a table of records (a `Schema`: fields with header synonyms,
//! `row()` to parse, `write()` to store) with preview, all or nothing or the valid rows,
//! `rejects` (the refused rows' file) and `batches` (provenance, the imports list, what undo
//! removes).
//!
//! Everything here is pure core: it takes paths, options and the clock as arguments, never the
//! window.

pub mod batches;
pub mod guard;
pub mod read;
pub mod rejects;
pub mod table;
pub mod values;
mod workbook_size;

use std::path::Path;

/// A file that could not be read or written, with its path.
#[derive(Debug, thiserror::Error)]
#[error("file error on {path}: {source}")]
pub struct FileError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

impl FileError {
    pub fn at(path: &Path, source: std::io::Error) -> FileError {
        FileError {
            path: path.display().to_string(),
            source,
        }
    }
}
