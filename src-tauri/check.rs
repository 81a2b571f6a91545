//! One validation catalogue: what is wrong with a field, said once in each language. An input's
//! validation returns [`Invalid`] — the field (the serde name of the input's field, so the form
//! shows the message under the right input) and a [`Problem`] from a closed set — and every
//! sentence is built here from the field's label. A new kind of record names its fields and
//! picks problems; it writes no messages of its own.

use crate::i18n::{ErrorCode, Lang, UserError};
use chrono::NaiveDate;
use std::fmt;

/// A field of an input as the owner reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The serde name of the input's field.
    pub name: &'static str,
    pub zh: &'static str,
    /// Lower case and singular, as it reads inside a sentence ("phone number", "tag").
    pub en: &'static str,
    /// A valid value, for the sentences that give one: (zh, en).
    pub example: Option<(&'static str, &'static str)>,
}

/// A field with its labels.
pub const fn field(name: &'static str, zh: &'static str, en: &'static str) -> Field {
    Field {
        name,
        zh,
        en,
        example: None,
    }
}

impl Field {
    /// The same field with an example of a valid value.
    pub const fn example(self, zh: &'static str, en: &'static str) -> Field {
        Field {
            example: Some((zh, en)),
            ..self
        }
    }
}

/// What is wrong with a field's value: the closed set every input picks from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Empty where a value is needed.
    Required,
    /// More than `max` characters.
    TooLong { max: usize },
    /// Outside `min`–`max` characters.
    Length {
        value: String,
        min: usize,
        max: usize,
    },
    /// More than `max` entries in a list.
    TooMany { max: usize },
    /// One entry of a list breaks the list's rule: 1–`max` characters, no commas or semicolons.
    BadEntry { value: String, max: usize },
    /// A number outside `min`–`max`.
    OutOfRange { value: i64, min: i64, max: i64 },
    /// Not a value the field takes (a currency, a region, a time zone).
    Unknown { value: String },
    /// Not a phone number (of the shop's region, without a country code).
    NotAPhone { value: String },
    /// Already someone else's: `by` names them.
    Taken { by: String },
    /// A date after today.
    InFuture { value: NaiveDate },
    /// A date that should lie after 1900 and before today.
    NotInPast { value: NaiveDate },
    /// Another record of the same kind has this value already (a group's name).
    Exists { value: String },
    /// A date before `earliest` (the last revision's, the stay's start).
    BeforeDay {
        value: NaiveDate,
        earliest: NaiveDate,
    },
    /// A date before another field's (`start`, by its label) or after today.
    BeforeStart {
        value: NaiveDate,
        start: &'static Field,
    },
}

/// A field and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static Field,
    pub problem: Problem,
}

impl Field {
    /// This field, with `problem` (fields are `static`s).
    pub fn invalid(&'static self, problem: Problem) -> Invalid {
        Invalid {
            field: self,
            problem,
        }
    }
}

impl Invalid {
    /// The sentence in `lang`.
    pub fn sentence(&self, lang: Lang) -> String {
        let Field { zh, en, .. } = *self.field;
        let example = |lang: Lang| {
            self.field
                .example
                .map(|(z, e)| lang.pick(format!("（例如 {z}）"), format!(" (for example {e})")))
                .unwrap_or_default()
        };
        use Problem as P;
        match &self.problem {
            P::Required => lang.pick(format!("请填写{zh}。"), format!("Please enter the {en}.")),
            P::TooLong { max } => lang.pick(
                format!("{zh}最多 {max} 个字。"),
                format!("The {en} can be at most {max} characters."),
            ),
            P::Length { value, min, max } => lang.pick(
                format!("{zh}需为 {min}–{max} 个字：“{value}”"),
                format!("The {en} must be {min}–{max} characters: “{value}”"),
            ),
            P::TooMany { max } => lang.pick(
                format!("最多 {max} 个{zh}。"),
                format!("At most {max} {en}s."),
            ),
            P::BadEntry { value, max } => lang.pick(
                format!("{zh}“{value}”无效：每个{zh} 1–{max} 个字，不含逗号或分号。"),
                format!(
                    "The {en} “{value}” is not valid: 1–{max} characters, no commas or semicolons."
                ),
            ),
            P::OutOfRange { value, min, max } => lang.pick(
                format!("{zh}应在 {min} 到 {max} 之间：{value}。"),
                format!("The {en} must be from {min} to {max}: {value}."),
            ),
            P::Unknown { value } => lang.pick(
                format!("未知的{zh}{}：“{value}”", example(Lang::Zh)),
                format!("Unknown {en}{}: “{value}”", example(Lang::En)),
            ),
            P::NotAPhone { value } => lang.pick(
                format!("“{value}”不是有效的{zh}，例如 138 1234 5678。"),
                format!("“{value}” is not a valid {en}, for example 138 1234 5678."),
            ),
            P::Taken { by } => lang.pick(
                format!("这个{zh}已属于会员“{by}”。"),
                format!("This {en} already belongs to the member “{by}”."),
            ),
            P::InFuture { value } => lang.pick(
                format!("{zh} {value} 在未来。"),
                format!("The {en} {value} is in the future."),
            ),
            P::NotInPast { value } => lang.pick(
                format!("{zh} {value} 不对：应是 1900 年之后、今天之前的日期。"),
                format!("The {en} {value} is not right: it should be after 1900 and before today."),
            ),
            P::Exists { value } => lang.pick(
                format!("已有{zh}为“{value}”的记录，请换一个。"),
                format!("The {en} “{value}” is taken already: choose another."),
            ),
            P::BeforeDay { value, earliest } => lang.pick(
                format!("{zh} {value} 不能早于 {earliest}。"),
                format!("The {en} {value} cannot be before {earliest}."),
            ),
            P::BeforeStart { value, start } => lang.pick(
                format!("{zh} {value} 应在{}之后、且不晚于今天。", start.zh),
                format!(
                    "The {en} {value} must be on or after the {} and not in the future.",
                    start.en
                ),
            ),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {:?}", self.field.name, self.problem)
    }
}

impl std::error::Error for Invalid {}

impl UserError for Invalid {
    fn code(&self) -> ErrorCode {
        match self.problem {
            Problem::Taken { .. } => ErrorCode::Conflict,
            _ => ErrorCode::Invalid,
        }
    }

