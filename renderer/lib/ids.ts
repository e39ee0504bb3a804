/** Ids for tabs, saved requests and runs: random, URL-safe. */
export function newId(prefix = ''): string {
  const random =
    crypto.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return prefix ? `${prefix}-${random}` : random;
}
