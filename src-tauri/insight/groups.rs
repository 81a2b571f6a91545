//! The groups as the owner reads them: one group's page (its details, sizes, members on the
//! list with their last purchase, rules and their revisions, moderation log and repeat
//! offenders), and a week's groups for the dashboard and the review (each group's last typed
//! size, members on the list, moderation actions that week; the repeat offenders; the rules due
//! for a review). Joins, leaves and ratios come with the group statistics.

use crate::community::days::{self, SizeFrom};
use crate::community::groups::{self, Group, SizeReading};
use crate::community::listed::{self, Stay};
use crate::community::moderation::{self, Entry, Offender};
use crate::community::rules::{self, ReviewDue, Revision};
use crate::community::staff::{self, Staff};
use crate::i18n::{Failure, Lang};
use crate::insight::charts;
use crate::insight::member_table;
use crate::insight::metrics::{self, Period};
use crate::people::members;
use crate::settings::Settings;
use crate::settings::ctx::Ctx;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;

/// A member of the list in a group, with their last purchase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ListedMember {
    pub stay: Stay,
    pub label: String,
    pub last_visit: Option<NaiveDate>,
}

/// One group's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupPage {
    pub group: Group,
    pub sizes: Vec<SizeReading>,
    /// Those in the group first, then those who left.
    pub listed: Vec<ListedMember>,
    /// Newest first, without their rules.
    pub revisions: Vec<Revision>,
    pub current: Option<Revision>,
    /// The revision whose words are the current rules (the last that was not a review).
    pub changed: Option<Revision>,
    pub entries: Vec<Entry>,
    /// This group's repeat offenders as of today.
    pub offenders: Vec<Offender>,
    /// When the rules are due for a review (`None`: not due).
    pub review_due: Option<ReviewDue>,
    pub staff: Vec<Staff>,
}

/// Group `id`'s page as of `ctx.today`.
pub fn page(conn: &Connection, id: i64, ctx: Ctx) -> Result<GroupPage, Failure> {
    let group = groups::get(conn, id, ctx.today)?;
    let stays = listed::of_group(conn, id)?;
    let ids: Vec<i64> = stays.iter().map(|s| s.member_id).collect();
    let labels = members::labels(conn, &ids, ctx.phone_region(), ctx.lang)
        .map_err(crate::store::StoreError::from)?;
    let activity = member_table::activity(conn, ctx.today)?;
    let listed = stays
        .into_iter()
        .map(|stay| ListedMember {
            label: labels.get(&stay.member_id).cloned().unwrap_or_default(),
            last_visit: activity.get(&stay.member_id).and_then(|a| a.last_visit),
            stay,
        })
        .collect();
    Ok(GroupPage {
        sizes: groups::sizes(conn, id)?,
        listed,
        revisions: rules::history(conn, id)?,
        current: rules::current(conn, id)?,
        changed: rules::last_change(conn, id)?,
        entries: moderation::list(conn, Some(id), ctx)?,
        offenders: moderation::repeat_offenders(conn, ctx.today, ctx)?
            .into_iter()
            .filter(|o| o.group_id == id)
            .collect(),
        review_due: rules::reviews_due(conn, ctx)?
            .into_iter()
            .find(|d| d.group_id == id),
        staff: staff::list(conn)?,
        group,
    })
}

/// A group in a week's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupLine {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub platform: String,
    /// The last size typed by the week's end.
    pub size: Option<SizeReading>,
    #[ts(type = "number | null")]
    pub target_size: Option<i64>,
    /// Members on the list at the week's end.
    #[ts(type = "number")]
    pub listed: i64,
    /// Moderation entries dated in the week (withdrawn ones not counted).
    #[ts(type = "number")]
    pub actions: usize,
    /// What the group's days say of the week: typed, imported or from its chats.
    pub days: WeekDays,
}

