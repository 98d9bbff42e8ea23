// The one set of fixes (openapi/fixes/): located by operationId, parameter and schema name, each
// with a status per version, and a fix that a later description undoes is reported and kept.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  applyFixesTo,
  compareVersions,
  type Fix,
  type FixFile,
  type FixStatus,
  loadFixes,
  undoneUpstream,
} from "../scripts/lib/fixes.js";
import { ajvErrors } from "../scripts/bump.js";
import { ROOT } from "./support/spec.js";

type Json = Record<string, unknown>;

/** A one-operation spec whose path id is typed `type`, at `path` (renamed between versions). */
function miniSpec(path: string, parameter: string, type: string): Json {
  return {
    openapi: "3.0.1",
    paths: {
      [path]: {
        get: {
          operationId: "retrieveThing",
          parameters: [{ name: parameter, in: "path", required: true, schema: { type } }],
          responses: { "200": { description: "ok" } },
        },
      },
    },
    components: { schemas: { thing: { type: "object", properties: { id: { type: "string" } } } } },
  };
}

const pathIdFix: Fix = {
  id: "test/retrieveThing.id",
  description: "the id is a string",
  evidence: "thing.id is a string",
  operation: "retrieveThing",
  parameter: "id",
  while: { matches: { schema: { type: "integer" } } },
  actions: [{ target: ".schema", update: { type: "string" } }],
};
const FILES: FixFile[] = [{ file: "test.yaml", sha256: "0", fixes: [pathIdFix] }];

const statuses = (outcomes: { id: string; status: FixStatus }[]) =>
  Object.fromEntries(outcomes.map((o) => [o.id, o.status]));

