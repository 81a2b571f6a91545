//! The import itself: rows of a file, read through a mapping, become typed
//! sale and refund lines, deduplicated by a stable key and written in one
//! transaction with the batch that remembers where they came from.
//!
//! The same pass serves the preview (nothing written), `--dry-run` (written
//! and rolled back, so its counts are exact) and the real import.

pub use super::batches::undo;
use super::batches::{finish_batch, start_batch};
use super::elsewhere::Elsewhere;
use super::layout::{self, Level, LineKind, Mapping, Proposal, Role};
use super::lines::{
    Earlier, IdKind, Identity, Interner, Line, RAW_HASH_BITS, Text, line_key, pair_hash, raw_bits,
    raw_combine, receipt_hash,
};
pub use super::lines::{ImportError, ImportReport, Problem, SaleKind};
use super::rollups::{self, day_number};
use super::shop_guess::{self, ShopGuess};
use super::warnings::{Warning, Watch};
use super::writer::{Head, KnownReceipts, Writer};
use crate::i18n::Lang;
use crate::import::FileError;
use crate::import::batches::sha256_of;
use crate::import::read::{self, ReadOptions, Row, Sniffed};
use crate::import::rejects::RejectsFile;
use crate::import::values::{self, DateOrder, ValueError};
use crate::people::{identities, phone};
use crate::settings::ctx::Ctx;
use chrono::{NaiveDate, NaiveTime, Timelike};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use smallvec::SmallVec;
use std::path::{Path, PathBuf};
use ts_rs::TS;
use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// What the owner (or the CLI) asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ImportRequest {
    pub path: String,
    pub read: ReadOptions,
    /// A mapping confirmed or corrected by the owner; wins over everything.
    pub mapping: Option<Mapping>,
    /// A preset chosen by id.
    pub preset: Option<String>,
    /// Accept the proposed mapping of an unknown layout without asking.
    pub auto_map: bool,
    /// Import the valid rows and write the others to a rejects file.
    pub skip_invalid: bool,
    /// Import the file although most of its receipts came with an earlier import of another
    /// description (`elsewhere`): the owner said these are other sales.
    #[serde(default)]
    pub import_anyway: bool,
}

/// One row as the preview shows it: the cells, what they were read as, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct PreviewRow {
    pub number: usize,
    pub cells: Vec<String>,
    pub lines: Vec<LineView>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LineView {
    pub kind: SaleKind,
    pub day: NaiveDate,
    pub time: Option<NaiveTime>,
    pub receipt: String,
    pub item: Option<String>,
    #[ts(type = "number")]
    pub qty_milli: i64,
    #[ts(type = "number")]
    pub gross_minor: i64,
    #[ts(type = "number")]
    pub discount_minor: i64,
    #[ts(type = "number")]
    pub net_minor: i64,
    pub customer: Option<String>,
}

/// Everything the import screen shows before the owner imports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Preview {
    pub file_name: String,
    pub sniffed: Sniffed,
    pub proposal: Proposal,
    pub mapping: Mapping,
    pub source: String,
    /// The layout is unknown and its mapping was neither confirmed nor remembered.
    pub needs_confirmation: bool,
    /// Roles the import cannot do without; the file is refused while any is missing.
    pub missing: Vec<Role>,
    pub rows: Vec<PreviewRow>,
    /// The whole file, as an import would count it (nothing written).
    pub summary: ImportReport,
    pub problems: Vec<Problem>,
    pub problem_rows: u64,
    /// What looks wrong with the mapping though every row reads (see `warnings`).
    pub warnings: Vec<Warning>,
    /// The recognised layout's name in the owner's language ("Square · items"), not its id.
    pub layout_name: Option<String>,
    /// The status column's values no rule knows, for the owner to say what each means
    /// (`Mapping::statuses`); empty when every value is known or the file was not read.
    pub status_values: Vec<String>,
    /// The shop has no sales yet: its settings are to be confirmed against `shop_guess`
    /// before this first import.
    pub first_import: bool,
    /// What the file says about the shop: on a first import, its currency, phone region and
    /// time zone; after it, a phone region only, when most of the file's phones fit another
    /// region better than the shop's (`shop_guess`).
    pub shop_guess: ShopGuess,
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The file read, its layout decided: everything before the rows are parsed.
struct Prepared {
    path: PathBuf,
    file_name: String,
    sniffed: Sniffed,
    proposal: Proposal,
    mapping: Mapping,
    source: String,
    needs_confirmation: bool,
    missing: Vec<Role>,
    import_anyway: bool,
}

fn prepare(conn: &Connection, req: &ImportRequest) -> Result<Prepared, ImportError> {
    let path = PathBuf::from(&req.path);
    let name = file_name(&path);
    let sniffed = read::sniff(&path, &req.read, &layout::is_known_header)?;
    if let Some(summary) = layout::summary_report(&sniffed.headers) {
        return Err(ImportError::SummaryReport(name, summary));
    }
    let sample_cells: Vec<Vec<String>> = sniffed.samples.iter().map(|r| r.cells.clone()).collect();
    let proposal = layout::propose(&sniffed.headers, &sample_cells);
    let signature = layout::header_signature(&sniffed.headers);
    let remembered: Option<Mapping> = conn
        .query_row(
            "SELECT mapping FROM import_mappings WHERE signature = ?1",
            [&signature],
            |r| r.get::<_, String>(0),
        )
        .optional()?
        .and_then(|json| serde_json::from_str(&json).ok());
    let (mapping, source, needs_confirmation) = if let Some(m) = &req.mapping {
        (
            m.clone(),
            proposal.preset.clone().unwrap_or_else(|| "custom".into()),
            false,
        )
    } else if let Some(id) = &req.preset {
        let preset = layout::presets()
            .iter()
            .find(|p| p.id == id)
            .ok_or_else(|| ImportError::UnknownPreset(id.clone()))?;
        let forced = layout::propose_with_preset(preset, &sniffed.headers, &sample_cells);
        (forced.mapping, preset.id.to_string(), false)
    } else if let Some(m) = remembered {
        (
            m,
            proposal.preset.clone().unwrap_or_else(|| "custom".into()),
            false,
        )
    } else {
        let unknown = proposal.preset.is_none();
        (
            proposal.mapping.clone(),
            proposal.preset.clone().unwrap_or_else(|| "custom".into()),
            unknown && !req.auto_map,
        )
    };
    let missing = layout::required_roles(&mapping);
    Ok(Prepared {
        path,
        file_name: name,
        sniffed,
        proposal,
        mapping,
        source,
        needs_confirmation,
        missing,
        import_anyway: req.import_anyway,
    })
}

