//! What the window holds between commands: the owner's folder, their defaults and the open shop.

use super::error::ApiError;
use crate::settings::Settings;
use crate::settings::datadir::DataDir;
use crate::shop::Shop;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

pub struct AppState {
    pub(super) owner_dir: DataDir,
    /// The machine's defaults (OS locale and time zone), under the owner's stored settings. Never
    /// the demo's: leaving the demo must not name the owner's shop after the demo bakery.
    pub(super) owner_defaults: Settings,
    /// The open shop, or why the owner's shop could not be opened.
    pub(super) shop: Mutex<Result<Shop, ApiError>>,
    /// Set by `import_cancel`; the running import checks it between rows.
    pub(super) cancel_import: AtomicBool,
}
