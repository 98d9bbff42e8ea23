// In-process pacing under Intercom's rate limit, over real HTTP against a fixed-window fake: held
// attempts, retries paced too, the concurrency cap, aborts, windows shared by clients of one app,
// and the window rules of the in-process store (src/rate-limit/store.ts) on a clock of our own.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomRateLimitError,
  type AttemptReport,
  type IntercomOptions,
  type RateLimitStore,
} from "../src/index.js";
import { appKey, MemoryRateLimitStore, PROBE, PROBE_RETRY_MS } from "../src/rate-limit/store.js";
import { FixedWindow, startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";

const TOKEN = "tok_rate_limit_secret";
let fake: FakeIntercom;
let active = 0;
let maxActive = 0;
let failFirst = new Set<string>();

beforeAll(async () => {
  fake = await startFakeIntercom();
  fake.recordRequests = false;
  fake.on("GET", "/contacts/{id}", async (r) => {
    const id = r.params["id"]!;
    active++;
    maxActive = Math.max(maxActive, active);
    // Long enough for concurrent attempts to overlap.
    await new Promise((resolve) => setTimeout(resolve, 5));
    active--;
    if (failFirst.delete(id)) return { status: 503, json: {} };
    return { json: { type: "contact", id } };
  });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  fake.fixedWindow = undefined;
  maxActive = 0;
  failFirst = new Set();
});

/** Each test its own app (token), so that windows left by one test do not hold the next. */
let apps = 0;
const client = (options: IntercomOptions = {}) =>
  createIntercom({ token: `${TOKEN}_${++apps}`, baseUrl: fake.url, ...options });

async function fanOut(intercom: ReturnType<typeof createIntercom>, count: number) {
  const results = await Promise.allSettled(
    Array.from({ length: count }, (_, i) =>
      intercom.GET("/contacts/{id}", { params: { path: { id: `c${i}` } } }).then((r) => {
        if (!r.response.ok) throw new Error(`status ${r.response.status}`);
      }),
    ),
  );
  return results.filter((r) => r.status === "rejected").length;
}

describe("in-process pacing", () => {
  it("holds a Promise.all fan-out to the window: no failed call, no 429", async () => {
    fake.fixedWindow = new FixedWindow(10, 1000);
    expect(await fanOut(client(), 35)).toBe(0);
    expect(fake.fixedWindow.admitted).toBe(35);
    expect(fake.fixedWindow.refused).toBe(0);
  });

  it("rateLimit: false sends them all at once, as before (429s, failed calls)", async () => {
    fake.fixedWindow = new FixedWindow(10, 1000);
    const failed = await fanOut(client({ rateLimit: false, maxRetries: 0 }), 35);
    expect(fake.fixedWindow.refused).toBeGreaterThan(0);
    expect(failed).toBe(fake.fixedWindow.refused);
  });

  it("paces retries too", async () => {
    fake.fixedWindow = new FixedWindow(6, 1000);
    failFirst = new Set(Array.from({ length: 12 }, (_, i) => `c${i}`));
    expect(await fanOut(client({ retry: { initialDelayMs: 1, maxDelayMs: 2 } }), 12)).toBe(0);
    // Every call made two attempts, all within the windows' budget.
    expect(fake.fixedWindow.admitted).toBe(24);
    expect(fake.fixedWindow.refused).toBe(0);
  });

  it("caps attempts in flight with maxConcurrency", async () => {
    expect(await fanOut(client({ rateLimit: { maxConcurrency: 3 } }), 24)).toBe(0);
    expect(maxActive).toBe(3);
    // Without a cap (and without rate-limit headers) they overlap: pacing does not serialise them.
    maxActive = 0;
    expect(await fanOut(client(), 24)).toBe(0);
    expect(maxActive).toBeGreaterThan(3);
  });

  it("shares a window between clients of one app, not between apps", async () => {
    // An hour-long window: its reset is far, so the held call is released by abort only.
    fake.fixedWindow = new FixedWindow(1, 3_600_000);
    const options = { token: "tok_shared_app", baseUrl: fake.url, retry: { maxRetryAfterMs: 7_200_000 } };
    const first = createIntercom(options);
    const second = createIntercom(options);
    expect((await first.GET("/contacts/{id}", { params: { path: { id: "a" } } })).response.status).toBe(200);
    const controller = new AbortController();
    const held = second.GET("/contacts/{id}", { params: { path: { id: "b" } }, signal: controller.signal });
    // Another app is not held (and is refused by this one-app fake: that is the server's say).
    const other = await createIntercom({ ...options, token: "tok_other_app", maxRetries: 0 }).GET(
      "/contacts/{id}",
      { params: { path: { id: "c" } } },
    );
    expect(other.response.status).toBe(429);
    controller.abort();
    await expect(held).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.fixedWindow.admitted + fake.fixedWindow.refused).toBe(2);
  });

  it("lets an attempt through when the hold would exceed maxRetryAfterMs: the 429 fails it fast", async () => {
    fake.fixedWindow = new FixedWindow(1, 3_600_000);
    const intercom = client();
    expect((await intercom.GET("/contacts/{id}", { params: { path: { id: "a" } } })).response.ok).toBe(true);
    const result = await intercom.GET("/contacts/{id}", { params: { path: { id: "b" } } });
    expect(result.response.status).toBe(429);
    expect(fake.fixedWindow.refused).toBe(1);
    const error = await intercom
      .GET("/contacts/{id}", { params: { path: { id: "c" } } })
      .then((r) => r.response.status);
    expect(error).toBe(429);
  });

  it("IntercomRateLimitError still carries the window of a refused call", async () => {
    fake.fixedWindow = new FixedWindow(0, 3_600_000);
    const intercom = client();
    const { response, error } = await intercom.GET("/contacts/{id}", { params: { path: { id: "a" } } });
    expect(response.status).toBe(429);
    expect(error).toBeDefined();
    const { unwrap } = await import("../src/index.js");
    expect(() => unwrap({ response, error })).toThrow(IntercomRateLimitError);
  });

  it("reports each response's X-RateLimit-* headers, the limit included, to a custom store", async () => {
    fake.fixedWindow = new FixedWindow(50, 3_600_000);
    const reports: AttemptReport[] = [];
    const memory = new MemoryRateLimitStore();
    const store: RateLimitStore = {
      acquire: (key, wanted) => memory.acquire(key, wanted),
      report(key, report) {
        reports.push(report);
        memory.report(key, report);
      },
    };
    const intercom = client({ rateLimit: { store } });
    await intercom.GET("/contacts/{id}", { params: { path: { id: "a" } } });
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ responded: true, limit: 50, remaining: 49 });
    expect(reports[0]?.reset).toBeGreaterThan(Date.now() / 1000);
  });

  it("refuses a bad rateLimit option with a clear error", () => {
    expect(() => client({ rateLimit: { maxConcurrency: 0 } })).toThrow(/maxConcurrency/);
    expect(() => client({ rateLimit: { maxConcurrency: 1.5 } })).toThrow(/maxConcurrency/);
    expect(() => client({ rateLimit: "yes" as never })).toThrow(/rateLimit must be/);
    expect(() => client({ rateLimit: { key: "" } })).toThrow(/key/);
    expect(() => client({ rateLimit: { storeTimeoutMs: -1 } })).toThrow(/storeTimeoutMs/);
    // null is not a number of ms either (the default is for a value left out).
    expect(() => client({ rateLimit: { storeTimeoutMs: null as never } })).toThrow(/storeTimeoutMs/);
    expect(() => client({ rateLimit: { storeRetryMs: null as never } })).toThrow(/storeRetryMs/);
    // A misspelt key is refused like createIntercom's own, not silently ignored.
    expect(() => client({ rateLimit: { maxConcurency: 4 } as never })).toThrow(
      /Unknown rateLimit option "maxConcurency"/,
    );
  });

  it("keys apps apart by token without Web Crypto, and never puts the token in the key", async () => {
    const crypto = Object.getOwnPropertyDescriptor(globalThis, "crypto");
    Object.defineProperty(globalThis, "crypto", { value: undefined, configurable: true });
    try {
      const a = await appKey("https://api.intercom.io", "token-a");
      const b = await appKey("https://api.intercom.io", "token-b");
      expect(a).not.toBe(b);
      expect(await appKey("https://api.intercom.io", "token-a")).toBe(a);
      expect(a).not.toContain("token-a");
    } finally {
      if (crypto) Object.defineProperty(globalThis, "crypto", crypto);
    }
    const hashed = await appKey("https://api.intercom.io", "token-a");
    expect(hashed).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("the in-process store's window rules", () => {
  let now = 1_000_000_000_000;
  const store = () => new MemoryRateLimitStore(() => now);
  const resetIn = (ms: number) => (now + ms) / 1000;

  it("probes once while no window is known, then grants the window's budget", () => {
    const s = store();
    expect(s.acquire("k", 5)).toEqual({ granted: 1, window: PROBE, waitMs: expect.any(Number) });
    expect(s.acquire("k", 5).granted).toBe(0);
    s.report("k", { window: PROBE, responded: true, remaining: 3, reset: resetIn(2000) });
    const grant = s.acquire("k", 5);
    expect(grant).toEqual({ granted: 3, window: String(resetIn(2000)), waitMs: 2000 });
    expect(s.acquire("k", 1)).toEqual({ granted: 0, window: "", waitMs: 2000 });
  });

  it("recognises a window by its reset: the smallest remaining of it counts, an older one is ignored", () => {
    const s = store();
    s.acquire("k", 1);
    s.report("k", { window: PROBE, responded: true, remaining: 10, reset: resetIn(5000) });
    s.report("k", { window: "", responded: true, remaining: 4, reset: resetIn(5000) });
    s.report("k", { window: "", responded: true, remaining: 9, reset: resetIn(5000) });
    s.report("k", { window: "", responded: true, remaining: 99, reset: resetIn(-5000) });
    expect(s.acquire("k", 100).granted).toBe(4);
    // A later reset is a new window with its own budget, less the 4 grants still out (they may
    // reach the server in it) until they are reported.
    s.report("k", { window: "", responded: true, remaining: 7, reset: resetIn(6000) });
    expect(s.acquire("k", 100).granted).toBe(3);
    s.report("k", { window: String(resetIn(5000)), responded: true, slots: 4 });
    expect(s.acquire("k", 100).granted).toBe(4);
  });

  it("settles grants: an unanswered one goes back to the window", () => {
    const s = store();
    s.acquire("k", 1);
    s.report("k", { window: PROBE, responded: true, remaining: 2, reset: resetIn(5000) });
    const grant = s.acquire("k", 2);
    expect(grant.granted).toBe(2);
    s.report("k", { window: grant.window, responded: false, slots: 2 });
    expect(s.acquire("k", 5).granted).toBe(2);
  });

  it("after the reset, probes again; a probe that finds the old window waits a little", () => {
    const s = store();
    s.acquire("k", 1);
    s.report("k", { window: PROBE, responded: true, remaining: 0, reset: resetIn(1000) });
    expect(s.acquire("k", 1)).toEqual({ granted: 0, window: "", waitMs: 1000 });
    now += 1000;
    expect(s.acquire("k", 3).window).toBe(PROBE);
    s.report("k", { window: PROBE, responded: true, remaining: 5, reset: resetIn(1000) });
    expect(s.acquire("k", 3).granted).toBe(3);
    now += 1000;
    expect(s.acquire("k", 1).window).toBe(PROBE);
    // A probe lost without an answer frees the way at once.
    s.report("k", { window: PROBE, responded: false });
    expect(s.acquire("k", 1).window).toBe(PROBE);
    // A probe answered from the window that just ended (the server's clock a little behind): the
    // next attempt waits a short while before probing again, instead of probing at once.
    s.report("k", { window: PROBE, responded: true, remaining: 0, reset: resetIn(0) });
    const held = s.acquire("k", 1);
    expect(held.granted).toBe(0);
    expect(held.waitMs).toBeGreaterThan(0);
    expect(held.waitMs).toBeLessThanOrEqual(PROBE_RETRY_MS);
  });

  it("learns the server's clock from its resets (behind, then ahead), never waiting on a passed reset", () => {
    const s = store();
    // The server's clock is 5 s behind: its window "ends" 5 s before our clock reaches its reset.
    s.acquire("k", 1);
    s.report("k", { window: PROBE, responded: true, remaining: 9, reset: resetIn(-3000) });
    // The server's word: it is in that window now; its budget is granted, not probed one by one.
    expect(s.acquire("k", 20).granted).toBe(9);
    // A late answer of that window says nothing of the clocks; a probe that finds it again does,
    // and the guess grows (100 ms, then 200 ms...) instead of probing it every 100 ms.
    now += 1000;
    s.report("k", { window: "", responded: true, remaining: 2, reset: resetIn(-4000) });
    expect(s.acquire("k", 20).window).toBe(PROBE);
    s.report("k", { window: PROBE, responded: true, remaining: 0, reset: resetIn(-4000) });
    expect(s.acquire("k", 1)).toEqual({ granted: 0, window: "", waitMs: 200 });
    // The server's clock ahead: a new window while ours said the old one was live.
    const t = store();
    t.acquire("k", 1);
    t.report("k", { window: PROBE, responded: true, remaining: 0, reset: resetIn(4000) });
    now += 1000;
    t.report("k", { window: "", responded: true, remaining: 5, reset: resetIn(5000) });
    expect(t.acquire("k", 9).granted).toBe(5);
    // Two resets 2 s apart: a 2 s window, which the server is in, so its next one starts within
    // 2 s by our clock, not 5 s.
    expect(t.acquire("k", 1).waitMs).toBeLessThanOrEqual(2000);
  });

  it("counts a probe still out against a window that another answer opened", () => {
    const s = store();
    s.acquire("k", 1);
    s.report("k", { window: PROBE, responded: true, remaining: 0, reset: resetIn(1000) });
    now += 1000;
    expect(s.acquire("k", 1).window).toBe(PROBE);
    // A late answer reached the server first, and opens the window before the probe is answered.
    s.report("k", { window: "", responded: true, remaining: 5, reset: resetIn(1000) });
    expect(s.acquire("k", 10).granted).toBe(4);
    s.report("k", { window: PROBE, responded: true, remaining: 4, reset: resetIn(1000) });
    expect(s.acquire("k", 10).granted).toBe(0);
  });

  it("with no rate-limit headers at all, does not pace", () => {
    const s = store();
    s.acquire("k", 1);
    s.report("k", { window: PROBE, responded: true });
    expect(s.acquire("k", 50).granted).toBe(50);
  });
});
