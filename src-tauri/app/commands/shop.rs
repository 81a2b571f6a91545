//! The open shop: which one (the owner's or the demo), its settings and its backups.

use super::access::{Reply, info, reopen_owner, switch, with_shop};
use crate::app::error::ApiError;
use crate::app::state::AppState;
use crate::i18n::Lang;
use crate::settings::regions::{REGIONS, Region};
use crate::settings::{self, CURRENCIES, Currency, Settings};
use crate::shop::{ShopInfo, ShopKind};
use crate::store::{self, BackupFile};
use chrono::Utc;
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
pub fn shop_info(state: State<'_, AppState>) -> Reply<ShopInfo> {
    info(&state)
}

#[tauri::command]
pub fn open_demo(state: State<'_, AppState>) -> Reply<ShopInfo> {
    switch(&state, |shop| {
        let owner = shop.settings()?;
        Ok(crate::demo::open(&state.owner_dir, &owner, Utc::now())?)
    })
}

/// Leaves the demo (or the welcome screen) for the owner's own shop.
#[tauri::command]
pub fn open_own_shop(state: State<'_, AppState>) -> Reply<ShopInfo> {
    switch(&state, |_| {
        let owner = reopen_owner(&state)?;
        owner.mark_started()?;
        Ok(owner)
    })
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
            let owner = reopen_owner(&state)?;
            settings::save_language(&owner.conn, language)?;
        }
        Ok(shop.info(Utc::now())?)
    })
}

#[tauri::command]
pub fn currencies() -> Vec<Currency> {
    CURRENCIES.to_vec()
}

/// The phone regions Settings offers, with their country names.
#[tauri::command]
pub fn phone_regions() -> Vec<Region> {
    REGIONS.to_vec()
}

/// Every time zone, the machine's first.
#[tauri::command]
pub fn time_zones() -> Vec<String> {
    settings::regions::time_zones(&iana_time_zone::get_timezone().unwrap_or_default())
}

/// The copies in the owner's `backups/`, newest first. Needs no open shop: the startup-error
/// screen lists them when the shop cannot be opened.
#[tauri::command]
pub fn list_backups(state: State<'_, AppState>) -> Reply<Vec<BackupFile>> {
    store::list_backups(&state.owner_dir.backups_dir())
        .map_err(|e| ApiError::from_user(&e, state.owner_defaults.language))
}

/// Why the last automatic copy failed, if it did (Settings and the dashboard show it).
#[tauri::command]
pub fn backup_problem(state: State<'_, AppState>) -> Option<ApiError> {
    state.backups.problem()
}

/// Writes a copy of the open shop to `path` (chosen in the save dialog), never over the shop's
/// own files.
#[tauri::command]
pub fn backup_to(state: State<'_, AppState>, path: PathBuf) -> Reply<()> {
    with_shop(&state, |shop| {
        Ok(store::save_copy(&state.owner_dir, &shop.conn, &path)?)
    })
}

/// Puts the copy at `path` in place of the owner's shop without opening the current file (it
/// may be damaged, not ours or newer: the startup-error screen restores too). The open shop is
/// closed first and the owner's opened again after, whatever happened; says what was done.
#[tauri::command]
pub fn restore_from(state: State<'_, AppState>, path: PathBuf) -> Reply<String> {
    let lang = state.owner_defaults.language;
    let mut guard = state.shop.lock().unwrap_or_else(|p| p.into_inner());
    let lang = guard.as_ref().map_or(lang, |s| s.lang());
    let now = match guard.as_ref() {
        Ok(shop) => shop.settings().ok(),
        Err(_) => None,
    }
    .unwrap_or_else(|| state.owner_defaults.clone())
    .local_now(Utc::now());
    // Closes the open shop's connection: nothing may hold the file while it is replaced.
    *guard = Err(ApiError::internal(lang, "the shop is being restored"));
    let done = store::restore_file(&state.owner_dir, &path, now);
    *guard = reopen_owner(&state).map_err(|e| ApiError::from_user(e.error(), lang));
    drop(guard);
    let done = done.map_err(|e| ApiError::from_user(&e, lang))?;
    state.backups.changed();
    Ok(done.describe(lang))
}
