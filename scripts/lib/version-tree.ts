// A scratch copy of the project whose generated/ holds another spec version, so that src/, the
// tests and the built package can be checked against it without touching the real generated/.
//
// src/ and test/ import ../generated/*.js by relative path, so the cheapest honest way to point
// them at another version is a copy of the tree (src/, test/ and configs are small) with its own
// generated/. node_modules is a symlink. A symlink to src/ or test/ would not do: TypeScript and
// vite resolve symlinks to their real paths, and the imports would reach the real generated/.
// `<dir>/shared` points at the real ../shared, so ../shared/openapi resolves from the copy too.
import { existsSync } from "node:fs";
import { cp, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { generate, ROOT } from "../generate.js";

const COPIED = [
  "src",
  "test",
  "openapi",
  "scripts",
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "tsconfig.build-cjs.json",
  "vitest.config.ts",
];

export interface VersionTree {
  /** The project copy: run tsc, vitest and npm scripts with this as the working directory. */
  project: string;
  version: string;
}

export async function prepareVersionTree(options: {
  version: string;
  dir: string;
  log?: (line: string) => void;
}): Promise<VersionTree> {
  const project = join(options.dir, "project");
  await mkdir(project, { recursive: true });
  for (const entry of COPIED) {
    await cp(join(ROOT, entry), join(project, entry), { recursive: true });
  }
  await symlink(join(ROOT, "node_modules"), join(project, "node_modules"), "dir");
  const shared = resolve(ROOT, "..", "shared");
  if (existsSync(shared)) await symlink(shared, join(options.dir, "shared"), "dir");
  // The copy is of one version, as the default: no entry versions beside it.
  const versions = join(project, "openapi", "versions.json");
  const listed = JSON.parse(await readFile(versions, "utf8")) as Record<string, unknown>;
  await writeFile(
    versions,
    `${JSON.stringify({ ...listed, default: options.version, entries: [] }, null, 2)}\n`,
  );
  await generate({
    version: options.version,
    outDir: join(project, "generated"),
    ...(options.log ? { log: options.log } : {}),
  });
  return { project, version: options.version };
}
