//! Tombstones of the people the owner made Regulars forget: what lets a later import (an export
//! that overlaps the one they came in) and the add form recognise them, without keeping who they
//! were. This module owns the tables `forgotten` and `forgotten_key`.
//!
//! A tombstone is a keyed, deliberately slow hash (PBKDF2-HMAC-SHA256, `ROUNDS` rounds, under a
//! random 32-byte key made for this shop) of each form of the person's identities: the identity as
//! stored (`id:kind:value`) and, for anything phone-like, its national number's digits (`n:…`),
//! which no phone region changes — so a later change of region or re-normalisation keeps it
//! valid. Beside it, a 20-bit keyed pre-filter (xxh3 under the key) lets an import skip the slow
//! hash for all but about one new customer in a million per tombstone.
//!
//! **Pseudonymous, not anonymous.** The key lives in the same file: whoever has the file and a
//! guess of a phone can test the guess (the pre-filter leaves about one candidate in a million;
//! each costs the slow hash). It keeps a forgotten person out of the shop's lists; it does not
//! make their phone unrecoverable to someone who sets out to recover it.

use super::phone;
use crate::privacy::{Column, Kind, column};
use rusqlite::{Connection, OptionalExtension, params};
use rustc_hash::FxHashSet;
use sha2::Sha256;

pub const COLUMNS: &[Column] = &[
    // Kept on purpose when a person is forgotten: it is what keeps them forgotten.
    column("forgotten", "prefilter", Kind::NotPersonal),
    column("forgotten", "hash", Kind::NotPersonal),
    column("forgotten_key", "id", Kind::NotPersonal),
    column("forgotten_key", "key", Kind::NotPersonal),
];

/// PBKDF2 rounds: about a millisecond a hash in a release build on this kind of laptop — some
/// 50,000 times a keyed fast hash, and still cheap for an import that meets a hundred of them
/// (benches/import.py measures it).
const ROUNDS: u32 = 1_000;
/// Bits of the pre-filter: one new customer in 2^20 per tombstone pays the slow hash.
const PREFILTER_BITS: u32 = 20;

/// The shop's tombstones, read once for an import or a check.
pub struct Tombstones {
    key: [u8; 32],
    seed: u64,
    prefilters: FxHashSet<i64>,
    hashes: FxHashSet<Vec<u8>>,
}

/// The forms a tombstone is taken of, for an identity as stored (`kind`, `value`): the identity
/// itself and the national digits of anything phone-like. `national` is the phone's national
/// number when known (at forget time); otherwise (an import's new customer) every reading of the
/// digits as one, with up to three digits of country code in front.
fn forms(kind: &str, value: &str, national: Option<String>) -> Vec<String> {
    let mut out = vec![format!("id:{kind}:{value}")];
    match national {
        Some(n) => out.push(format!("n:{n}")),
        None => {
            let digits: String = value.chars().filter(char::is_ascii_digit).collect();
            for skip in 0..=3 {
                if digits.len() >= 7 + skip {
                    out.push(format!("n:{}", &digits[skip..]));
                }
            }
        }
    }
    out
}

impl Tombstones {
    /// The shop's tombstones, or `None` when it has none (an import then pays nothing).
    pub fn load(conn: &Connection) -> rusqlite::Result<Option<Tombstones>> {
        Ok(export(conn)?.map(|buried| buried.tombstones()))
    }

    fn with_key(key: [u8; 32], prefilters: FxHashSet<i64>, hashes: FxHashSet<Vec<u8>>) -> Self {
        let mut seed = [0u8; 8];
        seed.copy_from_slice(&key[..8]);
        Tombstones {
            key,
            seed: u64::from_le_bytes(seed),
            prefilters,
            hashes,
        }
    }

    fn prefilter(&self, form: &str) -> i64 {
        let h = xxhash_rust::xxh3::xxh3_64_with_seed(form.as_bytes(), self.seed);
        (h >> (64 - PREFILTER_BITS)) as i64
    }

