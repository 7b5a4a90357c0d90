// The tax return (boxes, drill-down, CSV, filing with its confirmation, a filed period refused),
// the invoicing settings and series, settling a statement line with an open invoice, and the
// invoice PDF (also when the server cannot make one).
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { euroAccount, login, SHOTS } from "./helpers";

test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const year = new Date().getFullYear();

async function api<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))?.split("=")[1] ?? "";
      const r = await fetch(`/t/acme/api/v1/${path}`, {
        method,
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: r.status === 204 ? null : await r.json() };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}

/** The month after the newest filed return (or January 2001 in books that filed none): the demo
 * files each month's return, so this is usually last month or this one, with activity to settle.
 * This spec runs last, so filing it refuses nothing the other specs post; a rerun on the same
 * e2e database moves on a month each time (E2E_FRESH=1 starts again). */
async function freeMonth(page: Page): Promise<{ from: string; to: string }> {
  const filed = await api<{ results: { period_to: string }[] }>(page, "GET", "tax-returns/?page_size=500");
  const last = filed.body.results.map((r) => r.period_to).sort().at(-1) ?? "2000-12-31";
  const [y, m] = last.split("-").map(Number);
  const first = new Date(Date.UTC(y, m, 1));
  const end = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  return { from: first.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}

test("the tax return: boxes, the lines behind a box, CSV, and what filing would post", async ({ page }) => {
  await login(page);
  await page.goto(`/app/t/acme/tax?scheme=per-code&from=${year}-01-01&to=${year}-12-31`);
  const boxes = page.getByTestId("tax-boxes");
  await expect(boxes).toBeVisible();
  await expect(page.getByTestId("tax-period")).toHaveValue(String(year));
  await expect(page.getByTestId("tax-reconciliation")).toBeVisible();
  // A box with lines opens them from the keyboard; Esc closes them and focus goes back to the box.
  const first = boxes.locator("button.link").first();
  const amount = (await first.textContent())!.trim();
  await first.focus();
  await page.keyboard.press("Enter");
  const lines = page.getByTestId("tax-lines");
  await expect(lines).toBeVisible();
  await expect(lines.locator("tbody tr").first()).toBeVisible();
  await expect(lines.locator("tfoot")).toContainText(amount);
  await page.screenshot({ path: `${SHOTS}/tax-return.png`, fullPage: true });
  await page.getByTestId("tax-lines-close").press("Escape");
  await expect(lines).toHaveCount(0);
  await expect(first).toBeFocused();

  const download = page.waitForEvent("download");
  await page.getByTestId("tax-csv").click();
  const csv = await download;
  expect(csv.suggestedFilename()).toBe(`tax-return-per-code-${year}-01-01-${year}-12-31.csv`);
  expect(readFileSync((await csv.path())!, "utf8").split("\n")[0]).toContain("key,label,amount");

  // The confirmation says which entry filing posts; cancelled, nothing is filed.
  const file = page.getByTestId("tax-file");
  if (await file.isEnabled()) {
    await file.click();
    const dialog = page.getByTestId("file-return");
    await expect(dialog).toContainText(`through Dec 31, ${year}`);
    await expect(dialog.getByTestId("file-return-settlement").or(dialog.getByText("Nothing to settle"))).toBeVisible();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
  }
});

test("an owner files a return; the period is then refused, and the server's refusal shows in the dialog", async ({ page }) => {
  await login(page);
  const month = await freeMonth(page);
  await page.goto(`/app/t/acme/tax?scheme=per-code&from=${month.from}&to=${month.to}`);
  await expect(page.getByTestId("tax-boxes")).toBeVisible();
  await page.getByTestId("tax-file").click();
  const dialog = page.getByTestId("file-return");
  await expect(dialog.getByTestId("file-return-settlement").or(dialog.getByText("Nothing to settle"))).toBeVisible();
  await expect(dialog).toContainText(/Files .*NY-SALES/);
  await page.screenshot({ path: `${SHOTS}/tax-file.png` });
  await dialog.getByTestId("file-return-confirm").click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("tax-filed-banner")).toContainText("Filed on");
  await expect(page.getByTestId("tax-filed")).toContainText(new Date(`${month.from}T00:00:00`).toLocaleString("en", { month: "short" }));

  // Another scheme over the same codes and days: the screen says why before anything is sent.
  await page.getByTestId("tax-scheme").selectOption("eu-rates");
  await expect(page.getByTestId("tax-problem")).toContainText(`Already filed through ${month.to}`);
  await expect(page.getByTestId("tax-file")).toBeDisabled();

  // What only the server knows (another owner filed meanwhile) shows in the dialog, in its words.
  const next = await freeMonth(page);
  await page.goto(`/app/t/acme/tax?scheme=per-code&from=${next.from}&to=${next.to}`);
  await page.route("**/api/v1/tax-returns/", (route) =>
    route.request().method() === "POST"
      ? route.fulfill({ status: 409, contentType: "application/json", body: JSON.stringify({ code: "tax_return_overlaps", message: "Return 99 (2001-01-01 to 2001-12-31) covers this period.", fields: { from: ["Overlaps a filed return."] } }) })
      : route.continue(),
  );
  await page.getByTestId("tax-file").click();
  await page.getByTestId("file-return-confirm").click();
  await expect(page.getByTestId("file-return-error")).toHaveText("Return 99 (2001-01-01 to 2001-12-31) covers this period.");
  await page.unroute("**/api/v1/tax-returns/");
});

