//! Chat exports of a group, without keeping the messages. A file (WhatsApp's, Telegram's, a
//! WeChat CSV: `source` tells which and reads it into events) is imported as one batch, in one
//! transaction: each message, join and leave becomes a packed entry of its day (`packed`: no
//! text, a keyed hash of it), each person a sender known by a keyed hash (`senders`: the
//! owner's decision about them, matching to members, the stays their joins and removals open
//! and close), each day's counts per sender a rollup (`chat_counts`), and what may break a rule
//! a flag the owner may confirm into the moderation log (`scan`, `flags`). An export that
//! overlaps an earlier one counts each message once; undo removes exactly what its batch
//! added, and what a later import found again passes to that import.

pub mod flags;
pub mod keys;
pub mod packed;
pub mod scan;
pub mod senders;
pub mod source;
pub mod telegram;
pub mod wechat;
pub mod whatsapp;

use super::{CommunityError, groups};
use crate::import::batches::{self, Counts};
use crate::privacy::{Column, Kind, column};
use crate::settings::Settings;
use crate::settings::ctx::Ctx;
use chrono::{Datelike, NaiveDate, Timelike};
use chrono_tz::Tz;
use keys::Keys;
use packed::{Entry, EntryKind, Key};
use rusqlite::{Connection, Transaction, params};
use rustc_hash::{FxHashMap, FxHashSet};
use scan::Words;
use serde::Serialize;
use source::{ChatError, Event, Format, Happening};
use std::collections::BTreeMap;
use std::path::Path;
use ts_rs::TS;
use whatsapp::DayOrder;

/// What the chat tables hold: no text of a message, no name of a sender (`senders` declares
/// the member link and the owner's label).
pub const COLUMNS: &[Column] = &[
    column("chat_batches", "format", Kind::NotPersonal),
    column("chat_batches", "first_day", Kind::NotPersonal),
    column("chat_batches", "last_day", Kind::NotPersonal),
    column("chat_days", "on_day", Kind::NotPersonal),
    column("chat_counts", "on_day", Kind::NotPersonal),
    column("chat_flags", "at", Kind::NotPersonal),
    column("chat_flags", "hits", Kind::NotPersonal),
    // The owner's own ad word, not the message's text.
    column("chat_flags", "word", Kind::NotPersonal),
    column("chat_flags", "status", Kind::NotPersonal),
];

/// The batch kind of a chat import.
pub const KIND: &str = "chat";

/// Entries buffered before the days before the current one are written (an export runs in
/// time order, so a day is written once; one out of order writes a day more than once).
const BUFFERED_MAX: usize = 8_192;
/// The breach candidates a report lists (all are stored).
const FLAGS_LISTED: usize = 500;

/// How a chat file is read: the shop's time zone (WeChat's epoch seconds), the words looked
/// for, and the date order the owner chose for a WhatsApp file that cannot tell.
#[derive(Debug, Clone)]
pub struct Options {
    pub zone: Tz,
    pub words: Words,
    pub order: Option<DayOrder>,
    /// The largest file read whole ([`source::FILE_MAX`]).
    pub limit: u64,
}

impl Options {
    /// The shop's: its time zone (UTC when unreadable), its chat words, the whole-file limit.
    pub fn of(settings: &Settings, order: Option<DayOrder>) -> Options {
        Options {
            zone: settings.time_zone.parse().unwrap_or(Tz::UTC),
            words: Words::new(&settings.chat_words.checkin, &settings.chat_words.ad),
            order,
            limit: source::FILE_MAX,
        }
    }
}

impl Format {
    pub fn code(self) -> &'static str {
        match self {
            Format::Whatsapp => "whatsapp",
            Format::Telegram => "telegram",
            Format::WechatCsv => "wechat_csv",
        }
    }
}

