//! Bytes → rows of text: what kind of file an export is, its encoding and delimiter, which row is
//! the header, and then every data row, streaming.
//!
//! `sniff` looks at the start of the file and decides everything the owner might need to
//! correct (`ReadOptions` carries their overrides); `open_rows` then reads all data rows with
//! those decisions. Text files are decoded and parsed as a stream with bounded memory: a field
//! is capped at `FIELD_MAX` bytes and a record at `RECORD_BYTES_MAX` bytes and `RECORD_FIELDS_MAX`
//! fields, so a quote that is never closed or a file that is not an export fails with a clear
//! error instead of filling memory. Excel workbooks are read whole by calamine.

pub use super::guard::{FIELD_MAX, RECORD_BYTES_MAX, RECORD_FIELDS_MAX};
use super::guard::{Guard, Overflow};
use super::workbook_size::CELLS_MAX;
use crate::i18n::{ErrorCode, Lang, UserError};
use calamine::{Data, Reader, Xls, Xlsx};
use encoding_rs_io::DecodeReaderBytesBuilder;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use ts_rs::TS;

/// How many data rows `sniff` keeps as samples.
pub const SAMPLE_ROWS: usize = 200;
/// The header is looked for among this many non-empty rows.
const HEADER_SEARCH_ROWS: usize = 20;
/// How much of a text file kind, encoding and delimiter are decided from.
const HEAD_BYTES: usize = 64 * 1024;
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum FileKind {
    Text,
    Xlsx,
    Xls,
}

/// Encodings of text exports. GBK files decode as GB18030, its superset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl TextEncoding {
    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            TextEncoding::Utf8 => encoding_rs::UTF_8,
            TextEncoding::Utf16Le => encoding_rs::UTF_16LE,
            TextEncoding::Utf16Be => encoding_rs::UTF_16BE,
            TextEncoding::Gb18030 => encoding_rs::GB18030,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Gb18030 => "GBK/GB18030",
        }
    }
}

/// The owner's corrections to what `sniff` decided.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReadOptions {
    pub encoding: Option<TextEncoding>,
    pub delimiter: Option<char>,
    pub sheet: Option<String>,
}

/// One data row: cells trimmed and padded to the header's width.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct Row {
    /// The row as the owner sees it: the line number in a text file, the row in a spreadsheet.
    pub number: usize,
    pub cells: Vec<String>,
}

/// What `sniff` decided about a file, and its first rows for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Sniffed {
    pub kind: FileKind,
    /// Text files only.
    pub encoding: Option<TextEncoding>,
    /// Text files only.
    pub delimiter: Option<char>,
    /// Workbooks only: the sheet read.
    pub sheet: Option<String>,
    /// The header's row number (as in `Row::number`).
    pub header_row: usize,
    pub headers: Vec<String>,
    /// Non-empty rows above the header (report name, store, date range), cells joined by spaces.
    pub title_lines: Vec<String>,
    /// The first data rows (at most `SAMPLE_ROWS`).
    pub samples: Vec<Row>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// Workbooks only: the sheet's rows as `sniff` read them, so that reading the rows after
    /// does not unpack the workbook again.
    #[serde(skip)]
    #[ts(skip)]
    pub sheet_rows: Option<Arc<SheetData>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: {detail}")]
    Io { file: String, detail: String },
    #[error("{file} is empty")]
    Empty { file: String },
    #[error("{file} is not a text export or an Excel workbook")]
    NotText { file: String },
    #[error("{file}: no header row found")]
    NoHeader { file: String },
    #[error("{file}: a header on row {header_row} but no data rows")]
    NoData { file: String, header_row: usize },
    #[error("{file}: row {row}, column {column} is longer than {FIELD_MAX} bytes")]
    FieldTooLong {
        file: String,
        row: usize,
        column: usize,
    },
    #[error("{file}: the quote opened on row {row}, column {column} is never closed")]
    UnclosedQuote {
        file: String,
        row: usize,
        column: usize,
    },
    #[error("{file}: row {row} is too long")]
    RowTooLong { file: String, row: usize },
    #[error("{file}: row {row} has {found} values but the header has {expected} columns")]
    Ragged {
        file: String,
        row: usize,
        found: usize,
        expected: usize,
    },
    #[error("{file}: row {row}, column {column} is not valid {}", encoding.label())]
    Undecodable {
        file: String,
        row: usize,
        column: usize,
        encoding: TextEncoding,
    },
    #[error("{file}: {delimiter:?} cannot be a delimiter")]
    BadDelimiter { file: String, delimiter: char },
    #[error("{file}: not a readable workbook: {detail}")]
    Workbook { file: String, detail: String },
    #[error("{file}: no sheet named {sheet:?}")]
    SheetNotFound {
        file: String,
        sheet: String,
        available: Vec<String>,
    },
}

