//! Each KPI on a small shop whose numbers are worked out by hand in the comments.

use super::*;
use crate::i18n::Lang;
use crate::people::customers;
use crate::people::members::{self, MemberInput, MemberSource};
use crate::sales::engine::{self, ImportRequest};
use crate::settings::ctx::Ctx;
use crate::store::open_in_memory;

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn week(label: &str) -> Period {
    Period::parse_week(label, WeekStart::Monday).expect("week")
}

const HEADER: &str = "日期,时间,单号,商品名称,数量,单价,金额,优惠金额,实收金额,会员手机号,类型\n";

struct Shop {
    conn: Connection,
    dir: tempfile::TempDir,
    files: usize,
}

impl Shop {
    fn new() -> Self {
        Shop {
            conn: open_in_memory().expect("db"),
            dir: tempfile::tempdir().expect("tmp"),
            files: 0,
        }
    }

    fn member_ctx(&self) -> Ctx {
        Ctx::on("CN", d("2027-01-31"))
    }

    fn member(&mut self, name: &str, phone: &str, joined: &str) -> i64 {
        let input = MemberInput {
            name: name.into(),
            phone: phone.into(),
            wechat_name: String::new(),
            birthday: None,
            joined_on: d(joined),
            source: MemberSource::InStore,
            tags: vec![],
            notes: String::new(),
            marketing_consent: true,
        };
        let ctx = self.member_ctx();
        members::add(&mut self.conn, &input, ctx)
            .expect("member")
            .id
    }

    fn sales(&mut self, rows: &[&str]) {
        self.files += 1;
        let path = self.dir.path().join(format!("pos-{}.csv", self.files));
        let mut text = String::from(HEADER);
        for r in rows {
            text.push_str(r);
            text.push('\n');
        }
        std::fs::write(&path, text).expect("write");
        let rejects = self.dir.path().join("rejects");
        let ctx = Ctx {
            lang: Lang::En,
            ..Ctx::on("CN", d("2027-01-31"))
        };
        let req = ImportRequest {
            path: path.display().to_string(),
            auto_map: true,
            ..Default::default()
        };
        engine::import(&mut self.conn, &req, &ctx, &rejects, false, &mut |_, _| {
            true
        })
        .expect("import");
    }

    fn kpis(&self, p: Period) -> Kpis {
        kpis_for(&self.conn, p).expect("kpis")
    }
}

/// Alice joins on Wednesday 2026-03-04 after buying once as an ordinary customer; Bob (a member
/// since February) buys under a second phone linked by hand; Carol is never a member; one
/// receipt is anonymous. Alice's latte is refunded the next week.
fn shop() -> (Shop, i64, i64) {
    let mut s = Shop::new();
    let alice = s.member("Alice", "13800000001", "2026-03-04");
    let bob = s.member("Bob", "13800000002", "2026-02-01");
    s.sales(&[
        "2026-03-02,09:00:00,R1,可颂,1,20.00,20.00,0.00,20.00,13800000001,销售",
        "2026-03-05,09:00:00,R2,拿铁,1,30.00,30.00,3.00,27.00,13800000001,销售",
        "2026-03-05,10:00:00,R3,法棍,1,10.00,10.00,0.00,10.00,,销售",
        "2026-03-06,10:00:00,R4,蛋挞,2,8.00,16.00,0.00,16.00,13800000003,销售",
        "2026-03-07,11:00:00,R5,面包,1,12.00,12.00,0.00,12.00,13900000009,销售",
        "2026-03-10,15:00:00,R2,拿铁,-1,30.00,-27.00,0.00,-27.00,13800000001,退款",
        "2026-03-11,09:00:00,R6,可颂,1,20.00,20.00,0.00,20.00,13800000001,销售",
        "2026-03-24,09:00:00,R7,蛋糕,1,40.00,40.00,0.00,40.00,13800000002,销售",
    ]);
    // Bob's second phone, linked by hand after the import.
    let second: i64 = s
        .conn
        .query_row(
            "SELECT id FROM identities WHERE value = '+8613800000003'",
            [],
            |r| r.get(0),
        )
        .expect("identity");
    customers::link(&s.conn, second, bob).expect("link");
    (s, alice, bob)
}

