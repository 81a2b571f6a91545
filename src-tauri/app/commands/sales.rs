//! POS imports (preview, run with progress and cancel) and the customers they bring.

use super::access::{Reply, changed, lang, with_ctx, with_import, with_shop};
use crate::app::files::{Flow, name_of};
use crate::app::state::AppState;
use crate::people::customers::{self, CustomerError};
use crate::sales::engine::{self, ImportReport, ImportRequest, Preview};
use crate::sales::unmatched::{self, Customer};
use std::path::Path;
use tauri::{AppHandle, Emitter, State};

/// The request with the path of the file the window chose (`file`, a token of an import).
fn chosen(state: &AppState, file: &str, request: ImportRequest) -> Reply<ImportRequest> {
    let path = state.files.path(file, Flow::Import, lang(state))?;
    Ok(ImportRequest {
        path: path.display().to_string(),
        ..request
    })
}

/// Reads the chosen file and shows what an import would do; writes nothing.
#[tauri::command(async)]
pub fn import_preview(
    state: State<'_, AppState>,
    file: String,
    request: ImportRequest,
) -> Reply<Preview> {
    let request = chosen(&state, &file, request)?;
    with_import(&state, |conn, ctx, _| engine::preview(conn, &request, ctx))
}

#[derive(Clone, serde::Serialize)]
struct ImportProgress {
    file: String,
    done: u64,
    total: u64,
}

/// Imports the file in one transaction, reporting progress as `import-progress` events (every
/// page shows them, with Cancel) and its end as `import-finished`; `import_cancel` stops it and
/// rolls back. While it runs, the other commands answer that it runs.
#[tauri::command(async)]
pub fn import_run(
    app: AppHandle,
    state: State<'_, AppState>,
    file: String,
    request: ImportRequest,
) -> Reply<ImportReport> {
    let request = chosen(&state, &file, request)?;
    let name = name_of(Path::new(&request.path));
    let reply = with_import(&state, |conn, ctx, rejects| {
        let _running = state.import.begin(ctx.lang, &name);
        let mut progress = |done: u64, total: u64| {
            let file = name.clone();
            let _ = app.emit("import-progress", ImportProgress { file, done, total });
            !state.import.cancelled()
        };
        engine::import(conn, &request, ctx, rejects, false, &mut progress)
    });
    let _ = app.emit("import-finished", ());
    if reply.is_ok() {
        state.files.spend(&file);
    }
    changed(&state, reply)
}

/// Stops the running import (it rolls back); answers at once, whoever holds the shop.
#[tauri::command(async)]
pub fn import_cancel(state: State<'_, AppState>) {
    state.import.cancel();
}

#[tauri::command(async)]
pub fn unmatched_customers(state: State<'_, AppState>) -> Reply<Vec<Customer>> {
    with_shop(&state, |shop| {
        let s = shop.settings()?;
        let found = unmatched::unmatched(&shop.conn, &s.phone_region, s.mask_phones, None);
        Ok(found.map_err(CustomerError::from)?)
    })
}

#[tauri::command(async)]
pub fn link_customer(state: State<'_, AppState>, identity_id: i64, member_id: i64) -> Reply<()> {
    with_shop(&state, |shop| {
        Ok(customers::link(&shop.conn, identity_id, member_id)?)
    })
}

/// What the customers would be called as members, for the owner to confirm first.
#[tauri::command(async)]
pub fn member_names_of_customers(
    state: State<'_, AppState>,
    identity_ids: Vec<i64>,
) -> Reply<Vec<String>> {
    with_ctx(&state, |conn, ctx| {
        customers::names(conn, &identity_ids, ctx)
    })
}

/// Makes members of the customers, as one batch the imports list can undo; returns its id.
#[tauri::command(async)]
pub fn create_members_from_customers(
    state: State<'_, AppState>,
    identity_ids: Vec<i64>,
) -> Reply<i64> {
    with_ctx(&state, |conn, ctx| {
        customers::create_members(conn, &identity_ids, ctx)
    })
}