/// Remembers `mapping` for files with these headers.
fn remember(conn: &Connection, headers: &[String], mapping: &Mapping) -> Result<(), ImportError> {
    let json = serde_json::to_string(mapping).unwrap_or_default();
    conn.execute(
        "INSERT INTO import_mappings(signature, mapping) VALUES (?1, ?2)
         ON CONFLICT(signature) DO UPDATE SET mapping = excluded.mapping",
        params![layout::header_signature(headers), json],
    )?;
    Ok(())
}

/// One row read through the mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parsed {
    receipt: Text,
    /// `receipt_hash` of the receipt, set with the lines' keys by `Parsed::key`.
    receipt_hash: u64,
    day: NaiveDate,
    time: Option<NaiveTime>,
    identity: Option<Identity>,
    /// The receipt a refund belongs to, when the export says so.
    original: Option<Text>,
    lines: SmallVec<[Line; 1]>,
    /// The hash of the row's text (`Skipper::row_hash`; 0: none).
    raw: u64,
}

/// How Square marks an item line voided on a receipt that stands (its amounts are 0.00).
const VOIDED_ITEM: &str = " (Voided)";

/// Reads rows through a mapping; remembers the previous row's receipt so
/// continuation rows (Shopify's later line items) inherit its date and customer.
struct RowParser<'a> {
    mapping: &'a Mapping,
    headers: &'a [String],
    phone_region: &'a str,
    minor_digits: u8,
    lang: Lang,
    date_order: DateOrder,
    previous: Option<Parsed>,
    /// The receipt of the last row whose status voided it: its later rows are void too.
    voided: Option<Text>,
    phones: rustc_hash::FxHashMap<String, Option<Text>>,
    texts: Interner,
    /// The mapping's column of each role, by `Role as usize`: asked for twenty times a row.
    columns: [Option<usize>; Role::ALL.len()],
}

impl<'a> RowParser<'a> {
    fn new(
        mapping: &'a Mapping,
        headers: &'a [String],
        phone_region: &'a str,
        minor_digits: u8,
        lang: Lang,
    ) -> Self {
        RowParser {
            mapping,
            headers,
            phone_region,
            minor_digits,
            lang,
            date_order: mapping.date_order.unwrap_or(DateOrder::Ymd),
            previous: None,
            voided: None,
            phones: Default::default(),
            texts: Interner::default(),
            columns: Role::ALL.map(|role| mapping.column(role)),
        }
    }

