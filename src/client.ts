// createIntercom: the public face of the client. Options are checked and resolved here, once; each
// call goes through src/internal/request.ts (openapi-fetch's request path, with Intercom's auth,
// version header, retries, timeouts and pacing around the fetch) and comes back as openapi-fetch's
// { data, error, response }. docs/architecture.md walks through it.
import type { HttpMethod, PathsWithMethod } from "openapi-typescript-helpers";
import { apiVersion, readOnlyOperations, type paginatedOperations } from "../generated/metadata.js";
import type { paths } from "../generated/schema.js";
import { defaults, SDK_NAME, SDK_VERSION } from "./defaults.js";
import { IntercomApiError, IntercomError, IntercomPaginationError } from "./errors.js";
import {
  Paginator,
  type PageFetcher,
  type PaginatedPath,
  type PaginateOptions,
  type PageRequest,
} from "./pagination.js";
import { readRateLimit, type RateLimitState } from "./rate-limit/headers.js";
import { createRateLimitPacer, type RateLimitOptions } from "./rate-limit/pacer.js";
import { appKey } from "./rate-limit/store.js";
import { resolveBaseUrl, type Region } from "./regions.js";
import { resolvePolicy, type RetryOptions } from "./retry.js";
import {
  CALL,
  createCallContext,
  type CallResult,
  type ClientConfig,
  type FetchLike,
} from "./internal/context.js";
import { clientQuerySerializer, request, responseSummary, scrubBody } from "./internal/request.js";
import { checkNumber, names } from "./internal/options.js";
import { environmentVariable, hasUndiciFetch, nodeVersion } from "./internal/runtime.js";
import type {
  BodySerializer,
  FetchResponse,
  HeadersOptions,
  MaybeOptionalInit,
  Middleware,
  ParseAs,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from "./fetch-types.js";

export type { FetchLike } from "./internal/context.js";

export type ApiVersion = typeof apiVersion;

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
  /**
   * "us", "eu" or "au": the host comes from the spec's servers. Not with baseUrl.
   * @default "us"
   */
  region?: Region;
  /**
   * Overrides the host (proxies, tests). https only, except loopback. Not with region.
   * @default the region's host
   */
  baseUrl?: string;
  /**
   * Sent as Intercom-Version; the only accepted value is the version the types describe.
   * @default "2.10"
   */
  version?: ApiVersion;
  /**
   * Retries after the first attempt; 0 disables. Shorthand for retry.maxRetries.
   * @default 2
   */
  maxRetries?: number;
  /**
   * The rest of the retry policy; see retry.ts and defaults.ts.
   * @default defaults.retry
   */
  retry?: RetryOptions;
  /**
   * Per-attempt timeout in ms, covering the whole body.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * A custom fetch (an undici dispatcher, instrumentation, a test double); called once per attempt
   * with a Request that already carries auth. A per-call `fetch` replaces it for that call.
   * @default globalThis.fetch
   */
  fetch?: FetchLike;
  /**
   * Extra headers on every request (openapi-fetch's; `null` removes one).
   * @default no extra headers
   */
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
  /**
   * RequestInit's cache mode, for every request.
   * @default the platform's ("default")
   */
  cache?: RequestInit["cache"];
  /**
   * RequestInit's credentials mode, for every request (cookies in a browser).
   * @default the platform's ("same-origin")
   */
  credentials?: RequestInit["credentials"];
  /**
   * RequestInit's subresource integrity, for every request.
   * @default ""
   */
  integrity?: RequestInit["integrity"];
  /**
   * RequestInit's keepalive, for every request.
   * @default false
   */
  keepalive?: RequestInit["keepalive"];
  /**
   * Given to every Request, as by createClient; each call's method replaces it.
   * @default the call's method
   */
  method?: RequestInit["method"];
  /**
   * RequestInit's mode, for every request.
   * @default the platform's ("cors")
   */
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
  /**
   * RequestInit's referrer, for every request.
   * @default the platform's ("about:client")
   */
  referrer?: RequestInit["referrer"];
  /**
   * RequestInit's referrer policy, for every request.
   * @default the platform's ("")
   */
  referrerPolicy?: RequestInit["referrerPolicy"];
  /**
   * Aborts every call of this client (a call's own signal replaces it for that call).
   * @default no signal
   */
  signal?: RequestInit["signal"];
  /**
   * RequestInit's window (only null is valid).
   * @default undefined
   */
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
  /**
   * Retries after the first attempt, for this call.
   * @default the client's maxRetries
   */
  maxRetries?: number;
  /**
   * The retry policy for this call, over the client's.
   * @default the client's retry
   */
  retry?: RetryOptions;
  /**
   * Per-attempt timeout in ms, for this call.
   * @default the client's timeoutMs
   */
  timeoutMs?: number;
}

