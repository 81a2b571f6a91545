//! Measures an `.xls` workbook's sheets before calamine opens it. Calamine reads every sheet of
//! an `.xls` at once into dense ranges: a DIMENSIONS record claiming four billion rows, or two
//! cells far apart, makes it reserve gigabytes — an abort, not an error. This walks the BIFF
//! records of the workbook stream and refuses a sheet whose claimed or used span is larger than
//! any real export (`CELLS_MAX`), so that a hostile file gets a clear error in bounded memory.

use std::io::Read;
use std::path::Path;

/// The most cells a sheet's span may cover (rows × columns, empty cells included): 65,536
/// rows of 60 columns, beyond any POS export or member list.
pub const CELLS_MAX: u64 = 65_536 * 60;

/// The BIFF records that hold one cell, with its row and column first (MS-XLS 2.4).
const CELL_RECORDS: [u16; 8] = [
    0x0006, 0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0201,
];
const MUL_RK: u16 = 0x00BD;
const MUL_BLANK: u16 = 0x00BE;
const DIMENSIONS: u16 = 0x0200;
const BOF: u16 = 0x0809;

/// A sheet's span, from the first cell seen.
#[derive(Default)]
struct Span {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        let widen = |r: &mut Option<(u32, u32)>, v: u32| {
            *r = Some(r.map_or((v, v), |(a, b)| (a.min(v), b.max(v))));
        };
        widen(&mut self.rows, row);
        widen(&mut self.cols, col);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1),
            _ => 0,
        }
    }
}

fn u16_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 2)
        .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    data.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The cells a DIMENSIONS record claims (calamine reserves that many).
fn claimed(data: &[u8]) -> u64 {
    let (first_row, last_row, first_col, last_col) = match data.len() {
        10 => (
            u16_at(data, 0),
            u16_at(data, 2),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return 0,
    };
    match (first_row, last_row, first_col, last_col) {
        (Some(r0), Some(r1), Some(c0), Some(c1)) => {
            u64::from(r1.saturating_sub(r0)) * u64::from(c1.saturating_sub(c0)).max(1)
        }
        _ => 0,
    }
}

/// `Err(detail)` when a sheet of the workbook at `path` spans more than `CELLS_MAX` cells; a
/// file that is not a compound file, or has no workbook stream, is left to calamine's errors.
pub fn check(path: &Path) -> Result<(), String> {
    let Ok(mut file) = cfb::open(path) else {
        return Ok(());
    };
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n));
    let Some(name) = name else { return Ok(()) };
    let mut stream = Vec::new();
    if file
        .open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .is_err()
    {
        return Ok(());
    }
    let too_big = |cells: u64| {
        Err(format!(
            "a sheet spans {cells} cells, more than the {CELLS_MAX} a real export has"
        ))
    };
    let mut span = Span::default();
    let mut at = 0;
    while let (Some(typ), Some(len)) = (u16_at(&stream, at), u16_at(&stream, at + 2)) {
        let data = stream
            .get(at + 4..at + 4 + len as usize)
            .unwrap_or_default();
        at += 4 + len as usize;
        let typ = typ as u16;
        if typ == BOF {
            span = Span::default();
        } else if typ == DIMENSIONS && claimed(data) > CELLS_MAX {
            return too_big(claimed(data));
        } else if CELL_RECORDS.contains(&typ) || typ == MUL_RK || typ == MUL_BLANK {
            let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) else {
                continue;
            };
            span.add(row, col);
            if (typ == MUL_RK || typ == MUL_BLANK)
                && let Some(last) = data.len().checked_sub(2).and_then(|i| u16_at(data, i))
            {
                span.add(row, last);
            }
            if span.cells() > CELLS_MAX {
                return too_big(span.cells());
            }
        }
    }
    Ok(())
}