    fn slow(&self, form: &str) -> Vec<u8> {
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(form.as_bytes(), &self.key, ROUNDS, &mut out);
        out.to_vec()
    }

    /// Whether the identity (`kind`, `value` as stored) is of someone forgotten.
    pub fn forgets(&self, kind: &str, value: &str) -> bool {
        forms(kind, value, None).iter().any(|form| {
            self.prefilters.contains(&self.prefilter(form))
                && self.hashes.contains(&self.slow(form))
        })
    }
}

/// The shop's key, if it has one yet.
fn key(conn: &Connection) -> rusqlite::Result<Option<[u8; 32]>> {
    let key: Option<Vec<u8>> = conn
        .query_row("SELECT key FROM forgotten_key WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(key.and_then(|k| k.try_into().ok()))
}

/// The shop's key, made (from the OS's randomness) the first time a person is forgotten.
fn key_or_new(conn: &Connection) -> rusqlite::Result<[u8; 32]> {
    if let Some(key) = key(conn)? {
        return Ok(key);
    }
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| {
        rusqlite::Error::ToSqlConversionFailure(format!("no randomness for the key: {e}").into())
    })?;
    store_key(conn, &key)?;
    Ok(key)
}

/// A 16-byte key for `purpose` (`chat-texts`), derived from the shop's key, which is made the
/// first time one is needed: what keys the hashes other rooms keep instead of a text.
pub fn derived_key(conn: &Connection, purpose: &str) -> rusqlite::Result<[u8; 16]> {
    use sha2::Digest;
    let key = key_or_new(conn)?;
    let digest = Sha256::new()
        .chain_update(key)
        .chain_update(purpose.as_bytes())
        .finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    Ok(out)
}

/// Gives the shop (which has none yet) its key.
fn store_key(conn: &Connection, key: &[u8; 32]) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO forgotten_key(id, key) VALUES (1, ?1)",
        [key.as_slice()],
    )?;
    Ok(())
}

/// The tombstone-maker of this shop, for `bury` and `lift`.
fn tombstones_for_writing(conn: &Connection) -> rusqlite::Result<Tombstones> {
    Ok(Tombstones::with_key(
        key_or_new(conn)?,
        FxHashSet::default(),
        FxHashSet::default(),
    ))
}

/// The forms of an identity being forgotten: its phone's national number read properly.
fn forms_of(kind: &str, value: &str) -> Vec<String> {
    let national = (kind == "phone")
        .then(|| phone::national_digits(value))
        .flatten();
    forms(kind, value, national)
}

/// Leaves a tombstone for each identity (`kind`, `value` as stored) of a person being forgotten,
/// in the caller's transaction.
pub fn bury(conn: &Connection, identities: &[(String, String)]) -> rusqlite::Result<()> {
    let t = tombstones_for_writing(conn)?;
    let mut stmt =
        conn.prepare_cached("INSERT OR IGNORE INTO forgotten(prefilter, hash) VALUES (?1, ?2)")?;
    for (kind, value) in identities {
        for form in forms_of(kind, value) {
            stmt.execute(params![t.prefilter(&form), t.slow(&form)])?;
        }
    }
    Ok(())
}

/// Whether the phone `e164` is of someone forgotten (the add form asks before adding them).
pub fn is_forgotten_phone(conn: &Connection, e164: &str) -> rusqlite::Result<bool> {
    Ok(Tombstones::load(conn)?.is_some_and(|t| t.forgets("phone", e164)))
}

/// Lifts the tombstones of the phone `e164` (the owner adds the person again, knowingly).
pub fn lift_phone(conn: &Connection, e164: &str) -> rusqlite::Result<()> {
    if key(conn)?.is_none() {
        return Ok(());
    }
    let t = tombstones_for_writing(conn)?;
    let mut stmt =
        conn.prepare_cached("DELETE FROM forgotten WHERE prefilter = ?1 AND hash = ?2")?;
    for form in forms_of("phone", e164) {
        stmt.execute(params![t.prefilter(&form), t.slow(&form)])?;
    }
    Ok(())
}

