// The project's tests use the package's own fake Intercom (src/testing/, `intercom-fetch/testing`):
// this file only gives its engine the loose, untyped shape the older tests were written against
// (`on` with any path and any JSON, `fault(...)` as a queue, one fault per request), plus a
// loopback server. One fake: everything it does is src/testing's.
import {
  FakeEngine,
  errorReply,
  type EngineOptions,
  type Fault,
  type Handler,
} from "../../src/testing/engine.js";
import { listen } from "../../src/testing/http.js";

export { FixedWindow } from "../../src/testing/rate-window.js";
export { errorReply };
export type { Fault, FaultSource, Handler, RecordedRequest, Reply } from "../../src/testing/engine.js";
export type FakeIntercomOptions = EngineOptions;

export class FakeIntercom extends FakeEngine {
  private server: { close(): Promise<void> } | undefined;

  async start(): Promise<this> {
    this.server = await listen(this);
    return this;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  /** Registers a handler for METHOD and a path template such as /contacts/{id}, untyped. */
  on(method: string, template: string, handler: Handler): this {
    this.addRoute(method, template, handler);
    return this;
  }

  /** Queues faults, consumed one per incoming request, in order, before routing. */
  fault(...faults: Fault[]): this {
    this.queue(...faults);
    return this;
  }
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
