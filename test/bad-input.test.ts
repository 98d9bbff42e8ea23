// The bad-input matrix: hostile or broken responses and mistaken caller input, each over real HTTP
// against the fake Intercom. Every row ends in a typed error or correct handling, within a bound,
// with no unhandled rejection.
//
// Rows already tested elsewhere (not repeated here):
// - a 2xx HTML page, a 5xx HTML page, an empty 2xx body, an empty 5xx body: facade.test.ts "errors"
// - a redirect (302, 307) to another host, whose target receives nothing: facade.test.ts "requests"
// - a Retry-After above maxRetryAfterMs (120 s): facade.test.ts "fails fast with resetAt…"
// - garbled X-RateLimit-* headers on a 200: facade.test.ts "ignores an empty or garbled rate-limit header…"
// - an empty or whitespace token, a token with NUL or a non-ASCII character, a trailing newline:
//   facade.test.ts "construction"
// - a baseUrl with credentials, a plain-http remote baseUrl, a non-URL: facade.test.ts "validates…"
// - a pages.next link to another origin, outside a proxy prefix, malformed: pagination.test.ts "control"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomApiError,
  IntercomConnectionError,
  IntercomError,
  IntercomInvalidResponseError,
  IntercomPaginationError,
  IntercomRateLimitError,
  unwrap,
  type IntercomClient,
} from "../src/index.js";
import { errorReply, startFakeIntercom, type FakeIntercom, type Fault } from "./support/fake-intercom.js";

const TOKEN = "bad-input-token-7c1d";
const contact = { type: "contact", id: "c1", email: "ada@example.com" };

let fake: FakeIntercom;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  fake = await startFakeIntercom();
  fake.on("GET", "/contacts/{id}", (r) => ({ json: { ...contact, id: r.params["id"] } }));
  fake.on("GET", "/contacts", () => ({
    json: { type: "list", data: [contact], pages: { type: "pages", page: 1, total_pages: 1 } },
  }));
});
afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await fake.close();
});
afterEach(async () => {
  fake.reset();
  // A rejection nobody handled is reported on a later tick.
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(unhandled).toEqual([]);
});

