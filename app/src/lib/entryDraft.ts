// The journal entry editor's model: lines as typed, live totals, the payload for the API and the
// mapping of the API's field errors back to the line that caused them. Pure functions, tested.
import type { ApiError } from "@/api/client";
import type { Entry, EntryIn, LineIn, TaxCode } from "@/api/types";
import { abs, minorUnits, mul, parseDec, round, toText, ZERO, type Dec } from "./money";

export interface DraftLine {
  key: number;
  account: string;
  description: string;
  debit: string;
  credit: string;
  currency: string;
  rate: string;
  tax_code: string;
}

export interface Draft {
  date: string;
  memo: string;
  reference: string;
  lines: DraftLine[];
}

let nextKey = 1;

export function newLine(currency: string, init: Partial<DraftLine> = {}): DraftLine {
  return {
    key: nextKey++,
    account: "",
    description: "",
    debit: "",
    credit: "",
    currency,
    rate: "",
    tax_code: "",
    ...init,
  };
}

export function newDraft(date: string, base: string): Draft {
  return { date, memo: "", reference: "", lines: [newLine(base), newLine(base)] };
}

export function fromEntry(entry: Entry): Draft {
  return {
    date: entry.date,
    memo: entry.memo ?? "",
    reference: entry.reference ?? "",
    lines: entry.lines.map((l) =>
      newLine(l.currency, {
        account: l.account,
        description: l.description,
        debit: l.debit ?? "",
        credit: l.credit ?? "",
        rate: l.exchange_rate && l.exchange_rate !== "1" ? l.exchange_rate : "",
        tax_code: l.tax_code ?? "",
      }),
    ),
  };
}

export function isBlank(line: DraftLine): boolean {
  return !line.account && !line.debit.trim() && !line.credit.trim() && !line.description.trim();
}

export interface CurrencyTotal {
  currency: string;
  debit: Dec;
  credit: Dec;
  diff: Dec;
}

export interface Totals {
  /** Base-currency totals (foreign lines converted with the line's or the known rate). */
  debit: Dec;
  credit: Dec;
  /** debit − credit in the base currency (0 when balanced). */
  diff: Dec;
  perCurrency: CurrencyTotal[];
  /** Foreign currencies without a rate: base totals then leave those lines out. */
  missingRates: string[];
  lineCount: number;
  balanced: boolean;
  /** Per line key, the client-side problem (both sides, not a number). */
  lineProblems: Record<number, { field: keyof DraftLine; message: string }>;
}

export function lineRate(line: DraftLine, base: string, rates: Record<string, string>): Dec | null {
  if (!line.currency || line.currency === base) return parseDec("1");
  return parseDec(line.rate) ?? parseDec(rates[line.currency] ?? null);
}

export function computeTotals(draft: Draft, base: string, rates: Record<string, string> = {}): Totals {
  const per = new Map<string, CurrencyTotal>();
  const missing = new Set<string>();
  const problems: Totals["lineProblems"] = {};
  let debit = ZERO;
  let credit = ZERO;
  let count = 0;
  for (const line of draft.lines) {
    if (isBlank(line)) continue;
    count++;
    const d = line.debit.trim() ? parseDec(line.debit) : ZERO;
    const c = line.credit.trim() ? parseDec(line.credit) : ZERO;
    if (d === null) problems[line.key] = { field: "debit", message: "Not a number." };
    if (c === null) problems[line.key] = { field: "credit", message: "Not a number." };
    if (d === null || c === null) continue;
    if (d !== ZERO && c !== ZERO) problems[line.key] = { field: "credit", message: "A debit or a credit, not both." };
    if (d < ZERO || c < ZERO) problems[line.key] = { field: d < ZERO ? "debit" : "credit", message: "Must be positive." };
    const currency = line.currency || base;
    const t = per.get(currency) ?? { currency, debit: ZERO, credit: ZERO, diff: ZERO };
    t.debit += d;
    t.credit += c;
    t.diff = t.debit - t.credit;
    per.set(currency, t);
    const rate = lineRate(line, base, rates);
    if (rate === null) {
      missing.add(currency);
      continue;
    }
    const places = minorUnits(base);
    debit += currency === base ? d : round(mul(d, rate), places);
    credit += currency === base ? c : round(mul(c, rate), places);
  }
  const perCurrency = [...per.values()];
  const foreign = perCurrency.filter((t) => t.currency !== base).length;
  // Conversion rounding of up to one minor unit per foreign line is absorbed by the server.
  const tolerance = foreign ? (10n ** BigInt(10 - minorUnits(base))) * BigInt(foreign) : ZERO;
  const diff = debit - credit;
  const balanced =
    count >= 2 &&
    Object.keys(problems).length === 0 &&
    perCurrency.every((t) => t.diff === ZERO) &&
    missing.size === 0 &&
    abs(diff) <= tolerance &&
    debit > ZERO;
  return {
    debit,
    credit,
    diff: abs(diff) <= tolerance ? ZERO : diff,
    perCurrency,
    missingRates: [...missing],
    lineCount: count,
    balanced,
    lineProblems: problems,
  };
}

