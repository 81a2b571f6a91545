//! Every KPI of ../shared/docs/metrics.md, in one place: the dashboard, the CLI (`kpi`) and the
//! weekly review read them from here and never compute their own. The choices metrics.md leaves
//! open are written down in docs/metrics-notes.md.
//!
//! `Facts` is what the KPIs need, loaded once from the rollups the imports keep (rollups.rs) and
//! the member list: sales of each day, sales of each identified customer on each day, which
//! identity is which member, and when members joined and left. A KPI is a function of `Facts`
//! and a `Period`; adding one is adding a function, a `KPIS` entry and its tests.

use crate::people::{identities, members};
use crate::sales::rollups::{self, day_number, from_day_number};
use crate::settings::money::{format_money, group_thousands};
use crate::settings::{Currency, Lifecycle, WeekStart};
use chrono::{Datelike, Days, NaiveDate, Weekday};
use rusqlite::Connection;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;
use ts_rs::TS;

/// Shop-local dates `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Period {
    pub start: NaiveDate,
    /// The day after the last day.
    pub end: NaiveDate,
}

impl Period {
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        Period { start, end }
    }

    /// The week (as the shop counts weeks) that holds `day`.
    pub fn week_of(day: NaiveDate, week_start: WeekStart) -> Self {
        let start = week_start.week_of(day);
        Period::new(start, start + Days::new(7))
    }

    /// `2026-W12`: the ISO week; with Sunday weeks, the week that starts the Sunday before.
    pub fn parse_week(text: &str, week_start: WeekStart) -> Option<Self> {
        let (year, week) = text.trim().split_once(['W', 'w'])?;
        let year: i32 = year.trim_end_matches('-').parse().ok()?;
        let week: u32 = week.parse().ok()?;
        let monday = NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        let start = match week_start {
            WeekStart::Monday => monday,
            WeekStart::Sunday => monday - Days::new(1),
        };
        Some(Period::new(start, start + Days::new(7)))
    }

    /// The ISO week label of a week period (`2026-W12`), named by its Thursday-side Monday.
    pub fn week_label(&self) -> String {
        let monday = if self.start.weekday() == Weekday::Sun {
            self.start + Days::new(1)
        } else {
            self.start
        };
        let iso = monday.iso_week();
        format!("{}-W{:02}", iso.year(), iso.week())
    }

    /// The last day, inclusive.
    pub fn last_day(&self) -> NaiveDate {
        self.end.pred_opt().unwrap_or(self.end)
    }

    /// The same length, just before.
    pub fn previous(&self) -> Self {
        let len = (self.end - self.start).num_days().max(1) as u64;
        Period::new(self.start - Days::new(len), self.start)
    }

    fn days(&self) -> (i32, i32) {
        (idx(self.start), idx(self.end))
    }
}

/// Days as plain integers for arithmetic (days since 0001-01-01).
fn idx(day: NaiveDate) -> i32 {
    day.num_days_from_ce()
}

/// What kind of number a KPI is, for formatting and targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Unit {
    Money,
    Count,
    Ratio,
    Multiple,
}

/// A KPI as the app lists it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KpiDef {
    /// The key in `kpi --json` and the targets table.
    pub key: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
    pub unit: Unit,
    /// The plan's target, when it sets one.
    pub default_target: Option<f64>,
    /// How it is computed and over which window, for footnotes.
    pub formula_zh: &'static str,
    pub formula_en: &'static str,
}

macro_rules! kpi {
    ($key:literal, $zh:literal, $en:literal, $unit:ident, $target:expr, $fzh:literal, $fen:literal) => {
        KpiDef {
            key: $key,
            zh: $zh,
            en: $en,
            unit: Unit::$unit,
            default_target: $target,
            formula_zh: $fzh,
            formula_en: $fen,
        }
    };
}

