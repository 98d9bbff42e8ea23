// One worker process of a multi-process rate-limit run (the Redis tests and `npm run bench:rate-limit`).
//   node --import tsx test/support/rate-limit-worker.ts '<WorkerConfig as JSON>'
// Says "ready" over IPC, starts its calls on "go", reports progress, rate-limit events and, at the
// end, its failed calls. intercom-fetch comes from src/ (tests) or the built dist/ (bench).
import { runCalls, type WorkerConfig, type WorkerMessage } from "./rate-limit-run.js";

const config = JSON.parse(process.argv[2] ?? "{}") as WorkerConfig;
const send = (message: WorkerMessage) => process.send!(message);
/** The rate-limit events this worker's client reported. */
const seen = new Set<string>();

// With random starts, the client is made when this process "starts", as a late process would.
let client = config.randomStartMs ? undefined : await clientFor(config);
send({ type: "ready" });
await new Promise<void>((resolve) => process.once("message", () => resolve()));
if (config.randomStartMs) {
  await new Promise((resolve) => setTimeout(resolve, Math.random() * config.randomStartMs!));
  client = await clientFor(config);
}
const { get, close } = client!;
const result = await runCalls(get, config.count, config.concurrency, (done) => {
  if (done % config.progressEvery === 0) send({ type: "progress", done });
});
// A run that must see the store come back keeps calling, a batch at a time and up to a cap, until
// it has: how long a reconnect takes is then not a guess baked into the call count.
for (
  let extra = 0;
  config.untilRecovered &&
  seen.has("store-unavailable") &&
  !seen.has("store-recovered") &&
  extra < config.untilRecovered;
  extra += config.concurrency
) {
  const more = await runCalls(get, config.concurrency, config.concurrency);
  result.succeeded += more.succeeded;
  result.failed += more.failed;
  result.errors.push(...more.errors.slice(0, 5 - result.errors.length));
  result.endedAt = more.endedAt;
}
send({ type: "done", ...result });
await close();
process.disconnect();

async function clientFor(config: WorkerConfig) {
  if (config.client === "intercom-client") {
    const { IntercomClient } = await import("intercom-client");
    const client = new IntercomClient({ token: config.token, baseUrl: config.baseUrl, version: "2.10" });
    return { get: (id: string) => client.contacts.find({ contact_id: id }), close: async () => undefined };
  }
  type Lib = typeof import("../../src/index.js");
  type RedisLib = typeof import("../../src/redis.js");
  const lib: Lib = await import(
    config.from === "dist" ? "../../dist/esm/src/index.js" : "../../src/index.js"
  );
  let redis: import("ioredis").Redis | undefined;
  let store: import("../../src/index.js").RateLimitStore | undefined;
  if (config.client === "redis") {
    const { Redis } = await import("ioredis");
    const { createRedisRateLimitStore }: RedisLib = await import(
      config.from === "dist" ? "../../dist/esm/src/redis.js" : "../../src/redis.js"
    );
    redis = new Redis(config.redisUrl!);
    // A user's client logs its connection errors somewhere; the store copes with them.
    redis.on("error", () => undefined);
    // Connected before the run, as in a process that has been up a while (a store that cannot
    // connect at all is a test of its own).
    if (config.redisReady) await new Promise((resolve) => redis!.once("ready", resolve));
    store = createRedisRateLimitStore({ client: redis });
  }
  const intercom = lib.createIntercom({
    token: config.token,
    baseUrl: config.baseUrl,
    rateLimit:
      config.client === "unpaced"
        ? false
        : {
            ...(store ? { store } : {}),
            onEvent: (event) => {
              seen.add(event.type);
              send({ type: "event", event: event.type });
            },
          },
  });
  return {
    get: async (id: string) => lib.unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id } } })),
    close: async () => void redis?.disconnect(),
  };
}
