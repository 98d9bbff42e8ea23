// Derives operation metadata from the (overlaid) spec: the inventory, the servers, and for every
// operation whose response carries `pages` or `scroll_param`, how to walk its pages.
type Json = Record<string, unknown>;

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * How the next page is requested:
 * - cursor: query `starting_after` from `pages.next.starting_after`, or the `pages.next` URL where
 *   the list sends one (nextUrl)
 * - search: body `pagination.starting_after` from `pages.next.starting_after`
 * - page:   query `page`, until `pages.page >= pages.total_pages` (or `pages.next` is absent)
 * - link:   follow the `pages.next` URL
 * - scroll: query `scroll_param` from the response's `scroll_param`, until an empty page
 * - body-page: a POST whose JSON body carries `page` (and `per_page`), until `pages.page >=
 *   pages.total_pages` (2.16's searchActivityLogs). Metadata only: src/pagination.ts cannot walk
 *   it yet, so a version that has such a list needs that runtime support before it ships.
 */
type PaginationStyle = "cursor" | "search" | "page" | "link" | "scroll" | "body-page";

interface PaginationMeta {
  style: PaginationStyle;
  /** Property path from the response body to the array of items. */
  items: string[];
  /** The response's `pages.next` is a URL (a string), not a cursor object: followed as a link. */
  nextUrl?: true;
}

export interface OperationMeta {
  operationId: string;
  method: string;
  path: string;
  tags: string[];
  /** A POST that only reads (x-intercom-fetch-read-only, from openapi/decisions.json): safe to retry. */
  readOnly?: true;
  pagination?: PaginationMeta;
}

export interface NotPaginated {
  [operationId: string]: string;
}

class MetadataError extends Error {
  override name = "MetadataError";
}

function deref(doc: Json, node: unknown): Json {
  let current = node as Json | undefined;
  const seen = new Set<string>();
  while (current && typeof current["$ref"] === "string") {
    const ref = current["$ref"];
    if (seen.has(ref)) throw new MetadataError(`circular $ref ${ref}`);
    seen.add(ref);
    if (!ref.startsWith("#/")) throw new MetadataError(`external $ref not supported: ${ref}`);
    current = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((at, key) => (at as Json | undefined)?.[key], doc) as Json | undefined;
    if (!current) throw new MetadataError(`dangling $ref ${ref}`);
  }
  return current ?? {};
}

/** Properties of an object schema, following $ref and allOf. */
function properties(doc: Json, schema: unknown): Record<string, Json> {
  const resolved = deref(doc, schema);
  const own = (resolved["properties"] ?? {}) as Record<string, Json>;
  const inherited = ((resolved["allOf"] ?? []) as unknown[]).map((part) => properties(doc, part));
  return Object.assign({}, ...inherited, own) as Record<string, Json>;
}

function successSchema(doc: Json, operation: Json): unknown {
  const responses = (operation["responses"] ?? {}) as Record<string, Json>;
  const ok = responses["200"] ?? responses["201"];
  if (!ok) return undefined;
  const content = (deref(doc, ok)["content"] ?? {}) as Record<string, Json>;
  return content["application/json"]?.["schema"];
}

function parameterNames(doc: Json, pathItem: Json, operation: Json, location: string): Set<string> {
  const all = [
    ...((pathItem["parameters"] ?? []) as unknown[]),
    ...((operation["parameters"] ?? []) as unknown[]),
  ].map((p) => deref(doc, p));
  return new Set(all.filter((p) => p["in"] === location).map((p) => String(p["name"])));
}

function requestBodyProperties(doc: Json, operation: Json): Record<string, Json> {
  const body = operation["requestBody"];
  if (!body) return {};
  const content = (deref(doc, body)["content"] ?? {}) as Record<string, Json>;
  const schema = content["application/json"]?.["schema"];
  if (!schema) return {};
  const resolved = deref(doc, schema);
  // Search bodies are `oneOf`/`anyOf` in some versions; any branch declaring pagination counts.
  const branches = [...((resolved["oneOf"] ?? []) as unknown[]), ...((resolved["anyOf"] ?? []) as unknown[])];
  return Object.assign({}, properties(doc, resolved), ...branches.map((b) => properties(doc, b)));
}

function itemsPath(doc: Json, operation: Json, response: Record<string, Json>, id: string): string[] {
  const declared = operation["x-intercom-fetch-items"];
  if (Array.isArray(declared)) return declared.map(String);
  const arrays = Object.entries(response)
    .filter(([, schema]) => deref(doc, schema)["type"] === "array")
    .map(([name]) => name);
  if (arrays.length === 1) return [arrays[0]!];
  throw new MetadataError(
    `${id}: cannot tell which array holds the items (${arrays.join(", ") || "none"}); ` +
      `name it with x-intercom-fetch-items in a fix (openapi/fixes/)`,
  );
}

function paginationOf(
  doc: Json,
  pathItem: Json,
  operation: Json,
  id: string,
): PaginationMeta | "unknown" | undefined {
  // A response that is one of several shapes (GET /events: event.list or event.summary) pages
  // as any of them does.
  const success = deref(doc, successSchema(doc, operation));
  const branches = [...((success["oneOf"] ?? []) as unknown[]), ...((success["anyOf"] ?? []) as unknown[])];
  const response: Record<string, Json> = Object.assign(
    {},
    ...branches.map((b) => properties(doc, b)),
    properties(doc, success),
  );
  if (!("pages" in response) && !("scroll_param" in response)) return undefined;
  const query = parameterNames(doc, pathItem, operation, "query");
  const body = requestBodyProperties(doc, operation);
  const pages = "pages" in response ? properties(doc, response["pages"]) : {};
  const next = pages["next"] ? deref(doc, pages["next"]) : undefined;

  let style: PaginationStyle | undefined;
  if ("scroll_param" in response && query.has("scroll_param")) style = "scroll";
  else if ("pagination" in body) style = "search";
  else if (query.has("starting_after")) style = "cursor";
  else if (query.has("page")) style = "page";
  else if ("page" in body) style = "body-page";
  else if (next?.["type"] === "string") style = "link";
  if (!style) return "unknown";
  const items = itemsPath(doc, operation, response, id);
  return next?.["type"] === "string" ? { style, items, nextUrl: true } : { style, items };
}

export function deriveOperations(doc: Json, notPaginated: NotPaginated): OperationMeta[] {
  const { operations, problems } = collectOperations(doc, notPaginated);
  if (problems.length) throw new MetadataError(problems.join("\n"));
  return operations;
}

/** Every operation, and every problem found on the way (a list that cannot be walked, …). */
export function collectOperations(
  doc: Json,
  notPaginated: NotPaginated,
): { operations: OperationMeta[]; problems: string[] } {
  const operations: OperationMeta[] = [];
  const problems: string[] = [];
  const seenIds = new Set<string>();
  for (const [path, rawItem] of Object.entries((doc["paths"] ?? {}) as Record<string, Json>)) {
    const pathItem = deref(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = pathItem[method] as Json | undefined;
      if (!operation) continue;
      const operationId = String(operation["operationId"] ?? `${method} ${path}`);
      if (seenIds.has(operationId)) problems.push(`duplicate operationId ${operationId}`);
      seenIds.add(operationId);
      const meta: OperationMeta = {
        operationId,
        method,
        path,
        tags: ((operation["tags"] ?? []) as unknown[]).map(String),
        ...(operation["x-intercom-fetch-read-only"] === true ? { readOnly: true as const } : {}),
      };
      const pagination = paginationOf(doc, pathItem, operation, operationId);
      const excused = operationId in notPaginated;
      if (pagination === "unknown" && !excused) {
        problems.push(
          `${operationId} (${method.toUpperCase()} ${path}) returns pages but declares no way to ask ` +
            `for the next one: fix the spec (openapi/fixes/), or list it in openapi/decisions.json's notPaginated with a reason`,
        );
      } else if (pagination && pagination !== "unknown") {
        if (excused)
          problems.push(
            `${operationId} is paginated (${pagination.style}) but listed in decisions.json's notPaginated`,
          );
        meta.pagination = pagination;
      } else if (!pagination && excused) {
        problems.push(
          `${operationId} is listed in decisions.json's notPaginated but has no pages in its response`,
        );
      }
      operations.push(meta);
    }
  }
  const paginatedPaths = operations.filter((o) => o.pagination).map((o) => o.path);
  const twice = paginatedPaths.filter((p, i) => paginatedPaths.indexOf(p) !== i);
  if (twice.length) problems.push(`more than one paginated method on ${twice.join(", ")}`);
  operations.sort((a, b) =>
    a.path === b.path ? a.method.localeCompare(b.method) : a.path.localeCompare(b.path),
  );
  return { operations, problems };
}

/** Maps the spec's servers to regions: api.intercom.io is US, api.<region>.intercom.io the rest. */
export function deriveServers(doc: Json): Record<string, string> {
  const servers = ((doc["servers"] ?? []) as Json[]).map((s) => String(s["url"]));
  const regions: Record<string, string> = {};
  for (const url of servers) {
    const match = /^https:\/\/api\.(?:([a-z]{2})\.)?intercom\.io\/?$/.exec(url);
    if (!match) throw new MetadataError(`unexpected server URL in the spec: ${url}`);
    regions[match[1] ?? "us"] = url.replace(/\/$/, "");
  }
  for (const region of ["us", "eu", "au"]) {
    if (!regions[region]) throw new MetadataError(`the spec's servers have no ${region} host`);
  }
  return regions;
}
