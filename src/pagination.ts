// One algorithm for every paginated operation, walked as the generated paginationWalks describes it.
import type { OkStatus } from "openapi-typescript-helpers";
import type { StatusContent } from "./fetch-types.js";
import { IntercomError, IntercomPaginationError, type PageCursor } from "./errors.js";
import { isRecord } from "./internal/values.js";
import type { Api } from "./version.js";

export type { PageCursor } from "./errors.js";

// Every type takes the version's Api first (src/version.ts); an entry point binds it.
export type PaginatedPath<A extends Api> = keyof A["paginated"] & keyof A["paths"] & string;
export type PaginationStyle<A extends Api> = A["paginated"][PaginatedPath<A>]["style"];
type OperationOf<A extends Api, P extends PaginatedPath<A>> = A["paths"][P][A["paginated"][P]["method"] &
  keyof A["paths"][P]];

// The value at a path of keys; over a union, only the members with that path count (the list branch).
type At<T, Keys extends readonly string[]> = Keys extends readonly [
  infer Head extends string,
  ...infer Rest extends string[],
]
  ? T extends unknown
    ? Head extends keyof NonNullable<T>
      ? At<NonNullable<T>[Head], Rest>
      : never
    : never
  : T;

/** The typed body of one page of `P`. */
export type PageOf<A extends Api, P extends PaginatedPath<A>> = StatusContent<
  OperationOf<A, P>,
  `${string}/json`,
  OkStatus
>;
/** The type of one item of `P`. */
export type ItemOf<A extends Api, P extends PaginatedPath<A>> =
  NonNullable<At<PageOf<A, P>, A["paginated"][P]["items"]>> extends readonly (infer I)[] ? I : never;

export interface PaginateOptions {
  /** Stop after this many items, without requesting a further page. @default no limit */
  maxItems?: number;
  /** Request at most this many pages, then throw an IntercomPaginationError that resumes. @default no cap */
  maxPages?: number;
  /** Resume from a cursor (paginator.cursor, page.nextCursor, error.cursor). @default { first: true } */
  cursor?: PageCursor;
}

export interface Page<A extends Api, P extends PaginatedPath<A>> {
  data: PageOf<A, P>;
  /** This page's items, less any skipped by a resume cursor and any beyond maxItems. */
  items: ItemOf<A, P>[];
  response: Response;
  /** Where this page's items start. */
  cursor: PageCursor;
  /** Where the walk goes on after this page's items, or undefined when there is nothing more. */
  nextCursor: PageCursor | undefined;
}

/** What a paginator needs from the client: one call, with typed errors already thrown. */
export interface PageFetcher {
  fetchPage(method: string, path: string, init: PageRequest): Promise<{ data: unknown; response: Response }>;
  /** Follows a `pages.next` link, only if it is under the configured baseUrl. */
  fetchLink(next: string, init: PageRequest): Promise<{ data: unknown; response: Response }>;
  /** The text with the access token removed (a server may echo it into pages.next). */
  scrub(text: string): string;
}

export interface PageRequest {
  params?: Partial<Record<"path" | "query" | "header", Record<string, unknown>>>;
  body?: unknown;
  [key: string]: unknown;
}

/** One pagination style: its cursor's key, how a cursor goes into a request, how the next is read. */
interface Style {
  key: "starting_after" | "page" | "next" | "scroll_param";
  /** The request for the page at `position` (never `first`; a link is followed, not built). */
  request(init: PageRequest, position: Record<string, unknown>): PageRequest;
  /** The next page's cursor, read from this page alone: the last page never costs a request. */
  next(page: PageBody, current: PageCursor, itemCount: number, operation: string): PageCursor | undefined;
  /** A scroll: the same cursor comes back for every page (not a loop), and no page can be asked for twice. */
  scroll?: true;
}

/** A page's JSON body, and its `pages` object (empty when it has none). */
type PageBody = { body: Record<string, unknown>; pages: Record<string, unknown> };

const inQuery = (init: PageRequest, position: Record<string, unknown>): PageRequest => ({
  ...init,
  params: { ...init.params, query: { ...init.params?.query, ...position } },
});

const startingAfter: Style["next"] = ({ pages }, _current, _count, operation) => {
  const next = pages["next"];
  const after = isRecord(next) ? next["starting_after"] : undefined;
  if (typeof after === "string" && after !== "") return { starting_after: after };
  // A link in a starting_after list: stopping would drop the rest silently, following it would guess.
  if (typeof next === "string" && next !== "") {
    throw new IntercomPaginationError(
      `${operation}: pages.next is a URL, but this list pages by starting_after; the rest is not ` +
        `fetched (the generated metadata does not flag it as a link list)`,
    );
  }
  const { page, total_pages: total } = pages;
  if (typeof page === "number" && typeof total === "number" && page < total) {
    throw new IntercomPaginationError(
      `${operation}: page ${page} of ${total} came without pages.next.starting_after; cannot continue ` +
        `without skipping results`,
    );
  }
  return undefined;
};

