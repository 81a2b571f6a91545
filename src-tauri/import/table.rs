//! The one import of a table of records — member lists now; group statistics, chat exports,
//! survey answers and coupon lists next. A [`Schema`] names its fields (with the header names
//! that mean each), parses a row (`row`) and stores a record (`write`); this gives every such
//! import the sales import's guarantees:
//!
//! - a preview that runs the whole import and rolls it back, so it shows exactly the rows that
//!   would be added, found already there or refused (with row, column, value and reason);
//! - all or nothing by default; with `valid_rows` the valid rows land and the refused ones go to
//!   a rejects file (`rejects`) beside the data, kept 30 days;
//! - one transaction per file, a batch with provenance (`batches`: kind, file, hash, mapping,
//!   counts), each record naming its batch so that undo removes exactly what it added;
//! - a file imported again adds nothing twice: `write` says when the store already has a record.

use super::FileError;
use super::batches::{self, Counts};
use super::read::{self, ReadError, ReadOptions, Row};
use super::rejects::RejectsFile;
use super::values::{self, DateOrder};
use crate::check::{Field, Invalid};
use crate::i18n::{ErrorCode, Lang, UserError};
use crate::settings::ctx::Ctx;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use thiserror::Error;
use ts_rs::TS;

/// One field of a schema's records, as a file's header may name it.
#[derive(Debug, Clone, Copy)]
pub struct TableField {
    /// The field (its serde name and labels, as forms and messages name it).
    pub field: &'static Field,
    /// Header names that mean this field, lower case (`姓名`, `name`, `full name`).
    pub headers: &'static [&'static str],
    /// A file without this column is refused whole.
    pub required: bool,
    /// Holds dates: their order (day or month first) is decided from all such columns' samples.
    pub date: bool,
}

impl TableField {
    /// An optional text field read from columns named `headers`.
    pub const fn new(field: &'static Field, headers: &'static [&'static str]) -> TableField {
        TableField {
            field,
            headers,
            required: false,
            date: false,
        }
    }

    /// The same field, without which a file is refused whole.
    pub const fn required(self) -> TableField {
        TableField {
            required: true,
            ..self
        }
    }

    /// The same field, holding dates.
    pub const fn dates(self) -> TableField {
        TableField { date: true, ..self }
    }
}

/// A kind of record a file of rows can bring.
pub trait Schema {
    /// The batch kind (`members`), as the imports list and undo know it.
    const KIND: &'static str;
    type Record;
    fn fields(&self) -> &'static [TableField];
    /// One row's cells into a record.
    fn row(&self, cells: &Cells<'_>, ctx: &Ctx) -> Result<Self::Record, RowError>;
    /// What is worth telling the owner of a record kept as it is (a phone the metadata does not
    /// know yet): (the field, the message).
    fn warning(&self, _record: &Self::Record, _ctx: &Ctx) -> Option<(&'static str, String)> {
        None
    }
    /// Stores one record, naming batch `batch_id`, inside the import's transaction (a savepoint
    /// of its own: a refused record leaves nothing behind).
    fn write(
        &self,
        conn: &Connection,
        batch_id: i64,
        record: &Self::Record,
        ctx: &Ctx,
    ) -> Result<Written, RowError>;
}

/// What `write` did with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    Added,
    /// The store already had it: nothing written.
    Duplicate,
}

/// Why a row was not stored: a refusal (the row goes to the problem list) or the store failing
/// (the import stops and writes nothing).
#[derive(Debug, Error)]
pub enum RowError {
    #[error("{field:?}: {message}")]
    Refused {
        /// The field at fault, by its serde name.
        field: Option<&'static str>,
        message: String,
    },
    #[error("database error: {0}")]
    Store(String),
}

impl From<rusqlite::Error> for RowError {
    fn from(e: rusqlite::Error) -> Self {
        RowError::Store(e.to_string())
    }
}

impl RowError {
    /// A refusal from the validation catalogue, in `lang`.
    pub fn invalid(invalid: &Invalid, lang: Lang) -> RowError {
        RowError::Refused {
            field: Some(invalid.field.name),
            message: invalid.sentence(lang),
        }
    }
}

/// One row's cells, read by field.
pub struct Cells<'a> {
    cells: &'a [String],
    /// The file's column of each of the schema's fields.
    columns: &'a [(&'static str, usize)],
    order: DateOrder,
    lang: Lang,
}

