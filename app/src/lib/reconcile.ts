// The reconciliation screen's model: which key does what, where the selection goes, how lines are
// loaded (unmatched first), and the split lines of an entry booked from a statement line. Pure
// functions, tested in tests/reconcile.test.ts; ReconcileView.vue wires them to the page.
import type { CreateEntryIn, Entry, LineStatus, StatementLine } from "@/api/types";
import { abs, formatDec, minorUnits, parseDec, toText, ZERO, type Dec } from "./money";

export type LineFilter = LineStatus | "all";

export const FILTERS: { value: LineFilter; label: string }[] = [
  { value: "unmatched", label: "Unmatched" },
  { value: "all", label: "All" },
  { value: "matched", label: "Matched" },
  { value: "ignored", label: "Ignored" },
];

/** The statuses to load, in order: "all" loads the unmatched lines first, then the settled ones. */
export function streamsFor(filter: LineFilter): LineStatus[] {
  return filter === "all" ? ["unmatched", "matched", "ignored"] : [filter];
}

export function nextFilter(filter: LineFilter): LineFilter {
  const i = FILTERS.findIndex((f) => f.value === filter);
  return FILTERS[(i + 1) % FILTERS.length].value;
}

// ---- Keys -------------------------------------------------------------------------------------

export type Action =
  | { kind: "move"; by: number }
  | { kind: "first" }
  | { kind: "last" }
  | { kind: "accept" }
  | { kind: "pick"; index: number }
  | { kind: "create" }
  | { kind: "settle" }
  | { kind: "ignore" }
  | { kind: "unmatch" }
  | { kind: "rule" }
  | { kind: "auto" }
  | { kind: "search" }
  | { kind: "filter" }
  | { kind: "help" };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

/**
 * Where the key was pressed: in a text field (typing: no shortcut applies), on a control (a button
 * or link keeps Enter and Space for itself), or elsewhere on the page.
 */
export type KeyTarget = "text" | "control" | "page";

export interface KeyContext {
  canWrite: boolean;
  dialogOpen: boolean;
  target: KeyTarget;
}

/** The keys, as the help lists them. `write` keys do nothing for viewers. */
export const KEYS: { keys: string[]; does: string; write: boolean }[] = [
  { keys: ["j", "↓"], does: "Next line", write: false },
  { keys: ["k", "↑"], does: "Previous line", write: false },
  { keys: ["Home", "End"], does: "First / last line", write: false },
  { keys: ["Enter"], does: "Match the line to the top suggestion", write: true },
  { keys: ["1", "…", "9"], does: "Match the line to that suggestion", write: true },
  { keys: ["s"], does: "Settle open invoices or bills with the line (records the payment)", write: true },
  { keys: ["e"], does: "Book an entry from the line (accounts, tax code, splits)", write: true },
  { keys: ["i"], does: "Ignore the line, with a reason", write: true },
  { keys: ["u"], does: "Unmatch (or un-ignore) the line", write: true },
  { keys: ["r"], does: "Make a rule from the line", write: true },
  { keys: ["a"], does: "Auto-match: preview first, then run", write: true },
  { keys: ["/"], does: "Search the books", write: false },
  { keys: ["f"], does: "Next status filter", write: false },
  { keys: ["?"], does: "Show these keys", write: false },
  { keys: ["Esc"], does: "Close a dialog; from a field, back to the lines", write: false },
];

const READ_KEYS: Record<string, Action> = {
  j: { kind: "move", by: 1 },
  ArrowDown: { kind: "move", by: 1 },
  k: { kind: "move", by: -1 },
  ArrowUp: { kind: "move", by: -1 },
  PageDown: { kind: "move", by: 10 },
  PageUp: { kind: "move", by: -10 },
  Home: { kind: "first" },
  End: { kind: "last" },
  "/": { kind: "search" },
  f: { kind: "filter" },
  "?": { kind: "help" },
};

