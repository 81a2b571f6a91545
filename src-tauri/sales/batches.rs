//! The sales side of an import batch (`import::batches` holds the batch of every kind): its
//! totals as the imports screen lists them, and undo, which removes exactly the lines one batch
//! added that no remaining import brought too.

use super::layout::Mapping;
use super::lines::{ImportError, ImportReport};
use crate::import::batches::{self, Counts};
use crate::people::identities;
use chrono::NaiveDateTime;
use rusqlite::{Connection, Transaction, params};
use std::collections::HashMap;

/// The batch kind of a POS sales import.
pub const KIND: &str = "sales";

/// The batch row of an import that begins now (its totals are written when it ends).
pub(super) fn start_batch(
    tx: &Transaction<'_>,
    file_name: &str,
    source: &str,
    mapping: &Mapping,
    now: NaiveDateTime,
) -> Result<i64, ImportError> {
    let mapping = serde_json::to_string(mapping).unwrap_or_default();
    Ok(batches::start(tx, KIND, file_name, source, &mapping, now)?)
}

/// Writes what the import added to its batch, with the file's hash, and its sales totals.
pub(super) fn finish_batch(
    tx: &Transaction<'_>,
    id: i64,
    r: &ImportReport,
    sha256: &str,
) -> Result<(), ImportError> {
    let counts = Counts {
        rows: r.rows,
        added: r.lines_new,
        duplicate: r.lines_duplicate,
        rejected: r.lines_rejected,
    };
    batches::finish(tx, id, &counts, sha256, r.rejects_file.as_deref())?;
    tx.execute(
        "INSERT INTO sales_batches(batch_id, receipts, refunds, date_from, date_to, gross_minor,
             discounts_minor, refunds_minor, net_minor, customers_identified, customers_matched,
             receipts_voided, voided_minor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        params![
            id,
            r.receipts as i64,
            r.refunds as i64,
            r.date_from,
            r.date_to,
            r.gross_minor,
            r.discounts_minor,
            r.refunds_minor,
            r.net_minor,
            r.customers_identified as i64,
            r.customers_matched as i64,
            r.receipts_voided as i64,
            r.voided_minor,
        ],
    )?;
    Ok(())
}

/// The report of each sales batch, by batch id, as its import gave it.
pub fn reports(conn: &Connection) -> rusqlite::Result<HashMap<i64, ImportReport>> {
    let mut out: HashMap<i64, ImportReport> = batches::list(conn)?
        .into_iter()
        .filter(|b| b.kind == KIND)
        .map(|b| {
            let report = ImportReport {
                batch_id: Some(b.id),
                source: b.source,
                rows: b.counts.rows,
                lines_new: b.counts.added,
                lines_duplicate: b.counts.duplicate,
                lines_rejected: b.counts.rejected,
                rejects_file: b.rejects_file,
                ..ImportReport::default()
            };
            (b.id, report)
        })
        .collect();
    let mut stmt = conn.prepare(
        "SELECT batch_id, receipts, refunds, date_from, date_to, gross_minor, discounts_minor,
                refunds_minor, net_minor, customers_identified, customers_matched,
                receipts_voided, voided_minor
         FROM sales_batches",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let Some(r) = out.get_mut(&row.get::<_, i64>(0)?) else {
            continue;
        };
        let count = |i: usize| row.get::<_, i64>(i).map(|v| v.max(0) as u64);
        (r.receipts, r.refunds) = (count(1)?, count(2)?);
        (r.date_from, r.date_to) = (row.get(3)?, row.get(4)?);
        (r.gross_minor, r.discounts_minor) = (row.get(5)?, row.get(6)?);
        (r.refunds_minor, r.net_minor) = (row.get(7)?, row.get(8)?);
        (r.customers_identified, r.customers_matched) = (count(9)?, count(10)?);
        (r.receipts_voided, r.voided_minor) = (count(11)?, row.get(12)?);
    }
    Ok(out)
}

/// Undoes batch `id` in one transaction: the lines it added go, and the receipts left empty —
/// except the lines of receipts a remaining import also brought (found again), which stay as
/// that import's — and the receipts it voided count again. Then its rejects file goes. Returns
/// how many lines went.
pub fn undo(conn: &mut Connection, id: i64) -> Result<u64, ImportError> {
    batches::undo(conn, id, |tx, _| remove_lines(tx, id))?.ok_or(ImportError::NoBatch(id))
}

