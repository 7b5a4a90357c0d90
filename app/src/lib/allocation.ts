// Allocating a payment to a contact's open items: the suggestion (oldest due first), the checks the
// form shows before the API is asked (no more than an item has open, no more than the payment) and
// the targets the API takes.
import type { DocSummary, Payment, Target } from "@/api/types";
import { docName } from "./documents";
import { minorUnits, parseDec, toText, ZERO, type Dec } from "./money";

export interface OpenItem {
  /** "document:12" or "payment:7". */
  key: string;
  type: "document" | "payment";
  id: number;
  label: string;
  date: string;
  /** Payments have none: they count from their date. */
  due_date: string | null;
  currency: string;
  open: string;
}

export const docItem = (d: DocSummary): OpenItem => ({
  key: `document:${d.id}`,
  type: "document",
  id: d.id,
  label: docName(d),
  date: d.issue_date,
  due_date: d.due_date,
  currency: d.currency,
  open: d.open_amount ?? "0",
});

export const paymentItem = (p: Payment): OpenItem => ({
  key: `payment:${p.id}`,
  type: "payment",
  id: p.id,
  label: `Payment ${p.reference || p.id} of ${p.date}`,
  date: p.date,
  due_date: null,
  currency: p.currency,
  open: p.open_amount ?? "0",
});

/** Oldest first: by due date (a payment's own date), then date, then id. */
export function oldestFirst(items: OpenItem[]): OpenItem[] {
  const due = (i: OpenItem) => i.due_date ?? i.date;
  return [...items].sort((a, b) => due(a).localeCompare(due(b)) || a.date.localeCompare(b.date) || a.id - b.id);
}

/** Spread `amount` over the items, oldest due first, each up to what it has open. */
export function suggestAllocation(amount: string, items: OpenItem[], currency: string): Record<string, string> {
  let left = parseDec(amount) ?? ZERO;
  const places = minorUnits(currency);
  const out: Record<string, string> = {};
  for (const item of oldestFirst(items)) {
    const open = parseDec(item.open) ?? ZERO;
    const take = left < open ? left : open;
    out[item.key] = take > ZERO ? toText(take, places) : "";
    left -= take > ZERO ? take : ZERO;
  }
  return out;
}

export interface AllocationCheck {
  allocated: Dec;
  /** What the payment keeps open: a credit of the contact (negative: allocated too much). */
  left: Dec;
  /** Per item key, what is wrong with its amount. */
  problems: Record<string, string>;
  ok: boolean;
}

export function checkAllocation(amount: string, allocations: Record<string, string>, items: OpenItem[]): AllocationCheck {
  const total = parseDec(amount) ?? ZERO;
  const problems: Record<string, string> = {};
  let allocated = ZERO;
  for (const item of items) {
    const text = (allocations[item.key] ?? "").trim();
    if (!text) continue;
    const value = parseDec(text);
    if (value === null) problems[item.key] = "Not a number.";
    else if (value < ZERO) problems[item.key] = "Must be positive.";
    else if (value > (parseDec(item.open) ?? ZERO)) problems[item.key] = `At most ${item.open}.`;
    else allocated += value;
  }
  const left = total - allocated;
  return { allocated, left, problems, ok: Object.keys(problems).length === 0 && left >= ZERO };
}

/** The API's allocations: one target per item given a positive amount, in the items' order. */
export function toTargets(allocations: Record<string, string>, items: OpenItem[]): Target[] {
  const out: Target[] = [];
  for (const item of items) {
    const value = parseDec(allocations[item.key] ?? "");
    if (value === null || value <= ZERO) continue;
    const amount = toText(value, minorUnits(item.currency));
    out.push(item.type === "document" ? { document: item.id, amount } : { payment: item.id, amount });
  }
  return out;
}