    fn message(&self, lang: Lang) -> String {
        self.sentence(lang)
    }

    fn field(&self) -> Option<&'static str> {
        Some(self.field.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static NAME: Field = field("name", "姓名", "name");
    static SHOP_NAME: Field = field("shop_name", "店名", "shop name");
    static TAGS: Field = field("tags", "标签", "tag");
    static REGION: Field =
        field("phone_region", "国家或地区代码", "region code").example("CN、US", "CN or US");
    static PHONE: Field = field("phone", "手机号", "phone number");
    static JOINED: Field = field("joined_on", "入群日期", "joined date");
    static BIRTHDAY: Field = field("birthday", "生日", "birthday");
    static LEFT: Field = field("left_on", "退出日期", "left date");
    static GROUP_NAME: Field = field("name", "群名称", "group name");
    static REVISED: Field = field("on", "修订日期", "revision date");
    static LAPSED: Field = field("lapsed_days", "流失天数", "days before a member lapses");

    /// Every problem of the catalogue, on a field it is made for, in both languages: one
    /// snapshot to read every sentence.
    #[test]
    fn every_problem_in_both_languages() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 9).expect("d");
        let cases: [(&'static Field, Problem); 14] = [
            (&NAME, Problem::Required),
            (&NAME, Problem::TooLong { max: 80 }),
            (
                &SHOP_NAME,
                Problem::Length {
                    value: String::new(),
                    min: 1,
                    max: 60,
                },
            ),
            (&TAGS, Problem::TooMany { max: 20 }),
            (
                &TAGS,
                Problem::BadEntry {
                    value: "a,b".into(),
                    max: 20,
                },
            ),
            (
                &LAPSED,
                Problem::OutOfRange {
                    value: 20,
                    min: 22,
                    max: 365,
                },
            ),
            (&REGION, Problem::Unknown { value: "XX".into() }),
            (&PHONE, Problem::NotAPhone { value: "12".into() }),
            (
                &PHONE,
                Problem::Taken {
                    by: "李面包".into(),
                },
            ),
            (&JOINED, Problem::InFuture { value: day }),
            (
                &GROUP_NAME,
                Problem::Exists {
                    value: "熟客烘焙群".into(),
                },
            ),
            (
                &REVISED,
                Problem::BeforeDay {
                    value: day,
                    earliest: day.succ_opt().expect("next"),
                },
            ),
            (&BIRTHDAY, Problem::NotInPast { value: day }),
            (
                &LEFT,
                Problem::BeforeStart {
                    value: day,
                    start: &JOINED,
                },
            ),
        ];
        let mut out = String::new();
        for (field, problem) in cases {
            let conflict = matches!(problem, Problem::Taken { .. });
            let invalid = field.invalid(problem);
            assert_eq!(invalid.field(), Some(field.name));
            let code = if conflict {
                ErrorCode::Conflict
            } else {
                ErrorCode::Invalid
            };
            assert_eq!(invalid.code(), code);
            out.push_str(&format!(
                "{invalid}\n  zh: {}\n  en: {}\n",
                invalid.message(Lang::Zh),
                invalid.message(Lang::En)
            ));
        }
        insta::assert_snapshot!(out);
    }
}
