// Every entry version (openapi/versions.json) is the package's API typed and wired for that version:
// `intercom-fetch/<version>` resolves (package.json exports, built), its client sends its
// Intercom-Version and refuses another, retries its own read-only POSTs as reads, walks its own
// paginated lists, and its types have the operations its spec has and the default's does not (and
// the default's types refuse them). Operations are picked from each version's metadata by
// operationId, never by a path written here, so the test follows a bump.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as defaultEntry from "../src/index.js";
import { startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { ROOT } from "./support/spec.js";

const run = promisify(execFile);
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const versions = JSON.parse(await readFile(join(ROOT, "openapi", "versions.json"), "utf8")) as {
  default: string;
  entries: string[];
};
type Entry = typeof defaultEntry;
const entries = await Promise.all(
  versions.entries.map(async (version) => ({
    version,
    entry: (await import(
      /* @vite-ignore */ pathToFileURL(join(ROOT, "generated", version, "entry.ts")).href
    )) as Entry,
  })),
);

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom();
  fake.on("GET", "/me", () => ({ json: { type: "admin", id: "1", email: "me@example.com" } }));
  // A contacts list by cursor (three per page, two pages), and a search that answers one page.
  fake.on("GET", "/contacts", (request) => {
    const after = request.query.get("starting_after");
    const ids = after ? ["4", "5", "6"] : ["1", "2", "3"];
    const next = after ? null : { starting_after: "c3" };
    return {
      json: {
        type: "list",
        data: ids.map((id) => ({ type: "contact", id })),
        pages: { type: "pages", next },
      },
    };
  });
  fake.on("POST", "/contacts/search", () => ({
    json: { type: "list", data: [], total_count: 0, pages: { type: "pages" } },
  }));
});
afterAll(() => fake.close());

describe("entry versions", () => {
  it("are listed, and package.json exports each one (ESM and CommonJS)", async () => {
    expect(versions.entries.length).toBeGreaterThan(0);
    const manifest = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    const exported = Object.keys(manifest.exports).filter((key) => /^\.\/\d+\.\d+$/.test(key));
    expect(exported.sort()).toEqual(versions.entries.map((v) => `./${v}`).sort());
    for (const version of versions.entries) {
      expect(manifest.exports[`./${version}`]).toEqual({
        import: {
          types: `./dist/esm/generated/${version}/entry.d.ts`,
          default: `./dist/esm/generated/${version}/entry.js`,
        },
        require: {
          types: `./dist/cjs/generated/${version}/entry.d.ts`,
          default: `./dist/cjs/generated/${version}/entry.js`,
        },
      });
    }
  });

  it("export every name the default entry exports, and share its runtime (one error class)", () => {
    for (const { entry } of entries) {
      expect(Object.keys(entry).sort()).toEqual(Object.keys(defaultEntry).sort());
      expect(entry.IntercomApiError).toBe(defaultEntry.IntercomApiError);
      expect(entry.unwrap).toBe(defaultEntry.unwrap);
    }
  });

  it.each(entries)("$version: sends its Intercom-Version and refuses another", async ({ version, entry }) => {
    expect(entry.apiVersion).toBe(version);
    const intercom = entry.createIntercom({ token: "t", baseUrl: fake.url, maxRetries: 0 });
    expect(intercom.version).toBe(version);
    fake.reset();
    await intercom.GET("/me");
    expect(fake.requests.at(-1)?.headers["intercom-version"]).toBe(version);
    expect(() => entry.createIntercom({ token: "t", version: versions.default as never })).toThrow(
      new RegExp(`generated for Intercom API ${version.replace(".", "\\.")}`),
    );
  });

  it.each(entries)("$version: walks a list by its own metadata", async ({ entry }) => {
    const intercom = entry.createIntercom({ token: "t", baseUrl: fake.url });
    // The contacts list, found by operationId in this version's metadata.
    const list = entry.operations.find((o) => o.operationId === "ListContacts");
    expect(list, "ListContacts in this version").toBeDefined();
    const path = list!.path as keyof typeof entry.paginatedOperations;
    const seen: unknown[] = [];
    for await (const contact of intercom.paginate(path as never, { maxItems: 5 } as never))
      seen.push(contact);
    expect(seen).toHaveLength(5);
  });

  it.each(entries)("$version: retries its read-only POSTs as reads", async ({ entry }) => {
    const search = entry.operations.find((o) => o.operationId === "SearchContacts");
    expect(search && "readOnly" in search && search.readOnly).toBe(true);
    const intercom = entry.createIntercom({ token: "t", baseUrl: fake.url, retry: { initialDelayMs: 1 } });
    fake.reset();
    fake.fault({ kind: "reply", status: 503, json: { type: "error.list", errors: [] } });
    const { response } = await intercom.POST(
      search!.path as never,
      {
        body: { query: { field: "email", operator: "=", value: "a@example.com" } },
      } as never,
    );
    expect(response.status).toBe(200);
    expect(fake.requests.filter((r) => r.path === search!.path)).toHaveLength(2);
  });
});

describe("entry versions: types", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(ROOT, "test", "types", ".versions-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** A consumer program that calls `operation` through `specifier`, type-checked strictly against
   * the built package (dist/, through package.json exports). */
  async function compile(specifier: string, method: string, path: string): Promise<string> {
    const file = join(dir, `${specifier.replace(/\W/g, "_")}.ts`);
    await writeFile(
      file,
      [
        `import { createIntercom, type IntercomClient } from "${specifier}";`,
        `const intercom: IntercomClient = createIntercom({ token: "t" });`,
        `export const call = () => intercom.${method.toUpperCase()}(${JSON.stringify(path)} as const, {} as never);`,
        "",
      ].join("\n"),
    );
    const args = [tsc, "--noEmit", "--strict", "--skipLibCheck", "false", "--module", "nodenext"];
    try {
      await run(process.execPath, [...args, "--target", "es2022", "--lib", "es2023,dom", file], {
        cwd: ROOT,
      });
      return "";
    } catch (error) {
      return (error as { stdout: string }).stdout;
    }
  }

  it.each(entries)(
    "$version: an operation only it has compiles through it, and not through the default entry",
    async ({ version, entry }) => {
      const known = new Set(defaultEntry.operations.map((o) => `${o.method} ${o.path}`));
      const added = entry.operations.find((o) => !known.has(`${o.method} ${o.path}`));
      expect(added, `an operation ${version} has and ${versions.default} does not`).toBeDefined();
      expect(await compile(`intercom-fetch/${version}`, added!.method, added!.path)).toBe("");
      expect(await compile("intercom-fetch", added!.method, added!.path)).toMatch(/error TS\d+/);
    },
    120_000,
  );
});
