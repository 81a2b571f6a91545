import { describe, expect, it } from "vitest";
import type { Mapping } from "../../lib/bindings";
import { ROLES, assignRole, assignStatus, roleOf, statusOf } from "./mapping";
import { words } from "./strings";

const base: Mapping = { columns: [["date", 0], ["net", 3]], level: "line", decimal: "point", date_order: "ymd", tax_included: false, statuses: [], money_on_first_row: false };

describe("column mapping", () => {
  it("gives a column a role, taking it from any other column", () => {
    const m = assignRole(base, 2, "net");
    expect(roleOf(m, 2)).toBe("net");
    expect(roleOf(m, 3)).toBeNull();
    expect(roleOf(m, 0)).toBe("date");
  });
  it("clears a column's role", () => {
    expect(roleOf(assignRole(base, 0, null), 0)).toBeNull();
    expect(assignRole(base, 0, null).columns).toEqual([["net", 3]]);
  });
  it("offers every role, each labelled in both languages", () => {
    expect(new Set(ROLES).size).toBe(22);
    for (const r of ROLES) {
      expect(words.en.roles[r]).toBeTruthy();
      expect(words["zh-CN"].roles[r]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
  it("says what a status value means, once per value, and takes it back", () => {
    const one = assignStatus(assignStatus(base, "2", "void"), "2", "refund");
    expect(one.statuses).toEqual([["2", "refund"]]);
    expect(statusOf(one, "2")).toBe("refund");
    expect(statusOf(assignStatus(one, "2", null), "2")).toBeNull();
    expect(statusOf(one, "1")).toBeNull();
  });
});
