// Every default of the client, in one place. README "Defaults" explains each choice.
import { apiVersion } from "../generated/metadata.js";

export const SDK_NAME = "intercom-fetch";
export const SDK_VERSION = "0.1.0";

export const defaults = {
  /** Intercom-Version header: the version the types were generated from. */
  version: apiVersion,
  region: "us",
  /** Per attempt, covering connect, headers and the whole body. */
  timeoutMs: 30_000,
  /** The largest response body read (a stream, `parseAs: "stream"`, is not read). */
  maxResponseBytes: 64 * 1024 * 1024,
  retry: {
    /** Retries after the first attempt; 0 disables retries. */
    maxRetries: 2,
    /** Exponential backoff: initialDelayMs * 2^(retry-1), capped, with equal jitter. */
    initialDelayMs: 500,
    maxDelayMs: 8_000,
    /** A server-requested wait (Retry-After / X-RateLimit-Reset) above this fails fast instead. */
    maxRetryAfterMs: 30_000,
    /** POST and PATCH are retried on 5xx, timeouts and connection errors only when set. */
    retryNonIdempotent: false,
  },
  rateLimit: {
    /** The longest wait for a shared store (Redis) before pacing goes on in-process. */
    storeTimeoutMs: 500,
    /** How often a failed shared store is tried again. */
    storeRetryMs: 1_000,
  },
} as const;
