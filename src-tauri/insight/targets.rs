//! The owner's SMART targets for the KPIs, and how each KPI stands against its target and
//! against last week (rules in docs/metrics-notes.md).

use crate::insight::metrics::{self, KpiDef, Unit};
use crate::privacy::{Column, Kind, column};
use rusqlite::{Connection, params};
use serde::Serialize;
use std::collections::HashMap;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    OnTrack,
    Behind,
    FarBehind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Trend {
    Up,
    Down,
    Flat,
}

/// Every KPI's target: the owner's where set, else the plan's default.
pub fn all(conn: &Connection) -> rusqlite::Result<HashMap<String, f64>> {
    let mut out: HashMap<String, f64> = metrics::KPIS
        .iter()
        .filter_map(|d| Some((d.key.to_string(), d.default_target?)))
        .collect();
    let mut stmt = conn.prepare("SELECT kpi, value FROM targets")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)?)))?;
    for row in rows {
        let (kpi, value) = row?;
        out.insert(kpi, value);
    }
    Ok(out)
}

/// Sets the target of `kpi` (per week), or with `None` goes back to the plan's default.
pub fn set(conn: &Connection, kpi: &str, value: Option<f64>) -> Result<(), TargetError> {
    let def = metrics::def(kpi).ok_or_else(|| TargetError::UnknownKpi(kpi.to_string()))?;
    match value {
        Some(v) if !v.is_finite() || v < 0.0 => Err(TargetError::Invalid(v)),
        // A share or a rate is at most all of them.
        Some(v) if def.unit == Unit::Ratio && v > 1.0 => Err(TargetError::AboveAll(v)),
        Some(v) => {
            conn.execute(
                "INSERT INTO targets(kpi, value, period) VALUES (?1, ?2, 'week')
                 ON CONFLICT(kpi) DO UPDATE SET value = excluded.value",
                params![kpi, v],
            )?;
            Ok(())
        }
        None => {
            conn.execute("DELETE FROM targets WHERE kpi = ?1", [kpi])?;
            Ok(())
        }
    }
}

/// On track at or above the target, behind from 80% of it, far behind below.
pub fn status(def: &KpiDef, value: Option<f64>, target: Option<f64>) -> Option<Status> {
    let (v, t) = (value?, target?);
    if def.lower_is_better() {
        // Mirrored: at or under the ceiling is on track; up to a quarter over it, behind.
        return Some(if v <= t {
            Status::OnTrack
        } else if v <= 1.25 * t {
            Status::Behind
        } else {
            Status::FarBehind
        });
    }
    Some(if v >= t {
        Status::OnTrack
    } else if v >= 0.8 * t {
        Status::Behind
    } else {
        Status::FarBehind
    })
}

/// Up or down when the value moved by more than 1% of last week's (ratios: more than half a
/// percentage point), else flat.
pub fn trend(def: &KpiDef, now: Option<f64>, before: Option<f64>) -> Option<Trend> {
    let (n, b) = (now?, before?);
    let threshold = match def.unit {
        Unit::Ratio => 0.005,
        _ => (b.abs() * 0.01).max(f64::EPSILON),
    };
    Some(if n - b > threshold {
        Trend::Up
    } else if b - n > threshold {
        Trend::Down
    } else {
        Trend::Flat
    })
}

/// Whether the change from `before` to `now` is good news: up for most KPIs, down for those
/// better lower; `None` when flat or not comparable.
pub fn better(def: &KpiDef, now: Option<f64>, before: Option<f64>) -> Option<bool> {
    match trend(def, now, before)? {
        Trend::Up => Some(!def.lower_is_better()),
        Trend::Down => Some(def.lower_is_better()),
        Trend::Flat => None,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("no KPI is called {0}")]
    UnknownKpi(String),
    #[error("a target must be a number of zero or more, not {0}")]
    Invalid(f64),
    #[error("a share or rate target cannot be above 100%, not {0}")]
    AboveAll(f64),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl crate::i18n::UserError for TargetError {
    fn code(&self) -> crate::i18n::ErrorCode {
        match self {
            TargetError::Sqlite(_) => crate::i18n::ErrorCode::Internal,
            _ => crate::i18n::ErrorCode::Invalid,
        }
    }

    fn message(&self, lang: crate::i18n::Lang) -> String {
        match self {
            TargetError::UnknownKpi(k) => lang.pick(
                format!("没有名为 {k} 的指标。"),
                format!("There is no KPI called {k}."),
            ),
            TargetError::Invalid(v) => lang.pick(
                format!("目标需是不小于 0 的数字，而不是 {v}。"),
                format!("A target must be a number of zero or more, not {v}."),
            ),
            TargetError::AboveAll(v) => {
                let pct = v * 100.0;
                lang.pick(
                    format!("占比或比率的目标不能超过 100%，而不是 {pct:.0}%。"),
                    format!("A share or a rate cannot be above 100%: {pct:.0}% is not a target it can reach."),
                )
            }
            TargetError::Sqlite(e) => {
                lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}"))
            }
        }
    }
}

