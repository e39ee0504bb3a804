import type { WorkspaceDoc, WorkspaceTab } from '../../shared/documents';
import { specsEqual } from '../lib/request-spec';
import { newTab, type RequestTab, type ResponseRef } from './tab-model';

/**
 * Where the tab's answer is found again (issue 18): the response main holds, the history
 * entry that kept it, and the fetch-all whose merged list replaced it; or, while a restored
 * tab still waits for it, what it was restored with.
 */
export function responseRefOf(tab: RequestTab): ResponseRef | undefined {
  if (tab.reopen) return tab.reopen;
  const operation =
    tab.operation && !tab.operation.running && tab.operation.snapshot?.outcome?.kind === 'fetchAll'
      ? tab.operation.operationId
      : undefined;
  const historyEntryId = tab.fromHistory?.entryId ?? tab.response?.historyEntryId;
  const ref: ResponseRef = {
    ...(tab.response ? { responseId: tab.response.responseId } : {}),
    ...(historyEntryId ? { historyEntryId } : {}),
    ...(operation ? { operationId: operation } : {}),
  };
  return Object.keys(ref).length ? ref : undefined;
}

/** What of the open tabs survives a restart: requests, links, targets and unsaved state, no responses. */
export function toWorkspaceDoc(tabs: RequestTab[], activeId: string | null): WorkspaceDoc {
  // Keys in the schema's order, so an unchanged workspace compares equal to what main returns.
  return {
    schemaVersion: 2,
    tabs: tabs.map((tab): WorkspaceTab => ({
      id: tab.id,
      title: tab.title.trim().slice(0, 300) || 'Request',
      ...(tab.presetId ? { presetId: tab.presetId } : {}),
      savedRequestId: tab.savedRequestId,
      connectionId: tab.connectionId,
      spec: tab.spec,
      ...(specsEqual(tab.spec, tab.baseline) ? {} : { baseline: tab.baseline }),
      ...(tab.userIdFromSignIn ? { userIdFromSignIn: true as const } : {}),
      ...(tab.notice ? { notice: tab.notice.slice(0, 2000) } : {}),
      ...(tab.afterSend.captures.length ? { captures: tab.afterSend.captures } : {}),
      ...(tab.afterSend.assertions.length ? { assertions: tab.afterSend.assertions } : {}),
      ...(JSON.stringify(tab.afterSend) === JSON.stringify(tab.afterSendBaseline)
        ? {}
        : { afterSendBaseline: tab.afterSendBaseline }),
      ...(tab.preview ? { preview: true as const } : {}),
      ...(tab.table ? { table: tab.table } : {}),
      ...(responseRefOf(tab) ? { response: responseRefOf(tab) } : {}),
    })),
    activeTabId: tabs.some((t) => t.id === activeId) ? activeId : null,
  };
}

/**
 * The tabs of a saved workspace, ready to show (an active id naming no tab picks the first).
 * A tab from before tabs named their connection is aimed at `fallbackConnectionId` — the one
 * selected then, where the old build sent it.
 */
export function fromWorkspaceDoc(
  doc: WorkspaceDoc,
  fallbackConnectionId: string,
): {
  tabs: RequestTab[];
  activeId: string | null;
} {
  const tabs = doc.tabs.map((kept) =>
    newTab(kept.id, kept.title, kept.spec, {
      presetId: kept.presetId,
      savedRequestId: kept.savedRequestId,
      connectionId: kept.connectionId ?? fallbackConnectionId,
      baseline: kept.baseline ?? kept.spec,
      ...(kept.userIdFromSignIn ? { userIdFromSignIn: true as const } : {}),
      ...(kept.notice ? { notice: kept.notice } : {}),
      afterSend: { captures: kept.captures ?? [], assertions: kept.assertions ?? [] },
      ...(kept.afterSendBaseline ? { afterSendBaseline: kept.afterSendBaseline } : {}),
      ...(kept.preview ? { preview: true } : {}),
      ...(kept.table ? { table: kept.table } : {}),
      ...(kept.response ? { reopen: kept.response } : {}),
    }),
  );
  const activeId = tabs.some((t) => t.id === doc.activeTabId)
    ? doc.activeTabId
    : (tabs[0]?.id ?? null);
  return { tabs, activeId };
}