#[test]
fn sales_split_by_who_bought_with_purchases_before_joining_as_ordinary() {
    let (s, _, _) = shop();
    let k = s.kpis(week("2026-W10"));
    // 20 + 30 + 10 + 16 + 12 = 88.00 gross, 3.00 discount, no refund that week.
    assert_eq!(k.gross_minor, Some(8800));
    assert_eq!(k.discounts_minor, Some(300));
    assert_eq!(k.refunds_minor, Some(0));
    assert_eq!(k.net_minor, Some(8500));
    assert_eq!(k.receipts, Some(5));
    assert_eq!(k.average_ticket_minor, Some(1700));
    // Members: Alice's R2 (27.00, after joining) and Bob's R4 (16.00, second phone).
    assert_eq!(k.member_net_minor, Some(4300));
    assert_eq!(k.member_receipts, Some(2));
    // Ordinary: Alice's R1 before she joined (20.00) and Carol (12.00); anonymous R3.
    assert_eq!(k.ordinary_net_minor, Some(3200));
    assert_eq!(k.anonymous_net_minor, Some(1000));
    assert_eq!(k.member_share, Some(4300.0 / 8500.0));
    assert_eq!(k.active_members, Some(2));
}

#[test]
fn a_refund_counts_when_it_happened_and_stays_the_members() {
    let (s, _, _) = shop();
    let k = s.kpis(week("2026-W11"));
    assert_eq!(k.gross_minor, Some(2000));
    assert_eq!(k.refunds_minor, Some(2700));
    assert_eq!(k.net_minor, Some(-700));
    assert_eq!(k.receipts, Some(1), "a refund is not a receipt");
    // Alice's R6 (20.00) minus the refund of her R2 (27.00).
    assert_eq!(k.member_net_minor, Some(-700));
    assert_eq!(k.anonymous_net_minor, Some(0));
}

#[test]
fn members_total_new_growth_and_activity() {
    let (s, _, _) = shop();
    let k = s.kpis(week("2026-W10"));
    assert_eq!(k.members_total, Some(2));
    assert_eq!(k.new_members, Some(1));
    assert_eq!(k.members_left, Some(0));
    // One new member on one member at the week's start.
    assert_eq!(k.growth_rate, Some(1.0));
    assert_eq!(k.activity_rate, Some(1.0));
}

#[test]
fn repeat_rates_over_the_28_days_to_the_end() {
    let (s, _, _) = shop();
    let w10 = s.kpis(week("2026-W10"));
    // Everyone bought once: no repeaters, and no multiple while the ordinary rate is 0.
    assert_eq!(w10.repeat_rate_members, Some(0.0));
    assert_eq!(w10.repeat_rate_ordinary, Some(0.0));
    assert_eq!(w10.repeat_multiple, None);
    let w11 = s.kpis(week("2026-W11"));
    // Alice bought twice as a member (R2, R6), Bob once; ordinary: Alice's R1 and Carol, once each.
    assert_eq!(w11.repeat_rate_members, Some(0.5));
    assert_eq!(w11.repeat_rate_ordinary, Some(0.0));
}

#[test]
fn a_week_without_sales_is_zero_and_weeks_outside_the_data_are_missing() {
    let (s, _, _) = shop();
    let quiet = s.kpis(week("2026-W12"));
    assert_eq!(quiet.net_minor, Some(0));
    assert_eq!(quiet.receipts, Some(0));
    assert_eq!(quiet.average_ticket_minor, None, "no receipts: no average");
    assert_eq!(quiet.member_share, None, "no net sales: no share");
    assert_eq!(quiet.active_members, Some(0));
    assert_eq!(quiet.activity_rate, Some(0.0));
    let before = s.kpis(week("2026-W09"));
    assert_eq!(before.net_minor, None);
    assert_eq!(before.active_members, None);
    assert_eq!(before.activity_rate, None);
    assert_eq!(
        before.members_total,
        Some(1),
        "the member list is known before any sale"
    );
    let after = s.kpis(week("2026-W20"));
    assert_eq!(after.net_minor, None);
    assert_eq!(after.check_in_rate, None);
}

