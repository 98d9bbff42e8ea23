// The rate-limit pacer: holds attempts while the app's window is spent, caps attempts in flight, and
// paces in-process while a shared store fails. The client calls acquire() before each attempt and
// release() after it. One queue per client: a single pump asks the store for as many grants as
// there are waiters and hands them out in order, else sleeps until the store says (with jitter, so
// that processes waking at one reset do not all ask at once). A waiter goes unpaced after maxWaitMs.
import { defaults } from "../defaults.js";
import { IntercomError } from "../errors.js";
import { checkNumber, names } from "../internal/check.js";
import { readRateLimit } from "./headers.js";
import {
  MemoryRateLimitStore,
  processStore,
  type AttemptReport,
  type RateLimitStore,
  type StoreGrant,
} from "./store.js";

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

/** Every key of RateLimitOptions (the compiler checks the list): any other is refused. */
const RATE_LIMIT_OPTIONS = names<keyof RateLimitOptions>()(
  "store key maxConcurrency storeTimeoutMs storeRetryMs onEvent",
);

/** A started attempt, handed back to release(): its grant's window, and which store granted it. */
interface Slot {
  window: string;
  shared: boolean;
}

export interface RateLimitPacer {
  /** Resolves when an attempt may start (unpaced after `maxWaitMs`, the policy's maxRetryAfterMs:
   * the server's 429 then fails it fast); rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal, maxWaitMs?: number, retry?: boolean): Slot | Promise<Slot>;
  /** After an attempt: its response or none; corrects the window. */
  release(slot: Slot, response: { headers: Headers } | undefined): void;
}

interface Waiter {
  /** Out of the queue, counted in flight; the attempt starts after `delayMs`. */
  start(slot: Slot, delayMs?: number): void;
  deadline: number;
}

type Grant = StoreGrant & { shared: boolean };

/** Grants handed out at once are released over this span (ms), and waits end within this jitter. */
const SPREAD_MS = 20;
/** The longest wait a store may ask for (a window is at most a minute at Intercom). */
const MAX_STORE_WAIT_MS = 120_000;
const UNPACED: Slot = { window: "", shared: false };

