// createIntercom's options: their types (each with its @default), checked and resolved once per client.
import { defaults, SDK_NAME, SDK_VERSION } from "./defaults.js";
import { IntercomError } from "./errors.js";
import type {
  BodySerializer,
  HeadersOptions,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from "./fetch-types.js";
import type { RateLimitOptions } from "./rate-limit/pacer.js";
import { resolveBaseUrl, type Region } from "./regions.js";
import { resolvePolicy, type RetryOptions } from "./retry.js";
import { environmentVariable, hasUndiciFetch, nodeVersion } from "./internal/runtime.js";
import { checkNumber, names } from "./internal/check.js";

/** A custom fetch: given a Request per attempt (and openapi-fetch's requestInitExt, on Node). */
export type FetchLike = (input: Request, init?: Record<string, unknown>) => Promise<Response>;

/** RequestInit's fields, given to every Request (each with the platform's default). A call's own `body`,
 * `method` and `signal` replace the client's; `redirect` is always "manual" (the token stays on its host). */
export type RequestInitOptions = Pick<
  RequestInit,
  | "body"
  | "cache"
  | "credentials"
  | "integrity"
  | "keepalive"
  | "method"
  | "mode"
  | "priority"
  | "redirect"
  | "referrer"
  | "referrerPolicy"
  | "signal"
  | "window"
>;

/** createIntercom's options: Intercom's own and openapi-fetch 0.17's createClient's. Any other key is refused. */
export interface IntercomOptions<Version extends string> extends RequestInitOptions {
  /** Access token. @default process.env.INTERCOM_ACCESS_TOKEN (where the runtime has one) */
  token?: string;
  /** "us", "eu" or "au": the host comes from the spec's servers. Not with baseUrl. @default "us" */
  region?: Region | undefined;
  /** Overrides the host (proxies, tests). https only, except loopback. Not with region. @default the region's host */
  baseUrl?: string | undefined;
  /** Sent as Intercom-Version; the only accepted value is the entry point's version. @default "2.10" (intercom-fetch/<v>: v) */
  version?: Version;
  /** Retries after the first attempt; 0 disables. Shorthand for retry.maxRetries. @default 2 */
  maxRetries?: number;
  /** The rest of the retry policy; see retry.ts and defaults.ts. @default defaults.retry */
  retry?: RetryOptions;
  /** Per-attempt timeout in ms, covering the whole body. @default 30000 */
  timeoutMs?: number;
  /** The largest response body read, in bytes: a larger one is an IntercomInvalidResponseError
   * (`parseAs: "stream"` is not read). @default 67108864 (64 MiB) */
  maxResponseBytes?: number;
  /** A custom fetch (an undici dispatcher, instrumentation, a test double), called per attempt with a
   * Request that carries auth; a call's own `fetch` replaces it. @default globalThis.fetch */
  fetch?: FetchLike;
  /** Extra headers on every request (openapi-fetch's; `null` removes one). @default none */
  headers?: HeadersOptions;
  /** Sent as User-Agent where the runtime allows. @default "intercom-fetch/<version> node/<version>" on Node */
  userAgent?: string;
  /** openapi-fetch's: the Request class of every call and attempt. @default globalThis.Request */
  Request?: typeof Request;
  /** openapi-fetch's: how `params.query` becomes the query string. @default form, exploded, deepObject */
  querySerializer?: QuerySerializer<unknown> | QuerySerializerOptions;
  /** openapi-fetch's: how `body` is serialized. @default JSON (FormData as it is) */
  bodySerializer?: BodySerializer<unknown>;
  /** openapi-fetch's: how path parameters fill the template. @default simple, label, matrix; percent-encoded */
  pathSerializer?: PathSerializer;
  /** openapi-fetch's: the second argument of every fetch on Node (an undici `dispatcher`). @default undefined */
  requestInitExt?: Record<string, unknown>;
  /** Pacing under Intercom's rate limits: once the window's budget is spent, attempts wait for its reset.
   * A store such as createRedisRateLimitStore shares the window across processes; `false` turns it off.
   * @default {} (in-process, shared by the clients of one app in this process) */
  rateLimit?: RateLimitOptions | false;
}

/** Per-request overrides of the client's retry and timeout settings. */
export interface RequestPolicyOptions {
  /** Retries after the first attempt, for this call. @default the client's maxRetries */
  maxRetries?: number | undefined;
  /** The retry policy for this call, over the client's. @default the client's retry */
  retry?: RetryOptions | undefined;
  /** Per-attempt timeout in ms, for this call. @default the client's timeoutMs */
  timeoutMs?: number | undefined;
}

/** Every key createIntercom takes (the compiler checks the list against IntercomOptions, and duplex). */
const KNOWN_OPTIONS = names<keyof IntercomOptions<string> | "duplex">()(
  "token region baseUrl version maxRetries retry timeoutMs maxResponseBytes fetch headers userAgent rateLimit Request querySerializer bodySerializer pathSerializer requestInitExt body cache credentials duplex integrity keepalive method mode priority redirect referrer referrerPolicy signal window",
);
/** The options that must be of one type when given (querySerializer may also be a function). */
const TYPES = {
  fetch: "function",
  Request: "function",
  bodySerializer: "function",
  pathSerializer: "function",
  requestInitExt: "object",
  userAgent: "string",
  querySerializer: "object",
} as const;

/** A client's options, checked: what `send` needs, and what goes to createClient as it is. */
export function resolveOptions<Version extends string>(
  options: IntercomOptions<Version>,
  apiVersion: Version,
) {
  if (typeof options !== "object" || options === null) {
    throw new IntercomError("createIntercom expects an options object.");
  }
  for (const key of Object.keys(options)) {
    if (KNOWN_OPTIONS.has(key)) continue;
    const hint =
      key === "dispatcher" ? " (pass it as requestInitExt: { dispatcher }, as with openapi-fetch)" : "";
    throw new IntercomError(`createIntercom: unknown option ${JSON.stringify(key)}${hint}.`);
  }
  for (const [name, type] of Object.entries(TYPES)) {
    const value: unknown = options[name as keyof typeof TYPES];
    if (value === undefined || (typeof value === type && value !== null)) continue;
    if (name === "querySerializer" && typeof value === "function") continue;
    const got = value === null ? "null" : typeof value;
    throw new IntercomError(`createIntercom: ${name} must be a ${type}, got ${got}.`);
  }
  const {
    token: givenToken,
    region,
    baseUrl: givenBaseUrl,
    version = apiVersion,
    maxRetries,
    retry,
    timeoutMs = defaults.timeoutMs,
    maxResponseBytes = defaults.maxResponseBytes,
    fetch,
    userAgent,
    rateLimit = {},
    requestInitExt,
    pathSerializer,
    signal,
    ...clientOptions
  } = options;
  // Surrounding whitespace (a trailing newline from an env file) is dropped, not sent.
  const given = givenToken ?? environmentVariable("INTERCOM_ACCESS_TOKEN");
  const token = typeof given === "string" ? given.trim() : "";
  if (token === "") throw new IntercomError("No access token: pass { token } or set INTERCOM_ACCESS_TOKEN.");
  // Header-safe printable ASCII only; the message must not repeat the value.
  if (!/^[\x21-\x7E]+$/.test(token)) {
    throw new IntercomError(
      "The access token has characters that cannot be sent in a header (it was not echoed).",
    );
  }
  if (version !== apiVersion) {
    throw new IntercomError(
      `This client is generated for Intercom API ${apiVersion}; got version ${String(version)}.`,
    );
  }
  if (rateLimit !== false && (typeof rateLimit !== "object" || rateLimit === null)) {
    throw new IntercomError(`rateLimit must be an options object or false, got ${String(rateLimit)}`);
  }
  const baseUrl = resolveBaseUrl(region, givenBaseUrl);
  const node = nodeVersion();
  return {
    token,
    /** No trailing slash. */
    baseUrl,
    /** The origin plus "/": every request URL must start with it (the token goes nowhere else). */
    originPrefix: `${new URL(baseUrl).origin}/`,
    version,
    userAgent: userAgent ?? (node ? `${SDK_NAME}/${SDK_VERSION} node/${node}` : undefined),
    timeoutMs: checkNumber("timeoutMs", timeoutMs, { positive: true }),
    maxResponseBytes: checkNumber("maxResponseBytes", maxResponseBytes, {
      positive: true,
      max: Number.MAX_SAFE_INTEGER,
      unit: " of bytes",
    }),
    policy: resolvePolicy("createIntercom", retry, maxRetries),
    fetch,
    /** As openapi-fetch: only undici's fetch takes it. */
    requestInitExt: hasUndiciFetch() ? requestInitExt : undefined,
    rateLimit,
    /** createClient's own options and RequestInit's fields, passed to openapi-fetch as given. */
    clientOptions,
    pathSerializer,
    /** Tied by the client to every call (not given to openapi-fetch's Requests: see client.ts). */
    signal,
  };
}
