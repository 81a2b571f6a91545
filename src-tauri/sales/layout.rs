//! Which column of a POS export plays which role.
//!
//! A known layout (a preset, recognised by its header) maps itself; any
//! other header is mapped by synonyms in Chinese, English and the common
//! European languages, and by looking at the values when the header does not
//! decide (phones, dates, times — never money: an unnamed money column stays
//! unmapped so the file is refused with its missing roles instead of being
//! imported with guessed amounts). The owner confirms the proposal; the
//! confirmed mapping is remembered per `header_signature`.

use super::presets::{PRESETS, SUMMARIES, SYNONYMS};
pub use super::roles::{Level, LineKind, Preset, Role, Summary};
use crate::import::values::{DateOrder, DecimalStyle, decide_date_order, decide_decimal_style};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// Which column plays which role, and how to read its values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Mapping {
    /// Role → 0-based column; each role at most once.
    pub columns: Vec<(Role, usize)>,
    pub level: Level,
    pub decimal: DecimalStyle,
    /// `None`: the dates do not tell day from month; the owner must be asked.
    pub date_order: Option<DateOrder>,
    /// True: gross/net include tax and the tax column is subtracted for net
    /// sales. False: the amounts exclude tax (Square's "Gross Sales").
    pub tax_included: bool,
    /// What the owner said the status values no rule of `classify_kind` knows mean (the value
    /// as written, trimmed → its kind): a POS's codes (`0` / `1` / `2`) or its own words.
    /// Remembered with the mapping; absent from mappings saved before it existed.
    #[serde(default)]
    pub statuses: Vec<(String, LineKind)>,
    /// An order's money is on its first row only (Shopify's `Subtotal`, `Discount Amount`):
    /// its later rows add items, not money, and its gross is net plus the discount. From the
    /// preset; absent from mappings saved before it existed.
    #[serde(default)]
    pub money_on_first_row: bool,
}

impl Mapping {
    /// What a status or refund-flag cell says: for the status column, the owner's word for the
    /// value first; then the rules of `classify_kind`.
    pub fn kind_of(&self, role: Role, header: &str, value: &str) -> Option<LineKind> {
        let owned = (role == Role::Status)
            .then(|| self.owner_kind(value))
            .flatten();
        owned.or_else(|| classify_kind(header, value))
    }

    /// The owner's word for a status value, if they gave one.
    pub fn owner_kind(&self, value: &str) -> Option<LineKind> {
        let v = value.trim();
        self.statuses.iter().find(|(s, _)| s == v).map(|(_, k)| *k)
    }

    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| *c)
    }
}

pub fn presets() -> &'static [Preset] {
    &PRESETS
}

/// The preset whose signature headers are all present; the most specific
/// (longest signature) when several are.
pub fn detect_preset(headers: &[String]) -> Option<&'static Preset> {
    let names: HashSet<String> = headers.iter().map(|h| normalize(h)).collect();
    PRESETS
        .iter()
        .filter(|p| p.signature.iter().all(|s| names.contains(&normalize(s))))
        .max_by_key(|p| p.signature.len())
}

/// How a column's role was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GuessBy {
    Preset,
    Header,
    Values,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ColumnGuess {
    pub column: usize,
    pub header: String,
    pub role: Option<Role>,
    pub by: Option<GuessBy>,
}

/// The mapping offered to the owner, with how each column was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Proposal {
    /// The preset id, when the header is a known layout.
    pub preset: Option<String>,
    pub mapping: Mapping,
    pub columns: Vec<ColumnGuess>,
    /// Required roles no column plays (see `required_roles`).
    pub missing: Vec<Role>,
    /// The dates do not tell day from month: the owner must choose.
    pub ambiguous_dates: bool,
}

// Strength of a header's claim on a role. A preset beats both (it is applied
// alone); values only fill what headers left.
const BY_EXACT: u8 = 2;
const BY_SYNONYM: u8 = 1;

/// Proposes a mapping for a header and the first rows under it.
pub fn propose(headers: &[String], samples: &[Vec<String>]) -> Proposal {
    propose_with(detect_preset(headers), headers, samples)
}

/// The mapping `preset` gives these headers (the owner chose the preset).
pub fn propose_with_preset(
    preset: &'static Preset,
    headers: &[String],
    samples: &[Vec<String>],
) -> Proposal {
    propose_with(Some(preset), headers, samples)
}

