// The Bank screens against the e2e server's EUR account on 1140 (e2e/serve.py makes it new and
// empty at every start), fed with bank/formats/samples/camt053_v08_sample.xml.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { euroAccount, login, SHOTS } from "./helpers";

test.describe.configure({ mode: "serial" });

const samples = (name: string) => fileURLToPath(new URL(`../../bank/formats/samples/${name}`, import.meta.url));
const SAMPLE = samples("camt053_v08_sample.xml");
const HOSTILE = samples("hostile_truncated_camt053.xml");

/** Drop a file on the drop zone as a browser does when a file is dragged from the desktop. */
async function dropFile(page: Page, path: string, name: string): Promise<void> {
  const data = readFileSync(path).toString("base64");
  const transfer = await page.evaluateHandle(
    ({ data, name }) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], name, { type: "application/xml" }));
      return dt;
    },
    { data, name },
  );
  const zone = page.getByTestId("statement-drop");
  await zone.dispatchEvent("dragenter", { dataTransfer: transfer });
  await expect(zone).toHaveClass(/over/);
  await zone.dispatchEvent("drop", { dataTransfer: transfer });
}

test("the Bank section lists the accounts; a statement dropped on one imports once", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  const card = page.getByTestId(`bank-account-${id}`);
  await expect(card).toContainText("Euro account");
  await expect(card).toContainText("DE89 3704 0044 0532 0130 00");
  await expect(card.getByTestId("unmatched")).toHaveText("0");
  await expect(page.getByTestId(`nav-bank-${id}`)).toContainText("not reconciled");

  await page.getByTestId(`nav-bank-${id}`).click();
  await expect(page).toHaveURL(new RegExp(`/bank/${id}`));
  await page.getByRole("link", { name: "Statements", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/bank/${id}$`));
  await expect(page.getByTestId("empty-state")).toContainText("No statements");

  // A truncated file, chosen with the file picker: refused with the server's reason, nothing written.
  await page.getByTestId("statement-file").setInputFiles(HOSTILE);
  await expect(page.getByTestId("import-error")).toContainText(/not imported:.*(truncated|malformed)/i);

  await dropFile(page, SAMPLE, "camt053_v08_sample.xml");
  await expect(page.getByTestId("import-result")).toContainText("9 lines read, 9 imported, 0 duplicates skipped");
  await expect(page.getByTestId("statements").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("statements")).toContainText("9 unmatched");
  await expect(page.getByTestId(`nav-bank-${id}`)).toContainText("9");
  await page.screenshot({ path: `${SHOTS}/bank-statements.png`, fullPage: true });

  // The same file again adds nothing.
  await page.getByTestId("statement-file").setInputFiles(SAMPLE);
  await expect(page.getByTestId("import-result")).toContainText("9 lines read, 0 imported, 9 duplicates skipped");
  await expect(page.getByTestId("statements").locator("tbody tr")).toHaveCount(1);
});

test("a viewer sees the bank accounts and statements but cannot upload", async ({ page }) => {
  await login(page, "viewer");
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  await expect(page.getByTestId(`bank-account-${id}`).getByTestId("unmatched")).toHaveText("9");
  await page.goto(`/app/t/acme/bank/${id}`);
  await expect(page.getByTestId("statements").locator("tbody tr")).toHaveCount(1);
  await expect(page.getByTestId("statement-drop")).toHaveCount(0);
  await expect(page.getByTestId("mark-reconciled")).toHaveCount(0);
});

/** POST JSON to the company API from the signed-in page. */
async function post(page: Page, path: string, body: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ path, body }) => {
      const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))?.slice(10) ?? "";
      const r = await fetch(`/t/acme/api/v1/${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    },
    { path, body },
  );
}

/** Move the selection with j (from the top: Home) until the selected line shows `text`. */
async function selectLine(page: Page, text: string | RegExp): Promise<void> {
  const selected = page.locator("[role=option][aria-selected=true]");
  await page.keyboard.press("Home");
  for (let i = 0; i < 30; i++) {
    if (await selected.filter({ hasText: text }).count()) return;
    await page.keyboard.press("j");
  }
  await expect(selected).toContainText(text);
}

test("reconcile from the keyboard: Enter matches a line to its top suggestion", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  // The books hold the customer's payment: the suggestion for the bank's line of 12,000.00.
  const made = await post(page, "journal-entries/", {
    date: "2026-01-11",
    memo: "E2E bank: payment from Acme Corporation Ltd",
    reference: "INV-1002",
    status: "posted",
    lines: [
      { account: "1140", debit: "12000.00", currency: "EUR" },
      { account: "4100", credit: "12000.00", currency: "EUR" },
    ],
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);

  await page.goto(`/app/t/acme/bank/${id}/reconcile`);
  const list = page.getByRole("listbox", { name: "Statement lines" });
  await expect(list).toBeFocused();
  await expect(list.getByRole("option")).toHaveCount(9);
  await expect(page.locator("[role=option][aria-selected=true]")).toContainText("Müller");
  await page.keyboard.press("j");
  await expect(page.locator("[role=option][aria-selected=true]")).toContainText("Immobilien");
  await page.keyboard.press("k");
  await expect(page.locator("[role=option][aria-selected=true]")).toContainText("Müller");
  await expect(page.getByTestId("no-suggestions")).toBeVisible();

  await selectLine(page, "12,000.00");
  const top = page.getByTestId("suggestion-1");
  await expect(top).toContainText("INV-1002");
  await expect(top).toContainText("reference");
  await page.screenshot({ path: `${SHOTS}/bank-reconcile.png`, fullPage: true });
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("announce")).toContainText(`Matched 12,000.00 Acme Corporation Ltd to entry ${made.body.id}`);
  // Unmatched only: the line leaves the list and the next unmatched line is selected.
  await expect(list.getByRole("option")).toHaveCount(8);
  await expect(page.locator("[role=option][aria-selected=true]")).toContainText("3.50");
  await expect(list).toBeFocused();
  await expect(page.getByTestId(`nav-bank-${id}`)).toContainText("8");

  // All lines: the matched one shows what it is matched to; u unmatches, Enter matches again.
  await page.keyboard.press("f");
  await expect(page.getByTestId("filter-all")).toHaveAttribute("aria-pressed", "true");
  await expect(list.getByRole("option")).toHaveCount(9);
  await selectLine(page, "12,000.00");
  await expect(page.getByTestId("detail-status")).toHaveText("matched");
  await expect(page.getByTestId("matched-entries")).toContainText("payment from Acme Corporation Ltd");
  await page.keyboard.press("u");
  await expect(page.getByTestId("detail-status")).toHaveText("unmatched");
  await expect(page.getByTestId("suggestion-1")).toContainText("INV-1002");
  await page.keyboard.press("1");
  await expect(page.getByTestId("announce")).toContainText("Matched 12,000.00");
});

