//! A member list through the table import in the real window: 200 rows with one bad phone; the
//! preview shows the bad row and refuses the file whole until the owner asks for the valid rows;
//! the 199 land, the batch is listed, and its undo asks about the member changed since.

use super::harness::{EN_CN, Options, Session, WAIT, tid};
use super::{first_number, list_members};
use serde_json::json;

#[test]
fn a_member_list_with_one_bad_phone_imports_its_valid_rows_and_is_undone() {
    let Some(s) = Session::start_with("member_list_flow", Options { locale: EN_CN }) else {
        return;
    };
    let file = s.data_dir().with_file_name("our members.csv");
    let mut text = String::from("name,phone,joined,tags\n");
    for i in 0..200 {
        let phone = if i == 120 {
            "12345".to_string()
        } else {
            format!("1391234{i:04}")
        };
        text.push_str(&format!("Member {i:03},{phone},2026-01-05,regular\n"));
    }
    std::fs::write(&file, text).expect("member list");

    s.wait_for(&tid("welcome"));
    s.click(&tid("start-own"));
    s.wait_gone(&tid("welcome"));
    s.click(&tid("nav-members"));
    s.click(&tid("import-members"));
    s.wait_for(&tid("import-wizard-members"));
    s.answer_dialog(&file);
    s.click(&tid("table-choose"));
    s.wait_for(&tid("table-preview"));
    assert_eq!(
        s.text(&tid("table-counts")),
        "200 rows: 199 to add, 0 already there, 1 cannot be imported."
    );
    let problems = s.texts(&tid("table-problem"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].contains("122") && problems[0].contains("12345"),
        "{problems:?}"
    );
    let disabled = s.execute(
        "return document.querySelector(arguments[0]).disabled",
        vec![json!(tid("table-import"))],
    );
    assert_eq!(disabled, json!(true), "all or nothing: refused until asked");
    s.screenshot("member_list_preview");

    s.click(&tid("table-valid-rows"));
    s.click(&tid("table-import"));
    s.wait_for(&tid("table-done"));
    assert!(s.text(&tid("table-done")).contains("Added 199 members"));
    s.click(&tid("import-members-close"));
    s.wait_until("the count to say 199", WAIT, |s| {
        (first_number(&s.text(&tid("member-count"))) == Some(199)).then_some(())
    });

    // One member is changed after the import: undo names them before removing anyone.
    let member = list_members(&s, "current")["members"][0].clone();
    let input = json!({
        "name": member["name"], "phone": member["phone"], "wechat_name": "",
        "birthday": null, "joined_on": member["joined_on"], "source": member["source"],
        "tags": ["regular", "vip"], "notes": "", "marketing_consent": false,
    });
    s.invoke(
        "update_member",
        json!({ "id": member["id"], "input": input }),
    );

    s.click(&tid("nav-import"));
    s.wait_until("the member list's batch", WAIT, |s| {
        s.texts(&tid("import-row"))
            .iter()
            .any(|r| r.contains("our members.csv") && r.contains("199 members"))
            .then_some(())
    });
    s.click(&tid("undo-import"));
    let changed = s.text(&tid("undo-changed"));
    assert!(changed.contains("Member 000"), "{changed}");
    s.screenshot("member_list_undo");
    s.click(&tid("confirm-ok"));
    s.wait_until("the batch to go", WAIT, |s| {
        (s.count(&tid("import-row")) == 0).then_some(())
    });
    assert_eq!(list_members(&s, "all")["total"], 0, "undo removed them all");
}
