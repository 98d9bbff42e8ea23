// Where a rate-limit window lives: the store interface that the pacer asks for grants, and the
// in-process store (the default). The Redis store (src/redis.ts) implements the same interface with
// the same rules, in a Lua script; a change to the rules here is made there too.
//
// A window is the server's: it is recognised by its X-RateLimit-Reset value (epoch seconds), never
// by a local clock's bucket. Within a window the budget is the smallest X-RateLimit-Remaining seen,
// less the grants not yet answered. With no live window known (none seen yet, or its reset has
// passed) one attempt at a time is let through, a probe, whose answer tells the next window.
// Clocks: the store's clock is compared with the server's resets only, and their difference (skew)
// is bounded by the resets themselves: a probe that finds a window the store's clock thought over
// (the server's clock is behind), a new window earlier than the store's clock expected it (ahead).
// No two callers' clocks are ever compared.
import { hexDigest, subtleCrypto } from "../internal/digest.js";
import { plausibleCount, plausibleReset } from "./headers.js";

/** The grants of one store call. */
export interface StoreGrant {
  /** Attempts that may start now (0 to `wanted`). */
  granted: number;
  /** The window the grants belong to, handed back in report(). */
  window: string;
  /** When fewer than wanted were granted: how long to wait before asking again, in ms (> 0). */
  waitMs: number;
  /**
   * A shared store: how many processes (store instances) asked lately. While the store is down,
   * each paces in-process on its share of the window.
   */
  sharers?: number;
}

/** What became of attempts made under a grant, or what a response said. */
export interface AttemptReport {
  /** The window of the grant this settles; "" when it settles none (an observation only). */
  window: string;
  /** Grants settled by this report (default 1). */
  slots?: number;
  /** The response's X-RateLimit-* headers; all undefined for a response without them. */
  limit?: number | undefined;
  remaining?: number | undefined;
  /** X-RateLimit-Reset, epoch seconds. */
  reset?: number | undefined;
  /** False when no response came (timeout, connection failure) or the grant went unused. */
  responded: boolean;
}

/**
 * Shared rate-limit state, one record per key (an app). Both methods may be called from many
 * processes at once: implementations make each call atomic.
 */
export interface RateLimitStore {
  /** Asks for up to `wanted` attempts under the key's current window. */
  acquire(key: string, wanted: number): StoreGrant | Promise<StoreGrant>;
  /** Settles grants and corrects the window from a response's headers. */
  report(key: string, report: AttemptReport): void | Promise<void>;
}

/** The window tag of a probe grant. */
export const PROBE = "probe";

/**
 * How long a probe holds the way before another may go (its response may never come), and how long
 * after a probe that found no new window the next one goes (the reset has not come yet).
 */
export const PROBE_LEASE_MS = 1_000;
export const PROBE_RETRY_MS = 100;
/** How often a caller that waits on another process's probe asks again. */
export const PROBE_POLL_MS = 10;
/**
 * The longest wait a store hands out (ms): a caller asks again after it at the latest. Intercom's
 * windows are seconds long; a longer wait only comes from a reset far ahead, and asking again costs
 * one store call a minute, whereas a wait that is wrong (a garbled reset, a record written by
 * something else) would hold every call for as long as it says.
 */
export const MAX_WAIT_MS = 60_000;
/** How long the in-process store keeps an app's record after its last use (as the Redis store's ttlMs). */
const IDLE_MS = 600_000;
/**
 * A reset this much earlier than the record's (s) is not a late answer of an earlier window (no
 * answer is ten minutes late: the attempt's timeout ends it first) but the server's current one: the
 * record's reset, in range but far ahead, was wrong, and a window starts again from the new one.
 * Without it, one such reset (an hour ahead, say) would keep pacing off until it came.
 */
export const REWIND_S = 600;
/** The in-process store sweeps idle records when it has grown to twice its size after the last sweep, from this size on. */
const SWEEP_FROM = 1024;

