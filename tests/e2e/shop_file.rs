//! The shop's file in the window: a damaged file restored from the startup-error screen, and a
//! second start on the same folder deferring to the first window.

use super::harness::{Session, tid};
use crate::fixtures::{BIN, regulars};
use std::time::{Duration, Instant};

/// The shop's file is damaged while the app is closed: the next start shows why it cannot open
/// and lists the copies in `backups/`; restoring one opens the shop on it, and the damaged file
/// is kept aside, byte for byte.
#[test]
fn a_damaged_shop_is_restored_from_the_startup_screen() {
    let Some(mut s) = Session::start("restore_from_startup") else {
        return;
    };
    let dir = s.data_dir();
    s.wait_for(&tid("welcome"));
    let demo = regulars(&dir, &["demo"]);
    assert!(demo.status.success(), "{demo:?}");
    let copy = dir.join("backups/auto-2026-11-30-090000.sqlite");
    let backup = regulars(&dir, &["backup", "--out", copy.to_str().unwrap()]);
    assert!(backup.status.success(), "{backup:?}");
    let mut damaged = Vec::new();
    s.restart_with(|dir| {
        let db = dir.join("regulars.sqlite");
        // Everything into the file first (page 1 may be in the -wal), then its header spoiled.
        rusqlite::Connection::open(&db)
            .and_then(|c| c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);"))
            .expect("checkpoint");
        damaged = std::fs::read(&db).expect("read");
        damaged[..100].fill(0x5a);
        std::fs::write(&db, &damaged).expect("damage");
    });
    s.wait_for(&tid("startup-error"));
    let message = s.text(&tid("startup-error-message"));
    assert!(message.contains("regulars.sqlite"), "{message}");
    s.screenshot("startup-error-copies");
    s.click(&tid("startup-restore-auto-2026-11-30-090000.sqlite"));
    s.wait_for("[data-testid^=kpi-card-]");
    s.screenshot("restored-from-startup");
    let aside: Vec<_> = std::fs::read_dir(dir.join("backups"))
        .expect("backups")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("pre-restore-") && n.ends_with(".sqlite"))
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(std::fs::read(&aside[0]).expect("aside"), damaged);
}

/// A second start on the folder the window has open defers to it: it ends at once, without a
/// second window, and the first keeps working.
#[test]
fn a_second_start_on_the_same_shop_defers_to_the_first_window() {
    let Some(s) = Session::start("second_start") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    let started = Instant::now();
    let second = std::process::Command::new(BIN)
        .arg("--data-dir")
        .arg(s.data_dir())
        .env("DISPLAY", ":0")
        .output()
        .expect("second start");
    assert!(second.status.success(), "{second:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "it did not wait for a window"
    );
    s.click(&tid("start-own"));
    s.wait_for(&tid("nav-import"));
}
