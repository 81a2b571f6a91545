//! Rows written many to a statement, for bulk writes (an import's lines, receipts and rollup
//! deltas).

use rusqlite::{Connection, Statement};

/// One value of a row written in bulk.
pub enum Cell {
    Int(i64),
    Null,
    Text(std::sync::Arc<str>),
    Static(&'static str),
}

impl From<Option<i64>> for Cell {
    fn from(value: Option<i64>) -> Self {
        value.map_or(Cell::Null, Cell::Int)
    }
}

/// Rows of one table written many to a statement: one statement per row costs a bulk import
/// a seek from the table's root, a reset and a halt for every line; one per 64 rows keeps the
/// cursor on the table's last page between them.
pub struct Bulk<'t> {
    conn: &'t Connection,
    /// `table(columns)`.
    into: &'static str,
    /// What follows the rows (an upsert's `ON CONFLICT …`).
    then: &'static str,
    width: usize,
    full: Statement<'t>,
    cells: Vec<Cell>,
}

impl<'t> Bulk<'t> {
    const ROWS: usize = 64;

    fn sql(into: &str, width: usize, rows: usize, then: &str) -> String {
        let row = format!("({})", vec!["?"; width].join(","));
        format!(
            "INSERT INTO {into} VALUES {} {then}",
            vec![row; rows].join(",")
        )
    }

    /// Rows of `width` values into `into` (`table(columns)`), followed by `then`.
    pub fn new(
        conn: &'t Connection,
        into: &'static str,
        width: usize,
        then: &'static str,
    ) -> rusqlite::Result<Self> {
        Ok(Bulk {
            conn,
            into,
            then,
            width,
            full: conn.prepare(&Self::sql(into, width, Self::ROWS, then))?,
            cells: Vec::with_capacity(width * Self::ROWS),
        })
    }

    pub fn push<const N: usize>(&mut self, row: [Cell; N]) -> rusqlite::Result<()> {
        debug_assert_eq!(N, self.width);
        self.cells.extend(row);
        if self.cells.len() == self.width * Self::ROWS {
            Self::run(&mut self.full, &mut self.cells)?;
        }
        Ok(())
    }

    /// Writes the rows still held.
    pub fn flush(&mut self) -> rusqlite::Result<()> {
        if self.cells.is_empty() {
            return Ok(());
        }
        let rows = self.cells.len() / self.width;
        let mut stmt = self
            .conn
            .prepare_cached(&Self::sql(self.into, self.width, rows, self.then))?;
        Self::run(&mut stmt, &mut self.cells)
    }

    fn run(stmt: &mut Statement<'_>, cells: &mut Vec<Cell>) -> rusqlite::Result<()> {
        for (i, cell) in cells.drain(..).enumerate() {
            match cell {
                Cell::Int(v) => stmt.raw_bind_parameter(i + 1, v)?,
                Cell::Null => stmt.raw_bind_parameter(i + 1, rusqlite::types::Null)?,
                Cell::Text(t) => stmt.raw_bind_parameter(i + 1, &*t)?,
                Cell::Static(t) => stmt.raw_bind_parameter(i + 1, t)?,
            }
        }
        stmt.raw_execute()?;
        Ok(())
    }
}
