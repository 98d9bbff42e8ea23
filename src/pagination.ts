// One algorithm for every paginated operation. The generated metadata says, per path, which
// method to call, where the items are and how the next page is asked for; this file only walks.
import type { SuccessResponseJSON } from "openapi-typescript-helpers";
import { paginatedOperations } from "../generated/metadata.js";
import type { paths } from "../generated/schema.js";
import { IntercomError, IntercomPaginationError, isRecord, type PageCursor } from "./errors.js";

type Meta = typeof paginatedOperations;
export type PaginatedPath = keyof Meta;
export type PaginationStyle = Meta[PaginatedPath]["style"];
type MethodOf<P extends PaginatedPath> = Meta[P]["method"];
type OperationOf<P extends PaginatedPath> = paths[P][MethodOf<P> & keyof paths[P]];

type At<T, Keys extends readonly string[]> = Keys extends readonly [
  infer Head extends string,
  ...infer Rest extends string[],
]
  ? At<NonNullable<T>[Head & keyof NonNullable<T>], Rest>
  : T;

/** The typed body of one page of `P`. */
export type PageOf<P extends PaginatedPath> = SuccessResponseJSON<
  OperationOf<P> & Record<string | number, unknown>
>;
/** The type of one item of `P`. */
export type ItemOf<P extends PaginatedPath> =
  NonNullable<At<PageOf<P>, Meta[P]["items"]>> extends readonly (infer I)[] ? I : never;

export interface PaginateOptions {
  /** Stop after this many items, without requesting a further page. */
  maxItems?: number;
  /** Resume from a saved cursor (from `page.nextCursor` or from a thrown error's `cursor`). */
  cursor?: PageCursor;
}

export interface Page<P extends PaginatedPath> {
  data: PageOf<P>;
  items: ItemOf<P>[];
  response: Response;
  /** The cursor that fetched this page (undefined for the first page). */
  cursor: PageCursor | undefined;
  /** The cursor of the following page, or undefined on the last page. */
  nextCursor: PageCursor | undefined;
}

/** What a paginator needs from the client: one call, with typed errors already thrown. */
export interface PageFetcher {
  fetchPage(method: string, path: string, init: PageRequest): Promise<{ data: unknown; response: Response }>;
  /** Follows a `pages.next` URL that the caller has checked belongs to the configured origin. */
  fetchLink(url: URL): Promise<{ data: unknown; response: Response }>;
  baseUrl: string;
}

export interface PageRequest {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  body?: unknown;
  [key: string]: unknown;
}

const CURSOR_KEYS: Record<PaginationStyle, string> = {
  cursor: "starting_after",
  search: "starting_after",
  page: "page",
  link: "next",
  scroll: "scroll_param",
};

export class Paginator<P extends PaginatedPath> implements AsyncIterable<ItemOf<P>> {
  #cursor: PageCursor | undefined;

  constructor(
    private readonly client: PageFetcher,
    private readonly path: P,
    private readonly init: PageRequest,
    private readonly options: PaginateOptions,
  ) {
    this.#cursor = options.cursor;
    const style = paginatedOperations[path].style;
    if (options.cursor !== undefined && !(CURSOR_KEYS[style] in options.cursor)) {
      throw new IntercomError(
        `${path} pages by ${style}; a cursor for it has ${CURSOR_KEYS[style]}, got ${JSON.stringify(options.cursor)}`,
      );
    }
    const max = options.maxItems;
    if (max !== undefined && (!Number.isInteger(max) || max < 0)) {
      throw new IntercomError(`maxItems must be a whole number >= 0, got ${String(max)}`);
    }
  }

  /** The cursor of the next page to fetch; after a failure, the cursor of the page that failed. */
  get cursor(): PageCursor | undefined {
    return this.#cursor;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ItemOf<P>> {
    for await (const page of this.pages()) yield* page.items;
  }