impl UserError for ReadError {
    fn code(&self) -> ErrorCode {
        match self {
            ReadError::Io { .. } => ErrorCode::Io,
            ReadError::Workbook { .. } => ErrorCode::Unreadable,
            ReadError::SheetNotFound { .. } => ErrorCode::NotFound,
            _ => ErrorCode::Invalid,
        }
    }

    fn message(&self, lang: Lang) -> String {
        use ReadError as E;
        match self {
            E::Io { file, detail } => lang.pick(
                format!("读取“{file}”时出错：{detail}。请确认文件还在、没有被其他程序占用。"),
                format!(
                    "Could not read “{file}”: {detail}. Check that the file still exists and is not open in another program."
                ),
            ),
            E::Empty { file } => lang.pick(
                format!("“{file}”是空的，没有任何数据行。请从收银系统重新导出销售明细。"),
                format!(
                    "“{file}” is empty: it has no rows with values. Export the sales report from your POS again."
                ),
            ),
            E::NotText { file } => lang.pick(
                format!(
                    "“{file}”不是文本导出文件（CSV/TXT），也不是 Excel 工作簿。请选择收银系统导出的 CSV 或 Excel 文件。"
                ),
                format!(
                    "“{file}” is not a text export (CSV/TXT) or an Excel workbook. Choose the CSV or Excel file your POS exported."
                ),
            ),
            E::NoHeader { file } => lang.pick(
                format!(
                    "在“{file}”的前 {HEADER_SEARCH_ROWS} 行里找不到表头。应有一行列名，例如“日期, 商品, 数量, 金额”。"
                ),
                format!(
                    "No header row in the first {HEADER_SEARCH_ROWS} rows of “{file}”. Expected a row of column names such as “Date, Item, Quantity, Amount”."
                ),
            ),
            E::NoData { file, header_row } => lang.pick(
                format!(
                    "“{file}”第 {header_row} 行是表头，但下面没有数据行。请导出包含销售记录的时间段。"
                ),
                format!(
                    "“{file}” has a header on row {header_row} but no data rows below it. Export a period that has sales."
                ),
            ),
            E::FieldTooLong { file, row, column } => lang.pick(
                format!(
                    "“{file}”第 {row} 行第 {column} 列的内容超过 64 KB，很可能是某个引号没有闭合。应是一格一个值。"
                ),
                format!(
                    "Row {row}, column {column} of “{file}” is longer than 64 KB: a quote is probably never closed. Expected one short value per cell."
                ),
            ),
            E::UnclosedQuote { file, row, column } => lang.pick(
                format!(
                    "“{file}”第 {row} 行第 {column} 列的引号一直到文件末尾都没有闭合。应是成对的引号，例如 \"1,234.50\"。"
                ),
                format!(
                    "The quote in row {row}, column {column} of “{file}” is never closed. Expected quotes in pairs, such as \"1,234.50\"."
                ),
            ),
            E::RowTooLong { file, row } => lang.pick(
                format!(
                    "“{file}”第 {row} 行太长（超过 {RECORD_FIELDS_MAX} 列或 1 MB），不像销售导出。应是每行一笔记录。"
                ),
                format!(
                    "Row {row} of “{file}” is far too long (over {RECORD_FIELDS_MAX} columns or 1 MB) for a sales export. Expected one record per row."
                ),
            ),
            E::Ragged {
                file,
                row,
                found,
                expected,
            } => lang.pick(
                format!(
                    "“{file}”第 {row} 行有 {found} 个值，但表头只有 {expected} 列。应最多 {expected} 个值；请检查分隔符，或某个值里是否有未加引号的逗号。"
                ),
                format!(
                    "Row {row} of “{file}” has {found} values but the header has only {expected} columns. Expected at most {expected}; check the delimiter, or a value with an unquoted comma."
                ),
            ),
            E::Undecodable {
                file,
                row,
                column,
                encoding,
            } => {
                let enc = encoding.label();
                lang.pick(
                    format!(
                        "“{file}”第 {row} 行第 {column} 列有不能按 {enc} 读取的字符，文件可能是另一种编码。请换一种编码（例如 GBK 或 UTF-8）再试。"
                    ),
                    format!(
                        "Row {row}, column {column} of “{file}” has bytes that are not valid {enc}: the file probably uses another encoding. Choose another one (such as GBK or UTF-8) and try again."
                    ),
                )
            }
            E::BadDelimiter { file, delimiter } => lang.pick(
                format!(
                    "“{delimiter}”不能作为“{file}”的分隔符。应是逗号、分号、制表符或竖线之类的单个英文符号。"
                ),
                format!(
                    "“{delimiter}” cannot separate the columns of “{file}”. Expected a single ASCII mark such as a comma, semicolon, tab or bar."
                ),
            ),
            E::Workbook { file, detail } => lang.pick(
                format!(
                    "“{file}”看起来是 Excel 文件，但无法读取（{detail}）。它可能已损坏或设了密码；请在 Excel 里打开后另存为 .xlsx 或 CSV。"
                ),
                format!(
                    "“{file}” looks like an Excel file but cannot be read ({detail}). It may be damaged or password-protected; open it in Excel and save it as .xlsx or CSV."
                ),
            ),
            E::SheetNotFound {
                file,
                sheet,
                available,
            } => {
                let list = available.join("、");
                let list_en = available.join(", ");
                lang.pick(
                    format!("“{file}”里没有名为“{sheet}”的工作表。应是其中之一：{list}。"),
                    format!(
                        "“{file}” has no sheet named “{sheet}”. Expected one of: {list_en}."
                    ),
                )
            }
        }
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

fn io_error(file: &str, e: &io::Error) -> ReadError {
    ReadError::Io {
        file: file.to_string(),
        detail: e.to_string(),
    }
}

/// Decides what a file is, how to read it and where its header is, and reads the first
/// `SAMPLE_ROWS` data rows. `known_header` says whether a cell is a column name the importer
/// knows (the layout module's synonyms); it is how the header is told from title lines.
pub fn sniff(
    path: &Path,
    opts: &ReadOptions,
    known_header: &dyn Fn(&str) -> bool,
) -> Result<Sniffed, ReadError> {
    let file = file_name(path);
    let size = std::fs::metadata(path)
        .map_err(|e| io_error(&file, &e))?
        .len();
    if size == 0 {
        return Err(ReadError::Empty { file });
    }
    let head = read_head(path, &file)?;
    let kind = kind_of(&head);
    let (raw, encoding, delimiter, sheet, sheet_rows) = match kind {
        FileKind::Text => {
            let encoding = match opts.encoding {
                Some(e) => e,
                None => detect_encoding(path, &file, &head)?,
            };
            let mut text = decode(&head, encoding);
            if looks_binary(&text) {
                return Err(ReadError::NotText { file });
            }
            if (head.len() as u64) < size
                && let Some(cut) = text.rfind('\n')
            {
                text.truncate(cut + 1);
            }
            let delimiter = match opts.delimiter {
                Some(d) => check_delimiter(d, &file)?,
                None => sniff_delimiter(&text),
            };
            let raw = TextRows::open(path, &file, encoding, delimiter)?;
            (
                RawRows::Text(Box::new(raw)),
                Some(encoding),
                Some(char::from(delimiter)),
                None,
                None,
            )
        }
        FileKind::Xlsx | FileKind::Xls => {
            let (name, rows) = open_sheet(path, &file, kind, opts.sheet.as_deref())?;
            let rows = Arc::new(rows);
            (
                RawRows::Sheet(SheetRows::new(rows.clone(), size)),
                None,
                None,
                Some(name),
                Some(rows),
            )
        }
    };
    let mut raw = raw;
    let mut first = Vec::new();
    let mut cells = Vec::new();
    while first.len() < HEADER_SEARCH_ROWS {
        match raw.next_raw(&file, &mut cells) {
            None => break,
            Some(Err(e)) => return Err(e),
            Some(Ok(number)) => {
                if !is_blank(&cells) {
                    first.push((number, std::mem::take(&mut cells)));
                }
            }
        }
    }
    if first.is_empty() {
        return Err(ReadError::Empty { file });
    }
    let at = choose_header(&first, known_header)
        .ok_or_else(|| ReadError::NoHeader { file: file.clone() })?;
    let mut rows: VecDeque<(usize, Vec<String>)> = first.into();
    let title_lines = rows
        .drain(..at)
        .map(|(_, cells)| {
            cells
                .into_iter()
                .filter(|c| !c.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let Some((header_row, mut headers)) = rows.pop_front() else {
        return Err(ReadError::NoHeader { file });
    };
    headers.truncate(width(&headers));
    let mut reader = RowReader {
        raw,
        pending: rows,
        width: headers.len(),
        skip_through: 0,
        file: file.clone(),
        done: false,
        row: Row::default(),
    };
    let samples = reader
        .by_ref()
        .take(SAMPLE_ROWS)
        .collect::<Result<Vec<_>, _>>()?;
    if samples.is_empty() {
        return Err(ReadError::NoData { file, header_row });
    }
    Ok(Sniffed {
        kind,
        encoding,
        delimiter,
        sheet,
        header_row,
        headers,
        title_lines,
        samples,
        size_bytes: size,
        sheet_rows,
    })
}

/// Reads all data rows after the header `sniff` found, one at a time (text is never held whole).
pub fn open_rows(path: &Path, sniffed: &Sniffed) -> Result<RowReader, ReadError> {
    let file = file_name(path);
    let raw = match sniffed.kind {
        FileKind::Text => {
            let encoding = sniffed.encoding.unwrap_or(TextEncoding::Utf8);
            let delimiter = check_delimiter(sniffed.delimiter.unwrap_or(','), &file)?;
            RawRows::Text(Box::new(TextRows::open(path, &file, encoding, delimiter)?))
        }
        FileKind::Xlsx | FileKind::Xls => {
            let rows = match &sniffed.sheet_rows {
                Some(rows) => rows.clone(),
                None => {
                    Arc::new(open_sheet(path, &file, sniffed.kind, sniffed.sheet.as_deref())?.1)
                }
            };
            RawRows::Sheet(SheetRows::new(rows, sniffed.size_bytes))
        }
    };
    Ok(RowReader {
        raw,
        pending: VecDeque::new(),
        width: sniffed.headers.len(),
        skip_through: sniffed.header_row,
        file,
        done: false,
        row: Row::default(),
    })
}

/// The data rows of a file: blank and total rows skipped, cells padded to the header's width.
/// Stops after the first error. `next_row` lends one reused row (no allocation per row); the
/// `Iterator` gives owned copies.
pub struct RowReader {
    raw: RawRows,
    pending: VecDeque<(usize, Vec<String>)>,
    width: usize,
    skip_through: usize,
    file: String,
    done: bool,
    row: Row,
}

impl RowReader {
    /// How many bytes of the file have been consumed, for a progress bar against `size_bytes`.
    pub fn bytes_read(&self) -> u64 {
        self.raw.bytes_read()
    }

    pub fn next_row(&mut self) -> Option<Result<&Row, ReadError>> {
        while !self.done {
            let number = match self.pending.pop_front() {
                Some((number, cells)) => {
                    self.row.cells = cells;
                    number
                }
                None => match self.raw.next_raw(&self.file, &mut self.row.cells) {
                    None => {
                        self.done = true;
                        return None;
                    }
                    Some(Err(e)) => {
                        self.done = true;
                        return Some(Err(e));
                    }
                    Some(Ok(number)) => number,
                },
            };
            let cells = &mut self.row.cells;
            if number <= self.skip_through || is_blank(cells) || is_total(cells) {
                continue;
            }
            let found = width(cells);
            if found > self.width {
                self.done = true;
                return Some(Err(ReadError::Ragged {
                    file: self.file.clone(),
                    row: number,
                    found,
                    expected: self.width,
                }));
            }
            cells.resize(self.width, String::new());
            self.row.number = number;
            return Some(Ok(&self.row));
        }
        None
    }
}

impl Iterator for RowReader {
    type Item = Result<Row, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_row().map(|r| r.cloned())
    }
}

/// Index after the last non-empty cell.
fn width(cells: &[String]) -> usize {
    cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1)
}

fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(String::is_empty)
}

/// A totals line: its first non-empty cell is 合计, Total, Summe…
fn is_total(cells: &[String]) -> bool {
    let Some(first) = cells.iter().find(|c| !c.is_empty()) else {
        return false;
    };
    if first.len() > 24 || first.starts_with(|c: char| c.is_ascii_digit()) {
        return false;
    }
    let word = first.trim_end_matches([':', '：']).trim().to_lowercase();
    matches!(
        word.as_str(),
        "合计"
            | "总计"
            | "小计"
            | "合計"
            | "總計"
            | "小計"
            | "total"
            | "totals"
            | "grand total"
            | "subtotal"
            | "sub total"
            | "summe"
            | "gesamt"
            | "gesamtsumme"
            | "итого"
    )
}

/// Looks numeric or date-like: data, not a column name.
fn looks_numeric(cell: &str) -> bool {
    cell.chars().any(|c| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || " +-.,:/%()$¥￥€£\u{a0}\u{2212}".contains(c))
}

/// The header among the first non-empty rows: the row with the most known column names, else
/// the first row of at least two mostly non-numeric cells followed by rows of similar width,
/// else the first row of at least two cells.
fn choose_header(rows: &[(usize, Vec<String>)], known: &dyn Fn(&str) -> bool) -> Option<usize> {
    let known_counts: Vec<usize> = rows
        .iter()
        .map(|(_, cells)| cells.iter().filter(|c| !c.is_empty() && known(c)).count())
        .collect();
    if let Some(best) = known_counts.iter().copied().max().filter(|m| *m > 0) {
        return known_counts.iter().position(|k| *k == best);
    }
    let filled = |cells: &[String]| cells.iter().filter(|c| !c.is_empty()).count();
    for (i, (_, cells)) in rows.iter().enumerate() {
        let n = filled(cells);
        let numeric = cells.iter().filter(|c| looks_numeric(c)).count();
        if n < 2 || numeric * 2 > n {
            continue;
        }
        // The widest of the next few rows: data rows may leave their last cells empty.
        let Some(wn) = rows[i + 1..]
            .iter()
            .take(3)
            .map(|(_, next)| width(next))
            .max()
        else {
            continue;
        };
        let w = width(cells);
        if wn <= w && w - wn <= (w / 3).max(1) {
            return Some(i);
        }
    }
    rows.iter().position(|(_, cells)| filled(cells) >= 2)
}

/// Trims a cell (incl. NBSP and ideographic spaces) and removes Excel's text guards: `="007"`
/// and a leading `'` on a number.
fn clean_cell(raw: &str) -> String {
    let mut out = String::new();
    clean_cell_into(raw, &mut out);
    out
}

/// `clean_cell` into a reused buffer.
fn clean_cell_into(raw: &str, out: &mut String) {
    out.clear();
    // Most cells of an export start and end with a printable ASCII byte: nothing to clean.
    if let (Some(first), Some(last)) = (raw.bytes().next(), raw.bytes().last())
        && first.is_ascii_graphic()
        && last.is_ascii_graphic()
        && first != b'='
        && first != b'\''
    {
        out.push_str(raw);
        return;
    }
    let s = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if let Some(inner) = s.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        out.push_str(inner.replace("\"\"", "\"").trim());
    } else if let Some(rest) = s.strip_prefix('\'')
        && looks_numeric(rest)
    {
        out.push_str(rest.trim());
    } else {
        out.push_str(s);
    }
}

// ---------------------------------------------------------------------------------------------
// Text files

fn read_head(path: &Path, file: &str) -> Result<Vec<u8>, ReadError> {
    let f = File::open(path).map_err(|e| io_error(file, &e))?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    f.take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| io_error(file, &e))?;
    Ok(head)
}

