//! Paths never come from the webview. A file the owner chose reaches a command only as a token
//! that Rust issued for what a dialog opened from Rust, or a file dropped on the window, returned;
//! each token serves one flow (an import's previews and its run; one restore). A save opens its
//! dialog inside the command, so its path never leaves Rust at all.
//!
//! Debug builds have one seam for the end-to-end tests (WebDriver cannot drive GTK's file
//! chooser): `answer_next` queues the path the next dialog answers with.

use super::error::ApiError;
use crate::i18n::{ErrorCode, Lang};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;
use ts_rs::TS;

/// What a chosen file is for: a token serves its flow only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// A sales export or a member list: previews as many as the owner's choices need, then one run.
    Import,
    /// A copy of the shop to put back: one restore.
    Restore,
    /// A group's chat export (WhatsApp's .txt or .zip, Telegram's JSON, a WeChat CSV).
    Chat,
}

impl Flow {
    fn extensions(self) -> &'static [&'static str] {
        match self {
            Flow::Import => &["csv", "tsv", "txt", "xlsx", "xls"],
            Flow::Restore => &["sqlite"],
            Flow::Chat => &["txt", "zip", "json", "csv"],
        }
    }
}

/// A file the owner chose, as the window holds it: a token, and the name to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FileToken {
    pub token: String,
    pub name: String,
}

/// The words of a dialog, in the owner's language (the window's own strings): the filter's name
/// and, for a save, the name it suggests (only its last part is used).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct DialogText {
    pub filter: String,
    pub file_name: Option<String>,
}

/// The files the window was given, by token.
#[derive(Default)]
pub struct Files {
    granted: Mutex<HashMap<String, (Flow, PathBuf)>>,
    #[cfg(debug_assertions)]
    next: Mutex<std::collections::VecDeque<PathBuf>>,
}

/// How the window names a file: its name, without the folder.
pub(super) fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

impl Files {
    /// A token for `path`, serving `flow`.
    pub fn grant(&self, flow: Flow, path: PathBuf) -> FileToken {
        let token = format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
        let name = name_of(&path);
        let mut granted = self.granted.lock().unwrap_or_else(|p| p.into_inner());
        granted.insert(token.clone(), (flow, path));
        FileToken { token, name }
    }

    /// The path `token` was issued for, if it serves `flow`; it stays valid (`spend` ends it).
    pub fn path(&self, token: &str, flow: Flow, lang: Lang) -> Result<PathBuf, ApiError> {
        let granted = self.granted.lock().unwrap_or_else(|p| p.into_inner());
        match granted.get(token) {
            Some((f, path)) if *f == flow => Ok(path.clone()),
            _ => Err(not_chosen(lang)),
        }
    }

    /// Ends `token`'s flow: its run or its restore is done.
    pub fn spend(&self, token: &str) {
        let mut granted = self.granted.lock().unwrap_or_else(|p| p.into_inner());
        granted.remove(token);
    }

    /// Opens the system's open dialog for `flow`; the file chosen, as a token.
    pub fn open<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        flow: Flow,
        text: &DialogText,
    ) -> Option<FileToken> {
        let path = self.answer().or_else(|| {
            app.dialog()
                .file()
                .add_filter(&text.filter, flow.extensions())
                .blocking_pick_file()
                .and_then(|p| p.into_path().ok())
        })?;
        Some(self.grant(flow, path))
    }

    /// Opens the system's save dialog for a file of `extension`; where the owner chose to save.
    pub fn save_to<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        extension: &str,
        text: &DialogText,
    ) -> Option<PathBuf> {
        self.answer().or_else(|| {
            let mut dialog = app.dialog().file().add_filter(&text.filter, &[extension]);
            if let Some(name) = text.file_name.as_deref().map(Path::new).map(name_of) {
                dialog = dialog.set_file_name(name);
            }
            dialog.blocking_save_file().and_then(|p| p.into_path().ok())
        })
    }

    /// The path a test queued for the next dialog (debug builds only).
    #[cfg(debug_assertions)]
    fn answer(&self) -> Option<PathBuf> {
        self.next
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
    }

    #[cfg(not(debug_assertions))]
    fn answer(&self) -> Option<PathBuf> {
        None
    }

    /// Queues `path` as the next dialog's answer (debug builds only: the end-to-end tests).
    #[cfg(debug_assertions)]
    pub fn answer_next(&self, path: PathBuf) {
        self.next
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push_back(path);
    }
}

fn not_chosen(lang: Lang) -> ApiError {
    ApiError {
        code: ErrorCode::NotChosen,
        message: lang.pick(
            "这个文件不是在本窗口中选择的，或已经用过：请重新选择文件。".to_string(),
            "That file was not chosen in this window, or its use is over: choose the file again."
                .to_string(),
        ),
        field: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_serves_its_flow_until_spent() {
        let files = Files::default();
        let t = files.grant(Flow::Import, PathBuf::from("/home/owner/feb.csv"));
        assert_eq!(t.name, "feb.csv");
        let path = files.path(&t.token, Flow::Import, Lang::En);
        assert_eq!(path, Ok(PathBuf::from("/home/owner/feb.csv")));
        assert_eq!(
            files.path(&t.token, Flow::Import, Lang::En),
            path,
            "previews"
        );
        let other = files.path(&t.token, Flow::Restore, Lang::En);
        assert_eq!(other.map_err(|e| e.code), Err(ErrorCode::NotChosen));
        let made_up = files.path("/etc/passwd", Flow::Import, Lang::Zh);
        assert_eq!(made_up.map_err(|e| e.code), Err(ErrorCode::NotChosen));
        files.spend(&t.token);
        let spent = files.path(&t.token, Flow::Import, Lang::En);
        assert_eq!(spent.map_err(|e| e.code), Err(ErrorCode::NotChosen));
    }
}
