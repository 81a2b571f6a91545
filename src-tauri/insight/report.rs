//! The weekly review (每周复盘) as one self-contained HTML document: inline CSS and SVG, no
//! external reference, A4 page breaks that never cut a row or a chart. "总—分—总": a summary of
//! findings and every KPI's status, the detail (KPI table, charts, members), and next week's
//! actions naming who. The same bytes for the app's "Save as HTML", its print preview and the
//! CLI's `report`, for the same data and language. Every number comes from `metrics` through
//! `dashboard`; every text from the owner's data is escaped here.
//!
//! A section is one function returning its HTML; a section with nothing to show says so in one
//! line.

use crate::community::days::SizeFrom;
use crate::i18n::{Failure, Lang};
use crate::insight::dashboard::{self, Dashboard, KpiCard, MemberLine};
use crate::insight::html::esc;
use crate::insight::metrics::{self, Period, Unit};
use crate::insight::targets::{Status, Trend};
use crate::people::members;
use crate::settings::money;
use crate::settings::{Currency, Lifecycle, Settings};
use crate::store::StoreError;
use chrono::{Datelike, Days, NaiveDate};
use rusqlite::Connection;
use std::fmt::Write;

/// What the review is made of, gathered once.
pub struct Review {
    pub lang: Lang,
    pub shop_name: String,
    pub currency: Currency,
    pub week: Period,
    pub board: Dashboard,
    /// Each KPI's mean over the four weeks ending with this one.
    pub four_week: Vec<Option<f64>>,
    /// (name, WeChat name, net, receipts) of the five biggest member spenders of the week.
    pub top: Vec<(String, Option<String>, i64, i64)>,
    /// Names of the members who joined this week.
    pub new_members: Vec<String>,
    /// When members count as at risk.
    pub lifecycle: Lifecycle,
    /// The breach ladder's window (days).
    pub ladder_days: u16,
}

/// Gathers the review of `week`.
pub fn gather(conn: &Connection, settings: &Settings, week: Period) -> Result<Review, Failure> {
    // The dashboard's facts reach back further than the four weeks the table averages.
    let facts = dashboard::facts_for(conn, week)?;
    // Birthdays "next week": the seven days after this week.
    // The printed lists name everyone an action names ("and 4 more" is for the screen).
    let board = dashboard::assemble(conn, settings, &facts, week, week.end, usize::MAX)?;
    let weeks: Vec<metrics::Kpis> = (0..4u64)
        .map(|back| {
            let start = week.start - Days::new(7 * back);
            facts.kpis(Period::new(start, start + Days::new(7)))
        })
        .collect();
    let four_week = metrics::KPIS
        .iter()
        .map(|def| {
            let values: Vec<f64> = weeks.iter().filter_map(|k| k.get(def.key)).collect();
            (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
        })
        .collect();
    let names = member_names(conn, settings)?;
    let top = facts
        .member_spend(week)
        .into_iter()
        .filter(|(_, net, _)| *net > 0)
        .take(5)
        .filter_map(|(id, net, receipts)| {
            let m = names.iter().find(|m| m.id == id)?;
            Some((m.name.clone(), m.wechat_name.clone(), net, receipts))
        })
        .collect();
    let new_members = names
        .iter()
        .filter(|m| m.joined >= week.start && m.joined < week.end)
        .map(|m| m.name.clone())
        .collect();
    Ok(Review {
        lang: settings.language,
        shop_name: settings.shop_name.clone(),
        currency: settings.money(),
        week,
        board,
        four_week,
        top,
        new_members,
        lifecycle: settings.lifecycle,
        ladder_days: settings.community.ladder_days,
    })
}

/// A member as the review names them: by name and WeChat name, as staff recognise them.
struct MemberName {
    id: i64,
    name: String,
    wechat_name: Option<String>,
    joined: NaiveDate,
}

fn member_names(conn: &Connection, settings: &Settings) -> Result<Vec<MemberName>, Failure> {
    let roster = members::roster(conn).map_err(StoreError::from)?;
    Ok(roster
        .into_iter()
        .filter_map(|m| {
            Some(MemberName {
                id: m.id,
                joined: m.joined?,
                name: members::label(
                    m.name.as_deref(),
                    m.phone.as_deref(),
                    &settings.phone_region,
                    settings.language,
                ),
                wechat_name: m.wechat_name,
            })
        })
        .collect())
}

/// The week as the owner reads it: `第12周 · 2026年3月16日–22日` / `Week 12 · 16–22 March 2026`.
pub fn week_title(week: Period, lang: Lang) -> String {
    let (a, b) = (week.start, week.last_day());
    let n = week.week_label();
    let number = n.rsplit('W').next().unwrap_or(&n).trim_start_matches('0');
    match lang {
        Lang::Zh => format!(
            "第{number}周 · {}年{}月{}日–{}月{}日",
            a.year(),
            a.month(),
            a.day(),
            b.month(),
            b.day()
        ),
        Lang::En => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let month = |d: NaiveDate| MONTHS[d.month0() as usize];
            if a.month() == b.month() {
                format!(
                    "Week {number} · {}–{} {} {}",
                    a.day(),
                    b.day(),
                    month(b),
                    b.year()
                )
            } else {
                format!(
                    "Week {number} · {} {} – {} {} {}",
                    a.day(),
                    month(a),
                    b.day(),
                    month(b),
                    b.year()
                )
            }
        }
    }
}

