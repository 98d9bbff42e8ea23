// The rate-limit pacer: holds attempts while the app's rate-limit window is spent, caps attempts in
// flight, and keeps working when a shared store fails (it falls back on an in-process store). It
// sits beside the request path, which calls acquire() before each attempt (retries too) and
// release() after it; nothing else. (src/internal/pacer.ts is that seam's interface.)
//
// One queue per client. A single pump asks the store for as many grants as there are waiters (one
// store call, however many waiters), hands them out in order, and when the window is spent sleeps
// until the store says, with a little jitter, so that processes waking at one reset do not all ask
// at once. Grants handed out at once are released spread over a short interval.
import { defaults } from "../defaults.js";
import { IntercomError } from "../errors.js";
import { checkNumber, names } from "../internal/options.js";
import { numberHeader } from "./headers.js";
import {
  MemoryRateLimitStore,
  processStore,
  type AttemptReport,
  type RateLimitStore,
  type StoreGrant,
} from "./store.js";

export type RateLimitEvent =
  /** The shared store failed or was too slow: pacing goes on in-process until it is back. */
  | { type: "store-unavailable"; error: unknown }
  /** The shared store answered again: pacing is shared again. */
  | { type: "store-recovered" };

export interface RateLimitOptions {
  /**
   * Where the window lives. `createRedisRateLimitStore` (from "intercom-fetch/redis") shares it
   * across processes.
   * @default in-process, shared by the clients of the same app in this process
   */
  store?: RateLimitStore;
  /**
   * The app's key in the store. Give your own to share a window between clients that use different
   * tokens of one app.
   * @default a SHA-256 of the origin and the access token
   */
  key?: string;
  /**
   * Caps attempts in flight for this client.
   * @default no cap
   */
  maxConcurrency?: number;
  /**
   * Longest wait for the shared store before pacing goes on in-process, in ms.
   * @default 500
   */
  storeTimeoutMs?: number;
  /**
   * How often a failed store is tried again, in ms.
   * @default 1000
   */
  storeRetryMs?: number;
  /**
   * Told once when the shared store fails, and once when it is back.
   * @default console.warn
   */
  onEvent?: (event: RateLimitEvent) => void;
}

/** Every key of RateLimitOptions (the compiler checks the list): any other is refused. */
const RATE_LIMIT_OPTIONS = names<keyof RateLimitOptions>()(
  "store key maxConcurrency storeTimeoutMs storeRetryMs onEvent",
);

/** A started attempt: handed back to release(). */
export interface Slot {
  window: string;
  shared: boolean;
}

/** What the client plugs into the pacing seam (src/internal/pacer.ts). */
export interface RateLimitPacer {
  /**
   * Resolves when an attempt may start; rejects with the signal's reason if it aborts first. An
   * attempt that would be held longer than `maxWaitMs` (the retry policy's maxRetryAfterMs) goes at
   * once instead: the server's 429 then fails it fast, as a server-requested wait that long does.
   */
  acquire(signal?: AbortSignal, maxWaitMs?: number): Slot | Promise<Slot>;
  /** After an attempt: its response (headers, status) or none; corrects the window. */
  release(slot: Slot, response: { headers: Headers } | undefined): void;
}

interface Waiter {
  /** Longest hold: a later reset lets the attempt through, for the server to refuse (a 429). */
  maxWaitMs: number;
  /** Out of the queue: no longer abortable, counted in flight; the attempt starts after `delayMs`. */
  start: (slot: Slot, delayMs?: number) => void;
}

type Grant = StoreGrant & { shared: boolean };

/** Grants handed out at once are released over this span (ms), and waits end within this jitter. */
const SPREAD_MS = 20;

