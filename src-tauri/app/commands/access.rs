//! How a command reaches the open shop: under the lock, with its failure turned into an
//! `ApiError` in the shop's language. Every command runs off the window's main thread; an import
//! holds the lock while it runs, and a command that needs the shop then answers at once that an
//! import is running (the window never waits on it). A panic inside a command becomes an error
//! naming the command, and the lock stays usable.

use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::i18n::{Failure, Lang, UserError};
use crate::settings::ctx::Ctx;
use crate::shop::{Shop, ShopInfo, ShopKind};
use chrono::Utc;
use rusqlite::Connection;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::{MutexGuard, TryLockError};
use std::time::Duration;

pub(super) type Reply<T> = Result<T, ApiError>;

/// The open shop's lock. Held by an import, it is refused at once with "an import is running";
/// held by another command (a few milliseconds), waited for. A lock poisoned by a panic is taken
/// back: the panic's transaction rolled back as it unwound, so the shop is whole.
pub(super) fn lock_shop(
    state: &AppState,
) -> Result<MutexGuard<'_, Result<Shop, ApiError>>, ApiError> {
    loop {
        match state.shop.try_lock() {
            Ok(guard) => return Ok(guard),
            Err(TryLockError::Poisoned(p)) => {
                state.shop.clear_poison();
                return Ok(p.into_inner());
            }
            Err(TryLockError::WouldBlock) => {
                if let Some(busy) = state.import.running() {
                    return Err(busy);
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        }
    }
}

/// The open shop's language without waiting for it (an import may hold it): the owner's
/// machine's otherwise.
pub(super) fn lang(state: &AppState) -> Lang {
    state
        .shop
        .try_lock()
        .ok()
        .and_then(|shop| shop.as_ref().ok().map(|s| s.lang()))
        .unwrap_or(state.owner_defaults.language)
}

/// The command a closure was written in, from its type's name (`…::member_table::{{closure}}`).
fn command_of<F>() -> &'static str {
    let name = std::any::type_name::<F>();
    let name = name.split("::{{closure}}").next().unwrap_or(name);
    name.rsplit("::").next().unwrap_or(name)
}

/// Runs `f` on the open shop and turns its failure, or its panic, into an `ApiError` in the
/// shop's language.
pub(super) fn with_shop<T, F>(state: &AppState, f: F) -> Reply<T>
where
    F: FnOnce(&mut Shop) -> Result<T, Failure>,
{
    on_shop(state, command_of::<F>(), f)
}

/// `with_shop`, naming `command` should it panic.
fn on_shop<T>(
    state: &AppState,
    command: &str,
    f: impl FnOnce(&mut Shop) -> Result<T, Failure>,
) -> Reply<T> {
    let mut guard = lock_shop(state)?;
    let shop = guard.as_mut().map_err(|e| e.clone())?;
    let lang = shop.lang();
    let read_only = shop.read_only_guard();
    match catch_unwind(AssertUnwindSafe(|| f(shop))) {
        Ok(reply) => reply.map_err(|e| {
            let e = match &read_only {
                Some(guard) => guard.explain(e),
                None => e,
            };
            ApiError::from_user(e.error(), lang)
        }),
        Err(panic) => Err(ApiError::panicked(lang, command, panic.as_ref())),
    }
}

/// `with_shop` for a command that needs the shop's context (region, currency, language, today):
/// most commands are one line, `with_ctx(&state, |conn, ctx| members::add(conn, &input, ctx))`.
pub(super) fn with_ctx<T, E, F>(state: &AppState, f: F) -> Reply<T>
where
    E: UserError + Send + Sync + 'static,
    F: FnOnce(&mut Connection, Ctx) -> Result<T, E>,
{
    on_shop(state, command_of::<F>(), |shop| {
        let ctx = Ctx::for_shop(&shop.settings()?, Utc::now());
        Ok(f(&mut shop.conn, ctx)?)
    })
}

/// `with_ctx` for what the owner reads (a page put together from several rooms, which can fail
/// in any of them), with the shop's name for the documents that print it.
pub(super) fn with_view<T, F>(state: &AppState, f: F) -> Reply<T>
where
    F: FnOnce(&Connection, Ctx, &str) -> Result<T, Failure>,
{
    on_shop(state, command_of::<F>(), |shop| {
        let settings = shop.settings()?;
        let ctx = Ctx::for_shop(&settings, Utc::now());
        f(&shop.conn, ctx, &settings.shop_name)
    })
}

/// `with_ctx` for an import, which also needs the folder of rejects files.
pub(super) fn with_import<T, E, F>(state: &AppState, f: F) -> Reply<T>
where
    E: UserError + Send + Sync + 'static,
    F: FnOnce(&mut Connection, &Ctx, &Path) -> Result<T, E>,
{
    on_shop(state, command_of::<F>(), |shop| {
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
        let mut guard = lock_shop(state)?;
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
