//! The people a group's chats name. A sender is stored as a keyed hash of how the export tells
//! them apart (an account id, or the name) — never the name — with the owner's decision:
//! a member of the list, one of the shop's staff (their messages do not count as members
//! speaking), someone else (with the label the owner typed, if any), or not decided yet.
//! An import proposes a match for each (the member whose name, WeChat name or phone is the
//! sender's name or remark; several when more than one is; staff for the group's creator and the
//! exporting account); the owner confirms. A member's joins and removals in the chats open and
//! close their stays in the group (`sync_stays`, redone after every import, undo and decision).

use super::keys::Keys;
use super::source::Who;
use crate::check::{Field, field};
use crate::community::{CommunityError, Thing};
use crate::community::{staff, text};
use crate::people::{members, phone};
use crate::privacy::{Column, Kind, OnForget, column};
use crate::settings::ctx::Ctx;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub const COLUMNS: &[Column] = &[
    column(
        "chat_senders",
        "member_id",
        Kind::NamesMember(OnForget::Clear),
    ),
    column("chat_senders", "label", Kind::Personal),
    column("chat_senders", "decision", Kind::NotPersonal),
];

pub const LABEL_MAX: usize = 30;
pub static LABEL: Field = field("label", "称呼", "label");
pub static DECISION: Field = field("decision", "身份", "who this is");

/// The owner's decision about a sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Decision {
    /// Not decided yet.
    Open,
    Member {
        #[ts(type = "number")]
        member_id: i64,
    },
    Staff {
        #[ts(type = "number | null")]
        staff_id: Option<i64>,
    },
    /// Someone not on the member list, with the owner's label for them.
    Other { label: Option<String> },
}

/// What an import proposes for a sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SenderMatch {
    /// One member's name, WeChat name or phone is theirs.
    Member {
        #[ts(type = "number")]
        member_id: i64,
        label: String,
    },
    /// Several members' are: the owner picks.
    Several {
        members: Vec<Named>,
    },
    /// The group's creator, or the account that made the export.
    Staff,
    Nobody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Named {
    #[ts(type = "number")]
    pub member_id: i64,
    pub label: String,
}

/// A sender an import saw, named as the file names them (this is the only place the name is).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Seen {
    #[ts(type = "number")]
    pub sender_id: i64,
    pub name: String,
    pub remark: Option<String>,
    #[ts(type = "number")]
    pub messages: u64,
    pub decision: Decision,
    pub proposal: SenderMatch,
}

struct Slot {
    id: i64,
    name: String,
    remark: Option<String>,
    messages: u64,
    own: bool,
}

/// The people of one import, by how the export tells them apart.
#[derive(Default)]
pub struct People {
    by_key: FxHashMap<String, usize>,
    slots: Vec<Slot>,
    creator: Option<usize>,
}

impl People {
    /// The slot of `who`, their sender row made the first time the group's chats name them.
    pub fn slot(
        &mut self,
        tx: &Transaction<'_>,
        group: i64,
        keys: &Keys,
        who: &Who<'_>,
    ) -> rusqlite::Result<usize> {
        if let Some(&i) = self.by_key.get(who.key.trim()) {
            let slot = &mut self.slots[i];
            if slot.remark.is_none() && who.remark.is_some() {
                slot.remark = who.remark.as_deref().map(str::to_string);
            }
            return Ok(i);
        }
        let key = keys.sender(&who.key);
        tx.prepare_cached("INSERT OR IGNORE INTO chat_senders(group_id, key) VALUES (?1, ?2)")?
            .execute(params![group, key])?;
        let id: i64 = tx
            .prepare_cached("SELECT id FROM chat_senders WHERE group_id = ?1 AND key = ?2")?
            .query_row(params![group, key], |r| r.get(0))?;
        self.slots.push(Slot {
            id,
            name: who.name.to_string(),
            remark: who.remark.as_deref().map(str::to_string),
            messages: 0,
            own: false,
        });
        self.by_key
            .insert(who.key.trim().to_string(), self.slots.len() - 1);
        Ok(self.slots.len() - 1)
    }

