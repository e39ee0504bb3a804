import { useEffect, useState } from 'react';
import {
  DOWNLOAD_KINDS,
  downloadKinds,
  downloadProblem,
  downloadStartSchema,
  PDF_PAGE_TYPES,
  type DownloadKind,
  type DownloadOutcome,
  type DownloadStartInput,
} from '../../shared/downloads';
import { call } from '../api';
import { startDownload } from '../lib/download';
import { formatBytes } from '../lib/format';
import { useOperationFollow } from '../state/use-operation-follow';
import { OperationBar } from './OperationBar';

interface Props {
  connectionId: string;
  signedIn: boolean;
  /** Filled from a publish result ("Download the file"): starts at once. */
  request: { what: DownloadKind; id: string; fileName?: string; nonce: number } | null;
  notify(message: string): void;
}

/**
 * Downloads streamed to a file with progress: a workbook, data source, flow or revision, a
 * view's image, PDF, CSV or crosstab, a custom view; with view filters where Tableau takes
 * them. Electron asks where to save; the web host hands the finished file to the browser.
 */
export function PublishDownloads({ connectionId, signedIn, request, notify }: Props) {
  const [what, setWhat] = useState<DownloadKind>('workbook');
  const [id, setId] = useState('');
  const [revision, setRevision] = useState('');
  const [filters, setFilters] = useState<Array<{ name: string; value: string }>>([]);
  const [highResolution, setHighResolution] = useState(false);
  const [pageType, setPageType] = useState('');
  const [orientation, setOrientation] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const operation = useOperationFollow('download');
  const kind = DOWNLOAD_KINDS[what];

  const start = async (input: DownloadStartInput) => {
    const parsed = downloadStartSchema.safeParse(input);
    const why = parsed.success ? downloadProblem(parsed.data) : parsed.error.issues[0]?.message;
    if (why) {
      setProblem(why);
      return;
    }
    setProblem(null);
    try {
      const done = await operation.run((operationId) =>
        call('downloads:start', connectionId, input, { operationId }),
      );
      const outcome = done?.outcome?.kind === 'download' ? (done.outcome as DownloadOutcome) : null;
      if (outcome?.downloadUrl) startDownload(outcome.downloadUrl, outcome.fileName);
      else if (outcome?.path)
        notify(`Saved ${outcome.fileName} (${formatBytes(outcome.bytes)}) to ${outcome.path}`);
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  // A publish result's "Download the file" fills the form and starts.
  useEffect(() => {
    if (!request) return;
    setWhat(request.what);
    setId(request.id);
    void start({
      kind: 'download',
      what: request.what,
      id: request.id,
      fileName: request.fileName,
    });
    // Started once per request (its nonce), not on every render.
  }, [request?.nonce]);

  const submit = () =>
    void start({
      kind: 'download',
      what,
      id: id.trim(),
      revision: kind.path.includes('{revision}') && revision ? Number(revision) : undefined,
      filters: kind.filters ? filters.filter((f) => f.name.trim()) : [],
      highResolution: what.endsWith('image') && highResolution ? true : undefined,
      pageType:
        what.endsWith('pdf') && pageType
          ? (pageType as (typeof PDF_PAGE_TYPES)[number])
          : undefined,
      orientation:
        what.endsWith('pdf') && orientation ? (orientation as 'Portrait' | 'Landscape') : undefined,
    });

  return (
    <form
      className="publish-form"
      aria-label="Download"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor="download-kind">What</label>
      <select
        id="download-kind"
        value={what}
        onChange={(e) => setWhat(e.target.value as DownloadKind)}
      >
        {downloadKinds.map((k) => (
          <option key={k} value={k}>
            {DOWNLOAD_KINDS[k].label}
          </option>
        ))}
      </select>
      <label htmlFor="download-id">Id</label>
      <input
        id="download-id"
        spellCheck={false}
        value={id}
        placeholder="the item's LUID"
        onChange={(e) => setId(e.target.value)}
      />
      {kind.path.includes('{revision}') && (
        <>
          <label htmlFor="download-revision">Revision</label>
          <input
            id="download-revision"
            type="number"
            min={1}
            value={revision}
            onChange={(e) => setRevision(e.target.value)}
          />
        </>
      )}
      {kind.filters && (
        <fieldset className="download-filters">
          <legend>View filters (vf_Field=value)</legend>
          {filters.map((f, i) => (
            <div key={i} className="download-filter">
              <input
                aria-label={`Filter ${i + 1} field`}
                value={f.name}
                placeholder="vf_Region"
                onChange={(e) =>
                  setFilters(filters.map((g, j) => (j === i ? { ...g, name: e.target.value } : g)))
                }
              />
              <input
                aria-label={`Filter ${i + 1} value`}
                value={f.value}
                placeholder="West"
                onChange={(e) =>
                  setFilters(filters.map((g, j) => (j === i ? { ...g, value: e.target.value } : g)))
                }
              />
              <button
                type="button"
                className="small"
                aria-label={`Remove filter ${i + 1}`}
                onClick={() => setFilters(filters.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </div>
          ))}
          <button
            type="button"
            className="small"
            onClick={() => setFilters([...filters, { name: 'vf_', value: '' }])}
          >
            Add filter
          </button>
        </fieldset>
      )}
      {what.endsWith('image') && (
        <label className="check">
          <input
            type="checkbox"
            checked={highResolution}
            onChange={(e) => setHighResolution(e.target.checked)}
          />{' '}
          High resolution
        </label>
      )}
      {what.endsWith('pdf') && (
        <div className="download-pdf">
          <select
            aria-label="Page type"
            value={pageType}
            onChange={(e) => setPageType(e.target.value)}
          >
            <option value="">Page type (server default)</option>
            {PDF_PAGE_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          <select
            aria-label="Orientation"
            value={orientation}
            onChange={(e) => setOrientation(e.target.value)}
          >
            <option value="">Orientation (default)</option>
            <option>Portrait</option>
            <option>Landscape</option>
          </select>
        </div>
      )}
      {problem && (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={!signedIn || operation.view?.running}>
        Download
      </button>
      {operation.view && (
        <OperationBar
          view={operation.view}
          label="Download"
          summary={
            operation.view.snapshot?.outcome?.kind === 'download'
              ? `Downloaded ${(operation.view.snapshot.outcome as DownloadOutcome).fileName} (${formatBytes((operation.view.snapshot.outcome as DownloadOutcome).bytes)})`
              : undefined
          }
          onCancel={operation.cancel}
          onRetry={() => void operation.retry()}
          onDismiss={operation.dismiss}
          dismissLabel="Dismiss"
        />
      )}
    </form>
  );
}
