//! The embedded demo shop: a bakery generated from a fixed seed, anchored to
//! an injected `today`, so that its 16 weeks always end with the last complete
//! week and its birthdays and newcomers look alive. It is written through the
//! same validated paths as the owner's own data (`members::add_all`,
//! `settings::save`, the importer, the community's own functions: `groups`); later work
//! (events, the plan) extends it here, a file per area.

mod activity;
mod groups;

use crate::community::CommunityError;
use crate::i18n::{ErrorCode, Lang, UserError};
use crate::import::table::TableError;
use crate::people::members::{self, MemberError, MemberInput, MemberSource};
use crate::sales::engine::{self, ImportError, ImportRequest};
use crate::settings::ctx::Ctx;
use crate::settings::datadir::DataDir;
use crate::settings::{self, Settings, SettingsError, WeekStart};
use crate::shop::{Shop, ShopKind};
use crate::store::StoreError;
use activity::ActivityError;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;
use thiserror::Error;

pub const SEED: u64 = 0x5EED_B4CE;
pub const WEEKS: u64 = 16;
pub const MEMBERS: usize = 140;
/// Settings key holding the first day of the week after the demo's last week.
pub const ANCHOR_FLAG: &str = "demo_anchor";

#[derive(Debug, Error)]
pub enum DemoError {
    #[error(
        "the data folder already holds a shop with {0} members; the demo never mixes with real data"
    )]
    NotEmpty(i64),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Settings(#[from] SettingsError),
    #[error("demo member {0}: {1}")]
    Member(usize, MemberError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(transparent)]
    Community(#[from] CommunityError),
    #[error(transparent)]
    Table(#[from] TableError),
}

impl From<ActivityError> for DemoError {
    fn from(e: ActivityError) -> Self {
        match e {
            ActivityError::Community(e) => DemoError::Community(e),
            ActivityError::Table(e) => DemoError::Table(e),
            ActivityError::Io(e) => DemoError::Store(StoreError::io(Path::new("demo"), e)),
        }
    }
}

impl From<MemberError> for DemoError {
    fn from(e: MemberError) -> Self {
        DemoError::Member(0, e)
    }
}

impl UserError for DemoError {
    fn code(&self) -> ErrorCode {
        match self {
            DemoError::NotEmpty(_) => ErrorCode::Conflict,
            DemoError::Store(e) => e.code(),
            DemoError::Settings(e) => e.code(),
            DemoError::Member(_, e) => e.code(),
            DemoError::Import(e) => e.code(),
            DemoError::Community(e) => e.code(),
            DemoError::Table(e) => e.code(),
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            DemoError::NotEmpty(n) => lang.pick(
                format!("这个数据文件夹里已有一家店（{n} 位会员）。示例店从不与真实数据混在一起：请换一个空文件夹。"),
                format!("This data folder already holds a shop ({n} members). The demo never mixes with real data: choose an empty folder."),
            ),
            DemoError::Store(e) => e.message(lang),
            DemoError::Settings(e) => e.message(lang),
            DemoError::Member(_, e) => e.message(lang),
            DemoError::Import(e) => e.message(lang),
            DemoError::Community(e) => e.message(lang),
            DemoError::Table(e) => e.message(lang),
        }
    }
}

/// What `generate` made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub members: usize,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
}

/// The first day of the current (incomplete) week: the demo's 16 weeks end the day before.
pub fn anchor(today: NaiveDate, week_start: WeekStart) -> NaiveDate {
    week_start.week_of(today)
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "小麦", "晓雯", "子涵", "一诺", "雨桐", "浩然", "欣怡", "思远", "梓萱", "俊杰", "佳怡", "明轩",
    "诗琪", "宇航", "雅婷", "文博", "可欣", "嘉怡", "天佑", "若曦", "志强", "美玲", "建华", "丽娟",
    "晨曦", "乐乐", "安琪", "芳", "静", "磊",
];
const WESTERN: &[&str] = &[
    "Emma Wilson",
    "Lucas Martin",
    "Sofia Rossi",
    "Noah Schmidt",
    "Mia Dubois",
    "Leo Tanaka",
];
const NICKNAMES: &[&str] = &[
    "麦穗🌾",
    "奶油控",
    "早起的鸟",
    "猫咪妈妈",
    "Coffee☕",
    "甜品侦探",
    "周末厨房",
    "小面包",
    "可颂星人",
    "晴天",
    "Luna",
    "慢慢来",
    "吃货一枚",
    "烘焙小白",
    "Momo",
];
const TAGS: &[(&str, u32)] = &[
    ("烘焙爱好者", 30),
    ("新品体验者", 25),
    ("咖啡控", 25),
    ("宝妈宝爸", 15),
    ("上班族早餐", 20),
    ("生日蛋糕客户", 10),
    ("KOC", 5),
    ("低糖偏好", 10),
];
const NOTES: &[&str] = &[
    "喜欢全麦和黑麦，不吃坚果",
    "周末常带孩子来，喜欢芝士挞",
    "公司团购联系人",
    "对乳糖不耐受，推荐燕麦奶",
    "每周三来买法棍",
    "参加过两次烘焙课",
];
const PHONE_PREFIXES: &[&str] = &[
    "135", "136", "137", "138", "139", "150", "151", "152", "186", "187", "188", "189",
];

fn pick<'a, T>(rng: &mut fastrand::Rng, items: &'a [T]) -> &'a T {
    &items[rng.usize(..items.len())]
}