fn propose_with(
    preset: Option<&'static Preset>,
    headers: &[String],
    samples: &[Vec<String>],
) -> Proposal {
    let mut assigned: Vec<Option<(Role, GuessBy)>> = vec![None; headers.len()];

    if let Some(p) = preset {
        assign_from_preset(p, headers, &mut assigned);
    } else {
        assign_from_headers(headers, &mut assigned);
        assign_from_values(samples, &mut assigned);
    }

    let columns: Vec<(Role, usize)> = {
        let mut c: Vec<(Role, usize)> = assigned
            .iter()
            .enumerate()
            .filter_map(|(i, a)| a.as_ref().map(|(r, _)| (*r, i)))
            .collect();
        c.sort();
        c
    };
    let column_of = |role: Role| columns.iter().find(|(r, _)| *r == role).map(|(_, c)| *c);

    let level = match preset {
        Some(p) => p.level,
        None => {
            let repeats = column_of(Role::ReceiptId).is_some_and(|c| {
                let mut seen = HashSet::new();
                column_values(samples, c).any(|v| !seen.insert(v))
            });
            if column_of(Role::Item).is_some() || column_of(Role::Quantity).is_some() || repeats {
                Level::Line
            } else {
                Level::Receipt
            }
        }
    };

    let money: Vec<&str> = [
        Role::Gross,
        Role::Discount,
        Role::Net,
        Role::Tax,
        Role::UnitPrice,
        Role::RefundAmount,
    ]
    .into_iter()
    .filter_map(column_of)
    .flat_map(|c| column_values(samples, c))
    .collect();
    let decimal = decide_decimal_style(money);

    let dates: Vec<&str> = column_of(Role::Date)
        .map(|c| column_values(samples, c).collect())
        .unwrap_or_default();
    let from_samples = if dates.is_empty() {
        // No dates to look at: the vendor's own order, if it has one.
        preset
            .and_then(|p| p.date_order)
            .or_else(|| decide_date_order(dates.iter().copied()))
    } else {
        decide_date_order(dates.iter().copied())
    };
    let date_order = from_samples.or_else(|| {
        let fallback = preset.and_then(|p| p.date_order)?;
        // The vendor's order only helps when the samples are written the
        // vendor's way round (year last for D/M/Y and M/D/Y); a re-saved file
        // is asked about instead.
        let year_last = dates.iter().all(|d| year_is_last(d) != Some(false));
        match fallback {
            DateOrder::Ymd if dates.is_empty() => Some(DateOrder::Ymd),
            DateOrder::Dmy | DateOrder::Mdy if year_last => Some(fallback),
            _ => None,
        }
    });

    let mapping = Mapping {
        columns,
        level,
        decimal,
        date_order,
        tax_included: preset.is_none_or(|p| p.tax_included),
        statuses: Vec::new(),
        money_on_first_row: preset.is_some_and(|p| p.money_on_first_row),
    };
    let missing = required_roles(&mapping);
    let ambiguous_dates = mapping.column(Role::Date).is_some() && mapping.date_order.is_none();
    Proposal {
        preset: preset.map(|p| p.id.to_string()),
        columns: headers
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnGuess {
                column: i,
                header: h.trim().trim_start_matches('\u{feff}').to_string(),
                role: assigned[i].as_ref().map(|(r, _)| *r),
                by: assigned[i].as_ref().map(|(_, b)| b.clone()),
            })
            .collect(),
        mapping,
        missing,
        ambiguous_dates,
    }
}

/// The required roles the mapping lacks: the date always, the receipt id for
/// line-level files, and an amount (net or gross; reported as net).
pub fn required_roles(mapping: &Mapping) -> Vec<Role> {
    let mut missing = Vec::new();
    if mapping.column(Role::Date).is_none() {
        missing.push(Role::Date);
    }
    if mapping.level == Level::Line && mapping.column(Role::ReceiptId).is_none() {
        missing.push(Role::ReceiptId);
    }
    // Unit prices are money enough: gross is price × quantity (one when there is no quantity).
    if mapping.column(Role::Net).is_none()
        && mapping.column(Role::Gross).is_none()
        && mapping.column(Role::UnitPrice).is_none()
    {
        missing.push(Role::Net);
    }
    missing
}

/// The name of a known layout (a preset's id) in the owner's language.
pub fn preset_name(id: &str, lang: crate::i18n::Lang) -> Option<&'static str> {
    let p = PRESETS.iter().find(|p| p.id == id)?;
    Some(lang.of(p.name_zh, p.name_en))
}

/// How the owner reads an import's source: its layout's name, or "a layout of your own" for the
/// mappings the owner confirmed (`custom`).
pub fn source_name(source: &str, lang: crate::i18n::Lang) -> String {
    match preset_name(source, lang) {
        Some(name) => name.to_string(),
        None if source == "custom" => lang.pick("自定义格式", "Your own layout"),
        None => source.to_string(),
    }
}

