//! The window as a hostile or unlucky user meets it: it never freezes during an import (every
//! page shows it, with Cancel), one panic does not wedge it, and it cannot name a path itself.

use super::harness::{Session, tid};
use crate::fixtures::february_export;
use serde_json::json;
use std::time::Duration;

/// Mid-import the owner goes to the dashboard and the members: the window answers at once,
/// every page shows the running import with its progress, and Cancel there stops it (nothing
/// lands). A command that needs the shop meanwhile is told an import is running.
#[test]
fn pages_answer_during_an_import_and_cancel_stops_it() {
    let Some(s) = Session::start("navigate_during_import") else {
        return;
    };
    super::own_shop_import(&s);
    let file = s.data_dir().with_file_name("big.csv");
    february_export(&file, 200_000);
    s.answer_dialog(&file);
    s.click(&tid("import-choose-file"));
    // A debug build reads 200,000 lines for the preview in seconds, more beside other tests.
    s.wait_until("the big file's preview", Duration::from_secs(90), |s| {
        s.exists(&tid("import-run")).then_some(())
    });
    s.confirm_shop();
    s.click(&tid("import-run"));
    s.wait_for(&tid("import-running"));
    s.click(&tid("nav-dashboard"));
    s.wait_for(&tid("import-banner"));
    let banner = s.text(&tid("import-banner"));
    assert!(banner.contains("big.csv"), "{banner}");
    s.screenshot("import-banner-dashboard");
    let busy = s
        .invoke_result("dashboard", json!({ "week": null }))
        .expect_err("the dashboard waits for no import");
    assert_eq!(busy["code"], "importRunning", "{busy}");
    s.click(&tid("nav-members"));
    s.wait_for(&tid("import-banner"));
    // What needs no shop still answers.
    s.invoke("currencies", json!({}));
    s.click(&tid("import-banner-cancel"));
    s.wait_gone(&tid("import-banner"));
    // Back on the import page, the file's preview is there to try again (read again after the
    // rollback), and nothing was imported.
    s.click(&tid("nav-import"));
    s.wait_until(
        "the preview after the cancel",
        Duration::from_secs(90),
        |s| s.exists(&tid("import-run")).then_some(()),
    );
    let imports = s.invoke("list_imports", json!({}));
    assert_eq!(imports, json!([]), "a cancelled import leaves nothing");
}

/// A command that panics (compiled only into debug builds) answers with an error naming it; the
/// shop's lock is not left poisoned: the next command and the pages work.
#[test]
fn a_panic_is_an_error_and_the_next_command_works() {
    let Some(s) = Session::start("panic_then_work") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("open-demo"));
    s.wait_for("[data-testid^=kpi-card-]");
    let err = s
        .invoke_result("debug_panic", json!({}))
        .expect_err("it panics");
    assert_eq!(err["code"], "internal", "{err}");
    let message = err["message"].as_str().unwrap_or_default();
    assert!(message.contains("debug_panic"), "{message}");
    assert!(
        message.contains("asked for"),
        "the panic's words: {message}"
    );
    let again = s.invoke_result("debug_panic", json!({}));
    assert!(again.is_err(), "a second panic too");
    let info = s.invoke("shop_info", json!({}));
    assert_eq!(info["kind"], "demo", "{info}");
    s.click(&tid("nav-members"));
    s.wait_for(&tid("member-row"));
}

/// Paths come only as tokens Rust issued: a path the window makes up is refused, a token of an
/// import does not serve a restore, and a token's flow ends with its import.
#[test]
fn a_path_reaches_a_command_only_as_a_token_of_its_flow() {
    let Some(s) = Session::start("path_tokens") else {
        return;
    };
    super::own_shop_import(&s);
    let secret = s.data_dir().with_file_name("secret.txt");
    february_export(&secret, 30);
    let request = json!({
        "path": "secret.txt",
        "read": { "encoding": null, "delimiter": null, "sheet": null },
        "mapping": null, "preset": null, "auto_map": true, "skip_invalid": false,
    });
    for made_up in [secret.display().to_string(), "/etc/passwd".to_string()] {
        let err = s
            .invoke_result(
                "import_preview",
                json!({ "file": made_up, "request": request }),
            )
            .expect_err("a path is not a token");
        assert_eq!(err["code"], "notChosen", "{err}");
        let err = s
            .invoke_result(
                "table_preview",
                json!({ "kind": "members", "file": made_up }),
            )
            .expect_err("nor for a member list");
        assert_eq!(err["code"], "notChosen", "{err}");
    }
    // The old way in, a path for a save, is gone: the save asks its own dialog.
    let err = s
        .invoke_result("backup_to", json!({ "path": "/tmp/x.sqlite" }))
        .expect_err("no path argument");
    assert!(err.to_string().contains("text"), "{err}");
    // A token of an import: previews as often as needed, never a restore, spent by the run.
    s.answer_dialog(&secret);
    let token = s.invoke(
        "choose_file",
        json!({ "flow": "import", "text": { "filter": "CSV", "file_name": null } }),
    );
    assert_eq!(token["name"], "secret.txt", "{token}");
    let file = token["token"].clone();
    for _ in 0..2 {
        s.invoke(
            "import_preview",
            json!({ "file": file, "request": request }),
        );
    }
    let err = s
        .invoke_result("restore_from", json!({ "file": file }))
        .expect_err("an import's token restores nothing");
    assert_eq!(err["code"], "notChosen", "{err}");
    s.invoke("import_run", json!({ "file": file, "request": request }));
    let err = s
        .invoke_result("import_run", json!({ "file": file, "request": request }))
        .expect_err("spent");
    assert_eq!(err["code"], "notChosen", "{err}");
}
