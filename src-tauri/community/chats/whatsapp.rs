//! WhatsApp's own "Export chat" (sources in `tests/fixtures/chats/SOURCES.md`):
//!
//! - iOS: `[21/03/2021, 10:15:32] Alice: text`; the phone's system lines come as the group's
//!   own name with the text behind a left-to-right mark (`[…] Bakery Club: ‎Alice added Bob`),
//!   media as `‎<attached: …>` or `‎image omitted`.
//! - Android: `21/03/2021, 10:15 - Alice: text`; system lines have no sender
//!   (`21/03/2021, 10:15 - Alice added Bob`), media as `<Media omitted>`.
//!
//! Dates are in the order of the phone's locale (day or month first, two- or four-digit years,
//! `/`, `.` or `-`), decided from every date of the file, or given by the owner when the file
//! cannot tell; the clock is 24-hour or 12-hour (`9:05 PM`, with the narrow no-break space
//! newer exports put before `PM`). Direction marks are dropped; a line without a date belongs to
//! the message above it. System lines in English are read (added, joined using the invite link,
//! left, removed, created group); others are skipped.

use super::source::{ChatError, Event, Happening, Who, file_name, lines};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::borrow::Cow;
use std::path::Path;

/// The order of a date's first two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DayOrder {
    DayFirst,
    MonthFirst,
}

/// A line's date and time as written, before the order is known.
#[derive(Debug, Clone, Copy)]
struct Stamp {
    /// The three numbers of the date, as written; `ymd` when the first has four digits.
    parts: [u32; 3],
    ymd: bool,
    time: NaiveTime,
}

impl Stamp {
    fn at(self, order: DayOrder) -> Option<NaiveDateTime> {
        let [a, b, c] = self.parts;
        let (y, m, d) = if self.ymd {
            (a, b, c)
        } else {
            let y = if c < 100 { 2000 + c } else { c };
            match order {
                DayOrder::DayFirst => (y, b, a),
                DayOrder::MonthFirst => (y, a, b),
            }
        };
        Some(NaiveDate::from_ymd_opt(y as i32, m, d)?.and_time(self.time))
    }
}

/// The invisible marks exports carry: direction marks and embeddings, the byte-order mark.
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}'
    )
}

/// A line as read: marks dropped, no-break spaces made spaces.
fn clean(line: &str) -> Cow<'_, str> {
    if line.is_ascii() {
        return Cow::Borrowed(line);
    }
    Cow::Owned(
        line.chars()
            .filter(|c| !invisible(*c))
            .map(|c| match c {
                '\u{202f}' | '\u{00a0}' | '\u{2007}' => ' ',
                c => c,
            })
            .collect(),
    )
}

fn number(s: &str, max_digits: usize) -> Option<(u32, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > max_digits {
        return None;
    }
    Some((s[..n].parse().ok()?, &s[n..]))
}

/// `21/03/2021, 10:15:32` or `3/21/21, 9:05 PM` at the start of `s`: the stamp and the rest.
fn stamp(s: &str) -> Option<(Stamp, &str)> {
    let (a, rest) = number(s, 4)?;
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '.' | '-'))?;
    let (b, rest) = number(&rest[1..], 2)?;
    let rest = rest.strip_prefix(sep)?;
    let (c, rest) = number(rest, 4)?;
    let ymd = a >= 1000;
    let rest = rest.strip_prefix(',').unwrap_or(rest).strip_prefix(' ')?;
    let (h, rest) = number(rest.trim_start(), 2)?;
    let (m, mut rest) = number(rest.strip_prefix(':')?, 2)?;
    let mut sec = 0;
    if let Some(r) = rest.strip_prefix(':') {
        let (s2, r) = number(r, 2)?;
        sec = s2;
        rest = r;
    }
    let mut hour = h;
    let trimmed = rest.trim_start();
    let lower = trimmed.get(..4).unwrap_or(trimmed).to_ascii_lowercase();
    for (mark, pm) in [("a.m.", false), ("p.m.", true), ("am", false), ("pm", true)] {
        if lower.starts_with(mark) {
            if !(1..=12).contains(&h) {
                return None;
            }
            hour = match (h, pm) {
                (12, false) => 0,
                (12, true) => 12,
                (h, true) => h + 12,
                (h, false) => h,
            };
            rest = &trimmed[mark.len()..];
            break;
        }
    }
    let time = NaiveTime::from_hms_opt(hour, m, sec)?;
    Some((
        Stamp {
            parts: [a, b, c],
            ymd,
            time,
        },
        rest,
    ))
}

