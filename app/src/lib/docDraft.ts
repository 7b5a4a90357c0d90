// The invoice and bill editor's model: lines as typed, live net, tax and totals computed as the
// API computes them (invoicing/calc.py: amounts round half up; tax rounded per line, or once per
// code and shared back to the lines), the due date from the contact's terms, and the payload.
import type { Contact, Doc, DocIn, DocLineIn, TaxCode } from "@/api/types";
import type { MappedErrors } from "./entryDraft";
import type { SideSpec } from "./documents";
import { minorUnits, mul, parseDec, round, toText, ZERO, type Dec } from "./money";

export type TaxRounding = "line" | "document";

export interface DocDraftLine {
  key: number;
  description: string;
  quantity: string;
  unit_price: string;
  discount_percent: string;
  account: string;
  tax_code: string;
}

export interface DocDraft {
  contact: number | null;
  issue_date: string;
  due_date: string;
  /** The due date was typed: a new contact or issue date no longer moves it. */
  dueTouched: boolean;
  currency: string;
  memo: string;
  vendor_reference: string;
  lines: DocDraftLine[];
}

let nextKey = 1;

export function newDocLine(init: Partial<DocDraftLine> = {}): DocDraftLine {
  return { key: nextKey++, description: "", quantity: "1", unit_price: "", discount_percent: "", account: "", tax_code: "", ...init };
}

export function newDocDraft(issueDate: string, currency: string): DocDraft {
  return { contact: null, issue_date: issueDate, due_date: issueDate, dueTouched: false, currency, memo: "", vendor_reference: "", lines: [newDocLine()] };
}

/** A line for `contact` on `side`: its default account and tax code. */
export function contactLine(contact: Contact | null, side: SideSpec): DocDraftLine {
  return newDocLine({ account: contact?.[side.contactAccount] || side.fallbackAccount, tax_code: contact?.tax_code || "" });
}

export function fromDoc(doc: Doc): DocDraft {
  return {
    contact: doc.contact,
    issue_date: doc.issue_date,
    due_date: doc.due_date,
    dueTouched: true,
    currency: doc.currency,
    memo: doc.memo ?? "",
    vendor_reference: doc.vendor_reference ?? "",
    lines: doc.lines.map((l) =>
      newDocLine({
        description: l.description,
        quantity: trimZeros(l.quantity ?? "1"),
        unit_price: l.unit_price,
        discount_percent: Number(l.discount_percent ?? 0) ? trimZeros(l.discount_percent ?? "") : "",
        account: l.account,
        tax_code: l.tax_code ?? "",
      }),
    ),
  };
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** `days` after the ISO day `day`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const when = new Date(Date.UTC(y, m - 1, d + days));
  return when.toISOString().slice(0, 10);
}

export function isBlankLine(line: DocDraftLine): boolean {
  return !line.description.trim() && !line.unit_price.trim();
}

const HUNDRED = parseDec("100")!;

/** quantity × unit price less the discount, rounded half up to the currency; null if unreadable. */
export function lineNet(line: DocDraftLine, currency: string): Dec | null {
  const quantity = line.quantity.trim() ? parseDec(line.quantity) : parseDec("1");
  const price = parseDec(line.unit_price);
  const discount = line.discount_percent.trim() ? parseDec(line.discount_percent) : ZERO;
  if (quantity === null || price === null || discount === null) return null;
  const gross = mul(quantity, price);
  return round(gross - mul(gross, discount) / 100n, minorUnits(currency));
}

export interface LineAmounts {
  net: Dec;
  tax: Dec;
}

export interface CodeTotal {
  code: string;
  rate: string;
  net: Dec;
  tax: Dec;
}

export interface DocTotals {
  /** Per line key; a line with unreadable numbers has none. */
  lines: Record<number, LineAmounts>;
  problems: Record<number, { field: keyof DocDraftLine; message: string }>;
  byCode: CodeTotal[];
  net: Dec;
  tax: Dec;
  total: Dec;
  lineCount: number;
}

function lineProblem(line: DocDraftLine): { field: keyof DocDraftLine; message: string } | null {
  if (line.quantity.trim() && parseDec(line.quantity) === null) return { field: "quantity", message: "Not a number." };
  if (parseDec(line.unit_price) === null) return { field: "unit_price", message: line.unit_price.trim() ? "Not a number." : "Required." };
  const discount = line.discount_percent.trim() ? parseDec(line.discount_percent) : ZERO;
  if (discount === null || discount < ZERO || discount > HUNDRED) return { field: "discount_percent", message: "0 to 100." };
  return null;
}

