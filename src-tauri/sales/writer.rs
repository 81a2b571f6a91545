//! Where typed lines meet the store: receipts, dedupe, identities and the rollup deltas.
//!
//! Lines arrive grouped in runs (consecutive lines of one receipt, as exports list them). A
//! run of a receipt the store does not have is inserted without a single lookup. A run of a
//! receipt the store has is compared as a whole with the receipt's `lines_hash` (the sum of
//! its line keys): equal means every line is already there, which is what an overlapping
//! export mostly is. Anything else (a late refund, a re-sorted file that splits a receipt)
//! is settled line by line against the keys of the receipt's lines.

use super::lines::{
    IdKind, Identity, ImportError, Line, SaleKind, Tally, Text, line_key, pair_hash, raw_bits,
    raw_combine, receipt_hash,
};
use super::rollups::{Deltas, day_number};
use super::voids;
use crate::people;
use crate::people::forgotten::Tombstones;
use crate::store::bulk::{Bulk, Cell};
use rusqlite::{CachedStatement, OptionalExtension, Transaction, params};
use std::collections::HashMap;

/// Maps of 64-bit keys (hashes already): a cheap multiplicative hasher suffices.
type KeyMap<V> = rustc_hash::FxHashMap<u64, V>;

/// How many customer-day deltas are kept before they are added to the store.
const DELTAS_MAX: usize = 8_192;

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

/// How this file has met a receipt (`Writer::seen`, packed in an `i64`).
#[derive(Debug, Clone, Copy)]
enum Met {
    /// Created it, with this id: its lines in the store with this batch are the file's.
    Created(i64),
    /// Matched it whole by its hash: the other batches' lines are the file's.
    Matched,
    /// Gave it the keys in `file_keys[i]` (settled it line by line, or a preview).
    Keys(usize),
}

impl Met {
    fn pack(self) -> i64 {
        match self {
            Met::Created(id) => id,
            Met::Matched => -1,
            Met::Keys(i) => -2 - i as i64,
        }
    }

    fn unpack(v: i64) -> Met {
        match v {
            1.. => Met::Created(v),
            -1 => Met::Matched,
            _ => Met::Keys(usize::try_from(-2 - v).unwrap_or(0)),
        }
    }
}

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

/// A receipt the store had before this file.
pub(super) struct Known {
    id: i64,
    lines_hash: i64,
    /// What its rows looked like when one import brought it whole (0: not known): the hash
    /// bits of `lines::RAW_HASH_BITS`, then whether it is a sale receipt (bit 16) and how
    /// many lines it has (bits 0–15).
    pub raw_mark: u64,
}

impl Known {
    /// The slot of its last line when one import brought it whole and nothing changed it since
    /// (`raw_mark` set): its lines are slots 0 … n − 1.
    fn last_slot(&self) -> Option<i64> {
        let lines = (self.raw_mark & 0xFFFF) as i64;
        (self.raw_mark != 0 && lines > 0).then(|| lines - 1)
    }
}

/// The receipts of one source the store has, by receipt hash.
pub(super) type KnownReceipts = KeyMap<Known>;

/// The receipts of `source` the store has. Empty for a source new to the store (the first
/// import of a shop's POS), which then reads nothing back while it writes.
pub(super) fn known_receipts(
    tx: &Transaction<'_>,
    source: &str,
) -> Result<KnownReceipts, ImportError> {
    // Sized once (the receipts of every source, an upper bound): growing it as rows come would
    // rehash it a dozen times, and hold the old table and the new at once each time.
    let receipts: i64 = tx.query_row("SELECT coalesce(max(id), 0) FROM receipts", [], |r| {
        r.get(0)
    })?;
    let mut known = KnownReceipts::with_capacity_and_hasher(
        usize::try_from(receipts).unwrap_or(0),
        Default::default(),
    );
    let mut stmt =
        tx.prepare("SELECT pos_id, id, lines_hash, raw_mark FROM receipts WHERE source = ?1")?;
    let mut rows = stmt.query([source])?;
    while let Some(r) = rows.next()? {
        let pos_id = r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?;
        known.insert(
            receipt_hash(source, pos_id),
            Known {
                id: r.get(1)?,
                lines_hash: r.get(2)?,
                raw_mark: r.get::<_, i64>(3)? as u64,
            },
        );
    }
    Ok(known)
}

