// The words of the review feature, in English and 简体中文 (the Chinese typed as the English, so
// a key missing from either is a type error). Read with `useWords(words)`.
import type { Lang } from "../../lib/bindings";

const en = {
  reviewTitle: "Weekly review",
  reviewPrint: "Print…",
  reviewSavePdf: "Save as PDF",
  reviewSaveHtml: "Save as HTML",
  reviewSaved: (path: string) => `Saved to ${path}`,
  reviewFileName: "weekly-review",
  reviewEmptyText: "The weekly review is written from your sales. Import your POS export and it fills in: findings, every KPI against its target, charts, and next week's actions.",
};

const zh: typeof en = {
  reviewTitle: "每周复盘",
  reviewPrint: "打印…",
  reviewSavePdf: "存为 PDF",
  reviewSaveHtml: "存为 HTML",
  reviewSaved: (path: string) => `已保存到 ${path}`,
  reviewFileName: "每周复盘",
  reviewEmptyText: "每周复盘根据你的销售数据生成。导入 POS 导出文件后，这里会列出发现、每项指标与目标的对比、图表和下周行动。",
};

export const words: Record<Lang, typeof en> = { en, "zh-CN": zh };
