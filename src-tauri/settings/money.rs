//! The one money formatter: integer minor units as the owner reads them, in the shop's
//! currency. Every screen, chart, review and CLI line formats money here.

use super::Currency;

/// Money in minor units as the owner reads it: `¥1,234.50`, `-$3.20`, `₩12,000`.
pub fn format_money(minor: i64, currency: &Currency) -> String {
    let digits = u32::from(currency.minor_digits);
    let unit = 10i64.pow(digits);
    let (major, frac) = (
        minor.unsigned_abs() / unit as u64,
        minor.unsigned_abs() % unit as u64,
    );
    let grouped = group_thousands(major);
    let sign = if minor < 0 { "-" } else { "" };
    if digits == 0 {
        format!("{sign}{}{grouped}", currency.symbol)
    } else {
        format!(
            "{sign}{}{grouped}.{frac:0width$}",
            currency.symbol,
            width = digits as usize
        )
    }
}

/// `1234567` as `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
