// Runs openapi-fetch's own test suite through createIntercom, and bare openapi-fetch as the control.
//
//   npx tsx scripts/openapi-fetch-suite.ts --upstream <checkout> [--keep] [--json <file>]
//
// <checkout> is an openapi-typescript checkout at the openapi-fetch tag we depend on (see
// docs/openapi-fetch-differences.md), or its packages/openapi-fetch folder. Nothing is copied into
// this repository: the tests go to a temp dir, where every import of openapi-fetch's source
// ("../src/index.js") lands on an adapter module, and the packages the tests import are installed
// with npm. The suite's own vitest, openapi-fetch and openapi-typescript-helpers are this repo's.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Taken from this repo's node_modules, not installed. */
const LINKED = ["vitest", "openapi-fetch", "openapi-typescript-helpers"];

/** createClient → createIntercom: the client options as they are, plus a token, no pacing, no retries. */
const INTERCOM_ADAPTER = `
import { wrapAsPathBasedClient } from "openapi-fetch";
import { createIntercom } from ${JSON.stringify(join(ROOT, "src/index.ts"))};
export * from "openapi-fetch";
export default function createClient(options = {}) {
  return createIntercom({ token: "suite-token", rateLimit: false, maxRetries: 0, ...options });
}
export function createPathBasedClient(options) {
  return wrapAsPathBasedClient(createClient(options));
}
`;
const CONTROL_ADAPTER = `export * from "openapi-fetch";\nexport { default } from "openapi-fetch";\n`;

const VITEST_CONFIG = `import { defineConfig } from "vitest/config";
export default defineConfig({ test: { environment: "node", globals: true, restoreMocks: true } });
`;

interface Assertion {
  fullName: string;
  status: string;
  failureMessages: string[];
}
interface Report {
  testResults: { name: string; status: string; message: string; assertionResults: Assertion[] }[];
}
interface Outcome {
  passed: string[];
  skipped: string[];
  /** Test name (or file, when it did not load) → the first line of its failure. */
  failed: Map<string, string>;
  /** Errors thrown outside any test's await (vitest's "Unhandled Errors"), with the file they came from. */
  unhandled: string[];
}

const { values } = parseArgs({
  options: { upstream: { type: "string" }, keep: { type: "boolean" }, json: { type: "string" } },
});
if (!values.upstream) {
  console.error("usage: npx tsx scripts/openapi-fetch-suite.ts --upstream <openapi-typescript checkout>");
  process.exit(1);
}
const given = resolve(values.upstream);
const upstream = [join(given, "packages/openapi-fetch"), given].find((dir) => existsSync(join(dir, "test")));
if (!upstream) throw new Error(`no openapi-fetch test folder under ${given}`);

