// The path a user takes, as the README's Install section says: `npm pack` in a checkout (a copy of
// this one as `npm ci` leaves it: sources and generated/, no dist/), then `npm install
// ./intercom-fetch-0.1.0.tgz` in an empty project with an empty npm cache, install scripts allowed.
// Then: arethetypeswrong and publint on the tarball, TypeScript consumers type-checked under
// `nodenext` (ESM and CommonJS) and `bundler` with the strictest common settings, and the package
// run with `import` and with `require` against a local fake Intercom. The tarball's figures are
// printed and docs/package.md must state them.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { publint } from "publint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SDK_VERSION } from "../src/defaults.js";
import { startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { installTarballs } from "./support/consumer-install.js";
import { installLists } from "./support/lists.js";
import { ROOT } from "./support/spec.js";

const run = promisify(execFile);
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const attw = join(ROOT, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
let dir: string;
let checkout: string;
let tarball: string;
let fake: FakeIntercom;
let packOutput: string;
let installOutput: string;
let manifestBefore: string;

/** Every file of the checkout that git would see (tracked, or untracked and not ignored), and
 * generated/ (what `npm ci` leaves); node_modules is this project's, linked. No dist/. */
async function copyCheckout(to: string): Promise<void> {
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    maxBuffer: 16 << 20,
  });
  for (const file of stdout.split("\0").filter(Boolean)) {
    const source = join(ROOT, file);
    // a file deleted from the working tree but not from the index
    if (!(await stat(source).catch(() => undefined))) continue;
    await mkdir(dirname(join(to, file)), { recursive: true });
    await copyFile(source, join(to, file));
  }
  await cp(join(ROOT, "generated"), join(to, "generated"), { recursive: true });
  await symlink(join(ROOT, "node_modules"), join(to, "node_modules"), "dir");
}

