// A client of one API version: openapi-fetch's own createClient, with `send` as every call's fetch.
// openapi-fetch builds the Request, runs middleware and parses; `send` adds the origin check,
// Intercom's headers, pacing, timeouts, retries, a bounded body read and typed errors.
import createClient, { defaultPathSerializer } from "openapi-fetch";
import type { HttpMethod, PathsWithMethod } from "openapi-typescript-helpers";
import {
  IntercomApiError,
  IntercomConnectionError,
  IntercomError,
  IntercomInvalidResponseError,
  IntercomPaginationError,
  IntercomTimeoutError,
} from "./errors.js";
import type { FetchResponse, MaybeOptionalInit, Middleware, ParseAs, PathSerializer } from "./fetch-types.js";
import { either, onAbort } from "./internal/abort.js";
import { BufferedResponse } from "./internal/buffered-response.js";
import { checkNumber } from "./internal/check.js";
import { isRecord } from "./internal/values.js";
import {
  resolveOptions,
  type FetchLike,
  type IntercomOptions,
  type RequestPolicyOptions,
} from "./options.js";
import {
  Paginator,
  type PageFetcher,
  type PageRequest,
  type PaginatedPath,
  type PaginateOptions,
} from "./pagination.js";
import { readRateLimit, type RateLimitState } from "./rate-limit/headers.js";
import { createRateLimitPacer } from "./rate-limit/pacer.js";
import { appKey } from "./rate-limit/store.js";
import {
  decideRetry,
  mayHaveBeenApplied,
  resolvePolicy,
  type AttemptOutcome,
  type RetryPolicy,
} from "./retry.js";
import type { Api, VersionMetadata } from "./version.js";

type Media = `${string}/${string}`;

/**
 * A call's init, typed directly from the operation (not inferred then checked against a constraint,
 * as openapi-fetch's ClientMethod does), so that an object literal is checked for excess keys at
 * every depth (openapi-fetch issues #1769, #2329). Only `parseAs` is inferred: it changes `data`.
 */
type InitOf<Operations, M extends keyof Operations, As extends ParseAs> = NonNullable<
  MaybeOptionalInit<Operations, M>
> &
  RequestPolicyOptions & { parseAs?: As };

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the constraint openapi-fetch uses
type CallSignature<Paths extends Record<string, Record<HttpMethod, {}>>, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  As extends ParseAs = "json",
>(
  url: Path,
  // Optional exactly when the operation's init is.
  ...init: undefined extends MaybeOptionalInit<Paths[Path], M>
    ? [InitOf<Paths[Path], M, As>?]
    : [InitOf<Paths[Path], M, As>]
) => Promise<FetchResponse<Paths[Path][M], { parseAs: As }, Media>>;

type Method = "get" | "put" | "post" | "delete" | "patch" | "head" | "options";
// As openapi-fetch's Client: `Paths extends {}` admits the generated `paths` (no index signature).
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- see above
type Methods<Paths extends {}> = { [M in Method as Uppercase<M>]: CallSignature<Paths, M> };

/** openapi-fetch's method signature, plus the per-request retry and timeout options. */
export type IntercomMethod<A extends Api, M extends Method> = Methods<A["paths"]>[Uppercase<M>];

type PaginatedInit<A extends Api, P extends PaginatedPath<A>> = MaybeOptionalInit<
  A["paths"][P],
  A["paginated"][P]["method"] & keyof A["paths"][P]
>;

export type PaginateInit<A extends Api, P extends PaginatedPath<A>> = NonNullable<PaginatedInit<A, P>> &
  RequestPolicyOptions & { [K in keyof PaginateOptions]?: PaginateOptions[K] | undefined };

export interface IntercomClient<A extends Api> extends Methods<A["paths"]> {
  /** Walks every page of a paginated operation: `for await (const item of …)` or `.pages()`. */
  paginate<P extends PaginatedPath<A>>(
    path: P,
    ...init: undefined extends PaginatedInit<A, P> ? [PaginateInit<A, P>?] : [PaginateInit<A, P>]
  ): Paginator<A, P>;
  /** openapi-fetch middleware: runs once per call (not per retry attempt). */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
  /** The X-RateLimit-* headers of the last response, if any carried them. */
  readonly rateLimit: RateLimitState | undefined;
  readonly baseUrl: string;
  readonly version: A["version"];
}

