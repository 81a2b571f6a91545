//! POS sales import: any export in, every sale counted once, nothing half-written.
//!
//! The pipeline, each stage its own module: `read` (bytes → rows of text:
//! encoding, delimiter, Excel, title and total lines) → `layout` (which column
//! plays which role: presets, header synonyms, value sniffing) → `values`
//! (cell text → money, quantities, dates, times) → `engine` (typed sale and
//! refund lines, dedupe keys, one transaction per file, batches and undo).
//!
//! Everything here is pure core: it takes paths, options and the clock as
//! arguments, never the window.

pub mod engine;
pub mod layout;
pub mod read;
pub mod values;
mod writer;
