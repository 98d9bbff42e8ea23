// The pacer: holds attempts while the app's rate-limit window is spent, caps attempts in flight,
// and keeps working when a shared store fails. It sits beside the request path, which calls
// acquire() before each attempt (retries too) and release() after it; nothing else.
//
// One queue per client. A single pump asks the store for as many grants as there are waiters (one
// store call, however many waiters), hands them out in order, and when the window is spent sleeps
// until the store says, with a little jitter, so that processes waking at one reset do not all ask
// at once. Grants handed out at once are released spread over a short interval.
import { defaults } from "../defaults.js";
import { IntercomError } from "../errors.js";
import { numberHeader } from "./headers.js";
import { MemoryRateLimitStore, processStore, type RateLimitStore, type StoreGrant } from "./store.js";

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

const RATE_LIMIT_OPTIONS: ReadonlySet<string> = new Set<keyof RateLimitOptions>([
  "store",
  "key",
  "maxConcurrency",
  "storeTimeoutMs",
  "storeRetryMs",
  "onEvent",
]);

/** A started attempt: handed back to release(). */
export interface Slot {
  window: string;
  shared: boolean;
}

interface Waiter {
  /** Longest hold: a later reset lets the attempt through, for the server to refuse (a 429). */
  maxWaitMs: number;
  resolve: (slot: Slot) => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/** Grants handed out at once are released over this span (ms), and waits end within this jitter. */
const SPREAD_MS = 20;

export class Pacer {
  private readonly queue: Waiter[] = [];
  private inFlight = 0;
  private pumping = false;
  /** Something changed while the pump was asking the store: ask again before sleeping. */
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = 0;
  private readonly maxConcurrency: number;
  private readonly stores: FallbackStore;
  private key: string | undefined;
  private readonly keyReady: Promise<void>;

  constructor(options: RateLimitOptions, defaultKey: () => Promise<string>) {
    // As createIntercom's own options: a misspelt key is refused, not silently ignored.
    const unknown = Object.keys(options).filter((name) => !RATE_LIMIT_OPTIONS.has(name));
    if (unknown.length > 0) {
      throw new IntercomError(`Unknown rateLimit option ${unknown.map((n) => JSON.stringify(n)).join(", ")}`);
    }
    const max = options.maxConcurrency ?? Infinity;
    if (typeof max !== "number" || !(max >= 1) || (max !== Infinity && !Number.isInteger(max))) {
      throw new IntercomError(`rateLimit.maxConcurrency must be a whole number >= 1, got ${String(max)}`);
    }
    this.maxConcurrency = max;
    for (const name of ["storeTimeoutMs", "storeRetryMs"] as const) {
      const value = options[name];
      if (value !== undefined && (typeof value !== "number" || !(value >= 0 && value < 2 ** 31))) {
        throw new IntercomError(`rateLimit.${name} must be a number of ms, got ${String(value)}`);
      }
    }
    if (options.key !== undefined && (typeof options.key !== "string" || options.key === "")) {
      throw new IntercomError("rateLimit.key must be a non-empty string");
    }
    this.stores = new FallbackStore(options);
    this.keyReady = (options.key !== undefined ? Promise.resolve(options.key) : defaultKey()).then((k) => {
      this.key = k;
    });
  }

  /**
   * Resolves when an attempt may start; rejects with the signal's reason if it aborts first. An
   * attempt that would be held longer than `maxWaitMs` (the retry policy's maxRetryAfterMs) goes at
   * once instead: the server's 429 then fails it fast, as a server-requested wait that long does.
   */
  acquire(signal?: AbortSignal, maxWaitMs = Infinity): Slot | Promise<Slot> {
    // Nothing waiting and a store that answers at once (in-process): no promise, no queue.
    if (
      this.queue.length === 0 &&
      !this.pumping &&
      this.timer === undefined &&
      this.key !== undefined &&
      this.inFlight < this.maxConcurrency &&
      !signal?.aborted
    ) {
      const grant = this.stores.acquireNow(this.key);
      if (grant !== undefined && grant.granted > 0) {
        this.inFlight++;
        return { window: grant.window, shared: false };
      }
    }
    return new Promise<Slot>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const waiter: Waiter = { maxWaitMs, resolve, reject, signal, onAbort: undefined };
      if (signal) {
        waiter.onAbort = () => {
          const at = this.queue.indexOf(waiter);
          if (at !== -1) this.queue.splice(at, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", waiter.onAbort, { once: true });
      }
      this.queue.push(waiter);
      if (this.timer === undefined) void this.pump();
      else this.letThroughBeyond(this.timerDue - Date.now());
    });
  }

