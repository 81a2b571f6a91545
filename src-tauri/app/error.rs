use crate::i18n::{ErrorCode, Lang, UserError};
use serde::Serialize;
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
}
