//! The people who help run the shop: a name and a role, no account and no password. They own
//! groups and handle breaches now, and are assigned tasks later. A staff member is renamed or
//! given another role, never removed: old entries name them.

use super::{CommunityError, Thing, coded, text};
use crate::check::{Field, field};
use crate::privacy::{Column, Kind, column};
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

coded! {
    /// What a staff member does.
    StaffRole {
        Owner = "owner", "店主", "owner";
        Admin = "admin", "管理员", "group admin";
        Operations = "operations", "运营", "operations";
        Counter = "counter", "店员", "counter staff";
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Staff {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub role: StaffRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StaffInput {
    pub name: String,
    pub role: StaffRole,
}

pub const NAME_MAX: usize = 40;
pub static NAME: Field = field("name", "姓名", "name");

/// The input, trimmed, or what is wrong with it.
pub fn validate(input: &StaffInput) -> Result<StaffInput, CommunityError> {
    Ok(StaffInput {
        name: text(&input.name, &NAME, NAME_MAX, true)?,
        role: input.role,
    })
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Staff> {
    Ok(Staff {
        id: r.get(0)?,
        name: r.get(1)?,
        role: StaffRole::parse(r.get_ref(2)?.as_str()?).unwrap_or(StaffRole::Counter),
    })
}

/// Every staff member, by role (owners first), in the order they were added within a role.
pub fn list(conn: &Connection) -> Result<Vec<Staff>, CommunityError> {
    let mut stmt = conn.prepare("SELECT id, name, role FROM staff ORDER BY id")?;
    let mut all = stmt
        .query_map([], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    all.sort_by_key(|s| StaffRole::ALL.iter().position(|r| *r == s.role));
    Ok(all)
}

pub fn add(conn: &Connection, input: &StaffInput) -> Result<Staff, CommunityError> {
    let clean = validate(input)?;
    conn.execute(
        "INSERT INTO staff(name, role) VALUES (?1, ?2)",
        params![clean.name, clean.role.code()],
    )?;
    get(conn, conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, input: &StaffInput) -> Result<Staff, CommunityError> {
    let clean = validate(input)?;
    let n = conn.execute(
        "UPDATE staff SET name = ?2, role = ?3 WHERE id = ?1",
        params![id, clean.name, clean.role.code()],
    )?;
    if n == 0 {
        return Err(CommunityError::NotFound(Thing::Staff, id));
    }
    get(conn, id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Staff, CommunityError> {
    conn.query_row(
        "SELECT id, name, role FROM staff WHERE id = ?1",
        [id],
        from_row,
    )
    .optional()?
    .ok_or(CommunityError::NotFound(Thing::Staff, id))
}

/// `id` when it is a staff member (`None` stays `None`), else what is wrong with `field`.
pub fn check(
    conn: &Connection,
    id: Option<i64>,
    field: &'static Field,
) -> Result<Option<i64>, CommunityError> {
    let Some(id) = id else { return Ok(None) };
    let found: Option<i64> = conn
        .query_row("SELECT id FROM staff WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    found.map(Some).ok_or_else(|| {
        field
            .invalid(crate::check::Problem::Unknown {
                value: id.to_string(),
            })
            .into()
    })
}

/// Staff are the shop's own people, not its customers: their names go when the owner renames
/// them; forget (of a customer) never reaches them.
pub const COLUMNS: &[Column] = &[
    column("staff", "name", Kind::Personal),
    column("staff", "role", Kind::NotPersonal),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::UserError;
    use crate::store::open_in_memory;

    #[test]
    fn staff_are_listed_owners_first_and_need_a_name() {
        let conn = open_in_memory().expect("db");
        let add_one = |name: &str, role| {
            add(
                &conn,
                &StaffInput {
                    name: name.into(),
                    role,
                },
            )
        };
        add_one(" 小周 ", StaffRole::Counter).expect("counter");
        let owner = add_one("王店长", StaffRole::Owner).expect("owner");
        assert_eq!(
            list(&conn)
                .expect("list")
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            ["王店长", "小周"]
        );
        let err = add_one("  ", StaffRole::Admin).expect_err("nameless");
        assert_eq!(err.field(), Some("name"));
        let renamed = update(
            &conn,
            owner.id,
            &StaffInput {
                name: "王姐".into(),
                role: StaffRole::Admin,
            },
        )
        .expect("update");
        assert_eq!(
            (renamed.name.as_str(), renamed.role),
            ("王姐", StaffRole::Admin)
        );
        assert_eq!(
            update(
                &conn,
                99,
                &StaffInput {
                    name: "x".into(),
                    role: StaffRole::Admin
                }
            ),
            Err(CommunityError::NotFound(Thing::Staff, 99))
        );
    }
}
