//! Where typed lines meet the store: receipts, dedupe, identities and the rollup deltas.
//!
//! Lines arrive grouped in runs (consecutive lines of one receipt, as exports list them). A
//! run of a receipt the store does not have is inserted without a single lookup. A run of a
//! receipt the store has is compared as a whole with the receipt's `lines_hash` (the sum of
//! its line keys): equal means every line is already there, which is what an overlapping
//! export mostly is. Anything else (a late refund, a re-sorted file that splits a receipt)
//! is settled line by line on the `(receipt_id, line_key)` primary key.

use super::engine::{IdKind, Identity, ImportError, Line, SaleKind, Text};
use crate::rollups::{Deltas, day_number};
use rusqlite::{CachedStatement, OptionalExtension, Statement, Transaction, params};
use std::collections::HashMap;

/// Maps of 64-bit keys (hashes already): a cheap multiplicative hasher suffices.
type KeyMap<V> = rustc_hash::FxHashMap<u64, V>;

/// How many customer-day deltas are kept before they are added to the store.
const DELTAS_MAX: usize = 32_768;

/// The part of `line_key` a receipt's `lines_hash` sums: small enough that SQLite can sum a
/// receipt's keys (`sum(line_key >> 16)`) without overflowing.
pub(super) fn hash_part(key: u64) -> i64 {
    (key as i64) >> 16
}

/// The id of the line in `slot` of receipt `receipt_id`: a receipt's lines are one id range.
fn line_id(receipt_id: i64, slot: usize, receipt: &str) -> Result<i64, ImportError> {
    match i64::try_from(slot) {
        Ok(slot) if slot <= 0xFFFF => Ok((receipt_id << 16) + slot),
        _ => Err(ImportError::ReceiptTooLong(receipt.to_string())),
    }
}

/// `Writer::seen`: the receipt was created by this file (its lines in the store with this
/// batch are the file's), or matched whole by its hash (the other batches' lines are).
const CREATED: u32 = u32::MAX;
const MATCHED: u32 = u32::MAX - 1;

/// The key of a line given `key0` (its key as the first of its kind on the receipt), numbered
/// past the keys in `taken`, which it joins.
fn number(taken: &mut Vec<u64>, key0: u64, key_of: impl Fn(u32) -> u64) -> u64 {
    let mut key = key0;
    let mut n = 0;
    while taken.contains(&key) {
        n += 1;
        key = key_of(n);
    }
    taken.push(key);
    key
}

/// A line as the store has it, for settling a receipt line by line.
struct StoredLine {
    slot: usize,
    key: u64,
    batch: i64,
    positive_sale: bool,
}

/// A receipt as the store has it.
#[derive(Debug, Clone, Copy)]
struct Stored {
    id: i64,
    identity: Option<i64>,
    day: i64,
    lines_hash: i64,
}

/// The lines of one receipt read one after the other.
struct Run {
    receipt_hash: u64,
    receipt: Text,
    day: i64,
    time: Option<i64>,
    identity: Option<i64>,
    lines: Vec<(u64, Line)>,
}

pub(super) struct Writer<'t> {
    tx: &'t Transaction<'t>,
    write: bool,
    pub batch_id: i64,
    source: String,
    /// Whether the store had receipts of this source before this file (else none can exist).
    source_known: bool,
    run: Option<Run>,
    /// Receipts this file has already brought, and how (a run of one of them again means the
    /// file is not grouped by receipt): `CREATED`, `MATCHED`, or an index into `file_keys`.
    seen: KeyMap<u32>,
    /// The line keys this file gave receipts that were settled line by line or came back.
    file_keys: Vec<Vec<u64>>,
    identities: KeyMap<(i64, Option<i64>)>,
    items: KeyMap<i64>,
    insert_line: Statement<'t>,
    insert_receipt: Statement<'t>,
    members_by_phone: HashMap<String, i64>,
    pub deltas: Deltas,
    pub lines_new: u64,
    pub lines_duplicate: u64,
    /// Sale receipts of this file.
    pub receipts: u64,
}

