// Generated from the Rust types by src-tauri/app/bindings.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test bindings` after changing a type.

export type Lang = "zh-CN" | "en";

export type ErrorCode = "invalid" | "notFound" | "conflict" | "dbNewerThanApp" | "notARegularsFile" | "unreadable" | "io" | "protectedDestination" | "readOnly" | "cancelled" | "forgotten" | "notChosen" | "importRunning" | "chooseDateOrder" | "internal";

export type ApiError = { code: ErrorCode, message: string, field: string | null, };

export type WeekStart = "monday" | "sunday";

export type Settings = { shop_name: string, 
/**
 * ISO 4217 code, one of `CURRENCIES`.
 */
currency: string, 
/**
 * ISO 3166 two-letter region used as the default country of phone numbers.
 */
phone_region: string, 
/**
 * IANA time zone of the shop, e.g. `Asia/Shanghai`.
 */
time_zone: string, week_start: WeekStart, language: Lang, 
/**
 * Mask the middle digits of phones in reports and exports.
 */
mask_phones: boolean, 
/**
 * When a member counts as new, active, at risk or lapsed.
 */
lifecycle: Lifecycle, 
/**
 * How the groups' rules and moderation are kept.
 */
community: Community, 
/**
 * The words a chat import looks for.
 */
chat_words: ChatWords, };

export type Currency = { code: string, symbol: string, minor_digits: number, };

export type Region = { 
/**
 * ISO 3166 code, as `phone_region` stores it.
 */
code: string, zh: string, en: string, };

export type ShopKind = "owner" | "demo";

export type ShopInfo = { kind: ShopKind, settings: Settings, 
/**
 * The owner's shop has never been used (no members, no sales, never started): show the
 * welcome screen.
 */
first_run: boolean, member_count: number, data_dir: string, 
/**
 * The folder cannot be written: every screen says so, and every change is refused.
 */
read_only: boolean, today: string, 
/**
 * How money is written in this shop: symbol and digits after the point.
 */
currency_symbol: string, currency_digits: number, 
/**
 * What opening the shop did that the owner should know (`Shop::opened`).
 */
opened: string | null, };

export type SettingsSaved = { info: ShopInfo, notices: Array<string>, };

export type MemberSource = "in_store" | "event" | "referral" | "online" | "other";

export type Member = { id: number, 
/**
 * What the owner calls them; `None` for a nameless member (known by their phone alone).
 */
name: string | null, 
/**
 * How they are shown: their name, else "顾客 138****5678" ([`label`]).
 */
label: string, 
/**
 * E.164, e.g. `+8613812341234` (masked when shown outside the app).
 */
phone: string | null, 
/**
 * The phone as the owner reads it: national digits for the shop's country.
 */
phone_display: string | null, wechat_name: string | null, birthday: string | null, joined_on: string, source: MemberSource, tags: Array<string>, notes: string, marketing_consent: boolean, left_on: string | null, };

export type MemberInput = { name: string, phone: string, wechat_name: string, birthday: string | null, joined_on: string, source: MemberSource, tags: Array<string>, notes: string, marketing_consent: boolean, };

export type MemberSort = "name" | "joined_newest" | "joined_oldest";

export type MemberStatus = "current" | "left" | "all";

export type MemberQuery = { 
/**
 * Matches name, WeChat name, tag, or (three or more digits) phone.
 */
search: string, sort: MemberSort, status: MemberStatus, };

export type MemberList = { members: Array<Member>, 
/**
 * Members in the chosen status before the search narrowed them.
 */
total: number, };

export type BackupKind = "auto" | "preUpgrade" | "preRestore" | "manual";

export type BackupFile = { path: string, file_name: string, kind: BackupKind, 
/**
 * When it was made, by its name (or the file's time when the name says none or a future).
 */
made_at: string | null, size_bytes: number, };

export type FileKind = "text" | "xlsx" | "xls";

export type TextEncoding = "utf8" | "utf16Le" | "utf16Be" | "gb18030";

export type ReadOptions = { encoding: TextEncoding | null, delimiter: string | null, sheet: string | null, };

export type Row = { 
/**
 * The row as the owner sees it: the line number in a text file, the row in a spreadsheet.
 */
number: number, cells: Array<string>, };

