//! A day of a group's chat as stored: one entry per message, join or leave, 20 bytes each, no
//! text — the second of the day, the sender, a keyed hash of the text, the occurrence among
//! identical ones (so a message sent twice the same second counts twice, and an overlapping
//! export counts each once), the kind and the check-in mark.

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum EntryKind {
    Message = 0,
    Join = 1,
    Leave = 2,
}

/// One event of a day: its key is everything but `checkin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub second: u32,
    pub sender: u32,
    pub text: u64,
    pub occurrence: u16,
    pub kind: EntryKind,
    pub checkin: bool,
}

/// What tells two entries apart.
pub type Key = (u32, u32, u64, u16, u8);

pub const SIZE: usize = 20;

impl Entry {
    pub fn key(&self) -> Key {
        (
            self.second,
            self.sender,
            self.text,
            self.occurrence,
            self.kind as u8,
        )
    }
}

/// Entries as one blob.
pub fn pack(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * SIZE);
    for e in entries {
        out.extend_from_slice(&e.second.to_le_bytes());
        out.extend_from_slice(&e.sender.to_le_bytes());
        out.extend_from_slice(&e.text.to_le_bytes());
        out.extend_from_slice(&e.occurrence.to_le_bytes());
        out.push(e.kind as u8);
        out.push(u8::from(e.checkin));
    }
    out
}

/// A blob's entries (a torn tail, which the store never writes, is left out).
pub fn unpack(blob: &[u8]) -> impl Iterator<Item = Entry> + '_ {
    blob.chunks_exact(SIZE).map(|c| {
        let u32_at = |i: usize| u32::from_le_bytes([c[i], c[i + 1], c[i + 2], c[i + 3]]);
        let mut text = [0u8; 8];
        text.copy_from_slice(&c[8..16]);
        Entry {
            second: u32_at(0),
            sender: u32_at(4),
            text: u64::from_le_bytes(text),
            occurrence: u16::from_le_bytes([c[16], c[17]]),
            kind: match c[18] {
                1 => EntryKind::Join,
                2 => EntryKind::Leave,
                _ => EntryKind::Message,
            },
            checkin: c[19] != 0,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_pack_and_unpack() {
        let e = [
            Entry {
                second: 86_399,
                sender: 7,
                text: u64::MAX - 3,
                occurrence: 2,
                kind: EntryKind::Message,
                checkin: true,
            },
            Entry {
                second: 0,
                sender: u32::MAX,
                text: 0,
                occurrence: 0,
                kind: EntryKind::Leave,
                checkin: false,
            },
        ];
        let blob = pack(&e);
        assert_eq!(blob.len(), 2 * SIZE);
        assert_eq!(unpack(&blob).collect::<Vec<_>>(), e);
    }
}