/// The targets hold the owner's goals, nothing personal (see `privacy`).
pub const COLUMNS: &[Column] = &[
    column("targets", "kpi", Kind::NotPersonal),
    column("targets", "period", Kind::NotPersonal),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    #[test]
    fn defaults_come_from_the_plan_and_the_owner_overrides_them() {
        let conn = open_in_memory().expect("db");
        let t = all(&conn).expect("targets");
        assert_eq!(t.get("member_share"), Some(&0.30));
        assert_eq!(t.get("repeat_multiple"), Some(&2.0));
        assert_eq!(t.get("retention_30d"), Some(&0.70));
        assert_eq!(t.get("net_minor"), None);
        set(&conn, "member_share", Some(0.4)).expect("set");
        set(&conn, "net_minor", Some(2_000_000.0)).expect("set");
        let t = all(&conn).expect("targets");
        assert_eq!(t.get("member_share"), Some(&0.4));
        assert_eq!(t.get("net_minor"), Some(&2_000_000.0));
        set(&conn, "member_share", None).expect("reset");
        assert_eq!(
            all(&conn).expect("targets").get("member_share"),
            Some(&0.30)
        );
        assert!(matches!(
            set(&conn, "nope", Some(1.0)),
            Err(TargetError::UnknownKpi(_))
        ));
        assert!(matches!(
            set(&conn, "member_share", Some(-1.0)),
            Err(TargetError::Invalid(_))
        ));
        assert!(matches!(
            set(&conn, "member_share", Some(f64::NAN)),
            Err(TargetError::Invalid(_))
        ));
    }

    #[test]
    fn status_bands() {
        let share = metrics::def("member_share").expect("def");
        assert_eq!(status(share, Some(0.30), Some(0.30)), Some(Status::OnTrack));
        assert_eq!(status(share, Some(0.25), Some(0.30)), Some(Status::Behind));
        assert_eq!(status(share, Some(0.24), Some(0.30)), Some(Status::Behind));
        assert_eq!(
            status(share, Some(0.23), Some(0.30)),
            Some(Status::FarBehind)
        );
        assert_eq!(status(share, None, Some(0.30)), None);
        assert_eq!(status(share, Some(0.3), None), None);
    }

    /// Refunds and discounts are better lower: ¥0 against a ¥50 ceiling is on track.
    #[test]
    fn lower_is_better_targets_are_mirrored() {
        let refunds = metrics::def("refunds_minor").expect("def");
        assert!(refunds.lower_is_better());
        assert_eq!(
            status(refunds, Some(0.0), Some(5_000.0)),
            Some(Status::OnTrack)
        );
        assert_eq!(
            status(refunds, Some(5_000.0), Some(5_000.0)),
            Some(Status::OnTrack)
        );
        assert_eq!(
            status(refunds, Some(6_000.0), Some(5_000.0)),
            Some(Status::Behind)
        );
        assert_eq!(
            status(refunds, Some(9_000.0), Some(5_000.0)),
            Some(Status::FarBehind)
        );
        assert_eq!(
            status(refunds, Some(1.0), Some(0.0)),
            Some(Status::FarBehind)
        );
        assert!(!metrics::def("net_minor").expect("def").lower_is_better());
    }

    /// An arrow's colour: refunds going up is bad news, net sales going up good.
    #[test]
    fn a_change_is_good_or_bad_news_by_the_kpi() {
        let refunds = metrics::def("refunds_minor").expect("def");
        let net = metrics::def("net_minor").expect("def");
        assert_eq!(better(refunds, Some(900.0), Some(100.0)), Some(false));
        assert_eq!(better(refunds, Some(100.0), Some(900.0)), Some(true));
        assert_eq!(better(net, Some(900.0), Some(100.0)), Some(true));
        assert_eq!(better(net, Some(100.0), Some(900.0)), Some(false));
        assert_eq!(better(net, Some(100.0), Some(100.0)), None, "flat");
        assert_eq!(better(net, Some(100.0), None), None, "nothing to compare");
    }

    #[test]
    fn a_share_or_rate_target_above_100_percent_is_refused() {
        let conn = open_in_memory().expect("db");
        let err = set(&conn, "member_share", Some(1.2)).expect_err("120%");
        assert!(matches!(err, TargetError::AboveAll(_)));
        use crate::i18n::UserError;
        assert!(err.message(crate::i18n::Lang::En).contains("120%"));
        assert!(err.message(crate::i18n::Lang::Zh).contains("不能超过 100%"));
        set(&conn, "member_share", Some(1.0)).expect("100% is a target");
        set(&conn, "repeat_multiple", Some(3.0)).expect("a multiple may be above 1");
    }

    #[test]
    fn trends_ignore_small_moves() {
        let share = metrics::def("member_share").expect("def");
        let net = metrics::def("net_minor").expect("def");
        assert_eq!(trend(share, Some(0.304), Some(0.300)), Some(Trend::Flat));
        assert_eq!(trend(share, Some(0.310), Some(0.300)), Some(Trend::Up));
        assert_eq!(
            trend(net, Some(10_050.0), Some(10_000.0)),
            Some(Trend::Flat)
        );
        assert_eq!(trend(net, Some(9_800.0), Some(10_000.0)), Some(Trend::Down));
        assert_eq!(trend(net, None, Some(10_000.0)), None);
    }
}