export type Sniffed = { kind: FileKind, 
/**
 * Text files only.
 */
encoding: TextEncoding | null, 
/**
 * Text files only.
 */
delimiter: string | null, 
/**
 * Workbooks only: the sheet read.
 */
sheet: string | null, 
/**
 * The header's row number (as in `Row::number`).
 */
header_row: number, headers: Array<string>, 
/**
 * Non-empty rows above the header (report name, store, date range), cells joined by spaces.
 */
title_lines: Array<string>, 
/**
 * The first data rows (at most `SAMPLE_ROWS`).
 */
samples: Array<Row>, size_bytes: number, };

export type DecimalStyle = "point" | "comma";

export type DateOrder = "ymd" | "dmy" | "mdy";

export type Role = "date" | "time" | "receipt_id" | "item" | "category" | "quantity" | "unit_price" | "gross" | "discount" | "net" | "tax" | "refund_flag" | "status" | "refund_amount" | "refund_date" | "original_receipt" | "customer_phone" | "customer_id" | "member_card" | "customer_name" | "order_total" | "shipping";

export type Level = "line" | "receipt";

export type LineKind = "sale" | "refund" | "void";

export type Mapping = { 
/**
 * Role → 0-based column; each role at most once.
 */
columns: Array<[Role, number]>, level: Level, decimal: DecimalStyle, 
/**
 * `None`: the dates do not tell day from month; the owner must be asked.
 */
date_order: DateOrder | null, 
/**
 * True: gross/net include tax and the tax column is subtracted for net
 * sales. False: the amounts exclude tax (Square's "Gross Sales").
 */
tax_included: boolean, 
/**
 * What the owner said the status values no rule of `classify_kind` knows mean (the value
 * as written, trimmed → its kind): a POS's codes (`0` / `1` / `2`) or its own words.
 * Remembered with the mapping; absent from mappings saved before it existed.
 */
statuses: Array<[string, LineKind]>, 
/**
 * An order's money is on its first row only (Shopify's `Subtotal`, `Discount Amount`):
 * its later rows add items, not money, and its gross is net plus the discount. From the
 * preset; absent from mappings saved before it existed.
 */
money_on_first_row: boolean, };

export type GuessBy = "preset" | "header" | "values";

export type ColumnGuess = { column: number, header: string, role: Role | null, by: GuessBy | null, };

export type Proposal = { 
/**
 * The preset id, when the header is a known layout.
 */
preset: string | null, mapping: Mapping, columns: Array<ColumnGuess>, 
/**
 * Required roles no column plays (see `required_roles`).
 */
missing: Array<Role>, 
/**
 * The dates do not tell day from month: the owner must choose.
 */
ambiguous_dates: boolean, };

export type ImportRequest = { path: string, read: ReadOptions, 
/**
 * A mapping confirmed or corrected by the owner; wins over everything.
 */
mapping: Mapping | null, 
/**
 * A preset chosen by id.
 */
preset: string | null, 
/**
 * Accept the proposed mapping of an unknown layout without asking.
 */
auto_map: boolean, 
/**
 * Import the valid rows and write the others to a rejects file.
 */
skip_invalid: boolean, 
/**
 * Import the file although most of its receipts came with an earlier import of another
 * description (`elsewhere`): the owner said these are other sales.
 */
import_anyway: boolean, };

export type Problem = { row: number, column: string | null, value: string, expected: string, };

export type SaleKind = "sale" | "refund";

export type LineView = { kind: SaleKind, day: string, time: string | null, receipt: string, item: string | null, qty_milli: number, gross_minor: number, discount_minor: number, net_minor: number, customer: string | null, };

export type PreviewRow = { number: number, cells: Array<string>, lines: Array<LineView>, problems: Array<Problem>, };

export type ImportReport = { batch_id: number | null, source: string, rows: number, lines_new: number, lines_duplicate: number, lines_rejected: number, lines_void: number, receipts: number, refunds: number, date_from: string | null, date_to: string | null, gross_minor: number, discounts_minor: number, refunds_minor: number, net_minor: number, customers_identified: number, customers_matched: number, rejects_file: string | null, 
/**
 * Receipts imported earlier as sales that this file says were voided (`sales::voids`),
 * and the net sales they held: both leave the totals.
 */
receipts_voided: number, voided_minor: number, };

