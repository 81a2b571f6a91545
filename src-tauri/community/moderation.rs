//! The moderation log (违规记录): who broke which rule of which group, when, what was done and
//! who handled it. "Who" is a member from the list, or a participant who is not on it, named by
//! a short label the owner types (`group_participants`). The log is append-only: a correction
//! is a later entry that withdraws an earlier one. The breach ladder — reminder → warning →
//! mute → removal — proposes the next step from the person's standing breaches in that group
//! within the settings' window (90 days by default); two or more make a repeat offender.

use super::{CommunityError, Thing, coded, groups, rules, staff, text};
use crate::check::{Field, Problem, field};
use crate::i18n::Lang;
use crate::people::{forgotten, members};
use crate::privacy::{Column, Kind, OnForget, column};
use crate::settings::ctx::Ctx;
use chrono::{Days, NaiveDate};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

coded! {
    /// What was done about a breach: the ladder's steps, a note only, or the withdrawal of an
    /// earlier entry.
    Action {
        Reminder = "reminder", "提醒", "reminder";
        Warning = "warning", "警告", "warning";
        Mute = "mute", "禁言", "mute";
        Removal = "removal", "移出", "removal";
        Note = "note", "仅记录", "note only";
        Withdrawal = "withdrawal", "撤销", "withdrawal";
    }
}

/// The breach ladder, in order.
pub const LADDER: [Action; 4] = [
    Action::Reminder,
    Action::Warning,
    Action::Mute,
    Action::Removal,
];

/// Who broke a rule, as the form names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Who {
    /// A member from the member list.
    Member {
        #[ts(type = "number")]
        member_id: i64,
    },
    /// Someone in the group who is not on the list, by the label the owner types.
    Participant { label: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EntryInput {
    #[ts(type = "number")]
    pub group_id: i64,
    pub who: Who,
    /// The rule broken (its id in the group), if any.
    #[ts(type = "number | null")]
    pub rule_id: Option<i64>,
    pub on: NaiveDate,
    pub action: Action,
    #[ts(type = "number | null")]
    pub handled_by: Option<i64>,
    pub note: String,
}

/// An entry of the log as the lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Entry {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub group_id: i64,
    pub group: String,
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub participant_id: Option<i64>,
    /// The member's label, the participant's, or "someone no longer on record" ([`gone`]).
    pub who: String,
    /// Whether the person is on the member list.
    pub on_list: bool,
    #[ts(type = "number | null")]
    pub rule_id: Option<i64>,
    /// "3. 不发广告" as numbered in the revision in force that day.
    pub rule: Option<String>,
    /// That revision's number.
    #[ts(type = "number | null")]
    pub revision: Option<i64>,
    pub on: NaiveDate,
    pub action: Action,
    #[ts(type = "number | null")]
    pub handled_by: Option<i64>,
    pub handler: Option<String>,
    pub note: String,
    /// The entry this one withdraws.
    #[ts(type = "number | null")]
    pub withdraws: Option<i64>,
    /// The entry that withdrew this one.
    #[ts(type = "number | null")]
    pub withdrawn_by: Option<i64>,
}

/// What the ladder proposes for a person in a group on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Ladder {
    /// Their standing breaches in the window (this one not counted).
    #[ts(type = "number")]
    pub breaches: usize,
    /// The furthest step taken in the window.
    pub furthest: Option<Action>,
    pub proposed: Action,
    #[ts(type = "number")]
    pub window_days: u16,
}

/// A person with two or more standing breaches in a group within the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Offender {
    #[ts(type = "number")]
    pub group_id: i64,
    pub group: String,
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub participant_id: Option<i64>,
    pub who: String,
    pub on_list: bool,
    #[ts(type = "number")]
    pub breaches: usize,
    pub last_on: NaiveDate,
    pub proposed: Action,
}

