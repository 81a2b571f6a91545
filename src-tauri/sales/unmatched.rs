//! The identified customers who are not members yet, with what they bought: the owner's list of
//! people worth inviting, biggest spenders first.

use super::rollups::from_day_number;
use crate::people::identities;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;
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

/// The identities that are not members, with their totals (one row each in `sales_by_customer`,
/// found by its key): the work grows with the customers, not with their days of sales.
fn unmatched_sql() -> String {
    format!(
        "SELECT i.id, i.kind, i.value, i.name, s.receipts, s.net_minor - s.refunds_minor, s.last_day
         FROM ({}) i
         JOIN sales_by_customer s ON s.identity_id = i.id
         ORDER BY 6 DESC, i.id
         LIMIT ?1",
        identities::UNLINKED
    )
}

/// Identified customers who are not members, biggest spenders first (the first `limit` of them,
/// or all). With `mask`, every identity shows only a little (`identities::label`); a name that
/// is a phone or an e-mail is no name.
pub fn unmatched(
    conn: &Connection,
    phone_region: &str,
    mask: bool,
    limit: Option<usize>,
) -> rusqlite::Result<Vec<Customer>> {
    let mut stmt = conn.prepare_cached(&unmatched_sql())?;
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let rows = stmt.query_map([limit], |r| {
        let kind: String = r.get(1)?;
        let value: String = r.get(2)?;
        Ok(Customer {
            identity_id: r.get(0)?,
            label: identities::label(&kind, &value, phone_region, mask),
            kind,
            name: identities::person_name(r.get::<_, Option<String>>(3)?.as_deref()),
            receipts: r.get(4)?,
            spend_minor: r.get(5)?,
            last_day: r.get::<_, Option<i64>>(6)?.and_then(from_day_number),
        })
    })?;
    rows.collect()
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
        let steps = plan(&conn, &unmatched_sql());
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
