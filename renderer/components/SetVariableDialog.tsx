import { useState } from 'react';
import { VARIABLE_NAME } from '../../shared/variables';
import type { ValueScope } from '../state/use-chaining';
import { Dialog } from './Dialog';

interface Props {
  value: string;
  suggestedName: string;
  /** The tab's connection, for the environment option. */
  connectionName: string;
  /** The folder of the tab's saved request, when it has one. */
  folderName: string | null;
  /** Where the value sits in the answer (a JSON path or a header), for an optional capture. */
  capture: { from: 'body' | 'header'; path: string } | null;
  onSet(name: string, scope: ValueScope, alsoCapture: boolean): Promise<void>;
  onClose(): void;
}

/** "Set as variable…" on any value of a response: a name and a scope, and optionally a capture. */
export function SetVariableDialog({
  value,
  suggestedName,
  connectionName,
  folderName,
  capture,
  onSet,
  onClose,
}: Props) {
  const [name, setName] = useState(suggestedName);
  const [scope, setScope] = useState<ValueScope>('connection');
  const [alsoCapture, setAlsoCapture] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const valid = VARIABLE_NAME.test(name);
  const submit = async () => {
    if (!valid) return;
    try {
      await onSet(name, scope, alsoCapture);
      onClose();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <Dialog
      title="Set as variable"
      onClose={onClose}
      onSubmit={() => void submit()}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!valid}>
            Set variable
          </button>
        </>
      }
    >
      <div className="form-grid">
        <label htmlFor="set-variable-name">Name</label>
        <input
          id="set-variable-name"
          className="mono"
          value={name}
          autoFocus
          spellCheck={false}
          onChange={(e) => setName(e.target.value.replace(/[{}]/g, ''))}
        />
        <label htmlFor="set-variable-scope">Scope</label>
        <select
          id="set-variable-scope"
          value={scope}
          onChange={(e) => setScope(e.target.value as ValueScope)}
        >
          <option value="connection">{connectionName} environment</option>
          <option value="global">Globals</option>
          {folderName && <option value="collection">Folder {folderName}</option>}
          <option value="run">This session only</option>
        </select>
        <span className="muted">Value</span>
        <output className="mono set-variable-value" aria-label="Value">
          {value.length > 300 ? `${value.slice(0, 300)}…` : value}
        </output>
        {capture && (
          <label className="span-2 checkbox">
            <input
              type="checkbox"
              checked={alsoCapture}
              onChange={(e) => setAlsoCapture(e.target.checked)}
            />{' '}
            Also capture it from every answer to this request ({name || 'name'} ←{' '}
            <span className="mono">{capture.path}</span>)
          </label>
        )}
      </div>
      <p className="muted small-text">
        Use it as <code>{`{{${name || 'name'}}}`}</code> in a path field, the query, a header or the
        body.
      </p>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