/// By magic bytes, not by the name: an .xlsx renamed .csv is still a workbook.
fn kind_of(head: &[u8]) -> FileKind {
    if head.starts_with(b"PK\x03\x04") {
        FileKind::Xlsx
    } else if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        FileKind::Xls
    } else {
        FileKind::Text
    }
}

/// BOM first; then many NULs on one side of each byte pair means UTF-16; then valid UTF-8 over
/// the whole file means UTF-8; anything else is GBK/GB18030 (the Chinese Windows default).
fn detect_encoding(path: &Path, file: &str, head: &[u8]) -> Result<TextEncoding, ReadError> {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(TextEncoding::Utf8);
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return Ok(TextEncoding::Utf16Le);
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return Ok(TextEncoding::Utf16Be);
    }
    let sample = &head[..head.len().min(4096)];
    let pairs = sample.len() / 2;
    if pairs >= 2 {
        let even = sample.iter().step_by(2).filter(|b| **b == 0).count();
        let odd = sample
            .iter()
            .skip(1)
            .step_by(2)
            .filter(|b| **b == 0)
            .count();
        if odd * 5 > pairs && even * 20 < pairs {
            return Ok(TextEncoding::Utf16Le);
        }
        if even * 5 > pairs && odd * 20 < pairs {
            return Ok(TextEncoding::Utf16Be);
        }
    }
    if is_utf8_file(path, file)? {
        Ok(TextEncoding::Utf8)
    } else {
        Ok(TextEncoding::Gb18030)
    }
}

