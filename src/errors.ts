// The error hierarchy. Errors hold plain data (nothing we sent), so the token cannot leak through them.
import { innerCode, isRecord } from "./internal/values.js";
import { readRateLimit, serverRequestedWaitMs } from "./rate-limit/headers.js";

/** A position in a paginated walk, as plain JSON: the page to request (`first: true`: the request as
 * given) and how many of its items were handed out. `paginate(path, { ...init, cursor })` resumes there. */
export type PageCursor = (
  | { first: true }
  | { starting_after: string }
  | { page: number }
  | { next: string }
  | { scroll_param: string }
) & { skip?: number };

/** The brand every IntercomError carries: one registry-wide symbol, the same in the ESM and CommonJS builds. */
const BRAND: unique symbol = Symbol.for("intercom-fetch.IntercomError") as never;

export interface RequestSummary {
  method: string;
  /** The operation's path template, e.g. /contacts/{id}, when known; else the URL's path. */
  path: string;
  url: string;
}

export class IntercomError extends Error {
  override name = "IntercomError";
  /** Set on errors thrown while paginating: the cursor of the page that failed. */
  cursor?: PageCursor;
  declare readonly [BRAND]: true;
}
Object.defineProperty(IntercomError.prototype, BRAND, { value: true });

/** Whether `value` is an error of this package, from either build (`instanceof` fails across the
 * ESM and CommonJS copies; this does not). Subclasses keep their `name` ("IntercomNotFoundError", …). */
export function isIntercomError(value: unknown): value is IntercomError {
  return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
}

/** One entry of Intercom's `error.list` body. */
export interface IntercomErrorDetail {
  code: string;
  message?: string;
  field?: string;
}

export interface ApiErrorInit extends RequestSummary {
  status: number;
  headers: Headers;
  body: unknown;
  /** See IntercomApiError.mayHaveBeenApplied; false when not given. */
  mayHaveBeenApplied?: boolean;
}

/** What a message says when a write may have taken effect (a repeat could duplicate a POST or PATCH). */
function writeNote({ method, mayHaveBeenApplied }: { method: string; mayHaveBeenApplied?: boolean }): string {
  if (mayHaveBeenApplied !== true) return "";
  const name = method.toUpperCase();
  if (name === "PUT" || name === "DELETE") return " The request may have been applied.";
  return (
    ` The ${name} may have been applied. Check before repeating it: a repeat could duplicate the write, ` +
    `which is why a ${name} is not retried after such a failure unless retry.retryNonIdempotent is set.`
  );
}

export class IntercomApiError extends IntercomError {
  override name = "IntercomApiError";
  declare readonly status: number;
  /** The first Intercom error code (e.g. "not_found"), if the body was an error.list. */
  declare readonly code: string | undefined;
  /** All errors from the body's `errors` array. */
  declare readonly errors: IntercomErrorDetail[];
  /** From the body's `request_id`, else the X-Request-Id response header. */
  declare readonly requestId: string | undefined;
  /** Response headers, as a plain object. */
  declare readonly headers: Record<string, string>;
  declare readonly method: string;
  declare readonly path: string;
  declare readonly url: string;
  /** The parsed JSON body, or the raw text when the body was not JSON. */
  declare readonly body: unknown;
  /** True for a write (not a read or a search) that failed with a 5xx or 408: look before repeating it. */
  declare readonly mayHaveBeenApplied: boolean;
  constructor(init: ApiErrorInit) {
    const { status, headers, method, path, url, body } = init;
    const errors = errorDetails(body);
    const first = errors[0];
    const summary = first
      ? `${first.code}${first.message ? `: ${first.message}` : ""}`
      : describeBody(body, headers, status);
    super(`${method} ${path} failed with ${status}: ${summary}${writeNote(init)}`);
    const requestId =
      isRecord(body) && typeof body["request_id"] === "string"
        ? body["request_id"]
        : (headers.get("x-request-id") ?? undefined);
    // Assigned in the order declared (the order of the error's keys).
    Object.assign(this, {
      status,
      code: first?.code,
      errors,
      requestId,
      headers: Object.fromEntries(headers.entries()),
      method,
      path,
      url,
      body,
      mayHaveBeenApplied: init.mayHaveBeenApplied === true,
    });
  }

