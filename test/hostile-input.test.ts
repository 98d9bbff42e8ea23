// What a hostile or broken server, store or caller sends must not stall, freeze, misroute or
// duplicate (issue 21's findings on the request path): each case failed on 50f446b's behaviour.
import { getEventListeners } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomError,
  IntercomInvalidResponseError,
  unwrap,
  type IntercomOptions,
  type RateLimitEvent,
  type RateLimitStore,
  type StoreGrant,
} from "../src/index.js";
import { startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";

const TOKEN = "tok/hostile+input=";
const contact = { type: "contact", id: "c1" };

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom();
  fake.on("GET", "/contacts/{id}", () => ({ json: contact }));
  fake.on("DELETE", "/contacts/{id}", (r) => ({ json: { id: r.params["id"], deleted: true } }));
  fake.on("DELETE", "/companies/{id}", () => ({ json: { deleted: true } }));
  fake.on("GET", "/contacts", () => ({ json: { type: "list", data: [] } }));
  fake.on("POST", "/contacts", () => ({ status: 503, json: { type: "error.list", errors: [] } }));
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

let apps = 0;
const client = (options: IntercomOptions = {}) =>
  createIntercom({ token: `${TOKEN}${++apps}`, baseUrl: fake.url, ...options });

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error as Error,
  );

describe("path and query parameters (findings 1 and 8)", () => {
  it("an object whose key would escape the path is refused, nothing sent", async () => {
    const del = client().DELETE as (path: string, init: unknown) => Promise<unknown>;
    for (const id of [{ "/../../companies/123?": "x" }, { "a/b": "c" }, { x: { y: "z" } }, [[".."]]]) {
      const error = await rejection(del("/contacts/{id}", { params: { path: { id } } }));
      expect(error, JSON.stringify(id)).toBeInstanceOf(IntercomError);
      expect(error.message).toMatch(/refusing to send it/);
    }
    expect(fake.received).toBe(0);
  });

  it("a query parameter's name or object key that would add parameters is refused, nothing sent", async () => {
    const get = client().GET as (path: string, init: unknown) => Promise<unknown>;
    for (const query of [
      { email: { "]=1&per_page=150&role=admin&z[": "y" } },
      { "email=x&role": "admin" },
      { "a#b": "1" },
    ]) {
      const error = await rejection(get("/contacts", { params: { query } }));
      expect(error, JSON.stringify(query)).toBeInstanceOf(IntercomError);
      expect(error.message).toMatch(/not a plain name/);
    }
    expect(fake.received).toBe(0);
    // Plain names and keys still go, encoded.
    await get("/contacts", { params: { query: { per_page: 5, filter: { role: "a&b" } } } });
    expect(fake.requests[0]?.rawTarget).toBe("/contacts?per_page=5&filter[role]=a%26b");
  });
});

describe("retry options are checked like createIntercom's own (finding 5)", () => {
  it.each([
    ["retryNonIdempotent as a string", { retry: { retryNonIdempotent: "false" } }, /retryNonIdempotent/],
    ["retryNonIdempotent as a number", { retry: { retryNonIdempotent: 1 } }, /retryNonIdempotent/],
    ["a misspelt retry option", { retry: { retryNonIdempotant: true } }, /unknown retry option/],
    ["maxRetry for maxRetries", { retry: { maxRetry: 0 } }, /unknown retry option "maxRetry"/],
    ["retry as a string", { retry: "none" }, /retry must be an options object/],
  ])("refuses %s, per client and per call, before anything is sent", async (_, options, message) => {
    expect(() => client(options as never)).toThrow(message);
    const post = client().POST as (path: string, init: unknown) => Promise<unknown>;
    const error = await rejection(post("/contacts", { body: { email: "a@example.com" }, ...options }));
    expect(error).toBeInstanceOf(IntercomError);
    expect(error.message).toMatch(message);
    expect(fake.received).toBe(0);
  });

  it("a POST with a valid policy is sent once on a 503 (no duplicate write)", async () => {
    const result = await client({ retry: { initialDelayMs: 1 } }).POST("/contacts", {
      body: { email: "a@example.com" } as never,
    });
    expect(result.response.status).toBe(503);
    expect(fake.received).toBe(1);
  });
});

