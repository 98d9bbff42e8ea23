// The fake without a socket: a fetch function that hands each request to the same engine as the
// loopback server, and builds the Response (or the network failure) a real fetch would give.
import type { Exchange, FakeEngine, RequestHeaders } from "./engine.js";

/** What a failed fetch rejects with on Node: a TypeError whose cause says what went wrong. */
function networkError(code: string, message: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

function headersOf(request: Request): RequestHeaders {
  const headers: RequestHeaders = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  return headers;
}

/** A fetch served by `engine`, for URLs on its origin only. */
export function inProcessFetch(
  engine: FakeEngine,
): (input: RequestInfo | URL, init?: RequestInit) => Promise<Response> {
  return (input, init) => {
    let request: Request;
    try {
      request = new Request(input, init);
    } catch (error) {
      return Promise.reject(error);
    }
    const url = new URL(request.url);
    if (url.origin !== new URL(engine.url).origin) {
      return Promise.reject(
        new TypeError(`fake Intercom: fake.fetch serves ${engine.url} only, not ${url.origin}`),
      );
    }
    const signal = request.signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      let settled = false;
      let failBody: ((reason: unknown) => void) | undefined;
      const onAbort = () => {
        failBody?.(signal.reason);
        if (!settled) {
          settled = true;
          reject(signal.reason);
        }
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      const exchange: Exchange = {
        method: request.method,
        target: url.pathname + url.search,
        headers: headersOf(request),
        body: async () => new Uint8Array(await request.arrayBuffer()),
        gone: () => signal.aborted,
        reset: () => settle(() => reject(networkError("ECONNRESET", "socket hang up"))),
        async answer(status, headers, body, spoil) {
          const nullBody = status === 204 || status === 205 || status === 304 || request.method === "HEAD";
          if (!spoil || nullBody) {
            settle(() =>
              resolve(new Response(nullBody ? null : (body as Uint8Array<ArrayBuffer>), { status, headers })),
            );
            return;
          }
          // Pulled as a network body is: the first part, then the failure (truncate) or, after
          // the stall, the rest and a trailing space (so that the announced length is never 0).
          let timer: ReturnType<typeof setTimeout> | undefined;
          let wake: (() => void) | undefined;
          let step = 0;
          const stream = new ReadableStream<Uint8Array>({
            start(controller) {
              failBody = (reason) => {
                clearTimeout(timer);
                wake?.();
                try {
                  controller.error(reason);
                } catch {
                  // already closed
                }
              };
            },
            async pull(controller) {
              step++;
              if (spoil.kind === "truncate") {
                if (step === 1) controller.enqueue(body.slice(0, Math.floor(body.length / 2)));
                else controller.error(networkError("ECONNRESET", "terminated"));
                return;
              }
              if (step === 1) {
                controller.enqueue(body.slice(0, 1));
                return;
              }
              await new Promise<void>((done) => {
                wake = done;
                timer = setTimeout(done, spoil.ms);
              });
              if (signal.aborted) return;
              const rest = new Uint8Array(Math.max(0, body.length - 1) + 1);
              rest.set(body.subarray(1));
              rest[rest.length - 1] = 0x20;
              controller.enqueue(rest);
              controller.close();
            },
          });
          const length = spoil.kind === "truncate" ? body.length : body.length + 1;
          settle(() =>
            resolve(
              new Response(stream, { status, headers: { ...headers, "Content-Length": String(length) } }),
            ),
          );
        },
      };
      engine.dispatch(exchange).catch((error: unknown) => {
        settle(() =>
          resolve(
            new Response(`fake Intercom: the handler threw: ${String(error)}`, {
              status: 500,
              headers: { "Content-Type": "text/plain" },
            }),
          ),
        );
      });
    });
  };
}