export function docTotals(draft: DocDraft, rates: Map<string, string>, rounding: TaxRounding = "line"): DocTotals {
  const currency = draft.currency;
  const places = minorUnits(currency);
  const step = 10n ** BigInt(10 - places);
  const out: DocTotals = { lines: {}, problems: {}, byCode: [], net: ZERO, tax: ZERO, total: ZERO, lineCount: 0 };
  const exact = new Map<number, Dec>();
  const members = new Map<string, number[]>();
  for (const line of draft.lines) {
    if (isBlankLine(line)) continue;
    out.lineCount++;
    const problem = lineProblem(line);
    const net = problem ? null : lineNet(line, currency);
    if (problem || net === null) {
      out.problems[line.key] = problem ?? { field: "unit_price", message: "Not a number." };
      continue;
    }
    const rate = line.tax_code ? parseDec(rates.get(line.tax_code) ?? null) : null;
    const tax = rate === null ? ZERO : mul(net, rate) / 100n;
    exact.set(line.key, tax);
    out.lines[line.key] = { net, tax: rounding === "line" ? round(tax, places) : tax };
    if (rate !== null) members.set(line.tax_code, [...(members.get(line.tax_code) ?? []), line.key]);
  }
  if (rounding === "document") {
    for (const keys of members.values()) {
      const target = round(keys.reduce((s, k) => s + exact.get(k)!, ZERO), places);
      const floors = new Map(keys.map((k) => [k, (exact.get(k)! / step) * step]));
      let left = (target - [...floors.values()].reduce((s, v) => s + v, ZERO)) / step;
      const byRemainder = [...keys].sort((a, b) => {
        const ra = exact.get(a)! - floors.get(a)!;
        const rb = exact.get(b)! - floors.get(b)!;
        return ra === rb ? keys.indexOf(a) - keys.indexOf(b) : rb > ra ? 1 : -1;
      });
      for (const k of byRemainder) {
        out.lines[k].tax = floors.get(k)! + (left > 0n ? step : ZERO);
        left--;
      }
    }
  }
  const codes = new Map<string, CodeTotal>();
  for (const line of draft.lines) {
    const a = out.lines[line.key];
    if (!a) continue;
    out.net += a.net;
    out.tax += a.tax;
    if (line.tax_code && rates.has(line.tax_code)) {
      const c = codes.get(line.tax_code) ?? { code: line.tax_code, rate: rates.get(line.tax_code)!, net: ZERO, tax: ZERO };
      c.net += a.net;
      c.tax += a.tax;
      codes.set(line.tax_code, c);
    }
  }
  out.total = out.net + out.tax;
  out.byCode = [...codes.values()];
  return out;
}

/** The tax rates by code, for docTotals. */
export function taxRates(codes: TaxCode[]): Map<string, string> {
  return new Map(codes.map((t) => [t.code, t.rate]));
}

export interface DocPayload {
  body: DocIn;
  /** For each payload line, the key of the draft line it came from (to place the API's errors). */
  keys: number[];
}

export function toDocPayload(draft: DocDraft, status: "draft" | "issued", side: SideSpec): DocPayload {
  const keys: number[] = [];
  const lines: DocLineIn[] = [];
  for (const line of draft.lines) {
    if (isBlankLine(line)) continue;
    keys.push(line.key);
    lines.push({
      description: line.description.trim(),
      quantity: line.quantity.trim() || "1",
      unit_price: line.unit_price.trim(),
      discount_percent: line.discount_percent.trim() || "0",
      account: line.account.trim() || null,
      // Always sent: blank means no tax, as the editor shows (a missing key would mean the
      // contact's default).
      tax_code: line.tax_code,
    });
  }
  const body: DocIn = {
    contact: draft.contact ?? 0,
    issue_date: draft.issue_date,
    due_date: draft.due_date || null,
    currency: draft.currency,
    memo: draft.memo,
    vendor_reference: side.side === "purchases" ? draft.vendor_reference : "",
    lines,
    status,
  };
  return { body, keys };
}

/** The header fields the editor shows an error at; any other (an exchange rate, …) goes above
 * the buttons with the API's message, so no error is lost. */
const HEADER_FIELDS = ["contact", "issue_date", "due_date", "currency", "vendor_reference"];

export function placeHeaderErrors(mapped: MappedErrors, message: string): MappedErrors {
  for (const [name, text] of Object.entries(mapped.form)) {
    if (HEADER_FIELDS.includes(name)) continue;
    mapped.general.push(`${message} (${name.replace(/_/g, " ")}: ${text})`);
    delete mapped.form[name];
  }
  return mapped;
}

export const formatRate = (rate: string): string => `${Number(rate)}%`;
export { toText };
