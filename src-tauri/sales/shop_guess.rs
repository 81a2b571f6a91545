//! Where a sales file says the shop is: its currency, its phone region and its time zone, read
//! before anything is written, for the owner to confirm on a first import (an English machine
//! must not make a Chinese shop's customers raw numbers), and the phone region again whenever
//! most of a file's phones fail under the shop's but parse under another.
//!
//! Signals, strongest first (each guess names the one it used):
//! - phone region: the customers' phones (a region where most of them are valid, or the country
//!   code they are written with), a country column, a time-zone column, the encoding (GBK means
//!   mainland China), a currency only one region uses, the script of the text;
//! - currency: a currency column, the symbols in the money columns (`$` read by the region), the
//!   region's currency;
//! - time zone: a time-zone column (IANA names or the names Square writes), the only zone of the
//!   region, or the region's zone whose UTC offsets match those written in the dates.
//!
//! Where the file says nothing the guess is `None`, and the shop keeps what it has (the
//! machine's defaults on a first run) and asks.

use super::layout::{Mapping, Role};
use crate::i18n::Lang;
use crate::import::read::{Row, Sniffed, TextEncoding};
use crate::people::phone;
use crate::settings::{self, Settings, regions};
use chrono::{DateTime, FixedOffset, Offset, TimeZone};
use chrono_tz::Tz;
use serde::Serialize;
use std::collections::BTreeMap;
use ts_rs::TS;

/// One setting as the file says it, and why, in the owner's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Guessed {
    pub value: String,
    pub why: String,
}

/// What a file says about the shop; `None` where it says nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ShopGuess {
    pub currency: Option<Guessed>,
    pub phone_region: Option<Guessed>,
    pub time_zone: Option<Guessed>,
}

impl ShopGuess {
    /// Whether anything the file says differs from `settings`.
    pub fn differs_from(&self, settings: &Settings) -> bool {
        let differs = |g: &Option<Guessed>, current: &str| {
            g.as_ref()
                .is_some_and(|g| !g.value.eq_ignore_ascii_case(current))
        };
        differs(&self.currency, &settings.currency)
            || differs(&self.phone_region, &settings.phone_region)
            || differs(&self.time_zone, &settings.time_zone)
    }
}

/// Reads the file's first rows (`sniffed.samples`) through `mapping`.
pub fn guess(sniffed: &Sniffed, mapping: &Mapping, current_region: &str, lang: Lang) -> ShopGuess {
    let file = File {
        sniffed,
        mapping,
        lang,
    };
    let zone_column = file.zone_column();
    let phones = file.phones();
    let code_column = file.currency_column();
    let symbol = file.symbol();
    let others = file
        .country_column()
        .or_else(|| {
            let (zone, header) = zone_column.as_ref()?;
            let region = regions::region_of_zone(zone)?;
            Some(said(
                region,
                lang,
                format!("“{header}”列写的时区在{}", region_name(region, lang)),
                format!(
                    "its “{header}” column names a zone of {}",
                    region_name(region, lang)
                ),
            ))
        })
        .or_else(|| file.encoding())
        .or_else(|| {
            let code = code_column.as_ref().map(|g| g.value.as_str()).or_else(|| {
                symbol
                    .as_ref()
                    .and_then(|(s, _)| unique_symbol(s, file.script()))
            })?;
            let region = region_of_currency(code)?;
            Some(said(
                region,
                lang,
                format!("金额是 {code}，只有{}用", region_name(region, lang)),
                format!(
                    "its amounts are {code}, the currency of {}",
                    region_name(region, lang)
                ),
            ))
        })
        .or_else(|| file.script_region());
    // Numbers of one shape can be valid in several regions (`0412 345 678` in Australia and
    // Taiwan): the other signals, then the shop's own region, choose among them.
    let phone_region = match phones {
        None => others,
        Some(p) => {
            let pick = match p.regions.as_slice() {
                [one] => Some(*one),
                tied => others
                    .as_ref()
                    .map(|o| o.value.as_str())
                    .filter(|o| tied.contains(o))
                    .or_else(|| tied.iter().copied().find(|r| *r == current_region)),
            };
            pick.map(|region| file.phones_said(region, p.valid, p.total))
        }
    };
    let region = phone_region.as_ref().map(|g| g.value.as_str());
    let currency = code_column
        .or_else(|| {
            let (symbol, header) = symbol.as_ref()?;
            let code = unique_symbol(symbol, file.script()).or_else(|| {
                (symbol == "$").then(|| match region.and_then(regions::currency_of_region) {
                    Some(code)
                        if settings::currency(code).is_some_and(|c| c.symbol.ends_with('$')) =>
                    {
                        code
                    }
                    _ => "USD",
                })
            })?;
            Some(said(
                code,
                lang,
                format!("“{header}”列的金额带 {symbol}"),
                format!("its “{header}” amounts are written with {symbol}"),
            ))
        })
        .or_else(|| {
            let region = phone_region.as_ref()?;
            let code = regions::currency_of_region(&region.value)?;
            Some(said(
                code,
                lang,
                format!("{}的货币", region_name(&region.value, lang)),
                format!("the currency of {}", region_name(&region.value, lang)),
            ))
        });
    let time_zone = zone_column
        .map(|(zone, header)| {
            said(
                &zone,
                lang,
                format!("“{header}”列写着时区"),
                format!("its “{header}” column says so"),
            )
        })
        .or_else(|| file.zone_of_region(region?));
    ShopGuess {
        currency,
        phone_region,
        time_zone,
    }
}

