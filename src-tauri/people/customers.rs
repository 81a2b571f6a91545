//! Customers as the POS knows them (identities: phones, POS ids, member
//! cards) and their link to members: linking one to a member, and making
//! members of them. The list of those who are not members yet, with what
//! they bought, is the sales' (`sales::unmatched`).

use super::identities;
use super::members::{self, MemberError, MemberInput, MemberSource};
use crate::i18n::{ErrorCode, Lang, UserError};
use crate::import::batches::{self, Counts};
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

/// The batch kind of members made of customers (undone like a member list).
pub const KIND: &str = "customers";

/// What each customer in `identity_ids` would be called as a member ([`members::label`]): the
/// name the POS gave; a customer known by phone alone becomes a nameless member, shown as
/// "顾客 138****5678"; one known by a POS id or card alone is named "Customer ·5678" after its
/// last characters. A POS name that is a phone or an e-mail is no name.
pub fn names(
    conn: &Connection,
    identity_ids: &[i64],
    ctx: Ctx,
) -> Result<Vec<String>, CustomerError> {
    identity_ids
        .iter()
        .map(|id| {
            let (kind, value, name) =
                identities::get(conn, *id).map_err(|_| CustomerError::NotFound(*id))?;
            let (name, phone) = member_of(&kind, value, name, ctx.lang);
            Ok(members::label(
                (!name.is_empty()).then_some(name.as_str()),
                (!phone.is_empty()).then_some(phone.as_str()),
                ctx.phone_region(),
                ctx.lang,
            ))
        })
        .collect()
}

/// The name and the phone (each `""` for none) of the member made of the customer known as
/// `value` (an identity of `kind`) whom the POS called `pos_name`.
fn member_of(kind: &str, value: String, pos_name: Option<String>, lang: Lang) -> (String, String) {
    let name = identities::person_name(pos_name.as_deref());
    if kind == "phone" {
        return (name.unwrap_or_default(), value);
    }
    let name = name.unwrap_or_else(|| {
        let kept: String = value.chars().filter(char::is_ascii_alphanumeric).collect();
        let tail = &kept[kept.len().saturating_sub(4)..];
        lang.pick(format!("顾客 ·{tail}"), format!("Customer ·{tail}"))
    });
    (name, String::new())
}

/// Makes a member of each customer in `identity_ids` (joined `ctx.today`, named as [`names`]
/// says), in one transaction and one batch, which the imports list shows and undo removes.
/// Returns the batch's id.
pub fn create_members(
    conn: &mut Connection,
    identity_ids: &[i64],
    ctx: Ctx,
) -> Result<i64, CustomerError> {
    let mut inputs = Vec::with_capacity(identity_ids.len());
    for id in identity_ids {
        let (kind, value, name) =
            identities::get(conn, *id).map_err(|_| CustomerError::NotFound(*id))?;
        let (name, phone) = member_of(&kind, value, name, ctx.lang);
        inputs.push(MemberInput {
            name,
            phone,
            wechat_name: String::new(),
            birthday: None,
            joined_on: ctx.today,
            source: MemberSource::InStore,
            tags: Vec::new(),
            notes: String::new(),
            marketing_consent: false,
        });
    }
    // The batch, the members and their purchases' link: one transaction, so that none lands
    // alone.
    let tx = conn.transaction()?;
    let label = ctx
        .lang
        .pick("由顾客创建的会员", "members made of customers");
    let batch = batches::start(&tx, KIND, &label, KIND, "{}", ctx.now)?;
    let ids = members::add_all_in(&tx, &inputs, Some(batch), ctx)
        .map_err(|(_, e)| CustomerError::Member(e))?;
    for (identity, member) in identity_ids.iter().zip(&ids) {
        identities::set_member(&tx, *identity, *member)?;
    }
    let n = ids.len() as u64;
    let counts = Counts {
        rows: n,
        added: n,
        ..Counts::default()
    };
    batches::finish(&tx, batch, &counts, "", None)?;
    tx.commit()?;
    Ok(batch)
}
