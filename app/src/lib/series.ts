// The number series screen's rows: the series the company has, plus this year's and next year's
// for every kind not made yet (a series is made on its first number or when a prefix is set).
import type { DocKind, DocumentSeries } from "@/api/types";

export const SERIES_KINDS: DocKind[] = ["invoice", "credit_note", "bill", "vendor_credit"];
/** The API's defaults (invoicing.services.series.PREFIXES). */
export const DEFAULT_PREFIX: Record<DocKind, string> = { invoice: "INV", credit_note: "CRN", bill: "BILL", vendor_credit: "VCR" };
export const PREFIX_RE = /^[A-Za-z0-9-]{1,10}$/;

export interface SeriesRow {
  kind: DocKind;
  year: number;
  prefix: string;
  issued: number;
  /** Numbers were given: the prefix stays. */
  locked: boolean;
  next: string;
  /** Not made yet: shown with the default prefix. */
  made: boolean;
}

export const seriesLabel = (prefix: string, year: number, n: number) => `${prefix}-${year}-${String(n).padStart(4, "0")}`;

export function seriesRows(series: DocumentSeries[], year: number): SeriesRow[] {
  const rows: SeriesRow[] = series.map((s) => ({
    kind: s.kind as DocKind,
    year: s.year,
    prefix: s.prefix,
    issued: s.last_number,
    locked: s.last_number > 0,
    next: s.next_number,
    made: true,
  }));
  for (const y of [year, year + 1]) {
    for (const kind of SERIES_KINDS) {
      if (rows.some((r) => r.kind === kind && r.year === y)) continue;
      rows.push({ kind, year: y, prefix: DEFAULT_PREFIX[kind], issued: 0, locked: false, next: seriesLabel(DEFAULT_PREFIX[kind], y, 1), made: false });
    }
  }
  return rows.sort((a, b) => b.year - a.year || SERIES_KINDS.indexOf(a.kind) - SERIES_KINDS.indexOf(b.kind));
}

/** Why a typed prefix cannot be saved ("" when it can). */
export function prefixProblem(prefix: string): string {
  return PREFIX_RE.test(prefix.trim()) ? "" : "1 to 10 letters, digits or hyphens.";
}
