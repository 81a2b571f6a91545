//! A group's days: size, joins, leaves, members who spoke and messages, as the owner typed them
//! in the week grid, as a platform's statistics export gave them (WeCom's customer-group
//! statistics, through the one table import: [`GroupStats`]), or as the group's chat exports
//! show them (`chats::days`). Per figure, the owner's typing wins over an export, an export
//! over a chat. The size is metrics.md's: the day's reading when there is one, else the last
//! reading carried forward and adjusted by the joins and removals the chats showed since (a
//! chat alone never sets it); without any reading it is unknown, and so is every ratio.

use super::chats;
use super::{CommunityError, groups};
use crate::check::{Field, Problem, field};
use crate::i18n::Lang;
use crate::import::table::{Cells, RowError, Schema, TableField, Written};
use crate::privacy::{Column, Kind, column};
use crate::settings::ctx::Ctx;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const COLUMNS: &[Column] = &[
    column("group_days", "on_day", Kind::NotPersonal),
    column("group_days", "source", Kind::NotPersonal),
];

/// The largest figure a day may have.
pub const FIGURE_MAX: i64 = 1_000_000;

pub static DAY: Field = field("on", "日期", "date");
pub static GROUP: Field = field("group", "社群", "group");
pub static SIZE: Field = field("size", "群人数", "group size");
pub static JOINS: Field = field("joins", "入群人数", "joins");
pub static LEAVES: Field = field("leaves", "退群人数", "leaves");
pub static SPEAKERS: Field = field("speakers", "发言人数", "members who spoke");
pub static MESSAGES: Field = field("messages", "消息数", "messages");

/// A day's figures as typed or imported; `None` is not known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Figures {
    #[ts(type = "number | null")]
    pub size: Option<i64>,
    #[ts(type = "number | null")]
    pub joins: Option<i64>,
    #[ts(type = "number | null")]
    pub leaves: Option<i64>,
    #[ts(type = "number | null")]
    pub speakers: Option<i64>,
    #[ts(type = "number | null")]
    pub messages: Option<i64>,
}

impl Figures {
    fn each(&self) -> [(&'static Field, Option<i64>); 5] {
        [
            (&SIZE, self.size),
            (&JOINS, self.joins),
            (&LEAVES, self.leaves),
            (&SPEAKERS, self.speakers),
            (&MESSAGES, self.messages),
        ]
    }

    fn validate(&self) -> Result<(), crate::check::Invalid> {
        for (f, v) in self.each() {
            if let Some(v) = v
                && !(0..=FIGURE_MAX).contains(&v)
            {
                return Err(f.invalid(Problem::OutOfRange {
                    value: v,
                    min: 0,
                    max: FIGURE_MAX,
                }));
            }
        }
        Ok(())
    }

    fn is_empty(&self) -> bool {
        self.each().iter().all(|(_, v)| v.is_none())
    }

    /// `self`'s known figures, else `other`'s.
    fn or(self, other: Figures) -> Figures {
        Figures {
            size: self.size.or(other.size),
            joins: self.joins.or(other.joins),
            leaves: self.leaves.or(other.leaves),
            speakers: self.speakers.or(other.speakers),
            messages: self.messages.or(other.messages),
        }
    }
}

/// One day of the week grid as the owner typed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
pub struct DayInput {
    pub on: NaiveDate,
    pub figures: Figures,
}

/// Records the week grid's days for `group`, in one transaction: each day whose typed figures
/// changed gets a new typed row (the latest typed row of a day is that day's). How many days
/// changed.
pub fn type_days(
    conn: &mut Connection,
    group: i64,
    days: &[DayInput],
    ctx: Ctx,
) -> Result<usize, CommunityError> {
    let tx = conn.transaction()?;
    let mut changed = 0;
    for d in days {
        let on = groups::day_in(&tx, group, d.on, &DAY, ctx.today)?;
        d.figures.validate()?;
        let current = typed(&tx, group, on)?;
        if current.unwrap_or_default() == d.figures && (current.is_some() || d.figures.is_empty()) {
            continue;
        }
        insert(&tx, group, on, "typed", None, &d.figures)?;
        changed += 1;
    }
    tx.commit()?;
    Ok(changed)
}

fn insert(
    conn: &Connection,
    group: i64,
    on: NaiveDate,
    source: &str,
    batch: Option<i64>,
    f: &Figures,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO group_days(group_id, on_day, source, batch_id, size, joins, leaves,
             speakers, messages)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        group, on, source, batch, f.size, f.joins, f.leaves, f.speakers, f.messages
    ])?;
    Ok(())
}

