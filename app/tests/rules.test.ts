import { describe, expect, it } from "vitest";
import type { BankRule } from "@/api/types";
import { boundText, conditionText, MAX_PRIORITY, moveRule, nextPriority, ruleForm, rulePayload, type PriorityChange } from "@/lib/rules";

type Row = { id: number; priority: number };
const rows = (...priorities: number[]): Row[] => priorities.map((priority, i) => ({ id: i + 1, priority }));

/** The list as the API would order it after the changes: priority, then id. */
function after(list: Row[], changes: PriorityChange[]): number[] {
  const next = list.map((r) => ({ ...r, priority: changes.find((c) => c.id === r.id)?.priority ?? r.priority }));
  return next.sort((a, b) => a.priority - b.priority || a.id - b.id).map((r) => r.id);
}

describe("moving a rule", () => {
  it("changes only the moved rule when its priority fits between the new neighbours", () => {
    const list = rows(10, 20, 30);
    expect(moveRule(list, 2, -1)).toEqual([{ id: 3, priority: 15 }]);
    expect(after(list, moveRule(list, 2, -1))).toEqual([1, 3, 2]);
    expect(moveRule(list, 0, 1)).toEqual([{ id: 1, priority: 25 }]);
    expect(moveRule(list, 1, 1)).toEqual([{ id: 2, priority: 40 }]);
    expect(moveRule(list, 1, -1)).toEqual([{ id: 2, priority: 0 }]);
  });

  it("renumbers from the move on when rules share a priority (rules made from lines all get 100)", () => {
    const list = rows(100, 100, 100);
    const changes = moveRule(list, 2, -1);
    expect(after(list, changes)).toEqual([1, 3, 2]);
    expect(changes).toEqual([
      { id: 3, priority: 101 },
      { id: 2, priority: 102 },
    ]);
    expect(after(list, moveRule(list, 1, -1))).toEqual([2, 1, 3]);
    expect(after(list, moveRule(list, 0, 1))).toEqual([2, 1, 3]);
  });

  it("does nothing past either end", () => {
    expect(moveRule(rows(10, 20), 0, -1)).toEqual([]);
    expect(moveRule(rows(10, 20), 1, 1)).toEqual([]);
  });

  it("keeps every move in order whatever the priorities", () => {
    for (const list of [rows(0, 0, 0, 0), rows(0, 1, 2, 3), rows(5, 5, 6, 6), rows(100, 32767, 32767, 32767)]) {
      for (let i = 0; i < list.length; i++) {
        for (const by of [-1, 1] as const) {
          const target = i + by;
          if (target < 0 || target >= list.length) continue;
          const expected = list.map((r) => r.id);
          const [m] = expected.splice(i, 1);
          expected.splice(target, 0, m);
          const changes = moveRule(list, i, by);
          expect(after(list, changes), JSON.stringify({ list, i, by })).toEqual(expected);
          expect(changes.every((c) => c.priority >= 0 && c.priority <= MAX_PRIORITY)).toBe(true);
        }
      }
    }
  });
});

describe("rules in words and in the form", () => {
  it("says what a rule looks for", () => {
    const rule = { field: "counterparty", operator: "contains", pattern: "Telekom", direction: "out", min_amount: "10.00", max_amount: null } as const;
    expect(conditionText(rule)).toBe("counterparty contains “Telekom”, money out, at least 10.00");
    expect(conditionText({ ...rule, min_amount: null, max_amount: "1500.0000" })).toBe("counterparty contains “Telekom”, money out, at most 1,500.00");
    expect(conditionText({ ...rule, field: "any", operator: "regex", direction: "any", min_amount: "1.00", max_amount: "5.00" })).toBe(
      "counterparty, reference or description matches “Telekom”, 1.00 to 5.00",
    );
  });

  it("sends blanks as no limit, no tax code and every bank account", () => {
    const form = { ...ruleForm(), pattern: " Telekom ", counter_account: "6300", priority: "" };
    expect(rulePayload(form)).not.toHaveProperty("name");
    expect(rulePayload(form)).toMatchObject({ pattern: "Telekom", bank_account: null, min_amount: null, max_amount: null, tax_code: null, priority: 100 });
    const rule = { id: 7, name: "Phone", bank_account: 3, priority: 20, field: "reference", operator: "regex", pattern: "^T", direction: "in", min_amount: "1.00", max_amount: null, counter_account: "6300", tax_code: "VAT19", memo_template: "{counterparty}", is_active: false, created_at: "" } satisfies BankRule;
    const { id: _id, created_at: _created, ...fields } = rule;
    expect(rulePayload(ruleForm(rule))).toEqual(fields);
  });

  it("shows amount bounds with two decimals or as many as they need", () => {
    expect(boundText("1000.0000")).toBe("1000.00");
    expect(boundText("1000.0000", true)).toBe("1,000.00");
    expect(boundText("0.1250")).toBe("0.125");
    expect(boundText(null)).toBe("");
    expect(ruleForm({ min_amount: "12.5000", max_amount: null } as BankRule)).toMatchObject({ min_amount: "12.50", max_amount: "" });
  });

  it("puts a new rule after the others", () => {
    expect(nextPriority([])).toBe(100);
    expect(nextPriority([{ priority: 100 }, { priority: 250 }])).toBe(260);
  });
});
