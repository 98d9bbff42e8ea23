// One call, top to bottom: openapi-fetch 0.17's coreFetch, step for step and with its own
// serializers (so that every option means what it means there), with the attempts of transport.ts
// where coreFetch calls fetch once, and JSON read by the client (a typed error for a 2xx that is not).
import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  mergeHeaders,
  removeTrailingSlash,
} from "openapi-fetch";
import { IntercomInvalidResponseError, isRecord } from "../errors.js";
import type {
  MergedOptions,
  Middleware,
  MiddlewareCallbackParams,
  ParseAs,
  QuerySerializer,
} from "../fetch-types.js";
import { mayHaveBeenApplied } from "../retry.js";
import { CALL, checkOrigin, type CallContext, type CallResult, type ClientConfig } from "./context.js";
import { addClientHeaders, sendAttempts } from "./transport.js";

type Init = Record<string, unknown>;
const NONE: Middleware[] = [];
type Serialize = (query: unknown) => string;

/** The client's query serializer, made once (openapi-fetch makes it per call). */
export function clientQuerySerializer(config: ClientConfig): Serialize {
  const option = config.querySerializer;
  return typeof option === "function" ? (option as Serialize) : createQuerySerializer(option);
}

export async function request(
  config: ClientConfig,
  call: CallContext,
  defaultQuerySerializer: Serialize,
  init: Init,
): Promise<CallResult> {
  // 1. The Request, as openapi-fetch builds it: URL from the path and query serializers, headers
  //    merged (client, call, params.header; null removes), body serialized, the client's and the
  //    call's RequestInit fields, then the call's other init properties copied onto it.
  const {
    baseUrl: localBaseUrl,
    fetch: _fetch,
    Request: RequestClass = config.Request,
    headers,
    params = {},
    parseAs = "json",
    querySerializer: requestQuerySerializer,
    bodySerializer = config.bodySerializer ?? defaultBodySerializer,
    pathSerializer: requestPathSerializer,
    body,
    middleware: requestMiddleware = [],
    ...rest
  } = init as Init & { params?: { header?: unknown; query?: unknown; path?: unknown } };
  const baseUrl =
    typeof localBaseUrl === "string" && localBaseUrl ? removeTrailingSlash(localBaseUrl) : config.baseUrl;
  let querySerializer = defaultQuerySerializer;
  if (requestQuerySerializer) {
    const global = config.querySerializer;
    querySerializer =
      typeof requestQuerySerializer === "function"
        ? (requestQuerySerializer as Serialize)
        : createQuerySerializer({
            ...(typeof global === "object" ? global : {}),
            ...(requestQuerySerializer as object),
          });
  }
  const pathSerializer = (requestPathSerializer ?? config.pathSerializer ?? defaultPathSerializer) as (
    pathname: string,
    pathParams: Record<string, unknown>,
  ) => string;
  const serialize = bodySerializer as (body: unknown, headers?: Headers) => unknown;
  const serializedBody =
    body === undefined
      ? undefined
      : serialize(body, mergeHeaders(config.headers as never, headers as never, params.header as never));
  const finalHeaders = mergeHeaders(
    serializedBody === undefined || serializedBody instanceof FormData
      ? {}
      : { "Content-Type": "application/json" },
    config.headers as never,
    headers as never,
    params.header as never,
  );
  const all: Middleware[] =
    config.middleware.length + (requestMiddleware as Middleware[]).length > 0
      ? [...config.middleware, ...(requestMiddleware as Middleware[])]
      : NONE;
  // With no middleware nobody but the attempts sees this Request: it gets the client's headers now,
  // and the attempts send it as it is. Else middleware sees the caller's request, without the token.
  const hasClientHeaders = all.length === 0;
  if (hasClientHeaders) addClientHeaders(config, finalHeaders);
  const url = createFinalURL(call.path, {
    baseUrl,
    params: params as never,
    querySerializer: querySerializer as never,
    pathSerializer,
  });

  // The direct way: when nothing can observe the Request (no middleware, the platform's fetch and
  // Request class, no RequestInit field, not even a signal, a string body or none, and none on a
  // GET or HEAD, which the Request refuses), the platform's fetch makes the very Request
  // openapi-fetch would have made from the same URL and init, so the attempts hand it the parts
  // and skip building one here (a Request, then another made from it with a signal, cost about
  // 25 µs per call in undici, of some 450). The URL is already under the configured origin: a
  // string that starts with "origin/" cannot name another host.
  if (
    hasClientHeaders &&
    call.fetch === undefined &&
    RequestClass === globalThis.Request &&
    localBaseUrl === undefined &&
    isEmpty(rest) &&
    isEmpty(config.requestInit) &&
    (serializedBody === undefined ||
      (typeof serializedBody === "string" && call.method !== "GET" && call.method !== "HEAD")) &&
    url.startsWith(config.originPrefix)
  ) {
    const response = await sendAttempts(config, call, { url, headers: finalHeaders, body: serializedBody });
    return withCall(await readResult(call, response, parseAs as ParseAs), call);
  }

  const requestInit = {
    redirect: "follow",
    ...config.requestInit,
    ...rest,
    method: call.method,
    body: serializedBody,
    headers: finalHeaders,
  } as RequestInit;
  let req = new (RequestClass as typeof Request)(url, requestInit);
  for (const key in rest) {
    if (!(key in req)) (req as unknown as Init)[key] = rest[key];
  }

  // 2. Middleware, as openapi-fetch runs it: onRequest in order (a Response ends the call there),
  //    then, after the attempts, onError or onResponse in reverse. It sees what the caller passed.
  let response: Response | undefined;
  let hooks: Omit<MiddlewareCallbackParams, "request"> | undefined;
  if (all.length > 0) {
    const options: MergedOptions = Object.freeze({
      baseUrl,
      fetch: (init["fetch"] ?? config.fetch ?? globalThis.fetch) as typeof globalThis.fetch,
      parseAs: parseAs as ParseAs,
      querySerializer: querySerializer as QuerySerializer<unknown>,
      bodySerializer: bodySerializer as MergedOptions["bodySerializer"],
      pathSerializer,
    });
    hooks = {
      schemaPath: call.path,
      params: params as never,
      options,
      id: Math.random().toString(36).slice(2, 11),
    };
    for (const m of all) {
      if (m && typeof m === "object" && typeof m.onRequest === "function") {
        const result = await m.onRequest({ ...hooks, request: req });
        if (result) {
          if (result instanceof Request) {
            req = result;
          } else if (result instanceof Response) {
            response = result;
            break;
          } else {
            throw new Error("onRequest: must return new Request() or Response() when modifying the request");
          }
        }
      }
    }
  }

  // 3. The attempts (transport.ts), to the configured origin only.
  if (!response) {
    let error: unknown;
    try {
      checkOrigin(config, call.method, req.url);
      response = await sendAttempts(config, call, {
        url: req.url,
        request: req,
        // The request as middleware left it, without the token: the client's headers on a copy.
        headers: hasClientHeaders ? undefined : addClientHeaders(config, new Headers(req.headers)),
      });
    } catch (thrown) {
      error = thrown;
    }
    if (!response) {
      for (let i = all.length - 1; i >= 0 && hooks; i--) {
        const m = all[i];
        if (m && typeof m === "object" && typeof m.onError === "function") {
          const result = await m.onError({ ...hooks, request: req, error });
          if (result) {
            if (result instanceof Response) {
              error = undefined;
              response = result;
              break;
            }
            if (result instanceof Error) {
              error = result;
              continue;
            }
            throw new Error("onError: must return new Response() or instance of Error", { cause: error });
          }
        }
      }
      if (error) throw error;
    }
    for (let i = all.length - 1; i >= 0 && hooks; i--) {
      const m = all[i];
      if (m && typeof m === "object" && typeof m.onResponse === "function") {
        const result = await m.onResponse({ ...hooks, request: req, response: response! });
        if (result) {
          if (!(result instanceof Response)) {
            throw new Error("onResponse: must return new Response() when modifying the response");
          }
          response = result;
        }
      }
    }
  }

  // 4. The result, as openapi-fetch reads it, except that JSON is read here: a 2xx body that is not
  //    a JSON object (a proxy's HTML page) is an IntercomInvalidResponseError, not a SyntaxError.
  return withCall(await readResult(call, response!, parseAs as ParseAs), call);
}