interface WindowRecord {
  /** X-RateLimit-Reset of the live window, epoch seconds; undefined before any was seen. */
  reset?: number;
  remaining: number;
  /** Grants of this window not yet reported. */
  reserved: number;
  /**
   * Grants of the previous window not yet reported: they may reach the server in this one, so they
   * count against it too, until reported or until the window after.
   */
  reservedBefore: number;
  previousReset?: number;
  /** No probe before this time (ms, the store's clock). */
  probeUntil: number;
  /**
   * A probe is out: it counts against whichever window its answer finds (another answer may open
   * that window first), until it is reported or its lease ends.
   */
  probeOut: boolean;
  /** The server sends no rate-limit headers: nothing to pace by. */
  unpaced: boolean;
  /**
   * The store's clock less the server's, as the server's own resets reveal it (ms): a window ends
   * at reset * 1000 + skew by the store's clock.
   */
  skew: number;
  /** The window's length as the resets show it (ms), once two were seen. */
  windowMs?: number;
  /** Probes of this window that found the server still in it after our clock's end. */
  raises: number;
  /** Last use (ms, the store's clock): a record idle for IDLE_MS is dropped. */
  touched: number;
}

/**
 * A report's window values, if both are there and plausible by the store's clock (`now`); a value
 * out of range (a reset in ms, Infinity, a negative remaining) is never stored.
 */
function windowOf(report: AttemptReport, now: number): { remaining: number; reset: number } | undefined {
  const { remaining, reset } = report;
  if (typeof remaining !== "number" || typeof reset !== "number") return undefined;
  return plausibleCount(remaining) && plausibleReset(reset, now) ? { remaining, reset } : undefined;
}

/** A wait handed out: at least 1 ms, at most MAX_WAIT_MS, never NaN. */
const clampWait = (ms: number): number => (ms > 1 ? Math.min(Math.ceil(ms), MAX_WAIT_MS) : 1);

/** Whether the record's window is live by the store's clock (its reset, corrected by the skew). */
const live = (record: WindowRecord, now: number): boolean =>
  record.reset !== undefined && now < record.reset * 1000 + record.skew;

