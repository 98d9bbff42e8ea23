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
