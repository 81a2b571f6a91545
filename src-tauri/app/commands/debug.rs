//! Commands compiled only into debug builds (`cfg(debug_assertions)`), for the end-to-end tests:
//! never in a release binary.

use super::access::{Reply, with_shop};
use crate::app::state::AppState;
use tauri::State;

/// Panics inside a command, as a bug in a library would: the test then checks that the window
/// answers with an error and that the next command works.
#[tauri::command(async)]
pub fn debug_panic(state: State<'_, AppState>) -> Reply<()> {
    with_shop(&state, |_| panic!("a panic the end-to-end test asked for"))
}

/// Queues `path` as the answer of the next file dialog (open or save), since WebDriver cannot
/// drive the system's file chooser.
#[tauri::command(async)]
pub fn debug_next_dialog(state: State<'_, AppState>, path: std::path::PathBuf) {
    state.files.answer_next(path);
}
