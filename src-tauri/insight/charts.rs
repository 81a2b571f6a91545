//! The charts of the dashboard and the weekly review, drawn with plotters into SVG: the same
//! document on screen and in print. Each chart is a function of `ChartInput` (filled by
//! `dashboard::chart_input` from `metrics`); nothing here computes a metric.
//!
//! Print-first: a fixed 600×260 canvas scaled by the page, text of 13px and more, the Okabe–Ito
//! colour-blind-safe palette, a legend above the plot (never over the data), money with the
//! shop's currency. plotters escapes every label it writes.

use crate::i18n::Lang;
use crate::settings::Currency;
use crate::settings::money::format_money;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontFamily;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One week of the 12-week charts, oldest first in `ChartInput::weeks`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WeekPoint {
    pub label: String,
    pub member_net_minor: i64,
    pub ordinary_net_minor: i64,
    pub anonymous_net_minor: i64,
    pub repeat_members: Option<f64>,
    pub repeat_ordinary: Option<f64>,
    pub ticket_members_minor: Option<i64>,
    pub ticket_others_minor: Option<i64>,
    /// Members in each lifecycle stage at the week's end: new, active, at risk, lapsed.
    pub stages: [i64; 4],
    pub new_members: i64,
    pub active_members: i64,
    /// The imported sales cover only part of the week (or it is not over): its label is
    /// starred, its bars light.
    pub partial: bool,
}

/// One join-week cohort of the retention heat map, oldest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cohort {
    pub label: String,
    pub size: i64,
    /// Week k after joining: the share who bought; `None` for weeks still to come.
    pub retention: Vec<Option<f64>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartInput {
    pub weeks: Vec<WeekPoint>,
    pub cohorts: Vec<Cohort>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chart {
    NetSales,
    RepeatRate,
    AverageTicket,
    Members,
    Cohorts,
}

impl Chart {
    pub const ALL: [Chart; 5] = [
        Chart::NetSales,
        Chart::RepeatRate,
        Chart::AverageTicket,
        Chart::Members,
        Chart::Cohorts,
    ];

    /// The name the CLI takes (`regulars chart net_sales …`).
    pub fn id(self) -> &'static str {
        match self {
            Chart::NetSales => "net_sales",
            Chart::RepeatRate => "repeat_rate",
            Chart::AverageTicket => "average_ticket",
            Chart::Members => "members",
            Chart::Cohorts => "cohorts",
        }
    }

    pub fn from_id(id: &str) -> Option<Chart> {
        Chart::ALL.into_iter().find(|c| c.id() == id)
    }

    pub fn title(self, lang: Lang) -> &'static str {
        match self {
            Chart::NetSales => lang.of(
                "近12周净销售额：会员 / 普通顾客 / 匿名",
                "Net sales, 12 weeks: members / ordinary / anonymous",
            ),
            Chart::RepeatRate => lang.of(
                "复购率（28天）：会员 vs 普通顾客",
                "Repeat rate (28 days): members vs ordinary",
            ),
            Chart::AverageTicket => lang.of(
                "客单价：会员 vs 其他顾客",
                "Average ticket: members vs everyone else",
            ),
            Chart::Members => lang.of(
                "每周最后一天的会员阶段，与新会员",
                "Member stages at the end of each week; new members",
            ),
            Chart::Cohorts => lang.of(
                "按入群周的留存率（入群后第 k 周有购买的会员 %）",
                "Retention by join week: % who bought k weeks on",
            ),
        }
    }
}

const WIDTH: u32 = 520;
const HEIGHT: u32 = 240;
/// The smallest text: plotters writes a font of 18 as 14.5 px, and 14.5 px of 520 printed
/// 91 mm wide is 7.2 pt.
const TEXT: f64 = 18.0;
/// What plotters divides a font's size by to write its pixels.
const SVG_FONT_SCALE: f64 = 1.24;
const FONT: &str = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, Helvetica, Arial, sans-serif";
const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
const GREY: RGBColor = RGBColor(0xB0, 0xB0, 0xB0);
const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
const GREY_INK: RGBColor = RGBColor(0x66, 0x66, 0x66);

