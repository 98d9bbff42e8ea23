import { inspect } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiVersion,
  createIntercom,
  defaults,
  IntercomApiError,
  IntercomConnectionError,
  IntercomError,
  IntercomInvalidResponseError,
  IntercomNotFoundError,
  IntercomRateLimitError,
  IntercomServerError,
  IntercomTimeoutError,
  regions,
  unwrap,
  type IntercomOptions,
} from "../src/index.js";
import { serverRequestedWaitMs } from "../src/rate-limit/headers.js";
import { backoffMs } from "../src/retry.js";
import {
  errorReply,
  startFakeIntercom,
  withFakeIntercom,
  type FakeIntercom,
} from "./support/fake-intercom.js";

const TOKEN = "dG9rX3NlY3JldF9kb19ub3RfbGVhaw==";
const contact = { type: "contact", id: "c1", role: "user", email: "ada@example.com" };

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom();
  fake.on("GET", "/contacts/{id}", (r) =>
    r.params["id"] === "c1" ? { json: contact } : errorReply(404, "not_found", "User Not Found", "req-404"),
  );
  fake.on("POST", "/contacts", () => ({ json: contact }));
  fake.on("PUT", "/contacts/{id}", () => ({ json: contact }));
  fake.on("DELETE", "/contacts/{id}", () => ({ json: { type: "contact", id: "c1", deleted: true } }));
});
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  fake.rateLimit = undefined;
});

/** Fast backoff so that retry tests take milliseconds; the policy itself is unchanged. */
const client = (options: IntercomOptions = {}) =>
  createIntercom({
    token: TOKEN,
    baseUrl: fake.url,
    retry: { initialDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
const getContact = (intercom = client(), init: Record<string, unknown> = {}) =>
  intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } }, ...init });
const createContact = (intercom = client(), init: Record<string, unknown> = {}) =>
  intercom.POST("/contacts", { body: { email: "ada@example.com" }, ...init });

