//! Importing sales through the window: a file with a bad row is previewed
//! with the problem marked, its valid rows imported, listed, imported again
//! (nothing new, and the summary says so), and both batches undone; a later export that cancels
//! a receipt imported before says so in its preview, summary, list row and undo.

use super::harness::{EN_CN, Options, Session, WAIT, tid};
use serde_json::json;

#[test]
fn a_pos_export_is_previewed_imported_listed_and_undone() {
    let Some(s) = Session::start_with("import_flow", Options { locale: EN_CN }) else {
        return;
    };
    super::own_shop_import(&s);

    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pos/e2e-with-problem.csv");
    s.open_import_file(&file);
    let problem = s.text(&tid("preview-problem"));
    assert!(
        problem.contains("2026-13-45"),
        "the bad date is marked: {problem}"
    );
    assert!(s.exists(&tid("import-problems")));
    // Hostile text in an item name is shown as text, not run.
    let rows = s.texts(&tid("preview-row")).join("\n");
    assert!(rows.contains("<img src=x onerror=alert(1)>"), "{rows}");
    s.screenshot("import-preview");

    s.confirm_shop();
    s.click(&tid("import-skip-invalid"));
    s.wait_for(&tid("import-summary"));
    let totals = s.text(&tid("import-summary"));
    assert!(
        totals.contains("¥"),
        "money in the shop's currency: {totals}"
    );
    s.wait_until("the batch in the imports list", WAIT, |s| {
        (s.count(&tid("import-row")) == 1).then_some(())
    });
    let batches = s.invoke("list_imports", json!({}));
    assert_eq!(batches[0]["batch"]["counts"]["added"], 5, "{batches}");
    assert_eq!(batches[0]["batch"]["counts"]["rejected"], 1, "{batches}");
    assert_eq!(batches[0]["sales"]["net_minor"], 5000, "{batches}");
    s.screenshot("import-summary");

    // The same export again adds nothing, and the summary says so.
    s.click(&tid("import-another"));
    s.open_import_file(&file);
    s.confirm_shop();
    s.click(&tid("import-skip-invalid"));
    s.wait_for(&tid("import-summary"));
    let again = s.text(&tid("import-summary"));
    assert!(again.contains("0 new, 5 already there"), "{again}");
    assert!(again.contains("count the new lines only"), "{again}");
    s.wait_until("the second batch in the imports list", WAIT, |s| {
        (s.count(&tid("import-row")) == 2).then_some(())
    });
    s.screenshot("import-again");

    // Undoing the first import keeps its lines: the second brought them too, and the dialog
    // says so first. Then the second, which now holds them, takes them away.
    s.execute(
        "document.querySelectorAll(arguments[0])[1].click(); return true;",
        vec![json!(tid("undo-import"))],
    );
    let text = s.text(&tid("confirm"));
    assert!(text.contains("5 lines stay"), "{text}");
    s.click(&tid("confirm-ok"));
    s.wait_until("1 batch in the imports list", WAIT, |s| {
        (s.count(&tid("import-row")) == 1).then_some(())
    });
    let left = s.invoke("list_imports", json!({}));
    assert_eq!(left[0]["batch"]["counts"]["added"], 5, "{left}");
    s.click(&tid("undo-import"));
    let text = s.text(&tid("confirm"));
    assert!(
        text.contains("The 5 lines this import added are removed"),
        "{text}"
    );
    s.click(&tid("confirm-ok"));
    s.wait_until("no batch in the imports list", WAIT, |s| {
        (s.count(&tid("import-row")) == 0).then_some(())
    });
    assert_eq!(s.invoke("list_imports", json!({})), json!([]));
}

