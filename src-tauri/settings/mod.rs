//! Shop settings: what the owner sets once (name, currency, region, time
//! zone, week start, language, phone masking), with defaults read from the OS
//! locale, validated before anything is written.

pub mod ctx;
pub mod datadir;
pub mod money;
pub mod regions;

use crate::check::{Field, Invalid, Problem, field};
use crate::i18n::{ErrorCode, Lang, UserError};
use crate::privacy::{Column, Kind, column};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum WeekStart {
    Monday,
    Sunday,
}

impl WeekStart {
    /// The first day of the week that holds `date`.
    pub fn week_of(self, date: NaiveDate) -> NaiveDate {
        let offset = match self {
            WeekStart::Monday => date.weekday().num_days_from_monday(),
            WeekStart::Sunday => date.weekday().num_days_from_sunday(),
        };
        date - chrono::Days::new(u64::from(offset))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Settings {
    pub shop_name: String,
    /// ISO 4217 code, one of `CURRENCIES`.
    pub currency: String,
    /// ISO 3166 two-letter region used as the default country of phone numbers.
    pub phone_region: String,
    /// IANA time zone of the shop, e.g. `Asia/Shanghai`.
    pub time_zone: String,
    pub week_start: WeekStart,
    pub language: Lang,
    /// Mask the middle digits of phones in reports and exports.
    pub mask_phones: bool,
    /// When a member counts as new, active, at risk or lapsed.
    pub lifecycle: Lifecycle,
    /// How the groups' rules and moderation are kept.
    pub community: Community,
    /// The words a chat import looks for.
    pub chat_words: ChatWords,
}

/// The words a chat import looks for: check-in words (a message with one is a check-in) and
/// the owner's ad words (a message with one is a breach candidate).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChatWords {
    pub checkin: Vec<String>,
    pub ad: Vec<String>,
}

pub const CHAT_WORDS_MAX: usize = 30;
pub const CHAT_WORD_MAX: usize = 20;
pub static CHECKIN_WORDS: Field = field("checkin_words", "打卡词", "check-in words");
pub static AD_WORDS: Field = field("ad_words", "广告词", "ad words");
const CHAT_WORD_KEYS: [&str; 2] = ["chat_checkin_words", "chat_ad_words"];

impl Default for ChatWords {
    fn default() -> Self {
        let words = |w: &[&str]| w.iter().map(|w| w.to_string()).collect();
        ChatWords {
            checkin: words(&["打卡", "签到", "check-in"]),
            ad: words(&["代购", "兼职", "刷单", "加微信", "加我微信", "私聊我"]),
        }
    }
}

impl ChatWords {
    fn validate(&self) -> Result<(), SettingsError> {
        for (list, f) in [(&self.checkin, &CHECKIN_WORDS), (&self.ad, &AD_WORDS)] {
            if list.len() > CHAT_WORDS_MAX {
                return Err(f
                    .invalid(Problem::TooMany {
                        max: CHAT_WORDS_MAX,
                    })
                    .into());
            }
            if let Some(bad) = list.iter().find(|w| {
                w.trim().is_empty() || w.chars().count() > CHAT_WORD_MAX || w.contains('\n')
            }) {
                return Err(f
                    .invalid(Problem::BadEntry {
                        value: bad.clone(),
                        max: CHAT_WORD_MAX,
                    })
                    .into());
            }
        }
        Ok(())
    }

    fn clean(&mut self) {
        for list in [&mut self.checkin, &mut self.ad] {
            let mut seen = Vec::new();
            for w in list.drain(..) {
                let w = w.trim().to_string();
                if !w.is_empty() && !seen.contains(&w) {
                    seen.push(w);
                }
            }
            *list = seen;
        }
    }
}

/// The community's thresholds: a group's rules are due for a review `rules_review_months`
/// after their last revision; the breach ladder counts a person's breaches of the last
/// `ladder_days` days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Community {
    pub rules_review_months: u16,
    pub ladder_days: u16,
}

impl Default for Community {
    fn default() -> Self {
        Community {
            rules_review_months: 3,
            ladder_days: 90,
        }
    }
}

