//! The Tauri shell: the only Rust that names `tauri`. It owns the open shop
//! behind a mutex and exposes commands that convert arguments, call one core
//! function and map its error to `ApiError` in the owner's language.

mod bindings;
mod commands;
mod error;
mod pdf;
mod state;

pub use error::ApiError;

use crate::settings;
use crate::settings::datadir::DataDir;
use crate::shop::{Shop, ShopKind};
use chrono::Utc;
use state::AppState;
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

/// Opens the owner's shop in `dir` and runs the window until it closes.
pub fn run(dir: DataDir) -> ExitCode {
    // The dashboard, the members and the import all show or read phones.
    crate::people::phone::warm_up();
    let defaults = settings::os_defaults();
    let lang = defaults.language;
    let shop = Shop::open(dir.clone(), ShopKind::Owner, defaults.clone(), Utc::now())
        .map_err(|e| ApiError::from_user(&e, lang));
    if let Err(e) = &shop {
        eprintln!("{}", e.message);
    }
    let state = AppState {
        owner_dir: dir,
        owner_defaults: defaults,
        shop: Mutex::new(shop),
        cancel_import: AtomicBool::new(false),
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!());
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Regulars could not start its window: {e}");
            ExitCode::FAILURE
        }
    }
}
