// Regenerates src/api/schema.d.ts from the Django OpenAPI schema (manage.py spectacular).
// Usage: npm run gen:api            (writes the file)
//        node scripts/gen-api.mjs --check   (exit 1 when the committed file is stale)
// The Python interpreter: $PYLEDGER_PYTHON, else ../.venv/bin/python, else python3.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(appDir, "..");
const target = join(appDir, "src/api/schema.d.ts");

export function findPython() {
  const candidates = [process.env.PYLEDGER_PYTHON, join(repo, ".venv/bin/python"), "python3"];
  for (const c of candidates) {
    if (!c) continue;
    if (c.includes("/") && !existsSync(c)) continue;
    try {
      execFileSync(c, ["-c", "import django, drf_spectacular"], { stdio: "ignore", cwd: repo });
      return c;
    } catch {
      /* try the next one */
    }
  }
  return null;
}

export async function generate(python) {
  const dir = mkdtempSync(join(tmpdir(), "pyledger-schema-"));
  const file = join(dir, "schema.yaml");
  execFileSync(python, ["manage.py", "spectacular", "--file", file], {
    cwd: repo,
    stdio: ["ignore", "ignore", "inherit"],
    // The schema needs no database: a placeholder URL keeps dev settings from starting one.
    env: {
      ...process.env,
      DJANGO_SETTINGS_MODULE: "pyledger_project.settings.dev",
      DATABASE_URL: "postgres://schema@127.0.0.1:9/schema",
    },
  });
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const ast = await openapiTS(new URL(`file://${file}`));
  const header =
    "// Generated from the Django OpenAPI schema by scripts/gen-api.mjs; do not edit.\n" +
    "// tests/api-schema.test.ts fails when it is out of date: run `npm run gen:api`.\n";
  return header + astToString(ast);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const python = findPython();
  if (!python) {
    console.error("gen-api: no Python with Django found (set PYLEDGER_PYTHON)");
    process.exit(2);
  }
  const text = await generate(python);
  if (process.argv.includes("--check")) {
    const current = existsSync(target) ? readFileSync(target, "utf8") : "";
    if (current !== text) {
      console.error("src/api/schema.d.ts is out of date: run `npm run gen:api`");
      process.exit(1);
    }
    console.log("src/api/schema.d.ts is up to date");
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${target}`);
  }
}