test("book an entry from a line: account picker, tax code, a second split", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  await page.goto(`/app/t/acme/bank/${id}/reconcile`);
  await expect(page.getByRole("listbox", { name: "Statement lines" })).toBeFocused();
  // The demo files each month's tax return, and a tax code filed through a line's day cannot be
  // used on it (PL010, "date the correction after it"): then the dialog shows the server's refusal
  // and the entry is booked without the code.
  const filed = await page.evaluate(async (bankAccount) => {
    const api = async (path: string) => (await fetch(`/t/acme/api/v1/${path}`)).json();
    const lines = await api(`statement-lines/?bank_account=${bankAccount}&page_size=50`);
    const day = lines.results.find((l: { counterparty_name: string }) => l.counterparty_name.startsWith("Telekom")).booking_date;
    const taxReturn = await api(`reports/tax-return/?scheme=per-code&from=${day}&to=${day}`);
    const through: string | undefined = taxReturn.meta.filed_through["NY-SALES"];
    return through !== undefined && through >= day;
  }, id);
  await selectLine(page, "Telekom");
  await page.keyboard.press("e");
  const dialog = page.getByRole("dialog", { name: "Book an entry from the line" });
  await expect(dialog).toBeVisible();
  const account = dialog.getByRole("combobox", { name: "Split 1 account" });
  await expect(account).toBeFocused();
  await account.fill("utilities");
  await account.press("Enter");
  await expect(account).toHaveValue(/6300/);
  await dialog.getByLabel("Split 1 amount").fill("40.00");
  await dialog.getByLabel("Split 1 tax code").selectOption("NY-SALES");
  await dialog.getByLabel("Split 1 amount").press("Alt+n");
  const second = dialog.getByRole("combobox", { name: "Split 2 account" });
  await expect(second).toBeFocused();
  await expect(dialog.getByLabel("Split 2 amount")).toHaveValue("9.99");
  await second.fill("6400");
  await second.press("Enter");
  await page.screenshot({ path: `${SHOTS}/bank-create-entry.png` });
  await dialog.getByLabel("Memo").press("Control+Enter");
  if (filed) {
    await expect(dialog.getByText(/NY-SALES is filed through/)).toBeVisible();
    await dialog.getByLabel("Split 1 tax code").selectOption("");
    await dialog.getByLabel("Memo").press("Control+Enter");
  }
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("announce")).toContainText("Booked entry");
  await expect(page.getByRole("listbox", { name: "Statement lines" })).toBeFocused();

  // The entry: 49.99 out of the bank, 40.00 gross to utilities (net and sales tax, when the code
  // could be used), 9.99 to supplies.
  const line = await page.evaluate(async (bankAccount) => {
    const r = await fetch(`/t/acme/api/v1/statement-lines/?bank_account=${bankAccount}&status=matched&page_size=50`);
    const body = await r.json();
    return body.results.find((l: { counterparty_name: string }) => l.counterparty_name.startsWith("Telekom"));
  }, id);
  expect(line.created_entry).toBeTruthy();
  const entry = await page.evaluate(async (entryId) => (await fetch(`/t/acme/api/v1/journal-entries/${entryId}/`)).json(), line.created_entry);
  expect(entry.status).toBe("posted");
  const accounts = entry.lines.map((l: { account: string }) => l.account).sort();
  expect(accounts).toEqual(filed ? ["1140", "6300", "6400"] : ["1140", "2300", "6300", "6400"]);
});