const work = mkdtempSync(join(tmpdir(), "openapi-fetch-suite-"));
try {
  installDependencies(upstream, work);
  const intercom = runSuite(upstream, work, "intercom", INTERCOM_ADAPTER);
  const control = runSuite(upstream, work, "control", CONTROL_ADAPTER);
  const tested = readJson(join(upstream, "package.json")).version as string;
  const installed = readJson(join(ROOT, "node_modules/openapi-fetch/package.json")).version as string;
  console.log(`\nopenapi-fetch ${tested}'s test suite, from ${upstream}`);
  if (tested !== installed) console.log(`warning: the installed openapi-fetch is ${installed}`);
  console.log(`\ncontrol (bare openapi-fetch): ${summary(control)}`);
  printFailures(control, new Map());
  console.log(`\nthrough createIntercom: ${summary(intercom)}`);
  printFailures(intercom, control.failed);
  // A failing control means the harness (or the checkout) is broken, not the facade.
  process.exitCode = control.failed.size + control.unhandled.length > 0 ? 1 : 0;
  if (values.json) {
    const plain = (o: Outcome) => ({ ...o, failed: Object.fromEntries(o.failed) });
    writeFileSync(
      values.json,
      JSON.stringify({ intercom: plain(intercom), control: plain(control) }, null, 2),
    );
  }
} finally {
  if (values.keep) console.log(`\nkept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** npm-installs the bare packages the tests import (at upstream's pinned versions), links the rest. */
function installDependencies(from: string, to: string): void {
  const pinned: Record<string, string> = readJson(join(from, "package.json")).devDependencies ?? {};
  const imported = new Set<string>();
  for (const file of testFiles(join(from, "test"))) {
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/\bfrom\s+"([^".][^"]*)"/g)) {
      const name = specifier!.startsWith("@")
        ? specifier!.split("/").slice(0, 2).join("/")
        : specifier!.split("/")[0]!;
      if (!name.startsWith("node:") && !LINKED.includes(name)) imported.add(name);
    }
  }
  const versions = [...imported].map((name) => {
    const version = pinned[name];
    return version && /^\d/.test(version) ? `${name}@${version}` : name;
  });
  writeFileSync(join(to, "package.json"), JSON.stringify({ private: true, type: "module" }));
  mkdirSync(join(to, "node_modules"));
  if (versions.length > 0) {
    console.log(`npm install ${versions.join(" ")}`);
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", ...versions], {
      cwd: to,
      stdio: "inherit",
    });
  }
  for (const name of LINKED)
    symlinkSync(join(ROOT, "node_modules", name), join(to, "node_modules", name), "dir");
}

/** Copies the tests beside an adapter as their ../src/index.js, runs vitest, reads its JSON report. */
function runSuite(from: string, work: string, name: string, adapter: string): Outcome {
  const dir = join(work, name);
  cpSync(join(from, "test"), join(dir, "test"), { recursive: true });
  // test/no-strict-null-checks/tsconfig.json extends it.
  cpSync(join(from, "tsconfig.json"), join(dir, "tsconfig.json"));
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "src/index.js"), adapter);
  writeFileSync(join(dir, "vitest.config.ts"), VITEST_CONFIG);
  const output = join(dir, "report.json");
  console.log(`running the suite: ${name}`);
  const vitest = join(ROOT, "node_modules/vitest/vitest.mjs");
  const run = spawnSync(
    process.execPath,
    [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${output}`],
    { cwd: dir, encoding: "utf8", maxBuffer: 1 << 26, env: { ...process.env, NO_COLOR: "1" } },
  );
  if (!existsSync(output)) throw new Error(`vitest wrote no report for ${name}:\n${run.stderr}`);
  const report = readJson(output) as Report;
  const outcome: Outcome = { passed: [], skipped: [], failed: new Map(), unhandled: unhandled(run.stderr) };
  for (const file of report.testResults) {
    const relative = file.name.slice(dir.length + 1);
    if (file.assertionResults.length === 0 && file.status === "failed") {
      outcome.failed.set(`${relative} (did not load)`, firstLine(file.message));
    }
    for (const test of file.assertionResults) {
      const title = `${relative} > ${test.fullName}`;
      if (test.status === "passed") outcome.passed.push(title);
      else if (test.status === "failed") outcome.failed.set(title, firstLine(test.failureMessages[0] ?? ""));
      else outcome.skipped.push(title);
    }
  }
  return outcome;
}

/** The message and origin of each of vitest's "Unhandled Rejection/Error" blocks. */
function unhandled(stderr: string): string[] {
  return stderr
    .split(/⎯+ Unhandled (?:Rejection|Error) ⎯+\n/)
    .slice(1)
    .map((block) => {
      const origin = /originated in "([^"]+)"/.exec(block)?.[1];
      const test = /caused the error is "([^"]+)"/.exec(block)?.[1];
      return `${firstLine(block)} (from ${[origin, test].filter(Boolean).join(" > ")})`;
    });
}

function printFailures({ failed, unhandled }: Outcome, alsoInControl: Map<string, string>): void {
  for (const [test, why] of failed) {
    console.log(`  ✗ ${test}${alsoInControl.has(test) ? " [fails in control too]" : ""}\n      ${why}`);
  }
  for (const error of unhandled) console.log(`  ! unhandled: ${error}`);
}

function summary({ passed, failed, skipped, unhandled }: Outcome): string {
  return `${passed.length} passed, ${failed.size} failed, ${skipped.length} skipped, ${unhandled.length} unhandled errors`;
}

function firstLine(text: string): string {
  return text.split("\n").find((line) => line.trim() !== "") ?? "(no message)";
}

function testFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(test|spec)\.[cm]?[jt]sx?$/.test(file))
    .map((file) => join(dir, file));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a package.json or a vitest report
function readJson(file: string): any {
  return JSON.parse(readFileSync(file, "utf8"));
}
