// The words of the settings feature, in English and 简体中文 (the Chinese typed as the English, so
// a key missing from either is a type error). Read with `useWords(words)`.
import type { BackupKind, Lang } from "../../lib/bindings";

const en = {
  settingsTitle: "Settings",
  shopSection: "Your shop",
  fieldRegion: "Phone region",
  fieldRegionHint: "Numbers without a country code are read as this region's.",
  fieldTimeZone: "Time zone",
  fieldWeekStart: "Weeks start on",
  weekMonday: "Monday",
  weekSunday: "Sunday",
  fieldLanguage: "Language",
  fieldMask: "Mask phone numbers in reports and exports (138****1234)",
  saveSettings: "Save settings",
  saved: "Saved.",
  backupSection: "Backups",
  backupLead: "A copy is made automatically each day you open the app; the last 7 are kept.",
  backupNow: "Back up to a file…",
  backupDone: (path: string) => `Backed up to ${path}`,
  restoreFile: "Restore from a file…",
  restoreThis: "Restore",
  restoreDone: "Restored. What was there before is kept in the backups folder.",
  confirmRestoreTitle: "Restore this backup?",
  confirmRestoreText: (name: string) =>
    `Your shop will be replaced by ${name}. The data you have now is first saved to the backups folder, so nothing is lost.`,
  noBackups: "No backups yet. Today's copy is made when you next open the app.",
  backupKind: {
    daily: "Daily copy",
    preUpgrade: "Before an app update",
    preRestore: "Before a restore",
    manual: "Other copy",
  } satisfies Record<BackupKind, string>,
  dataFolder: "Data folder",
  backupFileName: "regulars-backup",
  dialogFilterName: "Regulars backup",
};

const zh: typeof en = {
  settingsTitle: "设置",
  shopSection: "店铺信息",
  fieldRegion: "手机号所属地区",
  fieldRegionHint: "没有国家代码的号码按此地区识别。",
  fieldTimeZone: "时区",
  fieldWeekStart: "每周开始于",
  weekMonday: "周一",
  weekSunday: "周日",
  fieldLanguage: "语言",
  fieldMask: "在报告和导出文件中隐藏手机号中间四位（138****1234）",
  saveSettings: "保存设置",
  saved: "已保存。",
  backupSection: "备份",
  backupLead: "每天第一次打开应用时自动备份一次，保留最近 7 份。",
  backupNow: "备份到文件…",
  backupDone: (path: string) => `已备份到 ${path}`,
  restoreFile: "从文件恢复…",
  restoreThis: "恢复",
  restoreDone: "已恢复。恢复前的数据保存在备份文件夹中。",
  confirmRestoreTitle: "恢复这份备份？",
  confirmRestoreText: (name: string) => `你的店铺数据将被替换为 ${name}。当前的数据会先保存到备份文件夹，不会丢失。`,
  noBackups: "还没有备份。下次打开应用时会自动备份。",
  backupKind: {
    daily: "每日自动备份",
    preUpgrade: "应用升级前",
    preRestore: "恢复前",
    manual: "其他备份",
  },
  dataFolder: "数据文件夹",
  backupFileName: "熟客备份",
  dialogFilterName: "熟客备份",
};

export const words: Record<Lang, typeof en> = { en, "zh-CN": zh };
