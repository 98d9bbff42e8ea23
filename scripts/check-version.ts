// Proves that src/ is written against the generated metadata, not against one spec version:
// generates <version> into a scratch copy of the project, type-checks src/ against it, and runs
// the facade and pagination tests there.
//
//   npm run check:version -- 2.11          (CI runs this for 2.11)
//   npm run check:version -- 2.11 --keep   keep the scratch copy and print where it is
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { ROOT } from "./generate.js";
import { prepareVersionTree } from "./lib/version-tree.js";

export const VERSION_TESTS = ["test/facade.test.ts", "test/pagination.test.ts"];

function run(command: string, args: string[], cwd: string): Promise<number> {
  return new Promise((done) => {
    const child = execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error) =>
      done(error ? (typeof error.code === "number" ? error.code : 1) : 0),
    );
    child.stdout?.pipe(process.stdout);
    child.stderr?.pipe(process.stderr);
  });
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { keep: { type: "boolean", default: false } },
  });
  const version = positionals[0];
  if (!version || positionals.length > 1) {
    throw new Error("usage: npm run check:version -- <version> [--keep]");
  }
  const dir = await mkdtemp(join(tmpdir(), `intercom-fetch-${version}-`));
  const log = (line: string) => console.log(`[check-version] ${line}`);
  try {
    const { project } = await prepareVersionTree({ version, dir, log });
    const srcOnly = join(project, "tsconfig.src-only.json");
    await writeFile(srcOnly, JSON.stringify({ extends: "./tsconfig.json", include: ["src", "generated"] }));
    log(`tsc: src/ against the ${version} types`);
    const node = process.execPath;
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    if ((await run(node, [tsc, "-p", srcOnly], project)) !== 0) {
      throw new Error(`src/ does not type-check against the ${version} types`);
    }
    log(`vitest: ${VERSION_TESTS.join(", ")} against ${version}`);
    const vitest = join(ROOT, "node_modules", "vitest", "vitest.mjs");
    if ((await run(node, [vitest, "run", ...VERSION_TESTS], project)) !== 0) {
      throw new Error(`the facade or pagination tests fail against ${version}`);
    }
    log(`src/ builds and the facade and pagination tests pass against ${version}`);
  } finally {
    if (values.keep) log(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`[check-version] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
