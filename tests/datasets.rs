//! The real public bakery and café datasets in ../shared/datasets: each one
//! either imports with totals equal to an independent computation from the
//! raw file, or is refused with a message naming what it lacks.

use crate::fixtures::{TempShop, shared_dataset};
use std::path::PathBuf;

fn shop(region: &str, currency: &str) -> TempShop {
    let shop = TempShop::new();
    shop.run(&[
        "settings",
        "--shop-name",
        "Dataset",
        "--phone-region",
        region,
        "--currency",
        currency,
    ])
    .success();
    shop
}

fn lines_in_store(shop: &TempShop) -> i64 {
    let conn = rusqlite::Connection::open(shop.dir().join("regulars.sqlite")).expect("open");
    conn.query_row("SELECT count(*) FROM sale_lines", [], |r| r.get(0))
        .expect("count")
}

/// Edinburgh "Bread Basket": items and times but no money at all — refused, naming the amount column.
#[test]
fn breadbasket_has_no_money_and_is_refused_naming_it() {
    let Some(file) = shared_dataset("breadbasket/BreadBasket_DMS.csv") else {
        return;
    };
    let shop = shop("GB", "GBP");
    let run = shop.run(&["import", file.to_str().expect("utf-8 path"), "--auto-map"]);
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr().contains("Net sales"), "{}", run.stderr());
    assert_eq!(lines_in_store(&shop), 0);
}

/// Ukrainian coffee machine: this copy lost its header line, so no column can
/// be known to hold money — refused rather than imported with guessed money.
#[test]
fn coffee_vending_without_its_header_is_refused() {
    let Some(file) = shared_dataset("coffee-vending-ukraine/index_1.csv") else {
        return;
    };
    let shop = shop("UA", "UAH");
    let run = shop.run(&["import", file.to_str().expect("utf-8 path"), "--auto-map"]);
    assert_eq!(run.code(), Some(1));
    assert!(run.stderr().contains("Net sales"), "{}", run.stderr());
    assert_eq!(lines_in_store(&shop), 0);
}

/// Korean bakery (wide format, one row per order, KRW): the orders import with
/// the sum of `total` computed here from the raw file; the rows that only
/// carry a date are refused by default and skipped on request.
#[test]
fn korean_bakery_orders_import_with_the_raw_files_total() {
    let Some(file) = shared_dataset("korean-bakery-angbutter/Bakery Sales.csv") else {
        return;
    };
    let raw = std::fs::read_to_string(&file).expect("read");
    let mut reader =
        csv::ReaderBuilder::new().from_reader(raw.trim_start_matches('\u{feff}').as_bytes());
    let (mut orders, mut total) = (0i64, 0i64);
    for record in reader.records() {
        let record = record.expect("record");
        if let Some(t) = record.get(2).filter(|t| !t.trim().is_empty()) {
            orders += 1;
            total += t.trim().parse::<i64>().expect("whole won");
        }
    }
    assert_eq!(orders, 2420, "SOURCE.md says 2,420 real orders");

    let shop = shop("KR", "KRW");
    let path = file.to_str().expect("utf-8 path");
    let refused = shop.run(&["import", path, "--auto-map"]);
    assert_eq!(refused.code(), Some(1));
    assert!(
        refused.stderr().contains("total"),
        "names the column: {}",
        refused.stderr()
    );
    assert_eq!(lines_in_store(&shop), 0);

    let run = shop
        .run(&["import", path, "--auto-map", "--skip-invalid", "--json"])
        .success();
    let report: serde_json::Value = serde_json::from_str(&run.stdout()).expect("json");
    assert_eq!(report["receipts"].as_i64(), Some(orders));
    assert_eq!(
        report["gross_minor"].as_i64(),
        Some(total),
        "KRW has no minor digits"
    );
    assert_eq!(report["net_minor"].as_i64(), Some(total));
    assert_eq!(report["date_from"], "2019-07-11");
    assert!(report["lines_rejected"].as_i64().unwrap_or(0) >= 1);
    assert!(PathBuf::from(report["rejects_file"].as_str().expect("rejects file")).exists());
}
