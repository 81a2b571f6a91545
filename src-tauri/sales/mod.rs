//! POS sales: any export in, every sale counted once, nothing half-written;
//! and the rollups every KPI reads.
//!
//! The pipeline, each stage its own module, on the import mechanism's
//! `read` and `values`: `layout` (which column plays which role: presets and
//! header synonyms as data in `presets`, roles in `roles`, value sniffing) →
//! `engine` (rows into typed sale and refund lines, one transaction per
//! file) → `writer` (lines into the store) → `rollups` (per day, per
//! customer and day, per customer). `lines` holds what the engine and the
//! writer share (the typed line, its keys, the tally, the errors), so
//! neither imports the other; `batches` lists and undoes imports, `rejects`
//! writes the rows a file could not use, and `unmatched` lists the
//! identified customers who are not members yet.

mod batches;
pub mod engine;
pub mod layout;
mod lines;
mod presets;
mod rejects;
mod roles;
pub mod rollups;
pub mod unmatched;
mod writer;