pub const LABEL_MAX: usize = 30;
pub const NOTE_MAX: usize = 300;
pub static WHO: Field = field("who", "违规人", "person");
pub static RULE: Field = field("rule_id", "违反的群规", "rule broken");
pub static ON: Field = field("on", "日期", "date");
pub static ACTION: Field = field("action", "处理方式", "action");
pub static HANDLED_BY: Field = field("handled_by", "处理人", "person who handled it");
pub static NOTE: Field = field("note", "备注", "note");

/// A person in a group: a member or a participant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Person {
    Member(i64),
    Participant(i64),
}

/// The person `who` names in `group`: a member that exists; a participant by their label
/// (found ignoring case, or, with `make`, added).
fn person(
    tx: &Connection,
    group: i64,
    who: &Who,
    make: bool,
) -> Result<Option<Person>, CommunityError> {
    match who {
        Who::Member { member_id } => {
            if !members::exists(tx, *member_id)? {
                return Err(CommunityError::NotFound(Thing::Member, *member_id));
            }
            Ok(Some(Person::Member(*member_id)))
        }
        Who::Participant { label } => {
            let label = text(label, &WHO, LABEL_MAX, true)?;
            let found: Option<i64> = tx
                .query_row(
                    "SELECT id FROM group_participants WHERE group_id = ?1
                       AND lower(label) = lower(?2) ORDER BY id LIMIT 1",
                    params![group, label],
                    |r| r.get(0),
                )
                .optional()?;
            match found {
                Some(id) => Ok(Some(Person::Participant(id))),
                None if make => {
                    tx.execute(
                        "INSERT INTO group_participants(group_id, label) VALUES (?1, ?2)",
                        params![group, label],
                    )?;
                    Ok(Some(Person::Participant(tx.last_insert_rowid())))
                }
                None => Ok(None),
            }
        }
    }
}

impl Person {
    fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            Person::Member(id) => (Some(id), None),
            Person::Participant(id) => (None, Some(id)),
        }
    }
}

/// Logs a breach and what was done, in one transaction.
pub fn log(conn: &mut Connection, input: &EntryInput, ctx: Ctx) -> Result<Entry, CommunityError> {
    let tx = conn.transaction()?;
    let id = log_in(&tx, input, ctx)?;
    tx.commit()?;
    get(conn, id, ctx)
}

