import { useMemo, useState } from 'react';
import type { Connection } from '../../shared/connection';
import type { CollectionsDoc } from '../../shared/documents';
import { duplicateNames, type VariableView } from '../../shared/environments';
import { VARIABLE_NAME } from '../../shared/variables';
import { ApiError } from '../api';
import { findFolder, putFolderVariables } from '../state/collection-tree';
import type { VariablesScope } from '../state/use-chaining';
import type { CollectionsApi } from '../state/use-collections';
import type { VariablesApi } from '../state/use-variables';
import { Dialog } from './Dialog';

interface Row {
  name: string;
  value: string;
  secret: boolean;
  enabled: boolean;
  /** A secret left as it was: the name whose held value it keeps. */
  keepValueOf?: string;
  held?: VariableView['held'];
}

interface Props {
  initial: VariablesScope;
  variables: VariablesApi;
  collections: CollectionsApi;
  connections: Connection[];
  onClose(): void;
}

const key = (s: VariablesScope) =>
  s.scope === 'global'
    ? 'global'
    : s.scope === 'folder'
      ? `folder:${s.folderId}`
      : `${s.scope}:${s.connectionId}`;

function rowsOf(scope: VariablesScope, variables: VariablesApi, doc: CollectionsDoc): Row[] {
  if (scope.scope === 'folder')
    return (findFolder(doc, scope.folderId)?.folder.variables ?? []).map((v) => ({ ...v }));
  if (scope.scope === 'session')
    return (variables.session[scope.connectionId] ?? []).map((v) => ({ ...v }));
  const list =
    scope.scope === 'global'
      ? variables.view?.globals
      : variables.view?.environments[scope.connectionId];
  return (list ?? []).map((v) => (v.secret ? { ...v, value: '', keepValueOf: v.name } : { ...v }));
}

/**
 * One editor per scope (issue 12): Globals, a connection's environment, a folder's variables,
 * and what this session captured. Add, edit, delete, switch on and off, mark secret (not in a
 * folder: folders travel in exports). A secret's value is never shown: it is kept unless typed
 * over.
 */