test("the reconciliation report: balances, the difference explained, CSV", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  await page.goto(`/app/t/acme/bank/${id}`);
  await page.getByRole("link", { name: "Report", exact: true }).click();
  // It opens on the last day of the newest statement (the sample's January).
  await expect(page).toHaveURL(new RegExp(`/bank/${id}/report\\?as_of=2026-01-31$`));
  await expect(page.getByTestId("as-of")).toHaveValue("2026-01-31");
  const api = await page.evaluate(
    async (bankAccount) => (await fetch(`/t/acme/api/v1/reports/bank-reconciliation/?bank_account=${bankAccount}&as_of=2026-01-31`)).json(),
    id,
  );
  const shown = (v: string) => Number(v).toLocaleString("en-US", { minimumFractionDigits: 2 }).replace("-", "−");
  await expect(page.getByTestId("statement-balance")).toHaveText("20,147.12"); // the sample's closing balance
  await expect(page.getByTestId("book-balance")).toHaveText(shown(api.totals.book_balance));
  await expect(page.getByTestId("difference")).toHaveText(shown(api.totals.difference));
  await expect(page.getByTestId("explained")).toHaveText(shown(api.totals.difference));
  await expect(page.getByTestId("explained-status")).toContainText(`The difference of ${shown(api.totals.difference)} is fully explained`);
  // Acme's payment is matched and Telekom's booked by the tests above: seven lines are left.
  const lines = page.getByTestId("unmatched-lines").locator("tbody tr");
  await expect(lines).toHaveCount(7);
  await expect(page.getByTestId("unmatched-lines")).toContainText("Immobilien Schäfer KG");
  await expect(page.getByTestId("unmatched-lines")).not.toContainText("Acme Corporation");
  await expect(page.getByTestId("part-unmatched")).toContainText(shown(api.totals.unmatched));
  await expect(page.getByTestId("open-statements")).toContainText("7 unmatched");
  await page.screenshot({ path: `${SHOTS}/bank-report.png`, fullPage: true });

  const csv = page.getByTestId("csv");
  await expect(csv).toHaveAttribute("href", `/t/acme/api/v1/reports/bank-reconciliation/?bank_account=${id}&as_of=2026-01-31&format=csv`);
  const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
  expect(download.suggestedFilename()).toBe("bank-reconciliation-1140-2026-01-31.csv");
  const text = readFileSync((await download.path())!, "utf8");
  expect(text.split("\n")[0]).toBe("kind,id,date,amount,counterparty,reference,memo");
  expect(text).toContain("unmatched_line,");
  expect(text).toContain("total_statement_balance,20147.12");

  // Another day: before the statement, the bank's balance is the opening balance.
  await page.getByTestId("as-of").fill("2025-12-31");
  await page.getByTestId("as-of").blur();
  await expect(page).toHaveURL(/as_of=2025-12-31/);
  await expect(page.getByTestId("statement-balance")).toHaveText("12,345.67");
  await expect(page.getByTestId("unmatched-lines")).toHaveCount(0);
  await expect(page.getByTestId("explained-status")).toHaveClass(/ok/);
});