/// After the first import, only the phones speak: a region where most of the file's phones
/// are valid although fewer than half are under the shop's `current` region (a shop set up
/// with the machine's region, or a file from a branch abroad).
pub fn phones_elsewhere(
    sniffed: &Sniffed,
    mapping: &Mapping,
    current: &str,
    lang: Lang,
) -> Option<Guessed> {
    let file = File {
        sniffed,
        mapping,
        lang,
    };
    let phones = file.phones()?;
    let at_home = file.phones_read_in(current);
    let region = *phones.regions.first()?;
    (at_home * 2 < phones.total && !phones.regions.contains(&current))
        .then(|| file.phones_said(region, phones.valid, phones.total))
}

fn said(value: &str, lang: Lang, zh: String, en: String) -> Guessed {
    Guessed {
        value: value.to_string(),
        why: lang.pick(zh, en),
    }
}

fn region_name(code: &str, lang: Lang) -> String {
    regions::REGIONS
        .iter()
        .find(|r| r.code == code)
        .map(|r| lang.pick(r.zh, r.en))
        .unwrap_or_else(|| code.to_string())
}

/// The one region whose shops use `code`, for the currencies only one region of
/// [`regions::REGIONS`] sells in.
fn region_of_currency(code: &str) -> Option<&'static str> {
    let mut of = regions::REGIONS
        .iter()
        .filter(|r| regions::currency_of_region(r.code) == Some(code));
    let first = of.next()?.code;
    of.next().is_none().then_some(first)
}

/// A money symbol of one currency (`£`, `HK$`, `€`); `¥` is the yuan unless the text is
/// Japanese. `$` alone is no answer.
fn unique_symbol(symbol: &str, script: Script) -> Option<&'static str> {
    Some(match symbol {
        "¥" | "￥" | "元" => {
            if script == Script::Kana {
                "JPY"
            } else {
                "CNY"
            }
        }
        "円" => "JPY",
        "£" => "GBP",
        "€" => "EUR",
        "₩" => "KRW",
        "₴" => "UAH",
        "HK$" => "HKD",
        "NT$" => "TWD",
        "MOP$" => "MOP",
        "S$" => "SGD",
        "A$" | "AU$" => "AUD",
        "C$" | "CA$" => "CAD",
        "US$" => "USD",
        "RM" => "MYR",
        "CHF" => "CHF",
        _ => return None,
    })
}