impl Cells<'_> {
    /// The field's cell, trimmed; empty when the file has no such column or the cell spells
    /// "no value" (`NA`, `null`).
    pub fn text(&self, field: &Field) -> &str {
        self.columns
            .iter()
            .find(|(name, _)| *name == field.name)
            .and_then(|(_, i)| self.cells.get(*i))
            .map(|c| c.trim())
            .filter(|c| !values::is_null_word(c))
            .unwrap_or("")
    }

    /// The field's date, `None` when empty.
    pub fn date(&self, field: &Field) -> Result<Option<NaiveDate>, RowError> {
        self.date_in(field, values::YEAR_MIN..=values::YEAR_MAX)
    }

    /// The field's month and day written without a year (`values::parse_month_day`, in the
    /// file's date order).
    pub fn month_day(&self, field: &Field) -> Option<(u32, u32)> {
        values::parse_month_day(self.text(field), self.order)
    }

    /// The field's date of any year in `years`, `None` when empty: a birthday's range is the
    /// record's own validation to judge (the member form's, from 1900), not the sales dates'.
    pub fn date_in(
        &self,
        field: &Field,
        years: std::ops::RangeInclusive<i32>,
    ) -> Result<Option<NaiveDate>, RowError> {
        let text = self.text(field);
        if text.is_empty() {
            return Ok(None);
        }
        values::parse_date_time_in(text, self.order, years)
            .map(|(d, _)| Some(d))
            .map_err(|e| RowError::Refused {
                field: Some(field.name),
                message: self.lang.pick(
                    format!("应为{}。", e.expected(self.lang)),
                    format!("Expected {}.", e.expected(self.lang)),
                ),
            })
    }
}

/// What the owner asked for.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, TS)]
pub struct TableRequest {
    #[ts(type = "string")]
    pub path: PathBuf,
    /// Import the valid rows and write the refused ones to a rejects file, instead of refusing
    /// the file whole.
    pub valid_rows: bool,
}

/// A refused row as the preview and the error list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct RowProblem {
    pub row: usize,
    /// The file's header of the column at fault.
    pub column: Option<String>,
    pub value: Option<String>,
    /// The schema's field at fault, by its serde name.
    pub field: Option<String>,
    pub message: String,
}

impl RowProblem {
    /// What `row` says in `field`'s column (`column`, if the file has it).
    fn at(
        row: &Row,
        field: &str,
        column: Option<usize>,
        headers: &[String],
        message: String,
    ) -> RowProblem {
        RowProblem {
            row: row.number,
            column: column.map(|i| headers[i].clone()),
            value: column.map(|i| row.cells.get(i).map_or("", |c| c.trim()).to_string()),
            field: Some(field.to_string()),
            message,
        }
    }

    fn describe(&self, lang: Lang) -> String {
        let (row, message) = (self.row, &self.message);
        match (&self.column, &self.value) {
            (Some(column), Some(value)) => lang.pick(
                format!("第 {row} 行，“{column}”列“{value}”：{message}"),
                format!("Row {row}, column “{column}” (“{value}”): {message}"),
            ),
            _ => lang.pick(
                format!("第 {row} 行：{message}"),
                format!("Row {row}: {message}"),
            ),
        }
    }
}

/// A header of the file and the field it was read as (by label, in the owner's language).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ColumnUse {
    pub header: String,
    pub field: Option<String>,
}

/// What an import did, or (the preview) would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TableReport {
    pub kind: String,
    pub file_name: String,
    #[ts(type = "number | null")]
    pub batch_id: Option<i64>,
    pub counts: Counts,
    pub columns: Vec<ColumnUse>,
    /// The first refused rows (all of their count is in `counts.rejected`).
    pub problems: Vec<RowProblem>,
    /// The first rows kept with something to check (`Schema::warning`).
    pub warnings: Vec<RowProblem>,
    pub rejects_file: Option<String>,
}

/// The refused rows kept for the preview and the error.
pub const PROBLEMS_KEPT: usize = 100;

