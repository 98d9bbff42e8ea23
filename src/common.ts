// What every entry point exports whatever its API version: errors, unwrap, options that do not name
// a version, rate-limit and retry types, webhook signatures, regions, defaults. The rest (the client,
// paths, named schemas, pagination and webhook types) is bound per version in
// generated/[<version>/]entry.ts.
export { unwrap } from "./client.js";
export type { ResponseOperation } from "./client.js";
export type { FetchLike, RequestInitOptions, RequestPolicyOptions } from "./options.js";
export type { RateLimitState } from "./rate-limit/headers.js";
export type { RateLimitEvent, RateLimitOptions } from "./rate-limit/pacer.js";
export type { AttemptReport, RateLimitStore, StoreGrant } from "./rate-limit/store.js";
export { defaults } from "./defaults.js";
export * from "./errors.js";
export {
  WEBHOOK_SIGNATURE_HEADER,
  verifyWebhookSignature,
  type WebhookBody,
  type WebhookDeletedItem,
  type WebhookItem,
  type WebhookPing,
} from "./webhooks.js";
export type { PaginateOptions } from "./pagination.js";
export { regions, type Region } from "./regions.js";
export type { RetryOptions } from "./retry.js";
export type * from "./fetch-types.js";
