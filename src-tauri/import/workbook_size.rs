//! Measures a workbook before calamine opens it, so that a hostile file gets a clear error in
//! bounded memory instead of an abort.
//!
//! An `.xls`: calamine reads every sheet at once into dense ranges; a DIMENSIONS record claiming
//! four billion rows, or two cells far apart, makes it reserve gigabytes. `xls` walks the BIFF
//! records of the workbook stream, from its start and from where each sheet starts as calamine
//! does, and refuses a sheet whose claimed or used span is larger than any real export
//! (`CELLS_MAX`).
//!
//! An `.xlsx` is a zip of XML parts: a part of 1.4 MB can inflate to gigabytes (a zip bomb).
//! `xlsx` inflates each part, counting, and refuses a workbook whose parts unpack to more than
//! any real export (`PART_MAX`, `PARTS_MAX`); the reader then counts the cells it streams.

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

/// The cells a DIMENSIONS record claims: what calamine 0.38 reserves for the sheet, worked out
/// as its `parse_dimensions` and `parse_workbook` do — the last row and column are one past
/// the end, a first column past 255 or past the last counts from 0, and a first row past the
/// last wraps the row count around (u32), which the fuzzer found (a claim of ~4 billion rows).
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
    let (Some(r0), Some(r_end), Some(mut c0), Some(c_end)) =
        (first_row, last_row, first_col, last_col)
    else {
        return 0;
    };
    if c0 > 0xFF || c_end < c0 {
        c0 = 0;
    }
    if r_end == 0 || c_end == 0 {
        return 1;
    }
    let rows = u64::from(r_end.wrapping_sub(r0));
    let cols = u64::from(c_end - c0);
    rows.saturating_mul(cols)
}

/// `Err(detail)` when a sheet of the `.xls` workbook at `path` spans more than `CELLS_MAX`
/// cells, or its compound file would make calamine read a stream longer than the file. The
/// workbook stream is found as calamine finds it (`workbook_stream`); a file it cannot find one
/// in is left to calamine's errors.
pub fn xls(path: &Path) -> Result<(), String> {
    let Ok(file) = std::fs::read(path) else {
        return Ok(());
    };
    let Some(stream) = workbook_stream(&file)? else {
        return Ok(());
    };
    // Every record from the start, then each sheet from where its BOUNDSHEET record says it
    // starts, up to its EOF: calamine reads a sheet from there, and a position inside another
    // record makes it read records no walk from the start meets.
    let mut starts = walk(&stream, 0, false)?;
    starts.sort_unstable();
    starts.dedup();
    if starts.len() > SHEETS_MAX {
        return Err(format!(
            "the workbook names {} sheets, more than the {SHEETS_MAX} a real export has",
            starts.len()
        ));
    }
    for at in starts {
        walk(&stream, at, true)?;
    }
    Ok(())
}

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const DIFSECT: u32 = 0xFFFF_FFFC;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;

fn u64_at(data: &[u8], at: usize) -> Option<u64> {
    let b = data.get(at..at + 8)?;
    Some(u64::from_le_bytes([
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7],
    ]))
}

/// The sectors of a compound file as calamine 0.38's reader (`cfb.rs`) sees them: sector `id`
/// is the `size` bytes after the header's, cut short at the end of the file.
struct Sectors<'f> {
    data: &'f [u8],
    size: usize,
    /// The highest id calamine asks for before it errs.
    max_id: u32,
    /// Mini sectors: one past the mini stream is refused, since calamine would read it from
    /// wherever its file reader stands (bytes the guard cannot know).
    mini: bool,
}

impl Sectors<'_> {
    fn get(&self, id: u32) -> Result<Option<&[u8]>, String> {
        if id > self.max_id {
            return Ok(None);
        }
        let start = (id as usize).saturating_mul(self.size);
        if self.mini && start.saturating_add(self.size) > self.data.len() {
            return Err("the workbook's mini sectors run past its mini stream".to_string());
        }
        let end = start.saturating_add(self.size).min(self.data.len());
        Ok(Some(self.data.get(start..end).unwrap_or_default()))
    }

    /// The chain from `id` up to `len` bytes, as calamine follows it; `Err` when it goes round
    /// (calamine would follow it until `len`, which the caller bounds by the file's length),
    /// `Ok(None)` where calamine errs or panics (a sector past the end, a FAT too short).
    fn chain(&self, mut id: u32, fats: &[u32], len: usize) -> Result<Option<Vec<u8>>, String> {
        let mut out = Vec::new();
        let mut steps = 0u64;
        while id != ENDOFCHAIN {
            steps += 1;
            if steps > u64::from(self.max_id) + 2 {
                return Err("a sector chain of its compound file goes round".to_string());
            }
            let Some(sector) = self.get(id)? else {
                return Ok(None);
            };
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            if out.len() >= len {
                break;
            }
            let Some(next) = fats.get(id as usize) else {
                return Ok(None);
            };
            id = *next;
        }
        Ok(Some(out))
    }
}