/// The aggregated report these headers are, if they are one: a known summary's headers, or any
/// report with a share-of-total column (`% of Ttl Qty`, `占比`), which no list of receipts has.
pub fn summary_report(headers: &[String]) -> Option<&'static Summary> {
    let names: HashSet<String> = headers.iter().map(|h| normalize(h)).collect();
    SUMMARIES
        .iter()
        .find(|s| s.signature.iter().all(|h| names.contains(&normalize(h))))
        .or_else(|| {
            names
                .iter()
                .any(|n| n.starts_with("%of") || n.contains("占比"))
                .then_some(&GENERIC_SUMMARY)
        })
}

/// A report with shares of a total that no known summary names.
static GENERIC_SUMMARY: Summary = Summary {
    name_en: "a sales summary (it has share-of-total columns)",
    name_zh: "销售汇总报表（含占比列）",
    signature: &[],
    instead_en: "Export the list of receipts or of receipt lines from your POS",
    instead_zh: "请从收银系统导出小票列表或小票明细",
};

/// True when the name is a known header of some role (exactly, after
/// normalising), so a reader can find the header row under title lines.
pub fn is_known_header(name: &str) -> bool {
    let n = normalize(name);
    if n.is_empty() {
        return false;
    }
    let k = strip_unit(&n);
    SYNONYMS.iter().any(|(_, names)| {
        names.iter().any(|s| {
            let (mode, s) = synonym_mode(s);
            mode != Mode::SuffixOnly && (s == n || s == k)
        })
    }) || PRESETS.iter().any(|p| {
        p.roles
            .iter()
            .any(|(_, names)| names.iter().any(|s| normalize(s) == n))
    })
}

/// Reads a refund-flag or status cell. `None` when the value says nothing
/// known (the importer then treats the row by its amounts).
pub fn classify_kind(header: &str, value: &str) -> Option<LineKind> {
    let v = normalize(value);
    if v.is_empty() {
        return None;
    }
    let h = normalize(header);
    let truthy = matches!(
        v.as_str(),
        "true" | "yes" | "y" | "1" | "是" | "ja" | "oui" | "sí" | "si"
    );
    let falsy = matches!(
        v.as_str(),
        "false" | "no" | "n" | "0" | "否" | "nein" | "non"
    );
    if h.contains("void") || h.contains("作废") || h.contains("cancel") || h.contains("取消") {
        if truthy {
            return Some(LineKind::Void);
        }
        if falsy {
            return Some(LineKind::Sale);
        }
    }
    if h.contains("refund") || h.contains("退款") || h.contains("退货") || h.contains("return")
    {
        if truthy {
            return Some(LineKind::Refund);
        }
        if falsy {
            return Some(LineKind::Sale);
        }
    }

    const PARTIAL: &[&str] = &["部分退款", "partiallyrefunded", "partialrefund"];
    const REFUND: &[&str] = &[
        "退款",
        "退货",
        "退单",
        "退菜",
        "refund",
        "return",
        "rückerstattung",
        "erstattung",
        "retoure",
        "remboursement",
        "reembolso",
        "rimborso",
        "devolución",
    ];
    const VOID: &[&str] = &[
        "作废",
        "已取消",
        "取消",
        "撤销",
        "交易关闭",
        "已关闭",
        "cancel",
        "void",
        "storno",
        "annul",
        "anulad",
    ];
    const SALE: &[&str] = &[
        "sale",
        "payment",
        "verkauf",
        "umsatz",
        "erfolgreich",
        "closed",
        "completed",
        "complete",
        "paid",
        "vente",
        "venta",
        "vendita",
        "已完成",
        "完成",
        "已支付",
        "已结账",
        "已付款",
        "交易成功",
        "成功",
        "销售",
        "正常",
    ];
    if PARTIAL.iter().any(|w| v.contains(w)) {
        return Some(LineKind::Sale);
    }
    if REFUND.iter().any(|w| v.contains(w)) {
        return Some(LineKind::Refund);
    }
    if VOID.iter().any(|w| v.contains(w)) {
        return Some(LineKind::Void);
    }
    let negated = v.contains('未') || v.contains('待');
    if !negated
        && SALE
            .iter()
            .any(|w| v == *w || (!w.is_ascii() && v.contains(w)))
    {
        return Some(LineKind::Sale);
    }
    None
}

