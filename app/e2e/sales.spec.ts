// Sales and purchases: an accountant creates a customer, issues an invoice from the keyboard,
// records the payment and sees the invoice paid; a viewer reads without a write button.
import { expect, test } from "@playwright/test";
import { login, SHOTS } from "./helpers";

test.describe.configure({ mode: "serial" });

const stamp = Date.now();
const customer = `E2E Customer ${stamp}`;

test("an accountant creates a contact, issues an invoice, records its payment and sees it paid", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "accountant");
  await page.goto("/app/t/acme/contacts");
  await page.getByTestId("contact-new").click();
  await page.getByLabel("Name").fill(customer);
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Terms (days)").fill("14");
  await page.getByTestId("contact-save").click();
  // The API's field error shows at its field; fixed, the contact is made.
  await expect(page.getByTestId("contact-editor").locator(".field-error")).toContainText(/email/i);
  await page.getByLabel("Email").fill("billing@example.com");
  await page.getByTestId("contact-save").click();
  await expect(page.getByTestId("contact-editor")).toHaveCount(0);
  await page.getByLabel("Search").fill(String(stamp));
  await expect(page.getByTestId("contacts").getByText(customer)).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/contacts.png` });

  await page.getByRole("link", { name: "Sales" }).click();
  await expect(page.getByTestId("documents").or(page.getByTestId("empty-state"))).toBeVisible();
  await page.getByTestId("document-new").click();
  // Keyboard first: the contact search has the focus.
  const picker = page.getByRole("combobox", { name: "Contact" });
  await expect(picker).toBeFocused();
  await picker.fill(String(stamp));
  await picker.press("Enter");
  const date = await page.getByLabel("Date", { exact: true }).inputValue();
  const due = new Date(`${date}T00:00:00Z`);
  due.setUTCDate(due.getUTCDate() + 14);
  await expect(page.getByLabel(/^Due/)).toHaveValue(due.toISOString().slice(0, 10));
  await page.getByLabel("Line 1 description").fill("Consulting");
  await page.getByLabel("Line 1 quantity").fill("3");
  await page.getByLabel("Line 1 unit price").fill("150");
  await page.getByLabel("Line 1 tax code").selectOption("NY-SALES");
  await page.getByLabel("Line 1 unit price").press("Enter"); // a new line, cursor on its description
  await expect(page.getByLabel("Line 2 description")).toBeFocused();
  await page.getByLabel("Line 2 description").fill("Travel");
  await page.getByLabel("Line 2 unit price").fill("80");
  await page.getByLabel("Line 2 discount percent").fill("10");
  await page.getByLabel("Line 2 tax code").selectOption("");
  // Live: 450.00 + 72.00 net, 8.875 % of 450 = 39.94 tax.
  await expect(page.getByTestId("doc-net")).toHaveText("522.00");
  await expect(page.getByTestId("doc-tax")).toHaveText("39.94");
  await expect(page.getByTestId("doc-total")).toHaveText("561.94");
  await page.screenshot({ path: `${SHOTS}/invoice-editor.png`, fullPage: true });
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("document-status")).toHaveText("issued");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Invoice INV-\d{4}-\d+/);
  await expect(page.getByTestId("document-open")).toHaveText("561.94");
  await expect(page.getByTestId("document-entry")).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/invoice.png`, fullPage: true });

  await page.getByTestId("document-pay").click();
  await expect(page.getByLabel("Amount")).toHaveValue("561.94");
  const allocation = page.getByTestId("allocations").getByRole("textbox");
  await expect(allocation).toHaveValue("561.94");
  // The company's bank account in the payment's currency comes first.
  await expect(page.getByRole("combobox", { name: "Bank or cash account" })).toHaveValue(/^1120 /);
  await page.getByLabel("Amount").fill("600");
  await expect(page.getByTestId("left")).toContainText("38.06 stays open as a credit");
  await page.getByLabel("Amount").fill("561.94");
  await page.screenshot({ path: `${SHOTS}/payment-editor.png`, fullPage: true });
  await page.getByTestId("payment-save").click();
  await expect(page.getByTestId("payment-open")).toHaveText("0.00");
  await expect(page.getByTestId("payment-allocations")).toContainText("INV-");

  await page.getByTestId("tab-document").click();
  await page.getByTestId("status-paid").click();
  const row = page.getByTestId("documents").locator("tbody tr", { hasText: customer });
  await expect(row).toBeVisible();
  await expect(row.getByTestId("document-status")).toHaveText("paid");
  await expect(row.locator("[data-col=open]")).toHaveText("0.00");
  await page.screenshot({ path: `${SHOTS}/sales.png` });

  // The aging report has nothing open for the customer; its statement shows invoice and payment.
  await page.getByTestId("tab-aging").click();
  await expect(page.getByTestId("aging").or(page.getByTestId("empty-state"))).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/aged-receivables.png` });
  await page.goto("/app/t/acme/contacts");
  await page.getByLabel("Search").fill(String(stamp));
  await expect(page.getByText("1 contacts")).toBeVisible();
  await page.getByTestId("contacts").getByRole("link", { name: customer }).click();
  await expect(page.getByTestId("statement-closing")).toHaveText("0.00");
  await expect(page.getByTestId("statement")).toContainText("INV-");
  await page.screenshot({ path: `${SHOTS}/contact-statement.png`, fullPage: true });
});

test("an open invoice shows in aged receivables and drills to the contact's statement", async ({ page }) => {
  await login(page, "accountant");
  const id = await page.evaluate(async (name) => {
    const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))!.split("=")[1];
    const post = (path: string, body: unknown) =>
      fetch(`/t/acme/api/v1/${path}`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf }, body: JSON.stringify(body) }).then((r) => r.json());
    const contact = await post("contacts/", { name: `${name} late`, is_customer: true, payment_terms_days: 0 });
    await post("invoices/", { contact: contact.id, issue_date: "2026-01-05", status: "issued", lines: [{ description: "Old work", unit_price: "250.00", tax_code: "" }] });
    return contact.id as number;
  }, customer);
  await page.goto("/app/t/acme/sales/aging");
  const row = page.getByTestId(`aging-${id}`);
  await expect(row).toContainText("250.00");
  await row.getByRole("button").click();
  await expect(page.getByTestId(`aging-items-${id}`)).toContainText("days late");
  await page.getByTestId("aging-statement").click();
  await expect(page.getByTestId("statement-closing")).toHaveText("250.00");
});

test("a bill: saved as a draft with Ctrl+S, issued from its page, paid to the vendor", async ({ page }) => {
  await login(page, "accountant");
  await page.evaluate(async (name) => {
    const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))!.split("=")[1];
    await fetch("/t/acme/api/v1/contacts/", { method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf }, body: JSON.stringify({ name: `${name} vendor`, is_vendor: true, expense_account: "6400", payment_terms_days: 30 }) });
  }, customer);
  await page.goto("/app/t/acme/purchases/bills/new");
  const picker = page.getByRole("combobox", { name: "Contact" });
  await expect(picker).toBeFocused();
  await picker.fill(`${stamp} vendor`);
  await picker.press("Enter");
  await page.getByLabel("Vendor's number").fill(`V-${stamp}`);
  await page.getByLabel("Line 1 description").fill("Paper");
  await page.getByLabel("Line 1 unit price").fill("42.50");
  // The vendor's expense account came with the line.
  await expect(page.getByRole("combobox", { name: "Line 1 account" })).toHaveValue(/^6400 /);
  await expect(page.getByTestId("doc-total")).toHaveText("42.50");
  await page.keyboard.press("Control+s");
  await expect(page.getByTestId("document-status")).toHaveText("draft");
  await page.getByTestId("document-issue").click();
  await expect(page.getByTestId("document-status")).toHaveText("issued");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Bill BILL-\d{4}-\d+/);
  await page.getByTestId("document-pay").click();
  await expect(page.getByLabel("Amount")).toHaveValue("42.50");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("payment-open")).toHaveText("0.00");
  await page.getByTestId("payment-allocations").getByText(/BILL-/).waitFor();
  await page.goto("/app/t/acme/purchases/bills?q=" + stamp);
  await expect(page.getByTestId("documents").getByTestId("document-status").first()).toHaveText("paid");
});

test("a credit note for a paid invoice settles the customer's next invoice", async ({ page }) => {
  await login(page, "accountant");
  const [first, second] = await page.evaluate(async (name) => {
    const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))!.split("=")[1];
    const post = (path: string, body: unknown) =>
      fetch(`/t/acme/api/v1/${path}`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf }, body: JSON.stringify(body) }).then((r) => r.json());
    const contact = await post("contacts/", { name: `${name} credit`, is_customer: true });
    const line = { description: "Widget", quantity: "2", unit_price: "50.00", tax_code: "" };
    const a = await post("invoices/", { contact: contact.id, issue_date: "2026-03-02", status: "issued", lines: [line] });
    const b = await post("invoices/", { contact: contact.id, issue_date: "2026-03-09", status: "issued", lines: [line] });
    await post("payments/", { direction: "received", party: "customer", contact: contact.id, date: "2026-03-10", account: "1120", amount: "100.00", allocations: [{ document: a.id, amount: "100.00" }] });
    return [a.id as number, b.id as number];
  }, customer);
  await page.goto(`/app/t/acme/sales/invoices/${first}`);
  await expect(page.getByTestId("document-status")).toHaveText("paid");
  await page.getByTestId("document-credit").click();
  await page.getByLabel("Line 1 quantity to credit").fill("1");
  await page.getByTestId("credit-confirm").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Credit note CRN-/);
  await expect(page.getByTestId("document-open")).toHaveText("50.00");
  // Its open credit goes to the customer's other open invoice, suggested in full.
  await expect(page.getByRole("textbox", { name: /Allocate to INV-/ })).toHaveValue("50.00");
  await page.getByTestId("allocate").click();
  await expect(page.getByTestId("document-open")).toHaveText("0.00");
  await page.goto(`/app/t/acme/sales/invoices/${second}`);
  await expect(page.getByTestId("document-status")).toHaveText("partly paid");
  await expect(page.getByTestId("document-open")).toHaveText("50.00");
});

test("a EUR invoice paid from a USD bank account: the bank's dollars, the euros settled, the gain realised", async ({ page }) => {
  await login(page, "accountant");
  // A bank account that holds dollars only (1120 takes any currency, so pays euros as euros), and
  // a euro invoice of 1,000.00 booked at 1.10 (1,100.00 USD).
  const invoice = await page.evaluate(async (name) => {
    const csrf = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="))!.split("=")[1];
    const post = (path: string, body: unknown) =>
      fetch(`/t/acme/api/v1/${path}`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRFToken": csrf }, body: JSON.stringify(body) }).then((r) => r.json());
    const accounts = await fetch("/t/acme/api/v1/accounts/?type=asset").then((r) => r.json());
    if (!accounts.results.some((a: { code: string }) => a.code === "1125"))
      await post("accounts/", { code: "1125", name: "E2E dollar account", type: "asset", parent: "1100", currency: "USD", create_parents: false });
    const contact = await post("contacts/", { name: `${name} euro`, is_customer: true, currency: "EUR" });
    const today = new Date().toISOString().slice(0, 10);
    const line = { description: "Design work", unit_price: "1000.00", tax_code: "" };
    const draft = await post("invoices/", { contact: contact.id, issue_date: today, currency: "EUR", lines: [line] });
    await post(`invoices/${draft.id}/issue/`, { exchange_rate: "1.10" });
    return draft.id as number;
  }, customer);
  await page.goto(`/app/t/acme/sales/invoices/${invoice}`);
  await expect(page.getByTestId("document-open")).toHaveText("1,000.00");
  await page.getByTestId("document-pay").click();
  await expect(page.getByLabel("Amount")).toHaveValue("1000.00");
  await expect(page.getByTestId("allocations").getByRole("textbox")).toHaveValue("1000.00");
  await expect(page.getByTestId("payment-conversion")).toHaveCount(0);
  const account = page.getByRole("combobox", { name: "Bank or cash account" });
  await account.click();
  await account.fill("1125");
  await account.press("Enter");
  await expect(account).toHaveAttribute("title", /^1125 /);
  // The dollar account keeps the euro invoice: the amount is the bank's dollars.
  const amount = page.getByLabel("Amount taken by the bank (USD)");
  await expect(amount).toBeVisible();
  await expect(page.getByLabel("Documents in")).toHaveValue("EUR");
  await expect(page.getByTestId("allocations").getByRole("textbox")).toHaveValue("1000.00");
  await expect(page.getByTestId("suggest")).toHaveCount(0);
  // The euros filled from the invoice are not the bank's dollars: the amount is for the user to
  // type; left blank, the API's error shows at its field.
  await expect(amount).toHaveValue("");
  await expect(page.getByTestId("payment-conversion")).toContainText("Its rate shows once both are given");
  await page.getByTestId("payment-save").click();
  await expect(page.getByTestId("error-amount")).toBeVisible();
  await amount.fill("1180");
  await expect(page.getByTestId("payment-implied-rate")).toHaveText("1 EUR = 1.18 USD");
  await page.screenshot({ path: `${SHOTS}/payment-editor-bank-currency.png`, fullPage: true });
  await page.getByTestId("payment-save").click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("1,000.00 EUR");
  await expect(page.getByTestId("payment-bank-amount")).toContainText("1,180.00 USD");
  await expect(page.getByTestId("payment-rate")).toContainText("1.18");
  // 1,180.00 USD received for what was booked at 1,100.00: a gain of 80.00.
  await expect(page.getByTestId("payment-fx")).toHaveText("80.00 USD");
  await expect(page.getByText("Exchange gain")).toBeVisible();
  await expect(page.getByTestId("payment-open")).toHaveText("0.00");
  await expect(page.getByTestId("payment-allocations")).toContainText("INV-");
  await page.screenshot({ path: `${SHOTS}/payment-bank-currency.png`, fullPage: true });
  await page.goto(`/app/t/acme/sales/invoices/${invoice}`);
  await expect(page.getByTestId("document-status")).toHaveText("paid");
  await expect(page.getByTestId("document-open")).toHaveText("0.00");
});

test("revaluation: a preview of the foreign balances at a day's rate", async ({ page }) => {
  await login(page, "viewer");
  await page.goto("/app/t/acme/revaluation");
  await page.getByTestId("revaluation-preview").click();
  await expect(page.getByTestId("revaluation-result")).toBeVisible();
  await expect(page.getByTestId("revaluation-post")).toHaveCount(0); // viewers preview, never post
  await page.screenshot({ path: `${SHOTS}/revaluation.png` });
});

test("a viewer reads sales and contacts but has no write button", async ({ page }) => {
  await login(page, "viewer");
  await page.goto("/app/t/acme/sales/invoices");
  await expect(page.getByTestId("documents")).toBeVisible();
  await expect(page.getByTestId("document-new")).toHaveCount(0);
  await page.getByTestId("documents").locator("tbody tr").first().click();
  await expect(page.getByTestId("document-view")).toBeVisible();
  for (const id of ["document-issue", "document-edit", "document-credit", "document-pay"]) await expect(page.getByTestId(id)).toHaveCount(0);
  await page.goto("/app/t/acme/sales/payments");
  await expect(page.getByTestId("payments")).toBeVisible();
  await expect(page.getByTestId("payment-new")).toHaveCount(0);
  await page.goto("/app/t/acme/contacts");
  await expect(page.getByTestId("contacts")).toBeVisible();
  await expect(page.getByTestId("contact-new")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Archive" })).toHaveCount(0);
});