pub static RULES_REVIEW_MONTHS: Field = field(
    "rules_review_months",
    "群规复查间隔（月）",
    "months between reviews of a group's rules",
);
pub static LADDER_DAYS: Field = field(
    "ladder_days",
    "违规累计天数",
    "days the breach ladder looks back",
);

impl Community {
    pub fn validate(&self) -> Result<(), Invalid> {
        in_ranges(&[
            (&RULES_REVIEW_MONTHS, self.rules_review_months, 1, 24),
            (&LADDER_DAYS, self.ladder_days, 7, 365),
        ])
    }

    /// The stored thresholds; the defaults for any never saved (or not a number).
    pub fn load(conn: &Connection) -> rusqlite::Result<Community> {
        let mut c = Community::default();
        load_numbers(conn, &COMMUNITY_KEYS, c.slots())?;
        Ok(c)
    }

    fn slots(&mut self) -> [&mut u16; 2] {
        [&mut self.rules_review_months, &mut self.ladder_days]
    }
}

const COMMUNITY_KEYS: [&str; 2] = ["community_rules_review_months", "community_ladder_days"];

/// Each value within its range, or the first that is not.
fn in_ranges(checks: &[(&'static Field, u16, u16, u16)]) -> Result<(), Invalid> {
    for &(field, value, min, max) in checks {
        if value < min || value > max {
            return Err(field.invalid(Problem::OutOfRange {
                value: i64::from(value),
                min: i64::from(min),
                max: i64::from(max),
            }));
        }
    }
    Ok(())
}

/// Fills `slots` from the settings stored under `keys`, leaving those never saved (or not a
/// number) as they are.
fn load_numbers<const N: usize>(
    conn: &Connection,
    keys: &[&str; N],
    slots: [&mut u16; N],
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached("SELECT value FROM settings WHERE key = ?1")?;
    for (key, slot) in keys.iter().zip(slots) {
        let value: Option<String> = stmt.query_row([key], |r| r.get(0)).optional()?;
        if let Some(v) = value.and_then(|v| v.parse().ok()) {
            *slot = v;
        }
    }
    Ok(())
}

/// Stores `values` under `keys`.
fn save_numbers<const N: usize>(
    tx: &Connection,
    keys: &[&str; N],
    values: [&mut u16; N],
) -> Result<(), SettingsError> {
    for (key, value) in keys.iter().zip(values) {
        set_value(tx, key, &value.to_string())?;
    }
    Ok(())
}

/// The lifecycle thresholds of metrics.md, in days: a member is *new* while they joined less
/// than `new_days` ago, *active* while their last receipt is at most `active_days` old, *at
/// risk* up to `lapsed_days`, *lapsed* after; one who never bought is lapsed once they joined
/// more than `never_days` ago.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Lifecycle {
    pub new_days: u16,
    pub active_days: u16,
    pub lapsed_days: u16,
    pub never_days: u16,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle {
            new_days: 14,
            active_days: 21,
            lapsed_days: 45,
            never_days: 30,
        }
    }
}

/// The lifecycle's fields, by their serde names, and the days each may be.
pub static NEW_DAYS: Field = field("new_days", "新会员天数", "days a member is new");
pub static ACTIVE_DAYS: Field = field("active_days", "活跃天数", "days a member stays active");
pub static LAPSED_DAYS: Field = field("lapsed_days", "流失天数", "days before a member lapses");
pub static NEVER_DAYS: Field = field(
    "never_days",
    "未消费即流失天数",
    "days before a member who never bought lapses",
);

impl Lifecycle {
    /// Each threshold within its range, and at risk after active.
    pub fn validate(&self) -> Result<(), Invalid> {
        in_ranges(&[
            (&NEW_DAYS, self.new_days, 1, 90),
            (&ACTIVE_DAYS, self.active_days, 1, 180),
            (
                &LAPSED_DAYS,
                self.lapsed_days,
                self.active_days.saturating_add(1),
                365,
            ),
            (&NEVER_DAYS, self.never_days, 1, 365),
        ])
    }

    /// The stored thresholds; the defaults for any never saved (or not a number).
    pub fn load(conn: &Connection) -> rusqlite::Result<Lifecycle> {
        let mut l = Lifecycle::default();
        load_numbers(conn, &LIFECYCLE_KEYS, l.slots())?;
        Ok(l)
    }

