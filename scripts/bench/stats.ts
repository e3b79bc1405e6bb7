/** A per-operation figure: how long (or how much) over `n` samples. */
export interface Spread {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile: always one of the measured values, never an interpolation. */
function percentile(sorted: readonly number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1]!;
}

export function spreadOf(samples: readonly number[]): Spread {
  if (samples.length === 0) throw new Error('No samples to summarise');
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}

export function single(value: number): Spread {
  return { n: 1, median: value, p95: value, min: value, max: value };
}

export async function elapsedMs(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export function elapsedSyncMs(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}
