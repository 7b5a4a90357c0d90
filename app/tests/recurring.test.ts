import { describe, expect, it } from "vitest";
import type { Recurring } from "@/api/types";
import { newLine } from "@/lib/entryDraft";
import { fromTemplate, newForm, ordinal, scheduleText, stateOf, toBody } from "@/lib/recurring";

const rent: Recurring = {
  id: 7,
  name: "Rent",
  memo: "",
  reference: "LEASE-1",
  lines: [
    { account: "6200", debit: "1500.00", credit: null, currency: null, tax_code: null, description: "Office" },
    { account: "1120", debit: null, credit: "1500.00", currency: null, tax_code: null, description: "" },
  ],
  post: false,
  frequency: "monthly",
  interval: 1,
  day: 31,
  start_date: "2026-01-01",
  end_date: null,
  paused: false,
  next_run: "2026-01-31",
  upcoming: [],
  failed: 0,
  created_by_name: "alan",
  created_at: "2026-01-01T00:00:00Z",
};

describe("scheduleText", () => {
  it("says the day of the month, 31 as the last day", () => {
    expect(scheduleText({ ...rent, day: 1 })).toBe("Monthly on the 1st");
    expect(scheduleText(rent)).toBe("Monthly on the last day");
    expect(scheduleText({ ...rent, frequency: "quarterly", day: 15 })).toBe("Quarterly on the 15th");
  });
  it("says the interval and the weekday of a weekly schedule's start", () => {
    expect(scheduleText({ ...rent, frequency: "weekly", interval: 2, start_date: "2026-01-05" })).toBe("Every 2 weeks on Monday");
    expect(scheduleText({ ...rent, interval: 3, day: 2 })).toBe("Every 3 months on the 2nd");
  });
  it("names the start month of a yearly schedule", () => {
    expect(scheduleText({ ...rent, frequency: "yearly", day: 29, start_date: "2028-02-29" })).toBe("Yearly on the 29th of Feb");
  });
});

describe("ordinal", () => {
  it.each([[1, "1st"], [2, "2nd"], [3, "3rd"], [4, "4th"], [11, "11th"], [12, "12th"], [13, "13th"], [21, "21st"], [22, "22nd"], [30, "30th"]])(
    "%i is %s",
    (n, text) => expect(ordinal(n)).toBe(text),
  );
});

describe("the form", () => {
  it("starts monthly on the start date's day, posting", () => {
    expect(newForm("2026-03-17")).toMatchObject({ frequency: "monthly", day: 17, interval: 1, post: true, end_date: "" });
  });

  it("round-trips a template: blank lines dropped, no day for weekly, no end as null", () => {
    const { form, draft } = fromTemplate(rent);
    draft.lines.push(newLine("USD"));
    expect(form).toMatchObject({ name: "Rent", day: 31, post: false });
    const { body, keys } = toBody(form, draft, "USD");
    expect(body).toEqual({
      name: "Rent",
      memo: "",
      reference: "LEASE-1",
      lines: [
        { account: "6200", debit: "1500.00", description: "Office" },
        { account: "1120", credit: "1500.00", description: "" },
      ],
      post: false,
      frequency: "monthly",
      interval: 1,
      day: 31,
      start_date: "2026-01-01",
      end_date: null,
    });
    expect(keys).toEqual([draft.lines[0].key, draft.lines[1].key]);
    expect(toBody({ ...form, frequency: "weekly" }, draft, "USD").body.day).toBeNull();
  });

  it("sends a foreign line's currency but no rate: each date uses its own", () => {
    const { form, draft } = fromTemplate(rent);
    Object.assign(draft.lines[0], { currency: "EUR", rate: "1.1" });
    expect(toBody(form, draft, "USD").body.lines[0]).toEqual({ account: "6200", debit: "1500.00", description: "Office", currency: "EUR" });
  });
});

describe("stateOf", () => {
  it("is paused, ended when no date is left, else active", () => {
    expect(stateOf({ paused: true, next_run: "2026-01-01" })).toBe("paused");
    expect(stateOf({ paused: false, next_run: null })).toBe("ended");
    expect(stateOf({ paused: false, next_run: "2026-01-01" })).toBe("active");
  });
});