impl<'t> Writer<'t> {
    pub fn load(tx: &'t Transaction<'t>, source: &str, write: bool) -> Result<Self, ImportError> {
        let source_known = tx
            .query_row(
                "SELECT 1 FROM receipts WHERE source = ?1 LIMIT 1",
                [source],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        let mut identities = KeyMap::default();
        {
            let mut stmt = tx.prepare("SELECT id, kind, value, member_id FROM identities")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let kind: String = r.get(1)?;
                let value: String = r.get(2)?;
                let key = super::engine::pair_hash(IdKind::from_code(&kind).code(), &value);
                identities.insert(key, (r.get(0)?, r.get(3)?));
            }
        }
        let mut items = KeyMap::default();
        {
            let mut stmt = tx.prepare("SELECT id, name, category FROM items")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let name: Option<String> = r.get(1)?;
                let category: Option<String> = r.get(2)?;
                let key = super::engine::pair_hash(
                    name.as_deref().unwrap_or(""),
                    category.as_deref().unwrap_or(""),
                );
                items.insert(key, r.get(0)?);
            }
        }
        let mut members_by_phone = HashMap::new();
        {
            let mut stmt = tx.prepare("SELECT phone, id FROM members WHERE phone IS NOT NULL")?;
            let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
            for row in rows {
                let (phone, id) = row?;
                members_by_phone.insert(phone, id);
            }
        }
        Ok(Writer {
            tx,
            write,
            batch_id: 0,
            source: source.to_string(),
            source_known,
            run: None,
            seen: KeyMap::default(),
            file_keys: Vec::new(),
            identities,
            items,
            insert_receipt: tx.prepare(
                "INSERT INTO receipts(source, pos_id, day, time, identity_id, batch_id, lines_hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?,
            insert_line: tx.prepare(
                "INSERT INTO sale_lines(id, receipt_id, line_key, batch_id, kind, day, item_id, qty_milli,
                     gross_minor, discount_minor, net_minor, tax_minor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?,
            members_by_phone,
            deltas: Deltas::default(),
            lines_new: 0,
            lines_duplicate: 0,
            receipts: 0,
        })
    }

    fn stmt(&self, sql: &str) -> Result<CachedStatement<'t>, ImportError> {
        Ok(self.tx.prepare_cached(sql)?)
    }

