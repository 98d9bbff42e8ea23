// The fake Intercom's core, apart from any transport: routes by path template, scripted faults,
// the rate-limit window, and a log of every request that reached it. The loopback server
// (./http.ts) and the in-process fetch (./in-process.ts) both hand it an Exchange.
import { FixedWindow } from "./rate-window.js";

/** Request headers as Node gives them: lower-case names, a string (or strings, for a repeated header). */
export type RequestHeaders = Record<string, string | string[] | undefined>;

/** A request as the fake received it. */
export interface RecordedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  /** The request target exactly as it arrived, before any URL parsing (over HTTP; in-process, as the URL has it). */
  rawTarget: string;
  query: URLSearchParams;
  url: string;
  headers: RequestHeaders;
  /** The body as text ("" for none). */
  body: string;
  /** The body parsed as JSON (undefined when it is empty or not JSON). */
  json: unknown;
  /** Values of {placeholders} in the matched route. */
  params: Record<string, string>;
}

/** What a handler can do to the answer after it ran (its change is applied: a reset comes after). */
export type AnswerFault =
  /** Drops the connection without an answer. */
  | { kind: "reset" }
  /** Announces the full Content-Length, sends half the body and drops the connection. */
  | { kind: "truncate" }
  /** Sends the status line and headers, then stalls the body for `ms`. */
  | { kind: "stall-body"; ms: number }
  /** Waits `ms` before answering (or never answers, if the client gave up). */
  | { kind: "delay"; ms: number };

/** An answer: JSON (`json`), a raw body (`text`: HTML error pages, empty bodies), or a fault. */
export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  /** A raw body; used instead of json. */
  text?: string;
  /** Spoils the answer after the handler ran. */
  fault?: AnswerFault;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

/**
 * A fault, taken before routing: some stop the request before its handler runs (nothing is
 * applied), `applied-then-*` run the handler (a write is applied) and then spoil the answer.
 */
export type Fault =
  /** Lets this request through to its route untouched. */
  | { kind: "pass" }
  /** Answers with this reply instead of the route (which never runs: nothing is applied). */
  | ({ kind: "reply" } & Omit<Reply, "fault">)
  /** Reads the request body, then drops the connection without running the route. */
  | { kind: "reset" }
  /** Drops the connection as soon as the request line and headers arrive, before the body. */
  | { kind: "reset-before-body" }
  /** Runs the route (a write is applied), then answers with this reply instead. */
  | ({ kind: "applied-then-reply" } & Omit<Reply, "fault">)
  /** Runs the route (a write is applied), then drops the connection without an answer. */
  | { kind: "applied-then-reset" }
  /** Runs the route, announces the full Content-Length, sends half the body and drops the connection. */
  | { kind: "truncate" }
  /** Waits this long, then answers normally (or never, if the client gave up). */
  | { kind: "delay"; ms: number }
  /** Runs the route, sends the status line and headers, then stalls the body for `ms`. */
  | { kind: "stall-body"; ms: number };

/** Which requests a scheduled fault hits, and how often. */
export interface FaultSchedule {
  /** Only requests with this method (any, unless set). */
  method?: string;
  /** Only requests to this path: exact (`/me`) or a template (`/contacts/{id}`). Any, unless set. */
  path?: string;
  /** How many requests it hits, then it is spent. @default 1 */
  times?: number;
  /** Matching requests let through before the first hit. @default 0 */
  after?: number;
  /** Hits one matching request in `every` (the first, then every `every`-th). @default 1 */
  every?: number;
}

export type ScheduledFault = Fault & FaultSchedule;

export type FaultSource = (request: { method: string; path: string }) => Fault | undefined;

/** One request as a transport hands it over, with the ways to answer it. */
export interface Exchange {
  method: string;
  /** The request target (path and query). */
  target: string;
  headers: RequestHeaders;
  /** Reads the whole request body. */
  body(): Promise<Uint8Array>;
  /** Whether the client is gone (closed the connection, aborted). */
  gone(): boolean;
  /** Drops the connection without an answer. */
  reset(): void;
  /** Answers; `spoil` truncates the body or stalls it. */
  answer(
    status: number,
    headers: Record<string, string>,
    body: Uint8Array,
    spoil?: { kind: "truncate" } | { kind: "stall-body"; ms: number },
  ): Promise<void>;
}

interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: Handler;
}

interface Rule {
  fault: Fault;
  method: string | undefined;
  pattern: RegExp | undefined;
  times: number;
  after: number;
  every: number;
  seen: number;
  hits: number;
}

const CORS_EXPOSED = [
  "Retry-After",
  "X-Request-Id",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A path template (`/contacts/{id}`) as a pattern, and the names of its placeholders. */
function compile(template: string): { pattern: RegExp; names: string[] } {
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
  return { pattern: new RegExp(`^${source}$`), names };
}

let requestIds = 0;

/** Intercom's error body (`error.list`) with its request id, as a reply. */
export function errorReply(status: number, code: string, message: string, requestId?: string): Reply {
  const id = requestId ?? `req-fake-${++requestIds}`;
  return {
    status,
    headers: { "X-Request-Id": id },
    json: { type: "error.list", request_id: id, errors: [{ code, message }] },
  };
}

export interface EngineOptions {
  /**
   * Answer as a CORS-enabled API would, for a page on another origin: preflight OPTIONS requests get
   * a 204 (and are not recorded), every reply allows the caller's origin and exposes the headers the
   * client reads.
   */
  cors?: boolean;
}

/** The fake's core: see the file's head. Transports call `dispatch`. */
export class FakeEngine {
  readonly requests: RecordedRequest[] = [];
  /** Adds these X-RateLimit-* headers to every reply when set. */
  rateLimit: { limit: number; remaining: number; reset: number } | undefined;
  /** Enforces a fixed-window rate limit when set (after faults, before routing). */
  fixedWindow: FixedWindow | undefined;
  /** Asked for a fault when none is queued or scheduled. */
  faultSource: FaultSource | undefined;
  /** When false, requests are counted but not kept (long soaks). */
  recordRequests = true;
  /** Requests received (preflights aside), recorded or not. */
  received = 0;
  /** The origin requests are resolved against (set by the transport that listens). */
  url = "http://127.0.0.1";
  private readonly routes: Route[] = [];
  private readonly queued: Fault[] = [];
  private readonly rules: Rule[] = [];

  constructor(readonly options: EngineOptions = {}) {}

  /** Registers a handler for METHOD and a path template such as /contacts/{id} (the latest wins). */
  addRoute(method: string, template: string, handler: Handler): void {
    const route = { method: method.toUpperCase(), ...compile(template), handler };
    // Literal routes win over templated ones (/contacts/search before /contacts/{id}); among
    // equals, the latest registered wins (a test's handler over the stateful default).
    if (route.names.length === 0) this.routes.unshift(route);
    else {
      const firstTemplated = this.routes.findIndex((r) => r.names.length > 0);
      this.routes.splice(firstTemplated === -1 ? this.routes.length : firstTemplated, 0, route);
    }
  }

  /** Queues faults, consumed one per incoming request, in order, before routing. */
  queue(...faults: Fault[]): void {
    this.queued.push(...faults);
  }

  /** Schedules a fault for the requests that match (by default: the next one, once). */
  schedule(fault: ScheduledFault): void {
    const { method, path, times = 1, after = 0, every = 1, ...rest } = fault;
    for (const [name, value] of Object.entries({ times, after, every })) {
      if (!(value >= 0) || (value !== Infinity && !Number.isInteger(value)))
        throw new Error(`fault ${name} must be a whole number (or Infinity), got ${String(value)}`);
    }
    if (every < 1) throw new Error("fault every must be 1 or more");
    this.rules.push({
      fault: rest as Fault,
      method: method?.toUpperCase(),
      pattern: path === undefined ? undefined : compile(path).pattern,
      times,
      after,
      every,
      seen: 0,
      hits: 0,
    });
  }

  count(method?: string, path?: string): number {
    return this.requests.filter(
      (r) => (!method || r.method === method.toUpperCase()) && (!path || r.path === path),
    ).length;
  }

  /** Forgets the requests and the faults (routes and state stay). */
  reset(): void {
    this.requests.length = 0;
    this.queued.length = 0;
    this.rules.length = 0;
    this.faultSource = undefined;
    this.received = 0;
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const queued = this.queued.shift();
    if (queued) return queued;
    for (const rule of this.rules) {
      if (rule.hits >= rule.times) continue;
      if (rule.method !== undefined && rule.method !== method) continue;
      if (rule.pattern !== undefined && !rule.pattern.test(path)) continue;
      const n = ++rule.seen - rule.after;
      if (n <= 0 || (n - 1) % rule.every !== 0) continue;
      rule.hits++;
      return rule.fault;
    }
    return this.faultSource?.({ method, path });
  }

  /** Answers CORS preflights; true when the exchange is done. */
  private async preflight(exchange: Exchange, headers: Record<string, string>): Promise<boolean> {
    const origin = exchange.headers["origin"];
    headers["Access-Control-Allow-Origin"] = typeof origin === "string" ? origin : "*";
    headers["Access-Control-Expose-Headers"] = CORS_EXPOSED.join(", ");
    headers["Vary"] = "Origin";
    if (exchange.method !== "OPTIONS" || !exchange.headers["access-control-request-method"]) return false;
    const asked = exchange.headers["access-control-request-headers"];
    await exchange.answer(
      204,
      {
        ...headers,
        "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": typeof asked === "string" ? asked : "",
        "Access-Control-Max-Age": "600",
      },
      new Uint8Array(),
    );
    return true;
  }

  async dispatch(exchange: Exchange): Promise<void> {
    const cors: Record<string, string> = {};
    if (this.options.cors && (await this.preflight(exchange, cors))) return;
    this.received++;
    const target = new URL(exchange.target, this.url);
    const fault = this.takeFault(exchange.method, target.pathname);
    if (fault?.kind === "reset-before-body") return exchange.reset();
    const body = new TextDecoder().decode(await exchange.body());
    let json: unknown;
    try {
      json = body ? JSON.parse(body) : undefined;
    } catch {
      json = undefined;
    }
    const recorded: RecordedRequest = {
      method: exchange.method,
      path: target.pathname,
      rawTarget: exchange.target,
      query: target.searchParams,
      url: target.toString(),
      headers: exchange.headers,
      body,
      json,
      params: {},
    };
    if (this.recordRequests) this.requests.push(recorded);

    if (fault?.kind === "reset") return exchange.reset();
    if (fault?.kind === "delay") await sleep(fault.ms);
    if (exchange.gone()) return;

    const limited = fault === undefined ? this.fixedWindow?.take() : undefined;
    let reply: Reply;
    if (fault?.kind === "reply") reply = fault;
    else if (limited?.refused) reply = errorReply(429, "rate_limit_exceeded", "Exceeded rate limit");
    else reply = await this.route(recorded);
    if (limited) reply = { ...reply, headers: { ...reply.headers, ...limited.headers } };
    if (reply.fault?.kind === "delay") await sleep(reply.fault.ms);
    if (fault?.kind === "applied-then-reset" || reply.fault?.kind === "reset" || exchange.gone())
      return exchange.reset();
    if (fault?.kind === "applied-then-reply") reply = fault;

    const headers: Record<string, string> = { ...cors, ...reply.headers };
    if (this.rateLimit) {
      headers["X-RateLimit-Limit"] ??= String(this.rateLimit.limit);
      headers["X-RateLimit-Remaining"] ??= String(this.rateLimit.remaining);
      headers["X-RateLimit-Reset"] ??= String(this.rateLimit.reset);
    }
    const text = reply.text ?? (reply.json === undefined ? "" : JSON.stringify(reply.json));
    if (reply.text === undefined && reply.json !== undefined) headers["Content-Type"] ??= "application/json";
    const bytes = new TextEncoder().encode(text);
    const spoil =
      fault?.kind === "truncate" || fault?.kind === "stall-body"
        ? fault
        : reply.fault?.kind === "truncate" || reply.fault?.kind === "stall-body"
          ? reply.fault
          : undefined;
    await exchange.answer(reply.status ?? 200, headers, bytes, spoil);
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