    fn cell<'r>(&self, row: &'r Row, role: Role) -> Option<&'r str> {
        let col = self.columns[role as usize]?;
        row.cells
            .get(col)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty() && !values::is_null_word(c))
    }

    fn header(&self, role: Role) -> Option<String> {
        self.mapping
            .column(role)
            .and_then(|c| self.headers.get(c))
            .cloned()
    }

    fn problem(&self, row: &Row, role: Role, value: &str, err: &ValueError) -> Problem {
        Problem {
            row: row.number,
            column: self.header(role),
            value: value.to_string(),
            expected: err.expected(self.lang),
        }
    }

    /// A required cell that is empty.
    fn missing(&self, row: &Row, column: Option<String>, zh: &str, en: &str) -> Problem {
        Problem {
            row: row.number,
            column,
            value: String::new(),
            expected: self.lang.pick(zh, en),
        }
    }

    fn money(&self, row: &Row, role: Role, problems: &mut Vec<Problem>) -> Option<i64> {
        let text = self.cell(row, role)?;
        match values::parse_money(text, self.mapping.decimal, self.minor_digits) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(self.problem(row, role, text, &e));
                None
            }
        }
    }

    /// An amount whose sign says nothing (a discount, a tax, shipping, a refund written either
    /// way): its size.
    fn magnitude(&self, row: &Row, role: Role, problems: &mut Vec<Problem>) -> Option<i64> {
        self.money(row, role, problems).map(i64::abs)
    }

    /// The shop's normaliser, remembered per written form: regulars come back
    /// often and parsing a phone is the costliest thing a row does.
    fn normalize(&mut self, raw: &str) -> Option<Text> {
        if let Some(known) = self.phones.get(raw) {
            return known.clone();
        }
        let e164: Option<Text> = phone::normalize(raw, self.phone_region)
            .ok()
            .map(Into::into);
        self.phones.insert(raw.to_string(), e164.clone());
        e164
    }

    /// The text of `role`'s cell, shared with earlier rows that had the same.
    fn text(&mut self, row: &Row, role: Role) -> Option<Text> {
        let cell = self.cell(row, role)?;
        Some(self.texts.get(cell))
    }

    fn identity(&mut self, row: &Row) -> Option<Identity> {
        let name = self.text(row, Role::CustomerName);
        let (kind, value) = if let Some(raw) = self.cell(row, Role::CustomerPhone) {
            match self.normalize(raw) {
                Some(e164) => (IdKind::Phone, e164),
                // Kept as written and flagged, never a reason to refuse the row.
                None => (IdKind::Raw, self.texts.get(raw)),
            }
        } else if let Some(card) = self.cell(row, Role::MemberCard) {
            // Chinese POS often use the member's phone as the card number.
            match self.normalize(card) {
                Some(e164) => (IdKind::Phone, e164),
                None => (IdKind::Card, self.texts.get(card)),
            }
        } else {
            (IdKind::PosId, self.text(row, Role::CustomerId)?)
        };
        let key = pair_hash(kind.code(), &value);
        Some(Identity {
            kind,
            value,
            name,
            key,
        })
    }

    /// What the type and status columns say: (the row is a refund, the sale
    /// was refunded, the row is void).
    /// (a refund row, a refunded sale, void, whether the row's own status or flag said anything).
    fn flags(&self, row: &Row) -> (bool, bool, bool, bool) {
        let classify = |role| {
            let value = self.cell(row, role)?;
            let header = self.headers.get(self.columns[role as usize]?)?;
            self.mapping.kind_of(role, header, value)
        };
        let flag = classify(Role::RefundFlag);
        let status = classify(Role::Status);
        let void = flag == Some(LineKind::Void) || status == Some(LineKind::Void);
        (
            flag == Some(LineKind::Refund),
            status == Some(LineKind::Refund),
            void,
            flag.is_some() || status.is_some(),
        )
    }

    /// Whether the row voids its receipt: its status says so, or it says nothing and continues
    /// a receipt whose row said so (Shopify's later line items of a `voided` order; a row whose
    /// own status says sale is one, as 有赞 writes a status per line).
    fn voids_receipt(&mut self, row: &Row, void_status: bool, said: bool) -> bool {
        let receipt = self.cell(row, Role::ReceiptId);
        if void_status {
            self.voided = receipt.map(Into::into);
            return true;
        }
        if !said && receipt.is_some() && receipt == self.voided.as_deref() {
            return true;
        }
        self.voided = None;
        false
    }

    /// A line voided on a receipt that stands (Square's `… (Voided)` items at 0.00).
    fn is_line_void(&self, row: &Row) -> bool {
        self.cell(row, Role::Item).is_some_and(|item| {
            item.len() >= VOIDED_ITEM.len()
                && item.is_char_boundary(item.len() - VOIDED_ITEM.len())
                && item[item.len() - VOIDED_ITEM.len()..].eq_ignore_ascii_case(VOIDED_ITEM)
        })
    }

    /// `Ok(None)` for a void or cancelled row, which is ignored entirely. Voids are decided
    /// before anything else is read, so a void row needs no date or money.
    fn parse(&mut self, row: &Row) -> Result<Option<Parsed>, Vec<Problem>> {
        let (refund_row, refunded, void, said) = self.flags(row);
        if self.voids_receipt(row, void, said) {
            self.previous = None;
            return Ok(None);
        }
        if self.is_line_void(row) {
            // The receipt's later lines still carry its date and customer.
            return Ok(None);
        }
        let mut problems = Vec::new();
        let carried = self
            .previous
            .take()
            .filter(|p| self.cell(row, Role::ReceiptId) == Some(&*p.receipt));
        // A receipt's rows share its id.
        let receipt: Option<Text> = match (&carried, self.cell(row, Role::ReceiptId)) {
            (Some(prev), Some(_)) => Some(prev.receipt.clone()),
            (None, Some(cell)) => Some(cell.into()),
            (_, None) => None,
        };

        let (day, mut time) = match self.cell(row, Role::Date) {
            Some(text) => match values::parse_date_time(text, self.date_order) {
                Ok(dt) => (Some(dt.0), dt.1),
                Err(e) => {
                    problems.push(self.problem(row, Role::Date, text, &e));
                    (None, None)
                }
            },
            None => match &carried {
                Some(prev) => (Some(prev.day), prev.time),
                None => {
                    problems.push(self.missing(row, self.header(Role::Date), "日期", "a date"));
                    (None, None)
                }
            },
        };
        if let Some(text) = self.cell(row, Role::Time) {
            match values::parse_time(text) {
                Ok(t) => time = Some(t),
                Err(e) => problems.push(self.problem(row, Role::Time, text, &e)),
            }
        }
        let receipt = match receipt {
            Some(r) => r,
            None if self.mapping.level == Level::Receipt => {
                // A receipt-level export without ids: the row's own content identifies it.
                format!("row-{:016x}", xxh3_64(row.cells.join("\u{1f}").as_bytes())).into()
            }
            None => {
                problems.push(self.missing(
                    row,
                    self.header(Role::ReceiptId),
                    "单号",
                    "a receipt number",
                ));
                "".into()
            }
        };
        let qty = match self.cell(row, Role::Quantity) {
            Some(text) => match values::parse_quantity(text, self.mapping.decimal) {
                Ok(q) => q,
                Err(e) => {
                    problems.push(self.problem(row, Role::Quantity, text, &e));
                    1000
                }
            },
            None => 1000,
        };
        let unit = self.money(row, Role::UnitPrice, &mut problems);
        let gross = self.money(row, Role::Gross, &mut problems);
        let discount = self.magnitude(row, Role::Discount, &mut problems);
        let net = self.money(row, Role::Net, &mut problems);
        let tax = self.magnitude(row, Role::Tax, &mut problems).unwrap_or(0);
        let refund_amount = self.magnitude(row, Role::RefundAmount, &mut problems);
        let refund_day = match self.cell(row, Role::RefundDate) {
            Some(text) => match values::parse_date_time(text, self.date_order) {
                Ok((d, _)) => Some(d),
                Err(e) => {
                    problems.push(self.problem(row, Role::RefundDate, text, &e));
                    None
                }
            },
            None => None,
        };
        // A later row of an order whose money is on its first row (Shopify's `Subtotal` is an
        // order's, given once): its line counts for items, not for money.
        let order_money_given = self.mapping.money_on_first_row
            && carried.is_some()
            && net.is_none()
            && gross.is_none()
            && self.columns[Role::Net as usize].is_some();
        if gross.is_none()
            && net.is_none()
            && unit.is_none()
            && refund_amount.is_none()
            && !order_money_given
            && problems.is_empty()
        {
            problems.push(self.missing(
                row,
                self.header(Role::Net).or_else(|| self.header(Role::Gross)),
                "金额",
                "an amount",
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let Some(day) = day else { return Err(problems) };

        let identity = self
            .identity(row)
            .or_else(|| carried.as_ref().and_then(|p| p.identity.clone()));
        let item = self.text(row, Role::Item);
        let category = self.text(row, Role::Category);
        // Tax inside the prices: the mapping says so, or the order's total is its subtotal and
        // shipping and nothing more (Shopify in the UK, the EU, Australia, China), so the tax it
        // names was in the subtotal.
        let shipping = self
            .magnitude(row, Role::Shipping, &mut problems)
            .unwrap_or(0);
        let total_is_subtotal_and_shipping = self
            .money(row, Role::OrderTotal, &mut problems)
            .is_some_and(|t| net.and_then(|n| n.checked_add(shipping)) == Some(t));
        if !problems.is_empty() {
            return Err(problems);
        }
        let tax_included = self.mapping.tax_included || (tax > 0 && total_is_subtotal_and_shipping);
        let tax_off = if tax_included { tax } else { 0 };
        let from_unit = unit
            .filter(|_| !order_money_given)
            .map(|u| u.saturating_mul(qty) / 1000);
        // Gross as given; for an order whose money is on its first row, its net and discount
        // (Shopify's subtotal beside the price of its first item only); else price × qty.
        let order_gross = net
            .zip(discount)
            .filter(|_| self.mapping.money_on_first_row)
            .map(|(n, d)| n.saturating_add(d));
        let gross_v = gross
            .or(order_gross)
            .or(from_unit)
            .or_else(|| net.map(|n| n.saturating_add(discount.unwrap_or(0))));
        let net_v = net
            .or_else(|| gross_v.map(|g| g.saturating_sub(discount.unwrap_or(0))))
            .unwrap_or(0);
        let gross_v = gross_v.unwrap_or(net_v);
        // A line over a billion of the currency (or a price × quantity past what i64 holds) is
        // no sale: the row is refused, so no sum can be pushed past what it holds either.
        let line_max = 10i64.saturating_pow(9 + u32::from(self.minor_digits));
        let too_large = |v: i64| v.checked_abs().is_none_or(|a| a > line_max);
        let priced_past = unit
            .filter(|_| !order_money_given)
            .is_some_and(|u| u.checked_mul(qty).is_none());
        if priced_past || too_large(gross_v) || too_large(net_v) {
            let role = [Role::Net, Role::Gross, Role::UnitPrice]
                .into_iter()
                .find(|r| self.cell(row, *r).is_some())
                .unwrap_or(Role::Net);
            let text = self.cell(row, role).unwrap_or_default();
            let err = ValueError::OutOfRange {
                kind: values::ValueKind::Money,
                text: text.to_string(),
            };
            return Err(vec![self.problem(row, role, text, &err)]);
        }
        let negative = net_v < 0 || gross_v < 0 || qty < 0;
        let refund_line =
            |amount: i64, qty_milli: i64, item: Option<Text>, category: Option<Text>| Line {
                key: 0,
                item_key: 0,
                kind: SaleKind::Refund,
                day: refund_day.unwrap_or(day),
                item,
                category,
                qty_milli,
                gross: 0,
                discount: 0,
                net: -amount.max(0),
                tax: 0,
            };
        let mut lines = SmallVec::new();
        if refund_row || negative {
            // The row is a refund: the money back to the customer, dated when it happened.
            let amount = net_v.abs().saturating_sub(tax_off);
            lines.push(refund_line(amount, -qty.abs(), item, category));
        } else {
            let discount_v = discount.unwrap_or_else(|| gross_v.saturating_sub(net_v).max(0));
            // Never below zero: every sum of the rollups then grows with the lines it adds.
            let gross_ex = gross_v.saturating_sub(tax_off).max(0);
            let net_ex = gross_ex.saturating_sub(discount_v);
            lines.push(Line {
                key: 0,
                item_key: 0,
                kind: SaleKind::Sale,
                day,
                item: item.clone(),
                category: category.clone(),
                qty_milli: qty,
                gross: gross_ex,
                discount: discount_v,
                net: net_ex,
                tax,
            });
            // A sale that was refunded later, on the same row (有赞, Shopify, a 已退款 status).
            // At most the sale: what else came back (Shopify's shipping) was no sale.
            let amount = refund_amount
                .map(|a| a.min(net_ex))
                .filter(|a| *a > 0)
                .or_else(|| refunded.then_some(net_ex));
            if let Some(amount) = amount {
                lines.push(refund_line(amount, 0, item, category));
            }
        }
        let parsed = Parsed {
            receipt,
            receipt_hash: 0,
            day,
            time,
            identity,
            original: self.text(row, Role::OriginalReceipt),
            lines,
            raw: 0,
        };
        Ok(Some(parsed))
    }
}

/// Where the pass writes, if anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Preview,
    DryRun,
    Commit,
}

/// Called every few thousand rows with (bytes read, file size); returning
/// false cancels the import, which then rolls back.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64) -> bool;

const PREVIEW_ROWS: usize = 50;
const PROBLEMS_KEPT: usize = 200;

pub fn preview(
    conn: &mut Connection,
    req: &ImportRequest,
    ctx: &Ctx,
) -> Result<Preview, ImportError> {
    let prepared = prepare(conn, req)?;
    let mut rows = Vec::new();
    let mut watch = Watch::new(
        &prepared.mapping,
        &prepared.sniffed.headers,
        ctx.phone_region(),
    );
    let read = prepared.missing.is_empty() && prepared.mapping.date_order.is_some();
    let (summary, problems, problem_rows, warnings, status_values) = if read {
        let mut keep = |row: PreviewRow| {
            let lines = row.lines.iter().map(|l| (l.receipt.as_str(), l.day));
            watch.row(&row.cells, lines);
            if rows.len() < PREVIEW_ROWS {
                rows.push(row);
            }
        };
        let outcome = pass(
            conn,
            &prepared,
            ctx,
            Mode::Preview,
            true,
            None,
            &mut |_, _| true,
            Some(&mut keep),
        )?;
        let mut warnings = watch.warnings(ctx.lang);
        warnings.extend(
            outcome
                .earlier
                .map(|e| Warning::same_sales(&prepared.file_name, &e, ctx.lang)),
        );
        (
            outcome.report,
            outcome.problems,
            outcome.problem_rows,
            warnings,
            watch.status_values(),
        )
    } else {
        (
            ImportReport {
                source: prepared.source.clone(),
                ..Default::default()
            },
            Vec::new(),
            0,
            Vec::new(),
            Vec::new(),
        )
    };
    if rows.is_empty() {
        rows = prepared
            .sniffed
            .samples
            .iter()
            .take(PREVIEW_ROWS)
            .map(|r| PreviewRow {
                number: r.number,
                cells: r.cells.clone(),
                lines: Vec::new(),
                problems: Vec::new(),
            })
            .collect();
    }
    let (first_import, shop_guess) = what_it_says(conn, &prepared, ctx)?;
    let layout_name = prepared
        .proposal
        .preset
        .as_deref()
        .and_then(|id| layout::preset_name(id, ctx.lang))
        .map(str::to_string);
    Ok(Preview {
        file_name: prepared.file_name.clone(),
        needs_confirmation: prepared.needs_confirmation,
        missing: prepared.missing.clone(),
        source: prepared.source.clone(),
        mapping: prepared.mapping.clone(),
        proposal: prepared.proposal,
        sniffed: prepared.sniffed,
        rows,
        summary,
        problems,
        problem_rows,
        warnings,
        layout_name,
        status_values,
        first_import,
        shop_guess,
    })
}

/// What a file says about the shop (`Preview::shop_guess`), without reading its rows: (the
/// shop has no sales yet, the guess).
pub fn guess_shop(
    conn: &Connection,
    req: &ImportRequest,
    ctx: &Ctx,
) -> Result<(bool, ShopGuess), ImportError> {
    what_it_says(conn, &prepare(conn, req)?, ctx)
}

fn what_it_says(
    conn: &Connection,
    prepared: &Prepared,
    ctx: &Ctx,
) -> Result<(bool, ShopGuess), ImportError> {
    let first_import = rollups::sales_coverage(conn)?.is_none();
    let (sniffed, mapping, region) = (&prepared.sniffed, &prepared.mapping, ctx.phone_region());
    let guess = if first_import {
        shop_guess::guess(sniffed, mapping, region, ctx.lang)
    } else {
        ShopGuess {
            phone_region: shop_guess::phones_elsewhere(sniffed, mapping, region, ctx.lang),
            ..Default::default()
        }
    };
    Ok((first_import, guess))
}

/// Imports the file: all of it in one transaction, or nothing.
pub fn import(
    conn: &mut Connection,
    req: &ImportRequest,
    ctx: &Ctx,
    rejects_dir: &Path,
    dry_run: bool,
    progress: Progress<'_>,
) -> Result<ImportReport, ImportError> {
    let prepared = prepare(conn, req)?;
    if prepared.needs_confirmation {
        return Err(ImportError::NeedsMapping(
            prepared.file_name,
            Box::new(prepared.proposal),
        ));
    }
    if !prepared.missing.is_empty() {
        return Err(ImportError::MissingRoles(
            prepared.file_name,
            prepared.missing,
        ));
    }
    if prepared.mapping.date_order.is_none() {
        return Err(ImportError::AmbiguousDates(prepared.file_name));
    }
    let mode = if dry_run { Mode::DryRun } else { Mode::Commit };
    let outcome = pass(
        conn,
        &prepared,
        ctx,
        mode,
        req.skip_invalid,
        Some(rejects_dir),
        progress,
        None,
    )
    .map_err(|e| e.or_overflow(&prepared.file_name))?;
    if !dry_run && (req.mapping.is_some() || req.auto_map) {
        remember(conn, &prepared.sniffed.headers, &prepared.mapping)?;
    }
    Ok(outcome.report)
}

struct Outcome {
    report: ImportReport,
    problems: Vec<Problem>,
    problem_rows: u64,
    /// The earlier import of another description that brought most of the file's receipts.
    earlier: Option<Earlier>,
}

/// Hands the lines of one parsed row to the writer with their dedupe keys; returns them as
/// the preview shows them when `views`.
fn add(
    writer: &mut Writer<'_>,
    parsed: &mut Parsed,
    source: &str,
    views: bool,
) -> Result<Vec<LineView>, ImportError> {
    let known = match &parsed.identity {
        Some(identity) => writer
            .identity(identity)?
            .map(|found| (identity.key, found)),
        None => None,
    };
    let (identity, customer) = match known {
        Some((key, (id, member))) => (id, Some((key, member.is_some()))),
        None => {
            // Nobody, or someone forgotten: an anonymous row, also in the preview.
            parsed.identity = None;
            (None, None)
        }
    };
    let head = Head {
        receipt_hash: parsed.receipt_hash,
        receipt: parsed.receipt.clone(),
        day: day_number(parsed.day),
        time: parsed
            .time
            .map(|t| i64::from(t.num_seconds_from_midnight())),
        identity,
        customer,
        raw: parsed.raw,
    };
    let mut out = Vec::new();
    for (n, line) in std::mem::take(&mut parsed.lines).into_iter().enumerate() {
        // A refund that names its original receipt belongs to that receipt's customer.
        let redirected = match (line.kind, &parsed.original) {
            (SaleKind::Refund, Some(original))
                if writer.has_receipt(receipt_hash(source, original)) =>
            {
                Some(Head {
                    receipt_hash: receipt_hash(source, original),
                    receipt: original.clone(),
                    raw: 0,
                    ..head.clone()
                })
            }
            _ => None,
        };
        let (head, key) = match &redirected {
            Some(original) => (original, line_key(source, &original.receipt, &line, 0)),
            None => (&head, line.key),
        };
        if views {
            out.push(LineView {
                kind: line.kind,
                day: line.day,
                time: parsed.time,
                receipt: head.receipt.to_string(),
                item: line.item.as_deref().map(str::to_string),
                qty_milli: line.qty_milli,
                gross_minor: line.gross,
                discount_minor: line.discount,
                net_minor: line.net,
                // As staff know them: the export's name for the customer, else their id.
                // A name that is a phone or an e-mail is no name; every id is shown masked.
                customer: parsed.identity.as_ref().map(|i| {
                    match (identities::person_name(i.name.as_deref()), i.kind) {
                        (Some(name), _) => name,
                        (None, IdKind::Phone) => phone::mask(&i.value),
                        (None, _) => identities::mask(&i.value),
                    }
                }),
            });
        }
        // A line put on another receipt is not of that receipt's rows: it spoils their hash.
        writer.push(head, key, line, n == 0 || redirected.is_some())?;
    }
    Ok(out)
}

/// One row read through the mapping, on its way to the writer.
struct ParsedRow {
    number: usize,
    /// The cells, when the writer needs them: for the preview, or for the rejects file.
    cells: Option<Vec<String>>,
    outcome: Result<Option<Parsed>, Vec<Problem>>,
    /// What the row says of a receipt it brings no line of: it voids it, or (a row that cannot
    /// be read) it may stand.
    mark: RowMark,
}

/// What a row without lines says of its receipt (`Writer::void_row`, `Writer::may_stand`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowMark {
    None,
    /// A void row (not a line's): the `receipt_hash` of the receipt it voids.
    Voids(u64),
    /// A row refused: the `receipt_hash` of the receipt its receipt cell names.
    Refused(u64),
}

