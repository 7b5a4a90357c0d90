import { describe, expect, it } from "vitest";
import type { BankReconciliation, Statement } from "@/api/types";
import { defaultAsOf, fullyExplained, openStatements, steps, unexplained } from "@/lib/bankReport";
import { toText } from "@/lib/money";

function totals(over: Partial<BankReconciliation["totals"]> = {}): BankReconciliation["totals"] {
  // 20,147.12 at the bank, 8,000.00 in the books: 12,345.67 opening, two unmatched lines, an
  // ignored one, an entry the bank has not seen yet.
  return {
    statement_balance: "20147.12",
    book_balance: "8000.00",
    difference: "12147.12",
    opening_difference: "12345.67",
    unmatched: "-1190.00",
    ignored: "3.50",
    uncovered: "-987.95",
    timing: "0.00",
    explained: "12147.12",
    ...over,
  };
}

function statement(id: number, period_end: string, reconciled_at: string | null = null): Statement {
  return { id, period_end, reconciled_at } as Statement;
}

describe("the reconciliation report", () => {
  it("subtracts the uncovered entries and adds the other parts", () => {
    const parts = steps(totals());
    expect(parts.map((p) => p.key)).toEqual(["opening_difference", "unmatched", "ignored", "uncovered", "timing"]);
    expect(parts.map((p) => toText(p.value, 2))).toEqual(["12345.67", "-1190.00", "3.50", "987.95", "0.00"]);
  });

  it("says the difference is fully explained only when the parts add up to it", () => {
    expect(fullyExplained(totals())).toBe(true);
    expect(fullyExplained(totals({ difference: "12147.13" }))).toBe(false);
    expect(fullyExplained(totals({ explained: "0.00" }))).toBe(false);
    expect(toText(unexplained(totals({ difference: "12150.00" })), 2)).toBe("2.88");
  });

  it("opens on the newest statement's last day, else today", () => {
    expect(defaultAsOf([statement(1, "2026-01-31"), statement(2, "2026-02-28")], "2026-12-06")).toBe("2026-02-28");
    expect(defaultAsOf([], "2026-12-06")).toBe("2026-12-06");
  });

  it("offers to close only the statements up to the day not reconciled yet, oldest first", () => {
    const list = [statement(3, "2026-03-31"), statement(2, "2026-02-28"), statement(1, "2026-01-31", "2026-02-03T10:00:00Z")];
    expect(openStatements(list, "2026-02-28").map((s) => s.id)).toEqual([2]);
    expect(openStatements(list, "2026-03-31").map((s) => s.id)).toEqual([2, 3]);
  });
});
