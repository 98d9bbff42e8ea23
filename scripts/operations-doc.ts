// Writes docs/operations.md from the adopted version's fixed spec (see scripts/lib/operations-doc.ts).
//
//   npx tsx scripts/operations-doc.ts            rewrite docs/operations.md
//   npx tsx scripts/operations-doc.ts --check    exit 1 if docs/operations.md is stale
import { readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { format } from "prettier";
import { DEFAULT_VERSION, generate, ROOT } from "./generate.js";
import { renderOperationsDoc } from "./lib/operations-doc.js";

export const OPERATIONS_DOC = join(ROOT, "docs", "operations.md");

/** docs/operations.md as it should be now (prettier-formatted, as committed). */
export async function operationsDoc(): Promise<string> {
  // check: true computes everything and writes nothing.
  const { doc, operations } = await generate({ check: true });
  const text = renderOperationsDoc(doc, operations, DEFAULT_VERSION);
  return format(text, { parser: "markdown", filepath: OPERATIONS_DOC });
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const text = await operationsDoc();
  if (values.check) {
    const committed = await readFile(OPERATIONS_DOC, "utf8").catch(() => "");
    if (committed !== text) {
      console.error("docs/operations.md is stale: run `npx tsx scripts/operations-doc.ts`");
      process.exitCode = 1;
    } else console.error("docs/operations.md is up to date");
    return;
  }
  await writeFile(OPERATIONS_DOC, text);
  console.error(`wrote ${OPERATIONS_DOC}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
