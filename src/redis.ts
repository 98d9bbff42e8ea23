// intercom-fetch/redis: the rate-limit store on Redis, so that every process of an app paces under one
// window (docs/rate-limits.md). The core never imports it; the client (ioredis, or any with eval and
// evalsha) is the user's. One Lua script does both operations atomically, on Redis's clock (TIME), never
// a caller's. Its rules are the in-process store's (src/rate-limit/store.ts), checked by the same tests.
import { IntercomError } from "./errors.js";
import { hexDigest } from "./internal/digest.js";
import { checkNumber } from "./internal/check.js";
import { COUNT_LIMIT, RESET_RANGE_S } from "./rate-limit/headers.js";
import {
  MAX_WAIT_MS,
  PROBE,
  PROBE_LEASE_MS,
  PROBE_POLL_MS,
  PROBE_RETRY_MS,
  REWIND_S,
} from "./rate-limit/store.js";
import type { AttemptReport, RateLimitStore, StoreGrant } from "./rate-limit/store.js";

export type { AttemptReport, RateLimitStore, StoreGrant } from "./rate-limit/store.js";

/** What the store needs of a Redis client: ioredis's Redis and Cluster both have it. */
export interface RedisScriptClient {
  evalsha(sha1: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RedisRateLimitStoreOptions {
  /** Your client, e.g. `new Redis(process.env.REDIS_URL)` from ioredis. @default none: required */
  client: RedisScriptClient;
  /** Prefix of the keys; the rest is the app's key. @default "intercom-fetch:rate-limit:" */
  prefix?: string;
  /** How long an app's record outlives its last use, in ms. @default 600000 (10 minutes) */
  ttlMs?: number;
}

/**
 * The hash's fields are a WindowRecord's (src/rate-limit/store.ts). A field or report value that is not
 * a number, or is out of range, is absent: a record written by anything else cannot stall a caller.
 */
export const RATE_LIMIT_SCRIPT = `
local key = KEYS[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
-- A number in [lo, hi], else nil (not a number, NaN, inf, out of range).
local function within(v, lo, hi)
  v = tonumber(v)
  if v == nil or v ~= v or v < lo or v > hi then return nil end
  return v
end
local function count(v)
  v = within(v, 0, ${COUNT_LIMIT - 1})
  if v ~= nil and v ~= math.floor(v) then return nil end
  return v
end
local function plausible_reset(v) return within(v, now / 1000 - ${RESET_RANGE_S}, now / 1000 + ${RESET_RANGE_S}) end
local function clamp_wait(ms) return math.max(1, math.min(math.ceil(ms), ${MAX_WAIT_MS})) end
local f = redis.call('HMGET', key, 'reset', 'remaining', 'reserved', 'probe_until', 'unpaced', 'skew', 'window_ms',
  'reserved_before', 'previous_reset', 'probe_out', 'raises')
local reset = plausible_reset(f[1])
if reset == nil then f[1] = false end
local remaining = count(f[2]) or 0
local reserved = count(f[3]) or 0
local probe_until = within(f[4], 0, now + ${PROBE_LEASE_MS}) or 0
local skew = within(f[6], -${RESET_RANGE_S * 1000}, ${RESET_RANGE_S * 1000}) or 0
local window_ms = within(f[7], 1, ${2 * RESET_RANGE_S * 1000})
local reserved_before = count(f[8]) or 0
local probe_out = f[10] == '1' and 1 or 0
local live = reset ~= nil and now < reset * 1000 + skew
if ARGV[1] == 'acquire' then
  local wanted = tonumber(ARGV[3])
  -- The processes that asked in the last 30 s: each one's share is its fallback's budget.
  redis.call('ZADD', KEYS[2], now, ARGV[4])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], 0, now - 30000)
  redis.call('PEXPIRE', KEYS[2], ttl)
  local sharers = redis.call('ZCARD', KEYS[2])
  if f[5] == '1' then return {wanted, '', 0, sharers} end
  if live then
    local wait = clamp_wait(reset * 1000 + skew - now)
    local available = remaining - reserved - reserved_before - probe_out
    if available > 0 then
      local granted = math.min(available, wanted)
      redis.call('HSET', key, 'reserved', reserved + granted)
      redis.call('PEXPIRE', key, ttl)
      return {granted, f[1], wait, sharers}
    end
    return {0, '', wait, sharers}
  end
  if now >= probe_until then
    redis.call('HSET', key, 'probe_until', now + ${PROBE_LEASE_MS}, 'probe_out', 1)
    redis.call('PEXPIRE', key, ttl)
    return {1, '${PROBE}', ${PROBE_LEASE_MS}, sharers}
  end
  return {0, '', clamp_wait(math.min(probe_until - now, ${PROBE_POLL_MS})), sharers}
end
local window = ARGV[3]
local slots = count(ARGV[4]) or 0
local responded = ARGV[5] == '1'
local seen_remaining = count(ARGV[6])
local seen_reset = plausible_reset(ARGV[7])
if seen_remaining ~= nil and seen_reset ~= nil then
  redis.call('HSET', key, 'unpaced', '0')
  -- The record's window lies far beyond the server's: it never was one. Start again from this one.
  local rewind = reset ~= nil and reset - seen_reset > ${REWIND_S}
  if rewind then
    window_ms = nil
    skew = 0
    redis.call('HDEL', key, 'window_ms')
  end
  if reset == nil or seen_reset > reset or rewind then
    if reset ~= nil and not rewind then
      local step = (seen_reset - reset) * 1000
      window_ms = math.min(window_ms or step, step)
      redis.call('HSET', key, 'window_ms', window_ms)
      if live then skew = math.min(skew, now - reset * 1000) end
    end
    if window_ms ~= nil then skew = math.min(skew, now - seen_reset * 1000 + window_ms) end
    redis.call('HSET', key, 'reset', ARGV[7], 'remaining', seen_remaining, 'reserved', 0, 'skew', skew,
      'reserved_before', reserved, 'previous_reset', f[1] or '', 'raises', 0)
    if now >= probe_until then redis.call('HSET', key, 'probe_out', 0) end
    reset = seen_reset
    f[9] = f[1]
    f[1] = ARGV[7]
    f[11] = 0
    reserved_before = reserved
    reserved = 0
  elseif seen_reset == reset and seen_remaining < remaining then
    redis.call('HSET', key, 'remaining', seen_remaining)
  end
  if window == '${PROBE}' and seen_reset == reset and now >= reset * 1000 + skew then
    local raises = count(f[11]) or 0
    skew = now - reset * 1000 + math.min(${PROBE_RETRY_MS} * 2 ^ math.min(raises, 30), window_ms or 1000)
    redis.call('HSET', key, 'raises', raises + 1, 'skew', skew)
  end
elseif responded and not live and ARGV[6] == '' and ARGV[7] == '' then
  -- No rate-limit headers at all (values out of range are ignored, not taken for none).
  redis.call('HSET', key, 'unpaced', '1')
end
if window ~= '' and window == f[1] and reserved > 0 then
  redis.call('HSET', key, 'reserved', math.max(0, reserved - slots))
end
if window ~= '' and window == f[9] and reserved_before > 0 then
  redis.call('HSET', key, 'reserved_before', math.max(0, reserved_before - slots))
end
if window == '${PROBE}' then
  local next_probe = now + ${PROBE_RETRY_MS}
  if (reset ~= nil and now < reset * 1000 + skew) or not responded then next_probe = 0 end
  redis.call('HSET', key, 'probe_out', 0, 'probe_until', next_probe)
end
redis.call('PEXPIRE', key, ttl)
return 0
`;

/**
 * A rate-limit store on Redis, for `createIntercom({ rateLimit: { store } })`. A failing or slow
 * Redis never fails a call: the client paces in-process meanwhile (see rateLimit.onEvent).
 */
export function createRedisRateLimitStore(options: RedisRateLimitStoreOptions): RateLimitStore {
  const client = options?.client;
  if (!client || typeof client.evalsha !== "function" || typeof client.eval !== "function") {
    throw new IntercomError(
      "createRedisRateLimitStore needs { client }: a Redis client with eval and evalsha.",
    );
  }
  const prefix = options.prefix ?? "intercom-fetch:rate-limit:";
  const ttlMs = options.ttlMs ?? 600_000;
  if (typeof prefix !== "string") throw new IntercomError("prefix must be a string");
  checkNumber("ttlMs", ttlMs, { min: 1000, max: Number.MAX_SAFE_INTEGER, whole: true });
  let sha: Promise<string> | undefined;
  /** This store's name among the processes sharing a window (random, says nothing). */
  const processId = globalThis.crypto.randomUUID();

  async function run(key: string, args: (string | number)[]): Promise<unknown> {
    sha ??= hexDigest(globalThis.crypto.subtle, "SHA-1", RATE_LIMIT_SCRIPT);
    // Both keys in one hash slot ({...}), so that the script runs on Redis Cluster too.
    const all = [`${prefix}{${key}}`, `${prefix}{${key}}:processes`, ...args];
    try {
      return await client.evalsha(await sha, 2, ...all);
    } catch (error) {
      // Not cached (a restarted or flushed Redis): EVAL runs it and caches it again.
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return client.eval(RATE_LIMIT_SCRIPT, 2, ...all);
    }
  }

  return {
    async acquire(key, wanted): Promise<StoreGrant> {
      const reply = await run(key, ["acquire", ttlMs, wanted, processId]);
      return grantOf(reply, wanted);
    },
    async report(key, report: AttemptReport): Promise<void> {
      await run(key, [
        "report",
        ttlMs,
        report.window,
        report.slots ?? 1,
        report.responded ? 1 : 0,
        report.remaining ?? "",
        report.reset ?? "",
      ]);
    },
  };
}

/** The script's reply to acquire, checked: anything else than whole numbers in range (a proxy's or a
 * mock's strings, NaN, a zero wait) throws, and the pacer paces in-process rather than spin or hang. */
function grantOf(reply: unknown, wanted: number): StoreGrant {
  const bad = (what: string): never => {
    throw new IntercomError(`Unexpected reply from the rate-limit script: ${what}`);
  };
  if (!Array.isArray(reply) || reply.length !== 4) return bad("not a list of 4");
  const [granted, window, waitMs, sharers] = reply as unknown[];
  const whole = (value: unknown, min: number, max: number): value is number =>
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
  if (!whole(granted, 0, wanted)) return bad(`granted ${String(granted)} of ${wanted}`);
  if (typeof window !== "string" || window.length > 64) return bad("window is not a short string");
  if (!whole(waitMs, granted < wanted ? 1 : 0, MAX_WAIT_MS)) return bad(`wait ${String(waitMs)} ms`);
  if (!whole(sharers, 1, COUNT_LIMIT)) return bad(`sharers ${String(sharers)}`);
  return { granted, window, waitMs, sharers };
}
