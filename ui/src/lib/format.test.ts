/// <reference types="vite/client" />
import { describe, expect, it } from "vitest";
import {
  formatCount,
  backupFileName,
  formatMonthDay,
  formatBirthday,
  targetFromInput,
  targetToInput,
  emptyInput,
  formatBytes,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPeriod,
  formatQuantity,
  inputFromMember,
  joinTags,
  splitTags,
  formatDayRange,
  weekRelation,
} from "./format";
import { dictionaries } from "./i18n";
import type { Member } from "./bindings";
import twins from "../../../tests/fixtures/twins.json";

describe("formatDate", () => {
  it("reads as the owner writes dates", () => {
    expect(formatDate("2026-03-09", "zh-CN")).toBe("2026年3月9日");
    expect(formatDate("2026-03-09", "en")).toBe("9 Mar 2026");
    expect(formatDate("2026-12-31", "en")).toBe("31 Dec 2026");
  });
  it("shows a dash for no date and leaves odd text alone", () => {
    expect(formatDate(null, "en")).toBe("—");
    expect(formatDate("soon", "zh-CN")).toBe("soon");
  });
});

describe("formatCount", () => {
  it("groups digits in both languages", () => {
    expect(formatCount(15898, "en")).toBe("15,898");
    expect(formatCount(15898, "zh-CN")).toBe("15,898");
    expect(formatCount(7, "en")).toBe("7");
  });
});

describe("formatPeriod", () => {
  it("joins two dates, or is one dash when an import added nothing", () => {
    expect(formatPeriod("2026-03-02", "2026-03-04", "en")).toBe("2 Mar 2026 – 4 Mar 2026");
    expect(formatPeriod("2026-03-02", "2026-03-04", "zh-CN")).toBe("2026年3月2日 – 2026年3月4日");
    expect(formatPeriod(null, null, "en")).toBe("—");
  });
});

describe("tags", () => {
  it("split on Chinese and Western separators, trimmed and unique", () => {
    expect(splitTags("烘焙爱好者、咖啡控； weekend,weekend ,，")).toEqual(["烘焙爱好者", "咖啡控", "weekend"]);
    expect(splitTags("  ")).toEqual([]);
  });
  it("join in the language's own way", () => {
    expect(joinTags(["a", "b"], "zh-CN")).toBe("a、b");
    expect(joinTags(["a", "b"], "en")).toBe("a, b");
  });
});

describe("member form values", () => {
  it("round-trip a member into the form, with the phone as the owner reads it", () => {
    const m: Member = {
      id: 7,
      name: "王小麦",
      label: "王小麦",
      phone: "+8613812341234",
      phone_display: "13812341234",
      wechat_name: null,
      birthday: "1990-03-12",
      joined_on: "2026-01-05",
      source: "referral",
      tags: ["KOC"],
      notes: "",
      marketing_consent: true,
      left_on: null,
    };
    const input = inputFromMember(m);
    expect(input.phone).toBe("13812341234");
    expect(input.wechat_name).toBe("");
    expect(input.tags).toEqual(["KOC"]);
    expect(input.name).toBe("王小麦");
    const nameless = inputFromMember({ ...m, name: null, label: "顾客 138****1234" });
    expect(nameless.name, "a nameless member's form has an empty name, not their label").toBe("");
    expect(emptyInput("2026-03-09").joined_on).toBe("2026-03-09");
    expect(emptyInput("2026-03-09").marketing_consent).toBe(false);
  });
});

describe("misc", () => {
  it("formats sizes and backup names", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(20480)).toBe("20 KB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.0 MB");
    expect(backupFileName("regulars-backup", "2026-03-09")).toBe("regulars-backup-2026-03-09.sqlite");
  });
});

/** The shared words and every feature's own (`features/<area>/strings.ts`). */
const allWords = import.meta.glob<{ words: Record<"en" | "zh-CN", Record<string, unknown>> }>("../features/*/strings.ts", {
  eager: true,
});

describe("dictionaries", () => {
  const sets: [string, Record<"en" | "zh-CN", Record<string, unknown>>][] = [
    ["lib/i18n.ts", dictionaries as unknown as Record<"en" | "zh-CN", Record<string, unknown>>],
    ...Object.entries(allWords).map(([path, m]) => [path, m.words] as [string, Record<"en" | "zh-CN", Record<string, unknown>>]),
  ];
  it("are the shared ones and one per feature", () => {
    expect(sets.map(([path]) => path.replace("../features/", "").replace("/strings.ts", "")).sort()).toEqual(
      ["dashboard", "groups", "imports", "lib/i18n.ts", "members", "review", "settings", "setup"],
    );
  });
  it("have the same keys and no empty text in either language", () => {
    for (const [path, { en, "zh-CN": zh }] of sets) {
      expect(Object.keys(zh).sort(), path).toEqual(Object.keys(en).sort());
      for (const [key, value] of Object.entries(zh)) {
        if (typeof value === "string") expect(value.trim(), `${path} ${key}`).not.toBe("");
      }
    }
  });
  it("really are translated: Chinese labels contain Chinese", () => {
    for (const [path, { "zh-CN": zh }] of sets) {
      for (const [key, value] of Object.entries(zh)) {
        if (typeof value === "string" && !/^[A-Za-z0-9 .·/()-]*$/.test(value)) expect(value, `${path} ${key}`).toMatch(/[\u4e00-\u9fff]/);
      }
    }
    expect(dictionaries["zh-CN"].navMembers).toMatch(/[\u4e00-\u9fff]/);
    expect(dictionaries["zh-CN"].memberCount(3)).toBe("共 3 位会员");
    expect(dictionaries.en.memberCount(1)).toBe("1 member");
  });
});

