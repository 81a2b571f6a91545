//! Data only: the phone regions the settings offer, by country name in both languages, and the
//! time zones (the machine's first). A region's number rules come from `phonenumber`.

use chrono_tz::TZ_VARIANTS;
use serde::Serialize;
use ts_rs::TS;

/// A phone region as Settings lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Region {
    /// ISO 3166 code, as `phone_region` stores it.
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn region(code: &'static str, zh: &'static str, en: &'static str) -> Region {
    Region { code, zh, en }
}

/// The regions of our shops first (Greater China, then Asia, then the rest), each once.
pub const REGIONS: &[Region] = &[
    region("CN", "中国大陆", "Mainland China"),
    region("HK", "中国香港", "Hong Kong"),
    region("MO", "中国澳门", "Macao"),
    region("TW", "中国台湾", "Taiwan"),
    region("SG", "新加坡", "Singapore"),
    region("MY", "马来西亚", "Malaysia"),
    region("JP", "日本", "Japan"),
    region("KR", "韩国", "South Korea"),
    region("TH", "泰国", "Thailand"),
    region("VN", "越南", "Vietnam"),
    region("PH", "菲律宾", "Philippines"),
    region("ID", "印度尼西亚", "Indonesia"),
    region("IN", "印度", "India"),
    region("AE", "阿联酋", "United Arab Emirates"),
    region("US", "美国", "United States"),
    region("CA", "加拿大", "Canada"),
    region("MX", "墨西哥", "Mexico"),
    region("BR", "巴西", "Brazil"),
    region("AU", "澳大利亚", "Australia"),
    region("NZ", "新西兰", "New Zealand"),
    region("GB", "英国", "United Kingdom"),
    region("IE", "爱尔兰", "Ireland"),
    region("DE", "德国", "Germany"),
    region("FR", "法国", "France"),
    region("IT", "意大利", "Italy"),
    region("ES", "西班牙", "Spain"),
    region("PT", "葡萄牙", "Portugal"),
    region("NL", "荷兰", "Netherlands"),
    region("BE", "比利时", "Belgium"),
    region("CH", "瑞士", "Switzerland"),
    region("AT", "奥地利", "Austria"),
    region("SE", "瑞典", "Sweden"),
    region("NO", "挪威", "Norway"),
    region("DK", "丹麦", "Denmark"),
    region("FI", "芬兰", "Finland"),
    region("PL", "波兰", "Poland"),
    region("UA", "乌克兰", "Ukraine"),
    region("TR", "土耳其", "Turkey"),
];

/// The time zones of a region where its shops are, the most populous first; one zone for a
/// region that has one (or where nearly all of its people live in one). Empty for a region
/// not listed in [`REGIONS`].
pub fn zones(region: &str) -> &'static [&'static str] {
    match region {
        "CN" => &["Asia/Shanghai"],
        "HK" => &["Asia/Hong_Kong"],
        "MO" => &["Asia/Macau"],
        "TW" => &["Asia/Taipei"],
        "SG" => &["Asia/Singapore"],
        "MY" => &["Asia/Kuala_Lumpur"],
        "JP" => &["Asia/Tokyo"],
        "KR" => &["Asia/Seoul"],
        "TH" => &["Asia/Bangkok"],
        "VN" => &["Asia/Ho_Chi_Minh"],
        "PH" => &["Asia/Manila"],
        "ID" => &["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"],
        "IN" => &["Asia/Kolkata"],
        "AE" => &["Asia/Dubai"],
        "US" => &[
            "America/New_York",
            "America/Chicago",
            "America/Los_Angeles",
            "America/Denver",
            "America/Phoenix",
            "America/Anchorage",
            "Pacific/Honolulu",
        ],
        "CA" => &[
            "America/Toronto",
            "America/Vancouver",
            "America/Edmonton",
            "America/Winnipeg",
            "America/Halifax",
            "America/Regina",
            "America/St_Johns",
        ],
        "MX" => &["America/Mexico_City", "America/Tijuana", "America/Cancun"],
        "BR" => &["America/Sao_Paulo", "America/Manaus", "America/Fortaleza"],
        "AU" => &[
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Brisbane",
            "Australia/Perth",
            "Australia/Adelaide",
            "Australia/Hobart",
            "Australia/Darwin",
        ],
        "NZ" => &["Pacific/Auckland"],
        "GB" => &["Europe/London"],
        "IE" => &["Europe/Dublin"],
        "DE" => &["Europe/Berlin"],
        "FR" => &["Europe/Paris"],
        "IT" => &["Europe/Rome"],
        "ES" => &["Europe/Madrid"],
        "PT" => &["Europe/Lisbon"],
        "NL" => &["Europe/Amsterdam"],
        "BE" => &["Europe/Brussels"],
        "CH" => &["Europe/Zurich"],
        "AT" => &["Europe/Vienna"],
        "SE" => &["Europe/Stockholm"],
        "NO" => &["Europe/Oslo"],
        "DK" => &["Europe/Copenhagen"],
        "FI" => &["Europe/Helsinki"],
        "PL" => &["Europe/Warsaw"],
        "UA" => &["Europe/Kyiv"],
        "TR" => &["Europe/Istanbul"],
        _ => &[],
    }
}

