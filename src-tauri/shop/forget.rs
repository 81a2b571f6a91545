//! "Forget this person": erases a member and everything personal about them, across every
//! domain that holds some, in one transaction (secure_delete overwrites the freed pages). Each
//! table's owner declares what forget does to its columns (`privacy`); this walks them all.

use crate::people::{identities, members};
use crate::privacy::{Column, Kind, OnForget};
use crate::sales;
use members::MemberError;
use rusqlite::Connection;

/// The declarations forget walks, in order: the rows that name the member's identities while
/// those still exist, then the identities, then the member's own rows (their id last).
pub const DOMAINS: &[&[Column]] = &[sales::COLUMNS, identities::COLUMNS, members::COLUMNS];

/// Forgets member `id`: their tags, phones, POS ids and cards go; their receipts keep their
/// amounts and lose the link — anonymous sales.
pub fn member(conn: &mut Connection, id: i64) -> Result<(), MemberError> {
    let tx = conn.transaction()?;
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
    Ok(())
}
