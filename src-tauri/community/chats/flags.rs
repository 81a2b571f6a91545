//! Breach candidates a chat import found: which message (its time and sender, no text), what
//! it held (a link, a QR code, a card, a phone, an ad word). None is a breach until the owner
//! confirms it into the moderation log — as a member's or, for someone not on the list, as a
//! participant's, named by the owner's label or "chat sender #id" — with the excerpt they read
//! (masked again and cut to 80 characters here); the owner may dismiss it instead.

use super::scan::{self, Hit};
use super::senders::{self, Decision, People};
use crate::community::moderation::{self, Action, EntryInput, Who};
use crate::community::{CommunityError, Thing};
use crate::settings::ctx::Ctx;
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A candidate while its import runs.
pub struct Found {
    pub at: NaiveDateTime,
    /// The sender's slot in the import.
    pub who: usize,
    pub hits: Vec<Hit>,
    pub word: Option<String>,
    pub excerpt: String,
}

/// A candidate as the import's report shows it: the excerpt is read here, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Candidate {
    #[ts(type = "number")]
    pub flag_id: i64,
    #[ts(type = "number")]
    pub sender_id: i64,
    pub name: String,
    pub at: NaiveDateTime,
    pub hits: Vec<Hit>,
    pub word: Option<String>,
    pub excerpt: String,
}

impl Found {
    pub fn candidate(&self, flag_id: i64, sender_id: i64, people: &People) -> Candidate {
        Candidate {
            flag_id,
            sender_id,
            name: people.name(self.who).to_string(),
            at: self.at,
            hits: self.hits.clone(),
            word: self.word.clone(),
            excerpt: self.excerpt.clone(),
        }
    }
}

/// Stores a candidate of batch `batch` (no text).
pub fn add(
    tx: &Transaction<'_>,
    batch: i64,
    group: i64,
    sender: i64,
    found: &Found,
) -> rusqlite::Result<i64> {
    tx.prepare_cached(
        "INSERT INTO chat_flags(batch_id, group_id, at, sender_id, hits, word)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        batch,
        group,
        found.at,
        sender,
        Hit::codes(&found.hits),
        found.word
    ])?;
    Ok(tx.last_insert_rowid())
}

/// What the owner decided a candidate was.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct ConfirmInput {
    #[ts(type = "number")]
    pub flag_id: i64,
    pub action: Action,
    #[ts(type = "number | null")]
    pub rule_id: Option<i64>,
    #[ts(type = "number | null")]
    pub handled_by: Option<i64>,
    /// The excerpt as the owner read it in the import's report (masked and cut again here).
    pub excerpt: String,
}

fn open_flag(conn: &Connection, id: i64) -> Result<(i64, i64, NaiveDateTime), CommunityError> {
    let (group, sender, at, status): (i64, i64, NaiveDateTime, String) = conn
        .query_row(
            "SELECT group_id, sender_id, at, status FROM chat_flags WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or(CommunityError::NotFound(Thing::Flag, id))?;
    if status != "open" {
        return Err(CommunityError::FlagHandled(id));
    }
    Ok((group, sender, at))
}

/// Confirms a candidate into the moderation log, in one transaction: the moderation entry's id.
pub fn confirm(
    conn: &mut Connection,
    input: &ConfirmInput,
    ctx: Ctx,
) -> Result<i64, CommunityError> {
    let tx = conn.transaction()?;
    let (group, sender, at) = open_flag(&tx, input.flag_id)?;
    let who = match senders::decision(&tx, sender)? {
        Decision::Member { member_id } => Who::Member { member_id },
        _ => Who::Participant {
            label: senders::label(&tx, sender, ctx)?,
        },
    };
    let note = scan::excerpt(&input.excerpt, ctx.phone_region());
    let entry = EntryInput {
        group_id: group,
        who,
        rule_id: input.rule_id,
        on: at.date(),
        action: input.action,
        handled_by: input.handled_by,
        note,
    };
    let id = moderation::log_in(&tx, &entry, ctx)?;
    tx.execute(
        "UPDATE chat_flags SET status = 'confirmed', moderation_id = ?2 WHERE id = ?1",
        params![input.flag_id, id],
    )?;
    tx.commit()?;
    Ok(id)
}

/// Dismisses a candidate: not a breach.
pub fn dismiss(conn: &Connection, flag: i64) -> Result<(), CommunityError> {
    open_flag(conn, flag)?;
    conn.execute(
        "UPDATE chat_flags SET status = 'dismissed' WHERE id = ?1",
        [flag],
    )?;
    Ok(())
}
