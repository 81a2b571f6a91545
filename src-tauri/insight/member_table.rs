//! The members list as the owner acts on it: each member with their last visit, their visits and
//! spend of the last 12 weeks and their lifecycle stage, sortable by any of them (names by
//! pinyin). Every member the search finds is sorted, on light keys (`people::members::found`)
//! and what they did (the rollups, read once for everyone); only the rows the owner is shown
//! are read whole (`members::by_ids`): a shop of 5,000 members sends the window its first 200.

use crate::community::{groups as chat_groups, listed};
use crate::i18n::Failure;
use crate::insight::metrics::{Facts, Load, MemberActivity, Stage};
use crate::people::members::{self, Listed, Member, MemberQuery};
use crate::sales::rollups;
use crate::settings::Settings;
use crate::store::StoreError;
use chrono::{Datelike, Days, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use ts_rs::TS;

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TableSort {
    /// By pinyin for Chinese names.
    #[default]
    Name,
    /// The latest visit first; never seen last.
    LastVisit,
    /// The most visits of the last 12 weeks first.
    Visits,
    /// The most spent in the last 12 weeks first.
    Spend,
    /// New, active, at risk, lapsed (the at-risk members together, by what they usually spend).
    Stage,
    /// The next birthday first.
    Birthday,
    JoinedNewest,
}

/// One member in the list.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberRow {
    pub member: Member,
    /// What they did as of today; `None` for a member who left.
    pub activity: Option<MemberActivity>,
    /// The groups they are in today, by name.
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MemberTable {
    /// The first members of the list, in its order: as many as asked for.
    pub rows: Vec<MemberRow>,
    /// Members the search found (all of them sorted; `rows` are the first).
    #[ts(type = "number")]
    pub found: i64,
    /// Members of the status asked for, before the search.
    #[ts(type = "number")]
    pub total: i64,
}

/// The members `query` finds, with their activity as of `today`, in `sort` order: the first
/// `shown` of them.
pub fn list(
    conn: &rusqlite::Connection,
    settings: &Settings,
    query: &MemberQuery,
    sort: TableSort,
    today: NaiveDate,
    shown: usize,
) -> Result<MemberTable, Failure> {
    let (found, total) = members::found(conn, query, settings.language)?;
    let mut activity = activity(conn, today)?;
    let mut entries: Vec<Entry> = found
        .into_iter()
        .map(|listed| Entry {
            activity: activity.remove(&listed.id),
            listed,
        })
        .collect();
    sort_entries(&mut entries, sort, today);
    let found = entries.len() as i64;
    entries.truncate(shown);
    let ids: Vec<i64> = entries.iter().map(|e| e.listed.id).collect();
    let mut activity: FxHashMap<i64, MemberActivity> = entries
        .into_iter()
        .filter_map(|e| e.activity.map(|a| (e.listed.id, a)))
        .collect();
    let mut in_groups = groups_of(conn, today)?;
    let rows = members::by_ids(conn, &ids, &settings.phone_region, settings.language)?
        .into_iter()
        .map(|member| MemberRow {
            activity: activity.remove(&member.id),
            groups: in_groups.remove(&member.id).unwrap_or_default(),
            member,
        })
        .collect();
    Ok(MemberTable { rows, found, total })
}

/// The names of the groups each member is in on `day`: one read of the stays.
fn groups_of(
    conn: &rusqlite::Connection,
    day: NaiveDate,
) -> Result<FxHashMap<i64, Vec<String>>, Failure> {
    let names = chat_groups::names(conn)?;
    let mut of: FxHashMap<i64, Vec<String>> = FxHashMap::default();
    listed::each_on(conn, day, |member, group| {
        if let Some(name) = names.get(&group) {
            of.entry(member).or_default().push(name.clone());
        }
    })?;
    Ok(of)
}

/// A member found, as the list sorts them.
struct Entry {
    listed: Listed,
    activity: Option<MemberActivity>,
}

/// What each current member did as of `today`, by id: the 12 weeks' rows (stage, visits,
/// spend), and a last visit before them from the rollup of each customer's totals, through the
/// member's identities. The members list and a member's summary both read it, so they agree.
pub fn activity(
    conn: &rusqlite::Connection,
    today: NaiveDate,
) -> Result<FxHashMap<i64, MemberActivity>, Failure> {
    let from = today - Days::new(84);
    let facts = Facts::load(conn, Load::From(from)).map_err(StoreError::from)?;
    let mut activity: FxHashMap<i64, MemberActivity> = facts
        .member_activity(today)
        .into_iter()
        .map(|a| (a.member_id, a))
        .collect();
    if activity.values().any(|a| a.last_visit.is_none()) {
        rollups::each_last_day(conn, |identity, day| {
            let Some(a) = facts.member_of(identity).and_then(|m| activity.get_mut(&m)) else {
                return;
            };
            let day = rollups::from_day_number(day);
            if a.last_visit.is_none() || day > a.last_visit {
                a.last_visit = day;
            }
        })
        .map_err(StoreError::from)?;
    }
    Ok(activity)
}

/// Orders `entries` (already by name) by `sort`; ties keep the name order.
fn sort_entries(entries: &mut [Entry], sort: TableSort, today: NaiveDate) {
    let stage_rank = |s: Stage| Stage::ALL.iter().position(|x| *x == s).unwrap_or(4);
    match sort {
        TableSort::Name => {}
        TableSort::LastVisit => {
            entries.sort_by_key(|e| Reverse(e.activity.as_ref().and_then(|a| a.last_visit)))
        }
        TableSort::Visits => {
            entries.sort_by_key(|e| Reverse(e.activity.as_ref().map_or(0, |a| a.visits_12w)))
        }
        TableSort::Spend => {
            entries.sort_by_key(|e| Reverse(e.activity.as_ref().map_or(0, |a| a.net_12w_minor)))
        }
        TableSort::Stage => entries.sort_by_key(|e| {
            e.activity.as_ref().map_or((5, 0), |a| {
                (stage_rank(a.stage), -a.usual_spend_minor.unwrap_or(0))
            })
        }),
        TableSort::Birthday => entries.sort_by_key(|e| {
            e.listed
                .birthday
                .and_then(|b| next_birthday_in(b, today))
                .unwrap_or(i64::MAX)
        }),
        TableSort::JoinedNewest => entries.sort_by_key(|e| Reverse(e.listed.joined_on)),
    }
}

/// Days from `today` to the next `birthday` (a 29 February on 1 March in other years).
fn next_birthday_in(birthday: NaiveDate, today: NaiveDate) -> Option<i64> {
    (today.year()..=today.year() + 1)
        .filter_map(|y| {
            NaiveDate::from_ymd_opt(y, birthday.month(), birthday.day())
                .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))
        })
        .find(|d| *d >= today)
        .map(|d| (d - today).num_days())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::members::MemberStatus;

    /// The demo's members by last visit, visits, spend and stage agree with their activity; the
    /// pinyin name order is kept within ties.
    #[test]
    fn the_demo_members_sort_by_what_they_did() {
        let (conn, settings, _dir) = crate::demo::for_tests("en-US");
        let today = crate::demo::TEST_TODAY;
        let query = MemberQuery {
            status: MemberStatus::Current,
            ..MemberQuery::default()
        };
        let table = |sort| {
            let Ok(t) = list(&conn, &settings, &query, sort, today, usize::MAX) else {
                panic!("table");
            };
            t
        };
        let by_visit = table(TableSort::LastVisit);
        assert!(by_visit.rows.len() > 100);
        let visits: Vec<Option<NaiveDate>> = by_visit
            .rows
            .iter()
            .map(|r| r.activity.as_ref().and_then(|a| a.last_visit))
            .collect();
        assert!(visits.windows(2).all(|w| w[0] >= w[1]), "latest first");
        assert!(visits[0].is_some_and(|d| d < today));
        let spend: Vec<i64> = table(TableSort::Spend)
            .rows
            .iter()
            .map(|r| r.activity.as_ref().map_or(0, |a| a.net_12w_minor))
            .collect();
        assert!(spend.windows(2).all(|w| w[0] >= w[1]));
        let stages: Vec<usize> = table(TableSort::Stage)
            .rows
            .iter()
            .filter_map(|r| r.activity.as_ref())
            .map(|a| Stage::ALL.iter().position(|s| *s == a.stage).unwrap_or(9))
            .collect();
        assert!(stages.windows(2).all(|w| w[0] <= w[1]));
        // The same members whatever the order.
        assert_eq!(table(TableSort::Name).rows.len(), by_visit.rows.len());
        assert_eq!(by_visit.found as usize, by_visit.rows.len());
        // The first rows the window is shown are the whole list's first, with its counts.
        for sort in [TableSort::LastVisit, TableSort::Name, TableSort::Birthday] {
            let Ok(first) = list(&conn, &settings, &query, sort, today, 20) else {
                panic!("first rows");
            };
            let whole = table(sort);
            assert_eq!(first.rows[..], whole.rows[..20], "{sort:?}");
            assert_eq!((first.found, first.total), (whole.found, whole.total));
        }
    }

    #[test]
    fn the_next_birthday_comes_round() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).expect("d");
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("d");
        assert_eq!(next_birthday_in(day(1990, 11, 24), today), Some(0));
        assert_eq!(next_birthday_in(day(1990, 11, 30), today), Some(6));
        assert_eq!(next_birthday_in(day(1990, 1, 1), today), Some(38));
        assert_eq!(next_birthday_in(day(2000, 2, 29), today), Some(97));
    }
}
