//! The shop's chat groups: where each is (platform), what it is for (positioning, slogan), who
//! runs it, how one gets in (entry threshold), how big it should grow and whether it runs. Its
//! size is what the owner reads in the chat app, typed with its date whenever they like
//! (`record_size`, appended; the latest reading of a day is that day's): a group's size is never
//! its members on the list (`listed`).

use super::{CommunityError, Thing, coded, past_day, staff, text};
use crate::check::{Field, Problem, field};
use crate::privacy::{Column, Kind, column};
use crate::settings::ctx::Ctx;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

coded! {
    /// Where the group lives.
    Platform {
        Wechat = "wechat", "微信群", "WeChat group";
        Wecom = "wecom", "企业微信客户群", "WeCom customer group";
        Douyin = "douyin", "抖音粉丝群", "Douyin fan group";
        Xiaohongshu = "xiaohongshu", "小红书群", "Xiaohongshu group";
        Weibo = "weibo", "微博群", "Weibo group";
        Whatsapp = "whatsapp", "WhatsApp 群", "WhatsApp group";
        Telegram = "telegram", "Telegram 群", "Telegram group";
        Other = "other", "其他", "other";
    }
}

coded! {
    /// How one gets into the group (入群门槛).
    Threshold {
        TillQr = "till_qr", "收银台扫码", "QR code at the till";
        Receipt = "receipt", "凭消费小票", "a receipt";
        Questionnaire = "questionnaire", "填写问卷", "a questionnaire";
        Invitation = "invitation", "会员邀请", "an invitation";
    }
}

coded! {
    GroupStatus {
        Active = "active", "运营中", "active";
        Paused = "paused", "暂停", "paused";
        Archived = "archived", "已归档", "archived";
    }
}

/// What the group form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct GroupInput {
    pub platform: Platform,
    pub name: String,
    pub positioning: String,
    pub slogan: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub created_on: NaiveDate,
    pub threshold: Threshold,
    #[ts(type = "number | null")]
    pub target_size: Option<i64>,
    pub status: GroupStatus,
}

/// A size the owner read in the chat app on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct SizeReading {
    pub on: NaiveDate,
    #[ts(type = "number")]
    pub size: i64,
}

/// A group as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Group {
    #[ts(type = "number")]
    pub id: i64,
    pub platform: Platform,
    pub name: String,
    pub positioning: String,
    pub slogan: String,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub created_on: NaiveDate,
    pub threshold: Threshold,
    #[ts(type = "number | null")]
    pub target_size: Option<i64>,
    pub status: GroupStatus,
    /// The last size typed (on or before today).
    pub size: Option<SizeReading>,
    /// Members from the member list in the group today ("on your list": not its size).
    #[ts(type = "number")]
    pub listed: i64,
}

pub const NAME_MAX: usize = 40;
pub const POSITIONING_MAX: usize = 200;
pub const SLOGAN_MAX: usize = 60;
pub const SIZE_MAX: i64 = 100_000;

pub static NAME: Field = field("name", "群名称", "group name");
pub static POSITIONING: Field = field("positioning", "定位", "positioning");
pub static SLOGAN: Field = field("slogan", "口号", "slogan");
pub static OWNER: Field = field("owner_id", "群主", "group owner");
pub static CREATED_ON: Field = field("created_on", "建群日期", "created date");
pub static TARGET_SIZE: Field = field("target_size", "目标人数", "target size");
pub static SIZE: Field = field("size", "群人数", "group size");
pub static SIZE_ON: Field = field("on", "日期", "date");

fn in_range(value: i64, field: &'static Field, min: i64) -> Result<i64, CommunityError> {
    if !(min..=SIZE_MAX).contains(&value) {
        return Err(field
            .invalid(Problem::OutOfRange {
                value,
                min,
                max: SIZE_MAX,
            })
            .into());
    }
    Ok(value)
}

