// `npm run bump`: one run reports every layer at once (fix statuses, validation, Ajv, pagination
// metadata, decisions), pins the description, and writes a lock only when adopting a clean one.
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bump } from "../scripts/bump.js";
import { sha256 } from "../scripts/lib/spec-source.js";
import { ROOT } from "./support/spec.js";
import { useScratch } from "./support/scratch.js";

const SHARED = join(ROOT, "..", "shared", "openapi");
const scratchDir = useScratch("bump");
const scratchRoot = scratchDir.root;

describe("npm run bump", () => {
  it("2.10 → 2.14: every layer in one report, undone fixes kept, decisions flagged, nothing adopted", async () => {
    // 2.14 as it was before its adoption: without the fixes and decisions it needed.
    const root = await scratchRoot("to-2.14");
    await rm(join(root, "openapi", "fixes", "14-nullable-siblings.yaml"));
    await rm(join(root, "openapi", "2.14"), { recursive: true, force: true });
    await rm(join(root, "openapi", "2.14.lock.json"), { force: true });
    const decisionsFile = join(root, "openapi", "decisions.json");
    const decisions = JSON.parse(await readFile(decisionsFile, "utf8")) as Record<
      string,
      Record<string, unknown>
    >;
    for (const id of ["listContentImportSources", "listExternalPages", "listCalls"])
      delete decisions["pagination"]![id];
    delete decisions["readOnlyPosts"]!["listCallsWithTranscripts"];
    for (const id of ["listInternalArticles", "searchInternalArticles"])
      delete decisions["notPaginated"]![id];
    await writeFile(decisionsFile, JSON.stringify(decisions));
    const out = scratchDir.at("gen-2.14");
    const result = await bump({ version: "2.14", root, sharedDir: SHARED, outDir: out, adopt: true });
    expect(result.ok).toBe(false);
    const layers = new Set(result.errors.map((e) => e.layer));
    expect([...layers].sort()).toEqual(["ajv", "metadata"]);
    expect(result.errors).toContainEqual({
      layer: "ajv",
      message: 'schema conversation: "nullable" cannot be used without "type"',
    });
    // 2.14 moved what two fixes patch: one is found where it moved (a variant), the other is now
    // said by the spec itself.
    const status = (id: string) => result.fixes.find((o) => o.id === id);
    expect(status("evidence/create_message_request.to.type.enum")).toMatchObject({
      status: "applied",
      located: "schema recipient",
    });
    expect(status("request-bodies/update_data_attribute_request.options.items")).toMatchObject({
      status: "fixed-upstream",
    });
    expect(result.errors).toContainEqual({
      layer: "metadata",
      message: expect.stringContaining(
        "listInternalArticles (GET /internal_articles) returns pages",
      ) as string,
    });
    // The path id types that 2.11 fixed and 2.14 undid: kept, and reported as undone.
    expect(result.undone).toContainEqual({ id: "live-api/retrieveAdmin.id.schema", fixedIn: ["2.11"] });
    expect(result.undone).toContainEqual({ id: "pagination-requests/listArticles+page", fixedIn: ["2.11"] });
    expect(result.markdown).toMatch(
      /\| live-api\/retrieveAdmin\.id\.schema \| retrieveAdmin parameter id \| .* \| \*\*undone upstream\*\* \(fixed in 2\.11\): kept \| GET \/admins\/\{admin_id\} parameter admin_id \|/,
    );
    // New operations that need a decision: the read-only POST search, the new lists.
    expect(result.decisionsNeeded).toContainEqual(
      expect.objectContaining({ kind: "retry", operationId: "listCallsWithTranscripts" }),
    );
    expect(result.decisionsNeeded).toContainEqual(
      expect.objectContaining({ kind: "pagination", operationId: "listCalls" }),
    );
    // Pinned and hashed; regenerated into the scratch folder; no lock, since it is not clean.
    const manifest = JSON.parse(await readFile(join(root, "openapi", "2.14", "manifest.json"), "utf8")) as {
      sha256: string;
      url: string;
    };
    expect(manifest.sha256).toBe(sha256(await readFile(join(SHARED, "2.14", "api.intercom.io.yaml"))));
    expect(manifest.url).toMatch(
      /^https:\/\/raw\.githubusercontent\.com\/intercom\/Intercom-OpenAPI\/[0-9a-f]{40}\/descriptions\/2\.14\//,
    );
    expect((await readdir(out)).sort()).toEqual([
      "changes-2.10-2.14.md",
      "client.ts",
      "entry.ts",
      "metadata.ts",
      "named-types.ts",
      "schema.d.ts",
    ]);
    expect(await readFile(join(out, "metadata.ts"), "utf8")).toContain('apiVersion = "2.14"');
    await expect(readFile(join(root, "openapi", "2.14.lock.json"))).rejects.toThrow();
  }, 120_000);

  it("2.10 → 2.11: writes the change report, and rewrites the moved paths in test/ and examples/ with --rewrite", async () => {
    const root = await scratchRoot("rewrite");
    await mkdir(join(root, "test"), { recursive: true });
    const sample = [
      'await intercom.GET("/contacts/{id}", { params: { path: { id } } });',
      "await intercom.GET('/contacts/{id}/notes?page=2');",
      'await intercom.GET("/contacts", {}); // unchanged',
      'const other = "/contacts/{id}s"; // not a path of ours',
    ].join("\n");
    await writeFile(join(root, "test", "sample.ts"), sample);
    const out = scratchDir.at("gen-2.11");
    const dry = await bump({ version: "2.11", root, sharedDir: SHARED, outDir: out });
    expect(dry.renamedPaths["/contacts/{id}"]).toBe("/contacts/{contact_id}");
    expect(dry.rewritten).toEqual(["test/sample.ts"]);
    expect(await readFile(join(root, "test", "sample.ts"), "utf8")).toBe(sample);
    expect(dry.changeReport).toBe(join(out, "changes-2.10-2.11.md"));
    expect(await readFile(dry.changeReport!, "utf8")).toContain("# Spec change report: 2.10 → 2.11");
    await bump({ version: "2.11", root, sharedDir: SHARED, outDir: out, rewrite: true });
    expect((await readFile(join(root, "test", "sample.ts"), "utf8")).split("\n")).toEqual([
      'await intercom.GET("/contacts/{contact_id}", { params: { path: { id } } });',
      "await intercom.GET('/contacts/{contact_id}/notes?page=2');",
      'await intercom.GET("/contacts", {}); // unchanged',
      'const other = "/contacts/{id}s"; // not a path of ours',
    ]);
  }, 120_000);

  it("reports a walk-style change and a list without a decision, and adopts only a clean description", async () => {
    const root = await scratchRoot("walks");
    // 2.10 as a "preview" that no longer declares listConversations' cursor parameter.
    const spec = parse(await readFile(join(SHARED, "2.10", "api.intercom.io.yaml"), "utf8")) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    const list = spec.paths["/conversations"]!.get;
    list.parameters = list.parameters.filter((p) => p.name !== "starting_after");
    const preview = scratchDir.at("preview.json");
    await writeFile(preview, JSON.stringify(spec));
    const changed = await bump({ version: "2.98", root, sharedDir: SHARED, specPath: preview, adopt: true });
    expect(changed.errors.filter((e) => e.layer !== "ajv")).toEqual([
      expect.objectContaining({
        layer: "metadata",
        message: expect.stringContaining("listConversations") as string,
      }),
    ]);
    expect(changed.markdown).toContain("| listConversations | cursor conversations | none |");
    await expect(readFile(join(root, "openapi", "2.98.lock.json"))).rejects.toThrow();

    // The published 2.10 bytes under another version number: nothing to fix or decide, adopted.
    const clean = await bump({
      version: "2.99",
      root,
      sharedDir: SHARED,
      specPath: join(SHARED, "2.10", "api.intercom.io.yaml"),
      adopt: true,
    });
    expect(clean.errors).toEqual([]);
    expect(clean.decisionsNeeded).toEqual([]);
    expect(clean.ok).toBe(true);
    const lock = JSON.parse(await readFile(join(root, "openapi", "2.99.lock.json"), "utf8")) as {
      operations: unknown[];
    };
    const adopted = JSON.parse(await readFile(join(ROOT, "openapi", "2.10.lock.json"), "utf8")) as {
      operations: unknown[];
    };
    expect(lock.operations).toEqual(adopted.operations);
  }, 120_000);

  it.each(["2.14", "2.16"])(
    "%s with the committed fixes and decisions: nothing to fix or decide, and --adopt writes the committed lock",
    async (version) => {
      const root = await scratchRoot(`adopt-${version}`);
      await rm(join(root, "openapi", `${version}.lock.json`), { force: true });
      const result = await bump({
        version,
        root,
        sharedDir: SHARED,
        outDir: scratchDir.at(`adopt-gen-${version}`),
        adopt: true,
      });
      expect(result.errors).toEqual([]);
      expect(result.decisionsNeeded).toEqual([]);
      expect(result.fixes.filter((o) => o.status === "unlocated")).toEqual([]);
      expect(await readFile(join(root, "openapi", `${version}.lock.json`), "utf8")).toBe(
        await readFile(join(ROOT, "openapi", `${version}.lock.json`), "utf8"),
      );
      if (version === "2.16") {
        // A POST that pages through `page` in its JSON body: its own style, and retried like a GET.
        expect(result.operations.find((o) => o.operationId === "searchActivityLogs")).toMatchObject({
          method: "post",
          readOnly: true,
          pagination: { style: "body-page", items: ["activity_logs"] },
        });
      }
    },
    120_000,
  );
});
