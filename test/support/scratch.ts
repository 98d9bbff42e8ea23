// A scratch folder per test file (made before its tests, removed after), and project roots in it
// with a copy of openapi/ (manifests, locks, fixes, decisions), to add or break fixes safely.
import { cp, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { ROOT } from "./spec.js";

export function useScratch(prefix: string) {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `intercom-fetch-${prefix}-`));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  return {
    /** A path in the scratch folder. */
    at: (name: string) => join(dir, name),
    /** A scratch project root holding a copy of this project's openapi/. */
    async root(name: string): Promise<string> {
      const root = join(dir, name);
      await mkdir(root, { recursive: true });
      await cp(join(ROOT, "openapi"), join(root, "openapi"), { recursive: true });
      return root;
    },
  };
}
