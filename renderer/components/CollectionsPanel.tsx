import { useState } from 'react';
import type { CollectionFolder, SavedRequest } from '../../shared/documents';
import {
  addCollection,
  addFolder,
  duplicateRequest,
  moveRequest,
  renameNode,
  searchRequests,
} from '../state/collection-tree';
import { useChain } from '../state/use-chaining';
import type { CollectionsApi } from '../state/use-collections';
import { ExportDialog } from './ExportDialog';
import { ImportDialog } from './ImportDialog';
import { MoveRequestDialog, NameDialog } from './SaveRequestDialog';

type Modal =
  | { kind: 'rename'; id: string; name: string }
  | { kind: 'move'; request: SavedRequest }
  | { kind: 'new-collection' }
  | { kind: 'new-folder'; parentId: string }
  | { kind: 'import' }
  | { kind: 'export'; folderId: string };

interface Props {
  api: CollectionsApi;
  onOpen(request: SavedRequest): void;
}

/** Saved requests in collections and folders: open, rename, duplicate, move, delete (undo). */
export function CollectionsPanel({ api, onOpen }: Props) {
  const [query, setQuery] = useState('');
  const [modal, setModal] = useState<Modal | null>(null);
  const chain = useChain();
  const { doc } = api;

  const requestRow = (request: SavedRequest, path?: string[]) => (
    <li key={request.id} className="tree-request">
      <button
        type="button"
        className="link preset"
        onClick={() => onOpen(request)}
        aria-label={`Open ${request.name}`}
      >
        <span className={`method method-${request.spec.method.toLowerCase()}`}>
          {request.spec.method}
        </span>
        <span className="preset-name">{request.name}</span>
        {path && <span className="muted small-text">{path.join(' / ')}</span>}
      </button>
      <span className="row-actions">
        <button
          type="button"
          className="icon"
          aria-label={`Rename ${request.name}`}
          title="Rename"
          onClick={() => setModal({ kind: 'rename', id: request.id, name: request.name })}
        >
          Rename
        </button>
        <button
          type="button"
          className="icon"
          aria-label={`Duplicate ${request.name}`}
          title="Duplicate"
          onClick={() => {
            const dup = duplicateRequest(api.current(), request.id);
            if (dup) api.change(dup.doc);
          }}
        >
          Duplicate
        </button>
        <button
          type="button"
          className="icon"
          aria-label={`Move ${request.name}`}
          title="Move"
          onClick={() => setModal({ kind: 'move', request })}
        >
          Move
        </button>
        <button
          type="button"
          className="icon"
          aria-label={`Delete ${request.name}`}
          title="Delete"
          onClick={() => api.remove(request.id, request.name)}
        >
          Delete
        </button>
      </span>
    </li>
  );

  const folderNode = (folder: CollectionFolder, depth: number, collectionId = folder.id) => (
    <li key={folder.id} className="tree-folder">
      <div className="folder-head" style={{ paddingLeft: depth * 10 }}>
        <span className="folder-name">
          {depth === 0 ? '▣' : '▸'} {folder.name}
        </span>
        <span className="row-actions">
          {chain && (
            <>
              <button
                type="button"
                className="icon"
                aria-label={`Run ${folder.name}`}
                title="Run its requests in order"
                onClick={() =>
                  chain.openDialog({
                    kind: 'run',
                    collectionId,
                    folderId: depth === 0 ? null : folder.id,
                  })
                }
              >
                ▶
              </button>
              <button
                type="button"
                className="icon"
                aria-label={`Variables of ${folder.name}`}
                title={`Folder variables${folder.variables?.length ? ` (${folder.variables.length})` : ''}`}
                onClick={() =>
                  chain.openDialog({
                    kind: 'variables',
                    scope: { scope: 'folder', folderId: folder.id },
                  })
                }
              >
                {'{{ }}'}
              </button>
            </>
          )}
          <button
            type="button"
            className="icon"
            aria-label={`Export ${folder.name}`}
            title="Export: Postman v2.1, or files for git"
            onClick={() => setModal({ kind: 'export', folderId: folder.id })}
          >
            ⇩
          </button>
          <button
            type="button"
            className="icon"
            aria-label={`New folder in ${folder.name}`}
            title="New folder"
            onClick={() => setModal({ kind: 'new-folder', parentId: folder.id })}
          >
            +
          </button>
          <button
            type="button"
            className="icon"
            aria-label={`Rename ${folder.name}`}
            title="Rename"
            onClick={() => setModal({ kind: 'rename', id: folder.id, name: folder.name })}
          >
            ✎
          </button>
          <button
            type="button"
            className="icon"
            aria-label={`Delete ${folder.name}`}
            title="Delete"
            onClick={() => api.remove(folder.id, folder.name)}
          >
            ✕
          </button>
        </span>
      </div>
      <ul className="list" style={{ paddingLeft: depth * 10 + 8 }}>
        {folder.folders.map((f) => folderNode(f, depth + 1, collectionId))}
        {folder.requests.map((r) => requestRow(r))}
        {folder.folders.length === 0 && folder.requests.length === 0 && (
          <li className="muted small-text">Empty</li>
        )}
      </ul>
    </li>
  );

  const hits = query.trim() ? searchRequests(doc, query) : null;
  return (
    <div className="collections">
      <div className="toolbar">
        <input
          type="search"
          aria-label="Search collections"
          placeholder="Search saved requests"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" onClick={() => setModal({ kind: 'new-collection' })}>
          New collection
        </button>
        <button
          type="button"
          title="Import a Postman collection or environment, curl commands or Trestle files"
          onClick={() => setModal({ kind: 'import' })}
        >
          Import…
        </button>
      </div>
      <div className="scroll">
        {doc.collections.length === 0 ? (
          <p className="empty">
            No saved requests yet. Open an endpoint from the Catalog, then press Ctrl+S (⌘S) to save
            it into a collection.
          </p>
        ) : hits ? (
          hits.length === 0 ? (
            <p className="empty">Nothing saved matches “{query}”.</p>
          ) : (
            <ul className="list">{hits.map((h) => requestRow(h.request, h.path))}</ul>
          )
        ) : (
          <ul className="list tree" aria-label="Collections">
            {doc.collections.map((c) => folderNode(c, 0))}
          </ul>
        )}
      </div>
      {modal?.kind === 'rename' && (
        <NameDialog
          title={`Rename ${modal.name}`}
          label="Name"
          initial={modal.name}
          onClose={() => setModal(null)}
          onSubmit={(name) => {
            api.change(renameNode(api.current(), modal.id, name));
            setModal(null);
          }}
        />
      )}
      {modal?.kind === 'move' && (
        <MoveRequestDialog
          doc={doc}
          name={modal.request.name}
          onClose={() => setModal(null)}
          onMove={(folderId) => {
            api.change(moveRequest(api.current(), modal.request.id, folderId));
            setModal(null);
          }}
        />
      )}
      {modal?.kind === 'new-collection' && (
        <NameDialog
          title="New collection"
          label="Collection name"
          initial=""
          onClose={() => setModal(null)}
          onSubmit={(name) => {
            api.change(addCollection(api.current(), name).doc);
            setModal(null);
          }}
        />
      )}
      {modal?.kind === 'import' && (
        <ImportDialog
          collections={api}
          onClose={() => setModal(null)}
          onDone={(message) => chain?.notify(message)}
        />
      )}
      {modal?.kind === 'export' && (
        <ExportDialog doc={doc} folderId={modal.folderId} onClose={() => setModal(null)} />
      )}
      {modal?.kind === 'new-folder' && (
        <NameDialog
          title="New folder"
          label="Folder name"
          initial=""
          onClose={() => setModal(null)}
          onSubmit={(name) => {
            api.change(addFolder(api.current(), modal.parentId, name).doc);
            setModal(null);
          }}
        />
      )}
    </div>
  );
}
