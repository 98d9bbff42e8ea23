// Types of one operation's parts, by path and method, for code that passes them around:
//   RequestBody<"/contacts", "post">, QueryParams<"/contacts", "get">, PathParams<...>,
//   SuccessResponse<"/contacts/{id}", "get">, PageItem<"/contacts">.
// The schemas themselves have names too (Contact, Conversation…: generated/named-types.ts).
import type { OkStatus, OperationRequestBodyContent } from "openapi-typescript-helpers";
import type { paths } from "../generated/schema.js";
import type { StatusContent } from "./fetch-types.js";
import type { ItemOf, PaginatedPath } from "./pagination.js";

/** The HTTP methods an Intercom path has (`"get" | "post"` for "/contacts"). */
export type MethodsOf<P extends keyof paths> = {
  [M in keyof paths[P]]: M extends "parameters"
    ? never
    : [NonNullable<paths[P][M]>] extends [never]
      ? never
      : M;
}[keyof paths[P]];

type Operation<P extends keyof paths, M extends MethodsOf<P>> = NonNullable<paths[P][M & keyof paths[P]]>;
type OperationParameters<P extends keyof paths, M extends MethodsOf<P>> =
  Operation<P, M> extends { parameters: infer Params } ? Params : never;

/** The JSON body of an operation's request (`never` when it takes none). */
export type RequestBody<P extends keyof paths, M extends MethodsOf<P>> = NonNullable<
  OperationRequestBodyContent<Operation<P, M>>
>;

/** The query parameters of an operation (`never` when it takes none). */
export type QueryParams<P extends keyof paths, M extends MethodsOf<P>> = NonNullable<
  OperationParameters<P, M> extends { query?: infer Query } ? Query : never
>;

/** The path parameters of an operation (`never` when its path has none). */
export type PathParams<P extends keyof paths, M extends MethodsOf<P>> = NonNullable<
  OperationParameters<P, M> extends { path?: infer Path } ? Path : never
>;

/** The body of an operation's 2xx JSON response: the `data` of a successful call. */
export type SuccessResponse<P extends keyof paths, M extends MethodsOf<P>> = StatusContent<
  Operation<P, M>,
  `${string}/json`,
  OkStatus
>;

/** One item of a paginated operation: what `for await (const item of intercom.paginate(P))` yields. */
export type PageItem<P extends PaginatedPath> = ItemOf<P>;
