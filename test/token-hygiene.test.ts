// The access token goes to the configured origin and nowhere else: not to another host (redirects,
// pages.next links, mistakes in paths, middleware or baseUrl), not into an error however it is
// printed, not into the client's inspection, not into any log line.
import { inspect } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createIntercom, IntercomError, unwrap, type IntercomClient } from "../src/index.js";
import { errorReply, startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { installLists } from "./support/lists.js";

const TOKEN = "tok_hygiene_5e0c9a7b31";

let fake: FakeIntercom;
let other: FakeIntercom;
beforeAll(async () => {
  [fake, other] = await Promise.all([startFakeIntercom(), startFakeIntercom()]);
  installLists(fake, { count: 12, linkOrigin: () => other.url });
  for (const server of [fake, other]) {
    // A hostile server echoes the Authorization header everywhere it can.
    server.on("GET", "/echo", (r) => ({
      status: 401,
      headers: { "X-Echo": String(r.headers["authorization"]) },
      json: {
        type: "error.list",
        errors: [{ code: "unauthorized", message: String(r.headers["authorization"]) }],
      },
    }));
    server.on("GET", "/echo-ok", (r) => ({
      headers: { "Content-Type": "text/html" },
      text: `<p>signed in as ${String(r.headers["authorization"])}</p>`,
    }));
  }
});
afterAll(() => Promise.all([fake.close(), other.close()]));
afterEach(() => {
  fake.reset();
  other.reset();
});

const client = (options: Parameters<typeof createIntercom>[0] = {}): IntercomClient =>
  createIntercom({
    token: TOKEN,
    baseUrl: fake.url,
    timeoutMs: 200,
    retry: { initialDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });

/** Every way an error or object is commonly turned into text. */
function views(value: unknown): string[] {
  const out = [
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? "",
  ];
  if (value instanceof Error) out.push(String(value), value.toString(), value.message, value.stack ?? "");
  if (value instanceof Error && value.cause !== undefined)
    out.push(inspect(value.cause, { depth: Infinity, showHidden: true }));
  return out;
}

/** Captures everything written to the console and to stdout/stderr while `run` runs. */
async function captureOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  const saved = methods.map((m) => console[m]);
  const writes = [process.stdout.write, process.stderr.write];
  methods.forEach((m) => (console[m] = (...args: unknown[]) => void chunks.push(args.map(String).join(" "))));
  const capture = (chunk: unknown) => (chunks.push(String(chunk)), true);
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  try {
    return { result: await run(), output: chunks.join("\n") };
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
    [process.stdout.write, process.stderr.write] = writes as [
      typeof process.stdout.write,
      typeof process.stderr.write,
    ];
  }
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable("should have failed"),
    (error: unknown) => error,
  );

describe("the token is never sent to another origin", () => {
  it.each([301, 302, 303, 307, 308])("a %i redirect to another host is not followed", async (status) => {
    fake.fault({ kind: "reply", status, headers: { Location: `${other.url}/me` } });
    const { response } = await client().GET("/me");
    expect(response.status).toBe(status);
    expect(other.received).toBe(0);
  });

  it("a pages.next link to another origin is refused, and that origin receives nothing", async () => {
    const error = await failure(
      (async () => {
        for await (const _ of client().paginate("/events", { params: { query: { type: "user" } } as never }));
      })(),
    );
    expect(error).toBeInstanceOf(IntercomError);
    expect(other.received).toBe(0);
  });

  it("a path that would move the request to another host (`@host`) is refused before sending", async () => {
    const host = new URL(other.url).host;
    const error = await failure(client().GET(`@${host}/me` as "/me"));
    expect(error).toBeInstanceOf(IntercomError);
    expect((error as Error).message).toMatch(/The path must start with "\/"/);
    expect(other.received).toBe(0);
  });

  it("a middleware that points the request at another host is refused", async () => {
    const intercom = client();
    intercom.use({ onRequest: ({ request }) => new Request(`${other.url}/me`, request) });
    await expect(intercom.GET("/me")).rejects.toThrow(/only to the configured origin/);
    expect(other.received).toBe(0);
  });

  it("a path serializer that yields another host's URL is refused", async () => {
    const elsewhere = `${other.url}/me`;
    for (const intercom of [
      client({ pathSerializer: () => elsewhere }),
      client({ pathSerializer: () => ` ${elsewhere}` }),
    ]) {
      // Refused as it is made (it leaves its template), before any request exists.
      await expect(intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } })).rejects.toThrow(
        /leaves its template|only to the configured origin/,
      );
    }
    expect(other.received).toBe(0);
  });

  it("a per-request baseUrl to another host is refused", async () => {
    await expect(client().GET("/me", { baseUrl: other.url } as never)).rejects.toThrow(
      /only to the configured origin/,
    );
    expect(other.received).toBe(0);
  });

  it("baseUrl mistakes are refused at construction, before any request", () => {
    for (const baseUrl of [
      "http://api.intercom.io",
      `http://${TOKEN}@127.0.0.1:1`,
      "https://api.intercom.io@evil.example",
      "https://evil.example?x=https://api.intercom.io",
    ]) {
      const error = (() => {
        try {
          createIntercom({ token: TOKEN, baseUrl });
        } catch (e) {
          return e;
        }
      })();
      expect(error, baseUrl).toBeInstanceOf(IntercomError);
      for (const view of views(error)) expect(view).not.toContain(TOKEN);
    }
  });
});

describe("the token never appears in errors, inspected objects or logs", () => {
  it("across every kind of failure", async () => {
    const { result: errors, output } = await captureOutput(async () => {
      const intercom = client({ maxRetries: 0 });
      const collected: unknown[] = [];
      collected.push(await failure(intercom.GET("/echo" as "/me").then(unwrap)));
      collected.push(await failure(intercom.GET("/echo-ok" as "/me")));
      fake.fault({ kind: "delay", ms: 1_000 });
      collected.push(await failure(intercom.GET("/me")));
      fake.fault({ kind: "reset" });
      collected.push(await failure(intercom.POST("/contacts", { body: { email: "a@example.com" } })));
      fake.fault({
        kind: "reply",
        ...errorReply(429, "rate_limit_exceeded", `limited ${TOKEN}`),
        headers: { "Retry-After": "3600" },
      });
      collected.push(await failure(intercom.GET("/me").then(unwrap)));
      fake.fault({
        kind: "reply",
        status: 200,
        json: { type: "error.list", errors: [{ code: "x", message: TOKEN }] },
      });
      collected.push(await failure(intercom.GET("/me")));
      collected.push(await failure(intercom.GET("/me", { baseUrl: other.url } as never)));
      collected.push(
        await failure(
          (async () => {
            for await (const _ of intercom.paginate("/events", {
              params: { query: { type: "user" } } as never,
            }));
          })(),
        ),
      );
      return collected;
    });
    expect(errors).toHaveLength(8);
    for (const error of errors) {
      expect(error).toBeInstanceOf(IntercomError);
      for (const view of views(error)) expect(view).not.toContain(TOKEN);
    }
    expect(output).not.toContain(TOKEN);
  });

  it("inspecting or serialising the client or a paginator shows no token", () => {
    const intercom = client();
    const paginator = intercom.paginate("/contacts");
    for (const value of [intercom, paginator, intercom.rateLimit]) {
      for (const view of views(value)) expect(view).not.toContain(TOKEN);
    }
  });
});
