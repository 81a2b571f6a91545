//! What a message's text is looked at for, while it is in memory: the check-in words, and what
//! may break a group's rules (a link, a QR code, a card, a phone number, one of the owner's ad
//! words) — a candidate the owner may confirm, never a punishment. The excerpt a confirmed
//! breach keeps is made here: at most [`EXCERPT_MAX`] characters, every phone masked.

use crate::people::phone;
use memchr::memmem::Finder;

/// The longest excerpt a confirmed breach keeps, in characters.
pub const EXCERPT_MAX: usize = 80;

/// The words looked for, lower case, each with its prepared search.
#[derive(Debug, Clone, Default)]
pub struct Words {
    checkin: Vec<Finder<'static>>,
    ad: Vec<(String, Finder<'static>)>,
}

fn finder(word: &str) -> Finder<'static> {
    Finder::new(word.as_bytes()).into_owned()
}

impl Words {
    pub fn new(checkin: &[String], ad: &[String]) -> Words {
        let lower = |w: &[String]| -> Vec<String> {
            w.iter()
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect()
        };
        Words {
            checkin: lower(checkin).iter().map(|w| finder(w)).collect(),
            ad: lower(ad)
                .into_iter()
                .map(|w| {
                    let f = finder(&w);
                    (w, f)
                })
                .collect(),
        }
    }
}

/// What a message may break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Hit {
    Link,
    Qr,
    Card,
    Phone,
    Word,
}

impl Hit {
    pub fn code(self) -> &'static str {
        match self {
            Hit::Link => "link",
            Hit::Qr => "qr",
            Hit::Card => "card",
            Hit::Phone => "phone",
            Hit::Word => "word",
        }
    }

    /// A candidate's hits as stored: `link,phone`.
    pub fn codes(hits: &[Hit]) -> String {
        hits.iter().map(|h| h.code()).collect::<Vec<_>>().join(",")
    }
}

/// What one message holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    pub checkin: bool,
    pub hits: Vec<Hit>,
    /// The ad word it held (the owner's word, not the message's text).
    pub word: Option<String>,
}

const LINKS: &[&str] = &["http://", "https://", "www.", "weixin://", "t.me/"];
const QR: &[&str] = &["二维码", "扫码", "qr code", "qrcode"];

/// The fixed searches, prepared once.
struct Fixed {
    links: Vec<Finder<'static>>,
    qr: Vec<Finder<'static>>,
}

static FIXED: std::sync::LazyLock<Fixed> = std::sync::LazyLock::new(|| Fixed {
    links: LINKS.iter().map(|w| finder(w)).collect(),
    qr: QR.iter().map(|w| finder(w)).collect(),
});

/// Runs of digits in `text` (byte ranges, with their digits): digits with spaces, dashes, dots
/// or parentheses between them and an optional `+`, holding at least 7 digits.
fn digit_runs(text: &str) -> Vec<(usize, usize, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !(bytes[i].is_ascii_digit() || bytes[i] == b'+' || bytes[i] == b'(') {
            i += 1;
            continue;
        }
        let start = i;
        let mut digits = String::new();
        let mut end = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_digit() {
                digits.push(b as char);
                end = i + 1;
            } else if !(matches!(b, b' ' | b'-' | b'.' | b'(' | b')') || (b == b'+' && i == start))
            {
                break;
            }
            i += 1;
        }
        if digits.len() >= 7 {
            out.push((start, end, digits));
        }
        i = i.max(end + 1);
    }
    out
}

/// Whether a run of digits holds a phone: the whole run, or one of its space-separated pieces,
/// a Chinese mobile or a valid number of `region`.
fn is_phone(run: &str, digits: &str, region: &str) -> bool {
    let fits = |text: &str, digits: &str| {
        (digits.len() == 11 && digits.starts_with('1'))
            || ((8..=15).contains(&digits.len()) && phone::valid_for(text, region))
    };
    fits(run, digits)
        || run.split(' ').any(|piece| {
            let d: String = piece.chars().filter(char::is_ascii_digit).collect();
            d.len() >= 7 && fits(piece, &d)
        })
}

