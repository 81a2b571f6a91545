//! A member list the owner already keeps (CSV or Excel), read into members by the table import
//! (`import::table`): previewed, all of it or the valid rows, each row validated like the add
//! form, in a batch that undo removes — asking first about the members changed since.

use super::phone;
use crate::i18n::UserError;
use crate::import::table::{Cells, RowError, Schema, TableField, Written};
use crate::people::members::{self, MemberError, MemberInput, MemberSource};
use crate::people::members::{
    BIRTHDAY, JOINED_ON, MARKETING_CONSENT, NAME, NOTES, PHONE, TAGS, WECHAT_NAME,
};
use crate::settings::ctx::Ctx;
use rusqlite::Connection;

/// The member list, as a table import's schema.
pub struct MemberList;

/// The columns of a member list, with the header names shops use for them.
const FIELDS: &[TableField] = &[
    TableField::new(
        &NAME,
        &[
            "name",
            "姓名",
            "会员姓名",
            "名字",
            "customer name",
            "full name",
        ],
    )
    .required(),
    TableField::new(
        &PHONE,
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
    TableField::new(
        &WECHAT_NAME,
        &["wechat", "wechat name", "微信", "微信昵称", "微信名"],
    ),
    TableField::new(
        &BIRTHDAY,
        &["birthday", "生日", "出生日期", "date of birth"],
    )
    .dates(),
    TableField::new(
        &JOINED_ON,
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
    )
    .dates(),
    TableField::new(&TAGS, &["tags", "标签"]),
    TableField::new(&NOTES, &["notes", "note", "备注"]),
    TableField::new(
        &MARKETING_CONSENT,
        &[
            "consent",
            "marketing consent",
            "营销许可",
            "同意营销",
            "接收营销",
        ],
    ),
];

fn consent(text: &str) -> bool {
    matches!(
        text.to_lowercase().as_str(),
        "yes" | "y" | "true" | "1" | "是" | "同意" | "✓"
    )
}

impl Schema for MemberList {
    const KIND: &'static str = "members";
    type Record = MemberInput;

    fn fields(&self) -> &'static [TableField] {
        FIELDS
    }

    fn row(&self, cells: &Cells<'_>, ctx: &Ctx) -> Result<MemberInput, RowError> {
        Ok(MemberInput {
            name: cells.text(&NAME).to_string(),
            phone: cells.text(&PHONE).to_string(),
            wechat_name: cells.text(&WECHAT_NAME).to_string(),
            // Any year the form reads: its validation says what is too early or too late; a
            // month and day alone are a birthday whose year is not known.
            birthday: match cells.date_in(&BIRTHDAY, 1000..=9999) {
                Err(refused) => {
                    let (m, d) = cells.month_day(&BIRTHDAY).ok_or(refused)?;
                    members::birthday_without_year(m, d)
                }
                read => read?,
            },
            joined_on: cells.date(&JOINED_ON)?.unwrap_or(ctx.today),
            source: MemberSource::Other,
            tags: members::split_tags(cells.text(&TAGS)),
            notes: cells.text(&NOTES).to_string(),
            marketing_consent: consent(cells.text(&MARKETING_CONSENT)),
        })
    }

    /// A phone kept although the metadata does not list it (a range newer than it).
    fn warning(&self, input: &MemberInput, ctx: &Ctx) -> Option<(&'static str, String)> {
        let e164 = phone::normalize(&input.phone, ctx.phone_region()).ok()?;
        (!phone::is_known(&e164)).then(|| {
            (
                PHONE.name,
                ctx.lang.pick(
                    "这个号码长度和开头都像手机号，但号码库还不认识（可能是新号段），已按原样保存，请核对",
                    "the number looks like a mobile (its length and first digit) but the phone metadata does not list it (a new range?); kept as it is: please check it",
                ),
            )
        })
    }

    fn write(
        &self,
        conn: &Connection,
        batch_id: i64,
        input: &MemberInput,
        ctx: &Ctx,
    ) -> Result<Written, RowError> {
        match members::add_listed(conn, input, batch_id, *ctx) {
            Ok(Some(_)) => Ok(Written::Added),
            Ok(None) => Ok(Written::Duplicate),
            Err(MemberError::Sqlite(e)) => Err(RowError::Store(e)),
            Err(MemberError::Invalid(invalid)) => Err(RowError::invalid(&invalid, ctx.lang)),
            Err(e @ (MemberError::NotFound(_) | MemberError::Forgotten)) => {
                Err(RowError::Refused {
                    field: None,
                    message: e.message(ctx.lang),
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::import::batches;
    use crate::import::table::{self, TableError, TableRequest};
    use crate::store::open_in_memory;
    use chrono::{Datelike, NaiveDate};
    use std::path::Path;

    fn ctx() -> Ctx {
        Ctx {
            lang: Lang::En,
            ..Ctx::on("CN", NaiveDate::from_ymd_opt(2026, 3, 9).expect("date"))
        }
    }

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let path = dir.join(name);
        std::fs::write(&path, text).expect("write");
        path
    }

    fn import(
        conn: &mut Connection,
        path: &Path,
        valid_rows: bool,
    ) -> Result<table::TableReport, TableError> {
        let request = TableRequest {
            path: path.to_path_buf(),
            valid_rows,
        };
        let rejects = path.parent().expect("dir").join("rejects");
        table::import(conn, &MemberList, &request, &ctx(), &rejects)
    }

    #[test]
    fn a_chinese_member_list_is_read_whole() {
        let mut conn = open_in_memory().expect("db");
        let dir = tempfile::tempdir().expect("dir");
        let f = write(
            dir.path(),
            "会员.csv",
            "姓名,手机号,入群日期,标签,生日\n王小麦,138 1234 5678,2026/1/5,烘焙爱好者、咖啡控,1990-03-12\n李可颂,,2026/2/1,,\n",
        );
        let report = import(&mut conn, &f, false).expect("import");
        assert_eq!(report.counts.added, 2);
        let m = members::get(&conn, 1, "CN", Lang::Zh).expect("member");
        assert_eq!(m.phone.as_deref(), Some("+8613812345678"));
        assert_eq!(m.tags, ["咖啡控", "烘焙爱好者"]);
        assert_eq!(m.joined_on, NaiveDate::from_ymd_opt(2026, 1, 5).expect("d"));
        let again = import(&mut conn, &f, false).expect("again");
        assert_eq!((again.counts.added, again.counts.duplicate), (0, 2));
        assert_eq!(members::count(&conn).expect("count"), 2, "counted once");
    }

    /// A phone of a range the metadata does not know yet (11 digits beginning as China's
    /// mobiles do) is kept, with a warning naming its row and column; a known one is not warned of.
    #[test]
    fn a_possible_phone_is_kept_with_a_warning() {
        let mut conn = open_in_memory().expect("db");
        let dir = tempfile::tempdir().expect("dir");
        let f = write(
            dir.path(),
            "members.csv",
            "name,phone\nNew Range,154 1234 5678\nKnown,138 1234 5678\n",
        );
        let report = import(&mut conn, &f, false).expect("import");
        assert_eq!((report.counts.added, report.counts.rejected), (2, 0));
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
        let w = &report.warnings[0];
        assert_eq!(
            (w.row, w.column.as_deref(), w.value.as_deref()),
            (2, Some("phone"), Some("154 1234 5678"))
        );
        assert!(w.message.contains("new range"), "{}", w.message);
        let m = members::get(&conn, 1, "CN", Lang::En).expect("member");
        assert_eq!(m.phone.as_deref(), Some("+8615412345678"));
    }

    /// Birthdays are read with the member form's range, not the sales dates': a member born in
    /// 1964 (written any way a list writes dates) is no reason to refuse the list; one born in
    /// 1899 or tomorrow is refused by the form's own rule.
    #[test]
    fn birthdays_of_any_year_since_1900_are_read() {
        let mut conn = open_in_memory().expect("db");
        let dir = tempfile::tempdir().expect("dir");
        let f = write(
            dir.path(),
            "members.csv",
            "name,phone,birthday\nOld Friend,,1964-07-02\nSerial,,23560\nCompact,,19581103\n",
        );
        let report = import(&mut conn, &f, false).expect("import");
        assert_eq!(report.counts.added, 3);
        let born: Vec<_> = (1..=3)
            .map(|id| {
                members::get(&conn, id, "CN", Lang::En)
                    .expect("member")
                    .birthday
            })
            .collect();
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day);
        assert_eq!(born, [d(1964, 7, 2), d(1964, 7, 2), d(1958, 11, 3)]);

        // A month and day alone: a birthday whose year is not known, kept as such.
        let f = write(
            dir.path(),
            "no-years.csv",
            "name,birthday\nSpring,03-12\nChinese,3月12日\nLeap,--02-29\n",
        );
        let report = import(&mut conn, &f, false).expect("import");
        assert_eq!(report.counts.added, 3);
        for id in 4..=6 {
            let b = members::get(&conn, id, "CN", Lang::En)
                .expect("member")
                .birthday;
            assert_eq!(
                b.map(|b| b.year()),
                Some(members::BIRTHDAY_YEAR_UNKNOWN),
                "{id}"
            );
        }
        let f = write(dir.path(), "nonsense.csv", "name,birthday\nNo Day,02-30\n");
        assert!(
            import(&mut conn, &f, false).is_err(),
            "no 30 February, with or without a year"
        );

        let f = write(dir.path(), "bad.csv", "name,birthday\nToo Old,1899-12-31\n");
        let err = import(&mut conn, &f, false).unwrap_err();
        assert!(
            matches!(err, TableError::Refused { rejected: 1, .. }),
            "{err:?}"
        );
    }

    #[test]
    fn a_list_without_a_name_column_is_refused_in_both_languages() {
        let mut conn = open_in_memory().expect("db");
        let dir = tempfile::tempdir().expect("dir");
        let f = write(dir.path(), "phones.csv", "phone\n13812345678\n");
        let err = import(&mut conn, &f, true).expect_err("no name column");
        assert!(matches!(err, TableError::MissingColumn { .. }), "{err}");
        assert_eq!(
            err.message(Lang::En),
            "phones.csv: no name column was found. Nothing was imported."
        );
        assert_eq!(
            err.message(Lang::Zh),
            "phones.csv：找不到“姓名”列。没有导入任何内容。"
        );
        assert_eq!(members::count(&conn).expect("count"), 0);
    }

    /// 200 members, one with a phone that is not one: none without the option, 199 with it,
    /// the bad row in the rejects file; the batch is listed and undone.
    #[test]
    fn one_bad_phone_among_200_refuses_all_or_only_itself() {
        let mut conn = open_in_memory().expect("db");
        let dir = tempfile::tempdir().expect("dir");
        let mut text = String::from("name,phone,joined\n");
        for i in 0..200 {
            let phone = if i == 120 {
                "12345".to_string()
            } else {
                format!("1381234{i:04}")
            };
            text.push_str(&format!("Member {i},{phone},2026-01-05\n"));
        }
        let f = write(dir.path(), "members.csv", &text);
        let err = import(&mut conn, &f, false).expect_err("one bad phone");
        let message = err.message(Lang::En);
        assert!(
            message.contains("Row 122, column “phone” (“12345”)"),
            "{message}"
        );
        assert_eq!(members::count(&conn).expect("count"), 0);

        let report = import(&mut conn, &f, true).expect("valid rows");
        assert_eq!((report.counts.added, report.counts.rejected), (199, 1));
        assert_eq!(report.problems[0].field.as_deref(), Some("phone"));
        let rejects = std::fs::read_to_string(report.rejects_file.expect("file")).expect("read");
        assert!(
            rejects.contains("122,") && rejects.contains("12345"),
            "{rejects}"
        );
        assert_eq!(members::count(&conn).expect("count"), 199);
        let listed = batches::list(&conn).expect("list");
        assert_eq!((listed.len(), listed[0].kind.as_str()), (1, "members"));

        let id = report.batch_id.expect("batch");
        let removed = batches::undo(&mut conn, id, |tx, _| members::remove_batch(tx, id, false));
        assert_eq!(removed.expect("undo"), Some(199));
        assert_eq!(members::count(&conn).expect("count"), 0);
    }

    #[test]
    fn undo_can_keep_the_members_changed_since() {
        let mut conn = open_in_memory().expect("db");
        let dir = tempfile::tempdir().expect("dir");
        let f = write(dir.path(), "m.csv", "name,tags\nAnna,\nBen,\nCleo,\n");
        let id = import(&mut conn, &f, false)
            .expect("import")
            .batch_id
            .expect("batch");
        let mut ben = members::get(&conn, 2, "CN", Lang::Zh).expect("ben");
        ben.tags = vec!["regular".into()];
        let input = MemberInput {
            name: ben.label.clone(),
            phone: String::new(),
            wechat_name: String::new(),
            birthday: None,
            joined_on: ben.joined_on,
            source: ben.source,
            tags: ben.tags.clone(),
            notes: String::new(),
            marketing_consent: false,
        };
        members::update(&mut conn, 2, &input, ctx()).expect("tag Ben");
        members::touch(&conn, 3).expect("link Cleo");
        assert_eq!(
            members::of_batch(&conn, id, ctx()).expect("of batch"),
            (3, vec!["Ben".to_string(), "Cleo".to_string()])
        );
        let removed = batches::undo(&mut conn, id, |tx, _| members::remove_batch(tx, id, true));
        assert_eq!(removed.expect("undo"), Some(1));
        let left: Vec<String> = members::roster(&conn)
            .expect("roster")
            .into_iter()
            .filter_map(|m| m.name)
            .collect();
        assert_eq!(left, ["Ben", "Cleo"], "the changed members stay");
    }
}
