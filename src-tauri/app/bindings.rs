//! The TypeScript types of everything that crosses IPC, generated from the
//! Rust types into `ui/src/lib/bindings.ts`. The test below fails when that file
//! is stale; `UPDATE_BINDINGS=1 cargo test bindings` rewrites it.

#[cfg(test)]
mod tests {
    use super::super::ApiError;
    use super::super::files::{DialogText, FileToken, Flow};
    use crate::community::chats::ChatReport;
    use crate::community::chats::flags::{Candidate, ConfirmInput};
    use crate::community::chats::scan::Hit;
    use crate::community::chats::senders::{Decision, DecisionInput, Named, Seen, SenderMatch};
    use crate::community::chats::source::Format;
    use crate::community::chats::whatsapp::DayOrder;
    use crate::community::days::{DayInput, Figures, GroupDay, SizeFrom};
    use crate::community::diff::{Mark, Piece, RuleDiff, RulesDiff};
    use crate::community::groups::{
        Group, GroupInput, GroupStatus, Platform, SizeReading, Threshold,
    };
    use crate::community::listed::Stay;
    use crate::community::moderation::{Action, Entry, EntryInput, Ladder, Offender, Who};
    use crate::community::rules::{
        ReviewDue, Revision, RevisionInput, RevisionKind, Rule, RuleDraft,
    };
    use crate::community::staff::{Staff, StaffInput, StaffRole};
    use crate::i18n::{ErrorCode, Lang};
    use crate::import::batches::{Batch, Counts};
    use crate::import::read::{FileKind, ReadOptions, Row, Sniffed, TextEncoding};
    use crate::import::table::{ColumnUse, RowProblem, TableReport, TableRequest};
    use crate::import::values::{DateOrder, DecimalStyle};
    use crate::insight::dashboard::{
        ChartSvg, Covered, Dashboard, KpiCard, MemberGroup, MemberLine, MemberSummary, StageCount,
    };
    use crate::insight::groups::{
        DayRate, GroupLine, GroupPage, GroupsWeek, ListedMember, WeekDays,
    };
    use crate::insight::member_table::{MemberRow, MemberTable, TableSort};
    use crate::insight::metrics::{Kpis, MemberActivity, Stage, Unit};
    use crate::insight::rules_card::Paper;
    use crate::insight::targets::{Status, Trend};
    use crate::people::members::{
        Member, MemberInput, MemberList, MemberQuery, MemberSort, MemberSource, MemberStatus,
    };
    use crate::sales::engine::{
        ImportReport, ImportRequest, LineView, Preview, PreviewRow, Problem, SaleKind,
    };
    use crate::sales::layout::{ColumnGuess, GuessBy, Level, LineKind, Mapping, Proposal, Role};
    use crate::sales::shop_guess::{Guessed, ShopGuess};
    use crate::sales::unmatched::Customer;
    use crate::sales::warnings::{Warning, WarningKind};
    use crate::settings::regions::Region;
    use crate::settings::{ChatWords, Community, Currency, Lifecycle, Settings, WeekStart};
    use crate::shop::imports::{Import, TableKind, UndoCheck};
    use crate::shop::{SettingsSaved, ShopInfo, ShopKind};
    use crate::store::{BackupFile, BackupKind};
    use ts_rs::{Config, TS};