/// Every KPI, in the order the app shows them.
pub const KPIS: &[KpiDef] = &[
    kpi!(
        "net_minor",
        "净销售额",
        "Net sales",
        Money,
        None,
        "毛销售额 − 折扣 − 退款（本期）",
        "Gross − discounts − refunds dated in the period"
    ),
    kpi!(
        "gross_minor",
        "毛销售额",
        "Gross sales",
        Money,
        None,
        "本期销售行的原价合计",
        "Sum of sale lines' gross in the period"
    ),
    kpi!(
        "discounts_minor",
        "折扣",
        "Discounts",
        Money,
        None,
        "本期销售行的折扣合计",
        "Sum of sale lines' discounts in the period"
    ),
    kpi!(
        "refunds_minor",
        "退款",
        "Refunds",
        Money,
        None,
        "本期发生的退款合计",
        "Refunds dated in the period"
    ),
    kpi!(
        "receipts",
        "小票数",
        "Receipts",
        Count,
        None,
        "本期金额大于0的销售小票",
        "Sale receipts (net > 0) dated in the period"
    ),
    kpi!(
        "average_ticket_minor",
        "客单价",
        "Average ticket",
        Money,
        None,
        "（毛销售额 − 折扣）÷ 小票数",
        "(Gross − discounts) ÷ receipts"
    ),
    kpi!(
        "member_net_minor",
        "会员净销售额",
        "Member net sales",
        Money,
        None,
        "入群后会员小票的净额（含其退款）",
        "Net of member receipts dated on or after joining, their refunds included"
    ),
    kpi!(
        "ordinary_net_minor",
        "普通顾客净销售额",
        "Ordinary customers' net sales",
        Money,
        None,
        "已识别但非会员小票的净额",
        "Net of identified receipts that are not member receipts"
    ),
    kpi!(
        "anonymous_net_minor",
        "匿名净销售额",
        "Anonymous net sales",
        Money,
        None,
        "未识别顾客的小票净额",
        "Net of receipts with no customer"
    ),
    kpi!(
        "member_receipts",
        "会员小票数",
        "Member receipts",
        Count,
        None,
        "本期会员销售小票",
        "Member sale receipts in the period"
    ),
    kpi!(
        "member_share",
        "社群销售额占比",
        "Member share of sales",
        Ratio,
        Some(0.30),
        "会员净销售额 ÷ 净销售额",
        "Member net sales ÷ net sales"
    ),
    kpi!(
        "repeat_rate_members",
        "会员复购率",
        "Repeat rate, members",
        Ratio,
        None,
        "截至期末28天内：购买≥2次的会员 ÷ 购买≥1次的会员",
        "28 days to the period's end: members with ≥ 2 receipts ÷ with ≥ 1"
    ),
    kpi!(
        "repeat_rate_ordinary",
        "普通顾客复购率",
        "Repeat rate, ordinary customers",
        Ratio,
        None,
        "截至期末28天内：购买≥2次的普通顾客 ÷ 购买≥1次的",
        "28 days to the period's end: ordinary customers with ≥ 2 receipts ÷ with ≥ 1"
    ),
    kpi!(
        "repeat_multiple",
        "复购倍数",
        "Repeat multiple",
        Multiple,
        Some(2.0),
        "会员复购率 ÷ 普通顾客复购率",
        "Members' repeat rate ÷ ordinary customers'"
    ),
    kpi!(
        "members_total",
        "会员总数",
        "Members",
        Count,
        None,
        "期末已入群且未退群的会员",
        "Members joined and not left at the period's end"
    ),
    kpi!(
        "new_members",
        "新会员",
        "New members",
        Count,
        None,
        "本期入群",
        "Joined in the period"
    ),
    kpi!(
        "members_left",
        "退群会员",
        "Members who left",
        Count,
        None,
        "本期退群",
        "Left in the period"
    ),
    kpi!(
        "growth_rate",
        "增长率",
        "Growth rate",
        Ratio,
        None,
        "（新会员 − 退群）÷ 期初会员数",
        "(New − left) ÷ members at the period's start"
    ),
    kpi!(
        "active_members",
        "活跃会员",
        "Active members",
        Count,
        None,
        "本期有会员小票的会员",
        "Members with a member receipt in the period"
    ),
    kpi!(
        "activity_rate",
        "活跃率",
        "Activity rate",
        Ratio,
        Some(0.25),
        "活跃会员 ÷ 期末会员数",
        "Active members ÷ members at the period's end"
    ),
    kpi!(
        "retention_30d",
        "30天留存率",
        "30-day retention",
        Ratio,
        Some(0.70),
        "期末前60至30天入群的会员中，入群30天内有购买的比例",
        "Of members who joined 60 to 30 days before the period's end, the share who bought within 30 days of joining"
    ),
    kpi!(
        "check_in_rate",
        "打卡率",
        "Check-in rate",
        Ratio,
        Some(0.15),
        "每日打卡会员 ÷ 会员总数的平均（暂无打卡数据）",
        "Mean of daily check-ins ÷ members (no check-in data yet)"
    ),
    kpi!(
        "interaction_rate",
        "互动率",
        "Interaction rate",
        Ratio,
        Some(0.25),
        "互动数 ÷ 触达成员数（暂无内容数据）",
        "Interactions ÷ members reached (no content data yet)"
    ),
];

pub fn def(key: &str) -> Option<&'static KpiDef> {
    KPIS.iter().find(|d| d.key == key)
}

impl KpiDef {
    /// The KPIs that are better the lower they are (money given back or given away): their
    /// targets are ceilings.
    pub fn lower_is_better(&self) -> bool {
        matches!(self.key, "discounts_minor" | "refunds_minor")
    }
}

