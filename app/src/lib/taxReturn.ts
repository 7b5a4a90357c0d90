// The tax return screen's model: the periods offered (quarters, months, a year), the default
// period (the last quarter ended), and what stands in the way of filing one.
import type { TaxReturn, TaxReturnMeta, TaxScheme } from "@/api/types";
import { iso, today } from "./dates";

export const SCHEMES = ["uk-vat", "de-ustva", "eu-rates", "per-code"] as const;

/** The company's own return: the UK or German one when a code of the company fills it, else per code. */
export function defaultScheme(schemes: TaxScheme[]): string {
  const used = (key: string) => schemes.find((s) => s.key === key)?.mappings.some((m) => Object.values(m.boxes).some((b) => b.length)) ?? false;
  return ["uk-vat", "de-ustva"].find(used) ?? "per-code";
}

export interface Period {
  key: string;
  label: string;
  from: string;
  to: string;
}

const lastDay = (y: number, month: number) => iso(new Date(y, month, 0)); // month 1-12

export function quarter(year: number, q: number): Period {
  const first = (q - 1) * 3 + 1;
  return { key: `${year}-Q${q}`, label: `Q${q} ${year}`, from: iso(new Date(year, first - 1, 1)), to: lastDay(year, first + 2) };
}

export function month(year: number, m: number): Period {
  const first = new Date(year, m - 1, 1);
  return { key: iso(first).slice(0, 7), label: first.toLocaleString("en", { month: "short", year: "numeric" }), from: iso(first), to: lastDay(year, m) };
}

/** The last quarter that has ended on `day` (a return is filed after its period). */
export function lastQuarter(day = today()): Period {
  const y = Number(day.slice(0, 4));
  const q = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  return q === 1 ? quarter(y - 1, 4) : quarter(y, q - 1);
}

/** The periods offered, newest first: this and last year's quarters and months, and the two years. */
export function periodChoices(day = today()): { quarters: Period[]; months: Period[]; years: Period[] } {
  const y = Number(day.slice(0, 4));
  const quarters: Period[] = [];
  const months: Period[] = [];
  for (const year of [y, y - 1]) {
    for (let q = 4; q >= 1; q--) quarters.push(quarter(year, q));
    for (let m = 12; m >= 1; m--) months.push(month(year, m));
  }
  const years = [y, y - 1].map((year) => ({ key: String(year), label: String(year), from: `${year}-01-01`, to: `${year}-12-31` }));
  return { quarters, months, years };
}

/** The period whose dates these are, if it is one offered; else null (custom dates). */
export function periodOf(from: string, to: string, day = today()): Period | null {
  const all = periodChoices(day);
  return [...all.quarters, ...all.months, ...all.years].find((p) => p.from === from && p.to === to) ?? null;
}

/** Why this period cannot be filed, before asking the server; "" when nothing is known against it. */
export function filingProblem(meta: TaxReturnMeta, filed: TaxReturn[]): string {
  if (!meta.tax_codes.length) return `No tax code fills a box of ${meta.scheme}: nothing to file.`;
  const late = Object.entries(meta.filed_through).filter(([, through]) => through >= meta.from);
  if (late.length) {
    const through = late.map(([, d]) => d).sort().at(-1)!;
    return `Already filed through ${through} for ${late.map(([c]) => c).join(", ")}: file a period after it.`;
  }
  const overlap = filed.find((r) => r.period_from <= meta.to && r.period_to >= meta.from && r.tax_codes.some((c) => meta.tax_codes.includes(c)));
  if (overlap) return `Return ${overlap.id} (${overlap.period_from} to ${overlap.period_to}) covers part of this period.`;
  return "";
}

/** A period not yet over can be filed, but every later posting in it with these codes is refused. */
export const periodOpen = (meta: TaxReturnMeta, day = today()): boolean => meta.to >= day;
