//! The headless CLI, run as the real binary on temporary data folders.

use crate::fixtures::{
    DEMO_LEFT, DEMO_MEMBERS, EN, Run, TODAY, TempShop, ZH, by_name, bytes, pre_restore_copies,
    regulars_with,
};
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const MEMBER_FIELDS: [&str; 13] = [
    "id",
    "name",
    "label",
    "phone",
    "phone_display",
    "wechat_name",
    "birthday",
    "joined_on",
    "source",
    "tags",
    "notes",
    "marketing_consent",
    "left_on",
];
const SOURCES: [&str; 5] = ["in_store", "event", "referral", "online", "other"];

/// `^1\d\d\*{4}\d{4}$`: a Chinese mobile as exports show it.
fn is_masked_mobile(s: &str) -> bool {
    let c: Vec<char> = s.chars().collect();
    c.len() == 11
        && c[0] == '1'
        && c[1..3].iter().all(char::is_ascii_digit)
        && c[3..7].iter().all(|&x| x == '*')
        && c[7..].iter().all(char::is_ascii_digit)
}

/// `^\+861\d{10}$`: a Chinese mobile in E.164.
fn is_e164_cn_mobile(s: &str) -> bool {
    s.len() == 14 && s.starts_with("+861") && s[1..].chars().all(|c| c.is_ascii_digit())
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().map(|s| {
        s.parse()
            .unwrap_or_else(|e| panic!("{s:?} is not a YYYY-MM-DD date: {e}"))
    })
}

/// Every field is present, of the documented type, and nothing else is there.
fn check_shape(m: &Value) {
    let obj = m
        .as_object()
        .unwrap_or_else(|| panic!("a member is an object: {m}"));
    let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = MEMBER_FIELDS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected, "fields of {m}");
    assert!(m["id"].as_i64().is_some_and(|id| id > 0), "id of {m}");
    // A member may have no name (then a phone); the label always says who they are.
    assert!(
        m["name"].as_str().is_some_and(|n| !n.trim().is_empty())
            || (m["name"].is_null() && m["phone"].is_string()),
        "name of {m}"
    );
    assert!(
        m["label"].as_str().is_some_and(|n| !n.trim().is_empty()),
        "label of {m}"
    );
    for key in [
        "phone",
        "phone_display",
        "wechat_name",
        "birthday",
        "left_on",
    ] {
        assert!(m[key].is_null() || m[key].is_string(), "{key} of {m}");
    }
    assert!(m["notes"].is_string(), "notes of {m}");
    assert!(m["marketing_consent"].is_boolean(), "consent of {m}");
    assert!(
        m["source"].as_str().is_some_and(|s| SOURCES.contains(&s)),
        "source of {m}"
    );
    let tags = m["tags"]
        .as_array()
        .unwrap_or_else(|| panic!("tags of {m}"));
    assert!(
        tags.iter()
            .all(|t| t.as_str().is_some_and(|t| !t.is_empty())),
        "tags of {m}"
    );
    let joined = date(&m["joined_on"]).unwrap_or_else(|| panic!("joined_on of {m}"));
    if let Some(left) = date(&m["left_on"]) {
        assert!(left >= joined, "left before joining: {m}");
    }
    if let Some(birthday) = date(&m["birthday"]) {
        assert!(birthday < joined, "born after joining: {m}");
    }
}

fn ids(members: &[Value]) -> Vec<i64> {
    let mut ids: Vec<i64> = members.iter().filter_map(|m| m["id"].as_i64()).collect();
    ids.sort_unstable();
    ids
}

fn count_members_in(file: &Path) -> i64 {
    let conn = Connection::open_with_flags(file, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("open {}: {e}", file.display()));
    conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("count members in {}: {e}", file.display()))
}

