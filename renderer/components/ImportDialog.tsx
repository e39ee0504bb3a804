import { useEffect, useState } from 'react';
import type { Connection } from '../../shared/connection';
import type { CollectionFolder, CollectionsDoc } from '../../shared/documents';
import { detectImport, type ImportInput, type Imported } from '../../shared/interop/detect';
import { mergeEnvironment } from '../../shared/interop/postman-environment';
import type { ConnectionHint, Outcome } from '../../shared/interop/report';
import { call } from '../api';
import { newId } from '../lib/ids';
import { plainError } from '../lib/user-error';
import { folderOptions } from '../state/collection-tree';
import { useChain } from '../state/use-chaining';
import type { CollectionsApi } from '../state/use-collections';
import { offerConnection } from '../lib/connection-offer';
import { Dialog } from './Dialog';
import { ImportReportView } from './ImportReportView';
import '../styles/interop.css';

const NEW = '__new__';

interface Props {
  collections: CollectionsApi;
  onClose(): void;
  /** Says what was imported (a toast). */
  onDone(message: string): void;
}

/** A collection added at the top, or as a folder of the chosen one; names kept unique there. */
function insert(doc: CollectionsDoc, target: string, collection: CollectionFolder): CollectionsDoc {
  const unique = (names: string[], name: string) => {
    let out = name;
    for (let n = 2; names.includes(out); n++) out = `${name} (${n})`;
    return out;
  };
  if (target === NEW)
    return {
      ...doc,
      collections: [
        ...doc.collections,
        {
          ...collection,
          name: unique(
            doc.collections.map((c) => c.name),
            collection.name,
          ),
        },
      ],
    };
  const place = (folders: CollectionFolder[]): CollectionFolder[] =>
    folders.map((f) =>
      f.id === target
        ? {
            ...f,
            folders: [
              ...f.folders,
              {
                ...collection,
                name: unique(
                  f.folders.map((x) => x.name),
                  collection.name,
                ),
              },
            ],
          }
        : { ...f, folders: place(f.folders) },
    );
  return { ...doc, collections: place(doc.collections) };
}