    fn slots(&mut self) -> [&mut u16; 4] {
        [
            &mut self.new_days,
            &mut self.active_days,
            &mut self.lapsed_days,
            &mut self.never_days,
        ]
    }
}

const LIFECYCLE_KEYS: [&str; 4] = [
    "lifecycle_new_days",
    "lifecycle_active_days",
    "lifecycle_lapsed_days",
    "lifecycle_never_days",
];

/// A currency the app formats: code, symbol, digits after the decimal point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Currency {
    pub code: &'static str,
    pub symbol: &'static str,
    pub minor_digits: u8,
}

pub const CURRENCIES: &[Currency] = &[
    Currency {
        code: "CNY",
        symbol: "¥",
        minor_digits: 2,
    },
    Currency {
        code: "HKD",
        symbol: "HK$",
        minor_digits: 2,
    },
    Currency {
        code: "TWD",
        symbol: "NT$",
        minor_digits: 2,
    },
    Currency {
        code: "MOP",
        symbol: "MOP$",
        minor_digits: 2,
    },
    Currency {
        code: "SGD",
        symbol: "S$",
        minor_digits: 2,
    },
    Currency {
        code: "MYR",
        symbol: "RM",
        minor_digits: 2,
    },
    Currency {
        code: "JPY",
        symbol: "¥",
        minor_digits: 0,
    },
    Currency {
        code: "KRW",
        symbol: "₩",
        minor_digits: 0,
    },
    Currency {
        code: "USD",
        symbol: "$",
        minor_digits: 2,
    },
    Currency {
        code: "CAD",
        symbol: "CA$",
        minor_digits: 2,
    },
    Currency {
        code: "AUD",
        symbol: "A$",
        minor_digits: 2,
    },
    Currency {
        code: "EUR",
        symbol: "€",
        minor_digits: 2,
    },
    Currency {
        code: "GBP",
        symbol: "£",
        minor_digits: 2,
    },
    Currency {
        code: "CHF",
        symbol: "CHF",
        minor_digits: 2,
    },
    Currency {
        code: "UAH",
        symbol: "₴",
        minor_digits: 2,
    },
];

pub fn currency(code: &str) -> Option<Currency> {
    CURRENCIES.iter().copied().find(|c| c.code == code)
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum SettingsError {
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The new currency writes other digits after the point than the one the sales already
    /// imported are stored in (minor units): they would be read wrong.
    #[error("currency {to} has other minor digits than {from}, and sales exist")]
    DigitsWithSales { from: String, to: String },
    #[error("database error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for SettingsError {
    fn from(e: rusqlite::Error) -> Self {
        SettingsError::Sqlite(e.to_string())
    }
}

impl UserError for SettingsError {
    fn code(&self) -> ErrorCode {
        match self {
            SettingsError::Invalid(e) => e.code(),
            SettingsError::DigitsWithSales { .. } => ErrorCode::Conflict,
            SettingsError::Sqlite(_) => ErrorCode::Internal,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            SettingsError::Invalid(e) => e.message(lang),
            SettingsError::DigitsWithSales { from, to } => lang.pick(
                format!(
                    "已导入的销售按 {from} 的小数位保存，{to} 的小数位不同，改了金额会读错。要改货币：先在“导入”里撤销所有销售导入，再改货币，然后重新导入。"
                ),
                format!(
                    "The sales imported so far are kept in {from}, which has other digits after the point than {to}: changed now, every amount would read wrong. To change the currency, undo the sales imports (Imports), change it, then import again."
                ),
            ),
            SettingsError::Sqlite(e) => {
                lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}"))
            }
        }
    }

    fn field(&self) -> Option<&'static str> {
        match self {
            SettingsError::Invalid(e) => e.field(),
            SettingsError::DigitsWithSales { .. } => Some(CURRENCY.name),
            SettingsError::Sqlite(_) => None,
        }
    }
}

/// The settings' fields, by their serde names.
pub static SHOP_NAME: Field = field("shop_name", "店名", "shop name");
pub static CURRENCY: Field = field("currency", "货币", "currency");
pub static PHONE_REGION: Field =
    field("phone_region", "国家或地区代码", "region code").example("CN、US", "CN or US");
