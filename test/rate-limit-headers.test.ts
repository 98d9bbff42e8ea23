// The X-RateLimit-* edge (src/rate-limit/headers.ts): values out of range are read as absent, by
// readRateLimit (the client's rateLimit, the errors), by what the pacer reports (numberHeader), and
// by the retry policy's server-requested wait (decideRetry), so that none of them ever holds NaN,
// an Invalid Date, or a wait of centuries. Issue 21 #2, #4, #11.
import { describe, expect, it } from "vitest";
import { defaults } from "../src/defaults.js";
import { numberHeader, readRateLimit, serverRequestedWaitMs } from "../src/rate-limit/headers.js";
import { decideRetry } from "../src/retry.js";

const now = Date.parse("2026-12-07T12:00:00Z");
const headers = (reset: string, remaining = "0", limit = "100") =>
  new Headers({ "X-RateLimit-Limit": limit, "X-RateLimit-Remaining": remaining, "X-RateLimit-Reset": reset });

/** Resets no window can have: ms, past a wait's overflow, 400 digits, days away. */
const badResets: [string, string][] = [
  ["in ms (13 digits)", String(now)],
  ["9.3e15 s (overflows a wait in ms)", "9300000000000000"],
  ["1e16 s", "10000000000000000"],
  ["400 digits (Number() is Infinity)", "9".repeat(400)],
  ["two days ahead", String(now / 1000 + 2 * 86_400)],
  ["two days ago", String(now / 1000 - 2 * 86_400)],
  ["0", "0"],
];

describe("rate-limit headers out of range are absent", () => {
  it.each(badResets)("a reset %s: no resetAt, no Invalid Date, nothing for the pacer", (_, reset) => {
    const state = readRateLimit(headers(reset), now);
    expect(state).toEqual({ limit: 100, remaining: 0, resetAt: undefined });
    expect(numberHeader(headers(reset), "x-ratelimit-reset", now)).toBeUndefined();
    // The 429's wait: none (the retry policy backs off), never NaN.
    expect(serverRequestedWaitMs(headers(reset), 429, now)).toBeUndefined();
  });

  it("a reset within a day either way is read, as a valid Date", () => {
    for (const offset of [7, -7, 86_400, -86_400]) {
      const reset = String(now / 1000 + offset);
      expect(readRateLimit(headers(reset), now)?.resetAt?.getTime()).toBe(now + offset * 1000);
      expect(numberHeader(headers(reset), "x-ratelimit-reset", now)).toBe(now / 1000 + offset);
    }
    expect(serverRequestedWaitMs(headers(String(now / 1000 + 7)), 429, now)).toBe(7000);
  });

  it.each(["-1", "1.5", "1000000000", "1e3", "9".repeat(400), "0x10", " "])(
    "a remaining or limit of %j is absent",
    (count) => {
      const reset = String(now / 1000 + 7);
      const state = readRateLimit(headers(reset, count, count), now);
      expect(state).toMatchObject({ limit: undefined, remaining: undefined });
      expect(numberHeader(headers(reset, count), "x-ratelimit-remaining", now)).toBeUndefined();
      expect(numberHeader(headers(reset, "1", count), "x-ratelimit-limit", now)).toBeUndefined();
    },
  );

  it("whole counts from 0 to 999,999,999 are read", () => {
    const reset = String(now / 1000 + 7);
    for (const count of [0, 1, 10_000, 999_999_999]) {
      expect(readRateLimit(headers(reset, String(count), String(count)), now)).toMatchObject({
        limit: count,
        remaining: count,
      });
    }
  });

  it("a 429 with a reset out of range backs off instead of retrying at once (decideRetry, #11)", () => {
    const policy = { ...defaults.retry };
    for (const [name, reset] of badResets) {
      const decision = decideRetry(
        policy,
        { method: "GET" },
        { kind: "response", status: 429, headers: headers(reset) },
        1,
        now,
        () => 0,
      );
      // The first backoff with no jitter: half of initialDelayMs.
      expect(decision, name).toEqual({ retry: true, delayMs: policy.initialDelayMs / 2 });
    }
    // A sane reset is still the wait asked for.
    expect(
      decideRetry(
        policy,
        { method: "GET" },
        { kind: "response", status: 429, headers: headers(String(now / 1000 + 3)) },
        1,
        now,
      ),
    ).toEqual({ retry: true, delayMs: 3000 });
  });
});
