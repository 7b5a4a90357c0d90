import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/api/client";
import type { DocumentSeries, DocumentSuggestion, StatementLine, TaxReturn, TaxReturnMeta } from "@/api/types";
import { downloadPdf, pdfErrorText } from "@/lib/pdf";
import { prefixProblem, seriesRows } from "@/lib/series";
import { settleBody, settleSummary } from "@/lib/settle";
import { defaultScheme, filingProblem, lastQuarter, periodChoices, periodOf, periodOpen, quarter } from "@/lib/taxReturn";

const META: TaxReturnMeta = {
  scheme: "uk-vat",
  scheme_name: "UK VAT return",
  from: "2026-04-01",
  to: "2026-06-30",
  payable_box: "5",
  tax_codes: ["VAT0", "VAT20", "VAT5"],
  tax_accounts: ["2300"],
  filed_through: {},
};
const filed = (from: string, to: string, codes = ["VAT20"]) => ({ id: 7, scheme: "uk-vat", period_from: from, period_to: to, tax_codes: codes }) as TaxReturn;

describe("tax return periods", () => {
  it("offers the last quarter ended, across a year end", () => {
    expect(lastQuarter("2026-05-10")).toMatchObject({ key: "2026-Q1", from: "2026-01-01", to: "2026-03-31" });
    expect(lastQuarter("2026-02-01")).toMatchObject({ key: "2025-Q4", from: "2025-10-01", to: "2025-12-31" });
  });

  it("knows the quarters' last days, February of a leap year included", () => {
    expect(quarter(2026, 2)).toMatchObject({ from: "2026-04-01", to: "2026-06-30" });
    const months = periodChoices("2028-06-01").months;
    expect(months.find((m) => m.key === "2028-02")?.to).toBe("2028-02-29");
    expect(months).toHaveLength(24);
  });

  it("names the period of two dates, or none for other dates", () => {
    expect(periodOf("2026-01-01", "2026-03-31", "2026-06-01")?.key).toBe("2026-Q1");
    expect(periodOf("2026-01-01", "2026-12-31", "2026-06-01")?.key).toBe("2026");
    expect(periodOf("2026-01-02", "2026-03-31", "2026-06-01")).toBeNull();
  });
});

describe("filing a return", () => {
  it("has nothing against a free period", () => {
    expect(filingProblem(META, [filed("2026-01-01", "2026-03-31")])).toBe("");
  });

  it("refuses a period its codes are filed through, naming the codes and the day", () => {
    const meta = { ...META, filed_through: { VAT20: "2026-04-30", VAT5: "2026-03-31" } };
    expect(filingProblem(meta, [])).toBe("Already filed through 2026-04-30 for VAT20: file a period after it.");
  });

  it("refuses a period a filed return overlaps for a shared code, not another code's", () => {
    expect(filingProblem(META, [filed("2026-06-01", "2026-06-30")])).toMatch(/^Return 7 \(2026-06-01 to 2026-06-30\)/);
    expect(filingProblem(META, [filed("2026-06-01", "2026-06-30", ["VAT19"])])).toBe("");
  });

  it("says when no code fills the scheme, and when the period is still running", () => {
    expect(filingProblem({ ...META, tax_codes: [] }, [])).toMatch(/nothing to file/);
    expect(periodOpen(META, "2026-06-30")).toBe(true);
    expect(periodOpen(META, "2026-07-01")).toBe(false);
  });
});

describe("number series", () => {
  const made = [{ id: 1, kind: "invoice", year: 2026, prefix: "INV", last_number: 12, next_number: "INV-2026-0013" }] as DocumentSeries[];

  it("lists the series made and this and next year's for every kind, locking those with numbers", () => {
    const rows = seriesRows(made, 2026);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toMatchObject({ kind: "invoice", year: 2027, prefix: "INV", made: false, locked: false, next: "INV-2027-0001" });
    const used = rows.find((r) => r.kind === "invoice" && r.year === 2026);
    expect(used).toMatchObject({ locked: true, issued: 12, next: "INV-2026-0013" });
    expect(rows.find((r) => r.kind === "vendor_credit" && r.year === 2026)?.prefix).toBe("VCR");
  });

  it("checks a prefix as the API does", () => {
    expect(prefixProblem("F-26")).toBe("");
    expect(prefixProblem("")).not.toBe("");
    expect(prefixProblem("TOO-LONG-PREFIX")).not.toBe("");
    expect(prefixProblem("IN V")).not.toBe("");
  });
});

