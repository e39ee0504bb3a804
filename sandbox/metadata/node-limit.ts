/**
 * Tableau stops a Metadata API query at a node limit (20,000 by default; `metadata.query.limits.count`
 * on Server) and answers what it has with an error beside it (metadata-api-samples#4: "the request
 * exceeded the 20000 node limit"; help.tableau.com dm_catalog_enable.htm: "Showing partial results").
 * The sandbox counts every object in the answer as a node, in document order, and cuts the lists
 * where the budget runs out.
 */

/** Tableau's text, as users quote it; the code as Tableau's error list names the condition. */
export function nodeLimitError(limit: number) {
  return {
    message: `Showing partial results. The request exceeded the ${limit} node limit. Use pagination, additional filtering, or both in the query to adjust results.`,
    extensions: {
      severity: 'WARNING',
      code: 'NODE_LIMIT_EXCEEDED',
      properties: { nodeLimit: limit },
    },
  };
}

/** Objects in `data`, stopping the count once past `limit`. */
export function countNodes(value: unknown, limit: number): number {
  let count = 0;
  const walk = (v: unknown): void => {
    if (count > limit || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item);
      return;
    }
    count++;
    for (const child of Object.values(v as Record<string, unknown>)) walk(child);
  };
  walk(value);
  return count;
}

/** A copy of `data` holding at most `limit` objects: list items after the budget are dropped. */
export function truncateNodes(value: unknown, limit: number): unknown {
  let budget = limit;
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) {
      const kept: unknown[] = [];
      for (const item of v) {
        if (budget <= 0) break;
        kept.push(walk(item));
      }
      return kept;
    }
    budget--;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(v as Record<string, unknown>))
      copy[key] = walk(child);
    return copy;
  };
  return walk(value);
}
