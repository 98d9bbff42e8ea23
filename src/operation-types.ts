// Types of one operation's parts, by path and method (RequestBody<"/contacts", "post">, …), for code
// that passes them around. Each takes the version's Api first (src/version.ts); an entry point binds
// it. The schemas have names too (Contact…: generated/named-types.ts).
import type { OkStatus, OperationRequestBodyContent } from "openapi-typescript-helpers";
import type { StatusContent } from "./fetch-types.js";
import type { ItemOf, PaginatedPath } from "./pagination.js";
import type { Api } from "./version.js";

type Paths<A extends Api> = A["paths"];

/** The HTTP methods an Intercom path has (`"get" | "post"` for "/contacts"). */
export type MethodsOf<A extends Api, P extends keyof Paths<A>> = {
  // A key whose operation is `never` is a method the path lacks; `parameters` is not a method.
  [M in keyof Paths<A>[P]]: [NonNullable<Paths<A>[P][M]>] extends [never] ? never : Exclude<M, "parameters">;
}[keyof Paths<A>[P]];

type Operation<A extends Api, P extends keyof Paths<A>, M extends MethodsOf<A, P>> = NonNullable<
  Paths<A>[P][M & keyof Paths<A>[P]]
>;
/** The operation's parameters in `In` (`never` when it has none there). */
type OperationParameters<
  A extends Api,
  P extends keyof Paths<A>,
  M extends MethodsOf<A, P>,
  In extends "query" | "path",
> = Operation<A, P, M> extends { parameters: { [K in In]?: infer T } } ? NonNullable<T> : never;

/** The JSON body of an operation's request (`never` when it takes none). */
export type RequestBody<A extends Api, P extends keyof Paths<A>, M extends MethodsOf<A, P>> = NonNullable<
  OperationRequestBodyContent<Operation<A, P, M>>
>;
/** The query parameters of an operation (`never` when it takes none). */
export type QueryParams<
  A extends Api,
  P extends keyof Paths<A>,
  M extends MethodsOf<A, P>,
> = OperationParameters<A, P, M, "query">;
/** The path parameters of an operation (`never` when its path has none). */
export type PathParams<
  A extends Api,
  P extends keyof Paths<A>,
  M extends MethodsOf<A, P>,
> = OperationParameters<A, P, M, "path">;

/** The body of an operation's 2xx JSON response: the `data` of a successful call. */
export type SuccessResponse<
  A extends Api,
  P extends keyof Paths<A>,
  M extends MethodsOf<A, P>,
> = StatusContent<Operation<A, P, M>, `${string}/json`, OkStatus>;

/** One item of a paginated operation: what `for await (const item of intercom.paginate(P))` yields. */
export type PageItem<A extends Api, P extends PaginatedPath<A>> = ItemOf<A, P>;