/// What the reading thread hands the writing one. Rows are nearly every item and travel by
/// value in their chunk: boxing them would cost an allocation per row.
#[allow(clippy::large_enum_variant)]
enum Item {
    Row(ParsedRow),
    /// `rows` rows of a receipt the store has, read exactly as an earlier import read them
    /// (its `raw_mark` equal): not parsed, every line of it already there.
    Known {
        receipt_hash: u64,
        rows: u64,
    },
}

/// Items handed from the reading thread to the writing one.
struct Chunk {
    items: Vec<Item>,
    /// Of the file, for the progress bar.
    bytes_read: u64,
}

const CHUNK_ROWS: usize = 2048;

/// Bump when parsing changes what a row means: receipts read by an older parser are then
/// parsed again rather than skipped.
const PARSER_VERSION: u64 = 3;

/// What the rows' meaning depends on besides their text: the source, the mapping, the headers
/// and the shop's settings that parsing reads.
fn raw_seed(prepared: &Prepared, ctx: &Ctx) -> u64 {
    let mapping = serde_json::to_string(&prepared.mapping).unwrap_or_default();
    let text = format!(
        "{PARSER_VERSION}\0{}\0{mapping}\0{}\0{}\0{}",
        prepared.source,
        prepared.sniffed.headers.join("\u{1f}"),
        ctx.phone_region(),
        ctx.minor_digits
    );
    xxh3_64(text.as_bytes())
}

