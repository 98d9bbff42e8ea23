// A throwaway consumer project: this package as `npm pack` makes it, and intercom-client, installed
// into a temp dir as a user's project would have them. Every dependency is packed from this
// project's node_modules (the versions package-lock.json pins), so nothing depends on the npm cache.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { installTarballs } from "../test/support/consumer-install.js";

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
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  await installTarballs(
    root,
    dir,
    [join(dir, pack.filename)],
    [...Object.keys(manifest.dependencies), "intercom-client"],
  );
  return { dir, pack, remove: () => rm(dir, { recursive: true, force: true }) };
}
