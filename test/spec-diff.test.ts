// The change report: small hand-made specs for each rule and verdict, the CLI, and 2.10 → 2.11.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { diffSpecs, type Change, type SpecDiff } from "../scripts/lib/spec-diff.js";
import { loadSpec } from "../scripts/spec-diff.js";
import { ROOT } from "./support/spec.js";

type Json = Record<string, unknown>;

function spec(paths: Json, schemas: Json = {}): Json {
  return { openapi: "3.0.1", info: { title: "t", version: "1" }, paths, components: { schemas } };
}
const ok = (schema: unknown) => ({
  "200": { description: "ok", content: { "application/json": { schema } } },
});
const body = (schema: unknown) => ({ content: { "application/json": { schema } } });
const param = (name: string, where: string, extra: Json = {}) => ({
  name,
  in: where,
  schema: { type: "string" },
  ...extra,
});
const object = (properties: Json, required: string[] = []) => ({ type: "object", properties, required });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The changes without the prose, for exact comparisons. */
const brief = (diff: SpecDiff) =>
  diff.changes.map(({ kind, verdicts, where, at }: Change) => ({ kind, verdicts, where, at }));

describe("operations", () => {
  it("a renamed path parameter is a rename, not a removal and an addition", () => {
    const before = spec({
      "/contacts/{id}": {
        get: {
          operationId: "ShowContact",
          parameters: [param("id", "path", { required: true })],
          responses: ok(object({})),
        },
      },
    });
    const after = spec({
      "/contacts/{contact_id}": {
        get: {
          operationId: "ShowContact",
          parameters: [param("contact_id", "path", { required: true })],
          responses: ok(object({})),
        },
      },
    });
    const diff = diffSpecs(before, after);
    expect(brief(diff)).toEqual([
      { kind: "path-renamed", verdicts: ["breaking-callers"], where: "GET /contacts/{contact_id}", at: "" },
    ]);
    expect(diff.changes[0]?.detail).toBe("path parameter {id} → {contact_id} (was /contacts/{id})");
    expect(diff.summary.renamedPaths).toBe(1);
  });

  it("a renamed operationId, a moved path with the same operationId, and a real addition and removal", () => {
    const before = spec({
      "/data_attributes": { get: { operationId: "lisDataAttributes", responses: ok(object({})) } },
      "/old/place": { get: { operationId: "moved", responses: ok(object({})) } },
      "/gone": { delete: { operationId: "gone", responses: ok(object({})) } },
    });
    const after = spec({
      "/data_attributes": { get: { operationId: "listDataAttributes", responses: ok(object({})) } },
      "/new/place": { get: { operationId: "moved", responses: ok(object({})) } },
      "/fresh": { post: { operationId: "fresh", responses: ok(object({})) } },
    });
    const diff = diffSpecs(before, after);
    expect(brief(diff)).toEqual([
      { kind: "operation-renamed", verdicts: ["breaking-callers"], where: "GET /data_attributes", at: "" },
      { kind: "path-renamed", verdicts: ["breaking-callers"], where: "GET /new/place", at: "" },
      { kind: "operation-removed", verdicts: ["breaking-callers"], where: "DELETE /gone", at: "" },
      { kind: "operation-added", verdicts: ["additive"], where: "POST /fresh", at: "" },
    ]);
    expect(diff.changes[0]?.detail).toBe("operationId lisDataAttributes → listDataAttributes");
    expect(diff.changes[1]?.detail).toBe("was /old/place");
  });

  it("prose-only edits (descriptions, summaries, examples) are not changes", () => {
    const make = (text: string) =>
      spec(
        { "/me": { get: { summary: text, description: text, responses: ok(ref("admin")) } } },
        {
          admin: {
            ...object({ id: { type: "string", description: text, example: text } }),
            description: text,
          },
        },
      );
    expect(diffSpecs(make("one"), make("two")).changes).toEqual([]);
  });
});