const nextLink = ({ pages: { next } }: PageBody): PageCursor | undefined =>
  typeof next === "string" && next !== "" ? { next } : undefined;

/** A link carries path and query: only the caller's other options (signal, headers, …) go with it. */
const followLink = ({ params, body: _body, ...options }: PageRequest): PageRequest =>
  params?.header ? { ...options, params: { header: params.header } } : options;

/** The next page number, from pages.page and pages.total_pages (or pages.next when there is no total). */
function nextPage({ pages }: PageBody, current: PageCursor): PageCursor | undefined {
  const page = typeof pages["page"] === "number" ? pages["page"] : "page" in current ? current.page : 1;
  const total = pages["total_pages"];
  if (typeof total === "number") return page < total ? { page: page + 1 } : undefined;
  return pages["next"] ? { page: page + 1 } : undefined;
}

const inBody = (init: PageRequest, fields: Record<string, unknown>): PageRequest => ({
  ...init,
  body: { ...(isRecord(init.body) ? init.body : {}), ...fields },
});

// Every style a version's metadata may name (body-page appears from 2.16 on).
const STYLES: Record<"cursor" | "search" | "page" | "body-page" | "link" | "scroll", Style> = {
  cursor: { key: "starting_after", request: inQuery, next: startingAfter },
  // Search endpoints take the cursor in the JSON body's `pagination`.
  search: {
    key: "starting_after",
    request(init, position) {
      const pagination = isRecord(init.body) ? init.body["pagination"] : undefined;
      return inBody(init, { pagination: { ...(isRecord(pagination) ? pagination : {}), ...position } });
    },
    next: startingAfter,
  },
  page: { key: "page", request: inQuery, next: nextPage },
  // A POST that takes its page number in the JSON body (searchActivityLogs, from 2.16 on).
  "body-page": { key: "page", request: inBody, next: nextPage },
  link: { key: "next", request: followLink, next: nextLink },
  scroll: {
    key: "scroll_param",
    request: inQuery,
    next({ body }, _current, itemCount) {
      const param = body["scroll_param"];
      return itemCount > 0 && typeof param === "string" && param !== "" ? { scroll_param: param } : undefined;
    },
    scroll: true,
  },
};

export class Paginator<A extends Api, P extends PaginatedPath<A>> implements AsyncIterable<ItemOf<A, P>> {
  #cursor: PageCursor | undefined;
  /** How the operation is walked, read from its paginationWalks entry. */
  readonly #walk: { method: string; style: Style; items: string[]; links: boolean };
  readonly #client: PageFetcher;
  readonly #path: P;
  readonly #init: PageRequest;
  readonly #maxItems: number;
  readonly #maxPages: number;

  /** `walks`: how each operation pages (the version's generated paginationWalks). */
  constructor(
    client: PageFetcher,
    path: P,
    init: PageRequest,
    options: PaginateOptions,
    walks: Readonly<Record<string, string>>,
  ) {
    const { cursor, maxItems, maxPages } = options;
    this.#client = client;
    this.#path = path;
    this.#init = init;
    const entry = Object.hasOwn(walks, path) ? walks[path] : undefined;
    if (entry === undefined) {
      throw new IntercomError(`${String(path)} is not a paginated operation; see paginatedOperations`);
    }
    const [method, name, items, url] = entry.split(" ") as [string, keyof typeof STYLES, string, string?];
    const style = STYLES[name];
    // A URL in pages.next is followed (resumed as `{ next }`), but page numbers work behind any baseUrl.
    const links = url !== undefined && style.key !== "page";
    this.#walk = { method, style, items: items.split("."), links };
    if (cursor !== undefined) {
      if (!isRecord(cursor) || !("first" in cursor || style.key in cursor || (links && "next" in cursor))) {
        throw new IntercomError(
          `${path} pages by ${name}; a cursor for it has ${style.key}, got ${JSON.stringify(cursor)}`,
        );
      }
      checkCount("cursor.skip", cursor.skip, 0);
    }
    checkCount("maxItems", maxItems, 0);
    if (maxPages !== Infinity) checkCount("maxPages", maxPages, 1);
    this.#maxItems = maxItems ?? Infinity;
    this.#maxPages = maxPages ?? Infinity;
    this.#cursor = cursor ?? { first: true };
  }

