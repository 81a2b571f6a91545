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
use members::MemberError;
use rusqlite::Connection;
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
    let mut member_rows = 0;
    for c in DOMAINS.iter().flat_map(|d| d.iter()) {
        let (rule, of) = match c.kind {
            Kind::NamesMember(rule) => (rule, "?1"),
            Kind::NamesIdentity(rule) => (rule, identities::OF_MEMBER),
            Kind::Personal | Kind::NotPersonal => continue,
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
    if member_rows == 0 {
        return Err(MemberError::NotFound(id));
    }
    tx.commit()?;
    // The erased pages are still in the -wal until a checkpoint: copied back and truncated now.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let _ = rejects::scrub(rejects, |cell| names(&person, cell));
    Ok(())
}

/// Whether a cell of a rejects file names the person of `identities` (kind, value as stored): a
/// phone's national digits in any punctuation, or an identity as written.
fn names(identities: &[(String, String)], cell: &str) -> bool {
    let cell = cell.trim();
    let digits: String = cell.chars().filter(char::is_ascii_digit).collect();
    identities.iter().any(|(kind, value)| {
        if cell == value {
            return true;
        }
        let national = match kind.as_str() {
            "phone" => phone::national_digits(value),
            _ => Some(value.chars().filter(char::is_ascii_digit).collect()),
        };
        national.is_some_and(|n| n.len() >= 7 && digits.len() >= n.len() && digits.ends_with(&n))
    })
}
