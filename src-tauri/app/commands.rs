//! The commands the UI calls. Each converts its arguments, calls the core and
//! maps the error; the typed wrappers in `ui/src/api.ts` call them by name.

use super::{ApiError, AppState};
use crate::customers::{self, Customer};
use crate::dashboard::{self as board, Dashboard};
use crate::i18n::{Failure, Lang};
use crate::import::engine::{self, Batch, ImportError, ImportReport, ImportRequest, Preview};
use crate::members::{self, Context, Member, MemberError, MemberInput, MemberList, MemberQuery};
use crate::metrics::{self, Period};
use crate::report;
use crate::settings::{self, CURRENCIES, Currency, Settings};
use crate::shop::{Shop, ShopInfo, ShopKind};
use crate::store::{self, BackupFile};
use crate::targets;
use chrono::{NaiveDate, Utc};
use rusqlite::Connection;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tauri::{AppHandle, Emitter, State};

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        shop_info,
        open_demo,
        open_own_shop,
        list_members,
        add_member,
        update_member,
        mark_member_left,
        rejoin_member,
        forget_member,
        save_settings,
        set_language,
        currencies,
        list_backups,
        backup_to,
        restore_from,
        import_preview,
        import_run,
        import_cancel,
        list_imports,
        undo_import,
        unmatched_customers,
        link_customer,
        create_members_from_customers,
        dashboard,
        set_target,
        review,
        save_review_html,
        save_review_pdf,
        print_review,
        import_members,
    ]
}

type Reply<T> = Result<T, ApiError>;

fn poisoned() -> ApiError {
    ApiError::internal(Lang::En, "the shop lock was poisoned")
}

/// Runs `f` on the open shop and turns its failure into an `ApiError` in the
/// shop's language.
fn with_shop<T>(state: &AppState, f: impl FnOnce(&mut Shop) -> Result<T, Failure>) -> Reply<T> {
    let mut guard = state.shop.lock().map_err(|_| poisoned())?;
    let shop = guard.as_mut().map_err(|e| e.clone())?;
    let lang = shop.lang();
    f(shop).map_err(|e| ApiError::from_user(e.error(), lang))
}

