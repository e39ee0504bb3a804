import type { OperationProgress } from '../../shared/operations';
import { formatDuration } from './format';

/**
 * Time left as people say it: nothing to estimate once every item is in ("finishing"), no
 * "about 0 ms" for the last instant ("under a second"), and "estimating…" before a rate.
 */
export function timeLeftText(
  progress: Pick<OperationProgress, 'done' | 'total' | 'etaMs'>,
): string {
  if (progress.total !== null && progress.done >= progress.total) return 'finishing';
  if (progress.etaMs === null) return 'estimating…';
  if (progress.etaMs < 1000) return 'under a second left';
  return `about ${formatDuration(progress.etaMs)} left`;
}

/** The share done and the time the operation has run so far: `40% · 2.1 s so far`. */
export function doneSoFarText(fraction: number, elapsedMs: number): string {
  return `${Math.round(fraction * 100)}% · ${formatDuration(Math.max(0, elapsedMs))} so far`;
}
