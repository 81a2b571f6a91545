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
    let review = shop.path("review.html");
    shop.run(&[
        "report",
        "--week",
        "2026-W06",
        "--out",
        review.to_str().unwrap(),
    ])
    .success();
    let html = std::fs::read_to_string(&review).expect("review");
    assert!(
        html.contains("l***@example.com"),
        "the review names them masked"
    );
    for full in FULL {
        assert!(!board.contains(full), "{full} on the dashboard");
        assert!(!html.contains(full), "{full} in the review");
    }
}