test("accountants and viewers read the return but file nothing", async ({ page }) => {
  for (const who of ["accountant", "viewer"]) {
    await page.context().clearCookies();
    await login(page, who);
    await page.goto(`/app/t/acme/tax?scheme=per-code&from=${year}-01-01&to=${year}-12-31`);
    await expect(page.getByTestId("tax-boxes")).toBeVisible();
    await expect(page.getByTestId("tax-file")).toHaveCount(0);
  }
  const refused = await api<{ code: string }>(page, "POST", "tax-returns/", { scheme: "per-code", from: "1999-01-01", to: "1999-01-31" });
  expect(refused.status).toBe(403);
});

test("invoicing settings: the owner sets the rounding and a free series' prefix; a used series is locked", async ({ page }) => {
  await login(page);
  await page.goto("/app/t/acme/settings/invoicing");
  await expect(page.getByTestId("series")).toBeVisible();
  const perDocument = page.getByTestId("rounding-document");
  const wasDocument = await perDocument.isChecked();
  await (wasDocument ? page.getByTestId("rounding-line") : perDocument).check();
  await page.getByTestId("settings-save").click();
  await expect(page.getByText("Invoicing settings saved.")).toBeVisible();
  await page.reload();
  await expect(perDocument).toBeChecked({ checked: !wasDocument });
  await (wasDocument ? perDocument : page.getByTestId("rounding-line")).check(); // as it was
  await page.getByTestId("settings-save").click();
  await expect(page.getByTestId("settings-save")).toHaveText("Save"); // the answer is in
  await expect(page.getByTestId("settings-save")).toBeDisabled();

  // The company on its invoices: a bad email is refused at its field; the logo uploads and goes.
  const email = page.getByTestId("company-email");
  const emailWas = await email.inputValue();
  await email.fill("not-an-email");
  await page.getByTestId("settings-save").click();
  await expect(page.getByTestId("company-email-error")).not.toBeEmpty();
  await email.fill(emailWas);
  await expect(page.getByTestId("settings-save")).toBeDisabled();
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  await page.getByTestId("logo-file").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await expect(page.getByTestId("logo-image")).toBeVisible();
  // The image the API serves loads (1 × 1 px): not a broken one.
  await expect.poll(() => page.getByTestId("logo-image").evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1))).toBe(1);
  await page.getByTestId("logo-remove").click();
  await expect(page.getByTestId("logo-image")).toHaveCount(0);
  await page.getByTestId("logo-file").setInputFiles({ name: "logo.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
  await expect(page.getByTestId("logo-error")).toBeVisible();

  // Next year's vendor credits: a bad prefix is refused at the field, a good one gives the next number.
  const row = page.getByTestId(`series-vendor_credit-${year + 1}`);
  const prefix = row.getByTestId("series-prefix");
  await prefix.fill("V C");
  await prefix.press("Enter");
  await expect(row.locator(".field-error")).toContainText("letters, digits or hyphens");
  const chosen = `VC${stamp % 10000}`;
  await prefix.fill(chosen);
  await prefix.press("Enter");
  await expect(page.getByText(`Vendor credit numbers of ${year + 1} start ${chosen}-${year + 1}-0001.`)).toBeVisible();
  // This year's invoices have numbers (the demo issues them): their prefix cannot change.
  await expect(page.getByTestId(`series-invoice-${year}`).getByTestId("series-locked")).toBeVisible();
  await expect(page.getByTestId(`series-invoice-${year}`).getByTestId("series-prefix")).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/invoicing-settings.png`, fullPage: true });

  await page.context().clearCookies();
  await login(page, "accountant");
  await page.goto("/app/t/acme/settings/invoicing");
  await expect(page.getByTestId("series")).toBeVisible();
  await expect(page.getByTestId("rounding-line")).toBeDisabled();
  await expect(page.getByTestId("settings-save")).toHaveCount(0);
  await expect(page.getByTestId("series-prefix")).toHaveCount(0);
  await expect(page.getByTestId("logo-file")).toHaveCount(0);
});

test("a statement line settles the open invoice it names: payment recorded, line matched", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  const bankId = await euroAccount(page);
  // The CAMT.053 sample (imported once per account); its 2380.00 EUR line of 2 Jan 2026 quotes RE-2026-0001.
  await page.goto(`/app/t/acme/bank/${bankId}`);
  await page.getByTestId("statement-file").setInputFiles("../bank/formats/samples/camt053_v08_sample.xml");
  await expect(page.getByTestId("import-result")).toBeVisible();
  type Line = { id: number; amount: string; status: string; counterparty_name: string; booking_date: string };
  const lines = await Promise.all(["unmatched", "matched", "ignored"].map((st) => api<{ results: Line[] }>(page, "GET", `statement-lines/?bank_account=${bankId}&status=${st}&page_size=50`)));
  const line = lines.flatMap((l) => l.body.results).find((l) => l.amount === "2380.00");
  expect(line, "the sample's 2380.00 line is on the account").toBeTruthy();
  // After the bank tests every line is settled: this one is made unmatched again.
  if (line!.status !== "unmatched") expect((await api(page, "POST", `statement-lines/${line!.id}/unmatch/`)).status).toBe(200);
  await api(page, "POST", "exchange-rates/", { currency: "EUR", date: line!.booking_date, rate: "1.1" });
  await api(page, "POST", "exchange-rates/", { currency: "EUR", date: "2025-12-15", rate: "1.1" });
  const contact = await api<{ id: number }>(page, "POST", "contacts/", { name: line!.counterparty_name || `E2E Settle ${stamp}`, is_customer: true, currency: "EUR" });
  expect(contact.status).toBe(201);
  const invoice = await api<{ id: number; number: string; status: string }>(page, "POST", "invoices/", {
    contact: contact.body.id,
    issue_date: "2025-12-15",
    currency: "EUR",
    status: "issued",
    lines: [{ description: "E2E settle", quantity: "1", unit_price: "2380.00", tax_code: null }],
  });
  expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);

  await page.goto(`/app/t/acme/bank/${bankId}/reconcile`);
  await page.getByTestId(`line-${line!.id}`).click();
  const suggested = page.getByTestId("document-suggestions");
  await expect(suggested.getByTestId("document-suggestion-1")).toContainText(invoice.body.number);
  await suggested.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/reconcile-settle.png` });
  await page.keyboard.press("s");
  const dialog = page.getByTestId("settle-line");
  await expect(dialog.getByTestId("settle-summary")).toContainText("Records a payment received of 2,380.00 EUR");
  await dialog.getByTestId("settle-confirm").click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId("announce")).toContainText("payment");
  const after = await api<{ status: string; open_amount: string }>(page, "GET", `invoices/${invoice.body.id}/`);
  expect([after.body.status, after.body.open_amount]).toEqual(["paid", "0.00"]);
  const settled = await api<{ status: string }>(page, "GET", `statement-lines/${line!.id}/`);
  expect(settled.body.status).toBe("matched");
});

