//! The CSV layout common WeChat chat-export tools write (sources in
//! `tests/fixtures/chats/SOURCES.md`): `localId, TalkerId, Type, SubType, IsSender, CreateTime,
//! Status, StrContent, StrTime, Remark, NickName, Sender`. `CreateTime` is epoch seconds (read
//! in the shop's time zone; milliseconds are recognised), `StrTime` the same as local text;
//! `Type` 1 is text, 3 / 34 / 43 / 47 image, voice, video and sticker, 42 a contact card, 49 an
//! app message (`SubType` 5 a link, 33 and 36 a mini-program card), 10000 a system message
//! (`"小王"邀请"小李"加入了群聊`, `"小李"通过扫描"小王"分享的二维码加入群聊`,
//! `"小王"将"小李"移出了群聊`, and the English ones). `Sender` is the account that sent it; a
//! layout without it cannot tell speakers apart in a group and is refused. Joins and removals
//! name people by their names: they are told apart by the account that wrote under that name
//! in the same file, when one did.
//!
//! The file is read as it streams (its rows are never all in memory), through the import's
//! guard against a runaway field or record.

use super::source::{ChatError, Event, Happening, Who, file_name};
use crate::import::guard::{FIELD_MAX, Guard, Overflow, RECORD_BYTES_MAX};
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use std::borrow::Cow;
use std::path::Path;

/// The columns read, by their lower-case header.
struct Columns {
    create_time: Option<usize>,
    str_time: Option<usize>,
    kind: usize,
    sub_kind: Option<usize>,
    is_sender: Option<usize>,
    content: usize,
    sender: usize,
    nick: Option<usize>,
    remark: Option<usize>,
}

fn columns(path: &Path, headers: &csv::ByteRecord) -> Result<Columns, ChatError> {
    let find = |name: &str| {
        headers.iter().position(|h| {
            let h = String::from_utf8_lossy(h);
            h.trim()
                .trim_start_matches('\u{feff}')
                .eq_ignore_ascii_case(name)
        })
    };
    let missing = |column| ChatError::MissingColumn {
        file: file_name(path),
        column,
    };
    let create_time = find("createtime");
    let str_time = find("strtime");
    if create_time.is_none() && str_time.is_none() {
        return Err(missing("CreateTime"));
    }
    Ok(Columns {
        create_time,
        str_time,
        kind: find("type").ok_or_else(|| missing("Type"))?,
        sub_kind: find("subtype"),
        is_sender: find("issender"),
        content: find("strcontent").ok_or_else(|| missing("StrContent"))?,
        sender: find("sender").ok_or_else(|| ChatError::NoSender {
            file: file_name(path),
        })?,
        nick: find("nickname"),
        remark: find("remark"),
    })
}

/// The names a system message quotes, in order: `"小王"邀请"小李、小张"加入了群聊` → 小王, 小李, 小张.
fn quoted(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((start, open)) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '"' | '“' | '「'))
    {
        let close = match open {
            '“' => '”',
            '「' => '」',
            _ => '"',
        };
        let after = &rest[start + open.len_utf8()..];
        let Some(end) = after.find(close) else { break };
        out.extend(
            after[..end]
                .split(['、', ','])
                .map(str::trim)
                .filter(|n| !n.is_empty()),
        );
        rest = &after[end + close.len_utf8()..];
    }
    out
}

/// A system message's joins and removals: (what, the names it happened to).
fn system(text: &str) -> Option<(Happening, Vec<&str>)> {
    let names = quoted(text);
    let after = |word: &str| -> Option<Vec<&str>> {
        let at = text.find(word)? + word.len();
        Some(quoted(&text[at..]))
    };
    if text.contains("移出") || text.contains("removed") {
        let whom = after("将")
            .or_else(|| after("removed"))
            .filter(|n| !n.is_empty())
            .unwrap_or(names);
        return Some((Happening::Leave, whom));
    }
    if text.contains("邀请") && text.contains("加入") || text.contains(" invited ") {
        let whom = after("邀请").or_else(|| after("invited"))?;
        return Some((Happening::Join, whom));
    }
    if text.contains("加入") || text.contains("joined") {
        // `"小李"通过扫描"小王"分享的二维码加入群聊`: the joiner is named first.
        return Some((Happening::Join, names.into_iter().take(1).collect()));
    }
    None
}