const client = (options: Parameters<typeof createIntercom>[0] = {}): IntercomClient =>
  createIntercom({
    token: TOKEN,
    baseUrl: fake.url,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
const getContact = (id = "c1", intercom = client()) =>
  intercom.GET("/contacts/{id}", { params: { path: { id } } }).then(unwrap);
const walkContacts = async (intercom = client()) => {
  const ids: string[] = [];
  for await (const item of intercom.paginate("/contacts")) ids.push(String(item.id));
  return ids;
};

type Outcome =
  | { error: new (...args: never[]) => IntercomError; message?: RegExp; check?: (error: never) => void }
  | { value: (value: never) => void };

interface Row {
  input: string;
  faults?: Fault[];
  run: () => Promise<unknown>;
  outcome: Outcome;
  /** Requests the fake must have received (default: not checked). */
  received?: number;
}

const body200 = (text: string, type = "application/json"): Fault => ({
  kind: "reply",
  status: 200,
  headers: { "Content-Type": type },
  text,
});
const rateLimited = (headers: Record<string, string>): Fault => ({
  kind: "reply",
  ...errorReply(429, "rate_limit_exceeded", "slow down"),
  headers,
});
const now = () => Math.floor(Date.now() / 1000);

const responses: Row[] = [
  {
    input: "200 with the JSON literal null",
    faults: [body200("null")],
    run: () => getContact(),
    outcome: {
      error: IntercomInvalidResponseError,
      message: /returned 200 with a JSON body that is not an object \(null\)/,
    },
  },
  {
    input: "200 with truncated JSON (a complete HTTP message)",
    faults: [body200('{"type":"contact","id":"c1","em')],
    run: () => getContact(),
    outcome: {
      error: IntercomInvalidResponseError,
      message: /a body that is not JSON \(application\/json\)/,
    },
    received: 1,
  },
  {
    input: "200 whose connection drops mid-body, then a good answer",
    faults: [{ kind: "truncate" }],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 2,
  },
  {
    input: "200 whose connection drops mid-body, every attempt",
    faults: [{ kind: "truncate" }, { kind: "truncate" }, { kind: "truncate" }],
    run: () => getContact(),
    outcome: {
      error: IntercomConnectionError,
      check: (e: IntercomConnectionError) => expect(e.attempts).toBe(3),
    },
    received: 3,
  },
  {
    input: "200 with JSON under Content-Type text/plain",
    faults: [body200(JSON.stringify(contact), "text/plain")],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
  },
  {
    input: "200 with an HTML body under Content-Type application/json",
    faults: [body200("<html><body>Sign in</body></html>")],
    run: () => getContact(),
    outcome: { error: IntercomInvalidResponseError, message: /not JSON \(application\/json\)/ },
  },
  {
    input: "200 with an error.list body",
    faults: [{ kind: "reply", ...errorReply(200, "token_not_found", "Token not found"), status: 200 }],
    run: () => getContact(),
    outcome: {
      error: IntercomInvalidResponseError,
      message: /returned 200 with an error.list body/,
      check: (e: IntercomInvalidResponseError) =>
        expect([e.status, e.code]).toEqual([200, "token_not_found"]),
    },
  },
  {
    input: "paginated 200 without its items array",
    faults: [{ kind: "reply", json: { type: "list", pages: { type: "pages", page: 1, total_pages: 3 } } }],
    run: () => walkContacts(),
    outcome: {
      error: IntercomPaginationError,
      message: /expected an array at data in the response, got undefined/,
      check: (e: IntercomPaginationError) => expect(e.cursor).toEqual({ first: true }),
    },
  },
  {
    input: "paginated 200 whose items are an object",
    faults: [{ kind: "reply", json: { type: "list", data: { id: "c1" } } }],
    run: () => walkContacts(),
    outcome: {
      error: IntercomPaginationError,
      message: /expected an array at data in the response, got object/,
    },
  },
  {
    input: "paginated 200 with the body null",
    faults: [body200("null")],
    run: () => walkContacts(),
    outcome: {
      error: IntercomInvalidResponseError,
      check: (e: IntercomInvalidResponseError) => expect(e.cursor).toEqual({ first: true }),
    },
  },
  {
    input: "429 with Retry-After: 99999999999999999999 (seconds)",
    faults: [rateLimited({ "Retry-After": "99999999999999999999" })],
    run: () => getContact(),
    outcome: {
      error: IntercomRateLimitError,
      // No sleep, and no Invalid Date for a wait past the end of representable time.
      check: (e: IntercomRateLimitError) => {
        expect(e.retryAfterMs).toBe(Number("99999999999999999999") * 1000);
        expect(e.resetAt).toBeUndefined();
      },
    },
    received: 1,
  },
  {
    input: "429 with a 400-digit Retry-After",
    faults: [rateLimited({ "Retry-After": "9".repeat(400) })],
    run: () => getContact(),
    outcome: {
      error: IntercomRateLimitError,
      check: (e: IntercomRateLimitError) => expect(e.resetAt).toBeUndefined(),
    },
    received: 1,
  },
  {
    input: "429 with Retry-After: -5",
    faults: [rateLimited({ "Retry-After": "-5" })],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 2,
  },
  {
    input: "429 with a negative X-RateLimit-Reset",
    faults: [rateLimited({ "X-RateLimit-Reset": "-1700000000" })],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 2,
  },
  {
    input: "429 with a non-numeric X-RateLimit-Reset",
    faults: [rateLimited({ "X-RateLimit-Reset": "soon" })],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 2,
  },
  // A reset more than a day from our clock is out of range (src/rate-limit/headers.ts): read as
  // absent, like a garbled one, so the 429 is retried after the backoff (issue 21 #2, #4, #11).
  {
    input: "429 with X-RateLimit-Reset a year away",
    faults: [rateLimited({ "X-RateLimit-Reset": String(now() + 365 * 86400) })],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 2,
  },
  {
    input: "429 with X-RateLimit-Reset in milliseconds by mistake (year 50000+)",
    faults: [rateLimited({ "X-RateLimit-Reset": String(Date.now()) })],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 2,
  },
  {
    input: "429s with X-RateLimit-Reset 1e16 (a wait past 2^63 ms) until the retries end",
    faults: [1, 2, 3].map(() => rateLimited({ "X-RateLimit-Reset": "10000000000000000" })),
    run: () => getContact(),
    outcome: {
      error: IntercomRateLimitError,
      check: (e: IntercomRateLimitError) => {
        expect(e.resetAt).toBeUndefined();
        expect(e.retryAfterMs).toBeUndefined();
      },
    },
    received: 3,
  },
  {
    input: "503 with Retry-After in a loose date format",
    faults: [
      { kind: "reply", ...errorReply(503, "unavailable", "x"), headers: { "Retry-After": "tomorrow 10am" } },
    ],
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 2,
  },
  {
    input: "308 redirect of a POST to another host",
    faults: [{ kind: "reply", status: 308, headers: { Location: "http://127.0.0.2:9/contacts" } }],
    run: () =>
      client()
        .POST("/contacts", { body: { email: "ada@example.com" } })
        .then(unwrap),
    outcome: { error: IntercomApiError, check: (e: IntercomApiError) => expect(e.status).toBe(308) },
    received: 1,
  },
];

const callerInput: Row[] = [
  {
    input: "a token with a newline inside",
    run: async () => createIntercom({ token: "abc\ndef", baseUrl: fake.url }),
    outcome: { error: IntercomError, message: /cannot be sent in a header \(it was not echoed\)/ },
    received: 0,
  },
  {
    input: "a token with CRLF and a header after it",
    run: async () => createIntercom({ token: "abc\r\nX-Evil: 1", baseUrl: fake.url }),
    outcome: { error: IntercomError, message: /cannot be sent in a header/ },
    received: 0,
  },
  {
    input: "baseUrl http://127.0.0.1:<port> (tests, local mocks)",
    run: () => getContact(),
    outcome: { value: (data: typeof contact) => expect(data).toEqual(contact) },
    received: 1,
  },
  {
    input: "baseUrl http://127.0.0.1.evil.example (not loopback)",
    run: async () => createIntercom({ token: TOKEN, baseUrl: "http://127.0.0.1.evil.example" }),
    outcome: { error: IntercomError, message: /must use https/ },
  },
  {
    input: "baseUrl http://localhost.evil.example (not loopback)",
    run: async () => createIntercom({ token: TOKEN, baseUrl: "http://localhost.evil.example:8080" }),
    outcome: { error: IntercomError, message: /must use https/ },
  },
  {
    input: "baseUrl https://user@proxy.example (credentials without a password)",
    run: async () => createIntercom({ token: TOKEN, baseUrl: "https://user@proxy.example" }),
    outcome: { error: IntercomError, message: /credentials/ },
  },
  {
    input: "baseUrl ftp://proxy.example",
    run: async () => createIntercom({ token: TOKEN, baseUrl: "ftp://proxy.example" }),
    outcome: { error: IntercomError, message: /must use https/ },
  },
];

/** Path parameters: the server must see one encoded segment, or nothing at all. */
const pathParams: { id: string; rawTarget?: string }[] = [
  { id: "a/b", rawTarget: "/contacts/a%2Fb" },
  { id: "../admins", rawTarget: "/contacts/..%2Fadmins" },
  { id: "../../me", rawTarget: "/contacts/..%2F..%2Fme" },
  { id: "a/../b", rawTarget: "/contacts/a%2F..%2Fb" },
  { id: "..%2F..", rawTarget: "/contacts/..%252F.." },
  { id: "%2e%2e", rawTarget: "/contacts/%252e%252e" },
  { id: "c1?x=1#y", rawTarget: "/contacts/c1%3Fx%3D1%23y" },
  { id: "...", rawTarget: "/contacts/..." },
  { id: ".." },
  { id: "." },
  { id: "" },
];

for (const { id, rawTarget } of pathParams) {
  callerInput.push(
    rawTarget
      ? {
          input: `path param ${JSON.stringify(id)}`,
          run: async () => {
            const data = await getContact(id);
            return { data, seen: fake.requests[0]?.rawTarget };
          },
          outcome: {
            value: (result: { data: typeof contact; seen: string }) => {
              expect(result.seen).toBe(rawTarget);
              expect(result.data.id).toBe(id); // the route decoded exactly the caller's value
            },
          },
          received: 1,
        }
      : {
          input: `path param ${JSON.stringify(id)}`,
          run: () => getContact(id),
          outcome: { error: IntercomError, message: /would change the request's path; refusing to send it/ },
          received: 0,
        },
  );
}
callerInput.push({
  input: "a missing path param (untyped caller)",
  run: () => client().GET("/contacts/{id}", { params: { path: {} } } as never),
  outcome: { error: IntercomError, message: /path parameter id is missing/ },
  received: 0,
});

describe.each([
  ["responses", responses],
  ["caller input", callerInput],
])("bad input: %s", (_, rows) => {
  // 20 s: room for a loaded machine, and still short of the 30 s a wrongly honoured wait would take.
  it.each(rows.map((row) => [row.input, row] as const))("%s", { timeout: 20_000 }, async (_, row) => {
    if (row.faults) fake.fault(...row.faults);
    const settled = await row.run().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if ("error" in row.outcome) {
      expect(settled.ok, "expected a typed error").toBe(false);
      const error = (settled as { error: Error }).error;
      expect(error).toBeInstanceOf(row.outcome.error);
      if (row.outcome.message) expect(error.message).toMatch(row.outcome.message);
      row.outcome.check?.(error as never);
    } else {
      if (!settled.ok) throw settled.error;
      row.outcome.value(settled.value as never);
    }
    if (row.received !== undefined) expect(fake.received).toBe(row.received);
  });
});