/// What a run of lines says of its receipt.
#[derive(Clone)]
pub(super) struct Head {
    pub receipt_hash: u64,
    pub receipt: Text,
    pub day: i64,
    pub time: Option<i64>,
    /// The customer's identity row (when written).
    pub identity: Option<i64>,
    /// The customer's identity key and whether they are a member.
    pub customer: Option<(u64, bool)>,
    /// The hash of the row the line was read from (0: none, or not one of this receipt's).
    pub raw: u64,
}

/// The lines of one receipt read one after the other.
struct Run {
    head: Head,
    lines: Vec<(u64, Line)>,
    /// The combined hashes of the rows its lines came from; `None` when one of them had none.
    raw: Option<u64>,
}

pub(super) struct Writer<'t> {
    tx: &'t Transaction<'t>,
    write: bool,
    pub batch_id: i64,
    source: Text,
    /// The receipts of this source the store had before this file.
    known: &'t KnownReceipts,
    /// The id the next receipt this file brings gets (the write lock is held).
    next_receipt: i64,
    run: Option<Run>,
    /// The lines buffer of the run before, reused.
    spare: Vec<(u64, Line)>,
    /// Lines written, to be dropped by the thread that read them: their shared texts (items,
    /// categories) are counted there, and counting them down here would bounce those counts
    /// between the two cores for every line.
    pub spent: Vec<(u64, Line)>,
    /// Receipts this file has already met, and how (`Met`, packed): a run of one of them
    /// again means the file is not grouped by receipt.
    seen: KeyMap<i64>,
    /// The receipt id (0 in a preview) and the line keys this file gave receipts that were
    /// settled line by line or came back.
    file_keys: Vec<(i64, Vec<u64>)>,
    identities: KeyMap<(i64, Option<i64>)>,
    items: KeyMap<i64>,
    lines_out: Bulk<'t>,
    receipts_out: Bulk<'t>,
    members_by_phone: HashMap<String, i64>,
    /// The tombstones of the people forgotten (none in most shops), and the new customers of
    /// this file found to be of them: their rows come in anonymous.
    forgotten: Option<Tombstones>,
    buried: rustc_hash::FxHashSet<u64>,
    /// Receipts the store had whose lines this file brought again, all of them
    /// (`sales_batch_receipts`), with their last slot when `Known::last_slot` knows it, and
    /// single lines it brought again (`sales_batch_lines`): undoing the import that first
    /// brought them keeps them for this one.
    found_again: Vec<(i64, Option<i64>)>,
    lines_again: Vec<i64>,
    /// The receipts voided before this file (`voids`), and the receipts the store had that
    /// rows of this file void.
    voided: rustc_hash::FxHashSet<i64>,
    /// The void rows of each receipt the store had, by receipt hash, and the receipts of rows
    /// that could not be read.
    void_rows: KeyMap<u64>,
    refused: rustc_hash::FxHashSet<u64>,
    pub deltas: Deltas,
    /// What this file adds: its new lines, the customers on them and the receipts that became
    /// sale receipts with them.
    pub tally: Tally,
}

/// A customer of a row as the store knows them: their identity's row id (when written) and member.
pub type Customer = (Option<i64>, Option<i64>);