/// Recognises receipts the store already has, read byte for byte as before, by a hash of
/// their rows: what makes re-importing an overlapping export cheap. The rows of such a
/// receipt are held back until the next receipt starts and, when their hash equals the
/// stored one, not parsed at all. Rows of other receipts go straight on, each with its hash
/// so that the writer can store the receipt's.
struct Skipper<'k> {
    known: &'k KnownReceipts,
    seed: u64,
    /// The receipt cell of the current receipt's rows.
    receipt: String,
    /// Whether they are held (their receipt is known and first met in this file).
    holding: bool,
    rows: Vec<(Row, u64)>,
    held: usize,
    hash: u64,
    /// The known receipts met so far: met again, the file is not grouped by receipt and
    /// their rows are parsed (numbered on), never skipped.
    met: rustc_hash::FxHashSet<u64>,
    bytes: Vec<u8>,
}

impl Skipper<'_> {
    /// The hash of a row's text (with everything its meaning depends on).
    fn row_hash(&mut self, row: &Row) -> u64 {
        self.bytes.clear();
        for cell in &row.cells {
            self.bytes.extend_from_slice(cell.as_bytes());
            self.bytes.push(0x1f);
        }
        xxh3_64_with_seed(&self.bytes, self.seed)
    }

    /// Starts the rows of receipt `cell`; whether to hold them.
    fn start(&mut self, cell: &str, source: &str) {
        self.receipt.clear();
        self.receipt.push_str(cell);
        self.hash = 0;
        let receipt_hash = receipt_hash(source, cell);
        self.holding = self.known.contains_key(&receipt_hash) && self.met.insert(receipt_hash);
    }

    fn hold(&mut self, row: &Row, row_hash: u64) {
        self.hash = raw_combine(self.hash, row_hash);
        if self.rows.len() == self.held {
            self.rows.push((Row::default(), 0));
        }
        // Field by field: a derived `clone_from` would allocate every cell again.
        let (held, hash) = &mut self.rows[self.held];
        held.number = row.number;
        held.cells.clone_from(&row.cells);
        *hash = row_hash;
        self.held += 1;
    }
}