/// Logs a breach inside `tx` (a confirmed chat flag is logged with its mark): the entry's id.
pub fn log_in(tx: &Transaction<'_>, input: &EntryInput, ctx: Ctx) -> Result<i64, CommunityError> {
    let conn: &Connection = tx;
    let on = groups::day_in(conn, input.group_id, input.on, &ON, ctx.today)?;
    if input.action == Action::Withdrawal {
        return Err(ACTION
            .invalid(Problem::Unknown {
                value: input.action.label(ctx.lang).to_string(),
            })
            .into());
    }
    let note = text(&input.note, &NOTE, NOTE_MAX, input.action == Action::Note)?;
    let handled_by = staff::check(conn, input.handled_by, &HANDLED_BY)?;
    let in_force = rules::in_force(conn, input.group_id, on)?;
    if let Some(rule) = input.rule_id
        && !in_force
            .as_ref()
            .is_some_and(|r| r.rules.iter().any(|x| x.rule_id == rule))
    {
        return Err(RULE
            .invalid(Problem::Unknown {
                value: rule.to_string(),
            })
            .into());
    }
    let who = person(tx, input.group_id, &input.who, true)?
        .ok_or(CommunityError::NotFound(Thing::Participant, 0))?;
    let (member, participant) = who.ids();
    tx.execute(
        "INSERT INTO moderation(group_id, member_id, participant_id, rule_id, revision_id, on_day,
                                action, handled_by, note, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            input.group_id,
            member,
            participant,
            input.rule_id,
            input.rule_id.and(in_force.map(|r| r.id)),
            on,
            input.action.code(),
            handled_by,
            note,
            ctx.now
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

pub static REASON: Field = field("note", "撤销原因", "reason for withdrawing");

/// Withdraws entry `id` (logged by mistake, or about the wrong person): a new entry saying so,
/// dated today. The entry stays in the log, marked withdrawn, and no longer counts.
pub fn withdraw(
    conn: &Connection,
    id: i64,
    reason: &str,
    ctx: Ctx,
) -> Result<Entry, CommunityError> {
    let entry = get(conn, id, ctx)?;
    if entry.action == Action::Withdrawal || entry.withdrawn_by.is_some() {
        return Err(CommunityError::NotWithdrawable(id));
    }
    let reason = text(reason, &REASON, NOTE_MAX, true)?;
    conn.execute(
        "INSERT INTO moderation(group_id, member_id, participant_id, rule_id, revision_id, on_day,
                                action, handled_by, note, withdraws, recorded_at)
         SELECT group_id, member_id, participant_id, rule_id, revision_id, ?2, 'withdrawal',
                NULL, ?3, id, ?4
         FROM moderation WHERE id = ?1",
        params![id, ctx.today, reason, ctx.now],
    )?;
    get(conn, conn.last_insert_rowid(), ctx)
}

const SELECT: &str = "
    SELECT e.id, e.group_id, g.name, e.member_id, e.participant_id, p.label, e.rule_id,
           t.position, t.title, r.number, e.on_day, e.action, e.handled_by, s.name, e.note,
           e.withdraws, (SELECT min(w.id) FROM moderation w WHERE w.withdraws = e.id)
    FROM moderation e
    JOIN chat_groups g ON g.id = e.group_id
    LEFT JOIN group_participants p ON p.id = e.participant_id
    LEFT JOIN rule_revisions r ON r.id = e.revision_id
    LEFT JOIN rule_texts t ON t.revision_id = e.revision_id AND t.rule_id = e.rule_id
    LEFT JOIN staff s ON s.id = e.handled_by";

/// Entries matching `tail` (a WHERE … ORDER BY), with members named in one read.
fn select(
    conn: &Connection,
    tail: &str,
    args: impl rusqlite::Params,
    ctx: Ctx,
) -> Result<Vec<Entry>, CommunityError> {
    let mut stmt = conn.prepare_cached(&format!("{SELECT} {tail}"))?;
    let rows = stmt.query_map(args, |r| {
        let position: Option<i64> = r.get(7)?;
        let title: Option<String> = r.get(8)?;
        let label: Option<String> = r.get(5)?;
        Ok(Entry {
            id: r.get(0)?,
            group_id: r.get(1)?,
            group: r.get(2)?,
            member_id: r.get(3)?,
            participant_id: r.get(4)?,
            who: label.unwrap_or_default(),
            on_list: false,
            rule_id: r.get(6)?,
            rule: position.zip(title).map(|(n, t)| format!("{n}. {t}")),
            revision: r.get(9)?,
            on: r.get(10)?,
            action: Action::parse(r.get_ref(11)?.as_str()?).unwrap_or(Action::Note),
            handled_by: r.get(12)?,
            handler: r.get(13)?,
            note: r.get::<_, Option<String>>(14)?.unwrap_or_default(),
            withdraws: r.get(15)?,
            withdrawn_by: r.get(16)?,
        })
    })?;
    let mut entries = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    name_people(
        conn,
        &mut entries,
        |e| (e.member_id, &mut e.who, &mut e.on_list),
        ctx,
    )?;
    Ok(entries)
}

/// Gives each item the label of its member (one read of those members), or [`gone`]'s words
/// when it names nobody.
fn name_people<T>(
    conn: &Connection,
    items: &mut [T],
    mut slot: impl FnMut(&mut T) -> (Option<i64>, &mut String, &mut bool),
    ctx: Ctx,
) -> Result<(), CommunityError> {
    let mut ids: Vec<i64> = items.iter_mut().filter_map(|i| slot(i).0).collect();
    ids.sort_unstable();
    ids.dedup();
    let labels = members::labels(conn, &ids, ctx.phone_region(), ctx.lang)?;
    for item in items.iter_mut() {
        let (member, who, on_list) = slot(item);
        if let Some(label) = member.and_then(|id| labels.get(&id)) {
            *who = label.clone();
            *on_list = true;
        } else if who.is_empty() {
            *who = gone(ctx.lang).to_string();
        }
    }
    Ok(())
}

/// How the log names a person it no longer knows: forgotten, or a member an undone import
/// brought.
pub fn gone(lang: Lang) -> &'static str {
    lang.of("已不在记录中的人", "someone no longer on record")
}

