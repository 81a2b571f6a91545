//! The commands the UI calls, one file per area: `shop` (the open shop, settings, backups),
//! `members`, `community` (staff, groups, rules, moderation), `imports` (the table imports, the imports list and undo), `sales` (POS imports and
//! the customers they bring) and `insight` (dashboard, targets,
//! the review). Each converts its arguments, calls the core and maps the error; the typed
//! wrappers in `ui/src/lib/api.ts` call them by name. Every command runs off the window's main
//! thread (`async`); `debug` holds what only debug builds have, for the end-to-end tests.

mod access;
mod community;
#[cfg(debug_assertions)]
mod debug;
mod imports;
mod insight;
mod members;
mod sales;
mod shop;

/// For the bindings test, which exports the review's type.
#[cfg(test)]
pub(super) use insight::ReviewDoc;

pub fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        shop::shop_info,
        shop::open_demo,
        shop::open_own_shop,
        members::list_members,
        members::member_table,
        members::add_member,
        members::add_member_again,
        members::update_member,
        members::mark_member_left,
        members::rejoin_member,
        members::forget_member,
        shop::save_settings,
        shop::set_language,
        shop::currencies,
        shop::phone_regions,
        shop::time_zones,
        shop::list_backups,
        shop::backup_problem,
        shop::backup_to,
        shop::restore_from,
        shop::restore_backup,
        shop::choose_file,
        sales::import_preview,
        sales::import_run,
        sales::import_cancel,
        imports::table_preview,
        imports::table_import,
        imports::list_imports,
        imports::undo_import_check,
        imports::undo_import,
        sales::unmatched_customers,
        sales::link_customer,
        sales::member_names_of_customers,
        sales::create_members_from_customers,
        community::list_staff,
        community::add_staff,
        community::update_staff,
        community::list_groups,
        community::add_group,
        community::update_group,
        community::group_page,
        community::record_group_size,
        community::add_to_group,
        community::leave_group,
        community::rule_templates,
        community::revise_rules,
        community::review_rules,
        community::rules_revision,
        community::compare_rules,
        community::rules_card,
        community::save_rules_card_html,
        community::save_rules_card_pdf,
        community::log_breach,
        community::withdraw_entry,
        community::breach_ladder,
        community::forget_participant,
        community::chat_import,
        community::decide_senders,
        community::confirm_flag,
        community::dismiss_flag,
        community::group_days,
        community::type_group_days,
        insight::dashboard,
        insight::member_summary,
        insight::set_target,
        insight::review,
        insight::save_review_html,
        insight::save_review_pdf,
        insight::print_review,
        #[cfg(debug_assertions)]
        debug::debug_panic,
        #[cfg(debug_assertions)]
        debug::debug_next_dialog,
    ]
}
