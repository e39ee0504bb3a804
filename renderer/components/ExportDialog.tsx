import { useEffect, useMemo, useState } from 'react';
import type { Connection, SessionInfo } from '../../shared/connection';
import type { CollectionFolder, CollectionsDoc } from '../../shared/documents';
import { collectionToFiles } from '../../shared/interop/collection-files';
import { exportPostman } from '../../shared/interop/postman-export';
import { writeTar } from '../../shared/interop/tar';
import type { Variable } from '../../shared/variables';
import { call } from '../api';
import { saveBlob } from '../lib/download';
import { Dialog } from './Dialog';
import '../styles/interop.css';

interface Props {
  doc: CollectionsDoc;
  /** The collection or folder to export. */
  folderId: string;
  onClose(): void;
}

/** The folder and the variables of the folders above it, innermost first (an export keeps them). */
function withAncestors(
  doc: CollectionsDoc,
  id: string,
): { folder: CollectionFolder; inherited: Variable[] } | null {
  const walk = (
    folders: CollectionFolder[],
    above: CollectionFolder[],
  ): ReturnType<typeof withAncestors> => {
    for (const folder of folders) {
      if (folder.id === id)
        return { folder, inherited: [...above].reverse().flatMap((f) => f.variables ?? []) };
      const inner = walk(folder.folders, [...above, folder]);
      if (inner) return inner;
    }
    return null;
  };
  return walk(doc.collections, []);
}

type Format = 'postman' | 'files';

/** A file name from a collection name: letters, digits, spaces, - and _ kept. */
function fileBase(name: string): string {
  return name.replace(/[^\p{L}\p{N} _-]+/gu, '-').replace(/^[-\s]+|[-\s]+$/g, '') || 'collection';
}

/**
 * Export a collection or folder (DESIGN.md §13): Postman v2.1 — one file that signs in and
 * out by itself, runs in Postman or newman — or Trestle's collection files for git, as a
 * .tar of the folder tree (`tar -xf` it into a repository). Neither holds a token or a
 * secret; what was left out is listed before the download.
 */
export function ExportDialog({ doc, folderId, onClose }: Props) {
  const found = useMemo(() => withAncestors(doc, folderId), [doc, folderId]);
  const folder = found?.folder ?? { id: folderId, name: 'Collection', folders: [], requests: [] };
  const inherited = useMemo(() => found?.inherited ?? [], [found]);
  const [format, setFormat] = useState<Format>('postman');
  const [connections, setConnections] = useState<Connection[]>([]);
  const [connectionId, setConnectionId] = useState('');
  const [sessions, setSessions] = useState<SessionInfo[]>([]);
  useEffect(() => {
    call('connections:list').then(
      (list) => {
        setConnections(list);
        const active = localStorage.getItem('trestle.activeConnection');
        setConnectionId(list.find((c) => c.id === active)?.id ?? list[0]?.id ?? '');
      },
      () => setConnections([]),
    );
    call('session:list').then(setSessions, () => setSessions([]));
  }, []);
  const connection = connections.find((c) => c.id === connectionId);

  const out = useMemo(() => {
    if (format === 'postman') {
      const postman = exportPostman(folder, {
        serverUrl:
          sessions.find((s) => s.connectionId === connection?.id)?.serverUrl ||
          connection?.serverUrl,
        siteContentUrl: connection?.siteContentUrl,
        patName: connection?.auth.kind === 'pat' ? connection.auth.identity : undefined,
        apiVersion:
          connection?.apiVersion.mode === 'pinned' ? connection.apiVersion.pinned : undefined,
        inheritedVariables: inherited,
      });
      return {
        notes: postman.notes,
        fileName: `${fileBase(folder.name)}.postman_collection.json`,
        blob: new Blob([postman.text], { type: 'application/json' }),
        files: 1,
      };
    }
    const own = folder.variables ?? [];
    const files = collectionToFiles({
      ...folder,
      variables: [...own, ...inherited.filter((v) => !own.some((o) => o.name === v.name))],
    });
    const tar = writeTar(fileBase(folder.name), files.files);
    return {
      notes: files.notes,
      fileName: `${fileBase(folder.name)}.tar`,
      blob: new Blob([tar as Uint8Array<ArrayBuffer>], { type: 'application/x-tar' }),
      files: files.files.length,
    };
  }, [format, folder, inherited, connection, sessions]);

  const download = () => {
    saveBlob(out.blob, out.fileName);
    onClose();
  };

  return (
    <Dialog
      title={`Export ${folder.name}`}
      wide
      onClose={onClose}
      onSubmit={download}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Download {out.fileName}
          </button>
        </>
      }
    >
      <div className="interop-dialog">
        <div className="interop-tabs" role="radiogroup" aria-label="Export format">
          <label className="radio">
            <input
              type="radio"
              name="export-format"
              checked={format === 'postman'}
              onChange={() => setFormat('postman')}
            />{' '}
            Postman v2.1
          </label>
          <label className="radio">
            <input
              type="radio"
              name="export-format"
              checked={format === 'files'}
              onChange={() => setFormat('files')}
            />{' '}
            Trestle files for git (.tar)
          </label>
        </div>
        {format === 'postman' ? (
          <>
            <p className="small-text">
              One file. Its first request signs in with the personal access token in{' '}
              <code>{'{{pat-name}}'}</code> / <code>{'{{pat-secret}}'}</code> and keeps the token in{' '}
              <code>{'{{token}}'}</code>; the last signs out; captures and assertions become test
              scripts. Run it with <code>newman run {out.fileName} --env-var pat-secret=…</code>.
            </p>
            <div className="form-grid">
              <label htmlFor="export-connection">Server, site and PAT name from</label>
              <select
                id="export-connection"
                value={connectionId}
                onChange={(e) => setConnectionId(e.target.value)}
              >
                <option value="">(none: fill them in Postman)</option>
                {connections.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
          </>
        ) : (
          <p className="small-text">
            {out.files} files: <code>collection.json</code>, a <code>folder.json</code> per folder
            and one <code>NAME.request.json</code> per request, keys in a fixed order, bodies as
            lines, no ids. Unpack it into a repository with <code>tar -xf {out.fileName}</code>;{' '}
            <code>trestle import files</code> or Import reads it back.
          </p>
        )}
        <p className="small-text">
          Nothing exported holds a token or a secret: secret variables and credential headers go out
          empty.
        </p>
        {out.notes.length > 0 && (
          <ul className="interop-report" aria-label="Left out of the export">
            {out.notes.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        )}
      </div>
    </Dialog>
  );
}