/// A group's week from its days (`community::days`): each figure "—" when no day knows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct WeekDays {
    /// The size on the week's last day (or today's), and where it comes from.
    #[ts(type = "number | null")]
    pub size: Option<i64>,
    pub size_from: SizeFrom,
    #[ts(type = "number | null")]
    pub joins: Option<i64>,
    #[ts(type = "number | null")]
    pub leaves: Option<i64>,
    #[ts(type = "number | null")]
    pub messages: Option<i64>,
    /// Each day's speaking rate (metrics.md), and the week's (the mean of the days with one).
    pub rates: Vec<DayRate>,
    pub rate: Option<f64>,
    /// The rates as a small chart (SVG).
    pub chart: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DayRate {
    pub on: NaiveDate,
    pub rate: Option<f64>,
}

/// A group's week from `from` to `to` (the week's last day, or today).
fn week_days(
    conn: &Connection,
    group: i64,
    from: NaiveDate,
    to: NaiveDate,
    lang: Lang,
) -> Result<WeekDays, Failure> {
    let days = days::range(conn, group, from, to)?;
    let rates: Vec<DayRate> = days
        .iter()
        .map(|d| DayRate {
            on: d.on,
            rate: metrics::speaking_rate(d.figures.speakers, d.figures.size),
        })
        .collect();
    let labels: Vec<(String, Option<f64>)> = rates
        .iter()
        .map(|r| (weekday_label(r.on, lang), r.rate))
        .collect();
    let last = days.last();
    Ok(WeekDays {
        size: last.and_then(|d| d.figures.size),
        size_from: last.map_or(SizeFrom::Unknown, |d| d.size_from),
        joins: metrics::known_sum(days.iter().map(|d| d.figures.joins)),
        leaves: metrics::known_sum(days.iter().map(|d| d.figures.leaves)),
        messages: metrics::known_sum(days.iter().map(|d| d.figures.messages)),
        rate: metrics::mean_rate(rates.iter().map(|r| r.rate)),
        chart: charts::speaking(&labels, metrics::SPEAKING_TARGET),
        rates,
    })
}

/// A day as the small chart names it: 一 … 日, Mon … Sun.
fn weekday_label(day: NaiveDate, lang: Lang) -> String {
    let i = day.weekday().num_days_from_monday() as usize;
    lang.pick(
        ["一", "二", "三", "四", "五", "六", "日"][i],
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    )
}

/// The groups in a week: what the dashboard shows and the review prints.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupsWeek {
    /// The groups not archived.
    pub groups: Vec<GroupLine>,
    /// Two or more breaches in a group in the ladder's window ending with the week.
    pub offenders: Vec<Offender>,
    /// Rules not reviewed for the settings' months by the week's end (or never written).
    pub rules_due: Vec<ReviewDue>,
    #[ts(type = "number")]
    pub actions: usize,
}

/// The groups of `week`, as of its last day (or today, when the week has not ended).
pub fn week(
    conn: &Connection,
    settings: &Settings,
    week: Period,
    today: NaiveDate,
) -> Result<GroupsWeek, Failure> {
    let end = week.last_day().min(today);
    let ctx = Ctx::for_day(settings, end);
    let counts = moderation::actions_between(conn, week.start, week.last_day())?;
    // The groups that ran then: made by the week's end, not archived.
    let lines: Vec<GroupLine> = groups::list(conn, end)?
        .into_iter()
        .filter(|g| g.status != groups::GroupStatus::Archived && g.created_on <= end)
        .map(|g| {
            Ok(GroupLine {
                actions: counts.get(&g.id).copied().unwrap_or(0),
                platform: g.platform.label(ctx.lang).to_string(),
                days: week_days(conn, g.id, week.start, end, ctx.lang)?,
                id: g.id,
                name: g.name,
                size: g.size,
                target_size: g.target_size,
                listed: g.listed,
            })
        })
        .collect::<Result<_, Failure>>()?;
    let shown = |group: i64| lines.iter().any(|g| g.id == group);
    let offenders = moderation::repeat_offenders(conn, end, ctx)?
        .into_iter()
        .filter(|o| shown(o.group_id))
        .collect();
    let rules_due = rules::reviews_due(conn, ctx)?
        .into_iter()
        .filter(|d| shown(d.group_id))
        .collect();
    Ok(GroupsWeek {
        actions: lines.iter().map(|g| g.actions).sum(),
        groups: lines,
        offenders,
        rules_due,
    })
}
