//! What makes a file a Regulars file and keeps it one: its application id, the checks a file
//! passes before anything writes to it, the pragmas of every connection, bringing the schema up
//! to date, and the store's error. Below `mod.rs` (opening) and `backup.rs` (copies), which both
//! use it.

use crate::i18n::{ErrorCode, Lang, UserError};
use rusqlite::Connection;
use rusqlite_migration::Migrations;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// `PRAGMA application_id` of every Regulars file ("RGLR"), so that restore
/// and open can tell our files from any other SQLite database.
pub const APPLICATION_ID: i32 = 0x5247_4c52;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(
        "the data file {path} was written by a newer version of Regulars (schema {found}, this app knows {known})"
    )]
    NewerThanApp {
        path: PathBuf,
        found: usize,
        known: usize,
    },
    #[error("{path} is not a Regulars data file")]
    NotRegulars { path: PathBuf },
    #[error("cannot read the data file {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("file error on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} has a -wal or -shm beside it: it is in use")]
    DestinationInUse { path: PathBuf },
    #[error("the disk holding {folder} is full")]
    DiskFull { folder: PathBuf },
    #[error("{path} is the shop's own file or folder; a save may not write there")]
    ProtectedDestination { path: PathBuf },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
}

impl StoreError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// `self`, or `DiskFull` when the folder of the file it is about has no room left: SQLite
    /// reports a disk that cannot hold its `-shm` as an I/O error, which would read as damage.
    pub(crate) fn or_disk_full(self, folder: &Path) -> Self {
        if matches!(self, StoreError::Unreadable { .. } | StoreError::Sqlite(_))
            && disk_is_full(folder)
        {
            StoreError::DiskFull {
                folder: folder.to_path_buf(),
            }
        } else {
            self
        }
    }
}

/// Whether `folder` cannot take 64 KiB more (a probe file, removed at once).
fn disk_is_full(folder: &Path) -> bool {
    use std::io::Write;
    let Ok(mut probe) = tempfile::Builder::new()
        .prefix(".regulars-space-")
        .tempfile_in(folder)
    else {
        return false;
    };
    let written = probe
        .write_all(&[0u8; 64 << 10])
        .and_then(|()| probe.as_file().sync_all());
    matches!(written, Err(e) if e.kind() == std::io::ErrorKind::StorageFull)
}

impl UserError for StoreError {
    fn code(&self) -> ErrorCode {
        match self {
            StoreError::NewerThanApp { .. } => ErrorCode::DbNewerThanApp,
            StoreError::NotRegulars { .. } => ErrorCode::NotARegularsFile,
            StoreError::Unreadable { .. } => ErrorCode::Unreadable,
            StoreError::Io { .. } => ErrorCode::Io,
            StoreError::ProtectedDestination { .. } => ErrorCode::ProtectedDestination,
            StoreError::DiskFull { .. } => ErrorCode::Io,
            StoreError::DestinationInUse { .. } => ErrorCode::ProtectedDestination,
            StoreError::Sqlite(_) | StoreError::Migration(_) => ErrorCode::Internal,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            StoreError::NewerThanApp { path, .. } => lang.pick(
                format!("数据文件 {} 由更新版本的熟客写入。请安装最新版本后再打开；文件未被改动。", path.display()),
                format!("The data file {} was written by a newer version of Regulars. Install the latest version to open it; the file was not changed.", path.display()),
            ),
            StoreError::NotRegulars { path } => lang.pick(
                format!("{} 不是熟客的数据文件，未做任何改动。", path.display()),
                format!("{} is not a Regulars data file. Nothing was changed.", path.display()),
            ),
            StoreError::Unreadable { path, source } => lang.pick(
                format!("无法读取数据文件 {}（{source}）。文件保持原样，可从 backups 文件夹恢复备份。", path.display()),
                format!("Cannot read the data file {} ({source}). It was left as it is; you can restore a copy from the backups folder.", path.display()),
            ),
            StoreError::Io { path, source } => lang.pick(
                format!("读写 {} 时出错：{source}", path.display()),
                format!("Could not read or write {}: {source}", path.display()),
            ),
            StoreError::DestinationInUse { path } => lang.pick(
                format!("不能保存到 {}：另一个程序正在使用它（旁边有它的 -wal 或 -shm 文件）。请换一个文件名；什么都没有写入。", path.display()),
                format!("Cannot save to {}: another program has it open (its -wal or -shm file is beside it). Choose another name; nothing was written.", path.display()),
            ),
            StoreError::DiskFull { folder } => lang.pick(
                format!("存放 {} 的磁盘已满：腾出一些空间之前，熟客无法打开或修改店铺。什么都没有改动。", folder.display()),
                format!("The disk holding {} is full: Regulars cannot open or change the shop until some space is freed. Nothing was changed.", folder.display()),
            ),
            StoreError::ProtectedDestination { path } => lang.pick(
                format!("不能保存到 {}：那是熟客自己的数据文件或文件夹。请选择别的位置，例如“文稿”或 U 盘；什么都没有写入。", path.display()),
                format!("Cannot save to {}: it is Regulars' own data file or folder. Choose another place, such as Documents or a USB stick; nothing was written.", path.display()),
            ),
            StoreError::Sqlite(e) => lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}")),
            StoreError::Migration(e) => lang.pick(
                format!("升级数据文件失败：{e}。文件已在升级前备份。"),
                format!("Upgrading the data file failed: {e}. A copy was saved before the upgrade."),
            ),
        }
    }
}