/// Whether the whole file is valid UTF-8, read in chunks (a character cut by the end of the
/// file still counts as UTF-8: the file was truncated, not written in another encoding).
fn is_utf8_file(path: &Path, file: &str) -> Result<bool, ReadError> {
    let mut f = File::open(path).map_err(|e| io_error(file, &e))?;
    let mut buf = vec![0u8; HEAD_BYTES + 4];
    let mut carry = 0usize;
    loop {
        let n = match f.read(&mut buf[carry..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(io_error(file, &e)),
        };
        if n == 0 {
            return Ok(true);
        }
        let len = carry + n;
        match std::str::from_utf8(&buf[..len]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carry = len - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

fn decode(bytes: &[u8], encoding: TextEncoding) -> String {
    let mut out = Vec::new();
    let mut decoder = DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding.encoding()))
        .strip_bom(true)
        .build(bytes);
    // Reading from memory cannot fail; a failure would only shorten the sample.
    let _ = decoder.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Binary data decodes to many control characters; text exports have almost none.
fn looks_binary(text: &str) -> bool {
    let (mut total, mut bad) = (0usize, 0usize);
    for c in text.chars() {
        total += 1;
        if (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\x0c')) || c == '\x7f' {
            bad += 1;
        }
    }
    bad * 100 > total
}

fn check_delimiter(d: char, file: &str) -> Result<u8, ReadError> {
    match u8::try_from(d) {
        Ok(b)
            if b.is_ascii() && !matches!(b, b'"' | b'\n' | b'\r') && !b.is_ascii_alphanumeric() =>
        {
            Ok(b)
        }
        _ => Err(ReadError::BadDelimiter {
            file: file.to_string(),
            delimiter: d,
        }),
    }
}

/// The one place the CSV parser is configured.
fn csv_reader<R: Read>(rdr: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .buffer_capacity(1 << 16)
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .quoting(true)
        .double_quote(true)
        .from_reader(rdr)
}

/// The delimiter that splits the first lines most consistently: the most lines with the same
/// number of fields (at least two), weighted by that number. Quotes are respected.
fn sniff_delimiter(text: &str) -> u8 {
    let mut best = (0usize, b',');
    for d in DELIMITERS {
        let mut rdr = csv_reader(Guard::new(text.as_bytes(), d, false), d);
        let mut counts: Vec<usize> = Vec::new();
        let mut record = csv::ByteRecord::new();
        while counts.len() < 50 {
            match rdr.read_byte_record(&mut record) {
                Ok(true) => counts.push(record.len()),
                Ok(false) | Err(_) => break,
            }
        }
        let mut tally: Vec<(usize, usize)> = Vec::new();
        for c in counts {
            match tally.iter_mut().find(|(n, _)| *n == c) {
                Some((_, f)) => *f += 1,
                None => tally.push((c, 1)),
            }
        }
        let Some((fields, freq)) = tally
            .into_iter()
            .filter(|(n, _)| *n >= 2)
            .max_by_key(|(n, f)| (*f, *n))
        else {
            continue;
        };
        let score = fields * freq;
        if score > best.0 {
            best = (score, d);
        }
    }
    best.1
}

/// Counts the bytes read from the file, for progress.
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// The file's text as UTF-8 bytes: read as it is when it is UTF-8 (invalid bytes are caught
/// per cell), decoded otherwise.
type Decoded = Box<dyn Read + Send>;

struct TextRows {
    reader: csv::Reader<Guard<Decoded>>,
    record: csv::ByteRecord,
    encoding: TextEncoding,
    count: Arc<AtomicU64>,
}

impl TextRows {
    fn open(
        path: &Path,
        file: &str,
        encoding: TextEncoding,
        delimiter: u8,
    ) -> Result<TextRows, ReadError> {
        let mut f = File::open(path).map_err(|e| io_error(file, &e))?;
        let count = Arc::new(AtomicU64::new(0));
        let decoded: Decoded = if encoding == TextEncoding::Utf8 {
            // No decoder and no extra buffer in between (the CSV reader buffers): skip a BOM.
            let mut head = Vec::with_capacity(3);
            (&mut f)
                .take(3)
                .read_to_end(&mut head)
                .map_err(|e| io_error(file, &e))?;
            count.fetch_add(head.len() as u64, Ordering::Relaxed);
            if head == [0xEF, 0xBB, 0xBF] {
                head.clear();
            }
            let counting = Counting {
                inner: f,
                count: Arc::clone(&count),
            };
            Box::new(std::io::Cursor::new(head).chain(counting))
        } else {
            let counting = Counting {
                inner: BufReader::new(f),
                count: Arc::clone(&count),
            };
            Box::new(
                DecodeReaderBytesBuilder::new()
                    .encoding(Some(encoding.encoding()))
                    .strip_bom(true)
                    .build(counting),
            )
        };
        Ok(TextRows {
            reader: csv_reader(Guard::new(decoded, delimiter, true), delimiter),
            record: csv::ByteRecord::new(),
            encoding,
            count,
        })
    }

    /// Reads the next record into `cells` (its strings reused); returns its line number.
    fn next_raw(
        &mut self,
        file: &str,
        cells: &mut Vec<String>,
    ) -> Option<Result<usize, ReadError>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                let from = self.record.position().map_or(0, |p| p.byte());
                let row = self.reader.get_mut().line_of(from);
                cells.resize_with(self.record.len(), String::new);
                cells.truncate(self.record.len());
                // The record's text checked at once, each cell then a slice of it.
                let bytes = self.record.as_slice();
                let text = std::str::from_utf8(bytes).ok().filter(|_| {
                    memchr::memchr(0xEF, bytes).is_none()
                        || memchr::memmem::find(bytes, "\u{fffd}".as_bytes()).is_none()
                });
                if let Some(text) = text {
                    let record = &self.record;
                    let sliced = cells.iter_mut().enumerate().all(|(column, cell)| {
                        match record.range(column).and_then(|range| text.get(range)) {
                            Some(field) => {
                                clean_cell_into(field, cell);
                                true
                            }
                            None => false,
                        }
                    });
                    if sliced {
                        return Some(Ok(row));
                    }
                }
                // Which cell is not text, for the error.
                for (column, (field, cell)) in self.record.iter().zip(cells.iter_mut()).enumerate()
                {
                    // Bytes that are not text in the file's encoding: the decoder writes U+FFFD
                    // for them (or passes invalid UTF-8 through). Searched as bytes: this runs
                    // for every cell of the file.
                    let replaced = memchr::memchr(0xEF, field).is_some()
                        && memchr::memmem::find(field, "\u{fffd}".as_bytes()).is_some();
                    let text = match std::str::from_utf8(field) {
                        Ok(text) if !replaced => text,
                        _ => {
                            return Some(Err(ReadError::Undecodable {
                                file: file.to_string(),
                                row,
                                column: column + 1,
                                encoding: self.encoding,
                            }));
                        }
                    };
                    clean_cell_into(text, cell);
                }
                Some(Ok(row))
            }
            Err(e) => Some(Err(csv_error(file, e))),
        }
    }
}