fn figures(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Figures> {
    Ok(Figures {
        size: r.get(at)?,
        joins: r.get(at + 1)?,
        leaves: r.get(at + 2)?,
        speakers: r.get(at + 3)?,
        messages: r.get(at + 4)?,
    })
}

/// The latest typed figures of a day.
fn typed(conn: &Connection, group: i64, on: NaiveDate) -> rusqlite::Result<Option<Figures>> {
    conn.prepare_cached(
        "SELECT size, joins, leaves, speakers, messages FROM group_days
         WHERE group_id = ?1 AND on_day = ?2 AND source = 'typed' ORDER BY id DESC LIMIT 1",
    )?
    .query_row(params![group, on], |r| figures(r, 0))
    .optional()
}

/// Where a day's size comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SizeFrom {
    /// Typed that day, or in that day's statistics export.
    Reading,
    /// The last reading, carried forward.
    Carried,
    /// The last reading, adjusted by the joins and removals the chats showed since.
    Adjusted,
    Unknown,
}

/// One day of a group as every source together tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct GroupDay {
    pub on: NaiveDate,
    pub figures: Figures,
    pub size_from: SizeFrom,
    /// What was typed that day (the week grid shows it).
    pub typed: Figures,
    #[ts(type = "number | null")]
    pub checkins: Option<i64>,
}