describe("settling a statement line", () => {
  const line = { id: 3, amount: "300.00", currency: "EUR", status: "unmatched" } as StatementLine;
  const suggestion = {
    contact: 9,
    contact_name: "Globex",
    amount: "250.00",
    score: 0.8,
    reasons: ["reference"],
    documents: [
      { document: 41, kind: "invoice", number: "INV-2026-0001", vendor_reference: "", due_date: "2026-03-01", open_amount: "100.00", amount: "100.00" },
      { document: 42, kind: "invoice", number: "INV-2026-0002", vendor_reference: "", due_date: "2026-03-15", open_amount: "200.00", amount: "150.00" },
    ],
  } as DocumentSuggestion;

  it("sends the documents with what the line pays of each, and the contact", () => {
    expect(settleBody(suggestion)).toEqual({ contact: 9, documents: [{ document: 41, amount: "100.00" }, { document: 42, amount: "150.00" }] });
  });

  it("says what is recorded: the whole line, the part open, what stays on the contact", () => {
    expect(settleSummary(line, suggestion)).toEqual({ direction: "received", amount: "300.00", allocated: "250.00", left: "50.00", partly: ["Invoice INV-2026-0002"] });
    const out = settleSummary({ ...line, amount: "-250.00" } as StatementLine, suggestion);
    expect(out).toMatchObject({ direction: "paid", amount: "250.00", left: "" });
  });
});

describe("invoice PDF", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("turns 503 pdf_unavailable into a clear line, without a download", async () => {
    const fetchMock = vi.fn(async () => new Response(JSON.stringify({ code: "pdf_unavailable", message: "PDFs need the Pango library on the server.", fields: {} }), { status: 503 }));
    vi.stubGlobal("fetch", fetchMock);
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click");
    const error = await downloadPdf("/t/acme/api/v1/invoices/1/pdf/", "INV-1.pdf").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(pdfErrorText(error)).toBe("This server cannot make PDFs yet. PDFs need the Pango library on the server.");
    expect(click).not.toHaveBeenCalled();
    click.mockRestore();
  });

  it("hands a PDF to the browser under the document's number", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response(new Blob(["%PDF-1.7"], { type: "application/pdf" }), { status: 200 })));
    URL.createObjectURL = vi.fn(() => "blob:x");
    URL.revokeObjectURL = vi.fn();
    let name = "";
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      name = this.download;
    });
    await downloadPdf("/t/acme/api/v1/invoices/1/pdf/", "INV-2026-0001.pdf");
    expect(name).toBe("INV-2026-0001.pdf");
    click.mockRestore();
  });

  it("words other refusals", () => {
    expect(pdfErrorText(new ApiError(403, "permission_denied", "No."))).toBe("Your role does not allow this.");
    expect(pdfErrorText(new ApiError(404, "not_found", "Not found."))).toBe("Could not make the PDF: Not found.");
  });
});

describe("the default scheme", () => {
  const scheme = (key: string, boxes: Record<string, string[]>) => ({ key, mappings: [{ tax_code: "X", rate: "20", boxes, custom: false }] }) as unknown as import("@/api/types").TaxScheme;

  it("is the UK or German return when a code fills it, else net and tax per code", () => {
    expect(defaultScheme([scheme("uk-vat", { output_tax: ["1"] }), scheme("per-code", { output_tax: ["X output tax"] })])).toBe("uk-vat");
    expect(defaultScheme([scheme("uk-vat", {}), scheme("de-ustva", { sales_net: ["81"] })])).toBe("de-ustva");
    expect(defaultScheme([scheme("uk-vat", {}), scheme("eu-rates", { output_tax: ["20%"] })])).toBe("per-code");
    expect(defaultScheme([])).toBe("per-code");
  });
});
