import { describe, expect, it } from 'vitest';
import type { CollectionsDoc, SavedRequest } from '../../shared/documents';
import {
  addCollection,
  addFolder,
  duplicateRequest,
  findRequest,
  folderOptions,
  insertRequest,
  moveRequest,
  removeNode,
  renameNode,
  restoreNode,
  searchRequests,
} from './collection-tree';

const request = (id: string, name: string): SavedRequest => ({
  id,
  name,
  description: '',
  spec: {
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/users',
    pathParams: {},
    query: [],
    headers: [],
    body: { kind: 'none' },
    accept: 'json',
  },
});

function sample() {
  const empty: CollectionsDoc = { schemaVersion: 2, collections: [] };
  const a = addCollection(empty, 'Admin');
  const f = addFolder(a.doc, a.id, 'Users');
  const doc = insertRequest(
    insertRequest(f.doc, f.id, request('r1', 'All users')),
    a.id,
    request('r2', 'Projects'),
  );
  return { doc, collectionId: a.id, folderId: f.id };
}

describe('collection edits', () => {
  it('saves into a folder and finds the request with its folder path', () => {
    const { doc } = sample();
    expect(findRequest(doc, 'r1')?.path).toEqual(['Admin', 'Users']);
    expect(folderOptions(doc).map((o) => o.label)).toEqual(['Admin', 'Admin / Users']);
  });

  it('renames, duplicates next to the original, and moves', () => {
    const { doc, collectionId } = sample();
    const renamed = renameNode(doc, 'r1', 'Every user');
    expect(findRequest(renamed, 'r1')?.request.name).toBe('Every user');
    const dup = duplicateRequest(renamed, 'r1');
    expect(dup && findRequest(dup.doc, dup.id)?.request.name).toBe('Every user copy');
    const moved = moveRequest(renamed, 'r1', collectionId);
    expect(findRequest(moved, 'r1')?.path).toEqual(['Admin']);
  });

  it('undoes a delete by restoring the node at its place', () => {
    const { doc } = sample();
    const removed = removeNode(doc, 'r1');
    expect(removed && findRequest(removed.doc, 'r1')).toBeNull();
    expect(removed && restoreNode(removed.doc, removed.removed)).toEqual(doc);
  });

  it('searches by name, path and folder', () => {
    const { doc } = sample();
    expect(searchRequests(doc, 'users all').map((h) => h.request.id)).toEqual(['r1']);
  });
});
