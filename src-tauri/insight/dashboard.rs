//! The week at a glance, as the dashboard and the weekly review show it: every KPI against last
//! week and its target, the charts, and who to act on. Everything here is read from `metrics`;
//! nothing is computed twice.

use crate::community::groups as chat_groups;
use crate::community::listed;
use crate::i18n::{Failure, Lang};
use crate::insight::charts::{self, Chart, ChartInput, Cohort, WeekPoint};
use crate::insight::groups::{self, GroupsWeek};
use crate::insight::member_table;
use crate::insight::metrics::{self, Facts, Kpis, Load, MemberActivity, Period, Stage, Unit};
use crate::insight::targets::{self, Status, Trend};
use crate::people::customers::CustomerError;
use crate::people::members::{self, Contact};
use crate::sales::rollups;
use crate::sales::unmatched::{self, Customer};
use crate::settings::Settings;
use crate::store::StoreError;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

/// Weeks the charts look back over.
pub const CHART_WEEKS: usize = 12;
/// How many members each action list shows.
pub const LIST_LEN: usize = 8;

/// One KPI card: the value, last week's, the target and how it stands.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KpiCard {
    pub key: String,
    pub label: String,
    pub unit: Unit,
    pub value: Option<f64>,
    pub display: String,
    pub previous: Option<f64>,
    pub previous_display: String,
    pub target: Option<f64>,
    pub target_display: Option<String>,
    pub status: Option<Status>,
    pub trend: Option<Trend>,
    /// Whether the change since last week is good news (`None`: flat or nothing to compare).
    pub better: Option<bool>,
    pub formula: String,
    /// A rate over fewer than `metrics::SMALL_SAMPLE` people, with its count ("1 of 1"): it is
    /// judged against no target.
    pub small_sample: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChartSvg {
    pub id: String,
    pub title: String,
    pub svg: String,
}

/// A member in an action list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberLine {
    #[ts(type = "number")]
    pub member_id: i64,
    pub name: String,
    /// How staff know them in the group chat.
    pub wechat_name: Option<String>,
    /// Masked unless the owner turned masking off.
    pub phone: Option<String>,
    pub marketing_consent: bool,
    pub last_visit: Option<NaiveDate>,
    #[ts(type = "number | null")]
    pub usual_spend_minor: Option<i64>,
    pub birthday: Option<NaiveDate>,
    pub koc_score: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// `2026-W12`
    pub week: String,
    pub start: NaiveDate,
    /// The last day, included.
    pub end: NaiveDate,
    /// Weeks with sales, newest first, for the week picker.
    pub weeks: Vec<String>,
    /// The days of the week the imported sales cover, when not all of them (or the week is not
    /// over): its numbers are not a whole week's.
    pub partial: Option<Covered>,
    pub kpis: Kpis,
    pub cards: Vec<KpiCard>,
    pub charts: Vec<ChartSvg>,
    /// Members in each lifecycle stage at the week's end.
    pub stages: Vec<StageCount>,
    pub at_risk: Vec<MemberLine>,
    pub birthdays: Vec<MemberLine>,
    pub koc: Vec<MemberLine>,
    pub big_spenders: Vec<Customer>,
    /// The groups that week: sizes, members on the list, moderation, rules due.
    pub groups: GroupsWeek,
}

/// The days of a week that the sales cover, first and last included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Covered {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct StageCount {
    pub stage: Stage,
    #[ts(type = "number")]
    pub count: i64,
}

/// The next time `birthday` comes round on or after `from`.
fn next_birthday(birthday: NaiveDate, from: NaiveDate) -> Option<NaiveDate> {
    (from.year()..=from.year() + 1)
        .filter_map(|y| {
            NaiveDate::from_ymd_opt(y, birthday.month(), birthday.day())
                // 29 February outside leap years: the 28th.
                .or_else(|| NaiveDate::from_ymd_opt(y, birthday.month(), 28))
        })
        .find(|d| *d >= from)
}

