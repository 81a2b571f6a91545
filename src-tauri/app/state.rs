//! What the window holds between commands: the owner's folder, their defaults, the open shop, the
//! folder's lock (one window per shop) and the automatic copies' worker.

use super::backups::Backups;
use super::error::ApiError;
use crate::settings::Settings;
use crate::settings::datadir::DataDir;
use crate::shop::Shop;
use crate::shop::instance::Lock;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};

/// The open shop, or why the owner's shop could not be opened; shared with the backup worker.
pub type ShopSlot = Arc<Mutex<Result<Shop, ApiError>>>;

pub struct AppState {
    pub(super) owner_dir: DataDir,
    /// The machine's defaults (OS locale and time zone), under the owner's stored settings. Never
    /// the demo's: leaving the demo must not name the owner's shop after the demo bakery.
    pub(super) owner_defaults: Settings,
    pub(super) shop: ShopSlot,
    /// Set by `import_cancel`; the running import checks it between rows.
    pub(super) cancel_import: AtomicBool,
    pub(super) backups: Backups,
    /// Held while the window runs: a second start on the folder defers to this window.
    pub(super) _lock: Lock,
}
