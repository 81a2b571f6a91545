//! No message text and no unmatched sender's name is kept: after importing every chat fixture
//! and confirming one breach, the database, its `-wal`, `rejects/` and `backups/` hold none of
//! the fixtures' messages of eight or more characters and none of the senders' names — only the
//! confirmed, masked excerpt.

use crate::fixtures::TempShop;
use regulars_lib::community::chats::flags::{self, ConfirmInput};
use regulars_lib::community::moderation::Action;
use regulars_lib::settings::ctx::Ctx;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/chats")
        .join(name)
}

/// The messages and the names of the fixtures, read independently of the app's parsers.
fn texts_and_names() -> (Vec<String>, Vec<String>) {
    let mut texts = Vec::new();
    let mut names = Vec::new();
    for file in ["whatsapp_ios.txt", "whatsapp_android_us.txt"] {
        let text = std::fs::read_to_string(fixture(file)).expect("fixture");
        for line in text.lines() {
            let line = line.trim_start_matches('\u{200e}');
            let rest = line
                .split_once("] ")
                .or_else(|| line.split_once(" - "))
                .map(|(_, r)| r)
                .unwrap_or(line);
            match rest.split_once(": ") {
                Some((name, body)) => {
                    names.push(name.to_string());
                    texts.push(body.trim_start_matches('\u{200e}').to_string());
                }
                None => texts.push(rest.to_string()),
            }
        }
    }
    let tg: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("telegram_result.json")).expect("json"),
    )
    .expect("parse");
    for m in tg["messages"].as_array().expect("messages") {
        if let Some(t) = m["text"].as_str() {
            texts.push(t.to_string());
        }
        for key in ["from", "actor"] {
            if let Some(n) = m[key].as_str() {
                names.push(n.to_string());
            }
        }
    }
    let mut csv = csv::Reader::from_path(fixture("wechat.csv")).expect("csv");
    for row in csv.records() {
        let row = row.expect("row");
        texts.push(row[7].to_string());
        if !row[10].is_empty() {
            names.push(row[10].to_string());
        }
    }
    texts.retain(|t| t.chars().count() >= 8);
    names.retain(|n| n != "Crumb Club");
    names.sort();
    names.dedup();
    (texts, names)
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn contains(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    !n.is_empty() && hay.windows(n.len()).any(|w| w == n)
}

#[test]
fn no_message_text_and_no_unmatched_name_is_kept() {
    let shop = TempShop::new();
    shop.run(&[
        "groups",
        "add",
        "--name",
        "Crumb Club",
        "--created",
        "2026-01-01",
    ])
    .success();
    let mut reports = Vec::new();
    for f in [
        "whatsapp_ios.txt",
        "whatsapp_android_us.txt",
        "telegram_result.json",
        "wechat.csv",
    ] {
        let path = fixture(f);
        let out = shop
            .run(&[
                "chats",
                "import",
                path.to_str().expect("path"),
                "--group",
                "Crumb Club",
                "--json",
            ])
            .json();
        reports.push(out);
    }
    // The zip repeats the iOS chat: nothing new.
    let zip = fixture("whatsapp_ios.zip");
    let again = shop
        .run(&[
            "chats",
            "import",
            zip.to_str().expect("path"),
            "--group",
            "1",
            "--json",
        ])
        .json();
    assert_eq!(again["report"]["added"], 0, "{again}");
    // Confirm the WeChat file's phone-and-ad-word message as a breach.
    let flag = reports[3]["report"]["flags"]
        .as_array()
        .expect("flags")
        .iter()
        .find(|f| {
            f["hits"]
                .as_array()
                .is_some_and(|h| h.iter().any(|x| x == "phone"))
        })
        .expect("a phone flag")
        .clone();
    let excerpt = flag["excerpt"].as_str().expect("excerpt").to_string();
    assert!(excerpt.contains("138****8000"), "{excerpt}");
    {
        let mut conn = rusqlite::Connection::open(shop.dir().join("regulars.sqlite")).expect("db");
        let ctx = Ctx::on("CN", chrono::Local::now().date_naive());
        flags::confirm(
            &mut conn,
            &ConfirmInput {
                flag_id: flag["flag_id"].as_i64().expect("id"),
                action: Action::Reminder,
                rule_id: None,
                handled_by: None,
                excerpt: excerpt.clone(),
            },
            ctx,
        )
        .expect("confirm");
    }
    let log = shop.run(&["moderation", "list", "--json"]).json();
    assert!(log.to_string().contains(&excerpt), "{log}");
    shop.run(&["backup", "--auto"]).success();

    let (texts, names) = texts_and_names();
    assert!(
        texts.len() >= 20 && names.len() >= 10,
        "{texts:?} {names:?}"
    );
    let mut files = Vec::new();
    files_under(&shop.dir(), &mut files);
    assert!(
        files
            .iter()
            .any(|f| f.to_string_lossy().contains("backups")),
        "{files:?}"
    );
    for file in &files {
        let bytes = std::fs::read(file).expect("read");
        for t in &texts {
            assert!(!contains(&bytes, t), "{file:?} holds the message {t:?}");
        }
        for n in &names {
            assert!(!contains(&bytes, n), "{file:?} holds the name {n:?}");
        }
    }
    let db = std::fs::read(shop.dir().join("regulars.sqlite")).expect("db");
    let wal = std::fs::read(shop.dir().join("regulars.sqlite-wal")).unwrap_or_default();
    assert!(
        contains(&db, &excerpt) || contains(&wal, &excerpt),
        "the excerpt is kept"
    );
}
