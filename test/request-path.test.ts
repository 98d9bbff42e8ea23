// openapi-fetch's semantics through createIntercom (issue 14): what reaches fetch, what middleware
// sees, which client options are taken. Where openapi-fetch defines the answer, the same call goes
// through bare openapi-fetch 0.17 and through createIntercom, each with a recording fetch, and the
// Requests are compared field by field; the rest runs over HTTP against the fake Intercom.
import createClient from "openapi-fetch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomConnectionError,
  IntercomError,
  IntercomInvalidResponseError,
  IntercomTimeoutError,
  isIntercomError,
  type IntercomOptions,
  type Middleware,
  type MiddlewareCallbackParams,
  type paths,
} from "../src/index.js";
import { startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { apiVersion } from "../generated/metadata.js";

const TOKEN = "tok_request_path";
const contact = { type: "contact", id: "c1", role: "user", email: "ada@example.com" };
const BASE = "http://127.0.0.1:9";

let fake: FakeIntercom;
beforeAll(async () => {
  fake = await startFakeIntercom();
  fake.on("GET", "/contacts/{id}", () => ({ json: contact }));
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

/** A fetch that keeps every Request it is given and answers with the contact. */
function recorder() {
  const seen: Request[] = [];
  const fetch = async (request: Request) => {
    seen.push(request);
    return new Response(JSON.stringify(contact), { headers: { "Content-Type": "application/json" } });
  };
  return { seen, fetch };
}

/** What openapi-fetch decides about a Request (our own headers and the redirect rule left out). */
function shape(request: Request) {
  const headers = [...request.headers].filter(
    ([name]) => !["authorization", "intercom-version", "accept", "user-agent"].includes(name),
  );
  const own = Object.fromEntries(Object.entries(request));
  return {
    class: request.constructor.name,
    url: request.url,
    method: request.method,
    headers,
    cache: request.cache,
    credentials: request.credentials,
    integrity: request.integrity,
    keepalive: request.keepalive,
    mode: request.mode,
    referrerPolicy: request.referrerPolicy,
    own,
  };
}

/** The Request the same call makes through bare openapi-fetch and through createIntercom. */
async function both(
  clientOptions: Record<string, unknown>,
  path: string,
  init: Record<string, unknown>,
  method: "GET" | "POST" = "GET",
) {
  const bare = recorder();
  const raw = createClient<paths>({ baseUrl: BASE, ...clientOptions, fetch: bare.fetch });
  await (raw[method] as (p: string, i: unknown) => Promise<unknown>)(path, init);
  const ours = recorder();
  const intercom = createIntercom({ token: TOKEN, baseUrl: BASE, ...clientOptions, fetch: ours.fetch });
  await (intercom[method] as (p: string, i: unknown) => Promise<unknown>)(path, init);
  const [a, b] = [bare.seen[0]!, ours.seen[0]!];
  return {
    bare: shape(a),
    ours: shape(b),
    bodies: [a.body ? await a.text() : null, b.body ? await b.text() : null],
    ourRequest: b,
  };
}

class TracedRequest extends Request {
  readonly traced = true;
}

describe("every openapi-fetch option reaches fetch", () => {
  it("RequestInit fields given per call (credentials, cache, mode, keepalive, referrerPolicy, integrity)", async () => {
    const init = {
      params: { path: { id: "c1" } },
      credentials: "include",
      cache: "no-store",
      mode: "same-origin",
      keepalive: true,
      referrerPolicy: "no-referrer",
      integrity: "sha256-abc",
    };
    const { bare, ours } = await both({}, "/contacts/{id}", init);
    expect(ours).toEqual(bare);
    expect(ours).toMatchObject({
      credentials: "include",
      cache: "no-store",
      mode: "same-origin",
      keepalive: true,
    });
  });

  it("RequestInit fields given to createIntercom, as createClient takes them", async () => {
    const options = { credentials: "omit", cache: "reload", referrerPolicy: "origin" } as const;
    const { bare, ours } = await both(options, "/contacts/{id}", { params: { path: { id: "c1" } } });
    expect(ours).toEqual(bare);
    expect(ours).toMatchObject(options);
  });

  it("a custom Request class, per client and per call, and extra init properties (priority, next)", async () => {
    const perClient = await both({ Request: TracedRequest }, "/contacts/{id}", {
      params: { path: { id: "c1" } },
      priority: "low",
      next: { revalidate: 60 },
    });
    expect(perClient.ours).toEqual(perClient.bare);
    expect(perClient.ourRequest).toBeInstanceOf(TracedRequest);
    expect(perClient.ours.own).toMatchObject({ traced: true, priority: "low", next: { revalidate: 60 } });
    const perCall = await both({}, "/contacts/{id}", {
      params: { path: { id: "c1" } },
      Request: TracedRequest,
    });
    expect(perCall.ourRequest).toBeInstanceOf(TracedRequest);
    expect(perCall.ours).toEqual(perCall.bare);
  });

  it("client-level querySerializer, bodySerializer and pathSerializer are applied as createClient applies them", async () => {
    const options = {
      querySerializer: { array: { style: "pipeDelimited", explode: false } },
      bodySerializer: (body: unknown) => `serialized:${JSON.stringify(body)}`,
      pathSerializer: (pathname: string, params: Record<string, unknown>) =>
        pathname.replace("{id}", `id-${String(params["id"])}`),
    };
    const { bare, ours, bodies } = await both(
      options,
      "/contacts/{id}",
      { params: { path: { id: "c1" }, query: { tags: ["a", "b"] } }, body: { x: 1 } },
      "POST",
    );
    expect(ours).toEqual(bare);
    expect(ours.url).toBe(`${BASE}/contacts/id-c1?tags=a|b`);
    expect(bodies[1]).toBe('serialized:{"x":1}');
    expect(bodies[1]).toBe(bodies[0]);
    // A function querySerializer too.
    const fn = await both({ querySerializer: () => "fixed=1" }, "/contacts/{id}", {
      params: { path: { id: "c1" }, query: { ignored: true } },
    });
    expect(fn.ours.url).toBe(`${BASE}/contacts/c1?fixed=1`);
    expect(fn.ours).toEqual(fn.bare);
  });

  it("explode, label and matrix path templates ({id*}, {.id}, {;id}) are serialized as openapi-fetch does", async () => {
    for (const [template, value] of [
      ["/contacts/{id*}", ["a", "b"]],
      ["/contacts/{.id}", "c1"],
      ["/contacts/{;id}", "c1"],
      ["/contacts/{;id*}", { x: "1", y: "2" }],
    ] as const) {
      const { bare, ours } = await both({}, template, { params: { path: { id: value } } });
      expect(ours.url).toBe(bare.url);
      expect(ours.url).not.toContain("%7B");
    }
  });

  it("a dot segment through a label or exploded template is still refused before sending", async () => {
    const { seen, fetch } = recorder();
    const intercom = createIntercom({ token: TOKEN, baseUrl: BASE, fetch });
    const get = intercom.GET as (path: string, init: unknown) => Promise<unknown>;
    await expect(get("/contacts/{.id}", { params: { path: { id: "." } } })).rejects.toThrow(
      /refusing to send/,
    );
    await expect(get("/contacts/{.id*}", { params: { path: { id: ["."] } } })).rejects.toThrow(
      /refusing to send/,
    );
    await expect(get("/contacts/{;id}", { params: { path: {} } })).rejects.toThrow(
      /path parameter id is missing/,
    );
    expect(seen).toHaveLength(0);
  });
});

describe("what reaches the wire", () => {
  /** What reached the server, less what differs between any two connections. */
  function wire(from: number) {
    return fake.requests.slice(from).map(({ method, rawTarget, headers, body }) => ({
      method,
      rawTarget,
      headers: Object.fromEntries(Object.entries(headers).filter(([name]) => name !== "connection")),
      body,
    }));
  }

  it("is the same bytes with or without middleware, a custom fetch or Request class, retries included", async () => {
    fake.on("POST", "/contacts/search", () => ({ json: { type: "list", data: [] } }));
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url, retry: { initialDelayMs: 1 } });
    const noOp: Middleware = { onRequest() {} };
    const ways = {
      direct: {},
      middleware: { middleware: [noOp] },
      "custom fetch": { fetch: (request: Request) => globalThis.fetch(request) },
      "Request class": { Request: class extends Request {} },
    };
    const sent: Record<string, unknown> = {};
    let way = "";
    for (const [name, extra] of Object.entries(ways)) {
      way = name;
      await sendBoth(extra);
    }
    expect(wire(0)).toHaveLength(16);
    expect((sent["direct"] as unknown[])[0]).toMatchObject({
      rawTarget: "/contacts/c%201%2F%C3%BC?tags=a%20b&tags=c",
      headers: { authorization: `Bearer ${TOKEN}`, "intercom-version": apiVersion, "x-trace": "t-1" },
    });
    for (const name of Object.keys(ways)) expect(sent[name], name).toEqual(sent["direct"]);

    async function sendBoth(extra: object) {
      const from = fake.requests.length;
      fake.fault({ kind: "reply", status: 503, json: { type: "error.list", errors: [] } });
      await intercom.GET("/contacts/{id}", {
        params: { path: { id: "c 1/ü" }, query: { tags: ["a b", "c"] } } as never,
        headers: { "X-Trace": "t-1" },
        ...extra,
      });
      fake.fault({ kind: "reply", status: 503, json: { type: "error.list", errors: [] } });
      await intercom.POST("/contacts/search", {
        body: { query: { field: "email", operator: "=", value: "ada@example.com" } },
        ...extra,
      });
      sent[way] = wire(from);
    }
  });

  it("refuses a body on a GET before sending, as the Request does (not retried as a connection failure)", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url });
    const pending = intercom.GET("/contacts/{id}", {
      params: { path: { id: "c1" } },
      body: { a: 1 },
    } as never);
    await expect(pending).rejects.toBeInstanceOf(TypeError);
    expect(fake.requests).toHaveLength(0);
  });

  it("a per-call signal of null or undefined replaces the client's, as openapi-fetch spreads them", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url, signal: AbortSignal.abort() });
    for (const signal of [null, undefined]) {
      const { data } = await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } }, signal });
      expect(data).toEqual(contact);
    }
    expect(fake.requests).toHaveLength(2);
  });

  it("one signal shared by many concurrent calls adds no listener warning", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url });
      const { signal } = new AbortController();
      await Promise.all(
        Array.from({ length: 24 }, () =>
          intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } }, signal }),
        ),
      );
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  });

  it("honours a client-level signal, and a per-call one, without sending once aborted", async () => {
    const aborted = AbortSignal.abort(new Error("stopped by the caller"));
    const viaClient = createIntercom({ token: TOKEN, baseUrl: fake.url, signal: aborted });
    const direct = createIntercom({ token: TOKEN, baseUrl: fake.url });
    for (const pending of [
      viaClient.GET("/contacts/{id}", { params: { path: { id: "c1" } } }),
      direct.GET("/contacts/{id}", { params: { path: { id: "c1" } }, signal: aborted }),
    ]) {
      await expect(pending).rejects.toThrow("stopped by the caller");
    }
    expect(fake.requests).toHaveLength(0);
  });

  it("leaves a signal that is not an AbortSignal to the Request, which refuses it before sending", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url });
    const pending = intercom.GET("/contacts/{id}", {
      params: { path: { id: "c1" } },
      signal: { aborted: false } as AbortSignal,
    });
    await expect(pending).rejects.toBeInstanceOf(TypeError);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("fetch: per client, per call", () => {
  it("a per-call fetch is used for that call (once per attempt), with auth added", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url, retry: { initialDelayMs: 1 } });
    const seen: Request[] = [];
    fake.fault({ kind: "reply", status: 503, json: { type: "error.list", errors: [] } });
    const { data } = await intercom.GET("/contacts/{id}", {
      params: { path: { id: "c1" } },
      fetch: (request: Request) => {
        seen.push(request);
        return globalThis.fetch(request);
      },
    });
    expect(data).toEqual(contact);
    expect(seen).toHaveLength(2);
    expect(seen[0]!.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(fake.requests).toHaveLength(2);
  });

  it("a per-call fetch replaces the client's fetch for that call only", async () => {
    const client = recorder();
    const call = recorder();
    const intercom = createIntercom({ token: TOKEN, baseUrl: BASE, fetch: client.fetch });
    await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } }, fetch: call.fetch });
    await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
    expect([client.seen.length, call.seen.length]).toEqual([1, 1]);
  });
});

