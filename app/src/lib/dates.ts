// Dates as ISO strings (YYYY-MM-DD) in the user's local calendar.
export function iso(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, "0");
  const day = String(d.getDate()).padStart(2, "0");
  return `${y}-${m}-${day}`;
}

export const today = (): string => iso(new Date());

export function startOfYear(day = today()): string {
  return `${day.slice(0, 4)}-01-01`;
}

/** The last `count` calendar months ending with the month of `day`, oldest first. */
export function lastMonths(count: number, day = today()): { key: string; from: string; to: string; label: string }[] {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7)) - 1;
  const out = [];
  for (let k = count - 1; k >= 0; k--) {
    const first = new Date(y, m - k, 1);
    const last = new Date(y, m - k + 1, 0);
    out.push({
      key: iso(first).slice(0, 7),
      from: iso(first),
      to: iso(last),
      label: first.toLocaleString("en", { month: "short" }),
    });
  }
  return out;
}

const longDate = new Intl.DateTimeFormat("en", { year: "numeric", month: "short", day: "numeric" });

export function formatDate(isoDay: string | null | undefined): string {
  if (!isoDay) return "";
  const [y, m, d] = isoDay.slice(0, 10).split("-").map(Number);
  return longDate.format(new Date(y, m - 1, d));
}
