//! Telegram Desktop's "Export chat history" in its machine-readable form, `result.json`
//! (sources in `tests/fixtures/chats/SOURCES.md`): `messages`, each `"type": "message"` with
//! `from` / `from_id` and a `text` that is a string or a list of plain strings and entities
//! (`{"type": "link", "text": …}`, `{"type": "text_link", "href": …}`), or `"type": "service"`
//! with an `action` — `create_group`, `invite_members` and `join_group_by_link` (joins),
//! `remove_members` (a removal, or a member leaving: the actor is then the one removed).
//! `date` is the local time of the computer that exported it.

use super::source::{ChatError, Event, Happening, Who, file_name};
use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::path::Path;

#[derive(Deserialize)]
struct Export {
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(rename = "type")]
    kind: String,
    date: String,
    #[serde(default)]
    date_unixtime: Option<String>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    from_id: Option<String>,
    #[serde(default)]
    actor: Option<String>,
    #[serde(default)]
    actor_id: Option<String>,
    #[serde(default)]
    action: Option<String>,
    #[serde(default)]
    members: Vec<Option<String>>,
    #[serde(default)]
    text: Value,
}

/// A message's text: the string, or its pieces joined (a hidden link's address included).
fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(parts) => parts
            .iter()
            .map(|p| match p {
                Value::String(s) => s.clone(),
                Value::Object(o) => {
                    let text = o.get("text").and_then(Value::as_str).unwrap_or_default();
                    match o.get("href").and_then(Value::as_str) {
                        Some(href) => format!("{text} {href}"),
                        None => text.to_string(),
                    }
                }
                _ => String::new(),
            })
            .collect(),
        _ => String::new(),
    }
}