fn font(size: f64) -> TextStyle<'static> {
    (FontFamily::Name(FONT), size).into_font().color(&INK)
}

/// The chart as a standalone SVG document.
pub fn render(chart: Chart, input: &ChartInput, lang: Lang, currency: &Currency) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        // Drawing into a string cannot fail for I/O; a plotting error leaves the chart blank.
        let _ = draw(chart, &root, input, lang, currency);
        let _ = root.present();
    }
    // Scale with the page (plotters writes the viewBox): a fluid width instead of fixed pixels.
    svg.replacen(
        &format!("width=\"{WIDTH}\" height=\"{HEIGHT}\""),
        "width=\"100%\" role=\"img\"",
        1,
    )
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Drawn = Result<(), Box<dyn std::error::Error>>;

fn draw(
    chart: Chart,
    root: &Area<'_>,
    input: &ChartInput,
    lang: Lang,
    currency: &Currency,
) -> Drawn {
    root.fill(&WHITE)?;
    root.draw(&Text::new(chart.title(lang), (10, 6), font(TEXT + 1.0)))?;
    // A starred week is explained under the axis, where nothing else is drawn.
    let starred = chart != Chart::Cohorts && input.weeks.iter().any(|w| w.partial);
    if starred {
        let note = lang.of(
            "* 该周销售数据不完整",
            "* the sales cover only part of this week",
        );
        root.draw(&Text::new(
            note,
            (WIDTH as i32 - 8, HEIGHT as i32 - 3),
            font(TEXT)
                .color(&GREY_INK)
                .pos(Pos::new(HPos::Right, VPos::Bottom)),
        ))?;
    }
    let body = root.margin(30, if starred { 18 } else { 0 }, 0, 0);
    let empty = match chart {
        Chart::Cohorts => input.cohorts.iter().all(|c| c.size == 0),
        Chart::RepeatRate => input
            .weeks
            .iter()
            .all(|w| w.repeat_members.is_none() && w.repeat_ordinary.is_none()),
        Chart::AverageTicket => input
            .weeks
            .iter()
            .all(|w| w.ticket_members_minor.is_none() && w.ticket_others_minor.is_none()),
        _ => input.weeks.is_empty(),
    };
    if empty {
        let (w, h) = body.dim_in_pixel();
        let text = lang.of("暂无数据", "No data yet");
        body.draw(&Text::new(
            text,
            (w as i32 / 2, h as i32 / 2),
            font(TEXT)
                .color(&GREY)
                .pos(Pos::new(HPos::Center, VPos::Center)),
        ))?;
        return Ok(());
    }
    match chart {
        Chart::NetSales => net_sales(&body, input, lang, currency),
        Chart::RepeatRate => repeat_rate(&body, input, lang),
        Chart::AverageTicket => average_ticket(&body, input, lang, currency),
        Chart::Members => members(&body, input, lang),
        Chart::Cohorts => cohorts(&body, input, lang),
    }
}

/// A row of coloured swatches and names above the plot.
fn legend(area: &Area<'_>, items: &[(&str, RGBColor)]) -> Drawn {
    let mut x = 14;
    for (name, color) in items {
        area.draw(&Rectangle::new([(x, 5), (x + 12, 17)], color.filled()))?;
        area.draw(&Text::new(*name, (x + 17, 3), font(TEXT)))?;
        x += 17 + text_width(name) + 18;
    }
    Ok(())
}

