//! The groups: staff, groups and their typed sizes, members on the list, rules and their
//! revisions (with the side-by-side diff and the printable card), and the moderation log.

use super::access::{Reply, changed, lang, with_ctx, with_import, with_shop, with_view};
use crate::app::files::{DialogText, Flow, name_of};
use crate::app::state::AppState;
use crate::community::chats::flags::{self, ConfirmInput};
use crate::community::chats::senders::{self, DecisionInput};
use crate::community::chats::whatsapp::DayOrder;
use crate::community::chats::{self, ChatReport, Options};
use crate::community::days::{self, DayInput, GroupDay};
use crate::community::diff::{self, RulesDiff};
use crate::community::groups::{self, Group, GroupInput, SizeReading};
use crate::community::listed::{self, Stay};
use crate::community::moderation::{self, Entry, EntryInput, Ladder, Who};
use crate::community::rules::{self, Revision, RevisionInput, RuleDraft};
use crate::community::staff::{self, Staff, StaffInput};
use crate::insight::groups::{self as pages, GroupPage};
use crate::insight::rules_card::{self, Paper};
use crate::store;
use chrono::NaiveDate;
use tauri::State;

#[tauri::command(async)]
pub fn list_staff(state: State<'_, AppState>) -> Reply<Vec<Staff>> {
    with_ctx(&state, |conn, _| staff::list(conn))
}

#[tauri::command(async)]
pub fn add_staff(state: State<'_, AppState>, input: StaffInput) -> Reply<Staff> {
    with_ctx(&state, |conn, _| staff::add(conn, &input))
}

#[tauri::command(async)]
pub fn update_staff(state: State<'_, AppState>, id: i64, input: StaffInput) -> Reply<Staff> {
    with_ctx(&state, |conn, _| staff::update(conn, id, &input))
}

#[tauri::command(async)]
pub fn list_groups(state: State<'_, AppState>) -> Reply<Vec<Group>> {
    with_ctx(&state, |conn, ctx| groups::list(conn, ctx.today))
}

#[tauri::command(async)]
pub fn add_group(state: State<'_, AppState>, input: GroupInput) -> Reply<Group> {
    with_ctx(&state, |conn, ctx| groups::add(conn, &input, ctx))
}

#[tauri::command(async)]
pub fn update_group(state: State<'_, AppState>, id: i64, input: GroupInput) -> Reply<Group> {
    with_ctx(&state, |conn, ctx| groups::update(conn, id, &input, ctx))
}

#[tauri::command(async)]
pub fn group_page(state: State<'_, AppState>, id: i64) -> Reply<GroupPage> {
    with_view(&state, |conn, ctx, _| pages::page(conn, id, ctx))
}

#[tauri::command(async)]
pub fn record_group_size(
    state: State<'_, AppState>,
    group: i64,
    on: NaiveDate,
    size: i64,
) -> Reply<SizeReading> {
    with_ctx(&state, |conn, ctx| {
        groups::record_size(conn, group, on, size, ctx)
    })
}

/// Puts members from the list in a group; how many were not in it already.
#[tauri::command(async)]
pub fn add_to_group(
    state: State<'_, AppState>,
    group: i64,
    member_ids: Vec<i64>,
    joined_on: NaiveDate,
) -> Reply<usize> {
    with_ctx(&state, |conn, ctx| {
        listed::add(conn, group, &member_ids, joined_on, ctx)
    })
}

#[tauri::command(async)]
pub fn leave_group(state: State<'_, AppState>, stay: i64, on: NaiveDate) -> Reply<Stay> {
    with_ctx(&state, |conn, ctx| listed::leave(conn, stay, on, ctx))
}

/// The template rules in the shop's language.
#[tauri::command(async)]
pub fn rule_templates(state: State<'_, AppState>) -> Reply<Vec<RuleDraft>> {
    with_ctx(&state, |_, ctx| {
        Ok::<_, crate::community::CommunityError>(rules::templates(ctx.lang))
    })
}

#[tauri::command(async)]
pub fn revise_rules(
    state: State<'_, AppState>,
    group: i64,
    input: RevisionInput,
) -> Reply<Revision> {
    with_ctx(&state, |conn, ctx| rules::revise(conn, group, &input, ctx))
}

#[tauri::command(async)]
pub fn review_rules(
    state: State<'_, AppState>,
    group: i64,
    on: NaiveDate,
    note: String,
) -> Reply<Revision> {
    with_ctx(&state, |conn, ctx| {
        rules::review(conn, group, on, &note, ctx)
    })
}

#[tauri::command(async)]
pub fn rules_revision(state: State<'_, AppState>, group: i64, number: i64) -> Reply<Revision> {
    with_ctx(&state, |conn, _| rules::revision(conn, group, number))
}

/// Revisions `from` and `to` of the group side by side.
#[tauri::command(async)]
pub fn compare_rules(
    state: State<'_, AppState>,
    group: i64,
    from: i64,
    to: i64,
) -> Reply<RulesDiff> {
    with_ctx(&state, |conn, _| {
        Ok::<_, crate::community::CommunityError>(diff::compare(
            &rules::revision(conn, group, from)?,
            &rules::revision(conn, group, to)?,
        ))
    })
}

