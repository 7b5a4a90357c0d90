// Time to interactive of the dashboard and the trial balance at the demo data size, in the
// headless browser: from navigation start until the screen shows its data and the main thread is
// idle (a cold page load each run, session already signed in). Prints the median of 5 runs.
import { expect, test, type Page } from "@playwright/test";
import { login } from "./helpers";

async function measure(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url);
  await expect(page.locator(ready).first()).toBeVisible();
  // Wait for a quiet main thread: the next animation frame after the data is drawn.
  return page.evaluate(() => new Promise<number>((done) => requestAnimationFrame(() => setTimeout(() => done(performance.now()), 0))));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

test("time to interactive: dashboard and trial balance", async ({ page }) => {
  await login(page);
  const screens = [
    { name: "dashboard", url: "/app/t/acme/", ready: "svg[aria-label='Income and expenses by month'] rect" },
    { name: "trial balance", url: "/app/t/acme/reports/trial-balance", ready: "[data-testid=tb-net]" },
  ];
  const lines: string[] = [];
  for (const s of screens) {
    await measure(page, s.url, s.ready); // warm the server's caches
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) runs.push(await measure(page, s.url, s.ready));
    lines.push(`TTI ${s.name}: median ${median(runs).toFixed(0)} ms (runs ${runs.map((r) => r.toFixed(0)).join(", ")})`);
  }
  const entries = await page.evaluate(async () => {
    const r = await fetch("/t/acme/api/v1/journal-entries/?page_size=500");
    return (await r.json()).results.length as number;
  });
  lines.push(`data: acme has ${entries >= 500 ? "500+" : entries} journal entries`);
  console.log(lines.join("\n"));
});