/// What a chat import did, and what the owner is asked next.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ChatReport {
    #[ts(type = "number")]
    pub batch_id: i64,
    #[ts(type = "number")]
    pub group_id: i64,
    pub format: Format,
    pub file_name: String,
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    /// Messages in the file.
    #[ts(type = "number")]
    pub messages: u64,
    /// Its messages, joins and leaves the shop did not have yet, and those it had.
    #[ts(type = "number")]
    pub added: u64,
    #[ts(type = "number")]
    pub already: u64,
    /// Distinct people who sent a message.
    #[ts(type = "number")]
    pub senders: u64,
    #[ts(type = "number")]
    pub joins: u64,
    #[ts(type = "number")]
    pub leaves: u64,
    /// Messages with a check-in word.
    #[ts(type = "number")]
    pub checkins: u64,
    /// Everyone the file names, with the match proposed (their names are not stored: this
    /// report is the only place they are read back).
    pub people: Vec<senders::Seen>,
    /// Breach candidates among the new messages, the first few hundred.
    pub flags: Vec<flags::Candidate>,
    #[ts(type = "number")]
    pub flags_total: u64,
}

/// One day being gathered: its new entries, the occurrence counts of identical ones, and the
/// candidates among them.
#[derive(Default)]
struct DayBuf {
    entries: Vec<Entry>,
    occurrences: FxHashMap<(u32, u32, u64, u8), u16>,
    candidates: Vec<(Key, flags::Found)>,
    /// This batch wrote the day before (a file out of date order)…
    written: bool,
    /// …and the occurrences of its messages then are counted in.
    seeded: bool,
}

/// The import's state while events stream in.
struct Gather<'t, 'c> {
    tx: &'t Transaction<'c>,
    group: i64,
    batch: i64,
    keys: Keys,
    opts: &'t Options,
    region: String,
    people: senders::People,
    days: BTreeMap<NaiveDate, DayBuf>,
    /// The occurrences of joins and leaves, by second, person, day and kind.
    moves: FxHashMap<(u32, u32, u64, u8), u16>,
    buffered: usize,
    touched: FxHashSet<NaiveDate>,
    messages: u64,
    joins: u64,
    leaves: u64,
    checkins: u64,
    added: u64,
    already: u64,
    events: u64,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    flags: Vec<flags::Candidate>,
    flags_total: u64,
}

impl Gather<'_, '_> {
    fn event(&mut self, e: Event<'_>) -> Result<(), CommunityError> {
        let day = e.at.date();
        let who = self.people.slot(self.tx, self.group, &self.keys, &e.who)?;
        if e.what == Happening::Created {
            self.people.created(who);
            return Ok(());
        }
        self.events += 1;
        self.first = Some(self.first.map_or(day, |f| f.min(day)));
        self.last = Some(self.last.map_or(day, |l| l.max(day)));
        let (kind, text, found) = match e.what {
            Happening::Message => {
                self.messages += 1;
                self.people.spoke(who, e.own);
                let found = scan::scan(&e.text, e.card, &self.opts.words, &self.region);
                self.checkins += u64::from(found.checkin);
                (EntryKind::Message, self.keys.text(&e.text), Some(found))
            }
            Happening::Join => {
                self.joins += 1;
                (EntryKind::Join, 0, None)
            }
            _ => {
                self.leaves += 1;
                (EntryKind::Leave, 0, None)
            }
        };
        let sender = self.people.id(who);
        if self.buffered >= BUFFERED_MAX && !self.days.contains_key(&day) {
            self.flush()?;
        }
        let second = e.at.time().num_seconds_from_midnight();
        // A day this batch wrote already (a file out of date order) goes on counting the
        // occurrences of its messages; joins and leaves count theirs over the whole import.
        let reopened = match self.days.get(&day) {
            None => self.touched.contains(&day),
            Some(buf) => buf.written && !buf.seeded,
        };
        let mut seed = FxHashMap::default();
        if reopened && kind == EntryKind::Message {
            for (batch, _, blob) in day_rows(self.tx, self.group, day)? {
                for e in packed::unpack(&blob).filter(|e| e.kind == EntryKind::Message) {
                    if batch == self.batch {
                        let n = seed.entry((e.second, e.sender, e.text, 0)).or_insert(0u16);
                        *n = (*n).max(e.occurrence + 1);
                    }
                }
            }
        }
        let buf = self.days.entry(day).or_insert_with(|| DayBuf {
            written: reopened,
            ..DayBuf::default()
        });
        if reopened && kind == EntryKind::Message {
            buf.occurrences.extend(seed);
            buf.seeded = true;
        }
        let occ = if kind == EntryKind::Message {
            buf.occurrences.entry((second, sender, text, 0))
        } else {
            let day_number = u64::from(day.num_days_from_ce().unsigned_abs());
            self.moves.entry((second, sender, day_number, kind as u8))
        }
        .or_insert(0);
        let entry = Entry {
            second,
            sender,
            text,
            occurrence: *occ,
            kind,
            checkin: found.as_ref().is_some_and(|f| f.checkin),
        };
        *occ = occ.saturating_add(1);
        if let Some(found) = found.filter(|f| !f.hits.is_empty()) {
            buf.candidates.push((
                entry.key(),
                flags::Found {
                    at: e.at,
                    who,
                    hits: found.hits,
                    word: found.word,
                    excerpt: scan::excerpt(&e.text, &self.region),
                },
            ));
        }
        buf.entries.push(entry);
        self.buffered += 1;
        Ok(())
    }

