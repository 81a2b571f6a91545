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