/// Epoch seconds to the shop's local time, the zone's offset looked up once per quarter of an
/// hour (every zone's transitions fall on one).
struct Clock {
    zone: Tz,
    window: i64,
    offset: i64,
}

impl Clock {
    const WINDOW: i64 = 15 * 60;

    fn new(zone: Tz) -> Clock {
        Clock {
            zone,
            window: i64::MIN,
            offset: 0,
        }
    }

    fn local(&mut self, secs: i64) -> Option<NaiveDateTime> {
        let window = secs.div_euclid(Self::WINDOW);
        if window != self.window {
            let at = self.zone.timestamp_opt(secs, 0).single()?;
            self.offset = at.naive_local().and_utc().timestamp() - secs;
            self.window = window;
        }
        chrono::DateTime::from_timestamp(secs + self.offset, 0).map(|t| t.naive_utc())
    }
}

fn overflow(path: &Path, e: &csv::Error) -> Option<ChatError> {
    let csv::ErrorKind::Io(io) = e.kind() else {
        return None;
    };
    let line = match io.get_ref()?.downcast_ref::<Overflow>()? {
        Overflow::Field { line, .. } | Overflow::Unclosed { line, .. } => *line,
        Overflow::Record { line } => *line,
    };
    Some(ChatError::LineTooLong {
        file: file_name(path),
        line: line as u64,
        limit: FIELD_MAX.min(RECORD_BYTES_MAX),
    })
}

fn utf8<'r>(path: &Path, row: u64, bytes: &'r [u8]) -> Result<&'r str, ChatError> {
    std::str::from_utf8(bytes).map_err(|_| ChatError::NotChat {
        file: file_name(path),
        why: if row <= 2 { "binary" } else { "encoding" },
    })
}

