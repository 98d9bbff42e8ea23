// Reading Intercom's rate-limit headers, once, for the retry policy, the errors and the client.
// Every value is checked at this edge: a header out of a plausible range is read as absent, so that
// nothing downstream (a wait, a Date, a store's record) ever holds it.

export interface RateLimitState {
  limit: number | undefined;
  remaining: number | undefined;
  /** When the current window resets (X-RateLimit-Reset, epoch seconds). */
  resetAt: Date | undefined;
}

/**
 * How far an X-RateLimit-Reset may lie from the reader's clock, either way, in seconds. Intercom's
 * windows are seconds long (a reset is at most a minute ahead); a day leaves room for any clock
 * skew between the server and us, and refuses what no window can be: a reset in milliseconds
 * (13 digits, ~50,000 years ahead), one that overflows a wait (≥ 9.3e15), Infinity, or a long-gone
 * date. Such a reset would otherwise hold (or end) pacing for as long as it claims.
 */
export const RESET_RANGE_S = 86_400;
/** X-RateLimit-Limit and -Remaining are whole numbers in [0, this): Intercom's are in the thousands. */
export const COUNT_LIMIT = 1e9;

/** A rate-limit count (limit, remaining) is plausible: a whole number in [0, COUNT_LIMIT). */
export const plausibleCount = (value: number): boolean =>
  Number.isInteger(value) && value >= 0 && value < COUNT_LIMIT;

/** A reset (epoch seconds) is plausible: within RESET_RANGE_S of `nowMs`. */
export const plausibleReset = (seconds: number, nowMs: number): boolean =>
  Number.isFinite(seconds) && Math.abs(seconds - nowMs / 1000) <= RESET_RANGE_S;

/**
 * A header as a finite number; absent, empty or garbled is undefined. The X-RateLimit-* headers
 * are also range-checked (plausibleCount, plausibleReset by `now`): out of range is undefined.
 */
export function numberHeader(headers: Headers, name: string, now: number = Date.now()): number | undefined {
  const raw = headers.get(name)?.trim();
  // At most 20 digits before the point: a longer number is out of every range below anyway.
  if (!raw || !/^-?\d{1,20}(\.\d{1,20})?$/.test(raw)) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) return undefined;
  switch (name.toLowerCase()) {
    case "x-ratelimit-limit":
    case "x-ratelimit-remaining":
      return plausibleCount(value) ? value : undefined;
    case "x-ratelimit-reset":
      return plausibleReset(value, now) ? value : undefined;
    default:
      return value;
  }
}

/**
 * The X-RateLimit-* headers, or undefined when the response carries none of them. A header out of
 * range (see numberHeader) is read as absent: `resetAt` is always a valid Date or undefined.
 */
export function readRateLimit(headers: Headers, now: number = Date.now()): RateLimitState | undefined {
  const limit = numberHeader(headers, "x-ratelimit-limit", now);
  const remaining = numberHeader(headers, "x-ratelimit-remaining", now);
  const reset = numberHeader(headers, "x-ratelimit-reset", now);
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  return { limit, remaining, resetAt: reset !== undefined && reset > 0 ? new Date(reset * 1000) : undefined };
}

/**
 * Retry-After as a wait in ms: whole seconds, or an HTTP date (IMF-fixdate, ending in GMT). Anything
 * else (negative numbers, lists, the looser formats Date.parse would accept) is ignored.
 */
function retryAfterMs(headers: Headers, now: number): number | undefined {
  const raw = headers.get("retry-after")?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw) * 1000;
  if (/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(raw)) {
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/** Intercom rejects a rate-limited request before processing it: safe to retry for every method. */
export const RATE_LIMIT_STATUS = 429;

/**
 * The wait the server asked for: `Retry-After` first, then, for a 429, Intercom's
 * `X-RateLimit-Reset` (epoch seconds when the window resets). Never NaN nor negative: a reset out
 * of range (see numberHeader) is no request, and the retry policy backs off instead.
 */
export function serverRequestedWaitMs(
  headers: Headers,
  status: number | undefined,
  now: number,
): number | undefined {
  const retryAfter = retryAfterMs(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  const resetAt = status === RATE_LIMIT_STATUS ? readRateLimit(headers, now)?.resetAt : undefined;
  return resetAt ? Math.max(0, resetAt.getTime() - now) : undefined;
}
