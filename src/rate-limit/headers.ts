// Reading Intercom's rate-limit headers, once, for the retry policy, the errors and the client. A
// value out of a plausible range is read as absent, so nothing downstream (a wait, a Date, a store's
// record) ever holds it.

export interface RateLimitState {
  limit: number | undefined;
  remaining: number | undefined;
  /** When the current window resets (X-RateLimit-Reset, epoch seconds). */
  resetAt: Date | undefined;
}

/** How far an X-RateLimit-Reset may lie from the reader's clock, either way (s): room for any skew,
 * while refusing a reset in ms, one that overflows a wait, or a long-gone date. */
export const RESET_RANGE_S = 86_400;
/** X-RateLimit-Limit and -Remaining are whole numbers in [0, this): Intercom's are in the thousands. */
export const COUNT_LIMIT = 1e9;

/** A rate-limit count (limit, remaining) is plausible: a whole number in [0, COUNT_LIMIT). */
export const plausibleCount = (value: number) => Number.isInteger(value) && value >= 0 && value < COUNT_LIMIT;

/** A reset (epoch seconds) is plausible: within RESET_RANGE_S of `nowMs`. */
export const plausibleReset = (seconds: number, nowMs: number): boolean =>
  Number.isFinite(seconds) && Math.abs(seconds - nowMs / 1000) <= RESET_RANGE_S;

/** A header as a number; absent, garbled or (X-RateLimit-*, by `now`) out of range is undefined. */
export function numberHeader(headers: Headers, name: string, now: number = Date.now()): number | undefined {
  const raw = headers.get(name)?.trim();
  // At most 20 digits before the point (always finite): a longer number is out of every range anyway.
  if (!raw || !/^-?\d{1,20}(\.\d{1,20})?$/.test(raw)) return undefined;
  const value = Number(raw);
  const lower = name.toLowerCase();
  if (lower === "x-ratelimit-reset") return plausibleReset(value, now) ? value : undefined;
  if (lower !== "x-ratelimit-limit" && lower !== "x-ratelimit-remaining") return value;
  return plausibleCount(value) ? value : undefined;
}

/** The X-RateLimit-* headers (out of range is absent), or undefined when the response has none. */
export function readRateLimit(headers: Headers, now: number = Date.now()): RateLimitState | undefined {
  const limit = numberHeader(headers, "x-ratelimit-limit", now);
  const remaining = numberHeader(headers, "x-ratelimit-remaining", now);
  const reset = numberHeader(headers, "x-ratelimit-reset", now);
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  return { limit, remaining, resetAt: reset !== undefined && reset > 0 ? new Date(reset * 1000) : undefined };
}

/** Intercom rejects a rate-limited request before processing it: safe to retry for every method. */
export const RATE_LIMIT_STATUS = 429;

/** The wait the server asked for, in ms: Retry-After (whole seconds, or an IMF-fixdate; no looser
 * format), else for a 429 X-RateLimit-Reset. Never NaN nor negative. */
export function serverRequestedWaitMs(
  headers: Headers,
  status: number | undefined,
  now: number,
): number | undefined {
  const retryAfter = headers.get("retry-after")?.trim() ?? "";
  if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
  if (/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(retryAfter)) {
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const resetAt = status === RATE_LIMIT_STATUS ? readRateLimit(headers, now)?.resetAt : undefined;
  return resetAt ? Math.max(0, resetAt.getTime() - now) : undefined;
}
