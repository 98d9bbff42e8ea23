// Serves every paginated operation from the generated metadata, each in the style Intercom
// uses for it (cursor, search body, page number in the query or the body, next link, scroll), over a
// list of `count` items.
import { paginatedOperations } from "../../generated/metadata.js";
import { decodeCursor, encodeCursor } from "../../src/testing/state.js";
import type { FakeIntercom, RecordedRequest, Reply } from "./fake-intercom.js";

export interface ListItem {
  type: string;
  id: string;
  name: string;
}

/** Items number from+1 … from+count, built on demand so that a 100,000-item list costs nothing. */
export function makeItems(count: number, prefix = "item", from = 0): ListItem[] {
  return Array.from({ length: Math.max(0, count) }, (_, k) => ({
    type: prefix,
    id: `${prefix}-${from + k + 1}`,
    name: `${prefix} ${from + k + 1}`,
  }));
}

const decode = (cursor: string | null | undefined) => {
  const index = decodeCursor(cursor);
  if (index === undefined) throw new Error(`bad cursor ${cursor}`);
  return index;
};

function nest(path: readonly string[], items: unknown[]): Record<string, unknown> {
  const [head, ...rest] = path;
  if (!head) throw new Error("empty items path");
  return { [head]: rest.length ? nest(rest, items) : items };
}

export interface ListOptions {
  /** Items per path; default 25. */
  count?: number | ((path: string) => number);
  /** Items per page when the request does not say; default 10. */
  defaultPerPage?: number;
  /** Lets a test build the next link's origin (e.g. a foreign host). */
  linkOrigin?: () => string;
  /** Turns each generated item into what the page carries (the benchmark sends whole contacts). */
  item?: (item: ListItem) => unknown;
}

export function installLists(fake: FakeIntercom, options: ListOptions = {}): void {
  const perPageDefault = options.defaultPerPage ?? 10;
  const scrollPositions = new Map<string, number>();
  let scrolls = 0;
  for (const [template, meta] of Object.entries(paginatedOperations)) {
    const page = (request: RecordedRequest): Reply => {
      const total = typeof options.count === "function" ? options.count(template) : (options.count ?? 25);
      const body = (request.json ?? {}) as {
        pagination?: { per_page?: number; starting_after?: string };
        page?: number;
        per_page?: number;
      };
      const perPage = Number(
        request.query.get("per_page") ?? body.pagination?.per_page ?? body.per_page ?? perPageDefault,
      );
      const totalPages = Math.ceil(total / perPage);
      let start = 0;
      const extra: Record<string, unknown> = {};
      switch (meta.style) {
        case "cursor":
          start = decode(request.query.get("starting_after"));
          break;
        case "search":
          start = decode(body.pagination?.starting_after);
          break;
        case "page":
          start = (Number(request.query.get("page") ?? 1) - 1) * perPage;
          break;
        // From 2.16 on: a POST with the page number in its JSON body.
        case "body-page" as typeof meta.style:
          start = ((body.page ?? 1) - 1) * perPage;
          break;
        case "link":
          start = Number(request.query.get("offset") ?? 0);
          break;
        case "scroll":
          {
            // As Intercom does: one scroll_param for the whole scroll, the position kept server-side.
            const param = request.query.get("scroll_param") ?? `scroll-${++scrolls}`;
            start = scrollPositions.get(param) ?? 0;
            scrollPositions.set(param, start + perPage);
            extra["scroll_param"] = param;
            break;
          }
          break;
      }
      const slice = makeItems(Math.min(perPage, total - start), meta.operationId, start);
      const end = start + slice.length;
      const items = options.item ? slice.map(options.item) : slice;
      const more = end < total;
      const pageNumber = Math.floor(start / perPage) + 1;
      const pages: Record<string, unknown> = {
        type: "pages",
        page: pageNumber,
        per_page: perPage,
        total_pages: totalPages,
      };
      if ((meta.style === "cursor" || meta.style === "search") && more) {
        pages["next"] = { per_page: perPage, starting_after: encodeCursor(end) };
      }
      if (meta.style === "link") {
        const next = new URL(request.url);
        const origin = options.linkOrigin?.() ?? new URL(request.url).origin;
        next.searchParams.set("offset", String(end));
        pages["next"] = more ? `${origin}${next.pathname}${next.search}` : null;
      }
      return {
        json: { type: "list", total_count: total, pages, ...extra, ...nest(meta.items, items) },
      };
    };
    fake.on(meta.method, template, page);
  }
}
