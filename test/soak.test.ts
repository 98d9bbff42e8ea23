// A small fixed-seed run of the fault-injection soak (npm run soak runs the full one), and the
// behaviour it relies on: with default settings an ambiguous POST is not repeated, and its typed
// error says that the write may have been applied.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createIntercom,
  IntercomConnectionError,
  IntercomError,
  IntercomInvalidResponseError,
  IntercomRateLimitError,
  IntercomServerError,
  IntercomTimeoutError,
  IntercomUnprocessableEntityError,
  unwrap,
} from "../src/index.js";
import { errorReply, startFakeIntercom, type FakeIntercom, type Fault } from "./support/fake-intercom.js";
import { FAULT_KINDS } from "./support/random-faults.js";
import { runSoak, soakViolations } from "./support/soak.js";

const fast = { retry: { initialDelayMs: 2, maxDelayMs: 20 } };

/** The rejection of a call that must fail. */
const rejection = <E>(call: Promise<unknown>): Promise<E> =>
  call.then(
    () => expect.unreachable("the call should have failed"),
    (error: unknown) => error as E,
  );

describe("soak (fixed seeds)", () => {
  // One worker, so that the order of requests, and so which request gets which fault, is the same
  // on every run; a 429's reset is the current second, so that its wait does not slow the suite.
  const small = {
    faultRate: 0.25,
    operations: 80,
    durationMs: 60_000,
    concurrency: 1,
    timeoutMs: 150,
    listSize: 30,
    perPage: 7,
    rateLimitResetInS: 0,
  };

  it("seed 11, default retry policy: no duplicate, no lost write or item, every failure typed", async () => {
    const report = await runSoak({ ...small, seed: 11, client: fast });
    expect(soakViolations(report)).toEqual([]);
    // The run exercised what it claims to: every fault kind, retries, ambiguous creates.
    for (const kind of FAULT_KINDS) expect(report.faultsInjected[kind], kind).toBeGreaterThan(0);
    expect(report.retried).toBeGreaterThan(0);
    expect(report.walks.started).toBeGreaterThan(0);
    expect(report.creates.attempted).toBeGreaterThan(0);
    expect(report.walks.completed).toBe(report.walks.started);
    expect(report.creates.ambiguousApplied).toBeGreaterThan(0);
    expect(report.creates.serverCreated).toBe(
      report.creates.clientConfirmed + report.creates.ambiguousApplied,
    );
    for (const name of Object.keys(report.failedBy)) expect(name).toMatch(/^Intercom\w+Error$/);
  });

  it("seed 12, no retries: every fault reaches the caller, and walks resume exactly from the failed page", async () => {
    // With retries, a page fails only after three faults in a row (rare); without, every fault does.
    const report = await runSoak({ ...small, seed: 12, operations: 60, client: { maxRetries: 0 } });
    expect(soakViolations(report)).toEqual([]);
    expect(report.retried).toBe(0);
    expect(report.walks.resumes).toBeGreaterThan(0);
    expect(report.walks.started).toBeGreaterThan(0);
    expect(report.walks.completed).toBe(report.walks.started);
  });

  it("detects duplicates when POSTs are retried after ambiguous failures (the check can fail)", async () => {
    const report = await runSoak({
      ...small,
      seed: 11,
      faultRate: 0.4,
      operations: 40,
      // Only faults that come after the write was applied.
      faultKinds: ["500-after-write", "reset-after-body", "truncated-json", "stall-body"],
      client: { retry: { ...fast.retry, retryNonIdempotent: true } },
    });
    expect(report.creates.duplicates).toBeGreaterThan(0);
    expect(soakViolations(report)).toContain(`${report.creates.duplicates} duplicate creates`);
  });
});

