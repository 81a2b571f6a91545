//! Late voids: a receipt the store has as a sale that a later export says was voided (a
//! cancelled Loyverse receipt, a Shopify order voided after it was exported, 有赞's 交易关闭).
//! Its lines stay, so their keys and the receipt's hash go on recognising the earlier export,
//! but no total counts them: `rollups::rebuild` leaves voided receipts out, and so does the
//! import for lines that reach one later. The void is a correction in the batch of the import
//! that said so (`receipt_voids.batch_id`, one row per receipt and import): undoing that import
//! brings the receipt back unless a remaining import voids it too.

use super::lines::ImportError;
use rusqlite::{Connection, Transaction, params};
use rustc_hash::FxHashSet;

/// The condition of a row whose receipt id is `{0}` that it is not voided (for the rollups).
pub(super) fn not_voided(receipt_id: &str) -> String {
    format!("{receipt_id} NOT IN (SELECT receipt_id FROM receipt_voids)")
}

/// The receipts voided so far, by id (few in any shop).
pub(super) fn load(conn: &Connection) -> rusqlite::Result<FxHashSet<i64>> {
    let mut stmt = conn.prepare("SELECT DISTINCT receipt_id FROM receipt_voids")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    ids.collect()
}

/// What receipt `id` holds: its net sales after its refunds (what voiding it takes out), and
/// how many sale lines it has.
pub(super) fn held(conn: &Connection, id: i64) -> rusqlite::Result<(i64, u64)> {
    let base = id << 16;
    conn.prepare_cached(
        "SELECT coalesce(sum(net_minor), 0), count(*) FILTER (WHERE kind = 'sale')
         FROM sale_lines WHERE id BETWEEN ?1 AND ?2",
    )?
    .query_row(params![base, base + 0xFFFF], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64))
    })
}

/// Records that batch `batch_id` voids the receipts `ids`.
pub(super) fn record(tx: &Transaction<'_>, batch_id: i64, ids: &[i64]) -> Result<(), ImportError> {
    let mut insert =
        tx.prepare_cached("INSERT INTO receipt_voids(receipt_id, batch_id) VALUES (?1, ?2)")?;
    for id in ids {
        insert.execute(params![id, batch_id])?;
    }
    Ok(())
}

/// Undoing batch `batch_id`: the voids it made go (their receipts count again unless another
/// import voids them too), and so do the voids of receipts that are gone. Call it after the
/// batch's receipts are removed.
pub(super) fn undo(tx: &Transaction<'_>, batch_id: i64) -> rusqlite::Result<usize> {
    let restored = tx.execute("DELETE FROM receipt_voids WHERE batch_id = ?1", [batch_id])?;
    tx.execute(
        "DELETE FROM receipt_voids WHERE receipt_id NOT IN (SELECT id FROM receipts)",
        [],
    )?;
    Ok(restored)
}

/// How many receipts undoing batch `batch_id` would count again: those it voids that no other
/// import voids.
pub fn restored_by_undo(conn: &Connection, batch_id: i64) -> rusqlite::Result<u64> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM receipt_voids v WHERE batch_id = ?1 AND NOT EXISTS
             (SELECT 1 FROM receipt_voids w WHERE w.receipt_id = v.receipt_id AND w.batch_id != ?1)",
        [batch_id],
        |r| r.get(0),
    )?;
    Ok(n.max(0) as u64)
}
