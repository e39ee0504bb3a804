import { useEffect, useState } from 'react';
import { ruleItem, snapshotFileName } from '../../../shared/siteops/audit-view';
import type { AuditRule, PermissionsAudit } from '../../../shared/siteops/permissions';
import { call } from '../../api';
import { formatCount } from '../../lib/format';
import { useOperation } from '../../state/use-operation';
import { OperationBar } from '../OperationBar';
import { loadProjects } from '../PublishPanel';
import { AuditComparePanel } from './AuditComparePanel';
import { AuditRulesSection } from './AuditRulesSection';
import { EffectivePermissionsPanel, type ItemRef } from './EffectivePermissionsPanel';
import { saveText } from '../../lib/download';
import type { SiteToolProps } from './SiteTools';
import '../../styles/permissions-audit.css';

type Section = 'rules' | 'effective' | 'compare';

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

  const running = Boolean(op.view?.running);

  const run = () => {
    void op.start(connection.id, {
      kind: 'permissionsAudit',
      ...(scope ? { project: scope } : {}),
    });
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
            <>
              {' '}
              <span className="tag warn">cancelled: only part of the site</span>
            </>
          )}
          {audit.failed.length > 0 && (
            <>
              {' '}
              <span className="tag bad">
                {formatCount(audit.failed.length)} permission lists could not be read
              </span>
            </>
          )}
        </p>
      )}

      <div className="subtabs" role="tablist" aria-label="Audit sections">
        {(
          [
            ['rules', `Rules${audit ? ` (${formatCount(audit.rules.length)})` : ''}`],
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
          <AuditRulesSection
            audit={audit}
            selected={selected}
            onSelect={pickRule}
            onExplain={() => setSection('effective')}
          />
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
