// createIntercom's options: their types (each with its @default), and the one place they are
// checked and resolved, once per client. An unknown key, a wrong type or a number out of range is an
// IntercomError here, never a surprise later.
import { apiVersion } from "../generated/metadata.js";
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
import { resolvePolicy, type RetryOptions, type RetryPolicy } from "./retry.js";
import { environmentVariable, hasUndiciFetch, nodeVersion } from "./internal/runtime.js";
import { checkNumber, names } from "./internal/check.js";

export type ApiVersion = typeof apiVersion;

/** A custom fetch: given a Request per attempt (and openapi-fetch's requestInitExt, on Node). */
export type FetchLike = (input: Request, init?: Record<string, unknown>) => Promise<Response>;

/**
 * The options of createIntercom: Intercom's own, and every option of openapi-fetch 0.17's
 * createClient, RequestInit's fields included (they reach every request's fetch). Any other key is
 * refused.
 */
export interface IntercomOptions {
  /**
   * Access token.
   * @default process.env.INTERCOM_ACCESS_TOKEN (where the runtime has environment variables)
   */
  token?: string;
  /** "us", "eu" or "au": the host comes from the spec's servers. Not with baseUrl. @default "us" */
  region?: Region | undefined;
  /**
   * Overrides the host (proxies, tests). https only, except loopback. Not with region.
   * @default the region's host
   */
  baseUrl?: string | undefined;
  /** Sent as Intercom-Version; the only accepted value is the version the types describe. @default "2.10" */
  version?: ApiVersion;
  /** Retries after the first attempt; 0 disables. Shorthand for retry.maxRetries. @default 2 */
  maxRetries?: number;
  /** The rest of the retry policy; see retry.ts and defaults.ts. @default defaults.retry */
  retry?: RetryOptions;
  /** Per-attempt timeout in ms, covering the whole body. @default 30000 */
  timeoutMs?: number;
  /**
   * The largest response body read, in bytes; a larger one fails the call with
   * IntercomInvalidResponseError (use `parseAs: "stream"` for big downloads: a stream is not read).
   * @default 67108864 (64 MiB)
   */
  maxResponseBytes?: number;
  /**
   * A custom fetch (an undici dispatcher, instrumentation, a test double); called once per attempt
   * with a Request that already carries auth. A per-call `fetch` replaces it for that call.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /** Extra headers on every request (openapi-fetch's; `null` removes one). @default no extra headers */
  headers?: HeadersOptions;
  /**
   * Sent as User-Agent where the runtime allows.
   * @default "intercom-fetch/<version> node/<version>" on Node, none elsewhere
   */
  userAgent?: string;
  /**
   * openapi-fetch's: the Request class each call's request (and each attempt) is made with.
   * @default globalThis.Request
   */
  Request?: typeof Request;
  /**
   * openapi-fetch's: how `params.query` becomes the query string (a function, or style options).
   * @default form style, exploded arrays, deepObject objects, reserved characters encoded
   */
  querySerializer?: QuerySerializer<unknown> | QuerySerializerOptions;
  /**
   * openapi-fetch's: how `body` is serialized.
   * @default JSON (FormData as it is; a string of form fields for application/x-www-form-urlencoded)
   */
  bodySerializer?: BodySerializer<unknown>;
  /**
   * openapi-fetch's: how path parameters are put into the path template.
   * @default OpenAPI's simple, label and matrix styles, explode included, percent-encoded
   */
  pathSerializer?: PathSerializer;
  /**
   * openapi-fetch's: the second argument of every fetch on Node (an undici `dispatcher`).
   * @default undefined
   */
  requestInitExt?: Record<string, unknown>;
  // RequestInit's fields, which createClient takes beside its own and passes to every Request.
  /**
   * Given to every Request, as by createClient; each call's own body (or none) replaces it.
   * @default undefined
   */
  body?: RequestInit["body"];
  /** RequestInit's cache mode, for every request. @default the platform's ("default") */
  cache?: RequestInit["cache"];
  /**
   * RequestInit's credentials mode, for every request (cookies in a browser).
   * @default the platform's ("same-origin")
   */
  credentials?: RequestInit["credentials"];
  /** RequestInit's subresource integrity, for every request. @default "" */
  integrity?: RequestInit["integrity"];
  /** RequestInit's keepalive, for every request. @default false */
  keepalive?: RequestInit["keepalive"];
  /**
   * Given to every Request, as by createClient; each call's method replaces it.
   * @default the call's method
   */
  method?: RequestInit["method"];
  /** RequestInit's mode, for every request. @default the platform's ("cors") */
  mode?: RequestInit["mode"];
  /**
   * RequestInit's priority hint, for every request (where the platform has one).
   * @default the platform's ("auto")
   */
  priority?: RequestInit["priority"];
  /**
   * Taken as by createClient, but redirects are never followed: every attempt is sent with "manual".
   * @default "manual" (always)
   */
  redirect?: RequestInit["redirect"];
  /** RequestInit's referrer, for every request. @default the platform's ("about:client") */
  referrer?: RequestInit["referrer"];
  /** RequestInit's referrer policy, for every request. @default the platform's ("") */
  referrerPolicy?: RequestInit["referrerPolicy"];
  /** Aborts every call of this client (a call's own signal replaces it for that call). @default no signal */
  signal?: RequestInit["signal"];
  /** RequestInit's window (only null is valid). @default undefined */
  window?: RequestInit["window"];
  /**
   * Pacing under Intercom's rate limits: attempts are held once the window's budget is spent and
   * released at its reset. A store such as createRedisRateLimitStore (intercom-fetch/redis) shares
   * the window across processes; `false` turns pacing off.
   * @default {} (in-process pacing, shared by the clients of one app in this process)
   */
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

/** A client's options, checked: what the transport needs, and what goes to createClient as it is. */
export interface ResolvedOptions {
  token: string;
  /** The configured base URL, no trailing slash. */
  baseUrl: string;
  /** Its origin plus "/": every request URL must start with it (the token goes nowhere else). */
  originPrefix: string;
  version: ApiVersion;
  userAgent: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  policy: RetryPolicy;
  fetch: FetchLike | undefined;
  /** openapi-fetch's requestInitExt where fetch is undici's (as openapi-fetch decides), else undefined. */
  requestInitExt: Record<string, unknown> | undefined;
  rateLimit: RateLimitOptions | false;
  /** createClient's own options and RequestInit's fields, passed to openapi-fetch as given. */
  clientOptions: Record<string, unknown>;
  pathSerializer: PathSerializer | undefined;
}

/** Every key createIntercom takes (the compiler checks the list against IntercomOptions, and duplex). */
const KNOWN_OPTIONS = names<keyof IntercomOptions | "duplex">()(
  "token region baseUrl version maxRetries retry timeoutMs maxResponseBytes fetch headers userAgent rateLimit Request querySerializer bodySerializer pathSerializer requestInitExt body cache credentials duplex integrity keepalive method mode priority redirect referrer referrerPolicy signal window",
);

export function resolveOptions(options: IntercomOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new IntercomError("createIntercom expects an options object.");
  }
  for (const key of Object.keys(options)) {
    if (KNOWN_OPTIONS.has(key)) continue;
    const hint =
      key === "dispatcher"
        ? " (pass an undici dispatcher as requestInitExt: { dispatcher }, as with openapi-fetch)"
        : "";
    throw new IntercomError(`createIntercom: unknown option ${JSON.stringify(key)}${hint}.`);
  }
  const {
    token: givenToken,
    region,
    baseUrl: givenBaseUrl,
    version = defaults.version,
    maxRetries,
    retry,
    timeoutMs = defaults.timeoutMs,
    maxResponseBytes = defaults.maxResponseBytes,
    fetch,
    userAgent,
    rateLimit = {},
    requestInitExt,
    pathSerializer,
    ...clientOptions
  } = options;
  const given = givenToken ?? environmentVariable("INTERCOM_ACCESS_TOKEN");
  // Surrounding whitespace (a trailing newline from an env file) is dropped, not sent.
  const token = typeof given === "string" ? given.trim() : "";
  if (token === "") {
    throw new IntercomError("No access token: pass { token } or set INTERCOM_ACCESS_TOKEN.");
  }
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
  checkType("fetch", fetch, "function");
  checkType("Request", clientOptions.Request, "function");
  checkType("bodySerializer", clientOptions.bodySerializer, "function");
  checkType("pathSerializer", pathSerializer, "function");
  checkType("requestInitExt", requestInitExt, "object");
  checkType("userAgent", userAgent, "string");
  if (typeof clientOptions.querySerializer !== "function") {
    checkType("querySerializer", clientOptions.querySerializer, "object");
  }
  if (rateLimit !== false && (typeof rateLimit !== "object" || rateLimit === null)) {
    throw new IntercomError(`rateLimit must be an options object or false, got ${String(rateLimit)}`);
  }
  const baseUrl = resolveBaseUrl(region, givenBaseUrl);
  const node = nodeVersion();
  return {
    token,
    baseUrl,
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
    // As openapi-fetch: only undici's fetch takes it.
    requestInitExt: hasUndiciFetch() ? requestInitExt : undefined,
    rateLimit,
    clientOptions,
    pathSerializer,
  };
}

function checkType(name: string, value: unknown, type: "function" | "object" | "string"): void {
  if (value !== undefined && (typeof value !== type || value === null)) {
    throw new IntercomError(
      `createIntercom: ${name} must be a ${type}, got ${value === null ? "null" : typeof value}.`,
    );
  }
}
