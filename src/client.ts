// createIntercom: the generated openapi-fetch client, with Intercom's auth, regions, version
// header, retries, timeouts, typed errors, rate-limit state and pagination around it.
import createClient from "openapi-fetch";
import type { HttpMethod, PathsWithMethod } from "openapi-typescript-helpers";
import { apiVersion, readOnlyOperations, type paginatedOperations } from "../generated/metadata.js";
import type { paths } from "../generated/schema.js";
import { defaults, SDK_NAME, SDK_VERSION } from "./defaults.js";
import {
  IntercomApiError,
  IntercomError,
  IntercomInvalidResponseError,
  IntercomPaginationError,
  isRecord,
} from "./errors.js";
import {
  Paginator,
  type PageFetcher,
  type PaginatedPath,
  type PaginateOptions,
  type PageRequest,
} from "./pagination.js";
import { readRateLimit, type RateLimitState } from "./rate-limit.js";
import { Pacer, type RateLimitOptions } from "./rate-limit/pacer.js";
import { appKey } from "./rate-limit/store.js";
import { resolveBaseUrl, type Region } from "./regions.js";
import { isWrite, MAX_TIMER_MS, mayHaveBeenApplied, resolvePolicy, type RetryOptions } from "./retry.js";
import { environmentVariable, nodeVersion } from "./runtime.js";
import { createTransport, takeBufferedText, type FetchLike, type Transport } from "./transport.js";
import type { FetchResponse, HeadersOptions, MaybeOptionalInit, Middleware } from "./fetch-types.js";

export type ApiVersion = typeof apiVersion;

export interface IntercomOptions {
  /** Access token; defaults to the INTERCOM_ACCESS_TOKEN environment variable. */
  token?: string;
  /** "us" (default), "eu" or "au": the host comes from the spec's servers. */
  region?: Region;
  /** Overrides the host (proxies, tests). https only, except loopback. Not with region. */
  baseUrl?: string;
  /** Sent as Intercom-Version; the only accepted value is the version the types describe. */
  version?: ApiVersion;
  /** Retries after the first attempt (default 2); 0 disables. Shorthand for retry.maxRetries. */
  maxRetries?: number;
  /** The rest of the retry policy; see retry.ts and defaults.ts. */
  retry?: RetryOptions;
  /** Per-attempt timeout in ms (default 30000). */
  timeoutMs?: number;
  /** A custom fetch (to add an undici dispatcher, instrumentation); called once per attempt. */
  fetch?: FetchLike;
  /** Extra headers on every request. */
  headers?: HeadersOptions;
  /** Sent as User-Agent where the runtime allows; defaults to intercom-fetch/<version> node/<version>. */
  userAgent?: string;
  /**
   * Pacing under Intercom's rate limits, on by default (in-process); a store such as
   * createRedisRateLimitStore shares it across processes. `false` turns it off.
   */
  rateLimit?: RateLimitOptions | false;
}

/** Per-request overrides of the client's retry and timeout settings. */
export interface RequestPolicyOptions {
  maxRetries?: number;
  retry?: RetryOptions;
  timeoutMs?: number;
}

type Media = `${string}/${string}`;

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the constraint openapi-fetch uses
type MethodOf<Paths extends Record<string, Record<HttpMethod, {}>>, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  Init extends MaybeOptionalInit<Paths[Path], M>,
>(
  url: Path,
  // Optional exactly when the operation's init is (decided from the operation, not from each
  // inferred Init, which saves a RequiredKeysOf per call).
  ...init: undefined extends MaybeOptionalInit<Paths[Path], M>
    ? [(Init & RequestPolicyOptions)?]
    : [Init & RequestPolicyOptions]
) => Promise<FetchResponse<Paths[Path][M], Init, Media>>;

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

interface CallRecord {
  method: string;
  path: string;
  readOnly: boolean;
  scrub: (text: string) => string;
}
const calls = new WeakMap<Response, CallRecord>();

/** POSTs that only read (marked by an overlay): retried like GETs. */
const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set(readOnlyOperations);