/// Every KPI of one period. `None` where the data is missing or the ratio undefined.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct Kpis {
    #[ts(type = "number | null")]
    pub gross_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub discounts_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub refunds_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub net_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub receipts: Option<i64>,
    #[ts(type = "number | null")]
    pub average_ticket_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub member_net_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub ordinary_net_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub anonymous_net_minor: Option<i64>,
    #[ts(type = "number | null")]
    pub member_receipts: Option<i64>,
    pub member_share: Option<f64>,
    pub repeat_rate_members: Option<f64>,
    pub repeat_rate_ordinary: Option<f64>,
    pub repeat_multiple: Option<f64>,
    #[ts(type = "number | null")]
    pub members_total: Option<i64>,
    #[ts(type = "number | null")]
    pub new_members: Option<i64>,
    #[ts(type = "number | null")]
    pub members_left: Option<i64>,
    pub growth_rate: Option<f64>,
    #[ts(type = "number | null")]
    pub active_members: Option<i64>,
    pub activity_rate: Option<f64>,
    pub retention_30d: Option<f64>,
    pub check_in_rate: Option<f64>,
    pub interaction_rate: Option<f64>,
    /// The people behind the rates that count people (not in `kpi --json`).
    #[serde(skip)]
    #[ts(skip)]
    pub samples: Samples,
}

/// How many people a rate counts (`of`) and how many of them it found (`n`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sample {
    pub n: i64,
    pub of: i64,
}

/// The samples of the rates that count people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Samples {
    pub repeat_members: Option<Sample>,
    pub repeat_ordinary: Option<Sample>,
    pub activity: Option<Sample>,
    pub retention: Option<Sample>,
}

/// Fewer people than this behind a rate: it is shown with its count and judged against no
/// target ("100% activity" of one member says nothing).
pub const SMALL_SAMPLE: i64 = 5;

impl Kpis {
    /// The value of `key` as a number (money in minor units).
    pub fn get(&self, key: &str) -> Option<f64> {
        let int = |v: Option<i64>| v.map(|v| v as f64);
        match key {
            "gross_minor" => int(self.gross_minor),
            "discounts_minor" => int(self.discounts_minor),
            "refunds_minor" => int(self.refunds_minor),
            "net_minor" => int(self.net_minor),
            "receipts" => int(self.receipts),
            "average_ticket_minor" => int(self.average_ticket_minor),
            "member_net_minor" => int(self.member_net_minor),
            "ordinary_net_minor" => int(self.ordinary_net_minor),
            "anonymous_net_minor" => int(self.anonymous_net_minor),
            "member_receipts" => int(self.member_receipts),
            "member_share" => self.member_share,
            "repeat_rate_members" => self.repeat_rate_members,
            "repeat_rate_ordinary" => self.repeat_rate_ordinary,
            "repeat_multiple" => self.repeat_multiple,
            "members_total" => int(self.members_total),
            "new_members" => int(self.new_members),
            "members_left" => int(self.members_left),
            "growth_rate" => self.growth_rate,
            "active_members" => int(self.active_members),
            "activity_rate" => self.activity_rate,
            "retention_30d" => self.retention_30d,
            "check_in_rate" => self.check_in_rate,
            "interaction_rate" => self.interaction_rate,
            _ => None,
        }
    }

    /// The people behind KPI `key`, when it is a rate that counts people (a repeat multiple:
    /// the members' side, the smaller one in a community's first weeks).
    pub fn sample(&self, key: &str) -> Option<Sample> {
        let s = &self.samples;
        match key {
            "repeat_rate_members" | "repeat_multiple" => s.repeat_members,
            "repeat_rate_ordinary" => s.repeat_ordinary,
            "activity_rate" => s.activity,
            "retention_30d" => s.retention,
            _ => None,
        }
    }
}

/// The default target of the group speaking rate (the plans' 日均发言人数占比).
pub const SPEAKING_TARGET: f64 = 0.25;

/// A group's speaking rate on a day: members who spoke / the group's size; "—" (`None`) without
/// both known or with an empty group.
pub fn speaking_rate(speakers: Option<i64>, size: Option<i64>) -> Option<f64> {
    ratio(speakers?, size?)
}

/// A period's speaking rate: the mean over its days with a rate (days without a known size are
/// left out, not counted as 0); `None` when no day has one.
pub fn mean_rate(rates: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let known: Vec<f64> = rates.into_iter().flatten().collect();
    (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64)
}

/// The sum of a period's known figures; `None` when no day knows it.
pub fn known_sum(values: impl IntoIterator<Item = Option<i64>>) -> Option<i64> {
    values
        .into_iter()
        .flatten()
        .fold(None, |acc, v| Some(acc.unwrap_or(0).saturating_add(v)))
}