/// The facts the dashboard of `week` reads: its chart weeks and what their KPIs look back on.
pub fn facts_for(conn: &Connection, week: Period) -> Result<Facts, Failure> {
    let first_chart_week = week.start - Days::new(7 * (CHART_WEEKS as u64 - 1));
    let from = Facts::lookback(Period::new(first_chart_week, week.end)) - Days::new(7);
    Ok(Facts::load(conn, Load::From(from)).map_err(StoreError::from)?)
}

/// One member as the dashboard or the review opens them: their details and what they did in the
/// last 12 weeks (visits, spend, last visit, lifecycle stage).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberSummary {
    pub member: members::Member,
    /// `None` for a member who has left.
    pub activity: Option<MemberActivity>,
    /// Their stays in the groups, newest first.
    pub groups: Vec<MemberGroup>,
}

/// A member's stay in a group, named.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MemberGroup {
    #[ts(type = "number")]
    pub group_id: i64,
    pub group: String,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
}

/// The summary of member `id` as of `today`.
pub fn member_summary(
    conn: &Connection,
    settings: &Settings,
    id: i64,
    today: NaiveDate,
) -> Result<MemberSummary, Failure> {
    let member = members::get(conn, id, &settings.phone_region, settings.language)?;
    // As the members list reads it (the 12 weeks, and an older last visit from the rollups), so
    // the two agree and opening a member does not read years of rows.
    let activity = member_table::activity(conn, today)?.remove(&id);
    let names = chat_groups::names(conn)?;
    let groups = listed::of_member(conn, id)?
        .into_iter()
        .map(|s| MemberGroup {
            group: names.get(&s.group_id).cloned().unwrap_or_default(),
            group_id: s.group_id,
            joined_on: s.joined_on,
            left_on: s.left_on,
        })
        .collect();
    Ok(MemberSummary {
        member,
        activity,
        groups,
    })
}

/// The week the dashboard shows: `week`, or the last complete week with sales.
pub fn week_or_default(
    conn: &Connection,
    settings: &Settings,
    week: Option<Period>,
    today: NaiveDate,
) -> Result<Period, Failure> {
    if let Some(week) = week {
        return Ok(week);
    }
    let coverage = rollups::sales_coverage(conn).map_err(StoreError::from)?;
    Ok(metrics::default_week(coverage, today, settings.week_start))
}

/// Builds the dashboard of `week` (default: the last complete week with sales) as of `today`.
pub fn build(
    conn: &Connection,
    settings: &Settings,
    week: Option<Period>,
    today: NaiveDate,
) -> Result<Dashboard, Failure> {
    let week = week_or_default(conn, settings, week, today)?;
    let facts = facts_for(conn, week)?;
    assemble(conn, settings, &facts, week, today, LIST_LEN)
}