describe("parameters (request side)", () => {
  const op = (parameters: unknown[]) => spec({ "/list": { get: { parameters, responses: ok(object({})) } } });

  it("added, required-added, removed, renamed, became required, became optional", () => {
    const before = op([
      param("keep_optional", "query"),
      param("loosen", "query", { required: true }),
      param("tighten", "query"),
      param("dropped", "header", { schema: { type: "integer" } }),
      param("old_name", "query", { schema: { type: "boolean" } }),
    ]);
    const after = op([
      param("keep_optional", "query"),
      param("loosen", "query"),
      param("tighten", "query", { required: true }),
      param("new_name", "query", { schema: { type: "boolean" } }),
      param("per_page", "query", { schema: { type: "integer" } }),
      param("must", "header", { required: true }),
    ]);
    const byAt = Object.fromEntries(
      diffSpecs(before, after).changes.map((c) => [c.at, [c.kind, ...c.verdicts]]),
    );
    expect(byAt).toEqual({
      "query new_name": ["param-renamed", "breaking-callers"],
      "header dropped": ["param-removed", "breaking-callers"],
      "query per_page": ["param-added", "additive"],
      "header must": ["required-param-added", "breaking-callers"],
      "query loosen": ["param-optional", "additive"],
      "query tighten": ["param-required", "breaking-callers"],
    });
  });

  it("a parameter's enum: values added are additive, values removed break callers", () => {
    const before = op([param("state", "query", { schema: { type: "string", enum: ["open", "closed"] } })]);
    const after = op([param("state", "query", { schema: { type: "string", enum: ["open", "snoozed"] } })]);
    expect(diffSpecs(before, after).changes.map((c) => [c.kind, c.detail, ...c.verdicts])).toEqual([
      ["enum-values-added", "snoozed", "additive"],
      ["enum-values-removed", "closed", "breaking-callers"],
    ]);
  });
});

describe("schemas: the same change gets the verdict of the side it is on", () => {
  const shapes = {
    before: object(
      {
        a: { type: "string" },
        b: { type: "string" },
        c: { type: "string", enum: ["x"] },
        gone: { type: "string" },
        n: { type: "integer" },
      },
      ["b"],
    ),
    after: object(
      {
        a: { type: "string" },
        b: { type: "string" },
        c: { type: "string", enum: ["x", "y"] },
        fresh: { type: "string" },
        must: { type: "string" },
        n: { type: "string" },
      },
      ["a", "must"],
    ),
  };
  const expected = {
    request: {
      a: ["property-required", "breaking-callers"],
      b: ["property-optional", "additive"],
      c: ["enum-values-added", "additive"],
      gone: ["property-removed", "breaking-callers"],
      fresh: ["property-added", "additive"],
      must: ["required-property-added", "breaking-callers"],
      n: ["type-changed", "breaking-callers"],
    },
    response: {
      a: ["property-required", "additive"],
      b: ["property-optional", "breaking-readers"],
      c: ["enum-values-added", "breaking-readers"],
      gone: ["property-removed", "breaking-readers"],
      fresh: ["property-added", "additive"],
      must: ["required-property-added", "additive"],
      n: ["type-changed", "breaking-readers"],
    },
  };
  const byProperty = (diff: SpecDiff, prefix: string) =>
    Object.fromEntries(diff.changes.map((c) => [c.at.replace(prefix, ""), [c.kind, ...c.verdicts]]));

  it("inline in a request body", () => {
    const make = (s: unknown) =>
      spec({ "/x": { post: { requestBody: body(s), responses: ok(object({})) } } });
    const diff = diffSpecs(make(shapes.before), make(shapes.after));
    expect(byProperty(diff, "request body › ")).toEqual(expected.request);
  });

  it("inline in a response", () => {
    const make = (s: unknown) => spec({ "/x": { get: { responses: ok(s) } } });
    const diff = diffSpecs(make(shapes.before), make(shapes.after));
    expect(byProperty(diff, "200 › ")).toEqual(expected.response);
  });

  it("a component schema is reported once, with the verdicts of every side that uses it", () => {
    const make = (s: unknown) =>
      spec(
        {
          "/x": { post: { requestBody: body(ref("thing")), responses: ok(ref("thing")) } },
          "/y": { get: { responses: ok({ type: "array", items: ref("thing") }) } },
        },
        { thing: s },
      );
    const diff = diffSpecs(make(shapes.before), make(shapes.after));
    expect(diff.changes.every((c) => c.where === "schema thing")).toBe(true);
    expect(byProperty(diff, "")).toEqual({
      a: ["property-required", "breaking-callers"],
      b: ["property-optional", "breaking-readers"],
      c: ["enum-values-added", "breaking-readers"],
      gone: ["property-removed", "breaking-callers", "breaking-readers"],
      fresh: ["property-added", "additive"],
      must: ["required-property-added", "breaking-callers"],
      n: ["type-changed", "breaking-callers", "breaking-readers"],
    });
    expect(diff.summary.byVerdict).toEqual({ "breaking-callers": 4, "breaking-readers": 4, additive: 1 });
    expect(diff.usedBy).toEqual({ "schema thing": ["GET /y", "POST /x"] });
  });

  it("nested through $refs of another name, arrays and allOf; stops on cycles", () => {
    const before = spec(
      { "/x": { get: { responses: ok(ref("list_v1")) } } },
      {
        list_v1: object({ data: { type: "array", items: ref("node") } }),
        node: object({ id: { type: "string" }, child: ref("node") }, ["id"]),
      },
    );
    const after = spec(
      { "/x": { get: { responses: ok(ref("list_v2")) } } },
      {
        list_v2: {
          allOf: [
            object({ data: { type: "array", items: ref("node") } }),
            object({ total: { type: "integer" } }),
          ],
        },
        node: object({ id: { type: "string" }, child: ref("node") }),
      },
    );
    expect(brief(diffSpecs(before, after))).toEqual([
      { kind: "property-added", verdicts: ["additive"], where: "GET /x", at: "200 › total" },
      { kind: "schema-removed", verdicts: ["breaking-readers"], where: "schema list_v1", at: "" },
      { kind: "schema-added", verdicts: ["additive"], where: "schema list_v2", at: "" },
      { kind: "property-optional", verdicts: ["breaking-readers"], where: "schema node", at: "id" },
    ]);
  });

  it("nullability and oneOf variants", () => {
    const make = (s: unknown) =>
      spec({ "/x": { get: { responses: ok(s) } } }, { a: object({}), b: object({}), c: object({}) });
    const diff = diffSpecs(
      make({ oneOf: [ref("a"), ref("b")], nullable: false }),
      make({ oneOf: [ref("a"), ref("c")], nullable: true }),
    );
    expect(diff.changes.map((c) => [c.kind, c.detail, ...c.verdicts])).toEqual([
      ["nullable-added", "now nullable", "breaking-readers"],
      ["variants-added", "oneOf + c", "breaking-readers"],
      ["variants-removed", "oneOf − b", "additive"],
    ]);
  });
});

