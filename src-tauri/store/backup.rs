//! Copies of the data file and putting one back.
//!
//! A copy is made with SQLite's online backup (consistent while the app or the CLI writes),
//! written through `dest::write_with` (a unique temporary name, synced, renamed) and passes
//! `quick_check` or is discarded. Automatic copies (`auto-…`) are taken by the window after the
//! owner's changes and once a day; `prune` keeps 7 daily, 4 weekly and 3 monthly ones, the
//! newest pre-upgrade and pre-restore copies, and nothing older than three months, so that a
//! person forgotten lives on in no copy for longer (forget relies on it).
//!
//! Restore never opens the current file: it validates the chosen copy, sets the current files
//! aside untouched (with their `-wal` and `-shm`), and puts the copy in place by a rename — so
//! it works when the current file is damaged, not ours or newer than the app.

use super::dest::{self, sync_dir};
use super::file::{StoreError, check_file, migrate};
use super::migrations::{LATEST_VERSION, MIGRATIONS};
use crate::settings::datadir::{DataDir, with_side_files};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rusqlite::{Connection, MAIN_DB, OpenFlags};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Automatic copies kept: the newest of each of this many days, ISO weeks and months.
const KEEP_DAYS: usize = 7;
const KEEP_WEEKS: usize = 4;
const KEEP_MONTHS: usize = 3;
/// No copy in `backups/` is older than this many days.
pub const MAX_AGE_DAYS: i64 = 92;
/// Automatic copies after changes come at most this often.
pub const MIN_GAP_MINUTES: i64 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BackupKind {
    /// Taken by the app after changes and once a day.
    Auto,
    PreUpgrade,
    PreRestore,
    /// Made by the owner into `backups/` (or older copies the app no longer names).
    Manual,
}

/// A copy in the `backups/` folder, as the Settings screen lists it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupFile {
    pub path: String,
    pub file_name: String,
    pub kind: BackupKind,
    /// When it was made, by its name (or the file's time when the name says none or a future).
    pub made_at: Option<NaiveDateTime>,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

/// What a restore did.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Restored {
    pub from: String,
    /// Where the files it replaced were set aside (in `backups/`), if there were any.
    pub set_aside: Option<String>,
    /// What the restore did about the people forgotten in the file it replaced.
    pub kept: Kept,
}

/// What a restore did with the people forgotten in the file it replaced (`restore_file`'s
/// `keep`): the copy may be older than their forgetting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    /// The file replaced forgot nobody (or there was none).
    Nothing,
    /// Its tombstones were carried into the copy; this many of the people in the copy were of
    /// them, and were forgotten again.
    Forgotten(usize),
    /// It could not be read: who was forgotten after the copy was made is in it again.
    Unreadable,
}

impl Restored {
    /// What the restore did, in the owner's words.
    pub fn describe(&self, lang: crate::i18n::Lang) -> String {
        let kept = match self.kept {
            Kept::Nothing | Kept::Forgotten(0) => String::new(),
            Kept::Forgotten(n) => lang.pick(
                format!(" 备份中有 {n} 位你之后要求忘记的人，已再次删除。"),
                format!(
                    " The copy held {n} of the people you asked to forget since it was made: they are forgotten again."
                ),
            ),
            Kept::Unreadable => lang.pick(
                " 被替换的文件无法读取，所以在这份备份之后被忘记的人又回来了：请再次删除他们。".to_string(),
                " The file it replaced could not be read, so anyone forgotten after this copy was made is in it again: forget them again."
                    .to_string(),
            ),
        };
        let done = match &self.set_aside {
            Some(aside) => lang.pick(
                format!("已从 {} 恢复；被替换的文件原样保存在 {}", self.from, aside),
                format!(
                    "Restored from {}; the files it replaced are kept, unchanged, in {}",
                    self.from, aside
                ),
            ),
            None => lang.pick(
                format!("已从 {} 恢复。", self.from),
                format!("Restored from {}.", self.from),
            ),
        };
        format!("{done}{kept}")
    }
}

/// Writes a consistent copy of `conn`'s database to `dest` (replacing it), through a unique
/// temporary file beside it; a copy that fails `quick_check` is discarded. The caller has asked
/// `dest::allowed` first.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<(), StoreError> {
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| StoreError::io(parent, e))?;
    }
    dest::write_with(dest, |tmp| {
        copy_into(conn, tmp).map_err(std::io::Error::other)
    })
}

