import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import {
  itemTypeLabel,
  NO_QUICK_FILTERS,
  quickFilterOptions,
  ruleItem,
  snapshotFileName,
  viewRules,
  type AuditQuickFilters,
  type AuditSort,
} from '../../../shared/siteops/audit-view';
import {
  auditCsv,
  type AuditRule,
  type PermissionsAudit,
} from '../../../shared/siteops/permissions';
import { call } from '../../api';
import { formatCount } from '../../lib/format';
import { useOperation } from '../../state/use-operation';
import { OperationBar } from '../OperationBar';
import { loadProjects } from '../PublishPanel';
import { AuditComparePanel } from './AuditComparePanel';
import { AuditRulesTable } from './AuditRulesTable';
import { EffectivePermissionsPanel, type ItemRef } from './EffectivePermissionsPanel';
import { saveText } from './save-text';
import type { SiteToolProps } from './SiteTools';
import '../../styles/permissions-audit.css';

type Section = 'rules' | 'effective' | 'compare';

const QUICK_FILTERS: { key: keyof AuditQuickFilters; label: string; any: string }[] = [
  { key: 'itemType', label: 'Type', any: 'Any type' },
  { key: 'granteeType', label: 'Grantee kind', any: 'Users and groups' },
  { key: 'capability', label: 'Capability', any: 'Any capability' },
  { key: 'mode', label: 'Mode', any: 'Allow and Deny' },
  { key: 'source', label: 'From', any: 'Any source' },
];

/**
 * The permissions audit (issue 19): run it for the site or a project subtree as an operation;
 * every rule in one filterable, sortable, exportable table; effective permissions of a user on
 * an item explained rule by rule; snapshots saved and compared.
 */
