//! The customers the POS identifies — phones, POS customer ids, member cards — and their link to
//! a member. This module owns the `identities` table: the sales import adds identities through
//! [`insert`], a member's phone links the identities under it ([`link_phone`]), and every other
//! module reads them through the functions here, set-wise where a list needs many.

use super::phone;
use crate::privacy::{Column, Kind, OnForget, column};
use crate::store::each_row;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

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

/// How an identity is shown: a phone as the shop's country writes it. With `masked`, every kind
/// keeps only a little: digit strings of 7 or more like phones (`138****5678`), e-mails as
/// `a***@example.com`, other ids (POS ids, cards) their last four characters (`****A123`).
pub fn label(kind: &str, value: &str, phone_region: &str, masked: bool) -> String {
    match (kind, masked) {
        ("phone", _) => phone::display(value, phone_region, masked),
        (_, false) => value.to_string(),
        (_, true) => mask(value),
    }
}

/// An identity's value that is not a normalised phone, masked as `label` says.
pub fn mask(value: &str) -> String {
    let value = value.trim();
    if let Some((local, domain)) = value.split_once('@')
        && let Some(first) = local.chars().next()
        && !domain.is_empty()
    {
        return format!("{first}***@{domain}");
    }
    if let Some(digits) = phone_like(value) {
        return phone::mask(&digits);
    }
    let chars: Vec<char> = value.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
    if chars.len() <= 4 {
        "****".to_string()
    } else {
        format!("****{tail}")
    }
}

/// The digits of `text` when it is written like a phone: 7 digits or more, with nothing but
/// phone punctuation between them.
fn phone_like(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let punctuation = |c: char| c.is_ascii_digit() || " -+().".contains(c);
    (digits.len() >= 7 && text.chars().all(punctuation)).then_some(digits)
}

/// A name the POS gave a customer, unless it is an identity in disguise (a phone, an e-mail):
/// those are never used, or shown, as a name.
pub fn person_name(name: Option<&str>) -> Option<String> {
    let name = name?.trim();
    let identity = name.is_empty() || name.contains('@') || phone_like(name).is_some();
    (!identity).then(|| name.to_string())
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

/// Removes the identities no member claims and no row of `used` (a subquery of identity ids,
/// from the owner of the rows that name them) still names; returns how many went.
pub fn remove_unused(tx: &Connection, used: &str) -> rusqlite::Result<usize> {
    tx.execute(
        &format!("DELETE FROM identities WHERE member_id IS NULL AND id NOT IN ({used})"),
        [],
    )
}

/// Removes identity `id` (forget, once the rows that name it are gone).
pub fn remove(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM identities WHERE id = ?1", [id])?;
    Ok(())
}

/// What reading the raw identities again under a phone region did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Reread {
    /// Raw identities that are phones now, kept as such.
    pub read: usize,
    /// (raw id, phone id): a raw identity whose phone was already a customer, combined into
    /// it and deleted here; whoever keeps rows per identity moves the raw one's to the phone's.
    pub combined: Vec<(i64, i64)>,
    /// Raw identities left raw because they and the customer of their phone belong to two
    /// different members: the owner decides who is who, nothing is merged silently.
    pub conflicts: Vec<(i64, i64)>,
}

/// Reads again every identity kept raw (a phone the region of its import could not read) under
/// `region`, inside the caller's transaction: each that is a valid phone now becomes that
/// phone — linked to the member whose phone it is (`member_of`), as an import would —, combined
/// with the customer of the same phone when there is one (its member and POS name, if only one
/// side had one, stay). A raw identity of a forgotten person (`forgets(kind, value)`: either
/// form) stays as it is: it must not come back as a customer.
pub fn reread_raw(
    tx: &Connection,
    region: &str,
    member_of: impl Fn(&str) -> Option<i64>,
    forgets: impl Fn(&str, &str) -> bool,
) -> rusqlite::Result<Reread> {
    let mut raw: Vec<(i64, String, Option<i64>)> = Vec::new();
    each_row(
        tx,
        "SELECT id, value, member_id FROM identities WHERE kind = 'raw'",
        [],
        |r| {
            raw.push((r.get(0)?, r.get(1)?, r.get(2)?));
            Ok(())
        },
    )?;
    let mut done = Reread::default();
    for (id, value, member) in raw {
        let Ok(e164) = phone::normalize(&value, region) else {
            continue;
        };
        if forgets("raw", &value) || forgets("phone", &e164) {
            continue;
        }
        let member = member.or_else(|| member_of(&e164));
        let existing: Option<(i64, Option<i64>)> = tx
            .query_row(
                "SELECT id, member_id FROM identities WHERE kind = 'phone' AND value = ?1",
                [&e164],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match existing {
            None => {
                tx.execute(
                    "UPDATE identities SET kind = 'phone', value = ?2, member_id = ?3 WHERE id = ?1",
                    params![id, e164, member],
                )?;
                done.read += 1;
            }
            Some((other, their)) if member.is_some() && their.is_some() && member != their => {
                done.conflicts.push((id, other));
            }
            Some((other, their)) => {
                tx.execute(
                    "UPDATE identities SET member_id = ?2,
                         name = coalesce(name, (SELECT name FROM identities WHERE id = ?3))
                     WHERE id = ?1",
                    params![other, their.or(member), id],
                )?;
                tx.execute("DELETE FROM identities WHERE id = ?1", [id])?;
                done.combined.push((id, other));
            }
        }
    }
    Ok(done)
}

/// The identities of member `id`, as (`kind`, `value` as stored).
pub fn of_member(conn: &Connection, id: i64) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt =
        conn.prepare_cached("SELECT kind, value FROM identities WHERE member_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masked_identities_keep_only_a_little() {
        let masked = |kind, value| label(kind, value, "CN", true);
        assert_eq!(masked("phone", "+8613812345678"), "138****5678");
        assert_eq!(masked("raw", "138 1234 5678"), "138****5678");
        assert_eq!(masked("card", "6222021234567890"), "622*********7890");
        assert_eq!(masked("pos_id", "CUST-00A123"), "****A123");
        assert_eq!(masked("pos_id", "A12"), "****");
        assert_eq!(masked("raw", "lily.wang@example.com"), "l***@example.com");
        assert_eq!(label("pos_id", "CUST-00A123", "CN", false), "CUST-00A123");
    }

    #[test]
    fn a_phone_or_an_email_is_no_name() {
        assert_eq!(person_name(Some(" 王小麦 ")), Some("王小麦".into()));
        assert_eq!(person_name(Some("13812345678")), None);
        assert_eq!(person_name(Some("+86 138-1234-5678")), None);
        assert_eq!(person_name(Some("lily@example.com")), None);
        assert_eq!(person_name(Some("Table 12")), Some("Table 12".into()));
        assert_eq!(person_name(Some("  ")), None);
    }
}