export type WarningKind = "receiptEmpty" | "ownReceipts" | "dayReceipts" | "unknownStatus" | "sameSales" | "possiblePhones";

export type Warning = { kind: WarningKind, message: string, };

export type Guessed = { value: string, why: string, };

export type ShopGuess = { currency: Guessed | null, phone_region: Guessed | null, time_zone: Guessed | null, };

export type Preview = { file_name: string, sniffed: Sniffed, proposal: Proposal, mapping: Mapping, source: string, 
/**
 * The layout is unknown and its mapping was neither confirmed nor remembered.
 */
needs_confirmation: boolean, 
/**
 * Roles the import cannot do without; the file is refused while any is missing.
 */
missing: Array<Role>, rows: Array<PreviewRow>, 
/**
 * The whole file, as an import would count it (nothing written).
 */
summary: ImportReport, problems: Array<Problem>, problem_rows: number, 
/**
 * What looks wrong with the mapping though every row reads (see `warnings`).
 */
warnings: Array<Warning>, 
/**
 * The recognised layout's name in the owner's language ("Square · items"), not its id.
 */
layout_name: string | null, 
/**
 * The status column's values no rule knows, for the owner to say what each means
 * (`Mapping::statuses`); empty when every value is known or the file was not read.
 */
status_values: Array<string>, 
/**
 * The shop has no sales yet: its settings are to be confirmed against `shop_guess`
 * before this first import.
 */
first_import: boolean, 
/**
 * What the file says about the shop: on a first import, its currency, phone region and
 * time zone; after it, a phone region only, when most of the file's phones fit another
 * region better than the shop's (`shop_guess`).
 */
shop_guess: ShopGuess, };

export type Counts = { rows: number, added: number, 
/**
 * Rows whose record the store already had (a file imported again adds nothing twice).
 */
duplicate: number, rejected: number, };

export type Batch = { id: number, 
/**
 * The kind of import: `sales`, or a table import's schema (`members`).
 */
kind: string, file_name: string, sha256: string, imported_at: string, 
/**
 * The POS preset or `custom` of a sales import; the table import's schema otherwise.
 */
source: string, counts: Counts, rejects_file: string | null, };

export type Import = { batch: Batch, sales: ImportReport | null, 
/**
 * A sales import's layout as the owner reads it ("Square 商品明细", "Your own layout").
 */
layout: string | null, };

export type UndoCheck = { 
/**
 * Sales lines, or members.
 */
removes: number, 
/**
 * Sales lines that stay: a remaining import brought them too.
 */
kept: number, 
/**
 * Receipts this sales import voided, which count again once it is undone.
 */
restores: number, 
/**
 * The members of a member list changed since (edited, tagged, linked to a customer): undo
 * asks whether they go too.
 */
changed: Array<string>, };

export type TableKind = "members" | "groupStats";

export type TableRequest = { path: string, 
/**
 * Import the valid rows and write the refused ones to a rejects file, instead of refusing
 * the file whole.
 */
valid_rows: boolean, };

export type ColumnUse = { header: string, field: string | null, };

export type RowProblem = { row: number, 
/**
 * The file's header of the column at fault.
 */
column: string | null, value: string | null, 
/**
 * The schema's field at fault, by its serde name.
 */
field: string | null, message: string, };

export type TableReport = { kind: string, file_name: string, batch_id: number | null, counts: Counts, columns: Array<ColumnUse>, 
/**
 * The first refused rows (all of their count is in `counts.rejected`).
 */
problems: Array<RowProblem>, 
/**
 * The first rows kept with something to check (`Schema::warning`).
 */
warnings: Array<RowProblem>, rejects_file: string | null, };

export type Customer = { identity_id: number, 
/**
 * `phone`, `raw` (a phone that could not be read), `pos_id` or `card`.
 */
kind: string, 
/**
 * As the owner reads it: a formatted phone, or the POS id / card number.
 */
label: string, name: string | null, receipts: number, spend_minor: number, last_day: string | null, };

export type Unit = "money" | "count" | "ratio" | "multiple";

export type Status = "onTrack" | "behind" | "farBehind";

export type Trend = "up" | "down" | "flat";

export type Stage = "new" | "active" | "atRisk" | "lapsed";

export type Lifecycle = { new_days: number, active_days: number, lapsed_days: number, never_days: number, };

export type Community = { rules_review_months: number, ladder_days: number, };