fn csv_error(file: &str, e: csv::Error) -> ReadError {
    let file = file.to_string();
    match e.into_kind() {
        csv::ErrorKind::Io(io) => {
            match io
                .get_ref()
                .and_then(|inner| inner.downcast_ref::<Overflow>())
            {
                Some(Overflow::Field { line, column }) => ReadError::FieldTooLong {
                    file,
                    row: *line,
                    column: *column,
                },
                Some(Overflow::Unclosed { line, column }) => ReadError::UnclosedQuote {
                    file,
                    row: *line,
                    column: *column,
                },
                Some(Overflow::Record { line }) => ReadError::RowTooLong { file, row: *line },
                None => io_error(&file, &io),
            }
        }
        other => ReadError::Io {
            file,
            detail: format!("{other:?}"),
        },
    }
}

// ---------------------------------------------------------------------------------------------
// Workbooks

/// Rows of a sheet as (row number, cells), only rows with a value.
type SheetData = Vec<(usize, Vec<String>)>;
type SheetLoader<'a> = Box<dyn FnMut(&str) -> Result<SheetData, ReadError> + 'a>;

/// The requested sheet, or the first one with any value in it. Cells are collected sparsely:
/// a workbook with one value in A1 and one in XFD1048576 must not allocate the rectangle
/// between them (calamine's `Range` would), so `.xlsx` sheets are streamed cell by cell, and an
/// `.xls`, which calamine reads whole, is measured first, as is an `.xlsx`'s unpacked size
/// (`workbook_size`); an `.xlsx` sheet stops at `CELLS_MAX` cells. A panic in calamine on a
/// broken workbook becomes the error it should have been.
fn open_sheet(
    path: &Path,
    file: &str,
    kind: FileKind,
    wanted: Option<&str>,
) -> Result<(String, SheetData), ReadError> {
    quietly(|| open_sheet_unguarded(path, file, kind, wanted)).unwrap_or_else(|_| {
        Err(ReadError::Workbook {
            file: file.to_string(),
            detail: "its structure is broken".to_string(),
        })
    })
}

