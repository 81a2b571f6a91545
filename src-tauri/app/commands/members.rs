//! The member list: list, add, edit, left and back, forget (a member list file is a table
//! import: `imports.rs`).

use super::access::{Reply, changed, with_ctx, with_import, with_shop};
use crate::app::state::AppState;
use crate::insight::member_table::{self, MemberTable, TableSort};
use crate::people::members::{self, Member, MemberInput, MemberList, MemberQuery};
use crate::shop::forget;
use chrono::NaiveDate;
use chrono::Utc;
use tauri::State;

#[tauri::command(async)]
pub fn list_members(state: State<'_, AppState>, query: MemberQuery) -> Reply<MemberList> {
    with_shop(&state, |shop| {
        let settings = shop.settings()?;
        let (region, lang) = (&settings.phone_region, settings.language);
        Ok(members::list(&shop.conn, &query, region, lang)?)
    })
}

/// The members page's list: each member with last visit, visits, spend and stage, in `sort`
/// order; the first `shown` rows.
#[tauri::command(async)]
pub fn member_table(
    state: State<'_, AppState>,
    query: MemberQuery,
    sort: TableSort,
    shown: u32,
) -> Reply<MemberTable> {
    with_shop(&state, |shop| {
        let settings = shop.settings()?;
        let today = settings.today(Utc::now());
        member_table::list(&shop.conn, &settings, &query, sort, today, shown as usize)
    })
}

#[tauri::command(async)]
pub fn add_member(state: State<'_, AppState>, input: MemberInput) -> Reply<Member> {
    with_ctx(&state, |conn, ctx| members::add(conn, &input, ctx))
}

/// Adds a member whose phone is of someone forgotten, once the owner said to: the tombstone goes.
#[tauri::command(async)]
pub fn add_member_again(state: State<'_, AppState>, input: MemberInput) -> Reply<Member> {
    with_ctx(&state, |conn, ctx| members::add_again(conn, &input, ctx))
}

#[tauri::command(async)]
pub fn update_member(state: State<'_, AppState>, id: i64, input: MemberInput) -> Reply<Member> {
    with_ctx(&state, |conn, ctx| members::update(conn, id, &input, ctx))
}

#[tauri::command(async)]
pub fn mark_member_left(
    state: State<'_, AppState>,
    id: i64,
    on: Option<NaiveDate>,
) -> Reply<Member> {
    with_ctx(&state, |conn, ctx| {
        members::mark_left(conn, id, on.unwrap_or(ctx.today), ctx)
    })
}

#[tauri::command(async)]
pub fn rejoin_member(state: State<'_, AppState>, id: i64) -> Reply<Member> {
    with_ctx(&state, |conn, ctx| members::rejoin(conn, id, ctx))
}

/// Forgets member `id` for good, and everything that names them (`shop::forget`).
#[tauri::command(async)]
pub fn forget_member(state: State<'_, AppState>, id: i64) -> Reply<()> {
    let forgot = with_import(&state, |conn, _, rejects| forget::member(conn, id, rejects));
    changed(&state, forgot)
}
