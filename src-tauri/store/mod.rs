//! The shop's one SQLite file: opening it safely, its schema, its copies, and every file a save
//! writes.
//!
//! Open → pragmas → check → back up → migrate happens in `open`, and nowhere
//! else. A file that fails any check is refused and left exactly as it was. Every save (a
//! review, a chart, a copy) goes through `save_document` or `save_copy`: `dest::allowed` decides
//! whether the destination may be written, and the bytes land through a temporary file and a
//! rename.

mod backup;
pub mod bulk;
mod dest;
mod file;
mod migrations;

pub use backup::{
    BackupFile, BackupKind, Kept, MIN_GAP_MINUTES, Restored, auto_backup, list_backups,
    restore_file,
};
pub use dest::{Save, allowed, write_with};
pub use file::{APPLICATION_ID, StoreError};
pub use migrations::{LATEST_VERSION, MIGRATIONS};

use crate::settings::datadir::{DataDir, with_side_files};
use backup::backup_to;
use chrono::NaiveDateTime;
use file::{apply_pragmas, check_file, migrate};
use rusqlite::{Connection, OpenFlags, Params, Row};
use rusqlite_migration::Migrations;
use std::path::Path;

/// Saves a document for the owner (a review, a chart) at `dest`, unless it is the shop's own
/// file or folder: whole, or not at all.
pub fn save_document(dir: &DataDir, dest: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    dest::allowed(dir, dest, Save::Document)?;
    dest::write_new(dest, bytes)
}

/// Saves a consistent copy of the shop open on `conn` at `dest` (anywhere a document may go, or a
/// new file in `backups/`), checked with `quick_check`.
pub fn save_copy(dir: &DataDir, conn: &Connection, dest: &Path) -> Result<(), StoreError> {
    dest::allowed(dir, dest, Save::Copy)?;
    backup_to(conn, dest)
}

/// Opens (creating if needed) the data file at `path` and brings its schema up
/// to date. An existing file at an older schema is copied into `backups_dir`
/// before it is migrated; a file that is not ours, is unreadable or is newer
/// than this app is refused untouched.
pub fn open(path: &Path, backups_dir: &Path, now: NaiveDateTime) -> Result<Connection, StoreError> {
    open_with(path, backups_dir, now, &MIGRATIONS)
}

pub(crate) fn open_with(
    path: &Path,
    backups_dir: &Path,
    now: NaiveDateTime,
    migrations: &Migrations<'_>,
) -> Result<Connection, StoreError> {
    let folder = path.parent().unwrap_or(Path::new("."));
    open_checked(path, backups_dir, now, migrations).map_err(|e| e.or_disk_full(folder))
}

fn open_checked(
    path: &Path,
    backups_dir: &Path,
    now: NaiveDateTime,
    migrations: &Migrations<'_>,
) -> Result<Connection, StoreError> {
    let latest = migrations_len(migrations)?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
    }
    let existed = path.exists();
    if existed {
        // Read the header through a read-only handle first: nothing below may
        // change a file we are going to refuse.
        let probe = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(
            |source| StoreError::Unreadable {
                path: path.to_path_buf(),
                source,
            },
        )?;
        let version = check_file(&probe, path, latest)?;
        drop(probe);
        let mut conn = Connection::open(path)?;
        apply_pragmas(&conn).map_err(|source| StoreError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?;
        if version > 0 && version < latest {
            let name = format!(
                "pre-upgrade-v{version}-{}.sqlite",
                now.format("%Y%m%d-%H%M%S")
            );
            backup_to(&conn, &backups_dir.join(name))?;
        }
        migrate(&mut conn, migrations)?;
        Ok(conn)
    } else {
        let mut conn = Connection::open(path)?;
        apply_pragmas(&conn)?;
        migrate(&mut conn, migrations)?;
        Ok(conn)
    }
}