/// The input, trimmed, or what is wrong with it; `id` is the group being edited (its own name
/// is not taken).
fn validate(
    conn: &Connection,
    input: &GroupInput,
    id: Option<i64>,
    ctx: Ctx,
) -> Result<GroupInput, CommunityError> {
    let name = text(&input.name, &NAME, NAME_MAX, true)?;
    let same: Option<i64> = conn
        .query_row(
            "SELECT id FROM chat_groups WHERE lower(name) = lower(?1) AND id IS NOT ?2",
            params![name, id],
            |r| r.get(0),
        )
        .optional()?;
    if same.is_some() {
        return Err(NAME.invalid(Problem::Exists { value: name }).into());
    }
    Ok(GroupInput {
        platform: input.platform,
        name,
        positioning: text(&input.positioning, &POSITIONING, POSITIONING_MAX, false)?,
        slogan: text(&input.slogan, &SLOGAN, SLOGAN_MAX, false)?,
        owner_id: staff::check(conn, input.owner_id, &OWNER)?,
        created_on: past_day(input.created_on, &CREATED_ON, ctx.today)?,
        threshold: input.threshold,
        target_size: input
            .target_size
            .map(|n| in_range(n, &TARGET_SIZE, 1))
            .transpose()?,
        status: input.status,
    })
}

pub fn add(conn: &Connection, input: &GroupInput, ctx: Ctx) -> Result<Group, CommunityError> {
    let g = validate(conn, input, None, ctx)?;
    conn.execute(
        "INSERT INTO chat_groups(platform, name, positioning, slogan, owner_id, created_on,
                                 threshold, target_size, status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            g.platform.code(),
            g.name,
            g.positioning,
            g.slogan,
            g.owner_id,
            g.created_on,
            g.threshold.code(),
            g.target_size,
            g.status.code()
        ],
    )?;
    get(conn, conn.last_insert_rowid(), ctx.today)
}

pub fn update(
    conn: &Connection,
    id: i64,
    input: &GroupInput,
    ctx: Ctx,
) -> Result<Group, CommunityError> {
    let g = validate(conn, input, Some(id), ctx)?;
    let n = conn.execute(
        "UPDATE chat_groups SET platform = ?2, name = ?3, positioning = ?4, slogan = ?5,
                owner_id = ?6, created_on = ?7, threshold = ?8, target_size = ?9, status = ?10
         WHERE id = ?1",
        params![
            id,
            g.platform.code(),
            g.name,
            g.positioning,
            g.slogan,
            g.owner_id,
            g.created_on,
            g.threshold.code(),
            g.target_size,
            g.status.code()
        ],
    )?;
    if n == 0 {
        return Err(CommunityError::NotFound(Thing::Group, id));
    }
    get(conn, id, ctx.today)
}

const SELECT: &str = "
    SELECT g.id, g.platform, g.name, g.positioning, g.slogan, g.owner_id, s.name, g.created_on,
           g.threshold, g.target_size, g.status,
           (SELECT count(DISTINCT m.member_id) FROM group_members m
             WHERE m.group_id = g.id AND m.joined_on <= ?1
               AND (m.left_on IS NULL OR m.left_on > ?1))
    FROM chat_groups g LEFT JOIN staff s ON s.id = g.owner_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group {
        id: r.get(0)?,
        platform: Platform::parse(r.get_ref(1)?.as_str()?).unwrap_or(Platform::Other),
        name: r.get(2)?,
        positioning: r.get(3)?,
        slogan: r.get(4)?,
        owner_id: r.get(5)?,
        owner_name: r.get(6)?,
        created_on: r.get(7)?,
        threshold: Threshold::parse(r.get_ref(8)?.as_str()?).unwrap_or(Threshold::TillQr),
        target_size: r.get(9)?,
        status: GroupStatus::parse(r.get_ref(10)?.as_str()?).unwrap_or(GroupStatus::Active),
        size: None,
        listed: r.get(11)?,
    })
}

/// Every group as of `today`: active first, then paused, then archived; by creation within.
pub fn list(conn: &Connection, today: NaiveDate) -> Result<Vec<Group>, CommunityError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} ORDER BY g.created_on, g.id"))?;
    let mut groups = stmt
        .query_map([today], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for g in &mut groups {
        g.size = size_on(conn, g.id, today)?;
    }
    groups.sort_by_key(|g| GroupStatus::ALL.iter().position(|s| *s == g.status));
    Ok(groups)
}

pub fn get(conn: &Connection, id: i64, today: NaiveDate) -> Result<Group, CommunityError> {
    let mut g = conn
        .query_row(
            &format!("{SELECT} WHERE g.id = ?2"),
            params![today, id],
            from_row,
        )
        .optional()?
        .ok_or(CommunityError::NotFound(Thing::Group, id))?;
    g.size = size_on(conn, id, today)?;
    Ok(g)
}

/// Refuses a group that does not exist.
pub fn must_exist(conn: &Connection, id: i64) -> Result<(), CommunityError> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM chat_groups WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    if n == 0 {
        return Err(CommunityError::NotFound(Thing::Group, id));
    }
    Ok(())
}