/// Money on an axis: compact (¥12k / ¥1.2万) so that ticks stay short.
fn money_tick(minor: f64, currency: &Currency, lang: Lang) -> String {
    let unit = 10f64.powi(i32::from(currency.minor_digits));
    let major = minor / unit;
    let abs = major.abs();
    let sign = if major < 0.0 { "-" } else { "" };
    if abs < 1e-9 {
        return format!("{}0", currency.symbol);
    }
    match lang {
        Lang::Zh if abs >= 10_000.0 => format!("{sign}{}{:.1}万", currency.symbol, abs / 10_000.0),
        Lang::En if abs >= 1_000_000.0 => {
            format!("{sign}{}{:.1}M", currency.symbol, abs / 1_000_000.0)
        }
        Lang::En if abs >= 1_000.0 => format!("{sign}{}{:.0}k", currency.symbol, abs / 1_000.0),
        _ if abs >= 100.0 || currency.minor_digits == 0 || abs.fract() == 0.0 => {
            format!("{sign}{}{abs:.0}", currency.symbol)
        }
        _ => format_money((minor).round() as i64, currency),
    }
}

/// About how wide `text` is drawn at `TEXT`, in canvas pixels: Latin glyphs are some 0.6 of
/// an em, CJK ones a whole em.
fn text_width(text: &str) -> i32 {
    let em = TEXT / SVG_FONT_SCALE;
    let wide = text.chars().filter(|c| !c.is_ascii()).count() as f64;
    let narrow = text.chars().count() as f64 - wide;
    (narrow * 0.6 * em + wide * em).ceil() as i32
}

/// A week's axis label, starred when partial.
fn label_of(w: &WeekPoint) -> String {
    if w.partial {
        format!("{}*", w.label)
    } else {
        w.label.clone()
    }
}

/// Labels of the weeks, for an x axis of week indices: each week's where they fit side by
/// side, else every other one counting back from the last (the week the chart is about).
fn week_label(weeks: &[WeekPoint], x: &f64) -> String {
    let i = x.round();
    if (x - i).abs() > 1e-6 || i < 0.0 {
        return String::new();
    }
    let slot = PLOT_WIDTH / weeks.len().max(1) as i32;
    let widest = weeks.iter().map(|w| text_width(&label_of(w))).max();
    let step = if widest.unwrap_or(0) + 4 <= slot {
        1
    } else {
        2
    };
    let (i, last) = (i as usize, weeks.len().saturating_sub(1));
    if !(last.saturating_sub(i)).is_multiple_of(step) {
        return String::new();
    }
    weeks.get(i).map(label_of).unwrap_or_default()
}

type Plot<'a> = ChartContext<
    'a,
    SVGBackend<'a>,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

/// The grid and axes of a weekly chart: a tick per week, five on the value axis.
fn mesh(chart: &mut Plot<'_>, weeks: &[WeekPoint], tick: &dyn Fn(&f64) -> String) -> Drawn {
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(weeks.len())
        .x_label_formatter(&|x| week_label(weeks, x))
        .y_labels(5)
        .y_label_formatter(tick)
        .label_style(font(TEXT))
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xE6, 0xE0, 0xD6))
        .draw()?;
    Ok(())
}

/// Stacked bars, one per week, of `parts` in `colors`; a partial week's are light.
fn stacked_bars<const N: usize>(
    chart: &mut Plot<'_>,
    weeks: &[WeekPoint],
    parts: impl Fn(&WeekPoint) -> [i64; N],
    colors: [RGBColor; N],
) -> Drawn {
    for (i, w) in weeks.iter().enumerate() {
        let mut base = 0.0;
        let opacity = if w.partial { 0.4 } else { 0.9 };
        for (part, color) in parts(w).iter().zip(colors) {
            let v = (*part).max(0) as f64;
            if v > 0.0 {
                let x = i as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.32, base), (x + 0.32, base + v)],
                    color.mix(opacity).filled(),
                )))?;
            }
            base += v;
        }
    }
    Ok(())
}

