//! The keyed hashes a chat import keeps instead of a text or a name: SipHash-1-3 under keys
//! derived from the shop's own (`forgotten::derived_key`). Pseudonymous, not anonymous: the key
//! is in the same file, so whoever has the file and a guess can test the guess.

use crate::people::forgotten;
use rusqlite::Connection;
use siphasher::sip::SipHasher13;
use siphasher::sip128::{Hasher128, SipHasher13 as Sip128};
use std::hash::Hasher;

/// The keyed hashes of one shop (their keys derived from the shop's own).
pub struct Keys {
    text: [u8; 16],
    sender: [u8; 16],
}

impl Keys {
    pub fn load(conn: &Connection) -> rusqlite::Result<Keys> {
        Ok(Keys {
            text: forgotten::derived_key(conn, "chat-texts")?,
            sender: forgotten::derived_key(conn, "chat-senders")?,
        })
    }

    pub fn text(&self, text: &str) -> u64 {
        if text.is_empty() {
            return 0;
        }
        let mut h = SipHasher13::new_with_key(&self.text);
        h.write(text.as_bytes());
        h.finish()
    }

    /// The stored form of how an export tells a person apart.
    pub fn sender(&self, key: &str) -> Vec<u8> {
        let mut h = Sip128::new_with_key(&self.sender);
        h.write(key.trim().as_bytes());
        h.finish128().as_bytes().to_vec()
    }
}
