//! The one phone normaliser of the app (metrics.md, "Customers and members").
//!
//! Every phone that is stored, matched or shown goes through here: members now,
//! POS customer phones later. Stored form is E.164 (`+8613812341234`), parsed
//! with the shop's region as the default country, so `138 1234 1234`,
//! `+86 138-1234-1234` and `0086 13812341234` are one person.

use crate::settings::parse_region;
use phonenumber::{Mode, PhoneNumber, country};
use rustc_hash::FxHashMap;
use std::sync::{LazyLock, Mutex};
use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum PhoneError {
    #[error("not a phone number: {0:?}")]
    Invalid(String),
    #[error("unknown phone region: {0:?}")]
    UnknownRegion(String),
}

/// Loads the phone metadata on a thread of its own. phonenumber checks every region's patterns
/// when it first loads them (~150 ms in a release build); started early, that overlaps the work
/// before the first phone is read or shown (opening the shop, the window's page), and whoever
/// needs a phone first waits only for what is left.
pub fn warm_up() {
    let _ = std::thread::Builder::new()
        .name("phone-metadata".into())
        .spawn(|| phonenumber::parse(None, "+8613800000000").is_ok());
}

/// Parses a two-letter region such as `CN` or `US` (`settings::parse_region`).
pub fn region(code: &str) -> Result<country::Id, PhoneError> {
    parse_region(code).ok_or_else(|| PhoneError::UnknownRegion(code.to_string()))
}

fn parse(input: &str, home: country::Id) -> Result<PhoneNumber, PhoneError> {
    parse_as(input, home, true)
}

/// `parse`, keeping a possible number of `home`'s (`possible`) only when `keep_possible`.
fn parse_as(
    input: &str,
    home: country::Id,
    keep_possible: bool,
) -> Result<PhoneNumber, PhoneError> {
    let invalid = || PhoneError::Invalid(input.to_string());
    let trimmed = input.trim();
    if trimmed.is_empty() || trimmed.len() > 32 {
        return Err(invalid());
    }
    // A number written with its country code is parsed without a default
    // region: phonenumber 0.3 otherwise strips the default region's national
    // prefix from it (`+86 138…` with region US lost its leading 1).
    let default = if trimmed.starts_with('+') {
        None
    } else {
        Some(home)
    };
    let number = phonenumber::parse(default, trimmed).map_err(|_| invalid())?;
    if phonenumber::is_valid(&number) || (keep_possible && possible(&number, home)) {
        Ok(number)
    } else {
        Err(invalid())
    }
}

/// A number of the shop's own country (`home`) that the metadata does not list as valid but
/// that has the length of its mobile numbers and begins as its example mobile does (China's
/// `1`): the metadata lags the new ranges a country opens, and a customer's new number must not
/// be refused or split from them. Kept; [`is_known`] tells. A country code several regions
/// share (`+1`, `+44`) has no possible numbers: without the metadata its regions cannot be told
/// apart.
fn possible(number: &PhoneNumber, home: country::Id) -> bool {
    let db = &phonenumber::metadata::DATABASE;
    let Some(meta) = db.by_id(home.as_ref()) else {
        return false;
    };
    let shared = db
        .by_code(&meta.country_code())
        .is_none_or(|regions| regions.len() > 1);
    let Some(mobile) = meta.descriptors().mobile() else {
        return false;
    };
    let national = number.national().to_string();
    let first = |digits: &str| digits.chars().next();
    !shared
        && number.code().value() == meta.country_code()
        && u16::try_from(national.len()).is_ok_and(|n| mobile.possible_length().contains(&n))
        && mobile
            .example()
            .and_then(first)
            .is_some_and(|d| first(&national) == Some(d))
}

/// Whether `input` is a valid number (of any country) read as `region_code`'s shop reads it,
/// possible numbers left out: what a region is judged by when the file is guessed.
pub fn valid_for(input: &str, region_code: &str) -> bool {
    region(region_code).is_ok_and(|home| parse_as(input, home, false).is_ok())
}

