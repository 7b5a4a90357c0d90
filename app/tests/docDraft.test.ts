import { describe, expect, it } from "vitest";
import type { Contact } from "@/api/types";
import { ApiError } from "@/api/client";
import { addDays, contactLine, docTotals, lineNet, newDocDraft, newDocLine, placeHeaderErrors, toDocPayload } from "@/lib/docDraft";
import { mapErrors } from "@/lib/entryDraft";
import { SIDES } from "@/lib/documents";
import { formatDec, parseDec } from "@/lib/money";

const rates = new Map([["VAT20", "20.0000"], ["RED5", "5"]]);
const fmt = (v: bigint) => formatDec(v, 2);

function draftOf(...lines: Partial<ReturnType<typeof newDocLine>>[]) {
  const draft = newDocDraft("2026-03-01", "USD");
  draft.lines = lines.map((l) => newDocLine(l));
  return draft;
}

describe("invoice editor: amounts as the API computes them", () => {
  it("takes the discount off quantity times price and rounds half up", () => {
    expect(fmt(lineNet(newDocLine({ quantity: "3", unit_price: "19.99", discount_percent: "10" }), "USD")!)).toBe("53.97");
    expect(fmt(lineNet(newDocLine({ quantity: "1", unit_price: "0.125" }), "USD")!)).toBe("0.13");
    expect(formatDec(lineNet(newDocLine({ quantity: "2", unit_price: "100.5" }), "JPY")!, 0)).toBe("201");
  });

  it("adds net, tax and total live, with a tax summary per code", () => {
    const totals = docTotals(draftOf(
      { description: "Consulting", quantity: "10", unit_price: "150", tax_code: "VAT20" },
      { description: "Book", quantity: "2", unit_price: "12.50", tax_code: "RED5" },
      { description: "Postage", unit_price: "4.20" },
    ), rates);
    expect(fmt(totals.net)).toBe("1,529.20");
    expect(fmt(totals.tax)).toBe("301.25");
    expect(fmt(totals.total)).toBe("1,830.45");
    expect(totals.byCode.map((c) => [c.code, fmt(c.net), fmt(c.tax)])).toEqual([
      ["VAT20", "1,500.00", "300.00"],
      ["RED5", "25.00", "1.25"],
    ]);
  });

  it("rounds tax per line or once per document, as in the worked example of docs/invoicing.md", () => {
    const three = () => draftOf(...[1, 2, 3].map((i) => ({ description: `Line ${i}`, unit_price: "0.125", tax_code: "VAT20" })));
    const perLine = docTotals(three(), rates, "line");
    expect(fmt(perLine.net)).toBe("0.39");
    expect(fmt(perLine.tax)).toBe("0.09");
    const perDocument = docTotals(three(), rates, "document");
    expect(fmt(perDocument.tax)).toBe("0.08");
    expect(Object.values(perDocument.lines).map((l) => fmt(l.tax))).toEqual(["0.03", "0.03", "0.02"]);
  });

  it("marks a line whose numbers cannot be read and leaves it out of the totals", () => {
    const draft = draftOf({ description: "A", unit_price: "abc" }, { description: "B", unit_price: "10", discount_percent: "120" }, { description: "C", unit_price: "5" });
    const totals = docTotals(draft, rates);
    expect(totals.problems[draft.lines[0].key]).toEqual({ field: "unit_price", message: "Not a number." });
    expect(totals.problems[draft.lines[1].key].field).toBe("discount_percent");
    expect(fmt(totals.total)).toBe("5.00");
    expect(totals.lineCount).toBe(3);
  });

  it("dates the payment from the contact's terms, across month ends and leap days", () => {
    expect(addDays("2026-01-31", 30)).toBe("2026-03-02");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-15", 0)).toBe("2026-12-15");
  });

  it("starts a line with the contact's account and tax code, else the side's fallback", () => {
    const contact = { revenue_account: "4200", expense_account: "6400", tax_code: "VAT20" } as Contact;
    expect(contactLine(contact, SIDES.sales)).toMatchObject({ account: "4200", tax_code: "VAT20" });
    expect(contactLine(contact, SIDES.purchases)).toMatchObject({ account: "6400", tax_code: "VAT20" });
    expect(contactLine({ ...contact, revenue_account: "", tax_code: "" } as Contact, SIDES.sales)).toMatchObject({ account: "4100", tax_code: "" });
  });

  it("sends decimal strings, blank tax as no tax, and remembers which line each payload line is", () => {
    const draft = draftOf({ description: "Work", unit_price: "100", tax_code: "VAT20", account: "4100" }, {}, { description: "Other", quantity: "", unit_price: "5" });
    draft.contact = 7;
    draft.vendor_reference = "V-1";
    const { body, keys } = toDocPayload(draft, "issued", SIDES.sales);
    expect(keys).toEqual([draft.lines[0].key, draft.lines[2].key]);
    expect(body).toMatchObject({ contact: 7, status: "issued", vendor_reference: "", currency: "USD" });
    expect(body.lines[1]).toEqual({ description: "Other", quantity: "1", unit_price: "5", discount_percent: "0", account: null, tax_code: "" });
    expect(toDocPayload(draft, "draft", SIDES.purchases).body.vendor_reference).toBe("V-1");
    expect(parseDec(body.lines[0].unit_price)).toBe(parseDec("100"));
  });

  it("shows the API's errors at their line and field, and one without a field of its own above the buttons", () => {
    const draft = draftOf({ description: "A", unit_price: "1" }, {}, { description: "B", unit_price: "2" });
    const { keys } = toDocPayload(draft, "issued", SIDES.sales);
    const error = new ApiError(400, "missing_exchange_rate", "No EUR rate on or before 2026-03-01.", {
      exchange_rate: ["No rate known."],
      due_date: ["Before the issue date."],
      lines: { "1": { account: ["Unknown account."] } },
    });
    const placed = placeHeaderErrors(mapErrors(error, keys), error.message);
    expect(placed.form).toEqual({ due_date: "Before the issue date." });
    expect(placed.lines).toEqual({ [draft.lines[2].key]: { account: "Unknown account." } });
    expect(placed.general).toEqual(["No EUR rate on or before 2026-03-01. (exchange rate: No rate known.)"]);
  });
});
