export { createIntercom, unwrap } from "./client.js";
export type { IntercomClient, IntercomMethod, PaginateInit, ResponseOperation } from "./client.js";
export type {
  ApiVersion,
  FetchLike,
  IntercomOptions,
  RequestInitOptions,
  RequestPolicyOptions,
} from "./options.js";
export type { RateLimitState } from "./rate-limit/headers.js";
export type { RateLimitEvent, RateLimitOptions } from "./rate-limit/pacer.js";
export type { AttemptReport, RateLimitStore, StoreGrant } from "./rate-limit/store.js";
export { defaults } from "./defaults.js";
export * from "./errors.js";
export * from "./webhooks.js";
export type {
  ItemOf,
  Page,
  PageOf,
  PaginatedPath,
  PaginateOptions,
  PaginationStyle,
  Paginator,
} from "./pagination.js";
export { regions, type Region } from "./regions.js";
export type { RetryOptions } from "./retry.js";
export { apiVersion, operations, paginatedOperations, servers } from "../generated/metadata.js";
export type { paths, components, operations as operationTypes } from "../generated/schema.js";
/** Every schema by name: Contact, Conversation, Ticket, Company, Admin, Tag, Note, Article, DataEvent… */
export type * from "../generated/named-types.js";
export type * from "./operation-types.js";
export type * from "./fetch-types.js";
