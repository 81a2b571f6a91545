//! Cell text → typed values: money in minor units, quantities in thousandths, dates and times.
//!
//! POS exports write the same value many ways (`1,234.50`, `1.234,50`, `￥1,234.50`, `($33.62)`,
//! `2026/3/5 14:23`, `3/5/26 2:23 PM`, `2026年3月5日`, Excel serial numbers…). The parsers here
//! accept all of them, never panic, and say what they expected when they refuse a cell. Which
//! decimal style and which date order a column uses is decided once, from the whole column
//! (`decide_decimal_style`, `decide_date_order`), and then applied to every cell.

use crate::i18n::{ErrorCode, Lang, UserError};
use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;
use ts_rs::TS;

/// How a column writes decimals: `1,234.50` (point) or `1.234,50` / `1 234,50` (comma).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DecimalStyle {
    Point,
    Comma,
}

/// The order of day, month and year in dates that are not year-first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DateOrder {
    Ymd,
    Dmy,
    Mdy,
}

/// What kind of value a cell was expected to hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ValueKind {
    Money,
    Quantity,
    Date,
    Time,
}

/// Why a cell is not the value its column holds. Carries (a prefix of) the cell text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValueError {
    #[error("empty cell where a {0:?} was expected")]
    Empty(ValueKind),
    #[error("not an amount of money: {0:?}")]
    NotMoney(String),
    #[error("not a quantity: {0:?}")]
    NotQuantity(String),
    #[error("not a date: {0:?}")]
    NotDate(String),
    #[error("not a time: {0:?}")]
    NotTime(String),
    /// `1.38123E+10`: Excel shortened the number and the digits are lost.
    #[error("scientific notation is not a {kind:?}: {text:?}")]
    Scientific { kind: ValueKind, text: String },
    #[error("{kind:?} out of range: {text:?}")]
    OutOfRange { kind: ValueKind, text: String },
}

/// The largest amount accepted, in minor units (10^12 fen is ten billion yuan).
pub const MONEY_MAX_MINOR: i64 = 1_000_000_000_000;
/// The largest quantity accepted, in thousandths (one million units).
pub const QUANTITY_MAX_MILLI: i64 = 1_000_000_000;
/// Dates outside these years are refused as implausible for a shop's sales.
pub const YEAR_MIN: i32 = 1990;
pub const YEAR_MAX: i32 = 2100;
/// A bare number is read as an Excel serial date only in this range (1954..2119).
const SERIAL_MIN: f64 = 20_000.0;
const SERIAL_MAX: f64 = 80_000.0;
/// How much of a refused cell an error keeps.
const TEXT_KEEP: usize = 40;

impl ValueError {
    pub fn kind(&self) -> ValueKind {
        match self {
            ValueError::Empty(k) => *k,
            ValueError::NotMoney(_) => ValueKind::Money,
            ValueError::NotQuantity(_) => ValueKind::Quantity,
            ValueError::NotDate(_) => ValueKind::Date,
            ValueError::NotTime(_) => ValueKind::Time,
            ValueError::Scientific { kind, .. } | ValueError::OutOfRange { kind, .. } => *kind,
        }
    }

    /// The refused cell text (possibly shortened); empty for `Empty`.
    pub fn text(&self) -> &str {
        match self {
            ValueError::Empty(_) => "",
            ValueError::NotMoney(t)
            | ValueError::NotQuantity(t)
            | ValueError::NotDate(t)
            | ValueError::NotTime(t) => t,
            ValueError::Scientific { text, .. } | ValueError::OutOfRange { text, .. } => text,
        }
    }