/** The operation a response of this client answers, on the response (unwrap reads it). */
export interface ResponseOperation {
  /** Upper case, as sent. */
  method: string;
  /** The operation's path template, e.g. /contacts/{id}. */
  path: string;
  /** A read sent as POST (the searches): retried like a GET, never "may have been applied". */
  readOnly: boolean;
}

/** What a call knows that its Request does not, for `send`. */
interface Call extends ResponseOperation {
  policy: RetryPolicy;
  timeoutMs: number;
  /** The per-call fetch, else the client's; undefined is the platform's. */
  fetch: FetchLike | undefined;
  parseAs: unknown;
  /** The caller's abort: the call's signal, else the client's (else the Request's, a middleware's). */
  signal: AbortSignal | undefined;
  /** A 2xx handed to openapi-fetch to parse as JSON: the wire response, its body, ours; for call's check. */
  last?: { raw: Response; bytes: Uint8Array; response: Response };
}

type Result = { data?: unknown; error?: unknown; response: Response };

/** Statuses whose responses must not carry a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
/** `{name}`, `{name*}`, `{.name}`, `{;name}` (OpenAPI's simple, explode, label, matrix): the name. */
const PATH_PARAM = /\{[.;]?([^{}*]+)\*?\}/;
/** The fields a Request keeps from its init, and the platform's default for each. */
const REQUEST_FIELDS = Object.entries({
  cache: "default",
  credentials: "same-origin",
  integrity: "",
  keepalive: false,
  mode: "cors",
  referrer: "about:client",
  referrerPolicy: "",
}) as [keyof Request, unknown][];
/** A query name (brackets allowed: `filter[x]`) and an object value's key, which openapi-fetch
 * writes unencoded: nothing that could end one and start another. */
const PLAIN_NAME = /^[\w.~[\]-]+$/;
const PLAIN_KEY = /^[\w.~-]+$/;