async function outcome(file: string, args: string[], cwd: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const strict = {
  target: "ES2022",
  lib: ["ES2023", "DOM", "DOM.Iterable"],
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  skipLibCheck: false,
  types: [],
  noEmit: true,
};

/** The last entry version (openapi/versions.json): its entry point is installed and used too. */
const versionEntries = (
  JSON.parse(readFileSync(join(ROOT, "openapi", "versions.json"), "utf8")) as { entries: string[] }
).entries;
const latest = versionEntries.at(-1)!;

const consumerLines = (importLine: string) => [
  importLine,
  `import { createIntercom as createLatest, type IntercomClient as LatestClient } from "intercom-fetch/${latest}";`,
  `export const latest: LatestClient = createLatest({ token: "t" });`,
  `export const latestVersion: "${latest}" = latest.version;`,
  'import { createRedisRateLimitStore, type RedisScriptClient } from "intercom-fetch/redis";',
  'import { createFakeIntercom } from "intercom-fetch/testing";',
  "declare const redis: RedisScriptClient;",
  'export const kit = createFakeIntercom().then((fake) => fake.on("GET", "/me", () => ({ json: { type: "admin", id: "1" } })));',
  'export const shared = createIntercom({ token: "t", rateLimit: { store: createRedisRateLimitStore({ client: redis }) } });',
  'const intercom = createIntercom({ token: "t", region: "au" });',
  'export const contact: Promise<components["schemas"]["contact"] | undefined> = intercom',
  '  .GET("/contacts/{id}", { params: { path: { id: "1" } } })',
  "  .then((r) => r.data);",
  // a contact's email may be null (a lead without one: docs/types-evidence.md, second round)
  "export async function emails(): Promise<(string | null | undefined)[]> {",
  "  const out: (string | null | undefined)[] = [];",
  '  for await (const c of intercom.paginate("/contacts")) out.push(c.email);',
  "  return out;",
  "}",
  "export const isError = (e: unknown): boolean => e instanceof IntercomApiError;",
  "// @ts-expect-error unknown path",
  'void intercom.GET("/nope");',
];

const runLines = [
  `const latestMe = unwrap(await createLatest({ token: "t", baseUrl: process.env.FAKE_URL }).GET("/me"));`,
  `if (latestMe.id !== "991") throw new Error("intercom-fetch/${latest} did not answer");`,
  `const intercom = createIntercom({ token: "t", baseUrl: process.env.FAKE_URL });`,
  'const me = unwrap(await intercom.GET("/me"));',
  "let n = 0;",
  'for await (const contact of intercom.paginate("/contacts")) n++;',
  "const store = createRedisRateLimitStore({ client: { eval: async () => 0, evalsha: async () => 0 } });",
  // intercom-fetch/testing: a fake of the user's own, in-process.
  'const kit = await createFakeIntercom({ seed: { admins: [{ id: "7" }] } });',
  'const viaKit = unwrap(await createIntercom({ token: "t", baseUrl: kit.url, fetch: kit.fetch }).GET("/me"));',
  "await kit.close();",
  "console.log(JSON.stringify({ id: me.id, contacts: n, error: typeof IntercomApiError, store: typeof store.acquire, kit: viaKit.id }));",
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intercom-fetch-consumer-"));
  fake = await startFakeIntercom();
  fake.on("GET", "/me", () => ({ json: { type: "admin", id: "991", email: "ops@example.com" } }));
  installLists(fake, { count: 12 });
  checkout = await mkdtemp(join(tmpdir(), "intercom-fetch-checkout-"));
  await copyCheckout(checkout);
  manifestBefore = await readFile(join(checkout, "package.json"), "utf8");
  // `npm pack`, exactly: its lifecycle scripts run (prepack builds dist/).
  const packed = await run("npm", ["pack"], { cwd: checkout, maxBuffer: 16 << 20 });
  packOutput = packed.stdout + packed.stderr;
  const name = packed.stdout.trim().split("\n").pop() ?? "";
  tarball = join(dir, name);
  await copyFile(join(checkout, name), tarball);
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  // `npm install ./intercom-fetch-0.1.0.tgz` with install scripts allowed and an empty npm cache;
  // the tarball's dependencies come packed from this project's node_modules, not the registry.
  const manifest = JSON.parse(manifestBefore) as { dependencies: Record<string, string> };
  const cache = join(dir, ".npm-cache");
  installOutput = await installTarballs(ROOT, dir, [`./${name}`], Object.keys(manifest.dependencies), {
    scripts: true,
    env: { ...process.env, npm_config_cache: cache },
  });
  await rm(cache, { recursive: true, force: true });
  await writeFile(
    join(dir, "consumer.ts"),
    consumerLines('import { createIntercom, IntercomApiError, type components } from "intercom-fetch";').join(
      "\n",
    ),
  );
  await writeFile(
    join(dir, "consumer-cjs.cts"),
    consumerLines('import { createIntercom, IntercomApiError, type components } from "intercom-fetch";').join(
      "\n",
    ),
  );
  await writeFile(
    join(dir, "tsconfig.nodenext.json"),
    JSON.stringify({
      compilerOptions: { ...strict, module: "NodeNext", moduleResolution: "NodeNext" },
      files: ["consumer.ts", "consumer-cjs.cts"],
    }),
  );
  await writeFile(
    join(dir, "tsconfig.bundler.json"),
    JSON.stringify({
      compilerOptions: { ...strict, module: "ESNext", moduleResolution: "Bundler" },
      files: ["consumer.ts"],
    }),
  );
  await writeFile(
    join(dir, "run.mjs"),
    [
      'import { createIntercom, unwrap, IntercomApiError } from "intercom-fetch";',
      'import { createRedisRateLimitStore } from "intercom-fetch/redis";',
      `import { createIntercom as createLatest } from "intercom-fetch/${latest}";`,
      'import { createFakeIntercom } from "intercom-fetch/testing";',
      ...runLines,
    ].join("\n"),
  );
  // One program that loads both builds (what a dual-package hazard looks like): an error made by
  // the CommonJS copy, checked with the ESM copy's isIntercomError, and the reverse.
  await writeFile(
    join(dir, "mixed.mjs"),
    [
      'import { createRequire } from "node:module";',
      'import * as esm from "intercom-fetch";',
      'const cjs = createRequire(import.meta.url)("intercom-fetch");',
      'const made = (build) => { try { build.createIntercom({ token: "" }); } catch (e) { return e; } };',
      "const fromCjs = made(cjs);",
      "const fromEsm = made(esm);",
      "console.log(JSON.stringify({",
      "  twoCopies: esm.IntercomError !== cjs.IntercomError,",
      "  instanceofAcross: fromCjs instanceof esm.IntercomError,",
      "  esmSeesCjs: esm.isIntercomError(fromCjs),",
      "  cjsSeesEsm: cjs.isIntercomError(fromEsm),",
      '  plainError: esm.isIntercomError(new Error("x")),',
      "}));",
    ].join("\n"),
  );
  await writeFile(
    join(dir, "run.cjs"),
    [
      'const { createIntercom, unwrap, IntercomApiError } = require("intercom-fetch");',
      'const { createRedisRateLimitStore } = require("intercom-fetch/redis");',
      `const { createIntercom: createLatest } = require("intercom-fetch/${latest}");`,
      'const { createFakeIntercom } = require("intercom-fetch/testing");',
      'console.error(require.resolve("intercom-fetch"));',
      "(async () => {",
      ...runLines,
      "})().catch((e) => { console.error(e); process.exit(1); });",
    ].join("\n"),
  );
  // Sized for a loaded 2-core machine: two tsc builds, a dozen packs and an install.
}, 600_000);
afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (checkout) await rm(checkout, { recursive: true, force: true });
});

