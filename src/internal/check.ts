// The one check of a numeric option (timeouts, delays, the retry count, store timings), so that
// each is refused with the same clear message rather than clamped or misread by a timer.
import { IntercomError } from "../errors.js";

/** setTimeout's limit: a longer delay would fire at once (Node clamps it to 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

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

/** The words of a space-separated list, as a union type. */
type Words<S extends string> = S extends `${infer Head} ${infer Rest}` ? Head | Words<Rest> : S;

/**
 * The names an options object may have, written as one space-separated string that the compiler
 * checks against `Keys` (`names<keyof Options>()("a b c")`): a name missing from the list, or one
 * the type does not have, is a type error that says which.
 */
export const names =
  <Keys extends string>() =>
  <const S extends string>(
    list: S &
      ([Keys] extends [Words<S>]
        ? [Words<S>] extends [Keys]
          ? unknown
          : { notAnOption: Exclude<Words<S>, Keys> }
        : { missing: Exclude<Keys, Words<S>> }),
  ): ReadonlySet<string> =>
    new Set(list.split(" "));
