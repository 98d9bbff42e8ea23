// The window rules every RateLimitStore keeps (src/rate-limit/store.ts describes them), as one suite
// run against the in-process store (on a clock of the test's own: exact waits) and against the Redis
// store (on Redis's TIME, the real clock: resets are relative to Date.now(), and every assertion that
// depends on how fast the store answers is made only when it did answer that fast, so that a loaded
// machine skips a check rather than failing it).
import { describe, expect, it } from "vitest";
import type { AttemptReport, RateLimitStore, StoreGrant } from "../../src/index.js";
import { PROBE, PROBE_LEASE_MS, PROBE_POLL_MS, PROBE_RETRY_MS } from "../../src/rate-limit/store.js";

/** The longest wait a store hands out (MAX_WAIT_MS in src/rate-limit/store.ts; docs/rate-limits.md). */
const MAX_WAIT_MS = 60_000;

export interface StoreHarness {
  /** A store of its own for one test. */
  store: RateLimitStore;
  /** The store's clock, ms since the epoch. */
  now(): number;
  /** Returns once the store's clock has passed `ms` (a test clock jumps there; a real one sleeps). */
  passTo(ms: number): Promise<void>;
  /** The clock moves only by passTo: waits are checked to the millisecond, and nothing is skipped. */
  exact: boolean;
}

/** A window that stays live for a whole test, however slow the machine (ms). */
const LONG = 50_000;
/** A window that a test waits out (ms): long enough that a loaded machine still answers within it. */
const SHORT = 2_000;

let keys = 0;

