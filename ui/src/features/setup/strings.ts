// The words of the setup feature, in English and 简体中文 (the Chinese typed as the English, so
// a key missing from either is a type error). Read with `useWords(words)`.
import type { Lang } from "../../lib/bindings";

const en = {
  setupTitle: "Your shop",
  setupLead: "Two details and you are done. You can change them any time in Settings.",
  setupMembers: "Your member list (optional)",
  setupMembersHint: "A CSV or Excel file with names and phones (name/姓名, phone/手机号, joined/入群日期, tags/标签). Their past purchases are matched by phone.",
  setupDone: "Go to my dashboard",
};

const zh: typeof en = {
  setupTitle: "你的店",
  setupLead: "再填两项就好，之后可随时在“设置”中修改。",
  setupMembers: "会员名单（可选）",
  setupMembersHint: "含姓名和手机号的 CSV 或 Excel 文件（姓名、手机号、入群日期、标签）。他们过去的消费会按手机号匹配。",
  setupDone: "进入我的看板",
};

export const words: Record<Lang, typeof en> = { en, "zh-CN": zh };
