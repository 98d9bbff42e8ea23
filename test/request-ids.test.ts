// Issue 23's request-id audit: every id-like request field (path and query parameters named `id`,
// `*_id`, `*_ids`, and such properties of JSON request bodies), keyed by operationId and schema
// name, has a reviewed verdict in openapi/request-ids.json, and accepts exactly the JSON types
// that verdict says. A bump that adds a field, or a fix that changes what one accepts, fails here
// until the audit (and docs/audits.md) says why.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  compareRequestIds,
  requestIdFields,
  type RequestIdField,
  type RequestIdVerdict,
} from "../scripts/lib/request-ids.js";
import { loadFixIds, loadOverlaidSpec, ROOT } from "./support/spec.js";
import { apiVersion } from "../generated/metadata.js";

const verdicts = JSON.parse(readFileSync(join(ROOT, "openapi", "request-ids.json"), "utf8")) as Record<
  string,
  RequestIdVerdict
>;
let fields: RequestIdField[];
let fixIds: Set<string>;

beforeAll(async () => {
  fields = requestIdFields((await loadOverlaidSpec(apiVersion)) as never);
  fixIds = await loadFixIds();
}, 120_000);

describe(`id-like request fields of ${apiVersion}`, () => {
  it("each has a verdict, accepts what the verdict says, and every verdict names a field and a real fix", () => {
    const drift = compareRequestIds(fields, verdicts, fixIds);
    expect(drift.unaudited.map((f) => `${f.key} (${f.accepts})`)).toEqual([]);
    expect(drift.stale).toEqual([]);
    expect(drift.changed).toEqual([]);
    expect(drift.unknownFixes).toEqual([]);
  });

  it("every verdict is `fixed: <fix id>` or `kept: <why>`", () => {
    const malformed = Object.entries(verdicts).filter(([, v]) => !/^(fixed: \S+|kept: \S)/.test(v.verdict));
    expect(malformed).toEqual([]);
  });

  it("finds the fields the audit is about (admin ids in bodies, path ids, query ids, ids inside lists)", () => {
    const byKey = new Map(fields.map((f) => [f.key, f.accepts]));
    expect(byKey.get("manageConversation body:assign_conversation_request/assignee_id")).toBe(
      "integer|string",
    );
    expect(byKey.get("createNote body:(inline)/admin_id")).toBe("integer|string");
    expect(byKey.get("retrieveAdmin path:id")).toBe("string");
    expect(byKey.get("searchArticles query:help_center_id")).toBe("integer|string");
    expect(byKey.get("createTicket body:create_ticket_request/contacts/*/id")).toBe("string");
    expect(byKey.get("UpdateContact body:update_contact_request/owner_id")).toBe("integer|null|string");
  });
});

describe("the comparison (negative controls)", () => {
  const spec = {
    paths: {
      "/things/{id}": {
        put: {
          operationId: "updateThing",
          parameters: [{ name: "id", in: "path", schema: { type: "integer" } }],
          requestBody: {
            content: { "application/json": { schema: { $ref: "#/components/schemas/thing_request" } } },
          },
        },
      },
    },
    components: {
      schemas: {
        thing_request: {
          type: "object",
          properties: {
            owner_id: { anyOf: [{ type: "string" }, { type: "integer" }] },
            items: {
              type: "array",
              items: {
                type: "object",
                properties: { tag_ids: { type: "array", items: { type: "string" } } },
              },
            },
          },
        },
      },
    },
  };

  it("enumerates path, body and nested list fields with their accepted types", () => {
    expect(requestIdFields(spec)).toEqual([
      {
        key: "updateThing body:thing_request/items/*/tag_ids",
        operationId: "updateThing",
        accepts: "string[]",
      },
      {
        key: "updateThing body:thing_request/owner_id",
        operationId: "updateThing",
        accepts: "integer|string",
      },
      { key: "updateThing path:id", operationId: "updateThing", accepts: "integer" },
    ]);
  });

  it("reports an unaudited field, a stale verdict, a changed type and an unknown fix", () => {
    const drift = compareRequestIds(
      requestIdFields(spec),
      {
        "updateThing path:id": { accepts: "string", verdict: "fixed: things/updateThing.id" },
        "updateThing body:thing_request/owner_id": { accepts: "integer|string", verdict: "kept: both" },
        "updateThing body:thing_request/gone_id": { accepts: "string", verdict: "kept: gone" },
      },
      new Set(["things/other"]),
    );
    expect(drift.unaudited.map((f) => f.key)).toEqual(["updateThing body:thing_request/items/*/tag_ids"]);
    expect(drift.stale).toEqual(["updateThing body:thing_request/gone_id"]);
    expect(drift.changed).toEqual([{ key: "updateThing path:id", accepts: "integer", audited: "string" }]);
    expect(drift.unknownFixes).toEqual(["updateThing path:id: things/updateThing.id"]);
  });
});
