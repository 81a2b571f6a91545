//! The community from the command line: staff, groups, rules (a revision, two side by side, the
//! card) and the moderation log, on the demo shop and on an empty one; every list as JSON.

use crate::fixtures::TempShop;

const TODAY: &str = "2026-03-18";

#[test]
fn the_demos_groups_rules_and_log_from_the_command_line() {
    let shop = TempShop::new();
    shop.run(&["demo", "--today", TODAY]).success();
    let staff = shop.run(&["staff", "list", "--json"]).json_array();
    assert_eq!(staff.len(), 2, "{staff:?}");
    assert_eq!(staff[0]["role"], "owner");
    let groups = shop.run(&["groups", "list", "--json"]).json_array();
    assert_eq!(groups.len(), 3);
    let platforms: Vec<&str> = groups
        .iter()
        .filter_map(|g| g["platform"].as_str())
        .collect();
    for p in ["wechat", "wecom", "xiaohongshu"] {
        assert!(platforms.contains(&p), "{platforms:?}");
    }
    for g in &groups {
        assert!(g["size"]["size"].as_i64().is_some_and(|n| n > 0), "{g}");
        assert!(g["listed"].as_i64().is_some_and(|n| n > 0), "{g}");
        // Its rules were revised at least twice.
        let id = g["id"].to_string();
        let page = shop.run(&["groups", "show", &id, "--json"]).json();
        assert!(
            page["revisions"].as_array().is_some_and(|r| r.len() >= 3),
            "{page}"
        );
        // Listed members have their last purchase from the till.
        assert!(
            page["listed"]
                .as_array()
                .expect("listed")
                .iter()
                .any(|m| m["last_visit"].is_string()),
            "{page}"
        );
    }
    // The first two revisions of the first group side by side.
    let first = groups[0]["id"].to_string();
    let diff = shop
        .run(&["rules", "show", &first, "--diff", "1", "2", "--json"])
        .json();
    assert_eq!(
        (diff["from"].as_i64(), diff["to"].as_i64()),
        (Some(1), Some(2))
    );
    assert!(
        diff["added"].as_i64() == Some(1) && diff["reworded"].as_i64() == Some(1),
        "{diff}"
    );
    let words = shop
        .run(&["rules", "show", &first, "--diff", "1", "2"])
        .success()
        .stdout();
    assert!(words.contains("{+") && words.contains("[-"), "{words}");
    // Revision 1 still has every word it had.
    let one = shop
        .run(&["rules", "show", &first, "--rev", "1", "--json"])
        .json();
    assert_eq!(one["rules"].as_array().map(Vec::len), Some(7));
    // The log: a dozen entries, one withdrawn, and one repeat offender among them.
    let log = shop.run(&["moderation", "list", "--json"]).json_array();
    assert!((11..=13).contains(&log.len()), "{}", log.len());
    assert_eq!(
        log.iter().filter(|e| e["action"] == "withdrawal").count(),
        1
    );
    let by_name = shop
        .run(&[
            "moderation",
            "list",
            "--group",
            groups[0]["name"].as_str().expect("name"),
            "--json",
        ])
        .json_array();
    assert!(by_name.iter().all(|e| e["group_id"] == groups[0]["id"]));
    // No phone in full anywhere in the log.
    let text = shop.run(&["moderation", "list"]).success().stdout();
    assert!(
        !text
            .chars()
            .collect::<Vec<_>>()
            .windows(11)
            .any(|w| w.iter().all(char::is_ascii_digit)),
        "{text}"
    );

    // The card: written where asked, never over the shop.
    let card = shop.path("card.html");
    shop.run(&[
        "rules",
        "card",
        &first,
        "--out",
        card.to_str().expect("path"),
    ])
    .success();
    let html = std::fs::read_to_string(&card).expect("card");
    assert!(html.contains("size: A5") && html.contains(groups[0]["name"].as_str().expect("name")));
    let live = shop.dir().join("regulars.sqlite");
    shop.run(&[
        "rules",
        "card",
        &first,
        "--out",
        live.to_str().expect("path"),
    ])
    .failure_with("");
    assert!(
        shop.run(&["rules", "card", &first, "--out", "x.html", "--paper", "b5"])
            .code()
            == Some(1)
    );
}

#[test]
fn staff_and_groups_are_added_and_refused_with_the_field_named() {
    let shop = TempShop::new();
    shop.run(&["staff", "add", "--name", "Mia", "--role", "admin"])
        .success();
    shop.run(&["staff", "add", "--name", "Tom", "--role", "boss"])
        .failure_with("Unknown role");
    let staff = shop.run(&["staff", "list", "--json"]).json_array();
    assert_eq!(staff.len(), 1);
    let owner = staff[0]["id"].to_string();
    shop.run(&[
        "groups",
        "add",
        "--name",
        "Regulars",
        "--platform",
        "whatsapp",
        "--owner",
        &owner,
        "--created",
        "2026-01-02",
        "--threshold",
        "receipt",
        "--target-size",
        "200",
    ])
    .success();
    shop.run(&["groups", "add", "--name", "regulars"])
        .failure_with("taken already");
    shop.run(&[
        "groups",
        "add",
        "--name",
        "Later",
        "--created",
        "2999-01-01",
    ])
    .failure_with("in the future");
    let groups = shop.run(&["groups", "list", "--json"]).json_array();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0]["owner_name"], "Mia");
    assert_eq!(
        groups[0]["size"],
        serde_json::Value::Null,
        "no size before one is typed"
    );
    // A group without rules has no card and no current revision.
    shop.run(&["rules", "show", "Regulars"])
        .failure_with("has no rules yet");
    shop.run(&["rules", "show", "Nobody"])
        .failure_with("No group is called");
    assert!(
        shop.run(&["moderation", "list", "--json"])
            .json_array()
            .is_empty()
    );
}
