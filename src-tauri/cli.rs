//! The headless side of the same binary: `regulars [--data-dir DIR] <command>`.
//! Each command opens the shop, calls one core function and prints the result;
//! errors go to stderr in the shop's language with a non-zero exit code.

use crate::charts::{self, Chart};
use crate::dashboard;
use crate::datadir::DataDir;
use crate::demo;
use crate::i18n::{ErrorCode, Failure, Lang, UserError};
use crate::import::engine::{self, ImportRequest};
use crate::import::read::{ReadOptions, TextEncoding};
use crate::member_list;
use crate::members::{self, Context, Member, MemberInput, MemberQuery, MemberSource, MemberStatus};
use crate::metrics::{self, Facts, Load, Period};
use crate::phone;
use crate::report;
use crate::settings::{self, Settings};
use crate::shop::{Shop, ShopKind};
use crate::store::{self, StoreError};
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "regulars",
    version,
    about = "Regulars (熟客): run your bakery or café's customer community, offline.",
    long_about = "Regulars (熟客): run your bakery or café's customer community, offline.\n\nWith no command, opens the app window."
)]
pub struct Cli {
    /// The shop's data folder (default: the OS app-data folder).
    #[arg(long, global = true, env = "REGULARS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty data folder with the demo bakery (140 members, 16 weeks ending last week).
    Demo {
        /// The date the demo is anchored to (default: today in the shop's time zone).
        #[arg(long, value_name = "YYYY-MM-DD")]
        today: Option<NaiveDate>,
    },
    /// List or add members.
    #[command(subcommand)]
    Members(MembersCommand),
    /// Write a consistent copy of the shop to FILE (safe while the app is open).
    Backup {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Replace the shop with a backup FILE; the current data is kept in backups/ first.
    Restore { file: PathBuf },
    /// Import a POS sales export (CSV/TSV/Excel): all of it, or nothing.
    Import(ImportArgs),
    /// List or undo imports.
    #[command(subcommand)]
    Imports(ImportsCommand),
    /// Print every KPI of a week (default: the last complete week with sales), of a period, or of
    /// every week with sales.
    Kpi(KpiArgs),
    /// Print the dashboard of a week as JSON, as the window receives it: every card, the charts'
    /// SVG and the action lists (default: the last complete week with sales).
    Dashboard {
        /// An ISO week, e.g. 2026-W12.
        #[arg(long, value_name = "YYYY-Www")]
        week: Option<String>,
        /// Print the time spent building the dashboard, on stderr (for benchmarks).
        #[arg(long, hide = true)]
        timings: bool,
    },
    /// Write the weekly review of a week as one self-contained HTML file (the app's "Save as HTML").
    Report {
        /// An ISO week, e.g. 2026-W12 (default: the last complete week with sales).
        #[arg(long, value_name = "YYYY-Www")]
        week: Option<String>,
        /// zh or en (default: the shop's language).
        #[arg(long, value_name = "zh|en")]
        lang: Option<String>,
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
        /// Print the time spent building the review, on stderr (for benchmarks).
        #[arg(long, hide = true)]
        timings: bool,
    },
    /// Write one chart of a week as SVG: net_sales, repeat_rate, average_ticket, members, cohorts.
    Chart {
        name: String,
        /// An ISO week, e.g. 2026-W12 (default: the last complete week with sales).
        #[arg(long, value_name = "YYYY-Www")]
        week: Option<String>,
        #[arg(long, value_name = "FILE.svg")]
        out: PathBuf,
    },
    /// Print the shop's settings as JSON, changing the ones given first.
    Settings {
        #[arg(long)]
        shop_name: Option<String>,
        #[arg(long)]
        currency: Option<String>,
        /// Two-letter region phones default to, e.g. CN, AU, US.
        #[arg(long)]
        phone_region: Option<String>,
        /// IANA time zone, e.g. Asia/Shanghai.
        #[arg(long)]
        time_zone: Option<String>,
        /// zh-CN or en.
        #[arg(long)]
        language: Option<String>,
    },
}

impl Command {
    /// Whether the command shows or reads phones (and so needs the phone metadata).
    fn reads_phones(&self) -> bool {
        !matches!(
            self,
            Command::Kpi(_)
                | Command::Chart { .. }
                | Command::Backup { .. }
                | Command::Restore { .. }
                | Command::Imports(_)
        )
    }
}

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

#[derive(Debug, Subcommand)]
pub enum ImportsCommand {
    /// Print the imports, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove exactly the lines import ID added.
    Undo { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// Print the member list.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
        /// Only members whose name, WeChat name, phone or tag contains this.
        #[arg(long, default_value = "")]
        search: String,
        /// Include members who left the community.
        #[arg(long)]
        all: bool,
        /// Print phones in full instead of masked (138****1234).
        #[arg(long)]
        show_phones: bool,
    },
    /// Add the members of a member list (CSV or Excel; headers in English or
    /// Chinese: name/姓名, phone/手机号, joined/入群日期, tags/标签, birthday/生日…),
    /// all of them or none.
    Import { file: PathBuf },
    /// Add one member.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        phone: String,
        #[arg(long, default_value = "")]
        wechat: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        birthday: Option<NaiveDate>,
        /// Default: today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        joined: Option<NaiveDate>,
        #[arg(long, value_enum, default_value_t = SourceArg::InStore)]
        source: SourceArg,
        /// Tags, separated by `,` `;` or `、` (or repeat the flag).
        #[arg(long = "tag")]
        tags: Vec<String>,
        #[arg(long, default_value = "")]
        notes: String,
        /// The member agreed to receive marketing messages.
        #[arg(long)]
        consent: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EncodingArg {
    Utf8,
    Utf16le,
    Utf16be,
    /// GBK files too (GB18030 is its superset).
    #[value(alias = "gbk")]
    Gb18030,
}

impl From<EncodingArg> for TextEncoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => TextEncoding::Utf8,
            EncodingArg::Utf16le => TextEncoding::Utf16Le,
            EncodingArg::Utf16be => TextEncoding::Utf16Be,
            EncodingArg::Gb18030 => TextEncoding::Gb18030,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SourceArg {
    InStore,
    Event,
    Referral,
    Online,
    Other,
}

impl From<SourceArg> for MemberSource {
    fn from(s: SourceArg) -> Self {
        match s {
            SourceArg::InStore => MemberSource::InStore,
            SourceArg::Event => MemberSource::Event,
            SourceArg::Referral => MemberSource::Referral,
            SourceArg::Online => MemberSource::Online,
            SourceArg::Other => MemberSource::Other,
        }
    }
}

/// Runs one command against the shop in `dir`.
pub fn run(dir: DataDir, command: Command) -> ExitCode {
    if command.reads_phones() {
        phone::warm_up();
    }
    let defaults = settings::os_defaults();
    let lang = defaults.language;
    let shop = match Shop::open(dir, ShopKind::Owner, defaults, Utc::now()) {
        Ok(shop) => shop,
        Err(e) => return fail(lang, &e),
    };
    let lang = shop.lang();
    match dispatch(shop, command, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(lang, e.error()),
    }
}

fn dispatch(shop: Shop, command: Command, lang: Lang) -> CliResult {
    match command {
        Command::Demo { today } => demo_cmd(shop, today),
        Command::Members(MembersCommand::List {
            json,
            search,
            all,
            show_phones,
        }) => list_cmd(&shop, search, all, json, show_phones),
        Command::Members(MembersCommand::Add {
            name,
            phone,
            wechat,
            birthday,
            joined,
            source,
            tags,
            notes,
            consent,
        }) => shop_settings(&shop).and_then(|settings| {
            let today = settings.today(Utc::now());
            let input = MemberInput {
                name,
                phone,
                wechat_name: wechat,
                birthday,
                joined_on: joined.unwrap_or(today),
                source: source.into(),
                tags: tags.iter().flat_map(|t| members::split_tags(t)).collect(),
                notes,
                marketing_consent: consent,
            };
            let mut shop = shop;
            let m = members::add(
                &mut shop.conn,
                &input,
                Context {
                    today,
                    ..Context::for_shop(&settings, Utc::now())
                },
            )?;
            println!(
                "{}",
                lang.pick(
                    format!("已添加会员 {}（编号 {}）", m.name, m.id),
                    format!("Added member {} (id {})", m.name, m.id)
                )
            );
            Ok(())
        }),
        Command::Backup { out } => store::backup_to(&shop.conn, &out)
            .map_err(Failure::from)
            .map(|()| {
                println!(
                    "{}",
                    lang.pick(
                        format!("已备份到 {}", out.display()),
                        format!("Backed up to {}", out.display())
                    )
                );
            }),
        Command::Import(args) => import_cmd(shop, args),
        Command::Kpi(args) => kpi_cmd(&shop, args, lang),
        Command::Chart { name, week, out } => chart_cmd(&shop, &name, week, &out, lang),
        Command::Dashboard { week, timings } => dashboard_cmd(&shop, week, timings),
        Command::Report {
            week,
            lang: report_lang,
            out,
            timings,
        } => report_cmd(&shop, week, report_lang, &out, lang, timings),
        Command::Imports(ImportsCommand::List { json }) => imports_list_cmd(&shop, json),
        Command::Members(MembersCommand::Import { file }) => {
            let mut shop = shop;
            let settings = shop_settings(&shop)?;
            let ctx = Context::for_shop(&settings, Utc::now());
            let added = member_list::import(&mut shop.conn, &file, ctx, lang)?;
            println!(
                "{}",
                lang.pick(
                    format!("已添加 {added} 位会员。"),
                    format!("Added {added} members.")
                )
            );
            Ok(())
        }
        Command::Settings {
            shop_name,
            currency,
            phone_region,
            time_zone,
            language,
        } => {
            let mut shop = shop;
            let mut s = shop_settings(&shop)?;
            let changed = shop_name.is_some()
                || currency.is_some()
                || phone_region.is_some()
                || time_zone.is_some()
                || language.is_some();
            if let Some(v) = shop_name {
                s.shop_name = v;
            }
            if let Some(v) = currency {
                s.currency = v;
            }
            if let Some(v) = phone_region {
                s.phone_region = v;
            }
            if let Some(v) = time_zone {
                s.time_zone = v;
            }
            if let Some(v) = language {
                s.language = Lang::parse(&v).ok_or(settings::SettingsError::Invalid {
                    field: "language",
                    value: v,
                })?;
            }
            if changed {
                if s.shop_name.trim().is_empty() {
                    s.shop_name = lang.pick("我的店", "My shop");
                }
                s = settings::save(&mut shop.conn, &s)?;
            }
            println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
            Ok(())
        }
        Command::Imports(ImportsCommand::Undo { id }) => {
            let mut shop = shop;
            let removed = engine::undo(&mut shop.conn, id)?;
            println!(
                "{}",
                lang.pick(
                    format!("已撤销导入 {id}，删除了 {removed} 行。"),
                    format!("Undid import {id}: {removed} lines removed.")
                )
            );
            Ok(())
        }
        Command::Restore { file } => shop_settings(&shop).and_then(|settings| {
            let mut shop = shop;
            let backups = shop.dir.backups_dir();
            let aside = store::restore_from(
                &mut shop.conn,
                &file,
                &backups,
                settings.local_now(Utc::now()),
            )?;
            println!(
                "{}",
                lang.pick(
                    format!(
                        "已从 {} 恢复；恢复前的数据保存在 {}",
                        file.display(),
                        aside.display()
                    ),
                    format!(
                        "Restored from {}; the data before the restore is kept in {}",
                        file.display(),
                        aside.display()
                    ),
                )
            );
            Ok(())
        }),
    }
}

type CliResult = Result<(), Failure>;

fn fail(lang: Lang, e: &dyn UserError) -> ExitCode {
    eprintln!("{}{}", lang.pick("错误：", "error: "), e.message(lang));
    ExitCode::FAILURE
}

fn shop_settings(shop: &Shop) -> Result<Settings, Failure> {
    Ok(shop.settings()?)
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

fn kpi_cmd(shop: &Shop, args: KpiArgs, lang: Lang) -> CliResult {
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
    match week {
        Some(w) => {
            Ok(Period::parse_week(w, settings.week_start)
                .ok_or(KpiError::BadWeek(w.to_string()))?)
        }
        None => {
            let coverage = metrics::sales_coverage(&shop.conn).map_err(StoreError::from)?;
            Ok(metrics::default_week(
                coverage,
                settings.today(Utc::now()),
                settings.week_start,
            ))
        }
    }
}

fn chart_cmd(
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
    let input = dashboard::chart_input(&facts, week, lang);
    let svg = charts::render(chart, &input, lang, &settings.money());
    write_week_file(out, svg.as_bytes(), week, lang)
}

fn dashboard_cmd(shop: &Shop, week: Option<String>, timings: bool) -> CliResult {
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

fn report_cmd(
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
        settings.language = match l.as_str() {
            "zh" => Lang::Zh,
            other => Lang::parse(other).ok_or(settings::SettingsError::Invalid {
                field: "language",
                value: l.clone(),
            })?,
        };
    }
    let week = week_arg(shop, &settings, week.as_deref())?;
    let html = report::render(&report::gather(&shop.conn, &settings, week)?);
    if timings {
        eprintln!("build_ms={:.3}", started.elapsed().as_secs_f64() * 1000.0);
    }
    write_week_file(out, html.as_bytes(), week, lang)
}

/// Writes a file about `week` (a chart, a review) whole, and says so.
fn write_week_file(out: &std::path::Path, bytes: &[u8], week: Period, lang: Lang) -> CliResult {
    store::write_atomically(out, bytes)?;
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

fn demo_cmd(mut shop: Shop, today: Option<NaiveDate>) -> CliResult {
    let settings = shop_settings(&shop)?;
    let today = today.unwrap_or_else(|| settings.today(Utc::now()));
    let summary = demo::generate(&mut shop.conn, today, &settings, shop.dir.root())?;
    let lang = settings.language;
    println!(
        "{}",
        lang.pick(
            format!(
                "示例店已生成：{} 位会员，{} 至 {}，位于 {}",
                summary.members,
                summary.first_day,
                summary.last_day,
                shop.dir.root().display()
            ),
            format!(
                "Demo shop ready: {} members, {} to {}, in {}",
                summary.members,
                summary.first_day,
                summary.last_day,
                shop.dir.root().display()
            ),
        )
    );
    Ok(())
}

fn list_cmd(shop: &Shop, search: String, all: bool, json: bool, show_phones: bool) -> CliResult {
    let settings = shop_settings(shop)?;
    let status = if all {
        MemberStatus::All
    } else {
        MemberStatus::Current
    };
    let query = MemberQuery {
        search,
        status,
        ..Default::default()
    };
    let list = members::list(&shop.conn, &query, &settings.phone_region)?;
    let mask = settings.mask_phones && !show_phones;
    let shown: Vec<Member> = list
        .members
        .into_iter()
        .map(|m| {
            if mask {
                masked(m, &settings.phone_region)
            } else {
                m
            }
        })
        .collect();
    if json {
        let text = serde_json::to_string_pretty(&shown).unwrap_or_else(|_| "[]".into());
        println!("{text}");
        return Ok(());
    }
    let lang = settings.language;
    for m in &shown {
        println!(
            "{:>5}  {:<12}  {:<14}  {}  {}",
            m.id,
            m.name,
            m.phone_display.as_deref().unwrap_or("—"),
            m.joined_on,
            m.tags.join(lang.pick("、", ", ").as_str())
        );
    }
    println!(
        "{}",
        lang.pick(
            format!("共 {} 位会员", shown.len()),
            format!("{} members", shown.len())
        )
    );
    Ok(())
}

/// The member as exports show it: phone digits masked in the middle.
fn masked(m: Member, region: &str) -> Member {
    let hidden = m.phone.as_deref().map(|p| phone::display(p, region, true));
    Member {
        phone: hidden.clone(),
        phone_display: hidden,
        ..m
    }
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    file: PathBuf,
    /// Use this layout instead of detecting it (see the README for the list).
    #[arg(long)]
    preset: Option<String>,
    /// A mapping (JSON, as printed by --dry-run --json) to read the columns with.
    #[arg(long, value_name = "MAPPING.json")]
    mapping: Option<PathBuf>,
    /// Accept the proposed mapping of a layout the app has not seen.
    #[arg(long)]
    auto_map: bool,
    /// Import the valid rows; write the others to a rejects file.
    #[arg(long)]
    skip_invalid: bool,
    /// Do everything but keep nothing.
    #[arg(long)]
    dry_run: bool,
    /// Force the text encoding instead of detecting it.
    #[arg(long, value_enum)]
    encoding: Option<EncodingArg>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn import_cmd(mut shop: Shop, args: ImportArgs) -> CliResult {
    let settings = shop_settings(&shop)?;
    let lang = settings.language;
    let mapping = match &args.mapping {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| engine::ImportError::Io(path.display().to_string(), e))?;
            Some(serde_json::from_str(&text).map_err(|e| {
                engine::ImportError::Io(
                    path.display().to_string(),
                    std::io::Error::new(std::io::ErrorKind::InvalidData, e),
                )
            })?)
        }
        None => None,
    };
    let req = ImportRequest {
        path: args.file.display().to_string(),
        read: ReadOptions {
            encoding: args.encoding.map(TextEncoding::from),
            ..Default::default()
        },
        mapping,
        preset: args.preset,
        auto_map: args.auto_map,
        skip_invalid: args.skip_invalid,
    };
    let rejects_dir = shop.dir.rejects_dir();
    let ctx = engine::Context::for_shop(&settings, &rejects_dir, Utc::now());
    let report = engine::import(&mut shop.conn, &req, &ctx, args.dry_run, &mut |_, _| true)?;
    if args.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        println!(
            "{}",
            describe_report(&report, lang, args.dry_run, &settings.money())
        );
    }
    Ok(())
}

/// An import's report in a sentence, money in the shop's currency.
fn describe_report(
    r: &engine::ImportReport,
    lang: Lang,
    dry_run: bool,
    currency: &settings::Currency,
) -> String {
    let range = match (r.date_from, r.date_to) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        _ => "—".into(),
    };
    let head = match (dry_run, r.batch_id) {
        (true, _) => lang.pick("试运行（未保存）", "Dry run (nothing kept)"),
        (false, Some(id)) => lang.pick(
            format!("导入完成，编号 {id}"),
            format!("Imported as import {id}"),
        ),
        (false, None) => String::new(),
    };
    let money = |m: i64| metrics::format_money(m, currency);
    let new_only = if r.lines_duplicate > 0 {
        lang.pick(
            "金额与日期只计新增的明细。",
            " Amounts and dates count the new lines only.",
        )
    } else {
        String::new()
    };
    lang.pick(
        format!(
            "{head}：{} 行，新增 {} 条，已存在 {} 条，跳过 {} 条；{} 张小票，{} 笔退款；{range}；总额 {}，优惠 {}，退款 {}，净额 {}；识别顾客 {} 位，其中会员 {} 位。{new_only}",
            r.rows, r.lines_new, r.lines_duplicate, r.lines_rejected, r.receipts, r.refunds,
            money(r.gross_minor), money(r.discounts_minor), money(r.refunds_minor), money(r.net_minor),
            r.customers_identified, r.customers_matched
        ),
        format!(
            "{head}: {} rows, {} lines new, {} already there, {} skipped; {} receipts, {} refunds; {range}; gross {}, discounts {}, refunds {}, net {}; {} customers identified, {} of them members.{new_only}",
            r.rows, r.lines_new, r.lines_duplicate, r.lines_rejected, r.receipts, r.refunds,
            money(r.gross_minor), money(r.discounts_minor), money(r.refunds_minor), money(r.net_minor),
            r.customers_identified, r.customers_matched
        ),
    )
}

fn imports_list_cmd(shop: &Shop, json: bool) -> CliResult {
    let batches = engine::list_batches(&shop.conn)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&batches).unwrap_or_default()
        );
        return Ok(());
    }
    let lang = shop.lang();
    let currency = shop_settings(shop)?.money();
    for b in &batches {
        println!(
            "{:>4}  {}  {}  {}",
            b.id,
            b.imported_at,
            b.file_name,
            describe_report(&b.report, lang, false, &currency)
        );
    }
    if batches.is_empty() {
        println!(
            "{}",
            lang.pick("还没有导入过销售数据。", "No sales imported yet.")
        );
    }
    Ok(())
}