interface Figures {
  files: number;
  unpackedKB: number;
  packedKB: number;
  readmeKB: number;
  declarationFiles: number;
  declarationsKB: number;
  schemaKB: number;
  javascriptKB: number;
}

/** The tarball's figures, in npm's kB (1,000 bytes, one decimal), from its own entries. */
async function measure(file: string): Promise<Figures> {
  const unpacked = join(dir, "unpacked");
  await mkdir(unpacked, { recursive: true });
  await run("tar", ["-xzf", file, "-C", unpacked]);
  const { stdout } = await run("find", [".", "-type", "f", "-printf", "%s %P\\n"], { cwd: unpacked });
  const entries = stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [size = "", ...path] = line.split(" ");
      return { size: Number(size), path: path.join(" ") };
    });
  const kB = (bytes: number) => Math.round(bytes / 100) / 10;
  const sum = (filter: (path: string) => boolean) =>
    entries.filter((e) => filter(e.path)).reduce((total, e) => total + e.size, 0);
  const declarations = (path: string) => path.endsWith(".d.ts");
  return {
    files: entries.length,
    unpackedKB: kB(sum(() => true)),
    packedKB: kB((await stat(file)).size),
    readmeKB: kB(sum((path) => path === "package/README.md")),
    declarationFiles: entries.filter((e) => declarations(e.path)).length,
    declarationsKB: kB(sum(declarations)),
    schemaKB: kB(sum((path) => /^package\/dist\/cjs\/generated\/(\d+\.\d+\/)?schema\.d\.ts$/.test(path))),
    javascriptKB: kB(sum((path) => path.endsWith(".js"))),
  };
}

/** The figures docs/package.md states, in the sentence the figures test reads. */
function documented(markdown: string): Figures {
  const text = markdown.replace(/\s+/g, " ");
  const main =
    /\*\*(\d+) files, ([\d.]+) kB unpacked \(([\d.]+) kB of it this README\), ([\d.]+) kB packed\*\*/.exec(
      text,
    );
  const parts =
    /declarations ([\d.]+) kB in (\d+) `\.d\.ts` files \(the schemas ([\d.]+) kB of it\), JavaScript ([\d.]+) kB/.exec(
      text,
    );
  if (!main || !parts)
    throw new Error("docs/package.md no longer states the tarball's figures in the sentence this test reads");
  return {
    files: Number(main[1]),
    unpackedKB: Number(main[2]),
    readmeKB: Number(main[3]),
    packedKB: Number(main[4]),
    declarationsKB: Number(parts[1]),
    declarationFiles: Number(parts[2]),
    schemaKB: Number(parts[3]),
    javascriptKB: Number(parts[4]),
  };
}

