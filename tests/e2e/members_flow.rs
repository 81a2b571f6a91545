//! The owner's own shop: add a member, a refused phone, a restart, and the language switch.

use super::harness::{EN_CN, Options, Session, WAIT, tid};
use super::{first_number, list_members};
use serde_json::json;

fn field(name: &str) -> String {
    tid(&format!("field-{name}"))
}

#[test]
fn members_are_added_validated_kept_across_restarts_and_shown_in_both_languages() {
    // English with phone region CN, so "13812345678" is a valid national mobile
    // (with en_US the shop's region is US and it would be refused).
    let Some(mut s) = Session::start_with("members_flow", Options { locale: EN_CN }) else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("start-own"));
    s.wait_gone(&tid("welcome"));
    // A shop without sales opens on the dashboard, which says what to do first.
    s.wait_for(&tid("dashboard-empty"));
    assert!(s.exists(&tid("dashboard-import")));
    s.click(&tid("nav-members"));
    s.wait_for(&tid("add-member"));
    assert_eq!(s.text("h1"), "Members");
    assert!(s.exists(&tid("nav-members")) && s.exists(&tid("nav-settings")));
    assert!(!s.exists(&tid("demo-banner")));

    // A valid member is saved, listed and counted.
    s.click(&tid("add-member"));
    s.wait_for(&tid("member-form"));
    s.type_into(&field("name"), "Zhang Wei");
    s.type_into(&field("phone"), "13812345678");
    s.type_into(&field("tags"), "sourdough, coffee");
    // The select's values are the core's member sources (`in_store`, `referral`, …).
    s.select(&field("source"), "referral");
    s.click(&tid("save-member"));
    s.wait_gone(&tid("member-form"));
    s.wait_until("a row for Zhang Wei", WAIT, |s| {
        s.texts(&tid("member-row"))
            .iter()
            .any(|r| r.contains("Zhang Wei"))
            .then_some(())
    });
    s.wait_until("the count to say 1", WAIT, |s| {
        (first_number(&s.text(&tid("member-count"))) == Some(1)).then_some(())
    });
    let list = list_members(&s, "current");
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(list["members"][0]["name"], "Zhang Wei");
    assert_eq!(list["members"][0]["phone"], "+8613812345678");
    assert_eq!(list["members"][0]["source"], "referral");
    let mut tags: Vec<&str> = list["members"][0]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t.as_str())
        .collect();
    tags.sort_unstable();
    assert_eq!(tags, ["coffee", "sourdough"], "{list}");

    // An invalid phone keeps the form open with an inline message and writes nothing.
    s.click(&tid("add-member"));
    s.wait_for(&tid("member-form"));
    s.type_into(&field("name"), "Li Na");
    s.type_into(&field("phone"), "12345");
    s.click(&tid("save-member"));
    let message = s.text(&tid("error-phone"));
    assert!(message.contains("not a valid phone number"), "{message:?}");
    assert!(s.exists(&tid("member-form")), "the form stays open");
    s.click(&tid("cancel-member"));
    s.wait_gone(&tid("member-form"));
    assert_eq!(
        list_members(&s, "all")["total"],
        1,
        "the refused member was not written"
    );
    assert_eq!(s.count(&tid("member-row")), 1);

    // Marked as left: the page says so and offers undo, which makes them current again.
    s.click(&format!("{} .name", tid("member-row")));
    s.wait_for(&tid("member-form"));
    s.click(&tid("mark-left"));
    s.click(&tid("confirm-ok"));
    s.wait_gone(&tid("member-form"));
    let notice = s.text(&tid("left-notice"));
    assert!(notice.contains("Zhang Wei is marked as left"), "{notice}");
    assert_eq!(list_members(&s, "current")["total"], 0);
    s.click(&tid("left-undo"));
    s.wait_until("Zhang Wei current again", WAIT, |s| {
        (list_members(s, "current")["total"] == 1).then_some(())
    });
    s.wait_gone(&tid("left-notice"));

    // The member is still there after a restart, and the welcome screen is not.
    s.restart();
    s.wait_for(&tid("nav-members"));
    s.click(&tid("nav-members"));
    s.wait_until("Zhang Wei after the restart", WAIT, |s| {
        s.texts(&tid("member-row"))
            .iter()
            .any(|r| r.contains("Zhang Wei"))
            .then_some(())
    });
    assert!(
        !s.exists(&tid("welcome")),
        "a started shop does not show the welcome screen again"
    );
    assert_eq!(s.text("h1"), "Members");
    s.screenshot("members-en");

    // The language switch.
    s.click(&tid("lang-toggle"));
    s.wait_until("the heading in Chinese", WAIT, |s| {
        (s.text("h1") == "会员").then_some(())
    });
    assert_eq!(first_number(&s.text(&tid("member-count"))), Some(1));
    assert!(
        s.texts(&tid("member-row"))
            .iter()
            .any(|r| r.contains("Zhang Wei"))
    );
    s.screenshot("members-zh");

    // Chinese names sort by pinyin (陈 chen before 王 wang before 张 zhang), not by code point.
    for name in ["王小麦", "张三", "陈一诺"] {
        let input = json!({
            "name": name, "phone": "", "wechat_name": "", "birthday": null,
            "joined_on": "2026-01-05", "source": "other", "tags": [], "notes": "",
            "marketing_consent": false,
        });
        s.invoke("add_member", json!({ "input": input }));
    }
    s.click(&tid("nav-dashboard"));
    s.click(&tid("nav-members"));
    s.wait_until("the four members by pinyin", WAIT, |s| {
        let names = s.texts(&format!("{} .name", tid("member-row")));
        (names == ["陈一诺", "王小麦", "张三", "Zhang Wei"]).then_some(())
    });
    s.screenshot("members-pinyin");
}