describe("middleware sees what the caller passed", () => {
  it("options.parseAs is the caller's; options.fetch is the call's transport (a documented difference)", async () => {
    const seen: MiddlewareCallbackParams["options"][] = [];
    const spy: Middleware = {
      onRequest({ options }) {
        seen.push(options);
      },
    };
    const own = recorder();
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url });
    intercom.use(spy);
    await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
    await intercom.GET("/contacts/{id}", {
      params: { path: { id: "c1" } },
      parseAs: "text",
      fetch: own.fetch,
    });
    expect(seen[0]).toMatchObject({ parseAs: "json", baseUrl: fake.url });
    expect(seen[1]).toMatchObject({ parseAs: "text" });
    // openapi-fetch hands middleware the fetch it will call: here, the client's transport for this
    // call, which adds auth, retries and pacing, then calls the caller's fetch (docs/architecture.md).
    expect(seen[0]?.fetch).not.toBe(globalThis.fetch);
    expect(own.seen).toHaveLength(1);
    const viaMiddleware = await seen[1]!.fetch(new Request(`${fake.url}/contacts/c1`));
    expect(await viaMiddleware.json()).toEqual(contact);
    expect(own.seen).toHaveLength(2);
    expect(own.seen[1]?.headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
  });

  it("the request a middleware sees is the caller's (no token), and its changes reach every attempt", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url, retry: { initialDelayMs: 1 } });
    const requests: Request[] = [];
    intercom.use({
      onRequest({ request }) {
        requests.push(request);
        request.headers.set("X-Trace", "t-9");
      },
    });
    fake.fault({ kind: "reply", status: 502, json: {} });
    await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
    expect(requests[0]!.headers.get("authorization")).toBeNull();
    expect(fake.requests.map((r) => r.headers["x-trace"])).toEqual(["t-9", "t-9"]);
  });
});

