import type { Assertion, AssertionResult, Capture, CaptureResult } from '../../shared/captures';
import type { OperationProgressEvent, OperationSnapshot } from '../../shared/operations';
import type { RequestSpec, ResponseSummary } from '../../shared/request';
import type { TableState } from '../../shared/table-view';

/** A response reopened from history rather than received now; `missing` when it was not kept. */
export interface HistoryOrigin {
  entryId: string;
  /** When the request was sent (ISO). */
  at: string;
  /** Why there is no stored body to show, in the user's words. */
  missing: string | null;
}

/** A long-running operation started from a tab (fetch-all today), as the tab shows it. */
export interface OperationView {
  operationId: string;
  kind: OperationSnapshot['kind'];
  running: boolean;
  startedAt: number;
  progress: OperationProgressEvent | null;
  /** The last snapshot, once it has ended (with per-item results). */
  snapshot: OperationSnapshot | null;
  /** Why it could not run or be reached. */
  error: string | null;
}

/** Captures and assertions, edited under the request and saved with it (issue 12). */
export interface AfterSend {
  captures: Capture[];
  assertions: Assertion[];
}

export const NO_AFTER_SEND: AfterSend = { captures: [], assertions: [] };

/** What the captures and assertions found in the last answer, and where each value went. */
export interface AfterSendResult {
  responseId: string;
  captures: Array<CaptureResult & { stored: string | null }>;
  assertions: AssertionResult[];
  /** Why they could not be read (the response was released…). */
  error: string | null;
}

/** Where a tab's answer can be found again after a reload (the response store, history, an operation). */
export interface ResponseRef {
  responseId?: string;
  historyEntryId?: string;
  operationId?: string;
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
  /** The connection this tab sends to; only the tab's own picker changes it (DESIGN.md §11). */
  connectionId: string;
  /** Marked by the version-2 migration: write the signed-in user's id into `{user-id}` at sign-in. */
  userIdFromSignIn?: true;
  /** A note on the tab until dismissed (e.g. that Trestle filled `{user-id}` for the user). */
  notice?: string;
  /** Set when Send was refused for an empty placeholder; the fields then say why. */
  sendBlocked?: boolean;
  sending: boolean;
  requestId: string | null;
  response: ResponseSummary | null;
  /** An engine or transport failure (no HTTP response). */
  failure: { code: string; message: string } | null;
  /** The tab's fetch-all (an operation), whose merged list replaces the page while shown. */
  operation: OperationView | null;
  /** Set while the tab shows a response from history; a send clears it. */
  fromHistory: HistoryOrigin | null;
  /** The response table's sort, filter, columns and scroll, kept across tab switches (issue 18). */
  table?: TableState;
  /**
   * A preview tab (VS Code's): opened by a single click in the catalog, replaced by the next
   * one; a double click, an edit or Send makes it a real tab.
   */
  preview?: boolean;
  /** Where the last answer is to be found again, while a restored tab waits for it. */
  reopen?: ResponseRef;
  /** Captures and assertions applied after every send (issue 12). */
  afterSend: AfterSend;
  /** As last saved or opened; the tab is dirty when `afterSend` differs from it. */
  afterSendBaseline: AfterSend;
  afterSendResult: AfterSendResult | null;
  /** Set when Send was refused for a `{{variable}}`: why, in the user's words. */
  variablesProblem?: string | null;
}

export function newTab(
  id: string,
  title: string,
  spec: RequestSpec,
  extra: Partial<RequestTab> & { connectionId: string },
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
    operation: null,
    fromHistory: null,
    afterSend: NO_AFTER_SEND,
    afterSendResult: null,
    ...extra,
    afterSendBaseline: extra.afterSendBaseline ?? extra.afterSend ?? NO_AFTER_SEND,
  };
}
