//! `regulars kpi`, `chart`, `dashboard` and `report`: a week (or period) of the shop as numbers,
//! a chart, the dashboard's JSON and the weekly review.

use super::common::{CliResult, shop_settings};
use crate::i18n::{ErrorCode, Failure, Lang, UserError};
use crate::insight::charts::{self, Chart};
use crate::insight::dashboard;
use crate::insight::metrics::{self, Facts, Load, Period};
use crate::insight::report;
use crate::settings::{self, Settings};
use crate::shop::Shop;
use crate::store::{self, StoreError};
use chrono::{NaiveDate, Utc};

#[derive(Debug, clap::Args)]
pub struct KpiArgs {
    /// An ISO week, e.g. 2026-W12.
    #[arg(long, value_name = "YYYY-Www", conflicts_with_all = ["from", "all_weeks"])]
    week: Option<String>,
    /// The first day of a period (with --to).
    #[arg(long, value_name = "YYYY-MM-DD", requires = "to")]
    from: Option<NaiveDate>,
    /// The last day of a period, included.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "from")]
    to: Option<NaiveDate>,
    /// Every week from the first to the last week with sales.
    #[arg(long)]
    all_weeks: bool,
    /// Print JSON (snake_case keys of metrics.md; ratios as fractions; null where undefined).
    #[arg(long)]
    json: bool,
    /// Print the time spent loading and computing, on stderr (for benchmarks).
    #[arg(long, hide = true)]
    timings: bool,
}

/// One period's KPIs as `kpi --json` prints them: its week label (or period), first and last
/// day, and every KPI key.
fn kpi_json(p: &Period, kpis: &metrics::Kpis) -> serde_json::Value {
    let mut obj = serde_json::Map::new();
    obj.insert("week".into(), p.week_label().into());
    obj.insert("start".into(), p.start.to_string().into());
    obj.insert("end".into(), p.last_day().to_string().into());
    if let Ok(serde_json::Value::Object(k)) = serde_json::to_value(kpis) {
        obj.extend(k);
    }
    serde_json::Value::Object(obj)
}

pub(super) fn kpi(shop: &Shop, args: KpiArgs, lang: Lang) -> CliResult {
    let settings = shop_settings(shop)?;
    let started = std::time::Instant::now();
    let ws = settings.week_start;
    let periods: Vec<Period> = if args.all_weeks {
        Vec::new()
    } else if let (Some(from), Some(to)) = (args.from, args.to) {
        vec![Period::new(from, to + chrono::Days::new(1))]
    } else {
        vec![week_arg(shop, &settings, args.week.as_deref())?]
    };
    let load = match periods.first() {
        Some(p) => Load::From(Facts::lookback(*p)),
        None => Load::All,
    };
    let facts = Facts::load(&shop.conn, load).map_err(StoreError::from)?;
    let periods = if args.all_weeks {
        facts.weeks(ws)
    } else {
        periods
    };
    let results: Vec<(Period, metrics::Kpis)> =
        periods.iter().map(|p| (*p, facts.kpis(*p))).collect();
    if args.timings {
        eprintln!("compute_ms={:.3}", started.elapsed().as_secs_f64() * 1000.0);
    }
    if args.json {
        let values: Vec<serde_json::Value> = results.iter().map(|(p, k)| kpi_json(p, k)).collect();
        let out = if args.all_weeks {
            serde_json::Value::Array(values)
        } else {
            values.into_iter().next().unwrap_or_default()
        };
        println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
        return Ok(());
    }
    let currency = settings.money();
    for (p, k) in &results {
        println!("{} ({} – {})", p.week_label(), p.start, p.last_day());
        for def in metrics::KPIS {
            let name = lang.pick(def.zh, def.en);
            println!(
                "  {name:<28} {}",
                metrics::format_value(def, k.get(def.key), &currency)
            );
        }
    }
    Ok(())
}