/** A client of the version `meta` describes (an entry point's createIntercom calls this). */
export function createVersionClient<A extends Api>(
  meta: VersionMetadata,
  options: IntercomOptions<A["version"]>,
): IntercomClient<A> {
  const o = resolveOptions(options, meta.apiVersion);
  /** POSTs that only read (marked by an overlay): retried like GETs. */
  const readOnly: ReadonlySet<string> = new Set(meta.readOnlyOperations);
  const { token, baseUrl, version } = o;
  const pacer =
    o.rateLimit === false
      ? undefined
      : createRateLimitPacer(o.rateLimit, () => appKey(new URL(baseUrl).origin, token));
  // The token as a body a server or proxy echoes may hold it: as is, URL-encoded, JSON-escaped.
  // (A token of a few characters, as in a test, would match everywhere: only 8 or more are scrubbed.)
  const secrets = [...new Set([token, encodeURIComponent(token), token.replaceAll("/", "\\/")])].filter(
    (secret) => secret.length >= 8,
  );
  const scrub = (text: string) => secrets.reduce((t, secret) => t.split(secret).join("[redacted]"), text);
  /** The last response headers that carried X-RateLimit-*, read when asked (intercom.rateLimit). */
  let rateLimitHeaders: Headers | undefined;

  const client = createClient({
    ...o.clientOptions,
    baseUrl,
    requestInitExt: o.requestInitExt,
    pathSerializer: guardPath(o.pathSerializer ?? defaultPathSerializer),
  });

  /** One call: its own options checked, then openapi-fetch with `send` as this call's fetch. */
  function call(method: HttpMethod, path: string, init: Record<string, unknown> = {}): Promise<Result> {
    try {
      // The caller's signal is tied in `send`, once per call (internal/abort.ts), not given to
      // openapi-fetch's Request: undici's Request would follow it with a listener per call.
      const { maxRetries, retry, timeoutMs, fetch, signal: given, ...rest } = init;
      // A call's own signal (null and undefined included) replaces the client's, as openapi-fetch's
      // spread does; what is not an AbortSignal is left to the Request, which refuses it.
      const signal = "signal" in init ? given : o.signal;
      const tied = signal != null && typeof (signal as AbortSignal).throwIfAborted === "function";
      if (signal != null && !tied) rest["signal"] = signal;
      const upper = method.toUpperCase();
      // Appended to baseUrl as it is: anything but an absolute path could change the host (`@evil`).
      if (typeof path !== "string" || !path.startsWith("/")) {
        throw new IntercomError(`The path must start with "/", got ${JSON.stringify(path)}`);
      }
      const params = isRecord(rest["params"]) ? rest["params"] : {};
      // openapi-fetch runs the path serializer (guardPath) only when there is a params.path.
      if (path.includes("{") && !isRecord(params["path"])) rest["params"] = { ...params, path: {} };
      const query = isRecord(params["query"]) ? params["query"] : {};
      for (const name in query) {
        const value = query[name];
        if (
          !PLAIN_NAME.test(name) ||
          (isRecord(value) && Object.keys(value).some((k) => !PLAIN_KEY.test(k)))
        ) {
          throw new IntercomError(
            `${upper} ${path}: query parameter ${JSON.stringify(name)} has a name or key that is not a plain name`,
          );
        }
      }
      if (fetch !== undefined && typeof fetch !== "function") {
        throw new IntercomError(`${upper} ${path}: fetch must be a function`);
      }
      if (typeof rest["pathSerializer"] === "function") {
        rest["pathSerializer"] = guardPath(rest["pathSerializer"] as PathSerializer);
      }
      const one: Call = {
        method: upper,
        path,
        // A GET is retried as idempotent anyway: skip building the key.
        readOnly: method !== "get" && readOnly.has(`${method} ${path}`),
        policy: resolvePolicy(`${upper} ${path}`, retry, maxRetries, o.policy),
        timeoutMs:
          timeoutMs === undefined ? o.timeoutMs : checkNumber("timeoutMs", timeoutMs, { positive: true }),
        fetch: (fetch as FetchLike | undefined) ?? o.fetch,
        parseAs: rest["parseAs"] ?? "json",
        signal: tied ? (signal as AbortSignal) : undefined,
      };
      rest["fetch"] = (request: Request) => send(one, request);
      const request = client.request(method as never, path as never, rest as never) as Promise<Result>;
      // A 2xx that promises JSON is a JSON object or list (empty is fine: some writes answer 202),
      // not an error.list: else a typed error. Checked on what openapi-fetch parsed (one parse).
      return request.then(
        (result) => {
          const json = result.data;
          // Only the response `send` handed back, as openapi-fetch parsed it (not a middleware's).
          if (result.response !== one.last?.response || json === undefined) return result;
          const what = json === null ? "null" : typeof json;
          const problem =
            what !== "object"
              ? `a JSON body that is not an object (${what})`
              : (json as { type?: unknown }).type === "error.list" && "an error.list body";
          if (problem) throw invalid(one, one.last.raw, problem, one.last.bytes);
          return result;
        },
        (error: unknown) => {
          // openapi-fetch's JSON.parse of a 2xx body that is not JSON: a typed error, not SyntaxError
          // (one thrown by a middleware, with the body JSON, is the middleware's).
          const last = one.last;
          if (!(error instanceof SyntaxError) || !last || isJson(last.bytes)) throw error;
          throw invalid(one, last.raw, "a body that is not JSON", last.bytes);
        },
      );
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }

  /**
   * The attempts of one call, and the response openapi-fetch reads: the last one, its body read
   * whole (bounded, inside the attempt's timeout), scrubbed of the token on an error. Throws
   * IntercomTimeoutError or IntercomConnectionError when the last attempt got no response.
   */
  async function send(one: Call, request: Request): Promise<Response> {
    // The token goes to the configured origin only (middleware or a per-call baseUrl may move a call).
    if (!request.url.startsWith(o.originPrefix)) {
      throw new IntercomError(
        `Refusing to send ${one.method} ${new URL(request.url).origin}: requests (and the access token) ` +
          `go only to the configured origin ${o.originPrefix.slice(0, -1)}.`,
      );
    }
    const headers = new Headers(request.headers);
    const asked = headers.get("Intercom-Version");
    if (asked !== null && asked !== version) {
      throw new IntercomError(
        `Intercom-Version ${asked} requested, but this client is typed for ${version}.`,
      );
    }
    headers.set("Intercom-Version", version);
    headers.set("Authorization", `Bearer ${token}`);
    if (!headers.has("Accept")) headers.set("Accept", "application/json");
    if (o.userAgent && !headers.has("User-Agent")) headers.set("User-Agent", o.userAgent);
    // The caller's signal, and the Request's own (a middleware may give it one): either ends the call.
    const tied = one.signal && either(one.signal, request.signal);
    const signal = tied ? tied.signal : request.signal;
    let handedOver = false;
    try {
      // The body is read once, so that every attempt sends the same bytes, within the timeout.
      let body: ArrayBuffer | null = null;
      if (request.body) {
        const limit = deadline(signal, one.timeoutMs);
        try {
          body = await untilAborted(request.arrayBuffer(), limit.signal);
        } catch (error) {
          if (!limit.timedOut()) throw error;
          void request.body.cancel().catch(() => undefined);
          throw new IntercomTimeoutError({
            method: one.method,
            url: request.url,
            attempts: 1,
            timeoutMs: one.timeoutMs,
          });
        } finally {
          limit.done();
        }
      }
      // Each attempt: the URL, these headers and the Request's fields not at the platform's default.
      // Redirects are not followed: one could take the token to a host we did not pick.
      const init: RequestInit = {
        ...o.requestInitExt,
        method: request.method,
        headers,
        body,
        redirect: "manual",
      };
      for (const [field, platformDefault] of REQUEST_FIELDS) {
        if (request[field] !== platformDefault) (init as Record<string, unknown>)[field] = request[field];
      }

      for (let attempt = 1; ; attempt++) {
        signal.throwIfAborted();
        const slot = pacer && (await pacer.acquire(signal, one.policy.maxRetryAfterMs, attempt > 1));
        const limit = deadline(signal, one.timeoutMs);
        let raw: Response | undefined;
        let bytes: Uint8Array | undefined;
        let outcome: AttemptOutcome;
        try {
          signal.throwIfAborted();
          init.signal = limit.signal;
          raw = await (one.fetch
            ? untilAborted(one.fetch(attemptOf(request, init), o.requestInitExt), limit.signal)
            : globalThis.fetch(request.url, init));
          // A stream is the caller's to read; a browser's opaque redirect has no body.
          if (!((raw.ok && one.parseAs === "stream") || raw.type === "opaqueredirect")) {
            // The platform's fetch enforces a declared length (unless encoded: it may inflate) and
            // ends its own read with the signal. Else, readBody.
            const length = Number(raw.headers.get("content-length") ?? NaN);
            bytes =
              !one.fetch && length <= o.maxResponseBytes && !raw.headers.has("content-encoding")
                ? new Uint8Array(await raw.arrayBuffer())
                : await readBody(raw, o.maxResponseBytes, limit.signal);
          }
          outcome = { kind: "response", status: raw.status, headers: raw.headers };
          if (raw.headers.has("x-ratelimit-remaining")) rateLimitHeaders = raw.headers;
        } catch (error) {
          if (signal.aborted) throw signal.reason;
          if (error === TOO_LARGE)
            throw invalid(one, raw, `a body over maxResponseBytes (${o.maxResponseBytes})`);
          outcome = limit.timedOut() ? { kind: "timeout" } : { kind: "connection", failure: error };
          raw = undefined;
        } finally {
          // A stream handed over stays tied to the caller's abort.
          limit.done(bytes === undefined && raw !== undefined);
          if (slot) pacer.release(slot, raw);
        }

        const decision = decideRetry(one.policy, one, outcome, attempt);
        if (decision.retry) {
          await sleep(decision.delayMs, signal);
          continue;
        }
        const operation: ResponseOperation = { method: one.method, path: one.path, readOnly: one.readOnly };
        if (!raw) {
          const failure = {
            method: one.method,
            url: scrub(request.url),
            attempts: attempt,
            mayHaveBeenApplied: mayHaveBeenApplied(one, outcome),
          };
          throw outcome.kind === "connection"
            ? new IntercomConnectionError({ ...failure, cause: outcome.failure })
            : new IntercomTimeoutError({ ...failure, timeoutMs: one.timeoutMs });
        }
        // A stream handed over stays tied to the caller's abort.
        handedOver = !bytes;
        if (!bytes) return Object.defineProperty(raw, "operation", { value: operation });
        // An error's body, headers and URL have the token scrubbed (a server or proxy may echo it).
        if (!raw.ok) bytes = encoder.encode(scrub(decoder.decode(bytes)));
        const response = new BufferedResponse(
          NULL_BODY_STATUSES.has(raw.status) ? new Uint8Array(0) : (bytes as Uint8Array<ArrayBuffer>),
          {
            status: raw.status,
            statusText: raw.statusText,
            headers: raw.ok ? raw.headers : scrubbed(raw.headers),
          },
          raw.ok ? raw.url : scrub(raw.url ?? ""),
          operation,
        );
        if (raw.ok && one.parseAs === "json") one.last = { raw, bytes, response };
        return response;
      }
    } finally {
      if (!handedOver) tied?.untie();
    }
  }

  /** The headers with the token removed from every value (a proxy may echo it). */
  function scrubbed(headers: Headers): Headers {
    return new Headers([...headers].map(([name, value]): [string, string] => [name, scrub(value)]));
  }

  /** A 2xx whose body is not what Intercom sends (or one too large to read), as a typed error. */
  function invalid(one: Call, raw: Response | undefined, problem: string, bytes?: Uint8Array) {
    const text = bytes && scrub(decoder.decode(bytes));
    let body: unknown = text;
    try {
      body = text === undefined ? undefined : JSON.parse(text);
    } catch {
      // kept as text
    }
    const headers = raw?.headers ?? new Headers();
    return new IntercomInvalidResponseError({
      status: raw?.status ?? 0,
      headers: scrubbed(headers),
      method: one.method,
      path: one.path,
      url: scrub(raw?.url ?? ""),
      body,
      problem,
      mayHaveBeenApplied: !!raw && mayHaveBeenApplied(one, { kind: "response", status: raw.status, headers }),
    });
  }

  const method = (name: HttpMethod) =>
    ((url: string, init?: Record<string, unknown>) => call(name, url, init)) as never;

  const pageFetcher: PageFetcher = {
    scrub,
    async fetchPage(httpMethod, path, init) {
      const result = await call(httpMethod as HttpMethod, path, init);
      return { data: unwrap(result), response: result.response };
    },
    async fetchLink(next, init) {
      // A pages.next link is followed only under the configured baseUrl, through the same client
      // (middleware, retries), with its query kept verbatim.
      let url: URL;
      try {
        url = new URL(next, baseUrl);
      } catch {
        throw new IntercomPaginationError(`pages.next is not a URL: ${JSON.stringify(scrub(next))}`);
      }
      if (!`${url.origin}${url.pathname}`.startsWith(`${baseUrl}/`)) {
        throw new IntercomPaginationError(
          `refusing to follow pages.next outside ${baseUrl}: ${scrub(`${url.origin}${url.pathname}`)}`,
        );
      }
      const path = url.pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, "").length);
      const query = url.search.replace(/^\?/, "");
      const result = await call("get", path, { ...init, querySerializer: () => query });
      return { data: unwrap(result), response: result.response };
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
      const { maxItems, maxPages, cursor, ...rest } = (init[0] ?? {}) as PaginateOptions & PageRequest;
      return new Paginator(pageFetcher, path, rest, { maxItems, maxPages, cursor }, meta.paginationWalks);
    },
    use: (...middleware) => client.use(...middleware),
    eject: (...middleware) => client.eject(...middleware),
    get rateLimit() {
      return rateLimitHeaders && readRateLimit(rateLimitHeaders);
    },
    baseUrl,
    version,
  };
}