fn status_text(status: Option<Status>, lang: Lang) -> &'static str {
    match status {
        Some(Status::OnTrack) => lang.of("达标", "on track"),
        Some(Status::Behind) => lang.of("落后", "behind"),
        Some(Status::FarBehind) => lang.of("严重落后", "far behind"),
        None => "—",
    }
}

/// The arrow of a KPI's change, coloured as good or bad news.
fn trend_mark(c: &KpiCard) -> String {
    let arrow = match c.trend {
        Some(Trend::Up) => "↑",
        Some(Trend::Down) => "↓",
        Some(Trend::Flat) => "→",
        None => return String::new(),
    };
    let class = match c.better {
        Some(true) => "good",
        Some(false) => "bad",
        None => "flat",
    };
    format!(" <span class=\"rv-tr {class}\">{arrow}</span>")
}

fn card<'a>(r: &'a Review, key: &str) -> Option<&'a KpiCard> {
    r.board.cards.iter().find(|c| c.key == key)
}

/// The findings in plain words with numbers, as the meeting's agenda: what went wrong first,
/// with what it is worth in money, the furthest off first; then what went right. Each KPI
/// against its target (a ceiling for refunds and discounts), the biggest moves on last week,
/// then who needs attention.
pub fn findings(r: &Review) -> Vec<String> {
    let lang = r.lang;
    let money = |minor: f64| money::format_money(minor.round() as i64, &r.currency);
    // (went wrong, how far, text)
    let mut out: Vec<(bool, f64, String)> = Vec::new();
    for c in &r.board.cards {
        let (Some(v), Some(t), Some(td), Some(status)) =
            (c.value, c.target, c.target_display.as_deref(), c.status)
        else {
            continue;
        };
        let Some(def) = metrics::def(&c.key) else {
            continue;
        };
        let wrong = status != Status::OnTrack;
        let (label, shown) = (&c.label, &c.display);
        let text = match (def.unit, def.lower_is_better(), wrong) {
            (Unit::Money, true, true) => lang.pick(
                format!("{label}为 {shown}，超出上限 {td} 共 {}。", money(v - t)),
                format!(
                    "{label} were {shown}, {} over the {td} ceiling.",
                    money(v - t)
                ),
            ),
            (_, true, _) => lang.pick(
                format!("{label}为 {shown}，在上限 {td} 以内。"),
                format!("{label} were {shown}, within the {td} ceiling."),
            ),
            (Unit::Money, false, true) => lang.pick(
                format!("{label}为 {shown}，比目标 {td} 少 {}。", money(t - v)),
                format!(
                    "{label} was {shown}, {} short of the {td} target.",
                    money(t - v)
                ),
            ),
            (_, false, true) => lang.pick(
                format!("{label}为 {shown}，低于目标 {td}。"),
                format!("{label} was {shown}, below the {td} target."),
            ),
            (_, false, false) => lang.pick(
                format!("{label}为 {shown}，达到目标 {td}。"),
                format!("{label} was {shown}, meeting the {td} target."),
            ),
        };
        let gap = if t != 0.0 { ((v - t) / t).abs() } else { 1.0 };
        out.push((wrong, 1.0 + gap, text));
    }
    for key in [
        "net_minor",
        "average_ticket_minor",
        "member_net_minor",
        "active_members",
    ] {
        let Some(c) = card(r, key) else { continue };
        let (Some(v), Some(p)) = (c.value, c.previous) else {
            continue;
        };
        if p == 0.0 {
            continue;
        }
        let change = (v - p) / p.abs();
        if change.abs() < 0.05 {
            continue;
        }
        let pct = format!("{:.0}%", change.abs() * 100.0);
        let (label, shown) = (&c.label, &c.display);
        let fell = change < 0.0;
        let text = match (c.unit, fell) {
            (Unit::Money, true) => lang.pick(
                format!("{label}下降 {pct}，比上周少 {}，为 {shown}。", money(p - v)),
                format!(
                    "{label} fell {pct}, {} below last week, to {shown}.",
                    money(p - v)
                ),
            ),
            (Unit::Money, false) => lang.pick(
                format!("{label}增长 {pct}，比上周多 {}，为 {shown}。", money(v - p)),
                format!(
                    "{label} rose {pct}, {} above last week, to {shown}.",
                    money(v - p)
                ),
            ),
            (_, true) => lang.pick(
                format!("{label}比上周下降 {pct}，为 {shown}。"),
                format!("{label} fell {pct} on last week, to {shown}."),
            ),
            (_, false) => lang.pick(
                format!("{label}比上周增长 {pct}，为 {shown}。"),
                format!("{label} rose {pct} on last week, to {shown}."),
            ),
        };
        out.push((fell, change.abs(), text));
    }
    let at_risk = r.board.at_risk.len();
    if at_risk > 0 {
        let days = r.lifecycle.active_days;
        let (who, have, are) = if at_risk == 1 {
            ("member", "has", "is")
        } else {
            ("members", "have", "are")
        };
        out.push((
            true,
            0.5,
            lang.pick(
                format!("{at_risk} 位会员已超过 {days} 天没有回店，正在流失。"),
                format!(
                    "{at_risk} {who} {have} not been back for more than {days} days and {are} drifting away."
                ),
            ),
        ));
    }
    // What went wrong first, the furthest off first; then what went right.
    out.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
    let mut texts: Vec<String> = out.into_iter().map(|(_, _, t)| t).take(5).collect();
    if texts.is_empty() {
        texts.push(lang.pick(
            "本周还没有可比较的数据：导入销售后这里会给出发现。",
            "There is nothing to compare yet this week: import sales and the findings appear here.",
        ));
    }
    texts
}

