//! Members on the list (在册会员): which people from the member list are in which group, one
//! row per stay (joined, left). Picked from the member list now; matched from chat exports
//! later. Never a group's size: most people in a chat group are not on the member list.

use super::{CommunityError, Thing, groups, past_day};
use crate::check::{Field, Problem, field};
use crate::people::members;
use crate::privacy::{Column, Kind, OnForget, column};
use crate::settings::ctx::Ctx;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

/// A member's stay in a group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Stay {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub group_id: i64,
    #[ts(type = "number")]
    pub member_id: i64,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

pub static JOINED_ON: Field = field("joined_on", "入群日期", "joined date");
pub static LEFT_ON: Field = field("left_on", "退群日期", "left date");
pub static MEMBERS: Field = field("member_ids", "会员", "member");

/// Puts `member_ids` in the group from `joined_on`, in one transaction; those already in it
/// (a stay without a leave date) are left as they are. How many were added.
pub fn add(
    conn: &mut Connection,
    group: i64,
    member_ids: &[i64],
    joined_on: NaiveDate,
    ctx: Ctx,
) -> Result<usize, CommunityError> {
    let joined_on = groups::day_in(conn, group, joined_on, &JOINED_ON, ctx.today)?;
    if member_ids.is_empty() {
        return Err(MEMBERS.invalid(Problem::Required).into());
    }
    let tx = conn.transaction()?;
    let mut added = 0;
    for &id in member_ids {
        if !members::exists(&tx, id)? {
            return Err(CommunityError::NotFound(Thing::Member, id));
        }
        // In the group now: nothing to add. Back after leaving: from the day they left at the
        // earliest, so that no two stays of one member overlap.
        let (open, last_left): (i64, Option<NaiveDate>) = tx
            .prepare_cached(
                "SELECT count(*) FILTER (WHERE left_on IS NULL), max(left_on) FROM group_members
                 WHERE group_id = ?1 AND member_id = ?2",
            )?
            .query_row(params![group, id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if let Some(left) = last_left.filter(|l| open == 0 && joined_on < *l) {
            return Err(JOINED_ON
                .invalid(Problem::BeforeDay {
                    value: joined_on,
                    earliest: left,
                })
                .into());
        }
        if open == 0 {
            tx.prepare_cached(
                "INSERT INTO group_members(group_id, member_id, joined_on) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![group, id, joined_on])?;
            added += 1;
        }
    }
    tx.commit()?;
    Ok(added)
}

/// Ends stay `id` on `on` (the member left the group).
pub fn leave(conn: &Connection, id: i64, on: NaiveDate, ctx: Ctx) -> Result<Stay, CommunityError> {
    let stay = get(conn, id)?;
    if stay.left_on.is_some() {
        return Err(CommunityError::AlreadyLeft(id));
    }
    let on = past_day(on, &LEFT_ON, ctx.today)?;
    if on < stay.joined_on {
        return Err(LEFT_ON
            .invalid(Problem::BeforeDay {
                value: on,
                earliest: stay.joined_on,
            })
            .into());
    }
    conn.execute(
        "UPDATE group_members SET left_on = ?2 WHERE id = ?1",
        params![id, on],
    )?;
    get(conn, id)
}

const SELECT: &str = "SELECT id, group_id, member_id, joined_on, left_on FROM group_members";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Stay> {
    Ok(Stay {
        id: r.get(0)?,
        group_id: r.get(1)?,
        member_id: r.get(2)?,
        joined_on: r.get(3)?,
        left_on: r.get(4)?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Stay, CommunityError> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()?
        .ok_or(CommunityError::NotFound(Thing::Stay, id))
}

/// The group's stays, those still in it first (newest joins first), then those who left.
pub fn of_group(conn: &Connection, group: i64) -> Result<Vec<Stay>, CommunityError> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE group_id = ?1 ORDER BY left_on IS NOT NULL, joined_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([group], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The member's stays in every group, newest first.
pub fn of_member(conn: &Connection, member: i64) -> Result<Vec<Stay>, CommunityError> {
    let mut stmt = conn.prepare(&format!(
        "{SELECT} WHERE member_id = ?1 ORDER BY joined_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([member], from_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every stay that covers `day`, as (member, group): one query for a list of members.
pub fn each_on(
    conn: &Connection,
    day: NaiveDate,
    mut f: impl FnMut(i64, i64),
) -> Result<(), CommunityError> {
    crate::store::each_row(
        conn,
        "SELECT member_id, group_id FROM group_members
         WHERE joined_on <= ?1 AND (left_on IS NULL OR left_on > ?1) ORDER BY group_id",
        [day],
        |r| {
            f(r.get(0)?, r.get(1)?);
            Ok(())
        },
    )?;
    Ok(())
}

/// A stay names a member: forget removes it.
pub const COLUMNS: &[Column] = &[
    column(
        "group_members",
        "member_id",
        Kind::NamesMember(OnForget::DeleteRow),
    ),
    column("group_members", "joined_on", Kind::Personal),
    column("group_members", "left_on", Kind::Personal),
];

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::community::groups::tests::{day, input};
    use crate::i18n::UserError;
    use crate::people::members::{MemberInput, MemberSource};
    use crate::store::open_in_memory;

    /// A member called `name` with `phone` (or none), joined on 1 January 2026.
    pub fn member_with(conn: &mut Connection, name: &str, phone: &str, ctx: Ctx) -> i64 {
        members::add(
            conn,
            &MemberInput {
                name: name.into(),
                phone: phone.into(),
                wechat_name: String::new(),
                birthday: None,
                joined_on: day("2026-01-01"),
                source: MemberSource::InStore,
                tags: vec![],
                notes: String::new(),
                marketing_consent: true,
            },
            ctx,
        )
        .expect("member")
        .id
    }

    pub fn member(conn: &mut Connection, name: &str, ctx: Ctx) -> i64 {
        member_with(conn, name, "", ctx)
    }

    #[test]
    fn a_stay_runs_from_its_join_to_its_leave_and_joining_twice_adds_nothing() {
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-03-01"));
        let g = groups::add(&conn, &input("群"), ctx).expect("group").id;
        let (a, b) = (member(&mut conn, "甲", ctx), member(&mut conn, "乙", ctx));
        assert_eq!(add(&mut conn, g, &[a, b], day("2026-02-01"), ctx), Ok(2));
        assert_eq!(add(&mut conn, g, &[a], day("2026-02-05"), ctx), Ok(0));
        let stay_b = of_member(&conn, b).expect("stays")[0].id;
        let too_early = leave(&conn, stay_b, day("2026-01-31"), ctx).expect_err("early");
        assert_eq!(too_early.field(), Some("left_on"));
        leave(&conn, stay_b, day("2026-02-20"), ctx).expect("leave");
        let on = |conn: &Connection, d: &str| groups::get(conn, g, day(d)).expect("group").listed;
        assert_eq!(
            (
                on(&conn, "2026-01-31"),
                on(&conn, "2026-02-19"),
                on(&conn, "2026-02-20")
            ),
            (0, 2, 1)
        );
        // A stay that ended cannot end again; back again is a second stay, from the day they
        // left at the earliest.
        assert_eq!(
            leave(&conn, stay_b, day("2026-02-21"), ctx),
            Err(CommunityError::AlreadyLeft(stay_b))
        );
        let overlap = add(&mut conn, g, &[b], day("2026-02-19"), ctx).expect_err("overlap");
        assert_eq!(overlap.field(), Some("joined_on"));
        assert_eq!(add(&mut conn, g, &[b], day("2026-02-25"), ctx), Ok(1));
        assert_eq!(of_member(&conn, b).expect("stays").len(), 2);
        assert_eq!(on(&conn, "2026-02-28"), 2);
        // An unknown member refuses the whole pick.
        let c = member(&mut conn, "丙", ctx);
        assert_eq!(
            add(&mut conn, g, &[c, 999], day("2026-02-25"), ctx),
            Err(CommunityError::NotFound(Thing::Member, 999))
        );
        assert!(of_member(&conn, c).expect("stays").is_empty());
        let mut seen = vec![];
        each_on(&conn, day("2026-02-28"), |m, grp| seen.push((m, grp))).expect("each");
        seen.sort();
        assert_eq!(seen, [(a, g), (b, g)]);
    }
}