    /// What would have been accepted, in the owner's language, to follow "expected …".
    pub fn expected(&self, lang: Lang) -> String {
        match self {
            ValueError::Scientific { .. } => lang.pick(
                "完整的数字，而不是 Excel 的科学计数法（如 1.38E+10）：请在 Excel 里把这一列设为“数值”或“文本”格式后重新导出",
                "a full number, not Excel's scientific notation (like 1.38E+10): format the column as Number or Text in Excel and export again",
            ),
            ValueError::OutOfRange { kind, .. } => match kind {
                ValueKind::Money => lang.pick(
                    "合理大小的金额（这个数大得不像一笔销售）",
                    "an amount of plausible size (this one is far too large for a sale)",
                ),
                ValueKind::Quantity => lang.pick(
                    "不超过 1,000,000 的数量",
                    "a quantity of at most 1,000,000",
                ),
                ValueKind::Date => lang.pick(
                    format!("{YEAR_MIN} 年到 {YEAR_MAX} 年之间的日期"),
                    format!("a date between {YEAR_MIN} and {YEAR_MAX}"),
                ),
                ValueKind::Time => lang.pick("一天之内的时间", "a time within one day"),
            },
            other => match other.kind() {
                ValueKind::Money => lang.pick(
                    "金额，例如 12.50 或 ￥1,234.50",
                    "an amount such as 12.50 or ¥1,234.50",
                ),
                ValueKind::Quantity => {
                    lang.pick("数量，例如 2 或 1.5", "a quantity such as 2 or 1.5")
                }
                ValueKind::Date => lang.pick(
                    "日期，例如 2026-03-05、2026/3/5 14:23 或 2026年3月5日",
                    "a date such as 2026-03-05, 2026/3/5 14:23 or 05/03/2026",
                ),
                ValueKind::Time => lang.pick(
                    "时间，例如 14:23 或 下午2:23",
                    "a time such as 14:23 or 2:23 PM",
                ),
            },
        }
    }
}

impl UserError for ValueError {
    fn code(&self) -> ErrorCode {
        ErrorCode::Invalid
    }

    fn message(&self, lang: Lang) -> String {
        let expected = self.expected(lang);
        match self {
            ValueError::Empty(_) => lang.pick(
                format!("这一格是空的，应是{expected}。"),
                format!("This cell is empty; expected {expected}."),
            ),
            _ => {
                let text = self.text();
                lang.pick(
                    format!("“{text}”不对，应是{expected}。"),
                    format!("“{text}” is not right; expected {expected}."),
                )
            }
        }
    }
}

fn keep(text: &str) -> String {
    if text.chars().count() <= TEXT_KEEP {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(TEXT_KEEP).collect();
        s.push('…');
        s
    }
}

/// Whitespace POS exports put around and inside values: ASCII, NBSP, narrow NBSP, ideographic
/// space, and the BOM that sometimes survives concatenation.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Separators that group thousands in either style (besides `,` / `.`).
fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}' | '\'' | '’')
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '\u{2212}' | '\u{2013}' | '\u{fe63}' | '\u{ff0d}')
}

/// Currency marks, longest first so `HK$` wins over `$`. ASCII codes match case-insensitively.
const CURRENCY: &[&str] = &[
    "HK$", "US$", "NT$", "S$", "A$", "C$", "RMB", "CNY", "USD", "EUR", "GBP", "HKD", "JPY", "KRW",
    "TWD", "SGD", "AUD", "CAD", "CHF", "NZD", "MOP", "¥", "￥", "$", "€", "£", "₩", "元", "円",
    "圆",
];

fn strip_currency_prefix(s: &str) -> Option<&str> {
    CURRENCY.iter().find_map(|c| {
        let n = c.len();
        let head = s.get(..n)?;
        head.eq_ignore_ascii_case(c).then(|| &s[n..])
    })
}

fn strip_currency_suffix(s: &str) -> Option<&str> {
    CURRENCY.iter().find_map(|c| {
        let n = c.len();
        let at = s.len().checked_sub(n)?;
        let tail = s.get(at..)?;
        tail.eq_ignore_ascii_case(c).then(|| &s[..at])
    })
}

#[derive(Debug, PartialEq, Eq)]
enum NumError {
    Bad,
    Scientific,
    TooLarge,
}

/// Parses a plain number (sign, currency, parentheses allowed) into units of 10^-`scale`,
/// rounding half away from zero. `limit` is the largest magnitude accepted.
/// The common case, read without the general parser: ASCII digits (at most 14) and an optional
/// decimal part, no sign, symbol, space or grouping. `None` sends the text to the general path.
fn parse_plain(text: &[u8], style: DecimalStyle, scale: u32) -> Option<i64> {
    let decimal = match style {
        DecimalStyle::Point => b'.',
        DecimalStyle::Comma => b',',
    };
    let (int, frac) = match text.iter().position(|b| *b == decimal) {
        Some(at) => (&text[..at], &text[at + 1..]),
        None => (text, &[][..]),
    };
    if int.is_empty() || int.len() > 14 || !int.iter().chain(frac).all(u8::is_ascii_digit) {
        return None;
    }
    let digits = |bytes: &[u8]| bytes.iter().fold(0i64, |v, b| v * 10 + i64::from(b - b'0'));
    let scale = scale as usize;
    let kept = &frac[..frac.len().min(scale)];
    let mut value = digits(int) * 10i64.pow(scale as u32)
        + digits(kept) * 10i64.pow((scale - kept.len()) as u32);
    if frac.get(scale).is_some_and(|d| *d >= b'5') {
        value += 1;
    }
    Some(value)
}

