// Import books: an owner uploads a small hledger journal and a Beancount file (imported by the e2e
// server's job worker), follows each to its report and sees the balances agree; a journal that does
// not balance fails with its reason; an accountant reads the imports without uploading, a viewer is not shown the screen;
// the list and the report fit a phone. The journal's accounts are its own (Assets:E2E:…): a later
// run imports nothing new (its entries are "already there") and still balances.
import { expect, test, type Page } from "@playwright/test";
import { login, PASSWORD, SHOTS } from "./helpers";

test.describe.configure({ mode: "serial" });

const JOURNAL = `; pyledger e2e: a small hledger journal
2025-03-01 Opening balance
    Assets:E2E:Checking        1000.00 USD
    Equity:E2E:Opening

2025-03-05 * Coffee shop  ; #e2e
    Expenses:E2E:Coffee           4.50 USD
    Assets:E2E:Checking          -4.50 USD = 995.50 USD

2025-03-20 Vacation accrual
    Assets:E2E:Vacation          8 VACHR
    Income:E2E:Vacation         -8 VACHR
`;

const UNBALANCED = `2025-03-02 Does not balance
    Assets:E2E:Checking          10.00 USD
    Income:E2E:Other             -9.00 USD
`;

const BEANCOUNT = `option "operating_currency" "USD"
2025-01-01 open Assets:E2EB:Bank USD
2025-01-01 open Equity:E2EB:Opening
2025-01-01 open Expenses:E2EB:Books
2025-04-01 * "Opening balance"
  Assets:E2EB:Bank  500.00 USD
  Equity:E2EB:Opening
2025-04-02 * "Bookshop" "A ledger book" #e2e
  Expenses:E2EB:Books  25.00 USD
  Assets:E2EB:Bank
2025-04-03 balance Assets:E2EB:Bank  475.00 USD
`;

