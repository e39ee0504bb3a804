import { useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import type { CollectionFolder } from '../../shared/documents';
import type { RunRequest } from '../state/use-runs';
import { Dialog } from './Dialog';

interface Props {
  /** The collection, and the folder inside it when one was picked. */
  collectionId: string;
  folder: CollectionFolder;
  title: string;
  connections: Connection[];
  sessions: Record<string, SessionInfo>;
  defaultConnectionId: string;
  onStart(request: RunRequest): void;
  onClose(): void;
}

function countRequests(folder: CollectionFolder): number {
  return folder.requests.length + folder.folders.reduce((n, f) => n + countRequests(f), 0);
}

type DataChoice = 'none' | 'file' | 'paste';

/**
 * Run a collection or folder (issue 12): which connection, optional iteration data (a CSV or
 * JSON file, or pasted; one pass per row, `{{column}}` from the row), the delay between
 * requests, stop at the first failure, and how many rows at once.
 */
export function RunDialog({
  collectionId,
  folder,
  title,
  connections,
  sessions,
  defaultConnectionId,
  onStart,
  onClose,
}: Props) {
  const [connectionId, setConnectionId] = useState(
    connections.some((c) => c.id === defaultConnectionId)
      ? defaultConnectionId
      : (connections[0]?.id ?? ''),
  );
  const [choice, setChoice] = useState<DataChoice>('none');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [pasted, setPasted] = useState('');
  const [pastedFormat, setPastedFormat] = useState<'csv' | 'json'>('csv');
  const [delayMs, setDelayMs] = useState(0);
  const [concurrency, setConcurrency] = useState(1);
  const [bail, setBail] = useState(false);
  const [fileError, setFileError] = useState<string | null>(null);

  const connection = connections.find((c) => c.id === connectionId);
  const signedIn = Boolean(sessions[connectionId]);
  const requests = countRequests(folder);
  const dataReady = choice === 'none' || (choice === 'file' ? file !== null : pasted.trim() !== '');
  const canStart = Boolean(connection) && signedIn && requests > 0 && dataReady;

  const start = () => {
    if (!canStart || !connection) return;
    const data =
      choice === 'file' && file
        ? {
            format: (/\.json$/i.test(file.name) ? 'json' : 'csv') as 'csv' | 'json',
            text: file.text,
            name: file.name,
          }
        : choice === 'paste'
          ? { format: pastedFormat, text: pasted, name: 'pasted data' }
          : undefined;
    onStart({
      title,
      connectionId,
      connectionName: connection.name,
      source: {
        from: 'saved',
        collectionId,
        ...(folder.id === collectionId ? {} : { folderId: folder.id }),
      },
      data,
      options: { delayMs, bail, concurrency },
    });
    onClose();
  };

  return (
    <Dialog
      title={`Run ${title}`}
      wide
      onClose={onClose}
      onSubmit={start}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!canStart}>
            Run
          </button>
        </>
      }
    >
      <p className="muted">
        {requests} {requests === 1 ? 'request' : 'requests'} in order — this folder’s own first,
        then each subfolder’s — with captures flowing from one to the next.
      </p>
      <div className="form-grid">
        <label htmlFor="run-connection">Connection</label>
        <div className="toolbar">
          <select
            id="run-connection"
            value={connectionId}
            onChange={(e) => setConnectionId(e.target.value)}
          >
            {connections.map((c) => (
              <option key={c.id} value={c.id}>
                {c.production ? `${c.name} (PRODUCTION)` : c.name}
              </option>
            ))}
          </select>
          {!signedIn && connection && (
            <span className="field-error" role="alert">
              Sign in to {connection.name} first.
            </span>
          )}
          {connection?.production && (
            <span className="tag danger">PRODUCTION: every write in the run is sent</span>
          )}
        </div>
        <span>Iteration data</span>
        <div className="toolbar" role="radiogroup" aria-label="Iteration data">
          {(
            [
              ['none', 'None (one pass)'],
              ['file', 'A CSV or JSON file'],
              ['paste', 'Pasted'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className="radio">
              <input
                type="radio"
                name="run-data"
                checked={choice === value}
                onChange={() => setChoice(value)}
              />{' '}
              {label}
            </label>
          ))}
        </div>
        {choice === 'file' && (
          <>
            <label htmlFor="run-file">File</label>
            <div>
              <input
                id="run-file"
                type="file"
                accept=".csv,.json,text/csv,application/json"
                onChange={(e) => {
                  const picked = e.target.files?.[0];
                  setFileError(null);
                  if (!picked) return setFile(null);
                  if (picked.size > 50_000_000)
                    return setFileError('The file is over 50 MB: split it into several runs.');
                  void picked.text().then(
                    (text) => setFile({ name: picked.name, text }),
                    (error: Error) => setFileError(error.message),
                  );
                }}
              />
              {file && (
                <span className="muted small-text">
                  {' '}
                  {file.name}: {/\.json$/i.test(file.name) ? 'JSON' : 'CSV'}
                </span>
              )}
              {fileError && (
                <span className="field-error" role="alert">
                  {fileError}
                </span>
              )}
            </div>
          </>
        )}
        {choice === 'paste' && (
          <>
            <label htmlFor="run-paste">Data rows</label>
            <div className="run-paste">
              <select
                aria-label="Pasted format"
                value={pastedFormat}
                onChange={(e) => setPastedFormat(e.target.value as 'csv' | 'json')}
              >
                <option value="csv">CSV with a header line</option>
                <option value="json">JSON array of objects</option>
              </select>
              <textarea
                id="run-paste"
                className="mono"
                rows={6}
                spellCheck={false}
                placeholder={
                  pastedFormat === 'csv'
                    ? 'name,siteRole\nana@example.com,Viewer'
                    : '[{"name": "ana@example.com", "siteRole": "Viewer"}]'
                }
                value={pasted}
                onChange={(e) => setPasted(e.target.value)}
              />
            </div>
          </>
        )}
        <label htmlFor="run-delay">Delay between requests</label>
        <div className="toolbar">
          <input
            id="run-delay"
            type="number"
            min={0}
            max={600000}
            value={delayMs}
            onChange={(e) => setDelayMs(Math.max(0, Math.round(Number(e.target.value) || 0)))}
          />
          <span className="muted">ms</span>
        </div>
        <label htmlFor="run-concurrency">Rows at once</label>
        <div className="toolbar">
          <input
            id="run-concurrency"
            type="number"
            min={1}
            max={10}
            value={concurrency}
            onChange={(e) =>
              setConcurrency(Math.min(10, Math.max(1, Math.round(Number(e.target.value) || 1))))
            }
          />
          <span className="muted small-text">a row’s own requests always go one after another</span>
        </div>
        <span />
        <label className="checkbox">
          <input type="checkbox" checked={bail} onChange={(e) => setBail(e.target.checked)} /> Stop
          at the first failure (otherwise continue)
        </label>
      </div>
    </Dialog>
  );
}
