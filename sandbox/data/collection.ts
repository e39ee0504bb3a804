/**
 * An ordered set of items with an id index. `version` changes on every write so list
 * queries can cache filtered and sorted orders and only redo that work after a change.
 */
export class Collection<T extends { id: string }> {
  private items: T[] = [];
  private byId = new Map<string, T>();
  private cache = new Map<string, T[]>();
  version = 0;

  constructor(initial: T[] = []) {
    for (const item of initial) {
      this.items.push(item);
      this.byId.set(item.id, item);
    }
  }

  get size(): number {
    return this.items.length;
  }

  all(): readonly T[] {
    return this.items;
  }

  get(id: string): T | undefined {
    return this.byId.get(id.toLowerCase());
  }

  add(item: T): T {
    this.items.push(item);
    this.byId.set(item.id, item);
    this.touch();
    return item;
  }

  remove(id: string): boolean {
    const item = this.byId.get(id);
    if (!item) return false;
    this.byId.delete(id);
    this.items.splice(this.items.indexOf(item), 1);
    this.touch();
    return true;
  }

  /** Call after mutating an item in place. */
  touch(): void {
    this.version++;
    this.cache.clear();
  }

  /** Memoises a derived order (filter/sort result) until the next write. */
  derived(key: string, compute: () => T[]): T[] {
    const hit = this.cache.get(key);
    if (hit) return hit;
    const value = compute();
    if (this.cache.size > 64) this.cache.clear();
    this.cache.set(key, value);
    return value;
  }
}
