//! Import batches: the provenance of every import (file, hash, mapping, what it added) as the
//! imports screen lists it, and undo, which removes exactly what one batch added.

use super::layout::Mapping;
use super::lines::{ImportError, ImportReport};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};
use ts_rs::TS;

/// The file's SHA-256, as its batch records it (provenance).
pub(super) fn sha256_of(path: &Path, name: &str) -> Result<String, ImportError> {
    let mut file = std::fs::File::open(path).map_err(|e| ImportError::Io(name.to_string(), e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file
            .read(&mut buf)
            .map_err(|e| ImportError::Io(name.to_string(), e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The batch row of an import that begins now (its totals are written when it ends).
pub(super) fn start_batch(
    tx: &Transaction<'_>,
    file_name: &str,
    source: &str,
    mapping: &Mapping,
    now: NaiveDateTime,
) -> Result<i64, ImportError> {
    tx.execute(
        "INSERT INTO import_batches(file_name, sha256, imported_at, source, mapping, rows, lines_new,
             lines_duplicate, lines_rejected, receipts, refunds, gross_minor, discounts_minor, refunds_minor,
             net_minor, customers_identified, customers_matched)
         VALUES (?1, '', ?2, ?3, ?4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)",
        params![
            file_name,
            now.format("%Y-%m-%d %H:%M:%S").to_string(),
            source,
            serde_json::to_string(mapping).unwrap_or_default(),
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Writes what the import added to its batch row, with the file's hash.
pub(super) fn finish_batch(
    tx: &Transaction<'_>,
    id: i64,
    r: &ImportReport,
    sha256: &str,
) -> Result<(), ImportError> {
    tx.execute(
        "UPDATE import_batches SET rows = ?2, lines_new = ?3, lines_duplicate = ?4, lines_rejected = ?5,
             receipts = ?6, refunds = ?7, date_from = ?8, date_to = ?9, gross_minor = ?10,
             discounts_minor = ?11, refunds_minor = ?12, net_minor = ?13, customers_identified = ?14,
             customers_matched = ?15, rejects_file = ?16, sha256 = ?17
         WHERE id = ?1",
        params![
            id,
            r.rows as i64,
            r.lines_new as i64,
            r.lines_duplicate as i64,
            r.lines_rejected as i64,
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
            r.rejects_file,
            sha256,
        ],
    )?;
    Ok(())
}

/// An import as the imports screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Batch {
    #[ts(type = "number")]
    pub id: i64,
    pub file_name: String,
    pub sha256: String,
    pub imported_at: String,
    pub source: String,
    pub report: ImportReport,
}

pub fn list_batches(conn: &Connection) -> Result<Vec<Batch>, ImportError> {
    let mut stmt = conn.prepare(
        "SELECT id, file_name, sha256, imported_at, source, rows, lines_new, lines_duplicate, lines_rejected,
                receipts, refunds, date_from, date_to, gross_minor, discounts_minor, refunds_minor, net_minor,
                customers_identified, customers_matched, rejects_file
         FROM import_batches ORDER BY id DESC",
    )?;
    let rows = stmt.query_map([], |r| {
        let count = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
        Ok(Batch {
            id: r.get(0)?,
            file_name: r.get(1)?,
            sha256: r.get(2)?,
            imported_at: r.get(3)?,
            source: r.get(4)?,
            report: ImportReport {
                batch_id: Some(r.get(0)?),
                source: r.get(4)?,
                rows: count(5)?,
                lines_new: count(6)?,
                lines_duplicate: count(7)?,
                lines_rejected: count(8)?,
                lines_void: 0,
                receipts: count(9)?,
                refunds: count(10)?,
                date_from: r.get(11)?,
                date_to: r.get(12)?,
                gross_minor: r.get(13)?,
                discounts_minor: r.get(14)?,
                refunds_minor: r.get(15)?,
                net_minor: r.get(16)?,
                customers_identified: count(17)?,
                customers_matched: count(18)?,
                rejects_file: r.get(19)?,
            },
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Removes exactly the lines batch `id` added (and the receipts left empty), in one transaction;
/// then its rejects file, which holds rows of the file it undid (customers' phones among them).
pub fn undo(conn: &mut Connection, id: i64) -> Result<u64, ImportError> {
    let tx = conn.transaction()?;
    let batch: Option<Option<String>> = tx
        .query_row(
            "SELECT rejects_file FROM import_batches WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(rejects_file) = batch else {
        return Err(ImportError::NoBatch(id));
    };
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
         DELETE FROM temp.undone;",
    )?;
    tx.execute("DELETE FROM import_batches WHERE id = ?1", [id])?;
    super::rollups::rebuild(&tx)?;
    tx.commit()?;
    if let Some(path) = rejects_file {
        super::rejects::remove(Path::new(&path));
    }
    Ok(removed as u64)
}

/// Deletes the rejects files older than `REJECTS_KEPT_DAYS` as of `now` (their batches keep
/// their counts and lose the file's name), and the partial ones a crash left. Run when the
/// shop opens.
pub fn expire_rejects(
    conn: &Connection,
    dir: &Path,
    now: SystemTime,
) -> Result<usize, ImportError> {
    let kept = Duration::from_secs(REJECTS_KEPT_DAYS * 24 * 3600);
    let old = |path: &Path| {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(|t| now.duration_since(t).unwrap_or_default() > kept)
            .unwrap_or(true)
    };
    let mut stmt =
        conn.prepare("SELECT id, rejects_file FROM import_batches WHERE rejects_file IS NOT NULL")?;
    let files: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut removed = 0;
    for (id, file) in files {
        let path = Path::new(&file);
        if old(path) {
            super::rejects::remove(path);
            conn.execute(
                "UPDATE import_batches SET rejects_file = NULL WHERE id = ?1",
                [id],
            )?;
            removed += 1;
        }
    }
    removed += super::rejects::remove_partials(dir, old);
    Ok(removed)
}

/// How long a rejects file is kept: long enough to fix the rows and import them again.
pub const REJECTS_KEPT_DAYS: u64 = 30;
