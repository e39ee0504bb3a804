import { useCallback, useEffect, useRef, useState } from 'react';
import type { SliceRequest } from '../../shared/ipc/contract';
import { call } from '../api';
import { WindowCache } from '../lib/window-cache';

export const WINDOW_SIZE = 200;
/** 16 windows × 200 items: what is on screen plus a margin, never a whole large list. */
const MAX_WINDOWS = 16;

export type ItemSort = NonNullable<Extract<SliceRequest, { kind: 'items' }>['sort']>;

/**
 * Items of a stored response, read in windows with `response:slice` as the table scrolls
 * (DESIGN.md §8). `ensure(first, last)` asks for the windows covering those rows. With a
 * sort, main orders the whole list and the windows come in that order; a new sort starts
 * a fresh cache, and answers for the old one are dropped.
 */
export function useItemWindows(responseId: string, total: number, sort: ItemSort | null) {
  const cache = useRef(new WindowCache<unknown>(MAX_WINDOWS));
  const inflight = useRef(new Set<number>());
  const visible = useRef(new Set<number>());
  /** Bumped on every sort change; a window answered for an older generation is ignored. */
  const generation = useRef(0);
  const [firstWindow, setFirstWindow] = useState<unknown[] | null>(null);
  /** True from a sort change until its first window arrives (the first sort of a big list takes a moment). */
  const [sorting, setSorting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [, setVersion] = useState(0);

  const sortKey = sort ? `${sort.direction}:${sort.key}` : '';
  const sortRef = useRef(sort);
  sortRef.current = sort;
  const firstSortKey = useRef(sortKey);
  useEffect(() => {
    if (firstSortKey.current === sortKey) return;
    firstSortKey.current = sortKey;
    generation.current += 1;
    cache.current.clear();
    inflight.current.clear();
    setSorting(true);
    setVersion((v) => v + 1);
  }, [sortKey]);

  const load = useCallback(
    (index: number) => {
      if (cache.current.has(index) || inflight.current.has(index)) return;
      inflight.current.add(index);
      const asked = generation.current;
      const start = index * WINDOW_SIZE;
      const current = sortRef.current;
      call('response:slice', responseId, {
        kind: 'items',
        start,
        end: Math.min(total, start + WINDOW_SIZE),
        ...(current ? { sort: current } : {}),
      })
        .then(
          (slice) => {
            if (asked !== generation.current) return;
            const items = slice.items ?? [];
            cache.current.set(index, items, visible.current);
            // Columns come from the list as received; a sort must not reshuffle them.
            if (index === 0) setFirstWindow((prev) => prev ?? items);
            setSorting(false);
            setVersion((v) => v + 1);
          },
          (e: Error) => asked === generation.current && setError(e.message),
        )
        .finally(() => {
          if (asked === generation.current) inflight.current.delete(index);
        });
    },
    // sortKey: a new sort needs a new `load`, so the table asks again for the rows in view.
    [responseId, total, sortKey],
  );

  const ensure = useCallback(
    (firstRow: number, lastRow: number) => {
      // An empty list has no window to ask for (main has no items array for `{}`).
      if (total === 0) return;
      const from = Math.floor(firstRow / WINDOW_SIZE);
      const to = Math.floor(Math.max(firstRow, lastRow) / WINDOW_SIZE);
      visible.current = new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i));
      for (const index of visible.current) load(index);
    },
    [load, total],
  );

  useEffect(() => {
    if (total > 0) load(0);
  }, [load, total]);

  const row = useCallback(
    (index: number): unknown =>
      cache.current.peek(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE],
    [],
  );

  return { ensure, row, firstWindow, sorting, error };
}
