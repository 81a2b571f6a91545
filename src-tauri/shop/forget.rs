//! "Forget this person": erases a member and everything personal about them, across every
//! domain that holds some, in one transaction (secure_delete overwrites the freed pages). Each
//! table's owner declares what forget does to its columns (`privacy`); this walks them all. It
//! leaves a tombstone per identity (`people::forgotten`) so that no later import brings them
//! back, truncates the `-wal` (which still held the erased pages), and rewrites the rejects files
//! that name them. Copies in `backups/` keep them until those age out (three months at most).

use crate::community::chats::senders;
use crate::community::{CommunityError, listed, moderation};
use crate::import::rejects;
use crate::people::{forgotten, identities, members, phone};
use crate::privacy::{Column, Kind, OnForget};
use crate::sales;
use crate::settings::datadir::DataDir;
use crate::store::{self, Kept, Restored, StoreError};
use chrono::NaiveDateTime;
use members::MemberError;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// The declarations forget walks, in order: the rows that name the member's identities while
/// those still exist, the community's rows that name the member, then the identities, then the
/// member's own rows (their id last).
pub const DOMAINS: &[&[Column]] = &[
    sales::COLUMNS,
    listed::COLUMNS,
    moderation::COLUMNS,
    senders::COLUMNS,
    identities::COLUMNS,
    members::COLUMNS,
];

/// The personal columns of `table` (what a row kept anonymous loses with its link).
fn personal_of(table: &str) -> impl Iterator<Item = &'static str> {
    DOMAINS
        .iter()
        .flat_map(|d| d.iter())
        .filter(move |c| c.table == table && c.kind == Kind::Personal)
        .map(|c| c.column)
}

/// Forgets member `id`: their tags, phones, POS ids and cards go; their receipts keep their
/// amounts and lose the link — anonymous sales. `rejects` is the shop's folder of rejects files.
pub fn member(conn: &mut Connection, id: i64, rejects: &Path) -> Result<(), MemberError> {
    let tx = conn.transaction()?;
    let mut person = identities::of_member(&tx, id)?;
    if let Some(phone) = members::phone_of(&tx, id)? {
        person.push(("phone".to_string(), phone));
    }
    forgotten::bury(&tx, &person)?;
    let member_rows = erase(&tx, id, Erase::Member)?;
    if member_rows == 0 {
        return Err(MemberError::NotFound(id));
    }
    tx.commit()?;
    // The erased pages are still in the -wal until a checkpoint: copied back and truncated now.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let marks = Marks::of(&person);
    let _ = rejects::scrub(rejects, |cell| marks.name(cell));
    Ok(())
}

/// Whose rows `erase` erases.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Erase {
    /// A member: the rows of their identities, then the member's own.
    Member,
    /// One identity no member claims: the rows that name it.
    Identity,
}

/// Walks every domain's declarations for member or identity `id` (`what`); returns how many
/// member rows went.
fn erase(tx: &Connection, id: i64, what: Erase) -> rusqlite::Result<usize> {
    let mut member_rows = 0;
    for c in DOMAINS.iter().flat_map(|d| d.iter()) {
        let (rule, of) = match (c.kind, what) {
            (Kind::NamesMember(rule), Erase::Member) => (rule, "?1"),
            (Kind::NamesIdentity(rule), Erase::Member) => (rule, identities::OF_MEMBER),
            (Kind::NamesIdentity(rule), Erase::Identity) => (rule, "?1"),
            _ => continue,
        };
        let (table, column) = (c.table, c.column);
        let sql = match rule {
            OnForget::DeleteRow => format!("DELETE FROM {table} WHERE {column} IN ({of})"),
            // The row stays without the link, and without the person's data it held.
            OnForget::Clear => {
                let set: Vec<String> = std::iter::once(column)
                    .chain(personal_of(table))
                    .map(|c| format!("{c} = NULL"))
                    .collect();
                format!(
                    "UPDATE {table} SET {} WHERE {column} IN ({of})",
                    set.join(", ")
                )
            }
        };
        let n = tx.execute(&sql, [id])?;
        if (table, column) == members::MEMBER_ID {
            member_rows = n;
        }
    }
    if what == Erase::Identity {
        identities::remove(tx, id)?;
    }
    Ok(member_rows)
}