fn copy_into(conn: &Connection, tmp: &Path) -> Result<(), StoreError> {
    conn.backup(MAIN_DB, tmp, None)?;
    // A copy is one self-contained file: no -wal beside it.
    let copy = Connection::open(tmp)?;
    copy.pragma_update(None, "journal_mode", "DELETE")?;
    let verdict: String = copy.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(corrupt(tmp, verdict));
    }
    Ok(())
}

fn corrupt(path: &Path, verdict: String) -> StoreError {
    StoreError::Unreadable {
        path: path.to_path_buf(),
        source: rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT),
            Some(verdict),
        ),
    }
}

/// Makes an automatic copy of the shop in `dir` through a connection of its own (the caller's
/// may be busy), unless one was made less than `min_gap` ago; then prunes. Nothing is pruned when
/// the copy failed. Returns the copy made, if any.
pub fn auto_backup(
    dir: &DataDir,
    now: NaiveDateTime,
    min_gap: Duration,
) -> Result<Option<PathBuf>, StoreError> {
    let backups = dir.backups_dir();
    let newest = list_backups(&backups)?
        .into_iter()
        .filter(|b| b.kind == BackupKind::Auto)
        .filter_map(|b| b.made_at)
        .max();
    if newest.is_some_and(|t| t <= now && now - t < min_gap) {
        return Ok(None);
    }
    let dest = backups.join(format!("auto-{}.sqlite", now.format("%Y-%m-%d-%H%M%S")));
    if dest.exists() {
        return Ok(None);
    }
    let db = dir.db_path();
    let source =
        Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|source| {
            StoreError::Unreadable {
                path: db.clone(),
                source,
            }
        })?;
    // Never a copy of a file the shop would refuse: it would push the good copies out.
    check_file(&source, &db, LATEST_VERSION)?;
    source.busy_timeout(std::time::Duration::from_secs(5))?;
    backup_to(&source, &dest)?;
    // The copy is made; pruning is tidying, and what it could not remove it removes next time.
    prune(&backups, now, Some(&dest));
    Ok(Some(dest))
}