/// Concrete actions for next week, each naming who, respecting marketing consent.
pub fn actions(r: &Review) -> Vec<String> {
    let lang = r.lang;
    // Everyone the action is for, by name (the lists above give their WeChat names).
    let names = |list: &[MemberLine]| -> Vec<String> {
        list.iter()
            .filter(|m| m.marketing_consent)
            .map(|m| m.name.clone())
            .collect()
    };
    let mut out = Vec::new();
    let back = names(&r.board.at_risk);
    if !back.is_empty() {
        out.push(lang.pick(
            format!(
                "邀请这些会员回店（如新品试吃或专属优惠）：{}。",
                back.join("、")
            ),
            format!(
                "Invite these members back (a tasting or a member offer): {}.",
                back.join(", ")
            ),
        ));
    }
    let greet = names(&r.board.birthdays);
    if !greet.is_empty() {
        out.push(lang.pick(
            format!("下周生日，送上祝福：{}。", greet.join("、")),
            format!(
                "Birthdays next week, send a greeting: {}.",
                greet.join(", ")
            ),
        ));
    }
    let koc = names(&r.board.koc);
    if let Some(top) = koc
        .iter()
        .take(3)
        .cloned()
        .reduce(|a, b| lang.pick(format!("{a}、{b}"), format!("{a}, {b}")))
    {
        out.push(lang.pick(
            format!("请 KOC 候选人分享新品或带朋友来：{top}。"),
            format!("Ask KOC candidates to share the new product or bring a friend: {top}."),
        ));
    }
    let customers: Vec<String> = r
        .board
        .big_spenders
        .iter()
        .take(5)
        .map(|c| c.name.clone().unwrap_or_else(|| c.label.clone()))
        .collect();
    if !customers.is_empty() {
        out.push(lang.pick(
            format!(
                "邀请这些常客加入社群（结账时征得同意）：{}。",
                customers.join("、")
            ),
            format!(
                "Invite these regulars into the community (ask for consent at the till): {}.",
                customers.join(", ")
            ),
        ));
    }
    let g = &r.board.groups;
    for o in &g.offenders {
        out.push(lang.pick(
            format!(
                "找{}（{}）谈一谈：{} 天内违规 {} 次，按群规下一步是“{}”。",
                o.who,
                o.group,
                r.ladder_days,
                o.breaches,
                o.proposed.label(lang)
            ),
            format!(
                "Talk to {} ({}): {} breaches in {} days; by the rules the next step is {}.",
                o.who,
                o.group,
                o.breaches,
                r.ladder_days,
                o.proposed.label(lang)
            ),
        ));
    }
    for due in &g.rules_due {
        out.push(match due.last_on {
            Some(on) => lang.pick(
                format!(
                    "复查“{}”的群规（上次修订或复查：{}）。",
                    due.group,
                    day_text(on, lang)
                ),
                format!(
                    "Review the rules of {} (last revised or reviewed {}).",
                    due.group,
                    day_text(on, lang)
                ),
            ),
            None => lang.pick(
                format!("为“{}”写群规（可从模板开始）。", due.group),
                format!(
                    "Write the rules of {} (start from the templates).",
                    due.group
                ),
            ),
        });
    }
    let skipped = r
        .board
        .at_risk
        .iter()
        .chain(&r.board.birthdays)
        .filter(|m| !m.marketing_consent)
        .count();
    if skipped > 0 {
        out.push(lang.pick(
            format!("另有 {skipped} 位会员未同意接收营销信息，未列入邀请名单。"),
            format!("{skipped} more members have not agreed to marketing messages and are left out of these lists."),
        ));
    }
    if out.is_empty() {
        out.push(
            lang.pick(
                "下周没有需要跟进的会员：继续保持社群内容和活动。".to_string(),
                "No one needs a follow-up next week: keep the group's content and events going."
                    .to_string(),
            ),
        );
    }
    out
}