type Media = `${string}/${string}`;

/**
 * The init of a call, typed directly from the operation (not inferred, then checked against a
 * constraint, as openapi-fetch's ClientMethod does): an object literal is then checked for excess
 * keys at every depth, so `body: { email, externalId }` is an error, not only a misspelt top-level
 * option (openapi-fetch issues #1769, #2329). `parseAs` is the one thing still inferred, because
 * it changes the type of `data`.
 */
type InitOf<Operations, M extends keyof Operations, As extends ParseAs> = NonNullable<
  MaybeOptionalInit<Operations, M>
> &
  RequestPolicyOptions & { parseAs?: As };

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the constraint openapi-fetch uses
type MethodOf<Paths extends Record<string, Record<HttpMethod, {}>>, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  As extends ParseAs = "json",
>(
  url: Path,
  // Optional exactly when the operation's init is.
  ...init: undefined extends MaybeOptionalInit<Paths[Path], M>
    ? [InitOf<Paths[Path], M, As>?]
    : [InitOf<Paths[Path], M, As>]
) => Promise<FetchResponse<Paths[Path][M], { parseAs: As }, Media>>;

// As in openapi-fetch's Client: a `Paths extends {}` parameter satisfies the Record constraint,
// which the generated `paths` interface (no index signature) would not do directly.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see above
interface Methods<Paths extends {}> {
  GET: MethodOf<Paths, "get">;
  PUT: MethodOf<Paths, "put">;
  POST: MethodOf<Paths, "post">;
  DELETE: MethodOf<Paths, "delete">;
  PATCH: MethodOf<Paths, "patch">;
  HEAD: MethodOf<Paths, "head">;
  OPTIONS: MethodOf<Paths, "options">;
}

/** openapi-fetch's method signature, plus the per-request retry and timeout options. */
export type IntercomMethod<M extends "get" | "put" | "post" | "delete" | "patch" | "head" | "options"> =
  Methods<paths>[Uppercase<M>];

export type PaginateInit<P extends PaginatedPath> = NonNullable<
  MaybeOptionalInit<paths[P], (typeof paginatedOperations)[P]["method"]>
> &
  RequestPolicyOptions &
  PaginateOptions;

export interface IntercomClient extends Methods<paths> {
  /** Walks every page of a paginated operation: `for await (const item of …)` or `.pages()`. */
  paginate<P extends PaginatedPath>(
    path: P,
    ...init: undefined extends MaybeOptionalInit<paths[P], (typeof paginatedOperations)[P]["method"]>
      ? [PaginateInit<P>?]
      : [PaginateInit<P>]
  ): Paginator<P>;
  /** openapi-fetch middleware: runs once per call (not per retry attempt). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  /** The X-RateLimit-* headers of the last response, if any carried them. */
  readonly rateLimit: RateLimitState | undefined;
  readonly baseUrl: string;
  readonly version: ApiVersion;
}

/** Every key createIntercom takes: Intercom's options; createClient's own in openapi-fetch 0.17
 * (besides baseUrl, fetch and headers); RequestInit's fields (the Fetch standard's, and undici's
 * duplex), which openapi-fetch passes to every Request. The compiler checks that the list is
 * exactly IntercomOptions' keys (and duplex), so that a new option cannot be left out of it. */
