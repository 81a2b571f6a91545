//! Import batches, of every kind: the provenance of each import (its kind, file, hash, mapping,
//! how many rows it added, found already there or refused, its rejects file) as the imports
//! screen lists it, and the frame of undo, which removes one batch in one transaction while the
//! batch's own domain removes exactly what it added. Each domain keeps its totals apart
//! (`sales_batches`); a record a batch brought names it (`sale_lines.batch_id`,
//! `members.batch_id`).

use super::{FileError, rejects};
use crate::privacy::{Column, Kind, column};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::Path;
use std::time::{Duration, SystemTime};
use ts_rs::TS;

/// How long a rejects file is kept: long enough to fix the rows and import them again.
pub const REJECTS_KEPT_DAYS: u64 = 30;

/// The file's SHA-256, as its batch records it (provenance).
pub fn sha256_of(path: &Path) -> Result<String, FileError> {
    let mut file = std::fs::File::open(path).map_err(|e| FileError::at(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf).map_err(|e| FileError::at(path, e))?;
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

/// What an import did with the rows of its file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
pub struct Counts {
    pub rows: u64,
    pub added: u64,
    /// Rows whose record the store already had (a file imported again adds nothing twice).
    pub duplicate: u64,
    pub rejected: u64,
}

/// The batch row of an import of `kind` that begins `now` (its counts are written when it ends).
pub fn start(
    tx: &Transaction<'_>,
    kind: &str,
    file_name: &str,
    source: &str,
    mapping_json: &str,
    now: NaiveDateTime,
) -> rusqlite::Result<i64> {
    tx.execute(
        "INSERT INTO import_batches(kind, file_name, sha256, imported_at, source, mapping, rows,
             added, duplicate, rejected)
         VALUES (?1, ?2, '', ?3, ?4, ?5, 0, 0, 0, 0)",
        params![
            kind,
            file_name,
            now.format("%Y-%m-%d %H:%M:%S").to_string(),
            source,
            mapping_json
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Writes what the import did to its batch row, with the file's hash and its rejects file.
pub fn finish(
    tx: &Transaction<'_>,
    id: i64,
    counts: &Counts,
    sha256: &str,
    rejects_file: Option<&str>,
) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE import_batches SET rows = ?2, added = ?3, duplicate = ?4, rejected = ?5,
             sha256 = ?6, rejects_file = ?7
         WHERE id = ?1",
        params![
            id,
            counts.rows as i64,
            counts.added as i64,
            counts.duplicate as i64,
            counts.rejected as i64,
            sha256,
            rejects_file
        ],
    )?;
    Ok(())
}

/// Batch `id` now holds `rows` records another batch added and it found again (that one was
/// undone): they count as added by it, no longer as duplicates.
pub fn adopt(tx: &Transaction<'_>, id: i64, rows: u64) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE import_batches SET added = added + ?2, duplicate = max(duplicate - ?2, 0)
         WHERE id = ?1",
        params![id, rows as i64],
    )?;
    Ok(())
}

/// An import as the imports screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Batch {
    #[ts(type = "number")]
    pub id: i64,
    /// The kind of import: `sales`, or a table import's schema (`members`).
    pub kind: String,
    pub file_name: String,
    pub sha256: String,
    pub imported_at: String,
    /// The POS preset or `custom` of a sales import; the table import's schema otherwise.
    pub source: String,
    pub counts: Counts,
    pub rejects_file: Option<String>,
}

const SELECT: &str = "SELECT id, kind, file_name, sha256, imported_at, source, rows, added,
    duplicate, rejected, rejects_file FROM import_batches";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Batch> {
    let count = |i: usize| r.get::<_, i64>(i).map(|v| v.max(0) as u64);
    Ok(Batch {
        id: r.get(0)?,
        kind: r.get(1)?,
        file_name: r.get(2)?,
        sha256: r.get(3)?,
        imported_at: r.get(4)?,
        source: r.get(5)?,
        counts: Counts {
            rows: count(6)?,
            added: count(7)?,
            duplicate: count(8)?,
            rejected: count(9)?,
        },
        rejects_file: r.get(10)?,
    })
}

/// Every batch, the latest first.
pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Batch>> {
    let mut stmt = conn.prepare(&format!("{SELECT} ORDER BY id DESC"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

/// The source and mapping (as stored, JSON) of every import of `kind`: what each read its file
/// as.
pub fn mappings(conn: &Connection, kind: &str) -> rusqlite::Result<Vec<(i64, String, String)>> {
    let mut stmt =
        conn.prepare("SELECT id, source, mapping FROM import_batches WHERE kind = ?1")?;
    let rows = stmt.query_map([kind], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<Batch>> {
    conn.query_row(&format!("{SELECT} WHERE id = ?1"), [id], from_row)
        .optional()
}

/// Undoes batch `id` in one transaction: `remove` takes away what it added (its domain knows
/// what that is), then its row goes, then — once committed — its rejects file, which holds rows
/// of the file it undid. `None` when there is no such batch.
pub fn undo<T, E: From<rusqlite::Error>>(
    conn: &mut Connection,
    id: i64,
    remove: impl FnOnce(&Transaction<'_>, &Batch) -> Result<T, E>,
) -> Result<Option<T>, E> {
    let tx = conn.transaction()?;
    let Some(batch) = get(&tx, id)? else {
        return Ok(None);
    };
    let removed = remove(&tx, &batch)?;
    tx.execute("DELETE FROM import_batches WHERE id = ?1", [id])?;
    tx.commit()?;
    if let Some(path) = batch.rejects_file {
        rejects::remove(Path::new(&path));
    }
    Ok(Some(removed))
}

/// Deletes the rejects files older than `REJECTS_KEPT_DAYS` as of `now` (their batches keep
/// their counts and lose the file's name), and the partial ones a crash left in `dir`. Run when
/// the shop opens.
pub fn expire_rejects(conn: &Connection, dir: &Path, now: SystemTime) -> rusqlite::Result<usize> {
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
            rejects::remove(path);
            conn.execute(
                "UPDATE import_batches SET rejects_file = NULL WHERE id = ?1",
                [id],
            )?;
            removed += 1;
        }
    }
    removed += rejects::remove_partials(dir, old);
    Ok(removed)
}

/// Nothing personal in a batch (the rows it brought are declared by their own tables' owners;
/// its rejects file expires, see [`expire_rejects`]).
pub const COLUMNS: &[Column] = &[
    column("import_batches", "kind", Kind::NotPersonal),
    column("import_batches", "file_name", Kind::NotPersonal),
    column("import_batches", "sha256", Kind::NotPersonal),
    column("import_batches", "imported_at", Kind::NotPersonal),
    column("import_batches", "source", Kind::NotPersonal),
    column("import_batches", "mapping", Kind::NotPersonal),
    column("import_batches", "rejects_file", Kind::NotPersonal),
];
