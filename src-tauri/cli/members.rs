//! `regulars members …`: list, add one, import a member list.

use super::common::{CliResult, shop_settings};
use crate::i18n::Lang;
use crate::import::batches::Counts;
use crate::import::table::TableRequest;
use crate::insight::member_table::{self, TableSort};
use crate::people::members::{self, Member, MemberInput, MemberQuery, MemberSource, MemberStatus};
use crate::people::phone;
use crate::settings::ctx::Ctx;
use crate::shop::Shop;
use crate::shop::forget;
use crate::shop::imports::{self, TableKind};
use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ListArgs {
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
    /// The order: by name (Chinese by pinyin), last visit, visits or spend of the last 12
    /// weeks, lifecycle stage, next birthday, or newest first.
    #[arg(long, value_enum, default_value = "name")]
    sort: SortArg,
    /// Only the first N members of that order (as the window shows a page).
    #[arg(long, value_name = "N")]
    first: Option<usize>,
    /// Print the time spent building the list, on stderr (for benchmarks).
    #[arg(long, hide = true)]
    timings: bool,
}

#[derive(Debug, Subcommand)]
pub enum MembersCommand {
    /// Print the member list.
    List(ListArgs),
    /// Add the members of a member list (CSV or Excel; headers in English or
    /// Chinese: name/姓名, phone/手机号, joined/入群日期, tags/标签, birthday/生日…),
    /// all of them or none; members already there are not added twice.
    Import {
        file: PathBuf,
        /// Add the valid rows and write the others to a rejects file.
        #[arg(long)]
        valid_rows: bool,
        /// Print the import's report as one JSON object (counts, refused rows, warnings).
        #[arg(long)]
        json: bool,
    },
    /// Forget a member for good: their personal data goes from every table, in one transaction
    /// (their receipts stay, anonymous), and from the rejects files; a later import does not bring
    /// them back. Copies in backups/ keep them for at most 3 months; copies saved elsewhere are
    /// yours to delete.
    Forget {
        /// The member's id (`members list --json`).
        id: i64,
    },
    /// Add one member.
    Add {
        /// May be left out for a member with a phone: they are shown as "顾客 138****5678".
        #[arg(long, default_value = "")]
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
        /// Add them even though their phone is of someone forgotten (they asked to come back).
        #[arg(long)]
        again: bool,
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
pub(super) fn run(shop: Shop, command: MembersCommand, lang: Lang) -> CliResult {
    match command {
        MembersCommand::List(args) => list(&shop, args),
        MembersCommand::Add {
            name,
            phone,
            wechat,
            birthday,
            joined,
            source,
            tags,
            notes,
            consent,
            again,
        } => {
            let settings = shop_settings(&shop)?;
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
            let ctx = Ctx {
                today,
                ..Ctx::for_shop(&settings, Utc::now())
            };
            let m = if again {
                members::add_again(&mut shop.conn, &input, ctx)?
            } else {
                members::add(&mut shop.conn, &input, ctx)?
            };
            println!(
                "{}",
                lang.pick(
                    format!("已添加会员 {}（编号 {}）", m.label, m.id),
                    format!("Added member {} (id {})", m.label, m.id)
                )
            );
            Ok(())
        }
        MembersCommand::Forget { id } => {
            let mut shop = shop;
            let rejects = shop.dir.rejects_dir();
            forget::member(&mut shop.conn, id, &rejects)?;
            println!(
                "{}",
                lang.pick(
                    format!("已删除会员 {id} 的个人资料"),
                    format!("Forgot member {id}")
                )
            );
            Ok(())
        }
        MembersCommand::Import {
            file,
            valid_rows,
            json,
        } => {
            let mut shop = shop;
            let settings = shop_settings(&shop)?;
            let ctx = Ctx::for_shop(&settings, Utc::now());
            let request = TableRequest {
                path: file,
                valid_rows,
            };
            let rejects_dir = shop.dir.rejects_dir();
            let kind = TableKind::Members;
            let r = imports::import_table(&mut shop.conn, kind, &request, &ctx, &rejects_dir)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r).unwrap_or_default());
                return Ok(());
            }
            let Counts {
                added,
                duplicate,
                rejected,
                ..
            } = r.counts;
            println!(
                "{}",
                lang.pick(
                    format!("已添加 {added} 位会员，{duplicate} 位已在名单中，{rejected} 行未导入。"),
                    format!(
                        "Added {added} members; {duplicate} were members already, {rejected} rows were not imported."
                    )
                )
            );
            if let Some(path) = r.rejects_file {
                println!(
                    "{}",
                    lang.pick(
                        format!("未导入的行：{path}"),
                        format!("Rows not imported: {path}")
                    )
                );
            }
            for w in &r.warnings {
                println!(
                    "{}",
                    lang.pick(
                        format!("第 {} 行已导入，请核对：{}", w.row, w.message),
                        format!("Row {} kept, please check: {}", w.row, w.message),
                    )
                );
            }
            Ok(())
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SortArg {
    Name,
    LastVisit,
    Visits,
    Spend,
    Stage,
    Birthday,
    Joined,
}

impl From<SortArg> for TableSort {
    fn from(s: SortArg) -> Self {
        match s {
            SortArg::Name => TableSort::Name,
            SortArg::LastVisit => TableSort::LastVisit,
            SortArg::Visits => TableSort::Visits,
            SortArg::Spend => TableSort::Spend,
            SortArg::Stage => TableSort::Stage,
            SortArg::Birthday => TableSort::Birthday,
            SortArg::Joined => TableSort::JoinedNewest,
        }
    }
}

fn list(shop: &Shop, args: ListArgs) -> CliResult {
    let settings = shop_settings(shop)?;
    let status = if args.all {
        MemberStatus::All
    } else {
        MemberStatus::Current
    };
    let query = MemberQuery {
        search: args.search,
        status,
        ..Default::default()
    };
    let sort = args.sort.into();
    let first = args.first.unwrap_or(usize::MAX);
    let started = std::time::Instant::now();
    let today = settings.today(Utc::now());
    let mut table = member_table::list(&shop.conn, &settings, &query, sort, today, first)?;
    if args.timings {
        // Built again, as the window builds it for each search or sort (the first build also
        // loads the phone metadata, which the window loads on a thread at start).
        eprintln!("first_ms={:.3}", started.elapsed().as_secs_f64() * 1000.0);
        let again = std::time::Instant::now();
        table = member_table::list(&shop.conn, &settings, &query, sort, today, first)?;
        eprintln!("table_ms={:.3}", again.elapsed().as_secs_f64() * 1000.0);
        // Its parts: the members' keys, what they did, and the rows shown read whole.
        let part = std::time::Instant::now();
        members::found(&shop.conn, &query, settings.language)?;
        eprintln!("keys_ms={:.3}", part.elapsed().as_secs_f64() * 1000.0);
        let part = std::time::Instant::now();
        member_table::activity(&shop.conn, today)?;
        eprintln!("activity_ms={:.3}", part.elapsed().as_secs_f64() * 1000.0);
        let ids: Vec<i64> = table.rows.iter().map(|r| r.member.id).collect();
        let part = std::time::Instant::now();
        members::by_ids(&shop.conn, &ids, &settings.phone_region, settings.language)?;
        eprintln!("rows_ms={:.3}", part.elapsed().as_secs_f64() * 1000.0);
    }
    let mask = settings.mask_phones && !args.show_phones;
    let last_visits: Vec<Option<NaiveDate>> = table
        .rows
        .iter()
        .map(|r| r.activity.as_ref().and_then(|a| a.last_visit))
        .collect();
    let shown: Vec<Member> = table
        .rows
        .into_iter()
        .map(|r| r.member)
        .map(|m| {
            if mask {
                masked(m, &settings.phone_region)
            } else {
                m
            }
        })
        .collect();
    if args.json {
        let text = serde_json::to_string_pretty(&shown).unwrap_or_else(|_| "[]".into());
        println!("{text}");
        return Ok(());
    }
    let lang = settings.language;
    for (m, last) in shown.iter().zip(&last_visits) {
        println!(
            "{:>5}  {:<12}  {:<14}  {}  {}  {}",
            m.id,
            m.label,
            m.phone_display.as_deref().unwrap_or("—"),
            m.joined_on,
            last.map_or_else(|| "—".to_string(), |d| d.to_string()),
            m.tags.join(lang.pick("、", ", ").as_str())
        );
    }
    let found = table.found;
    println!(
        "{}",
        if shown.len() as i64 == found {
            lang.pick(format!("共 {found} 位会员"), format!("{found} members"))
        } else {
            lang.pick(
                format!("前 {} 位，共 {found} 位会员", shown.len()),
                format!("the first {} of {found} members", shown.len()),
            )
        }
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
