// The attempts of one call: each one made from the Request the call built (its class, its init
// fields, its headers), with only auth, version, Accept, User-Agent, the attempt's signal and the
// redirect rule added; each under its own timeout, with its body buffered inside that timeout;
// repeated per the policy in retry.ts, after the pacer (pacer.ts) lets it start.
import { IntercomConnectionError, IntercomError, IntercomTimeoutError } from "../errors.js";
import { decideRetry, mayHaveBeenApplied, type AttemptOutcome } from "../retry.js";
import type { CallContext, ClientConfig } from "./context.js";

/** Statuses whose responses must not carry a body (the Response constructor rejects one). */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * What the attempts of one call send: the call's Request (which middleware, a custom fetch or a
 * custom Request class may see), or, when nothing can observe one (the direct way: no signal, no
 * custom fetch), its URL, headers and body for the platform's fetch to make the Request from
 * (request.ts decides).
 */
export type Outgoing =
  | {
      /** The Request's (normalised) URL. */
      url: string;
      request: Request;
      /** Headers to send instead of the Request's (its own plus the client's), if it lacks them. */
      headers: Headers | undefined;
    }
  | {
      url: string;
      request?: undefined;
      /** With the client's headers. */
      headers: Headers;
      body: string | undefined;
    };

/**
 * Sends the call until the policy says stop. Returns the last response (a 2xx, an error status the
 * policy does not retry, a 3xx as it is); throws IntercomTimeoutError or IntercomConnectionError
 * when the last attempt got none, or the caller's abort reason.
 */
export async function sendAttempts(
  config: ClientConfig,
  call: CallContext,
  outgoing: Outgoing,
): Promise<Response> {
  const { method } = call;
  const { url, request, headers } = outgoing;
  // Read once so that every attempt can send the same bytes.
  const body = request ? (request.body ? await request.arrayBuffer() : undefined) : outgoing.body;
  // A Request always has a signal; the direct way is taken only when the caller gave none.
  const callerSignal = request?.signal;
  const { pacer } = config;

  for (;;) {
    callerSignal?.throwIfAborted();
    // The pacing seam (pacer.ts): wait for the rate-limit window's budget before each attempt.
    const slot = pacer.acquire ? await pacer.acquire(callerSignal, call.policy.maxRetryAfterMs) : undefined;
    // An abort that came while the slot was being granted: the attempt does not start.
    if (callerSignal?.aborted) {
      if (slot) pacer.release?.(slot, undefined);
      throw callerSignal.reason;
    }
    const attempt = ++call.attempts;
    // One controller per attempt, aborted by the timer or by the caller's signal (cheaper than
    // AbortSignal.any, and reachable from the timer and the listener for the whole attempt).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, call.timeoutMs);
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    const signal = controller.signal;
    let outcome: AttemptOutcome;
    let response: Response | undefined;
    let attemptRequest: Request | undefined;
    try {
      // Redirects are not followed: Intercom's API does not redirect, so a 3xx comes from a proxy
      // or a misconfiguration, and following it would send the request to a host we did not pick.
      // (A Request made from a Request and an init resets the referrer and its policy: kept.)
      const init: RequestInit = request
        ? {
            ...(headers && { headers }),
            body: body ?? null,
            signal,
            redirect: "manual",
            referrer: request.referrer,
            referrerPolicy: request.referrerPolicy,
          }
        : { method, headers, body: body ?? null, signal, redirect: "manual" };
      let received: Response;
      // (The direct way never has a custom fetch: request.ts takes it only without one.)
      if (call.fetch && request) {
        // The caller's fetch gets a Request of the call's class, with the call's extra properties;
        // buffered inside the attempt, so the timeout also covers a body that stalls mid-way, and
        // raced against the signal for a custom fetch that ignores it.
        attemptRequest = attemptOf(request, init);
        const sent = call.fetch(attemptRequest, config.requestInitExt);
        received = await untilAborted(
          sent.then((raw) => settle(raw, call)),
          signal,
        );
      } else {
        // The platform's fetch makes the same Request from (request, init), and rejects both the
        // call and the body read when the signal aborts.
        const raw = await globalThis.fetch(
          request ?? url,
          config.requestInitExt ? { ...config.requestInitExt, ...init } : init,
        );
        received = await settle(raw, call);
      }
      response = received;
      outcome = { kind: "response", status: received.status, headers: received.headers };
      pacer.update(received.headers);
    } catch (error) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      outcome = timedOut ? { kind: "timeout" } : { kind: "connection", failure: error };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
      // Node's fetch holds the Request's signal only weakly (nodejs/node#55428): keep the Request
      // and the signal reachable until the attempt is over, or a GC drops the abort.
      if (attemptRequest) keepAlive(attemptRequest, signal);
      if (slot) pacer.release?.(slot, response);
    }

    const decision = decideRetry(call.policy, call, outcome, attempt);
    if (decision.retry) {
      call.text = undefined;
      await sleep(decision.delayMs, callerSignal);
      continue;
    }
    if (response) return response;
    const failure = {
      method,
      // As a Request would have normalised it (the direct way sent the string as built).
      url: request ? url : new URL(url).href,
      attempts: attempt,
      mayHaveBeenApplied: mayHaveBeenApplied(call, outcome),
    };
    if (outcome.kind === "timeout") throw new IntercomTimeoutError({ ...failure, timeoutMs: call.timeoutMs });
    throw new IntercomConnectionError({
      ...failure,
      cause: outcome.kind === "connection" ? outcome.failure : undefined,
    });
  }
}

/** The client's own headers, set on `headers`: Intercom-Version (a caller's other version is
 * refused), Authorization, and Accept and User-Agent unless the caller set them. */
export function addClientHeaders(config: ClientConfig, headers: Headers): Headers {
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
  return headers;
}

/** A Request for one attempt: the call's own class and fields, and the properties openapi-fetch
 * copied onto it from the call's init (those the Request class does not know). */
function attemptOf(request: Request, init: RequestInit): Request {
  const RequestClass = request.constructor as typeof Request;
  const attempt = new RequestClass(request, init);
  for (const key in request) {
    if (!(key in attempt))
      (attempt as unknown as Record<string, unknown>)[key] = (request as unknown as Record<string, unknown>)[
        key
      ];
  }
  return attempt;
}

/**
 * Reads the body to the end, inside the attempt: as text kept in the call's context when nobody
 * else reads it (the network Response is handed back, read), else into a copy that can be read.
 * An opaque redirect (a browser's answer to a 3xx under redirect "manual": status 0, no headers,
 * no body) is returned as it is.
 */
async function settle(raw: Response, call: CallContext): Promise<Response> {
  if (raw.type === "opaqueredirect") return raw;
  if (call.handBack) {
    call.text = await raw.text();
    return raw;
  }
  const bytes = await raw.arrayBuffer();
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
function keepAlive(...values: object[]): void {
  lastAttempt = values.map((v) => new WeakRef(v));
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A backoff sleep that ends at once, with the caller's abort reason, when the signal aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const elapsed = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return untilAborted(elapsed, signal).finally(() => clearTimeout(timer));
}
