// Prints the production bundle size: raw and gzip, all assets and what the first page loads.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const dist = new URL("../dist/", import.meta.url).pathname;
const assets = join(dist, "assets");
const files = readdirSync(assets).filter((f) => /\.(js|css)$/.test(f));
const size = (f) => {
  const data = readFileSync(join(assets, f));
  return { raw: data.length, gz: gzipSync(data, { level: 9 }).length };
};
const total = files.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
const html = readFileSync(join(dist, "index.html"), "utf8");
const initial = [...html.matchAll(/assets\/([^"]+\.(?:js|css))/g)].map((m) => m[1]);
const first = initial.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`bundle: ${files.length} files, ${kb(total.raw)} raw, ${kb(total.gz)} gzip (all routes)`);
console.log(`bundle: entry (index.html's scripts and styles) ${kb(first.raw)} raw, ${kb(first.gz)} gzip`);
