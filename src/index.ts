export { createIntercom, unwrap } from "./client.js";
export type { IntercomClient, IntercomMethod, PaginateInit, ResponseOperation } from "./client.js";
export type { ApiVersion, FetchLike, IntercomOptions, RequestPolicyOptions } from "./options.js";
export type { RateLimitState } from "./rate-limit/headers.js";
export type { RateLimitEvent, RateLimitOptions } from "./rate-limit/pacer.js";
export type { AttemptReport, RateLimitStore, StoreGrant } from "./rate-limit/store.js";
export { defaults } from "./defaults.js";
export {
  IntercomError,
  isIntercomError,
  IntercomApiError,
  IntercomBadRequestError,
  IntercomAuthenticationError,
  IntercomPermissionError,
  IntercomNotFoundError,
  IntercomConflictError,
  IntercomUnprocessableEntityError,
  IntercomRateLimitError,
  IntercomServerError,
  IntercomTimeoutError,
  IntercomConnectionError,
  IntercomPaginationError,
  IntercomInvalidResponseError,
  IntercomWebhookError,
  IntercomWebhookSignatureError,
  IntercomWebhookPayloadError,
} from "./errors.js";
export {
  verifyWebhook,
  verifyWebhookRequest,
  verifyWebhookSignature,
  parseWebhookNotification,
  WEBHOOK_SIGNATURE_HEADER,
} from "./webhooks.js";
export type {
  IntercomWebhookNotification,
  WebhookBody,
  WebhookCompanyContact,
  WebhookContactTag,
  WebhookDeletedItem,
  WebhookItem,
  WebhookPing,
  WebhookTopic,
  WebhookTopics,
} from "./webhooks.js";
export type {
  ApiErrorInit,
  AttemptErrorInit,
  ConnectionErrorInit,
  IntercomErrorDetail,
  InvalidResponseErrorInit,
  RequestSummary,
  TimeoutErrorInit,
} from "./errors.js";
export type { Paginator } from "./pagination.js";
export type {
  ItemOf,
  Page,
  PageCursor,
  PageOf,
  PaginatedPath,
  PaginateOptions,
  PaginationStyle,
} from "./pagination.js";
export { regions, type Region } from "./regions.js";
export type { RetryOptions } from "./retry.js";
export { apiVersion, operations, paginatedOperations, servers } from "../generated/metadata.js";
export type { paths, components, operations as operationTypes } from "../generated/schema.js";
/** Every schema by name: Contact, Conversation, Ticket, Company, Admin, Tag, Note, Article, DataEvent… */
export type * from "../generated/named-types.js";
export type {
  MethodsOf,
  PageItem,
  PathParams,
  QueryParams,
  RequestBody,
  SuccessResponse,
} from "./operation-types.js";
export type {
  BodySerializer,
  FetchResponse,
  HeadersOptions,
  MaybeOptionalInit,
  MergedOptions,
  Middleware,
  MiddlewareCallbackParams,
  MiddlewareOnError,
  MiddlewareOnRequest,
  MiddlewareOnResponse,
  MiddlewareRequestParams,
  ParseAs,
  PathSerializer,
  QuerySerializer,
  QuerySerializerOptions,
} from "./fetch-types.js";
