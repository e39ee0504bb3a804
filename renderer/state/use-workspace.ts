import { useEffect, useRef } from 'react';
import type { WorkspaceDoc } from '../../shared/documents';
import { call } from '../api';
import { plainError } from '../lib/user-error';
import type { Notify } from './use-toasts';
import type { TabsApi } from './use-tabs';
import { reopenResponses } from './reopen-responses';
import { fromWorkspaceDoc, toWorkspaceDoc } from './workspace-doc';

/** Quiet time after the last change before the open tabs are written. */
const WRITE_DELAY_MS = 400;

/**
 * Open tabs survive a restart, with their tables and answers: restored once at start (nothing saved, or a file main found
 * unreadable and moved aside, leaves the welcome pane), then written debounced after changes.
 * Nothing is written before the restore, so an early empty state cannot wipe the saved tabs.
 */
export function useWorkspace(
  tabs: TabsApi,
  notify: Notify,
  /** The connection selected now: where tabs saved before tabs named one were sent. */
  fallbackConnectionId: () => string,
): void {
  const { restore, update } = tabs;
  const loaded = useRef(false);
  const lastWritten = useRef<string | null>(null);
  const pending = useRef<{ doc: WorkspaceDoc; text: string } | null>(null);
  const timer = useRef<number | null>(null);
  const fallbackRef = useRef(fallbackConnectionId);
  fallbackRef.current = fallbackConnectionId;

  useEffect(() => {
    let cancelled = false;
    call('workspace:get').then(
      (doc) => {
        if (cancelled) return;
        lastWritten.current = JSON.stringify(doc);
        const restored = fromWorkspaceDoc(doc, fallbackRef.current());
        restore(restored.tabs, restored.activeId);
        loaded.current = true;
        void reopenResponses(restored.tabs, update);
      },
      (error: unknown) => {
        if (cancelled) return;
        loaded.current = true;
        notify(plainError(error, 'Could not restore the open tabs'));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [restore, update, notify]);

  const flush = useRef(() => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (!next || next.text === lastWritten.current) return;
    lastWritten.current = next.text;
    call('workspace:put', next.doc).catch((error: unknown) => {
      lastWritten.current = null;
      notify(plainError(error, 'The open tabs were not saved'));
    });
  });

  useEffect(() => {
    if (!loaded.current) return;
    const doc = toWorkspaceDoc(tabs.tabs, tabs.activeId);
    const text = JSON.stringify(doc);
    if (text === lastWritten.current) return;
    pending.current = { doc, text };
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(flush.current, WRITE_DELAY_MS);
  }, [tabs.tabs, tabs.activeId]);

  // Closing or reloading within the quiet time still saves the last change (best effort).
  useEffect(() => {
    const onHide = () => flush.current();
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, []);
}