/// Whether a normalised phone is one the metadata lists as valid, not only a possible one
/// (`possible`): the member list warns of the others.
pub fn is_known(e164: &str) -> bool {
    phonenumber::parse(None, e164).is_ok_and(|n| phonenumber::is_valid(&n))
}

/// The canonical E.164 form of `input`, or why it is not a phone number.
pub fn normalize(input: &str, home_region: &str) -> Result<String, PhoneError> {
    let home = region(home_region)?;
    Ok(parse(input, home)?.format().mode(Mode::E164).to_string())
}

/// The region of a number written with its country code (`+1 416…` CA, `0044…` GB), or its
/// country code's main region when its own is not one the shops are in (`+44 7911` is
/// Guernsey's: GB), when it is a valid phone; `None` for a number without one.
pub fn region_written(input: &str) -> Option<String> {
    let trimmed = input.trim();
    let international = trimmed
        .strip_prefix("00")
        .map(|rest| format!("+{rest}"))
        .or_else(|| trimmed.starts_with('+').then(|| trimmed.to_string()))?;
    let number = parse(&international, region("US").ok()?).ok()?;
    let own = number.country().id().map(|id| id.as_ref().to_string());
    if let Some(own) = own.filter(|id| {
        crate::settings::regions::REGIONS
            .iter()
            .any(|r| r.code == id)
    }) {
        return Some(own);
    }
    let main = phonenumber::metadata::DATABASE.by_code(&number.code().value())?;
    main.first().map(|m| m.id().to_string())
}

/// How `input` reads as a number of `region_code`'s (written with or without its country
/// code): `None` when it is not a valid one (a possible one is not), else whether it is a
/// mobile number.
pub fn fit_in(input: &str, region_code: &str) -> Option<bool> {
    let home = region(region_code).ok()?;
    let number = parse_as(input, home, false).ok()?;
    (number.country().id() == Some(home)).then(|| {
        matches!(
            number.number_type(&phonenumber::metadata::DATABASE),
            phonenumber::Type::Mobile | phonenumber::Type::FixedLineOrMobile
        )
    })
}

/// The national number's digits of a stored phone (`+8613812345678` → `13812345678`): the
/// same whichever region the shop reads phones in.
pub fn national_digits(e164: &str) -> Option<String> {
    let number = parse(e164, region("US").ok()?).ok()?;
    Some(number.national().to_string())
}

/// How a stored phone is shown: in national format for the shop's own
/// country (`138 1234 1234`), `+CC …` otherwise; with `masked`, plain digits
/// with the middle hidden (`138****1234`), as reports and exports print them.
pub fn display(e164: &str, home_region: &str, masked: bool) -> String {
    // Remembered: a list formats every member's phone each time it is shown (each search, each
    // sort), and the metadata's pattern matching is most of a list's time (~10 µs a phone). One
    // map per (home region, masked), looked up by the phone itself: a hit allocates only its answer.
    type Shown = Vec<((String, bool), FxHashMap<String, String>)>;
    static SHOWN: LazyLock<Mutex<Shown>> = LazyLock::new(Default::default);
    const KEPT: usize = 100_000;
    let Ok(mut shown) = SHOWN.lock() else {
        return format_display(e164, home_region, masked);
    };
    let at = match shown
        .iter()
        .position(|((r, m), _)| r == home_region && *m == masked)
    {
        Some(at) => at,
        None => {
            shown.push(((home_region.to_string(), masked), FxHashMap::default()));
            shown.len() - 1
        }
    };
    let memo = &mut shown[at].1;
    if let Some(text) = memo.get(e164) {
        return text.clone();
    }
    if memo.len() >= KEPT {
        memo.clear();
    }
    let text = format_display(e164, home_region, masked);
    memo.insert(e164.to_string(), text.clone());
    text
}

