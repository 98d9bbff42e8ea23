// Type-level tests: consumer code compiled with strict tsc (skipLibCheck: false) against the
// built package, plus a negative control proving that this harness does catch a type error.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/spec.js";

const run = promisify(execFile);
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");

async function compile(project: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [tsc, "-p", project], { cwd: ROOT });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("types", () => {
  it("the package is built (npm run build) so consumers resolve dist/", () => {
    expect(existsSync(join(ROOT, "dist", "esm", "src", "index.d.ts"))).toBe(true);
    expect(existsSync(join(ROOT, "dist", "cjs", "generated", "schema.d.ts"))).toBe(true);
  });

  it("consumer code type-checks, and every @ts-expect-error is needed", async () => {
    const { code, output } = await compile("test/types/tsconfig.json");
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);

  it("consumer code under exactOptionalPropertyTypes type-checks (test/types/strict.ts)", async () => {
    const { code, output } = await compile("test/types/tsconfig.strict.json");
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);

  it("a call to an unknown path is a compile error (negative control)", async () => {
    const { code, output } = await compile("test/types/fixtures/tsconfig.json");
    expect(code).not.toBe(0);
    expect(output).toMatch(/unknown-path\.ts\(5,\d+\): error TS\d+/);
  }, 120_000);
});
