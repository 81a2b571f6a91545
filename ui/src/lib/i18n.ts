// The words the app's shell and more than one feature share, in English and 简体中文 (each
// feature keeps its own in `features/<area>/strings.ts`). `zh` is typed after `en`, so a key
// missing from either language is a type error.
import type { Lang } from "./bindings";

const en = {
  appName: "Regulars",
  navDashboard: "Dashboard",
  navReview: "Weekly review",
  dashboardEmptyTitle: "No sales yet",
  dashboardEmptyAction: "Import my POS export",
  navMembers: "Members",
  navGroups: "Groups",
  navSettings: "Settings",
  navImport: "Import sales",
  switchLanguage: "中文",
  switchLanguageTitle: "切换到中文",
  welcomeTitle: "Welcome to Regulars",
  welcomeLead:
    "Keep your regulars close: your member list, birthdays, who is drifting away, and next week's to-dos — all on this computer, nothing in the cloud.",
  openDemo: "Open the demo shop",
  openDemoHint: "A bakery with 140 members to look around in. It is kept apart from your own data.",
  startOwn: "Start with an empty shop",
  startOwnHint: "Add members by hand; import sales later.",
  importFirst: "Import my POS export",
  importFirstHint: "Bring in the sales file your till exports (CSV or Excel), then name your shop and see your week.",
  demoBanner: "You are in the demo shop. Nothing you do here touches your own data.",
  leaveDemo: "Back to my shop",
  memberCount: (n: number) => `${n} ${n === 1 ? "member" : "members"}`,
  searchPlaceholder: "Search name, phone or tag",
  save: "Save",
  cancel: "Cancel",
  fieldShopName: "Shop name",
  fieldCurrency: "Currency",
  startupErrorTitle: "Your shop could not be opened",
  startupRestoreLead: "You can put back one of the copies Regulars made. The file that could not be opened is kept aside, unchanged.",
  startupNoCopies: "There are no copies in the backups folder.",
  startupRestore: "Restore this copy",
  startupRestoring: "Restoring…",
  readOnlyBanner: (folder: string) =>
    `Read only: the shop's folder (${folder}) cannot be written to, so you can look but not change anything. Move the folder somewhere writable to make changes.`,
  importingBanner: (file: string, percent: number) => `Importing ${file} · ${percent}% — pages fill in when it is done.`,
  importingOpen: "Show the import",
  dismiss: "OK",
};

export type Dict = typeof en;

const zh: Dict = {
  appName: "熟客",
  navDashboard: "看板",
  navReview: "每周复盘",
  dashboardEmptyTitle: "还没有销售数据",
  dashboardEmptyAction: "导入我的 POS 导出文件",
  navMembers: "会员",
  navGroups: "社群",
  navSettings: "设置",
  navImport: "导入销售",
  switchLanguage: "English",
  switchLanguageTitle: "Switch to English",
  welcomeTitle: "欢迎使用熟客",
  welcomeLead: "把熟客留在身边：会员名单、生日、谁快要流失、下周要做什么——全部保存在这台电脑上，不上云。",
  openDemo: "打开示例店",
  openDemoHint: "一家有 140 位会员的面包店，随便看看。它与你自己的数据完全分开。",
  startOwn: "从空白的店开始",
  startOwnHint: "手动添加会员，稍后再导入销售。",
  importFirst: "导入我的 POS 导出文件",
  importFirstHint: "导入收银系统导出的销售文件（CSV 或 Excel），再填写店名，就能看到本周情况。",
  demoBanner: "你正在示例店中。这里的任何操作都不会影响你自己的数据。",
  leaveDemo: "回到我的店",
  memberCount: (n: number) => `共 ${n} 位会员`,
  searchPlaceholder: "搜索姓名、手机号或标签",
  save: "保存",
  cancel: "取消",
  fieldShopName: "店名",
  fieldCurrency: "货币",
  startupErrorTitle: "无法打开你的店铺数据",
  startupRestoreLead: "可以恢复熟客做过的一份备份。打不开的文件会原样另存，不会被改动。",
  startupNoCopies: "备份文件夹里没有备份。",
  startupRestore: "恢复这份备份",
  startupRestoring: "正在恢复…",
  readOnlyBanner: (folder: string) => `只读：店铺文件夹（${folder}）不能写入，可以查看但不能修改。把文件夹放到可写的位置后才能修改。`,
  importingBanner: (file: string, percent: number) => `正在导入 ${file} · ${percent}%——导入完成后各页会更新。`,
  importingOpen: "查看导入",
  dismiss: "知道了",
};

export const dictionaries: Record<Lang, Dict> = { en, "zh-CN": zh };

/** The keys of a record typed against a Rust union, in their written order: the one list of the
 * union's values on this side. */
export function keysOf<K extends string>(record: Record<K, unknown>): K[] {
  return Object.keys(record) as K[];
}

export function dict(lang: Lang): Dict {
  return dictionaries[lang];
}