fn format_display(e164: &str, home_region: &str, masked: bool) -> String {
    let Ok(home) = region(home_region) else {
        return if masked { mask(e164) } else { e164.to_string() };
    };
    let Ok(number) = parse(e164, home) else {
        return if masked { mask(e164) } else { e164.to_string() };
    };
    let national = if masked {
        mask(&number.national().to_string())
    } else {
        number.format().mode(Mode::National).to_string()
    };
    // A possible number has no region of its own: it is the shop's when it has its code.
    let own = match number.country().id() {
        Some(id) => id == home,
        None => phonenumber::metadata::DATABASE
            .by_id(home.as_ref())
            .is_some_and(|m| m.country_code() == number.code().value()),
    };
    if own {
        national
    } else {
        format!("+{} {national}", number.code().value())
    }
}

/// Keeps the first three and last four characters of an 11-or-more digit
/// string (`138****1234`), fewer for shorter ones; a third or more is hidden.
pub fn mask(digits: &str) -> String {
    let chars: Vec<char> = digits.chars().collect();
    let n = chars.len();
    let (head, tail) = match n {
        0..=4 => (0, 0),
        5..=7 => (1, 1),
        8..=10 => (2, 2),
        _ => (3, 4),
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i >= n - tail { *c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, region: &str, expect: Result<&str, ()>) {
        let got = normalize(input, region).map_err(|_| ());
        assert_eq!(got.as_deref(), expect.as_deref(), "{input:?} in {region}");
    }

    #[test]
    fn chinese_mobiles_in_every_written_form_are_one_number() {
        for input in [
            "13812341234",
            "138 1234 1234",
            "138-1234-1234",
            "+86 138 1234 1234",
            "+8613812341234",
            "0086 13812341234",
            "(+86) 13812341234",
            " 13812341234 ",
        ] {
            check(input, "CN", Ok("+8613812341234"));
        }
    }

    #[test]
    fn other_regions_use_their_own_default() {
        check("(415) 555-2671", "US", Ok("+14155552671"));
        check("+86 13812341234", "US", Ok("+8613812341234"));
        check("07911 123456", "GB", Ok("+447911123456"));
    }

    #[test]
    fn garbage_and_short_numbers_are_refused() {
        for input in ["", "   ", "abc", "1234", "1381234123", "138123412345"] {
            check(input, "CN", Err(()));
        }
        check(&"1".repeat(100), "CN", Err(()));
    }

    #[test]
    fn a_possible_number_the_metadata_does_not_know_is_kept_and_told_apart() {
        // 154 is no mobile range of China's in the metadata; a new range looks just like it:
        // 11 digits beginning as China's mobiles do.
        check("154 1234 1234", "CN", Ok("+8615412341234"));
        assert!(!is_known("+8615412341234"));
        assert!(is_known("+8613812341234"));
        assert_eq!(display("+8615412341234", "CN", true), "154****1234");
        // Not the length of a mobile: still no phone; nor a number written with another country's
        // code.
        check("1541234123", "CN", Err(()));
        check("+49 154 1234 5678", "CN", Err(()));
        assert!(
            !valid_for("154 1234 5678", "CN"),
            "a guess reads valid numbers only"
        );
        assert!(valid_for("+86 138 1234 5678", "US"));
    }

    #[test]
    fn an_unknown_region_is_an_error_not_a_guess() {
        assert_eq!(
            normalize("13812341234", "XX"),
            Err(PhoneError::UnknownRegion("XX".into()))
        );
    }

    #[test]
    fn display_masks_the_middle_and_drops_the_home_country_code() {
        assert_eq!(display("+8613812341234", "CN", true), "138****1234");
        assert_eq!(display("+8613812341234", "CN", false), "138 1234 1234");
        assert_eq!(display("+14155552671", "US", false), "(415) 555-2671");
        assert_eq!(display("+8613812341234", "US", true), "+86 138****1234");
        assert_eq!(display("+14155552671", "US", true), "41******71");
    }

    #[test]
    fn mask_hides_a_third_and_at_least_three_digits() {
        for s in [
            "",
            "1",
            "1234",
            "12345",
            "1234567",
            "12345678",
            "13812341234",
            "123456789012345",
        ] {
            let hidden = mask(s).chars().filter(|c| *c == '*').count();
            let n = s.chars().count();
            assert!(hidden >= n.min(3) && hidden * 3 >= n, "{s} -> {}", mask(s));
        }
    }
}
