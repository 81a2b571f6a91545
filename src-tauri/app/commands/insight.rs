//! The dashboard, targets and the weekly review (preview, Save as HTML / PDF, print).

use super::access::{Reply, with_shop};
use crate::app::error::ApiError;
use crate::app::files::DialogText;
use crate::app::state::AppState;
use crate::i18n::{Failure, Lang};
use crate::insight::dashboard::{self as board, Dashboard, MemberSummary};
use crate::insight::metrics::Period;
use crate::insight::report;
use crate::insight::rules_card::Paper;
use crate::insight::targets;
use crate::shop::Shop;
use crate::store;
use chrono::Utc;
use tauri::{AppHandle, Manager, State};

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>, week: Option<String>) -> Reply<Dashboard> {
    with_shop(&state, |shop| {
        let settings = shop.settings()?;
        let week = week.and_then(|w| Period::parse_week(&w, settings.week_start));
        board::build(&shop.conn, &settings, week, settings.today(Utc::now()))
    })
}

/// A member as the dashboard opens them: details and the last 12 weeks.
#[tauri::command(async)]
pub fn member_summary(state: State<'_, AppState>, id: i64) -> Reply<MemberSummary> {
    with_shop(&state, |shop| {
        let settings = shop.settings()?;
        board::member_summary(&shop.conn, &settings, id, settings.today(Utc::now()))
    })
}

#[tauri::command(async)]
pub fn set_target(state: State<'_, AppState>, kpi: String, value: Option<f64>) -> Reply<()> {
    with_shop(&state, |shop| Ok(targets::set(&shop.conn, &kpi, value)?))
}

/// The weekly review of a week, as the document "Save as HTML" writes.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
pub struct ReviewDoc {
    pub week: String,
    /// Weeks with sales, newest first, for the week picker.
    pub weeks: Vec<String>,
    pub html: String,
}

fn review_html(shop: &Shop, week: Option<String>) -> Result<ReviewDoc, Failure> {
    let settings = shop.settings()?;
    let week = week.and_then(|w| Period::parse_week(&w, settings.week_start));
    let week = board::week_or_default(&shop.conn, &settings, week, settings.today(Utc::now()))?;
    let review = report::gather(&shop.conn, &settings, week)?;
    Ok(ReviewDoc {
        week: week.week_label(),
        weeks: review.board.weeks.clone(),
        html: report::render(&review),
    })
}

#[tauri::command(async)]
pub fn review(state: State<'_, AppState>, week: Option<String>) -> Reply<ReviewDoc> {
    with_shop(&state, |shop| review_html(shop, week))
}

/// Asks where to save the review (the save dialog) and writes it there: the same bytes as the
/// CLI's `report`. Where it went, or `None` when the owner cancels.
#[tauri::command(async)]
pub fn save_review_html(
    app: AppHandle,
    state: State<'_, AppState>,
    week: Option<String>,
    text: DialogText,
) -> Reply<Option<String>> {
    let Some(path) = state.files.save_to(&app, "html", &text) else {
        return Ok(None);
    };
    with_shop(&state, |shop| {
        let doc = review_html(shop, week)?;
        // The owner's folder, also when the demo (inside it) is open.
        store::save_document(&state.owner_dir, &path, doc.html.as_bytes())?;
        Ok(Some(path.display().to_string()))
    })
}

/// Opens the system print dialog for the page on screen (the review, as print CSS shows it).
#[tauri::command(async)]
pub fn print_review(window: tauri::WebviewWindow) -> Reply<()> {
    window
        .print()
        .map_err(|e| ApiError::internal(Lang::En, &format!("printing failed: {e}")))
}

/// Asks where to save the page on screen (the review) as an A4 PDF, and prints it there without
/// a print dialog. Where it went, or `None` when the owner cancels.
#[tauri::command]
pub async fn save_review_pdf(
    state: State<'_, AppState>,
    window: tauri::WebviewWindow,
    text: DialogText,
) -> Reply<Option<String>> {
    save_pdf(&state, &window, &text, Paper::A4)
}

/// Save as PDF of the page on screen (the review, a rules card) on `paper`: the save dialog,
/// the destination checked under the shop's lock (for its language), printed without it:
/// printing waits on the window's main thread, which a command waiting for the lock would hold.
pub(super) fn save_pdf(
    state: &AppState,
    window: &tauri::WebviewWindow,
    text: &DialogText,
    paper: Paper,
) -> Reply<Option<String>> {
    let Some(path) = state.files.save_to(window.app_handle(), "pdf", text) else {
        return Ok(None);
    };
    with_shop(state, |_| {
        Ok(store::allowed(
            &state.owner_dir,
            &path,
            store::Save::Document,
        )?)
    })?;
    crate::app::pdf::save(window, &path, paper)?;
    Ok(Some(path.display().to_string()))
}