impl<'t> Writer<'t> {
    /// `receipts`: about how many the file holds (the map of those met is sized for them).
    pub fn load(
        tx: &'t Transaction<'t>,
        source: &str,
        write: bool,
        known: &'t KnownReceipts,
        receipts: usize,
    ) -> Result<Self, ImportError> {
        let next_receipt: i64 =
            tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM receipts", [], |r| {
                r.get(0)
            })?;
        let mut identities = KeyMap::default();
        people::identities::each(tx, |id, kind, value, member| {
            let key = pair_hash(IdKind::from_code(kind).code(), value);
            identities.insert(key, (id, member));
        })?;
        let mut items = KeyMap::default();
        {
            let mut stmt = tx.prepare("SELECT id, name, category FROM items")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let name: Option<String> = r.get(1)?;
                let category: Option<String> = r.get(2)?;
                let key = pair_hash(
                    name.as_deref().unwrap_or(""),
                    category.as_deref().unwrap_or(""),
                );
                items.insert(key, r.get(0)?);
            }
        }
        let mut members_by_phone = HashMap::new();
        people::members::each_phone(tx, |phone, id| {
            members_by_phone.insert(phone, id);
        })?;
        let forgotten = Tombstones::load(tx)?;
        let voided = voids::load(tx)?;
        Ok(Writer {
            voided,
            void_rows: KeyMap::default(),
            refused: Default::default(),
            forgotten,
            buried: Default::default(),
            tx,
            write,
            batch_id: 0,
            source: source.into(),
            known,
            next_receipt,
            run: None,
            spare: Vec::new(),
            spent: Vec::new(),
            seen: KeyMap::with_capacity_and_hasher(receipts, Default::default()),
            found_again: Vec::new(),
            lines_again: Vec::new(),
            file_keys: Vec::new(),
            identities,
            items,
            receipts_out: Bulk::new(
                tx,
                "receipts(id, source, pos_id, day, time, identity_id, batch_id, lines_hash, raw_mark)",
                9,
                "",
            )?,
            lines_out: Bulk::new(
                tx,
                "sale_lines(id, line_key, batch_id, kind, day, item_id, qty_milli,
                     gross_minor, discount_minor, net_minor, tax_minor)",
                11,
                "",
            )?,
            members_by_phone,
            deltas: Deltas::default(),
            tally: Tally::default(),
        })
    }

    fn stmt(&self, sql: &str) -> Result<CachedStatement<'t>, ImportError> {
        Ok(self.tx.prepare_cached(sql)?)
    }

    /// The identity's row id (when written) and member, creating the identity when new; `None`
    /// for someone forgotten (their row is anonymous).
    pub fn identity(&mut self, identity: &Identity) -> Result<Option<Customer>, ImportError> {
        let key = identity.key;
        if let Some((id, member)) = self.identities.get(&key) {
            return Ok(Some((Some(*id), *member)));
        }
        if self.buried.contains(&key) {
            return Ok(None);
        }
        if let Some(t) = &self.forgotten
            && t.forgets(identity.kind.code(), &identity.value)
        {
            self.buried.insert(key);
            return Ok(None);
        }
        let member = match identity.kind {
            IdKind::Phone => self.members_by_phone.get(&*identity.value).copied(),
            _ => None,
        };
        if !self.write {
            return Ok(Some((None, member)));
        }
        let id = people::identities::insert(
            self.tx,
            identity.kind.code(),
            &identity.value,
            identity.name.as_deref(),
            member,
        )?;
        self.identities.insert(key, (id, member));
        Ok(Some((Some(id), member)))
    }

    /// Whether `receipt_hash` is a receipt this file or the store already has, so that a refund
    /// naming it as its original belongs to it.
    pub fn has_receipt(&self, receipt_hash: u64) -> bool {
        self.run
            .as_ref()
            .is_some_and(|r| r.head.receipt_hash == receipt_hash)
            || self.seen.contains_key(&receipt_hash)
            || self.known.contains_key(&receipt_hash)
    }

    /// Writes the rows still held, before the store is read.
    fn sync(&mut self) -> Result<(), ImportError> {
        self.receipts_out.flush()?;
        self.lines_out.flush()?;
        Ok(())
    }

    /// The receipt as the store has it: (id, lines hash).
    fn stored(&mut self, run: &Run, met: Option<Met>) -> Result<Option<(i64, i64)>, ImportError> {
        let known = self.known.get(&run.head.receipt_hash);
        let id = match met {
            Some(Met::Created(id)) => id,
            Some(Met::Keys(i)) if self.file_keys[i].0 != 0 => self.file_keys[i].0,
            Some(Met::Matched | Met::Keys(_)) if self.write => match known {
                Some(k) => k.id,
                None => return Ok(None),
            },
            // As it was before this file (which a preview leaves so).
            _ => return Ok(known.map(|k| (k.id, k.lines_hash))),
        };
        // One this file brought or changed, once what is held is written.
        self.sync()?;
        Ok(self
            .stmt("SELECT id, lines_hash FROM receipts WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?)
    }

    /// Adds one line (with its dedupe key) of the receipt `head` describes; `first_of_row`
    /// for the first line of a row (a row can hold a sale and its refund).
    pub fn push(
        &mut self,
        head: &Head,
        key: u64,
        line: Line,
        first_of_row: bool,
    ) -> Result<(), ImportError> {
        let row_raw = (head.raw != 0).then_some(head.raw);
        match &mut self.run {
            Some(run) if run.head.receipt_hash == head.receipt_hash => {
                if first_of_row {
                    run.raw = run.raw.zip(row_raw).map(|(h, r)| raw_combine(h, r));
                }
                run.lines.push((key, line));
            }
            _ => {
                self.flush()?;
                let mut lines = std::mem::take(&mut self.spare);
                lines.push((key, line));
                self.run = Some(Run {
                    head: head.clone(),
                    lines,
                    raw: row_raw.map(|r| raw_combine(0, r)),
                });
            }
        }
        Ok(())
    }

    /// A receipt the store has whose rows this file repeats exactly (`engine::Item::Known`).
    pub fn known_again(&mut self, receipt_hash: u64) -> Result<(), ImportError> {
        self.flush()?;
        if let Some(k) = self.known.get(&receipt_hash) {
            self.tally.report.lines_duplicate += k.raw_mark & 0xFFFF;
            self.found_again.push((k.id, k.last_slot()));
        }
        self.seen.insert(receipt_hash, Met::Matched.pack());
        Ok(())
    }

    /// A row of this file voids receipt `receipt_hash` (`finish` decides what it voids).
    pub fn void_row(&mut self, receipt_hash: u64) {
        if self.known.contains_key(&receipt_hash) {
            *self.void_rows.entry(receipt_hash).or_default() += 1;
        }
    }

    /// A row of this file that could not be read names receipt `receipt_hash`: it may be a
    /// line that stands, so this file voids nothing of that receipt.
    pub fn may_stand(&mut self, receipt_hash: u64) {
        if self.known.contains_key(&receipt_hash) {
            self.refused.insert(receipt_hash);
        }
    }

    /// The receipts the store had before this file that the file voids: every row it has of
    /// them is void (a receipt with a line that stands, or a row that cannot be read, stands:
    /// a status per line voids only that line), and there are at least as many void rows as
    /// the receipt has sale lines (a file with only its cancelled line, cut by a filter or a
    /// date range, voids nothing). Each leaves every total, as this import's correction (undone
    /// with it); those not voided before are counted in the report with the net sales they
    /// held. Their lines stay, so the earlier export is still recognised.
    fn late_voids(&mut self) -> Result<Vec<i64>, ImportError> {
        let mut ids = Vec::new();
        for (hash, void_rows) in std::mem::take(&mut self.void_rows) {
            let Some(known) = self.known.get(&hash) else {
                continue;
            };
            if self.seen.contains_key(&hash) || self.refused.contains(&hash) {
                continue;
            }
            let (net, sale_lines) = voids::held(self.tx, known.id)?;
            if void_rows < sale_lines {
                continue;
            }
            ids.push(known.id);
            if !self.voided.insert(known.id) {
                continue;
            }
            let report = &mut self.tally.report;
            report.receipts_voided += 1;
            match report.voided_minor.checked_add(net) {
                Some(sum) => report.voided_minor = sum,
                None => self.tally.overflow = true,
            }
        }
        Ok(ids)
    }

    /// Settles the current run against the store.
    pub fn flush(&mut self) -> Result<(), ImportError> {
        let Some(mut run) = self.run.take() else {
            return Ok(());
        };
        let seen = self
            .seen
            .get(&run.head.receipt_hash)
            .copied()
            .map(Met::unpack);
        let stored = self.stored(&run, seen)?;
        // The keys this file already gave the receipt, so identical lines are numbered on.
        let stored_lines = match stored {
            Some((id, _)) if seen.is_some() || !self.write => self.stored_lines(id)?,
            _ => Vec::new(),
        };
        let mut file_keys: Vec<u64> = match seen {
            None => Vec::new(),
            Some(Met::Created(_)) => stored_lines
                .iter()
                .filter(|l| l.batch == self.batch_id)
                .map(|l| l.key)
                .collect(),
            Some(Met::Matched) => stored_lines
                .iter()
                .filter(|l| l.batch != self.batch_id)
                .map(|l| l.key)
                .collect(),
            Some(Met::Keys(i)) => std::mem::take(&mut self.file_keys[i].1),
        };
        for (key, line) in &mut run.lines {
            *key = number(&mut file_keys, *key, |n| {
                line_key(&self.source, &run.head.receipt, line, n)
            });
        }
        let run_hash = run
            .lines
            .iter()
            .fold(0i64, |h, (k, _)| h.wrapping_add(hash_part(*k)));
        // What to remember of the receipt: `None` keeps the file's keys of it.
        let (state, id) = match stored {
            None => {
                let id = self.create(&run, run_hash)?;
                (Some(Met::Created(id)), id)
            }
            Some((id, lines_hash)) if seen.is_none() && lines_hash == run_hash => {
                // The same receipt as the store has: nothing new.
                self.tally.report.lines_duplicate += run.lines.len() as u64;
                let last = (self.known.get(&run.head.receipt_hash)).and_then(Known::last_slot);
                self.found_again.push((id, last));
                (Some(Met::Matched), id)
            }
            Some((id, _)) => {
                self.settle_lines(id, &run, &stored_lines)?;
                (None, id)
            }
        };
        // A preview writes nothing, so it cannot look its receipts up again: it keeps their keys.
        let id = if self.write { id } else { 0 };
        let state = match state.filter(|_| self.write) {
            Some(state) => state,
            None => match seen {
                Some(Met::Keys(i)) => {
                    self.file_keys[i] = (id, file_keys);
                    Met::Keys(i)
                }
                _ => {
                    self.file_keys.push((id, file_keys));
                    Met::Keys(self.file_keys.len() - 1)
                }
            },
        };
        self.seen.insert(run.head.receipt_hash, state.pack());
        self.spent.append(&mut run.lines);
        self.spare = run.lines;
        if self.deltas.len() > DELTAS_MAX {
            self.apply_deltas()?;
        }
        Ok(())
    }

    /// Writes a receipt the store does not have, and its lines: all of them new.
    fn create(&mut self, run: &Run, run_hash: i64) -> Result<i64, ImportError> {
        let head = &run.head;
        let has_sale = run
            .lines
            .iter()
            .any(|(_, l)| l.kind == SaleKind::Sale && l.net > 0);
        let raw_mark = match (run.raw, u64::try_from(run.lines.len())) {
            (Some(raw), Ok(n)) if n <= 0xFFFF => raw_bits(raw) | (u64::from(has_sale) << 16) | n,
            _ => 0,
        };
        let id = if self.write {
            let id = self.next_receipt;
            self.next_receipt += 1;
            self.receipts_out.push([
                Cell::Int(id),
                Cell::Text(self.source.clone()),
                Cell::Text(head.receipt.clone()),
                Cell::Int(head.day),
                head.time.into(),
                head.identity.into(),
                Cell::Int(self.batch_id),
                Cell::Int(run_hash),
                Cell::Int(raw_mark as i64),
            ])?;
            id
        } else {
            0
        };
        let mut sale_counted = false;
        for (slot, (key, line)) in run.lines.iter().enumerate() {
            let new_receipt = !sale_counted && line.kind == SaleKind::Sale && line.net > 0;
            sale_counted |= new_receipt;
            self.insert_line(line_id(id, slot, &head.receipt)?, *key, line)?;
            self.count_new(line, head.day, head.identity, new_receipt);
        }
        self.count_customer(head);
        Ok(id)
    }

    /// The lines the store holds for receipt `id`.
    fn stored_lines(&mut self, id: i64) -> Result<Vec<StoredLine>, ImportError> {
        self.sync()?;
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
        id: i64,
        run: &Run,
        lines: &[StoredLine],
    ) -> Result<(), ImportError> {
        let fetched;
        let lines = if lines.is_empty() {
            fetched = self.stored_lines(id)?;
            &fetched
        } else {
            lines
        };
        let (identity, day): (Option<i64>, i64) = self
            .stmt("SELECT identity_id, day FROM receipts WHERE id = ?1")?
            .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let mut keys: Vec<u64> = lines.iter().map(|l| l.key).collect();
        let mut had_sale = lines.iter().any(|l| l.positive_sale);
        let mut next_slot = lines.iter().map(|l| l.slot + 1).max().unwrap_or(0);
        let mut added = 0i64;
        let mut gained = false;
        // Lines that reach a voided receipt are kept (its hash stays true) but count as void.
        let voided = self.voided.contains(&id);
        for (key, line) in &run.lines {
            if keys.contains(key) {
                self.tally.report.lines_duplicate += 1;
                // A line another import brought, not one this file gave the receipt before.
                if let Some(l) = lines
                    .iter()
                    .find(|l| l.key == *key && l.batch != self.batch_id)
                {
                    self.lines_again.push((id << 16) + l.slot as i64);
                }
                continue;
            }
            keys.push(*key);
            self.insert_line(line_id(id, next_slot, &run.head.receipt)?, *key, line)?;
            next_slot += 1;
            added = added.wrapping_add(hash_part(*key));
            if voided {
                self.tally.report.lines_void += 1;
                continue;
            }
            gained = true;
            let positive = line.kind == SaleKind::Sale && line.net > 0;
            self.count_new(line, day, identity, positive && !had_sale);
            had_sale |= positive;
        }
        if gained {
            self.count_customer(&run.head);
        }
        if self.write && added != 0 {
            // Its lines changed: its rows as once read no longer describe it.
            self.stmt(
                "UPDATE receipts SET lines_hash = lines_hash + ?2, raw_mark = 0 WHERE id = ?1",
            )?
            .execute(params![id, added])?;
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
    fn insert_line(&mut self, id: i64, key: u64, line: &Line) -> Result<(), ImportError> {
        if !self.write {
            return Ok(());
        }
        let item = self.item_id(line)?;
        self.lines_out.push([
            Cell::Int(id),
            Cell::Int(key as i64),
            Cell::Int(self.batch_id),
            Cell::Static(line.kind.code()),
            Cell::Int(day_number(line.day)),
            item.into(),
            Cell::Int(line.qty_milli),
            Cell::Int(line.gross),
            Cell::Int(line.discount),
            Cell::Int(line.net),
            Cell::Int(line.tax),
        ])?;
        Ok(())
    }

    /// Counts the customer of a receipt that gained lines.
    fn count_customer(&mut self, head: &Head) {
        if let Some((key, member)) = head.customer
            && self.tally.identities.insert(key)
            && member
        {
            self.tally.matched += 1;
        }
    }

    fn count_new(
        &mut self,
        line: &Line,
        receipt_day: i64,
        identity: Option<i64>,
        new_receipt: bool,
    ) {
        self.tally.add_line(line);
        if new_receipt {
            self.tally.report.receipts += 1;
        }
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

    /// Settles the last run and writes everything still held.
    pub fn finish(&mut self) -> Result<(), ImportError> {
        self.flush()?;
        self.sync()?;
        let voided = self.late_voids()?;
        if self.write {
            self.record_found_again()?;
            if !voided.is_empty() {
                voids::record(self.tx, self.batch_id, &voided)?;
            }
            if self.tally.report.receipts_voided > 0 {
                // Exact, and rare: the voided receipts out of every rollup, which the deltas
                // (sums added) cannot take back (a customer's last day, a day left empty).
                self.deltas = Deltas::default();
                super::rollups::rebuild(self.tx)?;
                return Ok(());
            }
        }
        self.apply_deltas()
    }

    /// Records the lines this file brought again (`found_again`, `lines_again`), for undo.
    fn record_found_again(&mut self) -> Result<(), ImportError> {
        // Most are receipts an earlier import brought whole: written 64 to a statement, their
        // last slots known; the others' are looked up in their lines.
        let mut whole = Bulk::new(
            self.tx,
            "sales_batch_receipts(receipt_id, batch_id, last_slot)",
            3,
            "ON CONFLICT DO NOTHING",
        )?;
        let mut looked_up = Vec::new();
        for (id, last) in self.found_again.drain(..) {
            match last {
                Some(last) => {
                    whole.push([Cell::Int(id), Cell::Int(self.batch_id), Cell::Int(last)])?
                }
                None => looked_up.push(id),
            }
        }
        whole.flush()?;
        if !looked_up.is_empty() {
            self.tx.execute_batch(
                "CREATE TEMP TABLE IF NOT EXISTS found_again(receipt_id INTEGER PRIMARY KEY);
                 DELETE FROM temp.found_again;",
            )?;
            let mut insert = self
                .tx
                .prepare_cached("INSERT OR IGNORE INTO temp.found_again VALUES (?1)")?;
            for id in looked_up {
                insert.execute([id])?;
            }
            self.tx.execute(
                "INSERT OR IGNORE INTO sales_batch_receipts(receipt_id, batch_id, last_slot)
                 SELECT f.receipt_id, ?1, (SELECT max(l.id) - (f.receipt_id << 16) FROM sale_lines l
                     WHERE l.id BETWEEN f.receipt_id << 16 AND (f.receipt_id << 16) + 65535)
                 FROM temp.found_again f",
                [self.batch_id],
            )?;
            self.tx.execute_batch("DELETE FROM temp.found_again")?;
        }
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO sales_batch_lines(line_id, batch_id) VALUES (?1, ?2)",
        )?;
        for id in self.lines_again.drain(..) {
            insert.execute(params![id, self.batch_id])?;
        }
        Ok(())
    }

    /// Adds the rollup deltas gathered so far to the store.
    fn apply_deltas(&mut self) -> Result<(), ImportError> {
        if self.write {
            self.deltas.apply(self.tx)?;
        }
        self.deltas = Deltas::default();
        Ok(())
    }
}