export type ChatWords = { checkin: Array<string>, ad: Array<string>, };

export type StaffRole = "owner" | "admin" | "operations" | "counter";

export type Staff = { id: number, name: string, role: StaffRole, };

export type StaffInput = { name: string, role: StaffRole, };

export type Platform = "wechat" | "wecom" | "douyin" | "xiaohongshu" | "weibo" | "whatsapp" | "telegram" | "other";

export type Threshold = "till_qr" | "receipt" | "questionnaire" | "invitation";

export type GroupStatus = "active" | "paused" | "archived";

export type GroupInput = { platform: Platform, name: string, positioning: string, slogan: string, owner_id: number | null, created_on: string, threshold: Threshold, target_size: number | null, status: GroupStatus, };

export type SizeReading = { on: string, size: number, };

export type Group = { id: number, platform: Platform, name: string, positioning: string, slogan: string, owner_id: number | null, owner_name: string | null, created_on: string, threshold: Threshold, target_size: number | null, status: GroupStatus, 
/**
 * The last size typed (on or before today).
 */
size: SizeReading | null, 
/**
 * Members from the member list in the group today ("on your list": not its size).
 */
listed: number, };

export type Stay = { id: number, group_id: number, member_id: number, joined_on: string, left_on: string | null, };

export type RevisionKind = "first" | "change" | "review";

export type Rule = { 
/**
 * The rule's id within its group, the same in every revision.
 */
rule_id: number, 
/**
 * Its number in this revision: 1, 2, …
 */
number: number, title: string, body: string, };

export type RuleDraft = { rule_id: number | null, title: string, body: string, };

export type RevisionInput = { on: string, reason: string, rules: Array<RuleDraft>, };

export type Revision = { id: number, group_id: number, 
/**
 * 1, 2, … within the group.
 */
number: number, on: string, kind: RevisionKind, reason: string, rules: Array<Rule>, };

export type ReviewDue = { group_id: number, group: string, 
/**
 * The last revision's day (`None`: the group has no rules yet).
 */
last_on: string | null, };

export type Mark = "same" | "added" | "removed";

export type Piece = { text: string, mark: Mark, };

export type RuleDiff = { rule_id: number, 
/**
 * The rule in the older revision (`None`: added).
 */
before: Rule | null, 
/**
 * The rule in the newer revision (`None`: removed).
 */
after: Rule | null, reworded: boolean, 
/**
 * Its place among the rules both revisions have changed.
 */
moved: boolean, 
/**
 * The title and text word by word (all `Same` when unchanged).
 */
title: Array<Piece>, body: Array<Piece>, };

export type RulesDiff = { from: number, to: number, 
/**
 * In the newer revision's order, a removed rule after the rule it followed.
 */
rules: Array<RuleDiff>, added: number, removed: number, reworded: number, moved: number, };

export type Action = "reminder" | "warning" | "mute" | "removal" | "note" | "withdrawal";

export type Who = { "kind": "member", member_id: number, } | { "kind": "participant", label: string, };

export type EntryInput = { group_id: number, who: Who, 
/**
 * The rule broken (its id in the group), if any.
 */
rule_id: number | null, on: string, action: Action, handled_by: number | null, note: string, };

export type Entry = { id: number, group_id: number, group: string, member_id: number | null, participant_id: number | null, 
/**
 * The member's label, the participant's, or "someone no longer on record" ([`gone`]).
 */
who: string, 
/**
 * Whether the person is on the member list.
 */
on_list: boolean, rule_id: number | null, 
/**
 * "3. 不发广告" as numbered in the revision in force that day.
 */
rule: string | null, 
/**
 * That revision's number.
 */
revision: number | null, on: string, action: Action, handled_by: number | null, handler: string | null, note: string, 
/**
 * The entry this one withdraws.
 */
withdraws: number | null, 
/**
 * The entry that withdrew this one.
 */
withdrawn_by: number | null, };

export type Ladder = { 
/**
 * Their standing breaches in the window (this one not counted).
 */
breaches: number, 
/**
 * The furthest step taken in the window.
 */
furthest: Action | null, proposed: Action, window_days: number, };

export type Offender = { group_id: number, group: string, member_id: number | null, participant_id: number | null, who: string, on_list: boolean, breaches: number, last_on: string, proposed: Action, };

