// The path a user takes: `npm pack` the built package, check it with arethetypeswrong and publint,
// install the tarball into a fresh project, type-check TypeScript consumers under `nodenext` (ESM
// and CommonJS) and `bundler` resolution, and run it with `import` and with `require` against a
// local fake Intercom.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
let tarball: string;
let fake: FakeIntercom;

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
  skipLibCheck: false,
  types: [],
  noEmit: true,
};

const consumerLines = (importLine: string) => [
  importLine,
  'import { createRedisRateLimitStore, type RedisScriptClient } from "intercom-fetch/redis";',
  "declare const redis: RedisScriptClient;",
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
  `const intercom = createIntercom({ token: "t", baseUrl: process.env.FAKE_URL });`,
  'const me = unwrap(await intercom.GET("/me"));',
  "let n = 0;",
  'for await (const contact of intercom.paginate("/contacts")) n++;',
  "const store = createRedisRateLimitStore({ client: { eval: async () => 0, evalsha: async () => 0 } });",
  "console.log(JSON.stringify({ id: me.id, contacts: n, error: typeof IntercomApiError, store: typeof store.acquire }));",
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intercom-fetch-consumer-"));
  fake = await startFakeIntercom();
  fake.on("GET", "/me", () => ({ json: { type: "admin", id: "991", email: "ops@example.com" } }));
  installLists(fake, { count: 12 });
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], {
    cwd: ROOT,
  });
  tarball = join(dir, stdout.trim().split("\n").pop() ?? "");
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  // The tarball's dependencies come packed from this project's node_modules, not the npm cache.
  const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  await installTarballs(ROOT, dir, [tarball], Object.keys(manifest.dependencies));
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
      'console.error(require.resolve("intercom-fetch"));',
      "(async () => {",
      ...runLines,
      "})().catch((e) => { console.error(e); process.exit(1); });",
    ].join("\n"),
  );
}, 120_000);
afterAll(async () => {
  await fake?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("carries ESM, CommonJS and their declarations, the schema types once, and no sources", async () => {
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
    }
    expect(files).toContain("node_modules/intercom-fetch/dist/cjs/package.json");
    const schemaCopies = files.filter((f) => f.endsWith("schema.d.ts"));
    const sizes = await Promise.all(schemaCopies.map(async (f) => (await readFile(join(dir, f))).length));
    expect(sizes.filter((size) => size > 100_000)).toHaveLength(1);
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
  }, 60_000);

  it("publint reports no errors or warnings", async () => {
    const bytes = await readFile(tarball);
    const { messages } = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: "warning",
    });
    expect(messages).toEqual([]);
  });

  it("runs from plain Node with import", async () => {
    const { stdout } = await run(process.execPath, ["run.mjs"], {
      cwd: dir,
      env: { ...process.env, FAKE_URL: fake.url },
    });
    expect(JSON.parse(stdout)).toEqual({ id: "991", contacts: 12, error: "function", store: "function" });
  });

  it("runs from plain Node with require, the CommonJS build, without require(esm)", async () => {
    // Node 20.19+ can require() ES modules; switching that off proves the CommonJS build is CommonJS
    // all the way down (openapi-fetch included).
    // Passed unconditionally (Node 20 and 26 both have it): a Node without it fails here loudly
    // instead of quietly proving less.
    const { stdout, stderr } = await run(process.execPath, ["--no-experimental-require-module", "run.cjs"], {
      cwd: dir,
      env: { ...process.env, FAKE_URL: fake.url },
    });
    expect(stderr.trim()).toMatch(/intercom-fetch[/\\]dist[/\\]cjs[/\\]src[/\\]index\.js$/);
    expect(JSON.parse(stdout)).toEqual({ id: "991", contacts: 12, error: "function", store: "function" });
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
    60_000,
  );
});