/// A stable id of a header layout, so a confirmed mapping is remembered per
/// layout: the order of the columns matters; case, spaces and full-width
/// forms do not; trailing empty header cells are ignored.
pub fn header_signature(headers: &[String]) -> String {
    let mut names: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    while names.last().is_some_and(|n| n.is_empty()) {
        names.pop();
    }
    let joined = names.join("\u{1f}");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(joined.as_bytes()))
}

// ---------------------------------------------------------------- matching

/// Lower case, half-width, without spaces and the punctuation people vary
/// (`_ - . : ? * " '`), without a BOM or zero-width characters.
fn normalize(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{ffe5}' => '¥',
            _ => c,
        })
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-' | '.' | ':' | '?' | '*' | '"' | '\'' | '\u{feff}' | '\u{200b}'
                )
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Drops a short trailing unit in brackets: `实收金额(元)`, `Total (EUR)`, `店铺优惠(分摊)`.
fn strip_unit(n: &str) -> String {
    if let Some(body) = n.strip_suffix(')')
        && let Some(open) = body.rfind('(')
    {
        let unit = &body[open + 1..];
        let len = unit.chars().count();
        if (1..=4).contains(&len) && !unit.chars().any(|c| c.is_ascii_digit()) && open > 0 {
            return body[..open].to_string();
        }
    }
    n.to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Exact, or as the end of a longer header when long enough.
    Normal,
    ExactOnly,
    SuffixOnly,
}

fn synonym_mode(raw: &str) -> (Mode, String) {
    if let Some(s) = raw.strip_prefix('=') {
        (Mode::ExactOnly, normalize(s))
    } else if let Some(s) = raw.strip_prefix('~') {
        (Mode::SuffixOnly, normalize(s))
    } else {
        (Mode::Normal, normalize(raw))
    }
}

fn long_enough_for_suffix(s: &str) -> bool {
    let cjk = s.chars().any(|c| c as u32 >= 0x2e80);
    let n = s.chars().count();
    if cjk { n >= 2 } else { n >= 4 }
}

/// The best claim a header makes: (role, strength, specificity).
fn header_claims(header: &str) -> Vec<(Role, u8, usize)> {
    let n = normalize(header);
    if n.is_empty() {
        return Vec::new();
    }
    let k = strip_unit(&n);
    let mut claims = Vec::new();
    for (role, names) in SYNONYMS {
        let mut best: Option<(u8, usize)> = None;
        for raw in names.iter() {
            let (mode, s) = synonym_mode(raw);
            let len = s.chars().count();
            let strength = if mode != Mode::SuffixOnly && (s == n || s == k) {
                BY_EXACT
            } else if mode != Mode::ExactOnly
                && (mode == Mode::SuffixOnly || long_enough_for_suffix(&s))
                && k.len() > s.len()
                && k.ends_with(&s)
            {
                BY_SYNONYM
            } else {
                continue;
            };
            if best.is_none_or(|b| (strength, len) > b) {
                best = Some((strength, len));
            }
        }
        if let Some((strength, len)) = best {
            claims.push((*role, strength, len));
        }
    }
    claims
}

fn assign_from_preset(
    preset: &Preset,
    headers: &[String],
    assigned: &mut [Option<(Role, GuessBy)>],
) {
    let names: Vec<String> = headers.iter().map(|h| normalize(h)).collect();
    for (role, accepted) in preset.roles {
        let found = accepted.iter().find_map(|a| {
            let a = normalize(a);
            names
                .iter()
                .enumerate()
                .find(|(i, n)| **n == a && assigned[*i].is_none())
                .map(|(i, _)| i)
        });
        if let Some(i) = found {
            assigned[i] = Some((*role, GuessBy::Preset));
        }
    }
}

/// Greedy: the strongest, most specific claims first, the leftmost column on
/// a tie; each role and each column at most once.
fn assign_from_headers(headers: &[String], assigned: &mut [Option<(Role, GuessBy)>]) {
    let mut claims: Vec<(u8, usize, usize, Role)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        for (role, strength, len) in header_claims(h) {
            claims.push((strength, len, i, role));
        }
    }
    claims.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let mut taken = HashSet::new();
    for (_, _, i, role) in claims {
        if assigned[i].is_none() && !taken.contains(&role) {
            assigned[i] = Some((role, GuessBy::Header));
            taken.insert(role);
        }
    }
}

