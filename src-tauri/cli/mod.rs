//! The headless side of the same binary: `regulars [--data-dir DIR] <command>`.
//! Each command opens the shop, calls one core function and prints the result;
//! errors go to stderr in the shop's language with a non-zero exit code. One
//! file per command group: `members`, `community` (staff, groups, rules,
//! moderation), `sales` (imports), `insight` (KPIs, charts, the dashboard, the
//! review) and `setup` (demo, settings, backups).

mod common;
mod community;
mod insight;
mod members;
mod sales;
mod setup;

use crate::i18n::{Lang, UserError};
use crate::people::phone;
use crate::settings;
use crate::settings::datadir::DataDir;
use crate::shop::{Shop, ShopKind};
use chrono::{NaiveDate, Utc};
use clap::{Parser, Subcommand};
use common::CliResult;
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
    Members(members::MembersCommand),
    /// List or add the staff who help run the shop.
    #[command(subcommand)]
    Staff(community::StaffCommand),
    /// List, add or show the shop's chat groups.
    #[command(subcommand)]
    Groups(community::GroupsCommand),
    /// Show a group's rules, compare two revisions, or write its printable rules card.
    #[command(subcommand)]
    Rules(community::RulesCommand),
    /// The moderation log of the groups.
    #[command(subcommand)]
    Moderation(community::ModerationCommand),
    /// Import a group's chat export (its statistics, not its messages).
    #[command(subcommand)]
    Chats(community::ChatsCommand),
    /// Import a platform's daily group statistics.
    #[command(subcommand)]
    GroupStats(community::GroupStatsCommand),
    /// Write a consistent copy of the shop to FILE (safe while the app is open), or with --auto
    /// an automatic copy into backups/ as the window makes them (then pruned: 7 days, 4 weeks,
    /// 3 months).
    Backup {
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "auto",
            conflicts_with = "auto"
        )]
        out: Option<PathBuf>,
        #[arg(long)]
        auto: bool,
    },
    /// Replace the shop with a backup FILE; the current data is kept in backups/ first.
    Restore { file: PathBuf },
    /// Import a POS sales export (CSV/TSV/Excel): all of it, or nothing.
    Import(sales::ImportArgs),
    /// List or undo imports.
    #[command(subcommand)]
    Imports(sales::ImportsCommand),
    /// Print every KPI of a week (default: the last complete week with sales), of a period, or of
    /// every week with sales.
    Kpi(insight::KpiArgs),
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

pub fn run(dir: DataDir, command: Command) -> ExitCode {
    if command.reads_phones() {
        phone::warm_up();
    }
    let defaults = settings::os_defaults();
    let lang = defaults.language;
    // Restore never opens the current file first: it may be why the owner restores.
    if let Command::Restore { file } = &command {
        return match setup::restore(&dir, file, &defaults, lang) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(lang, e.error()),
        };
    }
    let shop = match Shop::open(dir, ShopKind::Owner, defaults, Utc::now()) {
        Ok(shop) => shop,
        Err(e) => return fail(lang, &e),
    };
    let lang = shop.lang();
    let read_only = shop.read_only_guard();
    // On stderr: a command's output (JSON, CSV) stays what it was.
    if let Some(opened) = &shop.opened {
        eprintln!("{opened}");
    }
    match dispatch(shop, command, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let e = match &read_only {
                Some(guard) => guard.explain(e),
                None => e,
            };
            fail(lang, e.error())
        }
    }
}

fn dispatch(shop: Shop, command: Command, lang: Lang) -> CliResult {
    match command {
        Command::Demo { today } => setup::demo(shop, today),
        Command::Members(c) => members::run(shop, c, lang),
        Command::Staff(c) => community::staff(shop, c, lang),
        Command::Groups(c) => community::groups(shop, c, lang),
        Command::Rules(c) => community::rules(shop, c, lang),
        Command::Moderation(c) => community::moderation(shop, c, lang),
        Command::Chats(c) => community::chats(shop, c, lang),
        Command::GroupStats(c) => community::group_stats(shop, c, lang),
        Command::Backup { out, .. } => setup::backup(&shop, out.as_deref(), lang),
        Command::Import(args) => sales::import(shop, args),
        Command::Imports(c) => sales::imports(shop, c, lang),
        Command::Kpi(args) => insight::kpi(&shop, args, lang),
        Command::Chart { name, week, out } => insight::chart(&shop, &name, week, &out, lang),
        Command::Dashboard { week, timings } => insight::dashboard(&shop, week, timings),
        Command::Report {
            week,
            lang: report_lang,
            out,
            timings,
        } => insight::report(&shop, week, report_lang, &out, lang, timings),
        Command::Settings {
            shop_name,
            currency,
            phone_region,
            time_zone,
            language,
        } => setup::settings(
            shop,
            settings::Patch {
                shop_name,
                currency,
                phone_region,
                time_zone,
                language,
            },
            lang,
        ),
        // `run` restores before opening anything; reached with an open shop, close it first.
        Command::Restore { file } => {
            let (dir, defaults) = (shop.dir.clone(), shop.settings()?);
            drop(shop);
            setup::restore(&dir, &file, &defaults, lang)
        }
    }
}

fn fail(lang: Lang, e: &dyn UserError) -> ExitCode {
    eprintln!("{}{}", lang.pick("错误：", "error: "), e.message(lang));
    ExitCode::FAILURE
}
