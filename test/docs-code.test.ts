// Every ```ts block of the README and docs/*.md compiles in a consumer project under the strictest
// common settings (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes) against the built
// package, so the documentation cannot rot. A block that is deliberately not compilable is fenced
// ```ts nocheck <reason>. Names a block uses without defining them (an `id` it was handed) are
// declared in an HTML comment above it, which GitHub does not show:
// <!-- prelude: declare const id: string; -->
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/spec.js";

const run = promisify(execFile);
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");

export interface CodeBlock {
  /** "README.md:58": the file and the line of the opening fence. */
  where: string;
  /** First line of the block's code in its file (1-based). */
  line: number;
  code: string;
  prelude: string;
  /** Set for ```ts nocheck <reason>. */
  nocheck?: string;
}

function documents(): string[] {
  const docs = readdirSync(join(ROOT, "docs"))
    .filter((file) => file.endsWith(".md"))
    .sort()
    .map((file) => join(ROOT, "docs", file));
  return [join(ROOT, "README.md"), ...docs];
}

/** The ```ts blocks of a Markdown file (indented ones too, as inside a list item). */
export function tsBlocks(file: string, text = readFileSync(file, "utf8")): CodeBlock[] {
  const lines = text.split("\n");
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)(?:\s+(.*))?$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const info = open[3]?.trim() ?? "";
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++) body.push(lines[j]!.slice(indent));
    // The nearest line above that is not blank (prettier puts a blank line after the comment).
    let k = i - 1;
    while (k > 0 && !lines[k]!.trim()) k--;
    const above = lines[k] ?? "";
    const prelude = /^\s*<!-- prelude: (.*) -->\s*$/.exec(above)?.[1] ?? "";
    const block: CodeBlock = {
      where: `${relative(ROOT, file)}:${i + 1}`,
      line: i + 2,
      code: body.join("\n"),
      prelude,
    };
    if (info.startsWith("nocheck")) block.nocheck = info.slice("nocheck".length).trim();
    else if (info) block.nocheck = `unknown fence info "${info}"`;
    blocks.push(block);
    i = j;
  }
  return blocks;
}

const COMPILER_OPTIONS = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  module: "NodeNext",
  moduleResolution: "NodeNext",
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: true,
  types: ["node"],
  noEmit: true,
  paths: {
    "intercom-fetch": [join(ROOT, "dist", "esm", "src", "index.d.ts")],
    "intercom-fetch/redis": [join(ROOT, "dist", "esm", "src", "redis.d.ts")],
    "intercom-fetch/testing": [join(ROOT, "dist", "esm", "src", "testing", "index.d.ts")],
  },
};

/**
 * Compiles the blocks (one ES module each) in a consumer project; returns tsc's diagnostics
 * mapped back to "file:line" of the Markdown.
 */
export async function compileBlocks(blocks: CodeBlock[], dir: string): Promise<string[]> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const names = blocks.map((block, index) => {
    const name = `block-${index}.mts`;
    // The prelude and `export {}` share one line, so the block's lines map 1:1 from line 2.
    writeFileSync(join(dir, name), `${block.prelude} export {};\n${block.code}\n`);
    return name;
  });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: COMPILER_OPTIONS, files: names }),
  );
  let output = "";
  try {
    await run(process.execPath, [tsc, "-p", dir], { cwd: dir });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    output = `${failed.stdout ?? ""}${failed.stderr ?? ""}`;
    if (!output) throw error;
  }
  // One entry per diagnostic: its first line (the indented lines after it elaborate).
  return output
    .split("\n")
    .filter((line) => line.trim() && !/^\s/.test(line))
    .map((line) => {
      const at = /^block-(\d+)\.mts\((\d+),(\d+)\): (.*)$/.exec(line);
      if (!at) return line;
      const block = blocks[Number(at[1])]!;
      const file = block.where.split(":")[0]!;
      return `${file}:${block.line + Number(at[2]) - 2}:${at[3]} ${at[4]}`;
    });
}

// Inside node_modules, so that the blocks' other imports (ioredis, @types/node) resolve as a
// consumer's would.
const WORK = join(ROOT, "node_modules", ".cache", "intercom-fetch-docs-code");

describe("the TypeScript blocks of README.md and docs/*.md", () => {
  const blocks = documents().flatMap((file) => tsBlocks(file));
  const checked = blocks.filter((block) => block.nocheck === undefined);

  it("are found, and each one left out says why", () => {
    expect(checked.length).toBeGreaterThanOrEqual(7);
    const unexplained = blocks
      .filter((block) => block.nocheck !== undefined && !/\w{3,}.{12,}/.test(block.nocheck))
      .map((block) => `${block.where}: ${block.nocheck}`);
    expect(unexplained).toEqual([]);
  });

  it("compile in a strict consumer project against the built package", async () => {
    expect(existsSync(join(ROOT, "dist", "esm", "src", "index.d.ts"))).toBe(true);
    const diagnostics = await compileBlocks(checked, join(WORK, "docs"));
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it("a block that does not compile is reported at its line in the Markdown (negative control)", async () => {
    const text = [
      "# Probe",
      "",
      "<!-- prelude: declare const id: string; -->",
      "```ts",
      'import { createIntercom, unwrap } from "intercom-fetch";',
      "const intercom = createIntercom();",
      'const contact = unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id } } }));',
      "const n: number = contact.email;",
      "```",
      "",
      "```ts nocheck an excerpt that is not a program",
      "…",
      "```",
    ].join("\n");
    const probe = tsBlocks(join(ROOT, "probe.md"), text);
    expect(probe.map((block) => block.nocheck)).toEqual([undefined, "an excerpt that is not a program"]);
    const diagnostics = await compileBlocks(probe.slice(0, 1), join(WORK, "probe"));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatch(/^probe\.md:8:\d+ error TS2322: /);
  }, 120_000);
});
