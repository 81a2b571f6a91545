//! The guard between the decoder and the CSV parser: it follows the parser's quoting rules and
//! stops a runaway field or record (a quote never closed, a file that is not an export) before
//! the parser buffers it, naming the line and column.

use std::collections::VecDeque;
use std::io::{self, Read};

/// The longest field accepted, in bytes (a quote never closed swallows the rest of the file).
pub const FIELD_MAX: usize = 64 * 1024;
/// The longest record accepted, in bytes.
pub const RECORD_BYTES_MAX: usize = 1024 * 1024;
/// The most fields a record may have.
pub const RECORD_FIELDS_MAX: usize = 4096;
/// What `Guard` stopped on.
#[derive(Debug)]
pub enum Overflow {
    Field { line: usize, column: usize },
    Record { line: usize },
    Unclosed { line: usize, column: usize },
}

impl std::fmt::Display for Overflow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Overflow {}

#[derive(Clone, Copy, PartialEq)]
enum Lex {
    StartField,
    Unquoted,
    Quoted,
    QuoteInQuoted,
}

/// Sits between the decoder and the CSV parser and follows the same quoting rules to stop a
/// runaway field or record before the parser buffers it. Tracks line numbers for its errors.
pub struct Guard<R> {
    inner: R,
    delimiter: u8,
    check_eof: bool,
    lex: Lex,
    field_len: usize,
    record_len: usize,
    fields: usize,
    line: usize,
    record_line: usize,
    field_line: usize,
    failed: bool,
    /// Bytes passed on so far.
    offset: u64,
    /// Where records start (offset, line) that the parser has not reached yet.
    starts: VecDeque<(u64, usize)>,
}

impl<R: Read> Guard<R> {
    pub fn new(inner: R, delimiter: u8, check_eof: bool) -> Self {
        Guard {
            inner,
            delimiter,
            check_eof,
            lex: Lex::StartField,
            field_len: 0,
            record_len: 0,
            fields: 0,
            line: 1,
            record_line: 1,
            field_line: 1,
            failed: false,
            offset: 0,
            starts: VecDeque::new(),
        }
    }

    /// The line of the record the parser began reading at byte `from` (csv's position, which
    /// may point at the line end or blank lines before the record).
    pub fn line_of(&mut self, from: u64) -> usize {
        while let Some(&(offset, line)) = self.starts.front() {
            self.starts.pop_front();
            if offset >= from {
                return line;
            }
        }
        self.record_line
    }

    fn scan(&mut self, bytes: &[u8]) -> Result<(), Overflow> {
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            // A whole short line without quotes, the common case, at once: it cannot hold a
            // field or a record over the limits.
            if self.lex == Lex::StartField
                && self.record_len == 0
                && let Some(end) = memchr::memchr3(b'"', b'\n', b'\r', rest)
                && end > 0
                && end < RECORD_FIELDS_MAX.min(FIELD_MAX)
                && rest[end] != b'"'
            {
                self.record_line = self.line;
                self.starts.push_back((self.offset, self.line));
                self.offset += end as u64 + 1;
                if rest[end] == b'\n' {
                    self.line += 1;
                }
                i += end + 1;
                continue;
            }
            // A run of plain bytes inside a field moves the counters at once.
            let plain = match self.lex {
                Lex::Unquoted => memchr::memchr3(self.delimiter, b'\n', b'\r', rest),
                Lex::Quoted => memchr::memchr2(b'"', b'\n', rest),
                Lex::StartField | Lex::QuoteInQuoted => Some(0),
            }
            .unwrap_or(rest.len());
            if plain > 0 {
                self.field_len += plain;
                self.record_len += plain;
                self.offset += plain as u64;
                i += plain;
                self.check_limits()?;
                continue;
            }
            self.step(bytes[i])?;
            i += 1;
        }
        Ok(())
    }

    fn check_limits(&self) -> Result<(), Overflow> {
        if self.field_len > FIELD_MAX {
            return Err(Overflow::Field {
                line: self.field_line,
                column: self.fields + 1,
            });
        }
        if self.record_len > RECORD_BYTES_MAX || self.fields >= RECORD_FIELDS_MAX {
            return Err(Overflow::Record {
                line: self.record_line,
            });
        }
        Ok(())
    }

    /// One byte that may change the state.
    fn step(&mut self, b: u8) -> Result<(), Overflow> {
        {
            let newline = b == b'\n' || b == b'\r';
            if self.record_len == 0 && !newline {
                self.record_line = self.line;
                self.starts.push_back((self.offset, self.line));
            }
            self.offset += 1;
            let end_field = |g: &mut Self| {
                g.fields += 1;
                g.field_len = 0;
                g.lex = Lex::StartField;
            };
            let mut end_record = false;
            match self.lex {
                Lex::StartField => {
                    self.field_line = self.line;
                    if b == b'"' {
                        self.lex = Lex::Quoted;
                    } else if b == self.delimiter {
                        end_field(self);
                    } else if newline {
                        end_record = true;
                    } else {
                        self.lex = Lex::Unquoted;
                        self.field_len += 1;
                    }
                }
                Lex::Unquoted => {
                    if b == self.delimiter {
                        end_field(self);
                    } else if newline {
                        end_record = true;
                    } else {
                        self.field_len += 1;
                    }
                }
                Lex::Quoted => {
                    if b == b'"' {
                        self.lex = Lex::QuoteInQuoted;
                    } else {
                        self.field_len += 1;
                    }
                }
                Lex::QuoteInQuoted => {
                    if b == b'"' {
                        self.lex = Lex::Quoted;
                        self.field_len += 1;
                    } else if b == self.delimiter {
                        end_field(self);
                    } else if newline {
                        end_record = true;
                    } else {
                        self.lex = Lex::Unquoted;
                        self.field_len += 1;
                    }
                }
            }
            if b == b'\n' {
                self.line += 1;
            }
            if end_record {
                self.fields = 0;
                self.field_len = 0;
                self.record_len = 0;
                self.lex = Lex::StartField;
                return Ok(());
            }
            self.record_len += 1;
            self.check_limits()
        }
    }
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failed {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        if n == 0 && self.check_eof && matches!(self.lex, Lex::Quoted) {
            self.failed = true;
            return Err(io::Error::other(Overflow::Unclosed {
                line: self.field_line,
                column: self.fields + 1,
            }));
        }
        if let Err(overflow) = self.scan(&buf[..n]) {
            self.failed = true;
            return Err(io::Error::other(overflow));
        }
        Ok(n)
    }
}