fn days_before(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

/// A birthday in `year` on the month and day of `like` (29 Feb becomes 28 Feb).
fn birthday_like(like: NaiveDate, year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, like.month(), like.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, like.month(), 28))
        .unwrap_or(like)
}

/// The demo's members for `today`, deterministically.
pub fn member_inputs(today: NaiveDate, week_start: WeekStart) -> Vec<MemberInput> {
    let mut rng = fastrand::Rng::with_seed(SEED);
    let end = anchor(today, week_start); // exclusive
    let window_days = WEEKS * 7;
    let mut phones = HashSet::new();
    let mut out = Vec::with_capacity(MEMBERS);
    for i in 0..MEMBERS {
        let name = if i % 23 == 7 {
            pick(&mut rng, WESTERN).to_string()
        } else {
            format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN))
        };
        // A quarter are regulars from before the 16 weeks; the rest joined
        // during them, more of them lately as the community grows.
        let joined_on = if i < MEMBERS / 4 {
            days_before(end, window_days + 1 + rng.u64(0..240))
        } else {
            let r = rng.f64().sqrt(); // skewed towards recent weeks
            days_before(end, 1 + ((1.0 - r) * (window_days - 1) as f64) as u64)
        };
        let phone = if rng.u32(0..100) < 92 {
            loop {
                let p = format!(
                    "{}{:08}",
                    pick(&mut rng, PHONE_PREFIXES),
                    rng.u32(0..100_000_000)
                );
                if phones.insert(p.clone()) {
                    break p;
                }
            }
        } else {
            String::new()
        };
        // The first few have birthdays in the coming week, so the list is never empty.
        let year = 1968 + rng.i32(0..38);
        let birthday = if i < 6 {
            Some(birthday_like(today + Days::new(1 + i as u64), year))
        } else if rng.u32(0..100) < 70 {
            Some(birthday_like(days_before(today, rng.u64(0..365)), year))
        } else {
            None
        };
        let mut tags: Vec<String> = TAGS
            .iter()
            .filter(|(_, pct)| rng.u32(0..100) < *pct)
            .map(|(t, _)| t.to_string())
            .collect();
        tags.truncate(3);
        let source = match rng.u32(0..100) {
            0..=54 => MemberSource::InStore,
            55..=69 => MemberSource::Event,
            70..=84 => MemberSource::Referral,
            85..=94 => MemberSource::Online,
            _ => MemberSource::Other,
        };
        out.push(MemberInput {
            name,
            phone,
            wechat_name: if rng.u32(0..100) < 60 {
                pick(&mut rng, NICKNAMES).to_string()
            } else {
                String::new()
            },
            birthday,
            joined_on,
            source,
            tags,
            notes: if rng.u32(0..100) < 12 {
                pick(&mut rng, NOTES).to_string()
            } else {
                String::new()
            },
            marketing_consent: rng.u32(0..100) < 85,
        });
    }
    out
}