pub static TIME_ZONE: Field =
    field("time_zone", "时区", "time zone").example("Asia/Shanghai", "Asia/Shanghai");
pub static LANGUAGE: Field =
    field("language", "语言", "language").example("zh-CN、en", "zh-CN or en");

/// Defaults for a new shop on this computer: its locale and time zone.
/// Only the entry points (CLI, window) call this; the core takes `Settings`.
pub fn os_defaults() -> Settings {
    Settings::defaults(
        &sys_locale::get_locale().unwrap_or_default(),
        &iana_time_zone::get_timezone().unwrap_or_default(),
    )
}

impl Settings {
    /// What a new shop starts with, from the OS locale (`zh-CN`, `en_GB.UTF-8`…)
    /// and the OS time zone name.
    pub fn defaults(locale: &str, os_time_zone: &str) -> Settings {
        let language = Lang::from_locale(locale);
        // The time zone says where the shop is better than the language
        // does (an owner in Shanghai may run an English system).
        let region = regions::region_of_zone(os_time_zone)
            .map(str::to_string)
            .or_else(|| {
                locale
                    .split(['-', '_', '.'])
                    .nth(1)
                    .filter(|r| r.len() == 2 && parse_region(r).is_some())
                    .map(str::to_ascii_uppercase)
            })
            .unwrap_or_else(|| if language == Lang::Zh { "CN" } else { "US" }.to_string());
        let currency = regions::currency_of_region(&region).unwrap_or("USD");
        let time_zone = if os_time_zone.parse::<Tz>().is_ok() {
            os_time_zone.to_string()
        } else if region == "CN" {
            "Asia/Shanghai".to_string()
        } else {
            "UTC".to_string()
        };
        Settings {
            shop_name: String::new(),
            currency: currency.to_string(),
            phone_region: region,
            time_zone,
            week_start: WeekStart::Monday,
            language,
            mask_phones: true,
            lifecycle: Lifecycle::default(),
            community: Community::default(),
            chat_words: ChatWords::default(),
        }
    }

    pub fn validate(&self) -> Result<(), SettingsError> {
        let unknown = |field: &'static Field, value: &str| {
            SettingsError::from(field.invalid(Problem::Unknown {
                value: value.to_string(),
            }))
        };
        let name_len = self.shop_name.trim().chars().count();
        if name_len == 0 || name_len > 60 {
            return Err(SHOP_NAME
                .invalid(Problem::Length {
                    value: self.shop_name.clone(),
                    min: 1,
                    max: 60,
                })
                .into());
        }
        if currency(&self.currency).is_none() {
            return Err(unknown(&CURRENCY, &self.currency));
        }
        if parse_region(&self.phone_region).is_none() || self.phone_region.len() != 2 {
            return Err(unknown(&PHONE_REGION, &self.phone_region));
        }
        if self.time_zone.parse::<Tz>().is_err() {
            return Err(unknown(&TIME_ZONE, &self.time_zone));
        }
        self.lifecycle.validate()?;
        self.community.validate()?;
        self.chat_words.validate()?;
        Ok(())
    }

    /// The shop's currency; two minor digits and no symbol if the code is unknown.
    pub fn money(&self) -> Currency {
        currency(&self.currency).unwrap_or(Currency {
            code: "",
            symbol: "",
            minor_digits: 2,
        })
    }

    pub fn tz(&self) -> Tz {
        self.time_zone.parse().unwrap_or(Tz::UTC)
    }

    /// The shop's local date at the instant `utc`.
    pub fn today(&self, utc: DateTime<Utc>) -> NaiveDate {
        utc.with_timezone(&self.tz()).date_naive()
    }

    /// The shop's local wall-clock time at the instant `utc`.
    pub fn local_now(&self, utc: DateTime<Utc>) -> NaiveDateTime {
        utc.with_timezone(&self.tz()).naive_local()
    }
}

const KEYS: [&str; 7] = [
    "shop_name",
    "currency",
    "phone_region",
    "time_zone",
    "week_start",
    "language",
    "mask_phones",
];