describe("response bodies are bounded (finding 6)", () => {
  let endless: Server;
  let url: string;
  let sent = 0;
  beforeAll(async () => {
    // Answers 200 and writes 64 KiB chunks until the client goes away (or 256 MiB, a bound of its own).
    endless = createServer((_, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const write = () => {
        while (sent < 256 * 1024 * 1024 && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", write);
        }
        res.end();
      };
      write();
    });
    await new Promise<void>((resolve) => endless.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => endless.close(() => resolve())));
  afterEach(() => {
    sent = 0;
  });

  it("an endless body fails the call with IntercomInvalidResponseError at maxResponseBytes, not at the timeout", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: url, maxResponseBytes: 1024 * 1024 });
    const error = await rejection(intercom.GET("/me"));
    expect(error).toBeInstanceOf(IntercomInvalidResponseError);
    expect(error.message).toMatch(/a body over maxResponseBytes \(1048576\)/);
    // The read stopped near the cap: the server could not send much beyond it and its socket buffers.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it('parseAs: "stream" hands the body over unread (the caller reads what it wants)', async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: url });
    const { data } = await intercom.GET("/me", { parseAs: "stream" });
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.value?.byteLength).toBeGreaterThan(0);
    await reader.cancel();
    expect(sent).toBeLessThan(64 * 1024 * 1024);
  });

  it("refuses a maxResponseBytes that is not a positive number", () => {
    expect(() => createIntercom({ token: TOKEN, maxResponseBytes: 0 })).toThrow(/maxResponseBytes/);
    expect(() => createIntercom({ token: TOKEN, maxResponseBytes: "1e6" as never })).toThrow(
      /maxResponseBytes/,
    );
  });
});

describe("a store that misbehaves is a store that is down (finding 3)", () => {
  const answers: [string, StoreGrant][] = [
    ["strings", { granted: "0", window: "w", waitMs: "100" } as never],
    ["a NaN wait", { granted: 0, window: "w", waitMs: NaN }],
    ["a zero wait", { granted: 0, window: "w", waitMs: 0 }],
    ["a negative wait", { granted: 0, window: "w", waitMs: -5 }],
    ["null", null as never],
    ["more grants than asked", { granted: 99, window: "w", waitMs: 1 }],
  ];
  it.each(answers)(
    "answering %s: every call completes, paced in-process, and the fault is told",
    async (_, grant) => {
      let asked = 0;
      const events: RateLimitEvent[] = [];
      const store: RateLimitStore = {
        acquire: () => (asked++, grant),
        report: () => undefined,
      };
      const intercom = client({ rateLimit: { store, onEvent: (event) => events.push(event) } });
      const results = await Promise.all(
        Array.from({ length: 5 }, () => intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } })),
      );
      expect(results.map((r) => r.response.status)).toEqual([200, 200, 200, 200, 200]);
      expect(events[0]).toMatchObject({ type: "store-unavailable" });
      // Not a busy loop: the store is tried again only after storeRetryMs.
      expect(asked).toBeLessThan(5);
    },
  );

  it("a store that never answers holds a call no longer than storeTimeoutMs before pacing in-process", async () => {
    const store: RateLimitStore = { acquire: () => new Promise(() => undefined), report: () => undefined };
    const intercom = client({ rateLimit: { store, storeTimeoutMs: 50, onEvent: () => undefined } });
    const result = await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
    expect(result.response.status).toBe(200);
  });
});

