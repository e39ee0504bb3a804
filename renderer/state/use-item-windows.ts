import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '../api';
import { WindowCache } from '../lib/window-cache';

export const WINDOW_SIZE = 200;
/** 16 windows × 200 items: what is on screen plus a margin, never a whole large list. */
const MAX_WINDOWS = 16;

/**
 * Items of a stored response, read in windows with `response:slice` as the table scrolls
 * (DESIGN.md §8). `ensure(first, last)` asks for the windows covering those rows.
 */
export function useItemWindows(responseId: string, total: number) {
  const cache = useRef(new WindowCache<unknown>(MAX_WINDOWS));
  const inflight = useRef(new Set<number>());
  const visible = useRef(new Set<number>());
  const [firstWindow, setFirstWindow] = useState<unknown[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);

  const load = useCallback(
    (index: number) => {
      if (cache.current.has(index) || inflight.current.has(index)) return;
      inflight.current.add(index);
      const start = index * WINDOW_SIZE;
      call('response:slice', responseId, {
        kind: 'items',
        start,
        end: Math.min(total, start + WINDOW_SIZE),
      })
        .then(
          (slice) => {
            const items = slice.items ?? [];
            cache.current.set(index, items, visible.current);
            if (index === 0) setFirstWindow(items);
            setVersion((v) => v + 1);
          },
          (e: Error) => setError(e.message),
        )
        .finally(() => inflight.current.delete(index));
    },
    [responseId, total],
  );

  const ensure = useCallback(
    (firstRow: number, lastRow: number) => {
      const from = Math.floor(firstRow / WINDOW_SIZE);
      const to = Math.floor(Math.max(firstRow, lastRow) / WINDOW_SIZE);
      visible.current = new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i));
      for (const index of visible.current) load(index);
    },
    [load],
  );

  useEffect(() => {
    if (total > 0) load(0);
  }, [load, total]);

  const row = useCallback(
    (index: number): unknown =>
      cache.current.peek(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE],
    [],
  );

  /** Every item at once, for sorting small lists in place; refused above `limit`. */
  const loadAll = useCallback(
    async (limit: number): Promise<unknown[] | null> => {
      if (total > limit) return null;
      const slice = await call('response:slice', responseId, {
        kind: 'items',
        start: 0,
        end: total,
      });
      return slice.items ?? [];
    },
    [responseId, total],
  );

  return { ensure, row, firstWindow, error, loadAll };
}
