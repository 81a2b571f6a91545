//! Chat imports on the fixtures in `tests/fixtures/chats/` (see its SOURCES.md): each format,
//! an overlapping import adding nothing, undo, senders and their stays, hostile files.

use super::scan::Hit;
use super::senders::{Decision, DecisionInput, SenderMatch};
use super::*;
use crate::community::days;
use crate::community::groups::tests::{day, input};
use crate::community::listed::{self, tests::member_with};
use crate::store::open_in_memory;
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/chats")
        .join(name)
}

fn opts() -> Options {
    Options {
        zone: "Asia/Shanghai".parse().expect("zone"),
        words: Words::new(
            &["打卡".into(), "签到".into()],
            &["代购".into(), "cheap flour".into()],
        ),
        order: None,
        limit: source::FILE_MAX,
    }
}

fn ctx() -> Ctx {
    Ctx::on("GB", day("2026-03-20"))
}

fn shop() -> (Connection, i64) {
    let conn = open_in_memory().expect("db");
    let g = groups::add(&conn, &input("Crumb Club"), ctx())
        .expect("group")
        .id;
    (conn, g)
}

fn counts(conn: &Connection, g: i64) -> Vec<(String, i64, i64, i64, i64)> {
    conn.prepare(
        "SELECT on_day, sum(messages), sum(checkins), sum(joins), sum(leaves) FROM chat_counts
         WHERE group_id = ?1 GROUP BY on_day ORDER BY on_day",
    )
    .expect("sql")
    .query_map([g], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .expect("rows")
    .collect::<rusqlite::Result<_>>()
    .expect("counts")
}

fn names(report: &ChatReport) -> Vec<(&str, u64)> {
    report
        .people
        .iter()
        .map(|p| (p.name.as_str(), p.messages))
        .collect()
}

#[test]
fn a_whatsapp_ios_chat_counts_messages_joins_leaves_and_check_ins() {
    let (mut conn, g) = shop();
    let r = import(&mut conn, &fixture("whatsapp_ios.txt"), g, &opts(), ctx()).expect("import");
    assert_eq!(r.format, Format::Whatsapp);
    assert_eq!(
        (r.first_day, r.last_day),
        (day("2026-03-01"), day("2026-03-13"))
    );
    // Seven messages (a multi-line one, an image; the encryption notice is the phone's), two
    // added, one joined by the invite link, one left.
    assert_eq!((r.messages, r.joins, r.leaves, r.checkins), (7, 3, 1, 1));
    assert_eq!((r.added, r.already, r.senders), (11, 0, 4));
    assert_eq!(
        counts(&conn, g),
        [
            ("2026-03-01".into(), 4, 0, 2, 0),
            ("2026-03-02".into(), 3, 1, 1, 0),
            ("2026-03-13".into(), 0, 0, 0, 1),
        ]
    );
    // The creator is the first guess of the shop's own account.
    let anna = r.people.iter().find(|p| p.name == "Anna Li").expect("Anna");
    assert_eq!(anna.proposal, SenderMatch::Staff);
    // The link with the ad words and the phone are candidates, their excerpts masked.
    let hits: Vec<(&str, &[Hit])> = r
        .flags
        .iter()
        .map(|f| (f.name.as_str(), f.hits.as_slice()))
        .collect();
    assert_eq!(
        hits,
        [
            ("Jonas Berg", &[Hit::Link, Hit::Word][..]),
            ("Sofia", &[Hit::Phone][..])
        ]
    );
    assert_eq!(
        r.flags[1].excerpt,
        "Hi all, call me on 079****3456 for cake orders"
    );
}

#[test]
fn the_zip_holds_the_same_chat_and_an_overlapping_import_adds_nothing() {
    let (mut conn, g) = shop();
    let first = import(&mut conn, &fixture("whatsapp_ios.txt"), g, &opts(), ctx()).expect("txt");
    let again = import(&mut conn, &fixture("whatsapp_ios.zip"), g, &opts(), ctx()).expect("zip");
    assert_eq!((again.added, again.already), (0, first.added));
    assert_eq!(again.messages, first.messages);
    // No candidate twice.
    assert!(again.flags.is_empty());
    let before = counts(&conn, g);
    // Undoing the first passes its messages to the second: the counts stay.
    let tx = conn.transaction().expect("tx");
    assert_eq!(undo(&tx, first.batch_id).expect("undo"), first.added);
    tx.commit().expect("commit");
    assert_eq!(counts(&conn, g), before);
    let added: i64 = conn
        .query_row(
            "SELECT added FROM import_batches WHERE id = ?1",
            [again.batch_id],
            |r| r.get(0),
        )
        .expect("batch");
    assert_eq!(added as u64, first.added);
    // Undoing the second leaves nothing.
    let tx = conn.transaction().expect("tx");
    undo(&tx, again.batch_id).expect("undo");
    tx.commit().expect("commit");
    assert!(counts(&conn, g).is_empty());
    let left: i64 = conn
        .query_row("SELECT count(*) FROM chat_senders", [], |r| r.get(0))
        .expect("senders");
    assert_eq!(left, 0);
}

#[test]
fn android_us_dates_and_a_removal() {
    let (mut conn, g) = shop();
    let r = import(
        &mut conn,
        &fixture("whatsapp_android_us.txt"),
        g,
        &opts(),
        ctx(),
    )
    .expect("import");
    assert_eq!(
        (r.first_day, r.last_day),
        (day("2026-03-01"), day("2026-03-13"))
    );
    assert_eq!((r.messages, r.joins, r.leaves), (4, 1, 1));
    assert_eq!(names(&r), [("Maria Garcia", 3), ("Anna Li", 1)]);
}

#[test]
fn telegram_keeps_two_people_with_one_name_apart() {
    let (mut conn, g) = shop();
    let r = import(
        &mut conn,
        &fixture("telegram_result.json"),
        g,
        &opts(),
        ctx(),
    )
    .expect("import");
    assert_eq!(r.format, Format::Telegram);
    assert_eq!((r.messages, r.joins, r.leaves, r.checkins), (4, 3, 1, 1));
    let chens = r.people.iter().filter(|p| p.name == "Chen Jing").count();
    assert_eq!(chens, 2, "{:?}", r.people);
    assert_eq!(r.flags.len(), 1);
    assert_eq!(r.flags[0].hits, [Hit::Link]);
}

#[test]
fn wechat_csv_with_system_joins_cards_and_members_matched() {
    let (mut conn, g) = shop();
    let ctx = Ctx::on("CN", day("2026-03-20"));
    let lina = member_with(&mut conn, "李娜", "", ctx);
    let zhou = member_with(&mut conn, "周杰", "", ctx);
    let r = import(&mut conn, &fixture("wechat.csv"), g, &opts(), ctx).expect("import");
    assert_eq!(r.format, Format::WechatCsv);
    assert_eq!((r.messages, r.joins, r.leaves, r.checkins), (7, 3, 1, 1));
    // Two accounts called 李娜: both proposed as the one member (the owner decides).
    let lis: Vec<&senders::Seen> = r.people.iter().filter(|p| p.name == "李娜").collect();
    assert_eq!(lis.len(), 2);
    // The exporting account is staff's first guess.
    let own = r.people.iter().find(|p| p.name == "店长小林").expect("own");
    assert_eq!(own.proposal, SenderMatch::Staff);
    // The mini-program card, the ad word and the phone are candidates; the phone masked.
    let kinds: Vec<&[Hit]> = r.flags.iter().map(|f| f.hits.as_slice()).collect();
    assert_eq!(
        kinds,
        [&[Hit::Card, Hit::Link][..], &[Hit::Phone, Hit::Word][..]]
    );
    assert!(
        r.flags[1].excerpt.contains("138****8000"),
        "{}",
        r.flags[1].excerpt
    );
    // The owner confirms 周杰 and one 李娜: their joins open their stays.
    let id = |name: &str, messages: u64| {
        r.people
            .iter()
            .find(|p| p.name == name && p.messages == messages)
            .expect("person")
            .sender_id
    };
    let decisions = senders::exact(&r.people)
        .into_iter()
        .filter(|d| d.sender_id != id("李娜", 1))
        .collect::<Vec<_>>();
    assert_eq!(decisions.len(), 2, "{decisions:?}");
    senders::decide(&mut conn, g, &decisions).expect("decide");
    let stays = listed::of_group(&conn, g).expect("stays");
    let mut in_group: Vec<(i64, NaiveDate)> =
        stays.iter().map(|s| (s.member_id, s.joined_on)).collect();
    in_group.sort();
    assert_eq!(
        in_group,
        [(lina, day("2026-03-01")), (zhou, day("2026-03-01"))]
    );
    // Staff's messages are not members speaking.
    senders::decide(
        &mut conn,
        g,
        &[DecisionInput {
            sender_id: own.sender_id,
            decision: Decision::Staff { staff_id: None },
        }],
    )
    .expect("staff");
    let d = days(&conn, g, day("2026-03-01"), day("2026-03-03")).expect("days");
    assert_eq!(d[&day("2026-03-01")].speakers, 3);
    assert_eq!(d[&day("2026-03-01")].messages, 5);
    assert_eq!(
        d[&day("2026-03-03")],
        ChatDay {
            leaves: 1,
            ..ChatDay::default()
        }
    );
}

#[test]
fn a_wechat_layout_without_senders_is_refused_for_a_group() {
    let (mut conn, g) = shop();
    let err = import(
        &mut conn,
        &fixture("wechat_no_sender.csv"),
        g,
        &opts(),
        ctx(),
    )
    .expect_err("refused");
    assert!(
        matches!(err, CommunityError::Chat(ChatError::NoSender { .. })),
        "{err:?}"
    );
    nothing_written(&conn);
}

fn nothing_written(conn: &Connection) {
    for table in [
        "import_batches",
        "chat_days",
        "chat_senders",
        "chat_flags",
        "chat_batches",
    ] {
        let n: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count");
        assert_eq!(n, 0, "{table}");
    }
}

#[test]
fn hostile_chat_files_are_refused_with_a_message_and_nothing_written() {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let mut long = b"01/03/2026, 09:00 - A: ".to_vec();
    long.extend(std::iter::repeat_n(b'x', 10 * 1024 * 1024));
    let mut bomb = Vec::new();
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut bomb));
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        z.start_file("_chat.txt", o).expect("entry");
        let zeros = vec![b'0'; 1 << 20];
        for _ in 0..12 {
            z.write_all(&zeros).expect("zeros");
        }
        z.finish().expect("zip");
    }
    type Expect = fn(&ChatError) -> bool;
    let cases: Vec<(PathBuf, Expect)> = vec![
        (
            write("binary.txt", &[0x7f, b'E', b'L', b'F', 0, 0, 1, 2]),
            |e| matches!(e, ChatError::NotChat { why: "binary", .. }),
        ),
        (write("empty.txt", b""), |e| {
            matches!(e, ChatError::Empty { .. })
        }),
        (write("long.txt", &long), |e| {
            matches!(e, ChatError::LineTooLong { .. })
        }),
        (
            write("broken.json", b"{\"messages\": [{\"type\": \"mess"),
            |e| matches!(e, ChatError::Json { .. }),
        ),
        (write("bomb.zip", &bomb), |e| {
            matches!(e, ChatError::TooBig { .. })
        }),
        (write("notes.txt", b"shopping list\nflour\n"), |e| {
            matches!(e, ChatError::NotChat { .. })
        }),
    ];
    // A zip that unpacks past the limit (12 MiB of zeros, 8 MiB allowed here; the app's limit
    // is source::FILE_MAX).
    let small = Options {
        limit: 8 * 1024 * 1024,
        ..opts()
    };
    for (path, want) in cases {
        let (mut conn, g) = shop();
        let o = if path.ends_with("bomb.zip") {
            &small
        } else {
            &opts()
        };
        let err = import(&mut conn, &path, g, o, ctx()).expect_err("refused");
        let CommunityError::Chat(chat) = &err else {
            panic!("{path:?}: {err:?}");
        };
        assert!(want(chat), "{path:?}: {chat:?}");
        let message = crate::i18n::UserError::message(&err, crate::i18n::Lang::En);
        assert!(
            message.contains("Nothing was written") || message.contains("no chat"),
            "{message}"
        );
        nothing_written(&conn);
    }
}