thread_local! {
    /// Set while a panic is expected and turned into an error (`quietly`).
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, catching a panic without the panic hook printing it (the caller turns it into the
/// error the owner reads; "thread 'main' panicked at …" under it would only alarm). Any other
/// panic, on any thread, is printed as before.
fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(false));
    result
}

fn open_sheet_unguarded(
    path: &Path,
    file: &str,
    kind: FileKind,
    wanted: Option<&str>,
) -> Result<(String, SheetData), ReadError> {
    let workbook_error = |detail: String| ReadError::Workbook {
        file: file.to_string(),
        detail,
    };
    // The workbooks outlive the loader that borrows them.
    let mut xls: Xls<BufReader<File>>;
    let mut xlsx: Xlsx<BufReader<File>>;
    let names: Vec<String>;
    let mut load: SheetLoader;
    match kind {
        FileKind::Xls => {
            super::workbook_size::xls(path).map_err(workbook_error)?;
            xls = calamine::open_workbook(path)
                .map_err(|e: calamine::XlsError| workbook_error(e.to_string()))?;
            names = xls.sheet_names();
            load = Box::new(|name: &str| {
                let range = xls
                    .worksheet_range(name)
                    .map_err(|e| workbook_error(e.to_string()))?;
                let start = range.start().unwrap_or((0, 0));
                let cells = range
                    .used_cells()
                    .map(|(r, c, d)| (start.0 as usize + r, start.1 as usize + c, render(d)));
                rows_from_cells(file, cells)
            });
        }
        _ => {
            super::workbook_size::xlsx(path).map_err(workbook_error)?;
            xlsx = calamine::open_workbook(path)
                .map_err(|e: calamine::XlsxError| workbook_error(e.to_string()))?;
            names = xlsx.sheet_names();
            load = Box::new(|name: &str| {
                let mut reader = xlsx
                    .worksheet_cells_reader(name)
                    .map_err(|e| workbook_error(e.to_string()))?;
                let mut cells = Vec::new();
                let mut seen: u64 = 0;
                while let Some(cell) = reader
                    .next_cell()
                    .map_err(|e| workbook_error(e.to_string()))?
                {
                    seen += 1;
                    if seen > CELLS_MAX {
                        return Err(workbook_error(format!(
                            "a sheet has more than the {CELLS_MAX} cells a real export has"
                        )));
                    }
                    let (r, c) = cell.get_position();
                    let text = render(&Data::from(cell.get_value().clone()));
                    cells.push((r as usize, c as usize, text));
                }
                rows_from_cells(file, cells)
            });
        }
    }
    if let Some(wanted) = wanted {
        if !names.iter().any(|n| n == wanted) {
            return Err(ReadError::SheetNotFound {
                file: file.to_string(),
                sheet: wanted.to_string(),
                available: names,
            });
        }
        return Ok((wanted.to_string(), load(wanted)?));
    }
    for name in &names {
        let rows = load(name)?;
        if !rows.is_empty() {
            return Ok((name.clone(), rows));
        }
    }
    Err(ReadError::Empty {
        file: file.to_string(),
    })
}