    fn flush(&mut self) -> Result<(), CommunityError> {
        for (day, buf) in std::mem::take(&mut self.days) {
            self.flush_day(day, buf)?;
        }
        self.buffered = 0;
        Ok(())
    }

    fn flush_day(&mut self, day: NaiveDate, buf: DayBuf) -> Result<(), CommunityError> {
        // What the other imports hold of the day: an entry among them is found again.
        let mut known: FxHashSet<Key> = FxHashSet::default();
        for (batch, owned, blob) in day_rows(self.tx, self.group, day)? {
            if owned && batch != self.batch {
                known.extend(packed::unpack(&blob).map(|e| e.key()));
            }
        }
        let mut parts: [Vec<Entry>; 2] = [Vec::new(), Vec::new()];
        let mut new_keys = FxHashSet::default();
        for e in buf.entries {
            if known.contains(&e.key()) {
                self.already += 1;
                parts[0].push(e);
            } else {
                self.added += 1;
                new_keys.insert(e.key());
                parts[1].push(e);
            }
        }
        // A day written before gets its next part.
        let part: i64 = if buf.written {
            self.tx
                .prepare_cached(
                    "SELECT coalesce(max(part) + 1, 0) FROM chat_days
                     WHERE batch_id = ?1 AND group_id = ?2 AND on_day = ?3",
                )?
                .query_row(params![self.batch, self.group, day], |r| r.get(0))?
        } else {
            0
        };
        for (owned, entries) in parts.iter().enumerate() {
            insert_part(
                self.tx,
                self.batch,
                self.group,
                day,
                owned == 1,
                part,
                entries,
            )?;
        }
        self.touched.insert(day);
        add_counts(self.tx, self.group, day, &parts[1])?;
        for (key, found) in buf.candidates {
            if !new_keys.contains(&key) {
                continue;
            }
            self.flags_total += 1;
            let sender = self.people.id(found.who);
            let id = flags::add(self.tx, self.batch, self.group, i64::from(sender), &found)?;
            if self.flags.len() < FLAGS_LISTED {
                self.flags
                    .push(found.candidate(id, i64::from(sender), &self.people));
            }
        }
        Ok(())
    }
}

/// Writes one part of a batch's day (nothing when `entries` is empty).
fn insert_part(
    tx: &Transaction<'_>,
    batch: i64,
    group: i64,
    day: NaiveDate,
    owned: bool,
    part: i64,
    entries: &[Entry],
) -> rusqlite::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT INTO chat_days(batch_id, group_id, on_day, owned, part, entries)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        batch,
        group,
        day,
        owned as i64,
        part,
        packed::pack(entries)
    ])?;
    Ok(())
}

/// Per sender: messages, check-ins, joins, leaves of `entries`.
fn tally(entries: impl Iterator<Item = Entry>) -> BTreeMap<u32, [i64; 4]> {
    let mut per: BTreeMap<u32, [i64; 4]> = BTreeMap::new();
    for e in entries {
        let c = per.entry(e.sender).or_default();
        match e.kind {
            EntryKind::Message => {
                c[0] += 1;
                c[1] += i64::from(e.checkin);
            }
            EntryKind::Join => c[2] += 1,
            EntryKind::Leave => c[3] += 1,
        }
    }
    per
}

