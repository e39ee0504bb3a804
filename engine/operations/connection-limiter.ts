/**
 * At most `limit` requests in flight per connection, whatever the number of fetch-all runs:
 * Tableau Cloud throttles per user and site (tableau-api.md §11).
 */
export class ConnectionLimiter {
  private readonly active = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly limit: number) {}

  /** Resolves with a release function, or null when the signal fired while waiting. */
  async acquire(key: string, signal: AbortSignal): Promise<(() => void) | null> {
    while ((this.active.get(key) ?? 0) >= this.limit) {
      if (signal.aborted) return null;
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key) ?? [];
        queue.push(resolve);
        this.waiting.set(key, queue);
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    if (signal.aborted) return null;
    this.active.set(key, (this.active.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active.set(key, (this.active.get(key) ?? 1) - 1);
      this.waiting.get(key)?.shift()?.();
    };
  }
}
