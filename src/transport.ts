// The fetch that openapi-fetch calls: adds auth and version headers, runs each attempt under its
// own timeout, buffers the body inside that timeout, and retries per the policy in retry.ts.
import { IntercomConnectionError, IntercomError, IntercomTimeoutError } from "./errors.js";
import type { Pacer } from "./rate-limit/pacer.js";
import { decideRetry, mayHaveBeenApplied, type AttemptOutcome, type RetryPolicy } from "./retry.js";

export type FetchLike = (input: Request) => Promise<Response>;

export interface TransportConfig {
  token: string;
  /** The configured base URL; the token is only ever sent to its origin. */
  baseUrl: string;
  version: string;
  userAgent: string | undefined;
  /** A custom fetch, given a Request per attempt; undefined calls globalThis.fetch(url, init). */
  fetch: FetchLike | undefined;
  onResponseHeaders: (headers: Headers) => void;
  /** Paces attempts under the app's rate limit; undefined with `rateLimit: false`. */
  pacer: Pacer | undefined;
}

export interface AttemptSettings {
  timeoutMs: number;
  policy: RetryPolicy;
  /** A read sent as POST (the search endpoints): retried like an idempotent method. */
  readOnly?: boolean;
}

/** Statuses whose responses must not carry a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * What openapi-fetch calls. With `handBack`, a 2xx comes back as the network Response itself, read
 * to the end (its text available once through takeBufferedText), instead of a copy with a body:
 * for a call whose body nobody else will read (no middleware, JSON parsed by the facade).
 */
export type Transport = (request: Request, handBack?: boolean) => Promise<Response>;

export function createTransport(config: TransportConfig, settings: AttemptSettings): Transport {
  const origin = new URL(config.baseUrl).origin;
  // request.url is normalised by the URL parser, so the origin check is a prefix check.
  const originPrefix = `${origin}/`;

  return async function intercomFetch(request: Request, handBack = false): Promise<Response> {
    const url = request.url;
    const method = request.method.toUpperCase();
    if (!url.startsWith(originPrefix)) {
      throw new IntercomError(
        `Refusing to send ${method} ${new URL(url).origin}: requests (and the access token) go only ` +
          `to the configured origin ${origin}.`,
      );
    }
    const headers = new Headers(request.headers);
    const asked = headers.get("Intercom-Version");
    if (asked !== null && asked !== config.version) {
      // The types describe one version; another would make every response type a guess.
      throw new IntercomError(
        `Intercom-Version ${asked} requested, but this client is typed for ${config.version}.`,
      );
    }
    headers.set("Intercom-Version", config.version);
    headers.set("Authorization", `Bearer ${config.token}`);
    if (!headers.has("Accept")) headers.set("Accept", "application/json");
    if (config.userAgent && !headers.has("User-Agent")) headers.set("User-Agent", config.userAgent);
    // Read once so that every attempt can send the same bytes.
    const body = request.body ? await request.arrayBuffer() : undefined;
    const callerSignal = request.signal;

    for (let attempt = 1; ; attempt++) {
      callerSignal.throwIfAborted();
      // Rate-limit pacing (src/rate-limit/pacer.ts): wait for the window, then report the response.
      const slot = await config.pacer?.acquire(callerSignal, settings.policy.maxRetryAfterMs);
      // One controller per attempt, aborted by the timer or by the caller's signal (cheaper than
      // AbortSignal.any, and reachable from the timer and the listener for the whole attempt).
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, settings.timeoutMs);
      const onCallerAbort = () => controller.abort(callerSignal.reason);
      callerSignal.addEventListener("abort", onCallerAbort, { once: true });
      const signal = controller.signal;
      let outcome: AttemptOutcome;
      let response: Response | undefined;
      let failure: unknown;
      let attemptRequest: Request | undefined;
      try {
        // Redirects are not followed: Intercom's API does not redirect, so a 3xx comes from a proxy
        // or a misconfiguration, and following it would send the request to a host we did not pick.
        const init: RequestInit = { method, headers, body: body ?? null, signal, redirect: "manual" };
        let received: Response;
        if (config.fetch) {
          // Buffered inside the attempt, so the timeout also covers a body that stalls mid-way;
          // raced against the signal for a custom fetch that ignores it.
          attemptRequest = new Request(url, init);
          received = await untilAborted(
            config.fetch(attemptRequest).then((raw) => settle(raw, handBack)),
            signal,
          );
        } else {
          // The platform's fetch rejects both the call and the body read when the signal aborts.
          const raw = await globalThis.fetch(url, init);
          received = await settle(raw, handBack);
        }
        config.onResponseHeaders(received.headers);
        outcome = { kind: "response", status: received.status, headers: received.headers };
        response = received;
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason;
        failure = error;
        outcome = timedOut ? { kind: "timeout" } : { kind: "connection" };
      } finally {
        clearTimeout(timer);
        callerSignal.removeEventListener("abort", onCallerAbort);
        // Node's fetch holds the Request's signal only weakly (nodejs/node#55428): keep the Request
        // and the signal reachable until the attempt is over, or a GC drops the abort.
        if (attemptRequest) keepAlive(attemptRequest, signal);
        if (slot) config.pacer!.release(slot, response);
      }

      const decision = decideRetry(
        settings.policy,
        { method, readOnly: settings.readOnly },
        outcome,
        attempt,
      );
      if (decision.retry) {
        await sleep(decision.delayMs, callerSignal);
        continue;
      }
      if (response) return response;
      const applied = mayHaveBeenApplied({ method, readOnly: settings.readOnly }, outcome);
      if (outcome.kind === "timeout")
        throw new IntercomTimeoutError(method, url, settings.timeoutMs, attempt, applied);
      throw new IntercomConnectionError(method, url, attempt, failure, applied);
    }
  };
}

const texts = new WeakMap<Response, string>();

/** The body of a response handed back read, once (so that it is not kept after it was parsed);
 * undefined for any other response (a copy, or one a middleware made). */
export function takeBufferedText(response: Response): string | undefined {
  const text = texts.get(response);
  texts.delete(response);
  return text;
}

/** Reads the body to the end, inside the attempt: as text for a hand-back, else into a copy. */
async function settle(raw: Response, handBack: boolean): Promise<Response> {
  if (handBack && raw.ok) {
    texts.set(raw, await raw.text());
    return raw;
  }
  return rebuild(raw, await raw.arrayBuffer());
}

function rebuild(raw: Response, bytes: ArrayBuffer): Response {
  const response = new Response(NULL_BODY_STATUSES.has(raw.status) ? null : bytes, {
    status: raw.status,
    statusText: raw.statusText,
    headers: raw.headers,
  });
  Object.defineProperty(response, "url", { value: raw.url });
  return response;
}

// eslint-disable-next-line @typescript-eslint/no-unused-vars -- written, never read, on purpose
let lastAttempt: WeakRef<object>[] = [];
/** A real use of the values after the awaits (so they stay reachable), without retaining them. */
function keepAlive(...values: (object | undefined)[]): void {
  lastAttempt = values.filter((v) => v !== undefined).map((v) => new WeakRef(v));
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A backoff sleep that ends at once, with the caller's abort reason, when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return untilAborted(elapsed, signal).finally(() => clearTimeout(timer));
}