/// Adds newly owned entries to the day's counts.
fn add_counts(
    tx: &Transaction<'_>,
    group: i64,
    day: NaiveDate,
    entries: &[Entry],
) -> rusqlite::Result<()> {
    let mut upsert = tx.prepare_cached(
        "INSERT INTO chat_counts(group_id, on_day, sender_id, messages, checkins, joins, leaves)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT (group_id, on_day, sender_id) DO UPDATE SET
             messages = messages + excluded.messages, checkins = checkins + excluded.checkins,
             joins = joins + excluded.joins, leaves = leaves + excluded.leaves",
    )?;
    for (sender, [m, c, j, l]) in tally(entries.iter().copied()) {
        upsert.execute(params![group, day, sender, m, c, j, l])?;
    }
    Ok(())
}

/// A group's stored rows of `day`: (batch, owned, entries).
fn day_rows(
    conn: &Connection,
    group: i64,
    day: NaiveDate,
) -> rusqlite::Result<Vec<(i64, bool, Vec<u8>)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT batch_id, owned, entries FROM chat_days WHERE group_id = ?1 AND on_day = ?2
         ORDER BY batch_id, owned",
    )?;
    let rows = stmt.query_map(params![group, day], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? == 1, r.get(2)?))
    })?;
    rows.collect()
}

/// The day's counts per sender, from every batch's owned entries (after an undo).
fn rebuild_counts(tx: &Transaction<'_>, group: i64, day: NaiveDate) -> rusqlite::Result<()> {
    let rows = day_rows(tx, group, day)?;
    let owned = rows
        .iter()
        .filter(|(_, owned, _)| *owned)
        .flat_map(|(_, _, blob)| packed::unpack(blob));
    let per = tally(owned);
    tx.prepare_cached("DELETE FROM chat_counts WHERE group_id = ?1 AND on_day = ?2")?
        .execute(params![group, day])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO chat_counts(group_id, on_day, sender_id, messages, checkins, joins, leaves)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (sender, [m, c, j, l]) in per {
        insert.execute(params![group, day, sender, m, c, j, l])?;
    }
    Ok(())
}

