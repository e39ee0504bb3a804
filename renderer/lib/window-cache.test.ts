import { describe, expect, it } from 'vitest';
import { WindowCache } from './window-cache';

describe('WindowCache', () => {
  it('holds at most its bound, dropping the least recently used window', () => {
    const cache = new WindowCache<number>(2);
    cache.set(0, [0]);
    cache.set(1, [1]);
    cache.get(0);
    cache.set(2, [2]);
    expect(cache.has(0)).toBe(true);
    expect(cache.has(1)).toBe(false);
    expect(cache.size).toBe(2);
  });

  it('never drops a window the table has in view', () => {
    const cache = new WindowCache<number>(1);
    cache.set(0, [0]);
    cache.set(1, [1], new Set([0]));
    expect(cache.has(0)).toBe(true);
  });
});
