import type { EventPayload, FetchAllResult } from '../../shared/ipc/contract';
import type { RequestSpec, ResponseSummary } from '../../shared/request';

export type PagerProgress = EventPayload<'pager:progress'>;

/** A response reopened from history rather than received now; `missing` when it was not kept. */
export interface HistoryOrigin {
  entryId: string;
  /** When the request was sent (ISO). */
  at: string;
  /** Why there is no stored body to show, in the user's words. */
  missing: string | null;
}

export interface FetchAllState {
  runId: string;
  running: boolean;
  startedAt: number;
  progress: PagerProgress | null;
  result: FetchAllResult | null;
  error: string | null;
}

/** One open request: its spec, what it was saved as, and its last response. */
export interface RequestTab {
  id: string;
  title: string;
  presetId?: string;
  spec: RequestSpec;
  /** The spec as last saved or opened; the tab is dirty when `spec` differs from it. */
  baseline: RequestSpec;
  /** The saved request this tab edits, when it came from or was saved to a collection. */
  savedRequestId: string | null;
  sending: boolean;
  requestId: string | null;
  response: ResponseSummary | null;
  /** An engine or transport failure (no HTTP response). */
  failure: { code: string; message: string } | null;
  fetchAll: FetchAllState | null;
  /** Set while the tab shows a response from history; a send clears it. */
  fromHistory: HistoryOrigin | null;
}

export function newTab(
  id: string,
  title: string,
  spec: RequestSpec,
  extra: Partial<RequestTab> = {},
): RequestTab {
  return {
    id,
    title,
    spec,
    baseline: spec,
    savedRequestId: null,
    sending: false,
    requestId: null,
    response: null,
    failure: null,
    fetchAll: null,
    fromHistory: null,
    ...extra,
  };
}
