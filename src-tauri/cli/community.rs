//! `regulars staff|groups|rules|moderation …`: the staff list, the groups, their rules (a
//! revision, two side by side, the printable card) and the moderation log. Every list has
//! `--json`; GROUP is a group's id or its name (when one group has it).

use super::common::{CliResult, shop_settings};
use crate::check::{Field, Problem};
use crate::community::chats::senders::{self, Decision, SenderMatch};
use crate::community::chats::{self, whatsapp::DayOrder};
use crate::community::diff::{self, Mark, Piece};
use crate::community::groups::{self, GroupInput, GroupStatus, Platform, Threshold};
use crate::community::moderation::{self, Entry};
use crate::community::rules::{self, Revision};
use crate::community::staff::{self, StaffInput, StaffRole};
use crate::i18n::{Failure, Lang};
use crate::import::table::TableRequest;
use crate::insight::groups as group_pages;
use crate::insight::rules_card::{self, Paper};
use crate::settings::ctx::Ctx;
use crate::shop::Shop;
use crate::shop::imports::{self, TableKind};
use crate::store;
use chrono::{NaiveDate, Utc};
use clap::Subcommand;
use serde::Serialize;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Print the staff list.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add someone who helps run the shop (no account, no password).
    Add {
        #[arg(long)]
        name: String,
        /// owner, admin, operations or counter.
        #[arg(long, default_value = "counter")]
        role: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum GroupsCommand {
    /// Print the groups: size as last read, members on the list, status.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Add a group.
    Add {
        #[arg(long)]
        name: String,
        /// wechat, wecom, douyin, xiaohongshu, weibo, whatsapp, telegram or other.
        #[arg(long, default_value = "wechat")]
        platform: String,
        #[arg(long, default_value = "")]
        positioning: String,
        #[arg(long, default_value = "")]
        slogan: String,
        /// The staff member who owns it (`staff list --json` gives ids).
        #[arg(long, value_name = "STAFF_ID")]
        owner: Option<i64>,
        /// Default: today.
        #[arg(long, value_name = "YYYY-MM-DD")]
        created: Option<NaiveDate>,
        /// till_qr, receipt, questionnaire or invitation.
        #[arg(long, default_value = "till_qr")]
        threshold: String,
        #[arg(long)]
        target_size: Option<i64>,
    },
    /// Print one group: its details, sizes, members on the list, rules and moderation.
    Show {
        group: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Print a group's rules: the current revision, revision N, or revisions A and B side by
    /// side (words removed as [-…], added as {+…}).
    Show {
        group: String,
        #[arg(long, value_name = "N", conflicts_with = "diff")]
        rev: Option<i64>,
        #[arg(long, num_args = 2, value_names = ["A", "B"])]
        diff: Option<Vec<i64>>,
        #[arg(long)]
        json: bool,
    },
    /// Write a group's rules card (its current rules on one page) as a self-contained HTML file.
    Card {
        group: String,
        #[arg(long, value_name = "FILE.html")]
        out: PathBuf,
        /// a5 or a4.
        #[arg(long, default_value = "a5")]
        paper: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ModerationCommand {
    /// Print the moderation log, newest first.
    List {
        #[arg(long)]
        group: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// The shop's context now.
fn ctx(shop: &Shop) -> Result<Ctx, Failure> {
    Ok(Ctx::for_shop(&shop_settings(shop)?, Utc::now()))
}

static ROLE: Field = crate::check::field("role", "角色", "role").example(
    "owner、admin、operations、counter",
    "owner, admin, operations or counter",
);
static PLATFORM: Field = crate::check::field("platform", "平台", "platform")
    .example("wechat、wecom、xiaohongshu…", "wechat, wecom, xiaohongshu…");
static THRESHOLD: Field = crate::check::field("threshold", "入群门槛", "entry threshold").example(
    "till_qr、receipt、questionnaire、invitation",
    "till_qr, receipt, questionnaire or invitation",
);
static PAPER: Field =
    crate::check::field("paper", "纸张", "paper size").example("a5、a4", "a5 or a4");

/// `text` as one of a closed set, or what is wrong with it.
fn one_of<T>(
    text: &str,
    field: &'static Field,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<T, Failure> {
    parse(text.trim()).ok_or_else(|| {
        field
            .invalid(Problem::Unknown {
                value: text.to_string(),
            })
            .into()
    })
}

fn print_json(value: &impl Serialize) -> CliResult {
    println!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".into())
    );
    Ok(())
}

pub(super) fn staff(shop: Shop, command: StaffCommand, lang: Lang) -> CliResult {
    match command {
        StaffCommand::List { json } => {
            let all = staff::list(&shop.conn)?;
            if json {
                return print_json(&all);
            }
            for s in all {
                println!("{}  {}  {}", s.id, s.name, s.role.label(lang));
            }
            Ok(())
        }
        StaffCommand::Add { name, role } => {
            let role = one_of(&role, &ROLE, StaffRole::parse)?;
            let s = staff::add(&shop.conn, &StaffInput { name, role })?;
            println!(
                "{}",
                lang.pick(
                    format!("已添加 {}（{}，编号 {}）", s.name, s.role.label(lang), s.id),
                    format!("Added {} ({}, id {})", s.name, s.role.label(lang), s.id)
                )
            );
            Ok(())
        }
    }
}

pub(super) fn groups(shop: Shop, command: GroupsCommand, lang: Lang) -> CliResult {
    let ctx = ctx(&shop)?;
    match command {
        GroupsCommand::List { json } => {
            let all = groups::list(&shop.conn, ctx.today)?;
            if json {
                return print_json(&all);
            }
            for g in all {
                let size = g
                    .size
                    .map_or("—".to_string(), |s| format!("{} ({})", s.size, s.on));
                println!(
                    "{}  {}  {}  {}  {}  {}",
                    g.id,
                    g.name,
                    g.platform.label(lang),
                    lang.pick(format!("群人数 {size}"), format!("size {size}")),
                    lang.pick(
                        format!("在册会员 {}", g.listed),
                        format!("on your list {}", g.listed)
                    ),
                    g.status.label(lang)
                );
            }
            Ok(())
        }
        GroupsCommand::Add {
            name,
            platform,
            positioning,
            slogan,
            owner,
            created,
            threshold,
            target_size,
        } => {
            let input = GroupInput {
                platform: one_of(&platform, &PLATFORM, Platform::parse)?,
                name,
                positioning,
                slogan,
                owner_id: owner,
                created_on: created.unwrap_or(ctx.today),
                threshold: one_of(&threshold, &THRESHOLD, Threshold::parse)?,
                target_size,
                status: GroupStatus::Active,
            };
            let g = groups::add(&shop.conn, &input, ctx)?;
            println!(
                "{}",
                lang.pick(
                    format!("已添加社群“{}”（编号 {}）", g.name, g.id),
                    format!("Added the group “{}” (id {})", g.name, g.id)
                )
            );
            Ok(())
        }
        GroupsCommand::Show { group, json } => {
            let id = groups::find(&shop.conn, &group)?;
            let page = group_pages::page(&shop.conn, id, ctx)?;
            if json {
                return print_json(&page);
            }
            let g = &page.group;
            println!(
                "{} · {} · {}",
                g.name,
                g.platform.label(lang),
                g.status.label(lang)
            );
            if !g.positioning.is_empty() || !g.slogan.is_empty() {
                println!("{}  {}", g.positioning, g.slogan);
            }
            let size = g
                .size
                .map_or("—".to_string(), |s| format!("{} ({})", s.size, s.on));
            println!(
                "{}",
                lang.pick(
                    format!(
                        "群人数 {size} · 在册会员 {} · 群主 {}",
                        g.listed,
                        g.owner_name.as_deref().unwrap_or("—")
                    ),
                    format!(
                        "size {size} · on your list {} · owner {}",
                        g.listed,
                        g.owner_name.as_deref().unwrap_or("—")
                    )
                )
            );
            if let Some(current) = &page.current {
                println!();
                print_revision(current, lang);
            }
            if !page.entries.is_empty() {
                println!();
                for e in page.entries.iter().take(10) {
                    print_entry(e, lang);
                }
            }
            Ok(())
        }
    }
}

fn print_revision(r: &Revision, lang: Lang) {
    println!(
        "{}",
        lang.pick(
            format!(
                "第 {} 版（{}，{}）{}",
                r.number,
                r.on,
                r.kind.label(lang),
                r.reason
            ),
            format!(
                "Revision {} ({}, {}) {}",
                r.number,
                r.on,
                r.kind.label(lang),
                r.reason
            )
        )
        .trim_end()
    );
    for rule in &r.rules {
        println!("{}. {}  {}", rule.number, rule.title, rule.body);
    }
}

/// Pieces as a word diff: removed words as [-…], added as {+…}.
fn marked(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p.mark {
            Mark::Same => p.text.clone(),
            Mark::Removed => format!("[-{}-]", p.text),
            Mark::Added => format!("{{+{}+}}", p.text),
        })
        .collect()
}

pub(super) fn rules(shop: Shop, command: RulesCommand, lang: Lang) -> CliResult {
    let ctx = ctx(&shop)?;
    match command {
        RulesCommand::Show {
            group,
            rev,
            diff: two,
            json,
        } => {
            let id = groups::find(&shop.conn, &group)?;
            if let Some(two) = two {
                let (a, b) = (
                    rules::revision(&shop.conn, id, two[0])?,
                    rules::revision(&shop.conn, id, two[1])?,
                );
                let d = diff::compare(&a, &b);
                if json {
                    return print_json(&d);
                }
                println!(
                    "{}",
                    lang.pick(
                        format!(
                            "第 {} 版 → 第 {} 版：新增 {}，删除 {}，改写 {}，调整顺序 {}",
                            d.from, d.to, d.added, d.removed, d.reworded, d.moved
                        ),
                        format!(
                            "Revision {} → {}: {} added, {} removed, {} reworded, {} moved",
                            d.from, d.to, d.added, d.removed, d.reworded, d.moved
                        )
                    )
                );
                for r in &d.rules {
                    let what = match (&r.before, &r.after) {
                        (None, _) => lang.of("新增", "added"),
                        (_, None) => lang.of("删除", "removed"),
                        _ if r.reworded && r.moved => lang.of("改写并移动", "reworded, moved"),
                        _ if r.reworded => lang.of("改写", "reworded"),
                        _ if r.moved => lang.of("移动", "moved"),
                        _ => lang.of("未变", "same"),
                    };
                    let place = |rule: &Option<rules::Rule>| {
                        rule.as_ref()
                            .map_or("—".to_string(), |x| x.number.to_string())
                    };
                    println!(
                        "{} → {}  [{what}]  {}  {}",
                        place(&r.before),
                        place(&r.after),
                        marked(&r.title),
                        marked(&r.body)
                    );
                }
                return Ok(());
            }
            let r = match rev {
                Some(n) => rules::revision(&shop.conn, id, n)?,
                None => rules::current(&shop.conn, id)?
                    .ok_or(crate::community::CommunityError::NoRules(id))?,
            };
            if json {
                return print_json(&r);
            }
            print_revision(&r, lang);
            Ok(())
        }
        RulesCommand::Card { group, out, paper } => {
            let paper = one_of(&paper, &PAPER, Paper::parse)?;
            let id = groups::find(&shop.conn, &group)?;
            let settings = shop_settings(&shop)?;
            let html = rules_card::of_group(&shop.conn, id, paper, &settings.shop_name, ctx)?;
            store::save_document(&shop.dir, &out, html.as_bytes())?;
            println!(
                "{}",
                lang.pick(
                    format!("已写入 {}（“{group}”的群规卡）", out.display()),
                    format!("Wrote {} (the rules card of {group})", out.display())
                )
            );
            Ok(())
        }
    }
}

fn print_entry(e: &Entry, lang: Lang) {
    let mut line = format!(
        "{}  {}  {}  {}  {}",
        e.on,
        e.group,
        e.who,
        e.action.label(lang),
        e.rule.as_deref().unwrap_or("—")
    );
    if let Some(by) = &e.handler {
        line.push_str(&format!("  {by}"));
    }
    if !e.note.is_empty() {
        line.push_str(&format!("  {}", e.note));
    }
    if let Some(w) = e.withdrawn_by {
        line.push_str(&lang.pick(
            format!("  （已撤销：#{w}）"),
            format!("  (withdrawn: #{w})"),
        ));
    }
    println!("#{}  {line}", e.id);
}

pub(super) fn moderation(shop: Shop, command: ModerationCommand, lang: Lang) -> CliResult {
    let ctx = ctx(&shop)?;
    match command {
        ModerationCommand::List { group, json } => {
            let group = group.map(|g| groups::find(&shop.conn, &g)).transpose()?;
            let entries = moderation::list(&shop.conn, group, ctx)?;
            if json {
                return print_json(&entries);
            }
            for e in &entries {
                print_entry(e, lang);
            }
            Ok(())
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum ChatsCommand {
    /// Import a group's chat export (WhatsApp's .txt or .zip, Telegram's result.json, a WeChat
    /// chat CSV) without keeping its messages: its daily statistics, its senders, joins and
    /// leaves, and breach candidates. Senders who match exactly one member are confirmed; the
    /// rest are listed for the window's confirm step. Importing it again adds nothing twice.
    Import {
        file: PathBuf,
        #[arg(long)]
        group: String,
        /// For a WhatsApp export whose dates read both ways: day-first or month-first.
        #[arg(long, value_name = "ORDER")]
        date_order: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum GroupStatsCommand {
    /// Import a platform's daily group statistics (WeCom's customer-group statistics: date,
    /// group name, size, joins, leaves, members who spoke, messages), all rows or none; a day an
    /// earlier file brought is counted once.
    Import {
        file: PathBuf,
        /// Add the valid rows and write the others to a rejects file.
        #[arg(long)]
        valid_rows: bool,
        #[arg(long)]
        json: bool,
    },
}

static DATE_ORDER: Field = crate::check::field("date_order", "日期顺序", "date order")
    .example("day-first、month-first", "day-first or month-first");

pub(super) fn chats(mut shop: Shop, command: ChatsCommand, lang: Lang) -> CliResult {
    let settings = shop_settings(&shop)?;
    let ctx = Ctx::for_shop(&settings, Utc::now());
    let ChatsCommand::Import {
        file,
        group,
        date_order,
        json,
    } = command;
    let order = date_order
        .map(|o| {
            one_of(&o, &DATE_ORDER, |t| match t {
                "day-first" => Some(DayOrder::DayFirst),
                "month-first" => Some(DayOrder::MonthFirst),
                _ => None,
            })
        })
        .transpose()?;
    let group = groups::find(&shop.conn, &group)?;
    let opts = chats::Options::of(&settings, order);
    let report = chats::import(&mut shop.conn, &file, group, &opts, ctx)?;
    let exact = senders::exact(&report.people);
    senders::decide(&mut shop.conn, group, &exact)?;
    if json {
        return print_json(&serde_json::json!({ "report": report, "confirmed": exact.len() }));
    }
    let r = &report;
    println!(
        "{}",
        lang.pick(
            format!(
                "{}：{} 条消息（新增 {}，已有 {}），{} 位发言者，入群 {}，退群 {}，打卡 {} 条。",
                r.file_name, r.messages, r.added, r.already, r.senders, r.joins, r.leaves, r.checkins
            ),
            format!(
                "{}: {} messages ({} new, {} there already), {} senders, {} joins, {} leaves, {} check-ins.",
                r.file_name, r.messages, r.added, r.already, r.senders, r.joins, r.leaves, r.checkins
            )
        )
    );
    println!(
        "{}",
        lang.pick(
            format!("已确认 {} 位与会员完全匹配的发言者。", exact.len()),
            format!(
                "Confirmed {} senders who match one member exactly.",
                exact.len()
            )
        )
    );
    let open: Vec<&senders::Seen> = r
        .people
        .iter()
        .filter(|p| {
            p.decision == Decision::Open && !exact.iter().any(|d| d.sender_id == p.sender_id)
        })
        .collect();
    if !open.is_empty() {
        println!(
            "{}",
            lang.pick(
                "待在窗口中确认（不保存姓名）：",
                "To confirm in the window (names are not kept):"
            )
        );
        for p in open {
            let why = match &p.proposal {
                SenderMatch::Several { members } => lang.pick(
                    format!("{} 位会员同名", members.len()),
                    format!("{} members have this name", members.len()),
                ),
                SenderMatch::Staff => lang.pick("可能是店员", "perhaps staff").to_string(),
                _ => lang
                    .pick("不在会员名单中", "not on the member list")
                    .to_string(),
            };
            println!("  #{}  {}  {}  ({why})", p.sender_id, p.name, p.messages);
        }
    }
    if r.flags_total > 0 {
        println!(
            "{}",
            lang.pick(
                format!("{} 条疑似违规待确认（不会自动处罚）。", r.flags_total),
                format!(
                    "{} breach candidates to review (nobody is punished automatically).",
                    r.flags_total
                )
            )
        );
    }
    Ok(())
}

pub(super) fn group_stats(mut shop: Shop, command: GroupStatsCommand, lang: Lang) -> CliResult {
    let ctx = ctx(&shop)?;
    let GroupStatsCommand::Import {
        file,
        valid_rows,
        json,
    } = command;
    let request = TableRequest {
        path: file,
        valid_rows,
    };
    let rejects = shop.dir.rejects_dir();
    let r = imports::import_table(
        &mut shop.conn,
        TableKind::GroupStats,
        &request,
        &ctx,
        &rejects,
    )?;
    if json {
        return print_json(&r);
    }
    let c = r.counts;
    println!(
        "{}",
        lang.pick(
            format!(
                "已导入 {} 天的群统计，{} 天已有，{} 行未导入。",
                c.added, c.duplicate, c.rejected
            ),
            format!(
                "Imported {} days of group statistics; {} were there already, {} rows were not imported.",
                c.added, c.duplicate, c.rejected
            )
        )
    );
    Ok(())
}