/**
 * One pacer per client: a queue, and the configured store with the in-process one to fall back on.
 * Every report also reaches the in-process store, so that a fallback starts from the latest window
 * rather than from nothing.
 */
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
  const timeoutMs = checkNumber(
    "rateLimit.storeTimeoutMs",
    options.storeTimeoutMs === undefined ? defaults.rateLimit.storeTimeoutMs : options.storeTimeoutMs,
  );
  const retryMs = checkNumber(
    "rateLimit.storeRetryMs",
    options.storeRetryMs === undefined ? defaults.rateLimit.storeRetryMs : options.storeRetryMs,
  );
  if (options.key !== undefined && (typeof options.key !== "string" || options.key === "")) {
    throw new IntercomError("rateLimit.key must be a non-empty string");
  }
  const store = options.store ?? processStore;
  const shared = store === processStore ? undefined : store;
  // With a shared store, a fallback of this client's own.
  const local = shared ? fallbackFor(shared) : processStore;
  const onEvent = options.onEvent ?? warn;

  const queue: Waiter[] = [];
  let inFlight = 0;
  let pumping = false;
  /** Something changed while the pump was asking the store: ask again before sleeping. */
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = 0;
  /** The shared store failed: the in-process one paces until retryAt, then the shared is tried. */
  let down = false;
  let retryAt = 0;
  let key: string | undefined;
  const keyReady = (options.key !== undefined ? Promise.resolve(options.key) : defaultKey()).then((k) => {
    key = k;
  });

  /** Whether the in-process store is the one in use (no shared store, or it is down). */
  const isLocal = () => !shared || (down && Date.now() < retryAt);

  const say = (event: RateLimitEvent) => {
    try {
      onEvent(event);
    } catch {
      // A throwing listener must not break pacing.
    }
  };

  const fail = (error: unknown) => {
    retryAt = Date.now() + retryMs;
    if (down) return;
    down = true;
    say({ type: "store-unavailable", error });
  };

  const reportShared = (report: AttemptReport) => {
    withTimeout(
      Promise.resolve().then(() => shared!.report(key!, report)),
      timeoutMs,
    ).catch(fail);
  };

  const storeAcquire = async (wanted: number): Promise<Grant> => {
    const call = Promise.resolve().then(() => shared!.acquire(key!, wanted));
    try {
      const grant = await withTimeout(call, timeoutMs);
      if (grant.sharers !== undefined) local.sharers.set(key!, Math.max(1, grant.sharers));
      if (down) {
        down = false;
        say({ type: "store-recovered" });
      }
      return { ...grant, shared: true };
    } catch (error) {
      // A grant that comes after we stopped waiting goes back, so that it is not held to the reset.
      call.then(
        (late) => {
          if (late.granted > 0) reportShared({ window: late.window, slots: late.granted, responded: false });
        },
        () => undefined,
      );
      fail(error);
      return { ...local.acquire(key!, wanted), shared: false };
    }
  };

  const report = (slot: Slot, attempt: AttemptReport) => {
    if (!shared) return local.report(key!, attempt);
    // The store that granted the slot settles it; the other only learns the headers.
    const observation = { ...attempt, window: "", slots: 0 };
    local.report(key!, slot.shared ? observation : attempt);
    if (down) return;
    const toShared = slot.shared ? attempt : observation;
    if (toShared.window === "" && toShared.remaining === undefined) return;
    reportShared(toShared);
  };

  const clearTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };

  /** Waiters that would be held longer than they accept go now, unpaced. */
  const letThroughBeyond = (waitMs: number) => {
    for (let i = 0; i < queue.length;) {
      const waiter = queue[i]!;
      if (waitMs <= waiter.maxWaitMs) {
        i++;
        continue;
      }
      queue.splice(i, 1);
      waiter.start({ window: "", shared: false });
    }
  };

  const handOut = (grant: Grant) => {
    const slot: Slot = { window: grant.window, shared: grant.shared };
    const spread = grant.granted > 8 ? SPREAD_MS / grant.granted : 0;
    let given = 0;
    while (given < grant.granted) {
      const waiter = queue.shift();
      if (!waiter) break;
      waiter.start(slot, spread * given++);
    }
    // Waiters that aborted while the store was asked: their grants go back.
    if (given < grant.granted) {
      report(slot, { window: grant.window, slots: grant.granted - given, responded: false });
    }
  };

  // A single pump asks the store for as many grants as there are waiters (one store call, however
  // many waiters), hands them out in order, and when the window is spent sleeps until the store
  // says, with a little jitter, so that processes waking at one reset do not all ask at once.
  const pump = async (): Promise<void> => {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      if (key === undefined) await keyReady;
      for (;;) {
        const wanted = Math.min(queue.length, max - inFlight);
        if (wanted <= 0) return;
        again = false;
        const grant = isLocal()
          ? { ...local.acquire(key!, wanted), shared: false }
          : await storeAcquire(wanted);
        handOut(grant);
        if (grant.granted < wanted) {
          if (again) continue;
          letThroughBeyond(grant.waitMs);
          if (queue.length === 0) return;
          // A response released meanwhile re-pumps at once; the timer is for the reset.
          const wait = Math.max(1, grant.waitMs + (grant.waitMs > SPREAD_MS ? Math.random() * SPREAD_MS : 0));
          timerDue = Date.now() + wait;
          timer = setTimeout(() => {
            timer = undefined;
            void pump();
          }, wait);
          return;
        }
      }
    } finally {
      pumping = false;
    }
  };

  return {
    acquire(signal, maxWaitMs = Infinity) {
      // Nothing waiting and a store that answers at once (in-process): no promise, no queue.
      if (
        queue.length === 0 &&
        !pumping &&
        timer === undefined &&
        key !== undefined &&
        inFlight < max &&
        !signal?.aborted &&
        isLocal()
      ) {
        const grant = local.acquire(key, 1);
        if (grant.granted > 0) {
          inFlight++;
          return { window: grant.window, shared: false };
        }
      }
      return new Promise<Slot>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const at = queue.indexOf(waiter);
          if (at !== -1) queue.splice(at, 1);
          reject(signal!.reason);
        };
        const waiter: Waiter = {
          maxWaitMs,
          start(slot, delayMs) {
            inFlight++;
            signal?.removeEventListener("abort", onAbort);
            if (delayMs) setTimeout(() => resolve(slot), delayMs);
            else resolve(slot);
          },
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(waiter);
        if (timer === undefined) void pump();
        else letThroughBeyond(timerDue - Date.now());
      });
    },

    release(slot, response) {
      inFlight--;
      // The X-RateLimit-* headers (the same parser as readRateLimit; no Date).
      const header = (name: string) => response && numberHeader(response.headers, `x-ratelimit-${name}`);
      const reset = header("reset");
      report(slot, {
        window: slot.window,
        responded: response !== undefined,
        limit: header("limit"),
        remaining: header("remaining"),
        reset: reset !== undefined && reset > 0 ? reset : undefined,
      });
      if (queue.length > 0) {
        // A response may open a new window: ask again now rather than at the timer.
        clearTimer();
        void pump();
      }
    },
  };
}

/** One fallback per shared store (per process, usually): its clients share it as they share the store. */
const fallbacks = new WeakMap<RateLimitStore, MemoryRateLimitStore>();
function fallbackFor(shared: RateLimitStore): MemoryRateLimitStore {
  let local = fallbacks.get(shared);
  if (!local) fallbacks.set(shared, (local = new MemoryRateLimitStore()));
  return local;
}

function warn(event: RateLimitEvent): void {
  if (event.type === "store-unavailable") {
    const reason = event.error instanceof Error ? event.error.message : String(event.error);
    console.warn(
      `intercom-fetch: rate-limit store unavailable (${reason}); pacing in-process until it is back`,
    );
  } else {
    console.warn("intercom-fetch: rate-limit store is back; pacing is shared again");
  }
}

/**
 * The work, or an error named StoreTimeoutError after `ms`. The timer's end is checked one
 * event-loop turn later: timers run before I/O in a turn, so a process stalled past `ms` (a busy
 * machine) would otherwise time out a reply that is already waiting in its socket.
 */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
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
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