    pub fn created(&mut self, slot: usize) {
        self.creator.get_or_insert(slot);
    }

    pub fn spoke(&mut self, slot: usize, own: bool) {
        let s = &mut self.slots[slot];
        s.messages += 1;
        s.own |= own;
    }

    /// The sender's id as packed entries hold it.
    pub fn id(&self, slot: usize) -> u32 {
        self.slots[slot].id as u32
    }

    pub fn name(&self, slot: usize) -> &str {
        &self.slots[slot].name
    }

    /// How many sent a message.
    pub fn speakers(&self) -> u64 {
        self.slots.iter().filter(|s| s.messages > 0).count() as u64
    }

    /// Everyone the import saw, with their decision and the match proposed.
    pub fn seen(
        &self,
        conn: &Connection,
        group: i64,
        ctx: Ctx,
    ) -> Result<Vec<Seen>, CommunityError> {
        let matcher = Matcher::load(conn, ctx)?;
        let decisions = decisions(conn, group)?;
        let mut out: Vec<Seen> = self
            .slots
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut ids = matcher.find(&s.name);
                if let Some(r) = &s.remark {
                    ids.extend(matcher.find(r));
                }
                ids.sort_unstable();
                ids.dedup();
                let proposal = match ids[..] {
                    [id] => SenderMatch::Member {
                        member_id: id,
                        label: matcher.label(id),
                    },
                    [] if s.own || self.creator == Some(i) => SenderMatch::Staff,
                    [] => SenderMatch::Nobody,
                    _ => SenderMatch::Several {
                        members: ids
                            .iter()
                            .map(|&id| Named {
                                member_id: id,
                                label: matcher.label(id),
                            })
                            .collect(),
                    },
                };
                Seen {
                    sender_id: s.id,
                    name: s.name.clone(),
                    remark: s.remark.clone(),
                    messages: s.messages,
                    decision: decisions.get(&s.id).cloned().unwrap_or(Decision::Open),
                    proposal,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.messages
                .cmp(&a.messages)
                .then(a.sender_id.cmp(&b.sender_id))
        });
        Ok(out)
    }
}

/// Members by the names and phones a sender may go by.
struct Matcher {
    by_name: FxHashMap<String, Vec<i64>>,
    by_phone: FxHashMap<String, i64>,
    labels: FxHashMap<i64, String>,
    region: String,
}

/// A name as matched: spaces folded, lower case, without the `~` newer WhatsApp exports put
/// before someone not in the phone's contacts.
fn norm(name: &str) -> String {
    name.trim()
        .trim_start_matches('~')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Matcher {
    fn load(conn: &Connection, ctx: Ctx) -> rusqlite::Result<Matcher> {
        let mut m = Matcher {
            by_name: FxHashMap::default(),
            by_phone: FxHashMap::default(),
            labels: FxHashMap::default(),
            region: ctx.phone_region().to_string(),
        };
        for r in members::roster(conn)? {
            for name in [&r.name, &r.wechat_name].into_iter().flatten() {
                let ids = m.by_name.entry(norm(name)).or_default();
                if !ids.contains(&r.id) {
                    ids.push(r.id);
                }
            }
            if let Some(p) = &r.phone {
                m.by_phone.insert(p.clone(), r.id);
            }
            m.labels.insert(
                r.id,
                members::label(r.name.as_deref(), r.phone.as_deref(), &m.region, ctx.lang),
            );
        }
        Ok(m)
    }

    fn find(&self, name: &str) -> Vec<i64> {
        let mut ids = self.by_name.get(&norm(name)).cloned().unwrap_or_default();
        if name.chars().filter(char::is_ascii_digit).count() >= 7
            && let Ok(e164) = phone::normalize(name, &self.region)
            && let Some(id) = self.by_phone.get(&e164)
        {
            ids.push(*id);
        }
        ids
    }

    fn label(&self, id: i64) -> String {
        self.labels.get(&id).cloned().unwrap_or_default()
    }
}

/// The decisions about a group's senders.
fn decisions(conn: &Connection, group: i64) -> rusqlite::Result<FxHashMap<i64, Decision>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, decision, member_id, staff_id, label FROM chat_senders WHERE group_id = ?1",
    )?;
    let rows = stmt.query_map([group], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            decision_of(&r.get::<_, String>(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
        ))
    })?;
    rows.collect()
}