const KNOWN_OPTIONS = names<keyof IntercomOptions | "duplex">()(
  "token region baseUrl version maxRetries retry timeoutMs fetch headers userAgent rateLimit Request querySerializer bodySerializer pathSerializer requestInitExt body cache credentials duplex integrity keepalive method mode priority redirect referrer referrerPolicy signal window",
);

export function createIntercom(options: IntercomOptions = {}): IntercomClient {
  if (typeof options !== "object" || options === null) {
    throw new IntercomError("createIntercom expects an options object.");
  }
  checkOptionKeys(options);
  const {
    token: givenToken,
    region,
    baseUrl: givenBaseUrl,
    version = defaults.version,
    maxRetries,
    retry,
    timeoutMs = defaults.timeoutMs,
    fetch,
    headers,
    userAgent: givenUserAgent,
    rateLimit: rateLimitOption,
    Request: RequestClass = globalThis.Request,
    querySerializer,
    bodySerializer,
    pathSerializer,
    requestInitExt,
    ...requestInit
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
  checkType("Request", RequestClass, "function");
  checkType("bodySerializer", bodySerializer, "function");
  checkType("pathSerializer", pathSerializer, "function");
  checkType("requestInitExt", requestInitExt, "object");
  if (querySerializer !== undefined && typeof querySerializer !== "function") {
    checkType("querySerializer", querySerializer, "object");
  }
  const baseUrl = resolveBaseUrl(region, givenBaseUrl);
  const node = nodeVersion();
  const pacer = createPacer(rateLimitOption, baseUrl, token);
  let rateLimit: RateLimitState | undefined;
  const config: ClientConfig = {
    token,
    baseUrl,
    originPrefix: `${new URL(baseUrl).origin}/`,
    version,
    userAgent: givenUserAgent ?? (node ? `${SDK_NAME}/${SDK_VERSION} node/${node}` : undefined),
    timeoutMs: checkTimeout(timeoutMs),
    policy: resolvePolicy(retry, definedMaxRetries(maxRetries)),
    fetch,
    Request: RequestClass,
    querySerializer,
    bodySerializer,
    pathSerializer,
    headers,
    requestInit: requestInit as Record<string, unknown>,
    // As openapi-fetch: only undici's fetch takes it.
    requestInitExt: hasUndiciFetch() ? requestInitExt : undefined,
    middleware: [],
    pacer: {
      acquire: pacer?.acquire,
      release: pacer?.release,
      update(responseHeaders) {
        rateLimit = readRateLimit(responseHeaders) ?? rateLimit;
      },
    },
    readOnlyOperations: READ_ONLY_OPERATIONS,
    scrub: (text: string) => text.split(token).join("[redacted]"),
  };
  const defaultQuerySerializer = clientQuerySerializer(config);

  function call(
    method: string,
    path: string,
    init: Record<string, unknown> | undefined,
  ): Promise<CallResult> {
    const { maxRetries: callRetries, retry: callRetry, timeoutMs: callTimeout, ...rest } = init ?? {};
    try {
      const policy =
        callRetries === undefined && callRetry === undefined
          ? config.policy
          : resolvePolicy(
              config.policy,
              callRetry as RetryOptions | undefined,
              definedMaxRetries(callRetries as number | undefined),
            );
      const timeout = callTimeout === undefined ? config.timeoutMs : checkTimeout(callTimeout as number);
      const context = createCallContext(config, method, path, rest, policy, timeout);
      return request(config, context, defaultQuerySerializer, rest);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  const method = <M extends "get" | "put" | "post" | "delete" | "patch" | "head" | "options">(
    name: M,
  ): IntercomMethod<M> => ((url: string, init?: Record<string, unknown>) => call(name, url, init)) as never;

  const pageFetcher: PageFetcher = {
    async fetchPage(httpMethod, path, init) {
      return unwrapResult(await call(httpMethod, path, init));
    },
    async fetchLink(next, init) {
      // A pages.next link is followed only under the configured baseUrl (so, to its origin), and
      // through the same client (middleware, retries) with its query kept verbatim.
      let url: URL;
      try {
        url = new URL(next, baseUrl);
      } catch {
        throw new IntercomPaginationError(`pages.next is not a URL: ${JSON.stringify(next)}`);
      }
      if (!`${url.origin}${url.pathname}`.startsWith(`${baseUrl}/`)) {
        throw new IntercomPaginationError(
          `refusing to follow pages.next outside ${baseUrl}: ${url.origin}${url.pathname}`,
        );
      }
      const path = url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, "").length);
      const query = url.search.replace(/^\?/, "");
      return unwrapResult(await call("get", path, { ...init, querySerializer: () => query }));
    },
  };

  return {
    GET: method("get"),
    PUT: method("put"),
    POST: method("post"),
    DELETE: method("delete"),
    PATCH: method("patch"),
    HEAD: method("head"),
    OPTIONS: method("options"),
    paginate(path, ...init) {
      const { maxItems, cursor, ...rest } = (init[0] ?? {}) as PaginateInit<typeof path>;
      return new Paginator(pageFetcher, path, rest as PageRequest, { maxItems, cursor });
    },
    use: (...added) => {
      // As openapi-fetch: falsy entries skipped, anything else must have a hook.
      for (const m of added) {
        if (!m) continue;
        if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
          throw new Error(
            "Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`",
          );
        }
        config.middleware.push(m);
      }
    },
    eject: (...removed) => {
      // As openapi-fetch does: one registration less per argument.
      for (const m of removed) {
        const at = config.middleware.indexOf(m);
        if (at !== -1) config.middleware.splice(at, 1);
      }
    },
    get rateLimit() {
      return rateLimit;
    },
    baseUrl,
    version,
  };
}

