//! Copies of the data file: on demand, daily, before an upgrade and before a
//! restore. Every copy is made with SQLite's online backup, so it is
//! consistent even while the app or the CLI is writing.

use super::file::{StoreError, check_file, migrate};
use super::migrations::{LATEST_VERSION, MIGRATIONS};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// How many daily copies are kept in `backups/`.
pub const DAILY_KEEP: usize = 7;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BackupKind {
    Daily,
    PreUpgrade,
    PreRestore,
    Manual,
}

/// A copy in the `backups/` folder, as the Settings screen lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    pub kind: BackupKind,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// Writes a consistent copy of `conn`'s database to `dest` (replacing it),
/// through a temporary file beside it so a failed copy never leaves half a file.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<(), StoreError> {
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
    }
    let tmp = dest.with_extension("partial");
    let result = (|| {
        if tmp.exists() {
            std::fs::remove_file(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
        }
        conn.backup(MAIN_DB, &tmp, None)?;
        // A backup is one self-contained file: no -wal beside it.
        let copy = Connection::open(&tmp)?;
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        drop(copy);
        std::fs::rename(&tmp, dest).map_err(|e| StoreError::io(dest, e))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Makes today's automatic copy if there is none yet, and keeps only the
/// newest `DAILY_KEEP` of them. Returns the copy made, if any.
pub fn daily_backup(
    conn: &Connection,
    backups_dir: &Path,
    today: NaiveDate,
) -> Result<Option<PathBuf>, StoreError> {
    let dest = backups_dir.join(format!("daily-{}.sqlite", today.format("%Y-%m-%d")));
    if dest.exists() {
        return Ok(None);
    }
    backup_to(conn, &dest)?;
    let mut daily: Vec<BackupFile> = list_backups(backups_dir)?
        .into_iter()
        .filter(|b| b.kind == BackupKind::Daily)
        .collect();
    // Names carry ISO dates, so name order is date order.
    daily.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    for old in daily.iter().skip(DAILY_KEEP) {
        std::fs::remove_file(&old.path).map_err(|e| StoreError::io(Path::new(&old.path), e))?;
    }
    Ok(Some(dest))
}

/// The copies in `backups_dir`, newest name first.
pub fn list_backups(backups_dir: &Path) -> Result<Vec<BackupFile>, StoreError> {
    let entries = match std::fs::read_dir(backups_dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(backups_dir, e)),
    };
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| StoreError::io(backups_dir, e))?;
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !file_name.ends_with(".sqlite") {
            continue;
        }
        let kind = if file_name.starts_with("daily-") {
            BackupKind::Daily
        } else if file_name.starts_with("pre-upgrade-") {
            BackupKind::PreUpgrade
        } else if file_name.starts_with("pre-restore-") {
            BackupKind::PreRestore
        } else {
            BackupKind::Manual
        };
        let size_bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
        out.push(BackupFile {
            path: entry.path().to_string_lossy().into_owned(),
            file_name,
            kind,
            size_bytes,
        });
    }
    out.sort_by(|a, b| b.file_name.cmp(&a.file_name));
    Ok(out)
}

/// Replaces the contents of `conn`'s database with the file at `src`, after
/// checking that `src` is a sound Regulars file no newer than this app and
/// copying the current data to `backups_dir/pre-restore-….sqlite`. The
/// connection stays open and sees the restored data (migrated if older).
pub fn restore_from(
    conn: &mut Connection,
    src: &Path,
    backups_dir: &Path,
    now: NaiveDateTime,
) -> Result<PathBuf, StoreError> {
    validate_backup(src)?;
    let aside = backups_dir.join(format!(
        "pre-restore-{}.sqlite",
        now.format("%Y%m%d-%H%M%S")
    ));
    backup_to(conn, &aside)?;
    conn.restore(MAIN_DB, src, None::<fn(rusqlite::backup::Progress)>)?;
    migrate(conn, &MIGRATIONS)?;
    Ok(aside)
}