test("a rule made from a line (r) is what auto-match (a) books the line by", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  await page.goto(`/app/t/acme/bank/${id}/reconcile`);
  await expect(page.getByRole("listbox", { name: "Statement lines" })).toBeFocused();
  await selectLine(page, "Immobilien");
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog", { name: "Make a rule from the line" });
  await expect(dialog.getByTestId("rule-summary")).toContainText("counterparty contains “Immobilien Schäfer KG”, money out");
  const account = dialog.getByRole("combobox", { name: "Rule account" });
  await account.fill("6200");
  await account.press("Enter");
  await dialog.getByLabel("Also book this line now").uncheck(); // auto-match is to book it
  await dialog.getByTestId("rule-submit").click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("announce")).toContainText("Rule “Immobilien Schäfer KG” created");
  await expect(page.locator("[role=option][aria-selected=true]")).toContainText("Immobilien");

  await page.keyboard.press("a");
  const preview = page.getByTestId("auto-match");
  const planned = preview.locator("li", { hasText: "1,190.00" });
  await expect(planned).toContainText("Immobilien Schäfer KG");
  await expect(planned.locator(".chip")).toHaveText("Immobilien Schäfer KG"); // booked by the new rule
  await page.getByTestId("auto-run").click();
  await expect(page.getByTestId("announce")).toContainText(/Auto-match: \d+ matched, [1-9]\d* booked by rules/);

  const line = await page.evaluate(async (bankAccount) => {
    const r = await fetch(`/t/acme/api/v1/statement-lines/?bank_account=${bankAccount}&status=matched&page_size=50`);
    const body = await r.json();
    return body.results.find((l: { counterparty_name: string }) => l.counterparty_name.startsWith("Immobilien"));
  }, id);
  expect(line?.created_entry, "the rule booked an entry for the line").toBeTruthy();
  const entry = await page.evaluate(async (entryId) => (await fetch(`/t/acme/api/v1/journal-entries/${entryId}/`)).json(), line.created_entry);
  expect(entry.lines.map((l: { account: string }) => l.account).sort()).toEqual(["1140", "6200"]);
});

test("the Rules page: edit a rule, move it up, make and delete one", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/bank");
  await page.getByTestId("bank-rules-link").click();
  await expect(page).toHaveURL(/\/bank\/rules$/);
  const table = page.getByTestId("rules");
  const row = table.locator("tbody tr", { hasText: "Immobilien Schäfer KG" });
  await expect(row.getByTestId("rule-condition")).toHaveText("counterparty contains “Immobilien Schäfer KG”, money out");
  await expect(row).toContainText("6200");
  const ruleId = Number((await row.getAttribute("data-testid"))!.replace("rule-", ""));

  // Edit: a memo template and a size limit.
  await page.getByTestId(`rule-edit-${ruleId}`).click();
  const editor = page.getByRole("dialog", { name: "Edit rule “Immobilien Schäfer KG”" });
  await editor.getByLabel("Memo").fill("Rent {date}");
  await editor.getByLabel("Amount from").fill("1000");
  await editor.getByLabel("to", { exact: true }).fill("900");
  await editor.getByTestId("rule-save").click();
  await expect(editor.getByTestId("rule-editor-error")).toContainText("minimum amount is above the maximum"); // the API's word, at its field
  await editor.getByLabel("to", { exact: true }).fill("1500");
  await editor.getByTestId("rule-save").click();
  await expect(editor).toBeHidden();
  await expect(row.getByTestId("rule-condition")).toHaveText("counterparty contains “Immobilien Schäfer KG”, money out, 1,000.00 to 1,500.00");
  await expect(row).toContainText("Rent {date}");

  // Priority: one place up (down when it is first: the demo's rules share its priority and are
  // renumbered by earlier runs), and the order is what the API now gives.
  const ids = async () => (await table.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-testid"))));
  const before = await ids();
  expect(before.length, "the demo's rules are there too").toBeGreaterThan(1);
  const at = before.indexOf(`rule-${ruleId}`);
  const way = at > 0 ? "up" : "down";
  const to = at > 0 ? at - 1 : at + 1;
  await page.getByTestId(`rule-${way}-${ruleId}`).click();
  await expect(page.getByTestId("announce")).toContainText(`moved ${way}: now ${to + 1} of ${before.length}`);
  const atEnd = to === 0 || to === before.length - 1;
  const still = atEnd ? (to === 0 ? "down" : "up") : way;
  await expect(page.getByTestId(`rule-${still}-${ruleId}`)).toBeFocused(); // to move it again
  const expected = [...before];
  expected.splice(Math.min(at, to), 2, before[Math.max(at, to)], before[Math.min(at, to)]);
  expect(await ids()).toEqual(expected);
  await page.screenshot({ path: `${SHOTS}/bank-rules.png`, fullPage: true });
  const order = await page.evaluate(async () => (await (await fetch("/t/acme/api/v1/bank-rules/")).json()).map((r: { id: number }) => `rule-${r.id}`));
  expect(order).toEqual(expected);

  // New rule, then delete it.
  await page.getByTestId("rule-new").click();
  const made = page.getByRole("dialog", { name: "New rule" });
  await made.getByLabel("Pattern").fill("E2E parking");
  const account = made.getByRole("combobox", { name: "Rule account" });
  await account.fill("6300");
  await account.press("Enter");
  await made.getByTestId("rule-save").click();
  await expect(made).toBeHidden();
  const added = table.locator("tbody tr", { hasText: "E2E parking" });
  await expect(added).toHaveCount(1);
  await expect(table.locator("tbody tr").last()).toContainText("E2E parking"); // a new rule goes last
  await added.getByRole("button", { name: "Delete" }).click();
  await page.getByTestId("rule-delete-confirm").click();
  await expect(added).toHaveCount(0);
  await expect(page.getByTestId("announce")).toContainText("Rule “E2E parking” deleted");
});

