//! "Forget this person": erases a member and everything personal about them, across every
//! domain that holds some, in one transaction (secure_delete overwrites the freed pages). Each
//! table's owner declares what forget does to its columns (`privacy`); this walks them all. It
//! leaves a tombstone per identity (`people::forgotten`) so that no later import brings them
//! back, truncates the `-wal` (which still held the erased pages), and rewrites the rejects files
//! that name them. Copies in `backups/` keep them until those age out (three months at most).

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
/// those still exist, then the identities, then the member's own rows (their id last).
pub const DOMAINS: &[&[Column]] = &[sales::COLUMNS, identities::COLUMNS, members::COLUMNS];

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
            OnForget::Clear => {
                format!("UPDATE {table} SET {column} = NULL WHERE {column} IN ({of})")
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
        Ok(Kept::Forgotten(found))
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
