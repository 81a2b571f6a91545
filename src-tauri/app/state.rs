//! What the window holds between commands: the owner's folder, their defaults, the open shop, the
//! folder's lock (one window per shop) and the automatic copies' worker.

use super::backups::Backups;
use super::error::ApiError;
use super::files::Files;
use crate::i18n::Lang;
use crate::settings::Settings;
use crate::settings::datadir::DataDir;
use crate::shop::Shop;
use crate::shop::instance::Lock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The open shop, or why the owner's shop could not be opened; shared with the backup worker.
pub type ShopSlot = Arc<Mutex<Result<Shop, ApiError>>>;

pub struct AppState {
    pub(super) owner_dir: DataDir,
    /// The machine's defaults (OS locale and time zone), under the owner's stored settings. Never
    /// the demo's: leaving the demo must not name the owner's shop after the demo bakery.
    pub(super) owner_defaults: Settings,
    pub(super) shop: ShopSlot,
    /// The files the owner chose (dialogs, drops), by the tokens the window holds.
    pub(super) files: Files,
    /// The import that holds the shop while it runs, and its Cancel.
    pub(super) import: ImportGate,
    pub(super) backups: Backups,
    /// Held while the window runs: a second start on the folder defers to this window.
    pub(super) _lock: Lock,
}

/// Which import holds the shop's lock, while one does: the other commands answer at once that
/// it runs instead of waiting for it (`access::lock_shop`).
#[derive(Default)]
pub struct ImportGate {
    running: Arc<Mutex<Option<(Lang, String)>>>,
    /// Set by `import_cancel`; the running import checks it between rows.
    cancel: AtomicBool,
}

impl ImportGate {
    /// Marks the import of `file` as running until the returned guard drops; call it with the
    /// shop's lock held.
    pub fn begin(&self, lang: Lang, file: &str) -> Running {
        self.cancel.store(false, Ordering::SeqCst);
        let mut slot = self.running.lock().unwrap_or_else(|p| p.into_inner());
        *slot = Some((lang, file.to_string()));
        Running(self.running.clone())
    }

    /// "An import is running", in the shop's language, while one does.
    pub fn running(&self) -> Option<ApiError> {
        let slot = self.running.lock().unwrap_or_else(|p| p.into_inner());
        slot.as_ref()
            .map(|(lang, file)| ApiError::import_running(*lang, file))
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::SeqCst);
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

/// An import running; it stops counting as one when dropped (also on a panic).
pub struct Running(Arc<Mutex<Option<(Lang, String)>>>);

impl Drop for Running {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}