/// Reads every row; parses it, or (with a `Skipper`) recognises its receipt as one the store
/// has; hands them over in chunks; stops at the first read error or when the writer hangs up
/// (an error or a cancel on its side).
fn produce(
    mut reader: read::RowReader,
    mut parser: RowParser<'_>,
    source: &str,
    keep_cells: bool,
    mut skipper: Option<Skipper<'_>>,
    send: &std::sync::mpsc::SyncSender<Result<Chunk, ImportError>>,
    spent: &std::sync::mpsc::Receiver<Vec<(u64, Line)>>,
) {
    let mut out = Out {
        items: Vec::with_capacity(CHUNK_ROWS),
        bytes_read: 0,
        send,
        spent,
    };
    loop {
        out.bytes_read = reader.bytes_read();
        let row = match reader.next_row() {
            None => break,
            Some(Err(e)) => {
                let _ = send.send(Err(e.into()));
                return;
            }
            Some(Ok(row)) => row,
        };
        let sent = match &mut skipper {
            None => out.push(Item::Row(parse_row(
                &mut parser,
                source,
                keep_cells,
                row,
                0,
            ))),
            Some(skipper) => {
                let cell = parser.cell(row, Role::ReceiptId).unwrap_or("");
                let mut sent = true;
                if cell != skipper.receipt || cell.is_empty() {
                    sent = release(skipper, &mut parser, source, &mut out);
                    skipper.start(cell, source);
                }
                let row_hash = skipper.row_hash(row);
                if skipper.holding {
                    skipper.hold(row, row_hash);
                    sent
                } else {
                    // A row without a receipt id is no receipt's whole.
                    let raw = if cell.is_empty() { 0 } else { row_hash };
                    sent && out.push(Item::Row(parse_row(&mut parser, source, false, row, raw)))
                }
            }
        };
        if !sent {
            return;
        }
    }
    if let Some(skipper) = &mut skipper
        && !release(skipper, &mut parser, source, &mut out)
    {
        return;
    }
    let bytes_read = reader.bytes_read();
    let _ = send.send(Ok(Chunk {
        items: out.items,
        bytes_read,
    }));
}

