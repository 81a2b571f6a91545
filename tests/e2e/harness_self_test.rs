//! The harness itself, on whatever page the binary embeds: it starts the real
//! app, talks to its core, restarts it on the same data folder, and leaves no
//! process behind, whether the test passes or panics.

use super::harness::{Session, screenshots_dir};
use super::procs;
use serde_json::json;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

#[test]
fn the_harness_drives_the_real_app_and_restarts_it_on_the_same_data() {
    let Some(mut s) = Session::start("harness") else {
        return;
    };
    let info = s.invoke("shop_info", json!({}));
    assert_eq!(info["kind"], "owner", "{info}");
    assert_eq!(
        info["first_run"], true,
        "an empty data folder is a first run: {info}"
    );
    assert_eq!(
        info["data_dir"],
        s.data_dir().display().to_string(),
        "the app got --data-dir"
    );
    assert_eq!(
        info["settings"]["language"], "en",
        "LC_ALL of the driver reaches the app: {info}"
    );
    assert!(s.data_dir().join("regulars.sqlite").is_file());

    let pids = s.pids();
    let names: Vec<String> = pids.iter().map(|&p| procs::name(p)).collect();
    assert!(
        names.iter().any(|n| n == "regulars"),
        "the app runs under the driver: {names:?}"
    );

    let shot = s.screenshot("harness");
    assert!(shot.starts_with(screenshots_dir()) && shot.is_file());

    // Leaving the welcome screen is stored: a restarted app on the same folder remembers it.
    s.invoke("open_own_shop", json!({}));
    let before = s.app_pids();
    s.restart();
    assert!(
        before.iter().all(|&p| !procs::is_running(p)),
        "the first app is gone"
    );
    let info = s.invoke("shop_info", json!({}));
    assert_eq!(info["first_run"], false, "{info}");
    assert_eq!(info["data_dir"], s.data_dir().display().to_string());

    let all = s.pids();
    drop(s);
    let left: Vec<u32> = all.into_iter().filter(|&p| procs::is_running(p)).collect();
    assert!(left.is_empty(), "still running after the session: {left:?}");
}

#[test]
fn a_failing_e2e_test_leaves_no_process_behind() {
    let mut pids = Vec::new();
    let mut skipped = false;
    let started = Instant::now();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let Some(s) = Session::start("deliberate-failure") else {
            skipped = true;
            return;
        };
        pids = s.pids();
        s.wait_until(
            "something that never comes",
            Duration::from_millis(500),
            |_| None::<()>,
        );
    }));
    if skipped {
        return;
    }
    let message = outcome
        .err()
        .and_then(|e| e.downcast::<String>().ok())
        .expect("the wait failed the test");
    assert!(
        message.contains("timed out after 500ms waiting for something that never comes"),
        "{message}"
    );
    assert!(
        message.contains("FAILED-deliberate-failure.png"),
        "a failure screenshot is saved: {message}"
    );
    assert!(
        pids.len() >= 2,
        "at least the driver and the app ran: {pids:?}"
    );
    let left: Vec<String> = pids
        .iter()
        .filter(|&&p| procs::is_running(p))
        .map(|&p| format!("{p} {}", procs::name(p)))
        .collect();
    assert!(left.is_empty(), "a panicking test left {left:?} running");
    eprintln!(
        "deliberate failure and cleanup took {:.1?}",
        started.elapsed()
    );
}