    fn render() -> String {
        let cfg = Config::new().with_large_int("number");
        let decls = [
            Lang::decl(&cfg),
            ErrorCode::decl(&cfg),
            ApiError::decl(&cfg),
            WeekStart::decl(&cfg),
            Settings::decl(&cfg),
            Currency::decl(&cfg),
            Region::decl(&cfg),
            ShopKind::decl(&cfg),
            ShopInfo::decl(&cfg),
            SettingsSaved::decl(&cfg),
            MemberSource::decl(&cfg),
            Member::decl(&cfg),
            MemberInput::decl(&cfg),
            MemberSort::decl(&cfg),
            MemberStatus::decl(&cfg),
            MemberQuery::decl(&cfg),
            MemberList::decl(&cfg),
            BackupKind::decl(&cfg),
            BackupFile::decl(&cfg),
            FileKind::decl(&cfg),
            TextEncoding::decl(&cfg),
            ReadOptions::decl(&cfg),
            Row::decl(&cfg),
            Sniffed::decl(&cfg),
            DecimalStyle::decl(&cfg),
            DateOrder::decl(&cfg),
            Role::decl(&cfg),
            Level::decl(&cfg),
            LineKind::decl(&cfg),
            Mapping::decl(&cfg),
            GuessBy::decl(&cfg),
            ColumnGuess::decl(&cfg),
            Proposal::decl(&cfg),
            ImportRequest::decl(&cfg),
            Problem::decl(&cfg),
            SaleKind::decl(&cfg),
            LineView::decl(&cfg),
            PreviewRow::decl(&cfg),
            ImportReport::decl(&cfg),
            WarningKind::decl(&cfg),
            Warning::decl(&cfg),
            Guessed::decl(&cfg),
            ShopGuess::decl(&cfg),
            Preview::decl(&cfg),
            Counts::decl(&cfg),
            Batch::decl(&cfg),
            Import::decl(&cfg),
            UndoCheck::decl(&cfg),
            TableKind::decl(&cfg),
            TableRequest::decl(&cfg),
            ColumnUse::decl(&cfg),
            RowProblem::decl(&cfg),
            TableReport::decl(&cfg),
            Customer::decl(&cfg),
            Unit::decl(&cfg),
            Status::decl(&cfg),
            Trend::decl(&cfg),
            Stage::decl(&cfg),
            Lifecycle::decl(&cfg),
            Community::decl(&cfg),
            ChatWords::decl(&cfg),
            StaffRole::decl(&cfg),
            Staff::decl(&cfg),
            StaffInput::decl(&cfg),
            Platform::decl(&cfg),
            Threshold::decl(&cfg),
            GroupStatus::decl(&cfg),
            GroupInput::decl(&cfg),
            SizeReading::decl(&cfg),
            Group::decl(&cfg),
            Stay::decl(&cfg),
            RevisionKind::decl(&cfg),
            Rule::decl(&cfg),
            RuleDraft::decl(&cfg),
            RevisionInput::decl(&cfg),
            Revision::decl(&cfg),
            ReviewDue::decl(&cfg),
            Mark::decl(&cfg),
            Piece::decl(&cfg),
            RuleDiff::decl(&cfg),
            RulesDiff::decl(&cfg),
            Action::decl(&cfg),
            Who::decl(&cfg),
            EntryInput::decl(&cfg),
            Entry::decl(&cfg),
            Ladder::decl(&cfg),
            Offender::decl(&cfg),
            ListedMember::decl(&cfg),
            GroupPage::decl(&cfg),
            GroupLine::decl(&cfg),
            WeekDays::decl(&cfg),
            DayRate::decl(&cfg),
            SizeFrom::decl(&cfg),
            Figures::decl(&cfg),
            GroupDay::decl(&cfg),
            ChatReport::decl(&cfg),
            Seen::decl(&cfg),
            Decision::decl(&cfg),
            SenderMatch::decl(&cfg),
            Named::decl(&cfg),
            Candidate::decl(&cfg),
            Hit::decl(&cfg),
            Format::decl(&cfg),
            DayOrder::decl(&cfg),
            DecisionInput::decl(&cfg),
            ConfirmInput::decl(&cfg),
            DayInput::decl(&cfg),
            GroupsWeek::decl(&cfg),
            MemberGroup::decl(&cfg),
            Paper::decl(&cfg),
            KpiCard::decl(&cfg),
            ChartSvg::decl(&cfg),
            Covered::decl(&cfg),
            StageCount::decl(&cfg),
            MemberLine::decl(&cfg),
            Kpis::decl(&cfg),
            Dashboard::decl(&cfg),
            MemberActivity::decl(&cfg),
            MemberSummary::decl(&cfg),
            TableSort::decl(&cfg),
            MemberRow::decl(&cfg),
            MemberTable::decl(&cfg),
            Flow::decl(&cfg),
            FileToken::decl(&cfg),
            DialogText::decl(&cfg),
            super::super::commands::ReviewDoc::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from the Rust types by src-tauri/app/bindings.rs. Do not edit:\n\
             // run `UPDATE_BINDINGS=1 cargo test bindings` after changing a type.\n\n",
        );
        for decl in decls {
            out.push_str("export ");
            out.push_str(&decl);
            out.push_str("\n\n");
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    #[test]
    fn bindings_are_up_to_date() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/bindings.ts");
        let fresh = render();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).expect("write bindings");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == fresh,
            "ui/src/lib/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test bindings` and commit it"
        );
    }
}
