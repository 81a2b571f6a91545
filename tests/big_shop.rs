//! A generated shop with thousands of identified customers: what the dashboard, the weekly
//! review and the import screen read of it is one pass over the customer rollup, never a pass
//! per customer. Work is counted in SQLite virtual-machine steps (the progress handler), which
//! do not depend on the machine's speed: a plan that scans the rollup once per identity does
//! thousands of times the work of one that aggregates it once.

use chrono::NaiveDate;
use regulars_lib::i18n::Lang;
use regulars_lib::insight::dashboard;
use regulars_lib::insight::metrics::Period;
use regulars_lib::insight::report;
use regulars_lib::people::members::{self, MemberInput, MemberSource};
use regulars_lib::sales::engine::{self, ImportRequest};
use regulars_lib::sales::unmatched;
use regulars_lib::settings::ctx::Ctx;
use regulars_lib::settings::{self, Settings};
use regulars_lib::store;
use rusqlite::Connection;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const CUSTOMERS: u64 = 3_000;
const RECEIPTS: u64 = 40_000;
const DAYS: u64 = 730;
/// SQLite calls the progress handler about every this many VM steps.
const STEP: i32 = 100;

/// The phone of customer `c`: a Chinese mobile.
fn phone(c: u64) -> String {
    format!("1380{:07}", 1_000_000 + c)
}

/// Two years of a busy shop: 40,000 receipts of one or two lines; three in five belong to one of
/// 3,000 customers identified by phone, the others are anonymous. Deterministic.
fn export() -> String {
    let mut rng = fastrand::Rng::with_seed(12);
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).expect("day");
    let mut text =
        String::from("日期,时间,单号,商品名称,数量,单价,金额,优惠金额,实收金额,会员手机号,类型\n");
    for r in 0..RECEIPTS {
        let day = first + chrono::Days::new(r * DAYS / RECEIPTS);
        let who = if rng.u8(0..5) < 3 {
            phone(rng.u64(0..CUSTOMERS))
        } else {
            String::new()
        };
        for line in 0..rng.u64(1..3) {
            let price = 800 + rng.u64(0..4000);
            let (yuan, fen) = (price / 100, price % 100);
            let _ = writeln!(
                text,
                "{day},{:02}:{:02}:00,R{r},item {line},1,{yuan}.{fen:02},{yuan}.{fen:02},0.00,{yuan}.{fen:02},{who},销售",
                7 + r % 12,
                r % 60
            );
        }
    }
    text
}

/// VM steps (to within `STEP`) that `f` makes SQLite run on `conn`.
fn steps<T>(conn: &Connection, f: impl FnOnce() -> T) -> (T, u64) {
    let calls = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&calls);
    conn.progress_handler(
        STEP,
        Some(move || {
            counter.fetch_add(1, Ordering::Relaxed);
            false
        }),
    )
    .expect("progress handler");
    let out = f();
    conn.progress_handler(0, None::<fn() -> bool>)
        .expect("progress handler off");
    (out, calls.load(Ordering::Relaxed) * STEP as u64)
}

fn count(conn: &Connection, sql: &str) -> u64 {
    conn.query_row(sql, [], |r| r.get::<_, i64>(0))
        .expect("count") as u64
}