const WRITE_KEYS: Record<string, Action> = {
  Enter: { kind: "accept" },
  e: { kind: "create" },
  s: { kind: "settle" },
  i: { kind: "ignore" },
  u: { kind: "unmatch" },
  r: { kind: "rule" },
  a: { kind: "auto" },
};

/** What a key press does on the reconciliation screen, or null when it is not a shortcut. */
export function keyAction(e: KeyInput, ctx: KeyContext): Action | null {
  if (ctx.dialogOpen || ctx.target === "text") return null;
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (ctx.target === "control" && (e.key === "Enter" || e.key === " ")) return null;
  const read = READ_KEYS[e.key];
  if (read) return read;
  if (!ctx.canWrite) return null;
  if (/^[1-9]$/.test(e.key)) return { kind: "pick", index: Number(e.key) - 1 };
  return WRITE_KEYS[e.key] ?? null;
}

/** Classify the element a key event comes from (see KeyTarget). */
export function keyTarget(el: EventTarget | null): KeyTarget {
  if (!el || typeof (el as Element).closest !== "function") return "page";
  const e = el as HTMLElement;
  if (e.isContentEditable || e.closest("input, textarea, select, [contenteditable=true]")) {
    const input = e.closest("input") as HTMLInputElement | null;
    const buttonLike = input && ["checkbox", "radio", "button", "submit", "reset", "file"].includes(input.type);
    return buttonLike ? "control" : "text";
  }
  if (e.closest("button, a[href], summary, [role=button], [role=tab]")) return "control";
  return "page";
}

// ---- Selection ----------------------------------------------------------------------------------

/** The line `by` steps from `current` (clamped to the list); the first line when none is selected. */
export function moveSelection(ids: number[], current: number | null, by: number): number | null {
  if (!ids.length) return null;
  const at = current === null ? -1 : ids.indexOf(current);
  if (at < 0) return ids[0];
  return ids[Math.min(ids.length - 1, Math.max(0, at + by))];
}

/**
 * The lines after the server answered for some of them: each replaced by its new state; with a
 * status filter, lines that no longer pass it leave the list.
 */
export function mergeUpdated(lines: StatementLine[], updated: StatementLine[], filter: LineFilter): StatementLine[] {
  const byId = new Map(updated.map((l) => [l.id, l]));
  return lines
    .map((l) => byId.get(l.id) ?? l)
    .filter((l) => filter === "all" || (l.status ?? "unmatched") === filter);
}

/**
 * Where the selection goes once line `id` was settled (matched, booked, ignored): the next
 * unmatched line after it, else the closest unmatched one before it, else the line itself if it is
 * still listed, else its neighbour.
 */
export function selectAfter(before: StatementLine[], after: StatementLine[], id: number): number | null {
  const status = new Map(after.map((l) => [l.id, l.status ?? "unmatched"]));
  const at = before.findIndex((l) => l.id === id);
  const later = before.slice(at + 1);
  const earlier = before.slice(0, Math.max(at, 0)).reverse();
  const open = (l: StatementLine) => status.get(l.id) === "unmatched";
  const listed = (l: StatementLine) => status.has(l.id);
  const found = later.find(open) ?? earlier.find(open);
  if (found) return found.id;
  if (status.has(id)) return id;
  return (later.find(listed) ?? earlier.find(listed) ?? after[0])?.id ?? null;
}

// ---- The books ----------------------------------------------------------------------------------

/** An entry's net movement on a ledger account in one currency (debit positive). */
export function movementOn(entry: Pick<Entry, "lines">, account: string, currency: string): Dec {
  let total = ZERO;
  for (const l of entry.lines) {
    if (l.account !== account || l.currency !== currency) continue;
    total += (parseDec(l.debit) ?? ZERO) - (parseDec(l.credit) ?? ZERO);
  }
  return total;
}

// ---- Booking an entry from a line ---------------------------------------------------------------