fn ratio(num: i64, den: i64) -> Option<f64> {
    (den != 0).then(|| num as f64 / den as f64)
}

/// `num / den` rounded to the nearest integer, halves away from zero.
fn div_round(num: i64, den: i64) -> Option<i64> {
    if den == 0 {
        return None;
    }
    let (q, r) = (num / den, num % den);
    Some(if 2 * r.abs() >= den.abs() {
        q + if (num < 0) == (den < 0) { 1 } else { -1 }
    } else {
        q
    })
}

#[derive(Debug, Clone, Copy, Default)]
struct DayRow {
    day: i32,
    gross: i64,
    discounts: i64,
    refunds: i64,
    receipts: i64,
}

/// One identified customer's sales on one day (a `sales_by_customer_day` row).
#[derive(Debug, Clone, Copy)]
struct CustomerRow {
    day: i32,
    identity: i64,
    receipt_day: i32,
    receipts: i64,
    net: i64,
    refunds: i64,
    /// The member whose receipt it is (the identity's member, in the community on the
    /// receipt's day), worked out once when the facts are loaded: every KPI reads it.
    member: Option<i64>,
}

impl CustomerRow {
    fn person(&self) -> Person {
        match self.member {
            Some(m) => Person::Member(m),
            None => Person::Ordinary(self.identity),
        }
    }
}

/// A member's span in the community: joined, and (exclusive) left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    joined: i32,
    left: Option<i32>,
}

impl Span {
    fn holds(&self, day: i32) -> bool {
        day >= self.joined && self.left.is_none_or(|l| day < l)
    }
}

/// Who bought: a member (by member id) or an ordinary customer (by identity id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Person {
    Member(i64),
    Ordinary(i64),
}

/// What the KPIs are computed from; see the module comment.
#[derive(Debug, Default)]
pub struct Facts {
    days: Vec<DayRow>,
    /// Sorted by day.
    customers: Vec<CustomerRow>,
    members: FxHashMap<i64, Span>,
    member_of: FxHashMap<i64, i64>,
    /// Sorted join days and left days, for members totals at any day.
    joined_days: Vec<i32>,
    left_days: Vec<i32>,
    /// The first and last day with imported sales.
    coverage: Option<(i32, i32)>,
    /// The shop's lifecycle thresholds.
    lifecycle: Lifecycle,
    /// `member_days`, worked out once.
    member_days: std::sync::OnceLock<FxHashMap<i64, Vec<(i32, i64)>>>,
}

/// Which customer rows to load: all, or only those on or after a day.
#[derive(Debug, Clone, Copy)]
pub enum Load {
    All,
    From(NaiveDate),
}

impl Facts {
    /// Loads the facts from the store (inside one read transaction of the caller's choosing).
    pub fn load(conn: &Connection, load: Load) -> rusqlite::Result<Facts> {
        let mut f = Facts::default();
        let from = match load {
            Load::All => 0,
            Load::From(day) => day_number(day),
        };
        let to_idx = |n: i64| from_day_number(n).map(idx).unwrap_or(0);
        rollups::each_day(conn, |d| {
            f.days.push(DayRow {
                day: to_idx(d.day),
                gross: d.gross,
                discounts: d.discounts,
                refunds: d.refunds,
                receipts: d.receipts,
            })
        })?;
        f.coverage = f
            .days
            .first()
            .zip(f.days.last())
            .map(|(a, b)| (a.day, b.day));
        // Days repeat row after row: convert each distinct one once.
        let mut last = (i64::MIN, 0i32);
        let mut day_idx = |n: i64| {
            if n != last.0 {
                last = (n, to_idx(n));
            }
            last.1
        };
        rollups::each_customer_day(conn, from, |r| {
            let day = day_idx(r.day);
            f.customers.push(CustomerRow {
                day,
                identity: r.identity,
                receipt_day: day_idx(r.receipt_day),
                receipts: r.receipts,
                net: r.net,
                refunds: r.refunds,
                member: None,
            })
        })?;
        identities::each_member_link(conn, |identity, member| {
            f.member_of.insert(identity, member);
        })?;
        members::each_span(conn, |id, joined, left| {
            let (joined, left) = (idx(joined), left.map(idx));
            f.members.insert(id, Span { joined, left });
            f.joined_days.push(joined);
            if let Some(l) = left {
                f.left_days.push(l);
            }
        })?;
        f.joined_days.sort_unstable();
        f.left_days.sort_unstable();
        f.lifecycle = Lifecycle::load(conn)?;
        let mut customers = std::mem::take(&mut f.customers);
        for row in &mut customers {
            row.member = f.member_at(row.identity, row.receipt_day);
        }
        f.customers = customers;
        Ok(f)
    }

