//! POS imports (preview, run with progress and cancel) and the customers they bring.

use super::access::{Reply, changed, with_ctx, with_import, with_shop};
use crate::app::state::AppState;
use crate::people::customers::{self, CustomerError};
use crate::sales::engine::{self, ImportReport, ImportRequest, Preview};
use crate::sales::unmatched::{self, Customer};
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, State};

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
    let reply = with_import(&state, |conn, ctx, rejects| {
        let mut progress = |done: u64, total: u64| {
            let _ = app.emit("import-progress", ImportProgress { done, total });
            !state.cancel_import.load(Ordering::SeqCst)
        };
        engine::import(conn, &request, ctx, rejects, false, &mut progress)
    });
    changed(&state, reply)
}

#[tauri::command]
pub fn import_cancel(state: State<'_, AppState>) {
    state.cancel_import.store(true, Ordering::SeqCst);
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

/// What the customers would be called as members, for the owner to confirm first.
#[tauri::command]
pub fn member_names_of_customers(
    state: State<'_, AppState>,
    identity_ids: Vec<i64>,
) -> Reply<Vec<String>> {
    with_ctx(&state, |conn, ctx| {
        customers::names(conn, &identity_ids, ctx.lang)
    })
}

/// Makes members of the customers, as one batch the imports list can undo; returns its id.
#[tauri::command]
pub fn create_members_from_customers(
    state: State<'_, AppState>,
    identity_ids: Vec<i64>,
) -> Reply<i64> {
    with_ctx(&state, |conn, ctx| {
        customers::create_members(conn, &identity_ids, ctx)
    })
}
