// Settling a statement line with open documents (statement-lines/<id>/settle/): the request for a
// suggestion, and what it will record, said before it is sent.
import type { DocKind, DocumentSuggestion, SettleIn, StatementLine } from "@/api/types";
import { KIND_LABEL } from "./documents";
import { abs, minorUnits, parseDec, toText, ZERO } from "./money";

/** The documents with what the line pays of each, as the suggestion spread it (oldest due first). */
export function settleBody(s: DocumentSuggestion): SettleIn {
  return { contact: s.contact, documents: s.documents.map((d) => ({ document: d.document, amount: d.amount })) };
}

export interface SettleSummary {
  direction: "received" | "paid";
  /** The whole line: the payment's amount. */
  amount: string;
  /** What the documents take of it. */
  allocated: string;
  /** What stays open on the contact (a credit for money in, a debt for money out); "" if none. */
  left: string;
  /** Documents the line pays only in part. */
  partly: string[];
}

export function settleSummary(line: StatementLine, s: DocumentSuggestion): SettleSummary {
  const whole = abs(parseDec(line.amount) ?? ZERO);
  const allocated = parseDec(s.amount) ?? ZERO;
  const p = minorUnits(line.currency);
  const left = whole - allocated;
  const partly = s.documents
    .filter((d) => (parseDec(d.amount) ?? ZERO) < (parseDec(d.open_amount) ?? ZERO))
    .map((d) => `${KIND_LABEL[d.kind as DocKind] ?? d.kind} ${d.number}`);
  return {
    direction: (line.amount ?? "").startsWith("-") ? "paid" : "received",
    amount: toText(whole, p),
    allocated: toText(allocated, p),
    left: left > ZERO ? toText(left, p) : "",
    partly,
  };
}
