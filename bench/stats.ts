/** Median, min, max and percentiles of a sample; benchmarks report these, tests never time. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  p95: number;
  n: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    median,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    p95: percentile(sorted, 95),
    n: sorted.length,
  };
}

/** Runs `fn` `warmup` times unmeasured, then `reps` times, returning what each run measured. */
export async function repeat(
  warmup: number,
  reps: number,
  fn: () => Promise<number>,
): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const values: number[] = [];
  for (let i = 0; i < reps; i++) values.push(await fn());
  return values;
}