const PRODUCTS: &[(&str, &str, i64, u32)] = &[
    // (item, category, price in fen, popularity)
    ("原味可颂", "面包", 1200, 30),
    ("巧克力可颂", "面包", 1500, 20),
    ("法式长棍", "面包", 1000, 25),
    ("全麦吐司", "面包", 1800, 18),
    ("黑麦欧包", "面包", 2200, 10),
    ("肉松小贝", "面包", 900, 22),
    ("芝士挞", "甜点", 1600, 15),
    ("蛋挞", "甜点", 800, 28),
    ("提拉米苏", "甜点", 3200, 8),
    ("草莓蛋糕（切块）", "蛋糕", 3500, 9),
    ("生日蛋糕 6 寸", "蛋糕", 22800, 1),
    ("美式咖啡", "饮品", 1800, 26),
    ("拿铁", "饮品", 2600, 30),
    ("燕麦拿铁", "饮品", 2900, 12),
    ("手冲咖啡", "饮品", 3200, 5),
    ("鲜榨橙汁", "饮品", 2200, 6),
];

/// The demo's 16 weeks of till receipts as a POS export (Chinese headers,
/// one row per line item), deterministically: members come back at their own
/// pace (some drift away, which the at-risk list shows), a few ordinary
/// customers leave their phone, most sales are anonymous; discounts on
/// member days and some refunds, dated after the sale.
pub fn sales_csv(
    today: NaiveDate,
    week_start: WeekStart,
    members: &[(String, NaiveDate)],
) -> String {
    let mut rng = fastrand::Rng::with_seed(SEED ^ 0x5A1E);
    let end = anchor(today, week_start);
    let start = days_before(end, WEEKS * 7);
    let weights: u32 = PRODUCTS.iter().map(|p| p.3).sum();
    let pick_product = |rng: &mut fastrand::Rng| {
        let mut n = rng.u32(0..weights);
        for p in PRODUCTS {
            if n < p.3 {
                return *p;
            }
            n -= p.3;
        }
        PRODUCTS[0]
    };
    // Each member's visits per week and the week they stop coming (if they drift away).
    let habits: Vec<(f64, Option<NaiveDate>)> = members
        .iter()
        .map(|_| {
            let rate = [0.3, 0.6, 1.0, 1.5, 2.5][rng.usize(..5)];
            let drift = (rng.u32(0..100) < 20).then(|| days_before(end, 22 + rng.u64(0..40)));
            (rate, drift)
        })
        .collect();
    let ordinary: Vec<String> = (0..60)
        .map(|i| format!("1390000{:04}", 1000 + i * 37))
        .collect();
    let mut out = String::from(
        "日期,时间,单号,商品名称,分类,数量,单价,金额,优惠金额,实收金额,会员手机号,类型\n",
    );
    let mut receipt_no = 10_000u32;
    let mut day = start;
    while day < end {
        let weekend = matches!(day.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun);
        let member_day = day.weekday() == chrono::Weekday::Wed;
        let mut buyers: Vec<Option<String>> = Vec::new();
        for ((phone, joined), (rate, drift)) in members.iter().zip(&habits) {
            let active = *joined <= day && drift.is_none_or(|d| day < d);
            if active && rng.f64() < rate / 7.0 {
                buyers.push(Some(phone.clone()));
            }
        }
        for phone in &ordinary {
            if rng.u32(0..100) < 2 {
                buyers.push(Some(phone.clone()));
            }
        }
        let anonymous = if weekend { 55 } else { 35 } + rng.usize(..20);
        buyers.extend(std::iter::repeat_n(None, anonymous));
        for buyer in buyers {
            receipt_no += 1;
            let receipt = format!("D{receipt_no}");
            let hour = 7 + rng.u32(0..12);
            let time = format!("{hour:02}:{:02}:{:02}", rng.u32(0..60), rng.u32(0..60));
            let lines = 1 + rng.usize(..3) + usize::from(buyer.is_some());
            for _ in 0..lines {
                let (item, category, price, _) = pick_product(&mut rng);
                let qty = if category == "面包" && rng.u32(0..100) < 25 {
                    2
                } else {
                    1
                };
                let gross = price * qty;
                let discount = if member_day && buyer.is_some() {
                    gross / 10
                } else {
                    0
                };
                let phone = buyer.as_deref().unwrap_or("");
                let yuan = |fen: i64| format!("{}.{:02}", fen / 100, fen % 100);
                out.push_str(&format!(
                    "{day},{time},{receipt},{item},{category},{qty},{},{},{},{},{phone},销售\n",
                    yuan(price),
                    yuan(gross),
                    yuan(discount),
                    yuan(gross - discount)
                ));
                // About one line in two hundred comes back a few days later.
                if rng.u32(0..200) == 0 {
                    let back = (day + Days::new(1 + rng.u64(0..4))).min(days_before(end, 1));
                    out.push_str(&format!(
                        "{back},{time},{receipt},{item},{category},-{qty},{},-{},0.00,-{},{phone},退款\n",
                        yuan(price),
                        yuan(gross - discount),
                        yuan(gross - discount)
                    ));
                }
            }
        }
        day = day + Days::new(1);
    }
    out
}