/// Fifty customers of an export made members at once: asked first (named as they will be, no
/// phone for a name), one batch in the imports list, and one undo removes them all.
#[test]
fn fifty_customers_become_members_in_one_batch_that_undo_removes() {
    let Some(s) = Session::start_with("customers_batch", Options { locale: EN_CN }) else {
        return;
    };
    super::own_shop_import(&s);
    let mut text =
        String::from("日期,时间,单号,商品名称,数量,单价,金额,优惠金额,实收金额,会员手机号,类型\n");
    for i in 0..50 {
        text.push_str(&format!(
            "2026-11-{:02},10:{:02},R{i},可颂,1,12.00,12.00,0,12.00,1380013{i:04},销售\n",
            2 + i % 20,
            i % 60
        ));
    }
    let file = s.data_dir().join("fifty-customers.csv");
    std::fs::write(&file, text).expect("write");
    s.open_import_file(&file);
    s.confirm_shop();
    s.click(&tid("import-run"));
    s.wait_for(&tid("import-summary"));
    s.wait_for(&tid("customers-list"));
    s.click(&tid("create-members"));
    let names = s.text(&tid("create-members-names"));
    assert!(!names.contains("1380013"), "no phone as a name: {names}");
    assert!(names.contains("and 38 more"), "{names}");
    s.screenshot("customers-confirm");
    s.click(&tid("confirm-ok"));
    s.wait_until("fifty members", WAIT, |s| {
        (super::list_members(s, "current")["total"] == 50).then_some(())
    });
    s.wait_until("the customers batch in the imports list", WAIT, |s| {
        (s.count(&tid("import-row")) == 2).then_some(())
    });
    // The newest batch, the members, is listed first.
    s.click(&tid("undo-import"));
    s.wait_for(&tid("confirm"));
    s.click(&tid("confirm-ok"));
    s.wait_until("no members again", WAIT, |s| {
        (super::list_members(s, "all")["total"] == 0).then_some(())
    });
    // The list reloads after the undo answers (commands run off the main thread now).
    s.wait_until("the sales to stay listed alone", WAIT, |s| {
        (s.count(&tid("import-row")) == 1).then_some(())
    });
}

/// A later export that cancels a receipt imported before: its preview and summary say the
/// receipt leaves the totals, the imports list shows it beside the import, and the undo dialog
/// says it counts again.
#[test]
fn a_later_export_cancelling_an_imported_sale_says_so_and_undo_counts_it_again() {
    let Some(s) = Session::start_with("late_void", Options { locale: EN_CN }) else {
        return;
    };
    super::own_shop_import(&s);
    let dir = tempfile::tempdir().expect("tmp");
    let header = "日期,时间,单号,商品名称,数量,单价,金额,优惠金额,实收金额,会员手机号,类型\n";
    let rows = |status: &str| {
        format!(
            "{header}2026-03-02,09:15:00,A1001,原味可颂,2,12.00,24.00,0.00,24.00,13812345678,{status}\n\
             2026-03-02,09:15:00,A1001,拿铁,1,26.00,26.00,0.00,26.00,13812345678,{status}\n\
             2026-03-02,10:02:11,A1002,法式长棍,1,10.00,10.00,0.00,10.00,,销售\n"
        )
    };
    let earlier = dir.path().join("march.csv");
    let later = dir.path().join("march-again.csv");
    std::fs::write(&earlier, rows("销售")).expect("write");
    std::fs::write(&later, rows("作废")).expect("write");

    s.open_import_file(&earlier);
    s.confirm_shop();
    s.click(&tid("import-run"));
    s.wait_for(&tid("import-summary"));

    s.open_import_file(&later);
    s.confirm_shop();
    let preview = s.text(&tid("import-preview"));
    assert!(preview.contains("1 earlier receipt"), "{preview}");
    s.click(&tid("import-run"));
    s.wait_for(&tid("import-summary"));
    let note = s.text(&tid("import-voided-note"));
    assert!(
        note.contains("cancelled in this export") && note.contains("leaves every total"),
        "{note}"
    );
    s.wait_until("both imports listed", WAIT, |s| {
        (s.count(&tid("import-row")) == 2).then_some(())
    });
    let listed = s.text(&tid("import-voided"));
    assert!(listed.contains("1 earlier receipt (-¥50.00)"), "{listed}");
    s.screenshot("late-void-summary");
    assert_eq!(
        s.invoke("list_imports", json!({}))[0]["sales"]["voided_minor"],
        5000
    );

    // The latest import is listed first: its undo says the receipt counts again.
    s.click(&tid("undo-import"));
    let text = s.text(&tid("confirm"));
    assert!(
        text.contains("1 receipt this import voided counts again"),
        "{text}"
    );
    s.click(&tid("confirm-ok"));
    s.wait_until("one import left", WAIT, |s| {
        (s.count(&tid("import-row")) == 1).then_some(())
    });
}
