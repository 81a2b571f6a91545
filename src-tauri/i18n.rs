//! The two languages of the app and the one trait every user-facing error implements.
//!
//! Messages that come from the core (errors, CLI output) are written here in
//! both languages; the UI keeps its own labels in `ui/src/lib/i18n.ts` and `ui/src/features/*/strings.ts`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum Lang {
    #[serde(rename = "zh-CN")]
    Zh,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// Chinese for any `zh*` locale tag (zh-CN, zh_TW, zh-Hans…), English otherwise.
    pub fn from_locale(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh-CN" | "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the text of this language out of a pair written side by side.
    /// The text in this language, borrowed.
    pub fn of<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    pub fn pick(self, zh: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Zh => zh.into(),
            Lang::En => en.into(),
        }
    }
}

/// An error the owner may see: a stable code the UI branches on and a sentence in their language.
pub trait UserError: std::error::Error {
    fn code(&self) -> ErrorCode;
    fn message(&self, lang: Lang) -> String;
    /// The form field the error belongs to, when it is about one.
    fn field(&self) -> Option<&'static str> {
        None
    }
}

/// Any core error on its way to the owner, so one `?` serves the entry
/// points whichever module failed.
pub struct Failure(Box<dyn UserError + Send + Sync>);

impl<E: UserError + Send + Sync + 'static> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(Box::new(e))
    }
}

impl std::fmt::Debug for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0.as_ref(), f)
    }
}

impl Failure {
    pub fn error(&self) -> &(dyn UserError + Send + Sync) {
        self.0.as_ref()
    }
}

/// The closed set of error codes the UI can branch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    Invalid,
    NotFound,
    Conflict,
    DbNewerThanApp,
    NotARegularsFile,
    Unreadable,
    Io,
    /// A save aimed at the shop's own file or folder.
    ProtectedDestination,
    /// A change to a shop open read-only.
    ReadOnly,
    Cancelled,
    /// A phone of someone the owner made Regulars forget: the add form asks before adding them.
    Forgotten,
    /// A file the window names that it was not given (by a dialog or a drop), or whose use is over.
    NotChosen,
    /// The shop is busy with an import: the command was not run (try again when it is done).
    ImportRunning,
    /// A chat export whose dates read both day first and month first: the window asks which.
    ChooseDateOrder,
    Internal,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_pick_the_language() {
        for (tag, lang) in [
            ("zh-CN", Lang::Zh),
            ("zh_TW.UTF-8", Lang::Zh),
            ("ZH", Lang::Zh),
            ("en-US", Lang::En),
            ("de_DE", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(Lang::from_locale(tag), lang, "{tag}");
        }
    }

    #[test]
    fn codes_round_trip() {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
        }
        assert_eq!(Lang::parse("fr"), None);
    }
}
