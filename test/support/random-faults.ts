// Seeded fault injection for the fake Intercom: the same seed gives the same sequence of faults
// (their order over requests depends on which request arrives first, which concurrency can vary).
import { errorReply, type Fault, type FaultSource } from "./fake-intercom.js";

/** mulberry32: a small, fast, seedable PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FAULT_KINDS = [
  /** 429 with X-RateLimit-Reset (epoch seconds): rejected before anything is done. */
  "429-rate-limit",
  /** 503 before anything is done. */
  "503-unavailable",
  /** The route runs (a create is stored), then a 500 is sent instead of its answer. */
  "500-after-write",
  /** The connection is dropped before the request body is read: nothing is done. */
  "reset-before-body",
  /** The body is read and the route runs, then the connection is dropped without an answer. */
  "reset-after-body",
  /** No headers until after the client's timeout (the route runs only if the client still waits). */
  "stall-before-headers",
  /** The route runs and the headers are sent, then the body stalls past the client's timeout. */
  "stall-body",
  /** The route runs; half of its JSON body is sent under the full Content-Length, then the connection drops. */
  "truncated-json",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface RandomFaultOptions {
  seed: number;
  /** Share of requests that get a fault, in [0, 1]. */
  rate: number;
  /** How long a stall lasts; make it longer than the client's timeout. */
  stallMs: number;
  kinds?: readonly FaultKind[];
  /** A 429's X-RateLimit-Reset is this many seconds after the current one (default 1; 0: no wait). */
  rateLimitResetInS?: number;
}

export interface RandomFaults {
  source: FaultSource;
  /** Faults injected so far, by kind. */
  injected: Record<FaultKind, number>;
}

export function randomFaults(options: RandomFaultOptions): RandomFaults {
  if (!(options.rate >= 0 && options.rate <= 1)) throw new Error(`fault rate must be in [0, 1]`);
  const random = seededRandom(options.seed);
  const kinds = options.kinds ?? FAULT_KINDS;
  const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  const source: FaultSource = () => {
    if (random() >= options.rate) return undefined;
    const kind = kinds[Math.floor(random() * kinds.length)]!;
    injected[kind]++;
    return faultOf(kind, options.stallMs, options.rateLimitResetInS ?? 1);
  };
  return { source, injected };
}

function faultOf(kind: FaultKind, stallMs: number, resetInS: number): Fault {
  switch (kind) {
    case "429-rate-limit": {
      const reset = Math.floor(Date.now() / 1000) + resetInS;
      return {
        kind: "reply",
        ...errorReply(429, "rate_limit_exceeded", "Exceeded rate limit"),
        headers: {
          "X-RateLimit-Limit": "1000",
          "X-RateLimit-Remaining": "0",
          "X-RateLimit-Reset": String(reset),
        },
      };
    }
    case "503-unavailable":
      return {
        kind: "reply",
        ...errorReply(503, "service_unavailable", "Sorry, the API service is unavailable"),
      };
    case "500-after-write":
      return { kind: "applied-then-reply", ...errorReply(500, "server_error", "Server error") };
    case "reset-before-body":
      return { kind: "reset-before-body" };
    case "reset-after-body":
      return { kind: "applied-then-reset" };
    case "stall-before-headers":
      return { kind: "delay", ms: stallMs };
    case "stall-body":
      return { kind: "stall-body", ms: stallMs };
    case "truncated-json":
      return { kind: "truncate" };
  }
}
