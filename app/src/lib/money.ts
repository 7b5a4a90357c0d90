// Exact decimal arithmetic for amounts: values are BigInt counts of 1e-10, never floats.
const PLACES = 10;
const SCALE = 10n ** BigInt(PLACES);

export type Dec = bigint;
export const ZERO: Dec = 0n;

const DECIMAL = /^\s*([+-])?(\d*)(?:\.(\d*))?\s*$/;

/** Parse "1,234.50", "-3", ".5" into a Dec; null when it is not a number. */
export function parseDec(text: string | number | null | undefined): Dec | null {
  if (text === null || text === undefined) return null;
  const raw = String(text).replace(/[,\s_]/g, "");
  if (raw === "") return null;
  const m = DECIMAL.exec(raw);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return null;
  const frac = (m[3] ?? "").slice(0, PLACES).padEnd(PLACES, "0");
  const value = BigInt(m[2] || "0") * SCALE + BigInt(frac || "0");
  return m[1] === "-" ? -value : value;
}

/** Multiply two Decs, rounding half away from zero. */
export function mul(a: Dec, b: Dec): Dec {
  const product = a * b;
  const half = SCALE / 2n;
  return product >= 0n ? (product + half) / SCALE : -((-product + half) / SCALE);
}

/** Round to `places` decimals, half away from zero. */
export function round(a: Dec, places: number): Dec {
  const step = 10n ** BigInt(PLACES - places);
  const half = step / 2n;
  const q = a >= 0n ? (a + half) / step : -((-a + half) / step);
  return q * step;
}

export function abs(a: Dec): Dec {
  return a < 0n ? -a : a;
}

/** Plain decimal text with exactly `places` decimals ("1234.50"): what the API expects. */
export function toText(a: Dec, places: number): string {
  const r = round(a, places);
  const neg = r < 0n;
  const units = (neg ? -r : r) / 10n ** BigInt(PLACES - places);
  const s = units.toString().padStart(places + 1, "0");
  const int = places ? s.slice(0, -places) : s;
  const frac = places ? s.slice(-places) : "";
  return `${neg ? "-" : ""}${int}${places ? "." + frac : ""}`;
}

const unitsCache = new Map<string, number>();

/** ISO 4217 minor units of a currency (USD 2, JPY 0, KWD 3). */
export function minorUnits(currency: string): number {
  const code = (currency || "").toUpperCase();
  let units = unitsCache.get(code);
  if (units === undefined) {
    try {
      units = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2;
    } catch {
      units = 2;
    }
    unitsCache.set(code, units);
  }
  return units;
}

const grouping = new Intl.NumberFormat("en-US");

/** "1,234.50" for display: grouped, fixed decimals, minus sign for negatives. */
export function formatDec(a: Dec, places = 2): string {
  const text = toText(a, places);
  const neg = text.startsWith("-");
  const [int, frac] = (neg ? text.slice(1) : text).split(".");
  const grouped = grouping.format(BigInt(int));
  return `${neg ? "−" : ""}${grouped}${frac !== undefined ? "." + frac : ""}`;
}

/** Format an API amount string for display in `currency`'s minor units. */
export function formatAmount(text: string | null | undefined, currency = "USD"): string {
  const value = parseDec(text ?? null);
  if (value === null) return "";
  return formatDec(value, minorUnits(currency));
}

/** A Dec as a JS number (charts only; never for bookkeeping). */
export function toNumber(a: Dec): number {
  return Number(a) / Number(SCALE);
}

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total += v;
  return total;
}
