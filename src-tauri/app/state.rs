//! What the window holds between commands: the owner's folder and the open shop.

use super::error::ApiError;
use crate::settings::datadir::DataDir;
use crate::shop::Shop;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

pub struct AppState {
    pub(super) owner_dir: DataDir,
    /// The open shop, or why the owner's shop could not be opened.
    pub(super) shop: Mutex<Result<Shop, ApiError>>,
    /// Set by `import_cancel`; the running import checks it between rows.
    pub(super) cancel_import: AtomicBool,
}
