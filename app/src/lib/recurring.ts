// Recurring entries: the form's model (schedule fields and the entry editor's lines), the body
// for the API, and a schedule said in words. Pure functions, tested.
import type { api } from "@/api/endpoints";
import type { Frequency, Recurring, RecurringIn } from "@/api/types";
import { newDraft, newLine, toPayload, type Draft } from "./entryDraft";

export interface ScheduleForm {
  name: string;
  frequency: Frequency;
  interval: number;
  /** Day of the month, 1-31 (31: the last day); unused by weekly schedules. */
  day: number;
  start_date: string;
  end_date: string;
  post: boolean;
}

export function newForm(start: string): ScheduleForm {
  return { name: "", frequency: "monthly", interval: 1, day: Number(start.slice(8, 10)), start_date: start, end_date: "", post: true };
}

export function fromTemplate(t: Recurring): { form: ScheduleForm; draft: Draft } {
  const form: ScheduleForm = {
    name: t.name,
    frequency: t.frequency,
    interval: t.interval ?? 1,
    day: t.day ?? Number(t.start_date.slice(8, 10)),
    start_date: t.start_date,
    end_date: t.end_date ?? "",
    post: t.post ?? true,
  };
  const draft: Draft = {
    ...newDraft(t.start_date, ""),
    memo: t.memo ?? "",
    reference: t.reference ?? "",
    lines: t.lines.map((l) =>
      newLine(l.currency ?? "", {
        account: l.account,
        description: l.description ?? "",
        debit: l.debit ?? "",
        credit: l.credit ?? "",
        tax_code: l.tax_code ?? "",
      }),
    ),
  };
  return { form, draft };
}

/** The API's body and the line keys in the order sent (to place the API's line errors). */
export function toBody(form: ScheduleForm, draft: Draft, base: string): { body: RecurringIn; keys: number[] } {
  const { body, keys } = toPayload(draft, base);
  // A template takes no fixed rate: each date's entry uses that day's rate.
  const lines = body.lines.map(({ exchange_rate: _rate, ...line }) => line);
  return {
    body: {
      name: form.name.trim(),
      memo: draft.memo,
      reference: draft.reference,
      lines,
      post: form.post,
      frequency: form.frequency,
      interval: form.interval,
      day: form.frequency === "weekly" ? null : form.day,
      start_date: form.start_date,
      end_date: form.end_date || null,
    },
    keys,
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const UNITS: Record<Frequency, [string, string]> = {
  weekly: ["Weekly", "weeks"],
  monthly: ["Monthly", "months"],
  quarterly: ["Quarterly", "quarters"],
  yearly: ["Yearly", "years"],
};

export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

type Schedule = Pick<Recurring, "frequency" | "interval" | "day" | "start_date">;

/** "Monthly on the 1st", "Every 2 weeks on Monday", "Quarterly on the last day", "Yearly on Feb 28th". */
export function scheduleText(s: Schedule): string {
  const interval = s.interval ?? 1;
  const [single, plural] = UNITS[s.frequency];
  const every = interval === 1 ? single : `Every ${interval} ${plural}`;
  const [y, m, d] = s.start_date.split("-").map(Number);
  if (s.frequency === "weekly") return `${every} on ${WEEKDAYS[new Date(y, m - 1, d).getDay()]}`;
  const day = s.day ?? d;
  const when = day === 31 ? "the last day" : `the ${ordinal(day)}`;
  if (s.frequency === "yearly") return `${every} on ${when} of ${MONTHS[m - 1]}`;
  return `${every} on ${when}`;
}

export type TemplateState = "active" | "paused" | "ended";

export function stateOf(t: Pick<Recurring, "paused" | "next_run">): TemplateState {
  if (t.paused) return "paused";
  return t.next_run ? "active" : "ended";
}

export type RecurringAction = "pause" | "resume" | "run";

/** Pause, resume or run a template now: the template as it is after, and what to tell the user. */
export async function applyAction(
  client: ReturnType<typeof api>,
  t: Recurring,
  what: RecurringAction,
): Promise<{ template: Recurring; text: string; failed: boolean }> {
  if (what === "run") {
    const result = await client.runRecurring(t.id);
    const failed = result.failed.length ? `, ${result.failed.length} failed: ${result.failed[0].error}` : "";
    return { template: result.template, text: `${result.booked.length} booked${failed}`, failed: !!result.failed.length };
  }
  const template = await (what === "pause" ? client.pauseRecurring(t.id) : client.resumeRecurring(t.id));
  return { template, text: what === "pause" ? "paused" : "resumed", failed: false };
}
