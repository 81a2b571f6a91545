//! With masking on (the default), no identity prints in full on the dashboard or in the review:
//! raw numbers, card numbers, POS ids and e-mails a layout maps as the customer, and POS "names"
//! that are phones.

use crate::fixtures::TempShop;

const EXPORT: &str = "date,time,receipt_id,item_name,quantity,net,customer_phone,member_card,customer_id,customer_name
2026-02-02,09:00:00,R1,Cake,1,300.00,12345678901234,,,
2026-02-03,09:00:00,R2,Cake,1,290.00,,6222021234567890,,
2026-02-03,10:00:00,R3,Cake,1,280.00,,,CUST-00A123,
2026-02-04,09:00:00,R4,Cake,1,270.00,,,lily.wang@example.com,
2026-02-05,09:00:00,R5,Cake,1,260.00,,,VIP-0099,13812345678
2026-02-05,10:00:00,R6,Bread,1,5.00,,,,
";

/// The full values, each of which must never print.
const FULL: [&str; 6] = [
    "12345678901234",
    "6222021234567890",
    "CUST-00A123",
    "lily.wang@example.com",
    "VIP-0099",
    "13812345678",
];

#[test]
fn every_identity_is_masked_on_the_dashboard_and_in_the_review() {
    let shop = TempShop::new();
    let file = shop.path("feb.csv");
    std::fs::write(&file, EXPORT).expect("export");
    shop.run(&["settings", "--phone-region", "CN"]).success();
    shop.run(&["import", "--auto-map", file.to_str().unwrap()])
        .success();
    let board = shop
        .run(&["dashboard", "--week", "2026-W06"])
        .success()
        .stdout();
    let spenders =
        serde_json::from_str::<serde_json::Value>(&board).expect("json")["bigSpenders"].clone();
    let labels: Vec<&str> = spenders
        .as_array()
        .expect("big spenders")
        .iter()
        .filter_map(|c| c["label"].as_str())
        .collect();
    assert_eq!(
        labels,
        [
            "123*******1234",
            "622*********7890",
            "****A123",
            "l***@example.com",
            "****0099"
        ],
        "{spenders}"
    );
    assert!(
        spenders
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["name"].is_null()),
        "a phone is no name: {spenders}"
    );
    let html = review_of_week_6(&shop);
    assert!(
        html.contains("l***@example.com"),
        "the review names them masked"
    );
    for full in FULL {
        assert!(!board.contains(full), "{full} on the dashboard");
        assert!(!html.contains(full), "{full} in the review");
    }
}

/// A member with no name (made of a customer the POS knew by phone alone, or added so) is shown
/// as "顾客 138****5678" in the members list, on the dashboard and in the review: never by their
/// whole phone, even where the owner asks to see phones.
#[test]
fn a_nameless_member_is_shown_by_their_masked_phone_everywhere() {
    let shop = TempShop::new();
    shop.run(&["settings", "--phone-region", "CN", "--language", "zh-CN"])
        .success();
    shop.run(&[
        "members",
        "add",
        "--phone",
        "13812345678",
        "--joined",
        "2026-02-02",
    ])
    .success();
    let file = shop.path("feb.csv");
    std::fs::write(
        &file,
        "date,time,receipt_id,item_name,quantity,net,customer_phone\n\
         2026-02-03,09:00:00,R1,Cake,1,300.00,13812345678\n",
    )
    .expect("export");
    shop.run(&["import", "--auto-map", file.to_str().unwrap()])
        .success();
    let list = shop.run(&["members", "list"]).success().stdout();
    assert!(list.contains("顾客 138****5678"), "{list}");
    let json = shop.run(&["members", "list", "--json"]).success().stdout();
    let rows: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert!(rows[0]["name"].is_null(), "no name is stored: {rows}");
    let html = review_of_week_6(&shop);
    assert!(
        html.matches("顾客 138****5678").count() >= 2,
        "a new member and the top spender, by their label"
    );
    assert!(!html.contains("13812345678"), "the whole phone is no name");
    let shown = shop
        .run(&["members", "list", "--show-phones"])
        .success()
        .stdout();
    assert!(
        shown.contains("顾客 138****5678") && shown.contains("138 1234 5678"),
        "the phone shown on request, the label masked still: {shown}"
    );
}

/// The printed review of 2026-W06, as saved by `report --out`.
fn review_of_week_6(shop: &TempShop) -> String {
    let review = shop.path("review.html");
    shop.run(&[
        "report",
        "--week",
        "2026-W06",
        "--out",
        review.to_str().unwrap(),
    ])
    .success();
    std::fs::read_to_string(&review).expect("review")
}
