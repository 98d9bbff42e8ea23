// The fetch that openapi-fetch calls: adds auth and version headers, runs each attempt under its
// own timeout, buffers the body inside that timeout, and retries per the policy in retry.ts.
import { IntercomConnectionError, IntercomError, IntercomTimeoutError } from "./errors.js";
import { decideRetry, mayHaveBeenApplied, type AttemptOutcome, type RetryPolicy } from "./retry.js";

export type FetchLike = (input: Request) => Promise<Response>;

export interface TransportConfig {
  token: string;
  /** The configured base URL; the token is only ever sent to its origin. */
  baseUrl: string;
  version: string;
  userAgent: string | undefined;
  fetch: FetchLike;
  onResponseHeaders: (headers: Headers) => void;
}

export interface AttemptSettings {
  timeoutMs: number;
  policy: RetryPolicy;
  /** A read sent as POST (the search endpoints): retried like an idempotent method. */
  readOnly?: boolean;
}

/** Statuses whose responses must not carry a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export function createTransport(config: TransportConfig, settings: AttemptSettings): FetchLike {
  const origin = new URL(config.baseUrl).origin;

  return async function intercomFetch(request: Request): Promise<Response> {
    const url = request.url;
    const method = request.method.toUpperCase();
    if (new URL(url).origin !== origin) {
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
      const timeout = new AbortController();
      const timer = setTimeout(() => timeout.abort(), settings.timeoutMs);
      const signal = AbortSignal.any([callerSignal, timeout.signal]);
      let outcome: AttemptOutcome;
      let response: Response | undefined;
      let failure: unknown;
      let attemptRequest: Request | undefined;
      try {
        // Redirects are not followed: Intercom's API does not redirect, so a 3xx comes from a proxy
        // or a misconfiguration, and following it would send the request to a host we did not pick.
        attemptRequest = new Request(url, {
          method,
          headers,
          body: body ?? null,
          signal,
          redirect: "manual",
        });
        // Buffered inside the attempt, so the timeout also covers a body that stalls mid-way; raced
        // against the signal for a custom fetch that ignores it.
        const received: Response = await untilAborted(
          config.fetch(attemptRequest).then(async (raw) => rebuild(raw, await raw.arrayBuffer())),
          signal,
        );
        config.onResponseHeaders(received.headers);
        outcome = { kind: "response", status: received.status, headers: received.headers };
        response = received;
      } catch (error) {
        if (callerSignal.aborted) throw callerSignal.reason;
        failure = error;
        outcome = timeout.signal.aborted ? { kind: "timeout" } : { kind: "connection" };
      } finally {
        clearTimeout(timer);
        // Node's fetch holds the Request's signal only weakly (nodejs/node#55428): keep the Request
        // and the combined signal reachable until the attempt is over, or a GC drops the abort.
        keepAlive(attemptRequest, signal);
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