fn parse_scaled(
    text: &str,
    style: DecimalStyle,
    scale: u32,
    currency: bool,
    limit: i64,
) -> Result<i64, NumError> {
    if let Some(v) = parse_plain(text.as_bytes(), style, scale).filter(|v| *v <= limit) {
        return Ok(v);
    }
    let mut s = text.trim_matches(is_space);
    let mut negative = false;
    let mut signs = 0u8;
    let mut parens = false;
    loop {
        s = s.trim_matches(is_space);
        if currency {
            if let Some(rest) = strip_currency_prefix(s) {
                s = rest;
                continue;
            }
            if let Some(rest) = strip_currency_suffix(s) {
                s = rest;
                continue;
            }
        }
        if !parens && s.starts_with('(') && s.ends_with(')') && s.len() >= 2 {
            s = &s[1..s.len() - 1];
            parens = true;
            negative = true;
            signs += 1;
            continue;
        }
        if let Some(c) = s.chars().next()
            && (is_minus(c) || c == '+')
        {
            negative |= is_minus(c);
            signs += 1;
            s = &s[c.len_utf8()..];
            continue;
        }
        if let Some(c) = s.chars().next_back()
            && is_minus(c)
        {
            negative = true;
            signs += 1;
            s = &s[..s.len() - c.len_utf8()];
            continue;
        }
        break;
    }
    if signs > 1 || s.is_empty() {
        return Err(NumError::Bad);
    }
    if s.contains(['e', 'E'])
        && s.chars()
            .all(|c| c.is_ascii_digit() || ".,eE+-".contains(c))
    {
        return Err(NumError::Scientific);
    }
    let (decimal, group) = match style {
        DecimalStyle::Point => ('.', ','),
        DecimalStyle::Comma => (',', '.'),
    };
    let (int_part, frac_part) = match s.find(decimal) {
        Some(at) => (&s[..at], Some(&s[at + decimal.len_utf8()..])),
        None => (s, None),
    };
    // Integer part: digits, optionally grouped by threes with one kind of separator.
    let mut int: i128 = 0;
    let mut digits = 0usize;
    let mut group_len = 0usize;
    let mut separator: Option<char> = None;
    let mut first_group = true;
    for c in int_part.chars() {
        if let Some(d) = c.to_digit(10) {
            int = int * 10 + i128::from(d);
            digits += 1;
            group_len += 1;
            if int > i128::from(i64::MAX) {
                return Err(NumError::TooLarge);
            }
        } else if c == group || is_group_space(c) {
            if separator.is_some_and(|sep| sep != c)
                || group_len == 0
                || (first_group && group_len > 3)
                || (!first_group && group_len != 3)
            {
                return Err(NumError::Bad);
            }
            separator = Some(c);
            first_group = false;
            group_len = 0;
        } else {
            return Err(NumError::Bad);
        }
    }
    if separator.is_some() && group_len != 3 {
        return Err(NumError::Bad);
    }
    let frac = frac_part.unwrap_or("");
    if !frac.chars().all(|c| c.is_ascii_digit()) || (digits == 0 && frac.is_empty()) {
        return Err(NumError::Bad);
    }
    let unit = 10i128.pow(scale);
    let mut value = int * unit;
    let mut place = unit;
    let mut round_up = false;
    for (i, b) in frac.bytes().enumerate() {
        let d = i128::from(b - b'0');
        if (i as u32) < scale {
            place /= 10;
            value += d * place;
        } else {
            round_up = d >= 5;
            break;
        }
    }
    if round_up {
        value += 1;
    }
    if value > i128::from(limit) {
        return Err(NumError::TooLarge);
    }
    let value = value as i64;
    Ok(if negative { -value } else { value })
}

