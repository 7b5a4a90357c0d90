// Book imports for display: the formats and a guess from the file's name, the report's counts,
// figures and verdict, and polling an import until it has ended.
import { ApiError } from "@/api/client";
import type { BookFormat, BookImport, BookImportReport, BookImportStatus, ImportBalance } from "@/api/types";
import { formatDec, minorUnits, parseDec } from "@/lib/money";

export const FORMATS: { value: BookFormat; label: string; hint: string; extensions: string[] }[] = [
  { value: "beancount", label: "Beancount", hint: "a .beancount file (no include, no plugins but Beancount's own)", extensions: [".beancount", ".bean"] },
  { value: "ledger", label: "hledger / ledger journal", hint: "a .journal or .ledger file", extensions: [".journal", ".ledger", ".hledger", ".dat"] },
  { value: "gnucash", label: "GnuCash (SQLite or XML)", hint: "a .gnucash book, compressed or not, or its SQLite file", extensions: [".gnucash", ".gnc", ".xml", ".sqlite", ".sqlite3", ".db"] },
];

/** The format a file's extension suggests; null when it suggests none. */
export function guessFormat(fileName: string): BookFormat | null {
  const name = fileName.toLowerCase();
  return FORMATS.find((f) => f.extensions.some((ext) => name.endsWith(ext)))?.value ?? null;
}

export const formatLabel = (format: string): string => FORMATS.find((f) => f.value === format)?.label ?? format;

export const ended = (status: BookImportStatus): boolean => status === "succeeded" || status === "failed";

/** The chip a list row shows: an import that succeeded with differences is not "ok". */
export function statusChip(row: Pick<BookImport, "status" | "report">): { text: string; tone: "ok" | "warn" | "failed" | "" } {
  switch (row.status) {
    case "queued":
      return { text: "Queued", tone: "" };
    case "running":
      return { text: "Importing…", tone: "warn" };
    case "failed":
      return { text: "Failed", tone: "failed" };
    default:
      return row.report && !row.report.balanced ? { text: "Differences", tone: "warn" } : { text: "Balanced", tone: "ok" };
  }
}

export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** "held_at_cost" → "Held at cost". */
export function noteLabel(kind: string): string {
  const words = kind.replace(/_/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The report's counts, in the order the import works. */
export function counts(report: BookImportReport): { key: string; label: string; value: number; hint: string }[] {
  return [
    { key: "transactions", label: "Transactions read", value: report.transactions, hint: "in the source" },
    { key: "created", label: "Entries created", value: report.created, hint: "posted by this import" },
    { key: "skipped", label: "Already there", value: report.skipped, hint: "posted by an earlier import of it" },
    { key: "left_out", label: "Left out", value: report.left_out, hint: "nothing pyledger can represent" },
    { key: "accounts", label: "Accounts created", value: report.accounts_created.length, hint: "with their parents" },
    { key: "rates", label: "Rates set", value: report.rates_set, hint: `exchange rates to ${report.base_currency || "the base currency"}` },
  ];
}

/** A figure of the report with the currency's decimals, or more when the source has more. */
export function figure(text: string | null | undefined, currency: string): string {
  const value = parseDec(text ?? null);
  if (value === null) return "";
  const decimals = /\.(\d+)/.exec(String(text))?.[1].replace(/0+$/, "").length ?? 0;
  return formatDec(value, Math.max(minorUnits(currency), decimals));
}

export const differs = (row: Pick<ImportBalance, "difference">): boolean => parseDec(row.difference) !== 0n;

/** The overall verdict in one sentence: what holds, or how much does not. */
export function verdict(report: BookImportReport): { balanced: boolean; text: string } {
  const rows = report.balances.length;
  const off = report.balances.filter(differs).length;
  const { checked, failed } = report.assertions;
  const assertions = checked ? `${plural(checked, "balance assertion")}` : "";
  if (report.balanced) {
    const held = checked ? `; ${checked === 1 ? "the" : "all"} ${assertions} ${checked === 1 ? "holds" : "hold"}` : "";
    return { balanced: true, text: `Balanced: ${rows === 1 ? "the" : "all"} ${plural(rows, "balance")} ${rows === 1 ? "matches" : "match"} the source${held}.` };
  }
  const parts = [];
  if (off) parts.push(`${off} of ${plural(rows, "balance")} ${off === 1 ? "differs" : "differ"} from the source`);
  if (failed.length) parts.push(`${failed.length} of ${assertions} ${failed.length === 1 ? "fails" : "fail"}`);
  return { balanced: false, text: `Not balanced: ${parts.join("; ") || "the check found differences"}. The entries stay imported.` };
}

export interface Poll {
  stop: () => void;
}

export interface PollOptions<T> {
  fetch: (signal: AbortSignal) => Promise<T>;
  /** Stop once this is true of a value. */
  done: (value: T) => boolean;
  onValue: (value: T) => void;
  /** A failed read: polling goes on (slower) when the server may answer later, else stops. */
  onError?: (error: unknown, retrying: boolean) => void;
  interval?: number;
  maxInterval?: number;
}

/** Whether a failed read is worth trying again: the network or the server, not a refusal. */
export function transient(error: unknown): boolean {
  return error instanceof ApiError ? error.status === 0 || error.status === 429 || error.status >= 500 : true;
}

/** Read a value now and every `interval` ms until `done`; after a transient error the wait
 * doubles (up to `maxInterval`) and is reset by the next good read. */
export function poll<T>(options: PollOptions<T>): Poll {
  const interval = options.interval ?? 1500;
  const maxInterval = options.maxInterval ?? 15_000;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wait = interval;

  async function tick(): Promise<void> {
    timer = undefined;
    try {
      const value = await options.fetch(controller.signal);
      if (controller.signal.aborted) return;
      options.onValue(value);
      wait = interval;
      if (options.done(value)) return;
    } catch (error) {
      if (controller.signal.aborted) return;
      const retrying = transient(error);
      options.onError?.(error, retrying);
      if (!retrying) return;
      wait = Math.min(wait * 2, maxInterval);
    }
    timer = setTimeout(() => void tick(), wait);
  }

  void tick();
  return {
    stop() {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/** A job's progress as a fraction (null while its total is unknown). */
export function fraction(progress: Record<string, number | null> | undefined): number | null {
  const done = progress?.done;
  const total = progress?.total;
  if (done == null || !total) return null;
  return Math.max(0, Math.min(1, done / total));
}

const when = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

/** A moment of the API (ISO date-time) in the user's time zone: "Dec 7, 2026, 12:40 PM". */
export function formatWhen(moment: string | null | undefined): string {
  if (!moment) return "";
  const d = new Date(moment);
  return Number.isNaN(d.getTime()) ? "" : when.format(d);
}