describe("construction", () => {
  it("needs a token, from options or INTERCOM_ACCESS_TOKEN", () => {
    const saved = process.env["INTERCOM_ACCESS_TOKEN"];
    try {
      delete process.env["INTERCOM_ACCESS_TOKEN"];
      expect(() => createIntercom()).toThrow(IntercomError);
      expect(() => createIntercom({ token: "  " })).toThrow(/No access token/);
      process.env["INTERCOM_ACCESS_TOKEN"] = "from-env";
      expect(createIntercom().baseUrl).toBe("https://api.intercom.io");
    } finally {
      if (saved === undefined) delete process.env["INTERCOM_ACCESS_TOKEN"];
      else process.env["INTERCOM_ACCESS_TOKEN"] = saved;
    }
  });

  it("trims the token and refuses one that cannot be a header, without echoing it", async () => {
    const secret = "abc\u0000def-SECRET";
    const error = (() => {
      try {
        createIntercom({ token: secret, baseUrl: fake.url });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(IntercomError);
    expect(String((error as Error).message)).not.toContain("SECRET");
    expect(() => createIntercom({ token: "t\u2019quote" })).toThrow(IntercomError);

    await getContact(createIntercom({ token: `${TOKEN}\n`, baseUrl: fake.url }));
    expect(fake.requests[0]?.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
  });

  it("maps regions to the spec's hosts", async () => {
    expect(regions).toEqual({
      us: "https://api.intercom.io",
      eu: "https://api.eu.intercom.io",
      au: "https://api.au.intercom.io",
    });
    for (const [region, host] of Object.entries(regions)) {
      const seen: string[] = [];
      const intercom = createIntercom({
        token: TOKEN,
        region: region as "us",
        // Captures the outgoing request instead of leaving the machine.
        fetch: async (request) => {
          seen.push(request.url);
          return Response.json({ type: "admin", id: "1" });
        },
      });
      await intercom.GET("/me");
      expect(seen).toEqual([`${host}/me`]);
    }
  });

  it("validates region, baseUrl, version and numbers", () => {
    expect(() => createIntercom({ token: TOKEN, region: "eu", baseUrl: fake.url })).toThrow(
      /either region or baseUrl/,
    );
    expect(() => createIntercom({ token: TOKEN, region: "mars" as "us" })).toThrow(/Unknown region "mars"/);
    expect(() => createIntercom({ token: TOKEN, baseUrl: "http://api.example.com" })).toThrow(/https/);
    expect(() => createIntercom({ token: TOKEN, baseUrl: "not a url" })).toThrow(/absolute URL/);
    expect(() => createIntercom({ token: TOKEN, baseUrl: "https://u:p@proxy.example" })).toThrow(
      /credentials/,
    );
    expect(createIntercom({ token: TOKEN, baseUrl: "https://proxy.example/intercom/" }).baseUrl).toBe(
      "https://proxy.example/intercom",
    );
    expect(createIntercom({ token: TOKEN, baseUrl: "http://localhost:9" }).baseUrl).toBe(
      "http://localhost:9",
    );
    expect(() => createIntercom({ token: TOKEN, version: "2.9" as typeof apiVersion })).toThrow(
      `generated for Intercom API ${apiVersion}; got version 2.9`,
    );
    expect(() => createIntercom({ token: TOKEN, maxRetries: -1 })).toThrow(IntercomError);
    expect(() => createIntercom({ token: TOKEN, retry: { maxRetries: 1.5 } })).toThrow(/whole number/);
    expect(() => createIntercom({ token: TOKEN, timeoutMs: 0 })).toThrow(IntercomError);
    // Past setTimeout's limit Node would fire the timer at once.
    expect(() => createIntercom({ token: TOKEN, timeoutMs: 2 ** 31 })).toThrow(IntercomError);
    expect(() => createIntercom({ token: TOKEN, retry: { maxDelayMs: 2 ** 31 } })).toThrow(IntercomError);
    expect(() => createIntercom({ token: TOKEN, timeoutMs: "5" as unknown as number })).toThrow(
      IntercomError,
    );
    expect(() => createIntercom({ token: TOKEN, retry: { maxDelayMs: Number.NaN } })).toThrow(IntercomError);
  });
});

describe("requests", () => {
  it("sends auth, version, accept and user-agent headers", async () => {
    const { data } = await getContact();
    expect(data).toEqual(contact);
    const [request] = fake.requests;
    expect(request?.headers["authorization"]).toBe(`Bearer ${TOKEN}`);
    expect(request?.headers["intercom-version"]).toBe(apiVersion);
    expect(request?.headers["accept"]).toBe("application/json");
    expect(request?.headers["user-agent"]).toMatch(/^intercom-fetch\/\d+\.\d+\.\d+ node\/\d+/);
  });

  it("keeps openapi-fetch semantics: HTTP errors are values", async () => {
    const result = await createIntercom({ token: TOKEN, baseUrl: fake.url }).GET("/contacts/{id}", {
      params: { path: { id: "nope" } },
    });
    expect(result.data).toBeUndefined();
    expect(result.error).toMatchObject({ type: "error.list", request_id: "req-404" });
    expect(result.response.status).toBe(404);
  });

  it("unwrap returns the data or throws the typed error", async () => {
    const intercom = client();
    expect(unwrap(await getContact(intercom))).toEqual(contact);
    const error = await unwrapError(intercom.GET("/contacts/{id}", { params: { path: { id: "nope" } } }));
    expect(error).toBeInstanceOf(IntercomNotFoundError);
    expect(error).toMatchObject({
      status: 404,
      code: "not_found",
      requestId: "req-404",
      method: "GET",
      path: "/contacts/{id}",
      url: `${fake.url}/contacts/nope`,
      errors: [{ code: "not_found", message: "User Not Found" }],
    });
    expect(error.message).toBe("GET /contacts/{id} failed with 404: not_found: User Not Found");
    expect(error.headers["x-request-id"]).toBe("req-404");
  });

  it("runs openapi-fetch middleware", async () => {
    const intercom = client();
    intercom.use({
      onRequest({ request }) {
        request.headers.set("X-Trace", "t-1");
        return request;
      },
    });
    await getContact(intercom);
    expect(fake.requests[0]?.headers["x-trace"]).toBe("t-1");
  });

  it("hands a middleware a response whose body it can read, registered or per request", async () => {
    const intercom = client();
    const seen: unknown[] = [];
    const logger = {
      async onResponse({ response }: { response: Response }) {
        seen.push(await response.clone().json());
      },
    };
    intercom.use(logger);
    expect((await getContact(intercom)).data).toEqual(contact);
    intercom.eject(logger);
    expect((await getContact(intercom)).data).toEqual(contact);
    expect((await getContact(intercom, { middleware: [logger] })).data).toEqual(contact);
    expect(seen).toEqual([contact, contact]);
    // A caller's own parseAs gets a body to read, too.
    const { data } = await intercom.GET("/contacts/{id}", {
      params: { path: { id: "c1" } },
      parseAs: "stream",
    });
    expect(await new Response(data).json()).toEqual(contact);
  });

  it("exposes the last rate-limit headers", async () => {
    const reset = Math.floor(Date.now() / 1000) + 10;
    fake.rateLimit = { limit: 1000, remaining: 998, reset };
    const intercom = client();
    expect(intercom.rateLimit).toBeUndefined();
    await getContact(intercom);
    expect(intercom.rateLimit).toEqual({ limit: 1000, remaining: 998, resetAt: new Date(reset * 1000) });
  });

  it("does not follow redirects: a 3xx is returned, and its target receives nothing", async () => {
    await withFakeIntercom(async (other) => {
      fake.fault({ kind: "reply", status: 302, headers: { Location: `${other.url}/contacts/c1` } });
      const result = await getContact();
      expect(result.response.status).toBe(302);
      expect(other.requests).toHaveLength(0);
      const error = await (async () => {
        fake.fault({ kind: "reply", status: 307, headers: { Location: `${other.url}/contacts` } });
        return unwrapError(createContact());
      })();
      expect(error.status).toBe(307);
      expect(other.requests).toHaveLength(0);
    });
  });

  it("refuses an Intercom-Version other than the one the types describe", async () => {
    const intercom = client();
    await expect(intercom.GET("/me", { params: { header: { "Intercom-Version": "2.9" } } })).rejects.toThrow(
      `Intercom-Version 2.9 requested, but this client is typed for ${apiVersion}`,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("ignores an empty or garbled rate-limit header instead of inventing a 1970 reset", async () => {
    fake.fault({
      kind: "reply",
      headers: { "X-RateLimit-Limit": "100", "X-RateLimit-Reset": "", "X-RateLimit-Remaining": "n/a" },
      json: contact,
    });
    const intercom = client();
    await getContact(intercom);
    expect(intercom.rateLimit).toEqual({ limit: 100, remaining: undefined, resetAt: undefined });
  });

  it("never sends the token to another origin", async () => {
    await withFakeIntercom(async (other) => {
      const intercom = client();
      await expect(getContact(intercom, { baseUrl: other.url })).rejects.toThrow(
        /only to the configured origin/,
      );
      expect(other.requests).toHaveLength(0);
    });
  });
});

describe("retries", () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it.each([
    ["Retry-After seconds", { "Retry-After": "0" }],
    ["Retry-After HTTP date", { "Retry-After": new Date(Date.now() - 1000).toUTCString() }],
    ["X-RateLimit-Reset", { "X-RateLimit-Reset": String(nowSeconds()) }],
  ])("retries a 429 (%s) for GET and for POST", async (_, headers) => {
    fake.fault({ kind: "reply", status: 429, headers, json: { type: "error.list", errors: [] } });
    expect((await getContact()).response.status).toBe(200);
    fake.fault({ kind: "reply", status: 429, headers, json: { type: "error.list", errors: [] } });
    expect((await createContact()).response.status).toBe(200);
    expect(fake.count("GET")).toBe(2);
    expect(fake.count("POST")).toBe(2);
  });

  it.each([408, 500, 502, 503, 504])("retries %i for idempotent methods only", async (status) => {
    const fault = {
      kind: "reply" as const,
      status,
      json: { type: "error.list", errors: [{ code: "server_error" }] },
    };
    fake.fault(fault);
    expect((await getContact()).response.status).toBe(200);
    fake.fault(fault);
    expect(
      (await client().PUT("/contacts/{id}", { params: { path: { id: "c1" } }, body: {} })).response.status,
    ).toBe(200);
    fake.fault(fault);
    expect(
      (await client().DELETE("/contacts/{id}", { params: { path: { id: "c1" } } })).response.status,
    ).toBe(200);
    fake.fault(fault);
    expect((await createContact()).response.status).toBe(status);
    expect(fake.count("GET")).toBe(2);
    expect(fake.count("PUT")).toBe(2);
    expect(fake.count("DELETE")).toBe(2);
    expect(fake.count("POST")).toBe(1);
  });

  it("retries a POST on 5xx when the caller opts in, per request or per client", async () => {
    const fault = { kind: "reply" as const, status: 503, json: { type: "error.list", errors: [] } };
    fake.fault(fault);
    expect((await createContact(client(), { retry: { retryNonIdempotent: true } })).response.status).toBe(
      200,
    );
    fake.fault(fault);
    expect(
      (await createContact(client({ retry: { retryNonIdempotent: true, initialDelayMs: 1 } }))).response
        .status,
    ).toBe(200);
    expect(fake.count("POST")).toBe(4);
  });

  it("retries the search endpoints, which read over POST, like GETs", async () => {
    fake.on("POST", "/contacts/search", () => ({ json: { type: "list", data: [], total_count: 0 } }));
    fake.fault({ kind: "reply", ...errorReply(502, "bad_gateway", "blip") });
    const result = await client().POST("/contacts/search", {
      body: { query: { field: "email", operator: "=", value: "ada@example.com" } },
    });
    expect(result.response.status).toBe(200);
    expect(fake.count("POST", "/contacts/search")).toBe(2);
  });

  it("a retried write sends the same body on every attempt", async () => {
    fake.fault({ kind: "reply", ...errorReply(503, "service_unavailable", "blip") });
    await client().PUT("/contacts/{id}", {
      params: { path: { id: "c1" } },
      body: { email: "z@example.com" },
    });
    expect(fake.requests.map((r) => r.body)).toEqual([
      '{"email":"z@example.com"}',
      '{"email":"z@example.com"}',
    ]);
  });

  it("does not retry other 4xx", async () => {
    fake.fault({ kind: "reply", ...errorReply(400, "parameter_invalid", "bad") });
    expect((await getContact()).response.status).toBe(400);
    expect(fake.count()).toBe(1);
  });

  it("stops after maxRetries, per client and per request", async () => {
    const fault = { kind: "reply" as const, ...errorReply(503, "service_unavailable", "down", "req-503") };
    fake.fault(fault, fault, fault, fault);
    const error = await unwrapError(getContact(client()));
    expect(error).toBeInstanceOf(IntercomServerError);
    expect(error.requestId).toBe("req-503");
    expect(fake.count()).toBe(3);

    fake.reset();
    fake.fault(fault);
    expect((await getContact(client({ maxRetries: 0 }))).response.status).toBe(503);
    expect(fake.count()).toBe(1);

    fake.reset();
    fake.fault(fault, fault, fault);
    expect((await getContact(client({ maxRetries: 0 }), { maxRetries: 3 })).response.status).toBe(200);
    expect(fake.count()).toBe(4);
  });

  it("fails fast with resetAt when the server asks for a wait above the maximum", async () => {
    const reset = nowSeconds() + 600;
    fake.fault({
      kind: "reply",
      ...errorReply(429, "rate_limit_exceeded", "Exceeded rate limit"),
      headers: {
        "X-RateLimit-Reset": String(reset),
        "X-RateLimit-Limit": "1000",
        "X-RateLimit-Remaining": "0",
      },
    });
    const error = await unwrapError(getContact());
    expect(error).toBeInstanceOf(IntercomRateLimitError);
    const rateLimited = error as IntercomRateLimitError;
    expect(rateLimited.resetAt).toEqual(new Date(reset * 1000));
    expect(rateLimited.limit).toBe(1000);
    expect(rateLimited.remaining).toBe(0);
    expect(fake.count()).toBe(1);

    fake.reset();
    fake.fault({ kind: "reply", status: 429, headers: { "Retry-After": "120" }, json: {} });
    expect((await getContact()).response.status).toBe(429);
    expect(fake.count()).toBe(1);
  });

  it("retries connection failures for GET, never silently for POST", async () => {
    fake.fault({ kind: "reset" });
    expect((await getContact()).response.status).toBe(200);
    expect(fake.count("GET")).toBe(2);

    fake.fault({ kind: "reset" });
    const error = await createContact().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomConnectionError);
    expect((error as IntercomConnectionError).cause).toBeInstanceOf(Error);
    expect(fake.count("POST")).toBe(1);
  });

  it("raises IntercomConnectionError after the retries when nothing listens", async () => {
    const dead = await startFakeIntercom();
    const url = dead.url;
    await dead.close();
    const error = await getContact(
      createIntercom({ token: TOKEN, baseUrl: url, retry: { initialDelayMs: 1 } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomConnectionError);
    expect((error as IntercomConnectionError).attempts).toBe(3);
    expect((error as Error).message).toMatch(/ECONNREFUSED/);
  });

  it("aborts a backoff sleep at once", async () => {
    fake.fault({ kind: "reply", status: 503, headers: { "Retry-After": "25" }, json: {} });
    const controller = new AbortController();
    const pending = getContact(client(), { signal: controller.signal });
    while (fake.count() === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    // The 25 s sleep would outlast this test's timeout (20 s, room for a loaded machine); the abort ends it.
    await expect(pending).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.count()).toBe(1);
  }, 20_000);
});

describe("timeouts and aborts", () => {
  it("raises IntercomTimeoutError per attempt, and retries it for GET", async () => {
    fake.fault({ kind: "delay", ms: 1_000 });
    expect((await getContact(client({ timeoutMs: 100 }))).response.status).toBe(200);
    expect(fake.count()).toBe(2);

    fake.reset();
    fake.fault({ kind: "delay", ms: 1_000 });
    const error = await createContact(client({ timeoutMs: 100 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomTimeoutError);
    expect(error).toMatchObject({ method: "POST", timeoutMs: 100, attempts: 1 });
    expect(fake.count()).toBe(1);
  });

  it("times out even a custom fetch that ignores the abort signal", async () => {
    fake.fault({ kind: "delay", ms: 1_000 });
    const intercom = client({
      timeoutMs: 100,
      maxRetries: 0,
      // Drops the signal on purpose: the timeout must not depend on the fetch honouring it.
      fetch: (request) => fetch(request.url, { method: request.method, headers: request.headers }),
    });
    await expect(getContact(intercom)).rejects.toBeInstanceOf(IntercomTimeoutError);
  });

  it("covers a body that stalls after the headers", async () => {
    fake.fault({ kind: "stall-body", ms: 1_000 });
    const error = await getContact(client({ timeoutMs: 100, maxRetries: 0 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomTimeoutError);
  });

  it("a garbage collection during an attempt loses neither the timeout nor the caller's abort", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    fake.fault({ kind: "delay", ms: 1_500 });
    const timedOut = getContact(client({ timeoutMs: 150, maxRetries: 0 })).catch((e: unknown) => e);
    setTimeout(gc, 40);
    expect(await timedOut).toBeInstanceOf(IntercomTimeoutError);

    fake.fault({ kind: "delay", ms: 1_500 });
    const controller = new AbortController();
    const aborted = getContact(client({ maxRetries: 0 }), { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    setTimeout(gc, 40);
    setTimeout(() => controller.abort(), 150);
    expect(await aborted).toMatchObject({ name: "AbortError" });
  });

  it("reports a caller's abort of a POST as AbortError (no retry hides it)", async () => {
    fake.fault({ kind: "delay", ms: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await createContact(client(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(error).not.toBeInstanceOf(IntercomError);
  });

  it("reports a caller's abort as AbortError, not a timeout", async () => {
    fake.fault({ kind: "delay", ms: 1_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await getContact(client({ timeoutMs: 5_000 }), { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).not.toBeInstanceOf(IntercomTimeoutError);
    expect(error).toMatchObject({ name: "AbortError" });
    expect(fake.count()).toBe(1);
  });
});

describe("errors", () => {
  it("turns an HTML error page into a clear IntercomApiError", async () => {
    fake.fault({
      kind: "reply",
      status: 502,
      headers: { "Content-Type": "text/html" },
      text: "<html><body><h1>502 Bad Gateway</h1></body></html>",
    });
    const error = await unwrapError(getContact(client({ maxRetries: 0 })));
    expect(error).toBeInstanceOf(IntercomServerError);
    expect(error.message).toBe(
      "GET /contacts/{id} failed with 502: non-JSON body (text/html): 502 Bad Gateway",
    );
    expect(error.code).toBeUndefined();
  });

  it("a 2xx whose body is not JSON is a typed error, not a SyntaxError", async () => {
    fake.fault({
      kind: "reply",
      status: 200,
      headers: { "Content-Type": "text/html" },
      text: "<h1>Sign in to the proxy</h1>",
    });
    const error = await getContact().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomInvalidResponseError);
    expect(error).toMatchObject({ status: 200, method: "GET", path: "/contacts/{id}" });
    expect((error as Error).message).toBe(
      "GET /contacts/{id} returned 200 with a body that is not JSON (text/html)",
    );

    fake.fault({ kind: "reply", status: 200, text: "" });
    expect((await getContact()).data).toBeUndefined();
    // parseAs "json" is the default, spelt out; any other parseAs is the caller's own.
    expect((await getContact(client(), { parseAs: "json" })).data).toEqual(contact);
    fake.fault({ kind: "reply", status: 200, text: "plain" });
    expect((await getContact(client(), { parseAs: "text" })).data).toBe("plain");
  });

  it("prefers the body's request_id to the header's, and maps every 5xx to IntercomServerError", async () => {
    fake.fault({
      kind: "reply",
      status: 500,
      headers: { "X-Request-Id": "hdr-9" },
      json: { type: "error.list", request_id: "body-9", errors: [{ code: "server_error" }] },
    });
    const error = await unwrapError(getContact(client({ maxRetries: 0 })));
    expect(error).toBeInstanceOf(IntercomServerError);
    expect(error.requestId).toBe("body-9");
  });

  it("handles an empty error body and a request id only in the header", async () => {
    fake.fault({ kind: "reply", status: 500, headers: { "X-Request-Id": "hdr-1" }, text: "" });
    const error = await unwrapError(getContact(client({ maxRetries: 0 })));
    expect(error.message).toMatch(/failed with 500: empty body/);
    expect(error.requestId).toBe("hdr-1");
  });

  it("never shows the token: message, properties, JSON.stringify, inspect", async () => {
    // A hostile proxy echoes the Authorization header back in its error body.
    fake.on("GET", "/echo", (r) => ({
      status: 401,
      json: {
        type: "error.list",
        errors: [{ code: "unauthorized", message: `bad ${String(r.headers["authorization"])}` }],
      },
    }));
    const intercom = client({ maxRetries: 0, timeoutMs: 100 });
    const apiError = await unwrapError(intercom.GET("/echo" as "/me"));
    fake.fault({ kind: "delay", ms: 500 });
    const timeout = await getContact(intercom).catch((e: unknown) => e);
    fake.fault({ kind: "reset" });
    const connection = await createContact(intercom).catch((e: unknown) => e);
    const offOrigin = await getContact(intercom, { baseUrl: "http://127.0.0.2:1" }).catch((e: unknown) => e);
    for (const error of [apiError, timeout, connection, offOrigin]) {
      expect(error).toBeInstanceOf(IntercomError);
      const views = [
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: Infinity, showHidden: true }),
      ];
      for (const view of views) expect(view).not.toContain(TOKEN);
    }
    expect(apiError.message).toContain("[redacted]");
  });
});

describe("retry policy (pure)", () => {
  const now = Date.parse("2026-11-26T12:00:00Z");
  const wait = (headers: Record<string, string>, status = 429) =>
    serverRequestedWaitMs(new Headers(headers), status, now);

  it("reads Retry-After as whole seconds or an HTTP date, and nothing looser", () => {
    expect(wait({ "Retry-After": "120" })).toBe(120_000);
    expect(wait({ "Retry-After": "Thu, 26 Nov 2026 12:00:30 GMT" })).toBe(30_000);
    for (const garbled of ["-5", "+5", "5, 10", "soon", "1.5", "2026-11-26"]) {
      expect(wait({ "Retry-After": garbled }), garbled).toBeUndefined();
    }
  });

  it("uses X-RateLimit-Reset only for a 429, never a reset in the past as a negative wait", () => {
    expect(wait({ "X-RateLimit-Reset": String(now / 1000 + 7) })).toBe(7_000);
    expect(wait({ "X-RateLimit-Reset": String(now / 1000 + 7) }, 503)).toBeUndefined();
    expect(wait({ "X-RateLimit-Reset": String(now / 1000 - 7) })).toBe(0);
  });

  it("backs off exponentially with jitter under the cap", () => {
    const policy = { ...defaults.retry };
    expect(backoffMs(policy, 1, () => 0)).toBe(250);
    expect(backoffMs(policy, 1, () => 1)).toBe(500);
    expect(backoffMs(policy, 3, () => 1)).toBe(2_000);
    expect(backoffMs(policy, 10, () => 1)).toBe(8_000);
  });
});

async function unwrapError(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<IntercomApiError> {
  try {
    unwrap(await call);
  } catch (error) {
    if (error instanceof IntercomApiError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}
