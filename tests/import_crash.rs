//! Crash safety of the import: `regulars import` killed with SIGKILL at
//! seeded random moments never leaves part of a file behind, and the next
//! import adds exactly what is missing.

use crate::fixtures::{BIN, TempShop};
use rusqlite::Connection;
use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

const LINES: usize = 20_000;
const KILLS: usize = 20;

/// A line-item export big enough that a debug-build import takes a few seconds.
fn big_export(path: &Path) {
    let mut out = String::from(
        "date,time,receipt_id,item_name,quantity,unit_price,gross,discount,net,customer_phone\n",
    );
    for i in 0..LINES {
        let receipt = i / 3;
        let day = 1 + (receipt / 800) % 28;
        let price = 300 + (i * 37) % 900;
        let phone = if receipt % 3 == 0 {
            format!("1381234{:04}", receipt % 5000)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "2026-02-{day:02},09:{:02}:00,R{receipt},Item {},1,{}.{:02},{}.{:02},0.00,{}.{:02},{phone}",
            receipt % 60,
            i % 50,
            price / 100,
            price % 100,
            price / 100,
            price % 100,
            price / 100,
            price % 100
        );
    }
    std::fs::write(path, out).expect("write export");
}

fn lines_in(shop: &TempShop) -> i64 {
    let db = shop.dir().join("regulars.sqlite");
    let conn = Connection::open(&db).expect("the data file opens after a kill");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity check");
    assert_eq!(verdict, "ok");
    let batches: i64 = conn
        .query_row("SELECT count(*) FROM import_batches", [], |r| r.get(0))
        .expect("batches");
    let lines: i64 = conn
        .query_row("SELECT count(*) FROM sale_lines", [], |r| r.get(0))
        .expect("lines");
    assert!(batches <= 1, "at most the one import: {batches}");
    let duplicated: i64 = conn
        .query_row(
            "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT source, pos_id FROM receipts))
             FROM receipts",
            [],
            |r| r.get(0),
        )
        .expect("receipts");
    assert_eq!(duplicated, 0, "one receipt per (source, receipt id)");
    lines
}

fn import(shop: &TempShop, file: &Path) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.args(["--data-dir"])
        .arg(shop.dir())
        .args(["import", "--auto-map", "--json"])
        .arg(file)
        .env("LC_ALL", "zh_CN.UTF-8")
        .env_remove("REGULARS_DATA_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn sigkill_during_import_leaves_none_or_all_of_the_file() {
    let shop = TempShop::new();
    let file = shop.path("big.csv");
    big_export(&file);
    shop.run(&["settings", "--shop-name", "Crash", "--phone-region", "CN"])
        .success();

    // How long a whole import takes here, in a scratch shop.
    let scratch = TempShop::new();
    scratch
        .run(&["settings", "--shop-name", "Crash", "--phone-region", "CN"])
        .success();
    let start = Instant::now();
    let status = import(&scratch, &file).status().expect("run");
    assert!(status.success());
    let full = start.elapsed();
    let expected = lines_in(&scratch);
    assert_eq!(expected as usize, LINES);

    let mut rng = fastrand::Rng::with_seed(0xC0FFEE);
    let mut seen_partial_runs = 0;
    for _ in 0..KILLS {
        let mut child = import(&shop, &file).spawn().expect("spawn");
        let at = full.mul_f64(0.05 + rng.f64() * 0.9);
        std::thread::sleep(at);
        let finished = child.try_wait().expect("poll").is_some();
        let _ = child.kill();
        let _ = child.wait();
        let lines = lines_in(&shop);
        assert!(
            lines == 0 || lines == expected,
            "a kill after {at:?} left {lines} of {expected} lines"
        );
        if lines == 0 {
            seen_partial_runs += 1;
        } else {
            // The file landed whole before the kill: start again from empty.
            assert!(finished || lines == expected);
            let out = shop.run(&["imports", "list", "--json"]).success();
            let list: serde_json::Value = serde_json::from_str(&out.stdout()).expect("json");
            let id = list[0]["batch"]["id"].as_i64().expect("batch id");
            shop.run(&["imports", "undo", &id.to_string()]).success();
        }
    }
    assert!(
        seen_partial_runs > 0,
        "no kill landed during an import; the file is too small"
    );
    let out = import(&shop, &file)
        .stdout(Stdio::piped())
        .output()
        .expect("final import");
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["lines_new"].as_i64(), Some(expected));
    assert_eq!(lines_in(&shop), expected);
}
