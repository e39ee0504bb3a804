import { useCallback, useEffect, useRef, useState } from 'react';
import type { CollectionsDoc } from '../../shared/documents';
import { call } from '../api';
import { plainError } from '../lib/user-error';
import { removeNode, restoreNode } from './collection-tree';
import type { Notify } from './use-toasts';

const EMPTY: CollectionsDoc = { schemaVersion: 2, collections: [] };

/**
 * The collections document lives in React state; after each change the whole document is
 * written with `collections:put` (one write in flight; the newest state wins).
 */
export function useCollections(notify: Notify) {
  const [doc, setDoc] = useState<CollectionsDoc>(EMPTY);
  const [loaded, setLoaded] = useState(false);
  const writing = useRef<Promise<void> | null>(null);
  const pending = useRef<CollectionsDoc | null>(null);

  useEffect(() => {
    call('collections:get').then(
      (stored) => {
        setDoc(stored);
        setLoaded(true);
      },
      (error: unknown) => {
        setLoaded(true);
        notify(plainError(error, 'Could not load collections'));
      },
    );
  }, [notify]);

  const flush = useCallback(() => {
    if (writing.current || !pending.current) return;
    const next = pending.current;
    pending.current = null;
    writing.current = call('collections:put', next)
      .then(
        () => undefined,
        (error: unknown) => notify(plainError(error, 'Collections were not saved')),
      )
      .finally(() => {
        writing.current = null;
        flush();
      });
  }, [notify]);

  const change = useCallback(
    (next: CollectionsDoc) => {
      setDoc(next);
      pending.current = next;
      flush();
    },
    [flush],
  );

  const docRef = useRef(doc);
  docRef.current = doc;

  /** Deletes a collection, folder or request, with Undo in a toast. */
  const remove = useCallback(
    (id: string, label: string) => {
      const taken = removeNode(docRef.current, id);
      if (!taken) return;
      change(taken.doc);
      notify(`Deleted “${label}”.`, {
        action: { label: 'Undo', run: () => change(restoreNode(docRef.current, taken.removed)) },
      });
    },
    [change, notify],
  );

  return { doc, loaded, change, remove, current: () => docRef.current };
}

export type CollectionsApi = ReturnType<typeof useCollections>;