/// The workbook stream of the `.xls` bytes `file`, found and read as calamine 0.38 does: the
/// `cfb` crate checks what calamine does not (the directory's name order, FAT counts), so a file
/// it refuses may still be one calamine parses, and calamine takes the first directory entry
/// named `Workbook` (else `Book`), ASCII case ignored, wherever it is in the directory. `Ok(None)`
/// where calamine cannot read one either; `Err` when a stream claims more bytes than the file
/// holds (calamine would follow a looping chain until it has them).
fn workbook_stream(file: &[u8]) -> Result<Option<Vec<u8>>, String> {
    let Some(header) = file.get(..512) else {
        return Ok(None);
    };
    let size: usize = match u16_at(header, 30) {
        Some(0x0009) => 512,
        Some(0x000C) => 4096,
        _ => return Ok(None),
    };
    if u16_at(header, 32) != Some(6) || file.len() < size {
        return Ok(None);
    }
    let field = |at: usize| u32_at(header, at).unwrap_or(ENDOFCHAIN);
    let (version, dir_start) = (u16_at(header, 26).unwrap_or(0), field(48));
    let (mini_fat_start, mini_fat_len, difat_start) = (field(60), field(64) as usize, field(68));
    let sectors = Sectors {
        data: &file[size..],
        size,
        max_id: u32::try_from(file.len() / size).unwrap_or(u32::MAX),
        mini: false,
    };
    let words = |bytes: &[u8]| -> Vec<u32> {
        (0..bytes.len() / 4)
            .filter_map(|i| u32_at(bytes, i * 4))
            .collect()
    };
    let mut difat = words(&header[76..512]);
    let mut id = difat_start;
    let mut steps = 0u64;
    while id < RESERVED_SECTORS {
        steps += 1;
        if steps > u64::from(sectors.max_id) + 1 {
            return Ok(None);
        }
        let Some(sector) = sectors.get(id)? else {
            return Ok(None);
        };
        difat.extend(words(sector));
        let Some(next) = difat.pop() else {
            return Ok(None);
        };
        id = next;
    }
    let mut fats = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        let Some(sector) = sectors.get(id)? else {
            return Ok(None);
        };
        fats.extend(words(sector));
    }
    let Some(dirs) = sectors.chain(dir_start, &fats, usize::MAX)? else {
        return Ok(None);
    };
    // (name, first sector, length) of each 128-byte entry.
    let mut entries = Vec::new();
    for entry in dirs.chunks_exact(128) {
        let units: Vec<u16> = (0..32)
            .filter_map(|i| u16_at(entry, i * 2))
            .map(|u| u as u16)
            .collect();
        let name = String::from_utf16_lossy(&units);
        let name = name.split('\0').next().unwrap_or("").to_string();
        let start = u32_at(entry, 116).unwrap_or(ENDOFCHAIN);
        let len = match size {
            512 => u32_at(entry, 120).map(u64::from),
            _ => u64_at(entry, 120),
        }
        .unwrap_or(0);
        if len > file.len() as u64 {
            return Err(format!(
                "a stream of its compound file claims {len} bytes, more than the file's {}",
                file.len()
            ));
        }
        entries.push((name, start, len as usize));
    }
    let Some(root) = entries.first() else {
        return Ok(None);
    };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Ok(None);
    }
    if mini_fat_len.saturating_mul(size) > file.len() {
        return Err("its compound file's mini FAT claims more bytes than the file".to_string());
    }
    let named = |wanted: &str| entries.iter().find(|e| e.0.eq_ignore_ascii_case(wanted));
    let Some((_, start, len)) = named("Workbook").or_else(|| named("Book")) else {
        return Ok(None);
    };
    if *len >= 4096 {
        return sectors.chain(*start, &fats, *len);
    }
    if *len > 0 && mini_fat_len == 0 {
        return Err("the workbook's mini stream is missing".to_string());
    }
    let (Some(mini), Some(mini_fat)) = (
        sectors.chain(root.1, &fats, root.2)?,
        sectors.chain(mini_fat_start, &fats, mini_fat_len * size)?,
    ) else {
        return Ok(None);
    };
    let minis = Sectors {
        data: &mini,
        size: 64,
        max_id: sectors.max_id.saturating_mul(8),
        mini: true,
    };
    minis.chain(*start, &words(&mini_fat), *len)
}

