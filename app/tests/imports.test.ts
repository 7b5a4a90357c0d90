import { mount } from "@vue/test-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/api/client";
import type { BookImportReport } from "@/api/types";
import ImportReport from "@/components/imports/ImportReport.vue";
import { counts, ended, figure, formatSize, fraction, guessFormat, noteLabel, poll, statusChip, transient, verdict } from "@/lib/imports";

function report(over: Partial<BookImportReport> = {}): BookImportReport {
  return {
    format: "ledger",
    base_currency: "USD",
    transactions: 4,
    created: 3,
    skipped: 0,
    left_out: 1,
    accounts_created: ["Assets", "Assets:E2E", "Assets:E2E:Checking"],
    rates_set: 0,
    notes: [{ kind: "not_a_currency", count: 2, message: "postings in commodities that are not currencies were left out", examples: ["books.journal:12 VACHR"] }],
    assertions: { checked: 1, failed: [] },
    balances: [
      { account: "Assets:E2E:Checking", currency: "USD", source: "995.50", pyledger: "995.50", difference: "0.00", base: "995.50" },
      { account: "Expenses:E2E:Coffee", currency: "USD", source: "4.50", pyledger: "4.50", difference: "0.00", base: "4.50" },
    ],
    balanced: true,
    ...over,
  };
}

describe("book import formats", () => {
  it("guesses the format from the file's extension", () => {
    expect(guessFormat("household.beancount")).toBe("beancount");
    expect(guessFormat("2025.JOURNAL")).toBe("ledger");
    expect(guessFormat("books.ledger")).toBe("ledger");
    expect(guessFormat("Company.gnucash")).toBe("gnucash");
    expect(guessFormat("book.sqlite")).toBe("gnucash");
    expect(guessFormat("notes.txt")).toBeNull();
  });

  it("says whether an import has ended and how its row looks", () => {
    expect(ended("queued")).toBe(false);
    expect(ended("running")).toBe(false);
    expect(ended("failed")).toBe(true);
    expect(statusChip({ status: "succeeded", report: report() })).toEqual({ text: "Balanced", tone: "ok" });
    expect(statusChip({ status: "succeeded", report: report({ balanced: false }) })).toEqual({ text: "Differences", tone: "warn" });
    expect(statusChip({ status: "failed", report: null }).tone).toBe("failed");
    expect(statusChip({ status: "running", report: null }).text).toBe("Importing…");
  });

  it("prints sizes, note kinds and a job's progress", () => {
    expect(formatSize(812)).toBe("812 B");
    expect(formatSize(14_200)).toBe("14.2 kB");
    expect(formatSize(3_400_000)).toBe("3.4 MB");
    expect(noteLabel("held_at_cost")).toBe("Held at cost");
    expect(fraction({ done: 250, total: 1000 })).toBe(0.25);
    expect(fraction({ done: 3, total: null })).toBeNull();
    expect(fraction(undefined)).toBeNull();
  });
});