/** Whether an init-like object has no key at all. */
function isEmpty(fields: Init): boolean {
  for (const _ in fields) return false;
  return true;
}

async function readResult(call: CallContext, response: Response, parseAs: ParseAs): Promise<CallResult> {
  const contentLength = response.headers.get("Content-Length");
  if (
    response.status === 204 ||
    call.method === "HEAD" ||
    (contentLength === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked"))
  ) {
    call.text = undefined;
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (parseAs === "json")
      return { data: parseJsonBody(call, await bodyText(call, response), response), response };
    if (parseAs === "stream") return { data: response.body, response };
    return { data: await response[parseAs](), response };
  }
  let error: unknown = await bodyText(call, response);
  try {
    error = JSON.parse(error as string);
  } catch {
    // kept as text, as openapi-fetch does
  }
  return { error, response };
}

/** The text the attempt read (forgotten once taken), or the body of a copy or a middleware's response. */
async function bodyText(call: CallContext, response: Response): Promise<string> {
  const text = call.text;
  call.text = undefined;
  return text ?? (await response.text());
}

/** A failed call's context rides on its response (a symbol, unseen by JSON, spread and equality),
 * where unwrap() finds it however the result was taken apart; only unwrap() of a failure reads it. */
function withCall(result: CallResult, call: CallContext): CallResult {
  if (!result.response.ok) Object.defineProperty(result.response, CALL, { value: call, configurable: true });
  return result;
}

/**
 * A 2xx body as JSON. Empty stays undefined (Intercom answers some writes with 202 and no body);
 * every JSON body Intercom sends is an object, so `null` or a bare value is a broken response, and
 * an `error.list` is an error whatever the status says.
 */
function parseJsonBody(call: CallContext, text: string, response: Response): unknown {
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
  throw new IntercomInvalidResponseError({
    ...responseSummary(call, response),
    body: parsed === undefined ? call.scrub(text) : scrubBody(parsed, call.scrub),
    problem,
  });
}

/** What an error about `response` may say of it: scrubbed headers and URL, and whether a write may
 * have been applied (computed from the response, by the one rule in retry.ts). */
export function responseSummary(call: CallContext, response: Response) {
  return {
    status: response.status,
    headers: scrubHeaders(response.headers, call.scrub),
    method: call.method,
    path: call.path,
    url: call.scrub(response.url),
    mayHaveBeenApplied: mayHaveBeenApplied(call, {
      kind: "response",
      status: response.status,
      headers: response.headers,
    }),
  };
}

/** The response headers with the token removed from every value (a proxy may echo it). */
function scrubHeaders(headers: Headers, scrub: (text: string) => string): Headers {
  return new Headers([...headers].map(([name, value]): [string, string] => [name, scrub(value)]));
}

export function scrubBody(body: unknown, scrub: (text: string) => string): unknown {
  if (typeof body === "string") return scrub(body);
  if (Array.isArray(body)) return body.map((item) => scrubBody(item, scrub));
  if (isRecord(body))
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, scrubBody(v, scrub)]));
  return body;
}
