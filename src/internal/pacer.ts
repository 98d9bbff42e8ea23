// The seam where rate-limit pacing plugs into the request loop (transport.ts): `acquire` before
// each attempt, `update` with each response. The client's own pacer only records the last
// X-RateLimit-* headers for `intercom.rateLimit`; a shared pacer (Redis, across processes) can wait
// in `acquire` and learn the window from `update`, without touching the request path.

export interface Pacer {
  /**
   * Called before every attempt, retries included; the attempt starts when it resolves. Rejects
   * with the signal's reason when the caller aborts. Absent: attempts start at once.
   */
  acquire?(signal: AbortSignal): Promise<void>;
  /** Called with every response an attempt receives (retried or not), before the retry decision. */
  update(headers: Headers, status: number): void;
}