fn validate_backup(src: &Path) -> Result<(), StoreError> {
    let unreadable = |source| StoreError::Unreadable {
        path: src.to_path_buf(),
        source,
    };
    if !src.is_file() {
        return Err(StoreError::io(
            src,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
        ));
    }
    let conn =
        Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(unreadable)?;
    let version = check_file(&conn, src, LATEST_VERSION)?;
    if version == 0 {
        return Err(StoreError::NotRegulars {
            path: src.to_path_buf(),
        });
    }
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(unreadable)?;
    if verdict != "ok" {
        return Err(StoreError::Unreadable {
            path: src.to_path_buf(),
            source: rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
                Some(verdict),
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open;

    fn at(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, day)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("valid")
    }

    fn count(conn: &Connection) -> i64 {
        conn.query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .expect("count")
    }

    #[test]
    fn backup_then_restore_round_trips_and_keeps_the_current_data_aside() {
        let dir = tempfile::tempdir().expect("tempdir");
        let backups = dir.path().join("backups");
        let mut conn = open(&dir.path().join("shop.sqlite"), &backups, at(1)).expect("open");
        conn.execute("INSERT INTO settings VALUES ('shop_name', '麦田')", [])
            .expect("row");
        let copy = dir.path().join("usb/copy.sqlite");
        backup_to(&conn, &copy).expect("backup");
        assert!(!copy.with_extension("sqlite-wal").exists());

        conn.execute("INSERT INTO settings VALUES ('currency', 'CNY')", [])
            .expect("row");
        assert_eq!(count(&conn), 2);
        let aside = restore_from(&mut conn, &copy, &backups, at(2)).expect("restore");
        assert_eq!(count(&conn), 1, "the restored copy had one row");
        let kept = Connection::open(aside).expect("aside");
        assert_eq!(count(&kept), 2, "what was there before is kept aside");
    }

    #[test]
    fn restore_refuses_files_that_are_not_sound_regulars_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let backups = dir.path().join("backups");
        let mut conn = open(&dir.path().join("shop.sqlite"), &backups, at(1)).expect("open");
        let garbage = dir.path().join("garbage.sqlite");
        std::fs::write(&garbage, b"not sqlite at all").expect("write");
        let foreign = dir.path().join("foreign.sqlite");
        Connection::open(&foreign)
            .and_then(|c| c.execute_batch("CREATE TABLE t(x);"))
            .expect("foreign");
        for (file, want) in [
            (garbage, "unreadable"),
            (foreign, "not ours"),
            (dir.path().join("missing.sqlite"), "missing"),
        ] {
            let err = restore_from(&mut conn, &file, &backups, at(2)).expect_err(want);
            assert!(
                matches!(
                    (&err, want),
                    (StoreError::Unreadable { .. }, "unreadable")
                        | (StoreError::NotRegulars { .. }, "not ours")
                        | (StoreError::Io { .. }, "missing")
                ),
                "{want}: {err}"
            );
        }
        assert!(
            list_backups(&backups).expect("list").is_empty(),
            "nothing set aside"
        );
    }

    #[test]
    fn daily_backups_are_made_once_a_day_and_only_seven_are_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let backups = dir.path().join("backups");
        let conn = open(&dir.path().join("shop.sqlite"), &backups, at(1)).expect("open");
        for day in 1..=10 {
            let made = daily_backup(&conn, &backups, at(day).date()).expect("daily");
            assert!(made.is_some());
            assert!(
                daily_backup(&conn, &backups, at(day).date())
                    .expect("again")
                    .is_none()
            );
        }
        let names: Vec<String> = list_backups(&backups)
            .expect("list")
            .into_iter()
            .map(|b| b.file_name)
            .collect();
        assert_eq!(names.len(), DAILY_KEEP);
        assert_eq!(
            names.first().map(String::as_str),
            Some("daily-2026-03-10.sqlite")
        );
        assert_eq!(
            names.last().map(String::as_str),
            Some("daily-2026-03-04.sqlite")
        );
    }
}
