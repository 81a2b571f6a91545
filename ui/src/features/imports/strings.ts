// The words of the table imports (the wizard, the member lists in the imports list, their undo).
import type { Lang, TableKind } from "../../bindings";

const en = {
  kindLabel: { members: "member list" } satisfies Record<TableKind, string>,
  choose: (kind: string) => `Choose a ${kind}…`,
  formats: "CSV or Excel (.xlsx, .xls); the first row names the columns (name/姓名, phone/手机号, joined/入群日期, tags/标签, birthday/生日, notes/备注).",
  counts: (rows: number, added: number, duplicate: number, rejected: number) =>
    `${rows} rows: ${added} to add, ${duplicate} already there, ${rejected} cannot be imported.`,
  columnsUsed: "Columns read",
  ignored: "not used",
  problemsTitle: "Rows that cannot be imported",
  problemsMore: (shown: number, all: number) => `The first ${shown} of ${all} are shown.`,
  row: "Row",
  column: "Column",
  value: "Value",
  reason: "Why",
  validRows: "Import the valid rows; the others go to a file to fix and import again",
  importAll: (n: number) => `Import ${n}`,
  nothingNew: "Everything in this file is here already.",
  doneMembers: (added: number, duplicate: number) => `Added ${added} members (${duplicate} were members already).`,
  rejectsFile: (path: string) => `The rows not imported are in ${path} (kept 30 days).`,
  listed: (added: number) => `${added} members`,
  undoTitle: (file: string) => `Undo the import of ${file}?`,
  undoText: (n: number) => `The ${n} members this list added are removed, with their tags.`,
  undoChanged: (names: string) => `Changed since the import (edited, tagged or linked to a customer): ${names}.`,
  undoKeepChanged: "Keep the changed ones",
  undoAll: "Remove them all",
};

const zh: typeof en = {
  kindLabel: { members: "会员名单" },
  choose: (kind: string) => `选择${kind}…`,
  formats: "CSV 或 Excel（.xlsx、.xls）；第一行是列名（姓名/name、手机号/phone、入群日期/joined、标签/tags、生日/birthday、备注/notes）。",
  counts: (rows: number, added: number, duplicate: number, rejected: number) =>
    `共 ${rows} 行：将添加 ${added} 行，已存在 ${duplicate} 行，无法导入 ${rejected} 行。`,
  columnsUsed: "读取的列",
  ignored: "未使用",
  problemsTitle: "无法导入的行",
  problemsMore: (shown: number, all: number) => `只显示前 ${shown} 行（共 ${all} 行）。`,
  row: "行",
  column: "列",
  value: "内容",
  reason: "原因",
  validRows: "只导入有效的行；其余的行另存为文件，改正后可再次导入",
  importAll: (n: number) => `导入 ${n} 行`,
  nothingNew: "这个文件里的内容都已经导入过了。",
  doneMembers: (added: number, duplicate: number) => `已添加 ${added} 位会员（${duplicate} 位已在名单中）。`,
  rejectsFile: (path: string) => `未导入的行保存在 ${path}（保留 30 天）。`,
  listed: (added: number) => `${added} 位会员`,
  undoTitle: (file: string) => `撤销 ${file} 的导入？`,
  undoText: (n: number) => `这份名单添加的 ${n} 位会员及其标签将被删除。`,
  undoChanged: (names: string) => `导入后改动过的会员（编辑、加标签或关联了顾客）：${names}。`,
  undoKeepChanged: "保留改动过的会员",
  undoAll: "全部删除",
};

export const words: Record<Lang, typeof en> = { en, "zh-CN": zh };
