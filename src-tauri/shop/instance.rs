//! One window per shop folder. The window holds an exclusive lock on `DIR/.regulars.lock` for as
//! long as it runs (the OS drops it when the process ends, however it ends) and listens on a
//! local socket beside it; a second start finds the lock taken, asks the first window through
//! the socket to come forward, and stops. No session bus is needed, so it works under Xvfb.
//! A restore from the CLI takes the same lock, so it never replaces the file under an open window;
//! other CLI commands run beside the window through SQLite's busy handling.

use crate::i18n::{ErrorCode, Lang, UserError};
use crate::settings::datadir::DataDir;
use std::fs::{File, OpenOptions, TryLockError};
#[cfg(unix)]
use std::path::Path;
use std::path::PathBuf;
use thiserror::Error;

const LOCK_FILE: &str = ".regulars.lock";
#[cfg(unix)]
const SOCKET_FILE: &str = ".regulars.sock";
/// What a second start sends the first.
#[cfg(unix)]
const SHOW: &[u8] = b"show\n";

#[derive(Debug, Error)]
pub enum InstanceError {
    #[error("the shop in {0} is open in a Regulars window")]
    OpenElsewhere(PathBuf),
    #[error("cannot lock {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl UserError for InstanceError {
    fn code(&self) -> ErrorCode {
        match self {
            InstanceError::OpenElsewhere(_) => ErrorCode::Conflict,
            InstanceError::Io { .. } => ErrorCode::Io,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            InstanceError::OpenElsewhere(dir) => lang.pick(
                format!("{} 中的店铺正在熟客窗口中打开。请在窗口的“设置”里操作，或先关闭窗口；什么都没有改动。", dir.display()),
                format!("The shop in {} is open in a Regulars window. Do this from the window's Settings, or close the window first; nothing was changed.", dir.display()),
            ),
            InstanceError::Io { path, source } => lang.pick(
                format!("无法锁定 {}：{source}", path.display()),
                format!("Cannot lock {}: {source}", path.display()),
            ),
        }
    }
}

/// The folder's lock, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: Option<File>,
}

impl Lock {
    /// Takes the lock of the shop in `dir`, or says the shop is open elsewhere. A folder that
    /// cannot be written (a read-only disk) cannot be locked and needs no lock: nothing there can
    /// be written by anyone.
    pub fn take(dir: &DataDir) -> Result<Lock, InstanceError> {
        let path = dir.root().join(LOCK_FILE);
        let io = |source| InstanceError::Io {
            path: path.clone(),
            source,
        };
        if let Err(e) = std::fs::create_dir_all(dir.root()) {
            return if read_only(&e) {
                Ok(Lock { _file: None })
            } else {
                Err(io(e))
            };
        }
        let file = match OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
        {
            Ok(f) => f,
            Err(e) if read_only(&e) => return Ok(Lock { _file: None }),
            Err(e) => return Err(io(e)),
        };
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: Some(file) }),
            Err(TryLockError::WouldBlock) => {
                Err(InstanceError::OpenElsewhere(dir.root().to_path_buf()))
            }
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

fn read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Asks the window that holds `dir`'s lock to come forward. False when it could not be reached
/// (it is starting, or the folder's socket cannot be made): the caller then says the shop is open.
pub fn bring_forward(dir: &DataDir) -> bool {
    #[cfg(unix)]
    {
        use std::io::Write;
        std::os::unix::net::UnixStream::connect(socket_path(dir.root()))
            .and_then(|mut s| s.write_all(SHOW))
            .is_ok()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        false
    }
}

/// Listens for later starts on the same folder, calling `show` for each, on a thread of its own.
/// Called by the window while it holds the lock; a socket that cannot be made (a path too long
/// for one) only means a second start says the shop is open instead of bringing it forward.
pub fn listen(dir: &DataDir, show: impl Fn() + Send + 'static) {
    #[cfg(unix)]
    {
        use std::io::Read;
        let path = socket_path(dir.root());
        // The lock is ours, so a socket file there is a dead window's.
        let _ = std::fs::remove_file(&path);
        let Ok(listener) = std::os::unix::net::UnixListener::bind(&path) else {
            return;
        };
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut word = [0u8; 5];
                let mut stream = stream;
                if stream.read_exact(&mut word).is_ok() && word == SHOW {
                    show();
                }
            }
        });
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, show);
    }
}

#[cfg(unix)]
fn socket_path(root: &Path) -> PathBuf {
    root.join(SOCKET_FILE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    #[test]
    fn a_second_start_finds_the_shop_open_and_brings_the_first_forward() {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = DataDir::new(tmp.path().join("shop"));
        let first = Lock::take(&dir).expect("first");
        let (shown, seen) = mpsc::channel();
        listen(&dir, move || {
            let _ = shown.send(());
        });
        assert!(matches!(
            Lock::take(&dir),
            Err(InstanceError::OpenElsewhere(_))
        ));
        assert!(bring_forward(&dir));
        seen.recv_timeout(std::time::Duration::from_secs(5))
            .expect("the first window was asked to come forward");
        drop(first);
        assert!(
            Lock::take(&dir).is_ok(),
            "free again once the window closed"
        );
    }
}