    /// The first and last day with sales.
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        let (a, b) = self.coverage?;
        Some((
            NaiveDate::from_num_days_from_ce_opt(a)?,
            NaiveDate::from_num_days_from_ce_opt(b)?,
        ))
    }

    /// Whether the imported sales cover some of the week but not all of it (or it is not over):
    /// the charts star it. A week with no sales at all is not partial, just empty.
    pub fn partly_covered(&self, week: Period, today: NaiveDate) -> bool {
        self.has_sales_data(week) && is_partial(self.coverage(), week, today)
    }

    /// Whether the period overlaps the imported sales.
    fn has_sales_data(&self, p: Period) -> bool {
        let (s, e) = p.days();
        self.coverage.is_some_and(|(a, b)| s <= b && e > a)
    }

    /// The member `identity` is linked to, whenever they bought.
    pub fn member_of(&self, identity: i64) -> Option<i64> {
        self.member_of.get(&identity).copied()
    }

    /// The member a receipt of `identity` dated `day` belongs to, if it is a member receipt.
    fn member_at(&self, identity: i64, day: i32) -> Option<i64> {
        let member = *self.member_of.get(&identity)?;
        self.members
            .get(&member)
            .filter(|span| span.holds(day))
            .map(|_| member)
    }

    fn day_rows(&self, from: i32, to: i32) -> &[DayRow] {
        let a = self.days.partition_point(|d| d.day < from);
        let b = self.days.partition_point(|d| d.day < to);
        &self.days[a..b]
    }

    fn customer_rows(&self, from: i32, to: i32) -> &[CustomerRow] {
        let a = self.customers.partition_point(|c| c.day < from);
        let b = self.customers.partition_point(|c| c.day < to);
        &self.customers[a..b]
    }

    /// Members in the community at the end of `day`.
    fn members_total_at(&self, day: i32) -> i64 {
        let joined = self.joined_days.partition_point(|d| *d <= day);
        let left = self.left_days.partition_point(|d| *d <= day);
        (joined - left) as i64
    }

    /// Every KPI of `p`.
    pub fn kpis(&self, p: Period) -> Kpis {
        let mut k = Kpis::default();
        self.sales(p, &mut k);
        self.members_kpis(p, &mut k);
        if self.has_sales_data(p) {
            self.repeat_rates(p, &mut k);
            self.retention_30d(p, &mut k);
        }
        k
    }

    /// Totals of the period, split by who bought.
    fn sales(&self, p: Period, k: &mut Kpis) {
        if !self.has_sales_data(p) {
            return;
        }
        let (s, e) = p.days();
        let mut t = DayRow::default();
        for d in self.day_rows(s, e) {
            t.gross += d.gross;
            t.discounts += d.discounts;
            t.refunds += d.refunds;
            t.receipts += d.receipts;
        }
        let net = t.gross - t.discounts - t.refunds;
        let (mut member_net, mut ordinary_net, mut member_receipts) = (0i64, 0i64, 0i64);
        let mut active: FxHashSet<i64> = FxHashSet::default();
        for row in self.customer_rows(s, e) {
            let value = row.net - row.refunds;
            match row.person() {
                Person::Member(m) => {
                    member_net += value;
                    member_receipts += row.receipts;
                    if row.receipts > 0 {
                        active.insert(m);
                    }
                }
                Person::Ordinary(_) => ordinary_net += value,
            }
        }
        k.gross_minor = Some(t.gross);
        k.discounts_minor = Some(t.discounts);
        k.refunds_minor = Some(t.refunds);
        k.net_minor = Some(net);
        k.receipts = Some(t.receipts);
        k.average_ticket_minor = div_round(t.gross - t.discounts, t.receipts);
        k.member_net_minor = Some(member_net);
        k.ordinary_net_minor = Some(ordinary_net);
        k.anonymous_net_minor = Some(net - member_net - ordinary_net);
        k.member_receipts = Some(member_receipts);
        k.member_share = ratio(member_net, net);
        k.active_members = Some(active.len() as i64);
    }

    /// Members total, new, left, growth and activity (activity needs sales data).
    fn members_kpis(&self, p: Period, k: &mut Kpis) {
        let (s, e) = p.days();
        let total_end = self.members_total_at(e - 1);
        let total_start = self.members_total_at(s - 1);
        let new = self.joined_days.partition_point(|d| *d < e) as i64
            - self.joined_days.partition_point(|d| *d < s) as i64;
        let left = self.left_days.partition_point(|d| *d < e) as i64
            - self.left_days.partition_point(|d| *d < s) as i64;
        k.members_total = Some(total_end);
        k.new_members = Some(new);
        k.members_left = Some(left);
        k.growth_rate = ratio(new - left, total_start);
        k.activity_rate = k.active_members.and_then(|a| ratio(a, total_end));
        k.samples.activity = k.active_members.map(|n| Sample { n, of: total_end });
    }

    /// Repeat rates over the 28 days ending at the period's end.
    fn repeat_rates(&self, p: Period, k: &mut Kpis) {
        let e = idx(p.end);
        let mut counts: FxHashMap<Person, i64> = FxHashMap::default();
        for row in self.customer_rows(e - 28, e) {
            if row.receipts > 0 {
                *counts.entry(row.person()).or_default() += row.receipts;
            }
        }
        let (mut m1, mut m2, mut o1, mut o2) = (0, 0, 0, 0);
        for (person, n) in counts {
            let (one, two) = match person {
                Person::Member(_) => (&mut m1, &mut m2),
                Person::Ordinary(_) => (&mut o1, &mut o2),
            };
            *one += 1;
            if n >= 2 {
                *two += 1;
            }
        }
        k.repeat_rate_members = ratio(m2, m1);
        k.repeat_rate_ordinary = ratio(o2, o1);
        k.samples.repeat_members = Some(Sample { n: m2, of: m1 });
        k.samples.repeat_ordinary = Some(Sample { n: o2, of: o1 });
        k.repeat_multiple = match (k.repeat_rate_members, k.repeat_rate_ordinary) {
            (Some(m), Some(o)) if o > 0.0 => Some(m / o),
            _ => None,
        };
    }

    /// Of the members who joined 60 to 30 days before the end, the share who bought within 30
    /// days of joining.
    fn retention_30d(&self, p: Period, k: &mut Kpis) {
        let e = idx(p.end);
        let cohort: FxHashMap<i64, i32> = self
            .members
            .iter()
            .filter(|(_, span)| span.joined >= e - 60 && span.joined < e - 30)
            .map(|(id, span)| (*id, span.joined))
            .collect();
        if cohort.is_empty() {
            return;
        }
        let mut retained: FxHashSet<i64> = FxHashSet::default();
        for row in self.customer_rows(e - 60, e) {
            if row.receipts == 0 {
                continue;
            }
            if let Person::Member(m) = row.person()
                && let Some(joined) = cohort.get(&m)
                && row.receipt_day < joined + 30
            {
                retained.insert(m);
            }
        }
        k.retention_30d = ratio(retained.len() as i64, cohort.len() as i64);
        k.samples.retention = Some(Sample {
            n: retained.len() as i64,
            of: cohort.len() as i64,
        });
    }

    /// The rows a period's KPIs read start this many days before its start (retention looks
    /// back 60 days from the end).
    pub fn lookback(p: Period) -> NaiveDate {
        let back = p.end - Days::new(60);
        back.min(p.start)
    }

    /// Every week (as the shop counts weeks) from the first to the last week with sales.
    pub fn weeks(&self, week_start: WeekStart) -> Vec<Period> {
        let Some((first, last)) = self.coverage() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut w = Period::week_of(first, week_start);
        while w.start <= last {
            out.push(w);
            w = Period::new(w.end, w.end + Days::new(7));
        }
        out
    }
}

