import { useState } from 'react';
import { formatBytes, formatCount, formatDuration, formatTimeOfDay } from '../lib/format';
import type { ExportView } from '../../shared/ipc/contract';
import type { TableState } from '../../shared/table-view';
import { fittedError } from '../lib/error-context';
import type { RequestTab } from '../state/tab-model';
import type { Runner } from '../state/use-request-runner';
import { HeadersView, PrettyView, RawView } from './BodyViews';
import { FetchAllSummary } from './FetchAllSummary';
import { GraphqlFetchAllSummary } from './GraphqlFetchAllSummary';
import { OperationBar } from './OperationBar';
import { PaginationBar } from './PaginationBar';
import { ResponseTable } from './ResponseTable';
import { TableauErrorPanel } from './TableauErrorPanel';
import { AfterSendResults } from './AfterSendResults';

type View = 'table' | 'pretty' | 'raw' | 'headers';

interface Props {
  tab: RequestTab;
  runner: Runner;
  /** `view`: the table as shown (sort, filter, columns); absent: everything in server order. */
  onExport(responseId: string, format: 'json' | 'csv', view?: ExportView): void;
  onNotice(message: string): void;
  /** The tab's table state changed (sort, filter, columns, scroll): kept with the tab. */
  onTableState?(patch: Partial<TableState>): void;
}