describe("renamed schemas, additionalProperties, oneOf by content", () => {
  it("a schema renamed with the same content is one rename, compared with its old self", () => {
    const use = (name: string) => spec({ "/x": { get: { responses: ok(ref(name)) } } });
    const before = { ...use("company_data") };
    (before["components"] as Json)["schemas"] = {
      company_data: object({ id: { type: "string" }, url: { type: "string", description: "old prose" } }),
    };
    const after = { ...use("contact_company") };
    (after["components"] as Json)["schemas"] = {
      contact_company: object({ id: { type: "string" }, url: { type: "string", description: "new prose" } }),
    };
    const diff = diffSpecs(before, after);
    expect(diff.changes.map((c) => [c.kind, c.where, c.detail, ...c.verdicts])).toEqual([
      ["schema-renamed", "schema contact_company", "was company_data", "breaking-readers"],
    ]);
    // Renamed and changed (4 of 5 property names kept): still a rename, with the change inside.
    (after["components"] as Json)["schemas"] = {
      contact_company: object({
        id: { type: "string" },
        url: { type: "string" },
        name: { type: "string" },
        type: { type: "string" },
      }),
      unrelated: object({ colour: { type: "string" } }),
    };
    (before["components"] as Json)["schemas"] = {
      company_data: object({
        id: { type: "string" },
        url: { type: "string" },
        name: { type: "string" },
        type: { type: "string" },
        domain: { type: "string" },
      }),
    };
    expect(diffSpecs(before, after).changes.map((c) => [c.kind, c.where, c.at])).toEqual([
      ["schema-renamed", "schema contact_company", ""],
      ["property-removed", "schema contact_company", "domain"],
      ["schema-added", "schema unrelated", ""],
    ]);
  });

  it("additionalProperties: narrowed, loosened, and its schema compared", () => {
    const make = (additionalProperties: unknown, side: "request" | "response") =>
      spec({
        "/x":
          side === "request"
            ? {
                post: {
                  requestBody: body({ type: "object", additionalProperties }),
                  responses: ok(object({})),
                },
              }
            : { get: { responses: ok({ type: "object", additionalProperties }) } },
      });
    const kinds = (a: unknown, b: unknown, side: "request" | "response") =>
      diffSpecs(make(a, side), make(b, side)).changes.map((c) => [c.kind, c.at, c.detail, ...c.verdicts]);
    expect(kinds(true, false, "request")).toEqual([
      [
        "additional-properties-narrowed",
        "request body",
        "any other keys → no other keys",
        "breaking-callers",
      ],
    ]);
    expect(kinds({ type: "string" }, true, "response")).toEqual([
      [
        "additional-properties-loosened",
        "200",
        "other keys of a schema → any other keys",
        "breaking-readers",
      ],
    ]);
    expect(kinds({ type: "string" }, { type: "integer" }, "response")).toEqual([
      ["type-changed", "200 › {key}", "string → integer", "breaking-readers"],
    ]);
    expect(kinds({ type: "string" }, { type: "string" }, "response")).toEqual([]);
  });

  it("oneOf branches are matched by content, not by position", () => {
    const a = { title: "By email", type: "object", properties: { email: { type: "string" } } };
    const b = { type: "object", properties: { id: { type: "string" } } };
    const c = { type: "object", properties: { user_id: { type: "string" }, role: { type: "string" } } };
    const make = (oneOf: unknown[]) => spec({ "/x": { get: { responses: ok({ oneOf }) } } });
    // Reordered: nothing changed.
    expect(diffSpecs(make([a, b, c]), make([c, a, b])).changes).toEqual([]);
    // A branch that gained a property is the same branch (by title, or by its property names).
    const c2 = { ...c, properties: { ...c.properties, email: { type: "string" } } };
    const a2 = { ...a, properties: { ...a.properties, phone: { type: "string" } } };
    expect(diffSpecs(make([a, b, c]), make([b, c2, a2])).changes.map((x) => [x.kind, x.at])).toEqual([
      ["property-added", '200 › oneOf "By email" › phone'],
      ["property-added", "200 › oneOf #2 › email"],
    ]);
  });
});