/// The region a time zone belongs to, when it belongs to one of [`REGIONS`] (a zone of
/// [`zones`], or one of the old names of such a zone); `None` for zones that span countries.
pub fn region_of_zone(tz: &str) -> Option<&'static str> {
    let alias = match tz {
        "Asia/Chongqing" | "Asia/Chungking" | "Asia/Harbin" | "Asia/Urumqi" | "PRC" => "CN",
        "Hongkong" => "HK",
        "Asia/Macao" => "MO",
        "ROC" => "TW",
        "Singapore" => "SG",
        "Japan" => "JP",
        "ROK" => "KR",
        "Europe/Kiev" => "UA",
        "Asia/Calcutta" => "IN",
        "Asia/Saigon" => "VN",
        _ => "",
    };
    if !alias.is_empty() {
        return REGIONS.iter().find(|r| r.code == alias).map(|r| r.code);
    }
    REGIONS
        .iter()
        .map(|r| r.code)
        .find(|code| zones(code).contains(&tz))
}

/// The currency a region's shops sell in, of those the app formats (`settings::CURRENCIES`).
pub fn currency_of_region(region: &str) -> Option<&'static str> {
    Some(match region {
        "CN" => "CNY",
        "HK" => "HKD",
        "TW" => "TWD",
        "MO" => "MOP",
        "SG" => "SGD",
        "MY" => "MYR",
        "JP" => "JPY",
        "KR" => "KRW",
        "US" => "USD",
        "CA" => "CAD",
        "AU" => "AUD",
        "GB" => "GBP",
        "CH" => "CHF",
        "UA" => "UAH",
        "AT" | "BE" | "DE" | "ES" | "FI" | "FR" | "GR" | "IE" | "IT" | "NL" | "PT" => "EUR",
        _ => return None,
    })
}

/// Every time zone by its IANA name (`Asia/Shanghai`), `first` (the machine's) leading; the
/// old aliases (`PRC`, `US/Eastern`, `Etc/GMT+8`) left out.
pub fn time_zones(first: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(TZ_VARIANTS.len());
    if TZ_VARIANTS.iter().any(|tz| tz.name() == first) {
        out.push(first.to_string());
    }
    let areas = [
        "Africa/",
        "America/",
        "Antarctica/",
        "Asia/",
        "Atlantic/",
        "Australia/",
        "Europe/",
        "Indian/",
        "Pacific/",
    ];
    out.extend(
        TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|n| *n != first && areas.iter().any(|a| n.starts_with(a)))
            .map(str::to_string),
    );
    out.push("UTC".to_string());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_region_is_a_phone_region_once() {
        let mut seen = std::collections::HashSet::new();
        for r in REGIONS {
            assert!(super::super::parse_region(r.code).is_some(), "{}", r.code);
            assert!(seen.insert(r.code), "{} twice", r.code);
        }
    }

    #[test]
    fn every_region_has_its_zones_and_they_lead_back_to_it() {
        for r in REGIONS {
            assert!(!zones(r.code).is_empty(), "{}", r.code);
            for zone in zones(r.code) {
                assert!(zone.parse::<chrono_tz::Tz>().is_ok(), "{zone}");
                assert_eq!(region_of_zone(zone), Some(r.code), "{zone}");
            }
            if let Some(code) = currency_of_region(r.code) {
                assert!(super::super::currency(code).is_some(), "{code}");
            }
        }
        assert_eq!(region_of_zone("PRC"), Some("CN"));
        assert_eq!(region_of_zone("Europe/Kiev"), Some("UA"));
        assert_eq!(region_of_zone("Etc/UTC"), None);
        assert_eq!(
            currency_of_region("GR"),
            Some("EUR"),
            "a Greek machine's default"
        );
    }

    #[test]
    fn time_zones_lead_with_the_machines_and_skip_aliases() {
        let zones = time_zones("Europe/Kyiv");
        assert_eq!(zones[0], "Europe/Kyiv");
        assert_eq!(zones.iter().filter(|z| *z == "Europe/Kyiv").count(), 1);
        assert!(zones.iter().any(|z| z == "Asia/Shanghai"));
        assert!(
            !zones
                .iter()
                .any(|z| z == "PRC" || z.starts_with("US/") || z.starts_with("Etc/"))
        );
        assert_eq!(time_zones("Nowhere/Atlantis")[0], "Africa/Abidjan");
    }
}
