//! The shop's file in the window: a damaged file restored from the startup-error screen, and a
//! second start on the same folder deferring to the first window.

use super::harness::{Session, tid};
use crate::fixtures::{BIN, pre_restore_copies, regulars};
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
    let aside = pre_restore_copies(&dir);
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

/// The automatic copy cannot be made (`backups` is a file, as a full or broken disk would have
/// it): the shop works as usual, and Settings and the dashboard say the copy failed.
#[test]
fn a_failed_automatic_copy_is_shown_and_never_stops_the_shop() {
    let Some(s) = Session::start("backup_fails") else {
        return;
    };
    super::own_shop_import(&s);
    std::fs::write(s.data_dir().join("backups"), b"not a folder").expect("a file in the way");
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pos/first-two-weeks.csv");
    s.open_import_file(&file);
    s.confirm_shop();
    if s.exists(&tid("import-run")) {
        s.click(&tid("import-run"));
    }
    s.wait_for(&tid("import-summary"));
    // The import asked for a copy; the worker tried it and failed.
    s.wait_until(
        "the failed copy to be known",
        Duration::from_secs(20),
        |s| {
            s.invoke("backup_problem", serde_json::json!({}))
                .as_object()
                .map(|_| ())
        },
    );
    s.click(&tid("nav-settings"));
    let notice = s.text(&tid("backup-problem"));
    assert!(notice.contains("did not succeed"), "{notice}");
    s.screenshot("backup-problem-settings");
    s.click(&tid("nav-dashboard"));
    s.wait_for(&tid("backup-problem"));
    s.wait_for("[data-testid^=kpi-card-]");
}

/// The CLI works beside the open window: an import from the command line lands, and the window
/// shows it.
#[test]
fn the_cli_imports_beside_the_open_window() {
    let Some(s) = Session::start("cli_beside_window") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("start-own"));
    s.wait_for(&tid("nav-import"));
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pos/first-two-weeks.csv");
    let out = regulars(
        &s.data_dir(),
        &["import", "--auto-map", file.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let imports = s.invoke("list_imports", serde_json::json!({}));
    assert_eq!(imports.as_array().map(Vec::len), Some(1), "{imports}");
}