/// The HTML document of the review.
pub fn render(r: &Review) -> String {
    let lang = r.lang;
    let mut h = String::with_capacity(64 * 1024);
    let title = lang.pick(
        format!("{} · 每周复盘", r.shop_name),
        format!("{} · Weekly review", r.shop_name),
    );
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<article class=\"review\">\n",
        lang.of("zh-CN", "en"),
        esc(&format!("{title} · {}", week_title(r.week, lang))),
        STYLE
    );
    let partial = match r.board.partial {
        Some(c) => format!(
            "<p class=\"rv-partial\">{}</p>",
            esc(&lang.pick(
                format!(
                    "不完整的一周：导入的销售只覆盖 {}–{}，本周数字不是整周的。",
                    day_text(c.from, lang),
                    day_text(c.to, lang)
                ),
                format!(
                    "A partial week: the imported sales cover {} to {} only, so its numbers are not a whole week's.",
                    day_text(c.from, lang),
                    day_text(c.to, lang)
                ),
            ))
        ),
        None => String::new(),
    };
    let _ = writeln!(
        h,
        "<header><h1>{}</h1><p class=\"rv-week\">{}</p>{partial}</header>",
        esc(&title),
        esc(&week_title(r.week, lang))
    );
    h.push_str(&summary(r));
    h.push_str(&kpi_table(r));
    h.push_str(&charts(r));
    h.push_str(&members(r));
    h.push_str(&groups(r));
    h.push_str(&next_week(r));
    h.push_str(&footnotes(r));
    h.push_str("</article>\n</body>\n</html>\n");
    h
}

fn section(id: &str, heading: &str, body: &str) -> String {
    format!(
        "<section id=\"{id}\"><h2>{}</h2>\n{body}</section>\n",
        esc(heading)
    )
}

fn summary(r: &Review) -> String {
    let mut body = String::from("<ul class=\"rv-findings\">\n");
    for f in findings(r) {
        let _ = writeln!(body, "<li>{}</li>", esc(&f));
    }
    body.push_str("</ul>\n");
    section(
        "summary",
        r.lang.of("本周小结", "This week in brief"),
        &body,
    )
}

fn status_class(s: Option<Status>) -> &'static str {
    match s {
        Some(Status::OnTrack) => "on",
        Some(Status::Behind) => "behind",
        Some(Status::FarBehind) => "far",
        None => "none",
    }
}

fn kpi_table(r: &Review) -> String {
    let lang = r.lang;
    let mut body = format!(
        "<table class=\"rv-kpis\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>\n",
        lang.of("指标", "KPI"),
        lang.of("本周", "This week"),
        lang.of("上周", "Last week"),
        lang.of("4周平均", "4-week avg"),
        lang.of("目标", "Target"),
        lang.of("状态", "Status"),
    );
    let mut no_data = Vec::new();
    for (i, (c, def)) in r.board.cards.iter().zip(metrics::KPIS).enumerate() {
        let avg = r.four_week.get(i).copied().flatten();
        // A row with nothing in any column is one name in the line under the table.
        if c.value.is_none() && c.previous.is_none() && avg.is_none() {
            no_data.push(c.label.clone());
            continue;
        }
        let _ = writeln!(
            body,
            "<tr><th>{}<small class=\"rv-def\">{}</small></th><td class=\"rv-num\">{}{}{}</td><td class=\"rv-num\">{}</td><td class=\"rv-num\">{}</td><td class=\"rv-num\">{}</td><td class=\"rv-st {}\">{}</td></tr>",
            esc(&c.label),
            esc(&c.formula),
            esc(&c.display),
            trend_mark(c),
            c.small_sample.as_deref().map_or(String::new(), |s| format!(
                "<br><small class=\"rv-small\">{}</small>",
                esc(s)
            )),
            esc(&c.previous_display),
            esc(&metrics::format_value(def, avg, &r.currency)),
            esc(c.target_display.as_deref().unwrap_or("—")),
            status_class(c.status),
            status_text(c.status, lang)
        );
    }
    body.push_str("</tbody></table>\n");
    if !no_data.is_empty() {
        let _ = writeln!(
            body,
            "<p class=\"rv-nodata\">{}</p>",
            esc(&lang.pick(
                format!("暂无数据：{}。", no_data.join("、")),
                format!("No data yet: {}.", no_data.join(", ")),
            ))
        );
    }
    section("kpis", lang.of("指标明细", "KPIs"), &body)
}

