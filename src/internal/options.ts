// The one check of a numeric option (timeouts, delays, the retry count, store timings), so that
// each is refused with the same clear message rather than clamped or misread by a timer.
import { IntercomError } from "../errors.js";

/** setTimeout's limit: a longer delay would fire at once (Node clamps it to 1 ms). */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * `value` when it is a number in [min, max] (in (min, max] when `positive`), whole when asked; else
 * an IntercomError naming the option, the range and what it got.
 */
export function checkNumber(
  name: string,
  value: unknown,
  { min = 0, max = MAX_TIMER_MS, positive = false, whole = false, unit = " of ms" } = {},
): number {
  if (
    typeof value !== "number" ||
    !(positive ? value > min : value >= min) ||
    !(value <= max) ||
    (whole && !Number.isInteger(value))
  ) {
    throw new IntercomError(
      `${name} must be a ${whole ? "whole " : ""}number${unit} in ${positive ? "(" : "["}${min}, ${max}], got ${String(value)}`,
    );
  }
  return value;
}
