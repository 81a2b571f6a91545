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

#[cfg(test)]
mod tests {
    use super::*;

    /// The UI formats money too (`ui/src/lib/format.ts`): both are tested on the same cases.
    #[test]
    fn formats_the_shared_cases_as_the_ui_does() {
        let twins: serde_json::Value = serde_json::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/twins.json"
        )))
        .expect("twins.json");
        let cases = twins["money"].as_array().expect("money cases");
        assert!(cases.len() >= 5);
        for c in cases {
            let symbol: &'static str = Box::leak(
                c["symbol"]
                    .as_str()
                    .expect("symbol")
                    .to_string()
                    .into_boxed_str(),
            );
            let currency = Currency {
                code: "",
                symbol,
                minor_digits: c["digits"].as_u64().expect("digits") as u8,
            };
            let minor = c["minor"].as_i64().expect("minor");
            assert_eq!(format_money(minor, &currency), c["text"], "{c}");
        }
    }
}