#[test]
fn the_size_is_carried_and_adjusted_and_unknown_before_any_reading() {
    let (mut conn, g) = shop();
    let ctx = ctx();
    import(&mut conn, &fixture("whatsapp_ios.txt"), g, &opts(), ctx).expect("import");
    // No reading: every size unknown, the chat's figures known.
    let d = days::range(&conn, g, day("2026-03-01"), day("2026-03-03")).expect("range");
    assert!(d.iter().all(|d| d.figures.size.is_none()));
    assert_eq!(d[0].figures.messages, Some(4));
    assert_eq!(
        d[2].figures.messages,
        Some(0),
        "a day of silence inside the chat"
    );
    // A reading on 1 March (typed), then the chats' join on 2 March adjusts it.
    days::type_days(
        &mut conn,
        g,
        &[days::DayInput {
            on: day("2026-03-01"),
            figures: days::Figures {
                size: Some(40),
                ..Default::default()
            },
        }],
        ctx,
    )
    .expect("typed");
    let d = days::range(&conn, g, day("2026-03-01"), day("2026-03-14")).expect("range");
    let sizes: Vec<(Option<i64>, days::SizeFrom)> =
        d.iter().map(|d| (d.figures.size, d.size_from)).collect();
    assert_eq!(sizes[0], (Some(40), days::SizeFrom::Reading));
    assert_eq!(sizes[1], (Some(41), days::SizeFrom::Adjusted));
    assert_eq!(sizes[2], (Some(41), days::SizeFrom::Adjusted));
    assert_eq!(
        sizes[12],
        (Some(40), days::SizeFrom::Adjusted),
        "Jonas left on 13 March"
    );
    // Past the chat, the figures are unknown again; the size is carried.
    assert_eq!(d[13].figures.messages, None);
    assert_eq!(d[13].figures.size, Some(40));
    // A range that starts later carries the same size.
    let later = days::range(&conn, g, day("2026-03-05"), day("2026-03-05")).expect("later");
    assert_eq!(later[0].figures.size, Some(41));
}