export function createIntercom(options: IntercomOptions = {}): IntercomClient {
  if (typeof options !== "object" || options === null) {
    throw new IntercomError("createIntercom expects an options object.");
  }
  const given = options.token ?? environmentVariable("INTERCOM_ACCESS_TOKEN");
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
  const version = options.version ?? defaults.version;
  if (version !== apiVersion) {
    throw new IntercomError(
      `This client is generated for Intercom API ${apiVersion}; got version ${String(version)}.`,
    );
  }
  const baseUrl = resolveBaseUrl(options.region, options.baseUrl);
  const timeoutMs = checkTimeout(options.timeoutMs ?? defaults.timeoutMs);
  const policy = resolvePolicy(options.retry, definedMaxRetries(options.maxRetries));
  // Undefined: the transport calls the platform's fetch with (url, init), one Request fewer per call.
  const baseFetch: FetchLike | undefined = options.fetch;
  const node = nodeVersion();
  const userAgent = options.userAgent ?? (node ? `${SDK_NAME}/${SDK_VERSION} node/${node}` : undefined);

  const pacer = createPacer(options.rateLimit, baseUrl, token);
  let rateLimit: RateLimitState | undefined;
  const transportConfig = {
    pacer,
    token,
    baseUrl,
    version,
    userAgent,
    fetch: baseFetch,
    onResponseHeaders(headers: Headers) {
      rateLimit = readRateLimit(headers) ?? rateLimit;
    },
  };
  const clientTransport = createTransport(transportConfig, { timeoutMs, policy });
  const raw = createClient<paths>({ baseUrl, fetch: clientTransport, headers: options.headers });
  const scrub = (text: string) => text.split(token).join("[redacted]");
  /** What raw.use() registered, so that a call knows whether a middleware may read its response. */
  const middleware: Middleware[] = [];

  const readOnlyTransport = createTransport(transportConfig, { timeoutMs, policy, readOnly: true });

  function transportFor(init: RequestPolicyOptions, readOnly: boolean): Transport {
    if (init.maxRetries === undefined && init.retry === undefined && init.timeoutMs === undefined) {
      return readOnly ? readOnlyTransport : clientTransport;
    }
    return createTransport(transportConfig, {
      timeoutMs: checkTimeout(init.timeoutMs ?? timeoutMs),
      policy: resolvePolicy(policy, init.retry, definedMaxRetries(init.maxRetries)),
      readOnly,
    });
  }

  async function call(method: string, path: string, init: Record<string, unknown> | undefined) {
    const { maxRetries, retry, timeoutMs: perRequestTimeout, ...rest } = init ?? {};
    // Appended to baseUrl as is: anything but an absolute path could change the host (`@evil`).
    if (typeof path !== "string" || !path.startsWith("/")) {
      throw new IntercomError(`The path must start with "/", got ${JSON.stringify(path)}`);
    }
    checkPathParams(method, path, rest["params"]);
    // A GET is retried as idempotent anyway: skip building the key on the hot path.
    const readOnly = method !== "get" && READ_ONLY_OPERATIONS.has(`${method.toLowerCase()} ${path}`);
    const transport = transportFor(
      {
        maxRetries: maxRetries as number | undefined,
        retry: retry as RetryOptions | undefined,
        timeoutMs: perRequestTimeout as number | undefined,
      },
      readOnly,
    );
    // Parse JSON ourselves (openapi-fetch would throw a bare SyntaxError on a 2xx that is not JSON,
    // such as a proxy's HTML page) unless the caller chose a parseAs of their own. "stream" makes
    // openapi-fetch leave a 2xx body unread: we parse the text the transport buffered.
    const ownParsing = rest["parseAs"] === undefined || rest["parseAs"] === "json";
    const parseAs = ownParsing ? "stream" : rest["parseAs"];
    // Nobody but us reads a 2xx body: no copy of the response is needed.
    const handBack = ownParsing && middleware.length === 0 && rest["middleware"] === undefined;
    const result: { data?: unknown; error?: unknown; response: Response } = await raw.request(
      method as "get",
      path as never,
      { ...rest, parseAs, fetch: handBack ? (r: Request) => transport(r, true) : transport } as never,
    );
    const record = { method: method.toUpperCase(), path, readOnly, scrub };
    // Only unwrap() of a failed call reads it.
    if (!result.response.ok) calls.set(result.response, record);
    if (!ownParsing || !result.response.ok || result.data === undefined) return result;
    // A copy (middleware present) or a response a middleware made is read here; an empty body is
    // no data, as openapi-fetch has it.
    const text = takeBufferedText(result.response) ?? (await result.response.text());
    return { data: parseJsonBody(text, result.response, record), response: result.response };
  }

  const method = <M extends "get" | "put" | "post" | "delete" | "patch" | "head" | "options">(
    name: M,
  ): IntercomMethod<M> => ((url: string, init?: Record<string, unknown>) => call(name, url, init)) as never;

  const pageFetcher: PageFetcher = {
    baseUrl,
    async fetchPage(httpMethod, path, init) {
      return unwrapResult(await call(httpMethod, path, init));
    },
    async fetchLink(url, init) {
      // Run the link through the same client (middleware, retries) with its query kept verbatim.
      const prefix = new URL(baseUrl).pathname.replace(/\/$/, "");
      if (!url.pathname.startsWith(`${prefix}/`)) {
        throw new IntercomPaginationError(
          `refusing to follow pages.next outside ${baseUrl}: ${url.pathname}`,
        );
      }
      const path = url.pathname.slice(prefix.length);
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
      const { maxItems, cursor, ...request } = (init[0] ?? {}) as PaginateInit<typeof path>;
      const options: PaginateOptions = {};
      if (maxItems !== undefined) options.maxItems = maxItems;
      if (cursor !== undefined) options.cursor = cursor;
      return new Paginator(pageFetcher, path, request as PageRequest, options);
    },
    use: (...added) => {
      // Recorded first: if openapi-fetch throws half-way, we err on the side of copying responses.
      middleware.push(...added);
      raw.use(...added);
    },
    eject: (...removed) => {
      raw.eject(...removed);
      // As openapi-fetch does: one registration less per argument.
      for (const m of removed) {
        const at = middleware.indexOf(m);
        if (at !== -1) middleware.splice(at, 1);
      }
    },
    get rateLimit() {
      return rateLimit;
    },
    baseUrl,
    version,
  };
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
  const record = calls.get(response);
  const url = response.url || "(unknown url)";
  const scrubText = record?.scrub ?? ((text: string) => text);
  throw IntercomApiError.from({
    status: response.status,
    headers: scrubHeaders(response.headers, scrubText),
    body: scrubBody(result.error, scrubText),
    method: record?.method ?? "UNKNOWN",
    path: record?.path ?? safePathname(url),
    url: scrubText(url),
    // Unknown for a response that did not come through this client: not claimed.
    mayHaveBeenApplied:
      record !== undefined &&
      mayHaveBeenApplied(record, { kind: "response", status: response.status, headers: response.headers }),
  });
}