  /** After an attempt: its response (headers, status) or none; corrects the window. */
  release(slot: Slot, response: { headers: Headers } | undefined): void {
    this.inFlight--;
    // The two headers the window needs (the same parser as readRateLimit; no Date, no limit).
    const headers = response?.headers;
    const reset = headers ? numberHeader(headers, "x-ratelimit-reset") : undefined;
    this.stores.report(this.key!, slot, {
      window: slot.window,
      responded: response !== undefined,
      remaining: headers ? numberHeader(headers, "x-ratelimit-remaining") : undefined,
      reset: reset !== undefined && reset > 0 ? reset : undefined,
    });
    if (this.queue.length > 0) {
      // A response may open a new window: ask again now rather than at the timer.
      this.clearTimer();
      void this.pump();
    }
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    try {
      if (this.key === undefined) await this.keyReady;
      for (;;) {
        const wanted = Math.min(this.queue.length, this.maxConcurrency - this.inFlight);
        if (wanted <= 0) return;
        this.again = false;
        const pending = this.stores.acquire(this.key!, wanted);
        const grant = pending instanceof Promise ? await pending : pending;
        this.handOut(grant);
        if (grant.granted < wanted) {
          if (this.again) continue;
          this.letThroughBeyond(grant.waitMs);
          if (this.queue.length === 0) return;
          // A response released meanwhile re-pumps at once; the timer is for the reset.
          const wait = Math.max(1, grant.waitMs + (grant.waitMs > SPREAD_MS ? Math.random() * SPREAD_MS : 0));
          this.timerDue = Date.now() + wait;
          this.timer = setTimeout(() => {
            this.timer = undefined;
            void this.pump();
          }, wait);
          return;
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Waiters that would be held longer than they accept go now, unpaced. */
  private letThroughBeyond(waitMs: number): void {
    for (let i = 0; i < this.queue.length;) {
      const waiter = this.queue[i]!;
      if (waitMs <= waiter.maxWaitMs) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.inFlight++;
      if (waiter.onAbort) waiter.signal!.removeEventListener("abort", waiter.onAbort);
      waiter.resolve({ window: "", shared: false });
    }
  }

  private handOut(grant: StoreGrant & { shared: boolean }): void {
    const slot: Slot = { window: grant.window, shared: grant.shared };
    const spread = grant.granted > 8 ? SPREAD_MS / grant.granted : 0;
    let given = 0;
    while (given < grant.granted) {
      const waiter = this.queue.shift();
      if (!waiter) break;
      this.inFlight++;
      if (waiter.onAbort) waiter.signal!.removeEventListener("abort", waiter.onAbort);
      if (spread === 0 || given === 0) waiter.resolve(slot);
      else setTimeout(() => waiter.resolve(slot), spread * given);
      given++;
    }
    // Waiters that aborted while the store was asked: their grants go back.
    if (given < grant.granted) {
      this.stores.report(this.key!, slot, {
        window: grant.window,
        slots: grant.granted - given,
        responded: false,
      });
    }
  }
}

/**
 * The configured store, and the in-process one to fall back on. Every report also reaches the
 * in-process store, so that a fallback starts from the latest window rather than from nothing.
 */
class FallbackStore {
  private readonly shared: RateLimitStore | undefined;
  private readonly local: MemoryRateLimitStore;
  private down = false;
  private retryAt = 0;
  private readonly timeoutMs: number;
  private readonly retryMs: number;
  private readonly onEvent: (event: RateLimitEvent) => void;

  constructor(options: RateLimitOptions) {
    const store = options.store ?? processStore;
    this.shared = store === processStore ? undefined : store;
    // With a shared store, a fallback of this client's own.
    this.local = this.shared ? fallbackFor(this.shared) : processStore;
    this.timeoutMs = options.storeTimeoutMs ?? defaults.rateLimit.storeTimeoutMs;
    this.retryMs = options.storeRetryMs ?? defaults.rateLimit.storeRetryMs;
    this.onEvent = options.onEvent ?? warn;
  }

  /** One grant from the in-process store, when it is the one in use; else undefined. */
  acquireNow(key: string): StoreGrant | undefined {
    if (this.shared && !(this.down && Date.now() < this.retryAt)) return undefined;
    return this.local.acquire(key, 1);
  }

  acquire(
    key: string,
    wanted: number,
  ): (StoreGrant & { shared: boolean }) | Promise<StoreGrant & { shared: boolean }> {
    if (!this.shared || (this.down && Date.now() < this.retryAt)) {
      return { ...this.local.acquire(key, wanted), shared: false };
    }
    return this.acquireShared(this.shared, key, wanted);
  }

  private async acquireShared(
    shared: RateLimitStore,
    key: string,
    wanted: number,
  ): Promise<StoreGrant & { shared: boolean }> {
    const call = Promise.resolve().then(() => shared.acquire(key, wanted));
    try {
      const grant = await withTimeout(call, this.timeoutMs);
      if (grant.sharers !== undefined) this.local.sharers.set(key, Math.max(1, grant.sharers));
      if (this.down) {
        this.down = false;
        this.say({ type: "store-recovered" });
      }
      return { ...grant, shared: true };
    } catch (error) {
      // A grant that comes after we stopped waiting goes back, so that it is not held to the reset.
      call.then(
        (late) => {
          if (late.granted > 0) {
            this.reportShared(shared, key, { window: late.window, slots: late.granted, responded: false });
          }
        },
        () => undefined,
      );
      this.fail(error);
      return { ...this.local.acquire(key, wanted), shared: false };
    }
  }

  report(key: string, slot: Slot, report: Parameters<RateLimitStore["report"]>[1]): void {
    if (!this.shared) return this.local.report(key, report);
    // The store that granted the slot settles it; the other only learns the headers.
    const observation = { ...report, window: "", slots: 0 };
    this.local.report(key, slot.shared ? observation : report);
    if (this.down) return;
    const toShared = slot.shared ? report : observation;
    if (toShared.window === "" && toShared.remaining === undefined) return;
    this.reportShared(this.shared, key, toShared);
  }

  private reportShared(shared: RateLimitStore, key: string, report: Parameters<RateLimitStore["report"]>[1]) {
    withTimeout(
      Promise.resolve().then(() => shared.report(key, report)),
      this.timeoutMs,
    ).catch((error: unknown) => this.fail(error));
  }

  private fail(error: unknown): void {
    this.retryAt = Date.now() + this.retryMs;
    if (this.down) return;
    this.down = true;
    this.say({ type: "store-unavailable", error });
  }

  private say(event: RateLimitEvent): void {
    try {
      this.onEvent(event);
    } catch {
      // A throwing listener must not break pacing.
    }
  }
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

class StoreTimeoutError extends Error {
  constructor(ms: number) {
    super(`the rate-limit store did not answer within ${ms} ms`);
    this.name = "StoreTimeoutError";
  }
}

/**
 * The work, or a StoreTimeoutError after `ms`. The timer's end is checked one event-loop turn later:
 * timers run before I/O in a turn, so a process stalled past `ms` (a busy machine) would otherwise
 * time out a reply that is already waiting in its socket.
 */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timer = setTimeout(() => reject(new StoreTimeoutError(ms)), 0);
    }, ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
