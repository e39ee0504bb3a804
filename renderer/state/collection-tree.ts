import type { CollectionFolder, CollectionsDoc, SavedRequest } from '../../shared/documents';
import { newId } from '../lib/ids';

/**
 * Pure edits of the collections document. Collections are the top-level folders; each edit
 * returns a new document, so React state and `collections:put` see whole values.
 */
export interface RemovedNode {
  parentId: string | null;
  index: number;
  node: { kind: 'folder'; folder: CollectionFolder } | { kind: 'request'; request: SavedRequest };
}

export interface FolderOption {
  id: string;
  label: string;
}

type Edit = (folders: CollectionFolder[]) => CollectionFolder[];

function mapFolders(
  folders: CollectionFolder[],
  fn: (folder: CollectionFolder) => CollectionFolder,
): CollectionFolder[] {
  return folders.map((folder) => {
    const inner = { ...folder, folders: mapFolders(folder.folders, fn) };
    return fn(inner);
  });
}

function apply(doc: CollectionsDoc, edit: Edit): CollectionsDoc {
  return { ...doc, collections: edit(doc.collections) };
}

export function addCollection(
  doc: CollectionsDoc,
  name: string,
): { doc: CollectionsDoc; id: string } {
  const id = newId('col');
  return { doc: apply(doc, (c) => [...c, { id, name, folders: [], requests: [] }]), id };
}

export function addFolder(
  doc: CollectionsDoc,
  parentId: string,
  name: string,
): { doc: CollectionsDoc; id: string } {
  const id = newId('fld');
  const next = apply(doc, (c) =>
    mapFolders(c, (f) =>
      f.id === parentId
        ? { ...f, folders: [...f.folders, { id, name, folders: [], requests: [] }] }
        : f,
    ),
  );
  return { doc: next, id };
}

export function insertRequest(
  doc: CollectionsDoc,
  folderId: string,
  request: SavedRequest,
): CollectionsDoc {
  return apply(doc, (c) =>
    mapFolders(c, (f) => (f.id === folderId ? { ...f, requests: [...f.requests, request] } : f)),
  );
}

export function updateRequest(
  doc: CollectionsDoc,
  id: string,
  patch: Partial<Omit<SavedRequest, 'id'>>,
): CollectionsDoc {
  return apply(doc, (c) =>
    mapFolders(c, (f) =>
      f.requests.some((r) => r.id === id)
        ? { ...f, requests: f.requests.map((r) => (r.id === id ? { ...r, ...patch } : r)) }
        : f,
    ),
  );
}

export function renameNode(doc: CollectionsDoc, id: string, name: string): CollectionsDoc {
  const renamed = apply(doc, (c) => mapFolders(c, (f) => (f.id === id ? { ...f, name } : f)));
  return updateRequest(renamed, id, { name });
}

export function findRequest(
  doc: CollectionsDoc,
  id: string,
): { request: SavedRequest; folderId: string; path: string[] } | null {
  const walk = (folders: CollectionFolder[], path: string[]): ReturnType<typeof findRequest> => {
    for (const folder of folders) {
      const request = folder.requests.find((r) => r.id === id);
      if (request) return { request, folderId: folder.id, path: [...path, folder.name] };
      const inner = walk(folder.folders, [...path, folder.name]);
      if (inner) return inner;
    }
    return null;
  };
  return walk(doc.collections, []);
}

export function duplicateRequest(
  doc: CollectionsDoc,
  id: string,
): { doc: CollectionsDoc; id: string } | null {
  const found = findRequest(doc, id);
  if (!found) return null;
  const copyId = newId('req');
  const copy = { ...found.request, id: copyId, name: `${found.request.name} copy` };
  const next = apply(doc, (c) =>
    mapFolders(c, (f) => {
      if (f.id !== found.folderId) return f;
      const index = f.requests.findIndex((r) => r.id === id);
      const requests = [...f.requests];
      requests.splice(index + 1, 0, copy);
      return { ...f, requests };
    }),
  );
  return { doc: next, id: copyId };
}

export function removeNode(
  doc: CollectionsDoc,
  id: string,
): { doc: CollectionsDoc; removed: RemovedNode } | null {
  const top = doc.collections.findIndex((f) => f.id === id);
  if (top >= 0) {
    const removed: RemovedNode = {
      parentId: null,
      index: top,
      node: { kind: 'folder', folder: doc.collections[top] },
    };
    return { doc: apply(doc, (c) => c.filter((f) => f.id !== id)), removed };
  }
  let removed: RemovedNode | null = null;
  const next = apply(doc, (c) =>
    mapFolders(c, (f) => {
      const folderIndex = f.folders.findIndex((x) => x.id === id);
      if (folderIndex >= 0) {
        removed = {
          parentId: f.id,
          index: folderIndex,
          node: { kind: 'folder', folder: f.folders[folderIndex] },
        };
        return { ...f, folders: f.folders.filter((x) => x.id !== id) };
      }
      const requestIndex = f.requests.findIndex((r) => r.id === id);
      if (requestIndex >= 0) {
        removed = {
          parentId: f.id,
          index: requestIndex,
          node: { kind: 'request', request: f.requests[requestIndex] },
        };
        return { ...f, requests: f.requests.filter((r) => r.id !== id) };
      }
      return f;
    }),
  );
  return removed ? { doc: next, removed } : null;
}

