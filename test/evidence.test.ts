// The evidence corpus (test/evidence/, see docs/evidence.md): live responses and real request
// payloads from public sources, checked against our types. Cases that fail today are listed with
// their defect and their failures (normalised) in test/evidence/known-failures.json; the test
// asserts exactly that list, so a new failure, a known case failing differently and a newly fixed
// case (remove it from the list) are all noticed.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkRequestCases,
  checkResponseCases,
  compareKnownFailures,
  loadKnownFailurePins,
  loadRequestCases,
  loadResponseCases,
  undeclaredFields,
  type CaseResult,
  type KnownFailure,
  type KnownFailureDrift,
  type RequestCase,
  type ResponseCase,
} from "./support/evidence.js";
import { loadOverlaidSpec, type Spec } from "./support/spec.js";
import { apiVersion } from "../generated/metadata.js";

let spec: Spec;
let known: Record<string, KnownFailure>;
let responseCases: ResponseCase[];
let requestCases: RequestCase[];
let results: CaseResult[];
let stray: string[];

beforeAll(async () => {
  spec = await loadOverlaidSpec(apiVersion);
  known = loadKnownFailurePins();
  responseCases = loadResponseCases();
  requestCases = loadRequestCases();
  const requests = checkRequestCases(requestCases);
  stray = requests.stray;
  results = [...checkResponseCases(spec, responseCases), ...requests.results];
}, 180_000);

const noDrift: KnownFailureDrift = { unexpected: [], fixed: [], missing: [], changed: [] };

/** Each case's errors, and its failures as known-failures.json would pin them. */
function describeFailures(ids: string[]): string {
  return ids
    .map((id) => {
      const r = results.find((result) => result.id === id);
      if (!r) return `${id}\n    (no such case)`;
      return `${id}\n    ${r.errors.join("\n    ")}\n    "failures": ${JSON.stringify(r.failures)}`;
    })
    .join("\n");
}

