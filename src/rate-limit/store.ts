// Where a rate-limit window lives: the store interface the pacer asks for grants, and the in-process
// store (the default). src/redis.ts's Lua script has the same rules: change both together. A window
// is the server's X-RateLimit-Reset, never a local clock's bucket (docs/rate-limits.md, "The window").
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
  /** A shared store: how many processes asked lately (each paces on its share while it is down). */
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

/** Shared rate-limit state, one record per key (an app); implementations make each call atomic. */
export interface RateLimitStore {
  /** Asks for up to `wanted` attempts under the key's current window. */
  acquire(key: string, wanted: number): StoreGrant | Promise<StoreGrant>;
  /** Settles grants and corrects the window from a response's headers. */
  report(key: string, report: AttemptReport): void | Promise<void>;
}

export const PROBE = "probe"; // the window of a probe grant: one attempt while no window is live
export const PROBE_LEASE_MS = 1_000; // how long a probe holds the way (its answer may never come)
export const PROBE_RETRY_MS = 100; // after a probe that found no new window, the next one's delay
export const PROBE_POLL_MS = 10; // how often a caller waiting on another process's probe asks again
/** The longest wait handed out: asking again costs a store call, a wrong wait holds every call. */
export const MAX_WAIT_MS = 60_000;
const IDLE_MS = 600_000; // the in-process store drops an app's record idle this long (as Redis's ttlMs)
/** A reset this much earlier than the record's (s) is the server's window, not a late answer: the
 * record's (in range but far ahead) was wrong, and would otherwise hold pacing until it came. */
export const REWIND_S = 600;
const SWEEP_FROM = 1024; // idle records are swept when the map has doubled since the last sweep

interface WindowRecord {
  reset?: number; // X-RateLimit-Reset of the live window (epoch s)
  remaining: number;
  reserved: number; // grants of this window not yet reported
  reservedBefore: number; // the previous window's: they may reach the server in this one
  previousReset?: number;
  probeUntil: number; // no probe before this time (ms)
  probeOut?: boolean; // a probe is out: it counts against whichever window its answer finds
  unpaced?: boolean; // the server sends no rate-limit headers
  skew: number; // the store's clock less the server's, as its resets reveal it (ms)
  windowMs?: number; // the window's length, once two resets were seen (ms)
  raises: number; // probes that found the server still in this window after our clock's end
  touched?: number; // last use (ms), set on every use
}

/** A wait handed out: at least 1 ms, at most MAX_WAIT_MS, never NaN. */
const clampWait = (ms: number): number => (ms > 1 ? Math.min(Math.ceil(ms), MAX_WAIT_MS) : 1);

const end = (record: WindowRecord): number => record.reset! * 1000 + record.skew;
const live = (record: WindowRecord, now: number): boolean => record.reset !== undefined && now < end(record);