fn charts(r: &Review) -> String {
    let mut body = String::from("<div class=\"rv-figures\">\n");
    for c in &r.board.charts {
        // The SVG comes from charts.rs, which escapes its labels and carries its title.
        let _ = writeln!(
            body,
            "<figure class=\"rv-chart\" id=\"chart-{}\" aria-label=\"{}\">{}</figure>",
            esc(&c.id),
            esc(&c.title),
            c.svg
        );
    }
    body.push_str("</div>\n");
    section("charts", r.lang.of("图表", "Charts"), &body)
}

/// A printed list: everyone on it, each with a box to tick at the meeting.
fn member_list(heading: &str, empty: &str, rows: Vec<String>) -> String {
    let mut h = format!("<div class=\"rv-list\"><h3>{}</h3>", esc(heading));
    if rows.is_empty() {
        let _ = write!(h, "<p class=\"rv-empty\">{}</p>", esc(empty));
    } else {
        h.push_str("<ul class=\"rv-ticks\">");
        for row in &rows {
            let _ = write!(h, "<li><span class=\"rv-box\">☐</span> {row}</li>");
        }
        h.push_str("</ul>");
    }
    h.push_str("</div>\n");
    h
}

/// A member as staff recognise them: the name, and the WeChat name the group knows.
fn who(m: &MemberLine, lang: Lang) -> String {
    let mut s = esc(&m.name);
    if let Some(w) = m.wechat_name.as_deref().filter(|w| *w != m.name) {
        let _ = write!(s, " <span class=\"rv-muted\">{}</span>", esc(w));
    }
    if !m.marketing_consent {
        let _ = write!(
            s,
            " <span class=\"rv-tag\">{}</span>",
            lang.of("未同意营销", "no consent")
        );
    }
    s
}

fn members(r: &Review) -> String {
    let lang = r.lang;
    let money = |m: i64| esc(&money::format_money(m, &r.currency));
    let date = |d: Option<NaiveDate>| d.map_or_else(|| "—".into(), |d| day_text(d, lang));
    let mut body = String::from("<div class=\"rv-lists\">\n");
    body.push_str(&member_list(
        lang.of("新会员", "New members"),
        lang.of("本周没有新会员。", "No one joined this week."),
        r.new_members.iter().map(|n| esc(n)).collect(),
    ));
    body.push_str(&member_list(
        lang.of(
            "消费前五（净额 · 单数）",
            "Top five by spend (net · receipts)",
        ),
        lang.of("本周没有会员消费。", "No member bought this week."),
        r.top
            .iter()
            .map(|(name, wechat, net, receipts)| {
                format!(
                    "{} <span class=\"rv-muted\">{}</span> {} · {receipts}",
                    esc(name),
                    esc(wechat.as_deref().unwrap_or("")),
                    money(*net),
                )
            })
            .collect(),
    ));
    body.push_str(&member_list(
        lang.of(
            "流失风险（上次到店 · 常花）",
            "At risk (last visit · usual spend)",
        ),
        lang.of("没有会员处于流失风险。", "No member is at risk."),
        r.board
            .at_risk
            .iter()
            .map(|m| {
                format!(
                    "{} {} · {}",
                    who(m, lang),
                    date(m.last_visit),
                    m.usual_spend_minor.map(money).unwrap_or_else(|| "—".into())
                )
            })
            .collect(),
    ));
    body.push_str(&member_list(
        lang.of("下周生日", "Birthdays next week"),
        lang.of("下周没有会员过生日。", "No birthdays next week."),
        r.board
            .birthdays
            .iter()
            .map(|m| format!("{} {}", who(m, lang), date(m.birthday)))
            .collect(),
    ));
    body.push_str(&member_list(
        lang.of("KOC 候选人（得分）", "KOC candidates (score)"),
        lang.of("暂无 KOC 候选人。", "No KOC candidates yet."),
        r.board
            .koc
            .iter()
            .take(5)
            .map(|m| format!("{} {}", who(m, lang), m.koc_score.unwrap_or(0)))
            .collect(),
    ));
    body.push_str(&member_list(
        lang.of(
            "尚未入群的高消费顾客（消费 · 单数）",
            "Big spenders not in the community (spend · receipts)",
        ),
        lang.of(
            "没有未入群的已识别顾客。",
            "No identified customer outside the community.",
        ),
        r.board
            .big_spenders
            .iter()
            .take(5)
            .map(|c| {
                format!(
                    "{} {} · {}",
                    esc(&c.name.clone().unwrap_or_else(|| c.label.clone())),
                    money(c.spend_minor),
                    c.receipts
                )
            })
            .collect(),
    ));
    body.push_str("</div>\n");
    section("members", lang.of("会员", "Members"), &body)
}