export type ListedMember = { stay: Stay, label: string, last_visit: string | null, };

export type GroupPage = { group: Group, sizes: Array<SizeReading>, 
/**
 * Those in the group first, then those who left.
 */
listed: Array<ListedMember>, 
/**
 * Newest first, without their rules.
 */
revisions: Array<Revision>, current: Revision | null, 
/**
 * The revision whose words are the current rules (the last that was not a review).
 */
changed: Revision | null, entries: Array<Entry>, 
/**
 * This group's repeat offenders as of today.
 */
offenders: Array<Offender>, 
/**
 * When the rules are due for a review (`None`: not due).
 */
review_due: ReviewDue | null, staff: Array<Staff>, };

export type GroupLine = { id: number, name: string, platform: string, 
/**
 * The last size typed by the week's end.
 */
size: SizeReading | null, target_size: number | null, 
/**
 * Members on the list at the week's end.
 */
listed: number, 
/**
 * Moderation entries dated in the week (withdrawn ones not counted).
 */
actions: number, 
/**
 * What the group's days say of the week: typed, imported or from its chats.
 */
days: WeekDays, };

export type WeekDays = { 
/**
 * The size on the week's last day (or today's), and where it comes from.
 */
size: number | null, size_from: SizeFrom, joins: number | null, leaves: number | null, messages: number | null, 
/**
 * Each day's speaking rate (metrics.md), and the week's (the mean of the days with one).
 */
rates: Array<DayRate>, rate: number | null, 
/**
 * The rates as a small chart (SVG).
 */
chart: string, };

export type DayRate = { on: string, rate: number | null, };

export type SizeFrom = "reading" | "carried" | "adjusted" | "unknown";

export type Figures = { size: number | null, joins: number | null, leaves: number | null, speakers: number | null, messages: number | null, };

export type GroupDay = { on: string, figures: Figures, size_from: SizeFrom, 
/**
 * What was typed that day (the week grid shows it).
 */
typed: Figures, checkins: number | null, };

export type ChatReport = { batch_id: number, group_id: number, format: Format, file_name: string, first_day: string, last_day: string, 
/**
 * Messages in the file.
 */
messages: number, 
/**
 * Its messages, joins and leaves the shop did not have yet, and those it had.
 */
added: number, already: number, 
/**
 * Distinct people who sent a message.
 */
senders: number, joins: number, leaves: number, 
/**
 * Messages with a check-in word.
 */
checkins: number, 
/**
 * Everyone the file names, with the match proposed (their names are not stored: this
 * report is the only place they are read back).
 */
people: Array<Seen>, 
/**
 * Breach candidates among the new messages, the first few hundred.
 */
flags: Array<Candidate>, flags_total: number, };

export type Seen = { sender_id: number, name: string, remark: string | null, messages: number, decision: Decision, proposal: SenderMatch, };

export type Decision = { "kind": "open" } | { "kind": "member", member_id: number, } | { "kind": "staff", staff_id: number | null, } | { "kind": "other", label: string | null, };

export type SenderMatch = { "kind": "member", member_id: number, label: string, } | { "kind": "several", members: Array<Named>, } | { "kind": "staff" } | { "kind": "nobody" };

export type Named = { member_id: number, label: string, };

export type Candidate = { flag_id: number, sender_id: number, name: string, at: string, hits: Array<Hit>, word: string | null, excerpt: string, };

export type Hit = "link" | "qr" | "card" | "phone" | "word";

export type Format = "whatsapp" | "telegram" | "wechat_csv";

export type DayOrder = "day_first" | "month_first";

export type DecisionInput = { sender_id: number, decision: Decision, };

export type ConfirmInput = { flag_id: number, action: Action, rule_id: number | null, handled_by: number | null, 
/**
 * The excerpt as the owner read it in the import's report (masked and cut again here).
 */
excerpt: string, };

export type DayInput = { on: string, figures: Figures, };

export type GroupsWeek = { 
/**
 * The groups not archived.
 */
groups: Array<GroupLine>, 
/**
 * Two or more breaches in a group in the ladder's window ending with the week.
 */
offenders: Array<Offender>, 
/**
 * Rules not reviewed for the settings' months by the week's end (or never written).
 */
rules_due: Array<ReviewDue>, actions: number, };

export type MemberGroup = { group_id: number, group: string, joined_on: string, left_on: string | null, };

