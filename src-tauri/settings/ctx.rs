//! One context: what every room needs to know about the shop at the instant a command runs —
//! its phone region, currency digits, language, local date and time, and week start. An entry
//! point builds it once from the settings and the clock (`Ctx::for_shop(&settings, Utc::now())`)
//! and passes it down; nothing below reads the clock or the settings again.

use super::{Community, Settings, WeekStart};
use crate::i18n::Lang;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// The shop at one instant. Small and `Copy`: pass it by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ctx {
    /// The default country of phone numbers.
    pub region: Region,
    /// Digits after the decimal point of the shop's currency.
    pub minor_digits: u8,
    pub lang: Lang,
    /// The shop's local date.
    pub today: NaiveDate,
    /// The shop's local wall-clock time.
    pub now: NaiveDateTime,
    pub week_start: WeekStart,
    /// The groups' thresholds: rules due for a review, the breach ladder's window.
    pub community: Community,
}

impl Ctx {
    /// The context of a shop with these settings at the instant `utc_now`.
    pub fn for_shop(settings: &Settings, utc_now: DateTime<Utc>) -> Ctx {
        Ctx {
            now: settings.local_now(utc_now),
            ..Ctx::for_day(settings, settings.today(utc_now))
        }
    }

    /// The context of a shop with these settings on `day` at 09:00 (a week's view).
    pub fn for_day(settings: &Settings, day: NaiveDate) -> Ctx {
        Ctx {
            region: Region::new(&settings.phone_region),
            minor_digits: settings.money().minor_digits,
            lang: settings.language,
            week_start: settings.week_start,
            community: settings.community,
            ..Ctx::on(&settings.phone_region, day)
        }
    }

    /// A shop in `phone_region` on `today` at 09:00, with two currency digits, in Chinese, weeks
    /// from Monday: the context the demo and the tests anchor to a day (change a field with
    /// struct update syntax).
    pub fn on(phone_region: &str, today: NaiveDate) -> Ctx {
        let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN);
        Ctx {
            region: Region::new(phone_region),
            minor_digits: 2,
            lang: Lang::Zh,
            today,
            now: today.and_time(nine),
            week_start: WeekStart::Monday,
            community: Community::default(),
        }
    }

    /// The default country of phone numbers, as its ISO 3166 code.
    pub fn phone_region(&self) -> &str {
        self.region.as_str()
    }
}

/// An ISO 3166 two-letter region code, upper case (`??` when the settings hold none: every
/// phone then needs its country code). `Copy`, so the context is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region([u8; 2]);

impl Region {
    pub fn new(code: &str) -> Region {
        Region(match code.trim().as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                [a.to_ascii_uppercase(), b.to_ascii_uppercase()]
            }
            _ => *b"??",
        })
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_context_is_the_shops_settings_at_one_instant() {
        let mut settings = Settings::defaults("en_US", "America/New_York");
        settings.phone_region = "us".into();
        // 03:30 UTC on 2 March is still 1 March in New York.
        let utc = DateTime::parse_from_rfc3339("2026-03-02T03:30:00Z")
            .expect("instant")
            .with_timezone(&Utc);
        let ctx = Ctx::for_shop(&settings, utc);
        assert_eq!(ctx.phone_region(), "US");
        assert_eq!(ctx.today, NaiveDate::from_ymd_opt(2026, 3, 1).expect("d"));
        assert_eq!(ctx.now.to_string(), "2026-03-01 22:30:00");
        assert_eq!(ctx.lang, Lang::En);
        assert_eq!(ctx.minor_digits, settings.money().minor_digits);
        settings.phone_region = String::new();
        assert_eq!(Ctx::for_shop(&settings, utc).phone_region(), "??");
    }
}
