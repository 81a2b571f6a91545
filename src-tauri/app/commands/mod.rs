//! The commands the UI calls, one file per area: `shop` (the open shop, settings, backups),
//! `members`, `sales` (imports and the customers they bring) and `insight` (dashboard, targets,
//! the review). Each converts its arguments, calls the core and maps the error; the typed
//! wrappers in `ui/src/api.ts` call them by name.

mod insight;
mod members;
mod sales;
mod shop;

/// For the bindings test, which exports the review's type.
#[cfg(test)]
pub(super) use insight::ReviewDoc;

use super::{ApiError, AppState};
use crate::i18n::{Failure, Lang};
use crate::members::{Context, MemberError};
use crate::shop::{Shop, ShopInfo, ShopKind};
use chrono::Utc;
use rusqlite::Connection;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        shop::shop_info,
        shop::open_demo,
        shop::open_own_shop,
        members::list_members,
        members::add_member,
        members::update_member,
        members::mark_member_left,
        members::rejoin_member,
        members::forget_member,
        shop::save_settings,
        shop::set_language,
        shop::currencies,
        shop::list_backups,
        shop::backup_to,
        shop::restore_from,
        sales::import_preview,
        sales::import_run,
        sales::import_cancel,
        sales::list_imports,
        sales::undo_import,
        sales::unmatched_customers,
        sales::link_customer,
        sales::create_members_from_customers,
        insight::dashboard,
        insight::set_target,
        insight::review,
        insight::save_review_html,
        insight::save_review_pdf,
        insight::print_review,
        members::import_members,
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