/// The most sheets an `.xls` may name.
const SHEETS_MAX: usize = 256;

const BOUNDSHEET: u16 = 0x0085;
const EOF: u16 = 0x000A;

/// Walks the records of `stream` from `at`, refusing a DIMENSIONS claim or a sheet's used span
/// over `CELLS_MAX`; returns where the BOUNDSHEET records met say sheets start. From the start
/// (`sheet` false) it walks to the end, a span to each BOF; as a sheet (`sheet` true) it walks as
/// calamine reads a sheet: one span from its first BOF to the EOF that closes it, the records of
/// nested substreams (a chart's BOF … EOF) skipped — so no BOF splits the span calamine allocates.
fn walk(stream: &[u8], mut at: usize, sheet: bool) -> Result<Vec<usize>, String> {
    let too_big = |cells: u64| {
        Err(format!(
            "a sheet spans {cells} cells, more than the {CELLS_MAX} a real export has"
        ))
    };
    let mut starts = Vec::new();
    let mut span = Span::default();
    let (mut seen_bof, mut depth) = (false, 0usize);
    while let (Some(typ), Some(len)) = (u16_at(stream, at), u16_at(stream, at + 2)) {
        let data = stream
            .get(at + 4..at + 4 + len as usize)
            .unwrap_or_default();
        at += 4 + len as usize;
        let typ = typ as u16;
        if sheet && depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => (),
            }
            continue;
        }
        if typ == BOF {
            if !sheet {
                span = Span::default();
            } else if seen_bof {
                depth += 1;
            }
            seen_bof = true;
        } else if typ == EOF && sheet {
            break;
        } else if typ == BOUNDSHEET {
            if let Some(pos) = u32_at(data, 0).and_then(|p| usize::try_from(p).ok())
                && pos < stream.len()
            {
                starts.push(pos);
            }
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
    Ok(starts)
}

/// The most one part of an `.xlsx` (a sheet's XML, the shared strings) may unpack to: a sheet of
/// `CELLS_MAX` cells is about 200 MiB of XML.
pub const PART_MAX: u64 = 256 << 20;
/// The most all parts together may unpack to.
pub const PARTS_MAX: u64 = 512 << 20;

/// `Err(detail)` when the `.xlsx` at `path` unpacks to more than `PART_MAX` in one part or
/// `PARTS_MAX` in all, or a sheet holds more than `CELLS_MAX` cells. Each part is inflated here
/// into a counter and stopped at the limit: a zip's directory may lie about sizes, the
/// inflater's count cannot. A file that is not a zip is left to calamine.
pub fn xlsx(path: &Path) -> Result<(), String> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(());
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return Ok(());
    };
    let too_big = || {
        Err(format!(
            "it unpacks to more than the {} MiB a real export has",
            PARTS_MAX >> 20
        ))
    };
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            return Err("its zip directory is broken".to_string());
        };
        if part.size() > PART_MAX {
            return too_big();
        }
        let name = part.name().unwrap_or_default().to_string();
        let sheet = name.starts_with("xl/worksheets/");
        let mut cells = CellCounter::default();
        let unpacked = std::io::copy(&mut part.take(PART_MAX + 1), &mut cells)
            .map_err(|_| "a part of it is damaged".to_string())?;
        total = total.saturating_add(unpacked);
        if unpacked > PART_MAX || total > PARTS_MAX {
            return too_big();
        }
        if sheet && cells.cells > CELLS_MAX {
            return Err(format!(
                "a sheet has {} cells, more than the {CELLS_MAX} a real export has",
                cells.cells
            ));
        }
        // calamine reserves the shared strings its `uniqueCount` claims before reading one:
        // a claim of a hundred billion in a 2 KB file is an abort, not an error.
        if name == "xl/sharedStrings.xml"
            && let Some(claimed) = unique_count(&cells.head)
            && claimed > CELLS_MAX
        {
            return Err(format!(
                "it claims {claimed} texts, more than the {CELLS_MAX} cells a real export has"
            ));
        }
    }
    Ok(())
}

