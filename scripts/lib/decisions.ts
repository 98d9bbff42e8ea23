// The decisions a maintainer makes about operations, as reviewed data (openapi/decisions.json),
// never code: which POSTs only read (retried like GETs), which lists with `pages` do not page,
// how each list pages (checked by `npm run bump`), and the webhook topics we know.
import { readFile } from "node:fs/promises";
import { join } from "node:path";

type Json = Record<string, unknown>;

export interface Decisions {
  /** operationId → why this POST only reads: retried like a GET (x-intercom-fetch-read-only). */
  readOnlyPosts: Record<string, string>;
  /** operationId → why this POST, though it looks like a read, changes something: never retried. */
  writePosts: Record<string, string>;
  /** operationId → why a response with `pages` is not paginated. */
  notPaginated: Record<string, string>;
  /** operationId → the walk style we reviewed ("cursor", "search", "page", "link", "scroll", "body-page"). */
  pagination: Record<string, string>;
  /** operationId → what the style was checked against (the description's parameters and response). */
  paginationEvidence: Record<string, string>;
  /** Webhook topic → its `data.item`: a schema name, or a src/webhooks.ts shape (Webhook*). */
  webhookTopics: Record<string, string>;
}

class DecisionError extends Error {
  override name = "DecisionError";
}

export async function loadDecisions(root: string): Promise<Decisions> {
  const file = join(root, "openapi", "decisions.json");
  const raw = JSON.parse(await readFile(file, "utf8")) as Partial<Omit<Decisions, "pagination">> & {
    pagination?: Record<string, string | { style: string; evidence: string }>;
  };
  // A walk is a style ("cursor"), or the style with the evidence it was checked against.
  const walks = Object.entries(raw.pagination ?? {});
  const bad = walks.filter(
    ([, w]) => typeof w !== "string" && (typeof w?.style !== "string" || typeof w.evidence !== "string"),
  );
  if (bad.length) {
    throw new DecisionError(
      `${file}: pagination entries are a style or {style, evidence}: ${bad.map(([id]) => id).join(", ")}`,
    );
  }
  const decisions: Decisions = {
    readOnlyPosts: raw.readOnlyPosts ?? {},
    writePosts: raw.writePosts ?? {},
    notPaginated: raw.notPaginated ?? {},
    pagination: Object.fromEntries(walks.map(([id, w]) => [id, typeof w === "string" ? w : w.style])),
    paginationEvidence: Object.fromEntries(
      walks.flatMap(([id, w]) => (typeof w === "string" ? [] : [[id, w.evidence]])),
    ),
    webhookTopics: raw.webhookTopics ?? {},
  };
  const both = Object.keys(decisions.readOnlyPosts).filter((id) => id in decisions.writePosts);
  if (both.length) throw new DecisionError(`${file}: both read-only and write: ${both.join(", ")}`);
  return decisions;
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/**
 * Marks the read-only POSTs (x-intercom-fetch-read-only), which metadata.ts reads. Returns the
 * decided operationIds this spec does not have (a decision for a later or earlier version).
 */
export function markReadOnly(doc: Json, decisions: Decisions): string[] {
  const wanted = new Set(Object.keys(decisions.readOnlyPosts));
  for (const item of Object.values((doc["paths"] ?? {}) as Record<string, Json>)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      const id = operation?.["operationId"];
      if (typeof id !== "string" || !wanted.has(id)) continue;
      if (method !== "post")
        throw new DecisionError(`decisions.json: readOnlyPosts names ${id}, a ${method}`);
      operation!["x-intercom-fetch-read-only"] = true;
      wanted.delete(id);
    }
  }
  return [...wanted];
}
