// Compile-time proof (run by `tsc -p tsconfig.json` in `npm test`) that src/fetch-types.ts still
// says what openapi-fetch's own types say, for real operations of the generated spec. A drift after
// an openapi-fetch upgrade makes one of these `true` annotations a type error.
import type * as openapiFetch from "openapi-fetch";
import type * as ours from "../src/fetch-types.js";
import type { paths } from "../generated/schema.js";
import type { PageOf, PaginatedPath } from "../generated/entry.js";
import type { paginatedOperations } from "../generated/metadata.js";
import type { SuccessResponseJSON } from "openapi-typescript-helpers";

type IsAny<T> = 0 extends 1 & T ? true : false;
// Mutual assignability, and `any` on either side is a difference (it would be assignable to all).
type Same<A, B> =
  IsAny<A> extends true
    ? IsAny<B>
    : IsAny<B> extends true
      ? false
      : [A] extends [B]
        ? [B] extends [A]
          ? true
          : false
        : false;
type Media = `${string}/${string}`;
type PageOp<P extends PaginatedPath> = paths[P][(typeof paginatedOperations)[P]["method"] & keyof paths[P]];
/** Our PageOf against what it replaced (openapi-fetch's helper over the operation). */
type SamePage<P extends PaginatedPath> = Same<
  PageOf<P>,
  SuccessResponseJSON<PageOp<P> & Record<string | number, unknown>>
>;

type Assignable<A, B> = [A] extends [B] ? true : false;
type SameInit<P extends keyof paths, M extends keyof paths[P]> = Same<
  ours.MaybeOptionalInit<paths[P], M>,
  openapiFetch.MaybeOptionalInit<paths[P], M>
>;
// openapi-fetch's Writable<> turns a `Record<string, never>` body field into
// `{ [x: string]: undefined }`; ours keeps the schema's type, so our init is only narrower there.
type NarrowerInit<P extends keyof paths, M extends keyof paths[P]> = Assignable<
  ours.MaybeOptionalInit<paths[P], M>,
  openapiFetch.MaybeOptionalInit<paths[P], M>
>;
type SameResponse<P extends keyof paths, M extends keyof paths[P], Options> = Same<
  ours.FetchResponse<paths[P][M] & Record<string | number, unknown>, Options, Media>,
  openapiFetch.FetchResponse<paths[P][M] & Record<string | number, unknown>, Options, Media>
>;

export const checks: [
  Same<ours.Middleware, openapiFetch.Middleware>,
  Same<ours.MiddlewareCallbackParams, openapiFetch.MiddlewareCallbackParams>,
  Same<ours.HeadersOptions, openapiFetch.HeadersOptions>,
  Same<ours.QuerySerializerOptions, openapiFetch.QuerySerializerOptions>,
  Same<ours.ParseAs, openapiFetch.ParseAs>,
  SameInit<"/me", "get">,
  SameInit<"/contacts", "get">,
  SameInit<"/contacts", "post">,
  SameInit<"/contacts/{id}", "get">,
  NarrowerInit<"/contacts/{id}", "put">,
  SameInit<"/contacts/{id}/notes", "post">,
  SameInit<"/conversations/search", "post">,
  SameResponse<"/me", "get", object>,
  SameResponse<"/contacts/{id}", "get", object>,
  SameResponse<"/contacts/{id}", "get", { parseAs: "text" }>,
  SameResponse<"/contacts/{id}", "get", { parseAs: "stream" }>,
  SameResponse<"/contacts", "post", { body: { email: string } }>,
  SameResponse<"/conversations/search", "post", object>,
  // An empty 2xx, and a delete with several error statuses.
  SameResponse<"/events", "post", object>,
  SameResponse<"/tags/{id}", "delete", object>,
  SamePage<"/contacts">,
  SamePage<"/conversations">,
  SamePage<"/contacts/search">,
  SamePage<"/articles/search">,
  SamePage<"/companies/scroll">,
  SamePage<"/events">,
] = [
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
  true,
];

// The harness itself: different operations are told apart.
// @ts-expect-error the init of GET /contacts/{id} (a required path param) is not that of GET /me
export const control: Same<
  ours.MaybeOptionalInit<paths["/contacts/{id}"], "get">,
  openapiFetch.MaybeOptionalInit<paths["/me"], "get">
> = true;
