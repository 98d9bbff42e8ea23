// Spec conformance against Stoplight Prism serving the overlaid 2.10 spec with request validation:
// a valid request to every operation through our client must be accepted, and a sample of invalid
// ones must be rejected (so the acceptance check is not vacuous).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGeneratedClient } from "../generated/client.js";
import { createIntercom, type IntercomClient } from "../src/index.js";
import { requestViolations, responseViolations, startPrism, type PrismMock } from "./support/prism.js";
import { specValidator } from "./support/spec-examples.js";
import { listOperations, type Operation } from "./support/spec.js";
import { validRequest, type RequestInit } from "./support/valid-request.js";
import { apiVersion, operations as generatedOperations } from "../generated/metadata.js";

type Call = (
  path: string,
  init: RequestInit & { parseAs?: string; headers?: Record<string, string> },
) => Promise<{ response: Response; data?: unknown; error?: unknown }>;

let prism: PrismMock;
let intercom: IntercomClient;
beforeAll(async () => {
  prism = await startPrism(apiVersion);
  intercom = createIntercom({ token: "test-token", baseUrl: prism.url, maxRetries: 0 });
}, 300_000);
afterAll(() => prism?.close());

async function call(
  client: unknown,
  method: string,
  path: string,
  init: RequestInit & { headers?: Record<string, string> },
) {
  const send = (client as Record<string, Call>)[method.toUpperCase()];
  if (!send) throw new Error(`no ${method} on the client`);
  // Read the body as text: the point here is what Prism says about the request.
  const { response, data, error } = await send(path, { ...init, parseAs: "text" });
  // openapi-fetch hands back an error body already parsed when it is JSON.
  const payload = data ?? error;
  const body = typeof payload === "string" ? payload : JSON.stringify(payload ?? null);
  return { response, body, violations: requestViolations(response, body) };
}

function successMediaTypes(operation: Operation): string[] {
  return Object.entries(operation.responses ?? {})
    .filter(([status]) => /^2\d\d$/.test(status))
    .flatMap(([, response]) => Object.keys(response.content ?? {}));
}

describe(`Prism (the ${apiVersion} spec with our fixes, request validation on)`, () => {
  it(`accepts a valid request to every one of the ${generatedOperations.length} operations, sent through createIntercom`, async () => {
    const compile = specValidator(prism.spec);
    const checkBody = (schema: unknown, body: unknown): string | undefined => {
      try {
        return compile(schema)(body) ? undefined : "Ajv rejects the body";
      } catch (error) {
        return `the body schema does not compile: ${(error as Error).message}`;
      }
    };
    const operations = listOperations(prism.spec);
    expect(operations).toHaveLength(generatedOperations.length);
    const rejected: string[] = [];
    const mockedAnswerBroken: string[] = [];
    const invalidBodies: string[] = [];
    for (const { method, path, operation } of operations) {
      const init = validRequest(prism.spec, path, operation, compile);
      // An operation whose success is not JSON (the data export download) is asked for its type.
      const accept = successMediaTypes(operation).find((type) => type !== "application/json");
      const headers: Record<string, string> =
        accept && !successMediaTypes(operation).includes("application/json") ? { Accept: accept } : {};
      const { response, violations } = await call(intercom, method, path, { ...init, headers });
      const label = `${operation.operationId} ${method.toUpperCase()} ${path}`;
      if (violations.length > 0 || response.status >= 400) {
        rejected.push(`${label}: ${response.status} ${violations.map((v) => v.message).join("; ")}`);
      }
      if (responseViolations(response).length > 0) mockedAnswerBroken.push(label);
      const bodySchema = operation.requestBody?.content?.["application/json"]?.schema;
      if (init.body !== undefined && bodySchema !== undefined) {
        const verdict = checkBody(bodySchema, init.body);
        if (verdict) invalidBodies.push(`${label}: ${verdict}`);
      }
    }
    expect(rejected).toEqual([]);
    // Prism 5.14 does not validate the three search bodies (their filter schema is recursive),
    // so every body sent here is also checked with Ajv against the overlaid schema. A body taken
    // from the spec's examples was already picked with this same validator (valid-request.ts), so
    // for those this only restates the choice; it checks the bodies sampled from a schema, and
    // that a schema compiles at all (an example is then not picked and a sample is sent).
    expect(invalidBodies).toEqual([]);
    // Prism answers with the spec's first example. The one left broken is a recorded
    // placeholder (see test/spec-examples.known-failures.json: GET /events, pages.next).
    expect(mockedAnswerBroken).toEqual(["lisDataEvents GET /events"]);
  }, 120_000);

  it("the raw generated client reaches the same mock (no facade)", async () => {
    const raw = createGeneratedClient({ baseUrl: prism.url, headers: { Authorization: "Bearer t" } });
    const { response, violations } = await call(raw, "get", "/contacts/{id}", {
      params: { path: { id: "c1" } },
    });
    expect(response.status).toBe(200);
    expect(violations).toEqual([]);
  });

  describe("rejects invalid requests (negative controls)", () => {
    const cases: { name: string; method: string; path: string; init: RequestInit; expect: RegExp }[] = [
      {
        name: "POST /contacts with an unknown property and no identifier",
        method: "post",
        path: "/contacts",
        init: { body: { bogus: 1 } },
        expect: /required|anyOf/,
      },
      {
        name: "POST /contacts/{id}/notes without the required note body",
        method: "post",
        path: "/contacts/{id}/notes",
        init: { params: { path: { id: "1" } }, body: { admin_id: "7" } },
        expect: /required property 'body'/,
      },
      {
        name: "PUT /contacts/{id} with a custom attribute that is an object",
        method: "put",
        path: "/contacts/{id}",
        init: { params: { path: { id: "1" } }, body: { custom_attributes: { plan: { nested: true } } } },
        expect: /custom_attributes/,
      },
      {
        name: "GET /contacts with a non-integer per_page",
        method: "get",
        path: "/contacts",
        init: { params: { query: { per_page: "many" } } },
        expect: /per_page|integer/,
      },
      {
        name: "PUT /tickets/{id} with a state Intercom does not have",
        method: "put",
        path: "/tickets/{id}",
        init: { params: { path: { id: "1" } }, body: { state: "exploded" } },
        expect: /allowed values|enum/,
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const { response, violations } = await call(intercom, c.method, c.path, c.init);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(violations.map((v) => v.message).join("\n")).toMatch(c.expect);
      });
    }

    it("a request without the bearer token", async () => {
      const raw = createGeneratedClient({ baseUrl: prism.url });
      const { response, violations } = await call(raw, "get", "/me", {});
      expect(response.status).toBe(401);
      expect(violations.map((v) => v.message).join("\n")).toMatch(/[Ss]ecurity|[Uu]nauthori[sz]ed/);
    });
  });
});
