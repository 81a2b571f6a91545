//! What the engine (rows → lines, the pass) and the writer (lines → the store) share: the typed
//! sale line and its customer, their keys, what a file's new lines add up to, and the import's
//! errors. Below both, so that neither imports the other.

use super::layout::{Proposal, Role, Summary};
use crate::i18n::{ErrorCode, Lang, UserError};
use crate::import::read;
use crate::store::StoreError;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use smallvec::SmallVec;
use std::collections::HashSet;
use std::sync::Arc;
use thiserror::Error;
use ts_rs::TS;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// A cell (or row) that could not be read, as the owner is shown it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Problem {
    pub row: usize,
    pub column: Option<String>,
    pub value: String,
    pub expected: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ImportReport {
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    pub source: String,
    pub rows: u64,
    pub lines_new: u64,
    pub lines_duplicate: u64,
    pub lines_rejected: u64,
    pub lines_void: u64,
    pub receipts: u64,
    pub refunds: u64,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    #[ts(type = "number")]
    pub gross_minor: i64,
    #[ts(type = "number")]
    pub discounts_minor: i64,
    #[ts(type = "number")]
    pub refunds_minor: i64,
    #[ts(type = "number")]
    pub net_minor: i64,
    pub customers_identified: u64,
    pub customers_matched: u64,
    pub rejects_file: Option<String>,
    /// Receipts imported earlier as sales that this file says were voided (`sales::voids`),
    /// and the net sales they held: both leave the totals.
    pub receipts_voided: u64,
    #[ts(type = "number")]
    pub voided_minor: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SaleKind {
    Sale,
    Refund,
}

impl SaleKind {
    pub fn code(self) -> &'static str {
        match self {
            SaleKind::Sale => "sale",
            SaleKind::Refund => "refund",
        }
    }
}

#[derive(Debug, Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] read::ReadError),
    #[error("unknown preset {0}")]
    UnknownPreset(String),
    #[error("the columns for {0:?} could not be found")]
    MissingRoles(String, Vec<Role>),
    #[error("the layout of {0} is new; confirm its mapping")]
    NeedsMapping(String, Box<Proposal>),
    #[error("dates in {0} could be day-first or month-first")]
    AmbiguousDates(String),
    #[error("{1} rows of {0} cannot be imported")]
    InvalidRows(String, u64, Vec<Problem>),
    #[error("the import of {0} was cancelled")]
    Cancelled(String),
    #[error("receipt {0} has more than 65,536 lines")]
    ReceiptTooLong(String),
    #[error("file error on {0}: {1}")]
    Io(String, std::io::Error),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("no import batch {0}")]
    NoBatch(i64),
    #[error("{0} holds the sales of an earlier import")]
    SameSales(String, Earlier),
    #[error("the sums of {0} go past what can be stored")]
    MoneyOverflow(String),
    #[error("{0} is a summary report, not a list of receipts")]
    SummaryReport(String, &'static Summary),
}

impl ImportError {
    /// A rollup's sum pushed past what an i64 holds: SQLite's `+` makes a REAL of it, which the
    /// STRICT rollup tables refuse. Every amount a rollup adds is at least zero, so this is the
    /// only way the stored sums can overflow, and it refuses the file (`self` otherwise).
    pub fn or_overflow(self, file: &str) -> ImportError {
        match &self {
            ImportError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_DATATYPE =>
            {
                ImportError::MoneyOverflow(file.to_string())
            }
            _ => self,
        }
    }
}

impl From<crate::import::FileError> for ImportError {
    fn from(e: crate::import::FileError) -> Self {
        ImportError::Io(e.path, e.source)
    }
}