/// Whether the folder `dir` (and the data file in it, if any) can be written: a probe file is
/// made and removed. A folder that does not exist yet counts as writable (opening creates it).
pub fn is_writable(dir: &Path, db: &Path) -> bool {
    if !dir.exists() {
        return true;
    }
    let folder = tempfile::Builder::new()
        .prefix(".regulars-probe-")
        .tempfile_in(dir)
        .is_ok();
    let file = !db.exists() || std::fs::OpenOptions::new().append(true).open(db).is_ok();
    folder && file
}

/// A read-only shop: its connection, and the temporary copy it reads when the file could not be
/// read in place (kept until the connection is dropped).
pub struct ReadOnly {
    pub conn: Connection,
    pub copy: Option<tempfile::TempDir>,
}

/// Opens the data file at `path` in a folder that cannot be written, for reading only: in place
/// (`mode=ro`, immutable: the medium cannot change) when that shows all of it, or else (a
/// non-empty `-wal` that cannot be replayed there, an older schema that cannot be upgraded there)
/// from a temporary copy brought up to date. Either way every write is refused
/// (`query_only`), and the file is never changed.
pub fn open_read_only(path: &Path) -> Result<ReadOnly, StoreError> {
    let unreadable = |source| StoreError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let probe =
        Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(unreadable)?;
    let version = check_file(&probe, path, LATEST_VERSION)?;
    drop(probe);
    let [_, wal, _] = with_side_files(path);
    let pending = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    if !pending && version == LATEST_VERSION {
        let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(uri, flags).map_err(unreadable)?;
        conn.pragma_update(None, "query_only", "ON")?;
        return Ok(ReadOnly { conn, copy: None });
    }
    let copy = tempfile::Builder::new()
        .prefix("regulars-read-only-")
        .tempdir()
        .map_err(|e| StoreError::io(path, e))?;
    let db = copy.path().join("regulars.sqlite");
    std::fs::copy(path, &db).map_err(|e| StoreError::io(path, e))?;
    if pending {
        let [_, to, _] = with_side_files(&db);
        std::fs::copy(&wal, to).map_err(|e| StoreError::io(&wal, e))?;
    }
    let mut conn = Connection::open(&db)?;
    apply_pragmas(&conn)?;
    migrate(&mut conn, &MIGRATIONS)?;
    conn.pragma_update(None, "query_only", "ON")?;
    Ok(ReadOnly {
        conn,
        copy: Some(copy),
    })
}