/// Reads a chat file for group `group` into events, calling `each`.
fn read(
    path: &Path,
    opts: &Options,
    each: &mut dyn FnMut(Event<'_>) -> Result<(), ChatError>,
) -> Result<Format, ChatError> {
    let format = source::sniff(path)?;
    match format {
        Format::WechatCsv => wechat::read(path, opts.zone, each)?,
        Format::Telegram => {
            let limit = opts.limit.min(source::JSON_MAX);
            telegram::read(path, &source::read_whole(path, limit)?, opts.zone, each)?;
        }
        Format::Whatsapp => {
            let text = source::text(path, source::read_whole(path, opts.limit)?)?;
            whatsapp::read(path, &text, opts.order, each)?;
        }
    }
    Ok(format)
}

/// Imports chat file `path` into group `group`, in one transaction: all of it or nothing.
pub fn import(
    conn: &mut Connection,
    path: &Path,
    group: i64,
    opts: &Options,
    ctx: Ctx,
) -> Result<ChatReport, CommunityError> {
    groups::must_exist(conn, group)?;
    let file_name = source::file_name(path);
    // The file's hash (provenance) on the second core while the first reads it.
    let hashing = {
        let path = path.to_path_buf();
        std::thread::spawn(move || batches::sha256_of(&path).map_err(|e| e.to_string()))
    };
    // A bigger page cache for the bulk write, as the sales import has: fewer pages spilled to
    // the -wal and read back mid-import.
    conn.pragma_update(None, "cache_size", -8_192)?;
    let tx = conn.transaction()?;
    let keys = Keys::load(&tx)?;
    let batch = batches::start(&tx, KIND, &file_name, KIND, "{}", ctx.now)?;
    let mut g = Gather {
        tx: &tx,
        group,
        batch,
        keys,
        opts,
        region: ctx.phone_region().to_string(),
        people: senders::People::default(),
        days: BTreeMap::new(),
        moves: FxHashMap::default(),
        buffered: 0,
        touched: FxHashSet::default(),
        messages: 0,
        joins: 0,
        leaves: 0,
        checkins: 0,
        added: 0,
        already: 0,
        events: 0,
        first: None,
        last: None,
        flags: Vec::new(),
        flags_total: 0,
    };
    // The store's errors stop the reading and come out as they were.
    let mut failed: Option<CommunityError> = None;
    let read = read(path, opts, &mut |e| {
        g.event(e).map_err(|err| {
            failed = Some(err);
            ChatError::Empty {
                file: String::new(),
            }
        })
    });
    if let Some(err) = failed {
        return Err(err);
    }
    let format = read?;
    g.flush()?;
    let (Some(first_day), Some(last_day)) = (g.first, g.last) else {
        return Err(ChatError::NotChat {
            file: file_name,
            why: "no messages",
        }
        .into());
    };
    let senders = g.people.speakers();
    tx.execute(
        "INSERT INTO chat_batches(batch_id, group_id, format, first_day, last_day, messages,
             added, senders, joins, leaves, checkins)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            batch,
            group,
            format.code(),
            first_day,
            last_day,
            g.messages as i64,
            g.added as i64,
            senders as i64,
            g.joins as i64,
            g.leaves as i64,
            g.checkins as i64
        ],
    )?;
    let counts = Counts {
        rows: g.events,
        added: g.added,
        duplicate: g.already,
        rejected: 0,
    };
    let sha256 = hashing
        .join()
        .map_err(|_| "the hash stopped".to_string())
        .and_then(|h| h)
        .map_err(|why| ChatError::Io {
            file: file_name.clone(),
            why,
        })?;
    batches::finish(&tx, batch, &counts, &sha256, None)?;
    senders::sync_stays(&tx, group)?;
    let people = g.people.seen(&tx, group, ctx)?;
    let report = ChatReport {
        batch_id: batch,
        group_id: group,
        format,
        file_name,
        first_day,
        last_day,
        messages: g.messages,
        added: g.added,
        already: g.already,
        senders,
        joins: g.joins,
        leaves: g.leaves,
        checkins: g.checkins,
        people,
        flags: g.flags,
        flags_total: g.flags_total,
    };
    tx.commit()?;
    Ok(report)
}