test("an issued invoice's PDF downloads; a server without the PDF library says so", async ({ page }) => {
  await login(page);
  const issued = await api<{ results: { id: number; number: string }[] }>(page, "GET", "invoices/?status=paid&page_size=1");
  const doc = issued.body.results[0];
  await page.goto(`/app/t/acme/sales/invoices/${doc.id}`);
  const download = page.waitForEvent("download");
  await page.getByTestId("document-pdf").click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe(`${doc.number}.pdf`);
  expect(readFileSync((await pdf.path())!).subarray(0, 5).toString()).toBe("%PDF-");

  await page.route("**/pdf/", (route) =>
    route.fulfill({ status: 503, contentType: "application/json", body: JSON.stringify({ code: "pdf_unavailable", message: "PDFs need the Pango library on the server.", fields: {} }) }),
  );
  let downloads = 0;
  page.on("download", () => (downloads += 1));
  await page.getByTestId("document-pdf").click();
  await expect(page.getByTestId("document-error")).toHaveText("This server cannot make PDFs yet. PDFs need the Pango library on the server.");
  expect(downloads).toBe(0);
});

test("phone width: the tax return with a box's lines open, and the settings, never scroll sideways", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await login(page);
  const noSideways = async (what: string) => {
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll, `${what} scrolls sideways`).toBeLessThanOrEqual(client);
  };
  await page.goto(`/app/t/acme/tax?scheme=per-code&from=${year}-01-01&to=${year}-12-31`);
  await page.getByTestId("tax-boxes").locator("button.link").first().click();
  await expect(page.getByTestId("tax-lines").locator("tbody tr").first()).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/phone-tax-lines.png`, fullPage: true });
  await noSideways("the tax return's lines");
  await page.goto("/app/t/acme/settings/invoicing");
  await expect(page.getByTestId("series")).toBeVisible();
  await noSideways("the invoicing settings");
  await context.close();
});
