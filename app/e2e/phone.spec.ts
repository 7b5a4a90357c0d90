// Every screen at phone width (390 × 844): the page never scrolls sideways, and what a user needs
// first (Sign out, the company's name, an entry's status) is on screen without scrolling.
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { euroAccount, login, SHOTS } from "./helpers";

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext(PHONE);
  return context.newPage();
}

/** Wait until the screen has loaded: its heading is shown and no skeleton is left. */
async function settled(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 }).first()).toBeVisible();
  await expect(page.locator(".skeleton")).toHaveCount(0);
}

async function noSidewaysScroll(page: Page, screen: string): Promise<void> {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(scroll, `${screen}: the page scrolls sideways (${scroll} > ${client})`).toBeLessThanOrEqual(client);
}

/** Fully inside the screen, clipped by no scrolling wrapper. */
async function onScreen(control: Locator, what: string): Promise<void> {
  await expect(control, `${what} is visible`).toBeVisible();
  await expect(control, `${what} is fully on screen`).toBeInViewport({ ratio: 1 });
  const box = await control.boundingBox();
  expect(box!.x, `${what} starts on screen`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${what} ends on screen`).toBeLessThanOrEqual(390);
}

/** The company switcher shows the whole name: the select is wide enough for its text. */
async function companyNameWhole(page: Page): Promise<void> {
  const switcher = page.getByTestId("company-switcher");
  await onScreen(switcher, "the company switcher");
  const { needed, room } = await switcher.evaluate((el) => {
    // The width the same select takes when nothing constrains it and it holds only the current name.
    const select = el as HTMLSelectElement;
    const probe = select.cloneNode(false) as HTMLSelectElement;
    probe.append(new Option(select.selectedOptions[0]?.text ?? ""));
    Object.assign(probe.style, { width: "auto", minWidth: "0", maxWidth: "none", position: "absolute", visibility: "hidden" });
    select.parentElement!.append(probe);
    const width = probe.getBoundingClientRect().width;
    probe.remove();
    return { needed: width, room: select.getBoundingClientRect().width };
  });
  expect(needed, "the company's name fits its switcher").toBeLessThanOrEqual(room);
}

async function shellControls(page: Page, screen: string): Promise<void> {
  await noSidewaysScroll(page, screen);
  const signOut = page.getByTestId("logout");
  await onScreen(signOut, `${screen}: Sign out`);
  const box = await signOut.boundingBox();
  // One line: a wrapped label makes the button taller than the 30 px of a small button.
  expect.soft(box!.height, `${screen}: Sign out stays on one line`).toBeLessThanOrEqual(32);
  await companyNameWhole(page);
}

test("phone width: login and the company picker fit the screen", async ({ browser }) => {
  const page = await phone(browser);
  await page.goto("/app/login");
  await expect(page.getByLabel("Username")).toBeVisible();
  await noSidewaysScroll(page, "login");
  await onScreen(page.getByRole("button", { name: "Sign in" }), "login: Sign in");
  await page.screenshot({ path: `${SHOTS}/phone-login.png` });

  await login(page);
  await page.goto("/app/?pick=1");
  await expect(page.getByTestId("company-acme")).toBeVisible();
  await noSidewaysScroll(page, "company picker");
  await onScreen(page.getByRole("button", { name: "Sign out" }), "company picker: Sign out");
  await onScreen(page.getByTestId("company-acme"), "company picker: Acme");
  await page.context().close();
});

test("phone width: every screen of a company fits, with Sign out and the company name on screen", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await phone(browser);
  await login(page);
  const bankId = await euroAccount(page);
  const entryId = await page.evaluate(async () => {
    const r = await fetch("/t/acme/api/v1/journal-entries/?page_size=1");
    return ((await r.json()) as { results: { id: number }[] }).results[0]?.id ?? null;
  });
  expect(entryId).not.toBeNull();
  // The newest invoice, payment and contact (e2e/sales.spec.ts makes them when the demo has none),
  // a recurring entry (e2e/recurring.spec.ts makes one) and a book import.
  const sales = await page.evaluate(async () => {
    const first = async (path: string) => ((await (await fetch(`/t/acme/api/v1/${path}`)).json()) as { results: { id: number }[] }).results[0]?.id ?? null;
    const recurring = ((await (await fetch("/t/acme/api/v1/recurring-entries/")).json()) as { id: number }[])[0]?.id ?? null;
    return { invoice: await first("invoices/?page_size=1"), payment: await first("payments/?page_size=1"), contact: await first("contacts/?page_size=1"), recurring, bookImport: await first("imports/?page_size=1") };
  });

  // Tables fit the screen but for three that scroll inside their wrapper with what matters first:
  // the entry editor's lines (account and description, then debit, credit, currency, rate, tax),
  // the general ledger (date, memo, debit, credit, then the running balance) and the invoice
  // editor's lines (description, quantity, price, then the rest).
  const tableMayScroll = new Set(["new entry", "entry", "general ledger", "new invoice", "new recurring entry", "recurring entry"]);
  const screens: [string, string][] = [
    ["dashboard", "/app/t/acme/"],
    ["accounts", "/app/t/acme/accounts"],
    ["entries", "/app/t/acme/entries"],
    ["new entry", "/app/t/acme/entries/new"],
    ["entry", `/app/t/acme/entries/${entryId}`],
    ["trial balance", "/app/t/acme/reports/trial-balance"],
    ["balance sheet", "/app/t/acme/reports/balance-sheet"],
    ["income statement", "/app/t/acme/reports/income-statement"],
    ["general ledger", "/app/t/acme/reports/general-ledger?account=1120&from=2020-01-01&to=2030-12-31"],
    ["periods", "/app/t/acme/periods"],
    ["bank", "/app/t/acme/bank"],
    ["statements", `/app/t/acme/bank/${bankId}`],
    ["reconcile", `/app/t/acme/bank/${bankId}/reconcile`],
    ["bank report", `/app/t/acme/bank/${bankId}/report`],
    ["rules", "/app/t/acme/bank/rules"],
    ["sales", "/app/t/acme/sales/invoices"],
    ["new invoice", "/app/t/acme/sales/invoices/new"],
    ["purchases", "/app/t/acme/purchases/bills"],
    ["sales payments", "/app/t/acme/sales/payments"],
    ["new payment", "/app/t/acme/sales/payments/new"],
    ["aged receivables", "/app/t/acme/sales/aging"],
    ["aged payables", "/app/t/acme/purchases/aging"],
    ["contacts", "/app/t/acme/contacts"],
    ["revaluation", "/app/t/acme/revaluation"],
    ["tax return", "/app/t/acme/tax"],
    ["invoicing settings", "/app/t/acme/settings/invoicing"],
    ["recurring", "/app/t/acme/recurring"],
    ["new recurring entry", "/app/t/acme/recurring/new"],
    ["imports", "/app/t/acme/imports"],
  ];
  if (sales.invoice) screens.push(["invoice", `/app/t/acme/sales/invoices/${sales.invoice}`]);
  if (sales.payment) screens.push(["payment", `/app/t/acme/sales/payments/${sales.payment}`]);
  if (sales.contact) screens.push(["contact", `/app/t/acme/contacts/${sales.contact}`]);
  if (sales.recurring) screens.push(["recurring entry", `/app/t/acme/recurring/${sales.recurring}`]);
  // The newest book import (e2e/imports.spec.ts makes them).
  if (sales.bookImport) screens.push(["book import", `/app/t/acme/imports/${sales.bookImport}`]);
  const failures: string[] = [];
  for (const [screen, path] of screens) {
    await test.step(screen, async () => {
      await page.goto(path);
      await settled(page);
      await page.screenshot({ path: `${SHOTS}/phone-all-${screen.replace(/ /g, "-")}.png` });
      try {
        await shellControls(page, screen);
        if (!tableMayScroll.has(screen)) {
          const wide = await page.locator(".table-wrap").evaluateAll((wraps) => wraps.filter((w) => w.scrollWidth > w.clientWidth).length);
          expect(wide, `${screen}: a table scrolls sideways inside its wrapper`).toBe(0);
        }
      } catch (e) {
        failures.push(`${screen}: ${(e as Error).message.split("\n")[0]}`);
      }
    });
  }
  expect(failures).toEqual([]);
  await page.context().close();
});

/** The frame scrolls sideways, the page does not, and its last column comes into view when scrolled to the end. */
async function scrollsInItsFrame(page: Page, frame: Locator, lastColumn: Locator, what: string): Promise<void> {
  await noSidewaysScroll(page, what);
  const overflow = await frame.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow, `${what}: wider than the phone, so its frame scrolls`).toBeGreaterThan(0);
  await frame.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
  // Scrolled to, the column shows (less a sub-pixel the frame's edge may clip) and ends on screen.
  await expect(lastColumn, `${what}: its last column, scrolled to`).toBeInViewport({ ratio: 0.95 });
  const box = await lastColumn.boundingBox();
  expect(box!.x + box!.width, `${what}: its last column ends on screen`).toBeLessThanOrEqual(390);
  await noSidewaysScroll(page, `${what} scrolled to its end`);
}

/** Every tab on one line (same top), the row scrolling inside itself when it does not fit. */
async function tabsOnOneLine(page: Page, label: string): Promise<void> {
  const nav = page.getByRole("navigation", { name: label });
  const tops = await nav.locator(".tab").evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().top)));
  expect(tops.length, `${label} tabs`).toBeGreaterThan(2);
  expect(new Set(tops).size, `${label} tabs on one line`).toBe(1);
  const { height, tab } = await nav.evaluate((el) => ({ height: el.clientHeight, tab: el.querySelector(".tab")!.getBoundingClientRect().height }));
  expect(height, `${label} tabs: one row high`).toBeLessThanOrEqual(Math.ceil(tab) + 2);
  await noSidewaysScroll(page, `${label} tabs`);
}

test("phone width: the entry editor's lines and the general ledger's balance scroll inside their own frame", async ({ browser }) => {
  const page = await phone(browser);
  await login(page);
  await page.goto("/app/t/acme/entries/new");
  await settled(page);
  const lines = page.getByTestId("lines");
  await scrollsInItsFrame(page, lines.locator("xpath=.."), lines.getByRole("columnheader", { name: "Tax" }), "the entry editor's lines");

  await page.goto("/app/t/acme/reports/general-ledger?account=1120&from=2020-01-01&to=2030-12-31");
  await settled(page);
  const report = page.getByTestId("report");
  await expect(report.locator("tbody tr").first()).toBeVisible();
  await scrollsInItsFrame(page, report, report.getByRole("columnheader", { name: "Balance" }), "the general ledger");
  // Its dates stay on one line ("Dec 1, 2025"), not broken over three.
  const cell = report.locator("tbody td.date").first();
  // The text's own line boxes, not the cell's height: a long description elsewhere in the row
  // makes every cell of the row taller.
  const rows = await cell.evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top))).size;
  });
  expect(rows, "a general ledger date on one line").toBe(1);
  await page.context().close();
});

test("phone width: report and bank account tabs stay on one line and scroll", async ({ browser }) => {
  const page = await phone(browser);
  await login(page);
  await page.goto("/app/t/acme/reports/trial-balance");
  await settled(page);
  await tabsOnOneLine(page, "Report");
  const bankId = await euroAccount(page);
  await page.goto(`/app/t/acme/bank/${bankId}`);
  await settled(page);
  await tabsOnOneLine(page, "Bank account");
  await page.context().close();
});

test("phone width: the entries list shows date, memo, amount and status without scrolling", async ({ browser }) => {
  const page = await phone(browser);
  await login(page);
  await page.goto("/app/t/acme/entries");
  const row = page.locator("[data-testid=entries-table] tbody tr").first();
  await expect(row).toBeVisible();
  await noSidewaysScroll(page, "entries");
  for (const [i, what] of ["date", "memo", "amount", "status"].entries()) {
    await onScreen(row.locator(`[data-col=${what}]`), `entries: the ${what} of the first entry (${i})`);
  }
  // The table itself does not scroll sideways inside its wrapper either.
  const wrap = page.locator("[data-testid=entries-table]").locator("xpath=..");
  const overflow = await wrap.evaluate((el) => el.scrollWidth - el.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.context().close();
});

test("the periods grid lines up: every month's card is laid out alike, on a phone and a laptop", async ({ browser }) => {
  for (const viewport of [PHONE.viewport, { width: 1366, height: 860 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    await login(page);
    await page.goto("/app/t/acme/periods");
    const cards = page.getByTestId("periods").first().locator("li");
    await expect(cards.first()).toBeVisible();
    // Each card's status and button sit at the same place inside it, whatever the month's name.
    const layouts = await cards.evaluateAll((items) =>
      items.map((li) => {
        const card = li.getBoundingClientRect();
        const at = (el: Element | null) => {
          const r = el!.getBoundingClientRect();
          return `${Math.round(r.left - card.left)},${Math.round(r.top - card.top)}`;
        };
        return `${Math.round(card.width)}×${Math.round(card.height)} status ${at(li.querySelector(".chip"))} button ${Math.round(card.right - li.querySelector("button")!.getBoundingClientRect().right)},${at(li.querySelector("button")).split(",")[1]}`;
      }),
    );
    expect(layouts.length).toBeGreaterThan(1);
    expect([...new Set(layouts)], `cards at ${viewport.width} px`).toHaveLength(1);
    await noSidewaysScroll(page, `periods at ${viewport.width} px`);
    await context.close();
  }
});
