//! The imports of every kind as one list, and their undo: each batch is undone by the domain
//! that knows what it added (a POS file's lines, a member list's members). The table imports'
//! kinds are here too, each a schema on `import::table`.

use crate::import::batches::{self, Batch};
use crate::import::table::{self, Schema, TableError, TableReport, TableRequest};
use crate::people::member_list::MemberList;
use crate::people::members;
use crate::sales::batches as sales_batches;
use crate::sales::engine::{ImportError, ImportReport};
use crate::settings::ctx::Ctx;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// The kinds of table import (`<ImportWizard kind=…>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TableKind {
    Members,
}

/// What importing `path` as `kind` would do.
pub fn preview_table(
    conn: &mut Connection,
    kind: TableKind,
    path: &Path,
    ctx: &Ctx,
) -> Result<TableReport, TableError> {
    match kind {
        TableKind::Members => table::preview(conn, &MemberList, path, ctx),
    }
}

/// Imports the file of `request` as `kind`.
pub fn import_table(
    conn: &mut Connection,
    kind: TableKind,
    request: &TableRequest,
    ctx: &Ctx,
    rejects_dir: &Path,
) -> Result<TableReport, TableError> {
    match kind {
        TableKind::Members => table::import(conn, &MemberList, request, ctx, rejects_dir),
    }
}

/// An import as the imports screen lists it: the batch, and a sales batch's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Import {
    pub batch: Batch,
    pub sales: Option<ImportReport>,
}

/// Every import, the latest first.
pub fn list(conn: &Connection) -> Result<Vec<Import>, ImportError> {
    let mut reports = sales_batches::reports(conn)?;
    Ok(batches::list(conn)?
        .into_iter()
        .map(|batch| Import {
            sales: reports.remove(&batch.id),
            batch,
        })
        .collect())
}

/// What undoing a batch would remove, before the owner confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UndoCheck {
    /// Sales lines, or members.
    pub removes: u64,
    /// Sales lines that stay: a remaining import brought them too.
    pub kept: u64,
    /// The members of a member list changed since (edited, tagged, linked to a customer): undo
    /// asks whether they go too.
    pub changed: Vec<String>,
}

pub fn undo_check(conn: &Connection, id: i64) -> Result<UndoCheck, ImportError> {
    let batch = batches::get(conn, id)?.ok_or(ImportError::NoBatch(id))?;
    match batch.kind.as_str() {
        sales_batches::KIND => {
            let (removes, kept) = sales_batches::undo_counts(conn, id)?;
            let changed = Vec::new();
            Ok(UndoCheck {
                removes,
                kept,
                changed,
            })
        }
        k if k == MemberList::KIND => {
            let (removes, changed) = members::of_batch(conn, id)?;
            let kept = 0;
            Ok(UndoCheck {
                removes,
                kept,
                changed,
            })
        }
        _ => Err(ImportError::NoBatch(id)),
    }
}

/// Undoes batch `id`; a member list's members changed since stay with `keep_changed`. Returns
/// how many lines or members went.
pub fn undo(conn: &mut Connection, id: i64, keep_changed: bool) -> Result<u64, ImportError> {
    let batch = batches::get(conn, id)?.ok_or(ImportError::NoBatch(id))?;
    match batch.kind.as_str() {
        sales_batches::KIND => sales_batches::undo(conn, id),
        k if k == MemberList::KIND => batches::undo(conn, id, |tx, _| {
            members::remove_batch(tx, id, keep_changed)
        })?
        .ok_or(ImportError::NoBatch(id)),
        _ => Err(ImportError::NoBatch(id)),
    }
}
