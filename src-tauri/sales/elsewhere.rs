//! The same sales under another description: an order list and its line-item file, or two
//! exports of one POS, describe the same receipts; importing both would count them twice. The
//! importer compares a file's receipt numbers with the receipts earlier imports of another
//! description brought (another source, or another level: receipts vs their lines), on the same
//! days — the same export mapped a little differently (a column more) is the same description,
//! which the line keys deduplicate — and when most of
//! them match, the preview says so naming that import, and the import refuses the file unless the
//! owner says to import it anyway.
//!
//! Free when every earlier import has the file's description (one POS, one export: the usual
//! shop): nothing is loaded and no receipt is looked up.

use super::layout::{Level, Mapping};
use super::lines::Earlier;
use super::rollups::from_day_number;
use crate::import::batches;
use chrono::NaiveDate;
use rusqlite::{Connection, params_from_iter};
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

/// What an import describes: where it came from, whether its rows are receipts or lines, and
/// whether an order's money was read from its first row (a Shopify import made before that rule
/// read the same orders with other money: their lines would not deduplicate, so a file of the
/// same orders is held back instead of counted twice).
#[derive(Debug, PartialEq, Eq)]
struct Description {
    source: String,
    level: Level,
    money_on_first_row: bool,
}

impl Description {
    fn of(source: &str, mapping: &Mapping) -> Description {
        Description {
            source: source.to_string(),
            level: mapping.level,
            money_on_first_row: mapping.money_on_first_row,
        }
    }
}

/// The earlier receipts of other descriptions, and how many of this file's match them.
#[derive(Debug, Default)]
pub struct Elsewhere {
    /// xxh3 of the receipt number → (the import that brought it, its day).
    receipts: FxHashMap<u64, (i64, NaiveDate)>,
    last: Option<u64>,
    seen: u64,
    /// Matches per earlier import.
    matched: FxHashMap<i64, u64>,
}

impl Elsewhere {
    /// The receipts of the earlier sales imports whose description differs from this file's.
    pub fn load(conn: &Connection, source: &str, mapping: &Mapping) -> rusqlite::Result<Self> {
        let this = Description::of(source, mapping);
        let batches: Vec<i64> = batches::mappings(conn, super::batches::KIND)?
            .into_iter()
            .filter(|(_, source, json)| {
                // A mapping that cannot be read says nothing of its description: left out.
                serde_json::from_str::<Mapping>(json)
                    .is_ok_and(|m| Description::of(source, &m) != this)
            })
            .map(|(id, _, _)| id)
            .collect();
        let mut receipts = FxHashMap::default();
        for chunk in batches.chunks(500) {
            let marks = vec!["?"; chunk.len()].join(",");
            let mut stmt = conn.prepare(&format!(
                "SELECT pos_id, batch_id, day FROM receipts WHERE batch_id IN ({marks})"
            ))?;
            let rows = stmt.query_map(params_from_iter(chunk), |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (pos_id, batch, day) = row?;
                if let Some(day) = from_day_number(day) {
                    receipts.insert(xxh3_64(pos_id.as_bytes()), (batch, day));
                }
            }
        }
        Ok(Elsewhere {
            receipts,
            ..Elsewhere::default()
        })
    }

    /// One row of the file, of receipt `pos_id` (its hash in this import: `receipt_hash`) on
    /// `day`; a receipt's rows come together, so a new hash is a new receipt.
    pub fn row(&mut self, pos_id: &str, receipt_hash: u64, day: NaiveDate) {
        if self.receipts.is_empty() || self.last == Some(receipt_hash) {
            return;
        }
        self.last = Some(receipt_hash);
        self.seen += 1;
        if let Some((batch, stored)) = self.receipts.get(&xxh3_64(pos_id.as_bytes()))
            && (day - *stored).num_days().abs() <= 1
        {
            *self.matched.entry(*batch).or_default() += 1;
        }
    }

    /// The earlier import that brought most of this file's receipts (and how many it brought),
    /// when more than half of them came with earlier imports of another description.
    pub fn verdict(&self, conn: &Connection) -> rusqlite::Result<Option<Earlier>> {
        let matched: u64 = self.matched.values().sum();
        if self.seen == 0 || matched * 2 <= self.seen {
            return Ok(None);
        }
        let Some((&batch, &by_it)) = self.matched.iter().max_by_key(|(id, n)| (**n, **id)) else {
            return Ok(None);
        };
        let file_name = batches::get(conn, batch)?
            .map(|b| b.file_name)
            .unwrap_or_default();
        Ok(Some(Earlier {
            batch,
            file_name,
            matched: by_it,
            receipts: self.seen,
        }))
    }
}
