//! What the preview warns about a mapping that reads the file wrong: a receipt column that is
//! empty on most rows of an item-level export, one that makes nearly every row its own receipt
//! (an item-level export read by a column that is not the receipt's) or every receipt a whole
//! day (a date column taken for the receipt), and status values no rule of `layout` covers (read
//! as sales, until the owner says what each means: `Watch::status_values` lists them for that),
//! and customer phones kept although the phone metadata does not know them (a range newer than
//! it, or a mistyped digit: `people::phone` keeps a number its region's mobiles could be). Each
//! is counted over the whole file as the preview reads it.

use super::layout::{self, Level, Mapping, Role};
use super::lines::{Earlier, same_sales_message};
use crate::i18n::Lang;
use crate::people::phone;
use chrono::NaiveDate;
use rustc_hash::FxHashSet;
use serde::Serialize;
use std::collections::BTreeSet;
use ts_rs::TS;

/// Distinct phones checked against the metadata, at most (a shop has a few thousand customers).
const MAX_PHONES: usize = 100_000;
/// Fewer rows than this say nothing about how receipts are shaped.
const MIN_ROWS: u64 = 20;
/// Status values no rule knows, kept for the owner to map, at most (a status column holds a
/// handful of codes or words; more distinct values means it is not a status column).
const MAX_VALUES: usize = 24;

/// What kind of warning: the UI may key on it; the sentence is `Warning::message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum WarningKind {
    ReceiptEmpty,
    OwnReceipts,
    DayReceipts,
    UnknownStatus,
    /// Most receipts came with an earlier import of another description (`elsewhere`).
    SameSales,
    /// Customer phones kept that the phone metadata does not know.
    PossiblePhones,
}

/// One warning about the mapping, in the owner's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Warning {
    pub kind: WarningKind,
    pub message: String,
}

impl Warning {
    /// The file holds the sales an earlier import of another description brought.
    pub fn same_sales(file: &str, earlier: &Earlier, lang: Lang) -> Warning {
        Warning {
            kind: WarningKind::SameSales,
            message: same_sales_message(file, earlier, lang),
        }
    }
}

/// The counts a warning is decided on, gathered row by row.
#[derive(Debug, Default)]
pub struct Watch {
    receipt: Option<(usize, String)>,
    status: Option<(usize, String)>,
    item_level: bool,
    rows: u64,
    receipt_empty: u64,
    lines: u64,
    receipts: FxHashSet<String>,
    days: FxHashSet<NaiveDate>,
    /// Values of the status column no rule of `layout::classify_kind` knows.
    unruled: BTreeSet<String>,
    /// The ones of them the owner has mapped.
    mapped: FxHashSet<String>,
    /// The customer phone column, the shop's phone region, the phones met as written, and the
    /// numbers kept that the metadata does not know (with the first of them, masked).
    phone: Option<(usize, String)>,
    region: String,
    phones: FxHashSet<String>,
    possible_numbers: FxHashSet<String>,
    possible_example: Option<String>,
}

impl Watch {
    pub fn new(mapping: &Mapping, headers: &[String], phone_region: &str) -> Watch {
        let named = |role: Role| {
            let col = mapping.column(role)?;
            Some((col, headers.get(col).cloned().unwrap_or_default()))
        };
        Watch {
            receipt: named(Role::ReceiptId),
            status: named(Role::Status),
            item_level: mapping.level == Level::Line,
            mapped: mapping.statuses.iter().map(|(v, _)| v.clone()).collect(),
            phone: named(Role::CustomerPhone),
            region: phone_region.to_string(),
            ..Watch::default()
        }
    }

