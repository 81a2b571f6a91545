//! Customers as the POS knows them (identities: phones, POS ids, member
//! cards) and their link to members: the identified customers who are not
//! members yet, linking one to a member, and making members of them.

use crate::i18n::{ErrorCode, Lang, UserError};
use crate::members::{self, Context, MemberError, MemberInput, MemberSource};
use crate::phone;
use crate::rollups::from_day_number;
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

/// An identified customer who matches no member, with what they bought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Customer {
    #[ts(type = "number")]
    pub identity_id: i64,
    /// `phone`, `raw` (a phone that could not be read), `pos_id` or `card`.
    pub kind: String,
    /// As the owner reads it: a formatted phone, or the POS id / card number.
    pub label: String,
    pub name: Option<String>,
    #[ts(type = "number")]
    pub receipts: i64,
    #[ts(type = "number")]
    pub spend_minor: i64,
    pub last_day: Option<NaiveDate>,
}

#[derive(Debug, Error)]
pub enum CustomerError {
    #[error(transparent)]
    Member(#[from] MemberError),
    #[error("no customer {0}")]
    NotFound(i64),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl UserError for CustomerError {
    fn code(&self) -> ErrorCode {
        match self {
            CustomerError::Member(e) => e.code(),
            CustomerError::NotFound(_) => ErrorCode::NotFound,
            CustomerError::Sqlite(_) => ErrorCode::Internal,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            CustomerError::Member(e) => e.message(lang),
            CustomerError::NotFound(_) => {
                lang.pick("找不到这位顾客。", "This customer no longer exists.")
            }
            CustomerError::Sqlite(e) => {
                lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}"))
            }
        }
    }
}

/// The identities that are not members, with their totals (one row each in `sales_by_customer`,
/// found by its key): the work grows with the customers, not with their days of sales.
const UNMATCHED: &str = "
    SELECT i.id, i.kind, i.value, i.name, s.receipts, s.net_minor - s.refunds_minor, s.last_day
    FROM identities i
    JOIN sales_by_customer s ON s.identity_id = i.id
    WHERE i.member_id IS NULL
    ORDER BY 6 DESC, i.id
    LIMIT ?1";

/// Identified customers who are not members, biggest spenders first (the first `limit` of them,
/// or all). With `mask`, phones show only their first three and last four digits.
pub fn unmatched(
    conn: &Connection,
    phone_region: &str,
    mask: bool,
    limit: Option<usize>,
) -> Result<Vec<Customer>, CustomerError> {
    let mut stmt = conn.prepare(UNMATCHED)?;
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let rows = stmt.query_map([limit], |r| {
        let kind: String = r.get(1)?;
        let value: String = r.get(2)?;
        Ok(Customer {
            identity_id: r.get(0)?,
            label: if kind == "phone" {
                phone::display(&value, phone_region, mask)
            } else {
                value
            },
            kind,
            name: r.get(3)?,
            receipts: r.get(4)?,
            spend_minor: r.get(5)?,
            last_day: r.get::<_, Option<i64>>(6)?.and_then(from_day_number),
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Links customer `identity_id` to member `member_id`: their receipts count
/// as the member's from the member's joined date on.
pub fn link(conn: &Connection, identity_id: i64, member_id: i64) -> Result<(), CustomerError> {
    let exists: bool = conn.query_row(
        "SELECT count(*) > 0 FROM members WHERE id = ?1",
        [member_id],
        |r| r.get(0),
    )?;
    if !exists {
        return Err(CustomerError::Member(MemberError::NotFound(member_id)));
    }
    if conn.execute(
        "UPDATE identities SET member_id = ?2 WHERE id = ?1",
        params![identity_id, member_id],
    )? == 0
    {
        return Err(CustomerError::NotFound(identity_id));
    }
    Ok(())
}

/// Makes a member of each customer in `identity_ids` (joined `ctx.today`,
/// named after the POS name or the phone), in one transaction.
pub fn create_members(
    conn: &mut Connection,
    identity_ids: &[i64],
    ctx: Context<'_>,
) -> Result<Vec<i64>, CustomerError> {
    let mut inputs = Vec::with_capacity(identity_ids.len());
    for id in identity_ids {
        let (kind, value, name): (String, String, Option<String>) = conn
            .query_row(
                "SELECT kind, value, name FROM identities WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|_| CustomerError::NotFound(*id))?;
        let is_phone = kind == "phone";
        let label = if is_phone {
            phone::display(&value, ctx.phone_region, false)
        } else {
            value.clone()
        };
        inputs.push(MemberInput {
            name: name.filter(|n| !n.trim().is_empty()).unwrap_or(label),
            phone: if is_phone { value } else { String::new() },
            wechat_name: String::new(),
            birthday: None,
            joined_on: ctx.today,
            source: MemberSource::InStore,
            tags: Vec::new(),
            notes: String::new(),
            marketing_consent: false,
        });
    }
    let ids = members::add_all(conn, &inputs, ctx).map_err(|(_, e)| CustomerError::Member(e))?;
    let tx = conn.transaction()?;
    for (identity, member) in identity_ids.iter().zip(&ids) {
        tx.execute(
            "UPDATE identities SET member_id = ?2 WHERE id = ?1",
            params![identity, member],
        )?;
    }
    tx.commit()?;
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    /// `EXPLAIN QUERY PLAN` of `sql` (with one parameter, -1): (id, parent, detail) of each step.
    fn plan(conn: &Connection, sql: &str) -> Vec<(i64, i64, String)> {
        let mut stmt = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("explain");
        stmt.query_map([-1], |r| Ok((r.get(0)?, r.get(1)?, r.get(3)?)))
            .expect("plan")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    }

    /// The day rollup has no index by identity (step 4 dropped it for the import's sake): the
    /// list never reads it, and of its loops at most one scans — the other finds each row by
    /// its key. A loop over identities that scanned the day rollup for each took 18 s.
    #[test]
    fn the_unmatched_list_reads_one_row_per_customer() {
        let conn = open_in_memory().expect("db");
        let steps = plan(&conn, UNMATCHED);
        let text = steps
            .iter()
            .map(|s| format!("{} {} {}", s.0, s.1, s.2))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!text.contains("sales_by_customer_day"), "{text}");
        let scans = steps.iter().filter(|s| s.2.starts_with("SCAN")).count();
        let searches = steps
            .iter()
            .filter(|s| {
                s.2.starts_with("SEARCH") && (s.2.contains("PRIMARY KEY") || s.2.contains("INDEX"))
            })
            .count();
        assert!(scans <= 1, "one loop scans at most: {text}");
        assert!(searches >= 1, "the other finds its rows by a key: {text}");
    }
}
