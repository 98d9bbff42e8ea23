// The rate-limit pacer (docs/rate-limits.md): holds attempts while the app's window is spent, caps
// attempts in flight, paces in-process while a shared store fails. One queue per client: one pump
// asks the store for a grant per waiter and hands them out in order, else sleeps until the store says.
import { defaults } from "../defaults.js";
import { IntercomError } from "../errors.js";
import { onAbort } from "../internal/abort.js";
import { checkNumber, names } from "../internal/check.js";
import { readRateLimit, type RateLimitState } from "./headers.js";
import type { AttemptReport, RateLimitStore, StoreGrant } from "./store.js";
import { MemoryRateLimitStore, processStore } from "./store.js";

export type RateLimitEvent =
  /** The shared store failed, was too slow or answered nonsense: pacing goes on in-process. */
  | { type: "store-unavailable"; error: unknown }
  /** The shared store answered again: pacing is shared again. */
  | { type: "store-recovered" }
  /** A rate-limit header out of range or unreadable was ignored (told once per header and client). */
  | { type: "header-ignored"; header: string; value: string };

export interface RateLimitOptions {
  /** Where the window lives; createRedisRateLimitStore (intercom-fetch/redis) shares it across processes. @default in-process */
  store?: RateLimitStore;
  /** The app's key in the store (share a window between tokens of one app). @default a SHA-256 of origin and token */
  key?: string;
  /** Caps attempts in flight for this client. @default no cap */
  maxConcurrency?: number;
  /** Longest wait for the shared store before pacing goes on in-process, in ms. @default 500 */
  storeTimeoutMs?: number;
  /** How often a failed store is tried again, in ms. @default 1000 */
  storeRetryMs?: number;
  /** Told once when the shared store fails, and once when it is back. @default console.warn */
  onEvent?: (event: RateLimitEvent) => void;
}

const RATE_LIMIT_OPTIONS = names<keyof RateLimitOptions>()(
  "store key maxConcurrency storeTimeoutMs storeRetryMs onEvent",
);

/** A started attempt, handed back to release(): its grant's window, and which store granted it. */
type Slot = { window: string; shared: boolean };
type Grant = StoreGrant & { shared: boolean };

export interface RateLimitPacer {
  /** Resolves when an attempt may start (unpaced after `maxWaitMs`, the policy's maxRetryAfterMs:
   * the server's 429 then fails it fast); rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal, maxWaitMs?: number, retry?: boolean): Slot | Promise<Slot>;
  /** After an attempt: its response or none; corrects the window. */
  release(slot: Slot, response: { headers: Headers } | undefined): void;
}

const SPREAD_MS = 20; // grants given at once go out over this span (ms); waits end within this jitter
const MAX_STORE_WAIT_MS = 120_000; // the longest wait a store may ask for (Intercom's windows: ≤ a minute)
const UNPACED: Slot = { window: "", shared: false };
const NO_HEADERS: RateLimitState = { limit: undefined, remaining: undefined, resetAt: undefined };
/** One fallback per shared store: its clients in a process share it as they share the store. */
const fallbacks = new WeakMap<RateLimitStore, MemoryRateLimitStore>();