test("a viewer reads the rules and the report but changes nothing", async ({ page }) => {
  await login(page, "viewer");
  await page.goto("/app/t/acme/bank/rules");
  await expect(page.getByTestId("rules")).toContainText("Immobilien Schäfer KG");
  await expect(page.getByTestId("rules-read-only")).toBeVisible();
  await expect(page.getByTestId("rule-new")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Edit|Delete)$/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Move / })).toHaveCount(0);
  const refused = await page.evaluate(async () => {
    const rules = await (await fetch("/t/acme/api/v1/bank-rules/")).json();
    const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))?.slice(10) ?? "";
    const r = await fetch(`/t/acme/api/v1/bank-rules/${rules[0].id}/`, {
      method: "PATCH",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ priority: 1 }),
    });
    return r.status;
  });
  expect(refused).toBe(403);

  const id = await euroAccount(page);
  await page.goto(`/app/t/acme/bank/${id}/report`);
  await expect(page.getByTestId("explained-status")).toContainText("fully explained");
  await expect(page.getByTestId("open-statements")).toBeVisible();
  await expect(page.getByTestId("mark-reconciled")).toHaveCount(0);
});

test("phone width: the report, the rules and the rule editor never scroll sideways", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page);
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

  await page.goto(`/app/t/acme/bank/${id}/report`);
  await expect(page.getByTestId("explained-status")).toBeVisible();
  await expect(page.getByTestId("unmatched-lines")).toBeVisible();
  expect(await sideways()).toBe(0);
  await page.screenshot({ path: `${SHOTS}/phone-bank-report.png`, fullPage: true });

  await page.goto("/app/t/acme/bank/rules");
  await expect(page.getByTestId("rules")).toContainText("Immobilien Schäfer KG");
  expect(await sideways()).toBe(0);
  await page.getByTestId("rule-new").click();
  await expect(page.getByRole("dialog", { name: "New rule" })).toBeVisible();
  expect(await sideways()).toBe(0);
  await page.screenshot({ path: `${SHOTS}/phone-bank-rule-editor.png` });
  await context.close();
});

test("the report marks the statement reconciled once every line is settled", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/bank");
  const id = await euroAccount(page);
  // Settle what is left by ignoring it (the report then lists the lines as ignored).
  const left = await page.evaluate(async (bankAccount) => {
    const r = await fetch(`/t/acme/api/v1/statement-lines/?bank_account=${bankAccount}&status=unmatched&page_size=50`);
    return ((await r.json()).results as { id: number }[]).map((l) => l.id);
  }, id);
  expect(left.length).toBeGreaterThan(0);
  for (const line of left) expect((await post(page, `statement-lines/${line}/ignore/`, { reason: "E2E: settled elsewhere" })).status).toBe(200);

  await page.goto(`/app/t/acme/bank/${id}/report?as_of=2026-01-31`);
  await expect(page.getByTestId("unmatched-lines")).toHaveCount(0);
  await expect(page.getByTestId("ignored-lines").locator("tbody tr")).toHaveCount(left.length);
  await expect(page.getByTestId("explained-status")).toContainText("fully explained");
  await page.getByTestId("mark-reconciled").click();
  await expect(page.getByTestId("open-statements")).toHaveCount(0);
  await expect(page.getByText("Reconciled to Jan 31, 2026")).toBeVisible();
  await expect(page.getByTestId(`nav-bank-${id}`)).toContainText("to Jan 31, 2026");
});
