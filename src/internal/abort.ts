// One "abort" listener per signal, however many calls and attempts wait on it. A long-lived signal (a
// client's, or one shared by a fan-out) would otherwise hold one per attempt in flight, and Node
// warns past its limit (MaxListenersExceededWarning; issue 21, finding 12).
const waiting = new WeakMap<AbortSignal, Set<() => void>>();

/** Calls `callback` when `signal` aborts (at once if it has); returns what stops that. */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  if (signal.aborted) {
    callback();
    return () => undefined;
  }
  let callbacks = waiting.get(signal);
  if (!callbacks) {
    const set = (callbacks = new Set());
    waiting.set(signal, set);
    signal.addEventListener("abort", () => set.forEach((call) => call()), { once: true });
  }
  callbacks.add(callback);
  return () => void callbacks.delete(callback);
}

/** A signal that aborts when either does, with that one's reason; `untie` lets go of both. */
export function either(a: AbortSignal, b: AbortSignal) {
  const controller = new AbortController();
  const stops = [a, b].map((signal) => onAbort(signal, () => controller.abort(signal.reason)));
  return { signal: controller.signal, untie: () => stops.forEach((stop) => stop()) };
}
