// One typed wrapper per Rust command (src-tauri/app/commands/). The types
// come from bindings.ts, which is generated from the Rust types.
import type {
  ApiError,
  BackupFile,
  Dashboard,
  ReviewDoc,
  Region,
  Customer,
  Import,
  ImportReport,
  ImportRequest,
  Preview,
  Currency,
  Lang,
  Member,
  MemberInput,
  MemberList,
  MemberQuery,
  MemberSummary,
  MemberTable,
  Settings,
  SettingsSaved,
  ShopInfo,
  TableKind,
  TableSort,
  TableReport,
  DialogText,
  FileToken,
  Flow,
  UndoCheck,
  Staff,
  StaffInput,
  Group,
  GroupInput,
  GroupPage,
  SizeReading,
  Stay,
  RuleDraft,
  RevisionInput,
  Revision,
  RulesDiff,
  Paper,
  Entry,
  EntryInput,
  Ladder,
  Who,
  ChatReport,
  ConfirmInput,
  DayInput,
  DayOrder,
  DecisionInput,
  GroupDay,
} from "./bindings";

type Invoke = <T>(cmd: string, args?: Record<string, unknown>) => Promise<T>;
type Listen = <T>(event: string, handler: (e: { payload: T }) => void) => Promise<() => void>;

declare global {
  interface Window {
    __TAURI__?: { core: { invoke: Invoke }; event: { listen: Listen } };
  }
}

function invoke<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  const tauri = window.__TAURI__;
  if (!tauri) {
    return Promise.reject({ code: "internal", message: "Regulars must run inside its app window.", field: null });
  }
  return tauri.core.invoke<T>(cmd, args);
}

export function isApiError(e: unknown): e is ApiError {
  return typeof e === "object" && e !== null && "code" in e && "message" in e;
}

/** The one error normaliser: what a command rejected with, as an `ApiError` the page can show. */
export function toApiError(e: unknown): ApiError {
  return isApiError(e) ? e : { code: "internal", message: String(e), field: null };
}