/// A day as the review writes it: 5月1日, 1 May.
fn day_text(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}月{}日", d.month(), d.day()),
        Lang::En => d.format("%-d %b").to_string(),
    }
}

/// Each group's size, members on the list and moderation this week (left out without groups).
fn groups(r: &Review) -> String {
    let lang = r.lang;
    let g = &r.board.groups;
    if g.groups.is_empty() {
        return String::new();
    }
    let mut body = format!(
        "<table class=\"rv-groups\"><thead><tr><th>{}</th><th class=\"rv-num\">{}</th><th class=\"rv-num\">{}</th><th class=\"rv-num\">{}</th><th class=\"rv-rate\">{}</th><th class=\"rv-num\">{}</th><th class=\"rv-num\">{}</th></tr></thead><tbody>\n",
        lang.of("社群", "Group"),
        lang.of("群人数", "Size"),
        lang.of("入群/退群", "Joins/leaves"),
        lang.of("消息", "Messages"),
        lang.pick(
            format!("日发言率（目标 {:.0}%）", metrics::SPEAKING_TARGET * 100.0),
            format!(
                "Speaking rate (target {:.0}%)",
                metrics::SPEAKING_TARGET * 100.0
            )
        ),
        lang.of("在册会员", "On your list"),
        lang.of("违规处理", "Moderation"),
    );
    let count = |v: Option<i64>| v.map_or("—".to_string(), |v| v.to_string());
    for line in &g.groups {
        let d = &line.days;
        let size = match (d.size, line.size) {
            (Some(n), _) => {
                let how = match d.size_from {
                    SizeFrom::Carried => lang.of("沿用", "carried"),
                    SizeFrom::Adjusted => lang.of("按入退群调整", "adjusted"),
                    _ => "",
                };
                if how.is_empty() {
                    n.to_string()
                } else {
                    format!("{n} <span class=\"rv-muted\">{how}</span>")
                }
            }
            (None, Some(s)) => format!(
                "{} <span class=\"rv-muted\">{}</span>",
                s.size,
                esc(&day_text(s.on, lang))
            ),
            (None, None) => "—".into(),
        };
        let rate = match d.rate {
            Some(r) => format!("{:.0}%", r * 100.0),
            None => "—".into(),
        };
        let _ = writeln!(
            body,
            "<tr><td title=\"{}\">{}</td><td class=\"rv-num\">{size}</td><td class=\"rv-num\">{} / {}</td><td class=\"rv-num\">{}</td><td class=\"rv-rate\"><span class=\"rv-rate-figure\">{rate}</span><span class=\"rv-spark\">{}</span></td><td class=\"rv-num\">{}</td><td class=\"rv-num\">{}</td></tr>",
            esc(&line.platform),
            esc(&line.name),
            count(d.joins),
            count(d.leaves),
            count(d.messages),
            d.chart,
            line.listed,
            line.actions
        );
    }
    body.push_str("</tbody></table>\n");
    if !g.offenders.is_empty() {
        let names: Vec<String> = g
            .offenders
            .iter()
            .map(|o| {
                let (open, close) = (lang.of("（", " ("), lang.of("）", ")"));
                format!(
                    "{}{open}{} · {}{close}",
                    esc(&o.who),
                    esc(&o.group),
                    o.breaches
                )
            })
            .collect();
        let _ = writeln!(
            body,
            "<p class=\"rv-notes\">{}{}</p>",
            esc(&lang.pick(
                format!("{} 天内多次违规：", r.ladder_days),
                format!("Repeat offenders ({} days): ", r.ladder_days)
            )),
            names.join(lang.of("、", ", "))
        );
    }
    section("groups", lang.of("社群", "Groups"), &body)
}

fn next_week(r: &Review) -> String {
    let mut body = String::from("<ol class=\"rv-actions\">\n");
    for a in actions(r) {
        let _ = writeln!(body, "<li>{}</li>", esc(&a));
    }
    body.push_str("</ol>\n");
    section("next", r.lang.of("下周行动", "Next week"), &body)
}