#[test]
fn the_first_week_of_data_is_computed_from_what_there_is() {
    let (s, _, _) = shop();
    let facts = Facts::load(&s.conn, Load::All).expect("facts");
    let weeks = facts.weeks(WeekStart::Monday);
    assert_eq!(
        weeks.first().map(Period::week_label).as_deref(),
        Some("2026-W10")
    );
    assert_eq!(
        weeks.last().map(Period::week_label).as_deref(),
        Some("2026-W13")
    );
    assert_eq!(weeks.len(), 4);
    // The all-weeks pass and a single week agree.
    for w in weeks {
        assert_eq!(facts.kpis(w), s.kpis(w), "{}", w.week_label());
    }
}

#[test]
fn a_changed_phone_keeps_the_members_history() {
    let (mut s, _, bob) = shop();
    let m = members::get(&s.conn, bob, "CN", crate::i18n::Lang::Zh).expect("bob");
    let input = MemberInput {
        name: m.name.unwrap_or_default(),
        phone: "13800000004".into(),
        wechat_name: String::new(),
        birthday: None,
        joined_on: m.joined_on,
        source: m.source,
        tags: m.tags,
        notes: m.notes,
        marketing_consent: m.marketing_consent,
    };
    let ctx = s.member_ctx();
    members::update(&mut s.conn, bob, &input, ctx).expect("update");
    s.sales(&["2026-03-25,09:00:00,R8,蛋糕,1,40.00,40.00,0.00,40.00,13800000004,销售"]);
    let k = s.kpis(week("2026-W13"));
    // R7 under the old phone and R8 under the new one: both Bob's.
    assert_eq!(k.member_net_minor, Some(8000));
    assert_eq!(k.member_receipts, Some(2));
    assert_eq!(k.active_members, Some(1));
}

#[test]
fn a_member_who_left_stops_counting_from_that_day() {
    let (s, alice, _) = shop();
    let ctx = s.member_ctx();
    members::mark_left(&s.conn, alice, d("2026-03-11"), ctx).expect("left");
    let k = s.kpis(week("2026-W11"));
    // R6 on the day she left is an ordinary customer's; the refund of R2 (bought as a member)
    // stays the member's.
    assert_eq!(k.member_net_minor, Some(-2700));
    assert_eq!(k.ordinary_net_minor, Some(2000));
    assert_eq!(k.members_left, Some(1));
    assert_eq!(k.members_total, Some(1));
}

#[test]
fn thirty_day_retention_of_the_members_who_joined_60_to_30_days_before() {
    let mut s = Shop::new();
    s.member("Dana", "13700000001", "2026-01-05");
    s.member("Eve", "13700000002", "2026-01-10");
    s.sales(&[
        // Dana buys within 30 days of joining; Eve only after 40 days.
        "2026-01-20,09:00:00,S1,可颂,1,20.00,20.00,0.00,20.00,13700000001,销售",
        "2026-02-19,09:00:00,S2,可颂,1,20.00,20.00,0.00,20.00,13700000002,销售",
        "2026-03-01,09:00:00,S3,可颂,1,20.00,20.00,0.00,20.00,,销售",
    ]);
    // The week ending Sunday 2026-03-01: end = 03-02, cohort joined in [01-01, 01-31).
    let k = s.kpis(week("2026-W09"));
    assert_eq!(k.retention_30d, Some(0.5));
    // A week whose cohort window holds nobody: undefined.
    assert_eq!(s.kpis(week("2026-W03")).retention_30d, None);
}

