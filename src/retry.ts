// The retry policy, as data, and the one function that turns an attempt's outcome into a decision.
import { defaults } from "./defaults.js";
import { IntercomError } from "./errors.js";
import { checkNumber, names } from "./internal/check.js";
import { innerCode, isRecord } from "./internal/values.js";
import { RATE_LIMIT_STATUS, serverRequestedWaitMs } from "./rate-limit/headers.js";

export interface RetryOptions {
  /** Retries after the first attempt. 0 disables retries. @default 2 */
  maxRetries?: number;
  /** First backoff delay in ms, doubled per retry. @default 500 */
  initialDelayMs?: number;
  /** Cap on a computed backoff delay in ms. @default 8000 */
  maxDelayMs?: number;
  /** Longest server-requested wait honoured, in ms; longer fails fast. @default 30000 */
  maxRetryAfterMs?: number;
  /** Also retry POST/PATCH on 408/5xx, timeouts and connection errors (it may write twice). @default false */
  retryNonIdempotent?: boolean;
}

export type RetryPolicy = Required<RetryOptions>;

/** readOnly: an operation known to only read, though its method is POST (the searches). */
type Attempted = { method: string; readOnly?: boolean | undefined };

/** Methods that never change anything; with PUT and DELETE, those that can be repeated safely. */
const READ_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([...READ_METHODS, "PUT", "DELETE"]);
/** Transient failures that may have happened after the server acted: idempotent methods only. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);
/** Connection failures that happen before a byte of the request is sent. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** The one rule for "may have been applied": a write (not a read, nor a search sent as POST) that got a
 * 2xx, 408 or 5xx, timed out, or lost its connection after it may have left (a 429, 3xx, 4xx: not done). */
export function mayHaveBeenApplied(request: Attempted, outcome: AttemptOutcome): boolean {
  if (request.readOnly === true || READ_METHODS.has(request.method.toUpperCase())) return false;
  if (outcome.kind === "timeout") return true;
  if (outcome.kind === "connection") {
    const code = outcome.failure instanceof Error ? innerCode(outcome.failure) : undefined;
    return code === undefined || !NOT_SENT_CODES.has(code);
  }
  const { status } = outcome;
  return (status >= 200 && status < 300) || status >= 500 || status === 408;
}

/** Every key of RetryOptions (the compiler checks the list): any other is refused. */
const RETRY_OPTIONS = names<keyof RetryOptions>()(
  "maxRetries initialDelayMs maxDelayMs maxRetryAfterMs retryNonIdempotent",
);

/** `base` (the defaults or a client's policy) with a caller's `retry` and `maxRetries` over it, checked. */
export function resolvePolicy(
  where: string,
  retry: unknown,
  maxRetries: unknown,
  base: RetryPolicy = defaults.retry,
): RetryPolicy {
  if (retry === undefined && maxRetries === undefined) return base;
  if (retry !== undefined && !isRecord(retry)) {
    throw new IntercomError(`${where}: retry must be an options object, got ${JSON.stringify(retry)}`);
  }
  const policy: RetryPolicy = { ...base };
  for (const [key, value] of [...Object.entries(retry ?? {}), ["maxRetries", maxRetries] as const]) {
    if (!RETRY_OPTIONS.has(key)) {
      throw new IntercomError(`${where}: unknown retry option ${JSON.stringify(key)}`);
    }
    if (value !== undefined) (policy as Record<string, unknown>)[key] = value;
  }
  if (typeof policy.retryNonIdempotent !== "boolean") {
    throw new IntercomError(
      `${where}: retry option retryNonIdempotent must be true or false, got ${JSON.stringify(policy.retryNonIdempotent)}`,
    );
  }
  checkNumber("retry option maxRetries", policy.maxRetries, { whole: true, unit: "" });
  for (const key of ["initialDelayMs", "maxDelayMs", "maxRetryAfterMs"] as const) {
    checkNumber(`retry option ${key}`, policy[key]);
  }
  return policy;
}

export type AttemptOutcome =
  | { kind: "response"; status: number; headers: Headers }
  | { kind: "timeout" }
  | { kind: "connection"; failure?: unknown };

export type RetryDecision =
  | { retry: true; delayMs: number }
  | { retry: false; reason: "success" | "not-retryable" | "exhausted" | "wait-too-long"; waitMs?: number };

/** Whether attempt `attempt` (1-based) is followed by another, and when (`now`, `random`: it is pure). */
export function decideRetry(
  policy: RetryPolicy,
  request: Attempted,
  outcome: AttemptOutcome,
  attempt: number,
  now: number = Date.now(),
  random: () => number = Math.random,
): RetryDecision {
  const status = outcome.kind === "response" ? outcome.status : undefined;
  if (status !== undefined && status < 400) return { retry: false, reason: "success" };
  const repeatable =
    request.readOnly === true ||
    IDEMPOTENT_METHODS.has(request.method.toUpperCase()) ||
    policy.retryNonIdempotent;
  const retryable =
    status === RATE_LIMIT_STATUS || (repeatable && (status === undefined || TRANSIENT_STATUSES.has(status)));
  if (!retryable) return { retry: false, reason: "not-retryable" };
  const requested =
    outcome.kind === "response" ? serverRequestedWaitMs(outcome.headers, status, now) : undefined;
  if (requested !== undefined && requested > policy.maxRetryAfterMs) {
    return { retry: false, reason: "wait-too-long", waitMs: requested };
  }
  if (attempt > policy.maxRetries) return { retry: false, reason: "exhausted" };
  return { retry: true, delayMs: requested ?? backoffMs(policy, attempt, random) };
}

/** Exponential backoff with "equal jitter": half fixed, half random, never above the cap. */
export function backoffMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
