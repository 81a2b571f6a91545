//! Why a chat file was refused (nothing was written), in both languages: shared by the chat
//! readers (`chats::source` and the formats) and the room's one error (`CommunityError::Chat`).

use crate::i18n::{ErrorCode, Lang, UserError};
pub use crate::import::read::file_name;
use std::path::Path;
use thiserror::Error;

/// Why a chat file was refused. Nothing was written.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ChatError {
    #[error("{file}: {why}")]
    Io { file: String, why: String },
    #[error("{file}: empty")]
    Empty { file: String },
    #[error("{file}: not a chat export ({why})")]
    NotChat { file: String, why: &'static str },
    #[error("{file}: larger than {limit} bytes")]
    TooBig { file: String, limit: u64 },
    #[error("{file}: line {line} longer than {limit} bytes")]
    LineTooLong {
        file: String,
        line: u64,
        limit: usize,
    },
    #[error("{file}: not readable JSON at line {line}, column {column}: {why}")]
    Json {
        file: String,
        line: usize,
        column: usize,
        why: String,
    },
    #[error("{file}: row {row}: {why}")]
    Row {
        file: String,
        row: u64,
        column: &'static str,
        why: &'static str,
    },
    #[error("{file}: no sender column")]
    NoSender { file: String },
    #[error("{file}: no column {column}")]
    MissingColumn { file: String, column: &'static str },
    #[error("{file}: the zip holds no chat")]
    ZipWithoutChat { file: String },
    #[error("{file}: dates could be day or month first")]
    DayOrder { file: String },
}

impl ChatError {
    pub fn io(path: &Path, source: std::io::Error) -> ChatError {
        ChatError::Io {
            file: file_name(path),
            why: source.to_string(),
        }
    }
}

impl UserError for ChatError {
    fn code(&self) -> ErrorCode {
        match self {
            ChatError::Io { .. } => ErrorCode::Io,
            ChatError::DayOrder { .. } => ErrorCode::ChooseDateOrder,
            _ => ErrorCode::Invalid,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let mb = |b: u64| b / (1024 * 1024);
        match self {
            ChatError::Io { file, why } => lang.pick(
                format!("无法读取 {file}：{why}。没有写入任何内容。"),
                format!("Could not read {file}: {why}. Nothing was written."),
            ),
            ChatError::Empty { file } => lang.pick(
                format!("{file} 是空的：没有可导入的聊天记录。"),
                format!("{file} is empty: there is no chat to import."),
            ),
            ChatError::NotChat { file, why } => {
                let zh = match *why {
                    "binary" => "它是二进制文件，不是文字",
                    "layout" => "看不出是 WhatsApp、Telegram 或微信导出的格式",
                    "no messages" => "没有找到任何带时间的消息",
                    "encoding" => "它不是 UTF-8 编码的文字",
                    _ => "格式不对",
                };
                let en = match *why {
                    "binary" => "it is binary, not text",
                    "layout" => "it is not laid out as a WhatsApp, Telegram or WeChat export",
                    "no messages" => "no dated message was found in it",
                    "encoding" => "it is not UTF-8 text",
                    _ => "its layout is wrong",
                };
                lang.pick(
                    format!(
                        "{file} 不是聊天导出文件：{zh}。请导出群聊记录（WhatsApp 的 .txt 或 .zip，Telegram 的 result.json，或微信记录的 CSV）。没有写入任何内容。"
                    ),
                    format!(
                        "{file} is not a chat export: {en}. Export the group's history (WhatsApp's .txt or .zip, Telegram's result.json, or a WeChat chat CSV). Nothing was written."
                    ),
                )
            }
            ChatError::TooBig { file, limit } => lang.pick(
                format!(
                    "{file} 解开后超过 {} MB，不像是一个群的聊天记录。没有写入任何内容。",
                    mb(*limit)
                ),
                format!(
                    "{file} unpacks to more than {} MB, too large for one group's chat. Nothing was written.",
                    mb(*limit)
                ),
            ),
            ChatError::LineTooLong { file, line, limit } => lang.pick(
                format!(
                    "{file} 第 {line} 行超过 {} MB，不是聊天记录的一行。没有写入任何内容。",
                    mb(*limit as u64)
                ),
                format!(
                    "{file}, line {line} is longer than {} MB: not a line of a chat. Nothing was written.",
                    mb(*limit as u64)
                ),
            ),
            ChatError::Json {
                file,
                line,
                column,
                why,
            } => lang.pick(
                format!(
                    "{file} 不是完整的 JSON（第 {line} 行第 {column} 列：{why}）。请从 Telegram Desktop 重新导出 JSON 格式。没有写入任何内容。"
                ),
                format!(
                    "{file} is not whole JSON (line {line}, column {column}: {why}). Export it again from Telegram Desktop as JSON. Nothing was written."
                ),
            ),
            ChatError::Row {
                file,
                row,
                column,
                why,
            } => {
                let zh = match *why {
                    "time" => "应为时间（秒数或 年-月-日 时:分:秒）",
                    "type" => "应为消息类型的数字",
                    _ => "无法读取",
                };
                let en = match *why {
                    "time" => "expected a time (epoch seconds or YYYY-MM-DD HH:MM:SS)",
                    "type" => "expected a message type number",
                    _ => "unreadable",
                };
                lang.pick(
                    format!("{file} 第 {row} 行「{column}」列：{zh}。没有写入任何内容。"),
                    format!(
                        "{file}, row {row}, column {column}: {en}. Nothing was written."
                    ),
                )
            }
            ChatError::NoSender { file } => lang.pick(
                format!(
                    "{file} 没有发送者列（Sender）：群聊里看不出是谁说的话，无法统计发言人数。请导出带发送者的群聊记录。没有写入任何内容。"
                ),
                format!(
                    "{file} has no sender column (Sender): in a group it cannot tell who spoke, so speakers cannot be counted. Export the group's chat with its senders. Nothing was written."
                ),
            ),
            ChatError::MissingColumn { file, column } => lang.pick(
                format!("{file} 缺少「{column}」列。没有写入任何内容。"),
                format!("{file} has no column {column}. Nothing was written."),
            ),
            ChatError::ZipWithoutChat { file } => lang.pick(
                format!(
                    "{file} 里没有聊天记录（_chat.txt 或 .txt 文件）。没有写入任何内容。"
                ),
                format!(
                    "{file} holds no chat (_chat.txt or a .txt file). Nothing was written."
                ),
            ),
            ChatError::DayOrder { file } => lang.pick(
                format!(
                    "{file} 里的日期既可以读作“日/月”也可以读作“月/日”。请选择导出手机的日期顺序。"
                ),
                format!(
                    "The dates in {file} read as day/month and as month/day. Choose the date order of the phone that exported it."
                ),
            ),
        }
    }
}