describe("the spec:diff command", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "intercom-fetch-spec-diff-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const run = promisify(execFile);
  const cli = (...args: string[]) =>
    run(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "spec-diff.ts"), ...args], { cwd: ROOT });

  it("compares two files (two revisions of one version): Markdown and --json", async () => {
    const a = join(dir, "a.yaml");
    const b = join(dir, "b.json");
    await writeFile(a, stringify(spec({ "/contacts/{id}": { get: { responses: ok(object({})) } } })));
    await writeFile(
      b,
      JSON.stringify(spec({ "/contacts/{contact_id}": { get: { responses: ok(object({})) } } })),
    );
    const markdown = (await cli(a, b)).stdout;
    expect(markdown).toContain("## Operations (1)");
    expect(markdown).toContain(
      "| GET /contacts/{contact_id} |  | path-renamed | path parameter {id} → {contact_id} (was /contacts/{id}) | breaking for callers |",
    );
    const json = JSON.parse((await cli(a, b, "--json")).stdout) as SpecDiff & { before: string };
    expect(json.before).toBe(`${a}, without fixes`);
    expect(json.summary).toMatchObject({ total: 1, renamedPaths: 1, byVerdict: { "breaking-callers": 1 } });
  }, 120_000);

  it("refuses an input that is neither a pinned version nor a file, with exit code 1", async () => {
    const failed = await cli("2.10", "9.99").catch((e: unknown) => e as { code: number; stderr: string });
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain("9.99 is neither a pinned version");
  }, 120_000);
});

describe("2.10 → 2.11 (overlaid, as the client is generated)", () => {
  let diff: SpecDiff;
  beforeAll(async () => {
    const [before, after] = await Promise.all([
      loadSpec({ source: "2.10", fixes: true }),
      loadSpec({ source: "2.11", fixes: true }),
    ]);
    diff = diffSpecs(before.doc, after.doc);
  }, 120_000);
  const find = (kind: string, where: string) =>
    diff.changes.filter((c) => c.kind === kind && c.where === where);

  it("has the 36 renamed paths, and no operation added or removed", () => {
    expect(diff.summary.renamedPaths).toBe(36);
    expect(diff.summary.byKind["operation-added"]).toBeUndefined();
    expect(diff.summary.byKind["operation-removed"]).toBeUndefined();
    expect(find("path-renamed", "GET /contacts/{contact_id}").map((c) => c.detail)).toEqual([
      "path parameter {id} → {contact_id} (was /contacts/{id})",
    ]);
  });

  it("has the lisDataAttributes → listDataAttributes rename and the new Intercom-Version values", () => {
    expect(find("operation-renamed", "GET /data_attributes").map((c) => c.detail)).toEqual([
      "operationId lisDataAttributes → listDataAttributes",
    ]);
    expect(find("enum-values-added", "schema intercom_version")).toMatchObject([
      { detail: "2.11, Preview", verdicts: ["additive"] },
    ]);
  });

  it("has hundreds of properties that became required", () => {
    expect(diff.summary.byKind["property-required"]).toBeGreaterThan(200);
  });
});
