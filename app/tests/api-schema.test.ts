// @vitest-environment node
// The typed client is built on src/api/schema.d.ts, generated from the Django OpenAPI schema.
// This test regenerates it and fails when the committed file is stale (run `npm run gen:api`).
// It needs the project's Python; without one it is skipped with a note.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { findPython, generate } from "../scripts/gen-api.mjs";

const python = findPython();
const target = fileURLToPath(new URL("../src/api/schema.d.ts", import.meta.url));

describe("OpenAPI types", () => {
  it.skipIf(!python)("src/api/schema.d.ts matches the API schema", async () => {
    const fresh = await generate(python!);
    expect(readFileSync(target, "utf8") === fresh, "src/api/schema.d.ts is stale: run `npm run gen:api`").toBe(true);
  }, 60_000);
});
