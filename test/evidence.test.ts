// The evidence corpus (test/evidence/, see docs/evidence.md): live responses and real request
// payloads from public sources, checked against our types. Cases that fail today are listed with
// their defect in test/evidence/known-failures.json; the test asserts exactly that list, so a new
// failure and a newly fixed case (remove it from the list) are both noticed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkRequestCases,
  checkResponseCases,
  compileRequests,
  loadKnownFailures,
  loadRequestCases,
  loadResponseCases,
  undeclaredFields,
  type CaseResult,
  type RequestCase,
  type ResponseCase,
} from "./support/evidence.js";
import { loadOverlaidSpec, type Spec } from "./support/spec.js";

let spec: Spec;
let known: Record<string, string>;
let responseCases: ResponseCase[];
let requestCases: RequestCase[];
let results: CaseResult[];
let stray: string[];

beforeAll(async () => {
  spec = await loadOverlaidSpec("2.10");
  known = loadKnownFailures();
  responseCases = loadResponseCases();
  requestCases = loadRequestCases();
  const requests = checkRequestCases(requestCases);
  stray = requests.stray;
  results = [...checkResponseCases(spec, responseCases), ...requests.results];
}, 180_000);

function describeFailures(ids: string[]): string {
  return ids
    .map((id) => `${id}\n    ${results.find((r) => r.id === id)?.errors.join("\n    ") ?? "(no such case)"}`)
    .join("\n");
}

describe("evidence corpus", () => {
  it("has at least 100 cases, each with a source", () => {
    expect(responseCases.length + requestCases.length).toBeGreaterThanOrEqual(100);
    for (const c of [...responseCases, ...requestCases]) expect(c.source.length).toBeGreaterThan(20);
  });

  it("request files have no type errors outside their cases", () => {
    expect(stray).toEqual([]);
  });

  it("fails exactly the cases listed in known-failures.json", () => {
    const failing = results.filter((r) => r.errors.length > 0).map((r) => r.id);
    const unexpected = failing.filter((id) => !(id in known));
    const fixed = Object.keys(known).filter(
      (id) => results.some((r) => r.id === id) && !failing.includes(id),
    );
    const missing = Object.keys(known).filter((id) => !results.some((r) => r.id === id));
    expect(unexpected, `failing, not in known-failures.json:\n${describeFailures(unexpected)}`).toEqual([]);
    expect(fixed, "fixed: remove them from known-failures.json").toEqual([]);
    expect(missing, "listed in known-failures.json but no such case").toEqual([]);
    for (const reason of Object.values(known)) expect(reason.length).toBeGreaterThan(15);
  });

  it("prints the corpus by operation with pass/fail counts", () => {
    const failing = results.filter((r) => r.errors.length > 0).length;
    console.log(
      `evidence: ${results.length} cases (${responseCases.length} responses, ${requestCases.length} requests), ` +
        `${results.length - failing} pass, ${failing} fail`,
    );
    // Every case has one result under its own id (a duplicate id would hide a case's outcome).
    expect(new Set(results.map((r) => r.id)).size).toBe(responseCases.length + requestCases.length);
  });
});

describe("evidence checks catch defects (negative controls)", () => {
  /** A copy of a passing response case whose body has an integer created_at. */
  const passing = () => {
    const found = responseCases.find(
      (c) =>
        typeof (c.body as { created_at?: unknown } | null)?.created_at === "number" &&
        results.find((r) => r.id === c.id)?.errors.length === 0,
    );
    expect(found, "a passing response case with created_at").toBeDefined();
    return structuredClone(found!);
  };

  it("a wrongly typed field in a response fails", () => {
    const c = passing();
    (c.body as Record<string, unknown>)["created_at"] = "yesterday";
    const [result] = checkResponseCases(spec, [c]);
    expect(result!.errors.join()).toMatch(/created_at/);
  });

  it("a field the schema does not declare fails", () => {
    const c = passing();
    (c.body as Record<string, unknown>)["favourite_colour"] = "teal";
    const [result] = checkResponseCases(spec, [c]);
    expect(result!.errors).toContain("/favourite_colour is not declared");
    expect(undeclaredFields(spec, { type: "object", additionalProperties: true }, { any: 1 })).toEqual([]);
    expect(undeclaredFields(spec, { type: "object" }, { any: 1 })).toEqual(["/any"]);
    const composed = { allOf: [{ properties: { a: {} } }, { properties: { b: { type: "object" } } }] };
    expect(undeclaredFields(spec, composed, { a: 1, b: { c: 2 }, d: 3 })).toEqual(["/b/c", "/d"]);
  });

  it("a request that does not compile, and an unneeded @ts-expect-error, fail", () => {
    const dir = mkdtempSync(join(tmpdir(), "evidence-"));
    try {
      const file = join(dir, "negative-control.ts");
      writeFileSync(
        file,
        [
          `import { createIntercom } from "intercom-fetch";`,
          `export async function probe(): Promise<void> {`,
          `  const intercom = createIntercom({ token: "t" });`,
          `  await intercom.POST("/tags", { body: { name: 42 } });`,
          `  // @ts-expect-error not needed: this call is fine`,
          `  await intercom.POST("/tags", { body: { name: "vip" } });`,
          `}`,
        ].join("\n"),
      );
      const diagnostics = compileRequests([file]);
      expect(diagnostics.map((d) => d.line)).toEqual([4, 5]);
      expect(diagnostics[1]!.message).toMatch(/TS2578/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  }, 120_000);
});