/// The chunk being filled.
struct Out<'s> {
    items: Vec<Item>,
    /// Of the file, when the row before this one was read.
    bytes_read: u64,
    /// Lines the writer has written, dropped here (`Writer::spent`).
    spent: &'s std::sync::mpsc::Receiver<Vec<(u64, Line)>>,
    send: &'s std::sync::mpsc::SyncSender<Result<Chunk, ImportError>>,
}

impl Out<'_> {
    /// Adds an item, sending the chunk when full; false when the writer has hung up.
    fn push(&mut self, item: Item) -> bool {
        self.items.push(item);
        if self.items.len() < CHUNK_ROWS {
            return true;
        }
        let chunk = Chunk {
            items: std::mem::replace(&mut self.items, Vec::with_capacity(CHUNK_ROWS)),
            bytes_read: self.bytes_read,
        };
        self.spent.try_iter().for_each(drop);
        self.send.send(Ok(chunk)).is_ok()
    }
}

/// Hands over the rows held: as one `Known` item when the store has their receipt read the
/// same way, else parsed, each with its hash.
fn release(
    skipper: &mut Skipper<'_>,
    parser: &mut RowParser<'_>,
    source: &str,
    out: &mut Out<'_>,
) -> bool {
    let held = std::mem::take(&mut skipper.held);
    if held == 0 {
        return true;
    }
    let receipt_hash = receipt_hash(source, &skipper.receipt);
    let raw = raw_bits(skipper.hash);
    if skipper
        .known
        .get(&receipt_hash)
        .is_some_and(|k| k.raw_mark & RAW_HASH_BITS == raw)
    {
        // Its rows are not parsed: nothing of them carries over to the rows after.
        parser.voided = None;
        parser.previous = None;
        return out.push(Item::Known {
            receipt_hash,
            rows: held as u64,
        });
    }
    skipper.rows[..held].iter().all(|(row, row_hash)| {
        out.push(Item::Row(parse_row(parser, source, false, row, *row_hash)))
    })
}

/// Parses one row and computes its keys here, off the writing thread.
fn parse_row(
    parser: &mut RowParser<'_>,
    source: &str,
    keep_cells: bool,
    row: &Row,
    raw: u64,
) -> ParsedRow {
    let mut outcome = parser.parse(row);
    if let Ok(Some(parsed)) = &mut outcome {
        parsed.raw = raw;
        parsed.receipt_hash = receipt_hash(source, &parsed.receipt);
        for line in &mut parsed.lines {
            line.key = line_key(source, &parsed.receipt, line, 0);
            line.item_key = pair_hash(
                line.item.as_deref().unwrap_or(""),
                line.category.as_deref().unwrap_or(""),
            );
        }
        // What a continuation row (Shopify's later line items) inherits.
        parser.previous = Some(Parsed {
            receipt: parsed.receipt.clone(),
            receipt_hash: parsed.receipt_hash,
            day: parsed.day,
            time: parsed.time,
            identity: parsed.identity.clone(),
            original: None,
            lines: SmallVec::new(),
            raw: 0,
        });
    }
    // A void row that is not a line's left the receipt it voids behind.
    let mark = match (&outcome, &parser.voided) {
        (Ok(None), Some(receipt)) => RowMark::Voids(receipt_hash(source, receipt)),
        (Err(_), _) => parser
            .cell(row, Role::ReceiptId)
            .map_or(RowMark::None, |cell| {
                RowMark::Refused(receipt_hash(source, cell))
            }),
        _ => RowMark::None,
    };
    let cells = (keep_cells || outcome.is_err()).then(|| row.cells.clone());
    ParsedRow {
        number: row.number,
        cells,
        outcome,
        mark,
    }
}

