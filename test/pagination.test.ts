import { readFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  apiVersion,
  createIntercom,
  IntercomPaginationError,
  IntercomServerError,
  paginatedOperations,
  type PageCursor,
  type PaginatedPath,
} from "../src/index.js";
import {
  errorReply,
  startFakeIntercom,
  withFakeIntercom,
  type FakeIntercom,
} from "./support/fake-intercom.js";
import { installLists } from "./support/lists.js";
import { paginationWalks } from "../generated/metadata.js";
import { deref, loadOverlaidSpec, successSchemaProperties } from "./support/spec.js";

const PER_PAGE = 10;
let fake: FakeIntercom;
let total = 25;
let linkOrigin: string | undefined;

beforeAll(async () => {
  fake = await startFakeIntercom();
  installLists(fake, {
    count: () => total,
    defaultPerPage: PER_PAGE,
    linkOrigin: () => linkOrigin ?? fake.url,
  });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.reset();
  total = 25;
  linkOrigin = undefined;
});

const client = () =>
  createIntercom({ token: "t", baseUrl: fake.url, retry: { initialDelayMs: 1, maxDelayMs: 2 } });

/** The smallest valid init for each paginated path: path ids, required query, search query. */
function initFor(path: PaginatedPath): Record<string, unknown> {
  const params: Record<string, Record<string, unknown>> = {};
  const ids = Object.fromEntries([...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, "x1"]));
  if (Object.keys(ids).length) params["path"] = ids;
  if (path === "/events") params["query"] = { type: "user", user_id: "u1" };
  if (path === "/articles/search") params["query"] = { phrase: "getting started" };
  const meta = paginatedOperations[path];
  const body =
    meta.style === "search"
      ? { query: { field: "id", operator: "!=", value: "0" } }
      : path === "/companies/list"
        ? {}
        : undefined;
  return { ...(Object.keys(params).length ? { params } : {}), ...(body ? { body } : {}) };
}

/** The paginator, typed loosely: these tests run one body over all paths, whose item types differ. */
interface AnyPaginator extends AsyncIterable<{ id: string }> {
  readonly cursor: PageCursor | undefined;
  pages(): AsyncIterable<{ items: { id: string }[]; cursor: PageCursor; nextCursor: PageCursor | undefined }>;
}
const paginate = (path: PaginatedPath, extra: Record<string, unknown> = {}): AnyPaginator =>
  (client().paginate as (p: string, i: unknown) => AnyPaginator)(path, { ...initFor(path), ...extra });

const paths = Object.keys(paginatedOperations) as PaginatedPath[];
const requestsToWalk = (path: PaginatedPath, count: number) =>
  Math.max(1, Math.ceil(count / PER_PAGE)) + (paginatedOperations[path].style === "scroll" ? 1 : 0);

describe("every paginated operation", () => {
  it.each(paths)("%s: walks all pages and stops on the last without an extra request", async (path) => {
    const ids: string[] = [];
    for await (const item of paginate(path)) ids.push(item.id);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(ids[24]).toBe(`${paginatedOperations[path].operationId}-25`);
    // 25 items / 10 per page = 3 pages; scroll needs one more request to see the empty page.
    expect(fake.requests).toHaveLength(requestsToWalk(path, 25));
    expect(fake.requests.every((r) => r.method === paginatedOperations[path].method.toUpperCase())).toBe(
      true,
    );
  });

  it.each(paths)("%s: an exact multiple of the page size costs no extra request", async (path) => {
    total = 20;
    let count = 0;
    for await (const _ of paginate(path)) count++;
    expect(count).toBe(20);
    expect(fake.requests).toHaveLength(requestsToWalk(path, 20));
  });

  it.each(paths)("%s: an empty list is one request", async (path) => {
    total = 0;
    let count = 0;
    for await (const _ of paginate(path)) count++;
    expect(count).toBe(0);
    expect(fake.requests).toHaveLength(1);
  });
});