/** Puts a removed node back where it was (the toast's Undo). */
export function restoreNode(doc: CollectionsDoc, removed: RemovedNode): CollectionsDoc {
  const insertAt = <T>(list: T[], item: T) => {
    const copy = [...list];
    copy.splice(Math.min(removed.index, copy.length), 0, item);
    return copy;
  };
  const { node } = removed;
  if (removed.parentId === null) {
    return node.kind === 'folder' ? apply(doc, (c) => insertAt(c, node.folder)) : doc;
  }
  return apply(doc, (c) =>
    mapFolders(c, (f) => {
      if (f.id !== removed.parentId) return f;
      return node.kind === 'folder'
        ? { ...f, folders: insertAt(f.folders, node.folder) }
        : { ...f, requests: insertAt(f.requests, node.request) };
    }),
  );
}

export function moveRequest(
  doc: CollectionsDoc,
  id: string,
  targetFolderId: string,
): CollectionsDoc {
  const taken = removeNode(doc, id);
  if (!taken || taken.removed.node.kind !== 'request') return doc;
  return insertRequest(taken.doc, targetFolderId, taken.removed.node.request);
}

/** Every collection and folder, labelled `Collection / Folder`, for save and move pickers. */
export function folderOptions(doc: CollectionsDoc): FolderOption[] {
  const options: FolderOption[] = [];
  const walk = (folders: CollectionFolder[], prefix: string) => {
    for (const folder of folders) {
      const label = prefix ? `${prefix} / ${folder.name}` : folder.name;
      options.push({ id: folder.id, label });
      walk(folder.folders, label);
    }
  };
  walk(doc.collections, '');
  return options;
}

/** Saved requests whose name, path or folder matches every word of the query. */
export function searchRequests(
  doc: CollectionsDoc,
  query: string,
): { request: SavedRequest; path: string[] }[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits: { request: SavedRequest; path: string[] }[] = [];
  const walk = (folders: CollectionFolder[], path: string[]) => {
    for (const folder of folders) {
      const here = [...path, folder.name];
      for (const request of folder.requests) {
        const text =
          `${request.name} ${request.spec.method} ${request.spec.path} ${here.join(' ')}`.toLowerCase();
        if (words.every((w) => text.includes(w))) hits.push({ request, path: here });
      }
      walk(folder.folders, here);
    }
  };
  walk(doc.collections, []);
  return hits;
}

/** A collection or folder by id, with the names from its collection down to it. */
export function findFolder(
  doc: CollectionsDoc,
  id: string,
): { folder: CollectionFolder; path: string[]; collectionId: string } | null {
  const walk = (
    folders: CollectionFolder[],
    path: string[],
    collectionId: string | null,
  ): ReturnType<typeof findFolder> => {
    for (const folder of folders) {
      const here = [...path, folder.name];
      const root = collectionId ?? folder.id;
      if (folder.id === id) return { folder, path: here, collectionId: root };
      const inner = walk(folder.folders, here, root);
      if (inner) return inner;
    }
    return null;
  };
  return walk(doc.collections, [], null);
}

/** Replaces a folder's variables (never secret: folders travel in exports). */
export function putFolderVariables(
  doc: CollectionsDoc,
  folderId: string,
  variables: NonNullable<CollectionFolder['variables']>,
): CollectionsDoc {
  return apply(doc, (c) =>
    mapFolders(c, (f) => {
      if (f.id !== folderId) return f;
      const { variables: _old, ...rest } = f;
      return variables.length ? { ...rest, variables } : rest;
    }),
  );
}

/** Sets one folder variable (a capture, Set as variable…), adding it when missing. */
export function setFolderVariable(
  doc: CollectionsDoc,
  folderId: string,
  name: string,
  value: string,
): CollectionsDoc {
  const found = findFolder(doc, folderId);
  if (!found) return doc;
  const list = found.folder.variables ?? [];
  const next = list.some((v) => v.name === name)
    ? list.map((v) => (v.name === name ? { ...v, value, enabled: true } : v))
    : [...list, { name, value, secret: false, enabled: true }];
  return putFolderVariables(doc, folderId, next);
}
