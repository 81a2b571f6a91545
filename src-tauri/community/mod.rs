//! The shop's chat groups and how they are run: the staff who help (`staff`), the groups with
//! their typed sizes (`groups`), the members from the member list in each group (`listed`), the
//! numbered rules and their dated revisions (`rules`, with the plans' templates in
//! `templates`, and `diff` for two revisions side by side), and the moderation log with its
//! breach ladder (`moderation`). History is kept as inserted rows: a revision holds its whole
//! list, a moderation entry is withdrawn by a later entry.

pub mod chat_error;
pub mod chats;
pub mod days;
pub mod diff;
pub mod groups;
pub mod listed;
pub mod moderation;
pub mod rules;
pub mod staff;
pub mod templates;

use crate::check::Invalid;
use crate::i18n::{ErrorCode, Lang, UserError};
use thiserror::Error;

/// A closed set of values stored by code, each with its label in both languages.
macro_rules! coded {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $code:literal, $zh:literal, $en:literal;)+ }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// How it is stored (and named on the command line).
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|v| v.code() == code)
            }

            /// As the owner reads it.
            pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
                match self {
                    $($name::$variant => lang.of($zh, $en)),+
                }
            }
        }
    };
}
pub(crate) use coded;

/// What a community record refers to that may not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    Staff,
    Group,
    Member,
    Revision,
    Rule,
    Entry,
    Stay,
    Participant,
    Sender,
    Flag,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum CommunityError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error("no {0:?} with id {1}")]
    NotFound(Thing, i64),
    /// A group named on the command line that no group is (or that several are).
    #[error("no single group is called {0}")]
    NoSuchGroup(String, usize),
    /// A stay that ended already.
    #[error("stay {0} ended already")]
    AlreadyLeft(i64),
    /// A group without rules yet, asked for its current ones.
    #[error("group {0} has no rules yet")]
    NoRules(i64),
    /// A revision that would change nothing: a review says so instead.
    #[error("the rules did not change")]
    Unchanged,
    /// A moderation entry withdrawn already, or itself a withdrawal.
    #[error("entry {0} cannot be withdrawn")]
    NotWithdrawable(i64),
    /// A chat file refused (nothing was written).
    #[error(transparent)]
    Chat(#[from] chat_error::ChatError),
    /// A breach candidate confirmed or dismissed already.
    #[error("flag {0} was handled already")]
    FlagHandled(i64),
    #[error("database error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for CommunityError {
    fn from(e: rusqlite::Error) -> Self {
        CommunityError::Sqlite(e.to_string())
    }
}

impl UserError for CommunityError {
    fn code(&self) -> ErrorCode {
        match self {
            CommunityError::Invalid(e) => e.code(),
            CommunityError::NotFound(..)
            | CommunityError::NoSuchGroup(..)
            | CommunityError::NoRules(_) => ErrorCode::NotFound,
            CommunityError::Unchanged
            | CommunityError::NotWithdrawable(_)
            | CommunityError::AlreadyLeft(_)
            | CommunityError::FlagHandled(_) => ErrorCode::Conflict,
            CommunityError::Chat(e) => e.code(),
            CommunityError::Sqlite(_) => ErrorCode::Internal,
        }
    }

    fn message(&self, lang: Lang) -> String {
        use CommunityError as E;
        match self {
            E::Invalid(e) => e.message(lang),
            E::Chat(e) => e.message(lang),
            E::FlagHandled(_) => lang.pick(
                "这条疑似违规已经处理过了。",
                "This breach candidate was handled already.",
            ),
            E::NotFound(thing, _) => {
                let (zh, en) = match thing {
                    Thing::Staff => ("这位人员", "This staff member"),
                    Thing::Group => ("这个社群", "This group"),
                    Thing::Member => ("这位会员", "This member"),
                    Thing::Revision => ("这一版群规", "This revision of the rules"),
                    Thing::Rule => ("这条群规", "This rule"),
                    Thing::Entry => ("这条违规记录", "This moderation entry"),
                    Thing::Stay => ("这条入群记录", "This membership of the group"),
                    Thing::Participant => ("这位群成员", "This participant"),
                    Thing::Sender => ("这位聊天发送者", "This chat sender"),
                    Thing::Flag => ("这条疑似违规", "This breach candidate"),
                };
                lang.pick(
                    format!("找不到{zh}，可能已被删除。"),
                    format!("{en} no longer exists."),
                )
            }
            E::NoSuchGroup(name, 0) => lang.pick(
                format!("没有叫“{name}”的社群。用 groups list 查看所有社群。"),
                format!("No group is called “{name}”. `groups list` shows them all."),
            ),
            E::NoSuchGroup(name, n) => lang.pick(
                format!("有 {n} 个社群叫“{name}”：请用社群编号。"),
                format!("{n} groups are called “{name}”: name it by its id."),
            ),
            E::AlreadyLeft(_) => lang.pick(
                "这位会员已经退群了。",
                "This member has left the group already.",
            ),
            E::NoRules(_) => lang.pick(
                "这个社群还没有群规：先从模板开始写群规。",
                "This group has no rules yet: write them first (start from the templates).",
            ),
            E::Unchanged => lang.pick(
                "群规没有改动。若只是复查过，请选择“记录复查”。",
                "The rules did not change. If you only went through them, record a review.",
            ),
            E::NotWithdrawable(_) => lang.pick(
                "这条记录已撤销，或本身就是撤销记录。",
                "This entry is withdrawn already, or is itself a withdrawal.",
            ),
            E::Sqlite(e) => lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}")),
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            CommunityError::Invalid(e) => e.field(),
            _ => None,
        }
    }
}

/// Text as typed, trimmed, within `max` characters (and present when `required`).
pub(crate) fn text(
    value: &str,
    field: &'static crate::check::Field,
    max: usize,
    required: bool,
) -> Result<String, Invalid> {
    use crate::check::Problem;
    let value = value.trim();
    if required && value.is_empty() {
        return Err(field.invalid(Problem::Required));
    }
    if value.chars().count() > max {
        return Err(field.invalid(Problem::TooLong { max }));
    }
    Ok(value.to_string())
}

/// A day the owner gives for something that happened: not after today.
pub(crate) fn past_day(
    day: chrono::NaiveDate,
    field: &'static crate::check::Field,
    today: chrono::NaiveDate,
) -> Result<chrono::NaiveDate, Invalid> {
    if day > today {
        return Err(field.invalid(crate::check::Problem::InFuture { value: day }));
    }
    Ok(day)
}