    /// The identity's row id (when written) and member, creating the identity when new.
    pub fn identity(
        &mut self,
        identity: &Identity,
    ) -> Result<(Option<i64>, Option<i64>), ImportError> {
        let key = identity.key;
        if let Some((id, member)) = self.identities.get(&key) {
            return Ok((Some(*id), *member));
        }
        let member = match identity.kind {
            IdKind::Phone => self.members_by_phone.get(&*identity.value).copied(),
            _ => None,
        };
        if !self.write {
            return Ok((None, member));
        }
        self.stmt("INSERT INTO identities(kind, value, name, member_id) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![
                identity.kind.code(),
                &*identity.value,
                identity.name.as_deref(),
                member
            ])?;
        let id = self.tx.last_insert_rowid();
        self.identities.insert(key, (id, member));
        Ok((Some(id), member))
    }

    /// Whether `receipt_hash` is a receipt this file or the store already has, so that a refund
    /// naming it as its original belongs to it.
    pub fn has_receipt(&mut self, receipt_hash: u64, receipt: &str) -> Result<bool, ImportError> {
        if self
            .run
            .as_ref()
            .is_some_and(|r| r.receipt_hash == receipt_hash)
            || self.seen.contains_key(&receipt_hash)
        {
            return Ok(true);
        }
        Ok(self.source_known && self.stored(receipt)?.is_some())
    }

    fn stored(&self, receipt: &str) -> Result<Option<Stored>, ImportError> {
        Ok(self
            .stmt("SELECT id, identity_id, day, lines_hash FROM receipts WHERE source = ?1 AND pos_id = ?2")?
            .query_row(params![self.source, receipt], |r| {
                Ok(Stored {
                    id: r.get(0)?,
                    identity: r.get(1)?,
                    day: r.get(2)?,
                    lines_hash: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Adds one line (with its dedupe key) of receipt `receipt`.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        receipt_hash: u64,
        receipt: &Text,
        day: i64,
        time: Option<i64>,
        identity: Option<i64>,
        key: u64,
        line: Line,
    ) -> Result<(), ImportError> {
        if self
            .run
            .as_ref()
            .is_none_or(|r| r.receipt_hash != receipt_hash)
        {
            self.flush()?;
            self.run = Some(Run {
                receipt_hash,
                receipt: receipt.clone(),
                day,
                time,
                identity,
                lines: Vec::new(),
            });
        }
        if let Some(run) = &mut self.run {
            run.lines.push((key, line));
        }
        Ok(())
    }

    /// Settles the current run against the store.
    pub fn flush(&mut self) -> Result<(), ImportError> {
        let Some(mut run) = self.run.take() else {
            return Ok(());
        };
        let seen = self.seen.get(&run.receipt_hash).copied();
        let known = seen.is_some() || self.source_known;
        let stored = if known {
            self.stored(&run.receipt)?
        } else {
            None
        };
        // The keys this file already gave the receipt, so identical lines are numbered on.
        let stored_lines = match &stored {
            Some(s) if seen.is_some() || !self.write => self.stored_lines(s.id)?,
            _ => Vec::new(),
        };
        let mut file_keys: Vec<u64> = match seen {
            None => Vec::new(),
            Some(CREATED) => stored_lines
                .iter()
                .filter(|l| l.batch == self.batch_id)
                .map(|l| l.key)
                .collect(),
            Some(MATCHED) => stored_lines
                .iter()
                .filter(|l| l.batch != self.batch_id)
                .map(|l| l.key)
                .collect(),
            Some(i) => std::mem::take(&mut self.file_keys[i as usize]),
        };
        for (key, line) in &mut run.lines {
            *key = number(&mut file_keys, *key, |n| {
                super::engine::line_key(&self.source, &run.receipt, line, n)
            });
        }
        let run_hash = run
            .lines
            .iter()
            .fold(0i64, |h, (k, _)| h.wrapping_add(hash_part(*k)));
        let has_sale = run
            .lines
            .iter()
            .any(|(_, l)| l.kind == SaleKind::Sale && l.net > 0);
        if seen.is_none() && has_sale {
            self.receipts += 1;
        }
        // What to remember of the receipt: `None` keeps the file's keys of it.
        let state = match stored {
            None => {
                self.create(&run, run_hash)?;
                Some(CREATED)
            }
            Some(s) if seen.is_none() && s.lines_hash == run_hash => {
                // The same receipt as the store has: nothing new.
                self.lines_duplicate += run.lines.len() as u64;
                Some(MATCHED)
            }
            Some(s) => {
                self.settle_lines(&s, &run, &stored_lines)?;
                None
            }
        };
        // A preview writes nothing, so it cannot look its receipts up again: it keeps their keys.
        let state = match state.filter(|_| self.write) {
            Some(state) => state,
            None => match seen {
                Some(i) if i < MATCHED => {
                    self.file_keys[i as usize] = file_keys;
                    i
                }
                _ => {
                    self.file_keys.push(file_keys);
                    u32::try_from(self.file_keys.len() - 1).unwrap_or(MATCHED - 1)
                }
            },
        };
        self.seen.insert(run.receipt_hash, state);
        if self.deltas.len() > DELTAS_MAX {
            self.apply_deltas()?;
        }
        Ok(())
    }

    /// Writes a receipt the store does not have, and its lines: all of them new.
    fn create(&mut self, run: &Run, run_hash: i64) -> Result<(), ImportError> {
        let id = if self.write {
            self.insert_receipt.execute(params![
                self.source,
                &*run.receipt,
                run.day,
                run.time,
                run.identity,
                self.batch_id,
                run_hash
            ])?;
            self.tx.last_insert_rowid()
        } else {
            0
        };
        let mut sale_counted = false;
        for (slot, (key, line)) in run.lines.iter().enumerate() {
            let new_receipt = !sale_counted && line.kind == SaleKind::Sale && line.net > 0;
            sale_counted |= new_receipt;
            self.insert_line(line_id(id, slot, &run.receipt)?, id, *key, line)?;
            self.count_new(line, run.day, run.identity, new_receipt);
        }
        Ok(())
    }

    /// The lines the store holds for receipt `id`.
    fn stored_lines(&self, id: i64) -> Result<Vec<StoredLine>, ImportError> {
        let base = id << 16;
        let mut stmt = self.stmt(
            "SELECT id, line_key, batch_id, kind = 'sale' AND net_minor > 0 FROM sale_lines
             WHERE id BETWEEN ?1 AND ?2",
        )?;
        let rows = stmt.query_map(params![base, base + 0xFFFF], |r| {
            Ok(StoredLine {
                slot: usize::try_from(r.get::<_, i64>(0)? - base).unwrap_or(0),
                key: r.get::<_, i64>(1)? as u64,
                batch: r.get(2)?,
                positive_sale: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A run of a receipt the store has, line by line against the lines it holds.
    fn settle_lines(
        &mut self,
        stored: &Stored,
        run: &Run,
        lines: &[StoredLine],
    ) -> Result<(), ImportError> {
        let fetched;
        let lines = if lines.is_empty() {
            fetched = self.stored_lines(stored.id)?;
            &fetched
        } else {
            lines
        };
        let mut keys: Vec<u64> = lines.iter().map(|l| l.key).collect();
        let mut had_sale = lines.iter().any(|l| l.positive_sale);
        let mut next_slot = lines.iter().map(|l| l.slot + 1).max().unwrap_or(0);
        let mut added = 0i64;
        for (key, line) in &run.lines {
            if keys.contains(key) {
                self.lines_duplicate += 1;
                continue;
            }
            keys.push(*key);
            self.insert_line(
                line_id(stored.id, next_slot, &run.receipt)?,
                stored.id,
                *key,
                line,
            )?;
            next_slot += 1;
            added = added.wrapping_add(hash_part(*key));
            let positive = line.kind == SaleKind::Sale && line.net > 0;
            self.count_new(line, stored.day, stored.identity, positive && !had_sale);
            had_sale |= positive;
        }
        if self.write && added != 0 {
            self.stmt("UPDATE receipts SET lines_hash = lines_hash + ?2 WHERE id = ?1")?
                .execute(params![stored.id, added])?;
        }
        Ok(())
    }

    /// The id of the line's item, created when new (`None` for a line without one).
    fn item_id(&mut self, line: &Line) -> Result<Option<i64>, ImportError> {
        if line.item.is_none() && line.category.is_none() {
            return Ok(None);
        }
        let (name, category) = (line.item.as_deref(), line.category.as_deref());
        let key = line.item_key;
        if let Some(id) = self.items.get(&key) {
            return Ok(Some(*id));
        }
        self.stmt("INSERT INTO items(name, category) VALUES (?1, ?2)")?
            .execute(params![name, category])?;
        let id = self.tx.last_insert_rowid();
        self.items.insert(key, id);
        Ok(Some(id))
    }

    /// Writes a line.
    fn insert_line(
        &mut self,
        id: i64,
        receipt_id: i64,
        key: u64,
        line: &Line,
    ) -> Result<(), ImportError> {
        if !self.write {
            return Ok(());
        }
        let item = self.item_id(line)?;
        // Bound one by one (no parameter slice): this runs once per line of the file.
        let stmt = &mut self.insert_line;
        stmt.raw_bind_parameter(1, id)?;
        stmt.raw_bind_parameter(2, receipt_id)?;
        stmt.raw_bind_parameter(3, key as i64)?;
        stmt.raw_bind_parameter(4, self.batch_id)?;
        stmt.raw_bind_parameter(5, line.kind.code())?;
        stmt.raw_bind_parameter(6, day_number(line.day))?;
        stmt.raw_bind_parameter(7, item)?;
        stmt.raw_bind_parameter(8, line.qty_milli)?;
        stmt.raw_bind_parameter(9, line.gross)?;
        stmt.raw_bind_parameter(10, line.discount)?;
        stmt.raw_bind_parameter(11, line.net)?;
        stmt.raw_bind_parameter(12, line.tax)?;
        stmt.raw_execute()?;
        Ok(())
    }

    fn count_new(
        &mut self,
        line: &Line,
        receipt_day: i64,
        identity: Option<i64>,
        new_receipt: bool,
    ) {
        self.lines_new += 1;
        let day = day_number(line.day);
        match line.kind {
            SaleKind::Sale => self.deltas.sale(
                day,
                receipt_day,
                identity,
                line.gross,
                line.discount,
                new_receipt,
            ),
            SaleKind::Refund => self.deltas.refund(day, receipt_day, identity, -line.net),
        }
    }

    /// Adds the rollup deltas gathered so far to the store.
    pub fn apply_deltas(&mut self) -> Result<(), ImportError> {
        if self.write {
            self.deltas.apply(self.tx)?;
        }
        self.deltas = Deltas::default();
        Ok(())
    }
}