/** The amount (and side) that balances the entry on `line`, in the line's currency. */
export function balancingAmount(draft: Draft, line: DraftLine, base: string): { side: "debit" | "credit"; amount: string } | null {
  const currency = line.currency || base;
  const others = { ...draft, lines: draft.lines.filter((l) => l.key !== line.key && (l.currency || base) === currency) };
  const totals = computeTotals(others, base);
  const t = totals.perCurrency.find((p) => p.currency === currency);
  if (!t || t.diff === ZERO) return null;
  const places = minorUnits(currency);
  return t.diff > ZERO
    ? { side: "credit", amount: toText(t.diff, places) }
    : { side: "debit", amount: toText(-t.diff, places) };
}

/** The tax line for `line` under `tax`: same side, rate% of the amount, on the tax account. */
export function taxLineFor(line: DraftLine, tax: TaxCode, base: string): DraftLine | null {
  if (!tax.account) return null;
  const side = line.debit.trim() ? "debit" : line.credit.trim() ? "credit" : null;
  if (!side) return null;
  const amount = parseDec(line[side]);
  const rate = parseDec(tax.rate);
  if (amount === null || rate === null) return null;
  const currency = line.currency || base;
  const taxAmount = round(mul(amount, rate) / 100n, minorUnits(currency));
  if (taxAmount === ZERO) return null;
  return newLine(currency, {
    account: tax.account,
    description: `${tax.name} ${Number(tax.rate)}%`,
    [side]: toText(taxAmount, minorUnits(currency)),
    rate: line.rate,
    tax_code: tax.code,
  });
}

export interface Payload {
  body: EntryIn;
  /** For each payload line, the key of the draft line it came from. */
  keys: number[];
}

export function toPayload(draft: Draft, base: string, status: "draft" | "posted" = "draft"): Payload {
  const keys: number[] = [];
  const lines: LineIn[] = [];
  for (const line of draft.lines) {
    if (isBlank(line)) continue;
    keys.push(line.key);
    const currency = line.currency || base;
    const out: LineIn = { account: line.account.trim(), description: line.description.trim() };
    const places = minorUnits(currency);
    const d = parseDec(line.debit);
    const c = parseDec(line.credit);
    // Amounts go out as decimal strings (the API refuses floats); bad text is sent as typed so
    // the server's message lands on the field.
    if (line.debit.trim()) out.debit = d !== null ? toText(d, Math.max(places, decimals(line.debit))) : line.debit;
    if (line.credit.trim()) out.credit = c !== null ? toText(c, Math.max(places, decimals(line.credit))) : line.credit;
    if (currency !== base) {
      out.currency = currency;
      if (line.rate.trim()) out.exchange_rate = line.rate.trim();
    }
    if (line.tax_code) out.tax_code = line.tax_code;
    lines.push(out);
  }
  return {
    body: { date: draft.date, memo: draft.memo, reference: draft.reference, status, lines },
    keys,
  };
}

function decimals(text: string): number {
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.trim().length - dot - 1;
}

export interface MappedErrors {
  /** Header fields: date, memo, reference. */
  form: Record<string, string>;
  /** Per draft line key, per field. */
  lines: Record<number, Record<string, string>>;
  /** Messages about the entry as a whole (unbalanced, too few lines, ...). */
  general: string[];
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).filter(Boolean).join(" ");
  if (value && typeof value === "object") return Object.values(value).map(text).join(" ");
  return value === undefined || value === null ? "" : String(value);
}

/** Place an API error's `fields` next to the inputs they concern. Accepts both shapes the API
 * uses for lines: {"lines": {"0": {"account": [...]}}} and {"lines": [{}, {"debit": [...]}]}. */
export function mapErrors(error: ApiError, keys: number[]): MappedErrors {
  const out: MappedErrors = { form: {}, lines: {}, general: [] };
  const fields = error.fields ?? {};
  for (const [name, value] of Object.entries(fields)) {
    if (name === "lines") {
      const perLine: [string, unknown][] = Array.isArray(value)
        ? value.every((v) => typeof v === "string")
          ? []
          : value.map((v, i) => [String(i), v])
        : value && typeof value === "object"
          ? Object.entries(value as Record<string, unknown>)
          : [];
      if (Array.isArray(value) && value.every((v) => typeof v === "string")) out.general.push(text(value));
      if (typeof value === "string") out.general.push(value);
      for (const [index, lineErrors] of perLine) {
        if (index === "non_field_errors") {
          out.general.push(text(lineErrors));
          continue;
        }
        const key = keys[Number(index)];
        if (key === undefined || !lineErrors || typeof lineErrors !== "object") continue;
        const mapped: Record<string, string> = {};
        for (const [field, msg] of Object.entries(lineErrors as Record<string, unknown>)) {
          const t = text(msg);
          if (t) mapped[field === "exchange_rate" ? "rate" : field] = t;
        }
        if (Object.keys(mapped).length) out.lines[key] = mapped;
      }
    } else if (name === "non_field_errors" || name === "idempotency_key") {
      out.general.push(text(value));
    } else {
      out.form[name] = text(value);
    }
  }
  const placed = Object.keys(out.form).length + Object.keys(out.lines).length + out.general.length;
  if (!placed) out.general.push(error.message);
  return out;
}