/// The latest remaining import that brought line `l` (of batch `?1`) too, or 0: a line it found
/// again, or a line of a receipt it found again whole.
const HEIR: &str = "max(
    coalesce((SELECT max(s.batch_id) FROM sales_batch_lines s
              WHERE s.line_id = l.id AND s.batch_id != ?1), 0),
    coalesce((SELECT max(r.batch_id) FROM sales_batch_receipts r
              WHERE r.receipt_id = l.id >> 16 AND r.batch_id != ?1
                AND r.last_slot >= (l.id & 65535)), 0))";

/// Each line of batch `id` a remaining import brought too, with that import (`temp.heirs`).
fn find_heirs(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS heirs(line_id INTEGER PRIMARY KEY, heir INTEGER NOT NULL);
         DELETE FROM temp.heirs;",
    )?;
    conn.execute(
        &format!(
            "INSERT INTO temp.heirs SELECT line_id, heir FROM
                 (SELECT l.id AS line_id, {HEIR} AS heir FROM sale_lines l WHERE l.batch_id = ?1)
             WHERE heir > 0"
        ),
        [id],
    )?;
    Ok(())
}

/// The lines undoing batch `id` would remove, and those that would stay because a remaining
/// import also brought them.
pub fn undo_counts(conn: &Connection, id: i64) -> rusqlite::Result<(u64, u64)> {
    find_heirs(conn, id)?;
    let all: i64 = conn.query_row(
        "SELECT count(*) FROM sale_lines WHERE batch_id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let kept: i64 = conn.query_row("SELECT count(*) FROM temp.heirs", [], |r| r.get(0))?;
    conn.execute_batch("DELETE FROM temp.heirs")?;
    Ok(((all - kept).max(0) as u64, kept.max(0) as u64))
}

fn remove_lines(tx: &Transaction<'_>, id: i64) -> Result<u64, ImportError> {
    // Lines a remaining import brought too pass to it (the latest of them), and its batch counts
    // them as its own from now on.
    find_heirs(tx, id)?;
    let mut adopted: Vec<(i64, i64)> = Vec::new();
    {
        let mut stmt = tx.prepare("SELECT heir, count(*) FROM temp.heirs GROUP BY heir")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            adopted.push(row?);
        }
    }
    if !adopted.is_empty() {
        tx.execute_batch(
            "UPDATE sale_lines SET batch_id = h.heir FROM temp.heirs h WHERE sale_lines.id = h.line_id;",
        )?;
        for (heir, lines) in adopted {
            batches::adopt(tx, heir, lines.max(0) as u64)?;
        }
    }
    tx.execute_batch("DELETE FROM temp.heirs")?;
    // The receipts whose lines change, their line hashes recomputed after.
    tx.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS undone(receipt_id INTEGER PRIMARY KEY); DELETE FROM temp.undone;",
    )?;
    tx.execute(
        "INSERT OR IGNORE INTO temp.undone SELECT id >> 16 FROM sale_lines WHERE batch_id = ?1",
        [id],
    )?;
    let removed = tx.execute("DELETE FROM sale_lines WHERE batch_id = ?1", [id])?;
    tx.execute_batch(
        "UPDATE receipts SET raw_mark = 0, lines_hash =
             (SELECT coalesce(sum(line_key >> 16), 0) FROM sale_lines
              WHERE id BETWEEN receipts.id << 16 AND (receipts.id << 16) + 65535)
         WHERE id IN (SELECT receipt_id FROM temp.undone);
         -- Receipts left without lines go too, whichever import first brought them.
         DELETE FROM receipts WHERE id IN (SELECT receipt_id FROM temp.undone)
             AND NOT EXISTS (SELECT 1 FROM sale_lines
                             WHERE id BETWEEN receipts.id << 16 AND (receipts.id << 16) + 65535);
         -- A receipt that went takes the other imports' records of finding it again.
         DELETE FROM sales_batch_receipts WHERE receipt_id IN (SELECT receipt_id FROM temp.undone)
             AND receipt_id NOT IN (SELECT id FROM receipts);
         DELETE FROM temp.undone;",
    )?;
    // Its own records of lines found again (the lines it found stay with their imports).
    tx.execute("DELETE FROM sales_batch_lines WHERE batch_id = ?1", [id])?;
    tx.execute("DELETE FROM sales_batch_receipts WHERE batch_id = ?1", [id])?;
    tx.execute("DELETE FROM sales_batches WHERE batch_id = ?1", [id])?;
    // The receipts it voided count again; a receipt that went takes its void.
    super::voids::undo(tx, id)?;
    // A customer left with no receipt and no member was only this import's: they go too.
    identities::remove_unused(
        tx,
        "SELECT identity_id FROM receipts WHERE identity_id IS NOT NULL",
    )?;
    super::rollups::rebuild(tx)?;
    Ok(removed as u64)
}