/// Parses an amount into minor units (fen, cents): `12.50` → 1250 with `minor_digits` 2.
/// Extra decimals round half away from zero; `minor_digits` above 4 is treated as 4.
pub fn parse_money(text: &str, style: DecimalStyle, minor_digits: u8) -> Result<i64, ValueError> {
    if text.trim_matches(is_space).is_empty() {
        return Err(ValueError::Empty(ValueKind::Money));
    }
    let scale = u32::from(minor_digits.min(4));
    parse_scaled(text, style, scale, true, MONEY_MAX_MINOR).map_err(|e| match e {
        NumError::Bad => ValueError::NotMoney(keep(text)),
        NumError::Scientific => ValueError::Scientific {
            kind: ValueKind::Money,
            text: keep(text),
        },
        NumError::TooLarge => ValueError::OutOfRange {
            kind: ValueKind::Money,
            text: keep(text),
        },
    })
}

/// Parses a quantity into thousandths: `2` → 2000, `1.5` → 1500, `-1.0` → -1000.
pub fn parse_quantity(text: &str, style: DecimalStyle) -> Result<i64, ValueError> {
    if text.trim_matches(is_space).is_empty() {
        return Err(ValueError::Empty(ValueKind::Quantity));
    }
    parse_scaled(text, style, 3, false, QUANTITY_MAX_MILLI).map_err(|e| match e {
        NumError::Bad => ValueError::NotQuantity(keep(text)),
        NumError::Scientific => ValueError::Scientific {
            kind: ValueKind::Quantity,
            text: keep(text),
        },
        NumError::TooLarge => ValueError::OutOfRange {
            kind: ValueKind::Quantity,
            text: keep(text),
        },
    })
}

/// Decides the decimal style of a column from its cells: a comma followed by one or two digits
/// at the end (`3,50`, `1.234,50`) votes comma, a point so placed (`1,234.50`, `12.5`) votes
/// point, repeated separators vote for the other style (`1.234.567`). Ties and no votes: point.
pub fn decide_decimal_style<'a>(samples: impl IntoIterator<Item = &'a str>) -> DecimalStyle {
    let (mut point, mut comma) = (0usize, 0usize);
    for sample in samples {
        let core: Vec<char> = {
            let chars: Vec<char> = sample.chars().collect();
            let first = chars.iter().position(char::is_ascii_digit);
            let last = chars.iter().rposition(char::is_ascii_digit);
            match (first, last) {
                (Some(a), Some(b)) => chars[a..=b].to_vec(),
                _ => continue,
            }
        };
        let last_sep = core.iter().rposition(|c| *c == '.' || *c == ',');
        let Some(at) = last_sep else { continue };
        let sep = core[at];
        let after = core.len() - at - 1;
        let count = core.iter().filter(|c| **c == sep).count();
        let other = if sep == '.' { ',' } else { '.' };
        let has_other = core.contains(&other);
        let vote_for_sep_decimal = if has_other || after != 3 {
            count == 1
        } else {
            // `1,234` or `1.234`: ambiguous unless repeated (`1,234,567` groups).
            if count > 1 {
                false
            } else {
                continue;
            }
        };
        match (sep, vote_for_sep_decimal) {
            ('.', true) | (',', false) => point += 1,
            _ => comma += 1,
        }
    }
    if comma > point {
        DecimalStyle::Comma
    } else {
        DecimalStyle::Point
    }
}

/// A date split into its three written fields, before the order is applied.
enum DateFields {
    /// Year first (`2026-03-05`, `2026/3/5`, `2026年3月5日`): unambiguous.
    YearFirst(i64, i64, i64),
    /// Two small fields then the year (`05/03/2026`, `3/5/26`); the year already widened.
    YearLast(i64, i64, i64),
    /// Two-digit fields only, read as year first when the order says so (`26/03/05`).
    Short(i64, i64, i64),
}

