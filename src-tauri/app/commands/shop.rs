//! The open shop: which one (the owner's or the demo), its settings and its backups.

use super::access::{Reply, info, reopen_owner, switch, with_shop};
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