/// A shop's tombstones as they are stored: its key and rows (carried into a restored copy).
pub struct Buried {
    key: [u8; 32],
    rows: Vec<(i64, Vec<u8>)>,
}

/// The shop's tombstones, or `None` when it has none.
pub fn export(conn: &Connection) -> rusqlite::Result<Option<Buried>> {
    let Some(key) = key(conn)? else {
        return Ok(None);
    };
    let mut stmt = conn.prepare("SELECT prefilter, hash FROM forgotten")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok((!rows.is_empty()).then_some(Buried { key, rows }))
}

impl Buried {
    /// The tombstones these rows are, to find the people they name.
    fn tombstones(&self) -> Tombstones {
        let (prefilters, hashes) = self.rows.iter().cloned().unzip();
        Tombstones::with_key(self.key, prefilters, hashes)
    }
}

/// Carries `buried` into the shop of `conn` (a restored copy): its rows, with its key when the
/// copy has none or the same; a copy of another shop (another key) keeps its own, and whom
/// `buried` names in it is forgotten there anew. Returns the tombstones of `buried`, to find them.
pub fn carry(conn: &Connection, buried: &Buried) -> rusqlite::Result<Tombstones> {
    let own = key(conn)?;
    if own.is_none() {
        store_key(conn, &buried.key)?;
    }
    if own.is_none() || own == Some(buried.key) {
        let mut stmt =
            conn.prepare("INSERT OR IGNORE INTO forgotten(prefilter, hash) VALUES (?1, ?2)")?;
        for (prefilter, hash) in &buried.rows {
            stmt.execute(params![prefilter, hash])?;
        }
    }
    Ok(buried.tombstones())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::open_in_memory;

    #[test]
    fn a_tombstone_outlives_a_change_of_region_and_is_lifted_on_purpose() {
        let conn = open_in_memory().expect("db");
        assert!(Tombstones::load(&conn).expect("load").is_none(), "none yet");
        bury(
            &conn,
            &[
                ("phone".into(), "+8613812345678".into()),
                ("pos_id".into(), "CUST-7".into()),
            ],
        )
        .expect("bury");
        let t = Tombstones::load(&conn).expect("load").expect("some");
        assert!(t.forgets("phone", "+8613812345678"));
        // The same number read under another region: as written, or wrongly normalised.
        assert!(t.forgets("raw", "138 1234 5678"));
        assert!(t.forgets("phone", "+113812345678"));
        assert!(t.forgets("card", "8613812345678"));
        assert!(t.forgets("pos_id", "CUST-7"));
        assert!(!t.forgets("phone", "+8613812345679"));
        assert!(!t.forgets("pos_id", "CUST-8"));
        let stored: Vec<Vec<u8>> = conn
            .prepare("SELECT hash FROM forgotten")
            .expect("q")
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("hashes");
        for h in &stored {
            assert_eq!(h.len(), 32);
            assert!(!String::from_utf8_lossy(h).contains("1381234"));
        }
        assert!(is_forgotten_phone(&conn, "+8613812345678").expect("check"));
        lift_phone(&conn, "+8613812345678").expect("lift");
        assert!(!is_forgotten_phone(&conn, "+8613812345678").expect("check"));
        let t = Tombstones::load(&conn)
            .expect("load")
            .expect("the POS id's stays");
        assert!(t.forgets("pos_id", "CUST-7"));
    }

    #[test]
    fn two_shops_have_two_keys() {
        let (a, b) = (open_in_memory().expect("a"), open_in_memory().expect("b"));
        for conn in [&a, &b] {
            bury(conn, &[("phone".into(), "+8613812345678".into())]).expect("bury");
        }
        let hashes = |conn: &Connection| -> Vec<Vec<u8>> {
            conn.prepare("SELECT hash FROM forgotten ORDER BY hash")
                .expect("q")
                .query_map([], |r| r.get(0))
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("hashes")
        };
        assert_ne!(hashes(&a), hashes(&b), "a per-shop key");
    }
}