/// Phones, dates and times by their values, for columns the header left
/// unmapped and roles still free. Money is never assigned by values.
fn assign_from_values(samples: &[Vec<String>], assigned: &mut [Option<(Role, GuessBy)>]) {
    let taken = |assigned: &[Option<(Role, GuessBy)>], role: Role| {
        assigned.iter().flatten().any(|(r, _)| *r == role)
    };
    for i in 0..assigned.len() {
        if assigned[i].is_some() {
            continue;
        }
        let values: Vec<&str> = column_values(samples, i).collect();
        let role = if mostly(&values, looks_like_cn_mobile) {
            Role::CustomerPhone
        } else if mostly(&values, looks_like_date) {
            Role::Date
        } else if mostly(&values, looks_like_time) {
            Role::Time
        } else {
            continue;
        };
        if !taken(assigned, role) {
            assigned[i] = Some((role, GuessBy::Values));
        }
    }
    // A lone "时间"/"Time" column holding whole timestamps is the date.
    if !taken(assigned, Role::Date)
        && let Some(i) = assigned
            .iter()
            .position(|a| matches!(a, Some((Role::Time, _))))
        && mostly(
            &column_values(samples, i).collect::<Vec<_>>(),
            looks_like_date,
        )
    {
        assigned[i] = Some((Role::Date, GuessBy::Values));
    }
}

fn column_values(samples: &[Vec<String>], column: usize) -> impl Iterator<Item = &str> {
    samples
        .iter()
        .filter_map(move |row| row.get(column))
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
}

/// At least 80 % of the (non-empty) values, and at least one.
fn mostly(values: &[&str], test: fn(&str) -> bool) -> bool {
    !values.is_empty() && values.iter().filter(|v| test(v)).count() * 5 >= values.len() * 4
}

/// An 11-digit Chinese mobile starting 1[3-9], allowing `+86`/`86`/`0086`,
/// spaces, dashes and Excel's protective `="…"` or leading tab/apostrophe.
fn looks_like_cn_mobile(v: &str) -> bool {
    let v = v.trim().trim_start_matches(['=', '\'']).trim_matches('"');
    let digits: String = v
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\t' | '(' | ')'))
        .collect();
    let digits = digits
        .strip_prefix("+86")
        .or_else(|| digits.strip_prefix("0086"))
        .unwrap_or(&digits);
    let digits = if digits.len() == 13 {
        digits.strip_prefix("86").unwrap_or(digits)
    } else {
        digits
    };
    let b = digits.as_bytes();
    b.len() == 11
        && b.iter().all(u8::is_ascii_digit)
        && b[0] == b'1'
        && (b'3'..=b'9').contains(&b[1])
}

/// The three numbers of a date at the start of a value: `2026-03-05`,
/// `2026/3/5 14:23`, `05.03.2026, 12:32`, `3/5/26 2:23 PM`, `2026年3月5日`.
fn date_parts(v: &str) -> Option<[u32; 3]> {
    let v = v.trim().replace(['年', '月'], "-").replace('日', " ");
    let date = v.split([' ', 'T', ',']).next()?;
    let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
    if parts.len() != 3 {
        return None;
    }
    let mut out = [0u32; 3];
    for (o, p) in out.iter_mut().zip(&parts) {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *o = p.parse().ok()?;
    }
    let lens = [parts[0].len(), parts[1].len(), parts[2].len()];
    if lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2 {
        ((1..=12).contains(&out[1]) && (1..=31).contains(&out[2])).then_some(out)
    } else if lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 2 || lens[2] == 4) {
        let (a, b) = (out[0], out[1]);
        ((1..=31).contains(&a) && (1..=31).contains(&b) && (a <= 12 || b <= 12)).then_some(out)
    } else {
        None
    }
}

fn looks_like_date(v: &str) -> bool {
    date_parts(v).is_some()
}

/// `Some(true)` for D/M/Y or M/D/Y, `Some(false)` for Y-M-D, `None` when not a date.
fn year_is_last(v: &str) -> Option<bool> {
    date_parts(v)?;
    let first = v.trim().split(['-', '/', '.']).next()?;
    Some(first.len() <= 2)
}

/// `14:23`, `14:23:11`, `2:23 PM`, `14:23:11.520`.
fn looks_like_time(v: &str) -> bool {
    let v = v.trim().to_ascii_lowercase();
    let v = v
        .strip_suffix("am")
        .or_else(|| v.strip_suffix("pm"))
        .unwrap_or(&v)
        .trim();
    let parts: Vec<&str> = v.split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return false;
    }
    let hour_ok = parts[0].len() <= 2 && parts[0].parse::<u32>().is_ok_and(|h| h < 24);
    let rest_ok = parts[1..].iter().all(|p| {
        let whole = p.split('.').next().unwrap_or_default();
        whole.len() == 2 && whole.parse::<u32>().is_ok_and(|m| m < 60)
    });
    hour_ok && rest_ok
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
