//! Customers as the POS knows them (identities: phones, POS ids, member
//! cards) and their link to members: linking one to a member, and making
//! members of them. The list of those who are not members yet, with what
//! they bought, is the sales' (`sales::unmatched`).

use super::identities;
use super::members::{self, MemberError, MemberInput, MemberSource};
use super::phone;
use crate::i18n::{ErrorCode, Lang, UserError};
use crate::settings::ctx::Ctx;
use rusqlite::Connection;
use thiserror::Error;

/// Why linking or making members of customers failed.
#[derive(Debug, Error)]
pub enum CustomerError {
    #[error(transparent)]
    Member(#[from] MemberError),
    #[error("no customer {0}")]
    NotFound(i64),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl UserError for CustomerError {
    fn code(&self) -> ErrorCode {
        match self {
            CustomerError::Member(e) => e.code(),
            CustomerError::NotFound(_) => ErrorCode::NotFound,
            CustomerError::Sqlite(_) => ErrorCode::Internal,
        }
    }

    fn message(&self, lang: Lang) -> String {
        match self {
            CustomerError::Member(e) => e.message(lang),
            CustomerError::NotFound(_) => {
                lang.pick("找不到这位顾客。", "This customer no longer exists.")
            }
            CustomerError::Sqlite(e) => {
                lang.pick(format!("数据库出错：{e}"), format!("Database error: {e}"))
            }
        }
    }
}

/// Links customer `identity_id` to member `member_id`: their receipts count
/// as the member's from the member's joined date on.
pub fn link(conn: &Connection, identity_id: i64, member_id: i64) -> Result<(), CustomerError> {
    if !members::exists(conn, member_id)? {
        return Err(CustomerError::Member(MemberError::NotFound(member_id)));
    }
    if !identities::set_member(conn, identity_id, member_id)? {
        return Err(CustomerError::NotFound(identity_id));
    }
    members::touch(conn, member_id)?;
    Ok(())
}

/// Makes a member of each customer in `identity_ids` (joined `ctx.today`,
/// named after the POS name or the phone), in one transaction.
pub fn create_members(
    conn: &mut Connection,
    identity_ids: &[i64],
    ctx: Ctx,
) -> Result<Vec<i64>, CustomerError> {
    let mut inputs = Vec::with_capacity(identity_ids.len());
    for id in identity_ids {
        let (kind, value, name) =
            identities::get(conn, *id).map_err(|_| CustomerError::NotFound(*id))?;
        let is_phone = kind == "phone";
        let label = if is_phone {
            phone::display(&value, ctx.phone_region(), false)
        } else {
            value.clone()
        };
        inputs.push(MemberInput {
            name: name.filter(|n| !n.trim().is_empty()).unwrap_or(label),
            phone: if is_phone { value } else { String::new() },
            wechat_name: String::new(),
            birthday: None,
            joined_on: ctx.today,
            source: MemberSource::InStore,
            tags: Vec::new(),
            notes: String::new(),
            marketing_consent: false,
        });
    }
    // The members and their purchases' link: one transaction, so that neither lands alone.
    let tx = conn.transaction()?;
    let ids = members::add_all_in(&tx, &inputs, ctx).map_err(|(_, e)| CustomerError::Member(e))?;
    for (identity, member) in identity_ids.iter().zip(&ids) {
        identities::set_member(&tx, *identity, *member)?;
    }
    tx.commit()?;
    Ok(ids)
}