/// A member's lifecycle stage (metrics.md, docs/metrics-notes.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Stage {
    New,
    Active,
    AtRisk,
    Lapsed,
}

impl Stage {
    pub const ALL: [Stage; 4] = [Stage::New, Stage::Active, Stage::AtRisk, Stage::Lapsed];

    /// The stage at day `t` of a member who joined on day `joined` and last bought on `last`.
    fn of(lc: &Lifecycle, joined: i32, last: Option<i32>, t: i32) -> Stage {
        let days = |n: u16| i32::from(n);
        if t - joined < days(lc.new_days) {
            return Stage::New;
        }
        match last {
            Some(l) if t - l <= days(lc.active_days) => Stage::Active,
            Some(l) if t - l <= days(lc.lapsed_days) => Stage::AtRisk,
            Some(_) => Stage::Lapsed,
            None if t - joined > days(lc.never_days) => Stage::Lapsed,
            None => Stage::Active,
        }
    }
}

/// What one member did up to a day, for the lifecycle, the at-risk list and KOC candidates.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberActivity {
    #[ts(type = "number")]
    pub member_id: i64,
    pub stage: Stage,
    pub last_visit: Option<NaiveDate>,
    /// Weeks of the last 12 with a member receipt.
    pub active_weeks: u32,
    /// Days of the last 12 weeks with a receipt (visits).
    pub visits_12w: u32,
    /// Net sales of the last 12 weeks.
    #[ts(type = "number")]
    pub net_12w_minor: i64,
    /// The median net of their receipt days in the last 12 weeks.
    #[ts(type = "number | null")]
    pub usual_spend_minor: Option<i64>,
    /// KOC score 0–100 (docs/metrics-notes.md).
    pub koc_score: u32,
}

