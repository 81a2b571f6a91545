//! What is personal data, and what "forget this person" does with it. Each table's owner
//! declares its columns (`COLUMNS`): those that name a member or one of their identities, with
//! what forget does to their rows, the personal data that goes with such a row, and the columns
//! that hold nothing personal. `shop::forget` walks the declarations of every domain in one
//! transaction, and a test scans the schema so that no column of a new table slips past them.

/// How a column relates to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Holds a member's id: forget does `OnForget` to the rows where it is the member's.
    NamesMember(OnForget),
    /// Holds an identity's id: forget does `OnForget` to the rows of the member's identities.
    NamesIdentity(OnForget),
    /// A person's data (a name, a phone, a note), erased with its row.
    Personal,
    /// Nothing personal (amounts, product names, settings, ids of other things).
    NotPersonal,
}

/// What forget does to a row that names the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnForget {
    /// The row goes.
    DeleteRow,
    /// The column is emptied and the row stays (a receipt stays, anonymous), its table's
    /// personal columns emptied with it (a moderation entry loses its note).
    Clear,
}

/// One column of one table, as its owner declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub table: &'static str,
    pub column: &'static str,
    pub kind: Kind,
}

/// A column declaration, briefly.
pub const fn column(table: &'static str, column: &'static str, kind: Kind) -> Column {
    Column {
        table,
        column,
        kind,
    }
}
