//! What every chat export becomes: a stream of [`Event`]s (a message, or someone joining or
//! leaving), read from a file whose kind is told by its bytes, with the limits that keep a
//! hostile file from costing memory or time. Nothing here is stored: the text of a message lives
//! only while it is scanned.

pub use crate::community::chat_error::{ChatError, file_name};
use chrono::NaiveDateTime;
use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

/// The largest chat file read whole (a text export, a zip's chat or a Telegram JSON, unpacked;
/// a WeChat CSV streams and has no such limit).
pub const FILE_MAX: u64 = 512 * 1024 * 1024;
/// The largest Telegram JSON read: parsed whole, it takes several times its size in memory.
pub const JSON_MAX: u64 = 128 * 1024 * 1024;
/// The longest line of a text export, in bytes (WhatsApp caps a message at 65,536 characters).
pub const LINE_MAX: usize = 1024 * 1024;

/// The chat apps whose exports are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// WhatsApp's "Export chat": `_chat.txt` (iOS) or `WhatsApp Chat with ….txt` (Android).
    Whatsapp,
    /// Telegram Desktop's "Export chat history" as machine-readable JSON (`result.json`).
    Telegram,
    /// The CSV layout WeChat chat-export tools write (`localId, TalkerId, Type, …`).
    WechatCsv,
}

/// What a line of the chat says happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happening {
    /// A message (its text, empty for media).
    Message,
    /// `who` joined (added by someone, or by the invite link or QR code).
    Join,
    /// `who` left or was removed.
    Leave,
    /// The group was made by `who` (the first guess of the shop's own account).
    Created,
}

/// Who an event is about, as the export names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who<'a> {
    /// What tells this person apart in the export: an account id where the export has one
    /// (Telegram's `from_id`, WeChat's `Sender`), else the name.
    pub key: Cow<'a, str>,
    /// The names to match members by: the display name, and the owner's remark for them.
    pub name: Cow<'a, str>,
    pub remark: Option<Cow<'a, str>>,
}

impl<'a> Who<'a> {
    /// Someone the export knows by name only.
    pub fn named(name: impl Into<Cow<'a, str>>) -> Who<'a> {
        let name = name.into();
        Who {
            key: name.clone(),
            name,
            remark: None,
        }
    }
}

/// One event of a chat, with the line (or message number) it came from.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub at: NaiveDateTime,
    pub what: Happening,
    pub who: Who<'a>,
    pub text: Cow<'a, str>,
    /// A link card, a mini-program card or a shared contact card (WeChat's app messages).
    pub card: bool,
    /// Sent from the account that made the export (WeChat's `IsSender`).
    pub own: bool,
    pub line: u64,
}

/// The bytes of a text or JSON export, whole: a `.zip` opened for its chat, with every size
/// limit checked on what is actually unpacked (a zip's headers can lie).
pub fn read_whole(path: &Path, limit: u64) -> Result<Vec<u8>, ChatError> {
    let file = std::fs::File::open(path).map_err(|e| ChatError::io(path, e))?;
    let mut head = [0u8; 4];
    let n = (&file)
        .take(4)
        .read(&mut head)
        .map_err(|e| ChatError::io(path, e))?;
    let file = std::fs::File::open(path).map_err(|e| ChatError::io(path, e))?;
    let bytes = if n == 4 && head == *b"PK\x03\x04" {
        unzip_chat(path, file, limit)?
    } else {
        limited(path, file, limit)?
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ChatError::Empty {
            file: file_name(path),
        });
    }
    Ok(bytes)
}

fn limited(path: &Path, reader: impl Read, limit: u64) -> Result<Vec<u8>, ChatError> {
    let mut out = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut out)
        .map_err(|e| ChatError::io(path, e))?;
    if out.len() as u64 > limit {
        return Err(ChatError::TooBig {
            file: file_name(path),
            limit,
        });
    }
    Ok(out)
}

/// The chat inside a WhatsApp `.zip`: `_chat.txt`, else its one `.txt`.
fn unzip_chat(path: &Path, file: std::fs::File, limit: u64) -> Result<Vec<u8>, ChatError> {
    let not_zip = || ChatError::NotChat {
        file: file_name(path),
        why: "layout",
    };
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|_| not_zip())?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let base = |n: &String| n.rsplit('/').next().unwrap_or(n).to_string();
    let chat = names
        .iter()
        .find(|n| base(n) == "_chat.txt")
        .or_else(|| {
            let txts: Vec<&String> = names
                .iter()
                .filter(|n| base(n).to_lowercase().ends_with(".txt") && !base(n).starts_with('.'))
                .collect();
            (txts.len() == 1).then(|| txts[0])
        })
        .ok_or_else(|| ChatError::ZipWithoutChat {
            file: file_name(path),
        })?
        .clone();
    let entry = zip.by_name(&chat).map_err(|_| not_zip())?;
    if entry.size() > limit {
        return Err(ChatError::TooBig {
            file: file_name(path),
            limit,
        });
    }
    limited(path, entry, limit)
}

/// The text of an export: UTF-8 (a byte-order mark dropped), or UTF-16 with its mark; a file
/// with NUL bytes or invalid UTF-8 is binary.
pub fn text(path: &Path, bytes: Vec<u8>) -> Result<String, ChatError> {
    let binary = || ChatError::NotChat {
        file: file_name(path),
        why: "binary",
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, _, bad) = encoding_rs::Encoding::for_bom(&bytes)
            .map(|(enc, _)| enc)
            .unwrap_or(encoding_rs::UTF_16LE)
            .decode(&bytes);
        return if bad {
            Err(binary())
        } else {
            Ok(text.trim_start_matches('\u{feff}').to_string())
        };
    }
    if memchr::memchr(0, &bytes).is_some() {
        return Err(binary());
    }
    let mut text = String::from_utf8(bytes).map_err(|_| binary())?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Lines of `text` with their numbers (from 1), refusing one longer than [`LINE_MAX`].
pub fn lines<'t>(
    path: &'t Path,
    text: &'t str,
) -> impl Iterator<Item = Result<(u64, &'t str), ChatError>> + 't {
    text.split('\n').enumerate().map(move |(i, line)| {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.len() > LINE_MAX {
            Err(ChatError::LineTooLong {
                file: file_name(path),
                line: i as u64 + 1,
                limit: LINE_MAX,
            })
        } else {
            Ok((i as u64 + 1, line))
        }
    })
}

/// The kind of export a file holds, told by its first bytes: JSON, a CSV with WeChat's columns,
/// or text with WhatsApp's dated lines (a `.zip` is WhatsApp's).
pub fn sniff(path: &Path) -> Result<Format, ChatError> {
    let mut head = Vec::with_capacity(4096);
    std::fs::File::open(path)
        .map_err(|e| ChatError::io(path, e))?
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| ChatError::io(path, e))?;
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Format::Whatsapp);
    }
    let start = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
    let first = start.iter().find(|b| !b.is_ascii_whitespace());
    match first {
        None => Err(ChatError::Empty {
            file: file_name(path),
        }),
        Some(b'{') => Ok(Format::Telegram),
        Some(_) => {
            let line = start.split(|b| *b == b'\n').next().unwrap_or_default();
            let line = String::from_utf8_lossy(line).to_lowercase();
            if ["createtime", "strcontent", "strtime"]
                .iter()
                .any(|h| line.contains(h))
            {
                Ok(Format::WechatCsv)
            } else {
                Ok(Format::Whatsapp)
            }
        }
    }
}
