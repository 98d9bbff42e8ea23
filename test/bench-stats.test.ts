// The statistics and verdicts of `npm run bench` (the figures themselves are never asserted).
import { describe, expect, it } from "vitest";
import { median, percentile, rotate } from "../bench/stats.js";

describe("bench statistics", () => {
  it("takes nearest-rank percentiles of unsorted samples", () => {
    const samples = [5, 1, 4, 2, 3];
    expect(median(samples)).toBe(3);
    expect(percentile(samples, 99)).toBe(5);
    expect(percentile(samples, 1)).toBe(1);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(
      percentile(
        Array.from({ length: 1000 }, (_, k) => k + 1),
        99,
      ),
    ).toBe(990);
  });

  it("rotates the order so that each client goes first in turn", () => {
    const order = ["a", "b", "c"];
    expect([0, 1, 2, 3].map((round) => rotate(order, round).join(""))).toEqual(["abc", "bca", "cab", "abc"]);
  });
});