/// `day` for something that happened in group `group` (`field`): not after today, not before
/// the group was created.
pub fn day_in(
    conn: &Connection,
    group: i64,
    day: NaiveDate,
    field: &'static Field,
    today: NaiveDate,
) -> Result<NaiveDate, CommunityError> {
    let created: Option<NaiveDate> = conn
        .prepare_cached("SELECT created_on FROM chat_groups WHERE id = ?1")?
        .query_row([group], |r| r.get(0))
        .optional()?;
    let created = created.ok_or(CommunityError::NotFound(Thing::Group, group))?;
    let day = past_day(day, field, today)?;
    if day < created {
        return Err(field
            .invalid(Problem::BeforeDay {
                value: day,
                earliest: created,
            })
            .into());
    }
    Ok(day)
}

/// The group `text` names: its id, or its name (ignoring case) when one group has it.
pub fn find(conn: &Connection, text: &str) -> Result<i64, CommunityError> {
    let text = text.trim();
    if let Ok(id) = text.parse::<i64>()
        && must_exist(conn, id).is_ok()
    {
        return Ok(id);
    }
    let mut stmt = conn.prepare("SELECT id FROM chat_groups WHERE lower(name) = lower(?1)")?;
    let ids = stmt
        .query_map([text], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match ids[..] {
        [id] => Ok(id),
        _ => Err(CommunityError::NoSuchGroup(text.to_string(), ids.len())),
    }
}

/// Records that the group had `size` members on `on`, as the owner read it in the chat app.
pub fn record_size(
    conn: &Connection,
    group: i64,
    on: NaiveDate,
    size: i64,
    ctx: Ctx,
) -> Result<SizeReading, CommunityError> {
    let on = day_in(conn, group, on, &SIZE_ON, ctx.today)?;
    let size = in_range(size, &SIZE, 0)?;
    // A new typed row of the day, keeping what else was typed that day (the week grid's).
    conn.execute(
        "INSERT INTO group_days(group_id, on_day, source, size, joins, leaves, speakers, messages)
         SELECT ?1, ?2, 'typed', ?3, joins, leaves, speakers, messages
         FROM (SELECT NULL AS joins, NULL AS leaves, NULL AS speakers, NULL AS messages, 0 AS id
               UNION ALL
               SELECT joins, leaves, speakers, messages, id FROM group_days
               WHERE group_id = ?1 AND on_day = ?2 AND source = 'typed')
         ORDER BY id DESC LIMIT 1",
        params![group, on, size],
    )?;
    Ok(SizeReading { on, size })
}

/// The group's readings of its size on or before `upto`, newest first, one per day — the day's
/// latest typed row's size, else the first export's that had the day, as `days::range` reads a
/// day — stopping after `most` (its rows are read back only as far as that).
fn readings(
    conn: &Connection,
    group: i64,
    upto: NaiveDate,
    most: usize,
) -> Result<Vec<SizeReading>, CommunityError> {
    let mut stmt = conn.prepare_cached(
        "SELECT on_day, source, size FROM group_days WHERE group_id = ?1 AND on_day <= ?2
         ORDER BY on_day DESC, id DESC",
    )?;
    let mut rows = stmt.query(params![group, upto])?;
    let mut out = Vec::new();
    // Per day: the latest typed row's size (the first typed row met), else the first export's
    // (the last export row met).
    type Day = (NaiveDate, Option<Option<i64>>, Option<i64>);
    let mut current: Option<Day> = None;
    let close = |c: Day, out: &mut Vec<SizeReading>| {
        let (on, typed, export) = c;
        if let Some(size) = typed.flatten().or(export) {
            out.push(SizeReading { on, size });
        }
    };
    while let Some(r) = rows.next()? {
        let (on, source, size): (NaiveDate, String, Option<i64>) =
            (r.get(0)?, r.get(1)?, r.get(2)?);
        if let Some(c) = current.filter(|c| c.0 != on) {
            close(c, &mut out);
            if out.len() == most {
                return Ok(out);
            }
            current = None;
        }
        let c = current.get_or_insert((on, None, None));
        if source == "typed" {
            c.1.get_or_insert(size);
        } else {
            c.2 = size;
        }
    }
    if let Some(c) = current {
        close(c, &mut out);
    }
    Ok(out)
}

/// The group's size on `day`: the last reading on or before it.
pub fn size_on(
    conn: &Connection,
    group: i64,
    day: NaiveDate,
) -> Result<Option<SizeReading>, CommunityError> {
    Ok(readings(conn, group, day, 1)?.pop())
}

/// Every reading of the group's size, newest first (one per day).
pub fn sizes(conn: &Connection, group: i64) -> Result<Vec<SizeReading>, CommunityError> {
    // The last day stored dates compare with as text (`NaiveDate::MAX` is written with a sign).
    let last = NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    readings(conn, group, last, usize::MAX)
}

/// The groups' names by id, for lists that name a member's groups.
pub fn names(conn: &Connection) -> Result<rustc_hash::FxHashMap<i64, String>, CommunityError> {
    let mut stmt = conn.prepare_cached("SELECT id, name FROM chat_groups")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A group describes the shop's community, no person.
pub const COLUMNS: &[Column] = &[
    column("chat_groups", "platform", Kind::NotPersonal),
    column("chat_groups", "name", Kind::NotPersonal),
    column("chat_groups", "positioning", Kind::NotPersonal),
    column("chat_groups", "slogan", Kind::NotPersonal),
    column("chat_groups", "created_on", Kind::NotPersonal),
    column("chat_groups", "threshold", Kind::NotPersonal),
    column("chat_groups", "status", Kind::NotPersonal),
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::UserError;
    use crate::store::open_in_memory;

    pub fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("day")
    }

    pub fn input(name: &str) -> GroupInput {
        GroupInput {
            platform: Platform::Wechat,
            name: name.into(),
            positioning: "老顾客交流新品".into(),
            slogan: "每天一口好面包".into(),
            owner_id: None,
            created_on: day("2025-06-01"),
            threshold: Threshold::TillQr,
            target_size: Some(300),
            status: GroupStatus::Active,
        }
    }

    #[test]
    fn a_group_needs_a_name_no_other_group_has_and_a_past_created_date() {
        let conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-03-01"));
        let g = add(&conn, &input(" 熟客烘焙群 "), ctx).expect("add");
        assert_eq!((g.name.as_str(), g.size, g.listed), ("熟客烘焙群", None, 0));
        let taken = add(&conn, &input("熟客烘焙群"), ctx).expect_err("taken");
        assert_eq!(taken.field(), Some("name"));
        // Its own name is not taken by itself.
        update(&conn, g.id, &input("熟客烘焙群"), ctx).expect("same name");
        let future = GroupInput {
            created_on: day("2026-03-02"),
            ..input("新群")
        };
        assert_eq!(
            add(&conn, &future, ctx).expect_err("future").field(),
            Some("created_on")
        );
        let owner = GroupInput {
            owner_id: Some(7),
            ..input("新群")
        };
        assert_eq!(
            add(&conn, &owner, ctx).expect_err("owner").field(),
            Some("owner_id")
        );
        assert_eq!(find(&conn, "熟客烘焙群"), Ok(g.id));
        assert_eq!(find(&conn, &g.id.to_string()), Ok(g.id));
        assert_eq!(
            find(&conn, "nope"),
            Err(CommunityError::NoSuchGroup("nope".into(), 0))
        );
    }

    #[test]
    fn the_size_on_a_day_is_the_last_reading_then_carried_forward() {
        let conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-03-01"));
        let g = add(&conn, &input("群"), ctx).expect("add");
        record_size(&conn, g.id, day("2026-02-01"), 120, ctx).expect("size");
        record_size(&conn, g.id, day("2026-02-10"), 131, ctx).expect("size");
        // Typed again the same day: the later reading is that day's.
        record_size(&conn, g.id, day("2026-02-10"), 133, ctx).expect("size");
        assert_eq!(size_on(&conn, g.id, day("2026-01-31")).expect("size"), None);
        assert_eq!(
            size_on(&conn, g.id, day("2026-02-09"))
                .expect("size")
                .map(|s| s.size),
            Some(120)
        );
        assert_eq!(
            size_on(&conn, g.id, day("2026-02-28")).expect("size"),
            Some(SizeReading {
                on: day("2026-02-10"),
                size: 133
            })
        );
        assert_eq!(
            sizes(&conn, g.id)
                .expect("sizes")
                .iter()
                .map(|s| s.size)
                .collect::<Vec<_>>(),
            [133, 120]
        );
        assert_eq!(
            record_size(&conn, g.id, day("2026-03-02"), 1, ctx)
                .expect_err("future")
                .field(),
            Some("on")
        );
        assert_eq!(
            record_size(&conn, g.id, day("2026-02-02"), -1, ctx)
                .expect_err("negative")
                .field(),
            Some("size")
        );
    }
}
