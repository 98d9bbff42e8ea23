// Types of one operation's parts, by path and method (RequestBody<"/contacts", "post">, …), for code
// that passes them around. The schemas have names too (Contact…: generated/named-types.ts).
import type { OkStatus, OperationRequestBodyContent } from "openapi-typescript-helpers";
import type { paths } from "../generated/schema.js";
import type { StatusContent } from "./fetch-types.js";
import type { ItemOf, PaginatedPath } from "./pagination.js";

/** The HTTP methods an Intercom path has (`"get" | "post"` for "/contacts"). */
export type MethodsOf<P extends keyof paths> = {
  // A key whose operation is `never` is a method the path lacks; `parameters` is not a method.
  [M in keyof paths[P]]: [NonNullable<paths[P][M]>] extends [never] ? never : Exclude<M, "parameters">;
}[keyof paths[P]];

type Operation<P extends keyof paths, M extends MethodsOf<P>> = NonNullable<paths[P][M & keyof paths[P]]>;
/** The operation's parameters in `In` (`never` when it has none there). */
type OperationParameters<P extends keyof paths, M extends MethodsOf<P>, In extends "query" | "path"> =
  Operation<P, M> extends { parameters: { [K in In]?: infer T } } ? NonNullable<T> : never;

/** The JSON body of an operation's request (`never` when it takes none). */
export type RequestBody<P extends keyof paths, M extends MethodsOf<P>> = NonNullable<
  OperationRequestBodyContent<Operation<P, M>>
>;
/** The query parameters of an operation (`never` when it takes none). */
export type QueryParams<P extends keyof paths, M extends MethodsOf<P>> = OperationParameters<P, M, "query">;
/** The path parameters of an operation (`never` when its path has none). */
export type PathParams<P extends keyof paths, M extends MethodsOf<P>> = OperationParameters<P, M, "path">;

/** The body of an operation's 2xx JSON response: the `data` of a successful call. */
export type SuccessResponse<P extends keyof paths, M extends MethodsOf<P>> = StatusContent<
  Operation<P, M>,
  `${string}/json`,
  OkStatus
>;

/** One item of a paginated operation: what `for await (const item of intercom.paginate(P))` yields. */
export type PageItem<P extends PaginatedPath> = ItemOf<P>;