function describeChanged(changed: KnownFailureDrift["changed"]): string {
  return changed
    .map(
      ({ id, extra, gone }) =>
        `${id}\n    not pinned: ${JSON.stringify(extra)}\n    pinned, not seen: ${JSON.stringify(gone)}\n` +
        `    "failures": ${JSON.stringify(results.find((r) => r.id === id)?.failures)}`,
    )
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

  it("fails exactly the cases listed in known-failures.json, each as pinned there", () => {
    // The normalised failures stand for the errors: a case fails on one exactly when it fails on the other.
    for (const r of results) expect(r.failures.length > 0, r.id).toBe(r.errors.length > 0);
    const { unexpected, fixed, missing, changed } = compareKnownFailures(results, known);
    expect(unexpected, `failing, not in known-failures.json:\n${describeFailures(unexpected)}`).toEqual([]);
    expect(fixed, "fixed: remove them from known-failures.json").toEqual([]);
    expect(missing, "listed in known-failures.json but no such case").toEqual([]);
    expect(changed, `failing otherwise than known-failures.json pins:\n${describeChanged(changed)}`).toEqual(
      [],
    );
    for (const { reason } of Object.values(known)) expect(reason.length).toBeGreaterThan(15);
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

  it("a request that does not compile, and an unneeded @ts-expect-error, fail, each pinned where and how", () => {
    const dir = mkdtempSync(join(tmpdir(), "evidence-"));
    try {
      writeFileSync(
        join(dir, "negative-control.ts"),
        [
          `// source: a negative control written by test/evidence.test.ts`,
          `import { createIntercom } from "intercom-fetch";`,
          `export async function probe(): Promise<void> {`,
          `  const intercom = createIntercom({ token: "t" });`,
          `  // case: wrong-type \u2014 POST /tags`,
          `  await intercom.POST("/tags", { body: { name: 42 } });`,
          `  // case: unneeded-directive \u2014 POST /tags`,
          `  await intercom.POST("/tags", {`,
          `    body: {`,
          `      // @ts-expect-error not needed: this call is fine`,
          `      name: "vip",`,
          `    },`,
          `  });`,
          `  // case: in-an-array \u2014 POST /tickets`,
          `  await intercom.POST("/tickets", { body: { ticket_type_id: "1", contacts: [{ id: "1" }, { id: 42 }] } });`,
          `  // case: on-the-call \u2014 GET /contacts/{id}`,
          `  const init = { params: { path: { id: 1 } } };`,
          `  await intercom.GET("/contacts/{id}", init);`,
          `}`,
        ].join("\n"),
      );
      const { results: checked, stray } = checkRequestCases(loadRequestCases(dir));
      expect(stray).toEqual([]);
      expect(checked.map((r) => r.errors)).toEqual([
        [expect.stringMatching(/^line 6: TS2322: /)],
        [expect.stringMatching(/^line 10: TS2578: /)],
        [expect.stringMatching(/^line 15: TS2322: /)],
        [expect.stringMatching(/^line 18: TS\d+: /)],
      ]);
      const wrongType = "/body/name: TS2322 Type 'number' is not assignable to type 'string'.";
      const unneeded = "/body/name: TS2578 Unused '@ts-expect-error' directive.";
      const inAnArray = "/body/contacts/*/id: TS2322 Type 'number' is not assignable to type 'string'.";
      // No property to point at: the chain's deepest line says what did not fit.
      const onTheCall =
        "TS2345 Argument of type '{\u2026}' is not assignable to parameter of type '{\u2026}'. \u2026 Type 'number' is not assignable to type 'string'.";
      expect(checked.map((r) => r.failures)).toEqual([[wrongType], [unneeded], [inAnArray], [onTheCall]]);
      // Pinned as they fail: no drift. Pinned as failing otherwise (the same key, other types): reported.
      const [a, b, c, d] = checked.map((r) => r.id) as [string, string, string, string];
      const pin = (failure: string): KnownFailure => ({ reason: "negative control", failures: [failure] });
      const pins = { [a]: pin(wrongType), [b]: pin(unneeded), [c]: pin(inAnArray), [d]: pin(onTheCall) };
      expect(compareKnownFailures(checked, pins)).toEqual(noDrift);
      const otherTypes = "/body/name: TS2322 Type 'string' is not assignable to type 'number'.";
      expect(compareKnownFailures(checked, { ...pins, [a]: pin(otherTypes) })).toEqual({
        ...noDrift,
        changed: [{ id: a, extra: [wrongType], gone: [otherTypes] }],
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  }, 120_000);
});

/** Deletes the field a normalised pointer names ("*" for every element) wherever it is. */
function removeField(value: unknown, tokens: string[]): void {
  const [head, ...rest] = tokens;
  if (head === undefined || value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  if (rest.length === 0) {
    if (head !== "*") delete record[head];
    return;
  }
  for (const child of head === "*" ? Object.values(record) : [record[head]]) removeField(child, rest);
}

describe("known-failures.json pins how each known case fails (negative controls)", () => {
  it("a pin short of a failure, or with one the case does not show, is reported as changed", () => {
    const id = Object.keys(known).find((k) => known[k]!.failures.length >= 2);
    expect(id, "a known failure with two pinned failures").toBeDefined();
    const pinned = known[id!]!;
    const [first, ...rest] = pinned.failures as [string, ...string[]];
    expect(compareKnownFailures(results, { ...known, [id!]: { ...pinned, failures: rest } })).toEqual({
      ...noDrift,
      changed: [{ id, extra: [first], gone: [] }],
    });
    const invented = "/favourite_colour: not declared";
    const more = { ...pinned, failures: [...pinned.failures, invented] };
    expect(compareKnownFailures(results, { ...known, [id!]: more })).toEqual({
      ...noDrift,
      changed: [{ id, extra: [], gone: [invented] }],
    });
  });

  it("a listed case that passes, an unlisted failing case and a listed id without a case are reported", () => {
    const passing = results.find((r) => r.failures.length === 0)!.id;
    const [unlisted] = Object.keys(known) as [string];
    const nowhere = "responses/noSuchOperation/no-such-case";
    const altered: Record<string, KnownFailure> = {
      ...known,
      [passing]: { reason: "negative control", failures: ["/x: not declared"] },
      [nowhere]: { reason: "negative control", failures: ["/x: not declared"] },
    };
    delete altered[unlisted];
    expect(compareKnownFailures(results, altered)).toEqual({
      unexpected: [unlisted],
      fixed: [passing],
      missing: [nowhere],
      changed: [],
    });
  });

  it("a known-failing response that fails differently, or passes, is reported (through the real check)", () => {
    // A known case failing on undeclared fields alone: without them it passes, with one more it
    // fails otherwise than pinned.
    const pinned = responseCases.find(
      (c) =>
        known[c.id]?.failures.every((f) => f.endsWith(": not declared")) &&
        typeof c.body === "object" &&
        c.body !== null &&
        !Array.isArray(c.body),
    );
    expect(pinned, "a known response case failing on undeclared fields").toBeDefined();
    const pin = { [pinned!.id]: known[pinned!.id]! };
    const mended = structuredClone(pinned!);
    for (const failure of pin[pinned!.id]!.failures) {
      const pointer = failure.slice(0, -": not declared".length);
      removeField(mended.body, pointer.slice(1).split("/"));
    }
    const worse = structuredClone(pinned!);
    (worse.body as Record<string, unknown>)["favourite_colour"] = "teal";
    const [mendedResult, worseResult] = checkResponseCases(spec, [mended, worse]);
    expect(compareKnownFailures([mendedResult!], pin)).toEqual({ ...noDrift, fixed: [pinned!.id] });
    expect(compareKnownFailures([worseResult!], pin)).toEqual({
      ...noDrift,
      changed: [{ id: pinned!.id, extra: ["/favourite_colour: not declared"], gone: [] }],
    });
  });
});

describe("evidence cases follow the version", () => {
  it("every response case is found by its operationId in 2.11 too (renamed paths included), and a schema Ajv cannot compile fails its case, not the suite", async () => {
    const next = await loadOverlaidSpec("2.11");
    const results = checkResponseCases(next, responseCases);
    expect(results).toHaveLength(responseCases.length);
    expect(
      results.filter((r) => r.errors.some((e) => e.includes("is not an operation of the spec"))),
    ).toEqual([]);
    // /contacts/{id} in the recordings is /contacts/{contact_id} in 2.11.
    const shown = results.find((r) => r.id.startsWith("responses/ShowContact/"));
    expect(shown?.operation).toBe("GET /contacts/{contact_id}");
    // Every 2.11 schema compiles once the fixes apply (openapi/fixes/14-nullable-siblings.yaml);
    // a schema Ajv cannot compile (`nullable` beside a $ref, as 2.11 published it) fails the
    // cases that use it, and only those.
    expect(
      results.filter((r) => r.errors.some((e) => e.startsWith("the response schema does not compile"))),
    ).toEqual([]);
    const broken = structuredClone(next);
    const schemas = (
      broken as unknown as {
        components: { schemas: Record<string, { properties: Record<string, unknown> }> };
      }
    ).components.schemas;
    schemas["conversation"]!.properties["ai_agent"] = {
      $ref: "#/components/schemas/ai_agent",
      nullable: true,
    };
    const brokenResults = checkResponseCases(broken, responseCases);
    expect(brokenResults).toHaveLength(responseCases.length);
    const failing = brokenResults.filter((r) =>
      r.errors.some((e) => e.startsWith("the response schema does not compile")),
    );
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.length).toBeLessThan(responseCases.length);
  }, 120_000);
});
