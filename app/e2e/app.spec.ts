import { expect, test } from "@playwright/test";
import { login, pickAccount, SHOTS } from "./helpers";

test.describe.configure({ mode: "serial" });

test("log in, land on the dashboard, switch company, log out", async ({ page }) => {
  const failed: string[] = [];
  page.on("console", (message) => message.type() === "error" && failed.push(message.text()));
  page.on("response", (response) => response.status() >= 400 && failed.push(`${response.status()} ${response.url()}`));
  await page.goto("/app/");
  await expect(page).toHaveURL(/\/app\/login/);
  await expect(page.getByLabel("Username")).toBeVisible();
  expect(failed).toEqual([]); // the login page asks who is signed in without a 401 (or a 404 icon)
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill("wrong-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toContainText(/password/i);
  await page.screenshot({ path: `${SHOTS}/login.png` });

  await login(page);
  // Admin belongs to two companies: the picker (or the last company) comes first.
  if (page.url().endsWith("/app/")) {
    await page.screenshot({ path: `${SHOTS}/companies.png` });
    await page.getByTestId("company-acme").click();
  }
  await expect(page.getByTestId("dashboard")).toBeVisible();
  await expect(page.getByTestId("cash-position")).not.toHaveText("—");
  await expect(page.locator("svg[aria-label='Income and expenses by month']")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });

  await page.getByTestId("company-switcher").selectOption("foo");
  await expect(page).toHaveURL(/\/app\/t\/foo\/?$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Foo GmbH");
  await page.getByTestId("company-switcher").selectOption("acme");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Acme Corporation");

  // Another company's address is refused.
  await page.goto("/app/t/globex/");
  await expect(page.getByText(/no access to “globex”/)).toBeVisible();

  await page.goto("/app/t/acme/");
  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/app\/login/);
  await page.goto("/app/t/acme/accounts");
  await expect(page).toHaveURL(/\/app\/login/);
});

test("create and post a balanced entry, then see it in the trial balance", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/reports/trial-balance");
  await expect(page.getByTestId("row-1120")).toBeVisible();
  const before = await page.getByTestId("row-6400").count();
  const amountBefore = before ? await page.getByTestId("row-6400").locator("td").nth(2).innerText() : "0.00";

  await page.goto("/app/t/acme/entries/new");
  // Ready once the editor has loaded the company's accounts and put the cursor on line 1.
  await expect(page.getByRole("combobox", { name: "Line 1 account" })).toBeFocused();
  const memo = `E2E supplies ${Date.now()}`;
  await page.getByLabel("Memo").fill(memo);
  await pickAccount(page, 0, "6400");
  await page.getByLabel("Line 1 debit").fill("123.45");
  await pickAccount(page, 1, "1120");
  await page.getByLabel("Line 2 credit").fill("100");
  await expect(page.getByTestId("balance-state")).toContainText("Unbalanced by 23.45");
  // `=` fills the balancing amount.
  await page.getByLabel("Line 2 credit").fill("");
  await page.getByLabel("Line 2 credit").press("=");
  await expect(page.getByLabel("Line 2 credit")).toHaveValue("123.45");
  await expect(page.getByTestId("balance-state")).toContainText("Balanced");
  await expect(page.getByTestId("total-debit")).toHaveText("123.45");
  await page.screenshot({ path: `${SHOTS}/entry-editor.png`, fullPage: true });
  await expect(page.getByLabel("Memo")).toHaveValue(memo);
  await page.getByTestId("post").click();
  await expect(page.getByTestId("entry-status")).toHaveText("posted");
  await expect(page).toHaveURL(/\/entries\/\d+$/);
  // One name for the entry: the heading's is the list's and the admin's (FY2026-394).
  const label = ((await page.getByRole("heading", { level: 1 }).innerText()).match(/FY\d{4}(\/\d\d)?-\d+/) ?? [""])[0];
  expect(label).not.toBe("");

  await page.goto("/app/t/acme/reports/trial-balance");
  const row = page.getByTestId("row-6400");
  await expect(row).toBeVisible();
  const debit = await row.locator("td").nth(2).innerText();
  const toNumber = (s: string) => Number(s.replace(/[,\s]/g, "").replace("−", "-"));
  expect(toNumber(debit)).toBeCloseTo(toNumber(amountBefore) + 123.45, 2);
  await expect(page.getByTestId("tb-net")).toHaveText("0.00");
  await page.screenshot({ path: `${SHOTS}/trial-balance.png`, fullPage: true });

  // Drill down from the report line to its entries.
  await row.click();
  await expect(page).toHaveURL(/entries\?.*account=6400/);
  await expect(page.getByTestId("entries-table")).toContainText(memo);
  await expect(page.getByTestId("entries-table").getByRole("row").filter({ hasText: memo })).toContainText(label);
  await page.screenshot({ path: `${SHOTS}/entries.png`, fullPage: true });

  // The menu's link opens the unfiltered list: the filters follow the URL, not the last view.
  await page.getByRole("link", { name: "Journal entries" }).first().click();
  await expect(page).toHaveURL(/\/entries$/);
  await expect(page.getByRole("button", { name: "Clear filters" })).toHaveCount(0);
});

