//! The imports of every kind as one list, and their undo: each batch is undone by the domain
//! that knows what it added (a POS file's lines, a member list's members, the members made of
//! customers). The table imports'
//! kinds are here too, each a schema on `import::table`.

use crate::community::chats;
use crate::community::days::{self, GroupStats};
use crate::i18n::Lang;
use crate::import::batches::{self, Batch};
use crate::import::table::{self, Schema, TableError, TableReport, TableRequest};
use crate::people::member_list::MemberList;
use crate::people::{customers, members};
use crate::sales::batches as sales_batches;
use crate::sales::engine::{ImportError, ImportReport};
use crate::sales::layout;
use crate::settings::ctx::Ctx;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

/// The kinds of table import (`<ImportWizard kind=…>`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TableKind {
    Members,
    /// A platform's daily group statistics (WeCom's customer-group statistics).
    GroupStats,
}

/// What importing `path` as `kind` would do.
pub fn preview_table(
    conn: &mut Connection,
    kind: TableKind,
    path: &Path,
    ctx: &Ctx,
) -> Result<TableReport, TableError> {
    match kind {
        TableKind::Members => table::preview(conn, &MemberList, path, ctx),
        TableKind::GroupStats => table::preview(conn, &GroupStats, path, ctx),
    }
}

/// Imports the file of `request` as `kind`.
pub fn import_table(
    conn: &mut Connection,
    kind: TableKind,
    request: &TableRequest,
    ctx: &Ctx,
    rejects_dir: &Path,
) -> Result<TableReport, TableError> {
    match kind {
        TableKind::Members => table::import(conn, &MemberList, request, ctx, rejects_dir),
        TableKind::GroupStats => table::import(conn, &GroupStats, request, ctx, rejects_dir),
    }
}

/// An import as the imports screen lists it: the batch, and a sales batch's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Import {
    pub batch: Batch,
    pub sales: Option<ImportReport>,
    /// A sales import's layout as the owner reads it ("Square 商品明细", "Your own layout").
    pub layout: Option<String>,
}

/// Every import, the latest first.
pub fn list(conn: &Connection, lang: Lang) -> Result<Vec<Import>, ImportError> {
    let mut reports = sales_batches::reports(conn)?;
    Ok(batches::list(conn)?
        .into_iter()
        .map(|batch| {
            let sales = reports.remove(&batch.id);
            Import {
                layout: sales
                    .as_ref()
                    .map(|_| layout::source_name(&batch.source, lang)),
                sales,
                batch,
            }
        })
        .collect())
}

/// What undoing a batch would remove, before the owner confirms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UndoCheck {
    /// Sales lines, or members.
    pub removes: u64,
    /// Sales lines that stay: a remaining import brought them too.
    pub kept: u64,
    /// Receipts this sales import voided, which count again once it is undone.
    pub restores: u64,
    /// The members of a member list changed since (edited, tagged, linked to a customer): undo
    /// asks whether they go too.
    pub changed: Vec<String>,
}

pub fn undo_check(conn: &Connection, id: i64, ctx: Ctx) -> Result<UndoCheck, ImportError> {
    let batch = batches::get(conn, id)?.ok_or(ImportError::NoBatch(id))?;
    match batch.kind.as_str() {
        sales_batches::KIND => {
            let (removes, kept) = sales_batches::undo_counts(conn, id)?;
            let restores = crate::sales::voids::restored_by_undo(conn, id)?;
            let changed = Vec::new();
            Ok(UndoCheck {
                removes,
                kept,
                restores,
                changed,
            })
        }
        k if k == MemberList::KIND || k == customers::KIND => {
            let (removes, changed) = members::of_batch(conn, id, ctx)?;
            let (kept, restores) = (0, 0);
            Ok(UndoCheck {
                removes,
                kept,
                restores,
                changed,
            })
        }
        days::KIND | chats::KIND => Ok(UndoCheck {
            removes: batch.counts.added,
            kept: 0,
            restores: 0,
            changed: Vec::new(),
        }),
        _ => Err(ImportError::NoBatch(id)),
    }
}

