// Prints the evidence corpus (test/evidence/) by operation with pass/fail counts, then every
// failing case with its errors and its reason from known-failures.json (--failures), or the failing
// cases grouped by defect class (--by-defect). `npx tsx scripts/evidence-report.ts`
import {
  checkRequestCases,
  checkResponseCases,
  loadKnownFailures,
  loadRequestCases,
  loadResponseCases,
  tally,
} from "../test/support/evidence.js";
import { loadOverlaidSpec } from "../test/support/spec.js";

const spec = await loadOverlaidSpec("2.10");
const responses = loadResponseCases();
const requests = loadRequestCases();
const checked = checkRequestCases(requests);
const results = [...checkResponseCases(spec, responses), ...checked.results];
const known = loadKnownFailures();
const sources = new Set([...responses, ...requests].map((c) => c.source.split(/[\s:]/)[0]));

console.log("operation".padEnd(64), "cases", "pass", "fail");
for (const [operation, { cases, failing }] of tally(results)) {
  console.log(
    operation.padEnd(64),
    String(cases).padStart(5),
    String(cases - failing).padStart(4),
    String(failing).padStart(4),
  );
}
const failing = results.filter((r) => r.errors.length > 0);
console.log(
  `\n${results.length} cases (${responses.length} responses, ${requests.length} requests) from ${sources.size} sources: ` +
    `${results.length - failing.length} pass, ${failing.length} fail`,
);
if (process.argv.includes("--failures")) {
  for (const r of failing) {
    console.log(`\n${r.id}  [${known[r.id] ?? "NOT LISTED"}]\n  ${r.errors.join("\n  ")}`);
  }
}
if (process.argv.includes("--by-defect")) {
  // known-failures.json reasons are defect classes joined by "; "
  const byDefect = new Map<string, string[]>();
  for (const r of failing) {
    for (const defect of (known[r.id] ?? "NOT LISTED").split("; ")) {
      byDefect.set(defect, [...(byDefect.get(defect) ?? []), r.id]);
    }
  }
  for (const [defect, ids] of [...byDefect].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`\n${defect} (${ids.length})\n  ${ids.join("\n  ")}`);
  }
}
for (const line of checked.stray) console.log(`stray: ${line}`);
