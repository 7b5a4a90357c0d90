import { expect, type Page } from "@playwright/test";

export const PASSWORD = "e2e-password-1";
// Screenshots go to var/ so a test run leaves the checkout clean; point E2E_SCREENSHOTS at
// ../docs/screenshots to refresh the ones the docs show.
export const SHOTS = process.env.E2E_SCREENSHOTS ?? "../var/e2e-screenshots";

export async function login(page: Page, username = "admin", password = PASSWORD): Promise<void> {
  await page.goto("/app/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Choose an account in the AccountPicker of line `i` by typing and pressing Enter. */
export async function pickAccount(page: Page, line: number, code: string): Promise<void> {
  const input = page.getByRole("combobox", { name: `Line ${line + 1} account` });
  await input.click();
  await input.fill(code);
  await input.press("Enter");
}

/** The id of the e2e EUR bank account (the CAMT.053 sample's IBAN) that e2e/serve.py makes. */
export async function euroAccount(page: Page): Promise<number> {
  const id = await page.evaluate(async () => {
    const r = await fetch("/t/acme/api/v1/bank-accounts/");
    const body = (await r.json()) as { results: { id: number; iban: string }[] };
    return body.results.find((a) => a.iban === "DE89370400440532013000")?.id ?? null;
  });
  expect(id, "the e2e server makes a EUR bank account with the sample's IBAN").not.toBeNull();
  return id!;
}