/**
 * openapi-fetch's path serializer (or the caller's), checked before anything is sent: every value a
 * string or a number (in a list or an object for the explode, label and matrix styles), and the
 * finished path keeping its template's shape: each fixed segment as written, each parameter one
 * segment (a `/` in a value, or an object's key written unencoded, cannot add one), never "", "."
 * or ".." (URL parsing would remove a dot segment and the one before it), no `?` or `#`.
 */
function guardPath(serialize: PathSerializer): PathSerializer {
  return (template, params) => {
    const refuse = (why: string): never => {
      throw new IntercomError(`${template}: ${why}; refusing to send it`);
    };
    for (const name in params) {
      const value = params[name];
      if (typeof value === "string" || Number.isFinite(value)) continue;
      const parts = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [value];
      if (parts.some((part) => typeof part !== "string" && !Number.isFinite(part))) {
        refuse(`path parameter ${name} is not a string or a number`);
      }
    }
    const finished = serialize(template, params);
    const want = template.split("/");
    const got = typeof finished === "string" ? finished.split("/") : [];
    want.forEach((segment, i) => {
      const name = PATH_PARAM.exec(segment)?.[1];
      const part = got[i] ?? "";
      if (name === undefined) {
        if (part !== segment) refuse(`the path ${JSON.stringify(finished)} leaves its template`);
      } else if (/[{}]/.test(part)) {
        throw new IntercomError(`${template}: path parameter ${name} is missing`);
      } else if (/^(\.|%2e){0,2}$/i.test(part) || /[?#]/.test(part) || got.length !== want.length) {
        refuse(`path parameter ${name} is ${JSON.stringify(part)}, which would change the request's path`);
      }
    });
    return finished;
  };
}

/** The data of a successful call, or the call's error thrown as a typed IntercomApiError. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  const { response } = result;
  if (response.ok) return result.data as T;
  const operation = (response as { operation?: ResponseOperation }).operation;
  const url = response.url || "(unknown url)";
  // A response that did not come through this client says what it says of itself, nothing more.
  throw IntercomApiError.from({
    status: response.status,
    headers: response.headers,
    body: result.error,
    method: operation?.method ?? "UNKNOWN",
    path: operation?.path ?? safePathname(url),
    url,
    mayHaveBeenApplied:
      operation !== undefined &&
      mayHaveBeenApplied(operation, { kind: "response", status: response.status, headers: response.headers }),
  });
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const isJson = (bytes: Uint8Array) => {
  try {
    return JSON.parse(decoder.decode(bytes)) !== undefined;
  } catch {
    return false;
  }
};
const TOO_LARGE = new Error("too large");
const TIMED_OUT = Symbol("timed out");

/** A signal that aborts with the caller's `signal`, or after `ms` (then `timedOut()`); `done`
 * stops the timer and, unless asked to keep it, the link to the caller's signal. */
function deadline(signal: AbortSignal, ms: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), ms);
  const unlink = onAbort(signal, () => controller.abort(signal.reason));
  return {
    signal: controller.signal,
    timedOut: () => controller.signal.reason === TIMED_OUT,
    done(keepAbort = false) {
      clearTimeout(timer);
      if (!keepAbort) unlink();
    },
  };
}