#[test]
fn iso_week_53_and_sunday_weeks() {
    let w53 = week("2026-W53");
    assert_eq!((w53.start, w53.end), (d("2026-12-28"), d("2027-01-04")));
    assert_eq!(w53.week_label(), "2026-W53");
    assert_eq!(Period::parse_week("2025-W53", WeekStart::Monday), None);
    let sunday = Period::parse_week("2026-W12", WeekStart::Sunday).expect("week");
    assert_eq!(sunday.start, d("2026-03-15"));
    assert_eq!(sunday.week_label(), "2026-W12");
    let mut s = Shop::new();
    s.sales(&["2027-01-02,09:00:00,Z1,可颂,1,20.00,20.00,0.00,20.00,,销售"]);
    assert_eq!(s.kpis(w53).net_minor, Some(2000));
}

#[test]
fn rounding_of_the_average_ticket() {
    assert_eq!(div_round(10, 4), Some(3));
    assert_eq!(div_round(-10, 4), Some(-3));
    assert_eq!(div_round(9, 4), Some(2));
    assert_eq!(div_round(1, 0), None);
}

#[test]
fn every_kpi_has_a_key_that_get_reads() {
    let k = Kpis::default();
    let json = serde_json::to_value(&k).expect("json");
    for def in KPIS {
        assert!(json.get(def.key).is_some(), "{} is not a field", def.key);
        assert_eq!(k.get(def.key), None);
    }
    assert_eq!(json.as_object().map(|o| o.len()), Some(KPIS.len()));
}

#[test]
fn lifecycle_stages_at_a_day() {
    let (s, _, _) = shop();
    let facts = Facts::load(&s.conn, Load::All).expect("facts");
    // Alice joined four days before: new; Bob bought two days before: active.
    assert_eq!(facts.stages_at(d("2026-03-08")), [1, 1, 0, 0]);
    // Alice's last member receipt 50 days before: lapsed; Bob's 37 days before: at risk.
    assert_eq!(facts.stages_at(d("2026-04-30")), [0, 0, 1, 1]);
    // The owner's thresholds: lapsed only after 60 days, so Alice is still at risk; active up
    // to 40 days, so Bob is active again.
    crate::settings::set_value(&s.conn, "lifecycle_lapsed_days", "60").expect("set");
    crate::settings::set_value(&s.conn, "lifecycle_active_days", "40").expect("set");
    let facts = Facts::load(&s.conn, Load::All).expect("facts");
    assert_eq!(facts.stages_at(d("2026-04-30")), [0, 1, 1, 0]);
}

#[test]
fn member_activity_usual_spend_and_koc_score() {
    let (s, alice, bob) = shop();
    let facts = Facts::load(&s.conn, Load::All).expect("facts");
    let a = facts.member_activity(d("2026-03-08"));
    let of = |id| a.iter().find(|m| m.member_id == id).expect("member");
    assert_eq!(of(alice).usual_spend_minor, Some(2700));
    assert_eq!(of(alice).last_visit, Some(d("2026-03-05")));
    assert_eq!(of(alice).active_weeks, 1);
    // 40 × 1/12 + 40 × (1 of 2 spend below hers) + 20 × (3 days ago) = 43.3.
    assert_eq!(of(alice).koc_score, 43);
    // 40 × 1/12 + 0 + 20 = 23.3.
    assert_eq!(of(bob).koc_score, 23);
}

#[test]
fn average_tickets_of_members_and_everyone_else() {
    let (s, _, _) = shop();
    let facts = Facts::load(&s.conn, Load::All).expect("facts");
    // Members: (27.00 + 16.00) / 2; others: (85.00 − 43.00) / 3.
    assert_eq!(facts.tickets(week("2026-W10")), (Some(2150), Some(1400)));
}

