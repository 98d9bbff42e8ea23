// Pacing shared on a real redis-server (Debian's package; started on 127.0.0.1 at a free port by
// test/support/redis.ts, installed first if missing and we are root): the store's rules through
// the Lua script, its key, several worker processes sharing one window, and every fault: Redis
// unreachable at start, killed mid-run and restarted, slow, and a server clock that disagrees.
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createIntercom, type RateLimitEvent } from "../src/index.js";
import { PROBE } from "../src/rate-limit/store.js";
import { createRedisRateLimitStore, type RedisScriptClient } from "../src/redis.js";
import { FixedWindow, startFakeIntercom, type FakeIntercom } from "./support/fake-intercom.js";
import { freePort, startRedisServer, type RedisServer } from "./support/redis.js";
import { runCalls, startWorkers } from "./support/rate-limit-run.js";
import { describeStoreRules } from "./support/store-rules.js";

const TOKEN = "tok_redis_secret_value";
let redis: RedisServer;
let fake: FakeIntercom;
const clients: Redis[] = [];

beforeAll(async () => {
  // One after the other, so that afterAll stops whichever started if the other fails.
  redis = await startRedisServer();
  fake = await startFakeIntercom();
  fake.recordRequests = false;
  fake.on("GET", "/contacts/{id}", async (r) => {
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { json: { type: "contact", id: r.params["id"] } };
  });
}, 600_000);
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await Promise.all([redis?.stop(), fake?.close()]);
});
afterEach(() => {
  fake.reset();
  fake.fixedWindow = undefined;
});

function redisClient(url = redis.url): Redis {
  const client = new Redis(url);
  client.on("error", () => undefined);
  clients.push(client);
  return client;
}