/// Undoes batch `id`; a member list's members changed since stay with `keep_changed`. Returns
/// how many lines or members went.
pub fn undo(conn: &mut Connection, id: i64, keep_changed: bool) -> Result<u64, ImportError> {
    let batch = batches::get(conn, id)?.ok_or(ImportError::NoBatch(id))?;
    match batch.kind.as_str() {
        sales_batches::KIND => sales_batches::undo(conn, id),
        k if k == MemberList::KIND || k == customers::KIND => batches::undo(conn, id, |tx, _| {
            members::remove_batch(tx, id, keep_changed)
        })?
        .ok_or(ImportError::NoBatch(id)),
        days::KIND => {
            batches::undo(conn, id, |tx, _| days::undo(tx, id))?.ok_or(ImportError::NoBatch(id))
        }
        chats::KIND => {
            batches::undo(conn, id, |tx, _| chats::undo(tx, id))?.ok_or(ImportError::NoBatch(id))
        }
        _ => Err(ImportError::NoBatch(id)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::people::identities;
    use crate::store::open_in_memory;
    use chrono::NaiveDate;

    /// Members made of customers: named without a whole phone, one batch in the list, and its
    /// undo removes them and unlinks their customers.
    #[test]
    fn members_made_of_customers_are_one_batch_that_undo_removes() {
        let mut conn = open_in_memory().expect("db");
        let tx = conn.transaction().expect("tx");
        let named = identities::insert(&tx, "phone", "+8613812345678", Some("王小麦"), None)
            .expect("named");
        let unnamed =
            identities::insert(&tx, "phone", "+8613900005678", None, None).expect("unnamed");
        tx.commit().expect("commit");
        let ctx = Ctx {
            lang: Lang::En,
            ..Ctx::on("CN", NaiveDate::from_ymd_opt(2026, 3, 9).expect("d"))
        };
        let ids = [named, unnamed];
        let names = customers::names(&conn, &ids, ctx).expect("names");
        assert_eq!(names, ["王小麦", "Customer 139****5678"]);
        let batch = customers::create_members(&mut conn, &ids, ctx).expect("create");
        let made: Vec<(Option<String>, String)> = members::roster(&conn)
            .expect("roster")
            .into_iter()
            .map(|m| (m.name, m.phone.unwrap_or_default()))
            .collect();
        assert!(
            made.contains(&(None, "+8613900005678".into())),
            "a customer known by phone alone makes a nameless member: {made:?}"
        );
        let listed = list(&conn, Lang::En).expect("list");
        assert_eq!(listed[0].batch.id, batch);
        assert_eq!(
            (listed[0].batch.kind.as_str(), listed[0].batch.counts.added),
            (customers::KIND, 2)
        );
        assert_eq!(members::count(&conn).expect("count"), 2);
        assert_eq!(undo_check(&conn, batch, ctx).expect("check").removes, 2);
        assert_eq!(undo(&mut conn, batch, false).expect("undo"), 2);
        assert_eq!(members::count(&conn).expect("count"), 0);
        let mut linked = 0;
        identities::each_member_link(&conn, |_, _| linked += 1).expect("links");
        assert_eq!(linked, 0, "their customers are customers again");
        assert!(list(&conn, Lang::En).expect("list").is_empty());
    }

    /// Undoing a member list whose members were put in a group and logged for a breach: they
    /// leave the group with the import, and their entries stay in the log, unnamed.
    #[test]
    fn undoing_a_member_list_takes_its_members_out_of_their_groups() {
        use crate::community::groups::tests::input;
        use crate::community::groups::{self, GroupInput, Platform, Threshold};
        use crate::community::{listed, moderation};
        use crate::import::table::{self, TableRequest};
        use crate::people::member_list::MemberList;
        let mut conn = open_in_memory().expect("db");
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("m.csv");
        std::fs::write(&file, "name,joined\nAnna,2026-01-05\nBen,2026-01-05\n").expect("write");
        let day = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("day");
        let ctx = Ctx::on("CN", day("2026-03-09"));
        let request = TableRequest {
            path: file.clone(),
            valid_rows: false,
        };
        let batch = table::import(
            &mut conn,
            &MemberList,
            &request,
            &ctx,
            &dir.path().join("rejects"),
        )
        .expect("import")
        .batch_id
        .expect("batch");
        let group = groups::add(
            &conn,
            &GroupInput {
                platform: Platform::Wechat,
                created_on: day("2026-01-01"),
                threshold: Threshold::TillQr,
                ..input("群")
            },
            ctx,
        )
        .expect("group")
        .id;
        listed::add(&mut conn, group, &[1, 2], day("2026-02-01"), ctx).expect("listed");
        let entry = moderation::EntryInput {
            group_id: group,
            who: moderation::Who::Member { member_id: 1 },
            rule_id: None,
            on: day("2026-03-01"),
            action: moderation::Action::Reminder,
            handled_by: None,
            note: String::new(),
        };
        let logged = moderation::log(&mut conn, &entry, ctx).expect("entry");
        assert_eq!(undo(&mut conn, batch, false).expect("undo"), 2);
        assert!(listed::of_group(&conn, group).expect("stays").is_empty());
        let kept = moderation::get(&conn, logged.id, ctx).expect("kept");
        assert_eq!((kept.member_id, kept.on_list), (None, false));
        assert_eq!(
            groups::get(&conn, group, ctx.today).expect("group").listed,
            0
        );
    }
}
