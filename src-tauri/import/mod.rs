//! POS sales import: reading an owner's export (CSV/TXT in any common encoding, or Excel) into
//! rows of text, and turning cell text into typed values (money, quantities, dates, times).
//!
//! Everything here is pure core: it takes a path and options, never the clock or the window.

pub mod read;
pub mod values;
