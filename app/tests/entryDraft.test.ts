import { describe, expect, it } from "vitest";
import { ApiError } from "@/api/client";
import { balancingAmount, computeTotals, mapErrors, newDraft, newLine, taxLineFor, toPayload } from "@/lib/entryDraft";
import { toText } from "@/lib/money";

function draft(lines: [string, string, string, string?, string?][]) {
  const d = newDraft("2026-03-01", "USD");
  d.lines = lines.map(([account, debit, credit, currency, rate]) => newLine(currency ?? "USD", { account, debit, credit, rate: rate ?? "" }));
  return d;
}

describe("entry totals", () => {
  it("is balanced when debits equal credits", () => {
    const t = computeTotals(draft([["1120", "100", ""], ["4100", "", "100.00"]]), "USD");
    expect(t.balanced).toBe(true);
    expect(toText(t.debit, 2)).toBe("100.00");
  });
  it("says by how much it is unbalanced", () => {
    const t = computeTotals(draft([["1120", "100", ""], ["4100", "", "90"]]), "USD");
    expect(t.balanced).toBe(false);
    expect(toText(t.diff, 2)).toBe("10.00");
  });
  it("flags a line with both sides and bad numbers", () => {
    const d = draft([["1120", "10", "10"], ["4100", "", "x"]]);
    const t = computeTotals(d, "USD");
    expect(t.lineProblems[d.lines[0].key].field).toBe("credit");
    expect(t.lineProblems[d.lines[1].key].message).toMatch(/number/);
    expect(t.balanced).toBe(false);
  });
  it("converts foreign lines with the line's or the known rate and balances per currency", () => {
    const d = draft([["1140", "100", "", "EUR", "1.1"], ["1120", "", "110", "USD"]]);
    let t = computeTotals(d, "USD");
    expect(t.balanced).toBe(false); // EUR itself does not balance
    const fx = draft([["1140", "100", "", "EUR"], ["3900", "", "100", "EUR"]]);
    t = computeTotals(fx, "USD", { EUR: "1.08" });
    expect(t.balanced).toBe(true);
    expect(toText(t.debit, 2)).toBe("108.00");
    expect(computeTotals(fx, "USD").missingRates).toEqual(["EUR"]);
  });
  it("ignores blank lines and needs two lines", () => {
    const d = draft([["1120", "5", ""], ["", "", ""]]);
    expect(computeTotals(d, "USD").lineCount).toBe(1);
    expect(computeTotals(d, "USD").balanced).toBe(false);
  });
});

describe("helpers", () => {
  it("fills the balancing amount", () => {
    const d = draft([["1120", "123.45", ""], ["4100", "", ""]]);
    expect(balancingAmount(d, d.lines[1], "USD")).toEqual({ side: "credit", amount: "123.45" });
  });
  it("computes a tax line on the same side", () => {
    const line = newLine("USD", { account: "4100", credit: "200" });
    const tax = taxLineFor(line, { code: "NY", name: "NY tax", rate: "8.8750", account: "2300", is_active: true } as never, "USD");
    expect(tax).toMatchObject({ account: "2300", credit: "17.75", tax_code: "NY" });
  });
  it("builds the payload with decimal strings and skips blank lines", () => {
    const d = draft([["1120", "1,000.5", ""], ["", "", ""], ["1140", "", "10", "EUR", "1.1"]]);
    const { body, keys } = toPayload(d, "USD", "posted");
    expect(body.status).toBe("posted");
    expect(body.lines).toEqual([
      { account: "1120", description: "", debit: "1000.50" },
      { account: "1140", description: "", credit: "10.00", currency: "EUR", exchange_rate: "1.1" },
    ]);
    expect(keys).toEqual([d.lines[0].key, d.lines[2].key]);
  });
});

describe("server errors", () => {
  const keys = [11, 12, 13];
  it("places line errors next to the line (object shape)", () => {
    const e = new ApiError(400, "unknown_account", "No account", { lines: { "1": { account: ["Unknown account."] } } });
    expect(mapErrors(e, keys).lines).toEqual({ 12: { account: "Unknown account." } });
  });
  it("places line errors (list shape) and renames exchange_rate", () => {
    const e = new ApiError(400, "validation_error", "x", { lines: [{}, {}, { exchange_rate: ["> 0"] }] });
    expect(mapErrors(e, keys).lines).toEqual({ 13: { rate: "> 0" } });
  });
  it("keeps entry-level messages and header fields apart", () => {
    const e = new ApiError(400, "unbalanced_entry", "Debits and credits differ by 10 USD.", { lines: ["Debits and credits differ by 10 USD."], date: ["The period is closed."] });
    const m = mapErrors(e, keys);
    expect(m.general).toEqual(["Debits and credits differ by 10 USD."]);
    expect(m.form.date).toBe("The period is closed.");
  });
  it("falls back to the message", () => {
    expect(mapErrors(new ApiError(500, "server_error", "Boom"), keys).general).toEqual(["Boom"]);
  });
});