/** The in-process store: one record per key, shared by every client of the same app in a process. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly records = new Map<string, WindowRecord>();
  /** Per key: how many processes share the window (a fallback store takes its share only). */
  readonly sharers = new Map<string, number>();
  /** The next sweep for idle records: when the map reaches this size. */
  private sweepAt = SWEEP_FROM;

  constructor(private readonly now: () => number = Date.now) {}

  /** `held`: attempts in flight under another store's grants (a fallback's client, just after its
   * shared store failed), counted against this window too. */
  acquire(key: string, wanted: number, held = 0): StoreGrant {
    const now = this.now();
    const record = this.record(key, now);
    if (record.unpaced) return { granted: wanted, window: "", waitMs: 0 };
    if (live(record, now)) {
      const waitMs = clampWait(record.reset! * 1000 + record.skew - now);
      const share = this.sharers.get(key) ?? 1;
      const available =
        Math.floor(record.remaining / share) -
        record.reserved -
        record.reservedBefore -
        held -
        (record.probeOut ? 1 : 0);
      if (available > 0) {
        const granted = Math.min(available, wanted);
        record.reserved += granted;
        // The rest waits for the reset (or for a response that corrects the budget).
        return { granted, window: String(record.reset), waitMs };
      }
      return { granted: 0, window: "", waitMs };
    }
    if (now >= record.probeUntil) {
      record.probeUntil = now + PROBE_LEASE_MS;
      record.probeOut = true;
      // The others wait for the probe's answer, or for its lease to end.
      return { granted: 1, window: PROBE, waitMs: PROBE_LEASE_MS };
    }
    return { granted: 0, window: "", waitMs: clampWait(Math.min(record.probeUntil - now, PROBE_POLL_MS)) };
  }

  report(key: string, report: AttemptReport): void {
    const now = this.now();
    const record = this.record(key, now);
    const slots = plausibleCount(report.slots ?? 1) ? (report.slots ?? 1) : 0;
    const seen = windowOf(report, now);
    const wasLive = live(record, now);
    if (seen) {
      const { remaining, reset } = seen;
      record.unpaced = false;
      // The record's window lies far beyond the one the server is in: it never was one (a reset
      // sent once by mistake, in range all the same). What was learnt from it goes with it.
      const rewind = record.reset !== undefined && record.reset - reset > REWIND_S;
      if (rewind) {
        record.windowMs = undefined;
        record.skew = 0;
      }
      if (record.reset === undefined || reset > record.reset || rewind) {
        if (record.reset !== undefined && !rewind) {
          // The shortest step between resets seen is the window's length (or a multiple of it).
          const step = (reset - record.reset) * 1000;
          record.windowMs = Math.min(record.windowMs ?? step, step);
          // The server moved on while our clock said the old window was live: its clock is ahead.
          if (wasLive) record.skew = Math.min(record.skew, now - record.reset * 1000);
        }
        // A new window: its budget is what the server says is left of it.
        record.previousReset = record.reset;
        record.reservedBefore = record.reserved;
        record.reset = reset;
        record.remaining = remaining;
        record.reserved = 0;
        record.raises = 0;
        if (now >= record.probeUntil) record.probeOut = false;
        // The server is in it, so its clock is past its start: ahead of ours by at least as much.
        if (record.windowMs !== undefined) {
          record.skew = Math.min(record.skew, now - reset * 1000 + record.windowMs);
        }
      } else if (reset === record.reset) {
        record.remaining = Math.min(record.remaining, remaining);
      }
      // A probe (sent once our clock said the window was over) found the server still in it: its
      // clock is behind ours by more than that. A late answer to an earlier request says nothing
      // of the kind. The guess grows by steps that double while probes keep finding the window, up
      // to the window's length: a wrong guess costs a wait, never a window overrun.
      if (report.window === PROBE && reset === record.reset && now >= reset * 1000 + record.skew) {
        const step = Math.min(PROBE_RETRY_MS * 2 ** record.raises++, record.windowMs ?? 1000);
        record.skew = now - reset * 1000 + step;
      }
    } else if (report.responded && !wasLive && report.remaining === undefined && report.reset === undefined) {
      // A response without the headers, and no window to keep: the server does not rate-limit. (One
      // with values out of range does: they are ignored, and the next response tells the window.)
      record.unpaced = true;
    }
    if (report.window === String(record.reset)) record.reserved = Math.max(0, record.reserved - slots);
    if (report.window === String(record.previousReset)) {
      record.reservedBefore = Math.max(0, record.reservedBefore - slots);
    }
    if (report.window === PROBE) {
      record.probeOut = false;
      record.probeUntil = live(record, now) || !report.responded ? 0 : now + PROBE_RETRY_MS;
    }
  }

  private record(key: string, now: number): WindowRecord {
    let record = this.records.get(key);
    if (record) {
      record.touched = now;
      return record;
    }
    if (this.records.size >= this.sweepAt) this.sweep(now);
    // reset, previousReset and windowMs start undefined (absent).
    record = {
      remaining: 0,
      reserved: 0,
      reservedBefore: 0,
      probeUntil: 0,
      probeOut: false,
      unpaced: false,
      skew: 0,
      raises: 0,
      touched: now,
    };
    this.records.set(key, record);
    return record;
  }

  /**
   * Drops the records not used for IDLE_MS, as Redis expires its own (ttlMs): a process that talks
   * to many apps (a token per customer) keeps the ones in use, not every one it ever saw. A dropped
   * app's next call probes, as after a restart. Run when the map has doubled since the last sweep,
   * so that its cost is spread over the records added meanwhile.
   */
  private sweep(now: number): void {
    for (const [key, record] of this.records) {
      if (now - record.touched > IDLE_MS) this.records.delete(key);
    }
    for (const key of this.sharers.keys()) if (!this.records.has(key)) this.sharers.delete(key);
    this.sweepAt = Math.max(SWEEP_FROM, this.records.size * 2);
  }
}

/** The process's in-process store: clients of one app share its window. */
export const processStore = new MemoryRateLimitStore();

/**
 * The key of an app's window: a SHA-256 of the origin and the access token (the token itself never
 * leaves the client, in a key or anywhere else), or the caller's own key.
 */
export async function appKey(origin: string, token: string): Promise<string> {
  const subtle = subtleCrypto();
  // Without Web Crypto (a page on an insecure origin): a key that tells tokens apart within this
  // process, never the token itself. Such a runtime has no shared store to name.
  if (!subtle) return `${origin}#${localTokenId(token)}`;
  return hexDigest(subtle, "SHA-256", `${origin}\n${token}`, 16);
}

const localTokenIds = new Map<string, number>();
function localTokenId(token: string): number {
  let id = localTokenIds.get(token);
  if (id === undefined) localTokenIds.set(token, (id = localTokenIds.size + 1));
  return id;
}