#[test]
fn a_file_out_of_date_order_counts_identical_messages_once_each() {
    let dir = tempfile::tempdir().expect("tmp");
    let path = dir.path().join("unsorted.csv");
    let day2 = 1_772_413_200; // 2026-03-02 09:00 in Shanghai
    let mut text = String::from("localId,Type,CreateTime,StrContent,NickName,Sender\n");
    // More than a buffer's worth on 2 March, then 1 March, then 2 March again: the same
    // message at the same second twice on each visit.
    for i in 0..(BUFFERED_MAX + 10) {
        text.push_str(&format!(
            "{i},1,{},hello {i},Ann,wxid_a\n",
            day2 + (i as i64 % 600)
        ));
    }
    for _ in 0..3 {
        text.push_str(&format!("0,1,{},same,Bo,wxid_b\n", day2 - 86_400));
    }
    for _ in 0..2 {
        text.push_str(&format!("0,1,{day2},same,Bo,wxid_b\n"));
    }
    std::fs::write(&path, text).expect("write");
    let (mut conn, g) = shop();
    let total = BUFFERED_MAX as u64 + 15;
    let first = import(&mut conn, &path, g, &opts(), ctx()).expect("import");
    assert_eq!((first.messages, first.added), (total, total));
    let again = import(&mut conn, &path, g, &opts(), ctx()).expect("again");
    assert_eq!((again.added, again.already), (0, total));
    let c = counts(&conn, g);
    assert_eq!(c[0], ("2026-03-01".into(), 3, 0, 0, 0));
    assert_eq!(c[1].1 as u64, total - 3);
    // Undoing the first passes every message, of every part of a day, to the second.
    let tx = conn.transaction().expect("tx");
    undo(&tx, first.batch_id).expect("undo");
    tx.commit().expect("commit");
    assert_eq!(counts(&conn, g), c);
}