#[derive(Debug, Error)]
pub enum TableError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{file}: no column for {}", field.name)]
    MissingColumn { file: String, field: &'static Field },
    #[error("{file}: no rows")]
    NoRows { file: String },
    #[error("{file}: {rejected} rows refused")]
    Refused {
        file: String,
        rejected: u64,
        problems: Vec<RowProblem>,
    },
    #[error(transparent)]
    File(#[from] FileError),
    #[error("database error: {0}")]
    Sqlite(String),
}

impl From<rusqlite::Error> for TableError {
    fn from(e: rusqlite::Error) -> Self {
        TableError::Sqlite(e.to_string())
    }
}

impl UserError for TableError {
    fn code(&self) -> ErrorCode {
        match self {
            TableError::Read(e) => e.code(),
            TableError::MissingColumn { .. } | TableError::NoRows { .. } => ErrorCode::Invalid,
            TableError::Refused { .. } => ErrorCode::Invalid,
            TableError::File(_) => ErrorCode::Io,
            TableError::Sqlite(_) => ErrorCode::Internal,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            TableError::Read(e) => e.message(lang),
            TableError::MissingColumn { file, field } => lang.pick(
                format!("{file}：找不到“{}”列。没有导入任何内容。", field.zh),
                format!(
                    "{file}: no {} column was found. Nothing was imported.",
                    field.en
                ),
            ),
            TableError::NoRows { file } => lang.pick(
                format!("{file}：表头下面没有数据行。没有导入任何内容。"),
                format!("{file}: there are no rows under the header. Nothing was imported."),
            ),
            TableError::Refused {
                file,
                rejected,
                problems,
            } => {
                let list: Vec<String> =
                    problems.iter().take(10).map(|p| p.describe(lang)).collect();
                lang.pick(
                    format!(
                        "{file}：{rejected} 行无法导入，没有导入任何内容。可以改正后重新导入，或选择“只导入有效的行”。\n{}",
                        list.join("\n")
                    ),
                    format!(
                        "{file}: {rejected} rows cannot be imported, so nothing was. Fix them and import again, or choose “import the valid rows”.\n{}",
                        list.join("\n")
                    ),
                )
            }
            TableError::File(e) => lang.pick(
                format!("无法写入文件 {}：{}", e.path, e.source),
                format!("Could not write {}: {}", e.path, e.source),
            ),
            TableError::Sqlite(e) => {
                lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}"))
            }
        }
    }
}

/// What the run does with its transaction.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode<'a> {
    /// Everything, then rolled back.
    Preview,
    /// Everything or nothing.
    All,
    /// The valid rows; the refused ones into a rejects file in the directory.
    ValidRows(&'a Path),
}

/// What importing `path` would do: every row parsed and written, then rolled back.
pub fn preview<S: Schema>(
    conn: &mut Connection,
    schema: &S,
    path: &Path,
    ctx: &Ctx,
) -> Result<TableReport, TableError> {
    run(conn, schema, path, ctx, Mode::Preview)
}

/// Imports the file of `request`: all its rows or none, or (`valid_rows`) the valid ones with a
/// rejects file in `rejects_dir`.
pub fn import<S: Schema>(
    conn: &mut Connection,
    schema: &S,
    request: &TableRequest,
    ctx: &Ctx,
    rejects_dir: &Path,
) -> Result<TableReport, TableError> {
    let mode = if request.valid_rows {
        Mode::ValidRows(rejects_dir)
    } else {
        Mode::All
    };
    run(conn, schema, &request.path, ctx, mode)
}