#[test]
fn help_and_version_describe_the_commands() {
    let cases: [(&[&str], &[&str]); 7] = [
        (
            &["--help"],
            &[
                "demo",
                "members",
                "backup",
                "restore",
                "dashboard",
                "--data-dir",
                "REGULARS_DATA_DIR",
            ],
        ),
        (&["members", "--help"], &["list", "add"]),
        (
            &["members", "list", "--help"],
            &["--json", "--search", "--all", "--show-phones"],
        ),
        (
            &["members", "add", "--help"],
            &[
                "--name",
                "--phone",
                "--wechat",
                "--birthday",
                "--joined",
                "--source",
                "--tag",
                "--notes",
                "--consent",
            ],
        ),
        (&["demo", "--help"], &["--today"]),
        (&["backup", "--help"], &["--out"]),
        (&["--version"], &[env!("CARGO_PKG_VERSION")]),
    ];
    let shop = TempShop::new();
    for (args, needles) in cases {
        let run = shop.run(args).success();
        for needle in needles {
            assert!(
                run.stdout().contains(needle),
                "`{args:?}` should mention {needle}:\n{}",
                run.stdout()
            );
        }
    }
    let run = shop.run(&["frobnicate"]);
    assert_eq!(
        run.code(),
        Some(2),
        "an unknown command is a usage error: {}",
        run.stderr()
    );
    assert!(
        !shop.dir().exists(),
        "help, version and usage errors touch no data folder"
    );
}

#[test]
fn demo_fills_an_empty_folder_with_the_demo_bakery() {
    let shop = TempShop::new();
    let run = shop.run(&["demo", "--today", TODAY]).success();
    assert!(
        run.stdout().contains(&format!("{DEMO_MEMBERS} members")),
        "{}",
        run.stdout()
    );
    assert!(shop.dir().join("regulars.sqlite").is_file());
    let today: NaiveDate = TODAY.parse().unwrap();

    let current = shop.members(&[]);
    assert!(current.len() >= 120, "only {} members", current.len());
    assert_eq!(
        current.len(),
        DEMO_MEMBERS - DEMO_LEFT,
        "members who left are hidden"
    );
    let mut with_phone = 0;
    for m in &current {
        check_shape(m);
        assert!(m["left_on"].is_null(), "a current member has left: {m}");
        assert!(
            date(&m["joined_on"]).unwrap() <= today,
            "joined after today: {m}"
        );
        if let Some(phone) = m["phone"].as_str() {
            with_phone += 1;
            assert!(
                is_masked_mobile(phone),
                "phone not masked like 138****1234: {m}"
            );
            assert_eq!(m["phone_display"], m["phone"], "display is masked too: {m}");
        } else {
            assert!(m["phone_display"].is_null(), "{m}");
        }
    }
    assert!(
        with_phone * 4 >= current.len() * 3,
        "most demo members have a phone ({with_phone})"
    );

    let all = shop.members(&["--all"]);
    assert_eq!(all.len(), DEMO_MEMBERS);
    let left: Vec<&Value> = all.iter().filter(|m| !m["left_on"].is_null()).collect();
    assert_eq!(left.len(), DEMO_LEFT, "members who left: {left:?}");
    for m in &left {
        assert!(
            date(&m["left_on"]).unwrap() <= today,
            "left after today: {m}"
        );
    }

    // --show-phones: the same members with E.164 phones whose ends match the masked ones.
    let full = shop.all_members();
    assert_eq!(ids(&full), ids(&all));
    let mut phones = Vec::new();
    for m in &full {
        check_shape(m);
        let Some(phone) = m["phone"].as_str() else {
            continue;
        };
        assert!(is_e164_cn_mobile(phone), "full phone in E.164: {m}");
        let masked = all.iter().find(|x| x["id"] == m["id"]).unwrap()["phone"]
            .as_str()
            .unwrap();
        let national = &phone[3..];
        assert_eq!(
            (&masked[..3], &masked[7..]),
            (&national[..3], &national[7..]),
            "{m}"
        );
        phones.push(phone.to_string());
    }
    let n = phones.len();
    phones.sort();
    phones.dedup();
    assert_eq!(phones.len(), n, "demo phones are unique");

    // The table output ends with the count.
    let table = shop.run(&["members", "list"]).success().stdout();
    let last = table.lines().last().unwrap_or_default();
    assert_eq!(last, format!("{} members", DEMO_MEMBERS - DEMO_LEFT));

    // --search narrows to members whose name, WeChat name or tags contain the text.
    let name = current[0]["name"].as_str().unwrap();
    let query = name.split_whitespace().next().unwrap_or(name);
    let found = shop.members(&["--search", query]);
    assert!(
        !found.is_empty() && found.len() < current.len(),
        "search {query:?}: {}",
        found.len()
    );
    assert!(found.iter().any(|m| m["id"] == current[0]["id"]));
    let q = query.to_lowercase();
    for m in &found {
        let hay = format!("{} {} {}", m["name"], m["wechat_name"], m["tags"]).to_lowercase();
        assert!(hay.contains(&q), "{m} does not match {query:?}");
    }
}