    /// Counts one row of the file as the preview read it: its cells, and the receipt and day of
    /// each line it became.
    pub fn row<'a>(&mut self, cells: &[String], lines: impl Iterator<Item = (&'a str, NaiveDate)>) {
        self.rows += 1;
        let cell = |col: usize| cells.get(col).map_or("", |c| c.trim());
        if let Some((col, _)) = &self.receipt
            && cell(*col).is_empty()
        {
            self.receipt_empty += 1;
        }
        if let Some((col, header)) = &self.status {
            let value = cell(*col);
            if !value.is_empty()
                && layout::classify_kind(header, value).is_none()
                && self.unruled.len() < MAX_VALUES
            {
                self.unruled.insert(value.to_string());
            }
        }
        let mut had_lines = false;
        for (receipt, day) in lines {
            had_lines = true;
            self.lines += 1;
            if !self.receipts.contains(receipt) {
                self.receipts.insert(receipt.to_string());
            }
            self.days.insert(day);
        }
        // The phones of rows kept (a void or refused row keeps no customer), each number once
        // however it is written.
        if let Some((col, _)) = &self.phone
            && had_lines
        {
            let written = cell(*col);
            if !written.is_empty()
                && self.phones.len() < MAX_PHONES
                && self.phones.insert(written.to_string())
                && let Ok(e164) = phone::normalize(written, &self.region)
                && !phone::is_known(&e164)
            {
                // Shown as every list shows a phone: in the shop's national form, masked.
                self.possible_example
                    .get_or_insert_with(|| phone::display(&e164, &self.region, true));
                self.possible_numbers.insert(e164);
            }
        }
    }

    /// What the counts warn of.
    pub fn warnings(&self, lang: Lang) -> Vec<Warning> {
        let mut out = Vec::new();
        let mut warn = |kind, zh: String, en: String| {
            out.push(Warning {
                kind,
                message: lang.pick(zh, en),
            })
        };
        let (receipts, days, lines) = (
            self.receipts.len() as u64,
            self.days.len() as u64,
            self.lines,
        );
        // (A receipt-level export may leave it empty: each row is then its own receipt.)
        if let Some((_, header)) = &self.receipt
            && self.item_level
            && self.receipt_empty * 2 > self.rows
        {
            let (empty, rows) = (self.receipt_empty, self.rows);
            warn(
                WarningKind::ReceiptEmpty,
                format!("单号列“{header}”在 {rows} 行中有 {empty} 行是空的：请确认选对了单号列。"),
                format!(
                    "The receipt column “{header}” is empty on {empty} of {}: check it is the right column.",
                    count(rows, "row", "rows")
                ),
            );
        }
        if self.item_level && lines >= MIN_ROWS && receipts * 100 >= lines * 95 {
            warn(
                WarningKind::OwnReceipts,
                format!(
                    "几乎每一行都是一张单独的小票（{lines} 行，{receipts} 张小票）：单号列可能选错了，同一张小票的商品应共用一个单号。"
                ),
                format!(
                    "Nearly every row is its own receipt ({lines} lines, {receipts} receipts): the receipt column may be wrong; the items of one receipt share its number."
                ),
            );
        }
        // About one receipt a day, each of many lines.
        if lines >= MIN_ROWS
            && receipts * 10 <= days * 12
            && receipts * 10 >= days * 8
            && lines >= receipts * 3
        {
            warn(
                WarningKind::DayReceipts,
                format!(
                    "每张小票都占了一整天（{days} 天只有 {receipts} 张小票）：单号列可能是日期列。"
                ),
                format!(
                    "Every receipt spans a whole day ({} over {}): the receipt column may be a date column.",
                    count(receipts, "receipt", "receipts"),
                    count(days, "day", "days")
                ),
            );
        }
        let unknown: Vec<&str> = (self.unruled.iter())
            .filter(|v| !self.mapped.contains(*v))
            .map(String::as_str)
            .collect();
        if let Some((_, header)) = &self.status
            && !unknown.is_empty()
        {
            let values = unknown;
            warn(
                WarningKind::UnknownStatus,
                format!(
                    "状态列“{header}”有无法识别的值，在下面说明每个值的含义之前，这些行按销售计：{}。",
                    values.join("、")
                ),
                format!(
                    "The status column “{header}” has values Regulars does not know; until you say below what each means, their rows count as sales: {}.",
                    values.join(", ")
                ),
            );
        }
        if let (Some((_, header)), Some(example)) = (&self.phone, &self.possible_example) {
            let n = self.possible_numbers.len() as u64;
            warn(
                WarningKind::PossiblePhones,
                format!(
                    "“{header}”中有 {n} 个号码长度和开头都像手机号，但号码库还不认识（可能是新号段，或输错了一位），如 {example}：已按原样保存为顾客，请核对。"
                ),
                format!(
                    "{} in “{header}” look like mobiles (length and first digit) but the phone metadata does not list them (a new range, or a mistyped digit), e.g. {example}: kept as customers; please check them.",
                    count(n, "phone", "phones")
                ),
            );
        }
        out
    }

    /// The status column's values no rule knows, mapped by the owner or not: the ones the
    /// owner says the meaning of (sale, refund, void).
    pub fn status_values(&self) -> Vec<String> {
        self.unruled.iter().cloned().collect()
    }
}