export interface SplitDraft {
  key: number;
  account: string;
  amount: string;
  tax_code: string;
  description: string;
}

let nextKey = 1;

export function newSplit(init: Partial<SplitDraft> = {}): SplitDraft {
  return { key: nextKey++, account: "", amount: "", tax_code: "", description: "", ...init };
}

/** The line's amount without its sign, as text at the currency's scale: what the splits add up to. */
export function lineTotal(line: Pick<StatementLine, "amount" | "currency">): string {
  return toText(abs(parseDec(line.amount) ?? ZERO), minorUnits(line.currency));
}

/** One split holding the whole amount: the usual case of one counter account. */
export function splitsFor(line: Pick<StatementLine, "amount" | "currency">, account = "", taxCode = ""): SplitDraft[] {
  return [newSplit({ account, amount: lineTotal(line), tax_code: taxCode })];
}

/** What is left to distribute: the line's amount minus the splits (zero when they add up). */
export function remaining(line: Pick<StatementLine, "amount" | "currency">, splits: SplitDraft[]): Dec {
  let total = parseDec(lineTotal(line)) ?? ZERO;
  for (const s of splits) total -= parseDec(s.amount) ?? ZERO;
  return total;
}

/** A new split for what is left (nothing when the splits already add up). */
export function addSplit(line: Pick<StatementLine, "amount" | "currency">, splits: SplitDraft[]): SplitDraft[] {
  const left = remaining(line, splits);
  return [...splits, newSplit({ amount: left > ZERO ? toText(left, minorUnits(line.currency)) : "" })];
}

/** Why the splits cannot be booked yet, or null when they can. */
export function splitProblem(line: Pick<StatementLine, "amount" | "currency">, splits: SplitDraft[]): string | null {
  if (!splits.length) return "Add an account.";
  const places = minorUnits(line.currency);
  for (const [i, s] of splits.entries()) {
    if (!s.account.trim()) return `Choose the account of split ${i + 1}.`;
    const amount = parseDec(s.amount);
    if (amount === null || amount <= ZERO) return `Split ${i + 1} needs a positive amount.`;
  }
  const left = remaining(line, splits);
  if (left !== ZERO) {
    const what = left > ZERO ? "left to distribute" : "too much";
    return `${formatDec(abs(left), places)} ${line.currency} ${what}: the splits must add up to ${formatDec(parseDec(lineTotal(line)) ?? ZERO, places)}.`;
  }
  return null;
}

/** The create-entry request: amounts as decimal text at the currency's scale. */
export function splitsPayload(line: Pick<StatementLine, "currency">, splits: SplitDraft[], memo: string): CreateEntryIn {
  const places = minorUnits(line.currency);
  return {
    memo: memo.trim(),
    lines: splits.map((s) => ({
      account: s.account.trim(),
      amount: toText(parseDec(s.amount) ?? ZERO, places),
      tax_code: s.tax_code || null,
      description: s.description.trim(),
    })),
  };
}

/** The memo an entry booked from a line starts with: who paid and their reference. */
export function defaultMemo(line: Pick<StatementLine, "counterparty_name" | "reference" | "description">): string {
  return [line.counterparty_name, line.reference].filter(Boolean).join(" ") || (line.description ?? "");
}

/** What a rule made from the line matches (mirrors bank.services.rules.rule_from_line). */
export function ruleSummary(line: Pick<StatementLine, "amount" | "counterparty_name" | "reference">): string | null {
  const name = (line.counterparty_name ?? "").split(/\s+/).filter(Boolean).join(" ");
  const reference = (line.reference ?? "").split(/\s+/).filter(Boolean).join(" ");
  const direction = (parseDec(line.amount) ?? ZERO) > ZERO ? "money in" : "money out";
  if (name) return `Lines whose counterparty contains “${name}”, ${direction}`;
  if (reference) return `Lines whose reference contains “${reference}”, ${direction}`;
  return null;
}
