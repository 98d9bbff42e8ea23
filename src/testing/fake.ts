/// <reference types="node" />
// createFakeIntercom: the engine, served on its own loopback port and through an in-process
// fetch, with the stateful routes installed and the typed `on` users register handlers with.
import { FakeEngine, type RecordedRequest, type ScheduledFault } from "./engine.js";
import type { OnFunction } from "./handler-types.js";
import { listen } from "./http.js";
import { inProcessFetch } from "./in-process.js";
import { FixedWindow } from "./rate-window.js";
import { installResources, type On } from "./resources.js";
import { createState, type FakeSeed, type FakeState } from "./state.js";

export interface FakeIntercomOptions {
  /** Intercom's rate limit as fixed windows: `limit` requests per `windowMs` (whole seconds), with
   * X-RateLimit-Limit/Remaining/Reset on every answer and a 429 `rate_limit_exceeded` beyond it.
   * @default no limit, no headers */
  rateLimit?: { limit: number; windowMs: number };
  /** Records the fake starts with (admins, contacts, companies, conversations, tickets, tags, notes, events). */
  seed?: FakeSeed;
  /** Faults scheduled from the start (as `fake.fault` schedules them). */
  faults?: ScheduledFault[];
  /** Serve Intercom's routes from state. Off, only your `on` handlers answer (anything else is a 404). @default true */
  stateful?: boolean;
}

export interface FakeIntercom {
  /** `http://127.0.0.1:<port>`: this fake's own origin; use it as `baseUrl`. */
  readonly url: string;
  /** A fetch that reaches this fake without a socket (for `createIntercom({ baseUrl: fake.url, fetch: fake.fetch })`). */
  readonly fetch: (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
  /** Every request that reached the fake, in order (over HTTP or in-process). */
  readonly requests: readonly RecordedRequest[];
  /** The records the stateful routes serve: read them, or change them, in a test. */
  readonly state: FakeState;
  /** The rate-limit window, when `rateLimit` is set (its `admitted` and `refused` counts). */
  readonly rateLimit: FixedWindow | undefined;
  /** Answers METHOD and a path of Intercom's API (a template: `/contacts/{id}`) with your handler,
   * over the stateful route if there is one. A success's JSON must be the operation's response type. */
  on: OnFunction<FakeIntercom>;
  /** Schedules a fault: by default on the next request, once; `method`, `path`, `times`, `after`, `every` say which. */
  fault(fault: ScheduledFault): FakeIntercom;
  /** How many recorded requests match (a method, a path, both or neither). */
  count(method?: string, path?: string): number;
  /** Forgets the recorded requests and the scheduled faults (state and handlers stay). */
  reset(): void;
  /** Stops the server (open connections are dropped). */
  close(): Promise<void>;
}

/** Starts a fake Intercom on 127.0.0.1 (a random port). Node only. Close it when done. */
export async function createFakeIntercom(options: FakeIntercomOptions = {}): Promise<FakeIntercom> {
  const engine = new FakeEngine();
  const server = await listen(engine);
  const state = createState(options.seed);
  if (options.rateLimit)
    engine.fixedWindow = new FixedWindow(options.rateLimit.limit, options.rateLimit.windowMs);
  for (const fault of options.faults ?? []) engine.schedule(fault);
  const fetch = inProcessFetch(engine);
  const fake: FakeIntercom = {
    url: server.url,
    fetch,
    requests: engine.requests,
    state,
    rateLimit: engine.fixedWindow,
    on(method, path, handler) {
      engine.addRoute(method, path, handler as never);
      return fake;
    },
    fault(fault) {
      engine.schedule(fault);
      return fake;
    },
    count: (method, path) => engine.count(method, path),
    reset: () => engine.reset(),
    close: () => server.close(),
  };
  if (options.stateful !== false) installResources(fake.on as On, state);
  return fake;
}
