// The layout table in docs/architecture.md is the tree: every file of src/ is listed, nothing else
// is, and a file imports only files listed below it (so the import graph has no cycle and no arrow
// back up). A change to the layout that forgets the doc fails here.
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/spec.js";

async function sourceFiles(dir = join(ROOT, "src")): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : [relative(ROOT, join(dir, entry.name))],
    ),
  );
  return nested.flat().filter((file) => file.endsWith(".ts"));
}

async function layoutTable(): Promise<string[]> {
  const doc = await readFile(join(ROOT, "docs/architecture.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Layout"), doc.indexOf("\n## ", doc.indexOf("## Layout") + 1));
  return [...section.matchAll(/^\| `(src\/[^`]+\.ts)`/gm)].map((match) => match[1]!);
}

/** The src/ files a file imports (relative imports only; generated/ is below everything). */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(join(ROOT, file), "utf8");
  return [...text.matchAll(/from "(\.{1,2}\/[^"]+)\.js"/g)]
    .map((match) => normalize(join(dirname(file), `${match[1]}.ts`)))
    .filter((target) => target.startsWith("src/"));
}

/** Every import that goes to a file listed at or above the importing one. */
async function upwardImports(order: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const [at, file] of order.entries()) {
    for (const target of await importsOf(file)) {
      if (order.indexOf(target) <= at) found.push(`${file} -> ${target}`);
    }
  }
  return found;
}

describe("docs/architecture.md's layout table", () => {
  it("lists every file of src/, and only those", async () => {
    const [listed, files] = await Promise.all([layoutTable(), sourceFiles()]);
    expect(listed.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual([...files].sort());
  });

  it("orders them so that every file imports only files below it", async () => {
    expect(await upwardImports(await layoutTable())).toEqual([]);
  });

  it("would catch an import back up (negative control: the table reversed)", async () => {
    const reversed = (await layoutTable()).reverse();
    expect((await upwardImports(reversed)).length).toBeGreaterThan(10);
  });
});