  /** Yields each page with its typed body, its items (capped by maxItems) and its response. */
  async *pages(): AsyncGenerator<Page<P>, void, undefined> {
    const meta = paginatedOperations[this.path];
    let remaining = this.options.maxItems ?? Infinity;
    let cursor = this.#cursor;
    let first = cursor === undefined;
    const seen = new Set<string>();
    while (remaining > 0 && (first || cursor !== undefined)) {
      first = false;
      this.#cursor = cursor;
      let result: { data: unknown; response: Response };
      try {
        result = await this.fetch(meta.method, cursor);
      } catch (error) {
        if (error instanceof IntercomError && cursor) error.cursor = cursor;
        throw error;
      }
      const data = result.data;
      const all = itemsAt(data, meta.items, this.path);
      const nextCursor = nextCursorOf(meta.style, data, cursor, all.length, this.path);
      if (nextCursor) {
        const key = JSON.stringify(nextCursor);
        if (seen.has(key)) {
          throw new IntercomPaginationError(
            `${this.path}: the server returned cursor ${key} twice; stopping`,
          );
        }
        seen.add(key);
      }
      const items = all.length > remaining ? all.slice(0, remaining) : all;
      remaining -= items.length;
      this.#cursor = nextCursor;
      yield {
        data: data as PageOf<P>,
        items: items as ItemOf<P>[],
        response: result.response,
        cursor,
        nextCursor,
      };
      cursor = nextCursor;
    }
  }

  private fetch(method: string, cursor: PageCursor | undefined) {
    if (cursor && "next" in cursor) {
      const url = new URL(cursor.next, this.client.baseUrl);
      const base = new URL(this.client.baseUrl);
      if (url.origin !== base.origin) {
        throw new IntercomPaginationError(
          `${this.path}: refusing to follow pages.next to ${url.origin}; it is not the configured origin ${base.origin}`,
        );
      }
      return this.client.fetchLink(url);
    }
    return this.client.fetchPage(
      method,
      this.path,
      withCursor(paginatedOperations[this.path].style, this.init, cursor),
    );
  }
}

function withCursor(style: PaginationStyle, init: PageRequest, cursor: PageCursor | undefined): PageRequest {
  if (!cursor) return init;
  if (style !== "search") {
    return { ...init, params: { ...init.params, query: { ...init.params?.query, ...cursor } } };
  }
  // Search endpoints take the cursor in the JSON body's `pagination`.
  const body = isRecord(init.body) ? init.body : {};
  const pagination = isRecord(body["pagination"]) ? body["pagination"] : {};
  return { ...init, body: { ...body, pagination: { ...pagination, ...cursor } } };
}

function itemsAt(data: unknown, path: readonly string[], operation: string): unknown[] {
  let at: unknown = data;
  for (const key of path) at = isRecord(at) ? at[key] : undefined;
  if (at === undefined || at === null) return [];
  if (!Array.isArray(at)) {
    throw new IntercomPaginationError(`${operation}: expected an array at ${path.join(".")} in the response`);
  }
  return at;
}

/** The next page's cursor, read from this page alone: the last page never costs a request. */
function nextCursorOf(
  style: PaginationStyle,
  data: unknown,
  current: PageCursor | undefined,
  itemCount: number,
  operation: string,
): PageCursor | undefined {
  const body = isRecord(data) ? data : {};
  const pages = isRecord(body["pages"]) ? body["pages"] : {};
  const next = pages["next"];
  switch (style) {
    case "cursor":
    case "search": {
      const after = isRecord(next) ? next["starting_after"] : undefined;
      if (typeof after === "string" && after !== "") return { starting_after: after };
      const page = pages["page"];
      const total = pages["total_pages"];
      if (typeof page === "number" && typeof total === "number" && page < total) {
        throw new IntercomPaginationError(
          `${operation}: page ${page} of ${total} came without pages.next.starting_after; cannot continue ` +
            `without skipping results`,
        );
      }
      return undefined;
    }
    case "page": {
      const page =
        typeof pages["page"] === "number" ? pages["page"] : current && "page" in current ? current.page : 1;
      const total = pages["total_pages"];
      if (typeof total === "number") return page < total ? { page: page + 1 } : undefined;
      return next ? { page: page + 1 } : undefined;
    }
    case "link":
      return typeof next === "string" && next !== "" ? { next } : undefined;
    case "scroll": {
      const param = body["scroll_param"];
      return itemCount > 0 && typeof param === "string" && param !== "" ? { scroll_param: param } : undefined;
    }
  }
}
