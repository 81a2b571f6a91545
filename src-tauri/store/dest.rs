//! Where a save may write, and how: the one function that decides whether a destination is
//! allowed (`allowed`), and the one way every save writes a file (`write_new` / `write_with`):
//! through a temporary file of its own, unique, beside the destination, synced, then renamed
//! over it, so that a crash or a full disk leaves the old file or the new one, never half of one,
//! and nothing the save did not create is ever removed.
//!
//! A destination is refused when it *is* the live data file, its `-wal` or `-shm` (compared by
//! file identity: a symlink or a hard link to them is refused too, and so is another spelling of
//! the name on a case-insensitive file system), or when it lies in the app's own folder (the data
//! folder, its `backups/`, `rejects/` and the demo's folder), except for a new copy in
//! `backups/`. Later features (rules cards, exports) call the same function.

use super::file::StoreError;
use crate::settings::datadir::{DataDir, with_side_files};
use same_file::Handle;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the file written is, which decides where it may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Save {
    /// A document or export for the owner (a review, a chart): anywhere outside the app's folder.
    Document,
    /// A copy of the shop: anywhere a document may go, or a new file in `backups/`.
    Copy,
}

/// Whether `dest` may be written by a save of kind `what`, for the shop in `dir`.
pub fn allowed(dir: &DataDir, dest: &Path, what: Save) -> Result<(), StoreError> {
    let refuse = || StoreError::ProtectedDestination {
        path: dest.to_path_buf(),
    };
    // Relative to the working folder, which may be the data folder itself.
    let dest = &std::path::absolute(dest).map_err(|e| StoreError::io(dest, e))?;
    let name = dest.file_name().ok_or_else(refuse)?;
    if name.is_empty() || dest.is_dir() {
        return Err(refuse());
    }
    // The live files of the owner's shop and of the demo, by identity.
    if let Ok(target) = Handle::from_path(dest) {
        for shop in [dir.clone(), dir.demo()] {
            for live in shop.live_files() {
                if Handle::from_path(&live).is_ok_and(|h| h == target) {
                    return Err(refuse());
                }
            }
        }
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let Ok(root) = Handle::from_path(dir.root()) else {
        // No data folder yet: nothing of ours to protect.
        return Ok(());
    };
    let same = |a: &Path, b: &Path| {
        Handle::from_path(a)
            .ok()
            .zip(Handle::from_path(b).ok())
            .is_some_and(|(a, b)| a == b)
    };
    // `backups/` itself, or where it will be made (a shop that has no copy yet).
    let in_backups = same(&parent, &dir.backups_dir())
        || (!dir.backups_dir().exists()
            && parent.file_name() == dir.backups_dir().file_name()
            && parent.parent().is_some_and(|p| same(p, dir.root())));
    // A copy written beside a `-wal` or `-shm` of the same name would have them replayed into
    // it when opened: that file is another program's, in use.
    if what == Save::Copy {
        for side in &with_side_files(dest)[1..] {
            if side.exists() {
                return Err(StoreError::DestinationInUse {
                    path: dest.to_path_buf(),
                });
            }
        }
    }
    if in_backups && what == Save::Copy && !dest.exists() {
        return Ok(());
    }
    // The folder, or the nearest of its ancestors that exists (a save may create the rest),
    // with every symlink resolved.
    let existing = parent.ancestors().find_map(|a| a.canonicalize().ok());
    if existing.is_some_and(|p| {
        p.ancestors()
            .any(|a| Handle::from_path(a).is_ok_and(|h| h == root))
    }) {
        return Err(refuse());
    }
    Ok(())
}

/// Writes `bytes` to `dest` whole: a unique temporary file beside it, synced, renamed over it.
pub fn write_new(dest: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_with(dest, |tmp| {
        let mut file = std::fs::OpenOptions::new().write(true).open(tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })
}

/// Fills a unique temporary file beside `dest` with `fill` (given its path; it exists, empty),
/// syncs it and renames it over `dest`. On any failure the temporary file is removed and `dest`
/// is as it was.
pub fn write_with(
    dest: &Path,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<(), StoreError> {
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".partial")
        .tempfile_in(parent)
        .map_err(|e| StoreError::io(parent, e))?;
    fill(tmp.path()).map_err(|e| StoreError::io(dest, e))?;
    std::fs::File::open(tmp.path())
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::io(dest, e))?;
    tmp.persist(dest)
        .map_err(|e| StoreError::io(dest, e.error))?;
    sync_dir(parent);
    Ok(())
}

/// Makes a rename in `dir` durable (a no-op where folders cannot be synced).
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shop() -> (tempfile::TempDir, DataDir, PathBuf) {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = DataDir::new(tmp.path().join("shop"));
        std::fs::create_dir_all(dir.backups_dir()).expect("backups");
        for live in dir.live_files() {
            std::fs::write(live, b"live").expect("live");
        }
        let outside = tmp.path().join("documents");
        std::fs::create_dir_all(&outside).expect("documents");
        (tmp, dir, outside)
    }

    fn refused(dir: &DataDir, dest: &Path, what: Save) -> bool {
        matches!(
            allowed(dir, dest, what),
            Err(StoreError::ProtectedDestination { .. })
        )
    }

    #[test]
    fn the_live_file_and_its_side_files_are_refused_by_any_name() {
        let (_tmp, dir, outside) = shop();
        for live in dir.live_files() {
            assert!(refused(&dir, &live, Save::Document), "{}", live.display());
            assert!(refused(&dir, &live, Save::Copy), "{}", live.display());
        }
        #[cfg(unix)]
        {
            let link = outside.join("review.html");
            std::os::unix::fs::symlink(dir.db_path(), &link).expect("symlink");
            assert!(refused(&dir, &link, Save::Document), "a symlink to it");
            let hard = outside.join("copy.sqlite");
            std::fs::hard_link(dir.db_path(), &hard).expect("hard link");
            assert!(refused(&dir, &hard, Save::Copy), "a hard link to it");
            let via = outside.join("via");
            std::os::unix::fs::symlink(dir.root(), &via).expect("symlink");
            assert!(refused(&dir, &via.join("new.html"), Save::Document));
        }
        // Another spelling of the name: on a case-insensitive file system it is the same file,
        // and it lies in the app's folder anyway.
        let upper = dir.root().join("REGULARS.SQLITE");
        assert!(refused(&dir, &upper, Save::Document));
    }

    #[test]
    fn the_apps_folders_are_refused_but_a_new_copy_in_backups() {
        let (_tmp, dir, outside) = shop();
        assert!(refused(
            &dir,
            &dir.root().join("review.html"),
            Save::Document
        ));
        assert!(refused(
            &dir,
            &dir.rejects_dir().join("x.csv"),
            Save::Document
        ));
        assert!(refused(&dir, &dir.demo().db_path(), Save::Copy));
        let copy = dir.backups_dir().join("manual-2026-12-02.sqlite");
        assert!(refused(&dir, &copy, Save::Document), "a review is no copy");
        assert!(allowed(&dir, &copy, Save::Copy).is_ok());
        std::fs::write(&copy, b"old copy").expect("copy");
        assert!(refused(&dir, &copy, Save::Copy), "never over a copy there");
        assert!(refused(&dir, dir.root(), Save::Copy), "a folder");
        assert!(allowed(&dir, &outside.join("review.html"), Save::Document).is_ok());
        assert!(allowed(&dir, &outside.join("shop.sqlite"), Save::Copy).is_ok());
        std::fs::write(outside.join("open.sqlite-wal"), b"someone's log").expect("wal");
        assert!(matches!(
            allowed(&dir, &outside.join("open.sqlite"), Save::Copy),
            Err(StoreError::DestinationInUse { .. })
        ));
    }

    #[test]
    fn a_save_replaces_whole_and_removes_nothing_it_did_not_make() {
        let (_tmp, _dir, outside) = shop();
        let dest = outside.join("review.html");
        let theirs = outside.join("review.html.partial");
        std::fs::write(&theirs, b"the owner's").expect("theirs");
        write_new(&dest, b"first").expect("write");
        write_new(&dest, b"second").expect("write");
        assert_eq!(std::fs::read(&dest).expect("read"), b"second");
        assert_eq!(std::fs::read(&theirs).expect("read"), b"the owner's");
        let failed = write_with(&dest, |_| Err(std::io::Error::other("disk full")));
        assert!(failed.is_err());
        assert_eq!(std::fs::read(&dest).expect("read"), b"second");
        let left: Vec<_> = std::fs::read_dir(&outside)
            .expect("list")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left.len(), 2, "no temporary file left: {left:?}");
    }
}