/** Status, time, size; the Tableau error panel; pagination and fetch-all; Table/Pretty/Raw/Headers. */
export function ResponseViewer({ tab, runner, onExport, onNotice, onTableState }: Props) {
  const { response, operation } = tab;
  const outcome =
    operation?.snapshot?.outcome?.kind === 'fetchAll' ? operation.snapshot.outcome : null;
  const graphqlOutcome =
    operation?.snapshot?.outcome?.kind === 'metadataFetchAll' ? operation.snapshot.outcome : null;
  const mergedFrom = outcome ?? graphqlOutcome;
  const merged = mergedFrom?.responseId
    ? { id: mergedFrom.responseId, total: mergedFrom.items }
    : null;
  // A Metadata API answer whose top …Connection has more nodes than it holds: Fetch all follows it.
  const connection = response?.graphql?.connection ?? null;
  const pageable =
    connection !== null &&
    (connection.hasNextPage === true ||
      (connection.totalCount !== null && connection.totalCount > connection.nodes));
  const list = merged
    ? { id: merged.id, total: merged.total }
    : response?.list
      ? { id: response.responseId, total: response.list.count }
      : null;
  const [chosen, setChosen] = useState<View | null>(null);
  const view: View =
    chosen === 'table' && !list ? 'pretty' : (chosen ?? (list ? 'table' : 'pretty'));

  if (tab.failure?.code === 'request.cancelled') {
    return (
      <section className="response empty-state" aria-label="Response">
        <p className="empty" role="status">
          Cancelled: the request was stopped before an answer came, so there is no response.
        </p>
      </section>
    );
  }
  if (tab.failure) {
    return (
      <section className="response" aria-label="Response">
        <div role="alert" className="failure">
          <strong>The request was not sent or got no answer.</strong>
          <p>{tab.failure.message}</p>
          <p className="muted small-text">{tab.failure.code}</p>
        </div>
      </section>
    );
  }
  if (!response && tab.fromHistory?.missing) {
    return (
      <section className="response empty-state" aria-label="Response">
        <p className="empty" role="status">
          <span className="tag from-history" aria-label="From history">
            from history, {formatTimeOfDay(tab.fromHistory.at)}
          </span>{' '}
          {tab.fromHistory.missing}
        </p>
      </section>
    );
  }
  if (!response) {
    return (
      <section className="response empty-state" aria-label="Response">
        <p className="empty">
          {tab.sending
            ? 'Sending…'
            : tab.fromHistory
              ? 'Opening the response from history…'
              : tab.reopen
                ? 'Bringing back the last response…'
                : 'Press Send (Ctrl+Enter) to see the response here.'}
        </p>
      </section>
    );
  }

  const ok = response.status < 400;
  const sourceId = list?.id ?? response.responseId;
  return (
    <section className="response" aria-label="Response">
      <div className="response-meta">
        <span className={`badge ${ok ? 'ok' : 'bad'}`} aria-label="Status">
          {response.status} {response.statusText}
        </span>
        {merged && operation?.snapshot && mergedFrom ? (
          // The merged list's own figures, not the first page's: the whole operation's time
          // and how many items it holds.
          <>
            <span aria-label="Time" title="Fetch all: every page, start to end">
              {formatDuration(operation.snapshot.elapsedMs)} for {formatCount(mergedFrom.pages)}{' '}
              {mergedFrom.pages === 1 ? 'page' : 'pages'}
            </span>
            <span aria-label="Size">
              {formatCount(mergedFrom.items)} {mergedFrom.items === 1 ? 'item' : 'items'}
            </span>
          </>
        ) : (
          <>
            <span aria-label="Time">{formatDuration(response.timings.totalMs)}</span>
            <span aria-label="Size">{formatBytes(response.size.bodyBytes)}</span>
          </>
        )}
        {tab.fromHistory && (
          <span
            className="tag from-history"
            aria-label="From history"
            title={`Stored in history when the request was sent (${tab.fromHistory.at}); not a fresh answer. Send to get one.`}
          >
            from history, {formatTimeOfDay(tab.fromHistory.at)}
          </span>
        )}
        {response.reSignedIn && (
          <span className="tag" role="note">
            re-signed in
          </span>
        )}
        {response.retries > 0 && <span className="tag">retried {response.retries}×</span>}
        {tab.sending && <span className="muted">sending…</span>}
        <span className="spacer" />
        <div className="view-tabs" role="tablist" aria-label="Response views">
          {(['table', 'pretty', 'raw', 'headers'] as const).map((v) => (
            <button
              key={v}
              type="button"
              role="tab"
              className="subtab"
              aria-selected={view === v}
              disabled={v === 'table' && !list}
              onClick={() => setChosen(v)}
            >
              {v === 'table'
                ? 'Table'
                : v === 'pretty'
                  ? 'Pretty'
                  : v === 'raw'
                    ? 'Raw'
                    : `Headers (${response.headers.length})`}
            </button>
          ))}
        </div>
      </div>
      {tab.afterSendResult?.responseId === response.responseId && !tab.fromHistory && (
        <AfterSendResults result={tab.afterSendResult} />
      )}
      {response.error && (
        <TableauErrorPanel
          error={fittedError(tab, response) ?? response.error}
          status={response.status}
        />
      )}
      {response.pagination && !merged && (
        <div className="pager-row">
          <PaginationBar
            pagination={response.pagination}
            pageItems={response.list?.count ?? 0}
            busy={tab.sending || Boolean(operation?.running)}
            onPage={(n, size) => runner.goToPage(tab.id, n, size)}
          />
          {!operation?.running && (
            <button
              type="button"
              className="small"
              onClick={() => runner.fetchAll(tab.id)}
              title={`Fetch all ${formatCount(response.pagination.totalAvailable)} items, 1000 per page`}
            >
              Fetch all
            </button>
          )}
        </div>
      )}
      {pageable && !merged && !operation?.running && (
        <div className="pager-row">
          <span className="muted">
            {formatCount(connection.nodes)} of{' '}
            {connection.totalCount === null ? 'more' : formatCount(connection.totalCount)}{' '}
            {connection.key} nodes
          </span>
          <button
            type="button"
            className="small"
            onClick={() => runner.metadataFetchAll(tab.id)}
            title={`Fetch every node of ${connection.key}: offsets at once where the field takes them, else cursors; the page size is lowered on the node limit`}
          >
            Fetch all
          </button>
        </div>
      )}
      {operation && (
        <OperationBar
          view={operation}
          label="Fetch-all"
          summary={
            operation.snapshot && outcome ? (
              <FetchAllSummary state={operation.snapshot.state} outcome={outcome} />
            ) : operation.snapshot && graphqlOutcome ? (
              <GraphqlFetchAllSummary state={operation.snapshot.state} outcome={graphqlOutcome} />
            ) : undefined
          }
          onCancel={() => runner.cancel(tab.id)}
          onRetry={() => runner.retryFailed(tab.id)}
          onDismiss={() => runner.dismissFetchAll(tab.id)}
          dismissLabel="Back to the page"
        />
      )}
      <div className="response-body">
        {view === 'table' && list && (
          <ResponseTable
            key={list.id}
            responseId={list.id}
            total={list.total}
            onNotice={onNotice}
            state={tab.table}
            onState={onTableState}
            onExport={(format, view) => onExport(list.id, format, view)}
            connectionId={tab.connectionId}
          />
        )}
        {view === 'pretty' && (
          <PrettyView
            key={sourceId}
            response={response}
            responseId={merged ? merged.id : response.responseId}
            bodyBytes={merged ? null : response.size.bodyBytes}
            onShowRaw={() => setChosen('raw')}
          />
        )}
        {view === 'raw' && (
          <RawView
            key={sourceId}
            response={response}
            responseId={merged ? merged.id : response.responseId}
          />
        )}
        {view === 'headers' && <HeadersView response={response} />}
      </div>
    </section>
  );
}