/// The value axis's labels and the right margin: what is left of the canvas for the weeks.
const Y_LABELS: i32 = 70;
const RIGHT: i32 = 14;
const PLOT_WIDTH: i32 = WIDTH as i32 - Y_LABELS - RIGHT;

fn bars_chart<'a>(
    area: &Area<'a>,
    n: usize,
    y: std::ops::Range<f64>,
) -> Result<Plot<'a>, Box<dyn std::error::Error>> {
    Ok(ChartBuilder::on(area)
        .margin_top(26)
        .margin_right(RIGHT)
        .x_label_area_size(30)
        .y_label_area_size(Y_LABELS)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), y)?)
}

fn net_sales(area: &Area<'_>, input: &ChartInput, lang: Lang, currency: &Currency) -> Drawn {
    let weeks = &input.weeks;
    let parts = |w: &WeekPoint| {
        [
            w.member_net_minor.max(0),
            w.ordinary_net_minor.max(0),
            w.anonymous_net_minor.max(0),
        ]
    };
    let top = weeks
        .iter()
        .map(|w| parts(w).iter().sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut chart = bars_chart(area, weeks.len(), 0.0..top * 1.1)?;
    mesh(&mut chart, weeks, &|v| money_tick(*v, currency, lang))?;
    stacked_bars(&mut chart, weeks, parts, [BLUE, ORANGE, GREY])?;
    legend(
        area,
        &[
            (lang.of("会员", "Members"), BLUE),
            (lang.of("普通顾客", "Ordinary customers"), ORANGE),
            (lang.of("匿名", "Anonymous"), GREY),
        ],
    )
}

/// Draws `values` as a line with markers, broken where a value is missing.
fn gapped_line<DB: DrawingBackend>(
    chart: &mut ChartContext<
        '_,
        DB,
        Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
    >,
    values: &[Option<f64>],
    color: RGBColor,
    dashed: bool,
) -> Drawn
where
    DB::ErrorType: 'static,
{
    let mut run: Vec<(f64, f64)> = Vec::new();
    let mut runs = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((i as f64, *v)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    for run in runs {
        if dashed {
            chart.draw_series(DashedLineSeries::new(
                run.clone(),
                7,
                4,
                color.stroke_width(3),
            ))?;
        } else {
            chart.draw_series(LineSeries::new(run.clone(), color.stroke_width(3)))?;
        }
        chart.draw_series(run.iter().map(|p| Circle::new(*p, 4, color.filled())))?;
    }
    Ok(())
}

fn line_chart(
    area: &Area<'_>,
    weeks: &[WeekPoint],
    series: [(&str, Vec<Option<f64>>, RGBColor); 2],
    tick: &dyn Fn(&f64) -> String,
) -> Drawn {
    let top = series
        .iter()
        .flat_map(|(_, v, _)| v.iter().flatten().copied())
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let mut chart = bars_chart(area, weeks.len(), 0.0..top * 1.15)?;
    mesh(&mut chart, weeks, tick)?;
    for (i, (_, values, color)) in series.iter().enumerate() {
        gapped_line(&mut chart, values, *color, i == 1)?;
    }
    let items: Vec<(&str, RGBColor)> = series.iter().map(|(n, _, c)| (*n, *c)).collect();
    legend(area, &items)
}

fn repeat_rate(area: &Area<'_>, input: &ChartInput, lang: Lang) -> Drawn {
    let w = &input.weeks;
    line_chart(
        area,
        w,
        [
            (
                lang.of("会员", "Members"),
                w.iter().map(|p| p.repeat_members).collect(),
                BLUE,
            ),
            (
                lang.of("普通顾客", "Ordinary customers"),
                w.iter().map(|p| p.repeat_ordinary).collect(),
                ORANGE,
            ),
        ],
        &|v| format!("{:.0}%", v * 100.0),
    )
}

fn average_ticket(area: &Area<'_>, input: &ChartInput, lang: Lang, currency: &Currency) -> Drawn {
    let w = &input.weeks;
    let as_f = |v: Option<i64>| v.map(|v| v as f64);
    line_chart(
        area,
        w,
        [
            (
                lang.of("会员", "Members"),
                w.iter().map(|p| as_f(p.ticket_members_minor)).collect(),
                BLUE,
            ),
            (
                lang.of("其他顾客", "Everyone else"),
                w.iter().map(|p| as_f(p.ticket_others_minor)).collect(),
                ORANGE,
            ),
        ],
        &|v| money_tick(*v, currency, lang),
    )
}

fn members(area: &Area<'_>, input: &ChartInput, lang: Lang) -> Drawn {
    let weeks = &input.weeks;
    let top = weeks
        .iter()
        .map(|w| w.stages.iter().sum::<i64>().max(w.new_members))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut chart = bars_chart(area, weeks.len(), 0.0..top * 1.1)?;
    mesh(&mut chart, weeks, &|v| format!("{v:.0}"))?;
    stacked_bars(
        &mut chart,
        weeks,
        |w| w.stages,
        [SKY, GREEN, ORANGE, VERMILLION],
    )?;
    let new: Vec<Option<f64>> = weeks.iter().map(|w| Some(w.new_members as f64)).collect();
    gapped_line(&mut chart, &new, INK, false)?;
    legend(
        area,
        &[
            (lang.of("新成员", "New"), SKY),
            (lang.of("活跃", "Active"), GREEN),
            (lang.of("流失风险", "At risk"), ORANGE),
            (lang.of("已流失", "Lapsed"), VERMILLION),
            (lang.of("本周新会员", "Joined this week"), INK),
        ],
    )
}

/// Shades of one hue (blue), light for low and dark for high retention.
fn heat(v: f64) -> RGBColor {
    let t = v.clamp(0.0, 1.0);
    let mix = |light: u8, dark: u8| {
        (f64::from(light) + (f64::from(dark) - f64::from(light)) * t).round() as u8
    };
    RGBColor(mix(0xEE, 0x08), mix(0xF4, 0x45), mix(0xFA, 0x8A))
}

fn cohorts(area: &Area<'_>, input: &ChartInput, lang: Lang) -> Drawn {
    // A week nobody joined is no row.
    let rows: Vec<&Cohort> = input.cohorts.iter().filter(|c| c.size > 0).collect();
    let cols = rows
        .iter()
        .map(|c| c.retention.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let (w, h) = area.dim_in_pixel();
    let left = rows
        .iter()
        .map(|c| text_width(&row_label(c)))
        .max()
        .unwrap_or(0)
        + 14;
    let top = 28i32;
    let cell_w = ((w as i32 - left - 10) / cols as i32).max(8);
    let cell_h = ((h as i32 - top - 6) / rows.len().max(1) as i32).clamp(8, 28);
    // Column heads: weeks after joining.
    for k in 0..cols {
        let x = left + k as i32 * cell_w;
        let head = if k == 0 {
            lang.of("当周", "0").to_string()
        } else {
            format!("+{k}")
        };
        area.draw(&Text::new(
            head,
            (x + (cell_w - 2) / 2, 6),
            font(TEXT).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    for (r, cohort) in rows.iter().enumerate() {
        let y = top + r as i32 * cell_h;
        area.draw(&Text::new(
            row_label(cohort),
            (8, y + (cell_h - 2) / 2),
            font(TEXT).pos(Pos::new(HPos::Left, VPos::Center)),
        ))?;
        for (k, v) in cohort.retention.iter().enumerate() {
            let x = left + k as i32 * cell_w;
            let Some(v) = v else { continue };
            let fill = heat(*v);
            area.draw(&Rectangle::new(
                [(x, y), (x + cell_w - 2, y + cell_h - 2)],
                fill.filled(),
            ))?;
            let ink = if *v > 0.5 { WHITE } else { INK };
            if cell_w >= text_width("100") + 4 && cell_h >= 16 {
                area.draw(&Text::new(
                    format!("{:.0}", v * 100.0),
                    (x + (cell_w - 2) / 2, y + (cell_h - 2) / 2),
                    font(TEXT)
                        .color(&ink)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                ))?;
            }
        }
    }
    Ok(())
}

/// A cohort's row: its join week and how many joined.
fn row_label(c: &Cohort) -> String {
    format!("{} ({})", c.label, c.size)
}

/// A group's week of speaking rates as a small bar chart (a day without a known size has no bar
/// and "—" under it), the target as a dashed line.
pub fn speaking(days: &[(String, Option<f64>)], target: f64) -> String {
    const W: u32 = 280;
    const H: u32 = 64;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (W, H)).into_drawing_area();
        let _ = draw_speaking(&root, days, target);
        let _ = root.present();
    }
    svg.replacen(
        &format!("width=\"{W}\" height=\"{H}\""),
        "width=\"100%\" role=\"img\" class=\"speaking\"",
        1,
    )
}

fn draw_speaking(root: &Area<'_>, days: &[(String, Option<f64>)], target: f64) -> Drawn {
    root.fill(&WHITE)?;
    let top = days
        .iter()
        .filter_map(|(_, r)| *r)
        .fold(target, f64::max)
        .max(0.05)
        * 1.15;
    let labels: Vec<String> = days
        .iter()
        .map(|(label, r)| match r {
            Some(_) => label.clone(),
            None => format!("{label} —"),
        })
        .collect();
    let n = days.len().max(1);
    let mut chart = ChartBuilder::on(root)
        .margin(2)
        .margin_right(6)
        .x_label_area_size(17)
        .y_label_area_size(34)
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..top)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() > 0.01 || i < 0.0 {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        })
        .y_labels(2)
        .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
        .label_style(font(13.0))
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(0xE6, 0xE0, 0xD6))
        .draw()?;
    chart.draw_series(days.iter().enumerate().filter_map(|(i, (_, r))| {
        let r = (*r)?;
        let x = i as f64;
        let color = if r >= target { GREEN } else { SKY };
        Some(Rectangle::new(
            [(x - 0.32, 0.0), (x + 0.32, r)],
            color.filled(),
        ))
    }))?;
    chart.draw_series(DashedLineSeries::new(
        [(-0.5, target), (n as f64 - 0.5, target)],
        5,
        4,
        VERMILLION.stroke_width(1),
    ))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cny() -> Currency {
        Currency {
            code: "CNY",
            symbol: "¥",
            minor_digits: 2,
        }
    }

    fn sample() -> ChartInput {
        let weeks = (0..12)
            .map(|i| WeekPoint {
                label: format!("W{:02}", i + 1),
                member_net_minor: 500_000 + i * 20_000,
                ordinary_net_minor: 200_000,
                anonymous_net_minor: if i == 5 { -30_000 } else { 900_000 },
                repeat_members: if i == 3 {
                    None
                } else {
                    Some(0.6 + i as f64 / 100.0)
                },
                repeat_ordinary: Some(0.25),
                ticket_members_minor: Some(5_200 + i * 10),
                ticket_others_minor: Some(4_100),
                stages: [5 + i, 60, 12, 20],
                new_members: 5 + i,
                active_members: 55,
                partial: i == 11,
            })
            .collect();
        let cohorts = (0..12)
            .map(|c| Cohort {
                label: format!("W{:02}", c + 1),
                size: 6,
                retention: (0..12 - c).map(|k| Some(0.8 - k as f64 * 0.05)).collect(),
            })
            .collect();
        ChartInput { weeks, cohorts }
    }

    #[test]
    fn every_chart_in_both_languages() {
        let input = sample();
        for lang in [Lang::Zh, Lang::En] {
            for chart in Chart::ALL {
                let svg = render(chart, &input, lang, &cny());
                assert!(
                    svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"),
                    "{}",
                    chart.id()
                );
                assert!(svg.contains("viewBox=\"0 0 520 240\""));
                assert!(svg.contains(&crate::insight::html::esc(chart.title(lang))));
                insta::assert_snapshot!(format!("{}_{}", chart.id(), lang.of("zh", "en")), svg);
            }
        }
    }

    /// How wide a chart prints: half of the review's A4 text column (186 mm).
    const PRINT_MM: f64 = 91.0;

    /// Every text of every chart prints at 7 pt or more when the chart is half an A4 column.
    #[test]
    fn text_is_readable_on_paper() {
        let input = sample();
        for lang in [Lang::Zh, Lang::En] {
            for chart in Chart::ALL {
                let svg = render(chart, &input, lang, &cny());
                let sizes: Vec<f64> = svg
                    .split("font-size=\"")
                    .skip(1)
                    .filter_map(|rest| rest.split('"').next()?.parse().ok())
                    .collect();
                assert!(!sizes.is_empty(), "{}", chart.id());
                for px in sizes {
                    let pt = px * PRINT_MM / f64::from(WIDTH) * 72.0 / 25.4;
                    assert!(pt >= 7.0, "{} has text of {pt:.1} pt", chart.id());
                }
            }
        }
    }

    /// A partial week is starred and explained; a week nobody joined is no row of the heat map.
    #[test]
    fn partial_weeks_are_starred_and_empty_cohorts_left_out() {
        let mut input = sample();
        let svg = render(Chart::NetSales, &input, Lang::En, &cny());
        assert!(svg.contains("W12*") && !svg.contains("W11*"));
        assert!(svg.contains("the sales cover only part of this week"));
        input.weeks[11].partial = false;
        let svg = render(Chart::NetSales, &input, Lang::En, &cny());
        assert!(!svg.contains('*') && !svg.contains("part of this week"));
        input.cohorts[3].size = 0;
        input.cohorts[3].label = "EMPTY".into();
        let svg = render(Chart::Cohorts, &input, Lang::En, &cny());
        assert!(!svg.contains("EMPTY") && svg.contains("W05 (6)"));
    }

    #[test]
    fn ids_round_trip() {
        for c in Chart::ALL {
            assert_eq!(Chart::from_id(c.id()), Some(c));
        }
        assert_eq!(Chart::from_id("pie"), None);
    }

    #[test]
    fn empty_input_says_so() {
        for chart in Chart::ALL {
            let svg = render(chart, &ChartInput::default(), Lang::En, &cny());
            assert!(svg.contains("No data yet"), "{}", chart.id());
            assert!(render(chart, &ChartInput::default(), Lang::Zh, &cny()).contains("暂无数据"));
        }
    }

    #[test]
    fn labels_are_escaped() {
        let mut input = sample();
        input.weeks[0].label = "<img onerror=x>".into();
        input.cohorts[0].label = "<b>&".into();
        for chart in [Chart::NetSales, Chart::Cohorts] {
            let svg = render(chart, &input, Lang::En, &cny());
            assert!(
                !svg.contains("<img") && !svg.contains("<b>"),
                "{}",
                chart.id()
            );
        }
    }

    #[test]
    fn money_ticks_follow_the_currency() {
        let krw = Currency {
            code: "KRW",
            symbol: "₩",
            minor_digits: 0,
        };
        assert_eq!(money_tick(1_234_500.0, &cny(), Lang::En), "¥12k");
        assert_eq!(money_tick(1_234_500.0, &cny(), Lang::Zh), "¥1.2万");
        assert_eq!(money_tick(4_550.0, &cny(), Lang::En), "¥45.50");
        assert_eq!(money_tick(12_000.0, &krw, Lang::En), "₩12k");
        assert_eq!(money_tick(900.0, &krw, Lang::En), "₩900");
    }
}