#[test]
fn demo_is_the_same_for_the_same_today() {
    let a = TempShop::demo();
    let b = TempShop::demo();
    let full = ["members", "list", "--json", "--all", "--show-phones"];
    let first = a.run(&full).success().stdout();
    assert_eq!(
        first,
        b.run(&full).success().stdout(),
        "two demos for {TODAY} differ"
    );
    let later = TempShop::new();
    later.run(&["demo", "--today", "2026-03-18"]).success();
    assert_ne!(
        first,
        later.run(&full).success().stdout(),
        "the demo follows --today"
    );
}

#[test]
fn demo_refuses_a_folder_that_already_holds_a_shop() {
    let cases: [(&str, &[&str], &str); 3] = [
        (
            EN,
            &["members", "add", "--name", "Wang Fang"],
            "never mixes",
        ),
        (ZH, &["members", "add", "--name", "王芳"], "示例店从不"),
        (EN, &["demo", "--today", TODAY], "never mixes"),
    ];
    for (locale, setup, needle) in cases {
        let shop = TempShop::new();
        shop.run_in(locale, setup).success();
        let before = shop.all_members();
        shop.run_in(locale, &["demo", "--today", TODAY])
            .failure_with(needle);
        assert_eq!(
            shop.all_members(),
            before,
            "a refused demo changed the shop ({locale}, {setup:?})"
        );
    }
}