/// `path` as the path of an SQLite URI filename: `%`, `?` and `#` escaped (a folder named
/// "Café #2" must not end the path at its `#`).
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// Runs `sql` and hands each row to `f` as it comes, collecting nothing: how a table's owner
/// offers a set-wise read that another room folds into its own structures. The statement is
/// kept prepared on the connection (the window's lives as long as the shop is open), so `sql`
/// is a fixed text, never one with values spliced in.
pub fn each_row(
    conn: &Connection,
    sql: &str,
    params: impl Params,
    mut f: impl FnMut(&Row<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query(params)?;
    while let Some(r) = rows.next()? {
        f(r)?;
    }
    Ok(())
}

/// An in-memory store with the real schema, for tests and dry runs.
pub fn open_in_memory() -> Result<Connection, StoreError> {
    let mut conn = Connection::open_in_memory()?;
    apply_pragmas(&conn)?;
    migrate(&mut conn, &MIGRATIONS)?;
    Ok(conn)
}

fn migrations_len(migrations: &Migrations<'_>) -> Result<usize, StoreError> {
    // Everything is pending on an empty database: that is the list's length.
    let pending = migrations.pending_migrations(&Connection::open_in_memory()?)?;
    Ok(usize::try_from(pending).unwrap_or(0))
}

/// The schema as SQL, in a stable order: what the snapshot test compares.
pub fn schema_sql(conn: &Connection) -> Result<String, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut out = String::new();
    for row in rows {
        out.push_str(&row?);
        out.push_str(";\n");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, UserError};
    use chrono::NaiveDate;
    use rusqlite_migration::M;

    fn now() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 9)
            .and_then(|d| d.and_hms_opt(9, 30, 0))
            .expect("valid date")
    }

    /// A read-only shop in a folder whose name holds URI characters opens in place.
    #[test]
    fn a_read_only_open_takes_any_folder_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("Café #2 ?50% off");
        let path = folder.join("shop.sqlite");
        {
            let conn = open(&path, &folder.join("backups"), now()).expect("open");
            conn.execute("INSERT INTO settings VALUES ('shop_name', 'x')", [])
                .expect("row");
            conn.pragma_update(None, "wal_checkpoint", "TRUNCATE")
                .expect("checkpoint");
        }
        let read = open_read_only(&path).expect("read only");
        assert!(read.copy.is_none(), "in place: nothing pending");
        let n: i64 = read
            .conn
            .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 1);
        assert!(
            read.conn
                .execute("INSERT INTO settings VALUES ('currency', 'CNY')", [])
                .is_err(),
            "writes are refused"
        );
    }

    #[test]
    fn migrations_are_valid() {
        MIGRATIONS.validate().expect("valid migrations");
    }

    #[test]
    fn schema_snapshot() {
        let conn = open_in_memory().expect("open");
        insta::assert_snapshot!(schema_sql(&conn).expect("schema"));
    }

    #[test]
    fn latest_version_constant_matches_the_list() {
        assert_eq!(migrations_len(&MIGRATIONS).expect("count"), LATEST_VERSION);
    }

    #[test]
    fn a_new_file_is_created_migrated_and_marked_as_ours() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shop.sqlite");
        let conn = open(&path, &dir.path().join("backups"), now()).expect("open");
        let id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .expect("id");
        assert_eq!(id, APPLICATION_ID);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .expect("mode");
        assert_eq!(mode, "wal");
        let fk: i64 = conn
            .pragma_query_value(None, "foreign_keys", |r| r.get(0))
            .expect("fk");
        assert_eq!(fk, 1);
        assert!(
            !dir.path().join("backups").exists(),
            "no backup of a new file"
        );
    }

    fn file_bytes(path: &Path) -> Vec<u8> {
        std::fs::read(path).expect("read")
    }

    #[test]
    fn a_file_newer_than_the_app_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shop.sqlite");
        {
            let conn = open(&path, dir.path(), now()).expect("open");
            conn.pragma_update(None, "user_version", 99).expect("bump");
            conn.pragma_update(None, "journal_mode", "DELETE")
                .expect("no wal");
        }
        let before = file_bytes(&path);
        let err = open(&path, dir.path(), now()).expect_err("refused");
        assert!(
            matches!(err, StoreError::NewerThanApp { found: 99, .. }),
            "{err}"
        );
        assert!(err.message(Lang::En).contains("newer version"));
        assert!(err.message(Lang::Zh).contains("更新版本"));
        assert_eq!(file_bytes(&path), before);
    }

    #[test]
    fn a_foreign_sqlite_file_is_refused_untouched() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("other.sqlite");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
                .expect("create");
        }
        let before = file_bytes(&path);
        let err = open(&path, dir.path(), now()).expect_err("refused");
        assert!(matches!(err, StoreError::NotRegulars { .. }), "{err}");
        assert_eq!(file_bytes(&path), before);
    }

    #[test]
    fn a_garbage_file_is_refused_and_never_deleted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shop.sqlite");
        let garbage = b"this is not a database, but the owner may still want it back".repeat(100);
        std::fs::write(&path, &garbage).expect("write");
        let err = open(&path, dir.path(), now()).expect_err("refused");
        assert!(matches!(err, StoreError::Unreadable { .. }), "{err}");
        assert_eq!(file_bytes(&path), garbage);
    }

    /// Step 8 renamed members named after their own phone, in any punctuation, as nameless
    /// customers' members were then named, in the shop's language; step 10 makes them nameless
    /// (shown as "顾客 138****5678"). Other names stay; the table's rebuild keeps every member's
    /// tags and customers, and the AUTOINCREMENT mark above a forgotten member's id.
    #[test]
    fn steps_8_and_10_make_members_named_after_their_phone_nameless() {
        let names = |language: &str| {
            let mut conn = Connection::open_in_memory().expect("db");
            conn.pragma_update(None, "foreign_keys", "ON").expect("fk");
            MIGRATIONS.to_version(&mut conn, 7).expect("v7");
            conn.execute("INSERT INTO settings VALUES ('language', ?1)", [language])
                .expect("language");
            conn.execute_batch(
                "INSERT INTO members(id, name, phone, joined_on, source) VALUES
                     (1, '13812345678', '+8613812345678', '2026-01-05', 'other'),
                     (2, '+86 139-1234-0001', '+8613912340001', '2026-01-05', 'other'),
                     (3, '王小麦', '+8613712345678', '2026-01-05', 'other'),
                     (4, '13612345678', NULL, '2026-01-05', 'other'),
                     (5, '1234567', '+8613512349999', '2026-01-05', 'other'),
                     (6, 'Forgotten', NULL, '2026-01-05', 'other');
                 DELETE FROM members WHERE id = 6;
                 INSERT INTO member_tags VALUES (1, 'regular'), (3, '烘焙爱好者');
                 INSERT INTO identities(id, kind, value, member_id)
                     VALUES (10, 'phone', '+8613812345678', 1), (11, 'pos_id', 'C-7', 3);",
            )
            .expect("v7 rows");
            let read = |conn: &Connection| {
                let mut stmt = conn
                    .prepare("SELECT name FROM members ORDER BY id")
                    .expect("q");
                stmt.query_map([], |r| r.get::<_, Option<String>>(0))
                    .expect("rows")
                    .collect::<Result<Vec<_>, _>>()
                    .expect("names")
            };
            MIGRATIONS.to_version(&mut conn, 8).expect("v8");
            let at_8 = read(&conn);
            migrate(&mut conn, &MIGRATIONS).expect("latest");
            let kept: (i64, i64, i64) = conn
                .query_row(
                    "SELECT (SELECT count(*) FROM member_tags),
                            (SELECT count(*) FROM identities WHERE member_id IS NOT NULL),
                            (SELECT seq FROM sqlite_sequence WHERE name = 'members')",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .expect("kept");
            assert_eq!(
                kept,
                (2, 2, 6),
                "tags, links and the id mark survive the rebuild"
            );
            let on: bool = conn
                .pragma_query_value(None, "foreign_keys", |r| r.get(0))
                .expect("fk");
            assert!(on, "foreign keys are on again after the schema moved");
            (at_8, read(&conn))
        };
        let some = |names: &[&str]| {
            names
                .iter()
                .map(|n| Some(n.to_string()))
                .collect::<Vec<_>>()
        };
        let (at_8, latest) = names("zh-CN");
        assert_eq!(
            at_8,
            some(&[
                "顾客 ·5678",
                "顾客 ·0001",
                "王小麦",
                "13612345678",
                "1234567"
            ])
        );
        let mut nameless = vec![None, None];
        nameless.extend(some(&["王小麦", "13612345678", "1234567"]));
        assert_eq!(latest, nameless);
        let (at_8, latest) = names("en");
        assert_eq!(at_8[..2], some(&["Customer ·5678", "Customer ·0001"]));
        assert_eq!(latest[..2], [None, None]);
    }

    /// Step 6 on a file with a sales import: the batch keeps its counts under their new names and
    /// is of kind `sales`, its totals move to `sales_batches`; members gain no batch.
    #[test]
    fn step_6_splits_a_sales_batch_into_the_batch_and_its_totals() {
        let mut conn = Connection::open_in_memory().expect("db");
        MIGRATIONS.to_version(&mut conn, 5).expect("v5");
        conn.execute_batch(
            "INSERT INTO import_batches(id, file_name, sha256, imported_at, source, mapping, rows, lines_new,
                 lines_duplicate, lines_rejected, receipts, refunds, date_from, date_to, gross_minor,
                 discounts_minor, refunds_minor, net_minor, customers_identified, customers_matched)
                 VALUES (7, 'a.csv', 'x', '2026-03-09 09:00:00', 'square', '{}', 9, 5, 3, 1, 2, 1,
                         '2026-03-02', '2026-03-08', 5000, 200, 300, 4500, 2, 1);
             INSERT INTO members(id, name, joined_on, source) VALUES (1, 'Anna', '2026-01-05', 'other');",
        )
        .expect("v5 rows");
        MIGRATIONS.to_latest(&mut conn).expect("v6");
        let batch: (String, i64, i64, i64, i64) = conn
            .query_row(
                "SELECT kind, rows, added, duplicate, rejected FROM import_batches WHERE id = 7",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )
            .expect("batch");
        assert_eq!(batch, ("sales".to_string(), 9, 5, 3, 1));
        let totals: (i64, Option<String>, i64, i64) = conn
            .query_row(
                "SELECT receipts, date_to, net_minor, customers_matched FROM sales_batches WHERE batch_id = 7",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("totals");
        assert_eq!(totals, (2, Some("2026-03-08".into()), 4500, 1));
        let member: (Option<i64>, i64) = conn
            .query_row("SELECT batch_id, edits FROM members", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("member");
        assert_eq!(member, (None, 0));
    }

    /// Step 3 on a file that already holds imported sales (as session 1's v2 wrote them): every
    /// line kept, on its receipt's id range, days as numbers, items shared, and the rollups built.
    #[test]
    fn step_3_keeps_imported_sales_and_builds_their_rollups() {
        let mut conn = Connection::open_in_memory().expect("db");
        MIGRATIONS.to_version(&mut conn, 2).expect("v2");
        conn.execute_batch(
            "INSERT INTO import_batches(id, file_name, sha256, imported_at, source, mapping, rows, lines_new,
                 lines_duplicate, lines_rejected, receipts, refunds, gross_minor, discounts_minor, refunds_minor,
                 net_minor, customers_identified, customers_matched)
                 VALUES (1, 'a.csv', 'x', '2026-03-09 09:00:00', 'custom', '{}', 4, 4, 0, 0, 2, 1, 0, 0, 0, 0, 1, 0);
             INSERT INTO identities(id, kind, value) VALUES (1, 'phone', '+8613812345678');
             INSERT INTO receipts(id, source, pos_id, day, time, identity_id, batch_id) VALUES
                 (1, 'custom', 'A1', '2026-03-02', '09:15:00', 1, 1),
                 (2, 'custom', 'B1', '2026-03-03', NULL, NULL, 1);
             INSERT INTO sale_lines(id, receipt_id, batch_id, line_key, kind, day, item, category, qty_milli,
                 gross_minor, discount_minor, net_minor, tax_minor) VALUES
                 (1, 1, 1, -9000000000000000000, 'sale', '2026-03-02', '可颂', '面包', 2000, 2400, 0, 2400, 0),
                 (2, 1, 1, 8000000000000000000, 'sale', '2026-03-02', '拿铁', NULL, 1000, 2600, 260, 2340, 0),
                 (3, 2, 1, 12345, 'sale', '2026-03-03', '可颂', '面包', 1000, 1200, 0, 1200, 0),
                 (4, 1, 1, 67890, 'refund', '2026-03-05', '拿铁', NULL, -1000, 0, 0, -2340, 0);",
        )
        .expect("v2 rows");
        MIGRATIONS.to_latest(&mut conn).expect("v3");
        let lines: Vec<(i64, i64, i64, Option<i64>)> = conn
            .prepare("SELECT id, id >> 16, day, item_id FROM sale_lines ORDER BY id")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(lines.len(), 4, "every line kept");
        assert_eq!(
            lines.iter().map(|l| (l.0, l.2)).collect::<Vec<_>>(),
            [
                (1 << 16, 20260302),
                ((1 << 16) + 1, 20260302),
                ((1 << 16) + 2, 20260305),
                (2 << 16, 20260303)
            ]
        );
        let items: i64 = conn
            .query_row("SELECT count(*) FROM items", [], |r| r.get(0))
            .expect("items");
        assert_eq!(items, 2, "可颂/面包 once, 拿铁 once");
        let (day, time, hash): (i64, Option<i64>, i64) = conn
            .query_row(
                "SELECT day, time, lines_hash FROM receipts WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .expect("receipt");
        assert_eq!((day, time), (20260302, Some(9 * 3600 + 15 * 60)));
        let keys: [i64; 3] = [-9_000_000_000_000_000_000, 8_000_000_000_000_000_000, 67890];
        assert_eq!(hash, keys.iter().map(|k| k >> 16).sum::<i64>());
        let day_sums: Vec<(i64, i64, i64, i64, i64)> = conn
            .prepare("SELECT day, gross_minor, discounts_minor, refunds_minor, receipts FROM sales_by_day ORDER BY day")
            .expect("prepare")
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .expect("query")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        assert_eq!(
            day_sums,
            [
                (20260302, 5000, 260, 0, 1),
                (20260303, 1200, 0, 0, 1),
                (20260305, 0, 0, 2340, 0)
            ]
        );
        let (net, refunds): (i64, i64) = conn
            .query_row(
                "SELECT sum(net_minor), sum(refunds_minor) FROM sales_by_customer_day WHERE identity_id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("customer");
        assert_eq!((net, refunds), (4740, 2340));
        // Step 5: the customer's totals over all days.
        let totals: (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT receipts, net_minor, refunds_minor, last_day FROM sales_by_customer WHERE identity_id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .expect("totals");
        assert_eq!(totals, (1, 4740, 2340, 20260302));
        // What the steps built (step 3 as frozen SQL, step 5 from step 3's rollup) equals what
        // today's rebuild makes of the same lines.
        let rollups = |conn: &Connection| -> Vec<Vec<i64>> {
            let mut out = Vec::new();
            for sql in [
                "SELECT * FROM sales_by_day ORDER BY 1",
                "SELECT * FROM sales_by_customer_day ORDER BY 1, 2, 3",
                "SELECT * FROM sales_by_customer ORDER BY 1",
            ] {
                let mut stmt = conn.prepare(sql).expect("prepare");
                let width = stmt.column_count();
                let rows = stmt
                    .query_map([], |r| (0..width).map(|i| r.get(i)).collect())
                    .expect("query")
                    .collect::<rusqlite::Result<Vec<Vec<i64>>>>()
                    .expect("rows");
                out.push(vec![rows.len() as i64]);
                out.extend(rows);
            }
            out
        };
        let migrated = rollups(&conn);
        crate::sales::rollups::rebuild(&conn).expect("rebuild");
        assert_eq!(migrated, rollups(&conn));
    }

    #[test]
    fn upgrading_an_old_file_backs_it_up_and_keeps_its_rows() {
        let v1 = [M::up(
            "CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT NOT NULL);",
        )];
        let v2 = [
            M::up("CREATE TABLE note(id INTEGER PRIMARY KEY, body TEXT NOT NULL);"),
            M::up("ALTER TABLE note ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;"),
        ];
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("shop.sqlite");
        let backups = dir.path().join("backups");
        {
            let conn = open_with(&path, &backups, now(), &Migrations::from_slice(&v1)).expect("v1");
            conn.execute("INSERT INTO note(body) VALUES ('烤箱周三检修')", [])
                .expect("row");
        }
        let conn = open_with(&path, &backups, now(), &Migrations::from_slice(&v2)).expect("v2");
        let (body, pinned): (String, i64) = conn
            .query_row("SELECT body, pinned FROM note", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .expect("row survived");
        assert_eq!((body.as_str(), pinned), ("烤箱周三检修", 0));
        let copies: Vec<_> = std::fs::read_dir(&backups).expect("backups").collect();
        assert_eq!(copies.len(), 1);
        let copy = Connection::open(copies[0].as_ref().expect("entry").path()).expect("copy");
        let v: i64 = copy
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(v, 1, "the backup is the file as it was before the upgrade");
    }
}