/// Fills an empty shop with the demo bakery as of `today`, taking language,
/// time zone and week start from `owner` so the demo reads like their shop.
pub fn generate(
    conn: &mut Connection,
    today: NaiveDate,
    owner: &Settings,
    dir: &Path,
) -> Result<DemoSummary, DemoError> {
    let existing = members::count(conn)?;
    if existing > 0 {
        return Err(DemoError::NotEmpty(existing));
    }
    let demo_settings = Settings {
        shop_name: owner
            .language
            .pick("麦田烘焙坊（示例）", "Wheatfield Bakery (demo)"),
        currency: "CNY".into(),
        phone_region: "CN".into(),
        ..owner.clone()
    };
    settings::save(conn, &demo_settings)?;
    let inputs = member_inputs(today, owner.week_start);
    // Today's members, and sales imported as of the demo's last day, in the owner's language.
    let ctx = Ctx {
        lang: owner.language,
        now: anchor(today, owner.week_start).and_time(chrono::NaiveTime::MIN),
        ..Ctx::on("CN", today)
    };
    members::add_all(conn, &inputs, ctx).map_err(|(i, e)| DemoError::Member(i, e))?;
    // A handful drifted away: "left" keeps them in the history.
    let end = anchor(today, owner.week_start);
    for (k, id) in [9_i64, 31, 58, 77, 104, 121].into_iter().enumerate() {
        let m = members::get(conn, id, "CN", ctx.lang)?;
        let on = days_before(end, 3 + 11 * k as u64).max(m.joined_on);
        members::mark_left(conn, id, on, ctx)?;
    }
    // The sales go in the way the owner's do: as a POS export through the importer.
    let phones: Vec<(String, NaiveDate)> = inputs
        .iter()
        .filter(|m| !m.phone.is_empty())
        .map(|m| (m.phone.clone(), m.joined_on))
        .collect();
    let csv = dir.join("demo-pos-export.csv");
    std::fs::write(&csv, sales_csv(today, owner.week_start, &phones))
        .map_err(|e| StoreError::io(&csv, e))?;
    let req = ImportRequest {
        path: csv.display().to_string(),
        auto_map: true,
        ..Default::default()
    };
    let rejects = dir.join("rejects");
    let imported = engine::import(conn, &req, &ctx, &rejects, false, &mut |_, _| true);
    let _ = std::fs::remove_file(&csv);
    imported?;
    let demo_groups = groups::generate(conn, end, ctx)?;
    activity::generate(conn, dir, end, &demo_groups, ctx)?;
    let anchor = end.to_string();
    settings::set_value(conn, ANCHOR_FLAG, &anchor)?;
    Ok(DemoSummary {
        members: inputs.len(),
        first_day: days_before(end, WEEKS * 7),
        last_day: days_before(end, 1),
    })
}

