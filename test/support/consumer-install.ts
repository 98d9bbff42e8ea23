// Installs packed tarballs into a throwaway consumer project without depending on what the npm cache
// holds: every dependency comes as a tarball packed from the copy this project installed (so the
// versions are the ones package-lock.json pins), and npm resolves the tree from those tarballs alone.
// `npm ci` fetches tarballs by URL and caches no registry metadata, so an offline install of the
// tarball from the cache alone fails (ENOTCACHED) on a machine whose cache was empty before `npm ci`.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

async function manifestOf(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Manifest;
}

/**
 * `npm pack` each named package as installed in `root/node_modules`, with its dependencies (found the
 * way Node resolves them from the project root), into `destination`. Returns the tarball paths.
 */
async function packInstalled(root: string, names: string[], destination: string): Promise<string[]> {
  const seen = new Set<string>();
  const tarballs: string[] = [];
  const queue = [...names];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const dir = join(root, "node_modules", name);
    const manifest = await manifestOf(dir).catch(() => {
      throw new Error(`${name} is not installed in ${root}/node_modules: run \`npm ci\` first`);
    });
    queue.push(...Object.keys(manifest.dependencies ?? {}));
    const { stdout } = await run(
      "npm",
      ["pack", dir, "--ignore-scripts", "--silent", "--pack-destination", destination],
      { cwd: destination, maxBuffer: 16 << 20 },
    );
    const file = stdout.trim().split("\n").pop();
    if (!file) throw new Error(`npm pack ${name} printed nothing`);
    tarballs.push(join(destination, file));
  }
  return tarballs;
}

/**
 * Installs `tarballs` into the project at `dir` (which has a package.json), together with the
 * tarballs of their dependencies packed from `root`'s node_modules, so npm needs neither the
 * registry nor its cache for them. `scripts: true` installs as a user would (install scripts
 * allowed); `env` reaches npm (an empty `npm_config_cache`, say). Returns npm's output.
 */
export async function installTarballs(
  root: string,
  dir: string,
  tarballs: string[],
  dependencies: string[],
  options: { scripts?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<string> {
  const packed = await packInstalled(root, dependencies, dir);
  const flags = options.scripts ? [] : ["--ignore-scripts"];
  const { stdout, stderr } = await run(
    "npm",
    ["install", ...flags, "--no-audit", "--no-fund", ...tarballs, ...packed],
    {
      cwd: dir,
      maxBuffer: 16 << 20,
      env: options.env ?? process.env,
    },
  );
  return stdout + stderr;
}