impl UserError for ImportError {
    fn code(&self) -> ErrorCode {
        match self {
            ImportError::Read(e) => e.code(),
            ImportError::UnknownPreset(_)
            | ImportError::MissingRoles(..)
            | ImportError::NeedsMapping(..)
            | ImportError::AmbiguousDates(_)
            | ImportError::InvalidRows(..)
            | ImportError::SummaryReport(..)
            | ImportError::MoneyOverflow(_)
            | ImportError::SameSales(..)
            | ImportError::ReceiptTooLong(_) => ErrorCode::Invalid,
            ImportError::Cancelled(_) => ErrorCode::Cancelled,
            ImportError::Io(..) => ErrorCode::Io,
            ImportError::Sqlite(_) => ErrorCode::Internal,
            ImportError::Store(e) => e.code(),
            ImportError::NoBatch(_) => ErrorCode::NotFound,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            ImportError::Read(e) => e.message(lang),
            ImportError::UnknownPreset(p) => lang.pick(
                format!("没有名为“{p}”的格式。"),
                format!("There is no layout called “{p}”."),
            ),
            ImportError::MissingRoles(file, roles) => {
                let names: Vec<String> = roles.iter().map(|r| r.label(lang)).collect();
                lang.pick(
                    format!("{file}：找不到这些列：{}。请在映射中指定，或换一个导出文件。数据未改动。", names.join("、")),
                    format!("{file}: these columns could not be found: {}. Map them, or use another export. Nothing was imported.", names.join(", ")),
                )
            }
            ImportError::NeedsMapping(file, proposal) => {
                let lines: Vec<String> = proposal
                    .columns
                    .iter()
                    .map(|c| match c.role {
                        Some(role) => format!("  {} → {}", c.header, role.label(lang)),
                        None => format!("  {} → —", c.header),
                    })
                    .collect();
                lang.pick(
                    format!("{file} 的格式是新的，请确认列的含义（或使用 --auto-map 接受以下建议）：\n{}", lines.join("\n")),
                    format!("{file} has a new layout; confirm what its columns mean (or pass --auto-map to accept this proposal):\n{}", lines.join("\n")),
                )
            }
            ImportError::AmbiguousDates(file) => lang.pick(
                format!("{file} 的日期既可能是“日/月”也可能是“月/日”，请选择日期顺序。"),
                format!(
                    "The dates in {file} could be day/month or month/day; choose the date order."
                ),
            ),
            ImportError::InvalidRows(file, count, problems) => {
                let shown: Vec<String> =
                    problems.iter().take(10).map(|p| p.describe(lang)).collect();
                lang.pick(
                    format!(
                        "{file} 有 {count} 行无法导入，整个文件未导入。可以修改文件后重试，或选择“只导入有效行”。\n{}",
                        shown.join("\n")
                    ),
                    format!(
                        "{} of {file} cannot be imported, so nothing was imported. Fix the file and try again, or choose “import the valid rows”.\n{}",
                        if *count == 1 {
                            "1 row".to_string()
                        } else {
                            format!("{count} rows")
                        },
                        shown.join("\n")
                    ),
                )
            }
            ImportError::ReceiptTooLong(receipt) => lang.pick(
                format!("单号 {receipt} 有超过 65,536 行，不像是一张小票：请检查单号列的映射。未导入任何数据。"),
                format!("Receipt {receipt} has more than 65,536 lines, which no real receipt has: check which column is mapped as the receipt number. Nothing was imported."),
            ),
            ImportError::Cancelled(file) => lang.pick(
                format!("已取消导入 {file}，数据未改动。"),
                format!("The import of {file} was cancelled; nothing was changed."),
            ),
            ImportError::Io(file, e) => lang.pick(
                format!("读写 {file} 时出错：{e}"),
                format!("Could not read or write {file}: {e}"),
            ),
            ImportError::Sqlite(e) => {
                lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}"))
            }
            ImportError::Store(e) => e.message(lang),
            ImportError::NoBatch(id) => lang.pick(
                format!("没有编号为 {id} 的导入记录。"),
                format!("There is no import number {id}."),
            ),
            ImportError::SameSales(file, earlier) => {
                same_sales_message(file, earlier, lang)
            }
            ImportError::MoneyOverflow(file) => lang.pick(
                format!("{file} 的金额合计大得无法保存（再加上已有的销售就超出了上限），不像真实的销售。未导入任何数据。"),
                format!("The amounts in {file} add up to more than can be stored (with the sales already here), which no real shop's sales do. Nothing was imported."),
            ),
            ImportError::SummaryReport(file, s) => lang.pick(
                format!("{file} 是{}：每行是合计，不是一张小票，导入会把每行当成一单。{}。未导入任何数据。", s.name_zh, s.instead_zh),
                format!("{file} is {}: its rows are totals, not receipts, and imported each would count as one sale. {}. Nothing was imported.", s.name_en, s.instead_en),
            ),
        }
    }
}