/// Opens the demo shop beside the owner's `owner` folder, generating it
/// anew when it is missing or its 16 weeks no longer end last week.
pub fn open(
    owner: &DataDir,
    owner_settings: &Settings,
    utc_now: DateTime<Utc>,
) -> Result<Shop, DemoError> {
    let dir = owner.demo();
    let today = owner_settings.today(utc_now);
    let anchor = anchor(today, owner_settings.week_start);
    let defaults = owner_settings.clone();
    let mut shop = Shop::open(dir.clone(), ShopKind::Demo, defaults.clone(), utc_now)?;
    let current = settings::get_value(&shop.conn, ANCHOR_FLAG)?;
    if current.as_deref() != Some(anchor.to_string().as_str()) {
        drop(shop);
        dir.remove_db()
            .map_err(|e| StoreError::io(&dir.db_path(), e))?;
        shop = Shop::open(dir.clone(), ShopKind::Demo, defaults, utc_now)?;
        generate(&mut shop.conn, today, owner_settings, dir.root())?;
    }
    Ok(shop)
}

/// The demo bakery of 2026-11-24 in memory, for the insight tests: its connection, its settings
/// (from the OS locale `locale`) and the folder its files would go to.
#[cfg(test)]
pub(crate) fn for_tests(locale: &str) -> (Connection, Settings, tempfile::TempDir) {
    let mut conn = crate::store::open_in_memory().expect("db");
    let dir = tempfile::tempdir().expect("tmp");
    let defaults = Settings::defaults(locale, "Asia/Shanghai");
    generate(&mut conn, TEST_TODAY, &defaults, dir.path()).expect("demo");
    let settings = crate::settings::load(&conn, &defaults).expect("settings");
    (conn, settings, dir)
}