/// Splits `text` into its date fields and the rest (the time, possibly empty).
fn split_date(text: &str) -> Option<(DateFields, &str)> {
    let s = text.trim_matches(is_space);
    if let Some(y_at) = s.find('年') {
        let year: i64 = digits_value(s[..y_at].trim_matches(is_space))?;
        let rest = &s[y_at + '年'.len_utf8()..];
        let m_at = rest.find('月')?;
        let month = digits_value(rest[..m_at].trim_matches(is_space))?;
        let rest = &rest[m_at + '月'.len_utf8()..];
        let d_at = rest.find(['日', '号'])?;
        let day = digits_value(rest[..d_at].trim_matches(is_space))?;
        let rest = &rest[d_at + '日'.len_utf8()..];
        if s[..y_at].trim_matches(is_space).len() != 4 {
            return None;
        }
        return Some((DateFields::YearFirst(year, month, day), rest));
    }
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            is_space(c)
                || c == ','
                || (c == 'T' && i > 0 && s.as_bytes().get(i + 1).is_some_and(u8::is_ascii_digit))
        })
        .map_or(s.len(), |(i, _)| i);
    let (date, rest) = s.split_at(end);
    let sep = date.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let mut parts = date.split(sep);
    let (Some(a), Some(b), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    for p in [a, b, c] {
        if p.is_empty() || p.len() > 4 {
            return None;
        }
    }
    let (va, vb, vc) = (digits_value(a)?, digits_value(b)?, digits_value(c)?);
    let fields = if a.len() == 4 {
        if b.len() > 2 || c.len() > 2 {
            return None;
        }
        DateFields::YearFirst(va, vb, vc)
    } else if a.len() <= 2 && b.len() <= 2 && c.len() == 4 {
        DateFields::YearLast(va, vb, vc)
    } else if a.len() <= 2 && b.len() <= 2 && c.len() == 2 {
        if a.len() == 2 && b.len() == 2 {
            DateFields::Short(va, vb, vc)
        } else {
            DateFields::YearLast(va, vb, 2000 + vc)
        }
    } else {
        return None;
    };
    let rest = rest.trim_start_matches(|c: char| is_space(c) || c == ',' || c == 'T');
    Some((fields, rest))
}

fn digits_value(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// Decides the day/month order of a date column from all its cells: a first field above 12
/// means day first, a second field above 12 means month first, year-first dates say nothing
/// about the others. `None` when the column contradicts itself or every date is ambiguous
/// (`03/05/2026`): then the owner is asked.
pub fn decide_date_order<'a>(samples: impl IntoIterator<Item = &'a str>) -> Option<DateOrder> {
    let (mut dmy, mut mdy, mut ambiguous) = (false, false, false);
    for sample in samples {
        let Some((fields, _)) = split_date(sample) else {
            continue;
        };
        let (a, b) = match fields {
            DateFields::YearFirst(..) => continue,
            DateFields::YearLast(a, b, _) | DateFields::Short(a, b, _) => (a, b),
        };
        if a > 31 || b > 31 {
            continue;
        }
        match (a > 12, b > 12) {
            (true, false) => dmy = true,
            (false, true) => mdy = true,
            (false, false) => ambiguous = true,
            (true, true) => {}
        }
    }
    match (dmy, mdy) {
        (true, true) => None,
        (true, false) => Some(DateOrder::Dmy),
        (false, true) => Some(DateOrder::Mdy),
        (false, false) if ambiguous => None,
        (false, false) => Some(DateOrder::Ymd),
    }
}

/// Parses a date with an optional time. Year-first dates parse in any order; others follow
/// `order`. A time-zone offset after the time is ignored: the shop's local time is what counts.
pub fn parse_date_time(
    text: &str,
    order: DateOrder,
) -> Result<(NaiveDate, Option<NaiveTime>), ValueError> {
    parse_date_time_in(text, order, YEAR_MIN..=YEAR_MAX)
}

/// A month and day written without a year (a birthday in a member list): `03-12` / `3-12` in
/// the file's date `order` (day first when its dates are), `--03-12` (ISO 8601's year-less form,
/// month first), `3月12日` / `3月12号`. `None` for anything else, and for a day the month does not
/// have in a leap year.
pub fn parse_month_day(text: &str, order: DateOrder) -> Option<(u32, u32)> {
    let t = text.trim();
    let (month, day) = if let Some(iso) = t.strip_prefix("--") {
        iso.split_once('-')?
    } else if let Some((m, rest)) = t.split_once('月') {
        (
            m,
            rest.strip_suffix('日')
                .or_else(|| rest.strip_suffix('号'))?,
        )
    } else {
        let (a, b) = t.split_once('-')?;
        if order == DateOrder::Dmy {
            (b, a)
        } else {
            (a, b)
        }
    };
    let number = |s: &str| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (m, d) = (number(month)?, number(day)?);
    chrono::NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
}

