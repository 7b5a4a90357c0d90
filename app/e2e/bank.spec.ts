// The Bank screens against the e2e server's EUR account on 1140 (e2e/serve.py makes it new and
// empty at every start), fed with bank/formats/samples/camt053_v08_sample.xml.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test, type Page } from "@playwright/test";
import { login, SHOTS } from "./helpers";

test.describe.configure({ mode: "serial" });

const samples = (name: string) => fileURLToPath(new URL(`../../bank/formats/samples/${name}`, import.meta.url));
const SAMPLE = samples("camt053_v08_sample.xml");
const HOSTILE = samples("hostile_truncated_camt053.xml");

/** The id of the e2e EUR account (the sample's IBAN). */
async function euroAccount(page: Page): Promise<number> {
  const id = await page.evaluate(async () => {
    const r = await fetch("/t/acme/api/v1/bank-accounts/");
    const body = (await r.json()) as { results: { id: number; iban: string }[] };
    return body.results.find((a) => a.iban === "DE89370400440532013000")?.id ?? null;
  });
  expect(id, "the e2e server makes a EUR bank account with the sample's IBAN").not.toBeNull();
  return id!;
}

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
