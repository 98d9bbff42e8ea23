// `npx tsx scripts/list-audit.ts [version]`: issue 23's audits for a pinned version's fixed spec
// (default: the adopted one): every list response with its shape and verdict
// (openapi/list-audit.json), then the id-like request fields and lists that have no verdict yet or
// have changed since their verdict (openapi/request-ids.json). Run it on a bump, before adopting.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyFixes } from "./lib/fixes.js";
import { describeShape, listShapes } from "./lib/list-audit.js";
import { compareRequestIds, requestIdFields, type RequestIdVerdict } from "./lib/request-ids.js";
import { loadPinnedSpec } from "./lib/spec-source.js";

const ROOT = resolve(import.meta.dirname, "..");
const version = process.argv[2] ?? "2.10";
const spec = (await applyFixes(ROOT, (await loadPinnedSpec(ROOT, version)).spec as never)).doc as Record<
  string,
  unknown
>;
const lists = JSON.parse(readFileSync(join(ROOT, "openapi", "list-audit.json"), "utf8")) as Record<
  string,
  { shape: string; verdict: string }
>;
const ids = JSON.parse(readFileSync(join(ROOT, "openapi", "request-ids.json"), "utf8")) as Record<
  string,
  RequestIdVerdict
>;

const cell = (s: string) => s.replaceAll("|", "\\|");
console.log(`## Lists of ${version}\n`);
console.log("| operationId | shape: schema [items] next | verdict |\n| --- | --- | --- |");
const shapes = listShapes(spec);
for (const [id, shape] of shapes) {
  const audited = lists[id];
  const verdict = !audited
    ? "NO VERDICT"
    : audited.shape === describeShape(shape)
      ? audited.verdict
      : `CHANGED (audited: ${audited.shape})`;
  console.log(`| \`${id}\` | ${cell(describeShape(shape))} | ${cell(verdict)} |`);
}
const drift = compareRequestIds(requestIdFields(spec), ids, new Set());
console.log(`\n## Id-like request fields of ${version} to audit\n`);
for (const f of drift.unaudited) console.log(`- no verdict: \`${f.key}\` (${f.accepts})`);
for (const c of drift.changed)
  console.log(`- changed: \`${c.key}\` accepts ${c.accepts}, audited ${c.audited}`);
for (const key of drift.stale) console.log(`- not in ${version}: \`${key}\``);