/// The stored settings, with `defaults` filling any key never saved.
pub fn load(conn: &Connection, defaults: &Settings) -> Result<Settings, SettingsError> {
    let mut s = defaults.clone();
    s.lifecycle = Lifecycle::load(conn)?;
    s.community = Community::load(conn)?;
    for (key, list) in CHAT_WORD_KEYS
        .iter()
        .zip([&mut s.chat_words.checkin, &mut s.chat_words.ad])
    {
        if let Some(value) = get_value(conn, key)? {
            *list = value.lines().map(str::to_string).collect();
        }
    }
    for key in KEYS {
        let Some(value) = get_value(conn, key)? else {
            continue;
        };
        match key {
            "shop_name" => s.shop_name = value,
            "currency" => s.currency = value,
            "phone_region" => s.phone_region = value,
            "time_zone" => s.time_zone = value,
            "week_start" => {
                s.week_start = if value == "sunday" {
                    WeekStart::Sunday
                } else {
                    WeekStart::Monday
                }
            }
            "language" => s.language = Lang::parse(&value).unwrap_or(defaults.language),
            "mask_phones" => s.mask_phones = value != "0",
            _ => {}
        }
    }
    Ok(s)
}

/// Validates and writes every setting in one transaction.
/// A two-letter phone region such as `CN` or `US`, as the phone metadata knows it; `None` for
/// anything else. The settings validate the shop's region with it; `phone` parses with it.
pub fn parse_region(code: &str) -> Option<phonenumber::country::Id> {
    code.trim()
        .to_ascii_uppercase()
        .parse::<phonenumber::country::Id>()
        .ok()
}

/// A language as the owner or the CLI names it: `zh-CN` (or `zh`) or `en`.
pub fn parse_language(text: &str) -> Result<Lang, SettingsError> {
    match text {
        "zh" => Ok(Lang::Zh),
        other => Lang::parse(other).ok_or_else(|| {
            LANGUAGE
                .invalid(Problem::Unknown {
                    value: text.to_string(),
                })
                .into()
        }),
    }
}

/// Some settings to change (`None`: unchanged), as the CLI's `settings` flags give them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patch {
    pub shop_name: Option<String>,
    pub currency: Option<String>,
    pub phone_region: Option<String>,
    pub time_zone: Option<String>,
    /// `zh-CN` or `en`.
    pub language: Option<String>,
}

impl Patch {
    /// Applies the patch to `s`; whether anything was given, and so is to be saved. A shop
    /// still without a name gets "我的店" / "My shop" in `lang` (the language the owner reads).
    pub fn apply(self, s: &mut Settings, lang: Lang) -> Result<bool, SettingsError> {
        let changed = self != Patch::default();
        if let Some(v) = self.shop_name {
            s.shop_name = v;
        }
        if let Some(v) = self.currency {
            s.currency = v;
        }
        if let Some(v) = self.phone_region {
            s.phone_region = v;
        }
        if let Some(v) = self.time_zone {
            s.time_zone = v;
        }
        if let Some(v) = self.language {
            s.language = parse_language(&v)?;
        }
        if changed && s.shop_name.trim().is_empty() {
            s.shop_name = lang.pick("我的店", "My shop");
        }
        Ok(changed)
    }
}

pub fn save(conn: &mut Connection, settings: &Settings) -> Result<Settings, SettingsError> {
    let tx = conn.transaction()?;
    let clean = save_in(&tx, settings)?;
    tx.commit()?;
    Ok(clean)
}

/// Validates and writes every setting inside the caller's transaction (which may change
/// more with them: `Shop::change_settings`); returns them as stored.
pub fn save_in(tx: &Connection, settings: &Settings) -> Result<Settings, SettingsError> {
    let mut clean = settings.clone();
    clean.shop_name = clean.shop_name.trim().to_string();
    clean.currency = clean.currency.trim().to_ascii_uppercase();
    clean.phone_region = clean.phone_region.trim().to_ascii_uppercase();
    clean.time_zone = clean.time_zone.trim().to_string();
    clean.chat_words.clean();
    clean.validate()?;
    let week_start = match clean.week_start {
        WeekStart::Monday => "monday",
        WeekStart::Sunday => "sunday",
    };
    let values = [
        clean.shop_name.as_str(),
        clean.currency.as_str(),
        clean.phone_region.as_str(),
        clean.time_zone.as_str(),
        week_start,
        clean.language.code(),
        if clean.mask_phones { "1" } else { "0" },
    ];
    for (key, value) in KEYS.iter().zip(values) {
        set_value(tx, key, value)?;
    }
    let (mut lifecycle, mut community) = (clean.lifecycle, clean.community);
    save_numbers(tx, &LIFECYCLE_KEYS, lifecycle.slots())?;
    save_numbers(tx, &COMMUNITY_KEYS, community.slots())?;
    for (key, list) in CHAT_WORD_KEYS
        .iter()
        .zip([&clean.chat_words.checkin, &clean.chat_words.ad])
    {
        set_value(tx, key, &list.join("\n"))?;
    }
    Ok(clean)
}