impl Problem {
    pub fn describe(&self, lang: Lang) -> String {
        match &self.column {
            Some(col) => lang.pick(
                format!(
                    "第 {} 行，“{col}”列：“{}”，应为{}",
                    self.row, self.value, self.expected
                ),
                format!(
                    "row {}, column “{col}”: “{}”, expected {}",
                    self.row, self.value, self.expected
                ),
            ),
            None => lang.pick(
                format!("第 {} 行：{}", self.row, self.expected),
                format!("row {}: {}", self.row, self.expected),
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IdKind {
    Phone,
    Raw,
    PosId,
    Card,
}

impl IdKind {
    pub fn code(self) -> &'static str {
        match self {
            IdKind::Phone => "phone",
            IdKind::Raw => "raw",
            IdKind::PosId => "pos_id",
            IdKind::Card => "card",
        }
    }

    pub fn from_code(code: &str) -> Self {
        match code {
            "phone" => IdKind::Phone,
            "pos_id" => IdKind::PosId,
            "card" => IdKind::Card,
            _ => IdKind::Raw,
        }
    }
}

/// Cell text shared, not copied, by the rows that repeat it (items, names, a receipt's id).
pub type Text = Arc<str>;

/// Shares repeated cell text between rows; stops remembering new text past a bound (a file of
/// unique values then simply allocates each).
#[derive(Default)]
pub struct Interner {
    set: rustc_hash::FxHashSet<Text>,
}

impl Interner {
    const MAX: usize = 1 << 16;

    pub fn get(&mut self, text: &str) -> Text {
        if let Some(known) = self.set.get(text) {
            return known.clone();
        }
        let new: Text = text.into();
        if self.set.len() < Self::MAX {
            self.set.insert(new.clone());
        }
        new
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub kind: IdKind,
    pub value: Text,
    pub name: Option<Text>,
    /// `pair_hash` of kind and value.
    pub key: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The dedupe key of the line as the first of its kind on its row's receipt
    /// (`line_key(…, 0)`); the writer numbers identical lines on.
    pub key: u64,
    /// `pair_hash` of item and category, set with `key`.
    pub item_key: u64,
    pub kind: SaleKind,
    pub day: NaiveDate,
    pub item: Option<Text>,
    pub category: Option<Text>,
    pub qty_milli: i64,
    pub gross: i64,
    pub discount: i64,
    pub net: i64,
    pub tax: i64,
}

/// What a file adds, accumulated as its rows are read and its new lines written.
#[derive(Default)]
pub struct Tally {
    pub report: ImportReport,
    /// The customers on the new lines, and how many of them are members.
    pub identities: HashSet<u64>,
    pub matched: u64,
    /// A sum of the report went past what an i64 holds: the file is refused.
    pub overflow: bool,
}

impl Tally {
    /// A new line: counted, with its day and money.
    pub fn add_line(&mut self, line: &Line) {
        let r = &mut self.report;
        r.lines_new += 1;
        r.date_from = Some(r.date_from.map_or(line.day, |d| d.min(line.day)));
        r.date_to = Some(r.date_to.map_or(line.day, |d| d.max(line.day)));
        let add = |sum: &mut i64, v: i64| match sum.checked_add(v) {
            Some(s) => {
                *sum = s;
                true
            }
            None => false,
        };
        let held = match line.kind {
            SaleKind::Sale => {
                add(&mut r.gross_minor, line.gross) & add(&mut r.discounts_minor, line.discount)
            }
            SaleKind::Refund => {
                r.refunds += 1;
                add(&mut r.refunds_minor, line.net.saturating_neg())
            }
        };
        let net = r
            .gross_minor
            .checked_sub(r.discounts_minor)
            .and_then(|n| n.checked_sub(r.refunds_minor));
        self.overflow |= !held || net.is_none();
    }

    /// The report, its net worked out; call it only when `overflow` is false.
    pub fn finish(mut self) -> ImportReport {
        let r = &mut self.report;
        r.net_minor = r.gross_minor - r.discounts_minor - r.refunds_minor;
        r.customers_identified = self.identities.len() as u64;
        r.customers_matched = self.matched;
        self.report
    }
}

/// The dedupe key of a line: stable across re-exports, re-sorted files and
/// overlapping date ranges; `occurrence` keeps identical lines of one receipt apart.
pub fn line_key(source: &str, receipt: &str, line: &Line, occurrence: u32) -> u64 {
    // On the stack: this runs for every line of a file.
    let mut buf = SmallVec::<[u8; 256]>::new();
    for part in [source, receipt, line.kind.code()] {
        buf.extend_from_slice(part.as_bytes());
        buf.push(0);
    }
    buf.extend_from_slice(&line.day.num_days_from_ce().to_le_bytes());
    for part in [
        line.item.as_deref().unwrap_or(""),
        line.category.as_deref().unwrap_or(""),
    ] {
        buf.extend_from_slice(part.as_bytes());
        buf.push(0);
    }
    for n in [
        line.qty_milli,
        line.gross,
        line.discount,
        line.net,
        line.tax,
        i64::from(occurrence),
    ] {
        buf.extend_from_slice(&n.to_le_bytes());
    }
    xxh3_64(&buf)
}

/// A 64-bit key of two strings (a receipt within its source, an identity of its kind).
pub fn pair_hash(a: &str, b: &str) -> u64 {
    xxh3_64_with_seed(b.as_bytes(), xxh3_64(a.as_bytes()))
}

pub fn receipt_hash(source: &str, receipt: &str) -> u64 {
    pair_hash(source, receipt)
}

/// The part of a `raw_mark` that hashes rows; the low bits count the receipt's lines and say
/// whether it is a sale receipt (`writer.rs`).
pub const RAW_HASH_BITS: u64 = !0x1_FFFF;

/// Mixes the hash of one more row into the hash of a receipt's rows (order matters).
pub fn raw_combine(hash: u64, row: u64) -> u64 {
    (hash.rotate_left(23) ^ row).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The `RAW_HASH_BITS` of a receipt's combined row hashes; never 0, which means "not known".
pub fn raw_bits(hash: u64) -> u64 {
    (hash & RAW_HASH_BITS).max(1 << 17)
}

/// The import most of a file's receipts were already brought by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub batch: i64,
    pub file_name: String,
    /// The file's receipts that import brought.
    pub matched: u64,
    pub receipts: u64,
}

/// Why a file of the same sales is held back, and the way out.
pub fn same_sales_message(file: &str, e: &Earlier, lang: Lang) -> String {
    let (n, all) = (
        crate::settings::money::group_thousands(e.matched),
        crate::settings::money::group_thousands(e.receipts),
    );
    let (id, earlier) = (e.batch, &e.file_name);
    lang.pick(
        format!("{file} 的 {all} 张小票中有 {n} 张已由第 {id} 次导入（{earlier}）带来，日期相同：它们像是同一批销售的另一种导出（例如订单列表和它的商品明细）。再导入会把这些销售算两次，所以不导入。如果确实是另外的销售，请选择“仍然导入”（命令行：--import-anyway）。"),
        format!("{n} of the {all} receipts in {file} came with import {id} ({earlier}) on the same days: they look like the same sales in another export (an order list and its line items, say). Importing it too would count them twice, so it is held back. If these really are other sales, choose “Import anyway” (on the command line: --import-anyway)."),
    )
}