describe("request side of each style", () => {
  it("cursor lists send starting_after and keep the caller's query", async () => {
    for await (const _ of paginate("/contacts", { params: { query: { per_page: 10 } } }));
    expect(fake.requests.map((r) => r.query.get("per_page"))).toEqual(["10", "10", "10"]);
    expect(fake.requests[0]?.query.has("starting_after")).toBe(false);
    expect(fake.requests[1]?.query.get("starting_after")).toBeTruthy();
  });

  it("search lists send the cursor in the body's pagination, keeping the query", async () => {
    const query = { field: "email", operator: "~", value: "example.com" } as const;
    for await (const _ of client().paginate("/contacts/search", {
      body: { query, pagination: { per_page: 10 } },
    }));
    const bodies = fake.requests.map(
      (r) => r.json as { query: unknown; pagination: Record<string, unknown> },
    );
    expect(bodies.every((b) => JSON.stringify(b.query) === JSON.stringify(query))).toBe(true);
    expect(bodies[0]?.pagination).toEqual({ per_page: 10 });
    expect(bodies[2]?.pagination["starting_after"]).toBeTruthy();
  });

  it("page-number lists send page=2, 3 and the POST /companies/list query", async () => {
    for await (const _ of client().paginate("/companies/list", { params: { query: { per_page: 10 } } }));
    expect(fake.requests.map((r) => `${r.method} ${r.query.get("page")}`)).toEqual([
      "POST null",
      "POST 2",
      "POST 3",
    ]);
  });

  it("next links are followed verbatim, keeping required query parameters", async () => {
    for await (const _ of paginate("/events"));
    expect(fake.requests.map((r) => r.query.get("type"))).toEqual(["user", "user", "user"]);
    expect(fake.requests.map((r) => r.query.get("offset"))).toEqual([null, "10", "20"]);
  });
});

describe("resuming is exact", () => {
  const resumable = paths.filter((p) => paginatedOperations[p].style !== "scroll");

  it.each(resumable)(
    "%s: break mid-page, resume from paginator.cursor: no item lost or repeated",
    async (path) => {
      const first = paginate(path);
      const seen: string[] = [];
      for await (const item of first) {
        seen.push(item.id);
        if (seen.length === 13) break;
      }
      const cursor = first.cursor;
      expect(cursor).toMatchObject({ skip: 3 });
      // A cursor is plain JSON: it survives being saved and loaded.
      const saved = JSON.parse(JSON.stringify(cursor)) as PageCursor;
      for await (const item of paginate(path, { cursor: saved })) seen.push(item.id);
      expect(seen).toEqual(
        Array.from({ length: 25 }, (_, i) => `${paginatedOperations[path].operationId}-${i + 1}`),
      );
    },
  );

  it.each(resumable)("%s: maxItems cuts a page; its nextCursor resumes inside that page", async (path) => {
    const ids: string[] = [];
    let resume: PageCursor | undefined;
    for await (const page of (
      paginate(path, { maxItems: 4 }) as unknown as {
        pages(): AsyncIterable<{ items: { id: string }[]; nextCursor: PageCursor | undefined }>;
      }
    ).pages()) {
      ids.push(...page.items.map((i) => i.id));
      resume = page.nextCursor;
    }
    expect(ids).toHaveLength(4);
    expect(fake.requests).toHaveLength(1);
    for await (const item of paginate(path, { cursor: resume })) ids.push(item.id);
    expect(new Set(ids).size).toBe(25);
    expect(ids).toHaveLength(25);
  });

  it("a completed walk leaves no cursor", async () => {
    const paginator = paginate("/contacts");
    for await (const _ of paginator);
    expect(paginator.cursor).toBeUndefined();
  });

  it("scroll follows Intercom's single scroll_param to the empty page", async () => {
    let count = 0;
    for await (const _ of paginate("/companies/scroll")) count++;
    expect(count).toBe(25);
    const params = fake.requests.map((r) => r.query.get("scroll_param"));
    expect(params[0]).toBeNull();
    expect(new Set(params.slice(1)).size).toBe(1);
  });
});