/// The copies in `backups_dir`, newest first.
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
        if !file_name.ends_with(".sqlite") || file_name.starts_with('.') {
            continue;
        }
        let kind = if file_name.starts_with("auto-") || file_name.starts_with("daily-") {
            BackupKind::Auto
        } else if file_name.starts_with("pre-upgrade-") {
            BackupKind::PreUpgrade
        } else if file_name.starts_with("pre-restore-") {
            BackupKind::PreRestore
        } else {
            BackupKind::Manual
        };
        let meta = entry.metadata().ok();
        let modified = meta
            .as_ref()
            .and_then(|m| m.modified().ok())
            .map(|t| chrono::DateTime::<chrono::Utc>::from(t).naive_utc());
        out.push(BackupFile {
            path: entry.path().to_string_lossy().into_owned(),
            made_at: dated(&file_name).or(modified),
            file_name,
            kind,
            size_bytes: meta.map_or(0, |m| m.len()),
        });
    }
    out.sort_by(|a, b| {
        b.made_at
            .cmp(&a.made_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    Ok(out)
}

/// The date and time a copy's name carries: `…-2026-12-02-091500.sqlite`,
/// `…-20261202-091500.sqlite` or `daily-2026-12-02.sqlite`.
fn dated(name: &str) -> Option<NaiveDateTime> {
    let stem = name.strip_suffix(".sqlite")?;
    let digits: String = stem.chars().filter(char::is_ascii_digit).collect();
    // pre-upgrade-vN-…: the version's digits come first.
    let digits = match stem.strip_prefix("pre-upgrade-v") {
        Some(rest) => {
            let version = rest.split('-').next()?;
            digits.get(version.len()..)?.to_string()
        }
        None => digits,
    };
    let day = NaiveDate::parse_from_str(digits.get(..8)?, "%Y%m%d").ok()?;
    let time = match digits.get(8..14) {
        Some(t) => chrono::NaiveTime::parse_from_str(t, "%H%M%S").ok()?,
        None => chrono::NaiveTime::MIN,
    };
    Some(day.and_time(time))
}

/// Keeps in `backups_dir` the newest automatic copy of each of the last 7 days, 4 ISO weeks and
/// 3 months that have one, the newest pre-upgrade and pre-restore copies, `made` (the copy just
/// written), and nothing older than `MAX_AGE_DAYS`. A copy is dated by its name, its file's time
/// and `now`, whichever is earliest: a clock that was ahead (or steps back) never makes a copy
/// look newer than now. A set-aside file's `-wal` and `-shm` go with it, and temporary files a
/// crash left behind go after an hour. A file that cannot be removed stays for the next time.
pub fn prune(backups_dir: &Path, now: NaiveDateTime, made: Option<&Path>) -> Vec<PathBuf> {
    let Ok(copies) = list_backups(backups_dir) else {
        return Vec::new();
    };
    let modified = |path: &str| -> Option<NaiveDateTime> {
        let m = std::fs::metadata(path).ok()?.modified().ok()?;
        Some(chrono::DateTime::<chrono::Utc>::from(m).naive_utc())
    };
    let when = |b: &BackupFile| -> NaiveDateTime {
        [dated(&b.file_name), modified(&b.path), Some(now)]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(now)
    };
    let mut dated_copies: Vec<(NaiveDateTime, &BackupFile)> =
        copies.iter().map(|b| (when(b), b)).collect();
    dated_copies.sort_by_key(|c| std::cmp::Reverse(c.0));
    let mut keep: HashSet<&str> = HashSet::new();
    if let Some(made) = made.and_then(|m| m.to_str()) {
        keep.insert(made);
    }
    let autos: Vec<&(NaiveDateTime, &BackupFile)> = dated_copies
        .iter()
        .filter(|(_, b)| b.kind == BackupKind::Auto)
        .collect();
    let mut newest_of = |key: &dyn Fn(NaiveDateTime) -> (i32, u32), n: usize| {
        let mut seen = Vec::new();
        for (t, b) in &autos {
            let k = key(*t);
            if !seen.contains(&k) {
                if seen.len() == n {
                    break;
                }
                seen.push(k);
                keep.insert(b.path.as_str());
            }
        }
    };
    newest_of(&|t| (t.year(), t.ordinal()), KEEP_DAYS);
    newest_of(&|t| (t.iso_week().year(), t.iso_week().week()), KEEP_WEEKS);
    newest_of(&|t| (t.year(), t.month()), KEEP_MONTHS);
    for kind in [BackupKind::PreUpgrade, BackupKind::PreRestore] {
        if let Some((_, b)) = dated_copies.iter().find(|(_, b)| b.kind == kind) {
            keep.insert(b.path.as_str());
        }
    }
    let oldest = now - Duration::days(MAX_AGE_DAYS);
    let mut removed = Vec::new();
    for (t, b) in &dated_copies {
        let managed = b.kind != BackupKind::Manual;
        let expired = *t < oldest && Some(Path::new(&b.path)) != made;
        if expired || (managed && !keep.contains(b.path.as_str())) {
            let gone = with_side_files(Path::new(&b.path))
                .iter()
                .all(|path| matches!(std::fs::remove_file(path), Ok(())) || !path.exists());
            if gone {
                removed.push(PathBuf::from(&b.path));
            }
        }
    }
    // What a killed copy left: `.name.….partial` files, an hour old.
    if let Ok(entries) = std::fs::read_dir(backups_dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stale = entry
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(3600));
            if name.starts_with('.') && name.ends_with(".partial") && stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    removed
}

/// A name in `folder` for a copy of `stem`: `stem.sqlite`, or `stem-2.sqlite`, … when that is
/// taken (two restores in one second must not share a set-aside copy).
fn unused_name(folder: &Path, stem: &str) -> PathBuf {
    let taken = |p: &Path| with_side_files(p).iter().any(|s| s.exists());
    let first = folder.join(format!("{stem}.sqlite"));
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|n| folder.join(format!("{stem}-{n}.sqlite")))
        .find(|p| !taken(p))
        .unwrap_or(first)
}

/// Puts the copy at `src` in place of the shop in `dir`, without opening the current file: the
/// copy is checked (a sound Regulars file no newer than this app), copied beside the data file
/// under a temporary name and synced; the current data file and its `-wal` and `-shm` are copied
/// byte for byte to `backups/pre-restore-….sqlite` (and its side files), the live side files are
/// removed and the copy renamed over the data file. A crash at any moment leaves the old data or
/// the new, whole. No connection to the shop may be open (the window closes its own first).
pub fn restore_file(
    dir: &DataDir,
    src: &Path,
    now: NaiveDateTime,
    keep: impl FnOnce(&mut Connection) -> rusqlite::Result<Kept>,
) -> Result<Restored, StoreError> {
    validate_backup(src)?;
    let db = dir.db_path();
    let folder = dir.root();
    std::fs::create_dir_all(folder).map_err(|e| StoreError::io(folder, e))?;
    let staged = tempfile::Builder::new()
        .prefix(".regulars-restore-")
        .suffix(".partial")
        .tempfile_in(folder)
        .map_err(|e| StoreError::io(folder, e))?;
    let kept = {
        let source = Connection::open_with_flags(src, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        copy_into(&source, staged.path())?;
        // The copy brought up to date and given what it must keep, still a single file.
        let mut copy = Connection::open(staged.path())?;
        copy.pragma_update(None, "foreign_keys", "ON")?;
        copy.pragma_update(None, "secure_delete", "ON")?;
        migrate(&mut copy, &MIGRATIONS)?;
        let kept = keep(&mut copy)?;
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        drop(copy);
        std::fs::File::open(staged.path())
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io(staged.path(), e))?;
        kept
    };
    let live = dir.live_files();
    let set_aside = if db.exists() {
        let backups = dir.backups_dir();
        std::fs::create_dir_all(&backups).map_err(|e| StoreError::io(&backups, e))?;
        let aside = unused_name(
            &backups,
            &format!("pre-restore-{}", now.format("%Y%m%d-%H%M%S")),
        );
        for (from, to) in live.iter().zip(with_side_files(&aside)) {
            if from.exists() {
                dest::write_with(&to, |tmp| std::fs::copy(from, tmp).map(|_| ()))?;
            }
        }
        Some(aside)
    } else {
        None
    };
    // The side files first: a -wal left beside the restored file would be replayed into it.
    // Should that or the rename fail, the set-aside side files go back: the old shop, whole.
    let put_back = || {
        if let Some(aside) = &set_aside {
            for (from, to) in with_side_files(aside).iter().zip(&live).skip(1) {
                if from.exists() {
                    let _ = std::fs::copy(from, to);
                }
            }
        }
    };
    for side in &live[1..] {
        match std::fs::remove_file(side) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                put_back();
                return Err(StoreError::io(side, e));
            }
            _ => {}
        }
    }
    sync_dir(folder);
    if let Err(e) = staged.persist(&db) {
        put_back();
        return Err(StoreError::io(&db, e.error));
    }
    sync_dir(folder);
    if let Some(aside) = &set_aside
        && let Some(backups) = aside.parent()
    {
        prune(backups, now, Some(aside));
    }
    Ok(Restored {
        from: src.display().to_string(),
        set_aside: set_aside.map(|p| p.display().to_string()),
        kept,
    })
}

