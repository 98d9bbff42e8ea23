// npm run bench:rate-limit: many callers under one rate limit (issue 15), and what pacing costs a
// single sequential caller.
//   npm run bench:rate-limit                      # 1,000 calls per run, 100 per 2-second window
//   npm run bench:rate-limit -- --quick           # 300 calls per run, 30 per 1-second window
//   npm run bench:rate-limit -- --out <file.md>   # also write the markdown report
// A fixed-window fake Intercom (test/support/fake-intercom.ts: N requests per window, Intercom's
// X-RateLimit-* headers, 429 beyond) runs in this process; the callers are worker processes
// (test/support/rate-limit-worker.ts) running the built package, started together at the start of
// a window. The window bound is the least wall time the windows allow: (ceil(calls / limit) - 1)
// windows. A real redis-server (test/support/redis.ts) serves the Redis rows.
import { writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import { createIntercom, unwrap } from "../dist/esm/src/index.js";
import { createRateLimitPacer } from "../dist/esm/src/rate-limit/pacer.js";
import { createRedisRateLimitStore } from "../dist/esm/src/redis.js";
import { FixedWindow, startFakeIntercom } from "../test/support/fake-intercom.js";
import { runCalls, startWorkers, type WorkerClient } from "../test/support/rate-limit-run.js";
import { startRedisServer } from "../test/support/redis.js";
import { median } from "./stats.js";

const { values } = parseArgs({
  options: { quick: { type: "boolean" }, out: { type: "string" }, only: { type: "string" } },
});
/**
 * `--only "8 × 24"`: just the rows whose callers and client contain this text (no sequential part);
 * `--only sequential`: just the sequential part.
 */
const only = values.only;
const quick = values.quick === true;
const calls = quick ? 300 : 1000;
const limit = quick ? 30 : 100;
const windowMs = quick ? 1000 : 2000;
const boundMs = (Math.ceil(calls / limit) - 1) * windowMs;
const log = (line: string) => process.stderr.write(`${line}\n`);

const fake = await startFakeIntercom();
fake.recordRequests = false;
fake.on("GET", "/contacts/{id}", (r) => ({ json: { type: "contact", id: r.params["id"] } }));
const redis = await startRedisServer();

interface Row {
  callers: string;
  client: string;
  failed: number;
  refused: number;
  requests: number;
  wallMs: number;
  events: string;
}

const CLIENT_NAMES: Record<WorkerClient, string> = {
  paced: "intercom-fetch, paced in-process",
  redis: "intercom-fetch, paced through Redis",
  unpaced: "intercom-fetch, rateLimit: false",
  "intercom-client": "intercom-client 7",
};

let runs = 0;
async function run(
  processes: number,
  concurrency: number,
  client: WorkerClient,
  kill: false | "restart" | "for good" = false,
  randomStart = false,
): Promise<Row> {
  fake.fixedWindow = new FixedWindow(limit, windowMs);
  const workers = await startWorkers(
    processes,
    {
      client,
      from: "dist",
      baseUrl: fake.url,
      redisUrl: redis.url,
      redisReady: true,
      // A new app per run: no window state carries over from one run to the next.
      token: `bench-rate-limit-${++runs}`,
      count: calls / processes,
      concurrency,
      progressEvery: 1,
      // Each process starts at a random moment inside the first window, as a deployment's do.
      ...(randomStart && { randomStartMs: windowMs }),
    },
    // At the start of a window, so that the bound is exact.
    (readyAt) => (Math.floor(readyAt / windowMs) + 1) * windowMs + 5,
  );
  const started = await workers.started;
  if (kill) {
    await workers.reached(calls * 0.3);
    await redis.kill();
    if (kill === "restart") {
      await workers.reached(calls * 0.6);
      await redis.start();
    }
  }
  const { results, events } = await workers.finished;
  if (kill === "for good") await redis.start();
  const wallMs = Math.max(...results.map((r) => r.endedAt)) - started;
  const window = fake.fixedWindow;
  const said = events.flat();
  return {
    callers:
      `${processes} × ${concurrency}${randomStart ? ", random starts" : ""}` +
      (kill === "restart"
        ? ", Redis killed at 30%, back at 60%"
        : kill
          ? ", Redis killed at 30% for good"
          : ""),
    client: CLIENT_NAMES[client],
    failed: results.reduce((sum, r) => sum + r.failed, 0),
    refused: window.refused,
    requests: window.admitted + window.refused,
    wallMs,
    events:
      said.length === 0
        ? ""
        : `${said.filter((e) => e === "store-unavailable").length} fell back, ${said.filter((e) => e === "store-recovered").length} rejoined`,
  };
}

/** Median time of one acquire and of one report on the Redis store (one EVALSHA each), sequential. */
async function measureStoreOps(url: string) {
  const client = new Redis(url);
  await new Promise((resolve) => client.once("ready", resolve));
  const store = createRedisRateLimitStore({ client });
  const reset = Math.floor(Date.now() / 1000) + 3600;
  await store.acquire("bench-store", 1);
  await store.report("bench-store", { window: "probe", responded: true, remaining: 1e9, reset });
  const acquire: number[] = [];
  const report: number[] = [];
  for (let i = 0; i < 2000; i++) {
    let started = performance.now();
    const grant = await store.acquire("bench-store", 8);
    acquire.push(performance.now() - started);
    started = performance.now();
    await store.report("bench-store", {
      window: grant.window,
      slots: grant.granted,
      responded: true,
      remaining: 1e9,
      reset,
    });
    report.push(performance.now() - started);
  }
  client.disconnect();
  return { acquireMs: median(acquire), reportMs: median(report) };
}

const storeOps = { acquireMs: NaN, reportMs: NaN };
const rows: Row[] = [];
const shapes: [number, number][] = [
  [1, 192],
  [4, 8],
  [8, 24],
];
try {
  for (const [processes, concurrency] of shapes) {
    for (const client of ["paced", "redis", "unpaced", "intercom-client"] as const) {
      const name = `${processes} × ${concurrency}: ${CLIENT_NAMES[client]}`;
      if (only !== undefined && !name.includes(only)) continue;
      log(name);
      rows.push(await run(processes, concurrency, client));
    }
  }
  // Processes started at random moments inside the first window, as real deployments start.
  for (const client of ["paced", "redis"] as const) {
    const name = `8 × 24, random starts: ${CLIENT_NAMES[client]}`;
    if (only !== undefined && !name.includes(only)) continue;
    log(name);
    rows.push(await run(8, 24, client, false, true));
  }
  for (const [processes, concurrency, kill, randomStart] of [
    [8, 24, "restart", false],
    [1, 192, "restart", false],
    [8, 24, "for good", true],
  ] as const) {
    const name = `${processes} × ${concurrency}${randomStart ? ", random starts" : ""}: ${CLIENT_NAMES.redis}, Redis killed ${kill === "restart" ? "mid-run" : "for good"}`;
    if (only !== undefined && !name.includes(only)) continue;
    log(name);
    rows.push(await run(processes, concurrency, "redis", kill, randomStart));
  }
  log("one store operation through Redis");
  Object.assign(storeOps, await measureStoreOps(redis.url));
} finally {
  await redis.stop();
}

if (only !== undefined && only !== "sequential") {
  await fake.close();
  process.stdout.write(`${table().join("\n")}\n`);
  process.exit(0);
}

// What pacing costs one sequential caller: blocks of sequential calls, paced and not, interleaved,
// against a window it never reaches (the headers are there, the budget is not spent).
log("sequential overhead");
const overheadRounds = quick ? 3 : 9;
const block = quick ? 300 : 1000;
fake.fixedWindow = new FixedWindow(1_000_000_000, 1000);
const sequential = { paced: [] as number[], unpaced: [] as number[] };
const get = (intercom: ReturnType<typeof createIntercom>) => async (id: string) =>
  unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id } } })) as { id?: unknown };