describe("fix statuses", () => {
  it("needed, fixed upstream (dropped), then undone upstream (kept and reported), across a path rename", async () => {
    const v1 = await applyFixesTo(miniSpec("/things/{id}", "id", "integer"), FILES);
    const v2 = await applyFixesTo(miniSpec("/things/{thing_id}", "thing_id", "string"), FILES);
    const v3 = await applyFixesTo(miniSpec("/things/{thing_id}", "thing_id", "integer"), FILES);
    expect(v1.outcomes[0]).toMatchObject({ status: "applied", located: "GET /things/{id} parameter id" });
    expect(v2.outcomes[0]).toMatchObject({
      status: "fixed-upstream",
      located: "GET /things/{thing_id} parameter thing_id",
    });
    expect(v3.outcomes[0]).toMatchObject({ status: "applied" });
    // Kept: the 3rd version's parameter is a string after the fix.
    const parameter = ((v3.doc["paths"] as Json)["/things/{thing_id}"] as { get: { parameters: Json[] } }).get
      .parameters[0];
    expect(parameter).toMatchObject({ name: "thing_id", schema: { type: "string" } });
    const history = { "1.0": statuses(v1.outcomes), "2.0": statuses(v2.outcomes) };
    expect(undoneUpstream("3.0", statuses(v3.outcomes), history)).toEqual([
      { id: "test/retrieveThing.id", fixedIn: ["2.0"] },
    ]);
    // Not undone for a version that never had it fixed upstream before it.
    expect(undoneUpstream("2.0", statuses(v1.outcomes), { "1.0": statuses(v1.outcomes) })).toEqual([]);
  });

  it("a fix with `since` is not yet in an earlier description: neither cannot be located, nor fixed upstream (so never undone later)", async () => {
    const newSchemaFix: Fix = {
      id: "test/new_thing.id",
      description: "new_thing.id is a string",
      evidence: "test",
      since: "2.16",
      schema: "new_thing",
      actions: [{ target: ".properties.id", update: { type: "string" } }],
    };
    const files: FixFile[] = [{ file: "test.yaml", sha256: "0", fixes: [newSchemaFix] }];
    const at = (version: string, schemas: Json) => ({
      ...miniSpec("/things/{id}", "id", "string"),
      info: { title: "t", version },
      components: { schemas },
    });
    const before = await applyFixesTo(at("2.10", {}), files);
    expect(before.outcomes[0]).toMatchObject({ status: "not-yet", reason: "the defect appears in 2.16" });
    const from = await applyFixesTo(
      at("2.16", { new_thing: { properties: { id: { type: "integer" } } } }),
      files,
    );
    expect(from.outcomes[0]).toMatchObject({ status: "applied", located: "schema new_thing" });
    // From its version on, a missing anchor is an error again.
    const gone = await applyFixesTo(at("2.17", {}), files);
    expect(gone.outcomes[0]).toMatchObject({ status: "unlocated" });
    expect(undoneUpstream("2.16", statuses(from.outcomes), { "2.10": statuses(before.outcomes) })).toEqual(
      [],
    );
  });

  it("require adds names to a schema's required list once; fixed upstream when all are there, unlocated when undeclared", async () => {
    const requireFix = (id: string, names: string[]): Fix => ({
      id,
      description: "always sent",
      evidence: "every recording",
      schema: "thing",
      actions: [{ target: "", require: names }],
    });
    const spec = (required?: string[]) => {
      const doc = miniSpec("/things/{id}", "id", "string");
      const thing = ((doc["components"] as Json)["schemas"] as Json)["thing"] as Json;
      (thing["properties"] as Json)["type"] = { type: "string" };
      if (required) thing["required"] = required;
      return doc;
    };
    const file = (fix: Fix): FixFile[] => [{ file: "test.yaml", sha256: "0", fixes: [fix] }];
    const thing = (doc: Json) => ((doc["components"] as Json)["schemas"] as Json)["thing"] as Json;
    const none = await applyFixesTo(spec(), file(requireFix("r", ["type", "id"])));
    expect(none.outcomes[0]).toMatchObject({ status: "applied" });
    expect(thing(none.doc)["required"]).toEqual(["type", "id"]);
    const some = await applyFixesTo(spec(["id", "name"]), file(requireFix("r", ["type", "id"])));
    expect(some.outcomes[0]).toMatchObject({ status: "applied" });
    expect(thing(some.doc)["required"]).toEqual(["id", "name", "type"]);
    const all = await applyFixesTo(spec(["id", "type"]), file(requireFix("r", ["type", "id"])));
    expect(all.outcomes[0]).toMatchObject({ status: "fixed-upstream" });
    const undeclared = await applyFixesTo(spec(), file(requireFix("r", ["type", "uuid"])));
    expect(undeclared.outcomes[0]).toMatchObject({ status: "unlocated" });
    expect(undeclared.outcomes[0]!.reason).toContain("requires uuid, which it does not declare");
  });

  it("a fix whose anchor is gone cannot be located; one whose effect the spec already has is fixed upstream", async () => {
    const files: FixFile[] = [
      {
        file: "test.yaml",
        sha256: "0",
        fixes: [
          { ...pathIdFix, id: "gone", operation: "retrieveOtherThing" },
          {
            id: "already",
            description: "thing.id is a string",
            evidence: "test",
            schema: ["old_thing", "thing"],
            actions: [{ target: ".properties.id", update: { type: "string" } }],
          },
        ],
      },
    ];
    const { outcomes } = await applyFixesTo(miniSpec("/things/{id}", "id", "integer"), files);
    expect(outcomes).toMatchObject([
      { id: "gone", status: "unlocated", reason: "no operation retrieveOtherThing" },
      { id: "already", status: "fixed-upstream", located: "schema thing" },
    ]);
  });

  it("a fix with variants applies where the spec moved the thing, and cannot be located only if no variant can", async () => {
    const moved: Fix = {
      id: "moved",
      description: "thing.id is a string",
      evidence: "test",
      variants: [
        { schema: "old_thing", actions: [{ target: ".properties.id", update: { type: "string" } }] },
        {
          operation: "retrieveThing",
          parameter: "id",
          while: { matches: { schema: { type: "integer" } } },
          actions: [{ target: ".schema", update: { type: "string" } }],
        },
      ],
    };
    const files = (fix: Fix): FixFile[] => [{ file: "test.yaml", sha256: "0", fixes: [fix] }];
    const here = await applyFixesTo(miniSpec("/things/{id}", "id", "integer"), files(moved));
    expect(here.outcomes[0]).toMatchObject({ status: "applied", located: "GET /things/{id} parameter id" });
    const upstream = await applyFixesTo(miniSpec("/things/{id}", "id", "string"), files(moved));
    expect(upstream.outcomes[0]).toMatchObject({ status: "fixed-upstream" });
    const nowhere = await applyFixesTo(
      miniSpec("/things/{id}", "id", "integer"),
      files({ ...moved, variants: [moved.variants![0]!] }),
    );
    expect(nowhere.outcomes[0]).toMatchObject({ status: "unlocated", reason: "no schema old_thing" });
  });

  it("lacksParameter sees a parameter declared through components.parameters", async () => {
    const withRef = miniSpec("/things/{id}", "id", "string");
    const get = ((withRef["paths"] as Json)["/things/{id}"] as { get: { parameters: Json[] } }).get;
    get.parameters.push({ $ref: "#/components/parameters/per_page" });
    (withRef["components"] as Json)["parameters"] = {
      per_page: { name: "per_page", in: "query", schema: { type: "integer" } },
    };
    const addPerPage: Fix = {
      id: "per_page",
      description: "lists take per_page",
      evidence: "test",
      operation: "retrieveThing",
      while: { lacksParameter: "per_page" },
      actions: [
        { target: ".parameters", update: [{ name: "per_page", in: "query", schema: { type: "integer" } }] },
      ],
    };
    const files: FixFile[] = [{ file: "test.yaml", sha256: "0", fixes: [addPerPage] }];
    expect((await applyFixesTo(withRef, files)).outcomes[0]).toMatchObject({ status: "fixed-upstream" });
    const without = miniSpec("/things/{id}", "id", "string");
    const applied = await applyFixesTo(without, files);
    expect(applied.outcomes[0]).toMatchObject({ status: "applied" });
    const params = ((applied.doc["paths"] as Json)["/things/{id}"] as { get: { parameters: Json[] } }).get
      .parameters;
    expect(params.map((p) => p["name"])).toEqual(["id", "per_page"]);
  });

  it("versions compare numerically", () => {
    expect(["2.16", "2.9", "2.10"].sort(compareVersions)).toEqual(["2.9", "2.10", "2.16"]);
  });
});

