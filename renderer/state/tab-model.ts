import type { EventPayload, FetchAllResult } from '../../shared/ipc/contract';
import type { RequestSpec, ResponseSummary } from '../../shared/request';

export type PagerProgress = EventPayload<'pager:progress'>;

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
    ...extra,
  };
}
