// A fake Intercom on 127.0.0.1: real HTTP, routes by path template, scripted faults, and a log of
// every request it received (so tests can count what reached the server).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  /** The request target exactly as it arrived, before any URL parsing. */
  rawTarget: string;
  query: URLSearchParams;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** Values of {placeholders} in the matched route. */
  params: Record<string, string>;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body (HTML error pages, empty bodies); used instead of json. */
  text?: string;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

/**
 * Faults are consumed one per incoming request, in order, before routing; when none is queued,
 * `faultSource` (if set) is asked, so that a seeded generator can drive a soak.
 */
export type Fault =
  /** Lets this request through to its route untouched. */
  | { kind: "pass" }
  /** Answers with this reply instead of the route (which never runs: nothing is applied). */
  | ({ kind: "reply" } & Reply)
  /** Reads the request body, then drops the connection without running the route. */
  | { kind: "reset" }
  /** Drops the connection as soon as the request line and headers arrive, before the body. */
  | { kind: "reset-before-body" }
  /** Runs the route (a write is applied), then answers with this reply instead. */
  | ({ kind: "applied-then-reply" } & Reply)
  /** Runs the route (a write is applied), then drops the connection without an answer. */
  | { kind: "applied-then-reset" }
  /** Runs the route, announces the full Content-Length, sends half the body and drops the connection. */
  | { kind: "truncate" }
  /** Waits this long, then answers normally (or never, if the client gave up). */
  | { kind: "delay"; ms: number }
  /** Runs the route, sends the status line and headers, then stalls the body for `ms`. */
  | { kind: "stall-body"; ms: number };

export type FaultSource = (request: { method: string; path: string }) => Fault | undefined;

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

export interface FakeIntercomOptions {
  /**
   * Answer as a CORS-enabled API would, for a page on another origin: preflight OPTIONS requests get
   * a 204 (and are not recorded), every reply allows the caller's origin and exposes the headers the
   * client reads.
   */
  cors?: boolean;
}

const CORS_EXPOSED = [
  "Retry-After",
  "X-Request-Id",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
];

/**
 * Intercom's rate limit as a fixed window: `limit` requests per `windowMs` (a whole number of
 * seconds, windows aligned to `originMs`, the epoch unless told, so that X-RateLimit-Reset is exact),
 * the X-RateLimit-* headers on every answer, and a 429 for each request beyond the budget. `skewMs`
 * moves the server's clock against the client's. A long window that a test needs far from its end
 * starts now (`FixedWindow.startingNow`): aligned to the epoch, an hour-long window ends at the next
 * full hour, which may be seconds away.
 */
export class FixedWindow {
  /** Requests answered by the route, and requests refused with a 429. */
  admitted = 0;
  refused = 0;
  private window = -1;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    public skewMs = 0,
    readonly originMs = 0,
  ) {
    if (windowMs % 1000 !== 0) throw new Error("windowMs must be whole seconds (X-RateLimit-Reset is)");
    if (originMs % 1000 !== 0) throw new Error("originMs must be whole seconds (X-RateLimit-Reset is)");
  }

  /** A window whose first starts at the current second: its reset is `windowMs` (less under a second) away. */
  static startingNow(limit: number, windowMs: number): FixedWindow {
    return new FixedWindow(limit, windowMs, 0, Math.floor(Date.now() / 1000) * 1000);
  }

  /** Counts one request: whether it is refused, and the headers of its answer. */
  take(): { refused: boolean; headers: Record<string, string> } {
    const now = Date.now() + this.skewMs - this.originMs;
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    const refused = this.used >= this.limit;
    if (refused) this.refused++;
    else {
      this.used++;
      this.admitted++;
    }
    return {
      refused,
      headers: {
        "X-RateLimit-Limit": String(this.limit),
        "X-RateLimit-Remaining": String(this.limit - this.used),
        "X-RateLimit-Reset": String((this.originMs + (window + 1) * this.windowMs) / 1000),
      },
    };
  }
}

export class FakeIntercom {
  readonly requests: RecordedRequest[] = [];
  /** Adds X-RateLimit-* headers to every reply when set. */
  rateLimit: { limit: number; remaining: number; reset: number } | undefined;
  /** Enforces a fixed-window rate limit when set (after faults, before routing). */
  fixedWindow: FixedWindow | undefined;
  /** Asked for a fault when none is queued. */
  faultSource: FaultSource | undefined;
  /** When false, requests are counted but not kept (long soaks). */
  recordRequests = true;
  received = 0;
  private readonly routes: Route[] = [];
  private readonly faults: Fault[] = [];
  private readonly sockets = new Set<Socket>();
  private server = createServer((req, res) => void this.handle(req, res));
  url = "";

  constructor(private readonly options: FakeIntercomOptions = {}) {}