describe("the project's fixes on Intercom's descriptions", () => {
  const load = async (version: string) =>
    parse(
      await readFile(join(ROOT, "..", "shared", "openapi", version, "api.intercom.io.yaml"), "utf8"),
    ) as Json;

  it("2.11 fixed the path id types, 2.14 undid it: the fix is reported as undone and kept", async () => {
    const files = await loadFixes(join(ROOT, "openapi", "fixes"));
    const runs: Record<string, Record<string, FixStatus>> = {};
    let doc214: Json = {};
    for (const version of ["2.10", "2.11", "2.14"]) {
      const result = await applyFixesTo(await load(version), files);
      runs[version] = statuses(result.outcomes);
      if (version === "2.14") doc214 = result.doc;
    }
    const id = "live-api/retrieveAdmin.id.schema";
    expect([runs["2.10"]![id], runs["2.11"]![id], runs["2.14"]![id]]).toEqual([
      "applied",
      "fixed-upstream",
      "applied",
    ]);
    const undone = undoneUpstream("2.14", runs["2.14"]!, { "2.10": runs["2.10"]!, "2.11": runs["2.11"]! });
    expect(undone).toContainEqual({ id, fixedIn: ["2.11"] });
    const paths = doc214["paths"] as Record<
      string,
      Record<string, { operationId?: string; parameters?: Json[] }>
    >;
    const retrieveAdmin = Object.values(paths)
      .flatMap((item) => Object.values(item))
      .find((op) => op.operationId === "retrieveAdmin");
    const id214 = retrieveAdmin?.parameters?.find((p) => p["in"] === "path");
    expect(id214).toMatchObject({ schema: { type: "string" } });
  }, 120_000);

  it("`nullable` beside a $ref or without a type: every description from 2.10 to 2.16 compiles with Ajv after the fixes", async () => {
    const files = await loadFixes(join(ROOT, "openapi", "fixes"));
    const runs: Record<string, Record<string, FixStatus>> = {};
    for (const version of ["2.10", "2.11", "2.14", "2.16"]) {
      const result = await applyFixesTo(await load(version), files);
      expect(ajvErrors(result.doc), version).toEqual([]);
      runs[version] = statuses(result.outcomes);
    }
    // 2.11 moved sla_applied's nullability onto its references (ignored there); 2.10 and 2.16
    // declare it on the schema: fixed upstream in both, undone in 2.11 alone.
    const id = "nullable-siblings/sla_applied";
    expect(["2.10", "2.11", "2.14", "2.16"].map((v) => runs[v]![id])).toEqual([
      "fixed-upstream",
      "applied",
      "fixed-upstream",
      "fixed-upstream",
    ]);
    expect(undoneUpstream("2.11", runs["2.11"]!, { "2.10": runs["2.10"]! })).toContainEqual({
      id,
      fixedIn: ["2.10"],
    });
    // A defect 2.10 does not have (no ai_agent) is not yet there, never "fixed upstream".
    const aiAgent = "nullable-siblings/conversation.ai_agent";
    expect(["2.10", "2.11", "2.14", "2.16"].map((v) => runs[v]![aiAgent])).toEqual([
      "not-yet",
      "applied",
      "applied",
      "applied",
    ]);
  }, 120_000);
});