#[allow(clippy::too_many_arguments)]
fn pass(
    conn: &mut Connection,
    prepared: &Prepared,
    ctx: &Ctx,
    mode: Mode,
    skip_invalid: bool,
    rejects_dir: Option<&Path>,
    progress: Progress<'_>,
    mut on_row: Option<&mut dyn FnMut(PreviewRow)>,
) -> Result<Outcome, ImportError> {
    // A preview only reads; an import takes the write lock up front so the
    // keys it loads cannot change under it.
    let behavior = if mode == Mode::Preview {
        TransactionBehavior::Deferred
    } else {
        TransactionBehavior::Immediate
    };
    // A bigger page cache for the bulk write: fewer pages spilled and read back mid-import.
    conn.pragma_update(None, "cache_size", -8_192)?;
    let tx = conn.transaction_with_behavior(behavior)?;
    let source = prepared.source.clone();
    let parser = RowParser::new(
        &prepared.mapping,
        &prepared.sniffed.headers,
        ctx.phone_region(),
        ctx.minor_digits,
        ctx.lang,
    );
    let known: KnownReceipts = super::writer::known_receipts(&tx, &source)?;
    // Exports run at 200–300 bytes a receipt; growing the map as receipts come costs more.
    let receipts = usize::try_from(prepared.sniffed.size_bytes / 320).unwrap_or(0);
    let mut writer = Writer::load(&tx, &source, mode != Mode::Preview, &known, receipts)?;
    let mut elsewhere = Elsewhere::load(&tx, &source, &prepared.mapping)?;
    if mode != Mode::Preview {
        writer.batch_id = start_batch(
            &tx,
            &prepared.file_name,
            &prepared.source,
            &prepared.mapping,
            ctx.now,
        )?;
    }
    let mut problems = Vec::new();
    let mut problem_rows = 0u64;
    let mut rejects: Option<RejectsFile> = None;
    let size = prepared.sniffed.size_bytes;
    let reader = read::open_rows(&prepared.path, &prepared.sniffed)?;
    let keep_cells = on_row.is_some();
    // An import (not the preview, which shows every row) marks the receipts it reads and
    // recognises the ones the store has already read the same way.
    let skipper = (mode != Mode::Preview && !keep_cells).then(|| Skipper {
        known: &known,
        seed: raw_seed(prepared, ctx),
        receipt: String::new(),
        holding: false,
        rows: Vec::new(),
        held: 0,
        hash: 0,
        met: Default::default(),
        bytes: Vec::new(),
    });
    // Reading and parsing run on a second thread, writing on this one (the transaction's), and
    // the file's checksum for its batch on a third while they do.
    let sha256 = std::thread::scope(|scope| -> Result<Option<String>, ImportError> {
        let (send, receive) = std::sync::mpsc::sync_channel(4);
        let (give_back, spent) = std::sync::mpsc::channel();
        scope.spawn(move || {
            produce(
                reader,
                parser,
                &prepared.source,
                keep_cells,
                skipper,
                &send,
                &spent,
            )
        });
        let sha256 = (mode != Mode::Preview).then(|| scope.spawn(|| sha256_of(&prepared.path)));
        for chunk in receive {
            let chunk = chunk?;
            if !progress(chunk.bytes_read, size) {
                return Err(ImportError::Cancelled(prepared.file_name.clone()));
            }
            if writer.spent.len() >= CHUNK_ROWS {
                // The reader may have stopped (an error): then they are dropped here.
                let _ = give_back.send(std::mem::take(&mut writer.spent));
            }
            for item in chunk.items {
                let row = match item {
                    Item::Row(row) => row,
                    Item::Known { receipt_hash, rows } => {
                        writer.tally.report.rows += rows;
                        writer.known_again(receipt_hash)?;
                        continue;
                    }
                };
                writer.tally.report.rows += 1;
                let (lines, row_problems) = match row.outcome {
                    Ok(None) => {
                        writer.tally.report.lines_void += 1;
                        if let RowMark::Voids(receipt) = row.mark {
                            writer.void_row(receipt);
                        }
                        (Vec::new(), Vec::new())
                    }
                    Ok(Some(mut parsed)) => {
                        elsewhere.row(&parsed.receipt, parsed.receipt_hash, parsed.day);
                        let views = add(&mut writer, &mut parsed, &source, keep_cells)?;
                        (views, Vec::new())
                    }
                    Err(row_problems) => {
                        if let RowMark::Refused(receipt) = row.mark {
                            writer.may_stand(receipt);
                        }
                        problem_rows += 1;
                        writer.tally.report.lines_rejected += 1;
                        if let (true, Mode::Commit, Some(dir)) = (skip_invalid, mode, rejects_dir) {
                            let file = match &mut rejects {
                                Some(f) => f,
                                None => rejects.insert(RejectsFile::create(
                                    dir,
                                    &prepared.sniffed.headers,
                                    ctx.lang,
                                )?),
                            };
                            let reasons: Vec<String> =
                                row_problems.iter().map(|p| p.describe(ctx.lang)).collect();
                            let cells = row.cells.as_deref().unwrap_or_default();
                            file.write(row.number, cells, &reasons)?;
                        }
                        for p in &row_problems {
                            if problems.len() < PROBLEMS_KEPT {
                                problems.push(p.clone());
                            }
                        }
                        (Vec::new(), row_problems)
                    }
                };
                if let Some(on_row) = on_row.as_mut() {
                    on_row(PreviewRow {
                        number: row.number,
                        cells: row.cells.unwrap_or_default(),
                        lines,
                        problems: row_problems,
                    });
                }
            }
        }
        sha256
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| {
                        let failed = std::io::Error::other("checksum failed");
                        Err(FileError::at(&prepared.path, failed))
                    })
                    .map_err(ImportError::from)
            })
            .transpose()
    })?;
    writer.finish()?;
    progress(size, size);
    if writer.tally.report.rows == 0 {
        return Err(ImportError::Read(read::ReadError::NoData {
            file: prepared.file_name.clone(),
            header_row: prepared.sniffed.header_row,
        }));
    }
    let earlier = elsewhere.verdict(&tx)?;
    if writer.tally.overflow {
        return Err(ImportError::MoneyOverflow(prepared.file_name.clone()));
    }
    let mut report = std::mem::take(&mut writer.tally).finish();
    report.source = source.clone();
    if mode == Mode::Preview {
        return Ok(Outcome {
            report,
            problems,
            problem_rows,
            earlier,
        });
    }
    if let Some(earlier) = earlier.filter(|_| !prepared.import_anyway) {
        return Err(ImportError::SameSales(prepared.file_name.clone(), earlier));
    }
    if problem_rows > 0 && !skip_invalid {
        return Err(ImportError::InvalidRows(
            prepared.file_name.clone(),
            problem_rows,
            problems,
        ));
    }
    let rejects_path = match rejects {
        Some(file) => Some(file.finish(writer.batch_id, &prepared.file_name)?),
        None => None,
    };
    report.batch_id = Some(writer.batch_id);
    report.rejects_file = rejects_path.as_ref().map(|p| p.display().to_string());
    finish_batch(
        &tx,
        writer.batch_id,
        &report,
        sha256.as_deref().unwrap_or(""),
    )?;
    drop(writer);
    if mode == Mode::Commit {
        tx.commit()?;
    }
    Ok(Outcome {
        report,
        problems,
        problem_rows,
        earlier: None,
    })
}

/// Rows that were skipped, written beside the data so the owner can fix them.
#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