/// Groups (row, column, text) cells into rows, columns counted from the leftmost value.
fn rows_from_cells(
    file: &str,
    cells: impl IntoIterator<Item = (usize, usize, String)>,
) -> Result<SheetData, ReadError> {
    let mut cells: Vec<(usize, usize, String)> = cells
        .into_iter()
        .filter(|(_, _, t)| !t.is_empty())
        .collect();
    let Some(left) = cells.iter().map(|(_, c, _)| *c).min() else {
        return Ok(Vec::new());
    };
    if let Some((r, _, _)) = cells.iter().find(|(_, c, _)| c - left >= RECORD_FIELDS_MAX) {
        return Err(ReadError::RowTooLong {
            file: file.to_string(),
            row: r + 1,
        });
    }
    cells.sort_by_key(|(r, c, _)| (*r, *c));
    let mut rows: SheetData = Vec::new();
    for (r, c, text) in cells {
        let number = r + 1;
        if rows.last().is_none_or(|(n, _)| *n != number) {
            rows.push((number, Vec::new()));
        }
        if let Some((_, row)) = rows.last_mut() {
            let col = c - left;
            if row.len() <= col {
                row.resize(col + 1, String::new());
            }
            row[col] = text;
        }
    }
    Ok(rows)
}

struct SheetRows {
    rows: Arc<SheetData>,
    at: usize,
    size: u64,
}

