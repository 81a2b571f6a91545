//! `regulars import FILE` and `regulars imports list|undo`.

use super::common::{CliResult, shop_settings};
use crate::community::{chats, days};
use crate::i18n::Lang;
use crate::import::read::{ReadOptions, TextEncoding};
use crate::sales::engine::{self, ImportRequest};
use crate::sales::shop_guess::ShopGuess;
use crate::settings::ctx::Ctx;
use crate::settings::{self, Settings, money};
use crate::shop::Shop;
use crate::shop::imports::{self, Import};
use chrono::Utc;
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum ImportsCommand {
    /// Print the imports, newest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove exactly what import ID added (sales lines, or a member list's members).
    Undo {
        id: i64,
        /// Of a member list: keep the members changed since (edited, tagged, linked).
        #[arg(long)]
        keep_changed: bool,
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
    /// Import the file although most of its receipts came with an earlier import of another
    /// export (an order list and its line items): only when they really are other sales
    #[arg(long)]
    import_anyway: bool,
    /// Do everything but keep nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print what the file says about the shop (currency, phone region, time zone) beside the
    /// shop's settings, and import nothing: what the window proposes before a first import.
    #[arg(long)]
    guess_shop: bool,
    /// Force the text encoding instead of detecting it.
    #[arg(long, value_enum)]
    encoding: Option<EncodingArg>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub(super) fn import(mut shop: Shop, args: ImportArgs) -> CliResult {
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
        import_anyway: args.import_anyway,
    };
    let rejects_dir = shop.dir.rejects_dir();
    let ctx = Ctx::for_shop(&settings, Utc::now());
    if args.guess_shop {
        let (first_import, guess) = engine::guess_shop(&shop.conn, &req, &ctx)?;
        print_guess(&settings, first_import, &guess, args.json);
        return Ok(());
    }
    let report = engine::import(
        &mut shop.conn,
        &req,
        &ctx,
        &rejects_dir,
        args.dry_run,
        &mut |_, _| true,
    )?;
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

/// What a file says about the shop, setting by setting beside the shop's own (the machine's
/// defaults until the settings are saved); a setting the file says nothing of is to be asked.
fn print_guess(settings: &Settings, first_import: bool, guess: &ShopGuess, json: bool) {
    let lang = settings.language;
    let rows = [
        (
            lang.pick("货币", "currency"),
            &settings.currency,
            &guess.currency,
        ),
        (
            lang.pick("手机号地区", "phone region"),
            &settings.phone_region,
            &guess.phone_region,
        ),
        (
            lang.pick("时区", "time zone"),
            &settings.time_zone,
            &guess.time_zone,
        ),
    ];
    if json {
        let value = serde_json::json!({
            "first_import": first_import,
            "settings": {
                "currency": settings.currency,
                "phone_region": settings.phone_region,
                "time_zone": settings.time_zone,
            },
            "guess": guess,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        );
        return;
    }
    for (name, current, guessed) in rows {
        let line = match guessed {
            Some(g) if g.value != *current => lang.pick(
                format!(
                    "{name}：文件说是 {}（{}），本店现为 {current}",
                    g.value, g.why
                ),
                format!(
                    "{name}: the file says {} ({}); the shop has {current}",
                    g.value, g.why
                ),
            ),
            Some(g) => lang.pick(
                format!("{name}：{current}，与文件相符（{}）", g.why),
                format!("{name}: {current}, as the file says ({})", g.why),
            ),
            None => lang.pick(
                format!("{name}：文件没有说明，本店现为 {current}，请确认"),
                format!("{name}: the file does not say; the shop has {current}, please check it"),
            ),
        };
        println!("{line}");
    }
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
    let money = |m: i64| money::format_money(m, currency);
    let new_only = if r.lines_duplicate > 0 {
        lang.pick(
            "金额与日期只计新增的明细。",
            " Amounts and dates count the new lines only.",
        )
    } else {
        String::new()
    };
    let n = money::group_thousands;
    let voided = match r.receipts_voided {
        0 => String::new(),
        v => lang.pick(
            format!(
                "此前导入的 {} 张小票已作废（{}），不再计入合计。",
                n(v),
                money(-r.voided_minor)
            ),
            format!(
                " {} receipts imported before are voided ({}) and leave the totals.",
                n(v),
                money(-r.voided_minor)
            ),
        ),
    };
    let (rows, new, already, skipped) = (
        n(r.rows),
        n(r.lines_new),
        n(r.lines_duplicate),
        n(r.lines_rejected),
    );
    let (receipts, refunds, customers, members) = (
        n(r.receipts),
        n(r.refunds),
        n(r.customers_identified),
        n(r.customers_matched),
    );
    lang.pick(
        format!(
            "{head}：{rows} 行，新增 {new} 条，已存在 {already} 条，跳过 {skipped} 条；{receipts} 张小票，{refunds} 笔退款；{range}；总额 {}，优惠 {}，退款 {}，净额 {}；识别顾客 {customers} 位，其中会员 {members} 位。{new_only}{voided}",
            money(r.gross_minor), money(r.discounts_minor), money(r.refunds_minor), money(r.net_minor),
        ),
        format!(
            "{head}: {rows} rows, {new} lines new, {already} already there, {skipped} skipped; {receipts} receipts, {refunds} refunds; {range}; gross {}, discounts {}, refunds {}, net {}; {customers} customers identified, {members} of them members.{new_only}{voided}",
            money(r.gross_minor), money(r.discounts_minor), money(r.refunds_minor), money(r.net_minor),
        ),
    )
}

fn list(shop: &Shop, json: bool) -> CliResult {
    let lang = shop.lang();
    let list = imports::list(&shop.conn, lang)?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(());
    }
    let currency = shop_settings(shop)?.money();
    for Import {
        batch: b,
        sales,
        layout,
    } in &list
    {
        let what = match sales {
            Some(report) => describe_report(report, lang, false, &currency),
            None if b.kind == chats::KIND => lang.pick(
                format!(
                    "群聊记录：新增 {} 条，{} 条已有",
                    b.counts.added, b.counts.duplicate
                ),
                format!(
                    "chat export: {} new, {} there already",
                    b.counts.added, b.counts.duplicate
                ),
            ),
            None if b.kind == days::KIND => lang.pick(
                format!(
                    "群统计：新增 {} 天，{} 天已有，{} 行未导入",
                    b.counts.added, b.counts.duplicate, b.counts.rejected
                ),
                format!(
                    "group statistics: {} days added, {} there already, {} rows not imported",
                    b.counts.added, b.counts.duplicate, b.counts.rejected
                ),
            ),
            None => lang.pick(
                format!(
                    "会员名单：添加 {} 位，{} 位已在名单中，{} 行未导入",
                    b.counts.added, b.counts.duplicate, b.counts.rejected
                ),
                format!(
                    "member list: {} added, {} already members, {} rows not imported",
                    b.counts.added, b.counts.duplicate, b.counts.rejected
                ),
            ),
        };
        let layout = layout
            .as_deref()
            .map(|l| format!(" ({l})"))
            .unwrap_or_default();
        println!(
            "{:>4}  {}  {}{layout}  {what}",
            b.id, b.imported_at, b.file_name
        );
    }
    if list.is_empty() {
        println!(
            "{}",
            lang.pick("还没有导入过任何文件。", "Nothing imported yet.")
        );
    }
    Ok(())
}

pub(super) fn imports(shop: Shop, command: ImportsCommand, lang: Lang) -> CliResult {
    match command {
        ImportsCommand::List { json } => list(&shop, json),
        ImportsCommand::Undo { id, keep_changed } => {
            let mut shop = shop;
            let removed = imports::undo(&mut shop.conn, id, keep_changed)?;
            println!(
                "{}",
                lang.pick(
                    format!("已撤销导入 {id}，删除了 {removed} 条记录。"),
                    format!("Undid import {id}: {removed} records removed.")
                )
            );
            Ok(())
        }
    }
}
