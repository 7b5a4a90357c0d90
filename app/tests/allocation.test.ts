import { describe, expect, it } from "vitest";
import { checkAllocation, oldestFirst, suggestAllocation, toTargets, type OpenItem } from "@/lib/allocation";
import { formatDec } from "@/lib/money";

const item = (id: number, due: string, open: string, type: OpenItem["type"] = "document"): OpenItem => ({
  key: `${type}:${id}`,
  type,
  id,
  label: `#${id}`,
  date: due.replace(/-\d\d$/, "-01"),
  due_date: type === "document" ? due : null,
  currency: "USD",
  open,
});

describe("payment allocation", () => {
  const items = [item(3, "2026-04-30", "300.00"), item(1, "2026-02-28", "100.00"), item(2, "2026-03-31", "250.00")];

  it("orders open items by due date, oldest first", () => {
    expect(oldestFirst(items).map((i) => i.id)).toEqual([1, 2, 3]);
  });

  it("suggests settling the oldest first, the last one partly", () => {
    expect(suggestAllocation("300", items, "USD")).toEqual({ "document:1": "100.00", "document:2": "200.00", "document:3": "" });
  });

  it("suggests everything when the payment covers it, leaving the rest as a credit", () => {
    const suggested = suggestAllocation("1000", items, "USD");
    expect(suggested).toEqual({ "document:1": "100.00", "document:2": "250.00", "document:3": "300.00" });
    const check = checkAllocation("1000", suggested, items);
    expect(formatDec(check.allocated)).toBe("650.00");
    expect(formatDec(check.left)).toBe("350.00");
    expect(check.ok).toBe(true);
  });

  it("refuses more than an item has open, more than the payment, and text", () => {
    const check = checkAllocation("200", { "document:1": "150", "document:2": "x", "document:3": "-1" }, items);
    expect(check.problems).toEqual({ "document:1": "At most 100.00.", "document:2": "Not a number.", "document:3": "Must be positive." });
    expect(check.ok).toBe(false);
    const over = checkAllocation("200", { "document:1": "100", "document:2": "150" }, items);
    expect(formatDec(over.left)).toBe("−50.00");
    expect(over.ok).toBe(false);
  });

  it("sends one target per item given an amount, a payment as a payment", () => {
    const mixed = [...items, item(9, "2026-01-15", "40.00", "payment")];
    expect(toTargets({ "document:2": "250", "payment:9": "40.5", "document:3": "" }, mixed)).toEqual([
      { document: 2, amount: "250.00" },
      { payment: 9, amount: "40.50" },
    ]);
  });
});
