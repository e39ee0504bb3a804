import { useCallback, useMemo, useRef, useState } from 'react';
import type { RequestSpec } from '../../shared/request';
import { call } from '../api';
import { newId } from '../lib/ids';
import { emptySpec, specsEqual } from '../lib/request-spec';
import { newTab, type RequestTab } from './tab-model';

/** Releases a response body main keeps for us; it is gone for good once nothing shows it. */
export function releaseResponse(responseId: string | null | undefined): void {
  if (responseId) void call('response:release', responseId).catch(() => undefined);
}

function responseIdsOf(tab: RequestTab): string[] {
  return [
    tab.response?.responseId,
    tab.operation?.snapshot?.outcome?.kind === 'fetchAll'
      ? tab.operation.snapshot.outcome.responseId
      : undefined,
  ].filter((id): id is string => Boolean(id));
}

/** The open request tabs. `update` takes a function so async results land on fresh state. */
export function useTabs() {
  const [tabs, setTabs] = useState<RequestTab[]>([]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const tabsRef = useRef(tabs);
  tabsRef.current = tabs;

  const update = useCallback((id: string, fn: (tab: RequestTab) => RequestTab) => {
    setTabs((prev) =>
      prev.map((tab) => {
        if (tab.id !== id) return tab;
        const next = fn(tab);
        const kept = new Set(responseIdsOf(next));
        for (const old of responseIdsOf(tab)) if (!kept.has(old)) releaseResponse(old);
        return next;
      }),
    );
  }, []);

  /** Opens a tab aimed at `extra.connectionId`: the caller names the connection, always. */
  const open = useCallback(
    (title: string, spec: RequestSpec, extra: Partial<RequestTab> & { connectionId: string }) => {
      const id = newId('tab');
      setTabs((prev) => [...prev, newTab(id, title, spec, extra)]);
      setActiveId(id);
      return id;
    },
    [],
  );

  /**
   * A preview tab (VS Code's `enablePreview`): the catalog's single click opens one, and the
   * next single click replaces it in place; a click on the preset it already shows only
   * focuses it. Answers the tab's id and the id of the tab it replaced, if any.
   */
  const openPreview = useCallback(
    (title: string, spec: RequestSpec, extra: Partial<RequestTab> & { connectionId: string }) => {
      const current = tabsRef.current;
      const previous = current.find((t) => t.preview);
      if (previous && previous.presetId && previous.presetId === extra.presetId) {
        setActiveId(previous.id);
        return { id: previous.id, replaced: null };
      }
      const id = newId('tab');
      const tab = newTab(id, title, spec, { ...extra, preview: true });
      if (previous) for (const responseId of responseIdsOf(previous)) releaseResponse(responseId);
      setTabs((prev) =>
        previous ? prev.map((t) => (t.id === previous.id ? tab : t)) : [...prev, tab],
      );
      setActiveId(id);
      return { id, replaced: previous?.id ?? null };
    },
    [],
  );

  /** Makes a preview tab a real one (a double click, an edit, Send, Save). */
  const keep = useCallback(
    (id: string) => update(id, (t) => (t.preview ? { ...t, preview: undefined } : t)),
    [update],
  );

  const openBlank = useCallback(
    (connectionId: string) => open('New request', emptySpec(), { connectionId }),
    [open],
  );

  /** Puts tabs from the saved workspace back, before any opened since start. */
  const restore = useCallback((restored: RequestTab[], restoredActiveId: string | null) => {
    if (restored.length === 0) return;
    setTabs((prev) => [...restored, ...prev.filter((t) => !restored.some((r) => r.id === t.id))]);
    setActiveId((current) => current ?? restoredActiveId ?? restored[0].id);
  }, []);

  /** Focuses the tab already editing a saved request, if any. */
  const focusSaved = useCallback((savedRequestId: string) => {
    const existing = tabsRef.current.find((t) => t.savedRequestId === savedRequestId);
    if (existing) setActiveId(existing.id);
    return Boolean(existing);
  }, []);

  const close = useCallback((id: string) => {
    const current = tabsRef.current;
    const index = current.findIndex((t) => t.id === id);
    if (index < 0) return;
    const closing = current[index];
    for (const responseId of responseIdsOf(closing)) releaseResponse(responseId);
    if (closing.requestId && closing.sending)
      void call('request:cancel', closing.requestId).catch(() => undefined);
    const rest = current.filter((t) => t.id !== id);
    setTabs(rest);
    setActiveId((active) =>
      active === id ? (rest[Math.min(index, rest.length - 1)]?.id ?? null) : active,
    );
  }, []);

  const active = useMemo(() => tabs.find((t) => t.id === activeId) ?? null, [tabs, activeId]);
  const get = useCallback((id: string) => tabsRef.current.find((t) => t.id === id), []);

  return {
    tabs,
    active,
    activeId,
    setActiveId,
    update,
    open,
    openPreview,
    keep,
    openBlank,
    restore,
    focusSaved,
    close,
    get,
  };
}

export type TabsApi = ReturnType<typeof useTabs>;

export function isDirty(tab: RequestTab): boolean {
  return (
    !specsEqual(tab.spec, tab.baseline) ||
    JSON.stringify(tab.afterSend) !== JSON.stringify(tab.afterSendBaseline)
  );
}
