//! POS sales import: any export in, every sale counted once, nothing half-written.
//!
//! The pipeline, each stage its own module: `read` (bytes → rows of text:
//! encoding, delimiter, Excel, title and total lines) → `layout` (which column
//! plays which role: presets, header synonyms, value sniffing) → `values`
//! (cell text → money, quantities, dates, times) → `engine` (rows into typed
//! sale and refund lines, one transaction per file, batches and undo) →
//! `writer` (lines into the store). `lines` holds what the last two share (the
//! typed line, its keys, the tally, the errors), so neither imports the other.
//!
//! Everything here is pure core: it takes paths, options and the clock as
//! arguments, never the window.

mod batches;
pub mod engine;
mod guard;
pub mod layout;
mod lines;
mod presets;
pub mod read;
mod rejects;
mod roles;
pub mod values;
mod writer;