/// The symbols looked for in money cells, longest first so that `HK$` is not read as `$`.
const SYMBOLS: &[&str] = &[
    "MOP$", "HK$", "NT$", "AU$", "CA$", "US$", "S$", "A$", "C$", "RM", "CHF", "¥", "￥", "元",
    "円", "£", "€", "₩", "₴", "$",
];

const MONEY_ROLES: &[Role] = &[
    Role::Net,
    Role::Gross,
    Role::UnitPrice,
    Role::OrderTotal,
    Role::Discount,
    Role::Tax,
    Role::RefundAmount,
];

/// The main script of the file's text (headers and cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Han,
    Kana,
    Hangul,
    Other,
}

/// The regions where most of a file's distinct phones are valid.
struct Phones {
    regions: Vec<&'static str>,
    valid: usize,
    total: usize,
}

/// The file being read, for its signals.
struct File<'a> {
    sniffed: &'a Sniffed,
    mapping: &'a Mapping,
    lang: Lang,
}

impl File<'_> {
    fn column(&self, role: Role) -> Option<usize> {
        self.mapping
            .columns
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| *c)
    }

    fn header(&self, column: usize) -> &str {
        self.sniffed.headers.get(column).map_or("", |h| h.trim())
    }

    fn cells(&self, column: usize) -> impl Iterator<Item = &str> {
        self.sniffed
            .samples
            .iter()
            .filter_map(move |r: &Row| r.cells.get(column))
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
    }

    /// Columns whose header (lower case) contains one of `words`.
    fn columns_named<'w>(&'w self, words: &'w [&str]) -> impl Iterator<Item = usize> + 'w {
        self.sniffed
            .headers
            .iter()
            .enumerate()
            .filter(move |(_, h)| {
                let h = h.to_lowercase();
                words.iter().any(|w| h.contains(w))
            })
            .map(|(i, _)| i)
    }

    /// The value most of `values` share, if most of them (and at least one) do.
    fn most<'v>(values: impl Iterator<Item = &'v str>) -> Option<(&'v str, usize, usize)> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        let mut total = 0;
        for v in values {
            *counts.entry(v).or_default() += 1;
            total += 1;
        }
        let (value, n) = counts.into_iter().max_by_key(|(_, n)| *n)?;
        (n * 2 > total).then_some((value, n, total))
    }

    /// The customers' phones: the regions where most of them are valid numbers (several when
    /// they tie), or the country most of them are written with.
    fn phones(&self) -> Option<Phones> {
        let distinct = self.distinct_phones();
        let total = distinct.len();
        if total == 0 {
            return None;
        }
        let written: Vec<String> = distinct
            .iter()
            .filter_map(|p| phone::region_written(p))
            .collect();
        if written.len() * 2 > total {
            let (region, valid, _) = Self::most(written.iter().map(String::as_str))?;
            let region = regions::REGIONS.iter().find(|r| r.code == region)?.code;
            return Some(Phones {
                regions: vec![region],
                valid,
                total,
            });
        }
        // Valid numbers first, then mobiles among them: `138 1234 5678` is valid in Germany
        // too, as a landline; customers leave their mobiles.
        let mut best = Phones {
            regions: Vec::new(),
            valid: 0,
            total,
        };
        let mut best_score = (0, 0);
        for r in regions::REGIONS {
            let fits: Vec<bool> = distinct
                .iter()
                .filter_map(|p| phone::fit_in(p, r.code))
                .collect();
            let score = (fits.len(), fits.iter().filter(|m| **m).count());
            if score > best_score {
                best_score = score;
                (best.regions, best.valid) = (vec![r.code], score.0);
            } else if score == best_score && score.0 > 0 {
                best.regions.push(r.code);
            }
        }
        (best.valid * 5 >= total * 3).then_some(best)
    }

    /// How many distinct phones the shop reads under `region` (its own numbers, or any written
    /// with a country code).
    fn phones_read_in(&self, region: &str) -> usize {
        self.distinct_phones()
            .iter()
            .filter(|p| phone::valid_for(p, region))
            .count()
    }

    /// The sampled rows' customer phones, each once (none without a phone column).
    fn distinct_phones(&self) -> Vec<&str> {
        let Some(column) = self.column(Role::CustomerPhone) else {
            return Vec::new();
        };
        let mut distinct: Vec<&str> = self.cells(column).collect();
        distinct.sort_unstable();
        distinct.dedup();
        distinct
    }

    fn phones_said(&self, region: &str, n: usize, total: usize) -> Guessed {
        let name = region_name(region, self.lang);
        said(
            region,
            self.lang,
            format!("{total} 个顾客手机号中 {n} 个是{name}的号码"),
            format!("{n} of its {total} customer phones are {name} numbers"),
        )
    }

    /// A column of countries (Shopify's `Billing Country`) holding two-letter codes.
    fn country_column(&self) -> Option<Guessed> {
        self.columns_named(&["country", "国家"]).find_map(|column| {
            let (code, _, _) = Self::most(self.cells(column))?;
            let region = regions::REGIONS
                .iter()
                .find(|r| r.code.eq_ignore_ascii_case(code))?
                .code;
            let header = self.header(column);
            Some(said(
                region,
                self.lang,
                format!("“{header}”列写着 {region}"),
                format!("its “{header}” column says {region}"),
            ))
        })
    }

    /// A column of currency codes (Shopify's `Currency`) the app formats.
    fn currency_column(&self) -> Option<Guessed> {
        self.columns_named(&["currency", "货币", "币种"])
            .find_map(|column| {
                let (code, _, _) = Self::most(self.cells(column))?;
                let code = settings::currency(&code.to_ascii_uppercase())?.code;
                let header = self.header(column);
                Some(said(
                    code,
                    self.lang,
                    format!("“{header}”列写着 {code}"),
                    format!("its “{header}” column says {code}"),
                ))
            })
    }

    /// A column of time zones (Square's `Time Zone`): (the zone, the column's header).
    fn zone_column(&self) -> Option<(String, String)> {
        self.columns_named(&["time zone", "timezone", "time_zone", "时区"])
            .find_map(|column| {
                let (name, _, _) = Self::most(self.cells(column))?;
                let zone = named_zone(name)?;
                Some((zone, self.header(column).to_string()))
            })
    }

    /// The symbol most money cells are written with: (symbol, the column's header).
    fn symbol(&self) -> Option<(String, String)> {
        MONEY_ROLES.iter().find_map(|role| {
            let column = self.column(*role)?;
            let symbols = self
                .cells(column)
                .filter_map(|cell| SYMBOLS.iter().find(|s| cell.contains(**s)).copied());
            let (symbol, _, _) = Self::most(symbols)?;
            Some((symbol.to_string(), self.header(column).to_string()))
        })
    }

    fn encoding(&self) -> Option<Guessed> {
        (self.sniffed.encoding == Some(TextEncoding::Gb18030)).then(|| {
            said(
                "CN",
                self.lang,
                "文件是 GBK 编码，中国大陆的软件这样导出".to_string(),
                "it is encoded in GBK, as mainland China's software writes".to_string(),
            )
        })
    }

    fn script(&self) -> Script {
        let text = self
            .sniffed
            .headers
            .iter()
            .chain(self.sniffed.samples.iter().flat_map(|r| r.cells.iter()));
        let (mut han, mut kana, mut hangul, mut letters) = (0usize, 0usize, 0usize, 0usize);
        for c in text.flat_map(|t| t.chars()) {
            match c {
                '\u{3040}'..='\u{30ff}' => kana += 1,
                '\u{ac00}'..='\u{d7af}' => hangul += 1,
                '\u{4e00}'..='\u{9fff}' => han += 1,
                c if c.is_alphabetic() => letters += 1,
                _ => {}
            }
        }
        if kana > 0 && kana * 10 >= han {
            Script::Kana
        } else if hangul > letters {
            Script::Hangul
        } else if han > letters {
            Script::Han
        } else {
            Script::Other
        }
    }

    fn script_region(&self) -> Option<Guessed> {
        let (region, zh, en) = match self.script() {
            Script::Han => ("CN", "文件是中文", "its text is Chinese"),
            Script::Kana => ("JP", "文件是日文", "its text is Japanese"),
            Script::Hangul => ("KR", "文件是韩文", "its text is Korean"),
            Script::Other => return None,
        };
        Some(said(region, self.lang, zh.into(), en.into()))
    }

    /// The region's zone: its only one, or the one whose offsets match those the dates carry.
    fn zone_of_region(&self, region: &str) -> Option<Guessed> {
        let zones = regions::zones(region);
        let offsets = self.offsets();
        let name = region_name(region, self.lang);
        if let [zone] = zones {
            return Some(said(
                zone,
                self.lang,
                format!("{name}只有这一个时区"),
                format!("{name} has this one zone"),
            ));
        }
        if offsets.is_empty() {
            return None;
        }
        let zone = zones.iter().find(|zone| {
            zone.parse::<Tz>().is_ok_and(|tz| {
                offsets
                    .iter()
                    .all(|at| tz.offset_from_utc_datetime(&at.naive_utc()).fix() == *at.offset())
            })
        })?;
        Some(said(
            zone,
            self.lang,
            format!("日期所带的 UTC 偏移与{name}的这个时区相符"),
            format!("the UTC offsets its dates carry are this zone's of {name}"),
        ))
    }

    /// The instants the date column writes with their UTC offset (`2025-12-07 19:08:24 +0000`).
    fn offsets(&self) -> Vec<DateTime<FixedOffset>> {
        let Some(column) = self.column(Role::Date) else {
            return Vec::new();
        };
        self.cells(column)
            .filter_map(|cell| {
                DateTime::parse_from_rfc3339(cell)
                    .or_else(|_| DateTime::parse_from_str(cell, "%Y-%m-%d %H:%M:%S %z"))
                    .or_else(|_| DateTime::parse_from_str(cell, "%Y-%m-%d %H:%M %z"))
                    .ok()
            })
            .collect()
    }
}

