// A throwaway consumer project: this package as `npm pack` makes it, and intercom-client, installed
// from the npm cache (npm ci put both there) into a temp dir, as a user's project would have them.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createRequire } from "node:module";

const run = promisify(execFile);

export interface ConsumerProject {
  dir: string;
  /** The tarball's own figures, from `npm pack --json`. */
  pack: { filename: string; unpackedSize: number; entryCount: number; size: number };
  remove(): Promise<void>;
}

export async function createConsumerProject(root: string): Promise<ConsumerProject> {
  const dir = await mkdtemp(join(tmpdir(), "intercom-fetch-bench-"));
  const { stdout } = await run("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", dir], {
    cwd: root,
    maxBuffer: 16 << 20,
  });
  const [pack] = JSON.parse(stdout) as ConsumerProject["pack"][];
  if (!pack) throw new Error("npm pack printed nothing");
  const sdkVersion = (
    createRequire(join(root, "package.json"))("intercom-client/package.json") as {
      version: string;
    }
  ).version;
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await run(
    "npm",
    [
      "install",
      "--offline",
      "--ignore-scripts",
      "--no-audit",
      "--no-fund",
      join(dir, pack.filename),
      `intercom-client@${sdkVersion}`,
    ],
    { cwd: dir },
  );
  return { dir, pack, remove: () => rm(dir, { recursive: true, force: true }) };
}