/** The in-process store: one record per key, shared by every client of the same app in a process. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly records = new Map<string, WindowRecord>();
  /** Per key: how many processes share the window (a fallback store takes its share only). */
  readonly sharers = new Map<string, number>();
  private sweepAt = SWEEP_FROM;

  constructor(private readonly now: () => number = Date.now) {}

  /** `held`: attempts in flight under another store's grants (a fallback's), counted here too. */
  acquire(key: string, wanted: number, held = 0): StoreGrant {
    const now = this.now();
    const record = this.record(key, now);
    if (record.unpaced) return { granted: wanted, window: "", waitMs: 0 };
    if (live(record, now)) {
      const out = record.reserved + record.reservedBefore + held + (record.probeOut ? 1 : 0);
      // A fallback's share is rounded up: a 429 costs the window nothing (it is retried after the
      // reset, first), while rounding down left up to `sharers - 1` calls of every window unused.
      const available = Math.ceil(record.remaining / (this.sharers.get(key) ?? 1)) - out;
      const granted = available > 0 ? Math.min(available, wanted) : 0;
      record.reserved += granted;
      const waitMs = clampWait(end(record) - now);
      return { granted, window: available > 0 ? String(record.reset) : "", waitMs };
    }
    if (now >= record.probeUntil) {
      record.probeUntil = now + PROBE_LEASE_MS;
      record.probeOut = true;
      return { granted: 1, window: PROBE, waitMs: PROBE_LEASE_MS };
    }
    return { granted: 0, window: "", waitMs: clampWait(Math.min(record.probeUntil - now, PROBE_POLL_MS)) };
  }

  report(key: string, report: AttemptReport): void {
    const now = this.now();
    const record = this.record(key, now);
    const { window } = report;
    const slots = plausibleCount(report.slots ?? 1) ? (report.slots ?? 1) : 0;
    const remaining = report.remaining ?? -1;
    const reset = report.reset ?? NaN;
    const wasLive = live(record, now);
    // Values out of range (a reset in ms, Infinity, a negative remaining) are never stored.
    if (plausibleCount(remaining) && plausibleReset(reset, now)) {
      const old = record.reset;
      record.unpaced = false;
      // The record's window lies far beyond the server's: it never was one, nor what was learnt from it.
      const rewind = old !== undefined && old - reset > REWIND_S;
      if (old === undefined || reset > old || rewind) {
        if (rewind) {
          record.windowMs = undefined;
          record.skew = 0;
        } else if (old !== undefined) {
          // The shortest step between resets is the window's length (or a multiple of it).
          const step = (reset - old) * 1000;
          record.windowMs = Math.min(record.windowMs ?? step, step);
          // The server moved on while our clock said the old window was live: its clock is ahead.
          if (wasLive) record.skew = Math.min(record.skew, now - old * 1000);
        }
        record.previousReset = old;
        record.reservedBefore = record.reserved;
        record.reset = reset;
        record.remaining = remaining;
        record.reserved = 0;
        record.raises = 0;
        if (now >= record.probeUntil) record.probeOut = false;
        // The server is in the new window, so its clock is past the window's start.
        record.skew = Math.min(record.skew, now - reset * 1000 + (record.windowMs ?? Infinity));
      } else if (reset === old) {
        record.remaining = Math.min(record.remaining, remaining);
      }
      // A probe found the server still in a window our clock says is over: its clock is behind. The
      // guess grows by doubling steps up to a window: a wrong guess costs a wait, never an overrun.
      if (window === PROBE && reset === record.reset && now >= end(record)) {
        const step = Math.min(PROBE_RETRY_MS * 2 ** record.raises++, record.windowMs ?? 1000);
        record.skew = now - reset * 1000 + step;
      }
    } else if (report.responded && !wasLive && report.remaining === undefined && report.reset === undefined) {
      // No headers at all, and no window to keep: the server does not rate-limit (values out of range do).
      record.unpaced = true;
    }
    if (window === String(record.reset)) record.reserved = Math.max(0, record.reserved - slots);
    if (window === String(record.previousReset))
      record.reservedBefore = Math.max(0, record.reservedBefore - slots);
    if (window === PROBE) {
      record.probeOut = false;
      record.probeUntil = live(record, now) || !report.responded ? 0 : now + PROBE_RETRY_MS;
    }
  }

  private record(key: string, now: number): WindowRecord {
    let record = this.records.get(key);
    if (!record) {
      if (this.records.size >= this.sweepAt) this.sweep(now);
      record = { remaining: 0, reserved: 0, reservedBefore: 0, probeUntil: 0, skew: 0, raises: 0 };
      this.records.set(key, record);
    }
    record.touched = now;
    return record;
  }

  /** Drops records idle for IDLE_MS (a process may talk to many apps); a dropped app's next call probes. */
  private sweep(now: number): void {
    for (const [key, record] of this.records) if (now - record.touched! > IDLE_MS) this.records.delete(key);
    for (const key of this.sharers.keys()) if (!this.records.has(key)) this.sharers.delete(key);
    this.sweepAt = Math.max(SWEEP_FROM, this.records.size * 2);
  }
}

/** The process's in-process store: clients of one app share its window. */
export const processStore = new MemoryRateLimitStore();

const localTokenIds = new Map<string, number>();
/** The key of an app's window: a SHA-256 of the origin and the token (which never leaves the client). */
export async function appKey(origin: string, token: string): Promise<string> {
  const subtle = subtleCrypto();
  if (subtle) return hexDigest(subtle, "SHA-256", `${origin}\n${token}`, 16);
  // Without Web Crypto (an insecure origin): a per-process id, never the token; no shared store there.
  if (!localTokenIds.has(token)) localTokenIds.set(token, localTokenIds.size + 1);
  return `${origin}#${localTokenIds.get(token)}`;
}