/// A zone as a time-zone column names it: an IANA name, or the names Square and Rails write
/// ("Pacific Time (US & Canada)").
fn named_zone(name: &str) -> Option<String> {
    if let Ok(tz) = name.parse::<Tz>() {
        return Some(tz.name().to_string());
    }
    let iana = match name {
        "Pacific Time (US & Canada)" => "America/Los_Angeles",
        "Mountain Time (US & Canada)" => "America/Denver",
        "Central Time (US & Canada)" => "America/Chicago",
        "Eastern Time (US & Canada)" => "America/New_York",
        "Arizona" => "America/Phoenix",
        "Alaska" => "America/Anchorage",
        "Hawaii" => "Pacific/Honolulu",
        "Atlantic Time (Canada)" => "America/Halifax",
        "Newfoundland" => "America/St_Johns",
        "London" | "Edinburgh" => "Europe/London",
        "Dublin" => "Europe/Dublin",
        "Paris" => "Europe/Paris",
        "Berlin" => "Europe/Berlin",
        "Madrid" => "Europe/Madrid",
        "Rome" => "Europe/Rome",
        "Amsterdam" => "Europe/Amsterdam",
        "Sydney" | "Canberra" => "Australia/Sydney",
        "Melbourne" => "Australia/Melbourne",
        "Brisbane" => "Australia/Brisbane",
        "Perth" => "Australia/Perth",
        "Adelaide" => "Australia/Adelaide",
        "Auckland" | "Wellington" => "Pacific/Auckland",
        "Tokyo" | "Osaka" => "Asia/Tokyo",
        "Beijing" | "Chongqing" => "Asia/Shanghai",
        "Hong Kong" => "Asia/Hong_Kong",
        "Singapore" => "Asia/Singapore",
        "Taipei" => "Asia/Taipei",
        "Seoul" => "Asia/Seoul",
        "Kuala Lumpur" => "Asia/Kuala_Lumpur",
        _ => return None,
    };
    Some(iana.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::FileKind;
    use crate::import::values::{DateOrder, DecimalStyle};
    use crate::sales::layout::Level;

    fn file(headers: &[&str], rows: &[&[&str]], encoding: TextEncoding) -> Sniffed {
        Sniffed {
            kind: FileKind::Text,
            encoding: Some(encoding),
            delimiter: Some(','),
            sheet: None,
            header_row: 1,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            title_lines: Vec::new(),
            samples: rows
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    number: i + 2,
                    cells: r.iter().map(|c| c.to_string()).collect(),
                })
                .collect(),
            size_bytes: 0,
            sheet_rows: None,
        }
    }

    fn mapping(columns: &[(Role, usize)]) -> Mapping {
        Mapping {
            columns: columns.to_vec(),
            level: Level::Line,
            decimal: DecimalStyle::Point,
            date_order: Some(DateOrder::Ymd),
            tax_included: false,
            statuses: Vec::new(),
            money_on_first_row: false,
        }
    }

    fn values(g: &ShopGuess) -> [Option<&str>; 3] {
        [
            g.currency.as_ref().map(|g| g.value.as_str()),
            g.phone_region.as_ref().map(|g| g.value.as_str()),
            g.time_zone.as_ref().map(|g| g.value.as_str()),
        ]
    }

    #[test]
    fn chinese_mobiles_make_a_chinese_shop_on_an_american_machine() {
        let f = file(
            &["date", "net", "phone"],
            &[
                &["2026-03-01", "12.00", "13812345678"],
                &["2026-03-01", "8.00", "13987654321"],
                &["2026-03-02", "9.00", "15012345678"],
            ],
            TextEncoding::Utf8,
        );
        let g = guess(
            &f,
            &mapping(&[(Role::Date, 0), (Role::Net, 1), (Role::CustomerPhone, 2)]),
            "US",
            Lang::En,
        );
        assert_eq!(values(&g), [Some("CNY"), Some("CN"), Some("Asia/Shanghai")]);
        assert!(
            g.phone_region
                .as_ref()
                .is_some_and(|p| p.why.contains("3 of its 3")),
            "{g:?}"
        );
        let map = mapping(&[(Role::Date, 0), (Role::Net, 1), (Role::CustomerPhone, 2)]);
        let elsewhere = phones_elsewhere(&f, &map, "US", Lang::En);
        assert_eq!(elsewhere.map(|g| g.value), Some("CN".to_string()));
        assert_eq!(phones_elsewhere(&f, &map, "CN", Lang::En), None);
    }

    #[test]
    fn a_dollar_is_read_by_the_region_and_offsets_pick_the_zone() {
        let f = file(
            &["Created at", "Total", "Phone"],
            &[
                &["2026-01-10 10:00:00 +1100", "A$12.00", "0412 345 678"],
                &["2026-07-10 10:00:00 +1000", "A$8.00", "0412 345 679"],
            ],
            TextEncoding::Utf8,
        );
        let map = mapping(&[(Role::Date, 0), (Role::Net, 1), (Role::CustomerPhone, 2)]);
        let g = guess(&f, &map, "US", Lang::En);
        assert_eq!(values(&g)[1], Some("AU"));
        assert_eq!(values(&g)[2], Some("Australia/Sydney"), "{g:?}");
        // Without offsets, a region of several zones is asked; numbers as valid in two regions
        // (Australia and Taiwan) and nothing else to tell them apart keep the shop's region
        // if it is one of them, else are asked.
        let f = file(
            &["Phone", "Net"],
            &[&["0412 345 678", "A$1.00"], &["0412 345 679", "A$2.00"]],
            TextEncoding::Utf8,
        );
        let map = mapping(&[(Role::CustomerPhone, 0), (Role::Net, 1)]);
        let g = guess(&f, &map, "US", Lang::En);
        assert_eq!(values(&g), [Some("AUD"), Some("AU"), None]);
        let f = file(
            &["Phone"],
            &[&["0412 345 678"], &["0412 345 679"]],
            TextEncoding::Utf8,
        );
        let map = mapping(&[(Role::CustomerPhone, 0)]);
        assert_eq!(values(&guess(&f, &map, "US", Lang::En)), [None, None, None]);
        assert_eq!(values(&guess(&f, &map, "AU", Lang::En))[1], Some("AU"));
        // Perth's offsets (+0800, no summer time) are Perth's.
        let f = file(
            &["Created at", "Phone"],
            &[
                &["2026-01-10 10:00:00 +0800", "0412 345 678"],
                &["2026-07-10 10:00:00 +0800", "0412 345 679"],
            ],
            TextEncoding::Utf8,
        );
        let g = guess(
            &f,
            &mapping(&[(Role::Date, 0), (Role::CustomerPhone, 1)]),
            "AU",
            Lang::En,
        );
        assert_eq!(values(&g)[2], Some("Australia/Perth"));
    }

    #[test]
    fn a_file_that_says_nothing_guesses_nothing() {
        let f = file(
            &["Date", "Receipt", "Net"],
            &[&["2026-03-01", "1", "12.00"], &["2026-03-01", "2", "3.50"]],
            TextEncoding::Utf8,
        );
        let g = guess(
            &f,
            &mapping(&[(Role::Date, 0), (Role::Net, 2)]),
            "CN",
            Lang::Zh,
        );
        assert_eq!(g, ShopGuess::default());
        assert!(!g.differs_from(&Settings::defaults("zh-CN", "Asia/Shanghai")));
    }

    #[test]
    fn gbk_and_chinese_text_say_mainland_china_and_the_yuan_sign_its_currency() {
        let f = file(
            &["日期", "金额"],
            &[&["2026-03-01", "￥12.00"]],
            TextEncoding::Gb18030,
        );
        let g = guess(
            &f,
            &mapping(&[(Role::Date, 0), (Role::Net, 1)]),
            "US",
            Lang::Zh,
        );
        assert_eq!(values(&g), [Some("CNY"), Some("CN"), Some("Asia/Shanghai")]);
        assert!(
            g.phone_region
                .as_ref()
                .is_some_and(|p| p.why.contains("GBK"))
        );
        assert!(g.differs_from(&Settings::defaults("en_US.UTF-8", "UTC")));
        let f = file(
            &["日付", "金額"],
            &[&["2026-03-01", "¥1200"], &["ありがとう", ""]],
            TextEncoding::Utf8,
        );
        let g = guess(
            &f,
            &mapping(&[(Role::Date, 0), (Role::Net, 1)]),
            "US",
            Lang::En,
        );
        assert_eq!(values(&g), [Some("JPY"), Some("JP"), Some("Asia/Tokyo")]);
    }

    #[test]
    fn a_time_zone_column_and_a_country_code_in_the_phones() {
        let f = file(
            &["Date", "Time Zone", "Net Sales", "Phone"],
            &[
                &[
                    "2026-03-01",
                    "Pacific Time (US & Canada)",
                    "$12.00",
                    "+44 7911 123456",
                ],
                &[
                    "2026-03-01",
                    "Pacific Time (US & Canada)",
                    "$3.00",
                    "+44 7911 123457",
                ],
            ],
            TextEncoding::Utf8,
        );
        let g = guess(
            &f,
            &mapping(&[(Role::Date, 0), (Role::Net, 2)]),
            "CN",
            Lang::En,
        );
        assert_eq!(
            values(&g),
            [Some("USD"), Some("US"), Some("America/Los_Angeles")]
        );
        let g = guess(
            &f,
            &mapping(&[(Role::Date, 0), (Role::Net, 2), (Role::CustomerPhone, 3)]),
            "CN",
            Lang::En,
        );
        assert_eq!(values(&g)[1], Some("GB"), "the phones outweigh the zone");
    }
}
