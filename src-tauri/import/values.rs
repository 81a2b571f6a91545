// STAND-IN: replaced by the import-read branch at merge
//! Minimal stand-in for the value parsers, so the `import-layout` branch
//! compiles on its own. Only the names `layout` uses are here.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which character separates the decimals in money: `1,234.50` or `1.234,50`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DecimalStyle {
    Point,
    Comma,
}

/// The order of day, month and year in a date written with numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DateOrder {
    Ymd,
    Dmy,
    Mdy,
}

/// Comma when the samples end in `,` and one or two digits, point otherwise.
pub fn decide_decimal_style<'a>(samples: impl IntoIterator<Item = &'a str>) -> DecimalStyle {
    let (mut comma, mut point) = (0usize, 0usize);
    for s in samples {
        let digits: String = s
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        let Some(pos) = digits.rfind([',', '.']) else {
            continue;
        };
        let after = digits.len() - pos - 1;
        if after == 3 {
            continue; // a thousands separator or three decimals: no evidence
        }
        if digits[pos..].starts_with(',') {
            comma += 1;
        } else {
            point += 1;
        }
    }
    if comma > point {
        DecimalStyle::Comma
    } else {
        DecimalStyle::Point
    }
}

/// Ymd when the year comes first; Dmy or Mdy when a day above 12 shows
/// which; `None` when the samples cannot tell.
pub fn decide_date_order<'a>(samples: impl IntoIterator<Item = &'a str>) -> Option<DateOrder> {
    let (mut ymd, mut dmy, mut mdy) = (false, false, false);
    for s in samples {
        let date = s.trim().split([' ', 'T', ',']).next().unwrap_or_default();
        let parts: Vec<&str> = date.split(['-', '/', '.']).collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            continue;
        }
        if parts[0].len() == 4 {
            ymd = true;
            continue;
        }
        let a: u32 = parts[0].parse().unwrap_or(0);
        let b: u32 = parts[1].parse().unwrap_or(0);
        if a > 12 {
            dmy = true;
        } else if b > 12 {
            mdy = true;
        }
    }
    match (ymd, dmy, mdy) {
        (true, false, false) => Some(DateOrder::Ymd),
        (false, true, false) => Some(DateOrder::Dmy),
        (false, false, true) => Some(DateOrder::Mdy),
        _ => None,
    }
}