test("an unbalanced entry is refused with the reason shown", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/entries/new");
  await pickAccount(page, 0, "6400");
  await page.getByLabel("Line 1 debit").fill("50");
  await pickAccount(page, 1, "1120");
  await page.getByLabel("Line 2 credit").fill("40");
  await expect(page.getByTestId("balance-state")).toContainText("Unbalanced by 10.00 USD");
  await page.getByTestId("post").click();
  await expect(page.getByTestId("entry-error")).toContainText(/differ by 10/);
  await expect(page).toHaveURL(/entries\/new$/);
  // A server error about one line lands next to that line's field.
  await page.getByLabel("Line 2 credit").fill("50");
  const account = page.getByRole("combobox", { name: "Line 2 account" });
  await account.fill("NOPE");
  await account.press("Tab");
  await page.getByTestId("post").click();
  await expect(page.getByTestId("error-line-1-account")).toContainText(/Unknown account/);
  await page.screenshot({ path: `${SHOTS}/entry-errors.png`, fullPage: true });
});

test("a viewer cannot post or edit", async ({ page }) => {
  await login(page, "viewer");
  await expect(page.getByTestId("dashboard")).toBeVisible();
  await expect(page.getByTestId("role")).toHaveText("viewer");
  await expect(page.getByRole("link", { name: "+ New entry" })).toHaveCount(0);
  await page.goto("/app/t/acme/entries");
  await expect(page.getByTestId("new-entry")).toHaveCount(0);
  await page.locator("[data-testid=entries-table] tbody tr").first().click();
  await expect(page.getByTestId("read-only")).toBeVisible();
  await expect(page.getByTestId("post")).toHaveCount(0);
  await expect(page.getByTestId("reverse")).toHaveCount(0);
  await page.goto("/app/t/acme/entries/new");
  await expect(page.getByTestId("post")).toHaveCount(0);
  await page.goto("/app/t/acme/accounts");
  await expect(page.getByTestId("new-account")).toHaveCount(0);
  await page.goto("/app/t/acme/periods");
  await expect(page.getByRole("button", { name: "Close" })).toHaveCount(0);
  // The API refuses too, whatever the UI shows.
  const status = await page.evaluate(async () => {
    const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))?.slice(10) ?? "";
    const r = await fetch("/t/acme/api/v1/journal-entries/", {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ date: "2026-01-05", status: "posted", lines: [] }),
    });
    return r.status;
  });
  expect(status).toBe(403);
  // The viewer only sees their own company.
  await expect(page.getByTestId("company-switcher").locator("option")).toHaveCount(1);
});

test("reports: CSV download, printable view, general ledger, periods", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/reports/trial-balance");
  await expect(page.getByTestId("report")).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^trial-balance-.*\.csv$/);
  const path = await download.path();
  const { readFileSync } = await import("node:fs");
  const csv = readFileSync(path!, "utf8");
  expect(csv.split("\n")[0]).toBe("code,name,type,parent,debit,credit,net");
  expect(csv).toContain("1120,");

  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".sidebar")).toBeHidden();
  await page.screenshot({ path: `${SHOTS}/trial-balance-print.png`, fullPage: true });
  await page.emulateMedia({ media: "screen" });

  await page.goto("/app/t/acme/reports/balance-sheet");
  await expect(page.getByTestId("row-1120")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/balance-sheet.png`, fullPage: true });
  await page.goto("/app/t/acme/reports/income-statement");
  await expect(page.getByTestId("row-4100")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/income-statement.png`, fullPage: true });
  await page.goto("/app/t/acme/reports/general-ledger?account=1120&from=2020-01-01&to=2030-12-31");
  await expect(page.getByTestId("report").locator("tbody tr").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/general-ledger.png`, fullPage: true });

  await page.goto("/app/t/acme/accounts");
  await expect(page.getByTestId("accounts-table")).toContainText("Bank current account");
  await page.screenshot({ path: `${SHOTS}/accounts.png`, fullPage: true });

  await page.goto("/app/t/acme/periods");
  await expect(page.getByTestId("periods").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/periods.png`, fullPage: true });
});

test("phone layout: the sidebar collapses behind a menu button", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page);
  await page.goto("/app/t/acme/");
  await expect(page.getByTestId("dashboard")).toBeVisible();
  await expect(page.locator(".sidebar")).not.toBeInViewport();
  await page.screenshot({ path: `${SHOTS}/phone-dashboard.png`, fullPage: true });
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(page.locator(".sidebar")).toBeInViewport();
  await page.getByRole("link", { name: "Journal entries" }).click();
  await expect(page.getByTestId("entries-table")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/phone-entries.png` });
  await context.close();
});