  /** Builds the subclass that matches the status. */
  static from(init: ApiErrorInit): IntercomApiError {
    const ErrorClass =
      init.status >= 500 ? IntercomServerError : (STATUS_CLASSES[init.status] ?? IntercomApiError);
    return new ErrorClass(init);
  }
}

export class IntercomBadRequestError extends IntercomApiError {
  override name = "IntercomBadRequestError";
}
export class IntercomAuthenticationError extends IntercomApiError {
  override name = "IntercomAuthenticationError";
}
export class IntercomPermissionError extends IntercomApiError {
  override name = "IntercomPermissionError";
}
export class IntercomNotFoundError extends IntercomApiError {
  override name = "IntercomNotFoundError";
}
export class IntercomConflictError extends IntercomApiError {
  override name = "IntercomConflictError";
}
export class IntercomUnprocessableEntityError extends IntercomApiError {
  override name = "IntercomUnprocessableEntityError";
}
export class IntercomServerError extends IntercomApiError {
  override name = "IntercomServerError";
}

export class IntercomRateLimitError extends IntercomApiError {
  override name = "IntercomRateLimitError";
  /** When Intercom says the window resets (X-RateLimit-Reset), if it said. */
  declare readonly resetAt: Date | undefined;
  declare readonly limit: number | undefined;
  declare readonly remaining: number | undefined;
  /** How long the server asked to wait (Retry-After, else until X-RateLimit-Reset), in ms. */
  declare readonly retryAfterMs: number | undefined;
  constructor(init: ApiErrorInit) {
    super(init);
    const now = Date.now();
    const state = readRateLimit(init.headers);
    const wait = serverRequestedWaitMs(init.headers, init.status, now);
    // A wait past the end of representable time (a garbled Retry-After) has no date.
    const waitEnds = wait === undefined ? undefined : new Date(now + wait);
    const resetAt = state?.resetAt ?? (waitEnds && !Number.isNaN(waitEnds.getTime()) ? waitEnds : undefined);
    Object.assign(this, { resetAt, limit: state?.limit, remaining: state?.remaining, retryAfterMs: wait });
  }
}

const STATUS_CLASSES: Record<number, new (init: ApiErrorInit) => IntercomApiError> = {
  400: IntercomBadRequestError,
  401: IntercomAuthenticationError,
  403: IntercomPermissionError,
  404: IntercomNotFoundError,
  409: IntercomConflictError,
  422: IntercomUnprocessableEntityError,
  429: IntercomRateLimitError,
};

export interface InvalidResponseErrorInit extends ApiErrorInit {
  /** What is wrong with the body; by default, that it is not JSON. */
  problem?: string;
}

/** A successful status whose body is not the JSON the operation promises (a proxy's HTML page). */
export class IntercomInvalidResponseError extends IntercomApiError {
  override name = "IntercomInvalidResponseError";
  constructor(init: InvalidResponseErrorInit) {
    super(init);
    const type = init.headers.get("content-type") ?? "no content type";
    this.message =
      `${init.method} ${init.path} returned ${init.status} with ${init.problem ?? "a body that is not JSON"} (${type})` +
      writeNote(init);
  }
}

/** What a call that got no response knows about itself. */
export interface AttemptErrorInit {
  method: string;
  url: string;
  /** How many attempts were made, the failed one included. */
  attempts: number;
  /** See the error's mayHaveBeenApplied; false when not given. */
  mayHaveBeenApplied?: boolean;
}
export interface TimeoutErrorInit extends AttemptErrorInit {
  timeoutMs: number;
}

