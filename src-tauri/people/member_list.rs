//! A member list the owner already keeps (CSV or Excel), read into members:
//! all of them or none, each row validated like the add form.

use crate::i18n::{ErrorCode, Lang, UserError};
use crate::import::read::{self, ReadError, ReadOptions};
use crate::import::values::{self, DateOrder};
use crate::people::members::{self, MemberError, MemberInput, MemberSource};
use crate::settings::ctx::Ctx;
use rusqlite::Connection;
use std::path::Path;
use thiserror::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Phone,
    Wechat,
    Birthday,
    Joined,
    Tags,
    Notes,
    Consent,
}

const HEADERS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "name",
            "姓名",
            "会员姓名",
            "名字",
            "customer name",
            "full name",
        ],
    ),
    (
        Field::Phone,
        &[
            "phone",
            "mobile",
            "手机号",
            "手机",
            "电话",
            "手机号码",
            "会员手机号",
            "phone number",
        ],
    ),
    (
        Field::Wechat,
        &["wechat", "wechat name", "微信", "微信昵称", "微信名"],
    ),
    (
        Field::Birthday,
        &["birthday", "生日", "出生日期", "date of birth"],
    ),
    (
        Field::Joined,
        &[
            "joined",
            "joined on",
            "join date",
            "入群日期",
            "加入日期",
            "入会日期",
            "注册时间",
            "注册日期",
        ],
    ),
    (Field::Tags, &["tags", "标签"]),
    (Field::Notes, &["notes", "note", "备注"]),
    (
        Field::Consent,
        &[
            "consent",
            "marketing consent",
            "营销许可",
            "同意营销",
            "接收营销",
        ],
    ),
];

fn field_of(header: &str) -> Option<Field> {
    let h = header.trim().to_lowercase();
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(f, _)| *f)
}

#[derive(Debug, Error)]
pub enum MemberListError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file}: no name column")]
    NoNameColumn { file: String },
    #[error("{file} row {row}: {source}")]
    Row {
        file: String,
        row: usize,
        source: MemberError,
    },
    #[error("{file} row {row}, column {column}: {value:?}")]
    Value {
        file: String,
        row: usize,
        column: String,
        value: String,
        expected: String,
    },
}

impl UserError for MemberListError {
    fn code(&self) -> ErrorCode {
        match self {
            MemberListError::Read(e) => e.code(),
            MemberListError::Row { source, .. } => source.code(),
            _ => ErrorCode::Invalid,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            MemberListError::Read(e) => e.message(lang),
            MemberListError::NoNameColumn { file } => lang.pick(
                format!("{file}：找不到“姓名”列（name/姓名）。没有导入任何会员。"),
                format!("{file}: no name column (name/姓名) was found. No member was added."),
            ),
            MemberListError::Row { file, row, source } => lang.pick(
                format!("{file} 第 {row} 行：{}没有导入任何会员。", source.message(lang)),
                format!("{file}, row {row}: {} No member was added.", source.message(lang)),
            ),
            MemberListError::Value { file, row, column, value, expected } => lang.pick(
                format!("{file} 第 {row} 行，“{column}”列：“{value}”，应为{expected}。没有导入任何会员。"),
                format!("{file}, row {row}, column “{column}”: “{value}”, expected {expected}. No member was added."),
            ),
        }
    }
}

fn consent(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "yes" | "y" | "true" | "1" | "是" | "同意" | "✓"
    )
}

