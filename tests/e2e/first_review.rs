//! The five-minute first run: from an empty data folder, "Import my POS export", the shop's
//! details, the dashboard of the latest week, its review saved as HTML — the same bytes as the
//! CLI's `report` for the same week.

use super::harness::{Session, WAIT, tid};
use crate::fixtures::regulars;

#[test]
fn from_an_empty_folder_to_the_first_printed_review() {
    let Some(s) = Session::start("first_review") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    assert!(
        s.text(&tid("import-first"))
            .contains("Import my POS export")
    );
    s.click(&tid("import-first"));
    s.wait_for(&tid("import-choose"));

    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pos/first-two-weeks.csv");
    s.open_import_file(&file);
    s.confirm_shop();
    s.click(&tid("import-run"));
    s.wait_for(&tid("import-summary"));
    s.click(&tid("setup-next"));
    s.wait_for(&tid("setup-form"));
    s.type_into(&tid("setup-shop-name"), "Little Crust 小面包");
    s.select(&tid("setup-currency"), "CNY");
    s.click(&tid("setup-done"));

    // The dashboard of the latest week with sales, with the way to the review.
    s.wait_for(&tid("kpi-card-member_share"));
    s.wait_until("the last week of the file", WAIT, |s| {
        s.text(&tid("dashboard-range"))
            .contains("2026-W11")
            .then_some(())
    });
    assert!(s.text(&tid("kpi-value-net_minor")).starts_with('¥'));
    s.screenshot("first-run-dashboard");
    s.click(&tid("open-review"));
    s.wait_for(&format!("{} article.review", tid("review-preview")));
    assert!(s.text(&tid("review-preview")).contains("Little Crust"));

    // Save as HTML (the path the save dialog would give), and the CLI's report of that week.
    let html = s.data_dir().with_file_name("review.html");
    s.answer_dialog(&html);
    s.click(&tid("review-html"));
    s.wait_for(&tid("review-notice"));
    let cli = s.data_dir().with_file_name("cli.html");
    let out = regulars(
        &s.data_dir(),
        &[
            "report",
            "--week",
            "2026-W11",
            "--out",
            &cli.display().to_string(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = std::fs::read(&html).expect("saved html");
    assert_eq!(
        saved,
        std::fs::read(&cli).expect("cli html"),
        "Save as HTML = regulars report"
    );
    let text = String::from_utf8(saved).expect("utf-8");
    assert!(text.starts_with("<!DOCTYPE html>") && text.contains("<svg"));
    assert!(
        !text.contains(" src=") && !text.contains("href="),
        "self-contained"
    );
    s.screenshot("first-run-review");

    // Three more days (Monday to Wednesday of week 12): the dashboard stays on week 11, the
    // last one the sales cover whole, and week 12 is marked partial on its cards.
    let file = s.data_dir().with_file_name("mon-to-wed.csv");
    std::fs::write(
        &file,
        "日期,时间,单号,商品名称,数量,单价,金额,优惠金额,实收金额,会员手机号,类型\n\
         2026-03-16,08:10:00,G0001,美式,1,20.00,20.00,0.00,20.00,13700001111,销售\n\
         2026-03-17,09:10:00,G0002,法棍,1,10.00,10.00,0.00,10.00,,销售\n\
         2026-03-18,10:10:00,G0003,原味可颂,1,12.00,12.00,0.00,12.00,13600002222,销售\n",
    )
    .expect("three days");
    s.click(&tid("nav-import"));
    s.open_import_file(&file);
    s.confirm_shop();
    s.click(&tid("import-run"));
    s.wait_for(&tid("import-summary"));
    s.click(&tid("nav-dashboard"));
    s.wait_until("the dashboard of week 11", WAIT, |s| {
        s.text(&tid("dashboard-range"))
            .contains("2026-W11")
            .then_some(())
    });
    assert!(!s.exists(&tid("partial-week")), "week 11 is whole");
    assert_eq!(s.text(&tid("dashboard-title")), "Week 11 · 9–15 Mar");
    s.select(&tid("week-picker"), "2026-W12");
    s.wait_for(&tid("partial-week"));
    assert!(
        s.text(&tid("partial-week"))
            .contains("the imported sales cover 16–18 Mar only"),
        "{}",
        s.text(&tid("partial-week"))
    );
    assert!(s.exists(&tid("kpi-partial-net_minor")));
    s.screenshot("partial-week");
}