const paced = get(createIntercom({ token: "bench-sequential", baseUrl: fake.url }));
const unpaced = get(createIntercom({ token: "bench-sequential", baseUrl: fake.url, rateLimit: false }));
for (let round = 0; round <= overheadRounds; round++) {
  for (const [name, call] of round % 2 === 0
    ? ([
        ["paced", paced],
        ["unpaced", unpaced],
      ] as const)
    : ([
        ["unpaced", unpaced],
        ["paced", paced],
      ] as const)) {
    const started = performance.now();
    const result = await runCalls(call, block, 1);
    if (result.failed > 0) throw new Error(`sequential ${name}: ${result.errors.join("; ")}`);
    if (round > 0) sequential[name].push(block / ((performance.now() - started) / 1000));
  }
}
await fake.close();

// The pacer alone, without HTTP: acquire and release with Intercom's headers, as a sequential call does.
const pacer = createRateLimitPacer({}, async () => "bench-pacer-alone");
const headers = new Headers({
  "X-RateLimit-Limit": "1000000000",
  "X-RateLimit-Remaining": "999999999",
  "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 3600),
});
await pacer.acquire();
const pairs = 200_000;
const pairStarted = performance.now();
for (let i = 0; i < pairs; i++) pacer.release(await pacer.acquire(), { headers });
const pairNs = ((performance.now() - pairStarted) / pairs) * 1e6;

const lines = [
  ...table(),
  "",
  `One store operation through Redis (one EVALSHA round trip on loopback), median of 2,000: acquire ${(storeOps.acquireMs * 1000).toFixed(0)} µs, report ${(storeOps.reportMs * 1000).toFixed(0)} µs.`,
  "",
  `Sequential caller, ${block} calls a block, ${overheadRounds} rounds interleaved (median req/s): paced ${Math.round(median(sequential.paced))}, rateLimit: false ${Math.round(median(sequential.unpaced))}; paced ÷ unpaced per round, median ${median(sequential.paced.map((p, i) => p / sequential.unpaced[i]!)).toFixed(3)}. The pacer alone (acquire + release with the headers, no HTTP): ${pairNs.toFixed(0)} ns a call.`,
];
process.stdout.write(`${lines.join("\n")}\n`);
if (values.out) await writeFile(values.out, `${lines.join("\n")}\n`);

/** The fan-out table: one line per run. */
function table(): string[] {
  return [
    `Fixed window: ${limit} requests per ${windowMs / 1000} s, ${calls.toLocaleString("en-US")} GET /contacts/{id} per run; window bound ${(boundMs / 1000).toFixed(1)} s (${Math.ceil(calls / limit)} windows). Load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(", ")}.`,
    "",
    "| callers | client | failed calls | 429s (share of requests) | wall ÷ window bound | store events |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map(
      (r) =>
        `| ${r.callers} | ${r.client} | ${r.failed} | ${r.refused} of ${r.requests.toLocaleString("en-US")} (${pct(r.refused, r.requests)}) | ${(r.wallMs / boundMs).toFixed(3)} (${(r.wallMs / 1000).toFixed(2)} s) | ${r.events} |`,
    ),
  ];
}

function pct(n: number, of: number): string {
  return `${((100 * n) / of).toFixed(1)}%`;
}