fn footnotes(r: &Review) -> String {
    let lang = r.lang;
    // Each KPI's definition sits under its name; this says what they all share.
    let (first, last) = (r.week.start, r.week.last_day());
    let day = |d: NaiveDate| weekday_name(d, lang);
    format!(
        "<footer><p class=\"rv-notes\">{}</p></footer>\n",
        esc(&lang.pick(
            format!(
                "口径：每周为{}至{}；金额为扣除折扣后的净额，退款计入发生当天；— 表示该周无数据可算。",
                day(first),
                day(last)
            ),
            format!(
                "How to read: weeks run {} to {}; money is net of discounts, refunds count on the day they happened; — means nothing to compute.",
                day(first),
                day(last)
            ),
        ))
    )
}

fn weekday_name(d: NaiveDate, lang: Lang) -> &'static str {
    const ZH: [&str; 7] = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    const EN: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let i = d.weekday().num_days_from_monday() as usize;
    lang.of(ZH[i], EN[i])
}

/// A4, print-first; tables and charts never break across pages.
const STYLE: &str = include_str!("review.css");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    /// The demo shop of 2026-11-24 in `lang`, and its review of 2026-W47.
    fn demo_review(lang: Lang) -> (Review, String) {
        let (conn, mut settings, _dir) = crate::demo::for_tests(lang.of("zh-CN", "en-US"));
        settings.language = lang;
        let week = Period::parse_week("2026-W47", settings.week_start).expect("week");
        let Ok(review) = gather(&conn, &settings, week) else {
            panic!("gather");
        };
        let html = render(&review);
        (review, html)
    }

    /// A week the sales end inside says so under its title, in both languages; a whole one does
    /// not.
    #[test]
    fn a_partial_week_is_marked_in_the_review() {
        let (conn, settings, _dir) = crate::demo::for_tests("en-US");
        // Three more days of sales after the demo's last week: Monday to Wednesday 23–25 Nov.
        conn.execute_batch(
            "INSERT INTO sales_by_day(day, gross_minor, discounts_minor, refunds_minor, receipts)
             VALUES (20261123, 50000, 0, 0, 20), (20261124, 50000, 0, 0, 20), (20261125, 50000, 0, 0, 20);",
        )
        .expect("three days");
        let week = Period::parse_week("2026-W48", settings.week_start).expect("week");
        let last = NaiveDate::from_ymd_opt(2026, 11, 25).expect("d");
        let Ok(review) = gather(&conn, &settings, week) else {
            panic!("gather");
        };
        let covered = review.board.partial.expect("partial");
        assert_eq!((covered.from, covered.to), (week.start, last));
        let html = render(&review);
        assert!(
            html.contains("A partial week: the imported sales cover"),
            "partial note"
        );
        let zh = Review {
            lang: Lang::Zh,
            ..review
        };
        assert!(render(&zh).contains("不完整的一周"));
        assert!(!demo_review(Lang::En).1.contains("rv-partial\">"));
    }

    #[test]
    fn the_review_html_in_both_languages() {
        for lang in [Lang::Zh, Lang::En] {
            let (review, html) = demo_review(lang);
            let name = lang.of("review_zh", "review_en");
            insta::assert_snapshot!(name, html);
            // Every KPI value of the week appears as the owner reads it.
            for c in &review.board.cards {
                assert!(html.contains(&esc(&c.display)), "{} {}", c.key, c.display);
            }
            for heading in [
                lang.of("本周小结", "This week in brief"),
                lang.of("指标明细", "KPIs"),
                lang.of("图表", "Charts"),
                lang.of("会员", "Members"),
                lang.of("社群", "Groups"),
                lang.of("下周行动", "Next week"),
            ] {
                assert!(
                    html.contains(&format!("<h2>{}</h2>", esc(heading))),
                    "{heading}"
                );
            }
            // The groups: each with its size and members on the list; the repeat offender and
            // the rules due for a review among next week's actions.
            let g = &review.board.groups;
            assert_eq!(g.groups.len(), 3);
            for line in &g.groups {
                assert!(
                    html.contains(&format!("\">{}</td>", esc(&line.name))),
                    "{}",
                    line.name
                );
                assert!(line.size.is_some() && line.listed > 0, "{line:?}");
                // Each group's week from its own path (chat, export, grid): sizes, messages,
                // and a speaking rate on every day of the week.
                let d = &line.days;
                assert!(
                    d.size.is_some() && d.messages.is_some_and(|m| m > 0),
                    "{d:?}"
                );
                assert!(
                    d.rates.len() == 7 && d.rates.iter().all(|r| r.rate.is_some()),
                    "{d:?}"
                );
                assert!(html.contains(&format!("{:.0}%", d.rate.unwrap_or(0.0) * 100.0)));
            }
            assert!(g.actions > 0, "moderation in the demo's last week");
            assert_eq!(g.offenders.len(), 1, "{:?}", g.offenders);
            assert_eq!(g.rules_due.len(), 1, "{:?}", g.rules_due);
            let acts = actions(&review);
            let talk = lang.of("谈一谈", "Talk to");
            assert!(
                acts.iter()
                    .any(|a| a.contains(talk) && a.contains(&g.offenders[0].who)),
                "{acts:?}"
            );
            assert!(
                acts.iter().any(|a| a.contains(&g.rules_due[0].group)),
                "{acts:?}"
            );
            let findings = findings(&review);
            assert!((3..=5).contains(&findings.len()), "{findings:?}");
            // The agenda: what went wrong leads, then what went right; no status line repeats it.
            let good = |f: &String| {
                ["达到", "meeting", "增长", "rose", "以内", "within"]
                    .iter()
                    .any(|w| f.contains(w))
            };
            let first_good = findings.iter().position(good).unwrap_or(findings.len());
            assert!(first_good > 0, "{findings:?}");
            assert!(findings[first_good..].iter().all(good), "{findings:?}");
            assert!(!html.contains("rv-status"));
            // Self-contained: no external file, script or link (SVG's xmlns is a name, not a fetch).
            for external in [" src=", "href=", "<script", "<link", "url(", "@import"] {
                assert!(!html.contains(external), "{external}");
            }
            // The printed lists name members by name and WeChat name, never by a phone (only
            // customers who are not members yet are known by their masked phone alone), and
            // list everyone, each with a box to tick.
            assert!(!review.board.at_risk.is_empty());
            for m in review.board.at_risk.iter().chain(&review.board.birthdays) {
                let at = html
                    .find(&format!("</span> {}", esc(&m.name)))
                    .expect("listed");
                let li = &html[at..at + html[at..].find("</li>").expect("li")];
                assert!(!li.contains("****"), "{li}");
            }
            assert!(html.contains("rv-box"), "a box to tick by each name");
            let digits: String = html
                .chars()
                .map(|c| {
                    if c.is_ascii_digit() {
                        c
                    } else if c == ' ' {
                        ' '
                    } else {
                        '|'
                    }
                })
                .collect();
            for run in digits.split('|') {
                let run = run.trim();
                let parts: Vec<&str> = run.split(' ').collect();
                let spaced = parts.iter().map(|p| p.len()).eq([3, 4, 4]) && run.starts_with('1');
                let plain = run.len() == 11 && !run.contains(' ') && run.starts_with('1');
                assert!(!spaced && !plain, "an unmasked phone: {run}");
            }
        }
    }

    #[test]
    fn owner_text_is_escaped_in_the_review() {
        let mut conn = open_in_memory().expect("db");
        let defaults = Settings::defaults("en-US", "Asia/Shanghai");
        let mut settings = crate::settings::load(&conn, &defaults).expect("settings");
        settings.shop_name = "<script>alert(1)</script>".into();
        let input = crate::people::members::MemberInput {
            name: "<img src=x onerror=alert(1)>".into(),
            phone: "13812345678".into(),
            wechat_name: String::new(),
            birthday: None,
            joined_on: NaiveDate::from_ymd_opt(2026, 3, 16).expect("d"),
            source: crate::people::members::MemberSource::InStore,
            tags: vec![],
            notes: String::new(),
            marketing_consent: true,
        };
        let ctx =
            crate::settings::ctx::Ctx::on("CN", NaiveDate::from_ymd_opt(2026, 3, 23).expect("d"));
        crate::people::members::add(&mut conn, &input, ctx).expect("member");
        let week = Period::parse_week("2026-W12", settings.week_start).expect("week");
        let Ok(review) = gather(&conn, &settings, week) else {
            panic!("gather");
        };
        let html = render(&review);
        assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        // Nothing imported yet: the sections say so instead of printing empty tables.
        assert!(html.contains("No member bought this week."));
    }

    #[test]
    fn week_titles_in_both_languages() {
        let w = Period::parse_week("2026-W12", crate::settings::WeekStart::Monday).expect("w");
        assert_eq!(week_title(w, Lang::Zh), "第12周 · 2026年3月16日–3月22日");
        assert_eq!(week_title(w, Lang::En), "Week 12 · 16–22 March 2026");
        let w = Period::parse_week("2026-W14", crate::settings::WeekStart::Monday).expect("w");
        assert_eq!(week_title(w, Lang::En), "Week 14 · 30 March – 5 April 2026");
    }
}
