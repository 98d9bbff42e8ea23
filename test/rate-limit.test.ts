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
import { createRateLimitPacer } from "../src/rate-limit/pacer.js";
import { appKey, MemoryRateLimitStore, PROBE } from "../src/rate-limit/store.js";
import { FixedWindow, startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { describeStoreRules } from "./support/store-rules.js";

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
    fake.fixedWindow = FixedWindow.startingNow(1, 3_600_000);
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
    // The window starts now, so its reset is an hour away on any clock. Aligned to the epoch, a run in
    // the last 30 s of a UTC hour saw a reset within maxRetryAfterMs: the call was held (rightly) until
    // the hour turned, past the test's timeout, and its attempt then landed in the next test's window.
    fake.fixedWindow = FixedWindow.startingNow(1, 3_600_000);
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

  it("one answer with a reset in ms (or 1e16) does not turn pacing off: the next fan-out sees no 429 (#4, #2)", async () => {
    for (const reset of [String(Date.now()), "10000000000000000"]) {
      const intercom = client();
      // The first answer: Remaining 0 and a reset no window can have (13 digits: ms).
      fake.fault({
        kind: "reply",
        status: 200,
        json: { type: "contact", id: "x" },
        headers: { "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset },
      });
      expect((await intercom.GET("/contacts/{id}", { params: { path: { id: "x" } } })).response.ok).toBe(
        true,
      );
      // Then the server's own windows: paced as ever (before: every call went unpaced, and 429s).
      fake.fixedWindow = new FixedWindow(10, 1000);
      expect(await fanOut(intercom, 25)).toBe(0);
      expect(fake.fixedWindow.admitted).toBe(25);
      expect(fake.fixedWindow.refused).toBe(0);
      fake.fixedWindow = undefined;
    }
  });

  it("IntercomRateLimitError still carries the window of a refused call", async () => {
    fake.fixedWindow = FixedWindow.startingNow(0, 3_600_000);
    const intercom = client();
    const { response, error } = await intercom.GET("/contacts/{id}", { params: { path: { id: "a" } } });
    expect(response.status).toBe(429);
    expect(error).toBeDefined();
    const { unwrap } = await import("../src/index.js");
    expect(() => unwrap({ response, error })).toThrow(IntercomRateLimitError);
  });

  it("reports each response's X-RateLimit-* headers, the limit included, to a custom store", async () => {
    fake.fixedWindow = FixedWindow.startingNow(50, 3_600_000);
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

// The window rules, shared with the Redis store's tests (test/redis.test.ts runs the same suite).
let now = 1_000_000_000_000;
describeStoreRules("the in-process store", () => ({
  store: new MemoryRateLimitStore(() => now),
  now: () => now,
  passTo: async (ms) => {
    now = Math.max(now, ms);
  },
  exact: true,
}));

describe("the pacer's queue", () => {
  it("lets a retry go first when the window opens: it has waited a window already", async () => {
    const pacer = createRateLimitPacer({ onEvent: () => undefined }, async () => `retry-first-${Date.now()}`);
    const headers = (remaining: number, reset: number) =>
      new Headers({
        "X-RateLimit-Limit": "5",
        "X-RateLimit-Remaining": String(remaining),
        "X-RateLimit-Reset": String(reset),
      });
    // A spent window that resets within two seconds.
    const reset = Math.floor(Date.now() / 1000) + 1;
    pacer.release(await pacer.acquire(), { headers: headers(0, reset) });
    const order: string[] = [];
    const waiting = [
      Promise.resolve(pacer.acquire(undefined, Infinity, false)).then(
        (slot) => (order.push("first attempt"), slot),
      ),
      Promise.resolve(pacer.acquire(undefined, Infinity, true)).then((slot) => (order.push("retry"), slot)),
    ];
    // At the reset one probe goes (the window's budget is unknown): the retry, queued second.
    await Promise.race(waiting);
    expect(order).toEqual(["retry"]);
    // Its answer opens the window: the first attempt goes too.
    pacer.release(await waiting[1]!, { headers: headers(4, reset + 2) });
    await waiting[0];
    expect(order).toEqual(["retry", "first attempt"]);
  });
});

describe("the in-process store's own", () => {
  /** How long an idle app's record is kept (IDLE_MS in src/rate-limit/store.ts; docs/rate-limits.md). */
  const IDLE_MS = 600_000;

  it("drops the records of apps idle for IDLE_MS: 100k apps keep a bounded map (#13)", () => {
    const store = new MemoryRateLimitStore(() => now);
    const size = () => (store as unknown as { records: Map<string, unknown> }).records.size;
    // 100k apps (a token per customer), a new one every 60 ms (100 minutes in all), each answered
    // once: only those of the last IDLE_MS (10 minutes: 10,000 apps) need a record.
    let largest = 0;
    for (let i = 0; i < 100_000; i++) {
      now += 60;
      const key = `app-${i}`;
      store.acquire(key, 1);
      store.report(key, { window: PROBE, responded: true, remaining: 9, reset: (now + 10_000) / 1000 });
      largest = Math.max(largest, size());
    }
    // Swept when the map has doubled since the last sweep: at most twice the live set.
    expect(largest).toBeLessThanOrEqual(2 * (IDLE_MS / 60) + 1);
    expect(size()).toBeLessThanOrEqual(2 * (IDLE_MS / 60) + 1);
    // A record in use is kept, whatever its age, and keeps its window.
    store.report("app-99999", { window: "", responded: true, remaining: 3, reset: (now + 10_000) / 1000 });
    expect(store.acquire("app-99999", 5).granted).toBe(3);
  });

  it("a fallback paces on its share of the window, rounded up: no call of the window is left unused (#7, Redis gone for good)", () => {
    const store = new MemoryRateLimitStore(() => now);
    // Eight processes shared the window when the shared store went down.
    store.sharers.set("app", 8);
    store.acquire("app", 1);
    store.report("app", { window: PROBE, responded: true, remaining: 92, reset: (now + 2_000) / 1000 });
    // ceil(92 / 8): eight processes can take all 92 (rounding down left 4 unused, and with them one
    // more window for a run that needed every call of every window).
    expect(store.acquire("app", 20).granted).toBe(12);
    store.report("app", { window: "", responded: true, remaining: 3, reset: (now + 2_000) / 1000 });
    // The last 3 of the window, seen from a process with 12 out: nothing more for it...
    expect(store.acquire("app", 20).granted).toBe(0);
    // ...while a process with none out takes one (ceil(3 / 8)); a 429 costs the window nothing.
    const idle = new MemoryRateLimitStore(() => now);
    idle.sharers.set("app", 8);
    idle.acquire("app", 1);
    idle.report("app", { window: PROBE, responded: true, remaining: 3, reset: (now + 2_000) / 1000 });
    expect(idle.acquire("app", 20).granted).toBe(1);
  });

  it("an app swept after IDLE_MS starts again with a probe, even inside its last window", () => {
    const store = new MemoryRateLimitStore(() => now);
    store.acquire("old", 1);
    // A window that outlives IDLE_MS (30 minutes): idle that long, the record goes all the same.
    store.report("old", { window: PROBE, responded: true, remaining: 0, reset: (now + 1_800_000) / 1000 });
    now += IDLE_MS + 1;
    // Enough new apps to trigger a sweep.
    for (let i = 0; i < 2048; i++) store.acquire(`new-${i}`, 1);
    expect(store.acquire("old", 1).window).toBe(PROBE);
  });
});