export function VariablesDialog({ initial, variables, collections, connections, onClose }: Props) {
  const [scope, setScope] = useState<VariablesScope>(initial);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(initial, variables, collections.doc));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const scopes = useMemo(() => {
    const list: Array<{ scope: VariablesScope; label: string }> = [];
    if (initial.scope === 'folder')
      list.push({
        scope: initial,
        label: `Folder ${findFolder(collections.doc, initial.folderId)?.path.join(' / ') ?? ''}`,
      });
    list.push({ scope: { scope: 'global' }, label: 'Globals' });
    for (const c of connections)
      list.push({
        scope: { scope: 'connection', connectionId: c.id },
        label: `${c.name} environment`,
      });
    for (const c of connections)
      if (
        variables.session[c.id]?.length ||
        (initial.scope === 'session' && initial.connectionId === c.id)
      )
        list.push({
          scope: { scope: 'session', connectionId: c.id },
          label: `${c.name}: captured this session`,
        });
    return list;
  }, [initial, connections, variables.session, collections.doc]);

  const pick = (k: string) => {
    const next = scopes.find((s) => key(s.scope) === k)?.scope;
    if (!next) return;
    setScope(next);
    setRows(rowsOf(next, variables, collections.doc));
    setError(null);
  };

  const set = (i: number, patch: Partial<Row>) =>
    setRows((prev) => prev.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  // A row left blank is dropped on save; a named one must be a valid name, once.
  const filled = rows.filter((r) => r.name !== '' || r.value !== '' || r.keepValueOf);
  const bad = filled.filter((r) => !VARIABLE_NAME.test(r.name)).length;
  const twice = duplicateNames(filled);
  const canSecret = scope.scope === 'global' || scope.scope === 'connection';

  const save = async () => {
    if (bad || twice.length) return;
    setSaving(true);
    setError(null);
    try {
      const plain = filled.map(({ name, value, enabled }) => ({
        name,
        value,
        secret: false,
        enabled,
      }));
      if (scope.scope === 'folder')
        collections.change(putFolderVariables(collections.current(), scope.folderId, plain));
      else if (scope.scope === 'session') variables.putSession(scope.connectionId, plain);
      else
        await variables.put(
          scope.scope === 'global'
            ? { scope: 'global' }
            : { scope: 'connection', connectionId: scope.connectionId },
          filled.map(({ held: _held, keepValueOf, ...row }) =>
            row.secret && keepValueOf !== undefined ? { ...row, value: '', keepValueOf } : row,
          ),
        );
      onClose();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };

  const persist = variables.view?.secretsPersist;
  return (
    <Dialog
      title="Variables"
      wide
      onClose={onClose}
      onSubmit={() => void save()}
      actions={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="primary"
            disabled={saving || bad > 0 || twice.length > 0}
          >
            Save
          </button>
        </>
      }
    >
      <div className="toolbar">
        <label htmlFor="variables-scope">Scope</label>
        <select id="variables-scope" value={key(scope)} onChange={(e) => pick(e.target.value)}>
          {scopes.map((s) => (
            <option key={key(s.scope)} value={key(s.scope)}>
              {s.label}
            </option>
          ))}
        </select>
        <span className="muted small-text">
          Innermost first: captured this session → folder → connection environment → globals. Use
          one as <code>{'{{name}}'}</code> in the path, a field, a query, a header or the body.
        </span>
      </div>
      <table className="kv variables-table" aria-label="Variables in this scope">
        <thead>
          <tr>
            <th>On</th>
            <th>Name</th>
            <th>Value</th>
            {canSecret && <th>Secret</th>}
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const kept = row.secret && row.keepValueOf !== undefined;
            const nameBad = row.name !== '' && !VARIABLE_NAME.test(row.name);
            return (
              <tr key={i}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Variable ${i + 1} on`}
                    checked={row.enabled}
                    onChange={(e) => set(i, { enabled: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    className={`mono${nameBad || twice.includes(row.name) ? ' invalid' : ''}`}
                    aria-label={`Variable ${i + 1} name`}
                    value={row.name}
                    placeholder="name"
                    spellCheck={false}
                    onChange={(e) => set(i, { name: e.target.value })}
                  />
                </td>
                <td>
                  <input
                    className="mono wide-input"
                    aria-label={`Variable ${i + 1} value`}
                    type={row.secret ? 'password' : 'text'}
                    autoComplete="off"
                    value={row.value}
                    placeholder={
                      kept
                        ? row.held === 'unset'
                          ? 'no value yet: type one'
                          : '•••••• (kept: type to replace)'
                        : row.secret
                          ? 'secret value'
                          : 'value'
                    }
                    spellCheck={false}
                    onChange={(e) => set(i, { value: e.target.value, keepValueOf: undefined })}
                  />
                  {kept && row.held && (
                    <span className="muted small-text">
                      {row.held === 'stored'
                        ? ' stored encrypted'
                        : row.held === 'session'
                          ? ' held until Trestle stops'
                          : ' no value'}
                    </span>
                  )}
                </td>
                {canSecret && (
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Variable ${i + 1} secret`}
                      checked={row.secret}
                      onChange={(e) =>
                        // A secret turned plain needs its value typed: Trestle never shows it.
                        set(
                          i,
                          e.target.checked
                            ? { secret: true }
                            : {
                                secret: false,
                                keepValueOf: undefined,
                                value: kept ? '' : row.value,
                              },
                        )
                      }
                    />
                  </td>
                )}
                <td>
                  <button
                    type="button"
                    className="icon"
                    aria-label={`Delete variable ${i + 1}`}
                    onClick={() => setRows((prev) => prev.filter((_, j) => j !== i))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        type="button"
        className="small"
        onClick={() =>
          setRows((prev) => [...prev, { name: '', value: '', secret: false, enabled: true }])
        }
      >
        Add variable
      </button>
      {(bad > 0 || twice.length > 0) && (
        <p className="field-error" role="alert">
          {twice.length > 0
            ? `Each name once per scope: ${twice.map((n) => `{{${n}}}`).join(', ')} appears twice.`
            : 'A name cannot be empty or hold braces, nor start or end with a space.'}
        </p>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {canSecret && (
        <p className="muted small-text" role="note">
          {persist
            ? 'Secret values are stored only as ciphertext from your system’s keychain, never shown again, and never written to history, exports or generated code.'
            : 'Secret values are held in memory by Trestle’s engine until it stops, not stored: the web host never stores secrets, and the desktop app only where the OS keychain protects them. They are never shown again, nor written to history, exports or generated code.'}
        </p>
      )}
      {scope.scope === 'folder' && (
        <p className="muted small-text" role="note">
          Folder variables are saved with the collection and go with it when it is exported, so they
          cannot be secret: keep secrets in a connection’s environment or in Globals.
        </p>
      )}
    </Dialog>
  );
}