describe("npm pack, as the README says", () => {
  it("builds first: the tarball carries dist/", () => {
    expect(packOutput).toMatch(/dist\/esm\/src\/index\.js/);
    expect(packOutput).toMatch(/dist\/cjs\/src\/index\.js/);
  });

  it("ships no scripts (nothing runs on a user's install) and leaves the checkout's package.json as it was", async () => {
    const installed = JSON.parse(
      await readFile(join(dir, "node_modules", "intercom-fetch", "package.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(installed.scripts).toBeUndefined();
    expect(await readFile(join(checkout, "package.json"), "utf8")).toBe(manifestBefore);
    expect(await stat(join(checkout, "package.json.prepack")).catch(() => "absent")).toBe("absent");
    // npm 11 lists the packages whose install scripts it has not been told to allow: none here.
    expect(installOutput).not.toContain("install-scripts");
  });

  it("has the figures docs/package.md states (within 2 files and 3%)", async () => {
    const measured = await measure(tarball);
    console.log(`[package] ${JSON.stringify(measured)}`);
    const stated = documented(await readFile(join(ROOT, "docs", "package.md"), "utf8"));
    for (const key of Object.keys(measured) as (keyof Figures)[]) {
      const tolerance = key === "files" || key === "declarationFiles" ? 2 : measured[key] * 0.03;
      expect(
        Math.abs(stated[key] - measured[key]),
        `${key}: docs say ${stated[key]}, measured ${measured[key]}`,
      ).toBeLessThanOrEqual(tolerance);
    }
  });
});

describe("the packed package", () => {
  it("carries ESM, CommonJS and their declarations, each version's schema types once, and no sources", async () => {
    const manifest = JSON.parse(
      await readFile(join(dir, "node_modules", "intercom-fetch", "package.json"), "utf8"),
    );
    expect(manifest.version).toBe(SDK_VERSION);
    expect(manifest.sideEffects).toBe(false);
    const { stdout } = await run("find", ["node_modules/intercom-fetch", "-type", "f"], { cwd: dir });
    const files = stdout.split("\n").filter(Boolean);
    for (const format of ["esm", "cjs"]) {
      expect(files).toContain(`node_modules/intercom-fetch/dist/${format}/src/index.js`);
      expect(files).toContain(`node_modules/intercom-fetch/dist/${format}/src/index.d.ts`);
      expect(files).toContain(`node_modules/intercom-fetch/dist/${format}/generated/metadata.js`);
      for (const version of versionEntries) {
        expect(files).toContain(`node_modules/intercom-fetch/dist/${format}/generated/${version}/entry.js`);
        expect(files).toContain(`node_modules/intercom-fetch/dist/${format}/generated/${version}/entry.d.ts`);
      }
    }
    expect(files).toContain("node_modules/intercom-fetch/dist/cjs/package.json");
    const schemaCopies = files.filter((f) => f.endsWith("schema.d.ts"));
    const sizes = await Promise.all(schemaCopies.map(async (f) => (await readFile(join(dir, f))).length));
    expect(sizes.filter((size) => size > 100_000)).toHaveLength(1 + versionEntries.length);
    const sourcesOrMaps = files.filter(
      (f) => /\.(ya?ml|map|tgz)$/.test(f) || (f.endsWith(".ts") && !f.endsWith(".d.ts")),
    );
    expect(sourcesOrMaps).toEqual([]);
  });

  it("arethetypeswrong finds no problem for node10, node16 (CJS and ESM) and bundler", async () => {
    const { code, output } = await outcome(
      process.execPath,
      [attw, tarball, "--format", "table-flipped"],
      dir,
    );
    expect(output).toContain("No problems found");
    expect(code).toBe(0);
  }, 120_000);

  it("publint reports no errors or warnings", async () => {
    const bytes = await readFile(tarball);
    const { messages } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: "warning",
    });
    expect(messages).toEqual([]);
  });

  /** What run.mjs and run.cjs print (see runLines). */
  const runOutput = { id: "991", contacts: 12, error: "function", store: "function", kit: "7" };
  /** Runs a consumer script with plain Node against the shared fake. */
  const runConsumer = (args: string[]) =>
    run(process.execPath, args, { cwd: dir, env: { ...process.env, FAKE_URL: fake.url } });

  it("runs from plain Node with import", async () => {
    const { stdout } = await runConsumer(["run.mjs"]);
    expect(JSON.parse(stdout)).toEqual(runOutput);
  });

  it("runs from plain Node with require, the CommonJS build, without require(esm)", async () => {
    // Node 20.19+ can require() ES modules; switching that off proves the CommonJS build is CommonJS
    // all the way down (openapi-fetch included).
    // Passed unconditionally (Node 20 and 26 both have it): a Node without it fails here loudly
    // instead of quietly proving less.
    const { stdout, stderr } = await runConsumer(["--no-experimental-require-module", "run.cjs"]);
    expect(stderr.trim()).toMatch(/intercom-fetch[/\\]dist[/\\]cjs[/\\]src[/\\]index\.js$/);
    expect(JSON.parse(stdout)).toEqual(runOutput);
  });

  it("isIntercomError recognises an error from the other build (ESM and CommonJS in one program)", async () => {
    const { stdout } = await run(process.execPath, ["--no-experimental-require-module", "mixed.mjs"], {
      cwd: dir,
    });
    expect(JSON.parse(stdout)).toEqual({
      twoCopies: true,
      instanceofAcross: false,
      esmSeesCjs: true,
      cjsSeesEsm: true,
      plainError: false,
    });
  });

  it.each(["nodenext", "bundler"])(
    "type-checks strict consumers with skipLibCheck off under moduleResolution %s",
    async (resolution) => {
      const { code, output } = await outcome(
        process.execPath,
        [tsc, "-p", `tsconfig.${resolution}.json`],
        dir,
      );
      expect(output).toBe("");
      expect(code).toBe(0);
    },
    120_000,
  );
});