/// Checks that `src` is a sound Regulars file this app can open, reading it only.
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
        return Err(corrupt(src, verdict));
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

    fn shop(tmp: &Path) -> (DataDir, Connection) {
        let dir = DataDir::new(tmp.join("shop"));
        let conn = open(&dir.db_path(), &dir.backups_dir(), at(1)).expect("open");
        conn.execute("INSERT INTO settings VALUES ('shop_name', '麦田')", [])
            .expect("row");
        (dir, conn)
    }

    fn names(backups: &Path) -> Vec<String> {
        let mut names: Vec<String> = list_backups(backups)
            .expect("list")
            .into_iter()
            .map(|b| b.file_name)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_copy_restores_without_opening_the_current_file_and_sets_it_aside_whole() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, conn) = shop(tmp.path());
        let copy = tmp.path().join("usb/copy.sqlite");
        backup_to(&conn, &copy).expect("backup");
        assert!(!copy.with_extension("sqlite-wal").exists());
        conn.execute("INSERT INTO settings VALUES ('currency', 'CNY')", [])
            .expect("row");
        assert_eq!(count(&conn), 2);
        // The live file is damaged while the window is closed: its header is garbage.
        drop(conn);
        let mut bytes = std::fs::read(dir.db_path()).expect("read");
        let damaged: Vec<u8> = b"not a database, not any more".to_vec();
        bytes[..damaged.len()].copy_from_slice(&damaged);
        std::fs::write(dir.db_path(), &bytes).expect("damage");
        assert!(open(&dir.db_path(), &dir.backups_dir(), at(2)).is_err());

        let done = restore_file(&dir, &copy, at(2), |_| Ok(Kept::Nothing)).expect("restore");
        let conn = open(&dir.db_path(), &dir.backups_dir(), at(2)).expect("opens");
        assert_eq!(count(&conn), 1, "the restored copy had one row");
        let aside = PathBuf::from(done.set_aside.expect("set aside"));
        assert_eq!(
            std::fs::read(&aside).expect("aside"),
            bytes,
            "byte for byte"
        );
        assert!(!dir.live_files()[1].exists() || count(&conn) == 1);
    }

    #[test]
    fn restore_refuses_files_that_are_not_sound_regulars_files_and_changes_nothing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, conn) = shop(tmp.path());
        drop(conn);
        let before = std::fs::read(dir.db_path()).expect("read");
        let garbage = tmp.path().join("garbage.sqlite");
        std::fs::write(&garbage, b"not sqlite at all").expect("write");
        let foreign = tmp.path().join("foreign.sqlite");
        Connection::open(&foreign)
            .and_then(|c| c.execute_batch("CREATE TABLE t(x);"))
            .expect("foreign");
        let newer = tmp.path().join("newer.sqlite");
        {
            let c = open(&newer, &tmp.path().join("b"), at(1)).expect("newer");
            c.pragma_update(None, "user_version", 999).expect("bump");
        }
        for (file, want) in [
            (garbage, "unreadable"),
            (foreign, "not ours"),
            (newer, "newer"),
            (tmp.path().join("missing.sqlite"), "missing"),
        ] {
            let err = restore_file(&dir, &file, at(2), |_| Ok(Kept::Nothing)).expect_err(want);
            assert!(
                matches!(
                    (&err, want),
                    (StoreError::Unreadable { .. }, "unreadable")
                        | (StoreError::NotRegulars { .. }, "not ours")
                        | (StoreError::NewerThanApp { .. }, "newer")
                        | (StoreError::Io { .. }, "missing")
                ),
                "{want}: {err}"
            );
        }
        assert!(names(&dir.backups_dir()).is_empty(), "nothing set aside");
        assert_eq!(std::fs::read(dir.db_path()).expect("read"), before);
        let left: Vec<_> = std::fs::read_dir(dir.root())
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".partial"))
            .collect();
        assert_eq!(left, Vec::<String>::new(), "no staged copy left");
    }

    #[test]
    fn automatic_copies_come_at_most_hourly_and_seven_days_four_weeks_three_months_stay() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, _conn) = shop(tmp.path());
        let start = at(1);
        let gap = Duration::minutes(MIN_GAP_MINUTES);
        assert!(auto_backup(&dir, start, gap).expect("first").is_some());
        assert!(
            auto_backup(&dir, start + Duration::minutes(30), gap)
                .expect("soon")
                .is_none()
        );
        assert!(
            auto_backup(&dir, start + Duration::minutes(61), gap)
                .expect("later")
                .is_some()
        );
        // One copy a day for 120 days.
        for day in 1..120 {
            auto_backup(&dir, start + Duration::days(day), gap).expect("daily");
        }
        let now = start + Duration::days(119);
        let kept: Vec<NaiveDateTime> = list_backups(&dir.backups_dir())
            .expect("list")
            .into_iter()
            .filter_map(|b| b.made_at)
            .collect();
        assert!(
            kept.len() <= KEEP_DAYS + KEEP_WEEKS + KEEP_MONTHS,
            "{kept:?}"
        );
        assert!(kept.len() >= KEEP_DAYS + 2, "{kept:?}");
        assert!(
            kept.iter()
                .all(|t| now - *t <= Duration::days(MAX_AGE_DAYS))
        );
        let days: HashSet<NaiveDate> = kept.iter().map(|t| t.date()).collect();
        for back in 0..7 {
            assert!(
                days.contains(&(now.date() - Duration::days(back))),
                "day -{back}"
            );
        }
    }

    #[test]
    fn a_clock_a_year_ahead_does_not_make_new_copies_vanish() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, _conn) = shop(tmp.path());
        let gap = Duration::minutes(MIN_GAP_MINUTES);
        // A week with the clock a year ahead: seven copies named a year from now.
        let ahead = at(1) + Duration::days(365);
        for day in 0..7 {
            auto_backup(&dir, ahead + Duration::days(day), gap).expect("ahead");
        }
        // The clock is right again: today's copy is made and kept, and so are the ones made
        // in the skewed week (their files are from today).
        let made = auto_backup(&dir, at(9), gap)
            .expect("today")
            .expect("made despite the newer names");
        assert!(made.exists());
        assert!(names(&dir.backups_dir()).len() >= 2);
        assert!(names(&dir.backups_dir()).contains(&"auto-2026-03-09-080000.sqlite".into()));
    }

    #[test]
    fn after_three_months_and_a_day_no_copy_is_older_than_that() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, conn) = shop(tmp.path());
        let backups = dir.backups_dir();
        for name in [
            "pre-upgrade-v6-20260301-080000.sqlite",
            "pre-restore-20260301-080000.sqlite",
            "auto-2026-03-01-080000.sqlite",
            "daily-2026-03-01.sqlite",
        ] {
            backup_to(&conn, &backups.join(name)).expect("copy");
        }
        let later = at(1) + Duration::days(MAX_AGE_DAYS + 1);
        auto_backup(&dir, later, Duration::minutes(MIN_GAP_MINUTES)).expect("auto");
        assert_eq!(
            names(&backups),
            ["auto-2026-06-02-080000.sqlite"],
            "only the new copy"
        );
    }

    #[test]
    fn the_copy_just_made_survives_a_clock_that_stepped_back() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, conn) = shop(tmp.path());
        let backups = dir.backups_dir();
        // Copies named (and timed) a day ahead, as a clock that was fast leaves them.
        let ahead = at(10) + Duration::days(1);
        for hour in 0..3 {
            let name = format!(
                "auto-{}.sqlite",
                (ahead + Duration::hours(hour)).format("%Y-%m-%d-%H%M%S")
            );
            backup_to(&conn, &backups.join(&name)).expect("copy");
            let file = std::fs::File::options()
                .write(true)
                .open(backups.join(&name))
                .expect("open");
            let future = std::time::SystemTime::now() + std::time::Duration::from_secs(86_400);
            file.set_modified(future).expect("mtime");
        }
        let made = auto_backup(&dir, at(10), Duration::minutes(MIN_GAP_MINUTES))
            .expect("auto")
            .expect("made");
        assert!(made.exists(), "the new copy is kept");
    }

    #[test]
    fn two_restores_in_one_second_keep_both_set_aside_copies() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, conn) = shop(tmp.path());
        let copy = tmp.path().join("copy.sqlite");
        backup_to(&conn, &copy).expect("copy");
        drop(conn);
        let first = restore_file(&dir, &copy, at(3), |_| Ok(Kept::Nothing)).expect("first");
        let second = restore_file(&dir, &copy, at(3), |_| Ok(Kept::Nothing)).expect("second");
        assert_ne!(first.set_aside, second.set_aside);
        for aside in [first.set_aside, second.set_aside] {
            assert!(PathBuf::from(aside.expect("aside")).exists());
        }
    }

    #[test]
    fn a_file_the_shop_would_refuse_is_never_copied() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let (dir, conn) = shop(tmp.path());
        let gap = Duration::minutes(MIN_GAP_MINUTES);
        auto_backup(&dir, at(2), gap).expect("a good copy");
        conn.pragma_update(None, "user_version", 999)
            .expect("newer");
        drop(conn);
        assert!(matches!(
            auto_backup(&dir, at(3), gap),
            Err(StoreError::NewerThanApp { .. })
        ));
        assert_eq!(names(&dir.backups_dir()), ["auto-2026-03-02-080000.sqlite"]);
    }
}