/// Reads a WeChat CSV export as it streams, calling `each` for every event in order; times in
/// `zone`.
pub fn read(
    path: &Path,
    zone: Tz,
    each: &mut dyn FnMut(Event<'_>) -> Result<(), ChatError>,
) -> Result<(), ChatError> {
    let file = std::fs::File::open(path).map_err(|e| ChatError::io(path, e))?;
    let guarded = Guard::new(std::io::BufReader::with_capacity(1 << 16, file), b',', true);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(guarded);
    let headers = rdr
        .byte_headers()
        .map_err(|e| overflow(path, &e).unwrap_or_else(|| ChatError::io(path, e.into())))?
        .clone();
    if headers.as_slice().contains(&0) {
        return Err(ChatError::NotChat {
            file: file_name(path),
            why: "binary",
        });
    }
    let cols = columns(path, &headers)?;
    let mut record = csv::ByteRecord::new();
    let mut row: u64 = 1;
    let mut moves: Vec<(NaiveDateTime, Happening, String, u64)> = Vec::new();
    // The account that wrote under each name, for joins and removals that give names only.
    let mut accounts: rustc_hash::FxHashMap<String, String> = Default::default();
    let mut any = false;
    let mut clock = Clock::new(zone);
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(overflow(path, &e).unwrap_or_else(|| ChatError::Row {
                    file: file_name(path),
                    row: e.position().map_or(row + 1, |p| p.line()),
                    column: "StrContent",
                    why: "unreadable",
                }));
            }
        }
        // The record's line in the file (a message may span lines); the guard forgets the
        // records before it.
        let from = record.position().map_or(0, |p| p.byte());
        row = rdr.get_mut().line_of(from) as u64;
        let cell = |i: Option<usize>| i.and_then(|i| record.get(i)).unwrap_or_default();
        let bad = |column, why| ChatError::Row {
            file: file_name(path),
            row,
            column,
            why,
        };
        let at = match cols.create_time.map(|i| cell(Some(i))) {
            Some(secs) if !secs.is_empty() => {
                let secs: i64 = utf8(path, row, secs)?
                    .trim()
                    .parse()
                    .map_err(|_| bad("CreateTime", "time"))?;
                let secs = if secs > 100_000_000_000 {
                    secs / 1000
                } else {
                    secs
                };
                clock.local(secs).ok_or_else(|| bad("CreateTime", "time"))?
            }
            _ => NaiveDateTime::parse_from_str(
                utf8(path, row, cell(cols.str_time))?.trim(),
                "%Y-%m-%d %H:%M:%S",
            )
            .map_err(|_| bad("StrTime", "time"))?,
        };
        let kind: u32 = utf8(path, row, cell(Some(cols.kind)))?
            .trim()
            .parse()
            .map_err(|_| bad("Type", "type"))?;
        let sub: u32 = utf8(path, row, cell(cols.sub_kind))?
            .trim()
            .parse()
            .unwrap_or(0);
        let own = cell(cols.is_sender) == b"1";
        let content = utf8(path, row, cell(Some(cols.content)))?;
        any = true;
        if kind == 10000 {
            if let Some((what, names)) = system(content) {
                for name in names {
                    moves.push((at, what.clone(), name.to_string(), row));
                }
            }
            continue;
        }
        let sender = utf8(path, row, cell(Some(cols.sender)))?.trim();
        let sender = if sender.is_empty() && own {
            "self"
        } else {
            sender
        };
        if sender.is_empty() {
            continue;
        }
        let nick = utf8(path, row, cell(cols.nick))?.trim();
        let remark = utf8(path, row, cell(cols.remark))?.trim();
        let name = if nick.is_empty() { sender } else { nick };
        if !accounts.contains_key(name) {
            accounts.insert(name.to_string(), sender.to_string());
        }
        let media = matches!(kind, 3 | 34 | 43 | 47);
        each(Event {
            at,
            what: Happening::Message,
            who: Who {
                key: Cow::Borrowed(sender),
                name: Cow::Borrowed(name),
                remark: (!remark.is_empty()).then_some(Cow::Borrowed(remark)),
            },
            text: Cow::Borrowed(if media { "" } else { content }),
            card: kind == 42 || (kind == 49 && matches!(sub, 5 | 33 | 36)),
            own,
            line: row,
        })?;
    }
    if !any {
        return Err(ChatError::NotChat {
            file: file_name(path),
            why: "no messages",
        });
    }
    for (at, what, name, line) in moves {
        let key = accounts.get(&name).cloned().unwrap_or_else(|| name.clone());
        each(Event {
            at,
            what,
            who: Who {
                key: Cow::Owned(key),
                name: Cow::Owned(name),
                remark: None,
            },
            text: Cow::Borrowed(""),
            card: false,
            own: false,
            line,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_seconds_are_read_in_the_shop_zone_across_a_clock_change() {
        let zone: Tz = "Europe/London".parse().expect("zone");
        let mut clock = Clock::new(zone);
        // 2026-03-29 00:59:59 UTC is 00:59:59 GMT; a second later it is 02:00 BST.
        let before = 1_774_745_999;
        let t = |c: &mut Clock, s| c.local(s).expect("time").format("%H:%M:%S").to_string();
        assert_eq!(t(&mut clock, before), "00:59:59");
        assert_eq!(t(&mut clock, before + 1), "02:00:00");
        assert_eq!(t(&mut clock, before), "00:59:59");
    }

    #[test]
    fn system_messages_name_who_joined_and_who_was_removed() {
        let cases = [
            (
                "\"小王\"邀请\"小李、小张\"加入了群聊",
                Some((Happening::Join, vec!["小李", "小张"])),
            ),
            (
                "\"小李\"通过扫描\"小王\"分享的二维码加入群聊",
                Some((Happening::Join, vec!["小李"])),
            ),
            (
                "你邀请“阿May”加入了群聊",
                Some((Happening::Join, vec!["阿May"])),
            ),
            (
                "\"小王\"将\"小李\"移出了群聊",
                Some((Happening::Leave, vec!["小李"])),
            ),
            (
                "你将\"小李\"移出了群聊",
                Some((Happening::Leave, vec!["小李"])),
            ),
            (
                "\"Ann\" invited \"Bo\" to the group chat",
                Some((Happening::Join, vec!["Bo"])),
            ),
            (
                "\"Bo\" joined the group chat via the QR code shared by \"Ann\"",
                Some((Happening::Join, vec!["Bo"])),
            ),
            (
                "You removed \"Bo\" from the group chat",
                Some((Happening::Leave, vec!["Bo"])),
            ),
            ("\"小王\"修改群名为“面包小队”", None),
        ];
        for (text, want) in cases {
            assert_eq!(system(text), want, "{text}");
        }
    }
}
