// The types that tie a fake's handler to Intercom's API: a path and method of the generated
// `paths`, the request as it arrived, and an answer whose JSON, on a success status, is the
// operation's response type (anything else is a compile error).
import type { Api } from "../../generated/entry.js";
import type { paths } from "../../generated/schema.js";
import type * as Operation from "../operation-types.js";
import type { AnswerFault, RecordedRequest } from "./engine.js";

// The kit is typed for the default version (generated/entry.ts's Api).
type MethodsOf<P extends keyof paths> = Operation.MethodsOf<Api, P>;
type PathParams<P extends keyof paths, M extends MethodsOf<P>> = Operation.PathParams<Api, P, M>;
type SuccessResponse<P extends keyof paths, M extends MethodsOf<P>> = Operation.SuccessResponse<Api, P, M>;

/** The methods a handler can be registered for. */
export type FakeMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The paths of Intercom's API that have `M` (`"/contacts/{id}"` for `"GET"`). */
export type FakePath<M extends FakeMethod> = {
  [P in keyof paths]: Lowercase<M> extends MethodsOf<P> ? P : never;
}[keyof paths];

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type StatusOf<Hundreds extends number> = `${Hundreds}${Digit}${Digit}` extends infer S
  ? S extends `${infer N extends number}`
    ? N
    : never
  : never;

/** 200 to 299: the statuses whose JSON must be the operation's response type. */
export type SuccessStatus = StatusOf<2>;
/** Every other status, 100 to 599 (errors carry any JSON: Intercom's `error.list`, usually). */
export type OtherStatus = StatusOf<1 | 3 | 4 | 5>;

type Method<P extends keyof paths, M extends FakeMethod> = Lowercase<M> & MethodsOf<P>;

/** A request to a handler: as recorded, with the path's parameters by name. */
export interface FakeRequest<
  P extends keyof paths = keyof paths,
  M extends FakeMethod = FakeMethod,
> extends RecordedRequest {
  params: [PathParams<P, Method<P, M>>] extends [never]
    ? Record<string, string>
    : { [K in keyof PathParams<P, Method<P, M>> & string]: string };
}

/** T with its arrays readonly (deeply): what `const` inference makes of a handler's array literals,
 * awaited or not. A mutable value is assignable to it too. */
type ReadonlyArrays<T> = T extends readonly (infer U)[]
  ? readonly ReadonlyArrays<U>[]
  : T extends object
    ? { [K in keyof T]: ReadonlyArrays<T[K]> }
    : T;

/** Any JSON value (the body of an answer that is not a success). */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue | undefined };

interface AnswerCommon {
  headers?: Record<string, string>;
  /** Spoils the answer after the handler ran (its change is applied): a reset, a truncated or slow body. */
  fault?: AnswerFault;
}

/**
 * A handler's answer: the operation's JSON on a 2xx (200 unless `status` says), any JSON on another
 * status (Intercom's `error.list`, usually), a raw `text` body on any status, or no body.
 */
export type FakeReply<P extends keyof paths, M extends FakeMethod> =
  | (AnswerCommon & {
      status?: SuccessStatus;
      json: ReadonlyArrays<SuccessResponse<P, Method<P, M>>>;
      text?: never;
    })
  | (AnswerCommon & { status: OtherStatus; json?: JsonValue; text?: never })
  | (AnswerCommon & { status?: number; text: string; json?: never })
  | (AnswerCommon & { status?: number; json?: never; text?: never });

/** Every operation's reply type, precomputed, for `on`'s constraint. */
type ReplyMap = { [M in FakeMethod]: { [P in FakePath<M>]: FakeReply<P, M> } };

/**
 * FakeIntercom's `on`: a handler for a method and path of Intercom's API. Its reply is inferred as
 * written (`const R`, so that `type: "list"` stays a literal) and must satisfy the operation's type.
 */
export type OnFunction<This> = <M extends FakeMethod, P extends FakePath<M>, const R extends ReplyMap[M][P]>(
  method: M,
  path: P,
  handler: (request: FakeRequest<P, M>) => R | Promise<R>,
) => This;