describe("createIntercom's options", () => {
  it("accepts every option of openapi-fetch 0.17's createClient", () => {
    const options: Required<
      Pick<
        IntercomOptions,
        "Request" | "querySerializer" | "bodySerializer" | "pathSerializer" | "requestInitExt"
      >
    > = {
      Request,
      querySerializer: { allowReserved: true },
      bodySerializer: JSON.stringify,
      pathSerializer: (p) => p,
      requestInitExt: {},
    };
    expect(() =>
      createIntercom({
        token: TOKEN,
        baseUrl: BASE,
        ...options,
        credentials: "omit",
        cache: "no-cache",
        mode: "cors",
      }),
    ).not.toThrow();
  });

  it.each([["timeout"], ["retries"], ["dispatcher"], ["onRequest"]])(
    "refuses an unknown option %j with a typed error (a JavaScript caller's typo is not ignored)",
    (key) => {
      const options = { token: TOKEN, baseUrl: BASE, [key]: 1 } as unknown as IntercomOptions;
      let thrown: unknown;
      try {
        createIntercom(options);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(IntercomError);
      expect((thrown as Error).message).toContain(`unknown option "${key}"`);
    },
  );

  it("refuses an option of the wrong type", () => {
    expect(() => createIntercom({ token: TOKEN, baseUrl: BASE, Request: "Request" } as never)).toThrow(
      /Request must be a function/,
    );
    expect(() => createIntercom({ token: TOKEN, baseUrl: BASE, querySerializer: 1 } as never)).toThrow(
      IntercomError,
    );
  });
});

describe("errors", () => {
  it("are built from init objects", () => {
    const timeout = new IntercomTimeoutError({
      method: "POST",
      url: "u",
      timeoutMs: 5,
      attempts: 2,
      mayHaveBeenApplied: true,
    });
    expect(timeout).toMatchObject({
      method: "POST",
      url: "u",
      timeoutMs: 5,
      attempts: 2,
      mayHaveBeenApplied: true,
    });
    expect(timeout.message).toMatch(/^POST u timed out after 5 ms \(attempt 2\)/);
    const cause = new Error("reset");
    const connection = new IntercomConnectionError({ method: "GET", url: "u", attempts: 3, cause });
    expect(connection).toMatchObject({ method: "GET", attempts: 3, mayHaveBeenApplied: false, cause });
    const invalid = new IntercomInvalidResponseError({
      status: 200,
      headers: new Headers({ "content-type": "text/html" }),
      body: "<html>",
      method: "GET",
      path: "/me",
      url: "u",
      problem: "a body that is HTML",
    });
    expect(invalid.message).toBe("GET /me returned 200 with a body that is HTML (text/html)");
  });

  it("isIntercomError recognises every error of the package, and nothing else", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url });
    const thrown = await intercom
      .GET("/contacts/{id}", { params: { path: {} } } as never)
      .catch((e: unknown) => e);
    expect(isIntercomError(thrown)).toBe(true);
    expect(
      isIntercomError(new IntercomTimeoutError({ method: "GET", url: "u", timeoutMs: 1, attempts: 1 })),
    ).toBe(true);
    for (const other of [new Error("x"), { name: "IntercomError" }, null, undefined, "IntercomError"]) {
      expect(isIntercomError(other)).toBe(false);
    }
  });
});