#[test]
fn cohort_retention_by_join_week() {
    let (s, _, _) = shop();
    let facts = Facts::load(&s.conn, Load::All).expect("facts");
    let c = facts.cohorts(week("2026-W11"), 3);
    assert_eq!(c.len(), 3);
    assert_eq!(c[0].week.week_label(), "2026-W09");
    assert_eq!(
        (c[0].size, c[0].retention.clone()),
        (0, vec![None, None, None])
    );
    // Alice joined in W10, bought as a member in W10 (R2) and W11 (R6).
    assert_eq!(
        (c[1].size, c[1].retention.clone()),
        (1, vec![Some(1.0), Some(1.0)])
    );
    assert_eq!(c[2].retention, vec![None]);
}

#[test]
fn values_are_formatted_as_the_owner_reads_them() {
    let cny = crate::settings::Currency {
        code: "CNY",
        symbol: "¥",
        minor_digits: 2,
    };
    let krw = crate::settings::Currency {
        code: "KRW",
        symbol: "₩",
        minor_digits: 0,
    };
    assert_eq!(format_money(123_456_789, &cny), "¥1,234,567.89");
    assert_eq!(format_money(-5, &cny), "-¥0.05");
    assert_eq!(format_money(12_000, &krw), "₩12,000");
    let share = def("member_share").expect("def");
    assert_eq!(format_value(share, Some(0.3421), &cny), "34.2%");
    assert_eq!(format_value(share, None, &cny), "—");
    let multiple = def("repeat_multiple").expect("def");
    assert_eq!(format_value(multiple, Some(2.0), &cny), "2.00×");
    let count = def("receipts").expect("def");
    assert_eq!(format_value(count, Some(12345.0), &cny), "12,345");
}

#[test]
fn member_spend_of_a_week_biggest_first() {
    let (s, alice, bob) = shop();
    let facts = Facts::load(&s.conn, Load::All).expect("facts");
    assert_eq!(
        facts.member_spend(week("2026-W10")),
        vec![(alice, 2700, 1), (bob, 1600, 1)]
    );
    // The refund of Alice's latte makes her week negative.
    assert_eq!(facts.member_spend(week("2026-W11")), vec![(alice, -700, 1)]);
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// The default week is the last complete week the sales cover whole: a file ending on a
/// Wednesday opens on the week before, marked whole; the Wednesday's week is partial.
#[test]
fn the_default_week_is_the_last_one_the_sales_cover_whole() {
    let monday = WeekStart::Monday;
    let today = day("2026-12-02"); // a Wednesday: last complete week 23–29 Nov
    let week = |d: &str| Period::week_of(day(d), monday);
    let cov = |a: &str, b: &str| Some((day(a), day(b)));
    // Sales up to yesterday: last week, complete.
    let d = default_week(cov("2026-10-01", "2026-12-01"), today, monday);
    assert_eq!(d, week("2026-11-23"));
    assert!(!is_partial(cov("2026-10-01", "2026-12-01"), d, today));
    // The file ends on Wednesday 25 Nov: the week before (16–22 Nov) is the default.
    let ends_wednesday = cov("2026-10-01", "2026-11-25");
    let d = default_week(ends_wednesday, today, monday);
    assert_eq!(d, week("2026-11-16"));
    assert!(!is_partial(ends_wednesday, d, today));
    assert!(is_partial(ends_wednesday, week("2026-11-23"), today));
    // An old file ending on a Sunday: its last week, complete.
    let d = default_week(cov("2026-02-23", "2026-03-15"), today, monday);
    assert_eq!(d, week("2026-03-09"));
    // Three days of sales, no whole week: those days' week, partial.
    let three_days = cov("2026-11-23", "2026-11-25");
    let d = default_week(three_days, today, monday);
    assert_eq!(d, week("2026-11-23"));
    assert!(is_partial(three_days, d, today));
    // No sales: last week; the current week is never whole.
    assert_eq!(default_week(None, today, monday), week("2026-11-23"));
    assert!(is_partial(None, week("2026-11-30"), today));
    // Sunday weeks: the file ends on Saturday 28 Nov, the last day of 22–28 Nov.
    let d = default_week(cov("2026-10-01", "2026-11-28"), today, WeekStart::Sunday);
    assert_eq!(d, Period::week_of(day("2026-11-22"), WeekStart::Sunday));
}
