// Part 4: a one-call consumer (bench/bundle/<library>.ts) bundled with esbuild for the browser,
// minified, raw and gzip; and what each library puts in node_modules (files and bytes, with the
// packages it depends on), measured in the consumer project where they were installed.
import { build } from "esbuild";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUNDLED = ["openapi-fetch", "intercom-fetch", "intercom-client"] as const;

export interface BundleResult {
  library: (typeof BUNDLED)[number];
  raw: number;
  gzip: number;
}

export interface InstallResult {
  package: string;
  /** The package and its dependencies, as installed. */
  packages: string[];
  files: number;
  bytes: number;
  declarationBytes: number;
}

export async function measureBundles(root: string, consumerDir: string): Promise<BundleResult[]> {
  const results: BundleResult[] = [];
  for (const library of BUNDLED) {
    const output = await build({
      entryPoints: [join(root, "bench", "bundle", `${library}.ts`)],
      // Resolve the libraries as the consumer project installed them.
      nodePaths: [join(consumerDir, "node_modules")],
      absWorkingDir: consumerDir,
      bundle: true,
      minify: true,
      platform: "browser",
      format: "esm",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const code = output.outputFiles[0]?.contents;
    if (!code) throw new Error(`esbuild produced nothing for ${library}`);
    results.push({ library, raw: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength });
  }
  return results;
}

async function walk(dir: string): Promise<{ files: number; bytes: number; declarationBytes: number }> {
  let files = 0;
  let bytes = 0;
  let declarationBytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await walk(path);
      files += inner.files;
      bytes += inner.bytes;
      declarationBytes += inner.declarationBytes;
    } else if (entry.isFile()) {
      const size = (await stat(path)).size;
      files++;
      bytes += size;
      if (/\.d\.[mc]?ts$/.test(entry.name)) declarationBytes += size;
    }
  }
  return { files, bytes, declarationBytes };
}

export async function measureInstalls(consumerDir: string): Promise<InstallResult[]> {
  const sets: [string, string[]][] = [
    ["intercom-fetch", ["intercom-fetch", "openapi-fetch", "openapi-typescript-helpers"]],
    ["openapi-fetch", ["openapi-fetch", "openapi-typescript-helpers"]],
    ["intercom-client", ["intercom-client"]],
  ];
  const results: InstallResult[] = [];
  for (const [name, packages] of sets) {
    const total = { files: 0, bytes: 0, declarationBytes: 0 };
    for (const pkg of packages) {
      const figures = await walk(join(consumerDir, "node_modules", pkg));
      total.files += figures.files;
      total.bytes += figures.bytes;
      total.declarationBytes += figures.declarationBytes;
    }
    results.push({ package: name, packages, ...total });
  }
  return results;
}