export function createRateLimitPacer(
  options: RateLimitOptions,
  defaultKey: () => Promise<string>,
): RateLimitPacer {
  // As createIntercom's own options: a misspelt key is refused, not silently ignored.
  const unknown = Object.keys(options).filter((name) => !RATE_LIMIT_OPTIONS.has(name));
  if (unknown.length > 0) {
    throw new IntercomError(`Unknown rateLimit option ${unknown.map((n) => JSON.stringify(n)).join(", ")}`);
  }
  const max = options.maxConcurrency ?? Infinity;
  checkNumber("rateLimit.maxConcurrency", max, { min: 1, max: Infinity, whole: max !== Infinity, unit: "" });
  // Defaults for absent options only: null is not a number of ms.
  const {
    storeTimeoutMs = defaults.rateLimit.storeTimeoutMs,
    storeRetryMs = defaults.rateLimit.storeRetryMs,
  } = options;
  checkNumber("rateLimit.storeTimeoutMs", storeTimeoutMs);
  checkNumber("rateLimit.storeRetryMs", storeRetryMs);
  if (options.key !== undefined && (typeof options.key !== "string" || options.key === "")) {
    throw new IntercomError("rateLimit.key must be a non-empty string");
  }
  const shared = options.store === processStore ? undefined : options.store;
  // With a shared store, a fallback of this client's own (shared with the store's other clients).
  const local = shared ? fallbackFor(shared) : processStore;
  const onEvent = options.onEvent ?? warn;
  const say = (event: RateLimitEvent) => {
    try {
      onEvent(event);
    } catch {
      // A throwing listener must not break pacing.
    }
  };

  const queue: Waiter[] = [];
  let inFlight = 0;
  /** Attempts in flight under the shared store's grants: a fallback counts them against its window. */
  let sharedOut = 0;
  /** The rate-limit headers already reported as ignored. */
  const ignored = new Set<string>();
  let pumping = false;
  /** Something changed while the pump was asking the store: ask again before sleeping. */
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = 0;
  /** The shared store failed: the in-process one paces, and every storeRetryMs one acquire asks the
   * shared one, in the background, whether it is back (no call waits on a store that is down); only a
   * usable grant counts as back, and the slot it holds is handed back at once. */
  let down = false;
  let retryAt = 0;
  let asking = false;
  let key: string | undefined;
  const keyReady = (options.key !== undefined ? Promise.resolve(options.key) : defaultKey()).then((k) => {
    key = k;
  });
  const isLocal = () => {
    if (!shared || !down) return !shared;
    if (!asking && Date.now() >= retryAt) {
      asking = true;
      withTimeout(() => shared.acquire(key!, 1), storeTimeoutMs)
        .then((grant) => {
          const { granted, window } = checkGrant(grant, 1);
          if (granted > 0) void toShared({ window, slots: granted, responded: false });
          down = false;
          say({ type: "store-recovered" });
        })
        .catch(fail)
        .finally(() => (asking = false));
    }
    return true;
  };

  const fail = (error: unknown) => {
    retryAt = Date.now() + storeRetryMs;
    if (!down) say({ type: "store-unavailable", error });
    down = true;
  };
  const toShared = (report: AttemptReport) =>
    withTimeout(() => shared!.report(key!, report), storeTimeoutMs).catch(fail);

  /** The shared store's grant, checked (a store that answers nonsense is a store that failed), or
   * the in-process store's when it fails. */
  const sharedAcquire = async (wanted: number): Promise<Grant> => {
    const call = withTimeout(() => shared!.acquire(key!, wanted), storeTimeoutMs);
    try {
      const grant = checkGrant(await call, wanted);
      if (grant.sharers !== undefined) local.sharers.set(key!, grant.sharers);
      return { ...grant, shared: true };
    } catch (error) {
      // A grant that comes after we stopped waiting goes back, so that it is not held to the reset.
      call.late
        .then((late) => {
          const granted = late && Number.isSafeInteger(late.granted) ? late.granted : 0;
          if (granted > 0) void toShared({ window: String(late!.window), slots: granted, responded: false });
        })
        .catch(() => undefined);
      fail(error);
      return { ...local.acquire(key!, wanted, sharedOut), shared: false };
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
   * never beyond maxConcurrency (a waiter for a free slot waits for one: an attempt in flight ends
   * within its own timeout). */
  const letThrough = (until: number) => {
    for (const waiter of queue.filter((w) => until > w.deadline)) {
      if (inFlight >= max) return;
      queue.splice(queue.indexOf(waiter), 1);
      waiter.start(UNPACED);
    }
  };

  const handOut = (grant: Grant) => {
    const slot: Slot = { window: grant.window, shared: grant.shared };
    const spread = grant.granted > 8 ? SPREAD_MS / grant.granted : 0;
    let given = 0;
    for (; given < grant.granted && queue.length > 0; given++) queue.shift()!.start(slot, spread * given);
    // Waiters that left while the store was asked: their grants go back.
    if (given < grant.granted)
      report(slot, { window: grant.window, slots: grant.granted - given, responded: false });
  };

  const pump = async (): Promise<void> => {
    if (pumping) return void (again = true);
    pumping = true;
    try {
      if (key === undefined) await keyReady;
      for (;;) {
        const wanted = Math.min(queue.length, max - inFlight);
        if (wanted <= 0) return;
        again = false;
        const grant = isLocal()
          ? { ...local.acquire(key!, wanted, sharedOut), shared: false }
          : await sharedAcquire(wanted);
        handOut(grant);
        if (grant.granted >= wanted || again) continue;
        letThrough(Date.now() + grant.waitMs);
        if (queue.length === 0) return;
        // A release meanwhile re-pumps at once; the timer is for the reset.
        const wait = Math.max(1, grant.waitMs + (grant.waitMs > SPREAD_MS ? Math.random() * SPREAD_MS : 0));
        timerDue = Date.now() + wait;
        timer = setTimeout(() => {
          timer = undefined;
          void pump();
        }, wait);
        return;
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(signal, maxWaitMs = Infinity, retry = false) {
      // Nothing waiting and a store that answers at once (in-process): no promise, no queue.
      if (queue.length === 0 && !pumping && !timer && key !== undefined && inFlight < max && isLocal()) {
        const grant = local.acquire(key, 1);
        if (grant.granted > 0) {
          inFlight++;
          return { window: grant.window, shared: false };
        }
      }
      return new Promise<Slot>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const leave = (reason?: unknown) => {
          clearTimeout(deadline);
          signal?.removeEventListener("abort", onAbort);
          const at = queue.indexOf(waiter);
          if (at !== -1) queue.splice(at, 1);
          // Nobody left to wake: the reset timer would only keep the process alive.
          if (queue.length === 0 && timer !== undefined) {
            clearTimeout(timer);
            timer = undefined;
          }
          if (reason !== undefined) reject(reason);
        };
        const onAbort = () => leave(signal!.reason);
        const waiter: Waiter = {
          deadline: Date.now() + maxWaitMs,
          start(slot, delayMs) {
            leave();
            inFlight++;
            if (slot.shared) sharedOut++;
            if (delayMs) setTimeout(resolve, delayMs, slot);
            else resolve(slot);
          },
        };
        // The wait's own deadline, whatever the store says (or fails to say).
        const deadline = setTimeout(() => letThrough(Date.now() + 1), Math.min(maxWaitMs, 2_147_483_647));
        signal?.addEventListener("abort", onAbort, { once: true });
        // A retry goes first: it has waited a window already (a 429 is retried after the reset),
        // and the first grants of a window are the least likely to meet a 429 again.
        if (retry) queue.unshift(waiter);
        else queue.push(waiter);
        if (timer === undefined) void pump();
        else letThrough(timerDue);
      });
    },

    release(slot, response) {
      inFlight--;
      if (slot.shared) sharedOut--;
      const seen = response && readRateLimit(response.headers);
      const values = { Limit: seen?.limit, Remaining: seen?.remaining, Reset: seen?.resetAt };
      for (const [name, value] of Object.entries(values)) {
        const given = value === undefined ? response?.headers.get(`x-ratelimit-${name}`) : null;
        if (typeof given === "string" && !ignored.has(name)) {
          ignored.add(name);
          say({ type: "header-ignored", header: `X-RateLimit-${name}`, value: given.slice(0, 64) });
        }
      }
      report(slot, {
        window: slot.window,
        responded: response !== undefined,
        limit: seen?.limit,
        remaining: seen?.remaining,
        reset: seen?.resetAt && seen.resetAt.getTime() / 1000,
      });
      if (queue.length > 0) {
        // A response may open a new window: ask again now rather than at the timer.
        clearTimeout(timer);
        timer = undefined;
        void pump();
      }
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

/** One fallback per shared store (per process, usually): its clients share it as they share the store. */
const fallbacks = new WeakMap<RateLimitStore, MemoryRateLimitStore>();
function fallbackFor(shared: RateLimitStore): MemoryRateLimitStore {
  let local = fallbacks.get(shared);
  if (!local) fallbacks.set(shared, (local = new MemoryRateLimitStore()));
  return local;
}

function warn(event: RateLimitEvent): void {
  if (event.type === "header-ignored") {
    console.warn(`intercom-fetch: ignored ${event.header}: ${JSON.stringify(event.value)} (out of range)`);
  } else if (event.type === "store-unavailable") {
    const reason = event.error instanceof Error ? event.error.message : String(event.error);
    console.warn(
      `intercom-fetch: rate-limit store unavailable (${reason}); pacing in-process until it is back`,
    );
  } else {
    console.warn("intercom-fetch: rate-limit store is back; pacing is shared again");
  }
}

/**
 * The store's answer, or an error named StoreTimeoutError after `ms`; `late` is the answer however
 * late it comes (undefined if it fails). The timer's end is checked one event-loop turn later:
 * timers run before I/O in a turn, so a process stalled past `ms` (a busy machine) would otherwise
 * time out a reply that is already waiting in its socket.
 */
function withTimeout<T>(
  work: () => T | Promise<T>,
  ms: number,
): Promise<T> & { late: Promise<T | undefined> } {
  const answer = Promise.resolve().then(work);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timer = setTimeout(() => {
        const error = new Error(`the rate-limit store did not answer within ${ms} ms`);
        error.name = "StoreTimeoutError";
        reject(error);
      }, 0);
    }, ms);
  });
  const raced = Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
  return Object.assign(raced, { late: answer.catch(() => undefined) });
}