/// Undoes chat batch `batch` inside `tx`: its entries go, those a later import found again pass
/// to it, the days' counts are rebuilt, its flags go (an entry the owner confirmed stays in the
/// log), and the stays its joins and removals made are redone. How many entries went.
pub fn undo(tx: &Transaction<'_>, batch: i64) -> rusqlite::Result<u64> {
    let Some(group) = tx
        .query_row(
            "SELECT group_id FROM chat_batches WHERE batch_id = ?1",
            [batch],
            |r| r.get::<_, i64>(0),
        )
        .ok()
    else {
        return Ok(0);
    };
    let days: Vec<NaiveDate> = tx
        .prepare("SELECT DISTINCT on_day FROM chat_days WHERE batch_id = ?1")?
        .query_map([batch], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut removed = 0;
    let mut adopted: FxHashMap<i64, u64> = FxHashMap::default();
    for day in days {
        let rows = day_rows(tx, group, day)?;
        let mine: Vec<Entry> = rows
            .iter()
            .filter(|(b, owned, _)| *b == batch && *owned)
            .flat_map(|(_, _, blob)| packed::unpack(blob).collect::<Vec<_>>())
            .collect();
        removed += mine.len() as u64;
        // Each entry another import found again passes to the first of them.
        // Every part of each other import's "found again" entries of the day.
        let mut seen_by: BTreeMap<i64, Vec<Entry>> = BTreeMap::new();
        for (b, owned, blob) in &rows {
            if *b != batch && !*owned {
                seen_by.entry(*b).or_default().extend(packed::unpack(blob));
            }
        }
        let mut gained: BTreeMap<i64, Vec<Entry>> = BTreeMap::new();
        for e in mine {
            if let Some((b, seen)) = seen_by
                .iter_mut()
                .find(|(_, seen)| seen.iter().any(|s| s.key() == e.key()))
            {
                seen.retain(|s| s.key() != e.key());
                gained.entry(*b).or_default().push(e);
            }
        }
        tx.execute(
            "DELETE FROM chat_days WHERE batch_id = ?1 AND group_id = ?2 AND on_day = ?3",
            params![batch, group, day],
        )?;
        for (b, entries) in gained {
            *adopted.entry(b).or_default() += entries.len() as u64;
            let mut owned: Vec<Entry> = rows
                .iter()
                .filter(|(x, o, _)| *x == b && *o)
                .flat_map(|(_, _, blob)| packed::unpack(blob).collect::<Vec<_>>())
                .collect();
            owned.extend(entries);
            write_day(tx, b, group, day, true, &owned)?;
            write_day(tx, b, group, day, false, &seen_by[&b])?;
        }
        rebuild_counts(tx, group, day)?;
    }
    for (b, n) in adopted {
        batches::adopt(tx, b, n)?;
    }
    tx.execute("DELETE FROM chat_flags WHERE batch_id = ?1", [batch])?;
    tx.execute("DELETE FROM chat_batches WHERE batch_id = ?1", [batch])?;
    senders::sync_stays(tx, group)?;
    senders::drop_unused(tx, group)?;
    Ok(removed)
}

/// Replaces a batch's row of a day (none when `entries` is empty).
fn write_day(
    tx: &Transaction<'_>,
    batch: i64,
    group: i64,
    day: NaiveDate,
    owned: bool,
    entries: &[Entry],
) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM chat_days WHERE batch_id = ?1 AND group_id = ?2 AND on_day = ?3
             AND owned = ?4",
        params![batch, group, day, owned as i64],
    )?;
    insert_part(tx, batch, group, day, owned, 0, entries)
}

/// A group's days as its chats tell them: (day, speakers who are not staff, messages, joins,
/// leaves), for the days between `from` and `to` that a chat import covers (a day inside an
/// import's span without a message is a day of silence: zeros).
pub fn days(
    conn: &Connection,
    group: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> rusqlite::Result<BTreeMap<NaiveDate, ChatDay>> {
    let mut out = BTreeMap::new();
    let mut spans = conn.prepare_cached(
        "SELECT max(first_day, ?2), min(last_day, ?3) FROM chat_batches
         WHERE group_id = ?1 AND first_day <= ?3 AND last_day >= ?2",
    )?;
    let spans = spans
        .query_map(params![group, from, to], |r| {
            Ok((r.get::<_, NaiveDate>(0)?, r.get::<_, NaiveDate>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (a, b) in spans {
        for day in a.iter_days().take_while(|d| *d <= b) {
            out.entry(day).or_insert_with(ChatDay::default);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.on_day,
                count(*) FILTER (WHERE c.messages > 0 AND s.decision != 'staff'),
                sum(c.messages), sum(c.joins), sum(c.leaves), sum(c.checkins)
         FROM chat_counts c JOIN chat_senders s ON s.id = c.sender_id
         WHERE c.group_id = ?1 AND c.on_day BETWEEN ?2 AND ?3
         GROUP BY c.on_day",
    )?;
    let rows = stmt.query_map(params![group, from, to], |r| {
        Ok((
            r.get::<_, NaiveDate>(0)?,
            ChatDay {
                speakers: r.get(1)?,
                messages: r.get(2)?,
                joins: r.get(3)?,
                leaves: r.get(4)?,
                checkins: r.get(5)?,
            },
        ))
    })?;
    for row in rows {
        let (day, d) = row?;
        out.insert(day, d);
    }
    Ok(out)
}

/// One day of a group's chats.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChatDay {
    pub speakers: i64,
    pub messages: i64,
    pub joins: i64,
    pub leaves: i64,
    pub checkins: i64,
}

#[cfg(test)]
#[path = "import_tests.rs"]
mod tests;