describe("the token is scrubbed from what a server echoes (finding 9)", () => {
  it("as it is, URL-encoded, JSON-escaped, and in a JSON key, from the error and its body", async () => {
    const token = `${TOKEN}echo`;
    const forms = [token, encodeURIComponent(token), token.replaceAll("/", "\\/")];
    fake.fault({
      kind: "reply",
      status: 400,
      headers: { "X-Echo": token },
      text: `{"type":"error.list","errors":[{"code":"bad","message":"${forms[1]} ${forms[2]}"}],"${forms[2]}":1}`,
    });
    const intercom = createIntercom({ token, baseUrl: fake.url, maxRetries: 0 });
    const result = await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
    const error = await rejection(Promise.resolve().then(() => unwrap(result)));
    const seen = [
      JSON.stringify(result.error),
      error.message,
      JSON.stringify(error),
      String(result.response.headers.get("x-echo")),
    ];
    for (const text of seen) for (const form of forms) expect(text).not.toContain(form);
    expect(JSON.stringify(result.error)).toContain("[redacted]");
  });
});

describe("a long-lived signal (finding 12)", () => {
  it("one signal over 2,000 calls collects no abort listeners (no MaxListenersExceededWarning)", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const controller = new AbortController();
      const intercom = client({ signal: controller.signal });
      for (let i = 0; i < 2_000; i++) {
        await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } }, signal: controller.signal });
      }
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
  });

  it("one signal over 2,000 calls in flight at once: one abort listener on it, no warning, and it still aborts", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const controller = new AbortController();
    try {
      const intercom = client({ signal: controller.signal });
      let most = 0;
      const calls = Array.from({ length: 2_000 }, () =>
        intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } }).then(() => {
          most = Math.max(most, getEventListeners(controller.signal, "abort").length);
        }),
      );
      await Promise.all(calls);
      await new Promise((resolve) => setImmediate(resolve));
      expect(most).toBeLessThanOrEqual(1);
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);
    // The one listener still ends what waits on the signal.
    fake.fault({ kind: "stall-body", ms: 5_000 });
    const pending = client({ signal: controller.signal }).GET("/contacts/{id}", {
      params: { path: { id: "c1" } },
    });
    setTimeout(() => controller.abort(new Error("stopped")), 50);
    await expect(pending).rejects.toThrow("stopped");
  });
});

describe("the token is scrubbed from a walk's errors (finding 9)", () => {
  it("a pages.next that echoes the token: neither the error's message nor its cursor holds it", async () => {
    const token = `${TOKEN}walk`;
    const forms = [token, encodeURIComponent(token)];
    // A link list (the events) whose next link echoes the token, then a page that is not a page.
    fake.on("GET", "/events", (r) =>
      r.query.has("page2")
        ? { json: { type: "event.list", events: "not a list" } }
        : {
            json: {
              type: "event.list",
              events: [{ type: "event", id: "e1" }],
              pages: { next: `${fake.url}/events?page2=1&echo=${encodeURIComponent(token)}` },
            },
          },
    );
    fake.on("GET", "/other", () => ({ json: {} }));
    const intercom = createIntercom({ token, baseUrl: fake.url });
    const walk = intercom.paginate("/events", {
      params: { query: { type: "user", user_id: "u1" } },
    } as never);
    const error = await rejection(
      (async () => {
        for await (const _ of walk) void _;
      })(),
    );
    expect(error).toBeInstanceOf(IntercomError);
    const seen = [error.message, JSON.stringify((error as IntercomError).cursor)];
    for (const text of seen) for (const form of forms) expect(text).not.toContain(form);
    expect(JSON.stringify((error as IntercomError).cursor)).toContain("[redacted]");
  });
});

describe("rate-limit headers out of range (finding 2, at the client)", () => {
  it("are ignored, told once through onEvent, and never hold a call", async () => {
    const events: RateLimitEvent[] = [];
    const intercom = client({ rateLimit: { onEvent: (event) => events.push(event) } });
    for (let i = 0; i < 3; i++) {
      fake.fault({
        kind: "reply",
        json: contact,
        headers: {
          "X-RateLimit-Limit": "1000",
          "X-RateLimit-Remaining": "0",
          "X-RateLimit-Reset": "9".repeat(400),
        },
      });
      const result = await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
      expect(result.response.status).toBe(200);
    }
    expect(events).toEqual([{ type: "header-ignored", header: "X-RateLimit-Reset", value: "9".repeat(64) }]);
    expect(intercom.rateLimit).toEqual({ limit: 1000, remaining: 0, resetAt: undefined });
  });
});

