//! The imports of every kind: the table imports (preview, import), the imports list and undo.

use super::access::{Reply, changed, with_import, with_shop};
use crate::app::state::AppState;
use crate::import::table::{TableReport, TableRequest};
use crate::shop::imports::{self, Import, TableKind, UndoCheck};
use std::path::PathBuf;
use tauri::State;

/// What importing the file as `kind` would do; writes nothing.
#[tauri::command(async)]
pub fn table_preview(
    state: State<'_, AppState>,
    kind: TableKind,
    path: PathBuf,
) -> Reply<TableReport> {
    with_import(&state, |conn, ctx, _| {
        imports::preview_table(conn, kind, &path, ctx)
    })
}

/// Imports the file as `kind`: all or nothing, or the valid rows with a rejects file.
#[tauri::command(async)]
pub fn table_import(
    state: State<'_, AppState>,
    kind: TableKind,
    request: TableRequest,
) -> Reply<TableReport> {
    let reply = with_import(&state, |conn, ctx, rejects| {
        imports::import_table(conn, kind, &request, ctx, rejects)
    });
    changed(&state, reply)
}

#[tauri::command]
pub fn list_imports(state: State<'_, AppState>) -> Reply<Vec<Import>> {
    with_shop(&state, |shop| Ok(imports::list(&shop.conn)?))
}

/// What undoing import `id` would remove, and the members changed since.
#[tauri::command]
pub fn undo_import_check(state: State<'_, AppState>, id: i64) -> Reply<UndoCheck> {
    with_shop(&state, |shop| Ok(imports::undo_check(&shop.conn, id)?))
}

#[tauri::command]
pub fn undo_import(state: State<'_, AppState>, id: i64, keep_changed: bool) -> Reply<u64> {
    let reply = with_shop(&state, |shop| {
        Ok(imports::undo(&mut shop.conn, id, keep_changed)?)
    });
    changed(&state, reply)
}
