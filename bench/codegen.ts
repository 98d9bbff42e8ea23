// Part 5: the codegen for the 2.10 spec, cold: each run is a fresh process (tsx, parse, overlays,
// validation, openapi-typescript, prettier) writing into a temp dir, with no cache of our own.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { median } from "./stats.js";

const run = promisify(execFile);

export interface CodegenResult {
  /** Wall time of each run, s. */
  runs: number[];
  median: number;
}

export async function measureCodegen(root: string, runs: number): Promise<CodegenResult> {
  const walls: number[] = [];
  for (let k = 0; k < runs; k++) {
    const out = await mkdtemp(join(tmpdir(), "intercom-fetch-codegen-"));
    try {
      const started = performance.now();
      await run(
        process.execPath,
        ["--import", "tsx", "scripts/generate.ts", "--out", join(out, "generated")],
        {
          cwd: root,
        },
      );
      walls.push((performance.now() - started) / 1000);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }
  return { runs: walls, median: median(walls) };
}