// Found by an adversarial review of the new request path; each failed before its fix.
describe("review findings on the new request path", () => {
  let server: Server;
  let url: string;
  let inFlight = 0;
  let maxInFlight = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === "/slow") {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        setTimeout(() => {
          inFlight--;
          res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
        }, 300);
        return;
      }
      if (req.url === "/drip") {
        res.writeHead(200, { "Content-Type": "application/json" });
        const drip = setInterval(() => res.write(" "), 20);
        res.on("close", () => clearInterval(drip));
        return;
      }
      req.resume();
      req.on("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("maxConcurrency stays a cap after a waiter's deadline passes", async () => {
    maxInFlight = 0;
    const intercom = createIntercom({
      token: TOKEN,
      baseUrl: url,
      maxRetries: 0,
      retry: { maxRetryAfterMs: 100 },
      rateLimit: { maxConcurrency: 1 },
    });
    const get = intercom.GET as (path: string) => Promise<unknown>;
    await Promise.all([get("/slow"), get("/slow"), get("/slow")]);
    expect(maxInFlight).toBe(1);
  });

  it('a stream handed over with parseAs: "stream" still ends at the caller\'s abort', async () => {
    const controller = new AbortController();
    const intercom = createIntercom({ token: TOKEN, baseUrl: url });
    const get = intercom.GET as (path: string, init: unknown) => Promise<{ data?: unknown }>;
    const { data } = await get("/drip", { parseAs: "stream", signal: controller.signal });
    const reader = (data as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort(new Error("caller abort"));
    await expect(
      (async () => {
        for (let i = 0; i < 500; i++) if ((await reader.read()).done) return "ended";
        return "still reading";
      })(),
    ).rejects.toThrow();
  });

  it("a streamed request body that stalls ends at timeoutMs with IntercomTimeoutError", async () => {
    const intercom = createIntercom({
      token: TOKEN,
      baseUrl: url,
      maxRetries: 0,
      timeoutMs: 200,
      duplex: "half",
    } as never);
    const stalled = () => new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"a":')) });
    const post = intercom.POST as (path: string, init: unknown) => Promise<unknown>;
    const error = await rejection(post("/notes", { body: {}, bodySerializer: stalled }));
    expect(error.name).toBe("IntercomTimeoutError");
  });

  it("a custom fetch's body without a stream (node-fetch style) is bounded by timeoutMs", async () => {
    const fetch = async () =>
      ({
        ok: true,
        status: 200,
        headers: new Headers(),
        url,
        body: {},
        arrayBuffer: () => new Promise(() => undefined),
      }) as unknown as Response;
    const intercom = createIntercom({ token: TOKEN, baseUrl: url, maxRetries: 0, timeoutMs: 200, fetch });
    const error = await rejection(intercom.GET("/me"));
    expect(error.name).toBe("IntercomTimeoutError");
  });

  it("a store whose acquire answers garbage while its report works is down once, not flapping", async () => {
    const events: string[] = [];
    const store: RateLimitStore = { acquire: () => ({ granted: "x" }) as never, report: () => undefined };
    const intercom = createIntercom({
      token: TOKEN,
      baseUrl: url,
      rateLimit: { store, storeRetryMs: 20, onEvent: (event) => events.push(event.type) },
    });
    for (let i = 0; i < 20; i++) {
      await intercom.GET("/me");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(events).toEqual(["store-unavailable"]);
  });

  it("a late grant whose fields throw is no unhandled rejection", async () => {
    const store: RateLimitStore = {
      acquire: () =>
        new Promise((resolve) =>
          setTimeout(
            () =>
              resolve({
                get granted(): number {
                  throw new Error("getter");
                },
              } as never),
            50,
          ),
        ),
      report: () => undefined,
    };
    const intercom = createIntercom({
      token: TOKEN,
      baseUrl: url,
      rateLimit: { store, storeTimeoutMs: 10, onEvent: () => undefined },
    });
    expect((await intercom.GET("/me")).response.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
  });
});
