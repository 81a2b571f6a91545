//! A group's chat export in the window, in both languages: imported (the date order asked when
//! the file cannot tell), its senders confirmed (members matched, the creator as staff), a
//! breach candidate confirmed into the moderation log with its masked excerpt, a size typed in
//! the week grid, and the group's week on the dashboard and in the review.

use super::harness::{WAIT, tid};
use chrono::{Datelike, Days, Local, NaiveDate};
use serde_json::json;

/// Monday of the last complete week (the dashboard's and the review's week without sales).
fn last_monday() -> NaiveDate {
    let today = Local::now().date_naive();
    let this = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
    this - Days::new(7)
}

/// A WhatsApp (iOS) export of that week: members who match the list, the creator, a stranger
/// who posts a phone number with an ad word.
fn chat(monday: NaiveDate) -> String {
    let d = |n: u64| (monday + Days::new(n)).format("%d/%m/%Y").to_string();
    let lrm = '\u{200e}';
    let mut text = String::new();
    text.push_str(&format!(
        "[{}, 08:00:00] Crumb Club: {lrm}Shop Owner created group “Crumb Club”\n",
        d(0)
    ));
    text.push_str(&format!(
        "[{}, 08:01:00] Crumb Club: {lrm}Shop Owner added 王小麦 and Li Na\n",
        d(0)
    ));
    text.push_str(&format!(
        "[{}, 08:05:00] Shop Owner: Welcome! Fresh croissants at 8 every day\n",
        d(0)
    ));
    for n in 0..7 {
        text.push_str(&format!(
            "[{}, 09:1{n}:00] 王小麦: 打卡 今天的可颂真好吃 {n}\n",
            d(n)
        ));
        if n % 2 == 0 {
            text.push_str(&format!(
                "[{}, 10:2{n}:00] Li Na: See you tomorrow morning {n}\n",
                d(n)
            ));
        }
    }
    text.push_str(&format!(
        "[{}, 12:00:00] Stranger: 专业代购，加我 13800138000\n",
        d(2)
    ));
    text
}

fn flow(name: &str, chinese: bool) {
    let Some(s) = super::own_shop(name, chinese) else {
        return;
    };
    let monday = last_monday();
    super::two_members(&s);
    let group = s.invoke(
        "add_group",
        json!({ "input": {
            "platform": "whatsapp", "name": "Crumb Club", "positioning": "", "slogan": "",
            "owner_id": null, "created_on": (monday - Days::new(30)).to_string(),
            "threshold": "till_qr", "target_size": null, "status": "active"
        }}),
    );
    let id = group["id"].as_i64().expect("id");
    let file = s.data_dir().with_file_name(format!("{name}-chat.txt"));
    std::fs::write(&file, chat(monday)).expect("chat");

    s.click(&tid("nav-groups"));
    s.click(&tid(&format!("group-card-{id}")));
    // The group's page loaded before its tab is chosen (a click on a page still loading is
    // lost when it renders).
    s.wait_until("the group's page", WAIT, |s| {
        (s.find(&tid("group-title")).is_some() && s.text(&tid("group-title")) == "Crumb Club")
            .then_some(())
    });
    s.click(&tid("group-tab-activity"));
    s.wait_for(&tid("chat-import"));
    s.answer_dialog(&file);
    s.click(&tid("chat-import-choose"));
    let asked = s.wait_until("the import's summary or its question", WAIT, |s| {
        if s.find(&tid("chat-summary")).is_some() {
            Some(false)
        } else {
            s.find(&tid("chat-date-order")).map(|_| true)
        }
    });
    if asked {
        s.click(&tid("chat-day-first"));
    }
    s.wait_for(&tid("chat-summary"));
    let summary = s.text(&tid("chat-summary"));
    assert!(summary.contains("13"), "thirteen messages: {summary}");
    // The members are matched, the creator proposed as staff; confirmed as proposed.
    s.wait_for(&tid("chat-senders"));
    s.screenshot(&format!("{name}-senders"));
    s.click(&tid("senders-confirm"));
    s.wait_for(&tid("senders-confirmed"));
    // The stranger's phone and ad word: into the moderation log, the phone masked.
    s.wait_for(&tid("chat-flags"));
    let excerpt = s.text(&format!("{} blockquote", tid("chat-flags")));
    assert!(
        excerpt.contains("138****8000") && !excerpt.contains("13800138000"),
        "{excerpt}"
    );
    s.click("[data-testid$=-log]");
    s.wait_until("the candidate logged", WAIT, |s| {
        (s.find("[data-testid$=-log]").is_none()).then_some(())
    });
    s.click(&tid("group-tab-moderation"));
    s.wait_for(&tid("moderation-log"));
    assert_eq!(s.count(&tid("moderation-row")), 1);
    assert!(s.text(&tid("moderation-log")).contains("138****8000"));

    // A size typed on Monday of that week: every day now has a speaking rate.
    s.click(&tid("group-tab-activity"));
    s.wait_for(&tid("week-grid"));
    s.click(&tid("week-prev"));
    let day = monday.to_string();
    s.wait_for(&tid(&format!("day-{day}-size")));
    s.type_into(&tid(&format!("day-{day}-size")), "20");
    s.click(&tid("week-save"));
    s.wait_for(&tid("week-saved"));
    s.wait_until("Monday's rate", WAIT, |s| {
        // Two members spoke (the owner is staff): 2 / 20.
        (s.text(&tid(&format!("day-{day}-rate"))) == "10%").then_some(())
    });
    s.screenshot(&format!("{name}-week"));

    // The group's week on the dashboard and in the review.
    s.click(&tid("nav-dashboard"));
    s.wait_for(&tid("dashboard-group"));
    assert_eq!(s.text(&tid("dashboard-group-messages")), "13");
    let rate = s.text(&tid("dashboard-group-rate"));
    assert!(rate.contains('%'), "{rate}");
    assert!(s.count(&format!("{} svg", tid("dashboard-group-rate"))) == 1);
    s.screenshot(&format!("{name}-dashboard"));
    s.click(&tid("nav-review"));
    s.wait_for(&tid("review-preview"));
    let review = s.text(&tid("review-preview"));
    assert!(
        review.contains("Crumb Club") && review.contains(&rate.trim().to_string()),
        "{review}"
    );
    s.screenshot(&format!("{name}-review"));
}

#[test]
fn a_chat_export_confirmed_and_seen_on_the_dashboard_in_english() {
    flow("chats_en", false);
}

#[test]
fn a_chat_export_confirmed_and_seen_on_the_dashboard_in_chinese() {
    flow("chats_zh", true);
}
