// openapi-fetch 0.17's request, response and middleware types (MIT, openapi-ts/openapi-typescript),
// restated so that our declarations never load openapi-fetch's .d.ts: its `Client` costs every
// consumer's tsc (skipLibCheck false) about 20,000 types and 0.8 s on 2 cores (bench/typecheck.ts),
// and the facade never exposes it. test/fetch-types.check.ts proves these the same as openapi-fetch's.
import type {
  ErrorStatus,
  FilterKeys,
  GetResponseContent,
  IsOperationRequestBodyOptional,
  MediaType,
  OkStatus,
  OperationRequestBodyContent,
  RequiredKeysOf,
  ResponseObjectMap,
} from "openapi-typescript-helpers";

// openapi-fetch's Writable<>/Readable<> (deep mapped types) strip the markers of openapi-typescript's
// --read-write-markers, which our codegen does not use: they are the identity here, so are dropped.

export type HeadersOptions =
  | Required<RequestInit>["headers"]
  | Record<string, string | number | boolean | (string | number | boolean)[] | null | undefined>;

export type QuerySerializer<T> = (
  query: [T] extends [{ parameters: { query?: infer Query } }] ? NonNullable<Query> : Record<string, unknown>,
) => string;

export interface QuerySerializerOptions {
  array?: { style: "form" | "spaceDelimited" | "pipeDelimited"; explode: boolean };
  object?: { style: "form" | "deepObject"; explode: boolean };
  allowReserved?: boolean;
}

export type BodySerializer<T> = (body: OperationRequestBodyContent<T>) => unknown;
export type PathSerializer = (pathname: string, pathParams: Record<string, unknown>) => string;

interface BodyType<T = unknown> {
  json: T;
  text: string;
  blob: Blob;
  arrayBuffer: ArrayBuffer;
  stream: Response["body"];
}
export type ParseAs = keyof BodyType;
type ParseAsResponse<T, Options> = Options extends { parseAs: ParseAs } ? BodyType<T>[Options["parseAs"]] : T;

// Not distributive ([T] extends [...]): the same as openapi-fetch's for one operation, but tsc applies
// it to the union of every path's operation, and distributing cost one evaluation per path per call.
type ParamsOption<T> = [T] extends [{ parameters: infer Parameters }]
  ? RequiredKeysOf<Parameters> extends never
    ? { params?: Parameters }
    : { params: Parameters }
  : { params?: { query?: Record<string, unknown> } };

type RequestBodyOption<T> =
  OperationRequestBodyContent<T> extends never
    ? { body?: never }
    : IsOperationRequestBodyOptional<T> extends true
      ? { body?: OperationRequestBodyContent<T> }
      : { body: OperationRequestBodyContent<T> };

type FetchOptions<T> = ParamsOption<T> &
  RequestBodyOption<T> &
  Omit<RequestInit, "body" | "headers"> & {
    baseUrl?: string;
    querySerializer?: QuerySerializer<T> | QuerySerializerOptions;
    bodySerializer?: BodySerializer<T>;
    pathSerializer?: PathSerializer;
    parseAs?: ParseAs;
    fetch?: (input: Request) => Promise<Response>;
    headers?: HeadersOptions;
    middleware?: Middleware[];
  };

/** The init argument of a call: optional when nothing in it is required. Only `params` and `body`
 * can be, so only they are looked at (openapi-fetch tests each of RequestInit's keys per call). */
export type MaybeOptionalInit<Params, Location extends keyof Params> =
  RequiredKeysOf<
    ParamsOption<FilterKeys<Params, Location>> & RequestBodyOption<FilterKeys<Params, Location>>
  > extends never
    ? FetchOptions<FilterKeys<Params, Location>> | undefined
    : FetchOptions<FilterKeys<Params, Location>>;

// openapi-fetch's SuccessResponse/ErrorResponse distribute over every status code (8 and 50); starting
// from the codes the operation declares gives the same union for a third fewer instantiations.
export type StatusContent<T, Media extends MediaType, Codes> =
  ResponseObjectMap<T> extends infer Responses extends Record<string | number, unknown>
    ? GetResponseContent<Responses, Media, Extract<keyof Responses, Codes>>
    : never;

/** The `{ data, error, response }` result of a call. */
export type FetchResponse<T extends Record<string | number, unknown>, Options, Media extends MediaType> =
  | { data: ParseAsResponse<StatusContent<T, Media, OkStatus>, Options>; error?: never; response: Response }
  | { data?: never; error: StatusContent<T, Media, ErrorStatus>; response: Response };

export interface MergedOptions<T = unknown> {
  baseUrl: string;
  parseAs: ParseAs;
  querySerializer: QuerySerializer<T>;
  bodySerializer: BodySerializer<T>;
  pathSerializer: PathSerializer;
  fetch: typeof globalThis.fetch;
}

export interface MiddlewareRequestParams {
  query?: Record<string, unknown>;
  header?: Record<string, unknown>;
  path?: Record<string, unknown>;
  cookie?: Record<string, unknown>;
}

export interface MiddlewareCallbackParams {
  /** Current Request object */
  request: Request;
  /** The original OpenAPI schema path (including curly braces) */
  readonly schemaPath: string;
  /** OpenAPI parameters as provided from openapi-fetch */
  readonly params: MiddlewareRequestParams;
  /** Unique ID for this request */
  readonly id: string;
  /** createClient options (read-only) */
  readonly options: MergedOptions;
}

export type MiddlewareOnRequest = (
  options: MiddlewareCallbackParams,
) => void | Request | Response | undefined | Promise<Request | Response | undefined | void>;
export type MiddlewareOnResponse = (
  options: MiddlewareCallbackParams & { response: Response },
) => void | Response | undefined | Promise<Response | undefined | void>;
export type MiddlewareOnError = (
  options: MiddlewareCallbackParams & { error: unknown },
) => void | Response | Error | Promise<void | Response | Error>;

/** openapi-fetch middleware (`intercom.use(...)`): at least one of the three hooks. */
export type Middleware =
  | { onRequest: MiddlewareOnRequest; onResponse?: MiddlewareOnResponse; onError?: MiddlewareOnError }
  | { onRequest?: MiddlewareOnRequest; onResponse: MiddlewareOnResponse; onError?: MiddlewareOnError }
  | { onRequest?: MiddlewareOnRequest; onResponse?: MiddlewareOnResponse; onError: MiddlewareOnError };