fn decision_of(
    code: &str,
    member: Option<i64>,
    staff: Option<i64>,
    label: Option<String>,
) -> Decision {
    match (code, member) {
        ("member", Some(member_id)) => Decision::Member { member_id },
        // A member forgotten since: someone else now, unnamed.
        ("member", None) => Decision::Other { label: None },
        ("staff", _) => Decision::Staff { staff_id: staff },
        ("other", _) => Decision::Other { label },
        _ => Decision::Open,
    }
}

/// One sender's decision as the owner confirms it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct DecisionInput {
    #[ts(type = "number")]
    pub sender_id: i64,
    pub decision: Decision,
}

/// Records the owner's decisions about senders of `group`, in one transaction, and redoes the
/// stays their joins and removals make. How many changed.
pub fn decide(
    conn: &mut Connection,
    group: i64,
    inputs: &[DecisionInput],
) -> Result<usize, CommunityError> {
    let tx = conn.transaction()?;
    let mut changed = 0;
    for input in inputs {
        let (code, member, staff_id, label) = match &input.decision {
            Decision::Open => ("open", None, None, None),
            Decision::Member { member_id } => {
                if !members::exists(&tx, *member_id)? {
                    return Err(CommunityError::NotFound(Thing::Member, *member_id));
                }
                ("member", Some(*member_id), None, None)
            }
            Decision::Staff { staff_id } => {
                let staff = staff::check(&tx, *staff_id, &DECISION)?;
                ("staff", None, staff, None)
            }
            Decision::Other { label } => {
                let label = match label.as_deref().map(str::trim) {
                    Some(l) if !l.is_empty() => Some(text(l, &LABEL, LABEL_MAX, true)?),
                    _ => None,
                };
                ("other", None, None, label)
            }
        };
        let n = tx.execute(
            "UPDATE chat_senders SET decision = ?3, member_id = ?4, staff_id = ?5, label = ?6
             WHERE id = ?1 AND group_id = ?2",
            params![input.sender_id, group, code, member, staff_id, label],
        )?;
        if n == 0 {
            return Err(CommunityError::NotFound(Thing::Sender, input.sender_id));
        }
        changed += n;
    }
    sync_stays(&tx, group)?;
    tx.commit()?;
    Ok(changed)
}

