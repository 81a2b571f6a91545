//! Importing sales through the window: a file with a bad row is previewed
//! with the problem marked, its valid rows imported, listed, imported again
//! (nothing new, and the summary says so), and both batches undone.

use super::harness::{EN_CN, Options, Session, WAIT, tid};
use serde_json::json;

#[test]
fn a_pos_export_is_previewed_imported_listed_and_undone() {
    let Some(s) = Session::start_with("import_flow", Options { locale: EN_CN }) else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("start-own"));
    s.wait_for(&tid("nav-import"));
    s.click(&tid("nav-import"));
    s.wait_for(&tid("import-choose"));

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
    s.click(&tid("import-skip-invalid"));
    s.wait_for(&tid("import-summary"));
    let again = s.text(&tid("import-summary"));
    assert!(again.contains("0 new, 5 already there"), "{again}");
    assert!(again.contains("count the new lines only"), "{again}");
    s.wait_until("the second batch in the imports list", WAIT, |s| {
        (s.count(&tid("import-row")) == 2).then_some(())
    });
    s.screenshot("import-again");

    for left in [1, 0] {
        s.click(&tid("undo-import"));
        s.wait_for(&tid("confirm"));
        s.click(&tid("confirm-ok"));
        s.wait_until(&format!("{left} batches in the imports list"), WAIT, |s| {
            (s.count(&tid("import-row")) == left).then_some(())
        });
    }
    assert_eq!(s.invoke("list_imports", json!({})), json!([]));
}
