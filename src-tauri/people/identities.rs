//! The customers the POS identifies — phones, POS customer ids, member cards — and their link to
//! a member. This module owns the `identities` table: the sales import adds identities through
//! [`insert`], a member's phone links the identities under it ([`link_phone`]), and every other
//! module reads them through the functions here, set-wise where a list needs many.

use crate::privacy::{Column, Kind, OnForget, column};
use crate::store::each_row;
use rusqlite::{Connection, Transaction, params};

/// The identities no member has claimed (`id, kind, value, name`), as a subquery that an owner of
/// per-identity figures joins to its own table in one query.
pub const UNLINKED: &str = "SELECT id, kind, value, name FROM identities WHERE member_id IS NULL";

/// Every identity (`id, kind code, value, member`), for the import to recognise customers it has
/// seen before.
pub fn each(
    conn: &Connection,
    mut f: impl FnMut(i64, &str, &str, Option<i64>),
) -> rusqlite::Result<()> {
    let sql = "SELECT id, kind, value, member_id FROM identities";
    each_row(conn, sql, [], |r| {
        let (kind, value) = (r.get_ref(1)?.as_str()?, r.get_ref(2)?.as_str()?);
        f(r.get(0)?, kind, value, r.get(3)?);
        Ok(())
    })
}

/// Adds an identity the import met for the first time; returns its id.
pub fn insert(
    tx: &Transaction<'_>,
    kind: &str,
    value: &str,
    name: Option<&str>,
    member: Option<i64>,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO identities(kind, value, name, member_id) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![kind, value, name, member])?;
    Ok(tx.last_insert_rowid())
}

/// Each identity that belongs to a member, as `(identity, member)`.
pub fn each_member_link(conn: &Connection, mut f: impl FnMut(i64, i64)) -> rusqlite::Result<()> {
    let sql = "SELECT id, member_id FROM identities WHERE member_id IS NOT NULL";
    each_row(conn, sql, [], |r| {
        f(r.get(0)?, r.get(1)?);
        Ok(())
    })
}

/// An identity's kind code, value and name, if it exists.
pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<(String, String, Option<String>)> {
    conn.query_row(
        "SELECT kind, value, name FROM identities WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
}

/// Gives an identity to a member; false when there is no such identity.
pub fn set_member(conn: &Connection, id: i64, member: i64) -> rusqlite::Result<bool> {
    Ok(conn.execute(
        "UPDATE identities SET member_id = ?2 WHERE id = ?1",
        params![id, member],
    )? > 0)
}

/// Sales already imported under this phone become the member's (from the joined date on). A
/// phone the member had before keeps its link: a changed phone does not cut their history.
pub fn link_phone(tx: &Connection, member: i64, phone: &str) -> rusqlite::Result<()> {
    tx.prepare_cached("UPDATE identities SET member_id = ?1 WHERE kind = 'phone' AND value = ?2 AND member_id IS NULL")?
        .execute(params![member, phone])?;
    Ok(())
}

/// The identities of a member, as a subquery of their ids (`?1` is the member), for the owners
/// of per-identity rows to forget theirs in one statement each.
pub const OF_MEMBER: &str = "SELECT id FROM identities WHERE member_id = ?1";

/// What forget does with identities: the member's go, phones, POS ids, cards and names with
/// them (the rows that name them are forgotten first, through [`OF_MEMBER`]).
pub const COLUMNS: &[Column] = &[
    column("identities", "kind", Kind::NotPersonal),
    column("identities", "value", Kind::Personal),
    column("identities", "name", Kind::Personal),
    column(
        "identities",
        "member_id",
        Kind::NamesMember(OnForget::DeleteRow),
    ),
];
