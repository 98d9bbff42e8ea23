// A spec bump breaks consumer code at compile time exactly where it must: a consumer written for
// 2.10 compiles against 2.10, fails against 2.11 at each renamed path template (and at the
// follow-on uses of those calls' results, nowhere else), and the fixed consumer compiles against
// 2.11. Each compile is strict tsc with skipLibCheck: false against a built package, as in
// test/types.test.ts; 2.11 is built in a scratch copy of the project (scripts/lib/version-tree.ts).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareVersionTree } from "../scripts/lib/version-tree.js";
import { ROOT } from "./support/spec.js";

const run = promisify(execFile);
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const BUMP = "test/types/bump";

async function compile(cwd: string, project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsc, "-p", project], { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** `file(line,col): error TSnnnn` for each marker comment in the consumer (see its header). */
async function expectedErrors(file: string): Promise<string[]> {
  const lines = (await readFile(join(ROOT, BUMP, file), "utf8")).split("\n");
  return lines.flatMap((line, i) => {
    const next = lines[i + 1] ?? "";
    if (line.trim() === "// renamed in 2.11") {
      return [`${BUMP}/${file}(${i + 2},${next.indexOf('"/') + 1}): error TS2345`];
    }
    const followOn = /^\s*\/\/ follow-on (TS\d+)$/.exec(line);
    return followOn ? [`${BUMP}/${file}(${i + 2},*): error ${followOn[1]}`] : [];
  });
}

/** The errors tsc printed, as `file(line,col): error TSnnnn`, with `*` for follow-on columns. */
function errorsIn(output: string, expected: string[]): string[] {
  return [...output.matchAll(/^(\S+)\((\d+),(\d+)\): error (TS\d+)/gm)].map(([, file, line, col, code]) => {
    const exact = `${file}(${line},${col}): error ${code}`;
    return expected.includes(exact) ? exact : `${file}(${line},*): error ${code}`;
  });
}

let dir: string;
let project211: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intercom-fetch-bump-"));
  ({ project: project211 } = await prepareVersionTree({ version: "2.11", dir }));
  await run(process.execPath, ["scripts/build.mjs"], { cwd: project211 });
}, 300_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("a consumer across the 2.10 → 2.11 bump", () => {
  it("the 2.10 consumer compiles against 2.10 (control)", async () => {
    const { code, output } = await compile(ROOT, `${BUMP}/tsconfig.2.10.json`);
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);

  it("the 2.10 consumer fails against 2.11 exactly at the renamed path templates", async () => {
    const expected = await expectedErrors("consumer-2.10.ts");
    expect(expected.filter((e) => e.endsWith("TS2345"))).toHaveLength(4);
    const { code, output } = await compile(project211, `${BUMP}/tsconfig.2.10.json`);
    expect(code).not.toBe(0);
    expect(errorsIn(output, expected)).toEqual(expected);
    expect(output).toContain(`Argument of type '"/contacts/{id}"' is not assignable`);
  }, 120_000);

  it("the fixed consumer compiles against 2.11", async () => {
    const { code, output } = await compile(project211, `${BUMP}/tsconfig.2.11.json`);
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);

  it("the fixed consumer does not compile against 2.10 (the fix is the 2.11 names)", async () => {
    const { code, output } = await compile(ROOT, `${BUMP}/tsconfig.2.11.json`);
    expect(code).not.toBe(0);
    expect(output).toContain(`Argument of type '"/contacts/{contact_id}"' is not assignable`);
  }, 120_000);
});
