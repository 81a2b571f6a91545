//! The Tauri shell: the only Rust that names `tauri`. It owns the open shop
//! behind a mutex and exposes commands that convert arguments, call one core
//! function and map its error to `ApiError` in the owner's language.

mod backups;
mod bindings;
mod commands;
mod error;
mod files;
mod pdf;
mod state;

pub use error::ApiError;

use crate::i18n::UserError;
use crate::settings;
use crate::settings::datadir::DataDir;
use crate::shop::instance::{self, InstanceError, Lock};
use crate::shop::{Shop, ShopKind};
use crate::store;
use backups::{Backups, Copy};
use chrono::Utc;
use state::{AppState, ShopSlot};
use std::process::ExitCode;
use std::sync::{Arc, Mutex, TryLockError};
use tauri::{Emitter, Manager};

/// Opens the owner's shop in `dir` and runs the window until it closes. A second start on the
/// same folder brings the first window forward instead (or says the shop is open) and stops.
pub fn run(dir: DataDir) -> ExitCode {
    let defaults = settings::os_defaults();
    let lang = defaults.language;
    let lock = match Lock::take(&dir) {
        Ok(lock) => lock,
        Err(e) => {
            if !instance::bring_forward(&dir) {
                eprintln!("{}", e.message(lang));
            }
            return if matches!(e, InstanceError::OpenElsewhere(_)) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    // The dashboard, the members and the import all show or read phones.
    crate::people::phone::warm_up();
    let shop = Shop::open(dir.clone(), ShopKind::Owner, defaults.clone(), Utc::now())
        .map_err(|e| ApiError::from_user(&e, lang));
    if let Err(e) = &shop {
        eprintln!("{}", e.message);
    }
    let shop: ShopSlot = Arc::new(Mutex::new(shop));
    let (open, owner_dir) = (shop.clone(), dir.clone());
    // One automatic copy of the owner's shop, under the shop's lock: none of a file the shop
    // refused (it would push the good copies out), of a read-only shop, or beside a command.
    let copy = move || {
        let guard = match open.try_lock() {
            Ok(guard) => guard,
            Err(TryLockError::Poisoned(p)) => p.into_inner(),
            Err(TryLockError::WouldBlock) => return Copy::Busy,
        };
        let Some(settings) = guard
            .as_ref()
            .ok()
            .filter(|s| !s.read_only && s.kind == ShopKind::Owner)
            .and_then(|s| s.settings().ok())
        else {
            return Copy::Nothing;
        };
        let now = settings.local_now(Utc::now());
        let gap = chrono::Duration::minutes(store::MIN_GAP_MINUTES);
        Copy::Done(settings.language, store::auto_backup(&owner_dir, now, gap))
    };
    let state = AppState {
        backups: Backups::start(copy),
        owner_dir: dir.clone(),
        owner_defaults: defaults,
        shop,
        files: Default::default(),
        import: Default::default(),
        _lock: lock,
    };
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(move |app| {
            let handle = app.handle().clone();
            instance::listen(&dir, move || {
                if let Some(window) = handle.get_webview_window("main") {
                    let _ = window.unminimize();
                    let _ = window.show();
                    let _ = window.set_focus();
                }
            });
            Ok(())
        })
        .on_window_event(|window, event| {
            // A file dropped on the window: the import page is handed a token, never the path.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event
                && let Some(path) = paths.first()
            {
                let state = window.state::<AppState>();
                let token = state.files.grant(files::Flow::Import, path.clone());
                let _ = window.emit("file-dropped", token);
            }
        })
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
