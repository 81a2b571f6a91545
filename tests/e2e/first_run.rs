//! First run on an empty data folder: the welcome screen, the demo shop, back to an own shop
//! that kept none of the demo's settings, and the demo again from Settings.

use super::harness::{Session, WAIT, tid};
use super::{first_number, list_members};
use serde_json::json;

#[test]
fn first_run_opens_the_demo_then_leaves_it_for_the_own_shop() {
    let Some(s) = Session::start("first_run") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    assert!(s.text(&tid("open-demo")).contains("Open the demo shop"));
    assert!(
        s.text(&tid("start-own"))
            .contains("Start with an empty shop")
    );
    assert!(
        s.text(&tid("import-first"))
            .contains("Import my POS export")
    );

    s.click(&tid("open-demo"));
    s.wait_for(&tid("demo-banner"));
    s.wait_gone(&tid("welcome"));
    // The demo opens on its dashboard: last week, complete, with numbers.
    s.wait_for(&tid("kpi-card-member_share"));
    let title = s.text("h1");
    assert!(title.starts_with("Last week · "), "{title}");
    s.click(&tid("nav-members"));
    s.wait_for(&tid("member-count"));
    assert_eq!(s.text("h1"), "Members");
    let shown = s.wait_until("the member count of the demo", super::harness::WAIT, |s| {
        first_number(&s.text(&tid("member-count"))).filter(|&n| n >= 120)
    });
    let total = list_members(&s, "current")["total"].as_u64().unwrap();
    assert_eq!(shown, total, "the count shows what the core holds");
    let rows = s.texts(&tid("member-row"));
    assert!(rows.len() >= 120, "only {} member rows", rows.len());
    let members = list_members(&s, "current");
    let names: Vec<&str> = members["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    for name in names.iter().take(5) {
        assert!(rows.iter().any(|r| r.contains(name)), "no row shows {name}");
    }
    s.screenshot("demo");

    s.click(&tid("leave-demo"));
    s.wait_gone(&tid("demo-banner"));
    assert!(
        !s.exists(&tid("welcome")),
        "leaving the demo goes to the own shop, not back to welcome"
    );
    s.wait_for(&tid("dashboard-empty"));
    s.click(&tid("nav-members"));
    s.wait_for(&tid("member-count"));
    assert_eq!(s.text("h1"), "Members");
    let own = list_members(&s, "all");
    assert_eq!(
        own["total"], 0,
        "the demo never mixes with the owner's shop: {own}"
    );
    assert_eq!(s.count(&tid("member-row")), 0);

    // The owner's shop kept none of the demo's settings: the first import asks for its name,
    // with the machine's defaults (en_US: dollars, US phones), not the demo bakery's.
    let info = s.invoke("shop_info", json!({}));
    assert_eq!(info["settings"]["shop_name"], "", "{info}");
    assert_eq!(info["settings"]["currency"], "USD", "{info}");
    assert_eq!(info["settings"]["phone_region"], "US", "{info}");
    s.click(&tid("nav-import"));
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/pos/first-two-weeks.csv");
    s.open_import_file(&file);
    // A Chinese till's export on an English machine: before anything is written, the preview
    // proposes the shop the file tells of, each setting with why; the import waits for it.
    s.wait_for(&tid("shop-check"));
    assert_eq!(s.value(&tid("shop-check-currency")), "CNY");
    assert_eq!(s.value(&tid("shop-check-phone_region")), "CN");
    assert_eq!(s.value(&tid("shop-check-time_zone")), "Asia/Shanghai");
    let why = s.text(&tid("shop-check-why-phone_region"));
    assert!(why.contains("Mainland China numbers"), "{why}");
    let disabled = s.execute(
        "return document.querySelector(arguments[0]).disabled",
        vec![json!(tid("import-run"))],
    );
    assert_eq!(disabled, json!(true), "the import waits for the owner");
    s.screenshot("first-import-shop-check");
    s.confirm_shop();
    s.click(&tid("import-run"));
    s.wait_for(&tid("import-summary"));
    assert!(s.text(&tid("import-summary")).contains('¥'));
    let info = s.invoke("shop_info", json!({}));
    assert_eq!(info["settings"]["currency"], "CNY", "{info}");
    assert_eq!(info["settings"]["phone_region"], "CN", "{info}");
    assert_eq!(info["settings"]["time_zone"], "Asia/Shanghai", "{info}");
    s.click(&tid("setup-next"));
    s.wait_for(&tid("setup-form"));
    let name = s.execute(
        "return document.querySelector(arguments[0]).value",
        vec![json!(tid("setup-shop-name"))],
    );
    assert_eq!(
        name,
        json!("My shop"),
        "the shop's name is asked (the confirmed settings gave it a placeholder), not the demo's"
    );
    s.screenshot("own-shop-after-demo");

    // The member list, joined before the sales: their purchases become member sales.
    let list = s.data_dir().with_file_name("our members.csv");
    std::fs::write(
        &list,
        "姓名,手机号,入群日期\n王丽,13700001111,2026-02-01\n陈明,13812345678,2026-02-01\n",
    )
    .expect("member list");
    s.type_into(&tid("setup-shop-name"), "Lily's Bakery");
    s.answer_dialog(&list);
    s.click(&tid("table-choose"));
    s.wait_for(&tid("table-preview"));
    s.click(&tid("table-import"));
    s.wait_for(&tid("table-done"));
    s.click(&tid("setup-done"));
    s.wait_for(&tid("kpi-card-member_share"));
    let share = s.text(&tid("kpi-value-member_share"));
    assert!(
        first_number(&share).is_some_and(|n| n > 0),
        "the members' purchases are member sales: {share}"
    );
    s.screenshot("first-dashboard-with-members");

    // Settings speak the owner's language: the phone region by its country's name (the one the
    // first import confirmed), the time zone from the full list with the machine's first. The demo opens again from there.
    s.click(&tid("nav-settings"));
    s.wait_until("the region by name", WAIT, |s| {
        let shown = s.execute(
            "const e = document.querySelector(arguments[0]); return e.options[e.selectedIndex].text",
            vec![json!(tid("field-phone_region"))],
        );
        (shown == json!("Mainland China")).then_some(())
    });
    let zones = s.execute(
        "return document.querySelectorAll('#time-zones option').length",
        vec![],
    );
    assert!(zones.as_u64().unwrap_or(0) > 300, "{zones} time zones");
    s.screenshot("settings-en");
    s.click(&tid("settings-open-demo"));
    s.wait_for(&tid("demo-banner"));
}
