// Sales and purchases share their screens: a "side" says which documents, contacts, payments and
// aging report a screen shows. Plus the documents' status and the list's totals.
import type { AgingSide, DocPath } from "@/api/sales";
import type { DocKind, DocSummary, Party, PaymentDirection } from "@/api/types";
import { minorUnits, parseDec, ZERO, type Dec } from "./money";

export type Side = "sales" | "purchases";

export interface SideSpec {
  side: Side;
  label: string;
  path: DocPath;
  party: Party;
  kind: DocKind;
  creditKind: DocKind;
  docLabel: string;
  docsLabel: string;
  creditLabel: string;
  /** The usual direction of a payment on this side (the other one is a refund). */
  direction: PaymentDirection;
  aging: AgingSide;
  agingLabel: string;
  contactAccount: "revenue_account" | "expense_account";
  /** The API's own fallback when neither the line nor the contact names an account. */
  fallbackAccount: string;
}

export const SIDES: Record<Side, SideSpec> = {
  sales: {
    side: "sales",
    label: "Sales",
    path: "invoices",
    party: "customer",
    kind: "invoice",
    creditKind: "credit_note",
    docLabel: "Invoice",
    docsLabel: "Invoices",
    creditLabel: "Credit note",
    direction: "received",
    aging: "aged-receivables",
    agingLabel: "Aged receivables",
    contactAccount: "revenue_account",
    fallbackAccount: "4100",
  },
  purchases: {
    side: "purchases",
    label: "Purchases",
    path: "bills",
    party: "vendor",
    kind: "bill",
    creditKind: "vendor_credit",
    docLabel: "Bill",
    docsLabel: "Bills",
    creditLabel: "Vendor credit",
    direction: "paid",
    aging: "aged-payables",
    agingLabel: "Aged payables",
    contactAccount: "expense_account",
    fallbackAccount: "",
  },
};

export const sideOfParty = (party: Party): Side => (party === "customer" ? "sales" : "purchases");

export const KIND_LABEL: Record<DocKind, string> = {
  invoice: "Invoice",
  credit_note: "Credit note",
  bill: "Bill",
  vendor_credit: "Vendor credit",
};

export const isCredit = (kind: DocKind): boolean => kind === "credit_note" || kind === "vendor_credit";

/** The list's status filters and the query each sends (`overdue` and `open` are not statuses). */
export const STATUS_FILTERS = [
  { key: "", label: "All" },
  { key: "draft", label: "Draft" },
  { key: "open", label: "Open" },
  { key: "issued", label: "Issued" },
  { key: "partly_paid", label: "Partly paid" },
  { key: "paid", label: "Paid" },
  { key: "overdue", label: "Overdue" },
] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number]["key"];

export function statusQuery(filter: string): Record<string, string> {
  if (filter === "overdue") return { overdue: "true" };
  if (filter === "open") return { status: "issued,partly_paid" };
  return filter ? { status: filter } : {};
}

export const STATUS_LABEL: Record<string, string> = {
  draft: "draft",
  issued: "issued",
  partly_paid: "partly paid",
  paid: "paid",
};

/** Issued, still open and past its due date (`today` as YYYY-MM-DD). */
export function isOverdue(doc: Pick<DocSummary, "status" | "due_date" | "open_amount">, today: string): boolean {
  if (doc.status !== "issued" && doc.status !== "partly_paid") return false;
  const open = parseDec(doc.open_amount ?? null);
  return open !== null && open > ZERO && doc.due_date < today;
}

export interface CurrencyTotals {
  currency: string;
  total: Dec;
  open: Dec;
  places: number;
}

/** Per currency, the documents' totals and what is still open; credits count against them. */
export function listTotals(docs: DocSummary[]): CurrencyTotals[] {
  const per = new Map<string, CurrencyTotals>();
  for (const d of docs) {
    const t = per.get(d.currency) ?? { currency: d.currency, total: ZERO, open: ZERO, places: minorUnits(d.currency) };
    const sign = isCredit(d.kind) ? -1n : 1n;
    t.total += sign * (parseDec(d.total ?? null) ?? ZERO);
    if (d.status !== "draft") t.open += sign * (parseDec(d.open_amount ?? null) ?? ZERO);
    per.set(d.currency, t);
  }
  return [...per.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}

/** A document's name: its number once issued, else "Draft <kind>". */
export function docName(doc: Pick<DocSummary, "number" | "kind">): string {
  return doc.number || `Draft ${KIND_LABEL[doc.kind].toLowerCase()}`;
}