/// `with_shop` for member edits, which need the phone region and today's date.
fn with_members<T>(
    state: &AppState,
    f: impl FnOnce(&mut Connection, Context<'_>) -> Result<T, MemberError>,
) -> Reply<T> {
    with_shop(state, |shop| {
        let s = shop.settings()?;
        Ok(f(&mut shop.conn, Context::for_shop(&s, Utc::now()))?)
    })
}

fn info(state: &AppState) -> Reply<ShopInfo> {
    with_shop(state, |shop| Ok(shop.info(Utc::now())?))
}

/// Replaces the open shop with the one `next` opens; on failure the current
/// shop stays open.
fn switch(state: &AppState, next: impl FnOnce(&Shop) -> Result<Shop, Failure>) -> Reply<ShopInfo> {
    {
        let mut guard = state.shop.lock().map_err(|_| poisoned())?;
        let current = guard.as_ref().map_err(|e| e.clone())?;
        let lang = current.lang();
        let opened = next(current).map_err(|e| ApiError::from_user(e.error(), lang))?;
        *guard = Ok(opened);
    }
    info(state)
}

fn reopen_owner(state: &AppState, shop: &Shop) -> Result<Shop, Failure> {
    let defaults = shop.settings()?;
    Ok(Shop::open(
        state.owner_dir.clone(),
        ShopKind::Owner,
        defaults,
        Utc::now(),
    )?)
}

#[tauri::command]
pub fn shop_info(state: State<'_, AppState>) -> Reply<ShopInfo> {
    info(&state)
}

#[tauri::command]
pub fn open_demo(state: State<'_, AppState>) -> Reply<ShopInfo> {
    switch(&state, |shop| {
        let owner = shop.settings()?;
        Ok(Shop::open_demo(&state.owner_dir, &owner, Utc::now())?)
    })
}

/// Leaves the demo (or the welcome screen) for the owner's own shop.
#[tauri::command]
pub fn open_own_shop(state: State<'_, AppState>) -> Reply<ShopInfo> {
    switch(&state, |shop| {
        let owner = reopen_owner(&state, shop)?;
        owner.mark_started()?;
        Ok(owner)
    })
}

#[tauri::command]
pub fn list_members(state: State<'_, AppState>, query: MemberQuery) -> Reply<MemberList> {
    with_shop(&state, |shop| {
        let region = shop.settings()?.phone_region;
        Ok(members::list(&shop.conn, &query, &region)?)
    })
}

#[tauri::command]
pub fn add_member(state: State<'_, AppState>, input: MemberInput) -> Reply<Member> {
    with_members(&state, |conn, ctx| members::add(conn, &input, ctx))
}

#[tauri::command]
pub fn update_member(state: State<'_, AppState>, id: i64, input: MemberInput) -> Reply<Member> {
    with_members(&state, |conn, ctx| members::update(conn, id, &input, ctx))
}

#[tauri::command]
pub fn mark_member_left(
    state: State<'_, AppState>,
    id: i64,
    on: Option<NaiveDate>,
) -> Reply<Member> {
    with_members(&state, |conn, ctx| {
        members::mark_left(conn, id, on.unwrap_or(ctx.today), ctx)
    })
}

#[tauri::command]
pub fn rejoin_member(state: State<'_, AppState>, id: i64) -> Reply<Member> {
    with_members(&state, |conn, ctx| {
        members::rejoin(conn, id, ctx.phone_region)
    })
}

#[tauri::command]
pub fn forget_member(state: State<'_, AppState>, id: i64) -> Reply<()> {
    with_members(&state, |conn, _| members::forget(conn, id))
}

#[tauri::command]
pub fn save_settings(state: State<'_, AppState>, settings: Settings) -> Reply<ShopInfo> {
    with_shop(&state, |shop| {
        settings::save(&mut shop.conn, &settings)?;
        Ok(shop.info(Utc::now())?)
    })
}

/// Switches the language of the open shop and, from the demo, of the owner's shop too.
#[tauri::command]
pub fn set_language(state: State<'_, AppState>, language: Lang) -> Reply<ShopInfo> {
    with_shop(&state, |shop| {
        settings::save_language(&shop.conn, language)?;
        if shop.kind == ShopKind::Demo {
            let owner = reopen_owner(&state, shop)?;
            settings::save_language(&owner.conn, language)?;
        }
        Ok(shop.info(Utc::now())?)
    })
}

#[tauri::command]
pub fn currencies() -> Vec<Currency> {
    CURRENCIES.to_vec()
}

#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> Reply<Vec<BackupFile>> {
    with_shop(&state, |shop| {
        Ok(store::list_backups(&shop.dir.backups_dir())?)
    })
}

/// Writes a copy of the open shop to `path` (chosen in the save dialog).
#[tauri::command]
pub fn backup_to(state: State<'_, AppState>, path: PathBuf) -> Reply<()> {
    with_shop(&state, |shop| Ok(store::backup_to(&shop.conn, &path)?))
}

/// Replaces the open shop's data with the backup at `path`, after setting
/// the current data aside in `backups/`.
#[tauri::command]
pub fn restore_from(state: State<'_, AppState>, path: PathBuf) -> Reply<ShopInfo> {
    with_shop(&state, |shop| {
        let now = shop.settings()?.local_now(Utc::now());
        let backups = shop.dir.backups_dir();
        store::restore_from(&mut shop.conn, &path, &backups, now)?;
        Ok(shop.info(Utc::now())?)
    })
}