/// The day `for_tests` generates the demo on (its last week is 2026-W47).
#[cfg(test)]
pub(crate) const TEST_TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2026, 11, 24) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::members::{MemberQuery, MemberStatus};
    use crate::store::open_in_memory;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 11).expect("a Wednesday")
    }

    #[test]
    fn the_same_today_gives_the_same_shop() {
        assert_eq!(
            member_inputs(today(), WeekStart::Monday),
            member_inputs(today(), WeekStart::Monday)
        );
    }

    #[test]
    fn the_demo_is_a_lively_bakery_ending_last_week() {
        let mut conn = open_in_memory().expect("db");
        let tmp = tempfile::tempdir().expect("tmp");
        let owner = Settings::defaults("zh-CN", "Asia/Shanghai");
        let summary = generate(&mut conn, today(), &owner, tmp.path()).expect("demo");
        assert_eq!(
            summary.last_day,
            NaiveDate::from_ymd_opt(2026, 3, 8).expect("the Sunday before")
        );
        assert_eq!(
            summary.first_day,
            NaiveDate::from_ymd_opt(2025, 11, 17).expect("16 weeks earlier")
        );
        let all = members::list(
            &conn,
            &MemberQuery {
                status: MemberStatus::All,
                ..Default::default()
            },
            "CN",
            Lang::Zh,
        )
        .expect("list");
        assert!(all.members.len() >= 120);
        assert!(all.members.iter().all(|m| m.joined_on <= summary.last_day));
        let in_window = all
            .members
            .iter()
            .filter(|m| m.joined_on >= summary.first_day)
            .count();
        assert!(
            in_window > 80,
            "most joined during the 16 weeks: {in_window}"
        );
        let last_week = all
            .members
            .iter()
            .filter(|m| m.joined_on >= days_before(summary.last_day, 6))
            .count();
        assert!(last_week >= 3, "newcomers last week: {last_week}");
        let birthdays_soon = all
            .members
            .iter()
            .filter_map(|m| m.birthday)
            .filter(|b| (1..=7).any(|d| birthday_like(today() + Days::new(d), b.year()) == *b))
            .count();
        assert!(
            birthdays_soon >= 5,
            "birthdays in the next 7 days: {birthdays_soon}"
        );
        assert_eq!(
            all.members.iter().filter(|m| m.left_on.is_some()).count(),
            6
        );
        assert!(all.members.iter().any(|m| !m.marketing_consent));
        assert!(
            all.members
                .iter()
                .any(|m| m.tags.iter().any(|t| t == "KOC"))
        );
        assert_eq!(
            settings::get_value(&conn, ANCHOR_FLAG)
                .expect("flag")
                .as_deref(),
            Some("2026-03-09")
        );
    }

    #[test]
    fn the_demo_refuses_a_shop_that_has_members() {
        let mut conn = open_in_memory().expect("db");
        let tmp = tempfile::tempdir().expect("tmp");
        let owner = Settings::defaults("en-US", "America/New_York");
        generate(&mut conn, today(), &owner, tmp.path()).expect("first");
        let err = generate(&mut conn, today(), &owner, tmp.path()).expect_err("second");
        assert!(matches!(err, DemoError::NotEmpty(n) if n >= 120));
        assert!(err.message(Lang::En).contains("never mixes"));
    }

    fn utc() -> DateTime<Utc> {
        "2026-03-11T04:00:00Z".parse().expect("instant")
    }

    #[test]
    fn the_demo_is_its_own_file_and_is_regenerated_only_when_the_week_moves_on() {
        let tmp = tempfile::tempdir().expect("tmp");
        let owner_dir = DataDir::new(tmp.path());
        let settings = Settings::defaults("zh-CN", "Asia/Shanghai");
        let owner =
            Shop::open(owner_dir.clone(), ShopKind::Owner, settings.clone(), utc()).expect("owner");
        let demo = open(&owner_dir, &settings, utc()).expect("demo");
        assert_eq!(demo.kind, ShopKind::Demo);
        assert!(members::count(&demo.conn).expect("count") >= 120);
        assert_eq!(
            members::count(&owner.conn).expect("count"),
            0,
            "the owner's shop stays empty"
        );
        assert!(!demo.info(utc()).expect("info").first_run);

        // An edit survives a reopen in the same week …
        demo.conn
            .execute("UPDATE members SET notes = 'edited' WHERE id = 1", [])
            .expect("edit");
        drop(demo);
        let again = open(&owner_dir, &settings, utc()).expect("reopen");
        let notes: String = again
            .conn
            .query_row("SELECT notes FROM members WHERE id = 1", [], |r| r.get(0))
            .expect("n");
        assert_eq!(notes, "edited");
        drop(again);
        // … and a new week brings a fresh demo whose weeks end with the last complete one.
        let next_week: DateTime<Utc> = "2026-03-18T04:00:00Z".parse().expect("instant");
        let fresh = open(&owner_dir, &settings, next_week).expect("regenerated");
        let notes: String = fresh
            .conn
            .query_row("SELECT notes FROM members WHERE id = 1", [], |r| r.get(0))
            .expect("n");
        assert_ne!(notes, "edited");
    }
}