/// Puts the copy `src` in place of the shop in `dir` (`store::restore_file`), keeping forgotten
/// whom the file it replaces forgot: its tombstones go into the copy, and the people of the copy
/// they name are forgotten there again. When that file cannot be read, the restore says so.
pub fn restore(dir: &DataDir, src: &Path, now: NaiveDateTime) -> Result<Restored, StoreError> {
    let db = dir.db_path();
    let current = if db.exists() {
        Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .and_then(|c| forgotten::export(&c))
            .map_err(|_| ())
    } else {
        Ok(None)
    };
    let rejects = dir.rejects_dir();
    store::restore_file(dir, src, now, |copy| {
        let buried = match current {
            Err(()) => return Ok(Kept::Unreadable),
            Ok(None) => return Ok(Kept::Nothing),
            Ok(Some(buried)) => buried,
        };
        let t = forgotten::carry(copy, &buried)?;
        let (mut named_members, mut named_identities) = (Vec::new(), Vec::new());
        identities::each(copy, |id, kind, value, member| {
            if t.forgets(kind, value) {
                match member {
                    Some(m) => named_members.push(m),
                    None => named_identities.push(id),
                }
            }
        })?;
        members::each_phone(copy, |phone, id| {
            if t.forgets("phone", &phone) {
                named_members.push(id);
            }
        })?;
        named_members.sort_unstable();
        named_members.dedup();
        let found = named_members.len() + named_identities.len();
        for id in named_members {
            member(copy, id, &rejects).map_err(|e| match e {
                MemberError::Sqlite(e) => rusqlite::Error::ToSqlConversionFailure(e.into()),
                other => rusqlite::Error::ToSqlConversionFailure(other.to_string().into()),
            })?;
        }
        let tx = copy.transaction()?;
        for id in named_identities {
            erase(&tx, id, Erase::Identity)?;
        }
        tx.commit()?;
        let as_sql =
            |e: CommunityError| rusqlite::Error::ToSqlConversionFailure(e.to_string().into());
        let participants =
            moderation::forgotten_participants(copy, |kind, value| t.forgets(kind, value))
                .map_err(as_sql)?;
        for &id in &participants {
            moderation::forget_participant(copy, id).map_err(as_sql)?;
        }
        Ok(Kept::Forgotten(found + participants.len()))
    })
}

/// What names a person in a rejects file: their identities as written, and the national digits
/// of each (a phone's read by its number's rules, another id's as its digits) — worked out once,
/// not for every cell.
struct Marks<'a> {
    written: Vec<&'a str>,
    digits: Vec<String>,
}

impl<'a> Marks<'a> {
    /// The marks of the person of `identities` (kind, value as stored).
    fn of(identities: &'a [(String, String)]) -> Self {
        let digits = identities
            .iter()
            .filter_map(|(kind, value)| match kind.as_str() {
                "phone" => phone::national_digits(value),
                _ => Some(value.chars().filter(char::is_ascii_digit).collect()),
            })
            .filter(|n| n.len() >= 7)
            .collect();
        Marks {
            written: identities.iter().map(|(_, v)| v.as_str()).collect(),
            digits,
        }
    }