describe("an ambiguous POST, with default settings", () => {
  let fake: FakeIntercom;
  let stored = 0;
  beforeAll(async () => {
    fake = await startFakeIntercom();
    fake.on("POST", "/contacts", () => {
      stored++;
      return { json: { type: "contact", id: `c${stored}` } };
    });
  });
  afterAll(() => fake.close());
  afterEach(() => {
    fake.reset();
    stored = 0;
  });
  const create = (timeoutMs = 200) =>
    createIntercom({ token: "t", baseUrl: fake.url, timeoutMs, ...fast })
      .POST("/contacts", { body: { email: "ada@example.com" } })
      .then(unwrap);
  const failure = (fault: Fault, timeoutMs?: number) => {
    fake.fault(fault);
    return rejection<IntercomError & { mayHaveBeenApplied?: boolean }>(create(timeoutMs));
  };

  it.each<[string, Fault, new (...args: never[]) => IntercomError, number]>([
    [
      "a 500 after the write",
      { kind: "applied-then-reply", ...errorReply(500, "server_error", "x") },
      IntercomServerError,
      1,
    ],
    ["a reset after the body was applied", { kind: "applied-then-reset" }, IntercomConnectionError, 1],
    ["a reset before the body was read", { kind: "reset-before-body" }, IntercomConnectionError, 0],
    ["a body cut off mid-way", { kind: "truncate" }, IntercomConnectionError, 1],
    ["a body that stalls past the timeout", { kind: "stall-body", ms: 600 }, IntercomTimeoutError, 1],
    [
      "a 200 whose JSON is cut short (a complete HTTP message)",
      { kind: "applied-then-reply", status: 200, text: '{"type":"contact","id":"c' },
      IntercomInvalidResponseError,
      1,
    ],
    [
      "a 503 before anything is done",
      { kind: "reply", ...errorReply(503, "unavailable", "x") },
      IntercomServerError,
      0,
    ],
  ])(
    "%s: one attempt, a typed error saying it may have been applied",
    async (_, fault, ErrorClass, applied) => {
      const error = await failure(fault);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error.mayHaveBeenApplied).toBe(true);
      expect(error.message).toMatch(
        /The POST may have been applied\. Check before repeating it: a repeat could duplicate the write/,
      );
      expect(fake.received).toBe(1);
      expect(stored).toBe(applied);
    },
  );

  it("a 429, a 422 and a refused connection say it was not applied", async () => {
    fake.fault(
      ...Array.from({ length: 3 }, () => ({
        kind: "reply" as const,
        ...errorReply(429, "rate_limit_exceeded", "slow down"),
      })),
    );
    const limited = await rejection<IntercomRateLimitError>(create());
    expect(limited).toBeInstanceOf(IntercomRateLimitError);
    expect(limited.mayHaveBeenApplied).toBe(false);
    expect(fake.received).toBe(3); // a 429 is rejected before processing: retried for POST too

    const invalid = await failure({ kind: "reply", ...errorReply(422, "parameter_invalid", "bad email") });
    expect(invalid).toBeInstanceOf(IntercomUnprocessableEntityError);
    expect(invalid.mayHaveBeenApplied).toBe(false);
    expect(invalid.message).not.toMatch(/may have been applied/);

    const dead = await startFakeIntercom();
    const url = dead.url;
    await dead.close();
    const refused = await rejection<IntercomConnectionError>(
      createIntercom({ token: "t", baseUrl: url, ...fast }).POST("/contacts", {
        body: { email: "ada@example.com" },
      }),
    );
    expect(refused).toBeInstanceOf(IntercomConnectionError);
    expect(refused.mayHaveBeenApplied).toBe(false);
    expect(refused.message).toMatch(/ECONNREFUSED/);
  });

  it("reads never claim a write: a GET that fails after its retries has mayHaveBeenApplied false", async () => {
    fake.on("GET", "/me", () => ({ json: { type: "admin", id: "1" } }));
    fake.fault({ kind: "reset" }, { kind: "reset" }, { kind: "reset" });
    const error = await rejection<IntercomConnectionError>(
      createIntercom({ token: "t", baseUrl: fake.url, ...fast }).GET("/me"),
    );
    expect(error).toBeInstanceOf(IntercomConnectionError);
    expect(error.attempts).toBe(3);
    expect(error.mayHaveBeenApplied).toBe(false);
  });
});