/// Runs `f` with the import context of the open shop.
fn with_import<T>(
    state: &AppState,
    f: impl FnOnce(&mut Connection, &engine::Context<'_>) -> Result<T, ImportError>,
) -> Reply<T> {
    with_shop(state, |shop| {
        let s = shop.settings()?;
        let rejects = shop.dir.rejects_dir();
        Ok(f(
            &mut shop.conn,
            &engine::Context::for_shop(&s, &rejects, Utc::now()),
        )?)
    })
}

/// Reads the file and shows what an import would do; writes nothing.
#[tauri::command(async)]
pub fn import_preview(state: State<'_, AppState>, request: ImportRequest) -> Reply<Preview> {
    with_import(&state, |conn, ctx| engine::preview(conn, &request, ctx))
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
    with_import(&state, |conn, ctx| {
        let mut progress = |done: u64, total: u64| {
            let _ = app.emit("import-progress", ImportProgress { done, total });
            !state.cancel_import.load(Ordering::SeqCst)
        };
        engine::import(conn, &request, ctx, false, &mut progress)
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
        Ok(customers::unmatched(&shop.conn, &region, false, None)?)
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
    with_shop(&state, |shop| {
        let s = shop.settings()?;
        let ctx = Context::for_shop(&s, Utc::now());
        Ok(customers::create_members(
            &mut shop.conn,
            &identity_ids,
            ctx,
        )?)
    })
}

#[tauri::command]
pub fn dashboard(state: State<'_, AppState>, week: Option<String>) -> Reply<Dashboard> {
    with_shop(&state, |shop| {
        let settings = shop.settings()?;
        let week = week.and_then(|w| Period::parse_week(&w, settings.week_start));
        board::build(&shop.conn, &settings, week, settings.today(Utc::now()))
    })
}

#[tauri::command]
pub fn set_target(state: State<'_, AppState>, kpi: String, value: Option<f64>) -> Reply<()> {
    with_shop(&state, |shop| Ok(targets::set(&shop.conn, &kpi, value)?))
}

/// The weekly review of a week, as the document "Save as HTML" writes.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct ReviewDoc {
    pub week: String,
    /// Weeks with sales, newest first, for the week picker.
    pub weeks: Vec<String>,
    pub html: String,
}

fn review_html(shop: &Shop, week: Option<String>) -> Result<ReviewDoc, Failure> {
    let settings = shop.settings()?;
    let week = match week.and_then(|w| Period::parse_week(&w, settings.week_start)) {
        Some(w) => w,
        None => {
            let coverage = metrics::sales_coverage(&shop.conn).map_err(store::StoreError::from)?;
            metrics::default_week(coverage, settings.today(Utc::now()), settings.week_start)
        }
    };
    let review = report::gather(&shop.conn, &settings, week)?;
    Ok(ReviewDoc {
        week: week.week_label(),
        weeks: review.board.weeks.clone(),
        html: report::render(&review),
    })
}

#[tauri::command]
pub fn review(state: State<'_, AppState>, week: Option<String>) -> Reply<ReviewDoc> {
    with_shop(&state, |shop| review_html(shop, week))
}

/// Writes the review to `path` (chosen in the save dialog): the same bytes as the CLI's `report`.
#[tauri::command]
pub fn save_review_html(
    state: State<'_, AppState>,
    week: Option<String>,
    path: PathBuf,
) -> Reply<()> {
    with_shop(&state, |shop| {
        let doc = review_html(shop, week)?;
        Ok(store::write_atomically(&path, doc.html.as_bytes())?)
    })
}

/// Opens the system print dialog for the page on screen (the review, as print CSS shows it).
#[tauri::command]
pub fn print_review(window: tauri::WebviewWindow) -> Reply<()> {
    window
        .print()
        .map_err(|e| ApiError::internal(Lang::En, &format!("printing failed: {e}")))
}

/// Prints the page on screen (the review) to an A4 PDF at `path`, without a dialog.
#[tauri::command]
pub async fn save_review_pdf(window: tauri::WebviewWindow, path: PathBuf) -> Reply<()> {
    super::pdf::save(&window, &path)
}

/// Adds the members of a member list file (CSV or Excel), all or none; returns how many.
#[tauri::command]
pub fn import_members(state: State<'_, AppState>, path: PathBuf) -> Reply<usize> {
    with_shop(&state, |shop| {
        let settings = shop.settings()?;
        let ctx = Context::for_shop(&settings, Utc::now());
        Ok(crate::member_list::import(
            &mut shop.conn,
            &path,
            ctx,
            settings.language,
        )?)
    })
}