/** The whole body, up to `max` bytes (else TOO_LARGE, the body cancelled), given up when the
 * signal aborts (a custom fetch's body may ignore it). */
async function readBody(raw: Response, max: number, signal: AbortSignal): Promise<Uint8Array> {
  if (typeof raw.body?.getReader !== "function") {
    // No stream: an empty body, or a response-like object from a custom fetch (node-fetch's).
    const read =
      raw.body === null ? undefined : typeof raw.arrayBuffer === "function" ? raw.arrayBuffer() : raw.text();
    const value =
      read === undefined ? new ArrayBuffer(0) : await untilAborted<ArrayBuffer | string>(read, signal);
    const bytes = typeof value === "string" ? encoder.encode(value) : new Uint8Array(value);
    if (bytes.length > max) throw TOO_LARGE;
    return bytes;
  }
  const reader = raw.body.getReader();
  const stop = () => void reader.cancel(signal.reason).catch(() => undefined);
  signal.addEventListener("abort", stop);
  try {
    if (Number(raw.headers.get("content-length") ?? NaN) > max) throw TOO_LARGE;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      if ((size += chunk.value.byteLength) > max) throw TOO_LARGE;
      chunks.push(chunk.value);
    }
    if (signal.aborted) throw signal.reason;
    if (chunks.length === 1) return chunks[0]!;
    const bytes = new Uint8Array(size);
    chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.byteLength), 0);
    return bytes;
  } catch (error) {
    stop();
    throw error;
  } finally {
    signal.removeEventListener("abort", stop);
  }
}

/** A Request for one attempt, for a custom fetch: the call's own class, with the properties
 * openapi-fetch copied onto it from the call's init (those the Request class does not know). */
function attemptOf(request: Request, init: RequestInit): Request {
  const attempt = new (request.constructor as typeof Request)(request, init) as unknown as Record<
    string,
    unknown
  >;
  for (const key in request)
    if (!(key in attempt)) attempt[key] = (request as unknown as Record<string, unknown>)[key];
  return attempt as unknown as Request;
}

/** `work`, or the signal's reason once it aborts (a custom fetch may ignore the signal). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const unlink = onAbort(signal, () => reject(signal.reason));
    work.then(resolve, reject).finally(unlink);
  });
}

/** A backoff sleep that ends at once, with the caller's abort reason, when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const slept = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return untilAborted(slept, signal).finally(() => clearTimeout(timer));
}