pub fn get(conn: &Connection, id: i64, ctx: Ctx) -> Result<Entry, CommunityError> {
    select(conn, "WHERE e.id = ?1", [id], ctx)?
        .pop()
        .ok_or(CommunityError::NotFound(Thing::Entry, id))
}

/// The log, newest first: of one group, or of all.
pub fn list(conn: &Connection, group: Option<i64>, ctx: Ctx) -> Result<Vec<Entry>, CommunityError> {
    select(
        conn,
        "WHERE ?1 IS NULL OR e.group_id = ?1 ORDER BY e.on_day DESC, e.id DESC",
        [group],
        ctx,
    )
}

/// The first day of the window that ends on `on`.
fn window_start(on: NaiveDate, ctx: Ctx) -> NaiveDate {
    on.checked_sub_days(Days::new(
        u64::from(ctx.community.ladder_days).saturating_sub(1),
    ))
    .unwrap_or(NaiveDate::MIN)
}

/// Standing breaches (neither withdrawals nor withdrawn) dated `from`..=`to`, of one group or
/// all, in date order: (group, member, participant, day, action).
type Breach = (i64, Option<i64>, Option<i64>, NaiveDate, Action);

fn breaches(
    conn: &Connection,
    group: Option<i64>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Breach>, CommunityError> {
    let mut stmt = conn.prepare_cached(
        "SELECT group_id, member_id, participant_id, on_day, action FROM moderation e
         WHERE (?1 IS NULL OR group_id = ?1) AND on_day BETWEEN ?2 AND ?3
           AND action <> 'withdrawal'
           AND NOT EXISTS (SELECT 1 FROM moderation w WHERE w.withdraws = e.id)
         ORDER BY on_day, id",
    )?;
    let rows = stmt.query_map(params![group, from, to], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            Action::parse(r.get_ref(4)?.as_str()?).unwrap_or(Action::Note),
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The step after the furthest of `taken` (a reminder when none was); removal stays removal.
fn next_step(taken: impl Iterator<Item = Action>) -> (Option<Action>, Action) {
    let furthest = taken
        .filter_map(|a| LADDER.iter().position(|l| *l == a))
        .max();
    let proposed = LADDER[furthest.map_or(0, |i| (i + 1).min(LADDER.len() - 1))];
    (furthest.map(|i| LADDER[i]), proposed)
}

/// What the ladder proposes for `who` in `group` on `on`, from their standing breaches in the
/// window ending that day.
pub fn ladder(
    conn: &Connection,
    group: i64,
    who: &Who,
    on: NaiveDate,
    ctx: Ctx,
) -> Result<Ladder, CommunityError> {
    groups::must_exist(conn, group)?;
    let person = person(conn, group, who, false)?;
    let theirs: Vec<Action> = breaches(conn, Some(group), window_start(on, ctx), on)?
        .into_iter()
        .filter(|(_, m, p, _, _)| person.is_some_and(|x| x.ids() == (*m, *p)))
        .map(|b| b.4)
        .collect();
    let (furthest, proposed) = next_step(theirs.iter().copied());
    Ok(Ladder {
        breaches: theirs.len(),
        furthest,
        proposed,
        window_days: ctx.community.ladder_days,
    })
}

/// Everyone with two or more standing breaches in a group in the window ending `on`, most
/// breaches first.
pub fn repeat_offenders(
    conn: &Connection,
    on: NaiveDate,
    ctx: Ctx,
) -> Result<Vec<Offender>, CommunityError> {
    let mut by_person: FxHashMap<(i64, Person), Vec<(NaiveDate, Action)>> = FxHashMap::default();
    for (group, member, participant, day, action) in
        breaches(conn, None, window_start(on, ctx), on)?
    {
        let person = match (member, participant) {
            (Some(m), _) => Person::Member(m),
            (None, Some(p)) => Person::Participant(p),
            (None, None) => continue,
        };
        by_person
            .entry((group, person))
            .or_default()
            .push((day, action));
    }
    let names = groups::names(conn)?;
    let mut out: Vec<Offender> = Vec::new();
    for ((group, person), list) in by_person.into_iter().filter(|(_, l)| l.len() >= 2) {
        let (member_id, participant_id) = person.ids();
        let label = match participant_id {
            Some(p) => conn
                .prepare_cached("SELECT label FROM group_participants WHERE id = ?1")?
                .query_row([p], |r| r.get(0))
                .optional()?
                .unwrap_or_default(),
            None => String::new(),
        };
        out.push(Offender {
            group_id: group,
            group: names.get(&group).cloned().unwrap_or_default(),
            member_id,
            participant_id,
            who: label,
            on_list: false,
            breaches: list.len(),
            last_on: list.iter().map(|x| x.0).max().unwrap_or(on),
            proposed: next_step(list.iter().map(|x| x.1)).1,
        });
    }
    name_people(
        conn,
        &mut out,
        |o| (o.member_id, &mut o.who, &mut o.on_list),
        ctx,
    )?;
    out.sort_by(|a, b| {
        b.breaches
            .cmp(&a.breaches)
            .then(b.last_on.cmp(&a.last_on))
            .then(a.who.cmp(&b.who))
    });
    Ok(out)
}

/// Standing entries of each group dated `from`..=`to` (notes included): (group, count).
pub fn actions_between(
    conn: &Connection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<FxHashMap<i64, usize>, CommunityError> {
    let mut counts = FxHashMap::default();
    for b in breaches(conn, None, from, to)? {
        *counts.entry(b.0).or_default() += 1;
    }
    Ok(counts)
}

/// How a participant's tombstone names them: their group and label, as the log matches labels.
fn tombstone(group: i64, label: &str) -> (String, String) {
    (
        PARTICIPANT.to_string(),
        format!("{group}:{}", label.trim().to_lowercase()),
    )
}

/// The tombstones' kind for a participant not on the list.
pub const PARTICIPANT: &str = "participant";

/// Forgets participant `id` (someone not on the list who asked), in one transaction: their
/// label goes and their entries stay in the log without their name or note; a tombstone keeps
/// them forgotten when a copy made before is restored (`shop::forget::restore`), and the `-wal`,
/// which still held the erased pages, is truncated.
pub fn forget_participant(conn: &mut Connection, id: i64) -> Result<(), CommunityError> {
    let tx = conn.transaction()?;
    let named: Option<(i64, String)> = tx
        .query_row(
            "SELECT group_id, label FROM group_participants WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (group, label) = named.ok_or(CommunityError::NotFound(Thing::Participant, id))?;
    forgotten::bury(&tx, &[tombstone(group, &label)])?;
    tx.execute(
        "UPDATE moderation SET participant_id = NULL, note = NULL WHERE participant_id = ?1",
        [id],
    )?;
    tx.execute("DELETE FROM group_participants WHERE id = ?1", [id])?;
    tx.commit()?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

/// The participants `forgets` says were forgotten (by their tombstone), for a restore to
/// forget them again in the copy.
pub fn forgotten_participants(
    conn: &Connection,
    forgets: impl Fn(&str, &str) -> bool,
) -> Result<Vec<i64>, CommunityError> {
    let mut ids = Vec::new();
    crate::store::each_row(
        conn,
        "SELECT id, group_id, label FROM group_participants",
        [],
        |r| {
            let (kind, value) = tombstone(r.get(1)?, r.get_ref(2)?.as_str()?);
            if forgets(&kind, &value) {
                ids.push(r.get(0)?);
            }
            Ok(())
        },
    )?;
    Ok(ids)
}

/// A member's entries stay in the log, anonymous (the note, which may name them, goes with the
/// link); a participant's label is forgotten by `forget_participant`.
pub const COLUMNS: &[Column] = &[
    column(
        "moderation",
        "member_id",
        Kind::NamesMember(OnForget::Clear),
    ),
    column("moderation", "note", Kind::Personal),
    column("moderation", "on_day", Kind::NotPersonal),
    column("moderation", "action", Kind::NotPersonal),
    column("moderation", "recorded_at", Kind::NotPersonal),
    column("group_participants", "label", Kind::Personal),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::community::groups::tests::{day, input};
    use crate::community::listed::tests::member;
    use crate::community::rules::tests::draft;
    use crate::community::rules::{RevisionInput, revise};
    use crate::community::staff::{StaffInput, StaffRole};
    use crate::i18n::UserError;
    use crate::store::open_in_memory;

    struct Shop {
        conn: Connection,
        ctx: Ctx,
        group: i64,
    }

    fn shop() -> Shop {
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-06-30"));
        let group = groups::add(&conn, &input("熟客群"), ctx).expect("group").id;
        for (on, rules) in [
            (
                "2026-01-01",
                vec![draft(None, "不发广告", ""), draft(None, "不刷屏", "")],
            ),
            (
                "2026-04-01",
                vec![
                    draft(Some(2), "不刷屏", ""),
                    draft(Some(1), "不发广告", "含二维码"),
                ],
            ),
        ] {
            let input = RevisionInput {
                on: day(on),
                reason: "调整顺序".into(),
                rules,
            };
            revise(&mut conn, group, &input, ctx).expect("rules");
        }
        Shop { conn, ctx, group }
    }

    fn entry(group: i64, who: Who, on: &str, action: Action) -> EntryInput {
        EntryInput {
            group_id: group,
            who,
            rule_id: Some(1),
            on: day(on),
            action,
            handled_by: None,
            note: String::new(),
        }
    }

    #[test]
    fn an_entry_names_the_rule_as_numbered_in_the_revision_in_force_that_day() {
        let mut s = shop();
        let a = member(&mut s.conn, "李面包", s.ctx);
        let admin = staff::add(
            &s.conn,
            &StaffInput {
                name: "小周".into(),
                role: StaffRole::Admin,
            },
        )
        .expect("staff");
        let march = EntryInput {
            handled_by: Some(admin.id),
            ..entry(
                s.group,
                Who::Member { member_id: a },
                "2026-03-10",
                Action::Reminder,
            )
        };
        let e = log(&mut s.conn, &march, s.ctx).expect("log");
        assert_eq!(
            (
                e.who.as_str(),
                e.rule.as_deref(),
                e.revision,
                e.handler.as_deref()
            ),
            ("李面包", Some("1. 不发广告"), Some(1), Some("小周"))
        );
        let may = log(
            &mut s.conn,
            &entry(
                s.group,
                Who::Member { member_id: a },
                "2026-05-10",
                Action::Warning,
            ),
            s.ctx,
        )
        .expect("log");
        assert_eq!(
            (may.rule.as_deref(), may.revision),
            (Some("2. 不发广告"), Some(2))
        );
        // A rule the revision in force does not have, a date to come, a note without words.
        let bad = |input: EntryInput| {
            log(&mut shop().conn, &input, s.ctx)
                .expect_err("bad")
                .field()
        };
        let who = Who::Participant {
            label: "群友A".into(),
        };
        assert_eq!(
            bad(EntryInput {
                rule_id: Some(9),
                ..entry(s.group, who.clone(), "2026-03-10", Action::Reminder)
            }),
            Some("rule_id")
        );
        assert_eq!(
            bad(entry(s.group, who.clone(), "2025-12-31", Action::Reminder)),
            Some("rule_id")
        );
        assert_eq!(
            bad(entry(s.group, who.clone(), "2026-07-01", Action::Reminder)),
            Some("on")
        );
        assert_eq!(
            bad(EntryInput {
                rule_id: None,
                ..entry(s.group, who.clone(), "2026-03-10", Action::Note)
            }),
            Some("note")
        );
        assert_eq!(
            bad(entry(
                s.group,
                Who::Participant { label: " ".into() },
                "2026-03-10",
                Action::Mute
            )),
            Some("who")
        );
    }

    #[test]
    fn the_ladder_proposes_the_step_after_the_furthest_in_the_window() {
        let mut s = shop();
        let who = Who::Participant {
            label: "卖货的群友".into(),
        };
        let propose = |s: &Shop, on: &str| {
            let l = ladder(&s.conn, s.group, &who, day(on), s.ctx).expect("ladder");
            (l.breaches, l.proposed)
        };
        assert_eq!(propose(&s, "2026-02-01"), (0, Action::Reminder));
        log(
            &mut s.conn,
            &entry(s.group, who.clone(), "2026-02-01", Action::Reminder),
            s.ctx,
        )
        .expect("1");
        log(
            &mut s.conn,
            &entry(s.group, who.clone(), "2026-03-01", Action::Warning),
            s.ctx,
        )
        .expect("2");
        // The same label in another case is the same participant.
        let upper = Who::Participant {
            label: "卖货的群友 ".into(),
        };
        let l = ladder(&s.conn, s.group, &upper, day("2026-03-02"), s.ctx).expect("ladder");
        assert_eq!(
            (l.breaches, l.furthest, l.proposed),
            (2, Some(Action::Warning), Action::Mute)
        );
        // 90 days: on 2026-05-01 the reminder of 02-01 (day 90 back) still counts; a day later not.
        assert_eq!(propose(&s, "2026-05-01"), (2, Action::Mute));
        assert_eq!(propose(&s, "2026-05-02"), (1, Action::Mute));
        // From 05-30 the warning of 03-01 is out too: a new start.
        assert_eq!(propose(&s, "2026-05-30"), (0, Action::Reminder));
        // A note counts as a breach, not as a step.
        log(
            &mut s.conn,
            &EntryInput {
                note: "又发广告".into(),
                ..entry(s.group, who.clone(), "2026-06-01", Action::Note)
            },
            s.ctx,
        )
        .expect("note");
        assert_eq!(propose(&s, "2026-06-01"), (1, Action::Reminder));
        // Removal stays removal; another participant starts at a reminder.
        log(
            &mut s.conn,
            &entry(s.group, who.clone(), "2026-06-02", Action::Removal),
            s.ctx,
        )
        .expect("removal");
        assert_eq!(propose(&s, "2026-06-03"), (2, Action::Removal));
        let other = Who::Participant {
            label: "别人".into(),
        };
        assert_eq!(
            ladder(&s.conn, s.group, &other, day("2026-06-03"), s.ctx)
                .expect("l")
                .proposed,
            Action::Reminder
        );
        // A shorter window from the settings.
        let short = Ctx {
            community: crate::settings::Community {
                ladder_days: 7,
                ..Default::default()
            },
            ..s.ctx
        };
        assert_eq!(
            ladder(&s.conn, s.group, &who, day("2026-06-09"), short)
                .expect("l")
                .breaches,
            0
        );
    }

    #[test]
    fn a_withdrawn_entry_stays_in_the_log_and_no_longer_counts() {
        let mut s = shop();
        let a = member(&mut s.conn, "王小明", s.ctx);
        let who = Who::Member { member_id: a };
        let first = log(
            &mut s.conn,
            &entry(s.group, who.clone(), "2026-06-01", Action::Reminder),
            s.ctx,
        )
        .expect("1");
        let second = log(
            &mut s.conn,
            &entry(s.group, who.clone(), "2026-06-10", Action::Warning),
            s.ctx,
        )
        .expect("2");
        let offenders = repeat_offenders(&s.conn, day("2026-06-30"), s.ctx).expect("offenders");
        assert_eq!(
            offenders
                .iter()
                .map(|o| (o.who.as_str(), o.breaches, o.proposed, o.on_list))
                .collect::<Vec<_>>(),
            [("王小明", 2, Action::Mute, true)]
        );
        assert_eq!(
            withdraw(&s.conn, second.id, "  ", s.ctx)
                .expect_err("reason")
                .field(),
            Some("note")
        );
        let w = withdraw(&s.conn, second.id, "记错人了", s.ctx).expect("withdraw");
        assert_eq!(
            (w.action, w.withdraws, w.on),
            (Action::Withdrawal, Some(second.id), s.ctx.today)
        );
        assert_eq!(
            withdraw(&s.conn, second.id, "again", s.ctx),
            Err(CommunityError::NotWithdrawable(second.id))
        );
        assert_eq!(
            withdraw(&s.conn, w.id, "again", s.ctx),
            Err(CommunityError::NotWithdrawable(w.id))
        );
        let all = list(&s.conn, Some(s.group), s.ctx).expect("list");
        assert_eq!(all.len(), 3, "nothing is deleted");
        assert_eq!(
            all.iter()
                .find(|e| e.id == second.id)
                .and_then(|e| e.withdrawn_by),
            Some(w.id)
        );
        assert!(
            repeat_offenders(&s.conn, day("2026-06-30"), s.ctx)
                .expect("offenders")
                .is_empty()
        );
        let l = ladder(&s.conn, s.group, &who, day("2026-06-30"), s.ctx).expect("ladder");
        assert_eq!((l.breaches, l.proposed), (1, Action::Warning));
        assert_eq!(
            actions_between(&s.conn, day("2026-06-01"), day("2026-06-30"))
                .expect("count")
                .get(&s.group),
            Some(&1)
        );
        let _ = first;
    }

    #[test]
    fn forgetting_a_participant_keeps_their_entries_without_their_name() {
        let mut s = shop();
        let who = Who::Participant {
            label: "陌生人".into(),
        };
        let e = log(
            &mut s.conn,
            &EntryInput {
                note: "私信推销".into(),
                ..entry(s.group, who, "2026-06-01", Action::Reminder)
            },
            s.ctx,
        )
        .expect("log");
        let p = e.participant_id.expect("participant");
        forget_participant(&mut s.conn, p).expect("forget");
        let after = get(&s.conn, e.id, s.ctx).expect("entry");
        assert_eq!(
            (
                after.who.as_str(),
                after.note.as_str(),
                after.participant_id
            ),
            ("已不在记录中的人", "", None)
        );
        assert_eq!(
            forget_participant(&mut s.conn, p),
            Err(CommunityError::NotFound(Thing::Participant, p))
        );
    }

    #[test]
    fn nothing_in_a_group_is_dated_before_the_group_was_made() {
        use crate::community::groups::{add, record_size};
        use crate::community::{listed, moderation, rules};
        let mut conn = open_in_memory().expect("db");
        let ctx = Ctx::on("CN", day("2026-03-01"));
        let g = add(&conn, &input("群"), ctx).expect("add").id;
        let before = day("2025-05-31");
        let refused = |e: CommunityError, field: &str| {
            assert_eq!(e.field(), Some(field), "{e:?}");
            assert!(
                e.message(crate::i18n::Lang::En)
                    .contains("cannot be before 2025-06-01")
            );
        };
        refused(
            record_size(&conn, g, before, 10, ctx).expect_err("size"),
            "on",
        );
        let m = crate::community::listed::tests::member(&mut conn, "甲", ctx);
        refused(
            listed::add(&mut conn, g, &[m], before, ctx).expect_err("stay"),
            "joined_on",
        );
        let first = rules::RevisionInput {
            on: before,
            reason: String::new(),
            rules: rules::templates(crate::i18n::Lang::Zh),
        };
        refused(
            rules::revise(&mut conn, g, &first, ctx).expect_err("rules"),
            "on",
        );
        let entry = EntryInput {
            group_id: g,
            who: Who::Member { member_id: m },
            rule_id: None,
            on: before,
            action: Action::Reminder,
            handled_by: None,
            note: String::new(),
        };
        refused(
            moderation::log(&mut conn, &entry, ctx).expect_err("entry"),
            "on",
        );
        // The day it was made is fine.
        record_size(&conn, g, day("2025-06-01"), 10, ctx).expect("size on the day");
    }
}