/// The group's rules card, as "Save as HTML" writes it (the page shows its `<article>`).
#[tauri::command(async)]
pub fn rules_card(state: State<'_, AppState>, group: i64, paper: Paper) -> Reply<String> {
    with_view(&state, |conn, ctx, shop_name| {
        Ok(rules_card::of_group(conn, group, paper, shop_name, ctx)?)
    })
}

/// Asks where to save the rules card and writes it there: the same bytes as the CLI's
/// `rules card`. Where it went, or `None` when the owner cancels.
#[tauri::command(async)]
pub fn save_rules_card_html(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    group: i64,
    paper: Paper,
    text: DialogText,
) -> Reply<Option<String>> {
    let Some(path) = state.files.save_to(&app, "html", &text) else {
        return Ok(None);
    };
    with_view(&state, |conn, ctx, shop_name| {
        let html = rules_card::of_group(conn, group, paper, shop_name, ctx)?;
        store::save_document(&state.owner_dir, &path, html.as_bytes())?;
        Ok(Some(path.display().to_string()))
    })
}

/// Asks where to save the card on screen as a PDF on `paper`, and prints it there.
#[tauri::command]
pub async fn save_rules_card_pdf(
    state: State<'_, AppState>,
    window: tauri::WebviewWindow,
    paper: Paper,
    text: DialogText,
) -> Reply<Option<String>> {
    super::insight::save_pdf(&state, &window, &text, paper)
}

#[tauri::command(async)]
pub fn log_breach(state: State<'_, AppState>, input: EntryInput) -> Reply<Entry> {
    with_ctx(&state, |conn, ctx| moderation::log(conn, &input, ctx))
}

#[tauri::command(async)]
pub fn withdraw_entry(state: State<'_, AppState>, id: i64, reason: String) -> Reply<Entry> {
    with_ctx(&state, |conn, ctx| {
        moderation::withdraw(conn, id, &reason, ctx)
    })
}

/// What the breach ladder proposes for `who` in `group` on `on`.
#[tauri::command(async)]
pub fn breach_ladder(
    state: State<'_, AppState>,
    group: i64,
    who: Who,
    on: NaiveDate,
) -> Reply<Ladder> {
    with_ctx(&state, |conn, ctx| {
        moderation::ladder(conn, group, &who, on, ctx)
    })
}

#[tauri::command(async)]
pub fn forget_participant(state: State<'_, AppState>, id: i64) -> Reply<()> {
    with_ctx(&state, |conn, _| moderation::forget_participant(conn, id))
}

/// Imports the chosen chat export (`file`, a token) into `group_id`: all of it or nothing.
#[tauri::command(async)]
pub fn chat_import(
    state: State<'_, AppState>,
    file: String,
    group_id: i64,
    date_order: Option<DayOrder>,
) -> Reply<ChatReport> {
    let path = state.files.path(&file, Flow::Chat, lang(&state))?;
    let settings = with_shop(&state, |shop| Ok(shop.settings()?))?;
    let opts = Options::of(&settings, date_order);
    let name = name_of(&path);
    let reply = with_import(&state, |conn, ctx, _| {
        let _running = state.import.begin(ctx.lang, &name);
        chats::import(conn, &path, group_id, &opts, *ctx)
    });
    if reply.is_ok() {
        state.files.spend(&file);
    }
    changed(&state, reply)
}

/// The owner's decisions about a group's chat senders.
#[tauri::command(async)]
pub fn decide_senders(
    state: State<'_, AppState>,
    group_id: i64,
    decisions: Vec<DecisionInput>,
) -> Reply<usize> {
    with_ctx(&state, |conn, _| {
        senders::decide(conn, group_id, &decisions)
    })
}

/// Confirms a breach candidate into the moderation log: the entry's id.
#[tauri::command(async)]
pub fn confirm_flag(state: State<'_, AppState>, input: ConfirmInput) -> Reply<i64> {
    with_ctx(&state, |conn, ctx| flags::confirm(conn, &input, ctx))
}

#[tauri::command(async)]
pub fn dismiss_flag(state: State<'_, AppState>, flag_id: i64) -> Reply<()> {
    with_ctx(&state, |conn, _| flags::dismiss(conn, flag_id))
}

/// A group's days from `from` to `to`, every source together (the week grid shows them).
#[tauri::command(async)]
pub fn group_days(
    state: State<'_, AppState>,
    group_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Reply<Vec<GroupDay>> {
    with_ctx(&state, |conn, _| days::range(conn, group_id, from, to))
}

/// The week grid as the owner typed it.
#[tauri::command(async)]
pub fn type_group_days(
    state: State<'_, AppState>,
    group_id: i64,
    days: Vec<DayInput>,
) -> Reply<usize> {
    with_ctx(&state, |conn, ctx| {
        days::type_days(conn, group_id, &days, ctx)
    })
}
