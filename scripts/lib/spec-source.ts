// Finds the pinned Intercom OpenAPI description for one API version and proves it is the pinned
// bytes (sha256) before anything else reads it.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { parse } from "yaml";

export interface SpecManifest {
  version: string;
  url: string;
  sha256: string;
  commit: string;
}

export interface ResolvedSpec {
  bytes: Buffer;
  sha256: string;
  /** Where the bytes came from: "explicit", "shared", "cache" or "download". */
  origin: "explicit" | "shared" | "cache" | "download";
  location: string;
}

export class SpecError extends Error {
  override name = "SpecError";
}

export const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

export async function readManifest(root: string, version: string): Promise<SpecManifest> {
  const file = join(root, "openapi", version, "manifest.json");
  if (!existsSync(file)) {
    throw new SpecError(`No manifest for API version ${version}: expected ${file}`);
  }
  const manifest = JSON.parse(await readFile(file, "utf8")) as SpecManifest;
  if (!/^[0-9a-f]{64}$/.test(manifest.sha256) || !manifest.url.startsWith("https://")) {
    throw new SpecError(`${file}: needs an https url and a 64-hex sha256`);
  }
  return manifest;
}

function defaultCacheDir(): string {
  const env = process.env["INTERCOM_OPENAPI_CACHE"];
  if (env) return resolve(env);
  const xdg = process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache");
  return join(xdg, "intercom-fetch", "openapi");
}

function verify(bytes: Buffer, manifest: SpecManifest, location: string): string {
  const actual = sha256(bytes);
  if (actual !== manifest.sha256) {
    throw new SpecError(
      `Refusing ${location}: its sha256 is ${actual}, but openapi/${manifest.version}/manifest.json ` +
        `pins ${manifest.sha256}. Nothing was generated.`,
    );
  }
  return actual;
}

export interface ResolveOptions {
  root: string;
  manifest: SpecManifest;
  /** --spec or INTERCOM_OPENAPI_SPEC: used as is, and still hash-checked. */
  explicitPath?: string | undefined;
  /** Defaults to ../shared/openapi beside the project root. */
  sharedDir?: string | undefined;
  cacheDir?: string | undefined;
  /** Defaults to the global fetch; tests pass one that serves a local file. */
  download?: ((url: string) => Promise<Buffer>) | undefined;
}

/** Resolution order: explicit path, ../shared/openapi/<v>, the local cache, then the pinned URL. */
export async function resolveSpec(options: ResolveOptions): Promise<ResolvedSpec> {
  const { manifest } = options;
  const file = join(manifest.version, "api.intercom.io.yaml");

  if (options.explicitPath) {
    const location = resolve(options.explicitPath);
    if (!existsSync(location)) throw new SpecError(`Spec file not found: ${location}`);
    const bytes = await readFile(location);
    return { bytes, sha256: verify(bytes, manifest, location), origin: "explicit", location };
  }

  const shared = join(options.sharedDir ?? resolve(options.root, "..", "shared", "openapi"), file);
  if (existsSync(shared)) {
    const bytes = await readFile(shared);
    return { bytes, sha256: verify(bytes, manifest, shared), origin: "shared", location: shared };
  }

  const cached = join(options.cacheDir ?? defaultCacheDir(), `${manifest.sha256}.yaml`);
  if (existsSync(cached)) {
    const bytes = await readFile(cached);
    return { bytes, sha256: verify(bytes, manifest, cached), origin: "cache", location: cached };
  }

  const download = options.download ?? fetchBytes;
  let bytes: Buffer;
  try {
    bytes = await download(manifest.url);
  } catch (cause) {
    throw new SpecError(
      `No local copy of the ${manifest.version} spec (looked at ${shared} and ${cached}) and the ` +
        `download from ${manifest.url} failed: ${(cause as Error).message}. Offline, point ` +
        `INTERCOM_OPENAPI_SPEC (or --spec) at a copy of that file.`,
      { cause },
    );
  }
  const digest = verify(bytes, manifest, manifest.url);
  await mkdir(dirname(cached), { recursive: true });
  await writeFile(`${cached}.tmp`, bytes);
  await rename(`${cached}.tmp`, cached);
  return { bytes, sha256: digest, origin: "download", location: manifest.url };
}

async function fetchBytes(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** The pinned spec of one version: resolved, hash-checked and parsed. */
export async function loadPinnedSpec(
  root: string,
  version: string,
  options: Omit<ResolveOptions, "root" | "manifest"> = {},
): Promise<{ manifest: SpecManifest; source: ResolvedSpec; spec: Record<string, unknown> }> {
  const manifest = await readManifest(root, version);
  const source = await resolveSpec({ root, manifest, ...options });
  return { manifest, source, spec: parse(source.bytes.toString("utf8")) as Record<string, unknown> };
}