export function describeStoreRules(name: string, harness: () => StoreHarness | Promise<StoreHarness>): void {
  describe(`${name}: the window rules`, () => {
    /** One store, one key, and helpers on the store's clock. */
    async function setup() {
      const h = await harness();
      const key = `rules-${process.pid}-${Date.now()}-${++keys}`;
      const s = {
        acquire: async (wanted: number): Promise<StoreGrant> => {
          const grant = await h.store.acquire(key, wanted);
          // Whatever the rule, a grant is well formed: a held caller always has a bounded wait.
          expect(grant.granted).toBeGreaterThanOrEqual(0);
          expect(grant.granted).toBeLessThanOrEqual(wanted);
          if (grant.granted < wanted) {
            expect(grant.waitMs).toBeGreaterThanOrEqual(1);
            expect(grant.waitMs).toBeLessThanOrEqual(MAX_WAIT_MS);
          }
          return grant;
        },
        report: async (report: AttemptReport) => h.store.report(key, report),
        /** A reset `ms` from the store's clock, in epoch seconds (fractions kept). */
        reset: (ms: number) => (h.now() + ms) / 1000,
        /** A held grant whose wait is at most `ms` (exactly `ms` on a test clock). */
        held: (grant: StoreGrant, ms: number) => {
          expect(grant).toMatchObject({ granted: 0, window: "" });
          if (h.exact) expect(grant.waitMs).toBe(ms);
          else expect(grant.waitMs).toBeLessThanOrEqual(ms);
        },
        /**
         * Runs `check` if the store answered within `ms` of `since` (Date.now() before the calls it
         * depends on). On a test clock always; on a real one, a slow answer skips it.
         */
        ifWithin: (since: number, ms: number, check: () => void) => {
          if (h.exact || Date.now() - since < ms) check();
        },
      };
      return { h, s };
    }

    it("probes once while no window is known, then grants the window's budget", async () => {
      const { s } = await setup();
      const since = Date.now();
      expect(await s.acquire(5)).toMatchObject({ granted: 1, window: PROBE });
      // The others wait for the probe's answer, or for its lease to end.
      const waiting = await s.acquire(5);
      s.ifWithin(since, PROBE_LEASE_MS, () => expect(waiting.granted).toBe(0));
      const reset = s.reset(LONG);
      await s.report({ window: PROBE, responded: true, remaining: 3, reset });
      const grant = await s.acquire(5);
      expect(grant).toMatchObject({ granted: 3, window: String(reset) });
      s.held({ ...grant, granted: 0, window: "" }, LONG);
      s.held(await s.acquire(1), LONG);
    });

    it("recognises a window by its reset: the smallest remaining of it counts, an older one is ignored", async () => {
      const { s } = await setup();
      await s.acquire(1);
      const first = s.reset(LONG);
      await s.report({ window: PROBE, responded: true, remaining: 10, reset: first });
      await s.report({ window: "", responded: true, remaining: 4, reset: first });
      await s.report({ window: "", responded: true, remaining: 9, reset: first });
      await s.report({ window: "", responded: true, remaining: 99, reset: s.reset(-5000) });
      expect((await s.acquire(100)).granted).toBe(4);
      // A later reset is a new window with its own budget, less the 4 grants still out (they may
      // reach the server in it) until they are reported. (10 s later: the window is 10 s long, and
      // the server is in it, so by our clock it lasts 10 s from now.)
      await s.report({ window: "", responded: true, remaining: 7, reset: first + 10 });
      expect((await s.acquire(100)).granted).toBe(3);
      await s.report({ window: String(first), responded: true, slots: 4 });
      expect((await s.acquire(100)).granted).toBe(4);
    });

    it("settles grants: an unanswered one goes back to the window", async () => {
      const { s } = await setup();
      await s.acquire(1);
      await s.report({ window: PROBE, responded: true, remaining: 2, reset: s.reset(LONG) });
      const grant = await s.acquire(2);
      expect(grant.granted).toBe(2);
      await s.report({ window: grant.window, responded: false, slots: 2 });
      expect((await s.acquire(5)).granted).toBe(2);
    });

    it("after the reset, probes again; a probe that finds the old window waits a little", async () => {
      const { h, s } = await setup();
      await s.acquire(1);
      const first = s.reset(SHORT);
      await s.report({ window: PROBE, responded: true, remaining: 0, reset: first });
      s.held(await s.acquire(1), SHORT);
      await h.passTo(first * 1000);
      expect((await s.acquire(3)).window).toBe(PROBE);
      const second = s.reset(SHORT);
      await s.report({ window: PROBE, responded: true, remaining: 5, reset: second });
      expect((await s.acquire(3)).granted).toBe(3);
      await h.passTo(second * 1000);
      expect((await s.acquire(1)).window).toBe(PROBE);
      // A probe lost without an answer frees the way at once.
      await s.report({ window: PROBE, responded: false });
      expect((await s.acquire(1)).window).toBe(PROBE);
      // A probe answered from the window that just ended (the server's clock a little behind): the
      // next attempt waits a short while before probing again, instead of probing at once.
      const since = Date.now();
      await s.report({ window: PROBE, responded: true, remaining: 0, reset: second });
      const next = await s.acquire(1);
      s.ifWithin(since, PROBE_RETRY_MS, () => {
        expect(next.granted).toBe(0);
        expect(next.waitMs).toBeLessThanOrEqual(PROBE_RETRY_MS);
      });
    });

    it("learns the server's clock from its resets (behind, then ahead), never waiting on a passed reset", async () => {
      const { h, s } = await setup();
      // The server's clock is 3 s behind: its window "ends" 3 s before our clock reaches its reset.
      await s.acquire(1);
      const behind = s.reset(-3000);
      let since = Date.now();
      await s.report({ window: PROBE, responded: true, remaining: 9, reset: behind });
      // The server's word: it is in that window now; its budget is granted, not probed one by one
      // (for the first step's 100 ms).
      const grant = await s.acquire(20);
      s.ifWithin(since, PROBE_RETRY_MS, () => expect(grant).toMatchObject({ granted: 9 }));
      await s.report({ window: grant.window, responded: false, slots: grant.granted });
      // A late answer of that window says nothing of the clocks; a probe that finds it again does,
      // and the guess grows (100 ms, then 200 ms...) instead of probing it every 100 ms.
      await h.passTo(h.now() + 1000);
      await s.report({ window: "", responded: true, remaining: 2, reset: behind });
      expect((await s.acquire(20)).window).toBe(PROBE);
      since = Date.now();
      await s.report({ window: PROBE, responded: true, remaining: 0, reset: behind });
      const again = await s.acquire(1);
      s.ifWithin(since, 2 * PROBE_RETRY_MS, () => s.held(again, 2 * PROBE_RETRY_MS));

      // The server's clock ahead: a new window while ours said the old one was live.
      const t = await setup();
      await t.s.acquire(1);
      const live = t.s.reset(4000);
      await t.s.report({ window: PROBE, responded: true, remaining: 0, reset: live });
      await t.h.passTo(t.h.now() + 1000);
      await t.s.report({ window: "", responded: true, remaining: 5, reset: live + 2 });
      expect((await t.s.acquire(9)).granted).toBe(5);
      // Two resets 2 s apart: a 2 s window, which the server is in, so its next one starts within
      // 2 s by our clock, not 3 s.
      expect((await t.s.acquire(1)).waitMs).toBeLessThanOrEqual(2000);
    });

    it("counts a probe still out against a window that another answer opened", async () => {
      const { h, s } = await setup();
      await s.acquire(1);
      const first = s.reset(SHORT);
      await s.report({ window: PROBE, responded: true, remaining: 0, reset: first });
      await h.passTo(first * 1000);
      const since = Date.now();
      expect((await s.acquire(1)).window).toBe(PROBE);
      // A late answer reached the server first, and opens the window before the probe is answered
      // (within its lease: after it, the probe is taken for lost).
      const second = s.reset(SHORT);
      await s.report({ window: "", responded: true, remaining: 5, reset: second });
      const granted = (await s.acquire(10)).granted;
      s.ifWithin(since, PROBE_LEASE_MS, () => expect(granted).toBe(4));
      await s.report({ window: PROBE, responded: true, remaining: 4, reset: second });
      expect((await s.acquire(10)).granted).toBe(0);
    });

    it("with no rate-limit headers at all, does not pace", async () => {
      const { s } = await setup();
      await s.acquire(1);
      await s.report({ window: PROBE, responded: true });
      expect((await s.acquire(50)).granted).toBe(50);
    });

    it("a reset in range but far ahead of the server's windows (an hour) gives way to the server's next one (#4)", async () => {
      const { s } = await setup();
      await s.acquire(1);
      const bogus = s.reset(3_600_000);
      await s.report({ window: PROBE, responded: true, remaining: 2, reset: bogus });
      expect(await s.acquire(9)).toMatchObject({ granted: 2, window: String(bogus) });
      expect((await s.acquire(1)).granted).toBe(0);
      // The server's own window, an hour earlier: not a late answer (none is that late), the window,
      // less the 2 grants still out (as for any new window), until they are reported.
      const reset = s.reset(LONG);
      await s.report({ window: "", responded: true, remaining: 5, reset });
      expect(await s.acquire(9)).toMatchObject({ granted: 3, window: String(reset) });
      await s.report({ window: String(bogus), responded: false, slots: 2 });
      expect((await s.acquire(9)).granted).toBe(2);
      // A late answer of a window a little older is still ignored: nothing more is granted.
      await s.report({ window: "", responded: true, remaining: 99, reset: reset - 10 });
      expect((await s.acquire(99)).granted).toBe(0);
    });

    // Issue 21 #2, #4: one such value used to hold every caller of the app (Redis: until the record
    // expired, polling 700 times a second; in-process: pacing off for good, as only a larger reset
    // opened a new window). Now it is never stored, and the next sane answer opens the window.
    const day = 86_400_000;
    const bad: [string, (now: number) => Partial<AttemptReport>][] = [
      ["a reset in ms (13 digits)", (now) => ({ remaining: 0, reset: now })],
      ["a reset of 1e16 s (overflows a wait in ms)", () => ({ remaining: 0, reset: 1e16 })],
      ["a reset of Infinity (400 digits)", () => ({ remaining: 0, reset: Infinity })],
      ["a reset of NaN", () => ({ remaining: 0, reset: NaN })],
      ["a reset two days ahead", (now) => ({ remaining: 0, reset: (now + 2 * day) / 1000 })],
      ["a negative remaining", (now) => ({ remaining: -1, reset: (now + LONG) / 1000 })],
      ["a fractional remaining", (now) => ({ remaining: 0.5, reset: (now + LONG) / 1000 })],
      ["a remaining of 1e12", (now) => ({ remaining: 1e12, reset: (now + LONG) / 1000 })],
    ];
    it.each(bad)("ignores %s: never stored, never a stall", async (_, values) => {
      const { h, s } = await setup();
      expect((await s.acquire(1)).window).toBe(PROBE);
      await s.report({ window: PROBE, responded: true, ...values(h.now()) });
      // Not a window, and not "no rate limit" either: the next probe goes within a poll or two.
      const next = await s.acquire(5);
      expect(next.granted).toBeLessThanOrEqual(1);
      if (next.granted === 0) expect(next.waitMs).toBeLessThanOrEqual(PROBE_POLL_MS);
      if (next.granted === 1) await s.report({ window: PROBE, responded: false });
      // The next sane answer opens the window, whatever was said before.
      const reset = s.reset(LONG);
      await s.report({ window: "", responded: true, remaining: 5, reset });
      expect(await s.acquire(9)).toMatchObject({ granted: 5, window: String(reset) });
      const held = await s.acquire(1);
      expect(held.waitMs).toBeLessThanOrEqual(LONG);
    });
  });
}
