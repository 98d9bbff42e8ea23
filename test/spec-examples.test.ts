// Every example in the fixed spec of the generated version, validated against its own schema with Ajv. The ones
// still failing are listed, each with its reason, in spec-examples.known-failures.json: the test
// asserts exactly that list, so a new failure (an overlay or spec change broke an example) and a
// newly fixed one (drop it from the list) are both noticed.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { collectExamples, failingExamples } from "./support/spec-examples.js";
import { loadOverlaidSpec, loadRawSpec, ROOT, type Spec } from "./support/spec.js";
import { apiVersion } from "../generated/metadata.js";

let spec: Spec;
let known: Record<string, string>;
beforeAll(async () => {
  spec = await loadOverlaidSpec(apiVersion);
  known = JSON.parse(
    await readFile(join(ROOT, "test", "spec-examples.known-failures.json"), "utf8"),
  ) as Record<string, string>;
});

describe(`examples of the ${apiVersion} spec with our fixes`, () => {
  it("validate against their schemas, except the listed ones", () => {
    const { total, failures } = failingExamples(spec);
    expect(total).toBeGreaterThan(400);
    expect(failures.map((f) => f.id).sort()).toEqual(Object.keys(known).sort());
    for (const reason of Object.values(known)) expect(reason.length).toBeGreaterThan(20);
  });

  it("the checker does catch a broken example (negative control)", () => {
    const copy = structuredClone(spec);
    const media = copy.paths["/me"]?.["get"]?.responses?.["200"]?.content?.["application/json"];
    const example = Object.values(media?.examples ?? {})[0] as { value: Record<string, unknown> };
    example.value["id"] = 42; // admin.id is a string
    const ids = failingExamples(copy).failures.map((f) => f.id);
    expect(ids).toContain("GET /me 200 application/json Successful response");
  });

  it("the raw spec fails more examples than the overlaid one", async () => {
    const raw = await loadRawSpec(apiVersion);
    expect(collectExamples(raw).length).toBeGreaterThan(400);
    expect(failingExamples(raw).failures.length).toBeGreaterThan(Object.keys(known).length);
  });
});
