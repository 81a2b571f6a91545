//! How a command reaches the open shop: under the lock, with its failure turned into an
//! `ApiError` in the shop's language.

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::i18n::{Failure, Lang, UserError};
use crate::settings::ctx::Ctx;
use crate::shop::{Shop, ShopInfo, ShopKind};
use chrono::Utc;
use rusqlite::Connection;
use std::path::Path;

pub(super) type Reply<T> = Result<T, ApiError>;

fn poisoned() -> ApiError {
    ApiError::internal(Lang::En, "the shop lock was poisoned")
}

/// Runs `f` on the open shop and turns its failure into an `ApiError` in the
/// shop's language.
pub(super) fn with_shop<T>(
    state: &AppState,
    f: impl FnOnce(&mut Shop) -> Result<T, Failure>,
) -> Reply<T> {
    let mut guard = state.shop.lock().map_err(|_| poisoned())?;
    let shop = guard.as_mut().map_err(|e| e.clone())?;
    let lang = shop.lang();
    let read_only = shop.read_only_guard();
    f(shop).map_err(|e| {
        let e = match &read_only {
            Some(guard) => guard.explain(e),
            None => e,
        };
        ApiError::from_user(e.error(), lang)
    })
}

/// `with_shop` for a command that needs the shop's context (region, currency, language, today):
/// most commands are one line, `with_ctx(&state, |conn, ctx| members::add(conn, &input, ctx))`.
pub(super) fn with_ctx<T, E: UserError + Send + Sync + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Connection, Ctx) -> Result<T, E>,
) -> Reply<T> {
    with_shop(state, |shop| {
        let ctx = Ctx::for_shop(&shop.settings()?, Utc::now());
        Ok(f(&mut shop.conn, ctx)?)
    })
}

/// `with_ctx` for an import, which also needs the folder of rejects files.
pub(super) fn with_import<T, E: UserError + Send + Sync + 'static>(
    state: &AppState,
    f: impl FnOnce(&mut Connection, &Ctx, &Path) -> Result<T, E>,
) -> Reply<T> {
    with_shop(state, |shop| {
        let ctx = Ctx::for_shop(&shop.settings()?, Utc::now());
        let rejects = shop.dir.rejects_dir();
        Ok(f(&mut shop.conn, &ctx, &rejects)?)
    })
}

/// `reply`, after telling the backup worker that the shop changed, when it did: an import, an
/// undo, a forget (a restore tells it itself).
pub(super) fn changed<T>(state: &AppState, reply: Reply<T>) -> Reply<T> {
    if reply.is_ok() {
        state.backups.changed();
    }
    reply
}

pub(super) fn info(state: &AppState) -> Reply<ShopInfo> {
    with_shop(state, |shop| Ok(shop.info(Utc::now())?))
}

/// Replaces the open shop with the one `next` opens; on failure the current
/// shop stays open.
pub(super) fn switch(
    state: &AppState,
    next: impl FnOnce(&Shop) -> Result<Shop, Failure>,
) -> Reply<ShopInfo> {
    {
        let mut guard = state.shop.lock().map_err(|_| poisoned())?;
        let current = guard.as_ref().map_err(|e| e.clone())?;
        let lang = current.lang();
        let opened = next(current).map_err(|e| ApiError::from_user(e.error(), lang))?;
        *guard = Ok(opened);
    }
    info(state)
}

pub(super) fn reopen_owner(state: &AppState) -> Result<Shop, Failure> {
    let defaults = state.owner_defaults.clone();
    Ok(Shop::open(
        state.owner_dir.clone(),
        ShopKind::Owner,
        defaults,
        Utc::now(),
    )?)
}
