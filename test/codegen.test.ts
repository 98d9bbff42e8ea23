import { execFile } from "node:child_process";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { apiVersion, operations as generatedOperations } from "../generated/metadata.js";
import { generate, namedTypeOf } from "../scripts/generate.js";
import { FixError } from "../scripts/lib/fixes.js";
import { prepareVersionTree } from "../scripts/lib/version-tree.js";
import { readManifest, resolveSpec, sha256, SpecError } from "../scripts/lib/spec-source.js";
import { listOperations, loadRawSpec, ROOT } from "./support/spec.js";
import { useScratch } from "./support/scratch.js";

const SHARED = join(ROOT, "..", "shared", "openapi");
const scratchDir = useScratch("codegen");
const scratchRoot = scratchDir.root;

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of await readdir(dir)) files[name] = await readFile(join(dir, name), "utf8");
  return files;
}

describe("generation", () => {
  it("is deterministic and generated/ is up to date with the lock", async () => {
    const a = scratchDir.at("a");
    const b = scratchDir.at("b");
    await generate({ outDir: a });
    await generate({ outDir: b });
    expect(await snapshot(a)).toEqual(await snapshot(b));
    expect(Object.keys(await snapshot(a)).sort()).toEqual([
      "client.ts",
      "entry.ts",
      "metadata.ts",
      "named-types.ts",
      "schema.d.ts",
    ]);
    const check = await generate({ check: true });
    expect(check.stale).toEqual([]);
  });

  it("--check reports stale output", async () => {
    const out = scratchDir.at("stale");
    await generate({ outDir: out });
    await writeFile(join(out, "metadata.ts"), "// edited by hand\n");
    expect((await generate({ outDir: out, check: true })).stale).toEqual(["metadata.ts"]);
  });

  it("refuses a tampered spec and leaves the output untouched", async () => {
    const out = scratchDir.at("tampered-out");
    await mkdir(out, { recursive: true });
    await writeFile(join(out, "schema.d.ts"), "previous output\n");
    const spec = scratchDir.at("tampered.yaml");
    const original = await readFile(join(SHARED, "2.10", "api.intercom.io.yaml"), "utf8");
    await writeFile(spec, original.replace("List all admins", "List all admins!"));
    await expect(generate({ specPath: spec, outDir: out })).rejects.toThrow(
      /Refusing .*tampered\.yaml: its sha256 is [0-9a-f]{64}, but openapi\/2\.10\/manifest\.json pins a2fae4d6/,
    );
    expect(await snapshot(out)).toEqual({ "schema.d.ts": "previous output\n" });
  });

  it("reports every fix that cannot be located, by file and id, and writes nothing", async () => {
    const root = await scratchRoot("unlocated-fix");
    await writeFile(
      join(root, "openapi", "fixes", "99-unlocated.yaml"),
      [
        "fixes:",
        "  - id: ok/listContacts",
        "    description: located",
        "    operation: ListContacts",
        "    evidence: test",
        "    actions: [{ target: '', update: { x-ok: true } }]",
        "  - id: gone/operation",
        "    description: an operation that a later spec renamed",
        "    operation: listContactNotesRenamed",
        "    evidence: test",
        "    actions: [{ target: '', update: { x-stale: true } }]",
        "  - id: gone/target",
        "    description: a target inside a schema that is not there",
        "    schema: contact",
        "    evidence: test",
        "    actions: [{ target: .properties.no_such_property, update: { nullable: true } }]",
      ].join("\n"),
    );
    const out = scratchDir.at("unlocated-fix-out");
    const error = await generate({ root, sharedDir: SHARED, outDir: out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FixError);
    const message = (error as Error).message;
    expect(message).toContain("2 fix(es) cannot be located");
    expect(message).toContain("99-unlocated.yaml gone/operation: no operation listContactNotesRenamed");
    expect(message).toContain(
      "99-unlocated.yaml gone/target: schema contact: .properties.no_such_property matched nothing",
    );
    expect(message).not.toContain("ok/listContacts");
    await expect(readdir(out)).rejects.toThrow();
  });

  it("the CLI exits non-zero on a fix that 2.11 cannot locate, and leaves generated/ as it was", async () => {
    // A scratch copy of the project, so that the real command runs on its own generated/.
    const { project } = await prepareVersionTree({ version: "2.11", dir: scratchDir.at("bump-cli") });
    const before = await snapshot(join(project, "generated"));
    await writeFile(
      join(project, "openapi", "fixes", "zz-unlocated.yaml"),
      [
        "fixes:",
        "  - id: gone/tag-parameter",
        "    description: a 2.10 parameter name (2.11 renamed both path ids of this path)",
        "    operation: detachTagFromContact",
        "    parameter: id",
        "    evidence: test",
        "    actions: [{ target: .schema, update: { x-stale: true } }]",
      ].join("\n"),
    );
    const failed = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/generate.ts", "--version", "2.11"],
      { cwd: project },
    ).catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 1 });
    const { stderr } = failed as { stderr: string };
    expect(stderr).toContain("FixError: 1 fix(es) cannot be located");
    expect(stderr).toContain(
      "zz-unlocated.yaml gone/tag-parameter: DELETE /contacts/{contact_id}/tags/{tag_id} has no parameter id",
    );
    expect(await snapshot(join(project, "generated"))).toEqual(before);
    expect(before["metadata.ts"]).toContain('apiVersion = "2.11"');
  }, 120_000);

  it("fails when the committed lock does not match, until --update-lock", async () => {
    const root = await scratchRoot("lock");
    const lockFile = join(root, "openapi", "2.10.lock.json");
    const lock = JSON.parse(await readFile(lockFile, "utf8")) as { operations: unknown[] };
    lock.operations.pop();
    await writeFile(lockFile, JSON.stringify(lock));
    const out = scratchDir.at("lock-out");
    await expect(generate({ root, sharedDir: SHARED, outDir: out })).rejects.toThrow(
      /does not match.*--update-lock/s,
    );
    await generate({ root, sharedDir: SHARED, outDir: out, updateLock: true });
    expect(await readFile(lockFile, "utf8")).toBe(
      await readFile(join(ROOT, "openapi", "2.10.lock.json"), "utf8"),
    );
  });

  it("regenerates for the next spec version (2.11) with the same fixes and its own lock", async () => {
    const out = scratchDir.at("v211");
    const result = await generate({ version: "2.11", outDir: out });
    const raw = await loadRawSpec("2.11");
    expect(result.operations).toHaveLength(listOperations(raw).length);
    expect(await readFile(join(out, "metadata.ts"), "utf8")).toContain('export const apiVersion = "2.11"');
  });

  it("the published 2.10 spec does not validate without the first fix", async () => {
    const root = await scratchRoot("no-fixes");
    await rm(join(root, "openapi", "fixes", "01-custom-attributes.yaml"));
    await expect(generate({ root, sharedDir: SHARED, outDir: scratchDir.at("none") })).rejects.toThrow(
      /not a valid OpenAPI 3\.0 document[\s\S]*custom_attributes/,
    );
  });
});