describe("middleware and the call's own checks (a review of this round's request path)", () => {
  it("a middleware's own Request signal still ends the call when the client has a signal", async () => {
    fake.fault({ kind: "delay", ms: 1_500 });
    const intercom = createIntercom({
      token: TOKEN,
      baseUrl: fake.url,
      maxRetries: 0,
      signal: new AbortController().signal,
    });
    intercom.use({ onRequest: ({ request }) => new Request(request, { signal: AbortSignal.timeout(100) }) });
    const started = Date.now();
    const pending = intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
    await expect(pending).rejects.toMatchObject({ name: "TimeoutError" });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("a SyntaxError a middleware throws on a JSON 2xx is the middleware's, not an invalid body", async () => {
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url });
    intercom.use({ onResponse: () => void JSON.parse("{not the body}") });
    for (const parseAs of ["json", "text"] as const) {
      const pending = intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } }, parseAs });
      await expect(pending).rejects.toBeInstanceOf(SyntaxError);
    }
  });

  it("a response a middleware puts in place of Intercom's is not judged by Intercom's bytes", async () => {
    fake.fault({
      kind: "reply",
      status: 500,
      json: { type: "error.list", errors: [{ code: "server_error" }] },
    });
    const intercom = createIntercom({ token: TOKEN, baseUrl: fake.url, maxRetries: 0 });
    intercom.use({ onResponse: ({ response }) => (response.ok ? undefined : Response.json(0)) });
    const { data } = await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
    expect(data).toBe(0);
    // Intercom's own 2xx is still checked.
    fake.fault({ kind: "reply", status: 200, json: 0 });
    const plain = createIntercom({ token: TOKEN, baseUrl: fake.url });
    await expect(plain.GET("/contacts/{id}", { params: { path: { id: "c1" } } })).rejects.toBeInstanceOf(
      IntercomInvalidResponseError,
    );
  });
});
