//! The smallest window the app allows, 900×600, in both languages: every page of the demo shop
//! is laid out without a page-wide horizontal scroll and without a cut heading, and is
//! screenshotted (`small-<page>-<lang>.png`) to be looked at. Then a new layout with an empty
//! receipt column: each column shows sample values beside its dropdown, and the preview warns
//! about the receipt column before anything is imported.

use super::harness::{Session, WAIT, tid};
use serde_json::Value;

const PAGES: [&str; 5] = ["dashboard", "review", "members", "import", "settings"];

/// What overflows the page: the document scrolling sideways, or a heading or a button whose
/// text is cut by its box.
fn overflow(s: &Session) -> Value {
    s.execute(
        "const out = [];
         const doc = document.documentElement;
         if (doc.scrollWidth > doc.clientWidth + 1) out.push('page ' + doc.scrollWidth + ' > ' + doc.clientWidth);
         for (const el of document.querySelectorAll('h1, h2, .nav, button, th, .kpi-label')) {
           if (el.offsetParent && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible')
             out.push(el.tagName + ' ' + el.textContent.trim().slice(0, 40));
         }
         return out;",
        vec![],
    )
}

#[test]
fn every_page_fits_the_smallest_window_in_both_languages() {
    let Some(s) = Session::start("small_window") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("open-demo"));
    s.wait_for(&tid("kpi-card-member_share"));
    let width = s.resize(900, 600);
    assert!((880..=900).contains(&width), "the page is {width} px wide");
    let mut cut = Vec::new();
    for lang in ["en", "zh"] {
        for page in PAGES {
            s.click(&tid(&format!("nav-{page}")));
            s.wait_for("h1");
            s.settle().expect("settled");
            s.screenshot(&format!("small-{page}-{lang}"));
            if overflow(&s) != serde_json::json!([]) {
                cut.push(format!("{page} in {lang}: {}", overflow(&s)));
            }
        }
        if lang == "en" {
            s.click(&tid("lang-toggle"));
            s.wait_until("the window in Chinese", WAIT, |s| {
                s.text(&tid("nav-settings")).contains("设置").then_some(())
            });
        }
    }
    assert!(cut.is_empty(), "{cut:#?}");
}

#[test]
fn a_new_layout_shows_samples_and_warns_of_an_empty_receipt_column() {
    let Some(s) = Session::start("import_warnings") else {
        return;
    };
    super::own_shop_import(&s);
    // An item-level export whose receipt column is filled on 3 rows of 30.
    let mut text = String::from("Date,Ticket,Product,Qty,Amount\n");
    for i in 0..30 {
        let ticket = if i < 3 {
            format!("T{i}")
        } else {
            String::new()
        };
        text.push_str(&format!(
            "2026-11-{:02},{ticket},Croissant,1,3.50\n",
            2 + i % 20
        ));
    }
    let file = s.data_dir().join("empty-tickets.csv");
    std::fs::write(&file, text).expect("write");
    s.open_import_file(&file);
    s.wait_for(&tid("import-preview"));
    s.screenshot("import-warning");
    if s.exists(&tid("change-columns")) {
        s.click(&tid("change-columns"));
    }
    let samples = s.texts(&tid("samples-4")).join(" ");
    assert!(samples.contains("3.50"), "samples of Amount: {samples}");
    let warning = s.text(&tid("import-warning-receiptEmpty"));
    assert!(
        warning.contains("“Ticket” is empty on 27 of 30 rows"),
        "{warning}"
    );
}

/// A status column of codes no rule knows: the preview lists each code with a choice, every row
/// counts as a sale until the owner says otherwise, and saying "2 is cancelled" takes those
/// orders out of the totals at once.
#[test]
fn the_owner_says_what_status_codes_mean() {
    let Some(s) = Session::start("status_codes") else {
        return;
    };
    super::own_shop_import(&s);
    let mut text = String::from("Date,Order,Amount,order_status\n");
    for i in 0..12 {
        let status = if i % 4 == 3 { "2" } else { "1" };
        text.push_str(&format!("2026-11-{:02},A{i},10.00,{status}\n", 2 + i));
    }
    let file = s.data_dir().join("status-codes.csv");
    std::fs::write(&file, text).expect("write");
    s.open_import_file(&file);
    s.confirm_shop();
    s.wait_for(&tid("status-values"));
    let warning = s.text(&tid("import-warning-unknownStatus"));
    assert!(warning.contains("count as sales: 1, 2"), "{warning}");
    let receipts = |s: &Session| s.texts(&tid("import-totals")).join(" ");
    assert!(receipts(&s).contains("12"), "{}", receipts(&s));
    s.select(&tid("status-value-0"), "sale");
    s.select(&tid("status-value-1"), "void");
    s.wait_gone(&tid("import-warning-unknownStatus"));
    s.screenshot("status-codes-mapped");
    let totals = receipts(&s);
    assert!(totals.contains("9"), "nine settled orders: {totals}");
    assert!(totals.contains("90.00"), "{totals}");
}
