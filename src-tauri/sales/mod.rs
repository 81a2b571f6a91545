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
//! neither imports the other; `batches` keeps a sales batch's totals and
//! undoes it (on `import::batches`, with `import::rejects` for the rows a
//! file could not use), and `unmatched` lists the identified customers who
//! are not members yet. `elsewhere` holds back a file whose receipts an
//! earlier import of another export already brought, and `voids` takes out of every total a
//! receipt a later export says was voided.

pub mod batches;
mod elsewhere;
pub mod engine;
pub mod layout;
mod lines;
mod presets;
mod roles;
pub mod rollups;
pub mod shop_guess;
pub mod unmatched;
pub mod voids;
pub mod warnings;
mod writer;

use crate::privacy::{Column, Kind, OnForget, column};
use rusqlite::Connection;

/// The receipts of customers `(from, to)` become `to`'s, inside the caller's transaction (the
/// people combined two identities of one customer), and the per-customer rollups are rebuilt.
pub fn combine_customers(tx: &Connection, pairs: &[(i64, i64)]) -> rusqlite::Result<()> {
    if pairs.is_empty() {
        return Ok(());
    }
    let mut stmt = tx.prepare("UPDATE receipts SET identity_id = ?2 WHERE identity_id = ?1")?;
    for (from, to) in pairs {
        stmt.execute([from, to])?;
    }
    rollups::rebuild(tx)
}

/// What forget does with the sales' tables: a forgotten member's per-customer rollups go, their
/// receipts stay with their amounts and lose the link; nothing else here is personal (a
/// rejects file, named by its batch, may hold the rows a file could not use: see
/// `import::batches::expire_rejects`).
pub const COLUMNS: &[Column] = &[
    column(
        "sales_by_customer_day",
        "identity_id",
        Kind::NamesIdentity(OnForget::DeleteRow),
    ),
    column(
        "sales_by_customer",
        "identity_id",
        Kind::NamesIdentity(OnForget::DeleteRow),
    ),
    column(
        "receipts",
        "identity_id",
        Kind::NamesIdentity(OnForget::Clear),
    ),
    column("receipts", "source", Kind::NotPersonal),
    column("receipts", "pos_id", Kind::NotPersonal),
    column("sale_lines", "kind", Kind::NotPersonal),
    column("items", "name", Kind::NotPersonal),
    column("items", "category", Kind::NotPersonal),
    column("import_mappings", "signature", Kind::NotPersonal),
    column("import_mappings", "mapping", Kind::NotPersonal),
    column("sales_batches", "date_from", Kind::NotPersonal),
    column("sales_batches", "date_to", Kind::NotPersonal),
];
