//! The headless side of the same binary: `regulars [--data-dir DIR] <command>`.
//! Each command opens the shop, calls one core function and prints the result;
//! errors go to stderr in the shop's language with a non-zero exit code.

use crate::datadir::DataDir;
use crate::demo;
use crate::i18n::{Failure, Lang, UserError};
use crate::members::{self, Context, Member, MemberInput, MemberQuery, MemberSource, MemberStatus};
use crate::phone;
use crate::settings::{self, Settings};
use crate::shop::{Shop, ShopKind};
use crate::store;
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
    let defaults = settings::os_defaults();
    let lang = defaults.language;
    let shop = match Shop::open(dir, ShopKind::Owner, defaults, Utc::now()) {
        Ok(shop) => shop,
        Err(e) => return fail(lang, &e),
    };
    let lang = shop.lang();
    let result = match command {
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
            let ctx = Context {
                phone_region: &settings.phone_region,
                today,
            };
            let m = members::add(&mut shop.conn, &input, ctx)?;
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(lang, e.error()),
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

fn demo_cmd(mut shop: Shop, today: Option<NaiveDate>) -> CliResult {
    let settings = shop_settings(&shop)?;
    let today = today.unwrap_or_else(|| settings.today(Utc::now()));
    let summary = demo::generate(&mut shop.conn, today, &settings)?;
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