let apps = 0;
function pacedClient(url?: string) {
  const events: RateLimitEvent["type"][] = [];
  const intercom = createIntercom({
    token: `${TOKEN}_${++apps}`,
    baseUrl: fake.url,
    rateLimit: {
      store: createRedisRateLimitStore({ client: redisClient(url) }),
      onEvent: (event) => events.push(event.type),
    },
  });
  const get = async (id: string) => {
    const { data, response } = await intercom.GET("/contacts/{id}", { params: { path: { id } } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return data!;
  };
  return { get, events };
}

describe("the Redis store", () => {
  it("keeps the in-process store's rules, atomically, on Redis's clock", async () => {
    const store = createRedisRateLimitStore({ client: redisClient() });
    const reset = Math.floor(Date.now() / 1000) + 3600;
    expect(await store.acquire("rules", 5)).toMatchObject({ granted: 1, window: PROBE });
    expect(await store.acquire("rules", 5)).toMatchObject({ granted: 0 });
    await store.report("rules", { window: PROBE, responded: true, remaining: 4, reset });
    // Granted at once from several callers: never more than the window's budget in all.
    const grants = await Promise.all([1, 2, 3].map(() => store.acquire("rules", 3)));
    expect(grants.reduce((sum, g) => sum + g.granted, 0)).toBe(4);
    const windowTag = grants.find((g) => g.granted > 0)!.window;
    expect(windowTag).toBe(String(reset));
    // An unused grant goes back; a smaller remaining of the same window wins; a later reset is a new window.
    await store.report("rules", { window: windowTag, responded: false, slots: 2 });
    const more = await store.acquire("rules", 9);
    expect(more.granted).toBe(2);
    // A new window: the 4 grants still out may reach the server in it, so they count against it.
    await store.report("rules", { window: "", responded: true, remaining: 50, reset: reset + 10 });
    expect((await store.acquire("rules", 60)).granted).toBe(46);
    await store.report("rules", { window: windowTag, responded: true, slots: 4 });
    expect((await store.acquire("rules", 60)).granted).toBe(4);
  });

  it("keys the app by a hash: the token is in no key, and a key option is used as given", async () => {
    const client = redisClient();
    await redis.command("FLUSHALL");
    const { get } = pacedClient();
    await get("c1");
    const keys = (await client.keys("*")) as string[];
    expect(keys.sort()).toEqual([
      expect.stringMatching(/^intercom-fetch:rate-limit:\{[0-9a-f]{32}\}$/),
      expect.stringMatching(/^intercom-fetch:rate-limit:\{[0-9a-f]{32}\}:processes$/),
    ]);
    expect(keys.join()).not.toContain(TOKEN);
    const values = Object.values(await client.hgetall(keys[0]!)).join();
    expect(values).not.toContain(TOKEN);

    const custom = createIntercom({
      token: TOKEN,
      baseUrl: fake.url,
      rateLimit: { key: "my-app", store: createRedisRateLimitStore({ client, prefix: "p:" }) },
    });
    await custom.GET("/contacts/{id}", { params: { path: { id: "c2" } } });
    expect(await client.exists("p:{my-app}")).toBe(1);
  });

  it("refuses a client without eval, and bad options, with a clear error", () => {
    expect(() => createRedisRateLimitStore({ client: {} as never })).toThrow(/eval and evalsha/);
    expect(() => createRedisRateLimitStore({ client: redisClient(), ttlMs: 5 })).toThrow(/ttlMs/);
  });
});

// The in-process store's window rules, the same suite (test/support/store-rules.ts), on Redis's
// clock (TIME): the real one, so resets are relative to Date.now() and waits are bounds, not values.
describeStoreRules("the Redis store", () => ({
  store: createRedisRateLimitStore({ client: redisClient() }),
  now: () => Date.now(),
  async passTo(ms) {
    // A little past it: Redis's TIME and Date.now() are one clock, read at different moments.
    while (Date.now() <= ms + 20) await new Promise((resolve) => setTimeout(resolve, ms + 25 - Date.now()));
  },
  exact: false,
}));

describe("the Redis store: what is in the record, and what the script answers, is checked", () => {
  /** One app's hash, as the store names it. */
  const hash = (key: string) => `intercom-fetch:rate-limit:{${key}}`;

  it.each<[string, Record<string, string>, "probe" | "held"]>([
    ["reset=inf", { reset: "inf", remaining: "0" }, "probe"],
    ["reset=1e16 (a wait past 2^63 ms)", { reset: "1e16", remaining: "0" }, "probe"],
    ["a reset in ms", { reset: String(Date.now()), remaining: "0" }, "probe"],
    ["probe_until=1e300", { probe_until: "1e300" }, "probe"],
    ["probe_until=inf, probe_out=1", { probe_until: "inf", probe_out: "1" }, "probe"],
    // "" stands for a sane reset 30 s ahead, with Remaining 0: only the other fields are garbage.
    ["skew=1e300 on a live window", { reset: "", remaining: "0", skew: "1e300" }, "held"],
    [
      "counts that are not numbers",
      { reset: "", remaining: "x", reserved: "nan", reserved_before: "-inf" },
      "held",
    ],
  ])(
    "garbage already in the record (%s) never stalls: a probe or a bounded wait",
    async (_, fields, expected) => {
      const client = redisClient();
      const store = createRedisRateLimitStore({ client });
      const key = `garbage-${Object.keys(fields).join("-")}-${Math.random()}`;
      const values = Object.entries(fields).flatMap(([field, value]) => [
        field,
        field === "reset" && value === "" ? String(Math.floor(Date.now() / 1000) + 30) : value,
      ]);
      await client.hset(hash(key), ...values);
      const grant = await store.acquire(key, 3);
      // Before: waits of -9.2e18 ms or Infinity, or a poll every 10 ms until the record expired.
      if (expected === "probe") expect(grant).toMatchObject({ granted: 1, window: PROBE });
      else {
        expect(grant.granted).toBe(0);
        expect(grant.waitMs).toBeGreaterThanOrEqual(1);
        expect(grant.waitMs).toBeLessThanOrEqual(30_000);
      }
      // And a sane answer always opens the window.
      if (grant.granted > 0)
        await store.report(key, { window: grant.window, responded: false, slots: grant.granted });
      const reset = Math.floor(Date.now() / 1000) + 40;
      await store.report(key, { window: "", responded: true, remaining: 5, reset });
      expect(await store.acquire(key, 9)).toMatchObject({ granted: 5, window: String(reset) });
    },
  );

  /** A client whose replies to acquire are replaced (the report's are kept). */
  function replying(reply: unknown): RedisScriptClient {
    const real = redisClient();
    const swap = async (result: Promise<unknown>) => (Array.isArray(await result) ? reply : result);
    return {
      evalsha: (...args) => swap(real.evalsha(...args)),
      eval: (...args) => swap(real.eval(...args)),
    };
  }

  it.each<[string, unknown]>([
    ["strings", ["1", "probe", "1000", "1"]],
    ["a NaN wait", [0, "", Number.NaN, 1]],
    ["a zero wait with nothing granted", [0, "", 0, 1]],
    ["a negative wait", [0, "", -5, 1]],
    ["a null wait", [0, "", null, 1]],
    ["a null grant", [null, "", 100, 1]],
    ["a negative grant", [-1, "", 100, 1]],
    ["more granted than wanted", [4, "probe", 100, 1]],
    ["a wait of a year", [0, "", 31_536_000_000, 1]],
    ["no sharers", [1, "probe", 1000, 0]],
    ["three items", [1, "probe", 1000]],
  ])("a reply with %s throws: the store is taken for unavailable, never trusted", async (_, reply) => {
    const store = createRedisRateLimitStore({ client: replying(reply) });
    await expect(Promise.resolve(store.acquire("bad-reply", 3))).rejects.toThrow(/Unexpected reply/);
  });

  it("a client paced through a store that answers garbage falls back, and every call completes", async () => {
    fake.fixedWindow = new FixedWindow(10, 1000);
    const events: string[] = [];
    const intercom = createIntercom({
      token: `${TOKEN}_${++apps}`,
      baseUrl: fake.url,
      rateLimit: {
        store: createRedisRateLimitStore({ client: replying([0, "", 0, 1]) }),
        onEvent: (event) => events.push(event.type),
      },
    });
    const get = async (id: string) => {
      const { data, response } = await intercom.GET("/contacts/{id}", { params: { path: { id } } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return data!;
    };
    expect(await runCalls(get, 20, 10)).toMatchObject({ failed: 0, succeeded: 20 });
    expect(events[0]).toBe("store-unavailable");
    expect(fake.fixedWindow.refused).toBeLessThanOrEqual(1);
  });

  it("one answer with Remaining 0 and a reset of 1e16 (or in ms) stalls no process sharing the store (#2)", async () => {
    for (const reset of ["10000000000000000", String(Date.now()), "9".repeat(400)]) {
      const { get, events } = pacedClient();
      fake.fault({
        kind: "reply",
        status: 200,
        json: { type: "contact", id: "x" },
        headers: { "X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset },
      });
      await get("x");
      // Before: every later call of the app held (and Redis polled ~750 times a second) until the
      // record expired, 10 minutes on; now the server's windows pace them as ever.
      fake.fixedWindow = new FixedWindow(10, 1000);
      expect(await runCalls(get, 20, 10)).toMatchObject({ failed: 0, succeeded: 20 });
      expect(fake.fixedWindow.refused).toBeLessThanOrEqual(1);
      // The store never failed; the one bad header was ignored, and said so once.
      expect(events).toEqual(["header-ignored"]);
      fake.fixedWindow = undefined;
    }
  }, 120_000);
});

/** Worker processes, 8 calls in flight each, through this Redis (connected before they start). */
function redisWorkers(
  processes: number,
  run: {
    token: string;
    count: number;
    progressEvery: number;
    untilRecovered?: number;
    randomStartMs?: number;
  },
) {
  return startWorkers(processes, {
    client: "redis",
    from: "src",
    baseUrl: fake.url,
    redisUrl: redis.url,
    redisReady: true,
    concurrency: 8,
    ...run,
  });
}

describe("several processes sharing one window", () => {
  it("4 processes x 8 concurrent: no failed call, and hardly a 429", async () => {
    fake.fixedWindow = new FixedWindow(20, 1000);
    const run = await redisWorkers(4, { token: `${TOKEN}_workers`, count: 25, progressEvery: 5 });
    const { results, events } = await run.finished;
    expect(results.map((r) => r.failed)).toEqual([0, 0, 0, 0]);
    expect(fake.fixedWindow.admitted).toBe(100);
    // Unpaced, 32 attempts at once against 20 a window refuse a dozen at the first reset alone.
    expect(fake.fixedWindow.refused).toBeLessThanOrEqual(2);
    expect(events.flat()).toEqual([]);
  }, 120_000);

  it("4 processes x 8 started at random moments in the first window (issue 21 #7): each joins the shared window at once", async () => {
    fake.fixedWindow = new FixedWindow(20, 1000);
    const run = await redisWorkers(4, {
      token: `${TOKEN}_random_starts`,
      count: 25,
      progressEvery: 5,
      randomStartMs: 1000,
    });
    const { results, events } = await run.finished;
    expect(results.map((r) => r.failed)).toEqual([0, 0, 0, 0]);
    expect(fake.fixedWindow.admitted).toBe(100);
    expect(fake.fixedWindow.refused).toBeLessThanOrEqual(2);
    expect(events.flat()).toEqual([]);
  }, 120_000);
});

describe("faults: no call fails because of Redis", () => {
  it("Redis unreachable at start: paces in-process, says so once", async () => {
    fake.fixedWindow = new FixedWindow(10, 1000);
    const { get, events } = pacedClient(`redis://127.0.0.1:${await freePort()}`);
    const result = await runCalls(get, 30, 10);
    expect(result).toMatchObject({ failed: 0, succeeded: 30 });
    expect(events).toEqual(["store-unavailable"]);
    expect(fake.fixedWindow.refused).toBeLessThanOrEqual(1);
  });

  it("Redis killed mid-run and restarted: every worker falls back, then rejoins", async () => {
    fake.fixedWindow = new FixedWindow(20, 1000);
    // 150 calls at 20 a second, Redis down from the 30th to the 70th; then each worker calls on
    // (up to 200 more) until its client has reconnected and rejoined, however long that takes.
    const run = await redisWorkers(3, {
      token: `${TOKEN}_kill`,
      count: 50,
      progressEvery: 2,
      untilRecovered: 200,
    });
    await run.reached(30);
    await redis.kill();
    try {
      await run.reached(70);
    } finally {
      // Back up even if the workers fail, so that the later tests meet a running Redis.
      await redis.start();
    }
    const { results, events } = await run.finished;
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.map((r) => r.failed)).toEqual([0, 0, 0]);
    for (const r of results) expect(r.succeeded).toBeGreaterThanOrEqual(50);
    for (const said of events) expect(said).toEqual(["store-unavailable", "store-recovered"]);
  }, 120_000);

  it("Redis slow (paused): falls back within the bounded wait, then rejoins", async () => {
    fake.fixedWindow = new FixedWindow(10, 1000);
    const { get, events } = pacedClient();
    let paused = false;
    const result = await runCalls(get, 40, 10, (done) => {
      if (done === 5 && !paused) {
        paused = true;
        void redis.command("CLIENT", "PAUSE", "1500", "ALL");
      }
    });
    expect(result).toMatchObject({ failed: 0, succeeded: 40 });
    expect(events).toEqual(["store-unavailable", "store-recovered"]);
  }, 120_000);

  for (const skewMs of [-2500, 2500]) {
    it(`a server clock ${skewMs > 0 ? "ahead of" : "behind"} Redis's by ${Math.abs(skewMs)} ms`, async () => {
      fake.fixedWindow = new FixedWindow(10, 1000, skewMs);
      const { get, events } = pacedClient();
      const result = await runCalls(get, 50, 10);
      expect(result).toMatchObject({ failed: 0, succeeded: 50 });
      expect(fake.fixedWindow.refused).toBeLessThanOrEqual(2);
      expect(events).toEqual([]);
    }, 120_000);
  }
});