/// `n` and its noun, singular for one ("1 row", "30 rows").
fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::values::DecimalStyle;
    use crate::sales::layout::LineKind;

    fn mapping(level: Level, columns: Vec<(Role, usize)>) -> Mapping {
        Mapping {
            columns,
            level,
            decimal: DecimalStyle::Point,
            date_order: None,
            tax_included: true,
            statuses: Vec::new(),
            money_on_first_row: false,
        }
    }

    /// One row of `cells` read as one line of `receipt` on November `day`.
    fn row(w: &mut Watch, cells: &[&str], receipt: &str, day: u32) {
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let day = NaiveDate::from_ymd_opt(2026, 11, day).expect("day");
        w.row(&cells, std::iter::once((receipt, day)));
    }

    fn headers() -> Vec<String> {
        vec!["Receipt".into(), "Status".into()]
    }

    /// A customer phone its region's mobiles could be but the metadata does not list (154 is a
    /// range newer than it) is counted once however its rows write it, and shown masked; known
    /// numbers and raw values are not warned of.
    #[test]
    fn phones_the_metadata_does_not_know_are_counted_once_and_masked() {
        let m = mapping(
            Level::Line,
            vec![(Role::ReceiptId, 0), (Role::CustomerPhone, 1)],
        );
        let headers = vec!["单号".to_string(), "会员手机号".to_string()];
        let mut w = Watch::new(&m, &headers, "CN");
        for (i, phone) in ["154 1234 5678", "15412345678", "138 1234 5678", "n/a"]
            .iter()
            .enumerate()
        {
            row(&mut w, &[&format!("R{i}"), phone], &format!("R{i}"), 2);
        }
        let en = w.warnings(Lang::En);
        assert_eq!(en.len(), 1, "{en:?}");
        assert_eq!(en[0].kind, WarningKind::PossiblePhones);
        assert!(
            en[0].message.starts_with("1 phone in “会员手机号”")
                && en[0].message.contains("154****5678")
                && !en[0].message.contains("1234"),
            "{}",
            en[0].message
        );
        assert!(w.warnings(Lang::Zh)[0].message.contains("有 1 个号码"));
        let mut known = Watch::new(&m, &headers, "CN");
        row(&mut known, &["R1", "138 1234 5678"], "R1", 2);
        assert!(known.warnings(Lang::En).is_empty());
    }

    #[test]
    fn an_empty_receipt_column_and_unknown_statuses_are_named() {
        let m = mapping(Level::Line, vec![(Role::ReceiptId, 0), (Role::Status, 1)]);
        let mut w = Watch::new(&m, &headers(), "CN");
        for i in 0..30 {
            let receipt = if i < 5 { "R1" } else { "" };
            let status = if i % 2 == 0 {
                "Completed"
            } else {
                "Pending pickup"
            };
            row(
                &mut w,
                &[receipt, status],
                &format!("R{}", i / 3),
                1 + i % 28,
            );
        }
        let en = w.warnings(Lang::En);
        let kinds: Vec<WarningKind> = en.iter().map(|w| w.kind).collect();
        assert_eq!(
            kinds,
            [WarningKind::ReceiptEmpty, WarningKind::UnknownStatus],
            "{en:?}"
        );
        assert!(
            en[0]
                .message
                .contains("“Receipt” is empty on 25 of 30 rows")
        );
        assert!(en[1].message.ends_with("count as sales: Pending pickup."));
        let zh = w.warnings(Lang::Zh);
        assert!(zh[0].message.contains("在 30 行中有 25 行是空的"));
        assert_eq!(w.status_values(), ["Pending pickup"]);
    }

    #[test]
    fn a_status_value_the_owner_mapped_is_no_longer_warned_of_but_still_listed() {
        let mut m = mapping(Level::Line, vec![(Role::ReceiptId, 0), (Role::Status, 1)]);
        m.statuses = vec![("2".into(), LineKind::Void)];
        let mut w = Watch::new(&m, &["Receipt".into(), "order_status".into()], "CN");
        for (i, status) in ["1", "2", "3", "1"].iter().enumerate() {
            row(&mut w, &["R", status], &format!("R{i}"), 1);
        }
        let en = w.warnings(Lang::En);
        assert_eq!(en.len(), 1, "{en:?}");
        assert!(en[0].message.ends_with("count as sales: 1, 3."), "{en:?}");
        assert_eq!(w.status_values(), ["1", "2", "3"]);
        m.statuses
            .extend([("1".into(), LineKind::Sale), ("3".into(), LineKind::Refund)]);
        let mut all = Watch::new(&m, &["Receipt".into(), "order_status".into()], "CN");
        row(&mut all, &["R", "3"], "R", 1);
        assert_eq!(all.warnings(Lang::En), []);
    }

    #[test]
    fn receipts_of_one_row_each_or_of_a_whole_day_are_suspicious() {
        let m = mapping(Level::Line, vec![(Role::ReceiptId, 0)]);
        let mut own = Watch::new(&m, &headers(), "CN");
        for i in 0..40 {
            row(&mut own, &["x", ""], &format!("R{i}"), 1 + i % 20);
        }
        let kinds: Vec<WarningKind> = own.warnings(Lang::En).iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [WarningKind::OwnReceipts]);

        let mut daily = Watch::new(&m, &headers(), "CN");
        for i in 0..40 {
            let day = 1 + i / 8;
            row(&mut daily, &["x", ""], &format!("2026-11-{day:02}"), day);
        }
        let kinds: Vec<WarningKind> = daily.warnings(Lang::En).iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [WarningKind::DayReceipts]);

        // Receipts of three lines, many a day: nothing to say.
        let mut fine = Watch::new(&m, &headers(), "CN");
        for i in 0..60 {
            row(&mut fine, &["x", ""], &format!("R{}", i / 3), 1 + i / 30);
        }
        assert_eq!(fine.warnings(Lang::En), []);
    }
}
