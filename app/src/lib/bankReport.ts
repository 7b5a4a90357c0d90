// The bank reconciliation report's arithmetic for display: the steps from the books' balance to
// the bank's, whether they explain the whole difference, and which statements it may close.
import type { BankReconciliation, Statement } from "@/api/types";
import { parseDec, ZERO, type Dec } from "@/lib/money";

export interface Step {
  key: "opening_difference" | "unmatched" | "ignored" | "uncovered" | "timing";
  label: string;
  /** Signed as it adds to the difference (uncovered entries subtract). */
  value: Dec;
}

const num = (text: string | null | undefined): Dec => parseDec(text) ?? ZERO;

/** The parts that explain `statement − book`, in the order docs/bank.md gives them. */
export function steps(totals: BankReconciliation["totals"]): Step[] {
  return [
    { key: "opening_difference", label: "Opening difference (before the first statement)", value: num(totals.opening_difference) },
    { key: "unmatched", label: "Unmatched statement lines", value: num(totals.unmatched) },
    { key: "ignored", label: "Ignored statement lines", value: num(totals.ignored) },
    { key: "uncovered", label: "Book entries no statement line covers", value: -num(totals.uncovered) },
    { key: "timing", label: "Matches across the day (timing)", value: num(totals.timing) },
  ];
}

/** What the listed parts leave of the difference (zero when they explain all of it). */
export function unexplained(totals: BankReconciliation["totals"]): Dec {
  return num(totals.difference) - steps(totals).reduce((acc, s) => acc + s.value, ZERO);
}

/** Whether the listed parts add up to the whole difference (and the API's total says the same). */
export function fullyExplained(totals: BankReconciliation["totals"]): boolean {
  return unexplained(totals) === ZERO && num(totals.explained) === num(totals.difference);
}

/** The day the report opens on: the newest statement's last day, else today. */
export function defaultAsOf(statements: Pick<Statement, "period_end">[], today: string): string {
  const ends = statements.map((s) => s.period_end).filter((d): d is string => Boolean(d));
  return ends.length ? ends.reduce((a, b) => (a > b ? a : b)) : today;
}

/** Statements ending on or before the day that are not marked reconciled yet, oldest first. */
export function openStatements(statements: Statement[], asOf: string): Statement[] {
  return statements
    .filter((s) => !s.reconciled_at && (s.period_end ?? "") <= asOf)
    .sort((a, b) => (a.period_end ?? "").localeCompare(b.period_end ?? "") || a.id - b.id);
}
