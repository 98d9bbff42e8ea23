// What an API version is to the facade: its generated types (`Api`, which the public types are
// generic over) and its generated metadata (`VersionMetadata`, which a client reads at run time).
// Each entry point binds one version: `intercom-fetch` the default, `intercom-fetch/<version>` the
// others (generated/[<version>/]entry.ts). Nothing here imports a version.

/** A paginated operation, as generated/metadata.ts's paginatedOperations describes it. */
interface PaginatedOperation {
  method: string;
  style: string;
  /** Where the items are in a page: a path of keys (["data"], ["conversations"]). */
  items: readonly string[];
}

/** One version's generated types. */
export interface Api {
  /** openapi-typescript's `paths`. */
  paths: object;
  /** `components["schemas"]`: what webhook items are, by schema name. */
  schemas: object;
  /** `typeof paginatedOperations`. */
  paginated: Readonly<Record<string, PaginatedOperation>>;
  /** `typeof apiVersion`. */
  version: string;
  /** The version's WebhookTopics: each topic's `data.item` (openapi/webhook-topics.json). */
  webhooks: object;
}

/** What a client reads of its version at run time (generated/metadata.ts). */
export interface VersionMetadata {
  apiVersion: string;
  /** "method path" of the POSTs that only read: retried like GETs. */
  readOnlyOperations: readonly string[];
  /** How each paginated path is walked (see src/pagination.ts). */
  paginationWalks: Readonly<Record<string, string>>;
}