describe("control", () => {
  it("break stops without a further request", async () => {
    for await (const _ of paginate("/contacts")) break;
    expect(fake.requests).toHaveLength(1);
  });

  it("maxItems caps the items and the requests", async () => {
    const ids: string[] = [];
    for await (const item of paginate("/contacts", { maxItems: 15 })) ids.push(item.id);
    expect(ids).toHaveLength(15);
    expect(fake.requests).toHaveLength(2);
    fake.reset();
    for await (const _ of paginate("/contacts", { maxItems: 0 }));
    expect(fake.requests).toHaveLength(0);
    expect(() => paginate("/contacts", { maxItems: -1 })).toThrow(/maxItems/);
    expect(() => client().paginate("/me" as "/contacts")).toThrow(/not a paginated operation/);
  });

  it("pages() yields typed pages with responses and resumable cursors", async () => {
    const intercom = client();
    let saved: PageCursor | undefined;
    for await (const page of intercom.paginate("/contacts").pages()) {
      expect(page.response.status).toBe(200);
      expect(page.data.type).toBe("list");
      expect(page.items).toHaveLength(10);
      saved = page.nextCursor;
      break;
    }
    expect(saved).toEqual({ starting_after: expect.any(String) });
    const rest: string[] = [];
    for await (const contact of intercom.paginate("/contacts", { cursor: saved! }))
      rest.push(String(contact.id));
    expect(rest).toEqual(Array.from({ length: 15 }, (_, i) => `ListContacts-${i + 11}`));
    expect(() => intercom.paginate("/contacts", { cursor: { page: 2 } })).toThrow(
      /a cursor for it has starting_after/,
    );
  });

  it("a page that keeps failing is thrown after the retries, with its cursor for resuming", async () => {
    const fault = { kind: "reply" as const, ...errorReply(503, "service_unavailable", "down") };
    fake.fault({ kind: "pass" }, fault, fault, fault);
    const paginator = paginate("/companies");
    const ids: string[] = [];
    const error = await (async () => {
      for await (const company of paginator) ids.push(company.id);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomServerError);
    expect((error as IntercomServerError).cursor).toEqual({ page: 2 });
    expect(ids).toHaveLength(10);
    expect(fake.requests).toHaveLength(1 + 3);

    const rest: string[] = [];
    for await (const company of paginate("/companies", { cursor: (error as IntercomServerError).cursor }))
      rest.push(company.id);
    expect([...ids, ...rest]).toHaveLength(25);
  });

  it("a failing page that recovers within the retries is invisible", async () => {
    fake.fault({ kind: "pass" }, { kind: "reply", ...errorReply(429, "rate_limit_exceeded", "slow down") });
    let count = 0;
    for await (const _ of paginate("/contacts")) count++;
    expect(count).toBe(25);
    expect(fake.requests).toHaveLength(4);
  });

  it("refuses a next link to another origin, and that origin receives nothing", async () => {
    await withFakeIntercom(async (foreign) => {
      installLists(foreign);
      linkOrigin = foreign.url;
      const ids: string[] = [];
      const error = await (async () => {
        for await (const event of paginate("/events")) ids.push(event.id);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntercomPaginationError);
      expect((error as Error).message).toMatch(/refusing to follow pages.next/);
      expect(ids).toHaveLength(10);
      expect(foreign.requests).toHaveLength(0);
    });
  });

  it("next links keep the caller's headers and signal on every page", async () => {
    const controller = new AbortController();
    for await (const _ of paginate("/events", {
      headers: { "X-Trace": "t-9" },
      signal: controller.signal,
    }));
    expect(fake.requests.map((r) => r.headers["x-trace"])).toEqual(["t-9", "t-9", "t-9"]);

    fake.reset();
    const walk = (async () => {
      for await (const _ of paginate("/events", { signal: controller.signal })) controller.abort();
    })();
    await expect(walk).rejects.toMatchObject({ name: "AbortError" });
    expect(fake.requests).toHaveLength(1);
  });

  it("behind a proxy baseUrl, a next link outside its path prefix is refused", async () => {
    await withFakeIntercom(async (proxy) => {
      proxy.on("GET", "/proxy/events", () => ({
        json: {
          type: "event.summary",
          events: [{ id: "e1" }],
          pages: { next: `${proxy.url}/events?offset=1` },
        },
      }));
      const intercom = createIntercom({ token: "t", baseUrl: `${proxy.url}/proxy` });
      const walk = (async () => {
        for await (const _ of intercom.paginate("/events", {
          params: { query: { type: "user", user_id: "u1" } },
        }));
      })();
      await expect(walk).rejects.toThrow(/outside .*\/proxy/);
      expect(proxy.requests.map((r) => r.path)).toEqual(["/proxy/events"]);
    });
  });

  it("a malformed next link is a pagination error", async () => {
    await withFakeIntercom(async (broken) => {
      broken.on("GET", "/events", () => ({
        json: { type: "event.summary", events: [{}], pages: { next: "http://[x" } },
      }));
      const intercom = createIntercom({ token: "t", baseUrl: broken.url });
      const walk = (async () => {
        for await (const _ of intercom.paginate("/events", {
          params: { query: { type: "user", user_id: "1" } },
        }));
      })();
      await expect(walk).rejects.toThrow(IntercomPaginationError);
    });
  });

  it("a failed search page is retried: search is a read, though it is a POST", async () => {
    fake.fault({ kind: "pass" }, { kind: "reply", ...errorReply(503, "service_unavailable", "blip") });
    let count = 0;
    for await (const _ of paginate("/contacts/search")) count++;
    expect(count).toBe(25);
    expect(fake.requests).toHaveLength(4);
  });

  it("a server that repeats a cursor is stopped, not looped", async () => {
    await withFakeIntercom(async (looping) => {
      looping.on("GET", "/contacts", () => ({
        json: { type: "list", data: [{ id: "a" }], pages: { next: { starting_after: "same" } } },
      }));
      const intercom = createIntercom({ token: "t", baseUrl: looping.url });
      const error = await (async () => {
        for await (const _ of intercom.paginate("/contacts"));
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntercomPaginationError);
      expect(looping.requests).toHaveLength(2);
    });
  });

  it("an empty page ends a page-numbered walk that claims total_pages: 1000 (#10)", async () => {
    await withFakeIntercom(async (server) => {
      server.on("GET", "/companies", (r) => {
        const page = Number(r.query.get("page") ?? 1);
        const data = page === 1 ? [{ id: "a" }, { id: "b" }] : [];
        return { json: { type: "list", data, pages: { page, total_pages: 1000 } } };
      });
      const ids: string[] = [];
      for await (const company of createIntercom({ token: "t", baseUrl: server.url }).paginate("/companies"))
        ids.push(company.id!);
      expect(ids).toEqual(["a", "b"]);
      // Before: 1,000 requests for these 2 items.
      expect(server.requests).toHaveLength(2);
    });
  });

  it("an empty page ends a cursor walk even with a fresh cursor on it (#10)", async () => {
    await withFakeIntercom(async (server) => {
      let served = 0;
      server.on("GET", "/contacts", () => {
        served++;
        // Guard for the old behaviour (a new cursor per empty page, forever): the end, at 50.
        if (served > 50) return { json: { type: "list", data: [], pages: {} } };
        const data = served === 1 ? [{ id: "a" }] : [];
        return { json: { type: "list", data, pages: { next: { starting_after: `c${served}` } } } };
      });
      const ids: string[] = [];
      for await (const contact of createIntercom({ token: "t", baseUrl: server.url }).paginate("/contacts"))
        ids.push(String(contact.id));
      expect(ids).toEqual(["a"]);
      expect(server.requests).toHaveLength(2);
    });
  });

  it("maxPages bounds a scroll that never ends: an IntercomPaginationError with the cursor to resume (#10)", async () => {
    await withFakeIntercom(async (server) => {
      server.on("GET", "/companies/scroll", () => {
        // Guard for the old behaviour (no bound): a 500 after 100 pages.
        if (server.requests.length > 100) return errorReply(500, "server_error", "enough");
        const n = server.requests.length;
        return { json: { type: "list", data: [{ id: `s${n}` }], scroll_param: "same-scroll" } };
      });
      const intercom = createIntercom({ token: "t", baseUrl: server.url, maxRetries: 0 });
      const paginator = intercom.paginate("/companies/scroll", { maxPages: 5 });
      const ids: string[] = [];
      const error = await (async () => {
        for await (const company of paginator) ids.push(company.id!);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IntercomPaginationError);
      expect((error as Error).message).toMatch(/maxPages \(5 pages\)/);
      expect((error as IntercomPaginationError).cursor).toEqual({ scroll_param: "same-scroll" });
      expect(paginator.cursor).toEqual({ scroll_param: "same-scroll" });
      expect(ids).toHaveLength(5);
      expect(server.requests).toHaveLength(5);
      // The option never reaches the request.
      expect(server.requests.every((r) => !r.query.has("maxPages"))).toBe(true);
    });
  });

  it("maxPages that the walk fits in costs nothing; a bad one is refused", async () => {
    // 25 items, 3 pages: the last page is known from itself, so maxPages: 3 does not throw.
    let count = 0;
    for await (const _ of paginate("/contacts", { maxPages: 3 })) count++;
    expect(count).toBe(25);
    fake.reset();
    const error = await (async () => {
      for await (const _ of paginate("/companies", { maxPages: 2 }));
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntercomPaginationError);
    expect((error as IntercomPaginationError).cursor).toEqual({ page: 3 });
    expect(fake.requests).toHaveLength(2);
    for (const bad of [0, -1, 1.5, "5", null]) {
      expect(() => paginate("/contacts", { maxPages: bad }), String(bad)).toThrow(/maxPages/);
    }
  });

  it("a cursor list that claims more pages but gives no cursor is an error, not a silent stop", async () => {
    await withFakeIntercom(async (broken) => {
      broken.on("GET", "/contacts", () => ({
        json: { type: "list", data: [{ id: "a" }], pages: { page: 1, total_pages: 3, next: null } },
      }));
      const intercom = createIntercom({ token: "t", baseUrl: broken.url });
      await expect(
        (async () => {
          for await (const _ of intercom.paginate("/contacts"));
        })(),
      ).rejects.toThrow(IntercomPaginationError);
    });
  });
});

describe("completeness", () => {
  it(`every ${apiVersion} operation whose response has pages or scroll_param is paginated or excused`, async () => {
    const doc = await loadOverlaidSpec(apiVersion);
    const excused = (
      JSON.parse(await readFile("openapi/decisions.json", "utf8")) as { notPaginated: Record<string, string> }
    ).notPaginated;
    const byId = new Map<string, (typeof paginatedOperations)[PaginatedPath]>(
      Object.values(paginatedOperations).map((m) => [m.operationId, m]),
    );
    const withPages: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const props = successSchemaProperties(doc, operation);
        if (!props || !("pages" in props || "scroll_param" in props)) continue;
        const id = String(operation.operationId);
        withPages.push(id);
        const paginated = byId.get(id);
        if (paginated) {
          expect(paginated.method).toBe(method);
          expect(paginatedOperations[path as PaginatedPath]?.operationId).toBe(id);
        } else {
          expect(
            excused[id]?.length ?? 0,
            `${id} has pages but is neither paginated nor excused`,
          ).toBeGreaterThan(20);
        }
      }
    }
    // decisions.json serves every version: count the excused lists that this version has.
    const here = new Set(
      Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => String(o.operationId))),
    );
    expect(withPages.length).toBe(byId.size + Object.keys(excused).filter((id) => here.has(id)).length);
    expect(withPages.length).toBeGreaterThan(15);
  });
});

describe("metadata against the spec", () => {
  // The fake lists above are built from the same metadata the paginator reads, so they cannot catch
  // a wrong items path or style: this checks the metadata against the overlaid spec on its own.
  it("every paginated operation's items path is an array in its response schema, and its style matches its parameters", async () => {
    const doc = await loadOverlaidSpec(apiVersion);
    const checked: string[] = [];
    for (const [path, meta] of Object.entries(paginatedOperations)) {
      const operation = doc.paths[path]?.[meta.method];
      expect(operation, `${meta.method} ${path} is in the spec`).toBeDefined();
      let schema: Record<string, unknown> | undefined = {
        properties: successSchemaProperties(doc, operation!),
      };
      for (const key of meta.items) {
        const properties = schema?.["properties"] as Record<string, unknown> | undefined;
        schema = deref(doc, properties?.[key]);
      }
      expect(schema?.["type"], `${path}: ${meta.items.join(".")} is an array`).toBe("array");

      const query = new Set((operation!.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name));
      const response = successSchemaProperties(doc, operation!) ?? {};
      const bodyProperties = deref(doc, operation!.requestBody?.content?.["application/json"]?.schema)?.[
        "properties"
      ] as Record<string, unknown> | undefined;
      const styleHolds = {
        "body-page": meta.method === "post" && bodyProperties !== undefined && "page" in bodyProperties,
        cursor: query.has("starting_after"),
        page: meta.method === "post" || query.has("page"),
        search: meta.method === "post",
        scroll: "scroll_param" in response && query.has("scroll_param"),
        link: "pages" in response,
      }[meta.style as string];
      expect(styleHolds, `${path} pages by ${meta.style}`).toBe(true);
      checked.push(path);
    }
    expect(checked.length).toBe(Object.keys(paginatedOperations).length);
    expect(checked.length).toBeGreaterThan(15);
  });
});

describe("paginationWalks (the runtime's compact metadata)", () => {
  it("says what paginatedOperations says, and flags exactly the lists whose pages.next is a URL in the spec", async () => {
    const doc = await loadOverlaidSpec(apiVersion);
    expect(Object.keys(paginationWalks)).toEqual(Object.keys(paginatedOperations));
    const flagged: string[] = [];
    for (const [path, meta] of Object.entries(paginatedOperations)) {
      const [method, style, items, url, ...rest] = paginationWalks[path]!.split(" ");
      expect([method, style, items?.split("."), rest]).toEqual([
        meta.method,
        meta.style,
        [...meta.items],
        [],
      ]);
      const response = successSchemaProperties(doc, doc.paths[path]![meta.method]!) ?? {};
      const pages = deref(doc, response["pages"]);
      const next = deref(doc, (pages?.["properties"] as Record<string, unknown> | undefined)?.["next"]);
      expect(url === "url", `${path}: pages.next is a URL`).toBe(next?.["type"] === "string");
      if (url) flagged.push(path);
    }
    // The overlay's live-API evidence: activity logs and articles; GET /events is a link list.
    expect(flagged).toEqual(expect.arrayContaining(["/admins/activity_logs", "/articles", "/events"]));
    expect(flagged).not.toContain("/contacts");
  });

  it("a cursor list not flagged as URL-next refuses a URL in pages.next (typed error, nothing dropped silently), and a resume from one", async () => {
    await withFakeIntercom(async (server) => {
      server.on("GET", "/contacts", () => ({
        json: {
          type: "list",
          data: [{ id: "a" }],
          pages: { type: "pages", next: `${server.url}/contacts?x=1` },
        },
      }));
      const intercom = createIntercom({ token: "t", baseUrl: server.url });
      const ids: string[] = [];
      const walked = (async () => {
        for await (const item of intercom.paginate("/contacts")) ids.push(item.id ?? "");
      })();
      await expect(walked).rejects.toThrow(IntercomPaginationError);
      await expect(walked).rejects.toThrow(/pages.next is a URL, but this list pages by starting_after/);
      // As with the other broken-page errors, the page is refused before its items are handed out.
      expect(ids).toEqual([]);
      expect(server.requests).toHaveLength(1);
      expect(() =>
        intercom.paginate("/contacts", { cursor: { next: `${server.url}/contacts?x=1` } }),
      ).toThrow(/pages by cursor; a cursor for it has starting_after/);
    });
  });
});

describe("a cursor list whose pages.next is a URL (activity logs)", () => {
  it("follows the URL, and resumes from it", async () => {
    await withFakeIntercom(async (server) => {
      const log = (id: string) => ({ id, activity_type: "admin_login_success" });
      server.on("GET", "/admins/activity_logs", (request) => {
        // As the live API answers: `next` is the URL of the next page, not {starting_after}.
        const page = Number(request.query.get("page") ?? "1");
        return {
          json: {
            type: "activity_log.list",
            pages: {
              type: "pages",
              page,
              per_page: 2,
              total_pages: 3,
              next:
                page < 3 ? `${server.url}/admins/activity_logs?created_at_after=1&page=${page + 1}` : null,
            },
            activity_logs: [log(`${page}a`), log(`${page}b`)],
          },
        };
      });
      const intercom = createIntercom({ token: "t", baseUrl: server.url });
      const init = { params: { query: { created_at_after: "1" } } };
      const ids: string[] = [];
      for await (const item of intercom.paginate("/admins/activity_logs", init)) ids.push(item?.id ?? "");
      expect(ids).toEqual(["1a", "1b", "2a", "2b", "3a", "3b"]);
      expect(server.requests.map((r) => r.query.get("page"))).toEqual([null, "2", "3"]);

      let cursor: PageCursor | undefined;
      for await (const page of intercom.paginate("/admins/activity_logs", init).pages()) {
        cursor = page.nextCursor;
        break;
      }
      expect(cursor).toEqual({ next: `${server.url}/admins/activity_logs?created_at_after=1&page=2` });
      const resumed: string[] = [];
      for await (const item of intercom.paginate("/admins/activity_logs", { ...init, cursor })) {
        resumed.push(item?.id ?? "");
      }
      expect(resumed).toEqual(["2a", "2b", "3a", "3b"]);
    });
  });
});

describe("body-page: a POST that takes its page number in the JSON body (2.16's searchActivityLogs)", () => {
  it("walks every page by number, keeping the caller's body, with the walk table a version gives", async () => {
    const { Paginator } = await import("../src/pagination.js");
    const logs = Array.from({ length: 25 }, (_, i) => ({ id: `log-${i + 1}` }));
    fake.on("POST", "/admins/activity_logs/search", (r) => {
      const body = r.json as { page?: number; per_page?: number; created_at_after?: number };
      const page = body.page ?? 1;
      const perPage = body.per_page ?? 10;
      return {
        json: {
          type: "activity_log.list",
          pages: {
            type: "pages",
            next: null,
            page,
            per_page: perPage,
            total_pages: Math.ceil(logs.length / perPage),
          },
          activity_logs: logs.slice((page - 1) * perPage, page * perPage),
        },
      };
    });
    const intercom = createIntercom({ token: "tok_body_page_walk", baseUrl: fake.url });
    const post = intercom.POST as (
      path: string,
      init: unknown,
    ) => Promise<{ data?: unknown; response: Response }>;
    const walks = { "/admins/activity_logs/search": "post body-page activity_logs" };
    const paginator = new Paginator(
      {
        fetchPage: async (_method, path, init) => {
          const { data, response } = await post(path, init);
          return { data, response };
        },
        fetchLink: () => Promise.reject(new Error("not a link list")),
        scrub: (text) => text,
      },
      "/admins/activity_logs/search" as never,
      { body: { created_at_after: 1677253093 } },
      {},
      walks,
    );
    const ids: string[] = [];
    for await (const item of paginator) ids.push((item as { id: string }).id);
    expect(ids).toEqual(logs.map((l) => l.id));
    const bodies = fake.requests.map((r) => r.json);
    expect(bodies).toEqual([
      { created_at_after: 1677253093 },
      { created_at_after: 1677253093, page: 2 },
      { created_at_after: 1677253093, page: 3 },
    ]);
  });
});
