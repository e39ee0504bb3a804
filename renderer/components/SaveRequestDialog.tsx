import { useState } from 'react';
import type { CollectionsDoc } from '../../shared/documents';
import { folderOptions } from '../state/collection-tree';
import { Dialog } from './Dialog';

const NEW = '__new__';

interface SaveProps {
  doc: CollectionsDoc;
  defaultName: string;
  onSave(name: string, target: { folderId: string } | { newCollection: string }): void;
  onClose(): void;
}

/** Save a request (Ctrl/Cmd+S): a name and a collection or folder, or a new collection. */
export function SaveRequestDialog({ doc, defaultName, onSave, onClose }: SaveProps) {
  const options = folderOptions(doc);
  const [name, setName] = useState(defaultName);
  const [target, setTarget] = useState(options[0]?.id ?? NEW);
  const [collectionName, setCollectionName] = useState('My requests');
  return (
    <Dialog
      title="Save request"
      onClose={onClose}
      onSubmit={() =>
        name.trim() &&
        onSave(
          name.trim(),
          target === NEW
            ? { newCollection: collectionName.trim() || 'My requests' }
            : { folderId: target },
        )
      }
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim()}>
            Save
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label htmlFor="save-name">Request name</label>
        <input id="save-name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <label htmlFor="save-target">Save in</label>
        <select id="save-target" value={target} onChange={(e) => setTarget(e.target.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
          <option value={NEW}>New collection…</option>
        </select>
        {target === NEW && (
          <>
            <label htmlFor="save-collection">Collection name</label>
            <input
              id="save-collection"
              value={collectionName}
              onChange={(e) => setCollectionName(e.target.value)}
            />
          </>
        )}
      </div>
    </Dialog>
  );
}

interface MoveProps {
  doc: CollectionsDoc;
  name: string;
  onMove(folderId: string): void;
  onClose(): void;
}

export function MoveRequestDialog({ doc, name, onMove, onClose }: MoveProps) {
  const options = folderOptions(doc);
  const [target, setTarget] = useState(options[0]?.id ?? '');
  return (
    <Dialog
      title={`Move ${name}`}
      onClose={onClose}
      onSubmit={() => target && onMove(target)}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Move
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label htmlFor="move-target">Move to</label>
        <select id="move-target" value={target} onChange={(e) => setTarget(e.target.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    </Dialog>
  );
}

export function NameDialog({
  title,
  label,
  initial,
  onSubmit,
  onClose,
}: {
  title: string;
  label: string;
  initial: string;
  onSubmit(name: string): void;
  onClose(): void;
}) {
  const [name, setName] = useState(initial);
  return (
    <Dialog
      title={title}
      onClose={onClose}
      onSubmit={() => name.trim() && onSubmit(name.trim())}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim()}>
            OK
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label htmlFor="name-input">{label}</label>
        <input id="name-input" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      </div>
    </Dialog>
  );
}
