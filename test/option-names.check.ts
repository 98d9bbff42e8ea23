// Compile-time proof (run by `tsc -p tsconfig.json` in `npm test`) that `names` (src/internal/check.ts),
// which lists createIntercom's and rateLimit's option names, refuses a list that leaves a name out or
// adds one the options type does not have. Each @ts-expect-error fails the build if the error goes.
import { names } from "../src/internal/check.js";

interface Options {
  alpha?: number;
  beta?: string;
  gamma?: boolean;
}
const exactly = names<keyof Options>();

export const complete = exactly("alpha beta gamma");
export const anyOrder = exactly("gamma alpha beta");
// @ts-expect-error -- gamma is missing
export const missing = exactly("alpha beta");
// @ts-expect-error -- delta is not an option
export const extra = exactly("alpha beta gamma delta");
// @ts-expect-error -- a string the compiler cannot read word by word proves nothing
export const widened = exactly("alpha beta gamma" as string);
