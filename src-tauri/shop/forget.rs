//! "Forget this person": erases a member and everything personal about them, across every
//! domain that holds some, in one transaction (secure_delete overwrites the freed pages). Each
//! domain forgets its own rows; this is the one place that walks them all.

use crate::people::{identities, members};
use crate::sales::rollups;
use members::MemberError;
use rusqlite::Connection;

/// Forgets member `id`: their tags, phones, POS ids and cards go; their receipts keep their
/// amounts and lose the link — anonymous sales.
pub fn member(conn: &mut Connection, id: i64) -> Result<(), MemberError> {
    let tx = conn.transaction()?;
    rollups::forget_customers(&tx, identities::OF_MEMBER, id)?;
    members::forget(&tx, id)?;
    tx.commit()?;
    Ok(())
}