/// The week asked for, or the last complete week with sales.
fn week_arg(shop: &Shop, settings: &Settings, week: Option<&str>) -> Result<Period, Failure> {
    let week = match week {
        Some(w) => Some(
            Period::parse_week(w, settings.week_start).ok_or(KpiError::BadWeek(w.to_string()))?,
        ),
        None => None,
    };
    dashboard::week_or_default(&shop.conn, settings, week, settings.today(Utc::now()))
}

pub(super) fn chart(
    shop: &Shop,
    name: &str,
    week: Option<String>,
    out: &std::path::Path,
    lang: Lang,
) -> CliResult {
    let settings = shop_settings(shop)?;
    let chart = Chart::from_id(name).ok_or(KpiError::BadChart(name.to_string()))?;
    let week = week_arg(shop, &settings, week.as_deref())?;
    let facts = dashboard::facts_for(&shop.conn, week)?;
    let input = dashboard::chart_input(&facts, week, settings.today(Utc::now()), lang);
    let svg = charts::render(chart, &input, lang, &settings.money());
    write_week_file(shop, out, svg.as_bytes(), week, lang)
}

pub(super) fn dashboard(shop: &Shop, week: Option<String>, timings: bool) -> CliResult {
    let started = std::time::Instant::now();
    let settings = shop_settings(shop)?;
    let today = settings.today(Utc::now());
    let week = week_arg(shop, &settings, week.as_deref())?;
    let board = dashboard::build(&shop.conn, &settings, Some(week), today)?;
    if timings {
        eprintln!("build_ms={:.3}", started.elapsed().as_secs_f64() * 1000.0);
        // Built again in the same process: what the window pays when the owner picks a week.
        let again = std::time::Instant::now();
        dashboard::build(&shop.conn, &settings, Some(week), today)?;
        eprintln!("again_ms={:.3}", again.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&board).unwrap_or_default()
    );
    Ok(())
}

pub(super) fn report(
    shop: &Shop,
    week: Option<String>,
    report_lang: Option<String>,
    out: &std::path::Path,
    lang: Lang,
    timings: bool,
) -> CliResult {
    let started = std::time::Instant::now();
    let mut settings = shop_settings(shop)?;
    if let Some(l) = report_lang {
        settings.language = settings::parse_language(&l)?;
    }
    let week = week_arg(shop, &settings, week.as_deref())?;
    let html = report::render(&report::gather(&shop.conn, &settings, week)?);
    if timings {
        eprintln!("build_ms={:.3}", started.elapsed().as_secs_f64() * 1000.0);
    }
    write_week_file(shop, out, html.as_bytes(), week, lang)
}

/// Writes a file about `week` (a chart, a review) whole, never over the shop's own files, and
/// says so.
fn write_week_file(
    shop: &Shop,
    out: &std::path::Path,
    bytes: &[u8],
    week: Period,
    lang: Lang,
) -> CliResult {
    store::save_document(&shop.dir, out, bytes)?;
    println!(
        "{}",
        lang.pick(
            format!("已写入 {}（{}）", out.display(), week.week_label()),
            format!("Wrote {} ({})", out.display(), week.week_label())
        )
    );
    Ok(())
}

/// A `kpi` or `chart` argument that is not what it should be.
#[derive(Debug, thiserror::Error)]
enum KpiError {
    #[error("not a week: {0}")]
    BadWeek(String),
    #[error("no chart is called {0}")]
    BadChart(String),
}

impl UserError for KpiError {
    fn code(&self) -> ErrorCode {
        ErrorCode::Invalid
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            KpiError::BadWeek(w) => lang.pick(
                format!("“{w}” 不是一个周，请写成 2026-W12 这样的 ISO 周。"),
                format!("“{w}” is not a week. Write an ISO week such as 2026-W12."),
            ),
            KpiError::BadChart(name) => {
                let names: Vec<&str> = Chart::ALL.iter().map(|c| c.id()).collect();
                lang.pick(
                    format!("没有名为 “{name}” 的图表；可选：{}。", names.join("、")),
                    format!(
                        "There is no chart called “{name}”; choose one of {}.",
                        names.join(", ")
                    ),
                )
            }
        }
    }
}
