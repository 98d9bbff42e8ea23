// What a client is configured with, and the one context each call carries from createIntercom's
// method through the attempts and back into its result (where unwrap() finds it). The rules about a
// call (its path, its path parameters, its origin, whether it only reads) are each decided here.
import type {
  BodySerializer,
  Middleware,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from "../fetch-types.js";
import { IntercomError, isRecord } from "../errors.js";
import type { RetryPolicy } from "../retry.js";
import type { Pacer } from "./pacer.js";

/** A custom fetch: given a Request per attempt (and openapi-fetch's requestInitExt, on Node). */
export type FetchLike = (input: Request, init?: Record<string, unknown>) => Promise<Response>;

/** Everything a client was configured with, resolved and validated once by createIntercom. */
export interface ClientConfig {
  token: string;
  /** The configured base URL, no trailing slash. */
  baseUrl: string;
  /** Its origin plus "/": every request URL must start with it (the token goes nowhere else). */
  originPrefix: string;
  version: string;
  userAgent: string | undefined;
  timeoutMs: number;
  policy: RetryPolicy;
  /** The caller's fetch; undefined calls globalThis.fetch. */
  fetch: FetchLike | undefined;
  Request: typeof Request;
  querySerializer: QuerySerializer<unknown> | QuerySerializerOptions | undefined;
  bodySerializer: BodySerializer<unknown> | undefined;
  pathSerializer: PathSerializer | undefined;
  headers: unknown;
  /** The RequestInit fields given to createIntercom (credentials, cache, mode, …). */
  requestInit: Record<string, unknown>;
  /** openapi-fetch's requestInitExt: the second argument of fetch on Node (a dispatcher), else undefined. */
  requestInitExt: Record<string, unknown> | undefined;
  middleware: Middleware[];
  pacer: Pacer;
  /** POSTs that only read, as "post /path" (from the generated metadata). */
  readOnlyOperations: ReadonlySet<string>;
  /** The text with the token removed. */
  scrub: (text: string) => string;
}

/** One call, from createIntercom's method to its result. */
export interface CallContext {
  /** Upper case, as sent. */
  method: string;
  /** The operation's path template, e.g. /contacts/{id}. */
  path: string;
  /** A read sent as POST (the searches): retried like a GET, never "may have been applied". */
  readOnly: boolean;
  timeoutMs: number;
  policy: RetryPolicy;
  /** This call's fetch: the per-call one, else the client's; undefined is the platform's. */
  fetch: FetchLike | undefined;
  /**
   * Nobody but the client reads the body (no middleware, JSON parsed by the client): the network
   * Response is handed back already read, its text kept in `text` until parsed.
   */
  handBack: boolean;
  text: string | undefined;
  /** Attempts made so far. */
  attempts: number;
  scrub: (text: string) => string;
}

/** Where a call's response keeps the call's context (non-enumerable), for unwrap(). */
export const CALL: unique symbol = Symbol("intercom-fetch.call") as never;

export interface CallResult {
  data?: unknown;
  error?: unknown;
  response: Response & { [CALL]?: CallContext };
}

/**
 * A call's context, after the checks that need nothing sent: the path is an absolute path (so it
 * cannot move the request to another host) and every path parameter is present and cannot add or
 * remove a path segment.
 */
export function createCallContext(
  config: ClientConfig,
  method: string,
  path: unknown,
  init: Record<string, unknown>,
  policy: RetryPolicy,
  timeoutMs: number,
): CallContext {
  const upper = method.toUpperCase();
  // Appended to baseUrl as is: anything but an absolute path could change the host (`@evil`).
  if (typeof path !== "string" || !path.startsWith("/")) {
    throw new IntercomError(`The path must start with "/", got ${JSON.stringify(path)}`);
  }
  checkPathParams(upper, path, init["params"]);
  const parseAs = init["parseAs"];
  return {
    method: upper,
    path,
    // A GET is retried as idempotent anyway: skip building the key on the hot path.
    readOnly: method !== "get" && config.readOnlyOperations.has(`${method} ${path}`),
    timeoutMs,
    policy,
    fetch: (init["fetch"] as FetchLike | undefined) ?? config.fetch,
    handBack:
      (parseAs === undefined || parseAs === "json") &&
      config.middleware.length === 0 &&
      !(Array.isArray(init["middleware"]) && init["middleware"].length > 0),
    text: undefined,
    attempts: 0,
    scrub: config.scrub,
  };
}

/** `{name}`, `{name*}`, `{.name}`, `{;name}` (OpenAPI's simple, explode, label, matrix): the name. */
const PATH_PARAM = /\{[.;]?([^{}*]+)\*?\}/g;

/**
 * Path parameters are percent-encoded by openapi-fetch's serializer, so `/` cannot add a segment;
 * but `.`, `..` and the empty string would still change the path (URL parsing removes dot segments,
 * even encoded as %2E), so they are refused before anything is sent, in a list or an object too.
 * So is a missing one (openapi-fetch would send the template's braces).
 */
function checkPathParams(method: string, path: string, params: unknown): void {
  if (!path.includes("{")) return;
  const values = isRecord(params) && isRecord(params["path"]) ? params["path"] : {};
  for (const name of pathParamNames(path)) {
    const value = values[name];
    if (value === undefined || value === null) {
      throw new IntercomError(`${method} ${path}: path parameter ${name} is missing`);
    }
    const parts = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [value];
    for (const part of parts.length === 0 ? [""] : parts) {
      const text = String(part);
      if (text === "" || text === "." || text === "..") {
        throw new IntercomError(
          `${method} ${path}: path parameter ${name} is ${JSON.stringify(text)}, which would ` +
            `change the request's path; refusing to send it`,
        );
      }
    }
  }
}

/** Parameter names per path template, parsed once (bounded: a caller may build paths at will). */
const namesByTemplate = new Map<string, string[]>();

function pathParamNames(path: string): string[] {
  let names = namesByTemplate.get(path);
  if (!names) {
    names = Array.from(path.matchAll(PATH_PARAM), (match) => match[1]!);
    if (namesByTemplate.size >= 1_000) namesByTemplate.clear();
    namesByTemplate.set(path, names);
  }
  return names;
}

/** The one origin rule: a request goes to the configured origin or is not sent. */
export function checkOrigin(config: ClientConfig, method: string, url: string): void {
  // A Request's url is normalised by the URL parser, so the origin check is a prefix check.
  if (!url.startsWith(config.originPrefix)) {
    throw new IntercomError(
      `Refusing to send ${method} ${new URL(url).origin}: requests (and the access token) go only ` +
        `to the configured origin ${config.originPrefix.slice(0, -1)}.`,
    );
  }
}
