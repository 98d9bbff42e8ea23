// Small statistics for the benchmark report.
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of `values` (need not be sorted). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

/** `order` rotated left by `round` places: each client goes first in turn. */
export function rotate<T>(order: readonly T[], round: number): T[] {
  const k = round % order.length;
  return [...order.slice(k), ...order.slice(0, k)];
}
