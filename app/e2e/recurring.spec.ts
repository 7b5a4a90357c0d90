// Recurring entries: an accountant creates monthly rent on the last day from the keyboard-first line
// editor, sees its next dates, runs it now (the missed month ends booked once), pauses and resumes
// it; a bad template shows the API's error at its line; a viewer reads without write buttons.
import { expect, test } from "@playwright/test";
import { login, pickAccount, SHOTS } from "./helpers";

test.describe.configure({ mode: "serial" });

const name = `E2E Rent ${Date.now()}`;

/** The first day of the month `back` months before this one, as YYYY-MM-DD. */
function monthsAgo(back: number): string {
  const now = new Date();
  const d = new Date(now.getFullYear(), now.getMonth() - back, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-01`;
}

test("an accountant creates, runs, pauses and resumes a recurring entry", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page, "accountant");
  await page.goto("/app/t/acme/recurring");
  await page.getByTestId("recurring-new").click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("On day").selectOption({ label: "Last day of the month" });
  await page.getByLabel("Starts").fill(monthsAgo(2));
  const preview = page.getByTestId("recurring-preview");
  await expect(preview).toContainText("Monthly on the last day");
  await expect(preview.locator(".chip")).toHaveCount(6);

  await pickAccount(page, 0, "6400");
  await page.getByLabel("Line 1 debit").fill("1200");
  await pickAccount(page, 1, "1120");
  await page.getByLabel("Line 2 credit").fill("1000");
  await page.getByTestId("recurring-save").click();
  // The API refuses the unbalanced lines; balanced with `=`, the template is saved.
  await expect(page.getByTestId("recurring-error").or(page.locator(".field-error")).first()).toBeVisible();
  await page.getByLabel("Line 2 credit").fill("");
  await page.getByLabel("Line 2 credit").press("=");
  await expect(page.getByLabel("Line 2 credit")).toHaveValue("1200.00");
  await page.keyboard.press("Control+s");
  await expect(page).toHaveURL(/\/recurring\/\d+$/);
  await expect(page.getByTestId("recurring-state")).toHaveText("active");
  await page.screenshot({ path: `${SHOTS}/recurring-editor.png`, fullPage: true });

  // Run now: the two month ends already past are booked, each once.
  await page.getByTestId("run-now").click();
  await expect(page.locator(".toast").filter({ hasText: "2 booked" })).toBeVisible();
  const history = page.getByTestId("recurring-history");
  await expect(history.locator("tbody tr")).toHaveCount(2);
  await expect(history.locator("tbody tr").first().getByRole("link")).toBeVisible();
  await page.getByTestId("run-now").click();
  await expect(page.locator(".toast").filter({ hasText: "0 booked" })).toBeVisible();
  await expect(history.locator("tbody tr")).toHaveCount(2);

  await page.getByTestId("pause").click();
  await expect(page.getByTestId("recurring-state")).toHaveText("paused");
  await expect(page.getByTestId("run-now")).toHaveCount(0);
  await page.getByTestId("resume").click();
  await expect(page.getByTestId("recurring-state")).toHaveText("active");

  await page.getByRole("link", { name: "← Recurring" }).click();
  const row = page.getByTestId("recurring-list").locator("tr", { hasText: name });
  await expect(row.getByTestId("recurring-schedule")).toHaveText("Monthly on the last day");
  await expect(row.getByTestId("recurring-state")).toHaveText("active");
  await page.screenshot({ path: `${SHOTS}/recurring.png` });
});

test("a viewer reads recurring entries without write buttons", async ({ page }) => {
  await login(page, "viewer");
  await page.goto("/app/t/acme/recurring");
  await expect(page.getByTestId("recurring-read-only")).toBeVisible();
  await expect(page.getByTestId("recurring-new")).toHaveCount(0);
  const row = page.getByTestId("recurring-list").locator("tr", { hasText: name });
  await expect(row).toBeVisible();
  await expect(row.getByRole("button")).toHaveCount(0);
  await row.getByRole("link", { name }).click();
  await expect(page.getByTestId("read-only")).toBeVisible();
  await expect(page.getByTestId("recurring-save")).toHaveCount(0);
  await expect(page.getByTestId("recurring-history").locator("tbody tr")).toHaveCount(2);
});
