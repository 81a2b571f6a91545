//! The import mechanism: files in, rows of typed values out. It names no
//! domain; the importers that store rows (the POS sales in `sales`, the
//! member lists in `people::member_list`) build on it.
//!
//! `read` (bytes → rows of text: encoding, delimiter, Excel, title and total
//! lines, with `guard` keeping spreadsheet formulas inert) → `values` (cell
//! text → money, quantities, dates, times).
//!
//! Everything here is pure core: it takes paths, options and the clock as
//! arguments, never the window.

mod guard;
pub mod read;
pub mod values;