impl SheetRows {
    fn new(rows: Arc<SheetData>, size: u64) -> Self {
        SheetRows { rows, at: 0, size }
    }

    fn next_raw(&mut self, cells: &mut Vec<String>) -> Option<usize> {
        let (number, row) = self.rows.get(self.at)?;
        self.at += 1;
        cells.clone_from(row);
        Some(*number)
    }

    fn bytes_read(&self) -> u64 {
        self.size.saturating_mul(self.at as u64) / self.rows.len().max(1) as u64
    }
}

/// A workbook cell as text: numbers without exponent or a trailing `.0` (a phone stored as a
/// number stays `13812345678`), dates as ISO `YYYY-MM-DD[ HH:MM:SS]`, errors as empty.
fn render(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => clean_cell(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => render_float(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let value = dt.as_f64();
            if !value.is_finite() || value < 0.0 {
                return String::new();
            }
            if dt.is_duration() {
                let secs = (value * 86_400.0).round() as u64;
                return format!("{}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
            }
            let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if value < 1.0 {
                format!("{h:02}:{mi:02}:{s:02}")
            } else if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{d:02}")
            } else {
                format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTimeIso(s) => s.replacen('T', " ", 1),
        Data::DurationIso(s) => s.clone(),
    }
}

/// Up to 15 significant digits (what Excel shows), no exponent, no trailing zeros.
fn render_float(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    if f.fract() == 0.0 && f.abs() < 9.0e15 {
        return format!("{}", f as i64);
    }
    let magnitude = if f == 0.0 {
        0
    } else {
        f.abs().log10().floor() as i32 + 1
    };
    let decimals = (15 - magnitude).clamp(0, 15) as usize;
    let text = format!("{f:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}

enum RawRows {
    Text(Box<TextRows>),
    Sheet(SheetRows),
}

impl RawRows {
    fn next_raw(
        &mut self,
        file: &str,
        cells: &mut Vec<String>,
    ) -> Option<Result<usize, ReadError>> {
        match self {
            RawRows::Text(t) => t.next_raw(file, cells),
            RawRows::Sheet(s) => s.next_raw(cells).map(Ok),
        }
    }

    fn bytes_read(&self) -> u64 {
        match self {
            RawRows::Text(t) => t.count.load(Ordering::Relaxed),
            RawRows::Sheet(s) => s.bytes_read(),
        }
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod tests;
