import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { Me } from "@/api/types";
import ImportsView from "@/views/imports/ImportsView.vue";
import ImportView from "@/views/imports/ImportView.vue";
import { useSession } from "@/stores/session";

const ME = {
  id: 1,
  username: "ann",
  is_staff: false,
  companies: [
    { slug: "acme", name: "Acme", role: "owner", base_currency: "USD", status: "active" },
    { slug: "foo", name: "Foo", role: "accountant", base_currency: "USD", status: "active" },
  ],
} as unknown as Me;

const ROW = {
  id: 7, format: "ledger", file_name: "books.journal", size: 377, status: "queued", report: null, error: null, job: 31,
  created_at: "2026-12-07T10:00:00Z", created_by: "ann", finished_at: null,
};
const REPORT = {
  format: "ledger", base_currency: "USD", transactions: 3, created: 2, skipped: 0, left_out: 1, accounts_created: ["Assets:E2E:Checking"], rates_set: 0,
  notes: [], assertions: { checked: 1, failed: [] },
  balances: [{ account: "Assets:E2E:Checking", currency: "USD", source: "995.50", pyledger: "995.50", difference: "0.00", base: "995.50" }],
  balanced: true,
};

function respond(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

async function mountAt(path: string, slug: string, component: typeof ImportsView) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: "/t/:slug/imports", name: "imports", component },
      { path: "/t/:slug/imports/:id", name: "import", component: ImportView },
    ],
  });
  await router.push(path);
  const session = useSession();
  session.me = ME;
  session.enter(slug);
  const w = mount(component, { global: { plugins: [router] } });
  await flushPromises();
  return { w, router };
}

describe("the Import books screen", () => {
  let answers: Record<string, (init?: RequestInit) => Response>;
  let calls: { url: string; init?: RequestInit }[];
  beforeEach(() => {
    setActivePinia(createPinia());
    document.cookie = "csrftoken=tok; path=/";
    calls = [];
    answers = {};
    vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const key = Object.keys(answers).find((k) => url.startsWith(k));
      return key ? answers[key](init) : respond(404, { code: "not_found", message: "Not found.", fields: {} });
    }));
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it("lets an owner upload: the format follows the file, a refusal shows at its field", async () => {
    answers["/t/acme/api/v1/imports/?page_size"] = () => respond(200, { next: null, previous: null, results: [{ ...ROW, status: "succeeded", report: REPORT }] });
    answers["/t/acme/api/v1/imports/?background=true"] = () => respond(400, { code: "upload_refused", message: "The file is empty.", fields: { file: ["Empty file."] } });
    const { w } = await mountAt("/t/acme/imports", "acme", ImportsView);
    expect(w.get("[data-testid=imports]").text()).toContain("books.journal");
    expect(w.get("[data-testid=imports]").text()).toContain("Balanced");
    const input = w.get<HTMLInputElement>("[data-testid=import-file]");
    Object.defineProperty(input.element, "files", { value: [new File([" "], "2025.journal")] });
    await input.trigger("change");
    expect(w.get<HTMLSelectElement>("[data-testid=import-format]").element.value).toBe("ledger");
    await w.get("form").trigger("submit");
    await flushPromises();
    const post = calls.find((c) => c.init?.method === "POST")!;
    expect((post.init!.body as FormData).get("format")).toBe("ledger");
    expect(w.get("[data-testid=import-upload-error]").text()).toBe("2025.journal was not imported: The file is empty.");
    expect(w.get(".field-error").text()).toBe("Empty file.");
  });

  it("opens the import's page once the upload is queued", async () => {
    answers["/t/acme/api/v1/imports/?page_size"] = () => respond(200, { next: null, previous: null, results: [] });
    answers["/t/acme/api/v1/imports/?background=true"] = () => respond(202, ROW);
    const { w, router } = await mountAt("/t/acme/imports", "acme", ImportsView);
    expect(w.text()).toContain("No book imported yet.");
    const input = w.get<HTMLInputElement>("[data-testid=import-file]");
    Object.defineProperty(input.element, "files", { value: [new File(["x"], "a.beancount")] });
    await input.trigger("change");
    await w.get("form").trigger("submit");
    await flushPromises();
    expect(router.currentRoute.value.fullPath).toBe("/t/acme/imports/7");
  });

  it("shows an accountant the imports without the upload form", async () => {
    answers["/t/foo/api/v1/imports/"] = () => respond(200, { next: null, previous: null, results: [] });
    const { w } = await mountAt("/t/foo/imports", "foo", ImportsView);
    expect(w.find("[data-testid=import-form]").exists()).toBe(false);
    expect(w.get("[data-testid=import-read-only]").text()).toContain("Owners import books");
  });

  it("follows an import until it ends, with the job's progress, then shows the report", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-12-07T10:00:05Z"));
    const states = [ROW, { ...ROW, status: "running" }, { ...ROW, status: "succeeded", report: REPORT, finished_at: "2026-12-07T10:00:09Z" }];
    let read = 0;
    answers["/t/acme/api/v1/imports/7/"] = () => respond(200, states[Math.min(read++, 2)]);
    answers["/t/acme/api/v1/jobs/31/"] = () => respond(200, { id: 31, status: "running", progress: { done: 1, total: 3 } });
    const { w } = await mountAt("/t/acme/imports/7", "acme", ImportView);
    expect(w.get("[data-testid=import-progress]").text()).toContain("Queued for 5 s");
    await vi.advanceTimersByTimeAsync(1500);
    await flushPromises();
    expect(w.get("[data-testid=import-progress]").text()).toContain("Importing… 1 of 3 transactions");
    await vi.advanceTimersByTimeAsync(1500);
    await flushPromises();
    expect(w.find("[data-testid=import-progress]").exists()).toBe(false);
    expect(w.get("[data-testid=import-verdict]").text()).toContain("Balanced");
    expect(w.get("[data-testid=import-status]").text()).toBe("Balanced");
    const reads = calls.filter((c) => c.url.includes("/imports/7/")).length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls.filter((c) => c.url.includes("/imports/7/")).length).toBe(reads);
    w.unmount();
  });

  it("shows why a failed import failed", async () => {
    answers["/t/acme/api/v1/imports/7/"] = () => respond(200, { ...ROW, status: "failed", error: { code: "book_invalid", message: "books.journal:2: the transaction does not balance" } });
    const { w } = await mountAt("/t/acme/imports/7", "acme", ImportView);
    expect(w.get("[data-testid=import-failed]").text()).toBe("The import failed (book_invalid): books.journal:2: the transaction does not balance");
    expect(w.find("[data-testid=import-report]").exists()).toBe(false);
    w.unmount();
  });
});
