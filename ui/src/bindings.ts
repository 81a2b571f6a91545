// Generated from the Rust types by src-tauri/app/bindings.rs. Do not edit:
// run `UPDATE_BINDINGS=1 cargo test bindings` after changing a type.

export type Lang = "zh-CN" | "en";

export type ErrorCode = "invalid" | "notFound" | "conflict" | "dbNewerThanApp" | "notARegularsFile" | "unreadable" | "io" | "internal";

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
mask_phones: boolean, };

export type Currency = { code: string, symbol: string, minor_digits: number, };

export type ShopKind = "owner" | "demo";

export type ShopInfo = { kind: ShopKind, settings: Settings, 
/**
 * The owner's shop has never been used: show the welcome screen.
 */
first_run: boolean, member_count: number, data_dir: string, today: string, };

export type MemberSource = "in_store" | "event" | "referral" | "online" | "other";

export type Member = { id: number, name: string, 
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

export type BackupKind = "daily" | "preUpgrade" | "preRestore" | "manual";

export type BackupFile = { path: string, file_name: string, kind: BackupKind, size_bytes: number, };