describe("the import report", () => {
  it("lists the counts in the order the import works", () => {
    const c = counts(report({ skipped: 2, rates_set: 5 }));
    expect(c.map((x) => [x.key, x.value])).toEqual([
      ["transactions", 4], ["created", 3], ["skipped", 2], ["left_out", 1], ["accounts", 3], ["rates", 5],
    ]);
    expect(c.at(-1)?.hint).toContain("USD");
  });

  it("shows figures with the currency's decimals, or the source's when it has more", () => {
    expect(figure("1234.5", "USD")).toBe("1,234.50");
    expect(figure("-0.005", "EUR")).toBe("−0.005");
    expect(figure("120", "JPY")).toBe("120");
    expect(figure("2.5000", "USD")).toBe("2.50");
    expect(figure(null, "USD")).toBe("");
  });

  it("says the verdict in one sentence", () => {
    expect(verdict(report()).text).toBe("Balanced: all 2 balances match the source; the 1 balance assertion holds.");
    expect(verdict(report({ assertions: { checked: 0, failed: [] } })).text).toBe("Balanced: all 2 balances match the source.");
    const off = report({
      balanced: false,
      balances: [{ account: "Assets:X", currency: "USD", source: "10.00", pyledger: "9.99", difference: "-0.01", base: "9.99" }],
      assertions: { checked: 3, failed: [{ as_of: "2025-01-31", account: "Assets:X", currency: "USD", expected: "10.00", actual: "9.99", where: "b.journal:9", difference: "-0.01" }] },
    });
    expect(verdict(off)).toEqual({ balanced: false, text: "Not balanced: 1 of 1 balance differs from the source; 1 of 3 balance assertions fails. The entries stay imported." });
  });

  it("renders the balances side by side and filters the ones that differ", async () => {
    const r = report({
      balanced: false,
      balances: [...report().balances, { account: "Income:E2E", currency: "USD", source: "-10.00", pyledger: "-9.00", difference: "1.00", base: "-9.00" }],
    });
    const w = mount(ImportReport, { props: { report: r } });
    expect(w.get("[data-testid=import-verdict]").classes()).toContain("error");
    const filter = w.get<HTMLInputElement>("[data-testid=only-differences]");
    expect(filter.element.checked).toBe(true);
    expect(w.findAll("[data-testid=import-balances] tbody tr")).toHaveLength(1);
    expect(w.get("[data-testid=import-balances] tbody tr").text()).toContain("−10.00");
    await filter.setValue(false);
    const rows = w.findAll("[data-testid=import-balances] tbody tr");
    expect(rows).toHaveLength(3);
    expect(rows[0].text()).toMatch(/Assets:E2E:Checking.*995\.50.*995\.50.*—/);
    expect(w.get("[data-testid=note-not_a_currency]").text()).toContain("books.journal:12 VACHR");
    expect(w.get("[data-testid=import-assertions]").text()).toContain("1 of 1 hold");
  });

  it("says when nothing differs, no assertion was checked and nothing was noted", () => {
    const w = mount(ImportReport, { props: { report: report({ notes: [], assertions: { checked: 0, failed: [] } }) } });
    expect(w.get("[data-testid=import-verdict]").classes()).toContain("ok");
    expect(w.find("[data-testid=only-differences]").exists()).toBe(false);
    expect(w.get("[data-testid=import-notes]").text()).toContain("imported as it is");
    expect(w.get("[data-testid=import-assertions]").text()).toContain("none in the source");
  });
});

describe("polling an import", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("reads at once, then every interval until done", async () => {
    vi.useFakeTimers();
    const states = ["queued", "running", "succeeded"];
    const fetch = vi.fn(async () => states[Math.min(fetch.mock.calls.length - 1, 2)]);
    const seen: string[] = [];
    poll({ fetch, done: (s) => s === "succeeded", onValue: (s) => seen.push(s), interval: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(["queued"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(["queued", "running"]);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toEqual(["queued", "running", "succeeded"]);
    expect(fetch).toHaveBeenCalledTimes(3);
  });

  it("backs off after a transient error and stops on a refusal", async () => {
    vi.useFakeTimers();
    const answers: (string | Error)[] = [new ApiError(0, "network_error", "down"), new ApiError(503, "x", "busy"), "running", new ApiError(404, "not_found", "gone")];
    const fetch = vi.fn(async () => {
      const a = answers[fetch.mock.calls.length - 1];
      if (a instanceof Error) throw a;
      return a;
    });
    const errors: [string, boolean][] = [];
    poll({ fetch, done: () => false, onValue: () => undefined, onError: (e, retrying) => errors.push([(e as ApiError).code, retrying]), interval: 1000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1999); // the wait doubled to 2 s
    expect(fetch).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4000); // and to 4 s
    expect(fetch).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(1000); // a good read resets it
    expect(fetch).toHaveBeenCalledTimes(4);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fetch).toHaveBeenCalledTimes(4);
    expect(errors).toEqual([["network_error", true], ["x", true], ["not_found", false]]);
    expect(transient(new ApiError(429, "throttled", ""))).toBe(true);
    expect(transient(new ApiError(403, "permission_denied", ""))).toBe(false);
  });

  it("stops when asked, a read in flight included", async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(async () => "running");
    const onValue = vi.fn();
    const p = poll({ fetch, done: () => false, onValue, interval: 1000 });
    p.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(onValue).not.toHaveBeenCalled();
  });
});