/// The `uniqueCount` a shared-strings part's root element claims.
fn unique_count(head: &[u8]) -> Option<u64> {
    let at = memchr::memmem::find(head, b"uniqueCount=")? + b"uniqueCount=".len();
    let digits: Vec<u8> = head
        .get(at + 1..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    std::str::from_utf8(&digits).ok()?.parse().ok()
}

/// The bytes of a part's head that `CellCounter` keeps (its root element's attributes).
const HEAD: usize = 4096;

/// Counts the cell elements (`<c ` or `<c>`) of a sheet's XML as it is written through, and
/// keeps the part's first bytes.
#[derive(Default)]
struct CellCounter {
    cells: u64,
    /// The last two bytes of the previous write, for a tag split between writes.
    tail: [u8; 2],
    head: Vec<u8>,
}

impl std::io::Write for CellCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = HEAD.saturating_sub(self.head.len()).min(buf.len());
        self.head.extend_from_slice(&buf[..room]);
        let starts = |a: u8, b: u8, c: u8| a == b'<' && b == b'c' && (c == b' ' || c == b'>');
        let [t0, t1] = self.tail;
        if let Some(&b0) = buf.first() {
            self.cells += u64::from(starts(t0, t1, b0));
            if let Some(&b1) = buf.get(1) {
                self.cells += u64::from(starts(t1, b0, b1));
            }
        }
        self.cells += memchr::memmem::find_iter(buf, b"<c ").count() as u64
            + memchr::memmem::find_iter(buf, b"<c>").count() as u64;
        match buf.len() {
            0 => {}
            1 => self.tail = [t1, buf[0]],
            n => self.tail = [buf[n - 2], buf[n - 1]],
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A BIFF8 DIMENSIONS record: first row, last row + 1 (u32), first column, last column + 1.
    fn dimensions(rows: (u32, u32), cols: (u16, u16)) -> Vec<u8> {
        let mut data = Vec::new();
        data.extend(rows.0.to_le_bytes());
        data.extend(rows.1.to_le_bytes());
        data.extend(cols.0.to_le_bytes());
        data.extend(cols.1.to_le_bytes());
        data.extend([0, 0]);
        data
    }

    /// What calamine reserves, including the claims the fuzzer made it reserve petabytes for.
    #[test]
    fn a_dimensions_claim_counts_as_calamine_reserves_it() {
        assert_eq!(claimed(&dimensions((0, 100), (0, 5))), 500);
        assert_eq!(claimed(&dimensions((0, 0), (0, 0))), 1, "an empty sheet");
        // The first row past the last wraps calamine's row count around.
        assert_eq!(
            claimed(&dimensions((7, 3), (0, 5))),
            u64::from(3u32.wrapping_sub(7)) * 5
        );
        assert!(claimed(&dimensions((7, 3), (0, 5))) > CELLS_MAX);
        // A first column past 255, or past the last, counts from column 0.
        assert_eq!(claimed(&dimensions((0, 10), (300, 400))), 4000);
        assert_eq!(claimed(&dimensions((0, 10), (9, 4))), 40);
    }

    /// A BIFF record: type, length, data.
    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    /// A NUMBER record at (`row`, `col`).
    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }

    /// A chart's BOF … EOF between two cells far apart does not split the span calamine
    /// allocates for the sheet (it skips nested substreams and keeps both cells): the review
    /// found that resetting the span at each BOF let such a sheet through.
    #[test]
    fn a_nested_substream_does_not_split_a_sheets_span() {
        let bof = record(BOF, &[0u8; 16]);
        let eof = record(EOF, &[]);
        let sheet = [
            bof.clone(),
            number(0, 0),
            bof,
            eof.clone(),
            number(65_535, 255),
            eof,
        ]
        .concat();
        assert!(walk(&sheet, 0, true).is_err(), "65,536 × 256 cells");
        // The same cells close together are a sheet like any other.
        let small = [
            record(BOF, &[0u8; 16]),
            number(0, 0),
            number(20, 5),
            record(EOF, &[]),
        ]
        .concat();
        assert_eq!(walk(&small, 0, true), Ok(Vec::new()));
    }

    #[test]
    fn cells_are_counted_across_writes() {
        let xml = b"<row><c r=\"A1\"><v>1</v></c><c>x</c><col/><c r=\"B1\"/></row>";
        for split in 0..xml.len() {
            let mut counter = CellCounter::default();
            counter.write_all(&xml[..split]).expect("write");
            counter.write_all(&xml[split..]).expect("write");
            assert_eq!(counter.cells, 3, "split at {split}");
        }
    }
}