/// The group's days from `from` to `to`, each with its figures from every source.
pub fn range(
    conn: &Connection,
    group: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<GroupDay>, CommunityError> {
    // Per day: the latest typed row, and the export's.
    type Stored = (Option<Figures>, Option<Figures>);
    let mut stored: std::collections::BTreeMap<NaiveDate, Stored> = Default::default();
    let mut stmt = conn.prepare_cached(
        "SELECT on_day, source, size, joins, leaves, speakers, messages FROM group_days
         WHERE group_id = ?1 AND on_day BETWEEN ?2 AND ?3 ORDER BY on_day, id",
    )?;
    let rows = stmt.query_map(params![group, from, to], |r| {
        Ok((
            r.get::<_, NaiveDate>(0)?,
            r.get::<_, String>(1)? == "typed",
            figures(r, 2)?,
        ))
    })?;
    for row in rows {
        let (day, is_typed, f) = row?;
        // The latest typed row of the day; the first export that had it (a later one's row is
        // kept for when the first is undone).
        let slot = stored.entry(day).or_insert((None, None));
        if is_typed {
            slot.0 = Some(f);
        } else if slot.1.is_none() {
            slot.1 = Some(f);
        }
    }
    let chats = chats::days(conn, group, from, to)?;
    // The size before `from`: the last reading, adjusted by the chats' moves after it.
    let mut size = match groups::size_on(conn, group, from.pred_opt().unwrap_or(from))? {
        Some(r) if r.on < from => {
            let net: i64 = conn
                .prepare_cached(
                    "SELECT coalesce(sum(joins) - sum(leaves), 0) FROM chat_counts
                     WHERE group_id = ?1 AND on_day > ?2 AND on_day < ?3",
                )?
                .query_row(params![group, r.on, from], |x| x.get(0))?;
            Some((
                r.size + net,
                if net == 0 {
                    SizeFrom::Carried
                } else {
                    SizeFrom::Adjusted
                },
            ))
        }
        _ => None,
    };
    let mut out = Vec::new();
    for on in from.iter_days().take_while(|d| *d <= to) {
        let (typed, export) = stored.get(&on).copied().unwrap_or((None, None));
        let (typed, export) = (typed.unwrap_or_default(), export.unwrap_or_default());
        let chat = chats.get(&on).map(|c| Figures {
            size: None,
            joins: Some(c.joins),
            leaves: Some(c.leaves),
            speakers: Some(c.speakers),
            messages: Some(c.messages),
        });
        let mut f = typed.or(export).or(chat.unwrap_or_default());
        let reading = typed.size.or(export.size);
        let from_chat = chats.get(&on).map_or(0, |c| c.joins - c.leaves);
        size = match (reading, size) {
            (Some(s), _) => Some((s, SizeFrom::Reading)),
            (None, Some((s, _))) if from_chat != 0 => {
                Some(((s + from_chat).max(0), SizeFrom::Adjusted))
            }
            (None, Some((s, SizeFrom::Reading))) => Some((s, SizeFrom::Carried)),
            (None, known) => known,
        };
        f.size = size.map(|(s, _)| s);
        out.push(GroupDay {
            on,
            figures: f,
            size_from: size.map_or(SizeFrom::Unknown, |(_, how)| how),
            typed,
            checkins: chats.get(&on).map(|c| c.checkins),
        });
    }
    Ok(out)
}

/// The statistics export kind, as batches and undo know it.
pub const KIND: &str = "group_stats";

/// WeCom's customer-group statistics export, one row per group and day (the layout in
/// docs/metrics-notes.md, unverified against a real export): the group by its name, the day,
/// and any of the five figures.
pub struct GroupStats;

/// A row of a statistics export.
pub struct StatsRow {
    group: String,
    on: NaiveDate,
    figures: Figures,
}

const FIELDS: &[TableField] = &[
    TableField::new(
        &GROUP,
        &[
            "群名称",
            "客户群名称",
            "客户群",
            "群名",
            "group",
            "group name",
            "chat name",
        ],
    )
    .required(),
    TableField::new(&DAY, &["日期", "统计日期", "date", "day", "stat_time"])
        .required()
        .dates(),
    TableField::new(
        &SIZE,
        &[
            "群总人数",
            "群成员总数",
            "群成员数",
            "截至当天客户群总人数",
            "member_total",
            "members",
        ],
    ),
    TableField::new(
        &JOINS,
        &[
            "新增群成员数",
            "新增群人数",
            "客户群新增群人数",
            "入群人数",
            "new_member_cnt",
            "joins",
        ],
    ),
    TableField::new(
        &LEAVES,
        &["退群人数", "退群成员数", "quit_member_cnt", "leaves"],
    ),
    TableField::new(
        &SPEAKERS,
        &[
            "发言成员数",
            "有发过消息的群成员数",
            "截至当天有发过消息的群成员数",
            "member_has_msg",
            "speakers",
        ],
    ),
    TableField::new(
        &MESSAGES,
        &[
            "群消息总数",
            "消息总数",
            "截至当天客户群消息总数",
            "msg_total",
            "messages",
        ],
    ),
];

fn count(cells: &Cells<'_>, f: &'static Field, lang: Lang) -> Result<Option<i64>, RowError> {
    let text = cells.text(f).replace([',', ' '], "");
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<i64>() {
        Ok(n) if (0..=FIGURE_MAX).contains(&n) => Ok(Some(n)),
        Ok(n) => Err(RowError::invalid(
            &f.invalid(Problem::OutOfRange {
                value: n,
                min: 0,
                max: FIGURE_MAX,
            }),
            lang,
        )),
        Err(_) => Err(RowError::invalid(
            &f.invalid(Problem::Unknown {
                value: text.clone(),
            }),
            lang,
        )),
    }
}

impl Schema for GroupStats {
    const KIND: &'static str = KIND;
    type Record = StatsRow;

    fn fields(&self) -> &'static [TableField] {
        FIELDS
    }

    fn row(&self, cells: &Cells<'_>, ctx: &Ctx) -> Result<StatsRow, RowError> {
        let required =
            |f: &'static Field| RowError::invalid(&f.invalid(Problem::Required), ctx.lang);
        let group = cells.text(&GROUP);
        if group.is_empty() {
            return Err(required(&GROUP));
        }
        Ok(StatsRow {
            group: group.to_string(),
            on: cells.date(&DAY)?.ok_or_else(|| required(&DAY))?,
            figures: Figures {
                size: count(cells, &SIZE, ctx.lang)?,
                joins: count(cells, &JOINS, ctx.lang)?,
                leaves: count(cells, &LEAVES, ctx.lang)?,
                speakers: count(cells, &SPEAKERS, ctx.lang)?,
                messages: count(cells, &MESSAGES, ctx.lang)?,
            },
        })
    }

    /// A day an earlier export brought already is that export's: counted once (the row is kept
    /// for when that export is undone).
    fn write(
        &self,
        conn: &Connection,
        batch_id: i64,
        row: &StatsRow,
        ctx: &Ctx,
    ) -> Result<Written, RowError> {
        let refused = |field: &'static Field, e: CommunityError| match e {
            CommunityError::Sqlite(e) => RowError::Store(e),
            e => RowError::Refused {
                field: Some(field.name),
                message: crate::i18n::UserError::message(&e, ctx.lang),
            },
        };
        let group = groups::find(conn, &row.group).map_err(|e| refused(&GROUP, e))?;
        let on =
            groups::day_in(conn, group, row.on, &DAY, ctx.today).map_err(|e| refused(&DAY, e))?;
        let had: bool = conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM group_days
                                WHERE group_id = ?1 AND on_day = ?2 AND source = 'export')",
            )?
            .query_row(params![group, on], |r| r.get(0))?;
        // Kept either way, under this import: when the first is undone, this one's row is the
        // day's.
        insert(conn, group, on, "export", Some(batch_id), &row.figures)?;
        Ok(if had {
            Written::Duplicate
        } else {
            Written::Added
        })
    }
}

