//! The window's automatic copies of the owner's shop, on a worker thread of their own: one a
//! little after the window is up (never on the way to its first paint), one after each import,
//! undo, restore and forget (at most one an hour: a change within the hour is copied when the
//! hour is up), and one a day while the window stays open. Each goes through
//! `store::auto_backup` (a second, short-lived connection; `quick_check`; pruning only after a
//! good copy). A failed copy never stops the shop: it is remembered for Settings and the
//! dashboard to show, and tried again within the hour.

use super::error::{ApiError, panic_text};
use crate::i18n::{Lang, UserError};
use crate::store::{MIN_GAP_MINUTES, StoreError};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Until the first copy: the window is up and painted by then.
const FIRST_AFTER: Duration = Duration::from_secs(10);
const DAY: Duration = Duration::from_secs(24 * 60 * 60);
const GAP: Duration = Duration::from_secs(MIN_GAP_MINUTES as u64 * 60);
/// When the shop was busy (a command or an import holds it): tried again after this — a try is
/// only a `try_lock`, so a long import costs nothing while it runs.
const BUSY_RETRY: Duration = Duration::from_secs(2);

/// What one try at an automatic copy came to.
pub enum Copy {
    /// Copied (or not, with why), to be reported in this language.
    Done(Lang, Result<Option<PathBuf>, StoreError>),
    /// Nothing to copy: the owner's shop did not open, is read-only, or the demo is open.
    Nothing,
    /// The shop's lock is held (an import runs): not waited for.
    Busy,
}

pub struct Backups {
    wake: Mutex<Sender<()>>,
    problem: Arc<Mutex<Option<ApiError>>>,
}

impl Backups {
    /// Starts the worker. `copy` makes one automatic copy of the owner's shop (`Copy`). It holds
    /// the window's shop lock while it copies, so that no copy runs beside an import or a
    /// restore; it never waits for the lock (`Copy::Busy`: tried again two seconds later).
    pub fn start(copy: impl Fn() -> Copy + Send + 'static) -> Backups {
        let (wake, woken) = mpsc::channel::<()>();
        let problem: Arc<Mutex<Option<ApiError>>> = Arc::default();
        let seen = problem.clone();
        std::thread::spawn(move || {
            let mut due = Instant::now() + FIRST_AFTER;
            let mut last: Option<Instant> = None;
            loop {
                match woken.recv_timeout(due.saturating_duration_since(Instant::now())) {
                    Ok(()) => {
                        // A change: copied now, or when the hour since the last copy is up.
                        let soonest = last.map_or(Instant::now(), |t| t + GAP);
                        due = due.min(soonest.max(Instant::now()));
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => {}
                }
                // A panic while copying is a failed copy, not the end of the worker.
                let done = catch_unwind(AssertUnwindSafe(&copy)).unwrap_or_else(|panic| {
                    let what = panic_text(panic.as_ref());
                    let e = std::io::Error::other(format!("the copy stopped: {what}"));
                    Copy::Done(
                        Lang::En,
                        Err(StoreError::io(std::path::Path::new("backups"), e)),
                    )
                });
                let (lang, outcome) = match done {
                    Copy::Done(lang, outcome) => (lang, outcome),
                    Copy::Nothing => {
                        due = Instant::now() + DAY;
                        continue;
                    }
                    Copy::Busy => {
                        due = Instant::now() + BUSY_RETRY;
                        continue;
                    }
                };
                let mut problem = seen.lock().unwrap_or_else(|p| p.into_inner());
                match outcome {
                    Ok(_) => {
                        *problem = None;
                        last = Some(Instant::now());
                        due = Instant::now() + DAY;
                    }
                    Err(e) => {
                        *problem = Some(failed(&e, lang));
                        due = Instant::now() + GAP;
                    }
                }
            }
        });
        Backups {
            wake: Mutex::new(wake),
            problem,
        }
    }

    /// The owner changed the shop (an import, an undo, a restore, a forget): copy it soon.
    pub fn changed(&self) {
        if let Ok(wake) = self.wake.lock() {
            let _ = wake.send(());
        }
    }

    /// Why the last automatic copy failed, if it did.
    pub fn problem(&self) -> Option<ApiError> {
        self.problem.lock().ok().and_then(|p| p.clone())
    }
}

fn failed(e: &dyn UserError, lang: Lang) -> ApiError {
    let mut error = ApiError::from_user(e, lang);
    error.message = lang.pick(
        format!(
            "自动备份没有成功：{}。店铺照常可用；熟客会在一小时内再试。",
            error.message
        ),
        format!(
            "The automatic backup did not succeed: {}. The shop works as usual; Regulars tries again within the hour.",
            error.message
        ),
    );
    error
}