/// Per-connection settings: WAL so the CLI can read while the app runs,
/// a busy timeout instead of instant "database is locked", foreign keys,
/// and secure_delete so "forget this person" leaves no readable residue.
pub(super) fn apply_pragmas(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

/// What the header of an existing file says, read without changing it.
struct Header {
    application_id: i32,
    user_version: usize,
    has_tables: bool,
}

fn read_header(conn: &Connection) -> rusqlite::Result<Header> {
    let application_id = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let user_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let has_tables = conn.query_row("SELECT count(*) > 0 FROM sqlite_master", [], |r| r.get(0))?;
    Ok(Header {
        application_id,
        user_version: usize::try_from(user_version).unwrap_or(usize::MAX),
        has_tables,
    })
}

/// Checks that the file at `path` is a Regulars file this app can open,
/// without writing to it. Returns its schema version (0 for a new file).
pub(crate) fn check_file(
    conn: &Connection,
    path: &Path,
    latest: usize,
) -> Result<usize, StoreError> {
    let header = read_header(conn).map_err(|source| StoreError::Unreadable {
        path: path.to_path_buf(),
        source,
    })?;
    let ours = header.application_id == APPLICATION_ID;
    if !ours && (header.application_id != 0 || header.has_tables || header.user_version != 0) {
        return Err(StoreError::NotRegulars {
            path: path.to_path_buf(),
        });
    }
    if header.user_version > latest {
        return Err(StoreError::NewerThanApp {
            path: path.to_path_buf(),
            found: header.user_version,
            known: latest,
        });
    }
    Ok(header.user_version)
}

/// Brings the schema up to date. Writes nothing when it already is, so a
/// CLI read never waits for the app's write lock.
pub(super) fn migrate(
    conn: &mut Connection,
    migrations: &Migrations<'_>,
) -> Result<(), StoreError> {
    if migrations.pending_migrations(conn)? > 0 {
        // A step that rebuilds a table drops the old one: with foreign keys on, that drop would
        // delete (or unlink) every row that names it. They are off while the schema moves, and
        // such a step checks them before it commits (`M::foreign_key_check`).
        conn.pragma_update(None, "foreign_keys", "OFF")?;
        let moved = migrations.to_latest(conn);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        moved?;
    }
    let id: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if id != APPLICATION_ID {
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    }
    Ok(())
}