/// Undoes statistics batch `batch` inside `tx`: the days it brought go. How many.
pub fn undo(tx: &Transaction<'_>, batch: i64) -> rusqlite::Result<u64> {
    Ok(tx.execute("DELETE FROM group_days WHERE batch_id = ?1", [batch])? as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::community::groups::tests::{day, input};
    use crate::import::table::{self, TableRequest};
    use crate::store::open_in_memory;
    use std::path::{Path, PathBuf};

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/chats/wecom_group_stats.csv")
    }

    fn import(conn: &mut Connection, path: &Path, ctx: Ctx) -> table::TableReport {
        let request = TableRequest {
            path: path.to_path_buf(),
            valid_rows: false,
        };
        table::import(conn, &GroupStats, &request, &ctx, Path::new("/nonexistent")).expect("import")
    }

    #[test]
    fn a_statistics_export_counts_each_day_once_and_typing_wins() {
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-03-20"));
        let g = groups::add(&conn, &input("Crumb Club"), ctx)
            .expect("group")
            .id;
        let first = import(&mut conn, &fixture(), ctx);
        assert_eq!((first.counts.added, first.counts.duplicate), (3, 0));
        // A later export overlapping two of its days adds only the new one.
        let dir = tempfile::tempdir().expect("tmp");
        let later = dir.path().join("later.csv");
        std::fs::write(
            &later,
            "date,group,member_total,new_member_cnt,quit_member_cnt,member_has_msg,msg_total\n\
             2026-03-02,Crumb Club,42,2,0,9,61\n2026-03-03,Crumb Club,41,0,1,8,47\n\
             2026-03-04,Crumb Club,44,3,0,10,70\n",
        )
        .expect("write");
        let second = import(&mut conn, &later, ctx);
        assert_eq!((second.counts.added, second.counts.duplicate), (1, 2));
        let d = range(&conn, g, day("2026-03-01"), day("2026-03-05")).expect("range");
        let sizes: Vec<Option<i64>> = d.iter().map(|d| d.figures.size).collect();
        assert_eq!(sizes, [Some(40), Some(42), Some(41), Some(44), Some(44)]);
        assert_eq!(d[2].figures.speakers, None, "an empty cell is not known");
        assert_eq!(d[4].size_from, SizeFrom::Carried);
        // The owner's typing wins over the export, figure by figure.
        let typed = DayInput {
            on: day("2026-03-02"),
            figures: Figures {
                speakers: Some(11),
                ..Figures::default()
            },
        };
        assert_eq!(type_days(&mut conn, g, &[typed], ctx), Ok(1));
        assert_eq!(
            type_days(&mut conn, g, &[typed], ctx),
            Ok(0),
            "nothing changed"
        );
        let d = range(&conn, g, day("2026-03-02"), day("2026-03-02")).expect("range");
        assert_eq!(
            (
                d[0].figures.speakers,
                d[0].figures.size,
                d[0].typed.speakers
            ),
            (Some(11), Some(42), Some(11))
        );
        // Undoing the first export: the days the later one had too are the later one's now.
        let tx = conn.transaction().expect("tx");
        assert_eq!(undo(&tx, first.batch_id.expect("batch")), Ok(3));
        tx.commit().expect("commit");
        let d = range(&conn, g, day("2026-03-01"), day("2026-03-04")).expect("range");
        assert_eq!(d[0].figures.size, None, "1 March was the first's alone");
        assert_eq!(
            (d[2].figures.size, d[2].figures.speakers),
            (Some(41), Some(8))
        );
        assert_eq!(d[3].figures.size, Some(44));
        // And undoing the later one leaves only what was typed.
        let tx = conn.transaction().expect("tx");
        assert_eq!(undo(&tx, second.batch_id.expect("batch")), Ok(3));
        tx.commit().expect("commit");
        let d = range(&conn, g, day("2026-03-02"), day("2026-03-04")).expect("range");
        assert_eq!((d[0].figures.speakers, d[0].figures.size), (Some(11), None));
        assert_eq!(d[2].size_from, SizeFrom::Unknown);
    }

    #[test]
    fn a_row_of_another_group_or_a_bad_figure_is_refused_by_row() {
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-03-20"));
        groups::add(&conn, &input("Crumb Club"), ctx).expect("group");
        let dir = tempfile::tempdir().expect("tmp");
        let bad = dir.path().join("bad.csv");
        std::fs::write(
            &bad,
            "日期,群名称,群总人数\n2026-03-01,Crumb Club,forty\n2026-03-02,Nobody's,40\n",
        )
        .expect("write");
        let request = TableRequest {
            path: bad,
            valid_rows: false,
        };
        let r = table::import(&mut conn, &GroupStats, &request, &ctx, dir.path());
        let err = r.expect_err("refused");
        let text = crate::i18n::UserError::message(&err, Lang::En);
        assert!(
            text.contains("forty") && text.contains("Nobody's"),
            "{text}"
        );
    }
}