export function createRateLimitPacer(
  options: RateLimitOptions,
  defaultKey: () => Promise<string>,
): RateLimitPacer {
  const unknown = Object.keys(options).filter((name) => !RATE_LIMIT_OPTIONS.has(name));
  if (unknown.length > 0) {
    throw new IntercomError(`Unknown rateLimit option ${unknown.map((n) => JSON.stringify(n)).join(", ")}`);
  }
  const max = options.maxConcurrency ?? Infinity;
  checkNumber("rateLimit.maxConcurrency", max, { min: 1, max: Infinity, whole: max !== Infinity, unit: "" });
  // Defaults for absent options only: null is not a number of ms.
  const d = defaults.rateLimit;
  const { storeTimeoutMs = d.storeTimeoutMs, storeRetryMs = d.storeRetryMs } = options;
  checkNumber("rateLimit.storeTimeoutMs", storeTimeoutMs);
  checkNumber("rateLimit.storeRetryMs", storeRetryMs);
  if (options.key !== undefined && (typeof options.key !== "string" || options.key === "")) {
    throw new IntercomError("rateLimit.key must be a non-empty string");
  }
  const shared = options.store === processStore ? undefined : options.store;
  const local = !shared
    ? processStore
    : (fallbacks.get(shared) ?? fallbacks.set(shared, new MemoryRateLimitStore()).get(shared)!);
  const onEvent = options.onEvent ?? warn;
  const say = (event: RateLimitEvent) => {
    try {
      onEvent(event);
    } catch {
      // A throwing listener must not break pacing.
    }
  };

  const queue: { deadline: number; start(slot: Slot, delayMs?: number): void }[] = [];
  let inFlight = 0;
  let sharedOut = 0; // in flight under the shared store's grants: a fallback counts them too
  const ignored = new Set<string>(); // the rate-limit headers already reported as ignored
  let pumping = false;
  let again = false; // something changed while the pump asked the store: ask again before sleeping
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = 0;
  // The shared store is down: the in-process one paces, and every storeRetryMs one acquire asks the
  // shared one in the background whether it is back (no call waits on a store that is down).
  let down = false;
  let retryAt = 0;
  let asking = false;
  let key: string | undefined;
  const keyReady = Promise.resolve(options.key ?? defaultKey()).then((k) => (key = k));
  const stopTimer = () => {
    clearTimeout(timer);
    timer = undefined;
  };

  const fail = (error: unknown) => {
    retryAt = Date.now() + storeRetryMs;
    if (!down) say({ type: "store-unavailable", error });
    down = true;
  };
  const toShared = (report: AttemptReport) =>
    withTimeout(() => shared!.report(key!, report), storeTimeoutMs).catch(fail);
  /** Hands a shared store's grant back unused (a late one, or the one that told it is back). */
  const giveBack = ({ granted, window }: StoreGrant) => {
    if (Number.isSafeInteger(granted) && granted > 0) {
      void toShared({ window: String(window), slots: granted, responded: false });
    }
  };
  const isLocal = () => {
    if (shared && down && !asking && Date.now() >= retryAt) {
      asking = true;
      withTimeout(() => shared.acquire(key!, 1), storeTimeoutMs)
        .then((grant) => {
          giveBack(checkGrant(grant, 1));
          down = false;
          say({ type: "store-recovered" });
        })
        .catch(fail)
        .finally(() => (asking = false));
    }
    return !shared || down;
  };

  const localGrant = (wanted: number) => ({ ...local.acquire(key!, wanted, sharedOut), shared: false });
  /** The shared store's grant, checked (nonsense is a failure), else the in-process store's. */
  const sharedAcquire = async (wanted: number): Promise<Grant> => {
    const call = withTimeout(() => shared!.acquire(key!, wanted), storeTimeoutMs);
    try {
      const grant = checkGrant(await call, wanted);
      if (grant.sharers !== undefined) local.sharers.set(key!, grant.sharers);
      return { ...grant, shared: true };
    } catch (error) {
      // A grant that comes after we stopped waiting goes back, so that it is not held to the reset.
      call.late.then((late) => late && giveBack(late)).catch(() => undefined);
      fail(error);
      return localGrant(wanted);
    }
  };

  const report = (slot: Slot, attempt: AttemptReport) => {
    if (!shared) return local.report(key!, attempt);
    // The store that granted the slot settles it; the other only learns the headers.
    const observation = { ...attempt, window: "", slots: 0 };
    local.report(key!, slot.shared ? observation : attempt);
    const settle = slot.shared ? attempt : observation;
    if (!down && (settle.window !== "" || settle.remaining !== undefined)) void toShared(settle);
  };

  /** Waiters past their deadline (or whose wait would pass it) go now, unpaced by the window, but
   * never beyond maxConcurrency (an attempt in flight ends within its own timeout). */
  const letThrough = (until: number) => {
    for (const waiter of queue.filter((w) => until > w.deadline)) {
      if (inFlight >= max) return;
      waiter.start(UNPACED);
    }
  };

  const handOut = ({ granted, window, shared: fromShared }: Grant) => {
    const slot: Slot = { window, shared: fromShared };
    const spread = granted > 8 ? SPREAD_MS / granted : 0;
    let given = 0;
    for (; given < granted && queue.length > 0; given++) queue[0]!.start(slot, spread * given);
    // Waiters that left while the store was asked: their grants go back.
    if (given < granted) report(slot, { window, slots: granted - given, responded: false });
  };

  const pump = async (): Promise<void> => {
    // A release re-pumps at once; the timer is for the reset.
    stopTimer();
    if (pumping) return void (again = true);
    pumping = true;
    try {
      if (key === undefined) await keyReady;
      let grant: Grant, wanted: number;
      do {
        wanted = Math.min(queue.length, max - inFlight);
        if (wanted <= 0) return;
        again = false;
        grant = isLocal() ? localGrant(wanted) : await sharedAcquire(wanted);
        handOut(grant);
      } while (grant.granted >= wanted || again);
      letThrough(Date.now() + grant.waitMs);
      if (queue.length === 0) return;
      const wait = Math.max(1, grant.waitMs + (grant.waitMs > SPREAD_MS ? Math.random() * SPREAD_MS : 0));
      timerDue = Date.now() + wait;
      timer = setTimeout(() => void pump(), wait);
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(signal, maxWaitMs = Infinity, retry = false) {
      // Nothing waiting and a store that answers at once (in-process): no promise, no queue.
      if (queue.length === 0 && !pumping && !timer && key !== undefined && inFlight < max && isLocal()) {
        const grant = local.acquire(key, 1, sharedOut);
        if (grant.granted > 0) {
          inFlight++;
          return { window: grant.window, shared: false };
        }
      }
      return new Promise<Slot>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const leave = (reason?: unknown) => {
          clearTimeout(deadline);
          unlink?.();
          const at = queue.indexOf(waiter);
          if (at !== -1) queue.splice(at, 1);
          // Nobody left to wake: the reset timer would only keep the process alive.
          if (queue.length === 0) stopTimer();
          if (reason !== undefined) reject(reason);
        };
        const waiter = {
          deadline: Date.now() + maxWaitMs,
          start(slot: Slot, delayMs?: number) {
            leave();
            inFlight++;
            if (slot.shared) sharedOut++;
            if (delayMs) setTimeout(resolve, delayMs, slot);
            else resolve(slot);
          },
        };
        // The wait's own deadline, whatever the store says (or fails to say).
        const deadline = setTimeout(() => letThrough(Date.now() + 1), Math.min(maxWaitMs, 2_147_483_647));
        const unlink = signal && onAbort(signal, () => leave(signal.reason));
        // A retry goes first: it has waited a window already, and a window's first grants are the
        // least likely to meet a 429 again.
        if (retry) queue.unshift(waiter);
        else queue.push(waiter);
        if (timer === undefined) void pump();
        else letThrough(timerDue);
      });
    },

    release(slot, response) {
      inFlight--;
      if (slot.shared) sharedOut--;
      const { limit, remaining, resetAt } = (response && readRateLimit(response.headers)) ?? NO_HEADERS;
      for (const [name, value] of Object.entries({ Limit: limit, Remaining: remaining, Reset: resetAt })) {
        const given = value === undefined ? response?.headers.get(`x-ratelimit-${name}`) : null;
        if (typeof given === "string" && !ignored.has(name)) {
          ignored.add(name);
          say({ type: "header-ignored", header: `X-RateLimit-${name}`, value: given.slice(0, 64) });
        }
      }
      const reset = resetAt && resetAt.getTime() / 1000;
      report(slot, { window: slot.window, responded: response !== undefined, limit, remaining, reset });
      // A response may open a new window: ask again now rather than at the timer.
      if (queue.length > 0) void pump();
    },
  };
}