/// Saves just the language, which the UI switches on its own.
pub fn save_language(conn: &Connection, lang: Lang) -> Result<(), SettingsError> {
    set_value(conn, "language", lang.code())
}

pub fn get_value(conn: &Connection, key: &str) -> Result<Option<String>, SettingsError> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set_value(conn: &Connection, key: &str, value: &str) -> Result<(), SettingsError> {
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// The settings hold the shop's, not its customers' (see `privacy`).
pub const COLUMNS: &[Column] = &[
    column("settings", "key", Kind::NotPersonal),
    column("settings", "value", Kind::NotPersonal),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    #[test]
    fn a_patch_changes_what_it_names_and_names_a_nameless_shop() {
        let mut s = Settings::defaults("zh-CN", "Asia/Shanghai");
        assert!(!Patch::default().apply(&mut s, Lang::Zh).expect("empty"));
        assert_eq!(
            s,
            Settings::defaults("zh-CN", "Asia/Shanghai"),
            "nothing given, nothing changed"
        );
        let patch = Patch {
            currency: Some("AUD".into()),
            language: Some("en".into()),
            ..Default::default()
        };
        assert!(patch.apply(&mut s, Lang::Zh).expect("patch"));
        assert_eq!((s.currency.as_str(), s.language), ("AUD", Lang::En));
        assert_eq!(s.phone_region, "CN", "what is not given stays");
        assert_eq!(
            s.shop_name, "我的店",
            "named in the language the owner reads"
        );
        let bad = Patch {
            language: Some("fr".into()),
            ..Default::default()
        };
        let err = bad.apply(&mut s, Lang::En).expect_err("fr");
        assert_eq!(err.field(), Some("language"));
    }

    #[test]
    fn defaults_follow_the_os_locale() {
        let zh = Settings::defaults("zh-CN", "Asia/Shanghai");
        assert_eq!(
            (
                zh.language,
                zh.phone_region.as_str(),
                zh.currency.as_str(),
                zh.time_zone.as_str()
            ),
            (Lang::Zh, "CN", "CNY", "Asia/Shanghai")
        );
        let gb = Settings::defaults("en_GB.UTF-8", "Europe/London");
        assert_eq!(
            (gb.language, gb.phone_region.as_str(), gb.currency.as_str()),
            (Lang::En, "GB", "GBP")
        );
        let de = Settings::defaults("de-DE", "nowhere/invalid");
        assert_eq!(
            (de.currency.as_str(), de.time_zone.as_str()),
            ("EUR", "UTC")
        );
        let english_in_shanghai = Settings::defaults("en_US.UTF-8", "Asia/Shanghai");
        assert_eq!(
            (
                english_in_shanghai.language,
                english_in_shanghai.phone_region.as_str(),
                english_in_shanghai.currency.as_str()
            ),
            (Lang::En, "CN", "CNY")
        );
        let bare = Settings::defaults("C", "");
        assert_eq!(
            (bare.language, bare.phone_region.as_str()),
            (Lang::En, "US")
        );
        assert!(
            zh.mask_phones,
            "phones are masked unless the owner says otherwise"
        );
    }

    #[test]
    fn save_then_load_round_trips_and_unsaved_keys_take_defaults() {
        let mut conn = open_in_memory().expect("db");
        let defaults = Settings::defaults("zh-CN", "Asia/Shanghai");
        assert_eq!(load(&conn, &defaults).expect("load"), defaults);
        let mine = Settings {
            shop_name: "  麦田烘焙坊 ".into(),
            currency: "hkd".into(),
            phone_region: "hk".into(),
            time_zone: "Asia/Hong_Kong".into(),
            week_start: WeekStart::Sunday,
            language: Lang::En,
            mask_phones: false,
            lifecycle: Lifecycle {
                new_days: 7,
                active_days: 28,
                lapsed_days: 60,
                never_days: 21,
            },
            community: Community {
                rules_review_months: 6,
                ladder_days: 60,
            },
            chat_words: ChatWords {
                checkin: vec![" 打卡 ".into(), "打卡".into(), "早安".into()],
                ad: vec!["代购".into()],
            },
        };
        let saved = save(&mut conn, &mine).expect("save");
        assert_eq!(saved.chat_words.checkin, ["打卡", "早安"]);
        assert_eq!(saved.shop_name, "麦田烘焙坊");
        assert_eq!(saved.currency, "HKD");
        assert_eq!(load(&conn, &defaults).expect("load"), saved);
    }

    #[test]
    fn invalid_settings_write_nothing() {
        let mut conn = open_in_memory().expect("db");
        let defaults = Settings::defaults("en-US", "America/New_York");
        let good = Settings {
            shop_name: "Corner Café".into(),
            ..defaults.clone()
        };
        for (bad, field) in [
            (
                Settings {
                    shop_name: " ".into(),
                    ..good.clone()
                },
                "shop_name",
            ),
            (
                Settings {
                    shop_name: "x".repeat(61),
                    ..good.clone()
                },
                "shop_name",
            ),
            (
                Settings {
                    currency: "XYZ".into(),
                    ..good.clone()
                },
                "currency",
            ),
            (
                Settings {
                    phone_region: "ZZ".into(),
                    ..good.clone()
                },
                "phone_region",
            ),
            (
                Settings {
                    time_zone: "Mars/Olympus".into(),
                    ..good.clone()
                },
                "time_zone",
            ),
            (
                Settings {
                    lifecycle: Lifecycle {
                        lapsed_days: 21,
                        ..Lifecycle::default()
                    },
                    ..good.clone()
                },
                "lapsed_days",
            ),
            (
                Settings {
                    lifecycle: Lifecycle {
                        new_days: 0,
                        ..Lifecycle::default()
                    },
                    ..good.clone()
                },
                "new_days",
            ),
            (
                Settings {
                    community: Community {
                        ladder_days: 3,
                        ..Community::default()
                    },
                    ..good.clone()
                },
                "ladder_days",
            ),
        ] {
            let err = save(&mut conn, &bad).expect_err(field);
            assert_eq!(err.field(), Some(field));
            assert!(!err.message(Lang::Zh).is_empty());
        }
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM settings", [], |r| r.get(0))
            .expect("count");
        assert_eq!(rows, 0);
    }

    #[test]
    fn weeks_start_on_the_configured_day() {
        let wed = NaiveDate::from_ymd_opt(2026, 3, 11).expect("date");
        assert_eq!(
            WeekStart::Monday.week_of(wed),
            NaiveDate::from_ymd_opt(2026, 3, 9).expect("d")
        );
        assert_eq!(
            WeekStart::Sunday.week_of(wed),
            NaiveDate::from_ymd_opt(2026, 3, 8).expect("d")
        );
        let sun = NaiveDate::from_ymd_opt(2026, 3, 15).expect("date");
        assert_eq!(
            WeekStart::Monday.week_of(sun),
            NaiveDate::from_ymd_opt(2026, 3, 9).expect("d")
        );
        assert_eq!(WeekStart::Sunday.week_of(sun), sun);
    }

    #[test]
    fn today_is_the_shops_local_date() {
        let s = Settings::defaults("zh-CN", "Asia/Shanghai");
        let utc = "2026-03-08T17:30:00Z"
            .parse::<DateTime<Utc>>()
            .expect("instant");
        assert_eq!(
            s.today(utc),
            NaiveDate::from_ymd_opt(2026, 3, 9).expect("date")
        );
        let ny = Settings {
            time_zone: "America/New_York".into(),
            ..s
        };
        assert_eq!(
            ny.today(utc),
            NaiveDate::from_ymd_opt(2026, 3, 8).expect("date")
        );
    }
}