/// Adds every member of the list at `path`; returns how many.
pub fn import(conn: &mut Connection, path: &Path, ctx: Ctx) -> Result<usize, MemberListError> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sniffed = read::sniff(path, &ReadOptions::default(), &|h| field_of(h).is_some())?;
    let columns: Vec<Option<Field>> = sniffed.headers.iter().map(|h| field_of(h)).collect();
    if !columns.contains(&Some(Field::Name)) {
        return Err(MemberListError::NoNameColumn { file });
    }
    let date_samples = |field: Field| -> Vec<String> {
        let Some(col) = columns.iter().position(|c| *c == Some(field)) else {
            return Vec::new();
        };
        sniffed
            .samples
            .iter()
            .filter_map(|r| r.cells.get(col).cloned())
            .collect()
    };
    let mut samples = date_samples(Field::Birthday);
    samples.extend(date_samples(Field::Joined));
    let order =
        values::decide_date_order(samples.iter().map(String::as_str)).unwrap_or(DateOrder::Ymd);
    let mut inputs = Vec::new();
    let mut rows = Vec::new();
    for row in read::open_rows(path, &sniffed)? {
        let row = row?;
        let mut input = MemberInput {
            name: String::new(),
            phone: String::new(),
            wechat_name: String::new(),
            birthday: None,
            joined_on: ctx.today,
            source: MemberSource::Other,
            tags: Vec::new(),
            notes: String::new(),
            marketing_consent: false,
        };
        for (i, cell) in row.cells.iter().enumerate() {
            let Some(Some(field)) = columns.get(i) else {
                continue;
            };
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let date = || {
                values::parse_date_time(cell, order)
                    .map(|(d, _)| d)
                    .map_err(|e| MemberListError::Value {
                        file: file.clone(),
                        row: row.number,
                        column: sniffed.headers[i].clone(),
                        value: cell.to_string(),
                        expected: e.expected(ctx.lang),
                    })
            };
            match field {
                Field::Name => input.name = cell.to_string(),
                Field::Phone => input.phone = cell.to_string(),
                Field::Wechat => input.wechat_name = cell.to_string(),
                Field::Birthday => input.birthday = Some(date()?),
                Field::Joined => input.joined_on = date()?,
                Field::Tags => input.tags = members::split_tags(cell),
                Field::Notes => input.notes = cell.to_string(),
                Field::Consent => input.marketing_consent = consent(cell),
            }
        }
        rows.push(row.number);
        inputs.push(input);
    }
    members::add_all(conn, &inputs, ctx)
        .map(|ids| ids.len())
        .map_err(|(i, source)| MemberListError::Row {
            file,
            row: rows.get(i).copied().unwrap_or(0),
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;
    use chrono::NaiveDate;

    fn ctx() -> Ctx {
        Ctx::on("CN", NaiveDate::from_ymd_opt(2026, 3, 9).expect("date"))
    }

    fn write(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::Builder::new()
            .suffix(".csv")
            .tempfile()
            .expect("tmp");
        std::io::Write::write_all(&mut f, text.as_bytes()).expect("write");
        f
    }

    #[test]
    fn a_chinese_member_list_is_read_whole() {
        let mut conn = open_in_memory().expect("db");
        let f = write(
            "姓名,手机号,入群日期,标签,生日\n王小麦,138 1234 5678,2026/1/5,烘焙爱好者、咖啡控,1990-03-12\n李可颂,,2026/2/1,,\n",
        );
        assert_eq!(import(&mut conn, f.path(), ctx()).expect("import"), 2);
        let m = members::get(&conn, 1, "CN").expect("member");
        assert_eq!(m.phone.as_deref(), Some("+8613812345678"));
        assert_eq!(m.tags, ["咖啡控", "烘焙爱好者"]);
        assert_eq!(m.joined_on, NaiveDate::from_ymd_opt(2026, 1, 5).expect("d"));
    }

    #[test]
    fn one_bad_row_adds_nobody_and_names_the_row() {
        let mut conn = open_in_memory().expect("db");
        let f = write("name,phone,joined\nAnna,13812345678,2026-01-05\nBen,12345,2026-01-06\n");
        let err = import(
            &mut conn,
            f.path(),
            Ctx {
                lang: Lang::En,
                ..ctx()
            },
        )
        .expect_err("bad phone");
        assert!(
            err.message(Lang::En).contains("row 3"),
            "{}",
            err.message(Lang::En)
        );
        assert_eq!(members::count(&conn).expect("count"), 0);
        let f = write("phone\n13812345678\n");
        assert!(matches!(
            import(
                &mut conn,
                f.path(),
                Ctx {
                    lang: Lang::En,
                    ..ctx()
                }
            ),
            Err(MemberListError::NoNameColumn { .. })
        ));
    }
}