/// A line that starts a message: its stamp, whether it is iOS's bracketed form, and the rest.
fn header(line: &str) -> Option<(Stamp, bool, &str)> {
    if let Some(inner) = line.strip_prefix('[') {
        let (st, rest) = stamp(inner)?;
        let rest = rest.trim_start().strip_prefix(']')?;
        return Some((st, true, rest.strip_prefix(' ').unwrap_or(rest)));
    }
    let (st, rest) = stamp(line)?;
    let rest = rest.trim_start().strip_prefix("- ")?;
    Some((st, false, rest))
}

/// What a system line says happened, to whom: `Alice added Bob, Carol and Dan` is three joins.
fn system(text: &str) -> Vec<(Happening, String)> {
    let text = text.trim().trim_end_matches('.');
    let list = |names: &str| -> Vec<String> {
        names
            .split(", ")
            .flat_map(|n| n.split(" and "))
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())
            .collect()
    };
    let each = |what: Happening, names: &str| {
        list(names)
            .into_iter()
            .map(|n| (what.clone(), n))
            .collect::<Vec<_>>()
    };
    if let Some(who) = text.strip_suffix(" left") {
        return each(Happening::Leave, who);
    }
    if let Some((who, how)) = text.split_once(" joined ")
        && (how.contains("invite link") || how.starts_with("from") || how.starts_with("via"))
    {
        return each(Happening::Join, who);
    }
    if let Some((_, whom)) = text.split_once(" removed ") {
        return each(Happening::Leave, whom);
    }
    if let Some((_, whom)) = text.split_once(" added ") {
        return each(Happening::Join, whom);
    }
    if let Some((who, _)) = text
        .split_once(" created group ")
        .or_else(|| text.split_once(" created this group"))
    {
        return vec![(Happening::Created, who.to_string())];
    }
    Vec::new()
}

fn media(text: &str) -> bool {
    let t = text.trim();
    t == "<Media omitted>"
        || t.starts_with("<attached: ")
        || (t.ends_with(" omitted") && t.split_whitespace().count() <= 3)
}

/// The date order of the file's dates: day first when a first number is above 12, month first
/// when a second is; `None` when none says (every date reads both ways) or they disagree.
/// What the file's dates say of their order, gathered line by line.
#[derive(Default)]
struct Evidence {
    any: bool,
    day: bool,
    month: bool,
    /// Some date reads differently either way (its first two numbers differ).
    differs: bool,
}

impl Evidence {
    fn add(&mut self, st: Stamp) {
        self.any = true;
        if st.ymd {
            return;
        }
        let [a, b, _] = st.parts;
        self.day |= a > 12;
        self.month |= b > 12;
        self.differs |= a != b;
    }

    fn decide(&self) -> Result<Option<DayOrder>, ()> {
        match (self.day, self.month) {
            (true, true) => Err(()),
            (true, false) => Ok(Some(DayOrder::DayFirst)),
            (false, true) => Ok(Some(DayOrder::MonthFirst)),
            (false, false) => Ok(None),
        }
    }
}

/// One message being gathered (its continuation lines joined to it).
struct Pending {
    at: NaiveDateTime,
    line: u64,
    sender: String,
    text: String,
    system: bool,
}

