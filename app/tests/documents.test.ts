import { describe, expect, it } from "vitest";
import type { DocSummary } from "@/api/types";
import { docName, isOverdue, listTotals, statusQuery } from "@/lib/documents";
import { formatDec } from "@/lib/money";

const doc = (over: Partial<DocSummary>): DocSummary => ({
  id: 1, kind: "invoice", number: "INV-2026-0001", status: "issued", contact: 1, contact_name: "A", issue_date: "2026-01-01",
  due_date: "2026-01-31", currency: "USD", original: null, entry: 5, net_total: "100.00", tax_total: "0.00", total: "100.00",
  open_amount: "100.00", base_total: "100.00", created_at: "", ...over,
}) as DocSummary;

describe("documents lists", () => {
  it("turns the status filters into the API's query", () => {
    expect(statusQuery("")).toEqual({});
    expect(statusQuery("partly_paid")).toEqual({ status: "partly_paid" });
    expect(statusQuery("open")).toEqual({ status: "issued,partly_paid" });
    expect(statusQuery("overdue")).toEqual({ overdue: "true" });
  });

  it("calls a document overdue when it is open past its due date", () => {
    expect(isOverdue(doc({}), "2026-02-01")).toBe(true);
    expect(isOverdue(doc({}), "2026-01-31")).toBe(false);
    expect(isOverdue(doc({ status: "paid", open_amount: "0.00" }), "2026-02-01")).toBe(false);
    expect(isOverdue(doc({ status: "draft" }), "2026-02-01")).toBe(false);
  });

  it("totals per currency, credits against invoices, drafts owing nothing yet", () => {
    const totals = listTotals([
      doc({}),
      doc({ id: 2, kind: "credit_note", total: "30.00", open_amount: "0.00", status: "paid" }),
      doc({ id: 3, status: "partly_paid", total: "50.00", open_amount: "20.00" }),
      doc({ id: 4, status: "draft", number: "", total: "70.00", open_amount: "70.00" }),
      doc({ id: 5, currency: "EUR", total: "10.00", open_amount: "10.00" }),
    ]);
    expect(totals.map((t) => [t.currency, formatDec(t.total), formatDec(t.open)])).toEqual([
      ["EUR", "10.00", "10.00"],
      ["USD", "190.00", "120.00"],
    ]);
  });

  it("names a draft by its kind", () => {
    expect(docName(doc({ number: "", kind: "vendor_credit" }))).toBe("Draft vendor credit");
  });
});