/// The dashboard of `week` from `facts` (as `facts_for` loads them); birthdays from `today`.
/// The member lists name at most `list_len` members (the screen a few, the printed review all).
pub fn assemble(
    conn: &Connection,
    settings: &Settings,
    facts: &Facts,
    week: Period,
    today: NaiveDate,
    list_len: usize,
) -> Result<Dashboard, Failure> {
    let lang = settings.language;
    let currency = settings.money();
    let mut all_weeks: Vec<String> = facts
        .weeks(settings.week_start)
        .iter()
        .map(Period::week_label)
        .collect();
    all_weeks.reverse();
    // The chart weeks end with this one: their KPIs serve the cards too (computed once).
    let series = chart_weeks(facts, week);
    let of = |p: Period| {
        series
            .iter()
            .find(|(q, _)| *q == p)
            .map_or_else(|| facts.kpis(p), |(_, k)| k.clone())
    };
    let kpis = of(week);
    let last = of(week.previous());
    let target_of = targets::all(conn).map_err(StoreError::from)?;
    let cards = metrics::KPIS
        .iter()
        .map(|def| {
            let value = kpis.get(def.key);
            let previous = last.get(def.key);
            let target = target_of.get(def.key).copied();
            let small = kpis
                .sample(def.key)
                .filter(|s| s.of > 0 && s.of < metrics::SMALL_SAMPLE);
            KpiCard {
                key: def.key.into(),
                label: lang.pick(def.zh, def.en),
                unit: def.unit,
                value,
                display: metrics::format_value(def, value, &currency),
                previous,
                previous_display: metrics::format_value(def, previous, &currency),
                target,
                target_display: target.map(|t| metrics::format_value(def, Some(t), &currency)),
                status: targets::status(def, value, target).filter(|_| small.is_none()),
                trend: targets::trend(def, value, previous),
                better: targets::better(def, value, previous),
                formula: lang.pick(def.formula_zh, def.formula_en),
                small_sample: small.map(|s| {
                    lang.pick(
                        format!("{} 人中 {} 人，人数太少，不作评判", s.of, s.n),
                        format!("{} of {}: too few to judge", s.n, s.of),
                    )
                }),
            }
        })
        .collect();

    let input = chart_input_from(facts, week, today, lang, &series);
    let charts = Chart::ALL
        .iter()
        .map(|c| ChartSvg {
            id: c.id().into(),
            title: c.title(lang).into(),
            svg: charts::render(*c, &input, lang, &currency),
        })
        .collect();

    let activity = facts.member_activity(week.last_day());
    let by_id: HashMap<i64, &MemberActivity> = activity.iter().map(|a| (a.member_id, a)).collect();
    let line = |m: &Contact| MemberLine {
        member_id: m.id,
        name: members::label(
            m.name.as_deref(),
            m.phone.as_deref(),
            &settings.phone_region,
            lang,
        ),
        wechat_name: m.wechat_name.clone(),
        phone: m.phone.as_deref().map(|p| {
            crate::people::phone::display(p, &settings.phone_region, settings.mask_phones)
        }),
        marketing_consent: m.consent,
        last_visit: by_id.get(&m.id).and_then(|a| a.last_visit),
        usual_spend_minor: by_id.get(&m.id).and_then(|a| a.usual_spend_minor),
        birthday: m.birthday,
        koc_score: by_id.get(&m.id).map(|a| a.koc_score),
    };
    // The lists name a few members: only those are read (the first current ones in order).
    let listed = |ids: Vec<i64>| -> Result<Vec<MemberLine>, Failure> {
        let found = members::first_current(conn, &ids, list_len).map_err(StoreError::from)?;
        Ok(found.iter().map(line).collect())
    };
    let mut at_risk: Vec<&MemberActivity> = activity
        .iter()
        .filter(|a| a.stage == Stage::AtRisk)
        .collect();
    at_risk.sort_by_key(|a| {
        (
            std::cmp::Reverse(a.usual_spend_minor.unwrap_or(0)),
            a.member_id,
        )
    });
    let at_risk = listed(at_risk.iter().map(|a| a.member_id).collect())?;
    let mut koc: Vec<&MemberActivity> = activity.iter().filter(|a| a.koc_score > 0).collect();
    koc.sort_by_key(|a| (std::cmp::Reverse(a.koc_score), a.member_id));
    let koc = listed(koc.iter().map(|a| a.member_id).collect())?;
    let week_ahead: Vec<NaiveDate> = (0..7).map(|i| today + Days::new(i)).collect();
    let mut birthdays: Vec<(NaiveDate, MemberLine)> = members::with_birthday_on(conn, &week_ahead)
        .map_err(StoreError::from)?
        .iter()
        .filter_map(|m| {
            let next = next_birthday(m.birthday?, today)?;
            (next < today + Days::new(7)).then(|| (next, line(m)))
        })
        .collect();
    birthdays.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.member_id.cmp(&b.1.member_id)));
    let big_spenders = unmatched::unmatched(
        conn,
        &settings.phone_region,
        settings.mask_phones,
        Some(LIST_LEN),
    )
    .map_err(CustomerError::from)?;
    // The last chart week's stages, when that week is this one.
    let stages = match (series.last(), input.weeks.last()) {
        (Some((p, _)), Some(point)) if *p == week => point.stages,
        _ => facts.stages_at(week.last_day()),
    };
    let coverage = rollups::sales_coverage(conn).map_err(StoreError::from)?;
    // Only a week with some sales is partial; one with none is simply empty.
    let partial = coverage
        .filter(|(first, last)| *first <= week.last_day() && *last >= week.start)
        .filter(|_| metrics::is_partial(coverage, week, today))
        .map(|(first, last)| Covered {
            from: first.max(week.start),
            to: last.min(week.last_day()).min(today),
        });
    Ok(Dashboard {
        week: week.week_label(),
        start: week.start,
        end: week.last_day(),
        weeks: all_weeks,
        partial,
        kpis,
        cards,
        charts,
        stages: Stage::ALL
            .iter()
            .zip(stages)
            .map(|(stage, count)| StageCount {
                stage: *stage,
                count,
            })
            .collect(),
        at_risk,
        birthdays: birthdays.into_iter().map(|(_, l)| l).collect(),
        koc,
        big_spenders,
        groups: groups::week(conn, settings, week, today)?,
    })
}