    /// Whether `cell` names them: an identity as written, or a phone's national digits in any
    /// punctuation.
    fn name(&self, cell: &str) -> bool {
        let cell = cell.trim();
        if self.written.contains(&cell) {
            return true;
        }
        let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
        self.digits.iter().any(|n| digits.ends_with(n.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use crate::community::groups::tests::input;
    use crate::community::groups::{self, GroupInput, Platform, Threshold};
    use crate::community::listed::{self, tests::member_with};
    use crate::community::moderation::{self, Action, EntryInput, Who};
    use crate::settings::ctx::Ctx;
    use chrono::NaiveDate;

    #[test]
    fn forget_takes_a_member_out_of_their_groups_and_leaves_their_breaches_anonymous() {
        let mut conn = crate::store::open_in_memory().expect("db");
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("day");
        let ctx = Ctx::on("CN", day("2026-06-30"));
        let group = groups::add(
            &conn,
            &GroupInput {
                platform: Platform::Wecom,
                created_on: day("2026-01-01"),
                threshold: Threshold::Receipt,
                ..input("新会员群")
            },
            ctx,
        )
        .expect("group")
        .id;
        let (gone, stays) = (
            member_with(&mut conn, "王小麦", "13812345678", ctx),
            member_with(&mut conn, "李面包", "13900001111", ctx),
        );
        listed::add(&mut conn, group, &[gone, stays], day("2026-02-01"), ctx).expect("listed");
        let breach = |conn: &mut rusqlite::Connection, id: i64| {
            let input = EntryInput {
                group_id: group,
                who: Who::Member { member_id: id },
                rule_id: None,
                on: day("2026-06-01"),
                action: Action::Reminder,
                handled_by: None,
                note: "在群里发了王小麦的店铺链接".into(),
            };
            moderation::log(conn, &input, ctx).expect("entry").id
        };
        let (theirs, other) = (breach(&mut conn, gone), breach(&mut conn, stays));
        let dir = tempfile::tempdir().expect("dir");
        super::member(&mut conn, gone, dir.path()).expect("forget");
        let stays_in: Vec<i64> = listed::of_group(&conn, group)
            .expect("stays")
            .iter()
            .map(|s| s.member_id)
            .collect();
        assert_eq!(stays_in, [stays]);
        let e = moderation::get(&conn, theirs, ctx).expect("kept");
        assert_eq!(
            (e.member_id, e.who.as_str(), e.note.as_str(), e.action),
            (None, "已不在记录中的人", "", Action::Reminder)
        );
        let o = moderation::get(&conn, other, ctx).expect("other");
        assert_eq!((o.who.as_str(), o.note.is_empty()), ("李面包", false));
        assert!(matches!(
            listed::of_member(&conn, gone),
            Ok(v) if v.is_empty()
        ));
    }

    /// A participant forgotten after a copy was made stays forgotten when the copy is restored.
    #[test]
    fn a_restore_keeps_forgotten_a_participant_forgotten_since_the_copy() {
        let dir = tempfile::tempdir().expect("dir");
        let data = crate::settings::datadir::DataDir::new(dir.path().join("shop"));
        std::fs::create_dir_all(data.root()).expect("mkdir");
        let now = NaiveDate::from_ymd_opt(2026, 6, 30)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("now");
        let ctx = Ctx::on("CN", now.date());
        let mut conn = crate::store::open(&data.db_path(), &data.backups_dir(), now).expect("open");
        let group = groups::add(
            &conn,
            &GroupInput {
                platform: Platform::Wechat,
                created_on: now.date(),
                threshold: Threshold::TillQr,
                ..input("群")
            },
            ctx,
        )
        .expect("group")
        .id;
        let entry = EntryInput {
            group_id: group,
            who: Who::Participant {
                label: "卖茶叶的".into(),
            },
            rule_id: None,
            on: now.date(),
            action: Action::Note,
            handled_by: None,
            note: "加了她的微信 tea_lady_88".into(),
        };
        let logged = moderation::log(&mut conn, &entry, ctx).expect("entry");
        let copy = dir.path().join("copy.sqlite");
        crate::store::save_copy(&data, &conn, &copy).expect("copy");
        moderation::forget_participant(&mut conn, logged.participant_id.expect("participant"))
            .expect("forget");
        drop(conn);
        let restored = super::restore(&data, &copy, now).expect("restore");
        assert_eq!(restored.kept, crate::store::Kept::Forgotten(1));
        let conn = crate::store::open(&data.db_path(), &data.backups_dir(), now).expect("open");
        let e = moderation::get(&conn, logged.id, ctx).expect("entry");
        assert_eq!((e.participant_id, e.note.as_str()), (None, ""));
        let bytes = std::fs::read(data.db_path()).expect("read");
        assert!(
            !bytes.windows(10).any(|w| w == b"tea_lady_8"),
            "the note is gone from the file"
        );
    }
}
