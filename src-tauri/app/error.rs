use crate::i18n::{ErrorCode, Lang, UserError};
use serde::Serialize;
use std::any::Any;
use ts_rs::TS;

/// What a failed command returns to the UI: a code to branch on, a sentence
/// in the owner's language, and the form field it is about, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    pub fn from_user(e: &dyn UserError, lang: Lang) -> ApiError {
        ApiError {
            code: e.code(),
            message: e.message(lang),
            field: e.field().map(str::to_string),
        }
    }

    pub fn internal(lang: Lang, what: &str) -> ApiError {
        ApiError {
            code: ErrorCode::Internal,
            message: lang.pick(
                format!("程序内部出错：{what}"),
                format!("Internal error: {what}"),
            ),
            field: None,
        }
    }

    /// A command that needs the shop while an import holds it: answered at once, not queued.
    pub fn import_running(lang: Lang, file: &str) -> ApiError {
        ApiError {
            code: ErrorCode::ImportRunning,
            message: lang.pick(
                format!("正在导入 {file}：导入完成或取消后再试。"),
                format!("{file} is being imported: try again when it is done, or cancel it."),
            ),
            field: None,
        }
    }

    /// A command that panicked (a bug, here or in a library): what it was doing and the panic's
    /// own words. Nothing it was writing was kept (its transaction rolled back on the way out).
    pub fn panicked(lang: Lang, command: &str, payload: &(dyn Any + Send)) -> ApiError {
        let what = panic_text(payload);
        ApiError {
            code: ErrorCode::Internal,
            message: lang.pick(
                format!("“{command}”在熟客内部出错而停止（{what}）。没有保存任何半途的更改；店铺照常可用。"),
                format!("“{command}” stopped on an error inside Regulars ({what}). Nothing half-done was saved; the shop works as usual."),
            ),
            field: None,
        }
    }
}

/// A panic's own words (`panic!` gives a `&str` or a `String`).
pub fn panic_text(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}