export function PermissionsAuditView({ connection, session, notify }: SiteToolProps) {
  const op = useOperation();
  const [projects, setProjects] = useState<{ id: string; path: string }[] | null>(null);
  const [projectsError, setProjectsError] = useState<string | null>(null);
  const [scope, setScope] = useState('');
  const [audit, setAudit] = useState<PermissionsAudit | null>(null);
  const [auditState, setAuditState] = useState<string | null>(null);
  const [section, setSection] = useState<Section>('rules');
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const [quick, setQuick] = useState<AuditQuickFilters>(NO_QUICK_FILTERS);
  const [sort, setSort] = useState<AuditSort | null>(null);
  const [selected, setSelected] = useState<AuditRule | null>(null);
  const [item, setItem] = useState<ItemRef | null>(null);
  const [userId, setUserId] = useState('');

  useEffect(() => {
    setProjects(null);
    setProjectsError(null);
    if (!session) return;
    let live = true;
    loadProjects(connection.id).then(
      (list) => live && setProjects(list),
      (error: Error) => live && setProjectsError(error.message),
    );
    return () => {
      live = false;
    };
  }, [connection.id, session?.siteId]);

  // Back in the view: the connection's last finished audit, which main still holds.
  useEffect(() => {
    let live = true;
    call('operations:list').then(
      (recent) => {
        const last = recent.find(
          (o) => o.connectionId === connection.id && o.outcome?.kind === 'permissionsAudit',
        );
        if (!live || last?.outcome?.kind !== 'permissionsAudit') return;
        const restored = last.outcome;
        setAudit((shown) => shown ?? restored);
        setAuditState((state) => state ?? last.state);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [connection.id]);

  // A finished audit replaces the one on screen (a failed or empty run leaves it be).
  const snapshot = op.view?.snapshot ?? null;
  useEffect(() => {
    if (snapshot?.outcome?.kind !== 'permissionsAudit') return;
    setAudit(snapshot.outcome);
    setAuditState(snapshot.state);
    setSelected(null);
  }, [snapshot]);

  const rules = audit?.rules ?? [];
  const shown = useMemo(
    () => viewRules(rules, deferredQuery, quick, sort),
    [rules, deferredQuery, quick, sort],
  );
  const options = useMemo(() => quickFilterOptions(rules), [rules]);
  const running = Boolean(op.view?.running);

  const run = () => {
    void op.start(connection.id, {
      kind: 'permissionsAudit',
      ...(scope ? { project: scope } : {}),
    });
  };
  const base = audit ? snapshotFileName(audit).replace(/\.json$/, '') : 'trestle-permissions';
  const exportRules = (which: AuditRule[], format: 'csv' | 'json', suffix: string) => {
    if (format === 'csv') saveText(auditCsv(which), `${base}${suffix}.csv`, 'text/csv');
    else
      saveText(`${JSON.stringify(which, null, 2)}\n`, `${base}${suffix}.json`, 'application/json');
  };
  const saveSnapshot = () => {
    if (!audit) return;
    saveText(`${JSON.stringify(audit, null, 1)}\n`, snapshotFileName(audit), 'application/json');
    notify(
      `Snapshot of ${formatCount(audit.rules.length)} rules saved as ${snapshotFileName(audit)}.`,
    );
  };
  const pickRule = (rule: AuditRule) => {
    setSelected(rule);
    setItem(ruleItem(rule));
  };
  const filtered = deferredQuery.trim() !== '' || Object.values(quick).some((v) => v !== '');

  return (
    <div className="audit-view">
      <div className="toolbar audit-run">
        <label>
          Audit{' '}
          <select
            aria-label="Audit scope"
            value={scope}
            disabled={running}
            onChange={(e) => setScope(e.target.value)}
          >
            <option value="">the whole site</option>
            {(projects ?? []).map((p) => (
              <option key={p.id} value={p.path}>
                project {p.path} and below
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={!session || running}
          title={session ? undefined : `Sign in to ${connection.name} first.`}
          onClick={run}
        >
          {audit ? 'Run the audit again' : 'Run audit'}
        </button>
        <button type="button" disabled={!audit || running} onClick={saveSnapshot}>
          Save snapshot
        </button>
        <button type="button" onClick={() => setSection('compare')}>
          Compare…
        </button>
        {!session && <span className="muted">Sign in to {connection.name} to audit it.</span>}
        {projectsError && (
          <span className="error-text">The projects could not be listed: {projectsError}</span>
        )}
      </div>
      {op.view && (
        <OperationBar
          view={op.view}
          label="Audit"
          summary={
            snapshot?.outcome?.kind === 'permissionsAudit'
              ? `${
                  snapshot.state === 'cancelled'
                    ? `Cancelled after ${formatCount(snapshot.progress.done)} of ${formatCount(snapshot.progress.total ?? 0)} permission lists: `
                    : ''
                }${formatCount(snapshot.outcome.rules.length)} rules on ${formatCount(snapshot.outcome.items.length)} items`
              : undefined
          }
          onCancel={op.cancel}
          onRetry={op.retry}
          onDismiss={op.clear}
          dismissLabel="Dismiss"
        />
      )}
      {snapshot?.error && (
        <p className="error-text" role="alert">
          The audit could not run: {snapshot.error.message}
        </p>
      )}
      {audit && (
        <p className="muted small-text" aria-label="Audit summary">
          {audit.project ? `Project ${audit.project} and below` : 'The whole site'} ·{' '}
          {new Date(audit.at).toLocaleString()} · {formatCount(audit.items.length)} items ·{' '}
          {formatCount(audit.users.length)} users · {formatCount(audit.groups.length)} groups
          {auditState === 'cancelled' && (
            <span className="tag warn"> cancelled: only part of the site</span>
          )}
          {audit.failed.length > 0 && (
            <span className="tag bad">
              {' '}
              {formatCount(audit.failed.length)} permission lists could not be read
            </span>
          )}
        </p>
      )}

      <div className="subtabs" role="tablist" aria-label="Audit sections">
        {(
          [
            ['rules', `Rules${audit ? ` (${formatCount(rules.length)})` : ''}`],
            ['effective', 'Effective permissions'],
            ['compare', 'Compare snapshots'],
          ] as const
        ).map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            className="subtab"
            aria-selected={section === id}
            onClick={() => setSection(id)}
          >
            {label}
          </button>
        ))}
      </div>

      <div
        className="audit-section"
        role="tabpanel"
        aria-label="Rules"
        hidden={section !== 'rules'}
      >
        {audit ? (
          <div className="audit-rules">
            <div className="toolbar audit-filters">
              <input
                type="search"
                aria-label="Filter rules"
                placeholder="Filter: words in any column, e.g. Finance Write"
                value={query}
                onChange={(e) => setQuery(e.target.value)}
              />
              {QUICK_FILTERS.map(({ key, label, any }) => (
                <select
                  key={key}
                  aria-label={`${label} filter`}
                  value={quick[key]}
                  onChange={(e) => setQuick((q) => ({ ...q, [key]: e.target.value }))}
                >
                  <option value="">{any}</option>
                  {options[key].map((o) => (
                    <option key={o.value} value={o.value}>
                      {key === 'itemType' ? itemTypeLabel(o.value) : o.value} (
                      {formatCount(o.count)})
                    </option>
                  ))}
                </select>
              ))}
              {filtered && (
                <button
                  type="button"
                  className="small link"
                  onClick={() => {
                    setQuery('');
                    setQuick(NO_QUICK_FILTERS);
                  }}
                >
                  Clear filters
                </button>
              )}
            </div>
            <div className="toolbar">
              <span aria-label="Rule count" aria-live="polite">
                {formatCount(shown.length)} of {formatCount(rules.length)} rules
              </span>
              {selected && (
                <button type="button" className="small" onClick={() => setSection('effective')}>
                  Effective permissions on {itemTypeLabel(selected.itemType)} “{selected.itemName}”…
                </button>
              )}
              <span className="spacer" />
              <span className="muted small-text">Export shown</span>
              <button
                type="button"
                className="small"
                onClick={() => exportRules(shown, 'csv', filtered ? '-filtered' : '')}
              >
                CSV
              </button>
              <button
                type="button"
                className="small"
                onClick={() => exportRules(shown, 'json', filtered ? '-filtered' : '')}
              >
                JSON
              </button>
              {filtered && (
                <>
                  <span className="muted small-text">Export all</span>
                  <button
                    type="button"
                    className="small"
                    onClick={() => exportRules(rules, 'csv', '')}
                  >
                    All CSV
                  </button>
                  <button
                    type="button"
                    className="small"
                    onClick={() => exportRules(rules, 'json', '')}
                  >
                    All JSON
                  </button>
                </>
              )}
            </div>
            <AuditRulesTable
              rules={shown}
              sort={sort}
              onSort={setSort}
              selected={selected}
              onSelect={pickRule}
            />
          </div>
        ) : (
          <p className="muted">
            The audit reads every project’s permissions and default permissions, every workbook’s,
            data source’s, flow’s and view’s permissions, and the members of every group, then shows
            every rule in one table.
          </p>
        )}
      </div>
      <div
        className="audit-section"
        role="tabpanel"
        aria-label="Effective permissions"
        hidden={section !== 'effective'}
      >
        {audit ? (
          <EffectivePermissionsPanel
            audit={audit}
            item={item}
            onItem={setItem}
            userId={userId}
            onUser={setUserId}
          />
        ) : (
          <p className="muted">Run an audit first: effective permissions are computed from it.</p>
        )}
      </div>
      <div
        className="audit-section"
        role="tabpanel"
        aria-label="Compare snapshots"
        hidden={section !== 'compare'}
      >
        <AuditComparePanel current={audit} />
      </div>
    </div>
  );
}
