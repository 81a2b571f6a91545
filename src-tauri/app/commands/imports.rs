//! The imports of every kind: the table imports (preview, import), the imports list and undo.

use super::access::{Reply, changed, lang, with_ctx, with_import, with_shop};
use crate::app::files::{Flow, name_of};
use crate::app::state::AppState;
use crate::import::table::{TableReport, TableRequest};
use crate::shop::imports::{self, Import, TableKind, UndoCheck};
use tauri::State;

/// What importing the chosen file (`file`, a token of an import) as `kind` would do; writes
/// nothing.
#[tauri::command(async)]
pub fn table_preview(
    state: State<'_, AppState>,
    kind: TableKind,
    file: String,
) -> Reply<TableReport> {
    let path = state.files.path(&file, Flow::Import, lang(&state))?;
    with_import(&state, |conn, ctx, _| {
        imports::preview_table(conn, kind, &path, ctx)
    })
}

/// Imports the chosen file as `kind`: all or nothing, or the valid rows with a rejects file.
#[tauri::command(async)]
pub fn table_import(
    state: State<'_, AppState>,
    kind: TableKind,
    file: String,
    valid_rows: bool,
) -> Reply<TableReport> {
    let path = state.files.path(&file, Flow::Import, lang(&state))?;
    let name = name_of(&path);
    let request = TableRequest { path, valid_rows };
    let reply = with_import(&state, |conn, ctx, rejects| {
        let _running = state.import.begin(ctx.lang, &name);
        imports::import_table(conn, kind, &request, ctx, rejects)
    });
    if reply.is_ok() {
        state.files.spend(&file);
    }
    changed(&state, reply)
}

#[tauri::command(async)]
pub fn list_imports(state: State<'_, AppState>) -> Reply<Vec<Import>> {
    with_shop(&state, |shop| {
        let lang = shop.lang();
        Ok(imports::list(&shop.conn, lang)?)
    })
}

/// What undoing import `id` would remove, and the members changed since.
#[tauri::command(async)]
pub fn undo_import_check(state: State<'_, AppState>, id: i64) -> Reply<UndoCheck> {
    with_ctx(&state, |conn, ctx| imports::undo_check(conn, id, ctx))
}

#[tauri::command(async)]
pub fn undo_import(state: State<'_, AppState>, id: i64, keep_changed: bool) -> Reply<u64> {
    let reply = with_shop(&state, |shop| {
        Ok(imports::undo(&mut shop.conn, id, keep_changed)?)
    });
    changed(&state, reply)
}