/// `parse_date_time` for dates of other years than sales' (a member's birthday: from 1900).
pub fn parse_date_time_in(
    text: &str,
    order: DateOrder,
    years: RangeInclusive<i32>,
) -> Result<(NaiveDate, Option<NaiveTime>), ValueError> {
    let s = text.trim_matches(is_space);
    if s.is_empty() {
        return Err(ValueError::Empty(ValueKind::Date));
    }
    let not_date = || ValueError::NotDate(keep(text));
    let out_of_range = || ValueError::OutOfRange {
        kind: ValueKind::Date,
        text: keep(text),
    };
    if let Some(date) = compact_date(s).filter(|d| years.contains(&d.year())) {
        return Ok((date, None));
    }
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') && s.matches('.').count() <= 1 {
        let serial: f64 = s.parse().map_err(|_| not_date())?;
        if !(SERIAL_MIN..=SERIAL_MAX).contains(&serial) {
            return Err(not_date());
        }
        return from_serial(serial)
            .filter(|(d, _)| years.contains(&d.year()))
            .ok_or_else(out_of_range);
    }
    if s.contains(['e', 'E'])
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b".eE+-".contains(&b))
    {
        return Err(ValueError::Scientific {
            kind: ValueKind::Date,
            text: keep(text),
        });
    }
    let (fields, rest) = split_date(s).ok_or_else(not_date)?;
    let (y, m, d) = match (fields, order) {
        (DateFields::YearFirst(y, m, d), _) => (y, m, d),
        (DateFields::Short(a, b, c), DateOrder::Ymd) => (2000 + a, b, c),
        (DateFields::YearLast(a, b, y), DateOrder::Dmy) => (y, b, a),
        (DateFields::YearLast(a, b, y), DateOrder::Mdy) => (y, a, b),
        (DateFields::Short(a, b, c), DateOrder::Dmy) => (2000 + c, b, a),
        (DateFields::Short(a, b, c), DateOrder::Mdy) => (2000 + c, a, b),
        // A year-last date in a column decided year-first: only when it cannot be misread.
        (DateFields::YearLast(a, b, y), DateOrder::Ymd) => match (a > 12, b > 12) {
            (true, false) => (y, b, a),
            (false, true) => (y, a, b),
            _ => return Err(not_date()),
        },
    };
    if !(i64::from(*years.start())..=i64::from(*years.end())).contains(&y) {
        return Err(out_of_range());
    }
    let date = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32).ok_or_else(not_date)?;
    if rest.is_empty() {
        return Ok((date, None));
    }
    let (time, tail) = time_prefix(rest).ok_or_else(not_date)?;
    if !is_zone(tail) {
        return Err(not_date());
    }
    Ok((date, Some(time)))
}

/// A compact date, `20260305`: eight digits that are a real day of a year in range (a serial
/// date has five).
fn compact_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 8 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let y: i32 = s[..4].parse().ok()?;
    let m: u32 = s[4..6].parse().ok()?;
    let d: u32 = s[6..].parse().ok()?;
    (1900..=YEAR_MAX)
        .contains(&y)
        .then(|| NaiveDate::from_ymd_opt(y, m, d))
        .flatten()
}

/// A cell that spells "no value": `NA`, `N/A`, `#N/A`, `null` (R, pandas, Excel and database
/// exports write these for an empty cell). As written only: `Na` can be a name.
pub fn is_null_word(cell: &str) -> bool {
    cell.len() <= 4 && matches!(cell, "NA" | "N/A" | "n/a" | "#N/A" | "null" | "NULL")
}

/// An Excel serial date in the 1900 system (serials this large are past the Lotus leap-year bug,
/// so day 0 is 1899-12-30). Time is kept to the millisecond; the caller judges the year.
fn from_serial(serial: f64) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let days = serial.floor();
    let ms = ((serial - days) * 86_400_000.0).round() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let mut date = base.checked_add_signed(Duration::days(days as i64))?;
    let mut ms = ms;
    if ms >= 86_400_000 {
        date = date.succ_opt()?;
        ms -= 86_400_000;
    }
    let time = (ms > 0).then(|| from_millis(ms)).flatten();
    Some((date, time))
}

fn from_millis(ms: i64) -> Option<NaiveTime> {
    let secs = u32::try_from(ms / 1000).ok()?;
    let milli = u32::try_from(ms % 1000).ok()?;
    NaiveTime::from_num_seconds_from_midnight_opt(secs, milli * 1_000_000)
}

