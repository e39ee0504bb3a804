import { useCallback, useEffect, useRef, useState } from 'react';
import type { SliceRequest } from '../../shared/ipc/contract';
import type { QuickFilter } from '../../shared/table-view';
import { call } from '../api';
import { WindowCache } from '../lib/window-cache';

export const WINDOW_SIZE = 200;
/** 16 windows × 200 items: what is on screen plus a margin, never a whole large list. */
const MAX_WINDOWS = 16;

export type ItemSort = NonNullable<Extract<SliceRequest, { kind: 'items' }>['sort']>;

/**
 * Items of a stored response, read in windows with `response:slice` as the table scrolls
 * (DESIGN.md §8). `ensure(first, last)` asks for the windows covering those rows. With a
 * sort or a quick filter, main orders and filters the whole list and the windows come in
 * that view; `total` is then the number of matches. A new view starts a fresh cache, and
 * answers for the old one are dropped.
 */
export function useItemWindows(
  responseId: string,
  listTotal: number,
  sort: ItemSort | null,
  filter: QuickFilter | null,
) {
  const cache = useRef(new WindowCache<unknown>(MAX_WINDOWS));
  const inflight = useRef(new Set<number>());
  const visible = useRef(new Set<number>());
  /** Bumped on every view change; a window answered for an older generation is ignored. */
  const generation = useRef(0);
  const [firstWindow, setFirstWindow] = useState<unknown[] | null>(null);
  /** True from a view change until its first window arrives (a first sort of a big list takes a moment). */
  const [sorting, setSorting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Items in the view: the list's length, or the matches of the filter once main has counted. */
  const [total, setTotal] = useState(listTotal);
  /** The view whose windows are in: the table restores its scroll once its own view is. */
  const [loadedKey, setLoadedKey] = useState<string | null>(null);
  const [, setVersion] = useState(0);

  const activeFilter = filter && filter.text.trim() ? filter : null;
  const viewKey = JSON.stringify([
    sort ? `${sort.direction}:${sort.key}` : '',
    activeFilter?.text.trim() ?? '',
    activeFilter?.columns ?? [],
  ]);
  const viewRef = useRef({ sort, filter: activeFilter });
  viewRef.current = { sort, filter: activeFilter };
  const viewKeyRef = useRef(viewKey);
  viewKeyRef.current = viewKey;
  const firstViewKey = useRef(viewKey);
  useEffect(() => {
    if (firstViewKey.current === viewKey) return;
    firstViewKey.current = viewKey;
    generation.current += 1;
    cache.current.clear();
    inflight.current.clear();
    setSorting(true);
    setVersion((v) => v + 1);
  }, [viewKey]);

  const load = useCallback(
    (index: number) => {
      if (cache.current.has(index) || inflight.current.has(index)) return;
      inflight.current.add(index);
      const asked = generation.current;
      const start = index * WINDOW_SIZE;
      const { sort: currentSort, filter: currentFilter } = viewRef.current;
      const askedKey = viewKeyRef.current;
      call('response:slice', responseId, {
        kind: 'items',
        start,
        end: Math.min(listTotal, start + WINDOW_SIZE),
        ...(currentSort ? { sort: currentSort } : {}),
        ...(currentFilter ? { filter: currentFilter } : {}),
      })
        .then(
          (slice) => {
            if (asked !== generation.current) return;
            const items = slice.items ?? [];
            cache.current.set(index, items, visible.current);
            // Columns come from the list as received; a sort or filter must not reshuffle them.
            if (index === 0 && !currentFilter) setFirstWindow((prev) => prev ?? items);
            setTotal(slice.total);
            setLoadedKey(askedKey);
            setSorting(false);
            setVersion((v) => v + 1);
          },
          (e: Error) => asked === generation.current && setError(e.message),
        )
        .finally(() => {
          if (asked === generation.current) inflight.current.delete(index);
        });
    },
    // viewKey: a new view needs a new `load`, so the table asks again for the rows in view.
    [responseId, listTotal, viewKey],
  );

  const ensure = useCallback(
    (firstRow: number, lastRow: number) => {
      // An empty list has no window to ask for (main has no items array for `{}`).
      if (listTotal === 0) return;
      const from = Math.floor(firstRow / WINDOW_SIZE);
      const to = Math.floor(Math.max(firstRow, lastRow) / WINDOW_SIZE);
      visible.current = new Set(Array.from({ length: to - from + 1 }, (_, i) => from + i));
      for (const index of visible.current) load(index);
    },
    [load, listTotal],
  );

  useEffect(() => {
    if (listTotal > 0) load(0);
  }, [load, listTotal]);

  const row = useCallback(
    (index: number): unknown =>
      cache.current.peek(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE],
    [],
  );

  return { ensure, row, firstWindow, sorting, error, total, loaded: loadedKey === viewKey };
}