/// Reads a WhatsApp export's text, calling `each` for every event in order.
pub fn read(
    path: &Path,
    text: &str,
    order: Option<DayOrder>,
    each: &mut dyn FnMut(Event<'_>) -> Result<(), ChatError>,
) -> Result<(), ChatError> {
    let mut evidence = Evidence::default();
    for line in lines(path, text) {
        let (_, line) = line?;
        if let Some((st, _, _)) = header(&clean(line)) {
            evidence.add(st);
        }
    }
    if !evidence.any {
        return Err(ChatError::NotChat {
            file: file_name(path),
            why: "no messages",
        });
    }
    let order = match (evidence.decide(), order) {
        (_, Some(asked)) => asked,
        (Ok(Some(found)), None) => found,
        // Every date reads the same either way (the first two numbers equal, or a year-first
        // date): nothing to ask.
        (Ok(None), None) if !evidence.differs => DayOrder::DayFirst,
        (Ok(None), None) => {
            return Err(ChatError::DayOrder {
                file: file_name(path),
            });
        }
        (Err(()), None) => {
            return Err(ChatError::NotChat {
                file: file_name(path),
                why: "layout",
            });
        }
    };
    let mut pending: Option<Pending> = None;
    let flush = |p: Pending, each: &mut dyn FnMut(Event<'_>) -> Result<(), ChatError>| {
        if p.system {
            for (what, name) in system(&p.text) {
                each(Event {
                    at: p.at,
                    what,
                    who: Who::named(name),
                    text: Cow::Borrowed(""),
                    card: false,
                    own: false,
                    line: p.line,
                })?;
            }
            return Ok(());
        }
        let is_media = media(&p.text);
        each(Event {
            at: p.at,
            what: Happening::Message,
            who: Who::named(p.sender.as_str()),
            text: Cow::Borrowed(if is_media {
                ""
            } else {
                p.text.trim_end_matches('\n')
            }),
            card: false,
            own: false,
            line: p.line,
        })
    };
    for line in lines(path, text) {
        let (number, raw) = line?;
        // iOS marks a system line's text (and media) with a direction mark after the sender's
        // (or the group's) name: kept as a sentinel through the cleaning, so a name with ": " in
        // it is read whole.
        let sentinel;
        let raw_marked = if raw.contains(": \u{200e}") {
            sentinel = raw.replacen(": \u{200e}", ":\u{1}", 1);
            sentinel.as_str()
        } else {
            raw
        };
        let cleaned = clean(raw_marked);
        let Some((st, ios, rest)) = header(&cleaned) else {
            if let Some(p) = pending.as_mut() {
                p.text.push('\n');
                p.text.push_str(&cleaned);
            }
            continue;
        };
        if let Some(p) = pending.take() {
            flush(p, each)?;
        }
        let Some(at) = st.at(order) else {
            return Err(ChatError::Row {
                file: file_name(path),
                row: number,
                column: "date",
                why: "time",
            });
        };
        // iOS marks a system line's text (and media) with a direction mark after the sender:
        // read it from the raw line, before the marks are dropped.
        let (sender, body, system_line) =
            match rest.split_once(":\u{1}").or_else(|| rest.split_once(": ")) {
                Some((sender, body)) if ios => {
                    let marked = rest.contains(":\u{1}");
                    // …and a marked text that is not media is the phone's (the encryption notice,
                    // a subject change, a deleted message).
                    let sys = marked && !media(body);
                    (sender, body, sys)
                }
                Some((sender, body)) => (sender, body, false),
                None => ("", rest, true),
            };
        pending = Some(Pending {
            at,
            line: number,
            sender: sender.trim().to_string(),
            text: body.to_string(),
            system: system_line,
        });
    }
    if let Some(p) = pending.take() {
        flush(p, each)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str, order: Option<DayOrder>) -> Result<Vec<String>, ChatError> {
        let mut out = Vec::new();
        read(Path::new("chat.txt"), text, order, &mut |e| {
            out.push(format!(
                "{} {:?} {} [{}]",
                e.at.format("%Y-%m-%d %H:%M:%S"),
                e.what,
                e.who.name,
                e.text
            ));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn ios_lines_with_marks_multi_line_and_system_lines() {
        let text = "[21/03/2021, 10:15:32] Bakery Club: \u{200e}You created group “Bakery Club”\n\
                    [21/03/2021, 10:16:01] Bakery Club: \u{200e}Alice added Bob and 王小明\n\
                    \u{200e}[21/03/2021, 10:20:05] Bob: Hello 🍞\nsecond line\n\
                    [21/03/2021, 10:21:00] 王小明: \u{200e}image omitted\n\
                    [21/03/2021, 22:01:00\u{202f}] Bob: Alice left\n\
                    [21/03/2021, 22:02:00] Bakery Club: \u{200e}Bob left\n";
        let got = events(text, None).unwrap();
        assert_eq!(
            got,
            [
                "2021-03-21 10:15:32 Created You []",
                "2021-03-21 10:16:01 Join Bob []",
                "2021-03-21 10:16:01 Join 王小明 []",
                "2021-03-21 10:20:05 Message Bob [Hello 🍞\nsecond line]",
                "2021-03-21 10:21:00 Message 王小明 []",
                "2021-03-21 22:01:00 Message Bob [Alice left]",
                "2021-03-21 22:02:00 Leave Bob []",
            ]
        );
    }

    #[test]
    fn a_group_name_with_a_colon_keeps_its_system_lines() {
        let text = "[21/03/2021, 10:16:01] Crumb Club: Regulars: \u{200e}Alice added Bob\n\
                    [21/03/2021, 10:17:00] Bob: hi: all\n";
        let got = events(text, None).unwrap();
        assert_eq!(
            got,
            [
                "2021-03-21 10:16:01 Join Bob []",
                "2021-03-21 10:17:00 Message Bob [hi: all]",
            ]
        );
    }

    #[test]
    fn android_us_dates_and_the_twelve_hour_clock() {
        let text = "3/21/21, 9:05\u{202f}PM - Alice: hi\n\
                    3/21/21, 12:10 AM - Bob joined using this group's invite link\n\
                    3/22/21, 12:30 PM - Alice removed Bob\n\
                    3/22/21, 1:00 PM - Carol: <Media omitted>\n";
        let got = events(text, None).unwrap();
        assert_eq!(
            got,
            [
                "2021-03-21 21:05:00 Message Alice [hi]",
                "2021-03-21 00:10:00 Join Bob []",
                "2021-03-22 12:30:00 Leave Bob []",
                "2021-03-22 13:00:00 Message Carol []",
            ]
        );
    }

    #[test]
    fn the_date_order_is_decided_from_the_whole_file_or_asked() {
        // Only the last line tells: 13 cannot be a month.
        let text = "01/02/2024, 10:00 - A: x\n05/06/2024, 10:00 - B: y\n13/06/2024, 10:00 - A: z\n";
        let got = events(text, None).unwrap();
        assert!(got[0].starts_with("2024-02-01"), "{got:?}");
        let ambiguous = "01/02/2024, 10:00 - A: x\n05/06/2024, 10:00 - B: y\n";
        assert!(matches!(
            events(ambiguous, None),
            Err(ChatError::DayOrder { .. })
        ));
        let got = events(ambiguous, Some(DayOrder::MonthFirst)).unwrap();
        assert!(got[0].starts_with("2024-01-02"), "{got:?}");
        let european = "21.03.21, 10:15 - A: x\n";
        assert!(events(european, None).unwrap()[0].starts_with("2021-03-21 10:15"));
    }

    #[test]
    fn text_without_dated_lines_is_not_a_chat() {
        assert!(matches!(
            events("hello\nworld\n", None),
            Err(ChatError::NotChat { .. })
        ));
    }
}
