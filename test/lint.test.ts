// The lint rule that keeps src/ free of Node-only modules and globals (eslint.config.js), with
// positive and negative controls. CI lints the whole project with `npx eslint .`.
import { ESLint } from "eslint";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/spec.js";

const eslint = new ESLint({ cwd: ROOT });

async function ruleIds(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("src/ stays runtime-neutral", () => {
  it.each([
    ['import { readFile } from "node:fs/promises";\nexport const r = readFile;\n', "no-restricted-imports"],
    ['import { EventEmitter } from "events";\nexport const e = EventEmitter;\n', "no-restricted-imports"],
    ['export const home = process.env["HOME"];\n', "no-restricted-globals"],
    ['export const bytes = Buffer.from("x");\n', "no-restricted-globals"],
    ["export const dir = __dirname;\n", "no-restricted-globals"],
  ])("rejects %j in src/", async (code, rule) => {
    expect(await ruleIds(code, "src/probe.ts")).toContain(rule);
  });

  it("allows the same code in test/ (the rule is scoped to src/)", async () => {
    expect(
      await ruleIds(
        'import { readFile } from "node:fs/promises";\nexport const r = readFile;\n',
        "test/probe.ts",
      ),
    ).toEqual([]);
  });

  it("allows runtime-neutral code in src/", async () => {
    expect(await ruleIds("export const ok = globalThis.fetch;\n", "src/probe.ts")).toEqual([]);
  });
});

describe("no dead code", () => {
  it("knip finds no unused file, export or dependency (knip.jsonc; CI runs it too)", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const knip = join(ROOT, "node_modules", "knip", "bin", "knip.js");
    const result = await promisify(execFile)(process.execPath, [knip, "--no-progress"], { cwd: ROOT }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
  }, 120_000);
});