/// A short axis label for a week: `W12` in English, `3/16` (its first day) in Chinese.
fn axis_label(p: Period, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}/{}", p.start.month(), p.start.day()),
        Lang::En => {
            let label = p.week_label();
            label.split('-').nth(1).unwrap_or(&label).to_string()
        }
    }
}

/// The 12 chart weeks up to `week`, oldest first, with their KPIs.
fn chart_weeks(facts: &Facts, week: Period) -> Vec<(Period, Kpis)> {
    (0..CHART_WEEKS)
        .rev()
        .map(|back| {
            let start = week.start - Days::new(7 * back as u64);
            let p = Period::new(start, start + Days::new(7));
            (p, facts.kpis(p))
        })
        .collect()
}

/// What the charts draw: the 12 weeks up to `week`, and the cohorts that joined in them.
pub fn chart_input(facts: &Facts, week: Period, today: NaiveDate, lang: Lang) -> ChartInput {
    chart_input_from(facts, week, today, lang, &chart_weeks(facts, week))
}

/// `chart_input` from the chart weeks' KPIs (`chart_weeks`).
fn chart_input_from(
    facts: &Facts,
    week: Period,
    today: NaiveDate,
    lang: Lang,
    series: &[(Period, Kpis)],
) -> ChartInput {
    let weeks = series
        .iter()
        .map(|(p, k)| {
            let p = *p;
            let (members, others) = facts.tickets(p);
            WeekPoint {
                label: axis_label(p, lang),
                member_net_minor: k.member_net_minor.unwrap_or(0),
                ordinary_net_minor: k.ordinary_net_minor.unwrap_or(0),
                anonymous_net_minor: k.anonymous_net_minor.unwrap_or(0),
                repeat_members: k.repeat_rate_members,
                repeat_ordinary: k.repeat_rate_ordinary,
                ticket_members_minor: members,
                ticket_others_minor: others,
                stages: facts.stages_at(p.last_day()),
                new_members: k.new_members.unwrap_or(0),
                active_members: k.active_members.unwrap_or(0),
                partial: facts.partly_covered(p, today),
            }
        })
        .collect();
    let cohorts = facts
        .cohorts(week, CHART_WEEKS)
        .into_iter()
        .map(|c| Cohort {
            label: axis_label(c.week, lang),
            size: c.size,
            retention: c.retention,
        })
        .collect();
    ChartInput { weeks, cohorts }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A member opened from a list: the same stage, last visit and usual spend as the list says.
    #[test]
    fn a_member_summary_agrees_with_the_list_that_named_them() {
        let (conn, settings, _dir) = crate::demo::for_tests("en-US");
        let today = crate::demo::TEST_TODAY;
        let Ok(d) = build(&conn, &settings, None, today) else {
            panic!("dashboard");
        };
        let line = d.at_risk.first().expect("someone at risk");
        let Ok(summary) = member_summary(&conn, &settings, line.member_id, d.end) else {
            panic!("summary");
        };
        assert_eq!(summary.member.label, line.name);
        let a = summary.activity.expect("current");
        assert_eq!(a.stage, Stage::AtRisk);
        assert_eq!(
            (a.last_visit, a.usual_spend_minor),
            (line.last_visit, line.usual_spend_minor)
        );
        assert!(a.visits_12w >= a.active_weeks && a.net_12w_minor >= 0);
    }

    /// In the demo's first week a handful of members make its rates: each such card shows its
    /// count and no status; a rate over enough people keeps its status.
    #[test]
    fn a_rate_over_few_people_shows_its_count_and_no_status() {
        let (conn, settings, _dir) = crate::demo::for_tests("en-US");
        let today = crate::demo::TEST_TODAY;
        let Ok(first) = build(&conn, &settings, None, today) else {
            panic!("dashboard");
        };
        let oldest = first.weeks.last().cloned().expect("weeks");
        let week = Period::parse_week(&oldest, settings.week_start).expect("week");
        let Ok(d) = build(&conn, &settings, Some(week), today) else {
            panic!("dashboard");
        };
        let small: Vec<&KpiCard> = d
            .cards
            .iter()
            .filter(|c| c.small_sample.is_some())
            .collect();
        assert!(!small.is_empty(), "the first week has few members");
        for c in small {
            let sample = d.kpis.sample(&c.key).expect("sample");
            assert!(sample.of < metrics::SMALL_SAMPLE, "{}", c.key);
            let text = c.small_sample.as_deref().unwrap_or_default();
            assert!(
                text.starts_with(&format!("{} of {}", sample.n, sample.of)),
                "{text}"
            );
            assert_eq!(c.status, None, "{}", c.key);
        }
        let big = first
            .cards
            .iter()
            .find(|c| c.key == "activity_rate")
            .expect("card");
        assert_eq!(big.small_sample, None);
        assert!(
            big.status.is_some(),
            "a target and enough members: a status"
        );
    }

    /// The demo shop's dashboard for its last week: cards equal the metrics, lists are filled.
    #[test]
    fn the_demo_dashboard_reads_every_number_from_metrics() {
        let (conn, settings, _dir) = crate::demo::for_tests("en-US");
        let today = crate::demo::TEST_TODAY;
        let Ok(d) = build(&conn, &settings, None, today) else {
            panic!("dashboard");
        };
        assert_eq!(d.week, "2026-W47");
        assert_eq!(d.weeks.first().map(String::as_str), Some("2026-W47"));
        assert_eq!(d.weeks.len(), 16);
        let week = Period::parse_week("2026-W47", settings.week_start).expect("week");
        let kpis = metrics::kpis_for(&conn, week).expect("kpis");
        assert_eq!(d.kpis, kpis);
        for card in &d.cards {
            assert_eq!(card.value, kpis.get(&card.key), "{}", card.key);
        }
        let share = d
            .cards
            .iter()
            .find(|c| c.key == "member_share")
            .expect("card");
        assert_eq!(share.target, Some(0.30));
        assert!(share.status.is_some() && share.trend.is_some());
        assert_eq!(d.charts.len(), Chart::ALL.len());
        assert!(!d.at_risk.is_empty() && !d.koc.is_empty() && !d.big_spenders.is_empty());
        assert!(d.birthdays.len() >= 5, "the demo has birthdays this week");
        // The demo masks phones in lists: the middle digits never show.
        assert!(
            d.koc
                .iter()
                .filter_map(|m| m.phone.as_deref())
                .all(|p| p.contains('*'))
        );
        assert_eq!(
            d.stages.iter().map(|s| s.count).sum::<i64>(),
            kpis.members_total.expect("total")
        );
    }

    #[test]
    fn birthdays_come_round_each_year_and_on_the_28th_outside_leap_years() {
        let b = NaiveDate::from_ymd_opt(1990, 12, 30).expect("d");
        let from = NaiveDate::from_ymd_opt(2026, 12, 29).expect("d");
        assert_eq!(
            next_birthday(b, from),
            NaiveDate::from_ymd_opt(2026, 12, 30)
        );
        let from = NaiveDate::from_ymd_opt(2026, 12, 31).expect("d");
        assert_eq!(
            next_birthday(b, from),
            NaiveDate::from_ymd_opt(2027, 12, 30)
        );
        let leap = NaiveDate::from_ymd_opt(2000, 2, 29).expect("d");
        let from = NaiveDate::from_ymd_opt(2027, 2, 1).expect("d");
        assert_eq!(
            next_birthday(leap, from),
            NaiveDate::from_ymd_opt(2027, 2, 28)
        );
    }
}