describe("weeks", () => {
  it("are titled by their days, without the year", () => {
    expect(formatDayRange("2026-11-23", "2026-11-29", "en")).toBe("23–29 Nov");
    expect(formatDayRange("2026-11-30", "2026-12-06", "en")).toBe("30 Nov – 6 Dec");
    expect(formatDayRange("2026-11-23", "2026-11-29", "zh-CN")).toBe("11月23日–29日");
    expect(formatDayRange("2026-11-30", "2026-12-06", "zh-CN")).toBe("11月30日–12月6日");
  });
  it("are this week, last week or another as of today", () => {
    expect(weekRelation("2026-11-30", "2026-12-06", "2026-12-02")).toBe("this");
    expect(weekRelation("2026-11-23", "2026-11-29", "2026-12-02")).toBe("last");
    expect(weekRelation("2026-11-23", "2026-11-29", "2026-11-30")).toBe("last");
    expect(weekRelation("2026-11-16", "2026-11-22", "2026-12-02")).toBe("other");
  });
});

describe("money", () => {
  it("is formatted from minor units with the shop's currency", () => {
    expect(formatMoney(123450, "¥", 2)).toBe("¥1,234.50");
    expect(formatMoney(-1200, "¥", 2)).toBe("-¥12.00");
    expect(formatMoney(5, "$", 2)).toBe("$0.05");
    expect(formatMoney(1234567, "₩", 0)).toBe("₩1,234,567");
    expect(formatQuantity(1500)).toBe("1.5");
    expect(formatQuantity(-2000)).toBe("-2");
  });
});

describe("targets as the owner types them", () => {
  it("reads percent, money and plain numbers", () => {
    expect(targetFromInput("ratio", "30", 2)).toBeCloseTo(0.3);
    expect(targetFromInput("ratio", "32.5%", 2)).toBeCloseTo(0.325);
    expect(targetFromInput("money", "¥1,200.50", 2)).toBe(120050);
    expect(targetFromInput("money", "12000", 0)).toBe(12000);
    expect(targetFromInput("multiple", "2", 2)).toBe(2);
    expect(targetFromInput("count", "-3", 2)).toBeNull();
    expect(targetFromInput("ratio", "abc", 2)).toBeNull();
    expect(targetFromInput("ratio", "", 2)).toBeNull();
  });
  it("shows stored targets back in the same units", () => {
    expect(targetToInput("ratio", 0.3, 2)).toBe("30");
    expect(targetToInput("money", 120050, 2)).toBe("1200.5");
    expect(targetToInput("multiple", 2, 2)).toBe("2");
    expect(targetToInput("ratio", null, 2)).toBe("");
  });
});

describe("birthdays without the year", () => {
  it("shows day and month only", () => {
    expect(formatMonthDay("1981-11-25", "en")).toBe("25 Nov");
    expect(formatMonthDay("1981-11-25", "zh-CN")).toBe("11月25日");
    expect(formatMonthDay(null, "en")).toBe("—");
  });
});

describe("the twins of the Rust core", () => {
  // tests/fixtures/twins.json: the same cases settings::money and members::split_tags are tested on.
  it("formats money as format_money does", () => {
    for (const c of twins.money) {
      expect(formatMoney(c.minor, c.symbol, c.digits)).toBe(c.text);
    }
  });
  it("splits tags as split_tags does", () => {
    for (const c of twins.tags) {
      expect(splitTags(c.text)).toEqual(c.tags);
    }
  });
});

describe("formatDateTime", () => {
  it("reads a stored local time to the minute in each language", () => {
    expect(formatDateTime("2026-11-30 09:05:41", "en")).toBe("30 Nov 2026, 09:05");
    expect(formatDateTime("2026-11-30T09:05:41", "zh-CN")).toBe("2026年11月30日 09:05");
    expect(formatDateTime(null, "en")).toBe("—");
  });
});

describe("formatBirthday", () => {
  it("shows a birthday without its unknown year", () => {
    expect(formatBirthday("1604-03-12", "zh-CN")).toBe("3月12日");
    expect(formatBirthday("1604-03-12", "en")).toBe("12 Mar");
    expect(formatBirthday("1990-03-12", "en")).toBe(formatDate("1990-03-12", "en"));
    expect(formatBirthday(null, "en")).toBe(formatDate(null, "en"));
  });
});
