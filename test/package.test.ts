// The path a user takes: `npm pack` the built package, install the tarball into a fresh project,
// import it from plain Node, type-check a TypeScript consumer, and call a local fake Intercom.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SDK_VERSION } from "../src/defaults.js";
import { startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { installLists } from "./support/lists.js";
import { ROOT } from "./support/spec.js";

const run = promisify(execFile);
let dir: string;
let fake: FakeIntercom;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "intercom-fetch-consumer-"));
  fake = await startFakeIntercom();
  fake.on("GET", "/me", () => ({ json: { type: "admin", id: "991", email: "ops@example.com" } }));
  installLists(fake, { count: 12 });
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], {
    cwd: ROOT,
  });
  const tarball = join(dir, stdout.trim().split("\n").pop() ?? "");
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  await run("npm", ["install", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", tarball], {
    cwd: dir,
  });
}, 120_000);
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("carries the built code and types, not the spec or the sources", async () => {
    const manifest = JSON.parse(
      await readFile(join(dir, "node_modules", "intercom-fetch", "package.json"), "utf8"),
    );
    expect(manifest.version).toBe(SDK_VERSION);
    const { stdout } = await run("find", ["node_modules/intercom-fetch", "-type", "f"], { cwd: dir });
    const files = stdout.split("\n").filter(Boolean);
    expect(files).toContain("node_modules/intercom-fetch/dist/generated/schema.d.ts");
    expect(files).toContain("node_modules/intercom-fetch/dist/src/index.js");
    expect(files.some((f) => f.endsWith(".yaml") || f.includes("/src/client.ts"))).toBe(false);
  });

  it("runs from plain Node ESM", async () => {
    const script = [
      'import { createIntercom, unwrap } from "intercom-fetch";',
      `const intercom = createIntercom({ token: "t", baseUrl: ${JSON.stringify(fake.url)} });`,
      'const me = unwrap(await intercom.GET("/me"));',
      "let n = 0;",
      'for await (const contact of intercom.paginate("/contacts")) n++;',
      "console.log(JSON.stringify({ id: me.id, contacts: n }));",
    ].join("\n");
    await writeFile(join(dir, "run.mjs"), script);
    const { stdout } = await run(process.execPath, ["run.mjs"], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ id: "991", contacts: 12 });
  });

  it("type-checks a strict TypeScript consumer with skipLibCheck off", async () => {
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2023", "DOM"],
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          types: [],
          noEmit: true,
        },
        files: ["consumer.ts"],
      }),
    );
    await writeFile(
      join(dir, "consumer.ts"),
      [
        'import { createIntercom, type components } from "intercom-fetch";',
        'const intercom = createIntercom({ token: "t", region: "au" });',
        'export const contact: Promise<components["schemas"]["contact"] | undefined> = intercom',
        '  .GET("/contacts/{id}", { params: { path: { id: "1" } } })',
        "  .then((r) => r.data);",
        "// @ts-expect-error unknown path",
        'void intercom.GET("/nope");',
      ].join("\n"),
    );
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir }).catch(
      (e: { stdout: string }) => e,
    );
    expect(result.stdout).toBe("");
  }, 60_000);
});
