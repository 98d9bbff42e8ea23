// Reading Intercom's rate-limit headers, once, for the retry policy, the errors and the client.

export interface RateLimitState {
  limit: number | undefined;
  remaining: number | undefined;
  /** When the current window resets (X-RateLimit-Reset, epoch seconds). */
  resetAt: Date | undefined;
}

/** A header as a finite number; absent, empty or garbled is undefined. */
function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name)?.trim();
  if (!raw || !/^-?\d+(\.\d+)?$/.test(raw)) return undefined;
  return Number(raw);
}

/** The X-RateLimit-* headers, or undefined when the response carries none of them. */
export function readRateLimit(headers: Headers): RateLimitState | undefined {
  const limit = numberHeader(headers, "x-ratelimit-limit");
  const remaining = numberHeader(headers, "x-ratelimit-remaining");
  const reset = numberHeader(headers, "x-ratelimit-reset");
  if (limit === undefined && remaining === undefined && reset === undefined) return undefined;
  return { limit, remaining, resetAt: reset !== undefined && reset > 0 ? new Date(reset * 1000) : undefined };
}

/** The X-RateLimit-* headers as the pacer reports them (reset in epoch seconds), each undefined when
 * absent or unreadable. */
export function readRateLimitHeaders(headers: Headers): {
  limit: number | undefined;
  remaining: number | undefined;
  reset: number | undefined;
} {
  const reset = numberHeader(headers, "x-ratelimit-reset");
  return {
    limit: numberHeader(headers, "x-ratelimit-limit"),
    remaining: numberHeader(headers, "x-ratelimit-remaining"),
    reset: reset !== undefined && reset > 0 ? reset : undefined,
  };
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
 * `X-RateLimit-Reset` (epoch seconds when the window resets).
 */
export function serverRequestedWaitMs(
  headers: Headers,
  status: number | undefined,
  now: number,
): number | undefined {
  const retryAfter = retryAfterMs(headers, now);
  if (retryAfter !== undefined) return retryAfter;
  const resetAt = status === RATE_LIMIT_STATUS ? readRateLimit(headers)?.resetAt : undefined;
  return resetAt ? Math.max(0, resetAt.getTime() - now) : undefined;
}