  /** Where to resume: after the last item (or page) handed out, or the failed page; undefined when done. */
  get cursor(): PageCursor | undefined {
    return this.#cursor;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<ItemOf<A, P>> {
    const pages = this.pages();
    // Emptied before each wait for the next page, or the suspended generator keeps the last one alive.
    let page: Page<A, P> | void;
    try {
      for (;;) {
        page = undefined;
        page = (await pages.next()).value;
        if (!page) return;
        const skip = page.cursor.skip ?? 0;
        for (let i = 0; i < page.items.length; i++) {
          this.#cursor = i + 1 < page.items.length ? { ...page.cursor, skip: skip + i + 1 } : page.nextCursor;
          yield page.items[i]!;
        }
      }
    } finally {
      await pages.return();
    }
  }

  /** Yields each page with its typed body, its items and its response. */
  async *pages(): AsyncGenerator<Page<A, P>, void, undefined> {
    let remaining = this.#maxItems;
    let cursor = this.#cursor;
    const seen = new Set<string>();
    let page: Page<A, P> | undefined;
    let requested = 0;
    while (cursor !== undefined && remaining > 0) {
      this.#cursor = cursor;
      if (requested++ >= this.#maxPages) {
        const message = `${this.#path}: the list goes on past maxPages (${this.#maxPages} pages)`;
        throw Object.assign(new IntercomPaginationError(`${message}; resume from error.cursor`), { cursor });
      }
      // eslint-disable-next-line no-useless-assignment -- read by the GC: see the item iterator
      page = undefined;
      page = await this.page(cursor, remaining, seen);
      remaining -= page.items.length;
      this.#cursor = page.nextCursor;
      yield page;
      cursor = page.nextCursor;
    }
  }

  private async page(cursor: PageCursor, remaining: number, seen: Set<string>): Promise<Page<A, P>> {
    let data: unknown, response: Response, all: unknown[], next: PageCursor | undefined;
    const { style, links } = this.#walk;
    // A failure on this page carries its cursor, to retry it from: none of its items was handed out.
    try {
      ({ data, response } = await this.fetch(cursor));
      all = itemsAt(data, this.#walk.items, this.#path);
      const body = isRecord(data) ? data : {};
      const page = { body, pages: isRecord(body["pages"]) ? body["pages"] : {} };
      // An empty page ends the walk whatever total_pages or a new cursor says: they may go on forever.
      if (all.length > 0) {
        next = (links && nextLink(page)) || style.next(page, cursor, all.length, this.#path);
      }
      if (next && !style.scroll) {
        const key = JSON.stringify(next);
        if (seen.has(key)) {
          throw new IntercomPaginationError(
            `${this.#path}: the server returned cursor ${key} twice; stopping`,
          );
        }
        seen.add(key);
      }
    } catch (error) {
      if (error instanceof IntercomError) {
        // The token is scrubbed from message and cursor (a link that echoes it is then not resumable).
        const { scrub } = this.#client;
        error.message = scrub(error.message);
        const entries = Object.entries(cursor).map(([k, v]) => [k, typeof v === "string" ? scrub(v) : v]);
        error.cursor = Object.fromEntries(entries) as PageCursor;
      }
      throw error;
    }
    const skip = cursor.skip ?? 0;
    const available = skip > 0 ? all.slice(skip) : all;
    const items = available.length > remaining ? available.slice(0, remaining) : available;
    // Cut short by maxItems: resume inside this page (a scroll page cannot be fetched twice).
    const nextCursor =
      items.length < available.length && !style.scroll ? { ...cursor, skip: skip + items.length } : next;
    return { data: data as PageOf<A, P>, items: items as ItemOf<A, P>[], response, cursor, nextCursor };
  }

  private fetch(cursor: PageCursor) {
    const { method, style } = this.#walk;
    const { skip: _skip, ...position } = cursor;
    if ("first" in position) return this.#client.fetchPage(method, this.#path, this.#init);
    if ("next" in position) return this.#client.fetchLink(position.next, followLink(this.#init));
    return this.#client.fetchPage(method, this.#path, style.request(this.#init, position));
  }
}

function itemsAt(at: unknown, path: readonly string[], operation: string): unknown[] {
  for (const key of path) at = isRecord(at) ? at[key] : undefined;
  // A page without its items array is not an empty page: ending the walk there would lose items.
  if (!Array.isArray(at)) {
    throw new IntercomPaginationError(
      `${operation}: expected an array at ${path.join(".")} in the response, got ${at === null ? "null" : typeof at}`,
    );
  }
  return at;
}

function checkCount(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new IntercomError(`${name} must be a whole number >= ${min}, got ${String(value)}`);
  }
}