/// A trailing time-zone mark after a time: `Z`, `+08:00`, `-0500`, `UTC`, `GMT+8`, or nothing.
fn is_zone(tail: &str) -> bool {
    let mut t = tail.trim_matches(is_space);
    for name in ["UTC", "GMT", "Z"] {
        if let Some(rest) = t.strip_prefix(name) {
            t = rest.trim_start_matches(is_space);
            break;
        }
    }
    if t.is_empty() {
        return true;
    }
    let Some(rest) = t.strip_prefix(['+', '-']) else {
        return false;
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    (1..=4).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && rest.chars().filter(|c| *c == ':').count() <= 1
}

/// Parses a time of day: `14:23`, `14:23:11.520`, `2:23 PM`, `2:23pm`, `下午2:23`, or an Excel
/// day fraction such as `0.599`.
pub fn parse_time(text: &str) -> Result<NaiveTime, ValueError> {
    let s = text.trim_matches(is_space);
    if s.is_empty() {
        return Err(ValueError::Empty(ValueKind::Time));
    }
    let not_time = || ValueError::NotTime(keep(text));
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let fraction: f64 = s.parse().map_err(|_| not_time())?;
        if !(0.0..1.0).contains(&fraction) {
            return Err(not_time());
        }
        let ms = (fraction * 86_400_000.0).round() as i64;
        return from_millis(ms.min(86_399_999)).ok_or_else(not_time);
    }
    match time_prefix(s) {
        Some((time, rest)) if rest.trim_matches(is_space).is_empty() => Ok(time),
        _ => Err(not_time()),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Half {
    Am,
    Pm,
    Noon,
}

/// Reads a time at the start of `s`; returns it and what follows.
fn time_prefix(s: &str) -> Option<(NaiveTime, &str)> {
    let mut s = s.trim_start_matches(is_space);
    let mut half = None;
    for (mark, h) in [
        ("上午", Half::Am),
        ("早上", Half::Am),
        ("凌晨", Half::Am),
        ("下午", Half::Pm),
        ("晚上", Half::Pm),
        ("中午", Half::Noon),
    ] {
        if let Some(rest) = s.strip_prefix(mark) {
            half = Some(h);
            s = rest.trim_start_matches(is_space);
            break;
        }
    }
    let b = s.as_bytes();
    let mut i = 0;
    let number = |i: &mut usize, min: usize, max: usize| -> Option<u32> {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() && *i - start < max {
            *i += 1;
        }
        if *i - start < min {
            return None;
        }
        s[start..*i].parse().ok()
    };
    let hour = number(&mut i, 1, 2)?;
    if b.get(i) != Some(&b':') {
        return None;
    }
    i += 1;
    let minute = number(&mut i, 2, 2)?;
    let mut second = 0;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b':') {
        i += 1;
        second = number(&mut i, 2, 2)?;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let frac = &s[start..i];
            if frac.is_empty() {
                return None;
            }
            for (k, d) in frac.bytes().take(9).enumerate() {
                nanos += u32::from(d - b'0') * 10u32.pow(8 - k as u32);
            }
        }
    }
    let mut rest = &s[i..];
    if half.is_none() {
        let t = rest.trim_start_matches(is_space);
        let lower = t.get(..4).map(str::to_ascii_lowercase);
        let lower2 = t.get(..2).map(str::to_ascii_lowercase);
        if let Some(l) = lower.as_deref().filter(|l| *l == "a.m." || *l == "p.m.") {
            half = Some(if l.starts_with('a') {
                Half::Am
            } else {
                Half::Pm
            });
            rest = &t[4..];
        } else if let Some(l) = lower2.as_deref().filter(|l| *l == "am" || *l == "pm") {
            half = Some(if l.starts_with('a') {
                Half::Am
            } else {
                Half::Pm
            });
            rest = &t[2..];
        } else if let Some(r) = t.strip_prefix("上午") {
            half = Some(Half::Am);
            rest = r;
        } else if let Some(r) = t.strip_prefix("下午") {
            half = Some(Half::Pm);
            rest = r;
        }
    }
    let hour = match half {
        None => hour,
        Some(_) if !(1..=12).contains(&hour) && hour != 0 => return None,
        Some(Half::Am) => hour % 12,
        Some(Half::Pm) => hour % 12 + 12,
        Some(Half::Noon) => {
            if hour >= 11 {
                hour
            } else {
                hour + 12
            }
        }
    };
    let time = NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?;
    if second >= 60 {
        return None;
    }
    Some((time, rest))
}

#[cfg(test)]
#[path = "values_tests.rs"]
mod tests;
