// Small pure helpers the screens share; unit-tested in format.test.ts.
import type { Lang, Member, MemberInput, Unit } from "./bindings";

/** A count with the language's digit grouping: 15,898. */
export function formatCount(n: number, lang: Lang): string {
  return new Intl.NumberFormat(lang === "zh-CN" ? "zh-CN" : "en").format(n);
}

/** A `YYYY-MM-DD` date as the owner reads it: 2026年3月9日 / 9 Mar 2026. */
export function formatDate(iso: string | null, lang: Lang): string {
  if (!iso) return "—";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (lang === "zh-CN") return `${y}年${mo}月${d}日`;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${d} ${months[mo - 1] ?? ""} ${y}`;
}

/** A local `YYYY-MM-DD HH:MM:SS` (or `T`-separated) time to the minute: 30 Nov 2026, 09:05 /
 * 2026年11月30日 09:05. */
export function formatDateTime(iso: string | null, lang: Lang): string {
  if (!iso) return "—";
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(iso);
  if (!m) return iso;
  return lang === "zh-CN" ? `${formatDate(m[1], lang)} ${m[2]}` : `${formatDate(m[1], lang)}, ${m[2]}`;
}

/** A span of days without its year, as a week's title gives it: "23–29 Nov", "30 Nov – 6 Dec";
 * "11月23日–29日", "11月30日–12月6日". */
export function formatDayRange(from: string, to: string, lang: Lang): string {
  const parse = (iso: string) => iso.split("-").map(Number) as [number, number, number];
  const [, m1, d1] = parse(from);
  const [, m2, d2] = parse(to);
  if (lang === "zh-CN") return m1 === m2 ? `${m1}月${d1}日–${d2}日` : `${m1}月${d1}日–${m2}月${d2}日`;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return m1 === m2 ? `${d1}–${d2} ${months[m2 - 1]}` : `${d1} ${months[m1 - 1]} – ${d2} ${months[m2 - 1]}`;
}

/** Where a week (its first and last day) lies from `today`: this week, last week, or another. */
export function weekRelation(start: string, end: string, today: string): "this" | "last" | "other" {
  if (start <= today && today <= end) return "this";
  const days = (Date.parse(today) - Date.parse(end)) / 86_400_000;
  return days >= 1 && days <= 7 ? "last" : "other";
}

/** "2 Mar 2026 – 4 Mar 2026", or "—" when there is no date (an import that added nothing). */
export function formatPeriod(from: string | null, to: string | null, lang: Lang): string {
  return from ? `${formatDate(from, lang)} – ${formatDate(to, lang)}` : "—";
}

/** Tags typed in one field, split on the separators people use in either language. */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[,，;；、]/)) {
    const tag = part.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

export function joinTags(tags: string[], lang: Lang): string {
  return tags.join(lang === "zh-CN" ? "、" : ", ");
}

export function emptyInput(today: string): MemberInput {
  return {
    name: "",
    phone: "",
    wechat_name: "",
    birthday: null,
    joined_on: today,
    source: "in_store",
    tags: [],
    notes: "",
    marketing_consent: false,
  };
}

export function inputFromMember(m: Member): MemberInput {
  return {
    name: m.name ?? "",
    phone: m.phone_display ?? "",
    wechat_name: m.wechat_name ?? "",
    birthday: m.birthday,
    joined_on: m.joined_on,
    source: m.source,
    tags: m.tags,
    notes: m.notes,
    marketing_consent: m.marketing_consent,
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** `name-2026-03-09.sqlite`, a safe default file name for a backup. */
export function backupFileName(base: string, today: string): string {
  return `${base}-${today}.sqlite`;
}

/** Minor units as the owner reads money: ¥1,234.50, -¥12.00. */
export function formatMoney(minor: number, symbol: string, digits: number): string {
  const sign = minor < 0 ? "-" : "";
  const abs = Math.abs(minor);
  const unit = 10 ** digits;
  const whole = Math.floor(abs / unit)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = digits > 0 ? "." + String(abs % unit).padStart(digits, "0") : "";
  return `${sign}${symbol}${whole}${frac}`;
}

/** Thousandths of a unit as a quantity: 2000 → "2", 1500 → "1.5". */
export function formatQuantity(milli: number): string {
  return String(Math.round(milli) / 1000);
}

/** A target as the owner types it: ratios in percent, money in major units, others as they are. */
export function targetToInput(unit: Unit, value: number | null, digits: number): string {
  if (value === null) return "";
  if (unit === "ratio") return String(Math.round(value * 1000) / 10);
  if (unit === "money") return String(value / 10 ** digits);
  return String(value);
}

/** The stored target of what the owner typed (see `targetToInput`); null when it is not a number ≥ 0. */
export function targetFromInput(unit: Unit, text: string, digits: number): number | null {
  const cleaned = text.trim().replace(/[,，\s%％×]/g, "").replace(/^[¥￥$€£₩]/, "");
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return null;
  const n = Number(cleaned);
  if (unit === "ratio") return n / 100;
  if (unit === "money") return Math.round(n * 10 ** digits);
  return n;
}

/** The year a birthday is kept in when its year is not known (`BIRTHDAY_YEAR_UNKNOWN` in
 * src-tauri/people/members.rs): shown as a month and day only. */
export const BIRTHDAY_YEAR_UNKNOWN = "1604";

/** A birthday as the owner reads it: its date, or its month and day when the year is not known. */
export function formatBirthday(iso: string | null, lang: Lang): string {
  return iso?.startsWith(`${BIRTHDAY_YEAR_UNKNOWN}-`) ? formatMonthDay(iso, lang) : formatDate(iso, lang);
}

/** A date without its year (a birthday, say): 11月25日 / 25 Nov. */
export function formatMonthDay(iso: string | null, lang: Lang): string {
  const m = iso ? /^\d{4}-(\d{2})-(\d{2})$/.exec(iso) : null;
  if (!m) return "—";
  const [mo, d] = [Number(m[1]), Number(m[2])];
  if (lang === "zh-CN") return `${mo}月${d}日`;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${d} ${months[mo - 1] ?? ""}`;
}