/** A store's grant, or an error when it is not one: counts that are not whole numbers in range, a
 * wait that is not a positive number of ms below MAX_STORE_WAIT_MS when not all were granted. */
function checkGrant(grant: StoreGrant, wanted: number): StoreGrant {
  const { granted, window, waitMs, sharers } = grant ?? ({} as StoreGrant);
  const ok =
    Number.isSafeInteger(granted) &&
    granted >= 0 &&
    granted <= wanted &&
    typeof window === "string" &&
    (granted === wanted || (typeof waitMs === "number" && waitMs > 0 && waitMs <= MAX_STORE_WAIT_MS)) &&
    (sharers === undefined || (Number.isSafeInteger(sharers) && sharers >= 1));
  if (!ok) throw new IntercomError(`the rate-limit store answered an unusable grant: ${safeJson(grant)}`);
  return grant;
}

const safeJson = (value: unknown) => {
  try {
    return JSON.stringify(value)?.slice(0, 200) ?? String(value);
  } catch {
    return String(value);
  }
};

function warn(event: RateLimitEvent): void {
  const reason =
    "error" in event && (event.error instanceof Error ? event.error.message : String(event.error));
  console.warn(
    event.type === "header-ignored"
      ? `intercom-fetch: ignored ${event.header}: ${JSON.stringify(event.value)} (out of range)`
      : event.type === "store-unavailable"
        ? `intercom-fetch: rate-limit store unavailable (${reason}); pacing in-process until it is back`
        : "intercom-fetch: rate-limit store is back; pacing is shared again",
  );
}

/** The store's answer, or a StoreTimeoutError after `ms`; `late` is the answer however late. Checked one
 * turn later: timers run before I/O, and a stalled process would time out a reply in its socket. */
function withTimeout<T>(work: () => T | Promise<T>, ms: number) {
  const answer = Promise.resolve().then(work);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    const fire = () => {
      const error = new Error(`the rate-limit store did not answer within ${ms} ms`);
      reject(Object.assign(error, { name: "StoreTimeoutError" }));
    };
    timer = setTimeout(() => (timer = setTimeout(fire, 0)), ms);
  });
  const raced = Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
  return Object.assign(raced, { late: answer.catch(() => undefined) });
}
