//! Where a shop lives on disk: one folder with the SQLite file and its
//! `backups/`. The owner's shop and the demo shop are two such folders, the
//! demo's inside the owner's, so the two never share a file.

use std::path::{Path, PathBuf};

/// The app's identifier, as in `tauri.conf.json`; also the folder name in the OS data dir.
pub const APP_ID: &str = "app.regulars.desktop";
const DB_FILE: &str = "regulars.sqlite";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }

    /// `--data-dir`/`REGULARS_DATA_DIR` when given, else the OS data dir
    /// (`$XDG_DATA_HOME/app.regulars.desktop` on Linux, the same folder Tauri
    /// calls `app_data_dir`).
    pub fn resolve(explicit: Option<PathBuf>) -> DataDir {
        let root = explicit.unwrap_or_else(|| {
            dirs::data_dir()
                .unwrap_or_else(|| PathBuf::from("."))
                .join(APP_ID)
        });
        DataDir::new(root)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn db_path(&self) -> PathBuf {
        self.root.join(DB_FILE)
    }

    pub fn backups_dir(&self) -> PathBuf {
        self.root.join("backups")
    }

    /// Rows an import skipped, as CSV files the owner can open and fix.
    pub fn rejects_dir(&self) -> PathBuf {
        self.root.join("rejects")
    }

    /// The demo shop's own folder.
    pub fn demo(&self) -> DataDir {
        DataDir::new(self.root.join("demo"))
    }

    /// The data file and its WAL side files (`-wal`, `-shm`): what no save may write over.
    pub fn live_files(&self) -> [PathBuf; 3] {
        with_side_files(&self.db_path())
    }

    /// Removes this folder's data file (with its WAL side files). Only the
    /// demo shop, which is regenerated at will, is ever reset.
    pub(crate) fn remove_db(&self) -> std::io::Result<()> {
        for path in self.live_files() {
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
}

/// An SQLite file and the `-wal` and `-shm` SQLite keeps beside it, in that order.
pub fn with_side_files(path: &Path) -> [PathBuf; 3] {
    let side = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    [side(""), side("-wal"), side("-shm")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_lives_in_its_own_folder() {
        let owner = DataDir::new("/tmp/shop");
        assert_eq!(owner.db_path(), PathBuf::from("/tmp/shop/regulars.sqlite"));
        assert_eq!(
            owner.demo().db_path(),
            PathBuf::from("/tmp/shop/demo/regulars.sqlite")
        );
        assert_ne!(owner.db_path(), owner.demo().db_path());
        assert_eq!(owner.backups_dir(), PathBuf::from("/tmp/shop/backups"));
    }

    #[test]
    fn an_explicit_dir_wins_over_the_os_default() {
        assert_eq!(DataDir::resolve(Some("/x".into())).root(), Path::new("/x"));
        assert!(DataDir::resolve(None).root().ends_with(APP_ID));
    }
}
