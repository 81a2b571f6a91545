//! The dashboard of the demo shop: KPI cards show what `regulars kpi --json` computes for the
//! same week, the week picker changes them, a target changes a status, the charts are drawn.

use super::harness::{Session, WAIT, tid};
use crate::fixtures::regulars;
use chrono::Datelike;
use serde_json::{Value, json};

/// `kpi --json` of the demo shop (its own file in `DIR/demo`) for `week` (None: the default).
fn kpi_json(s: &Session, week: Option<&str>) -> Value {
    let demo = s.data_dir().join("demo");
    let mut args = vec!["kpi", "--json"];
    if let Some(w) = week {
        args.extend(["--week", w]);
    }
    let out = regulars(&demo, &args);
    assert!(
        out.status.success(),
        "kpi: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("kpi json")
}

/// `2026-W47` → `2026-W46` (across years too).
fn previous_week(week: &str) -> String {
    let (year, w) = week.split_once("-W").expect("week");
    let monday = chrono::NaiveDate::from_isoywd_opt(
        year.parse().expect("y"),
        w.parse().expect("w"),
        chrono::Weekday::Mon,
    )
    .expect("date");
    let iso = (monday - chrono::Days::new(7)).iso_week();
    format!("{}-W{:02}", iso.year(), iso.week())
}

fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A KPI value as the owner reads it (an independent re-implementation of the app's format:
/// the demo's currency is CNY, two decimals).
fn as_owner_reads(key: &str, v: &Value) -> String {
    let Some(n) = v.as_f64() else {
        return "—".into();
    };
    if key.ends_with("_minor") {
        let minor = n.round() as i64;
        let sign = if minor < 0 { "-" } else { "" };
        let abs = minor.unsigned_abs();
        format!("{sign}¥{}.{:02}", group(abs / 100), abs % 100)
    } else if key == "repeat_multiple" {
        format!("{n:.2}×")
    } else if matches!(
        key,
        "member_share"
            | "repeat_rate_members"
            | "repeat_rate_ordinary"
            | "growth_rate"
            | "activity_rate"
            | "retention_30d"
            | "check_in_rate"
            | "interaction_rate"
    ) {
        format!("{:.1}%", n * 100.0)
    } else {
        group(n as u64)
    }
}

fn check_cards(s: &Session, kpis: &Value) {
    let obj = kpis.as_object().expect("object");
    let mut checked = 0;
    for (key, v) in obj {
        if matches!(key.as_str(), "week" | "start" | "end") {
            continue;
        }
        let css = tid(&format!("kpi-value-{key}"));
        let want = as_owner_reads(key, v);
        s.wait_until(&format!("{key} shows {want}"), WAIT, |s| {
            (s.text(&css).trim() == want).then_some(())
        });
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} KPIs checked");
}

#[test]
fn the_dashboard_shows_the_kpis_of_the_week_and_follows_targets() {
    let Some(s) = Session::start("dashboard") else {
        return;
    };
    s.wait_for(&tid("welcome"));
    s.click(&tid("open-demo"));
    s.wait_for(&tid("demo-banner"));
    s.wait_for(&tid("kpi-card-member_share"));

    // The default week: the last complete week with sales, as the CLI picks it.
    let latest = kpi_json(&s, None);
    check_cards(&s, &latest);
    for chart in [
        "net_sales",
        "repeat_rate",
        "average_ticket",
        "members",
        "cohorts",
    ] {
        let svg = s.wait_for(&format!("{} svg", tid(&format!("chart-{chart}"))));
        drop(svg);
    }
    for list in [
        "list-at-risk",
        "list-birthdays",
        "list-koc",
        "list-big-spenders",
    ] {
        assert!(s.exists(&tid(list)), "{list}");
    }
    s.screenshot("dashboard-en");
    // The demo's groups: each with its size as read and its members on the list, the repeat
    // offender and the rules due for a review.
    assert_eq!(s.count(&tid("dashboard-group")), 3);
    assert!(s.text(&tid("dashboard-offenders")).contains("3 breaches"));
    assert!(
        s.text(&tid("dashboard-rules-due"))
            .contains("due for a review")
    );
    for (part, name) in [
        ("chart-net_sales", "dashboard-charts-en"),
        ("list-at-risk", "dashboard-lists-en"),
        ("dashboard-groups", "dashboard-groups-en"),
    ] {
        s.execute(
            "document.querySelector(arguments[0]).scrollIntoView()",
            vec![Value::String(tid(part))],
        );
        s.screenshot(name);
    }
    // A member in a list opens their summary (what they did lately), with Edit as a button.
    let member = format!("{} {}", tid("list-at-risk"), tid("list-member"));
    let first = s.text(&member);
    s.click(&member);
    s.wait_for(&tid("member-summary"));
    let summary = s.text(&tid("member-summary"));
    for label in [
        "Stage",
        "At risk",
        "Last visit",
        "Visits, last 12 weeks",
        "Spend, last 12 weeks",
    ] {
        assert!(summary.contains(label), "{label} in {summary}");
    }
    assert!(
        !s.exists(&tid("member-form")),
        "a summary, not a bare edit form"
    );
    s.screenshot("member-summary");
    s.click(&tid("summary-edit"));
    s.wait_for(&tid("member-form"));
    let shown = s.execute(
        "return document.querySelector(arguments[0]).value",
        vec![Value::String(format!("{} input", tid("member-form")))],
    );
    assert_eq!(
        shown.as_str().map(str::trim),
        Some(first.trim()),
        "the form is the clicked member's"
    );
    s.click(&tid("cancel-member"));
    s.click(&tid("nav-dashboard"));
    s.wait_for(&tid("kpi-card-member_share"));

    // The members list sorted by last visit: the latest first, the dates the core gives.
    s.click(&tid("nav-members"));
    s.select(&tid("member-sort"), "last_visit");
    s.wait_until("the list by last visit", WAIT, |s| {
        let shown = s.texts(&tid("member-last-visit"));
        let dates: Vec<&str> = shown
            .iter()
            .map(|d| d.trim())
            .filter(|d| *d != "—")
            .collect();
        (dates.len() > 20).then_some(shown)
    });
    let table = s.invoke(
        "member_table",
        json!({ "query": { "search": "", "sort": "name", "status": "current" }, "sort": "last_visit", "shown": 200 }),
    );
    let days: Vec<&str> = table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["activity"]["last_visit"].as_str())
        .collect();
    assert!(
        days.windows(2).all(|w| w[0] >= w[1]),
        "latest first: {days:?}"
    );
    let first_shown = s.texts(&tid("member-last-visit"))[0].clone();
    assert_eq!(
        first_shown.trim(),
        format_day(days[0]),
        "the first row is the latest visit"
    );
    s.screenshot("members-by-last-visit");
    s.click(&tid("nav-dashboard"));
    s.wait_for(&tid("kpi-card-member_share"));

    // Another week.
    let week = latest["week"].as_str().expect("week").to_string();
    let weeks: Vec<String> = s
        .texts(&format!("{} option", tid("week-picker")))
        .into_iter()
        .map(|t| t.trim().to_string())
        .collect();
    assert!(weeks.len() >= 2, "{weeks:?}");
    let previous = previous_week(&week);
    s.select(&tid("week-picker"), &previous);
    check_cards(&s, &kpi_json(&s, Some(&previous)));

    // A target above this week's member share: far behind; then a low one: on track.
    let share = latest["member_share"].as_f64().unwrap_or(0.0);
    s.select(&tid("week-picker"), &week);
    check_cards(&s, &latest);
    let status = tid("kpi-status-member_share");
    for (target_percent, want) in [
        ((share * 100.0 * 2.0).ceil() + 1.0, "far behind"),
        (1.0, "on track"),
    ] {
        s.click(&tid("set-target-member_share"));
        s.wait_for(&tid("target-form"));
        s.type_into(&tid("target-input"), &format!("{target_percent}"));
        s.click(&tid("target-save"));
        s.wait_until(&format!("member share {want}"), WAIT, |s| {
            s.text(&status).to_lowercase().contains(want).then_some(())
        });
    }

    // A share cannot be aimed above 100%: the form says so and keeps the target.
    s.click(&tid("set-target-member_share"));
    s.wait_for(&tid("target-form"));
    s.type_into(&tid("target-input"), "150");
    s.click(&tid("target-save"));
    s.wait_until("the form to refuse 150%", WAIT, |s| {
        s.text(&tid("target-form"))
            .contains("cannot be above 100%")
            .then_some(())
    });
    s.click(&tid("target-default"));
    s.wait_gone(&tid("target-form"));

    // Refunds are better lower: a ceiling above this week's refunds is on track.
    let refunds = latest["refunds_minor"].as_f64().unwrap_or(0.0);
    let ceiling = (refunds / 100.0 * 2.0).ceil().max(50.0);
    s.click(&tid("set-target-refunds_minor"));
    s.wait_for(&tid("target-form"));
    s.type_into(&tid("target-input"), &format!("{ceiling}"));
    s.click(&tid("target-save"));
    s.wait_until("refunds on track under their ceiling", WAIT, |s| {
        s.text(&tid("kpi-status-refunds_minor"))
            .to_lowercase()
            .contains("on track")
            .then_some(())
    });

    // The same in Chinese.
    s.click(&tid("lang-toggle"));
    s.wait_until("Chinese labels", WAIT, |s| {
        s.text(&tid("kpi-card-member_share"))
            .contains("社群销售额占比")
            .then_some(())
    });
    s.screenshot("dashboard-zh");
}

/// `2026-11-05` as the window shows it in English: `5 Nov 2026`.
fn format_day(iso: &str) -> String {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<usize> = iso.split('-').filter_map(|p| p.parse().ok()).collect();
    format!("{} {} {}", parts[2], months[parts[1] - 1], parts[0])
}