/// Reads a Telegram export's bytes, calling `each` for every event in order.
pub fn read(
    path: &Path,
    bytes: &[u8],
    zone: Tz,
    each: &mut dyn FnMut(Event<'_>) -> Result<(), ChatError>,
) -> Result<(), ChatError> {
    let export: Export = serde_json::from_slice(bytes).map_err(|e| ChatError::Json {
        file: file_name(path),
        line: e.line(),
        column: e.column(),
        why: e.to_string(),
    })?;
    if export.messages.is_empty() {
        return Err(ChatError::NotChat {
            file: file_name(path),
            why: "no messages",
        });
    }
    // Invitations name people by name only: their account, when they wrote in the chat.
    let mut ids = rustc_hash::FxHashMap::default();
    for m in &export.messages {
        if let (Some(name), Some(id)) = (&m.from, &m.from_id) {
            ids.entry(name.clone()).or_insert_with(|| id.clone());
        }
        if let (Some(name), Some(id)) = (&m.actor, &m.actor_id) {
            ids.entry(name.clone()).or_insert_with(|| id.clone());
        }
    }
    let who = |name: &str, id: Option<&String>| Who {
        key: Cow::Owned(
            id.or_else(|| ids.get(name))
                .cloned()
                .unwrap_or_else(|| name.to_string()),
        ),
        name: Cow::Owned(name.to_string()),
        remark: None,
    };
    for (i, m) in export.messages.iter().enumerate() {
        let line = i as u64 + 1;
        // The moment, read in the shop's zone (`date` is the exporting computer's local time,
        // used only by exports too old to have `date_unixtime`).
        let unix = m
            .date_unixtime
            .as_deref()
            .and_then(|t| t.trim().parse::<i64>().ok())
            .and_then(|t| zone.timestamp_opt(t, 0).single())
            .map(|t| t.naive_local());
        let at = match unix {
            Some(at) => at,
            None => NaiveDateTime::parse_from_str(&m.date, "%Y-%m-%dT%H:%M:%S").map_err(|_| {
                ChatError::Row {
                    file: file_name(path),
                    row: line,
                    column: "date",
                    why: "time",
                }
            })?,
        };
        let event = |what, who: Who<'static>, text: String| Event {
            at,
            what,
            who,
            text: Cow::Owned(text),
            card: false,
            own: false,
            line,
        };
        match (m.kind.as_str(), m.action.as_deref()) {
            ("message", _) => {
                let name = m.from.as_deref().unwrap_or_default();
                each(event(
                    Happening::Message,
                    who(name, m.from_id.as_ref()),
                    text_of(&m.text),
                ))?;
            }
            ("service", Some(action)) => {
                let actor = m.actor.as_deref().unwrap_or_default();
                let members: Vec<&str> = m.members.iter().flatten().map(String::as_str).collect();
                let (what, people): (Happening, Vec<Who<'static>>) = match action {
                    "create_group" => (Happening::Created, vec![who(actor, m.actor_id.as_ref())]),
                    "join_group_by_link" | "join_group_by_request" => {
                        (Happening::Join, vec![who(actor, m.actor_id.as_ref())])
                    }
                    "invite_members" => (
                        Happening::Join,
                        members.iter().map(|n| who(n, None)).collect(),
                    ),
                    "remove_members" => (
                        Happening::Leave,
                        members
                            .iter()
                            .map(|n| {
                                let id = (*n == actor).then_some(m.actor_id.as_ref()).flatten();
                                who(n, id)
                            })
                            .collect(),
                    ),
                    _ => continue,
                };
                for p in people {
                    each(event(what.clone(), p, String::new()))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(json: &str) -> Result<Vec<String>, ChatError> {
        let mut out = Vec::new();
        read(
            Path::new("result.json"),
            json.as_bytes(),
            Tz::UTC,
            &mut |e| {
                out.push(format!(
                    "{} {:?} {}/{} [{}]",
                    e.at.format("%m-%d %H:%M"),
                    e.what,
                    e.who.key,
                    e.who.name,
                    e.text
                ));
                Ok(())
            },
        )?;
        Ok(out)
    }

    #[test]
    fn messages_entities_and_service_messages() {
        let json = r#"{"name": "Bakery", "type": "private_supergroup", "id": 1, "messages": [
          {"id": 1, "type": "service", "date": "2024-05-01T09:00:00", "actor": "Ann", "actor_id": "user1", "action": "create_group", "title": "Bakery", "members": ["Ann"], "text": ""},
          {"id": 2, "type": "message", "date": "2024-05-01T09:01:00", "from": "Ann", "from_id": "user1", "text": ["See ", {"type": "link", "text": "https://example.com"}]},
          {"id": 3, "type": "service", "date": "2024-05-01T10:00:00", "actor": "Ann", "actor_id": "user1", "action": "invite_members", "members": ["Bo", "李雷"], "text": ""},
          {"id": 4, "type": "message", "date": "2024-05-01T10:05:00", "from": "Bo", "from_id": "user2", "text": "hi"},
          {"id": 5, "type": "message", "date": "2024-05-01T10:06:00", "from": "Bo", "from_id": "user9", "text": "another Bo"},
          {"id": 6, "type": "service", "date": "2024-05-02T08:00:00", "actor": "Cy", "actor_id": "user3", "action": "join_group_by_link", "inviter": "Group", "text": ""},
          {"id": 7, "type": "service", "date": "2024-05-02T09:00:00", "actor": "Bo", "actor_id": "user2", "action": "remove_members", "members": ["Bo"], "text": ""},
          {"id": 8, "type": "service", "date": "2024-05-02T09:30:00", "actor": "Ann", "actor_id": "user1", "action": "pin_message", "text": ""}
        ]}"#;
        assert_eq!(
            events(json).unwrap(),
            [
                "05-01 09:00 Created user1/Ann []",
                "05-01 09:01 Message user1/Ann [See https://example.com]",
                "05-01 10:00 Join user2/Bo []",
                "05-01 10:00 Join 李雷/李雷 []",
                "05-01 10:05 Message user2/Bo [hi]",
                "05-01 10:06 Message user9/Bo [another Bo]",
                "05-02 08:00 Join user3/Cy []",
                "05-02 09:00 Leave user2/Bo []",
            ]
        );
    }

    #[test]
    fn the_moment_is_read_in_the_shops_zone() {
        let json = r#"{"messages": [{"id": 1, "type": "message", "date": "2024-05-01T01:00:00",
            "date_unixtime": "1714521600", "from": "Ann", "from_id": "user1", "text": "hi"}]}"#;
        let mut at = None;
        let shanghai: Tz = "Asia/Shanghai".parse().expect("zone");
        read(
            Path::new("result.json"),
            json.as_bytes(),
            shanghai,
            &mut |e| {
                at = Some(e.at);
                Ok(())
            },
        )
        .expect("read");
        // 2024-05-01 00:00 UTC is 08:00 in Shanghai, whatever the exporting computer's clock.
        assert_eq!(
            at.map(|t| t.format("%H:%M").to_string()).as_deref(),
            Some("08:00")
        );
    }

    #[test]
    fn broken_json_names_its_line() {
        let err = events("{\"messages\": [\n{\"type\": \"message\",").unwrap_err();
        assert!(matches!(err, ChatError::Json { line: 2, .. }), "{err:?}");
    }
}