async function upload(page: Page, name: string, text: string, format = "ledger"): Promise<void> {
  await page.goto("/app/t/acme/imports");
  await expect(page.getByRole("heading", { name: "Import books" })).toBeVisible();
  await page.getByTestId("import-format").selectOption(format === "beancount" ? "ledger" : "beancount");
  await page.getByTestId("import-file").setInputFiles({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  // The extension chose the format.
  await expect(page.getByTestId("import-format")).toHaveValue(format);
  await page.getByTestId("import-submit").click();
  await expect(page).toHaveURL(/\/imports\/\d+$/);
}

test("an owner imports a journal and reads its report: balanced, with its notes", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/");
  await page.getByRole("link", { name: "Import books" }).click();
  await upload(page, "e2e-books.journal", JOURNAL);
  const verdict = page.getByTestId("import-verdict");
  await expect(verdict).toContainText("Balanced", { timeout: 30_000 });
  await expect(page.getByTestId("import-status")).toHaveText("Balanced");

  await expect(page.getByTestId("count-transactions")).toContainText("3");
  await expect(page.getByTestId("count-left_out")).toContainText("1");
  // Created now, or by an earlier run (then "already there"): two entries either way.
  const created = Number(await page.getByTestId("count-created").locator(".value").innerText());
  const skipped = Number(await page.getByTestId("count-skipped").locator(".value").innerText());
  expect(created + skipped).toBe(2);

  const checking = page.getByTestId("import-balances").getByRole("row").filter({ hasText: "Assets:E2E:Checking" });
  await expect(checking.locator("td.num").nth(0)).toHaveText("995.50");
  await expect(checking.locator("td.num").nth(1)).toHaveText("995.50");
  await expect(checking.locator("td.num").nth(2)).toHaveText("—");
  await expect(page.getByTestId("import-assertions")).toContainText("1 of 1 hold");
  await expect(page.getByTestId("note-not_a_currency")).toContainText("e2e-books.journal:");
  await page.screenshot({ path: `${SHOTS}/import-report.png`, fullPage: true });

  // The address is the import's: a reload shows the same report.
  const url = page.url();
  await page.reload();
  await expect(page.getByTestId("import-verdict")).toContainText("Balanced");
  expect(page.url()).toBe(url);

  // Newest first in the list, and it opens the report again.
  await page.getByRole("link", { name: "← Imports" }).click();
  const first = page.getByTestId("imports").locator("tbody tr").first();
  await expect(first).toContainText("e2e-books.journal");
  await expect(first).toContainText("Balanced");
  await page.screenshot({ path: `${SHOTS}/imports.png` });
  await first.getByRole("link", { name: "e2e-books.journal" }).click();
  await expect(page).toHaveURL(url);
});

test("an owner imports a Beancount file: its balance assertion holds and its balances agree", async ({ page }) => {
  await login(page);
  await upload(page, "e2e-books.beancount", BEANCOUNT, "beancount");
  await expect(page.getByTestId("import-verdict")).toContainText("Balanced", { timeout: 30_000 });
  await expect(page.getByTestId("count-transactions")).toContainText("2");
  const bank = page.getByTestId("import-balances").getByRole("row").filter({ hasText: "Assets:E2EB:Bank" });
  await expect(bank.locator("td.num").nth(0)).toHaveText("475.00");
  await expect(bank.locator("td.num").nth(1)).toHaveText("475.00");
  await expect(page.getByTestId("import-assertions")).toContainText("1 of 1 hold");
});

test("a journal that does not balance fails with its reason; an empty file is refused at once", async ({ page }) => {
  await login(page);
  await upload(page, "e2e-unbalanced.journal", UNBALANCED);
  const failed = page.getByTestId("import-failed");
  await expect(failed).toContainText("The import failed", { timeout: 30_000 });
  await expect(failed).toContainText("e2e-unbalanced.journal");
  await expect(page.getByTestId("import-status")).toHaveText("Failed");
  await expect(page.getByTestId("import-report")).toHaveCount(0);

  await page.goto("/app/t/acme/imports");
  await page.getByTestId("import-file").setInputFiles({ name: "empty.beancount", mimeType: "text/plain", buffer: Buffer.from("  \n") });
  await page.getByTestId("import-submit").click();
  await expect(page.getByTestId("import-upload-error")).toContainText("empty.beancount was not imported: The file is empty.");
  await expect(page.getByText("Empty file.")).toBeVisible();
  await expect(page).toHaveURL(/\/imports$/);
});

test("an accountant reads the imports without uploading; a viewer is not shown them", async ({ page }) => {
  await login(page, "accountant", PASSWORD);
  await page.goto("/app/t/acme/imports");
  await expect(page.getByTestId("import-read-only")).toBeVisible();
  await expect(page.getByTestId("import-form")).toHaveCount(0);
  const first = page.getByTestId("imports").locator("tbody tr").first();
  await expect(first).toBeVisible();
  await first.getByRole("link").click();
  await expect(page.getByTestId("import-status")).toBeVisible();

  await page.getByTestId("logout").click();
  await login(page, "viewer", PASSWORD);
  await page.goto("/app/t/acme/");
  await expect(page.getByRole("link", { name: "Import books" })).toHaveCount(0);
  await page.goto("/app/t/acme/imports");
  await expect(page.getByTestId("error-state")).toContainText("Your role does not allow this.");
});

test("phone width: the imports and a report fit without sideways scrolling", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page);
  const id = await page.evaluate(async () => {
    const r = await fetch("/t/acme/api/v1/imports/?page_size=25");
    const rows = ((await r.json()) as { results: { id: number; status: string }[] }).results;
    return rows.find((x) => x.status === "succeeded")?.id ?? null;
  });
  expect(id, "the first test made a succeeded import").not.toBeNull();
  for (const [screen, path, ready] of [
    ["imports", "/app/t/acme/imports", "imports"],
    ["import report", `/app/t/acme/imports/${id}`, "import-balances"],
  ] as const) {
    await page.goto(path);
    await expect(page.getByTestId(ready)).toBeVisible();
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll, `${screen}: the page scrolls sideways`).toBeLessThanOrEqual(client);
    const wide = await page.locator(".table-wrap").evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth).length);
    expect(wide, `${screen}: a table scrolls sideways inside its wrapper`).toBe(0);
    await expect(page.getByTestId("logout")).toBeInViewport({ ratio: 1 });
    await page.screenshot({ path: `${SHOTS}/phone-${screen.replace(/ /g, "-")}.png`, fullPage: true });
  }
  await context.close();
});