#[test]
fn members_add_then_list_shows_them() {
    let shop = TempShop::new();
    let run = shop
        .run(&[
            "members",
            "add",
            "--name",
            "Zhang Wei",
            "--phone",
            "+86 138 1234 5678",
            "--wechat",
            "zw_bakes",
            "--birthday",
            "1990-05-17",
            "--joined",
            "2026-03-01",
            "--source",
            "referral",
            "--tag",
            "sourdough, coffee",
            "--tag",
            "weekend",
            "--notes",
            "Likes rye",
            "--consent",
        ])
        .success();
    assert!(
        run.stdout().contains("Added member Zhang Wei (id 1)"),
        "{}",
        run.stdout()
    );
    shop.run(&["members", "add", "--name", "Li Na"]).success();

    let full = shop.all_members();
    assert_eq!(full.len(), 2);
    full.iter().for_each(check_shape);
    let zw = by_name(&full, "Zhang Wei");
    assert_eq!(zw["phone"], "+8613812345678", "stored in E.164");
    assert_eq!(zw["wechat_name"], "zw_bakes");
    assert_eq!(zw["birthday"], "1990-05-17");
    assert_eq!(zw["joined_on"], "2026-03-01");
    assert_eq!(zw["source"], "referral");
    let mut tags: Vec<&str> = zw["tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    tags.sort_unstable();
    assert_eq!(tags, ["coffee", "sourdough", "weekend"]);
    assert_eq!(zw["notes"], "Likes rye");
    assert_eq!(zw["marketing_consent"], true);
    assert!(zw["left_on"].is_null());
    let li = by_name(&full, "Li Na");
    assert!(
        li["phone"].is_null() && li["wechat_name"].is_null() && li["birthday"].is_null(),
        "{li}"
    );
    assert_eq!(li["source"], "in_store", "the default source");
    assert_eq!(li["marketing_consent"], false);

    // Masked by default; the shop's region here is US, so the country code is shown.
    let masked = shop.members(&[]);
    assert_eq!(by_name(&masked, "Zhang Wei")["phone"], "+86 138****5678");
    assert_eq!(shop.members(&["--search", "zhang"]).len(), 1);
    assert_eq!(
        shop.members(&["--search", "5678"]).len(),
        1,
        "search by phone digits"
    );
    assert_eq!(
        shop.members(&["--search", "sourdough"]).len(),
        1,
        "search by tag"
    );

    // One number however it is written, in a shop whose region is CN.
    for written in ["138 1234 5678", "+86 138-1234-5678", "0086 13812345678"] {
        let shop = TempShop::new();
        shop.run_in(
            ZH,
            &["members", "add", "--name", "张伟", "--phone", written],
        )
        .success();
        let full = shop.all_members();
        assert_eq!(full[0]["phone"], "+8613812345678", "{written:?}");
        let list = shop.run_in(ZH, &["members", "list", "--json"]).json_array();
        assert_eq!(list[0]["phone"], "138****5678", "{written:?} in a CN shop");
    }
}

#[test]
fn an_invalid_phone_is_refused_and_nothing_is_written() {
    let cases = [
        (EN, "12345", "not a valid phone number"),
        (ZH, "12345", "不是有效的手机号"),
        (EN, "call me", "not a valid phone number"),
        (ZH, "138 1234 567", "不是有效的手机号"),
        // A national Chinese mobile means nothing in a shop whose region is US.
        (EN, "13812345678", "not a valid phone number"),
    ];
    let shop = TempShop::new();
    shop.run(&["members", "add", "--name", "Already Here"])
        .success();
    let before = shop.all_members();
    for (locale, phone, needle) in cases {
        let run = shop
            .run_in(
                locale,
                &["members", "add", "--name", "Zhang Wei", "--phone", phone],
            )
            .failure_with(needle);
        assert!(
            run.stderr().contains(phone),
            "the message quotes the input: {}",
            run.stderr()
        );
        assert_eq!(
            shop.all_members(),
            before,
            "{phone:?} ({locale}) wrote something"
        );
    }
}

#[test]
fn a_phone_that_belongs_to_another_member_is_refused_naming_them() {
    let shop = TempShop::demo();
    let before = shop.all_members();
    let owner = before
        .iter()
        .find(|m| m["phone"].is_string() && m["left_on"].is_null())
        .unwrap();
    let name = owner["name"].as_str().unwrap();
    let national = &owner["phone"].as_str().unwrap()[3..];
    let spaced = format!(
        "+86 {} {} {}",
        &national[..3],
        &national[3..7],
        &national[7..]
    );
    let cases = [
        (EN, national.to_string(), "already belongs to the member"),
        (EN, spaced, "already belongs to the member"),
        (ZH, format!("0086{national}"), name),
    ];
    for (locale, phone, needle) in cases {
        let run = shop
            .run_in(
                locale,
                &[
                    "members",
                    "add",
                    "--name",
                    "Somebody New",
                    "--phone",
                    &phone,
                ],
            )
            .failure_with(needle);
        assert!(
            run.stderr().contains(name),
            "the message names {name}: {}",
            run.stderr()
        );
    }
    assert_eq!(shop.all_members(), before);
}

#[test]
fn backup_then_restore_round_trips_and_keeps_the_current_data_aside() {
    let shop = TempShop::demo();
    let before = shop.all_members();
    let copy = shop.path("usb/copy.sqlite");
    let run = shop
        .run(&["backup", "--out", copy.to_str().unwrap()])
        .success();
    assert!(run.stdout().contains("Backed up to"), "{}", run.stdout());
    assert!(copy.is_file());
    let copy_bytes = bytes(&copy);

    for name in ["After Backup One", "After Backup Two"] {
        shop.run(&["members", "add", "--name", name]).success();
    }
    assert_eq!(shop.member_count(), DEMO_MEMBERS + 2);
    assert!(pre_restore_copies(&shop.dir()).is_empty());

    let run = shop.run(&["restore", copy.to_str().unwrap()]).success();
    assert_eq!(
        shop.all_members(),
        before,
        "restore brings back the backup's members"
    );
    let aside = pre_restore_copies(&shop.dir());
    assert_eq!(aside.len(), 1, "one pre-restore copy: {aside:?}");
    let aside_name = aside[0].file_name().unwrap().to_str().unwrap();
    assert!(
        run.stdout().contains(aside_name),
        "restore says where the old data went: {}",
        run.stdout()
    );
    assert_eq!(
        count_members_in(&aside[0]),
        (DEMO_MEMBERS + 2) as i64,
        "the copy holds the data before the restore"
    );
    assert_eq!(
        bytes(&copy),
        copy_bytes,
        "restore does not change its source"
    );
}

#[test]
fn restore_refuses_files_that_are_not_regulars_backups() {
    let shop = TempShop::demo();
    let scratch = shop.path("garbage");
    std::fs::create_dir_all(&scratch).unwrap();
    let write = |name: &str, content: &[u8]| {
        let p = scratch.join(name);
        std::fs::write(&p, content).unwrap();
        p
    };
    let noise: Vec<u8> = (0..8192_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let foreign = scratch.join("other-app.sqlite");
    {
        let conn = Connection::open(&foreign).unwrap();
        conn.execute_batch("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');")
            .unwrap();
    }
    let good = scratch.join("good.sqlite");
    shop.run(&["backup", "--out", good.to_str().unwrap()])
        .success();
    let good_bytes = bytes(&good);
    let truncated = write("truncated.sqlite", &good_bytes[..good_bytes.len() / 2]);
    let cases: Vec<(&str, PathBuf, &str)> = vec![
        (
            "a text file",
            write(
                "notes.txt",
                b"these are not the members you are looking for\n",
            ),
            "",
        ),
        ("random bytes", write("noise.sqlite", &noise), ""),
        (
            "an empty file",
            write("empty.sqlite", b""),
            "is not a Regulars data file",
        ),
        (
            "another app's SQLite file",
            foreign,
            "is not a Regulars data file",
        ),
        ("a truncated backup", truncated, ""),
        ("a missing file", scratch.join("nope.sqlite"), ""),
    ];
    let before = shop.all_members();
    let db = shop.dir().join("regulars.sqlite");
    for (what, file, needle) in cases {
        let original = std::fs::read(&file).ok();
        let run = shop
            .run(&["restore", file.to_str().unwrap()])
            .failure_with(needle);
        assert!(
            run.stderr().starts_with("error: "),
            "{what}: {}",
            run.stderr()
        );
        assert!(
            run.stderr().contains(file.to_str().unwrap()),
            "{what}: the message names the file: {}",
            run.stderr()
        );
        assert_eq!(std::fs::read(&file).ok(), original, "{what} was changed");
        assert!(
            pre_restore_copies(&shop.dir()).is_empty(),
            "{what}: nothing is set aside before validation"
        );
        assert_eq!(shop.all_members(), before, "{what} changed the shop");
        assert!(db.is_file());
    }
}

/// A copy of a demo shop whose schema version says it comes from a newer app.
fn newer_schema_file(shop: &TempShop, path: &Path) -> Vec<u8> {
    shop.run(&["backup", "--out", path.to_str().unwrap()])
        .success();
    let conn = Connection::open(path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    bytes(path)
}

#[test]
fn a_file_from_a_newer_version_is_refused_untouched() {
    let shop = TempShop::demo();
    let before = shop.all_members();

    // As a backup to restore …
    let newer = shop.path("newer.sqlite");
    let newer_bytes = newer_schema_file(&shop, &newer);
    shop.run(&["restore", newer.to_str().unwrap()])
        .failure_with("newer version of Regulars");
    assert_eq!(bytes(&newer), newer_bytes);
    assert_eq!(shop.all_members(), before);
    assert!(pre_restore_copies(&shop.dir()).is_empty());

    // … and as the shop's own data file, in both languages.
    let other = TempShop::new();
    std::fs::create_dir_all(other.dir()).unwrap();
    let db = other.dir().join("regulars.sqlite");
    std::fs::copy(&newer, &db).unwrap();
    for (locale, needle) in [(EN, "newer version of Regulars"), (ZH, "更新版本")] {
        other
            .run_in(locale, &["members", "list", "--json"])
            .failure_with(needle);
        other
            .run_in(locale, &["members", "add", "--name", "X"])
            .failure_with(needle);
        assert_eq!(bytes(&db), newer_bytes, "the newer file was changed");
    }
    let version: i64 = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 99);
}

#[test]
fn the_data_folder_can_come_from_regulars_data_dir() {
    let shop = TempShop::new();
    let dir = shop.dir();
    let xdg = shop.path("xdg");
    let env = [
        ("REGULARS_DATA_DIR", dir.to_str().unwrap()),
        ("XDG_DATA_HOME", xdg.to_str().unwrap()),
    ];
    Run::from(regulars_with(None, &["demo", "--today", TODAY], &env)).success();
    assert!(
        dir.join("regulars.sqlite").is_file(),
        "the demo went to REGULARS_DATA_DIR"
    );
    assert!(!xdg.exists(), "nothing went to the OS data folder");
    let listed = Run::from(regulars_with(None, &["members", "list", "--json"], &env)).json_array();
    assert_eq!(listed.len(), DEMO_MEMBERS - DEMO_LEFT);

    // --data-dir wins over the variable.
    let empty = TempShop::new();
    let listed = Run::from(regulars_with(
        Some(&empty.dir()),
        &["members", "list", "--json"],
        &env,
    ))
    .json_array();
    assert!(
        listed.is_empty(),
        "--data-dir should win over REGULARS_DATA_DIR"
    );
    assert!(empty.dir().join("regulars.sqlite").is_file());
}

/// Holds a write transaction on `db` for `hold` in a thread; returns once the lock is taken.
fn hold_write_lock(db: PathBuf, hold: Duration) -> std::thread::JoinHandle<()> {
    let (taken, is_taken) = std::sync::mpsc::channel();
    let holder = std::thread::spawn(move || {
        let conn = Connection::open(db).unwrap();
        conn.execute_batch(
            "BEGIN IMMEDIATE; UPDATE members SET notes = notes || '+' WHERE id = 1;",
        )
        .unwrap();
        taken.send(()).unwrap();
        std::thread::sleep(hold);
        conn.execute_batch("COMMIT").unwrap();
    });
    is_taken.recv_timeout(Duration::from_secs(10)).unwrap();
    holder
}

#[test]
fn the_cli_waits_out_a_brief_write_transaction_of_another_connection() {
    let shop = TempShop::demo();
    let db = shop.dir().join("regulars.sqlite");
    let hold = Duration::from_millis(400);
    let cases: [&[&str]; 2] = [
        &["members", "list", "--json"],
        &["members", "add", "--name", "Waited Patiently"],
    ];
    for args in cases {
        let holder = hold_write_lock(db.clone(), hold);
        let started = Instant::now();
        let run = shop.run(args);
        let took = started.elapsed();
        holder.join().unwrap();
        run.success();
        eprintln!("{args:?} took {took:?} while another connection held a write lock for {hold:?}");
    }
    let all = shop.all_members();
    assert_eq!(all.len(), DEMO_MEMBERS + 1);
    assert_eq!(
        all.iter().find(|m| m["id"] == 1).unwrap()["notes"]
            .as_str()
            .unwrap()
            .matches('+')
            .count(),
        2
    );
    by_name(&all, "Waited Patiently");
}

/// An import's summary, the KPIs, a chart and the review, for a shop whose currency has no minor
/// unit (KRW): money as the owner reads it, never with invented decimals.
#[test]
fn a_won_shop_reads_its_import_kpis_and_review_in_won() {
    let shop = TempShop::new();
    shop.run(&["settings", "--currency", "KRW", "--phone-region", "CN"])
        .success();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pos/first-two-weeks.csv");
    let out = shop
        .run(&["import", fixture.to_str().unwrap(), "--auto-map"])
        .success()
        .stdout();
    assert!(out.contains('₩') && !out.contains(".00"), "{out}");
    let kpi = shop.run(&["kpi", "--week", "2026-W11"]).success().stdout();
    assert!(kpi.contains("2026-W11") && kpi.contains('₩'), "{kpi}");
    let json: Value = serde_json::from_str(
        &shop
            .run(&["kpi", "--week", "2026-W11", "--json"])
            .success()
            .stdout(),
    )
    .unwrap();
    assert!(json["net_minor"].as_i64().unwrap() > 0, "{json}");
    assert!(json["member_share"].is_number(), "{json}");
    assert!(json["check_in_rate"].is_null());
    // The dashboard as the window receives it: the same week, every card's value the KPI's.
    let board: Value = serde_json::from_str(
        &shop
            .run(&["dashboard", "--week", "2026-W11"])
            .success()
            .stdout(),
    )
    .unwrap();
    assert_eq!(board["week"], "2026-W11");
    let cards = board["cards"].as_array().unwrap();
    assert!(!cards.is_empty());
    for card in cards {
        let key = card["key"].as_str().unwrap();
        assert_eq!(card["value"].as_f64(), json[key].as_f64(), "{key}");
    }
    assert!(
        cards
            .iter()
            .any(|c| c["key"] == "net_minor" && c["display"].as_str().unwrap().contains('₩'))
    );
    assert_eq!(board["charts"].as_array().unwrap().len(), 5);
    let svg = shop.path("net.svg");
    shop.run(&[
        "chart",
        "net_sales",
        "--week",
        "2026-W11",
        "--out",
        svg.to_str().unwrap(),
    ])
    .success();
    assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
    let html = shop.path("review.html");
    shop.run(&[
        "report",
        "--week",
        "2026-W11",
        "--lang",
        "zh",
        "--out",
        html.to_str().unwrap(),
    ])
    .success();
    let review = std::fs::read_to_string(&html).unwrap();
    assert!(review.contains("每周复盘") && review.contains('₩'));
    // A bad week or chart is refused with the reason.
    let bad = shop.run(&["kpi", "--week", "2026-W99"]);
    assert_eq!(bad.code(), Some(1));
    assert!(bad.stderr().contains("2026-W99"), "{}", bad.stderr());
    let bad = shop.run(&["chart", "pie", "--out", svg.to_str().unwrap()]);
    assert!(bad.stderr().contains("net_sales"), "{}", bad.stderr());
}

/// The shop's own file is damaged (its first page overwritten): every command refuses it, and
/// `restore` puts a copy back without opening it — the damaged file is kept aside byte for byte.
#[test]
fn restore_works_over_a_damaged_file() {
    let shop = TempShop::demo();
    let before = shop.all_members();
    let copy = shop.path("usb/copy.sqlite");
    shop.run(&["backup", "--out", copy.to_str().unwrap()])
        .success();
    let db = shop.dir().join("regulars.sqlite");
    let mut damaged = bytes(&db);
    damaged[..64].copy_from_slice(&[0x5a; 64]);
    std::fs::write(&db, &damaged).unwrap();
    shop.run(&["members", "list"]).failure_with("");

    let run = shop.run(&["restore", copy.to_str().unwrap()]).success();
    assert_eq!(shop.all_members(), before, "the copy's members are back");
    let aside = pre_restore_copies(&shop.dir());
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(bytes(&aside[0]), damaged, "the damaged file, unchanged");
    assert!(
        run.stdout().contains("unchanged"),
        "says what was done: {}",
        run.stdout()
    );
}

/// Restore never replaces the file under an open window: the window's lock refuses it.
#[test]
fn restore_waits_for_the_window_to_close() {
    let shop = TempShop::demo();
    let copy = shop.path("copy.sqlite");
    shop.run(&["backup", "--out", copy.to_str().unwrap()])
        .success();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(shop.dir().join(".regulars.lock"))
        .unwrap();
    lock.try_lock().expect("the test stands in for the window");
    shop.run(&["restore", copy.to_str().unwrap()])
        .failure_with("open in a Regulars window");
    assert!(pre_restore_copies(&shop.dir()).is_empty());
    drop(lock);
    shop.run(&["restore", copy.to_str().unwrap()]).success();
}

/// `report --out` and `backup --out` never write over the shop's own file, its side files, a
/// symlink or a hard link to it, or into its folders; the shop keeps its members.
#[test]
fn saves_never_overwrite_the_shop() {
    let shop = TempShop::demo();
    let before = shop.all_members();
    let db = shop.dir().join("regulars.sqlite");
    let outside = shop.path("documents");
    std::fs::create_dir_all(&outside).unwrap();
    let symlink = outside.join("review.html");
    std::os::unix::fs::symlink(&db, &symlink).unwrap();
    let hard = outside.join("shop-copy.sqlite");
    std::fs::hard_link(&db, &hard).unwrap();
    let targets = [
        db.clone(),
        shop.dir().join("regulars.sqlite-wal"),
        symlink.clone(),
        hard.clone(),
        shop.dir().join("review.html"),
        shop.dir().join("backups/review.html"),
    ];
    for (i, target) in targets.iter().enumerate() {
        let mut saves = vec![vec!["report", "--out", target.to_str().unwrap()]];
        // A new copy in backups/ is a backup's own place.
        if i < targets.len() - 1 {
            saves.push(vec!["backup", "--out", target.to_str().unwrap()]);
        }
        for args in saves {
            let run = shop
                .run(&args)
                .failure_with("Regulars' own data file or folder");
            assert!(
                run.stderr().contains(target.to_str().unwrap()),
                "{}",
                run.stderr()
            );
        }
    }
    // Run from inside the data folder, a relative name lands there.
    let relative = std::process::Command::new(crate::fixtures::BIN)
        .current_dir(shop.dir())
        .args(["--data-dir", ".", "backup", "--out", "sub/x.sqlite"])
        .env("LC_ALL", EN)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&relative.stderr).contains("Regulars' own data file or folder"),
        "{relative:?}"
    );
    assert!(!shop.dir().join("sub").exists());
    let in_backups = shop.dir().join("backups/mine.sqlite");
    shop.run(&["backup", "--out", in_backups.to_str().unwrap()])
        .success();
    shop.run(&["backup", "--out", in_backups.to_str().unwrap()])
        .failure_with("Regulars' own data file or folder");
    assert_eq!(shop.all_members(), before);
    assert!(
        std::fs::symlink_metadata(&symlink)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    // Elsewhere both work, and a file the owner left beside the target is untouched.
    let theirs = outside.join("week.html.partial");
    std::fs::write(&theirs, b"mine").unwrap();
    shop.run(&[
        "report",
        "--out",
        outside.join("week.html").to_str().unwrap(),
    ])
    .success();
    shop.run(&[
        "backup",
        "--out",
        outside.join("copy.sqlite").to_str().unwrap(),
    ])
    .success();
    assert_eq!(bytes(&theirs), b"mine");
}

/// A member list as shops keep them: one member born in the 1960s, one whose list gives a
/// month and day only, one whose phone is of a range newer than the phone metadata. None of
/// them refuses the list: all three are added, the year-less birthday kept as such, the new
/// number kept as a phone with a warning naming its row.
#[test]
fn a_member_list_with_old_and_yearless_birthdays_and_a_new_number_imports_whole() {
    let shop = TempShop::new();
    let list = shop.path("members.csv");
    std::fs::write(
        &list,
        "姓名,手机号,生日\n老王,13812345678,1962-05-04\n小春,13912345678,3月12日\n新号,154 1234 5678,\n",
    )
    .expect("list");
    shop.run_in(ZH, &["settings", "--shop-name", "麦田"])
        .success();
    let out = shop
        .run_in(
            ZH,
            &["members", "import", list.to_str().expect("path"), "--json"],
        )
        .json();
    assert_eq!(out["counts"]["added"], 3, "{out}");
    assert_eq!(out["counts"]["rejected"], 0, "{out}");
    let warnings = out["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{out}");
    assert_eq!(warnings[0]["row"], 4);
    assert_eq!(warnings[0]["value"], "154 1234 5678");
    let members = shop.all_members();
    let birthday = |name: &str| {
        by_name(&members, name)["birthday"]
            .as_str()
            .map(str::to_string)
    };
    assert_eq!(birthday("老王").as_deref(), Some("1962-05-04"));
    assert_eq!(
        birthday("小春").as_deref(),
        Some("1604-03-12"),
        "the year not known"
    );
    assert_eq!(by_name(&members, "新号")["phone"], "+8615412345678");
}
