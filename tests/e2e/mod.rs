//! End-to-end tests: the real app window, driven through WebKitWebDriver per
//! the UI's `data-testid` contract. See `harness` for how the app is started
//! and stopped.
//!
//! - Without `DISPLAY` the harness starts its own Xvfb; `REGULARS_E2E_XVFB=1`
//!   does so even on a desktop, so no window pops up.
//! - Without `/usr/bin/WebKitWebDriver` (or `REGULARS_WEBDRIVER`) these tests
//!   fail, unless `REGULARS_SKIP_E2E=1`, which makes them print a skip line and pass.
//! - Screenshots: `$CARGO_TARGET_TMPDIR/screenshots/`; driver and app logs:
//!   `$CARGO_TARGET_TMPDIR/e2e-logs/<test>.log`.

mod chats_flow;
mod dashboard_flow;
mod first_review;
mod first_run;
mod groups_flow;
mod harness;
mod harness_self_test;
mod import_flow;
mod member_list_flow;
mod members_flow;
mod procs;
mod review_flow;
mod shop_file;
mod small_window;
mod window_safety;

use harness::Session;
use serde_json::{Value, json};

/// The standard output of `name args…` (a poppler tool), or `None` when it is missing or fails.
/// A window on a new owner's shop (the welcome's "start my own"), in Chinese when asked; `None`
/// without a WebDriver here.
fn own_shop(name: &str, chinese: bool) -> Option<harness::Session> {
    use harness::{EN_CN, Options, Session, WAIT, tid};
    let s = Session::start_with(name, Options { locale: EN_CN })?;
    s.wait_for(&tid("welcome"));
    if chinese {
        s.click(&tid("lang-toggle"));
        s.wait_until("the welcome in Chinese", WAIT, |s| {
            s.text("h1").contains("欢迎").then_some(())
        });
    }
    s.click(&tid("start-own"));
    s.wait_gone(&tid("welcome"));
    Some(s)
}

/// Two members on the member list (王小麦 and Li Na, with phones): their ids.
fn two_members(s: &harness::Session) -> Vec<i64> {
    [("王小麦", "13812345678"), ("Li Na", "13900001111")]
        .iter()
        .map(|(name, phone)| {
            let m = s.invoke(
                "add_member",
                serde_json::json!({ "input": {
                    "name": name, "phone": phone, "wechat_name": "", "birthday": null,
                    "joined_on": "2026-01-05", "source": "in_store", "tags": [], "notes": "",
                    "marketing_consent": true
                }}),
            );
            m["id"].as_i64().expect("id")
        })
        .collect()
}

fn tool(name: &str, args: &[&str]) -> Option<String> {
    let out = std::process::Command::new(name).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// From the welcome screen of a first run to an empty own shop's import page.
fn own_shop_import(s: &Session) {
    s.wait_for(&harness::tid("welcome"));
    s.click(&harness::tid("start-own"));
    s.wait_for(&harness::tid("nav-import"));
    s.click(&harness::tid("nav-import"));
    s.wait_for(&harness::tid("import-choose"));
}

/// `list_members` as the UI calls it, for checks that the window shows what the core holds.
fn list_members(s: &Session, status: &str) -> Value {
    s.invoke(
        "list_members",
        json!({ "query": { "search": "", "sort": "name", "status": status } }),
    )
}

/// The first whole number in `text` ("140 members", "共 140 位会员").
fn first_number(text: &str) -> Option<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|part| !part.is_empty())
        .and_then(|n| n.parse().ok())
}

#[test]
fn first_number_reads_counts_in_both_languages() {
    assert_eq!(first_number("140 members"), Some(140));
    assert_eq!(first_number("共 140 位会员"), Some(140));
    assert_eq!(first_number("12 of 140 members"), Some(12));
    assert_eq!(first_number("No members"), None);
}