/// Redoes the stays the chats make for the members among `group`'s senders: every stay a
/// chat's join opened goes and every stay a chat's removal closed opens again, then each
/// member's joins and removals (by day, in order; a day with both ends as the larger count
/// says) open a stay when they are not in the group and close it when they are.
pub fn sync_stays(tx: &Transaction<'_>, group: i64) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM group_members WHERE group_id = ?1 AND opened_by_chat = 1",
        [group],
    )?;
    tx.execute(
        "UPDATE group_members SET left_on = NULL, closed_by_chat = 0
         WHERE group_id = ?1 AND closed_by_chat = 1",
        [group],
    )?;
    let moves: Vec<(i64, NaiveDate, i64, i64)> = tx
        .prepare_cached(
            "SELECT s.member_id, c.on_day, sum(c.joins), sum(c.leaves)
             FROM chat_counts c JOIN chat_senders s ON s.id = c.sender_id
             WHERE c.group_id = ?1 AND s.decision = 'member' AND s.member_id IS NOT NULL
               AND (c.joins > 0 OR c.leaves > 0)
             GROUP BY s.member_id, c.on_day ORDER BY s.member_id, c.on_day",
        )?
        .query_map([group], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (member, day, joins, leaves) in moves {
        let open: Option<(i64, NaiveDate)> = tx
            .prepare_cached(
                "SELECT id, joined_on FROM group_members
                 WHERE group_id = ?1 AND member_id = ?2 AND left_on IS NULL",
            )?
            .query_row(params![group, member], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        // A removal older than the stay that is open now (added by hand since) leaves it be.
        let open = open.filter(|(_, joined)| *joined <= day).map(|(id, _)| id);
        match open {
            None if joins > leaves && !in_group_after(tx, group, member, day)? => {
                tx.prepare_cached(
                    "INSERT INTO group_members(group_id, member_id, joined_on, opened_by_chat)
                     VALUES (?1, ?2, ?3, 1)",
                )?
                .execute(params![group, member, day])?;
            }
            Some(stay) if leaves >= joins => {
                tx.prepare_cached(
                    "UPDATE group_members SET left_on = max(joined_on, ?2), closed_by_chat = 1
                     WHERE id = ?1",
                )?
                .execute(params![stay, day])?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether the member has a stay in the group that begins after `day` (then an older join
/// opens nothing).
fn in_group_after(
    tx: &Transaction<'_>,
    group: i64,
    member: i64,
    day: NaiveDate,
) -> rusqlite::Result<bool> {
    tx.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM group_members
                        WHERE group_id = ?1 AND member_id = ?2 AND joined_on > ?3)",
    )?
    .query_row(params![group, member, day], |r| r.get(0))
}

/// Takes away the senders of `group` no chat names any more and no one decided about.
pub fn drop_unused(tx: &Transaction<'_>, group: i64) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM chat_senders WHERE group_id = ?1 AND decision = 'open'
           AND id NOT IN (SELECT sender_id FROM chat_counts WHERE group_id = ?1)
           AND id NOT IN (SELECT sender_id FROM chat_flags WHERE group_id = ?1)",
        [group],
    )?;
    Ok(())
}

/// How a sender is named where no name is kept: the member's label, the staff member's name,
/// the owner's label, or "sender #id".
pub fn label(conn: &Connection, sender: i64, ctx: Ctx) -> Result<String, CommunityError> {
    let unnamed = || {
        ctx.lang.pick(
            format!("聊天成员 #{sender}"),
            format!("Chat sender #{sender}"),
        )
    };
    Ok(match decision(conn, sender)? {
        Decision::Member { member_id } => {
            members::labels(conn, &[member_id], ctx.phone_region(), ctx.lang)?
                .remove(&member_id)
                .unwrap_or_else(unnamed)
        }
        Decision::Staff { staff_id: Some(id) } => staff::get(conn, id)?.name,
        Decision::Other { label: Some(l) } => l,
        _ => unnamed(),
    })
}

/// The decision about one sender.
pub fn decision(conn: &Connection, sender: i64) -> Result<Decision, CommunityError> {
    let (code, member, staff_id, label): (String, Option<i64>, Option<i64>, Option<String>) = conn
        .query_row(
            "SELECT decision, member_id, staff_id, label FROM chat_senders WHERE id = ?1",
            [sender],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?
        .ok_or(CommunityError::NotFound(Thing::Sender, sender))?;
    Ok(decision_of(&code, member, staff_id, label))
}

/// The exact matches of an import's senders still undecided, as the command line takes them.
pub fn exact(seen: &[Seen]) -> Vec<DecisionInput> {
    seen.iter()
        .filter(|s| s.decision == Decision::Open)
        .filter_map(|s| match s.proposal {
            SenderMatch::Member { member_id, .. } => Some(DecisionInput {
                sender_id: s.sender_id,
                decision: Decision::Member { member_id },
            }),
            _ => None,
        })
        .collect()
}