export const api = {
  shopInfo: () => invoke<ShopInfo>("shop_info"),
  openDemo: () => invoke<ShopInfo>("open_demo"),
  openOwnShop: () => invoke<ShopInfo>("open_own_shop"),
  listMembers: (query: MemberQuery) => invoke<MemberList>("list_members", { query }),
  addMember: (input: MemberInput) => invoke<Member>("add_member", { input }),
  /** Adds someone forgotten again, once the owner said to (the add was refused as `forgotten`). */
  addMemberAgain: (input: MemberInput) => invoke<Member>("add_member_again", { input }),
  updateMember: (id: number, input: MemberInput) => invoke<Member>("update_member", { id, input }),
  markMemberLeft: (id: number, on: string | null) => invoke<Member>("mark_member_left", { id, on }),
  rejoinMember: (id: number) => invoke<Member>("rejoin_member", { id }),
  forgetMember: (id: number) => invoke<null>("forget_member", { id }),
  saveSettings: (settings: Settings) => invoke<SettingsSaved>("save_settings", { settings }),
  setLanguage: (language: Lang) => invoke<ShopInfo>("set_language", { language }),
  currencies: () => invoke<Currency[]>("currencies"),
  phoneRegions: () => invoke<Region[]>("phone_regions"),
  timeZones: () => invoke<string[]>("time_zones"),
  listBackups: () => invoke<BackupFile[]>("list_backups"),
  /** Asks where (the save dialog, in Rust) and writes a copy there; where it went, or null. */
  backupTo: (text: DialogText) => invoke<string | null>("backup_to", { text }),
  /** The system's open dialog, in Rust: the file chosen as a token for `flow`, or null. */
  chooseFile: (flow: Flow, text: DialogText) => invoke<FileToken | null>("choose_file", { flow, text }),
  /** Says what was done; the shop is open again after (call `shopInfo`). */
  restoreFrom: (file: string) => invoke<string>("restore_from", { file }),
  restoreBackup: (fileName: string) => invoke<string>("restore_backup", { fileName }),
  backupProblem: () => invoke<ApiError | null>("backup_problem"),
  dashboard: (week: string | null) => invoke<Dashboard>("dashboard", { week }),
  memberTable: (query: MemberQuery, sort: TableSort, shown: number) => invoke<MemberTable>("member_table", { query, sort, shown }),
  memberSummary: (id: number) => invoke<MemberSummary>("member_summary", { id }),
  setTarget: (kpi: string, value: number | null) => invoke<null>("set_target", { kpi, value }),
  review: (week: string | null) => invoke<ReviewDoc>("review", { week }),
  saveReviewHtml: (week: string | null, text: DialogText) => invoke<string | null>("save_review_html", { week, text }),
  saveReviewPdf: (text: DialogText) => invoke<string | null>("save_review_pdf", { text }),
  printReview: () => invoke<null>("print_review"),
  tablePreview: (kind: TableKind, file: string) => invoke<TableReport>("table_preview", { kind, file }),
  tableImport: (kind: TableKind, file: string, validRows: boolean) => invoke<TableReport>("table_import", { kind, file, validRows }),
  importPreview: (file: string, request: ImportRequest) => invoke<Preview>("import_preview", { file, request }),
  importRun: (file: string, request: ImportRequest) => invoke<ImportReport>("import_run", { file, request }),
  importCancel: () => invoke<null>("import_cancel"),
  listImports: () => invoke<Import[]>("list_imports"),
  undoImportCheck: (id: number) => invoke<UndoCheck>("undo_import_check", { id }),
  undoImport: (id: number, keepChanged: boolean) => invoke<number>("undo_import", { id, keepChanged }),
  unmatchedCustomers: () => invoke<Customer[]>("unmatched_customers"),
  linkCustomer: (identityId: number, memberId: number) => invoke<null>("link_customer", { identityId, memberId }),
  memberNamesOfCustomers: (identityIds: number[]) => invoke<string[]>("member_names_of_customers", { identityIds }),
  createMembersFromCustomers: (identityIds: number[]) => invoke<number>("create_members_from_customers", { identityIds }),
  listStaff: () => invoke<Staff[]>("list_staff"),
  addStaff: (input: StaffInput) => invoke<Staff>("add_staff", { input }),
  updateStaff: (id: number, input: StaffInput) => invoke<Staff>("update_staff", { id, input }),
  listGroups: () => invoke<Group[]>("list_groups"),
  addGroup: (input: GroupInput) => invoke<Group>("add_group", { input }),
  updateGroup: (id: number, input: GroupInput) => invoke<Group>("update_group", { id, input }),
  groupPage: (id: number) => invoke<GroupPage>("group_page", { id }),
  recordGroupSize: (group: number, on: string, size: number) => invoke<SizeReading>("record_group_size", { group, on, size }),
  /** How many of them were not in the group already. */
  addToGroup: (group: number, memberIds: number[], joinedOn: string) => invoke<number>("add_to_group", { group, memberIds, joinedOn }),
  leaveGroup: (stay: number, on: string) => invoke<Stay>("leave_group", { stay, on }),
  ruleTemplates: () => invoke<RuleDraft[]>("rule_templates"),
  reviseRules: (group: number, input: RevisionInput) => invoke<Revision>("revise_rules", { group, input }),
  reviewRules: (group: number, on: string, note: string) => invoke<Revision>("review_rules", { group, on, note }),
  rulesRevision: (group: number, number: number) => invoke<Revision>("rules_revision", { group, number }),
  compareRules: (group: number, from: number, to: number) => invoke<RulesDiff>("compare_rules", { group, from, to }),
  rulesCard: (group: number, paper: Paper) => invoke<string>("rules_card", { group, paper }),
  saveRulesCardHtml: (group: number, paper: Paper, text: DialogText) => invoke<string | null>("save_rules_card_html", { group, paper, text }),
  saveRulesCardPdf: (paper: Paper, text: DialogText) => invoke<string | null>("save_rules_card_pdf", { paper, text }),
  logBreach: (input: EntryInput) => invoke<Entry>("log_breach", { input }),
  withdrawEntry: (id: number, reason: string) => invoke<Entry>("withdraw_entry", { id, reason }),
  breachLadder: (group: number, who: Who, on: string) => invoke<Ladder>("breach_ladder", { group, who, on }),
  forgetParticipant: (id: number) => invoke<null>("forget_participant", { id }),
  chatImport: (file: string, groupId: number, dateOrder: DayOrder | null) => invoke<ChatReport>("chat_import", { file, groupId, dateOrder }),
  decideSenders: (groupId: number, decisions: DecisionInput[]) => invoke<number>("decide_senders", { groupId, decisions }),
  confirmFlag: (input: ConfirmInput) => invoke<number>("confirm_flag", { input }),
  dismissFlag: (flagId: number) => invoke<null>("dismiss_flag", { flagId }),
  groupDays: (groupId: number, from: string, to: string) => invoke<GroupDay[]>("group_days", { groupId, from, to }),
  typeGroupDays: (groupId: number, days: DayInput[]) => invoke<number>("type_group_days", { groupId, days }),
};

/** Subscribes to an app event; returns the unsubscribe function. */
function on<T>(event: string, handler: (payload: T) => void): () => void {
  const listen = window.__TAURI__?.event.listen;
  if (!listen) return () => {};
  const stop = listen<T>(event, (e) => handler(e.payload));
  return () => {
    stop.then((f) => f(), () => {});
  };
}

export const events = {
  onImportProgress: (handler: (progress: ImportProgress) => void) => on<ImportProgress>("import-progress", handler),
  /** The running import ended: done, cancelled or failed. */
  onImportFinished: (handler: () => void) => on<null>("import-finished", () => handler()),
  /** A file dropped on the window, as the token Rust issued for it. */
  onFileDrop: (handler: (file: FileToken) => void) => on<FileToken>("file-dropped", handler),
};

/** What `import-progress` says: the file and how far its import is. */
export type ImportProgress = { file: string; done: number; total: number };