/**
 * A 2xx body as JSON. Empty stays undefined (Intercom answers some writes with 202 and no body);
 * every JSON body Intercom sends is an object, so `null` or a bare value is a broken response, and
 * an `error.list` is an error whatever the status says.
 */
function parseJsonBody(text: string, response: Response, record: CallRecord): unknown {
  if (text === "") return undefined;
  let parsed: unknown;
  let problem: string | undefined;
  try {
    parsed = JSON.parse(text);
    if (!isRecord(parsed) && !Array.isArray(parsed)) {
      problem = `a JSON body that is not an object (${parsed === null ? "null" : typeof parsed})`;
    } else if (isRecord(parsed) && parsed["type"] === "error.list") {
      problem = "an error.list body";
    }
  } catch {
    problem = "a body that is not JSON";
  }
  if (problem === undefined) return parsed;
  throw new IntercomInvalidResponseError(
    {
      status: response.status,
      headers: scrubHeaders(response.headers, record.scrub),
      body: parsed === undefined ? record.scrub(text) : scrubBody(parsed, record.scrub),
      method: record.method,
      path: record.path,
      url: record.scrub(response.url),
      // A write answered 2xx was done, whatever its body says.
      mayHaveBeenApplied: isWrite(record),
    },
    problem,
  );
}

/**
 * Path parameters are percent-encoded by openapi-fetch, so `/` cannot add a segment; but `.`,
 * `..` and the empty string would still change the path (URL parsing removes dot segments, even
 * encoded as %2E), so they are refused before anything is sent. So is a missing one.
 */
function checkPathParams(method: string, path: string, params: unknown): void {
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) return;
  const values = isRecord(params) && isRecord(params["path"]) ? params["path"] : {};
  for (const name of names) {
    const value = values[name];
    if (value === undefined || value === null) {
      throw new IntercomError(`${method.toUpperCase()} ${path}: path parameter ${name} is missing`);
    }
    const text = String(value);
    if (text === "" || text === "." || text === "..") {
      throw new IntercomError(
        `${method.toUpperCase()} ${path}: path parameter ${name} is ${JSON.stringify(text)}, which would ` +
          `change the request's path; refusing to send it`,
      );
    }
  }
}

/** The response headers with the token removed from every value (a proxy may echo it). */
function scrubHeaders(headers: Headers, scrub: (text: string) => string): Headers {
  return new Headers([...headers].map(([name, value]): [string, string] => [name, scrub(value)]));
}

function scrubBody(body: unknown, scrub: (text: string) => string): unknown {
  if (typeof body === "string") return scrub(body);
  if (Array.isArray(body)) return body.map((item) => scrubBody(item, scrub));
  if (isRecord(body))
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, scrubBody(v, scrub)]));
  return body;
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function checkTimeout(value: number): number {
  if (typeof value !== "number" || !(value > 0 && value <= MAX_TIMER_MS)) {
    throw new IntercomError(
      `timeoutMs must be a number of milliseconds in (0, ${MAX_TIMER_MS}], got ${String(value)}`,
    );
  }
  return value;
}

function createPacer(option: RateLimitOptions | false | undefined, baseUrl: string, token: string) {
  if (option === false) return undefined;
  if (option !== undefined && (typeof option !== "object" || option === null)) {
    throw new IntercomError(`rateLimit must be an options object or false, got ${String(option)}`);
  }
  return new Pacer(option ?? {}, () => appKey(new URL(baseUrl).origin, token));
}

/** The `maxRetries` shorthand as a policy layer (resolvePolicy validates it). */
function definedMaxRetries(maxRetries: number | undefined): RetryOptions | undefined {
  return maxRetries === undefined ? undefined : { maxRetries };
}