#[test]
fn thousands_of_customers_are_read_in_one_pass_by_the_dashboard_review_and_import_screen() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut conn = store::open_in_memory().expect("db");
    let defaults = Settings::defaults("en-US", "Asia/Shanghai");
    let shop = settings::load(&conn, &defaults).expect("settings");
    let csv = tmp.path().join("pos.csv");
    std::fs::write(&csv, export()).expect("write export");
    let rejects = tmp.path().join("rejects");
    let now = NaiveDate::from_ymd_opt(2026, 1, 5)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("now");
    let ctx = Ctx {
        lang: Lang::En,
        now,
        ..Ctx::on(&shop.phone_region, now.date())
    };
    let req = ImportRequest {
        path: csv.display().to_string(),
        auto_map: true,
        ..Default::default()
    };
    engine::import(&mut conn, &req, &ctx, &rejects, false, &mut |_, _| true).expect("import");

    // Two customers in three become members, joined over the two years.
    let inputs: Vec<MemberInput> = (0..CUSTOMERS)
        .filter(|c| c % 3 != 2)
        .map(|c| MemberInput {
            name: format!("Member {c}"),
            phone: phone(c),
            wechat_name: String::new(),
            birthday: None,
            joined_on: NaiveDate::from_ymd_opt(2024, 1, 1).expect("day")
                + chrono::Days::new(c * DAYS / CUSTOMERS),
            source: MemberSource::InStore,
            tags: Vec::new(),
            notes: String::new(),
            marketing_consent: c % 2 == 0,
        })
        .collect();
    members::add_all(&mut conn, &inputs, ctx).expect("members");

    let identities = count(&conn, "SELECT count(*) FROM identities");
    let rollup = count(&conn, "SELECT count(*) FROM sales_by_customer_day");
    let others = count(
        &conn,
        "SELECT count(*) FROM identities WHERE member_id IS NULL",
    );
    assert!(identities >= 2_900, "{identities} identities");
    assert!(rollup >= 20_000, "{rollup} rollup rows");
    // One pass over the rollup and the identities costs a few dozen steps a row (26 here); a pass
    // over the rollup per customer who is not a member costs at least one step per row visited.
    let one_pass = 50 * (rollup + identities);
    assert!(
        others * rollup > 10 * one_pass,
        "the shop is big enough to tell the two apart"
    );

    // The import screen's list: every customer who is not a member, with what they bought.
    let (list, work) = steps(&conn, || {
        unmatched::unmatched(&conn, &shop.phone_region, true, None).expect("unmatched")
    });
    assert!(
        work <= one_pass,
        "unmatched customers: {work} VM steps for {rollup} rollup rows"
    );
    assert_eq!(list.len() as u64, others);
    let mut spend: HashMap<i64, i64> = HashMap::new();
    let mut stmt = conn
        .prepare(
            "SELECT r.identity_id, sum(l.net_minor) FROM sale_lines l JOIN receipts r ON r.id = l.id >> 16
             WHERE r.identity_id IS NOT NULL GROUP BY 1",
        )
        .expect("prepare");
    for row in stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))
        .expect("query")
    {
        let (id, net) = row.expect("row");
        spend.insert(id, net);
    }
    for c in &list {
        assert_eq!(
            Some(&c.spend_minor),
            spend.get(&c.identity_id),
            "{}",
            c.label
        );
        assert!(c.label.contains('*'), "masked: {}", c.label);
    }
    assert!(
        list.windows(2)
            .all(|w| w[0].spend_minor >= w[1].spend_minor),
        "biggest spenders first"
    );

    // The dashboard and the review of the last week read the same list, and the rest, in a
    // bounded number of passes.
    let week = Period::parse_week("2025-W52", shop.week_start).expect("week");
    let all_rows = rollup
        + identities
        + inputs.len() as u64
        + count(&conn, "SELECT count(*) FROM sales_by_day");
    let (board, work) = steps(&conn, || {
        dashboard::build(&conn, &shop, Some(week), now.date()).expect("dashboard")
    });
    assert!(work <= 3 * 50 * all_rows, "dashboard: {work} VM steps");
    assert_eq!(
        board
            .big_spenders
            .iter()
            .map(|c| c.identity_id)
            .collect::<Vec<_>>(),
        list.iter()
            .take(8)
            .map(|c| c.identity_id)
            .collect::<Vec<_>>()
    );
    let (review, work) = steps(&conn, || {
        report::gather(&conn, &shop, week).expect("review")
    });
    assert!(work <= 3 * 50 * all_rows, "review: {work} VM steps");
    assert_eq!(review.board.big_spenders, board.big_spenders);
}