/// One join-week cohort: its size and, for each week after joining, the share who bought.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRetention {
    pub week: Period,
    pub size: i64,
    pub retention: Vec<Option<f64>>,
}

impl Facts {
    /// Each member's receipt days (as member receipts) with that day's net, sorted by day.
    fn member_days(&self) -> &FxHashMap<i64, Vec<(i32, i64)>> {
        self.member_days.get_or_init(|| self.compute_member_days())
    }

    fn compute_member_days(&self) -> FxHashMap<i64, Vec<(i32, i64)>> {
        let mut out: FxHashMap<i64, Vec<(i32, i64)>> = FxHashMap::default();
        for row in &self.customers {
            if row.receipts == 0 {
                continue;
            }
            if let Person::Member(m) = row.person() {
                let days = out.entry(m).or_default();
                match days.last_mut() {
                    Some((d, net)) if *d == row.day => *net += row.net,
                    _ => days.push((row.day, row.net)),
                }
            }
        }
        out
    }

    /// How many members are in each stage at `day`, in `Stage::ALL` order.
    pub fn stages_at(&self, day: NaiveDate) -> [i64; 4] {
        let t = idx(day);
        let days = self.member_days();
        let mut out = [0i64; 4];
        for (id, span) in &self.members {
            if !span.holds(t) {
                continue;
            }
            let last = days
                .get(id)
                .and_then(|d| d.iter().rev().find(|(day, _)| *day <= t))
                .map(|(day, _)| *day);
            let stage = Stage::of(&self.lifecycle, span.joined, last, t);
            if let Some(i) = Stage::ALL.iter().position(|s| *s == stage) {
                out[i] += 1;
            }
        }
        out
    }

    /// Every member in the community at `day`, with what they did in the 12 weeks up to it.
    pub fn member_activity(&self, day: NaiveDate) -> Vec<MemberActivity> {
        let t = idx(day);
        let from = t - 83;
        let days = self.member_days();
        let mut out: Vec<MemberActivity> = Vec::new();
        for (id, span) in &self.members {
            if !span.holds(t) {
                continue;
            }
            let mine: &[(i32, i64)] = days.get(id).map_or(&[], |d| d.as_slice());
            let upto = &mine[..mine.partition_point(|(d, _)| *d <= t)];
            let recent = &upto[upto.partition_point(|(d, _)| *d < from)..];
            let last = upto.last().map(|(d, _)| *d);
            let weeks: FxHashSet<i32> = recent.iter().map(|(d, _)| (t - d) / 7).collect();
            let mut nets: Vec<i64> = recent.iter().map(|(_, n)| *n).collect();
            nets.sort_unstable();
            let usual = match nets.len() {
                0 => None,
                n if n % 2 == 1 => Some(nets[n / 2]),
                n => div_round(nets[n / 2 - 1] + nets[n / 2], 2),
            };
            out.push(MemberActivity {
                member_id: *id,
                stage: Stage::of(&self.lifecycle, span.joined, last, t),
                last_visit: last.and_then(NaiveDate::from_num_days_from_ce_opt),
                active_weeks: weeks.len() as u32,
                visits_12w: recent.len() as u32,
                net_12w_minor: nets.iter().sum(),
                usual_spend_minor: usual,
                koc_score: 0,
            });
        }
        // KOC: 40 × share of weeks with a visit + 40 × spend percentile + 20 × recency.
        let mut spends: Vec<i64> = out.iter().map(|a| a.net_12w_minor).collect();
        spends.sort_unstable();
        let n = spends.len().max(1) as f64;
        for a in &mut out {
            let below = spends.partition_point(|s| *s < a.net_12w_minor) as f64;
            let percentile = if a.net_12w_minor > 0 { below / n } else { 0.0 };
            let recency = a.last_visit.map_or(0.0, |l| {
                let ago = f64::from(t - idx(l));
                if ago <= 7.0 {
                    1.0
                } else {
                    ((45.0 - ago) / 38.0).clamp(0.0, 1.0)
                }
            });
            let visits = f64::from(a.active_weeks.min(12)) / 12.0;
            a.koc_score = (40.0 * visits + 40.0 * percentile + 20.0 * recency).round() as u32;
        }
        out.sort_by_key(|a| a.member_id);
        out
    }

    /// Each member's net sales and receipts in `p` (as member receipts), biggest first.
    pub fn member_spend(&self, p: Period) -> Vec<(i64, i64, i64)> {
        let (s, e) = p.days();
        let mut by: FxHashMap<i64, (i64, i64)> = FxHashMap::default();
        for row in self.customer_rows(s, e) {
            if let Person::Member(m) = row.person() {
                let t = by.entry(m).or_default();
                t.0 += row.net - row.refunds;
                t.1 += row.receipts;
            }
        }
        let mut out: Vec<(i64, i64, i64)> = by.into_iter().map(|(m, (n, r))| (m, n, r)).collect();
        out.sort_by_key(|(m, n, _)| (std::cmp::Reverse(*n), *m));
        out
    }