export class IntercomTimeoutError extends IntercomError {
  override name = "IntercomTimeoutError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly timeoutMs: number;
  declare readonly attempts: number;
  /** A write that timed out may have been applied by Intercom: look before repeating it. */
  declare readonly mayHaveBeenApplied: boolean;
  constructor(init: TimeoutErrorInit) {
    const { method, url, timeoutMs, attempts } = init;
    super(`${method} ${url} timed out after ${timeoutMs} ms (attempt ${attempts})${writeNote(init)}`);
    const mayHaveBeenApplied = init.mayHaveBeenApplied === true;
    Object.assign(this, { method, url, timeoutMs, attempts, mayHaveBeenApplied });
  }
}

export interface ConnectionErrorInit extends AttemptErrorInit {
  /** What fetch threw. */
  cause: unknown;
}

export class IntercomConnectionError extends IntercomError {
  override name = "IntercomConnectionError";
  declare readonly method: string;
  declare readonly url: string;
  declare readonly attempts: number;
  /** A write whose connection failed once it may have reached Intercom (not refused, not an unknown host). */
  declare readonly mayHaveBeenApplied: boolean;
  constructor(init: ConnectionErrorInit) {
    const { method, url, attempts, cause } = init;
    const message = `${method} ${url} could not reach Intercom (attempt ${attempts}): ${reason(cause)}`;
    super(message + writeNote(init), { cause });
    Object.assign(this, { method, url, attempts, mayHaveBeenApplied: init.mayHaveBeenApplied === true });
  }
}

/** A paginated walk that cannot go on safely: a foreign `next` link, a repeated cursor, a bad page. */
export class IntercomPaginationError extends IntercomError {
  override name = "IntercomPaginationError";
}
/** A webhook notification that cannot be trusted or read: see the two subclasses. */
export class IntercomWebhookError extends IntercomError {
  override name = "IntercomWebhookError";
}
/** The X-Hub-Signature header is missing, malformed, or not the HMAC of the body with the secret. */
export class IntercomWebhookSignatureError extends IntercomWebhookError {
  override name = "IntercomWebhookSignatureError";
}
/** The body is signed correctly but is not a notification envelope (not JSON, fields missing). */
export class IntercomWebhookPayloadError extends IntercomWebhookError {
  override name = "IntercomWebhookPayloadError";
}

function errorDetails(body: unknown): IntercomErrorDetail[] {
  if (!isRecord(body) || !Array.isArray(body["errors"])) return [];
  return body["errors"].filter(isRecord).map((e) => ({
    code: typeof e["code"] === "string" ? e["code"] : "unknown",
    ...(typeof e["message"] === "string" ? { message: e["message"] } : {}),
    ...(typeof e["field"] === "string" ? { field: e["field"] } : {}),
  }));
}

/** A body that is not an error.list, described (markup stripped) for the message. */
function describeBody(body: unknown, headers: Headers, status: number): string {
  // A browser's fetch with redirect "manual" hides the 3xx: an opaque redirect, status 0, no headers.
  if (status === 0) return "a redirect (not followed; the browser hides its status and target)";
  const type = headers.get("content-type") ?? "no content type";
  if (body === undefined || body === "" || body === null) return `empty body (${type})`;
  if (typeof body !== "string") return `unexpected body (${type})`;
  const text = body.replace(/(?:<[^>]*>|\s)+/g, " ").trim();
  return `non-JSON body (${type}): ${text.slice(0, 200) || "(markup only)"}`;
}

/** What fetch threw, for a message: undici's "fetch failed" TypeError says why in its cause. */
function reason(thrown: unknown): string {
  if (!(thrown instanceof Error)) return String(thrown);
  if (!(thrown.cause instanceof Error)) return thrown.message;
  const code = innerCode(thrown);
  return code !== undefined ? `${code} (${thrown.cause.message})` : thrown.cause.message;
}
