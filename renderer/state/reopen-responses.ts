import { call, ApiError } from '../api';
import type { HistoryOrigin, OperationView, RequestTab } from './tab-model';
import type { TabsApi } from './use-tabs';

/**
 * Restored tabs get their answers back (issue 18): the response main still holds (a reloaded
 * window), else the history entry that kept it (a restart), and a fetch-all's merged list
 * from its operation while main keeps it. A tab edited or sent meanwhile keeps what it has.
 */
export async function reopenResponses(
  tabs: RequestTab[],
  update: TabsApi['update'],
): Promise<void> {
  let historyDates: Promise<Map<string, string>> | null = null;
  const sentAt = (entryId: string) =>
    (historyDates ??= call('history:list').then(
      (entries) => new Map(entries.map((e) => [e.id, e.at])),
      () => new Map<string, string>(),
    )).then((dates) => dates.get(entryId) ?? null);

  await Promise.all(
    tabs.map(async (tab) => {
      const ref = tab.reopen;
      if (!ref) return;
      let response: RequestTab['response'] = null;
      let fromHistory: HistoryOrigin | null = null;
      if (ref.responseId || ref.historyEntryId) {
        try {
          response = await call('response:reopen', {
            ...(ref.responseId ? { responseId: ref.responseId } : {}),
            ...(ref.historyEntryId ? { historyEntryId: ref.historyEntryId } : {}),
          });
          if (ref.historyEntryId && response.responseId !== ref.responseId) {
            const at = await sentAt(ref.historyEntryId);
            fromHistory = { entryId: ref.historyEntryId, at: at ?? '', missing: null };
          }
        } catch (error) {
          // history.bodyNotKept says why in the user's words; anything else leaves no answer.
          if (
            error instanceof ApiError &&
            error.code === 'history.bodyNotKept' &&
            ref.historyEntryId
          )
            fromHistory = {
              entryId: ref.historyEntryId,
              at: (await sentAt(ref.historyEntryId)) ?? '',
              missing: error.message,
            };
        }
      }
      let operation: OperationView | null = null;
      if (ref.operationId) {
        try {
          const snapshot = await call('operations:get', ref.operationId);
          const merged = snapshot.outcome?.kind === 'fetchAll' ? snapshot.outcome.responseId : null;
          // Only while main still holds the merged list.
          if (merged) await call('response:slice', merged, { kind: 'items', start: 0, end: 0 });
          operation = {
            operationId: snapshot.operationId,
            kind: snapshot.kind,
            running: false,
            startedAt: Date.parse(snapshot.startedAt),
            progress: null,
            snapshot,
            error: null,
          };
        } catch {
          operation = null;
        }
      }
      update(tab.id, (t) => {
        if (t.reopen !== ref) return t;
        const table =
          t.table && response && t.table.scrollFor === ref.responseId
            ? { ...t.table, scrollFor: response.responseId }
            : t.table;
        return {
          ...t,
          reopen: undefined,
          response: t.response ?? response,
          fromHistory:
            t.fromHistory ?? (fromHistory?.at || fromHistory?.missing ? fromHistory : null),
          operation: t.operation ?? operation,
          table,
        };
      });
    }),
  );
}