  async start(): Promise<this> {
    this.server.on("connection", (socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Registers a handler for METHOD and a path template such as /contacts/{id}. */
  on(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1];
        if (name) {
          names.push(name);
          return "([^/]+)";
        }
        return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      })
      .join("");
    // Literal routes win over templated ones (/contacts/search before /contacts/{id}).
    const route = { method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), names, handler };
    if (names.length === 0) this.routes.unshift(route);
    else this.routes.push(route);
    return this;
  }

  fault(...faults: Fault[]): this {
    this.faults.push(...faults);
    return this;
  }

  count(method?: string, path?: string): number {
    return this.requests.filter(
      (r) => (!method || r.method === method.toUpperCase()) && (!path || r.path === path),
    ).length;
  }

  reset(): void {
    this.requests.length = 0;
    this.faults.length = 0;
    this.faultSource = undefined;
    this.received = 0;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.options.cors) {
      res.setHeader("Access-Control-Allow-Origin", req.headers.origin ?? "*");
      res.setHeader("Access-Control-Expose-Headers", CORS_EXPOSED.join(", "));
      res.setHeader("Vary", "Origin");
      if (req.method === "OPTIONS" && req.headers["access-control-request-method"]) {
        res.writeHead(204, {
          "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS",
          "Access-Control-Allow-Headers": req.headers["access-control-request-headers"] ?? "",
          "Access-Control-Max-Age": "600",
        });
        res.end();
        return;
      }
    }
    this.received++;
    const target = new URL(req.url ?? "/", this.url);
    const fault =
      this.faults.shift() ?? this.faultSource?.({ method: req.method ?? "GET", path: target.pathname });
    if (fault?.kind === "reset-before-body") {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const url = target;
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      rawTarget: req.url ?? "",
      query: url.searchParams,
      url: url.toString(),
      headers: req.headers,
      body,
      json,
      params: {},
    };
    if (this.recordRequests) this.requests.push(recorded);

    if (fault?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "delay") await new Promise((r) => setTimeout(r, fault.ms));
    if (res.destroyed) return;

    const limited = fault === undefined ? this.fixedWindow?.take() : undefined;
    let reply: Reply;
    if (fault?.kind === "reply") reply = fault;
    else if (limited?.refused) reply = errorReply(429, "rate_limit_exceeded", "Exceeded rate limit");
    else reply = await this.route(recorded);
    if (limited) reply = { ...reply, headers: { ...reply.headers, ...limited.headers } };
    if (fault?.kind === "applied-then-reset" || res.destroyed) {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === "applied-then-reply") reply = fault;

    const headers: Record<string, string> = { ...reply.headers };
    if (this.rateLimit) {
      headers["X-RateLimit-Limit"] ??= String(this.rateLimit.limit);
      headers["X-RateLimit-Remaining"] ??= String(this.rateLimit.remaining);
      headers["X-RateLimit-Reset"] ??= String(this.rateLimit.reset);
    }
    const text = reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
    if (reply.text === undefined && reply.json !== undefined) headers["Content-Type"] ??= "application/json";
    if (fault?.kind === "stall-body") {
      res.writeHead(reply.status ?? 200, {
        ...headers,
        "Content-Length": String(Buffer.byteLength(text) + 1),
      });
      res.write(text.slice(0, 1));
      await new Promise((r) => setTimeout(r, fault.ms));
      if (!res.destroyed) res.end(text.slice(1) + " ");
      return;
    }
    if (fault?.kind === "truncate") {
      const bytes = Buffer.from(text);
      res.writeHead(reply.status ?? 200, { ...headers, "Content-Length": String(bytes.length) });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
      return;
    }
    res.writeHead(reply.status ?? 200, headers);
    res.end(text);
  }

  private async route(request: RecordedRequest): Promise<Reply> {
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      const match = route.pattern.exec(request.path);
      if (!match) continue;
      route.names.forEach((name, i) => (request.params[name] = decodeURIComponent(match[i + 1] ?? "")));
      return route.handler(request);
    }
    return errorReply(404, "not_found", `No route for ${request.method} ${request.path}`);
  }
}

export function errorReply(status: number, code: string, message: string, requestId = "req-fake-1"): Reply {
  return {
    status,
    headers: { "X-Request-Id": requestId },
    json: { type: "error.list", request_id: requestId, errors: [{ code, message }] },
  };
}

export async function startFakeIntercom(options?: FakeIntercomOptions): Promise<FakeIntercom> {
  return new FakeIntercom(options).start();
}

/** Runs `use` with a second fake Intercom of its own, closed afterwards whatever happens. */
export async function withFakeIntercom<T>(use: (fake: FakeIntercom) => Promise<T>): Promise<T> {
  const fake = await startFakeIntercom();
  try {
    return await use(fake);
  } finally {
    await fake.close();
  }
}