    /// Average ticket of member receipts and of all others in `p`: (gross − discounts) ÷ receipts.
    pub fn tickets(&self, p: Period) -> (Option<i64>, Option<i64>) {
        if !self.has_sales_data(p) {
            return (None, None);
        }
        let (s, e) = p.days();
        let (mut sales, mut receipts) = (0i64, 0i64);
        for d in self.day_rows(s, e) {
            sales += d.gross - d.discounts;
            receipts += d.receipts;
        }
        let (mut member_sales, mut member_receipts) = (0i64, 0i64);
        for row in self.customer_rows(s, e) {
            if let Person::Member(_) = row.person() {
                member_sales += row.net;
                member_receipts += row.receipts;
            }
        }
        (
            div_round(member_sales, member_receipts),
            div_round(sales - member_sales, receipts - member_receipts),
        )
    }

    /// The `count` join-week cohorts up to the week `last`, oldest first, each with the share of
    /// members who bought in each week after joining (up to `last`).
    pub fn cohorts(&self, last: Period, count: usize) -> Vec<CohortRetention> {
        let days = self.member_days();
        let mut out = Vec::new();
        for back in (0..count).rev() {
            let start = last.start - Days::new(7 * back as u64);
            let week = Period::new(start, start + Days::new(7));
            let (s, e) = week.days();
            let cohort: Vec<i64> = self
                .members
                .iter()
                .filter(|(_, span)| span.joined >= s && span.joined < e)
                .map(|(id, _)| *id)
                .collect();
            let retention = (0..=back)
                .map(|k| {
                    let (ks, ke) = (s + 7 * k as i32, e + 7 * k as i32);
                    let bought = cohort
                        .iter()
                        .filter(|m| {
                            days.get(m)
                                .is_some_and(|d| d.iter().any(|(day, _)| *day >= ks && *day < ke))
                        })
                        .count();
                    ratio(bought as i64, cohort.len() as i64)
                })
                .collect();
            out.push(CohortRetention {
                week,
                size: cohort.len() as i64,
                retention,
            });
        }
        out
    }
}

/// A KPI's value as the owner reads it: money with its currency, ratios as a percent with one
/// decimal, multiples as `2.1×`, and `—` when missing.
pub fn format_value(def: &KpiDef, value: Option<f64>, currency: &Currency) -> String {
    let Some(v) = value else {
        return "—".into();
    };
    match def.unit {
        Unit::Money => format_money(v.round() as i64, currency),
        Unit::Count => {
            let sign = if v < 0.0 { "-" } else { "" };
            format!("{sign}{}", group_thousands(v.abs().round() as u64))
        }
        Unit::Ratio => format!("{:.1}%", v * 100.0),
        Unit::Multiple => format!("{v:.2}×"),
    }
}

/// The week the dashboard and the review open on: the last complete week (before `today`'s)
/// that the imported sales (`coverage`, first and last day) cover to its last day. A week the
/// sales end inside (the file ends on a Wednesday) is partial: the week before is the default
/// when the sales cover it whole; only a shop whose sales cover no week whole opens on a
/// partial one (marked, see [`is_partial`]).
pub fn default_week(
    coverage: Option<(NaiveDate, NaiveDate)>,
    today: NaiveDate,
    week_start: WeekStart,
) -> Period {
    let last_complete = Period::week_of(today, week_start).previous();
    let Some((first, last)) = coverage else {
        return last_complete;
    };
    let week = if last < last_complete.start {
        Period::week_of(last, week_start)
    } else {
        last_complete
    };
    let before = week.previous();
    if last < week.last_day() && first <= before.start {
        before
    } else {
        week
    }
}

/// Whether `week`'s numbers are not a whole week's: the sales (`coverage`) start after its first
/// day or end before its last, or the week is not over on `today`.
pub fn is_partial(
    coverage: Option<(NaiveDate, NaiveDate)>,
    week: Period,
    today: NaiveDate,
) -> bool {
    today <= week.last_day()
        || coverage.is_some_and(|(first, last)| first > week.start || last < week.last_day())
}

/// The KPIs of one period, read from the store.
pub fn kpis_for(conn: &Connection, p: Period) -> rusqlite::Result<Kpis> {
    let facts = Facts::load(conn, Load::From(Facts::lookback(p)))?;
    Ok(facts.kpis(p))
}

#[cfg(test)]
#[path = "metrics_tests.rs"]
mod tests;
