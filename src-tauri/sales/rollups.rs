//! The sums the KPIs read instead of raw sale lines (metrics.rs): the sales of each day, of
//! each identified customer on each day, and of each identified customer over all days. An import adds the deltas of the lines it wrote
//! (`Deltas::apply`), so it touches only the days it brought; an undo or a schema upgrade
//! rebuilds them from the lines (`rebuild`). Days are `yyyymmdd` integers, shop-local.

use crate::store::bulk::{Bulk, Cell};
use crate::store::each_row;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use rustc_hash::FxHashMap;

/// `2026-03-05` → `20260305`: ordered like the date, readable in SQL.
pub fn day_number(day: NaiveDate) -> i64 {
    i64::from(day.year()) * 10_000 + i64::from(day.month()) * 100 + i64::from(day.day())
}

/// The inverse of `day_number`; `None` for a number that is not a date.
pub fn from_day_number(n: i64) -> Option<NaiveDate> {
    let year = i32::try_from(n / 10_000).ok()?;
    NaiveDate::from_ymd_opt(year, (n / 100 % 100) as u32, (n % 100) as u32)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct DaySums {
    gross: i64,
    discounts: i64,
    refunds: i64,
    receipts: i64,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct CustomerSums {
    receipts: i64,
    net: i64,
    refunds: i64,
}

/// What one import adds to the rollups, accumulated in memory and written once.
#[derive(Debug, Default)]
pub struct Deltas {
    days: FxHashMap<i64, DaySums>,
    /// (day, identity, the receipt's day)
    customers: FxHashMap<(i64, i64, i64), CustomerSums>,
}

impl Deltas {
    /// A new sale line on `day`; `new_receipt` when it makes its receipt a sale receipt
    /// (its first line with net > 0), counted on the receipt's day.
    pub fn sale(
        &mut self,
        day: i64,
        receipt_day: i64,
        identity: Option<i64>,
        gross: i64,
        discount: i64,
        new_receipt: bool,
    ) {
        let d = self.days.entry(day).or_default();
        // Saturating: a sum past i64 is caught by the import's checked tally, which sums the same
        // lines, and the file is refused before these are written.
        d.gross = d.gross.saturating_add(gross);
        d.discounts = d.discounts.saturating_add(discount);
        if new_receipt {
            self.days.entry(receipt_day).or_default().receipts += 1;
        }
        if let Some(identity) = identity {
            let c = self
                .customers
                .entry((day, identity, receipt_day))
                .or_default();
            c.net = c.net.saturating_add(gross.saturating_sub(discount));
            if new_receipt {
                self.customers
                    .entry((receipt_day, identity, receipt_day))
                    .or_default()
                    .receipts += 1;
            }
        }
    }

    /// A new refund of `amount` (a positive magnitude) on `day`.
    pub fn refund(&mut self, day: i64, receipt_day: i64, identity: Option<i64>, amount: i64) {
        let d = self.days.entry(day).or_default();
        d.refunds = d.refunds.saturating_add(amount);
        if let Some(identity) = identity {
            let c = self
                .customers
                .entry((day, identity, receipt_day))
                .or_default();
            c.refunds = c.refunds.saturating_add(amount);
        }
    }

    /// Adds the deltas to the stored rollups (inside the import's transaction), in key order:
    /// each row then lands next to the one before (a B-tree written in hash order touches a
    /// random page per row).
    pub fn apply(&self, conn: &Connection) -> rusqlite::Result<()> {
        upsert(
            conn,
            "sales_by_day(day, gross_minor, discounts_minor, refunds_minor, receipts)",
            "ON CONFLICT(day) DO UPDATE SET gross_minor = gross_minor + excluded.gross_minor,
                 discounts_minor = discounts_minor + excluded.discounts_minor,
                 refunds_minor = refunds_minor + excluded.refunds_minor,
                 receipts = receipts + excluded.receipts",
            self.days
                .iter()
                .map(|(day, s)| [*day, s.gross, s.discounts, s.refunds, s.receipts])
                .collect(),
        )?;
        upsert(
            conn,
            "sales_by_customer_day(day, identity_id, receipt_day, receipts, net_minor, refunds_minor)",
            "ON CONFLICT(day, identity_id, receipt_day) DO UPDATE SET receipts = receipts + excluded.receipts,
                 net_minor = net_minor + excluded.net_minor,
                 refunds_minor = refunds_minor + excluded.refunds_minor",
            self.customers
                .iter()
                .map(|((day, identity, receipt_day), s)| {
                    [*day, *identity, *receipt_day, s.receipts, s.net, s.refunds]
                })
                .collect(),
        )?;
        // Each customer's totals: the same deltas summed per identity.
        let mut totals: FxHashMap<i64, (CustomerSums, i64)> = FxHashMap::default();
        for ((_, identity, receipt_day), s) in &self.customers {
            let (t, last) = totals.entry(*identity).or_default();
            t.receipts += s.receipts;
            t.net = t.net.saturating_add(s.net);
            t.refunds = t.refunds.saturating_add(s.refunds);
            *last = (*last).max(*receipt_day);
        }
        upsert(
            conn,
            "sales_by_customer(identity_id, receipts, net_minor, refunds_minor, last_day)",
            "ON CONFLICT(identity_id) DO UPDATE SET receipts = receipts + excluded.receipts,
                 net_minor = net_minor + excluded.net_minor,
                 refunds_minor = refunds_minor + excluded.refunds_minor,
                 last_day = max(last_day, excluded.last_day)",
            totals
                .into_iter()
                .map(|(identity, (s, last))| [identity, s.receipts, s.net, s.refunds, last])
                .collect(),
        )
    }

    /// How many sums are kept.
    pub fn len(&self) -> usize {
        self.days.len() + self.customers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Upserts `rows` (each led by its key columns) into `table` in key order, 64 to a statement.
fn upsert<const N: usize>(
    conn: &Connection,
    table: &'static str,
    on_conflict: &'static str,
    mut rows: Vec<[i64; N]>,
) -> rusqlite::Result<()> {
    // Keys are unique, so ordering whole rows orders them by key.
    rows.sort_unstable();
    let mut bulk = Bulk::new(conn, table, N, on_conflict)?;
    for row in rows {
        bulk.push(row.map(Cell::Int))?;
    }
    bulk.flush()
}

/// Recomputes every rollup from the sale lines (after an undo, or when the schema gains them).
/// A sale receipt is one with a sale line whose net is > 0 (sale lines are never negative:
/// a negative row is read as a refund), counted on the receipt's day. A voided receipt
/// (`voids`) counts nowhere.
pub fn rebuild(conn: &Connection) -> rusqlite::Result<()> {
    let kept = super::voids::not_voided("r.id");
    let kept_line = super::voids::not_voided("(id >> 16)");
    conn.execute_batch(&format!(
        "DELETE FROM sales_by_day;
         DELETE FROM sales_by_customer_day;
         CREATE TEMP TABLE sale_receipts AS
             SELECT r.id, r.day, r.identity_id FROM receipts r
             WHERE {kept} AND EXISTS (SELECT 1 FROM sale_lines l WHERE l.id BETWEEN r.id << 16 AND (r.id << 16) + 65535
                           AND l.kind = 'sale' AND l.net_minor > 0);
         INSERT INTO sales_by_day(day, gross_minor, discounts_minor, refunds_minor, receipts)
             SELECT day, sum(g), sum(d), sum(rf), sum(rc) FROM (
                 SELECT day,
                        sum(CASE WHEN kind = 'sale' THEN gross_minor ELSE 0 END) AS g,
                        sum(CASE WHEN kind = 'sale' THEN discount_minor ELSE 0 END) AS d,
                        sum(CASE WHEN kind = 'refund' THEN -net_minor ELSE 0 END) AS rf,
                        0 AS rc
                 FROM sale_lines WHERE {kept_line} GROUP BY day
                 UNION ALL
                 SELECT day, 0, 0, 0, count(*) FROM temp.sale_receipts GROUP BY day)
             GROUP BY day;
         INSERT INTO sales_by_customer_day(day, identity_id, receipt_day, receipts, net_minor, refunds_minor)
             SELECT day, identity_id, receipt_day, sum(rc), sum(net), sum(rf) FROM (
                 SELECT l.day AS day, r.identity_id AS identity_id, r.day AS receipt_day, 0 AS rc,
                        sum(CASE WHEN l.kind = 'sale' THEN l.net_minor ELSE 0 END) AS net,
                        sum(CASE WHEN l.kind = 'refund' THEN -l.net_minor ELSE 0 END) AS rf
                 FROM sale_lines l JOIN receipts r ON r.id = l.id >> 16
                 WHERE r.identity_id IS NOT NULL AND {kept} GROUP BY 1, 2, 3
                 UNION ALL
                 SELECT day, identity_id, day, count(*), 0, 0 FROM temp.sale_receipts
                 WHERE identity_id IS NOT NULL GROUP BY 1, 2, 3)
             GROUP BY 1, 2, 3;
         DROP TABLE temp.sale_receipts;
         DELETE FROM sales_by_customer;
         INSERT INTO sales_by_customer(identity_id, receipts, net_minor, refunds_minor, last_day)
             SELECT identity_id, sum(receipts), sum(net_minor), sum(refunds_minor), max(receipt_day)
             FROM sales_by_customer_day GROUP BY identity_id;"
    ))
}

/// The last day with sales in the store, without loading anything else.
pub fn sales_coverage(conn: &Connection) -> rusqlite::Result<Option<(NaiveDate, NaiveDate)>> {
    let (a, b): (Option<i64>, Option<i64>) =
        conn.query_row("SELECT min(day), max(day) FROM sales_by_day", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    Ok(a.and_then(from_day_number).zip(b.and_then(from_day_number)))
}

/// One day's totals as `sales_by_day` keeps them (the day as its number).
pub struct DayTotals {
    pub day: i64,
    pub gross: i64,
    pub discounts: i64,
    pub refunds: i64,
    pub receipts: i64,
}

/// Each day's totals, in day order.
pub fn each_day(conn: &Connection, mut f: impl FnMut(DayTotals)) -> rusqlite::Result<()> {
    let sql = "SELECT day, gross_minor, discounts_minor, refunds_minor, receipts
               FROM sales_by_day ORDER BY day";
    each_row(conn, sql, [], |r| {
        f(DayTotals {
            day: r.get(0)?,
            gross: r.get(1)?,
            discounts: r.get(2)?,
            refunds: r.get(3)?,
            receipts: r.get(4)?,
        });
        Ok(())
    })
}

/// One identified customer's sales on one day, as `sales_by_customer_day` keeps them (days as
/// numbers; `receipt_day` is the day of the receipt a refund belongs to).
pub struct CustomerDay {
    pub day: i64,
    pub identity: i64,
    pub receipt_day: i64,
    pub receipts: i64,
    pub net: i64,
    pub refunds: i64,
}

/// Each identified customer's latest receipt day (yyyymmdd), over all their sales.
pub fn each_last_day(conn: &Connection, mut f: impl FnMut(i64, i64)) -> rusqlite::Result<()> {
    let sql = "SELECT identity_id, last_day FROM sales_by_customer";
    each_row(conn, sql, [], |r| {
        f(r.get(0)?, r.get(1)?);
        Ok(())
    })
}

/// Each customer's day on or after day number `from`, in day order.
pub fn each_customer_day(
    conn: &Connection,
    from: i64,
    mut f: impl FnMut(CustomerDay),
) -> rusqlite::Result<()> {
    let sql = "SELECT day, identity_id, receipt_day, receipts, net_minor, refunds_minor
               FROM sales_by_customer_day WHERE day >= ?1 ORDER BY day";
    each_row(conn, sql, [from], |r| {
        f(CustomerDay {
            day: r.get(0)?,
            identity: r.get(1)?,
            receipt_day: r.get(2)?,
            receipts: r.get(3)?,
            net: r.get(4)?,
            refunds: r.get(5)?,
        });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_round_trip_and_sort_like_dates() {
        let a = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        let b = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        assert_eq!(day_number(a), 20260305);
        assert!(day_number(a) < day_number(b));
        assert_eq!(from_day_number(20260305), Some(a));
        assert_eq!(from_day_number(20261301), None);
    }

    #[test]
    fn deltas_count_a_receipt_once_on_its_own_day() {
        let mut d = Deltas::default();
        d.sale(20260305, 20260305, Some(7), 1000, 100, true);
        d.sale(20260305, 20260305, Some(7), 500, 0, false);
        d.refund(20260310, 20260305, Some(7), 300);
        assert_eq!(
            d.days[&20260305],
            DaySums {
                gross: 1500,
                discounts: 100,
                refunds: 0,
                receipts: 1
            }
        );
        assert_eq!(d.days[&20260310].refunds, 300);
        assert_eq!(
            d.customers[&(20260305, 7, 20260305)],
            CustomerSums {
                receipts: 1,
                net: 1400,
                refunds: 0
            }
        );
        assert_eq!(d.customers[&(20260310, 7, 20260305)].refunds, 300);
        let mut days: Vec<i64> = d.days.keys().copied().collect();
        days.sort_unstable();
        assert_eq!(days, [20260305, 20260310]);
    }
}