function hintText(hint: ConnectionHint): string | null {
  const parts = [
    hint.serverUrl && `server ${hint.serverUrl}`,
    hint.siteContentUrl !== undefined &&
      `site “${hint.siteContentUrl}”${hint.siteContentUrl === '' ? ' (Default)' : ''}`,
    hint.identity && `${hint.authKind === 'pat' ? 'PAT' : 'user'} ${hint.identity}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/**
 * Import (DESIGN.md §13): a Postman collection or environment, curl commands, or Trestle's
 * collection files — from a file, a folder or pasted text. The report shows what was mapped,
 * changed and not carried over before anything is saved; Import saves, Cancel leaves
 * everything as it was.
 */
export function ImportDialog({ collections, onClose, onDone }: Props) {
  const chain = useChain();
  const [connections, setConnections] = useState<Connection[]>([]);
  const [connectionId, setConnectionId] = useState(
    () => localStorage.getItem('trestle.activeConnection') ?? 'sandbox',
  );
  const [pasted, setPasted] = useState('');
  const [source, setSource] = useState<ImportInput | null>(null);
  const [result, setResult] = useState<Outcome<Imported> | null>(null);
  const [target, setTarget] = useState(NEW);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    call('connections:list').then(setConnections, () => setConnections([]));
  }, []);
  const connection = connections.find((c) => c.id === connectionId) ?? connections[0];

  // The report is worked out again when the connection changes (curl checks its server).
  useEffect(() => {
    if (!source) return;
    const read = detectImport(source, {
      newId: () => newId('imp'),
      connectionId: connection?.id,
      serverUrl: connection?.serverUrl,
    });
    setResult(read);
    if (read.ok && read.kind === 'collection') setName(read.collection.name);
  }, [source, connection?.id, connection?.serverUrl]);

  const readFile = async (file: File) => {
    setSaveError(null);
    if (/\.tar$/i.test(file.name))
      setSource({
        kind: 'bytes',
        bytes: new Uint8Array(await file.arrayBuffer()),
        name: file.name,
      });
    else setSource({ kind: 'text', text: await file.text(), name: file.name });
  };
  const readFolder = async (list: FileList) => {
    const files = await Promise.all(
      [...list]
        .filter((f) => f.name.endsWith('.json'))
        .map(async (f) => ({ path: f.webkitRelativePath || f.name, text: await f.text() })),
    );
    setSource({ kind: 'files', files });
  };

  const imported = result?.ok ? result : null;
  const save = async () => {
    if (!imported) return;
    setSaving(true);
    setSaveError(null);
    try {
      if (imported.kind === 'collection') {
        const collection = {
          ...imported.collection,
          name: name.trim() || imported.collection.name,
        };
        collections.change(insert(collections.current(), target, collection));
        onDone(
          `Imported “${collection.name}”: ${imported.report.counts.requests} requests, ${imported.report.counts.mapped} linked to presets.`,
        );
      } else if (chain && connection) {
        const existing = chain.variables.view?.environments[connection.id] ?? [];
        const merged = mergeEnvironment(existing, imported.environment.variables);
        await chain.variables.put(
          { scope: 'connection', connectionId: connection.id },
          merged.variables.map((v) =>
            merged.keptSecret.includes(v.name) ? { ...v, value: '', keepValueOf: v.name } : v,
          ),
        );
        onDone(
          `Environment “${imported.environment.name}” into ${connection.name}: ${merged.added.length} added, ${merged.updated.length} updated.`,
        );
      }
      onClose();
    } catch (error) {
      setSaveError(plainError(error, 'The import was not saved').message);
    } finally {
      setSaving(false);
    }
  };

  const options = folderOptions(collections.doc);
  const hint = imported?.kind === 'collection' ? hintText(imported.connection) : null;
  return (
    <Dialog
      title="Import"
      wide
      onClose={onClose}
      onSubmit={() => void save()}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!imported || saving}>
            {imported?.kind === 'environment' ? 'Add to connection' : 'Import'}
          </button>
        </>
      }
    >
      <div className="interop-dialog">
        <p className="muted small-text">
          A Postman collection (v2.0 or v2.1) or environment, curl commands, or Trestle’s collection
          files. Scripts are not run; nothing is saved until you press Import.
        </p>
        <div className="interop-row">
          <label>
            File{' '}
            <input
              type="file"
              aria-label="Import file"
              accept=".json,.txt,.sh,.curl,.tar"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void readFile(file);
              }}
            />
          </label>
          <label>
            Trestle files folder{' '}
            <input
              type="file"
              aria-label="Import folder"
              // A folder picker (Chromium and Electron): the tree `trestle export files` writes.
              webkitdirectory=""
              onChange={(e) => e.target.files && void readFolder(e.target.files)}
            />
          </label>
          <label>
            For connection{' '}
            <select
              aria-label="Import for connection"
              value={connection?.id ?? ''}
              onChange={(e) => setConnectionId(e.target.value)}
            >
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        <textarea
          className="interop-paste"
          aria-label="Paste JSON or curl"
          rows={5}
          placeholder="…or paste a Postman collection (JSON) or curl commands here"
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
        />
        <div className="interop-row">
          <button
            type="button"
            disabled={!pasted.trim()}
            onClick={() => setSource({ kind: 'text', text: pasted, name: 'Pasted' })}
          >
            Read pasted text
          </button>
        </div>
        {result && !result.ok && (
          <p className="interop-error" role="alert">
            {result.error.message} Nothing was imported.
          </p>
        )}
        {imported?.kind === 'collection' && (
          <>
            <ImportReportView report={imported.report} />
            {hint && (
              <p className="small-text" role="note">
                The file points at {hint}: add a connection for it under Connections to send these
                requests there.
              </p>
            )}
            {imported.otherServers.length > 0 && (
              <p className="small-text" role="note">
                Aimed at another server than {connection?.name}: {imported.otherServers.join(', ')}.{' '}
                {imported.otherServers.map((server) => (
                  <button
                    key={server}
                    type="button"
                    className="small"
                    onClick={() => offerConnection({ serverUrl: server })}
                  >
                    Add a connection for {server}…
                  </button>
                ))}
              </p>
            )}
            <div className="form-grid">
              <label htmlFor="import-name">Name</label>
              <input id="import-name" value={name} onChange={(e) => setName(e.target.value)} />
              <label htmlFor="import-target">Import as</label>
              <select id="import-target" value={target} onChange={(e) => setTarget(e.target.value)}>
                <option value={NEW}>A new collection</option>
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    A folder in {o.label}
                  </option>
                ))}
              </select>
            </div>
          </>
        )}
        {imported?.kind === 'environment' && (
          <div role="region" aria-label="Environment">
            <p className="interop-summary">
              Postman environment “{imported.environment.name}”:{' '}
              {imported.environment.variables.length} variables (
              {imported.environment.variables.filter((v) => v.secret).length} secret) go into the
              environment of {connection?.name ?? 'the connection'}; names already there take the
              file’s value.
            </p>
            {hintText(imported.environment.connection) && (
              <p className="small-text" role="note">
                It names {hintText(imported.environment.connection)}: that is the connection’s (its
                server URL, site and sign-in), not a variable.
              </p>
            )}
            <div className="interop-report">
              <ul>
                {imported.environment.notes.map((n, i) => (
                  <li key={i}>
                    <span className={`interop-note-kind ${n.kind}`}>{n.kind}</span> {n.what} —{' '}
                    <span className="muted">{n.why}</span>
                  </li>
                ))}
                {imported.environment.variables.map((v) => (
                  <li key={v.name}>
                    <span className="interop-note-kind">variable</span> {`{{${v.name}}}`}
                    {v.secret ? ' (secret: held by Trestle, never shown)' : ` = ${v.value}`}
                  </li>
                ))}
              </ul>
            </div>
          </div>
        )}
        {saveError && (
          <p className="interop-error" role="alert">
            {saveError}
          </p>
        )}
      </div>
    </Dialog>
  );
}