export type Paper = "a5" | "a4";

export type KpiCard = { key: string, label: string, unit: Unit, value: number | null, display: string, previous: number | null, previousDisplay: string, target: number | null, targetDisplay: string | null, status: Status | null, trend: Trend | null, 
/**
 * Whether the change since last week is good news (`None`: flat or nothing to compare).
 */
better: boolean | null, formula: string, 
/**
 * A rate over fewer than `metrics::SMALL_SAMPLE` people, with its count ("1 of 1"): it is
 * judged against no target.
 */
smallSample: string | null, };

export type ChartSvg = { id: string, title: string, svg: string, };

export type Covered = { from: string, to: string, };

export type StageCount = { stage: Stage, count: number, };

export type MemberLine = { memberId: number, name: string, 
/**
 * How staff know them in the group chat.
 */
wechatName: string | null, 
/**
 * Masked unless the owner turned masking off.
 */
phone: string | null, marketingConsent: boolean, lastVisit: string | null, usualSpendMinor: number | null, birthday: string | null, kocScore: number | null, };

export type Kpis = { gross_minor: number | null, discounts_minor: number | null, refunds_minor: number | null, net_minor: number | null, receipts: number | null, average_ticket_minor: number | null, member_net_minor: number | null, ordinary_net_minor: number | null, anonymous_net_minor: number | null, member_receipts: number | null, member_share: number | null, repeat_rate_members: number | null, repeat_rate_ordinary: number | null, repeat_multiple: number | null, members_total: number | null, new_members: number | null, members_left: number | null, growth_rate: number | null, active_members: number | null, activity_rate: number | null, retention_30d: number | null, check_in_rate: number | null, interaction_rate: number | null, };

export type Dashboard = { 
/**
 * `2026-W12`
 */
week: string, start: string, 
/**
 * The last day, included.
 */
end: string, 
/**
 * Weeks with sales, newest first, for the week picker.
 */
weeks: Array<string>, 
/**
 * The days of the week the imported sales cover, when not all of them (or the week is not
 * over): its numbers are not a whole week's.
 */
partial: Covered | null, kpis: Kpis, cards: Array<KpiCard>, charts: Array<ChartSvg>, 
/**
 * Members in each lifecycle stage at the week's end.
 */
stages: Array<StageCount>, atRisk: Array<MemberLine>, birthdays: Array<MemberLine>, koc: Array<MemberLine>, bigSpenders: Array<Customer>, 
/**
 * The groups that week: sizes, members on the list, moderation, rules due.
 */
groups: GroupsWeek, };

export type MemberActivity = { member_id: number, stage: Stage, last_visit: string | null, 
/**
 * Weeks of the last 12 with a member receipt.
 */
active_weeks: number, 
/**
 * Days of the last 12 weeks with a receipt (visits).
 */
visits_12w: number, 
/**
 * Net sales of the last 12 weeks.
 */
net_12w_minor: number, 
/**
 * The median net of their receipt days in the last 12 weeks.
 */
usual_spend_minor: number | null, 
/**
 * KOC score 0–100 (docs/metrics-notes.md).
 */
koc_score: number, };

export type MemberSummary = { member: Member, 
/**
 * `None` for a member who has left.
 */
activity: MemberActivity | null, 
/**
 * Their stays in the groups, newest first.
 */
groups: Array<MemberGroup>, };

export type TableSort = "name" | "last_visit" | "visits" | "spend" | "stage" | "birthday" | "joined_newest";

export type MemberRow = { member: Member, 
/**
 * What they did as of today; `None` for a member who left.
 */
activity: MemberActivity | null, 
/**
 * The groups they are in today, by name.
 */
groups: Array<string>, };

export type MemberTable = { 
/**
 * The first members of the list, in its order: as many as asked for.
 */
rows: Array<MemberRow>, 
/**
 * Members the search found (all of them sorted; `rows` are the first).
 */
found: number, 
/**
 * Members of the status asked for, before the search.
 */
total: number, };

export type Flow = "import" | "restore" | "chat";

export type FileToken = { token: string, name: string, };

export type DialogText = { filter: string, file_name: string | null, };

export type ReviewDoc = { week: string, 
/**
 * Weeks with sales, newest first, for the week picker.
 */
weeks: Array<string>, html: string, };
