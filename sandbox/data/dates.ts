const DAY_MS = 86_400_000;

/** Tableau timestamps: ISO-8601 UTC without milliseconds (`2016-08-03T20:34:04Z`). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/**
 * Generated dates are relative to the start of the current UTC day, so "not viewed for
 * 90 days" stays true whenever the sandbox runs, and a seed gives the same data all day.
 */
export function generationAnchor(now = Date.now()): number {
  return Math.floor(now / DAY_MS) * DAY_MS;
}

export const THREE_YEARS_MS = 3 * 365 * DAY_MS;
export { DAY_MS };
