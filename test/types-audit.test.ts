// The generated types, audited with the TypeScript type checker (test/support/types-audit.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/spec.js";
import { auditSchemaTypes } from "./support/types-audit.js";
import { operations as generatedOperations } from "../generated/metadata.js";

/** Operations whose 2xx has no body in the real API, so no typed body is right. */
const NO_BODY: Record<string, string> = {
  createDataEvent: "POST /events answers 202 Accepted with an empty body (events are processed later)",
  dataEventSummaries: "POST /events/summaries answers 200 with an empty body",
  deleteTag: "DELETE /tags/{id} answers 200 with an empty body",
};

describe("generated/schema.d.ts", () => {
  const audit = auditSchemaTypes(join(ROOT, "generated", "schema.d.ts"));

  it(`covers all ${generatedOperations.length} operations`, () => {
    expect(audit.operationCount).toBe(generatedOperations.length);
  });

  it("has no request body, or part of one, typed unknown", () => {
    expect(audit.unknownRequestBodies).toEqual([]);
  });

  it("has no Record<string, never> object where the API carries keys", () => {
    expect(audit.emptyRecords).toEqual([]);
  });

  it("types a 2xx body for every operation that has one", () => {
    expect(audit.untypedSuccess).toEqual(Object.keys(NO_BODY).sort());
  });

  it("finds the defects in a schema that has them (negative control)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "intercom-fetch-audit-"));
    try {
      const file = join(dir, "schema.d.ts");
      await writeFile(
        file,
        `export interface components { schemas: { thing: { custom_attributes?: Record<string, never> } } }
export interface operations {
  createThing: {
    requestBody: { content: { "application/json": { a: string } | unknown } };
    responses: { 200: { headers: { [name: string]: unknown }; content?: never } };
  };
}
`,
      );
      const broken = auditSchemaTypes(file);
      expect(broken.unknownRequestBodies).toEqual(["createThing body"]);
      expect(broken.emptyRecords).toEqual(["thing.custom_attributes"]);
      expect(broken.untypedSuccess).toEqual(["createThing"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