/// Full-width digits (１３８…) as ASCII.
fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| ('０'..='９').contains(&c)) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// Looks at one message: `card` when the export says it is a card.
pub fn scan(text: &str, card: bool, words: &Words, region: &str) -> Found {
    let mut found = Found::default();
    if card {
        found.hits.push(Hit::Card);
    }
    if text.is_empty() {
        return found;
    }
    // Words are matched ignoring the case of Latin letters (Chinese has none).
    let lower: std::borrow::Cow<'_, [u8]> = if text.bytes().any(|b| b.is_ascii_uppercase()) {
        text.to_ascii_lowercase().into_bytes().into()
    } else {
        text.as_bytes().into()
    };
    let has = |f: &Finder<'_>| f.find(&lower).is_some();
    found.checkin = words.checkin.iter().any(has);
    let fixed = &*FIXED;
    if memchr::memchr2(b'.', b':', &lower).is_some() && fixed.links.iter().any(has) {
        found.hits.push(Hit::Link);
    }
    if fixed.qr.iter().any(has) {
        found.hits.push(Hit::Qr);
    }
    let digits = ascii_digits(text);
    if digits.bytes().filter(u8::is_ascii_digit).count() >= 7
        && digit_runs(&digits)
            .iter()
            .any(|(a, b, d)| is_phone(&digits[*a..*b], d, region))
    {
        found.hits.push(Hit::Phone);
    }
    if let Some((w, _)) = words.ad.iter().find(|(_, f)| has(f)) {
        found.hits.push(Hit::Word);
        found.word = Some(w.clone());
    }
    found
}

/// The excerpt a confirmed breach keeps: lines joined, every run of seven or more digits masked
/// (a phone or not: what looks like a number is not kept whole), at most [`EXCERPT_MAX`]
/// characters (an ellipsis marks a cut).
pub fn excerpt(text: &str, _region: &str) -> String {
    let text = ascii_digits(text);
    let mut masked = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end, digits) in digit_runs(&text) {
        masked.push_str(&text[last..start]);
        if text[start..end].starts_with('+') {
            masked.push('+');
        }
        masked.push_str(&phone::mask(&digits));
        last = end;
    }
    masked.push_str(&text[last..]);
    let flat: String = masked.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= EXCERPT_MAX {
        return flat;
    }
    let mut cut: String = flat.chars().take(EXCERPT_MAX - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words() -> Words {
        Words::new(
            &["打卡".into(), "签到".into()],
            &["代购".into(), "加微信".into()],
        )
    }

    #[test]
    fn links_qr_codes_cards_phones_and_ad_words_are_candidates() {
        let w = words();
        let f = scan("今日打卡 🍞", false, &w, "CN");
        assert!(f.checkin && f.hits.is_empty());
        assert_eq!(
            scan("看这里 https://x.cn/a", false, &w, "CN").hits,
            [Hit::Link]
        );
        assert_eq!(scan("扫码进群", false, &w, "CN").hits, [Hit::Qr]);
        assert_eq!(scan("", true, &w, "CN").hits, [Hit::Card]);
        assert_eq!(
            scan("电话 138 0013 8000", false, &w, "CN").hits,
            [Hit::Phone]
        );
        let f = scan("专业代购，加微信", false, &w, "CN");
        assert_eq!((f.hits, f.word.as_deref()), (vec![Hit::Word], Some("代购")));
        // Prices, times and short numbers are not phones.
        assert!(
            scan("面包 25.00 元，10:30 到 3 个", false, &w, "CN")
                .hits
                .is_empty()
        );
        assert!(scan("Order 1234567", false, &w, "GB").hits.is_empty());
    }

    #[test]
    fn phones_beside_other_numbers_are_found_and_masked() {
        let w = words();
        for text in [
            "电话 13800138000 2点后",
            "13800138000 25.00",
            "call +1 (555) 123-4567",
            "电话１３８００１３８０００",
        ] {
            assert_eq!(scan(text, false, &w, "US").hits, [Hit::Phone], "{text}");
            let e = excerpt(text, "US");
            assert!(
                !e.contains("13800138000") && !e.contains("1234567"),
                "{text}: {e}"
            );
        }
    }

    #[test]
    fn an_excerpt_masks_phones_and_keeps_eighty_characters() {
        assert_eq!(
            excerpt("call 13800138000\nnow", "CN"),
            "call 138****8000 now"
        );
        assert_eq!(excerpt("+44 7911 123456", "GB"), "+447*****3456");
        let long = "链".repeat(200);
        let e = excerpt(&long, "CN");
        assert_eq!(e.chars().count(), EXCERPT_MAX);
        assert!(e.ends_with('…'));
    }
}