/** POSTs that only read (marked by an overlay): retried like GETs. */
const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set(readOnlyOperations);

/** A JavaScript caller's misspelt or foreign option is refused, not silently ignored. */
function checkOptionKeys(options: object): void {
  for (const key of Object.keys(options)) {
    if (KNOWN_OPTIONS.has(key)) continue;
    const hint =
      key === "dispatcher"
        ? " (pass an undici dispatcher as requestInitExt: { dispatcher }, as with openapi-fetch)"
        : "";
    throw new IntercomError(`createIntercom: unknown option ${JSON.stringify(key)}${hint}.`);
  }
}

function checkType(name: string, value: unknown, type: "function" | "object"): void {
  if (value !== undefined && (typeof value !== type || value === null)) {
    throw new IntercomError(
      `createIntercom: ${name} must be a ${type}, got ${value === null ? "null" : typeof value}.`,
    );
  }
}

/** The data of a successful call, or the call's error thrown as a typed IntercomApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  return unwrapResult(result).data as T;
}

function unwrapResult(result: { data?: unknown; error?: unknown; response: Response }): {
  data: unknown;
  response: Response;
} {
  const { response } = result;
  if (response.ok) return { data: result.data, response };
  const call = (response as CallResult["response"])[CALL];
  if (call)
    throw IntercomApiError.from({
      ...responseSummary(call, response),
      body: scrubBody(result.error, call.scrub),
    });
  // A response that did not come through this client: what it says of itself, nothing claimed.
  const url = response.url || "(unknown url)";
  throw IntercomApiError.from({
    status: response.status,
    headers: response.headers,
    body: result.error,
    method: "UNKNOWN",
    path: safePathname(url),
    url,
  });
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function checkTimeout(value: unknown): number {
  return checkNumber("timeoutMs", value, { positive: true });
}

function createPacer(option: RateLimitOptions | false | undefined, baseUrl: string, token: string) {
  if (option === false) return undefined;
  if (option !== undefined && (typeof option !== "object" || option === null)) {
    throw new IntercomError(`rateLimit must be an options object or false, got ${String(option)}`);
  }
  return createRateLimitPacer(option ?? {}, () => appKey(new URL(baseUrl).origin, token));
}

/** The `maxRetries` shorthand as a policy layer (resolvePolicy validates it). */
function definedMaxRetries(maxRetries: number | undefined): RetryOptions | undefined {
  return maxRetries === undefined ? undefined : { maxRetries };
}
