//! POS imports (preview, run with progress and cancel, list, undo) and the customers they bring.

use super::access::{Reply, with_ctx, with_shop};
use crate::app::state::AppState;
use crate::people::customers::{self, CustomerError};
use crate::sales::engine::{self, Batch, ImportError, ImportReport, ImportRequest, Preview};
use crate::sales::unmatched::{self, Customer};
use crate::settings::ctx::Ctx;
use chrono::Utc;
use rusqlite::Connection;
use std::path::Path;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, State};

/// Runs `f` with the import context of the open shop.
fn with_import<T>(
    state: &AppState,
    f: impl FnOnce(&mut Connection, &Ctx, &Path) -> Result<T, ImportError>,
) -> Reply<T> {
    with_shop(state, |shop| {
        let ctx = Ctx::for_shop(&shop.settings()?, Utc::now());
        let rejects = shop.dir.rejects_dir();
        Ok(f(&mut shop.conn, &ctx, &rejects)?)
    })
}

/// Reads the file and shows what an import would do; writes nothing.
#[tauri::command(async)]
pub fn import_preview(state: State<'_, AppState>, request: ImportRequest) -> Reply<Preview> {
    with_import(&state, |conn, ctx, _| engine::preview(conn, &request, ctx))
}

#[derive(Clone, serde::Serialize)]
struct ImportProgress {
    done: u64,
    total: u64,
}

/// Imports the file in one transaction, reporting progress as
/// `import-progress` events; `import_cancel` stops it and rolls back.
#[tauri::command(async)]
pub fn import_run(
    app: AppHandle,
    state: State<'_, AppState>,
    request: ImportRequest,
) -> Reply<ImportReport> {
    state.cancel_import.store(false, Ordering::SeqCst);
    with_import(&state, |conn, ctx, rejects| {
        let mut progress = |done: u64, total: u64| {
            let _ = app.emit("import-progress", ImportProgress { done, total });
            !state.cancel_import.load(Ordering::SeqCst)
        };
        engine::import(conn, &request, ctx, rejects, false, &mut progress)
    })
}

#[tauri::command]
pub fn import_cancel(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::SeqCst);
}

#[tauri::command]
pub fn list_imports(state: State<'_, AppState>) -> Reply<Vec<Batch>> {
    with_shop(&state, |shop| Ok(engine::list_batches(&shop.conn)?))
}

#[tauri::command]
pub fn undo_import(state: State<'_, AppState>, id: i64) -> Reply<u64> {
    with_shop(&state, |shop| Ok(engine::undo(&mut shop.conn, id)?))
}

#[tauri::command]
pub fn unmatched_customers(state: State<'_, AppState>) -> Reply<Vec<Customer>> {
    with_shop(&state, |shop| {
        let region = shop.settings()?.phone_region;
        Ok(unmatched::unmatched(&shop.conn, &region, false, None).map_err(CustomerError::from)?)
    })
}

#[tauri::command]
pub fn link_customer(state: State<'_, AppState>, identity_id: i64, member_id: i64) -> Reply<()> {
    with_shop(&state, |shop| {
        Ok(customers::link(&shop.conn, identity_id, member_id)?)
    })
}

#[tauri::command]
pub fn create_members_from_customers(
    state: State<'_, AppState>,
    identity_ids: Vec<i64>,
) -> Reply<Vec<i64>> {
    with_ctx(&state, |conn, ctx| {
        customers::create_members(conn, &identity_ids, ctx)
    })
}
