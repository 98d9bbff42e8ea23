// The seam where rate-limit pacing plugs into the request loop (transport.ts): `acquire` before
// each attempt, `update` with each response, `release` when the attempt is over. The pacing itself
// (windows, waiting, the Redis store) lives in src/rate-limit/ and never sees a request; the client
// wires it here (createIntercom), or leaves acquire and release out with `rateLimit: false`.
import type { Slot } from "../rate-limit/pacer.js";

export interface Pacer {
  /**
   * Called before every attempt, retries included; the attempt starts when it resolves. Rejects
   * with the signal's reason when the caller aborts (a call may have no signal). `maxWaitMs`: the
   * longest hold worth waiting for (the call's maxRetryAfterMs); past it the attempt goes out at
   * once. Absent: no pacing.
   */
  acquire?: ((signal: AbortSignal | undefined, maxWaitMs: number) => Slot | Promise<Slot>) | undefined;
  /** Called with every response an attempt receives (retried or not), before the retry decision. */
  update(headers: Headers): void;
  /** Called once per acquired slot when its attempt is over, with its response if it got one. */
  release?: ((slot: Slot, response: Response | undefined) => void) | undefined;
}