fn run<S: Schema>(
    conn: &mut Connection,
    schema: &S,
    path: &Path,
    ctx: &Ctx,
    mode: Mode<'_>,
) -> Result<TableReport, TableError> {
    let file_name = read::file_name(path);
    let fields = schema.fields();
    let field_of = |header: &str| {
        let h = header.trim().to_lowercase();
        fields.iter().find(|f| f.headers.contains(&h.as_str()))
    };
    let sniffed = read::sniff(path, &ReadOptions::default(), &|h| field_of(h).is_some())?;
    // Each field's column: the first header that names it.
    let mut columns: Vec<(&'static str, usize)> = Vec::new();
    for (i, header) in sniffed.headers.iter().enumerate() {
        if let Some(f) = field_of(header)
            && !columns.iter().any(|(name, _)| *name == f.field.name)
        {
            columns.push((f.field.name, i));
        }
    }
    let column_of = |name: &str| columns.iter().find(|(n, _)| *n == name).map(|(_, i)| *i);
    if let Some(missing) = fields
        .iter()
        .find(|f| f.required && column_of(f.field.name).is_none())
    {
        return Err(TableError::MissingColumn {
            file: file_name,
            field: missing.field,
        });
    }
    let samples = fields
        .iter()
        .filter(|f| f.date)
        .filter_map(|f| column_of(f.field.name))
        .flat_map(|i| sniffed.samples.iter().filter_map(move |r| r.cells.get(i)));
    let order = values::decide_date_order(samples.map(String::as_str)).unwrap_or(DateOrder::Ymd);
    let label = |name: &str| {
        let f = fields.iter().find(|f| f.field.name == name)?;
        Some(ctx.lang.pick(f.field.zh, f.field.en).to_string())
    };
    let uses: Vec<ColumnUse> = sniffed
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| ColumnUse {
            header: header.clone(),
            field: columns
                .iter()
                .find(|(_, c)| *c == i)
                .and_then(|(name, _)| label(name)),
        })
        .collect();

    let mut tx = conn.transaction()?;
    let mapping: serde_json::Map<String, serde_json::Value> = columns
        .iter()
        .map(|(name, i)| (name.to_string(), sniffed.headers[*i].clone().into()))
        .collect();
    let mapping = serde_json::Value::Object(mapping).to_string();
    let batch_id = batches::start(&tx, S::KIND, &file_name, S::KIND, &mapping, ctx.now)?;
    let mut counts = Counts::default();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut rejects: Option<RejectsFile> = None;
    for row in read::open_rows(path, &sniffed)? {
        let row = row?;
        counts.rows += 1;
        let cells = Cells {
            cells: &row.cells,
            columns: &columns,
            order,
            lang: ctx.lang,
        };
        let row_tx = tx.savepoint()?;
        let outcome = schema.row(&cells, ctx).and_then(|record| {
            let written = schema.write(&row_tx, batch_id, &record, ctx)?;
            if written == Written::Added
                && warnings.len() < PROBLEMS_KEPT
                && let Some((field, message)) = schema.warning(&record, ctx)
            {
                warnings.push(RowProblem::at(
                    &row,
                    field,
                    column_of(field),
                    &sniffed.headers,
                    message,
                ));
            }
            Ok(written)
        });
        if outcome.is_ok() {
            row_tx.commit()?;
        }
        let (field, message) = match outcome {
            Ok(Written::Added) => {
                counts.added += 1;
                continue;
            }
            Ok(Written::Duplicate) => {
                counts.duplicate += 1;
                continue;
            }
            Err(RowError::Store(e)) => return Err(TableError::Sqlite(e)),
            Err(RowError::Refused { field, message }) => (field, message),
        };
        counts.rejected += 1;
        let problem = match field {
            Some(field) => RowProblem::at(&row, field, column_of(field), &sniffed.headers, message),
            None => RowProblem {
                row: row.number,
                column: None,
                value: None,
                field: None,
                message,
            },
        };
        if let Mode::ValidRows(dir) = mode {
            let file = match &mut rejects {
                Some(f) => f,
                None => rejects.insert(RejectsFile::create(dir, &sniffed.headers, ctx.lang)?),
            };
            file.write(row.number, &row.cells, &[problem.describe(ctx.lang)])?;
        }
        if problems.len() < PROBLEMS_KEPT {
            problems.push(problem);
        }
    }
    if counts.rows == 0 {
        return Err(TableError::NoRows { file: file_name });
    }
    let mut report = TableReport {
        kind: S::KIND.to_string(),
        file_name,
        batch_id: None,
        counts,
        columns: uses,
        problems,
        warnings,
        rejects_file: None,
    };
    match mode {
        Mode::Preview => return Ok(report),
        Mode::All if counts.rejected > 0 => {
            return Err(TableError::Refused {
                file: report.file_name,
                rejected: counts.rejected,
                problems: report.problems,
            });
        }
        // Nothing to remember: no batch in the list, nothing to undo.
        _ if counts.added == 0 && counts.rejected == 0 => return Ok(report),
        _ => {}
    }
    let rejects_path = match rejects {
        Some(file) => Some(file.finish(batch_id, &report.file_name)?),
        None => None,
    };
    report.rejects_file = rejects_path.map(|p| p.display().to_string());
    let sha256 = batches::sha256_of(path)?;
    batches::finish(
        &tx,
        batch_id,
        &counts,
        &sha256,
        report.rejects_file.as_deref(),
    )?;
    if let Err(e) = tx.commit() {
        if let Some(p) = &report.rejects_file {
            super::rejects::remove(Path::new(p));
        }
        return Err(e.into());
    }
    report.batch_id = Some(batch_id);
    Ok(report)
}

#[cfg(test)]
#[path = "table_tests.rs"]
mod tests;
