//! The open shop: which one (the owner's or the demo), its settings and its backups.

use super::access::{Reply, info, lang, lock_shop, reopen_owner, switch, with_shop};
use crate::app::error::ApiError;
use crate::app::files::{DialogText, FileToken, Flow};
use crate::app::state::AppState;
use crate::i18n::Lang;
use crate::settings::regions::{REGIONS, Region};
use crate::settings::{self, CURRENCIES, Currency, Settings};
use crate::shop::{SettingsSaved, ShopInfo, ShopKind, forget};
use crate::store::{self, BackupFile, StoreError};
use chrono::Utc;
use std::path::Path;
use tauri::{AppHandle, State};

#[tauri::command(async)]
pub fn shop_info(state: State<'_, AppState>) -> Reply<ShopInfo> {
    info(&state)
}

#[tauri::command(async)]
pub fn open_demo(state: State<'_, AppState>) -> Reply<ShopInfo> {
    switch(&state, |shop| {
        let owner = shop.settings()?;
        Ok(crate::demo::open(&state.owner_dir, &owner, Utc::now())?)
    })
}

/// Leaves the demo (or the welcome screen) for the owner's own shop.
#[tauri::command(async)]
pub fn open_own_shop(state: State<'_, AppState>) -> Reply<ShopInfo> {
    switch(&state, |_| {
        let owner = reopen_owner(&state)?;
        owner.mark_started()?;
        Ok(owner)
    })
}

/// Saves the settings; the shop as it is then, and what the change did to the sales kept.
#[tauri::command(async)]
pub fn save_settings(state: State<'_, AppState>, settings: Settings) -> Reply<SettingsSaved> {
    with_shop(&state, |shop| {
        let changed = shop.change_settings(&settings)?;
        Ok(SettingsSaved {
            info: shop.info(Utc::now())?,
            notices: changed.notices,
        })
    })
}

/// Switches the language of the open shop and, from the demo, of the owner's shop too.
#[tauri::command(async)]
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

#[tauri::command(async)]
pub fn currencies() -> Vec<Currency> {
    CURRENCIES.to_vec()
}

/// The phone regions Settings offers, with their country names.
#[tauri::command(async)]
pub fn phone_regions() -> Vec<Region> {
    REGIONS.to_vec()
}

/// Every time zone, the machine's first.
#[tauri::command(async)]
pub fn time_zones() -> Vec<String> {
    settings::regions::time_zones(&iana_time_zone::get_timezone().unwrap_or_default())
}

/// The copies in the owner's `backups/`, newest first. Needs no open shop: the startup-error
/// screen lists them when the shop cannot be opened.
#[tauri::command(async)]
pub fn list_backups(state: State<'_, AppState>) -> Reply<Vec<BackupFile>> {
    store::list_backups(&state.owner_dir.backups_dir())
        .map_err(|e| ApiError::from_user(&e, state.owner_defaults.language))
}

/// Why the last automatic copy failed, if it did (Settings and the dashboard show it).
#[tauri::command(async)]
pub fn backup_problem(state: State<'_, AppState>) -> Option<ApiError> {
    state.backups.problem()
}

/// Opens the system's open dialog for `flow`: the file chosen, as a token the window hands to
/// that flow's commands; `None` when the owner cancels.
#[tauri::command(async)]
pub fn choose_file(
    app: AppHandle,
    state: State<'_, AppState>,
    flow: Flow,
    text: DialogText,
) -> Option<FileToken> {
    state.files.open(&app, flow, &text)
}

/// Asks where to save a copy of the open shop (the save dialog) and writes it there, never over
/// the shop's own files; where it went, or `None` when the owner cancels.
#[tauri::command(async)]
pub fn backup_to(
    app: AppHandle,
    state: State<'_, AppState>,
    text: DialogText,
) -> Reply<Option<String>> {
    let Some(path) = state.files.save_to(&app, "sqlite", &text) else {
        return Ok(None);
    };
    with_shop(&state, |shop| {
        store::save_copy(&state.owner_dir, &shop.conn, &path)?;
        Ok(Some(path.display().to_string()))
    })
}

/// Puts the copy the owner chose (`file`, a token of a restore) in place of the owner's shop.
#[tauri::command(async)]
pub fn restore_from(state: State<'_, AppState>, file: String) -> Reply<String> {
    let path = state.files.path(&file, Flow::Restore, lang(&state))?;
    let said = restore(&state, &path)?;
    state.files.spend(&file);
    Ok(said)
}

/// Puts the copy `file_name` of the owner's `backups/` (as `list_backups` named it) in place of
/// the owner's shop: the startup-error screen's and Settings' lists.
#[tauri::command(async)]
pub fn restore_backup(state: State<'_, AppState>, file_name: String) -> Reply<String> {
    let backups = state.owner_dir.backups_dir();
    let listed = store::list_backups(&backups)
        .map_err(|e| ApiError::from_user(&e, state.owner_defaults.language))?
        .into_iter()
        .find(|b| b.file_name == file_name);
    let Some(copy) = listed else {
        return Err(ApiError::from_user(
            &StoreError::io(
                &backups.join(&file_name),
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such copy in backups"),
            ),
            lang(&state),
        ));
    };
    restore(&state, Path::new(&copy.path))
}

/// Puts the copy at `path` in place of the owner's shop without opening the current file (it
/// may be damaged, not ours or newer: the startup-error screen restores too). The open shop is
/// closed first and the owner's opened again after, whatever happened; says what was done.
fn restore(state: &AppState, path: &Path) -> Reply<String> {
    let lang = state.owner_defaults.language;
    let mut guard = lock_shop(state)?;
    let lang = guard.as_ref().map_or(lang, |s| s.lang());
    let now = match guard.as_ref() {
        Ok(shop) => shop.settings().ok(),
        Err(_) => None,
    }
    .unwrap_or_else(|| state.owner_defaults.clone())
    .local_now(Utc::now());
    // Closes the open shop's connection: nothing may hold the file while it is replaced.
    *guard = Err(ApiError::internal(lang, "the shop is being restored"));
    let done = forget::restore(&state.owner_dir, path, now);
    *guard = reopen_owner(state).map_err(|e| ApiError::from_user(e.error(), lang));
    drop(guard);
    let done = done.map_err(|e| ApiError::from_user(&e, lang))?;
    state.backups.changed();
    Ok(done.describe(lang))
}
