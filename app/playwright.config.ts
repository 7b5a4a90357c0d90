import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "..");
const port = Number(process.env.E2E_PORT ?? 8765);
const python =
  process.env.PYLEDGER_PYTHON ?? [resolve(repo, ".venv/bin/python")].find((p) => existsSync(p)) ?? "python3";
export const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    viewport: { width: 1366, height: 860 },
    acceptDownloads: true,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // A throwaway embedded PostgreSQL in var/e2e-postgres with the demo companies (e2e/serve.py).
    command: `${python} app/e2e/serve.py`,
    cwd: repo,
    url: `http://127.0.0.1:${port}/healthz`,
    timeout: 240_000,
    reuseExistingServer: !process.env.CI,
    stdout: "ignore",
    stderr: "pipe",
    // Every test signs in from this one address: the production rate (20 sign-ins a minute) turned
    // a fast run's later sign-ins into 429s. The throttle itself is tested by pytest.
    env: {
      E2E_PORT: String(port),
      PYLEDGER_ADMIN_PASSWORD: "e2e-password-1",
      DJANGO_DEBUG: "1",
      AUTH_THROTTLE_RATE: "1000/min",
    },
  },
});
