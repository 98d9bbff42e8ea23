// The fake's rate limit: Intercom's fixed windows, with its X-RateLimit-* headers.

/**
 * Intercom's rate limit as a fixed window: `limit` requests per `windowMs` (a whole number of
 * seconds, windows aligned to `originMs`, the epoch unless told, so that X-RateLimit-Reset is exact),
 * the X-RateLimit-* headers on every answer, and a 429 for each request beyond the budget. `skewMs`
 * moves the server's clock against the client's. A long window that a test needs far from its end
 * starts now (`FixedWindow.startingNow`): aligned to the epoch, an hour-long window ends at the next
 * full hour, which may be seconds away.
 */
export class FixedWindow {
  /** Requests answered by the route, and requests refused with a 429. */
  admitted = 0;
  refused = 0;
  private window = -1;
  private used = 0;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    public skewMs = 0,
    readonly originMs = 0,
  ) {
    if (!Number.isInteger(limit) || limit < 0) throw new Error("limit must be a whole number, 0 or more");
    if (!(windowMs > 0) || windowMs % 1000 !== 0)
      throw new Error("windowMs must be whole seconds (X-RateLimit-Reset is)");
    if (originMs % 1000 !== 0) throw new Error("originMs must be whole seconds (X-RateLimit-Reset is)");
  }

  /** A window whose first starts at the current second: its reset is `windowMs` (less under a second) away. */
  static startingNow(limit: number, windowMs: number): FixedWindow {
    return new FixedWindow(limit, windowMs, 0, Math.floor(Date.now() / 1000) * 1000);
  }

  /** Counts one request: whether it is refused, and the headers of its answer. */
  take(): { refused: boolean; headers: Record<string, string> } {
    const now = Date.now() + this.skewMs - this.originMs;
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    const refused = this.used >= this.limit;
    if (refused) this.refused++;
    else {
      this.used++;
      this.admitted++;
    }
    return {
      refused,
      headers: {
        "X-RateLimit-Limit": String(this.limit),
        "X-RateLimit-Remaining": String(this.limit - this.used),
        "X-RateLimit-Reset": String((this.originMs + (window + 1) * this.windowMs) / 1000),
      },
    };
  }
}