describe("spec resolution", () => {
  it("prefers an explicit path, then ../shared, then the cache, then the pinned URL", async () => {
    const manifest = await readManifest(ROOT, "2.10");
    const bytes = await readFile(join(SHARED, "2.10", "api.intercom.io.yaml"));
    const cacheDir = scratchDir.at("cache");
    const nowhere = scratchDir.at("no-shared");
    const downloads: string[] = [];
    const download = async (url: string) => {
      downloads.push(url);
      return bytes;
    };

    const explicit = scratchDir.at("explicit.yaml");
    await writeFile(explicit, bytes);
    expect(
      (await resolveSpec({ root: ROOT, manifest, explicitPath: explicit, cacheDir, download })).origin,
    ).toBe("explicit");
    expect((await resolveSpec({ root: ROOT, manifest, cacheDir, download })).origin).toBe("shared");

    const first = await resolveSpec({ root: ROOT, manifest, sharedDir: nowhere, cacheDir, download });
    expect(first.origin).toBe("download");
    expect(downloads).toEqual([manifest.url]);
    expect(sha256(await readFile(join(cacheDir, `${manifest.sha256}.yaml`)))).toBe(manifest.sha256);

    const second = await resolveSpec({ root: ROOT, manifest, sharedDir: nowhere, cacheDir, download });
    expect(second.origin).toBe("cache");
    expect(downloads).toHaveLength(1);
  });

  it("rejects a download with the wrong bytes and does not cache it", async () => {
    const manifest = await readManifest(ROOT, "2.10");
    const cacheDir = scratchDir.at("bad-cache");
    const attempt = resolveSpec({
      root: ROOT,
      manifest,
      sharedDir: scratchDir.at("no-shared"),
      cacheDir,
      download: async () => Buffer.from("openapi: 3.0.1\n"),
    });
    await expect(attempt).rejects.toThrow(SpecError);
    await expect(readdir(cacheDir)).rejects.toThrow();
  });
});

// Calling every operation through the facade and the raw client: test/conformance.test.ts (Prism).
describe("inventory", () => {
  it(`has every operation of the ${apiVersion} spec (${generatedOperations.length}, counted from the YAML)`, async () => {
    const fromYaml = listOperations(await loadRawSpec(apiVersion));
    expect(fromYaml).toHaveLength(generatedOperations.length);
    const generated = new Set(generatedOperations.map((o) => `${o.method} ${o.path} ${o.operationId}`));
    for (const { method, path, operation } of fromYaml) {
      expect(generated).toContain(`${method} ${path} ${String(operation.operationId)}`);
    }
  });
});

describe("named types", () => {
  it("names every schema of the overlaid spec once, in PascalCase, with `error` as ErrorList", async () => {
    expect(namedTypeOf("contact")).toBe("Contact");
    expect(namedTypeOf("data_event")).toBe("DataEvent");
    expect(namedTypeOf("conversation_list_item")).toBe("ConversationListItem");
    expect(namedTypeOf("error")).toBe("ErrorList");
    const text = await readFile(join(ROOT, "generated", "named-types.ts"), "utf8");
    const names = [
      ...text.matchAll(/^export type (\w+) =\s*(NonNullable<\s*)?components\["schemas"\]\["(\w+)"\]/gm),
    ];
    const { loadOverlaidSpec } = await import("./support/spec.js");
    const schemas = Object.keys((await loadOverlaidSpec(apiVersion)).components.schemas).sort();
    expect(names.map(([, , , schema]) => schema).sort()).toEqual(schemas);
    expect(new Set(names.map(([, name]) => name)).size).toBe(schemas.length);
    // A nullable schema is named without null (activity_log_metadata is `nullable: true` in the
    // spec; ticket no longer is, after openapi/fixes/14-non-null-responses.yaml).
    expect(text).toContain(
      'export type ActivityLogMetadata = NonNullable<components["schemas"]["activity_log_metadata"]>;',
    );
    expect(text).toContain('export type Ticket = components["schemas"]["ticket"];');
    expect(text).toContain('export type Contact = components["schemas"]["contact"];');
  });
});
