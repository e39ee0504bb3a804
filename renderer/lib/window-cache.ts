/**
 * A bounded cache of item windows for the response table (DESIGN.md §8): the renderer keeps
 * what is on screen plus a margin, never a whole 100,000-item list. Least recently used goes
 * first; windows the caller marks as in view are never evicted.
 */
export class WindowCache<T> {
  private readonly windows = new Map<number, T[]>();

  constructor(private readonly maxWindows: number) {}

  get(index: number): T[] | undefined {
    const window = this.windows.get(index);
    if (window) {
      this.windows.delete(index);
      this.windows.set(index, window);
    }
    return window;
  }

  peek(index: number): T[] | undefined {
    return this.windows.get(index);
  }

  has(index: number): boolean {
    return this.windows.has(index);
  }

  set(index: number, items: T[], keep: ReadonlySet<number> = new Set()): void {
    this.windows.delete(index);
    this.windows.set(index, items);
    for (const key of this.windows.keys()) {
      if (this.windows.size <= this.maxWindows) break;
      if (!keep.has(key) && key !== index) this.windows.delete(key);
    }
  }

  get size(): number {
    return this.windows.size;
  }

  clear(): void {
    this.windows.clear();
  }
}
