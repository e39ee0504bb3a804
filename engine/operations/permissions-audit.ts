import { setMaxListeners } from 'node:events';
import type { Connection } from '../../shared/connection';
import {
  DEFAULT_TYPES,
  type AuditItem,
  type AuditRule,
  type PermissionsAudit,
  type PermissionsAuditStart,
} from '../../shared/siteops/permissions';
import { EngineError } from '../errors';
import type { RequestExecutor } from '../executor';
import type { OperationContext, OperationWork } from './operations';
import { CallError, SiteCalls } from './site-calls';

type Json = Record<string, unknown>;

const asArray = (v: unknown): Json[] =>
  Array.isArray(v) ? (v as Json[]) : v && typeof v === 'object' ? [v as Json] : [];
const idOf = (v: unknown): string | null => {
  const id = (v as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
};

/** Tableau's `<permissions>` answer as (grantee, capability, mode) triples. */
export function readPermissions(body: unknown): {
  granteeType: 'user' | 'group';
  granteeId: string;
  capability: string;
  mode: 'Allow' | 'Deny';
}[] {
  const permissions = (body as { permissions?: Json } | null)?.permissions;
  const out: ReturnType<typeof readPermissions> = [];
  for (const entry of asArray(permissions?.granteeCapabilities)) {
    const userId = idOf(entry.user);
    const groupId = idOf(entry.group);
    const granteeId = userId ?? groupId;
    if (!granteeId) continue;
    const caps = asArray((entry.capabilities as Json | undefined)?.capability);
    for (const cap of caps) {
      const mode = cap.mode === 'Deny' ? 'Deny' : cap.mode === 'Allow' ? 'Allow' : null;
      if (typeof cap.name === 'string' && mode)
        out.push({ granteeType: userId ? 'user' : 'group', granteeId, capability: cap.name, mode });
    }
  }
  return out;
}

interface Query {
  key: string;
  label: string;
  path: string;
  itemType: string;
  item: AuditItem;
  source: AuditRule['source'];
}

/**
 * The permissions audit as an operation: read the site's projects, workbooks, data sources,
 * flows, views, users and groups (with their members), then every item's permissions and every
 * project's default permissions, `concurrency` queries at once, flattened into one rule table.
 * One item per permission query; a query that fails is listed and can be retried alone.
 */
export class PermissionsAuditWork implements OperationWork {
  readonly kind = 'permissionsAudit';
  readonly unit = 'items';
  readonly title: string;
  private audit: PermissionsAudit | null = null;
  private queries = new Map<string, Query>();
  private readonly rulesByQuery = new Map<string, AuditRule[]>();
  private readonly failures = new Map<string, PermissionsAudit['failed'][number]>();
  private names = new Map<string, string>();
  private paths = new Map<string, string>();

  constructor(
    private readonly deps: {
      executor: RequestExecutor;
      connection: Connection;
      siteId: () => string;
    },
    private readonly start: PermissionsAuditStart,
  ) {
    this.title = `Permissions audit: ${start.project ? `project “${start.project}”` : 'the whole site'}`;
  }

  get connectionId(): string {
    return this.deps.connection.id;
  }

  async run(ctx: OperationContext, round: 'first' | 'retry'): Promise<PermissionsAudit> {
    // Every query in flight listens to the one cancel signal.
    setMaxListeners(4 * this.start.concurrency + 16, ctx.signal);
    const calls = new SiteCalls(this.deps.executor, this.deps.connection, ctx.signal);
    if (round === 'first' || !this.audit) await this.readSite(calls, ctx);
    const audit = this.audit as PermissionsAudit;
    const todo =
      round === 'retry'
        ? ctx.failedKeys.map((k) => this.queries.get(k)).filter((q): q is Query => !!q)
        : [...this.queries.values()];
    let done = this.queries.size - todo.length;
    ctx.progress({ done, total: this.queries.size, status: 'Reading permissions…' });
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(this.start.concurrency, todo.length) }, async () => {
        while (!ctx.signal.aborted && next < todo.length) {
          const q = todo[next++];
          try {
            const { body } = await calls.call('GET', q.path);
            this.rulesByQuery.set(
              q.key,
              readPermissions(body).map((p) => ({
                itemType: q.itemType,
                itemId: q.item.id,
                itemName: q.item.name,
                projectPath: this.projectPathOf(q.item),
                granteeType: p.granteeType,
                granteeId: p.granteeId,
                granteeName: this.names.get(`${p.granteeType}:${p.granteeId}`) ?? p.granteeId,
                capability: p.capability,
                mode: p.mode,
                source: q.source,
              })),
            );
            this.failures.delete(q.key);
            ctx.item({ key: q.key, label: q.label, state: 'ok' });
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            this.failures.set(q.key, { itemType: q.itemType, itemId: q.item.id, message });
            ctx.item({
              key: q.key,
              label: q.label,
              state: 'failed',
              code: error instanceof CallError ? error.code : 'internal',
              message,
            });
          }
          done++;
          ctx.progress({ done, status: `Read ${done} of ${this.queries.size} permission lists` });
        }
      }),
    );
    // In the order the queries were planned, so two audits of the same site line up.
    audit.rules = [...this.queries.keys()].flatMap((k) => this.rulesByQuery.get(k) ?? []);
    audit.failed = [...this.failures.values()];
    audit.at = new Date().toISOString();
    return { ...audit };
  }

  private projectPathOf(item: AuditItem): string {
    return item.projectId ? (this.paths.get(item.projectId) ?? '') : '';
  }

  private async readSite(calls: SiteCalls, ctx: OperationContext): Promise<void> {
    ctx.progress({ status: 'Reading projects, content, users and groups…' });
    const [projects, workbooks, datasources, flows, views, users, groups] = await Promise.all([
      calls.listAll('/projects'),
      calls.listAll('/workbooks'),
      calls.listAll('/datasources'),
      calls.listAll('/flows'),
      calls.listAll('/views'),
      calls.listAll('/users'),
      calls.listAll('/groups'),
    ]);
    const members = await Promise.all(
      groups.map(async (g) =>
        (await calls.listAll(`/groups/${g.id}/users`)).map((u) => String(u.id)),
      ),
    );
    const item = (type: AuditItem['type'], j: Json, projectId: string | null): AuditItem => ({
      type,
      id: String(j.id),
      name: String(j.name ?? ''),
      projectId,
      ownerId: idOf(j.owner),
      contentPermissions:
        type === 'project' ? String(j.contentPermissions ?? 'ManagedByOwner') : null,
      workbookId: type === 'view' ? idOf(j.workbook) : null,
    });
    const projectItems = projects.map((p) =>
      item(
        'project',
        p,
        typeof p.parentProjectId === 'string' && p.parentProjectId ? p.parentProjectId : null,
      ),
    );
    const byId = new Map(projectItems.map((p) => [p.id, p]));
    const pathOf = (p: AuditItem): string => {
      const names: string[] = [];
      for (
        let at: AuditItem | undefined = p;
        at && names.length < 100;
        at = at.projectId ? byId.get(at.projectId) : undefined
      )
        names.unshift(at.name);
      return names.join(' / ');
    };
    this.paths = new Map(projectItems.map((p) => [p.id, pathOf(p)]));

    // The subtree asked for: a project by name or path, and every project under it.
    let inScope = (_projectId: string | null) => true;
    if (this.start.project) {
      const wanted = this.start.project
        .trim()
        .replace(/\s*\/\s*/g, ' / ')
        .toLowerCase();
      const roots = projectItems.filter(
        (p) =>
          (this.paths.get(p.id) ?? '').toLowerCase() === wanted || p.name.toLowerCase() === wanted,
      );
      if (roots.length === 0)
        throw new EngineError(
          'audit.noProject',
          `There is no project “${this.start.project}” on this site.`,
        );
      if (roots.length > 1)
        throw new EngineError(
          'audit.ambiguousProject',
          `Several projects are called “${this.start.project}”: give the path (${roots.map((r) => this.paths.get(r.id)).join('; ')}).`,
        );
      const ids = new Set([roots[0].id]);
      for (let grew = true; grew;) {
        grew = false;
        for (const p of projectItems)
          if (p.projectId && ids.has(p.projectId) && !ids.has(p.id)) {
            ids.add(p.id);
            grew = true;
          }
      }
      inScope = (projectId) => projectId !== null && ids.has(projectId);
    }
    const workbookItems = workbooks.map((w) => item('workbook', w, idOf(w.project)));
    const workbookProject = new Map(workbookItems.map((w) => [w.id, w.projectId]));
    const items: AuditItem[] = [
      ...projectItems.filter((p) => inScope(p.id)),
      ...workbookItems.filter((w) => inScope(w.projectId)),
      ...datasources
        .map((d) => item('datasource', d, idOf(d.project)))
        .filter((d) => inScope(d.projectId)),
      ...flows.map((f) => item('flow', f, idOf(f.project))).filter((f) => inScope(f.projectId)),
      ...views
        .map((v) =>
          item('view', v, idOf(v.project) ?? workbookProject.get(idOf(v.workbook) ?? '') ?? null),
        )
        .filter((v) => inScope(v.projectId)),
    ];
    this.names = new Map([
      ...users.map((u) => [`user:${u.id}`, String(u.name)] as [string, string]),
      ...groups.map((g) => [`group:${g.id}`, String(g.name)] as [string, string]),
    ]);
    // Is the item's permission set by a locking project above it?
    const locked = (projectId: string | null): boolean => {
      for (let at = projectId ? byId.get(projectId) : undefined, depth = 0; at; depth++) {
        if (at.contentPermissions === 'LockedToProject') return true;
        if (at.contentPermissions === 'LockedToProjectWithoutNested' && depth === 0) return true;
        at = at.projectId ? byId.get(at.projectId) : undefined;
      }
      return false;
    };
    this.queries = new Map();
    for (const i of items) {
      const key = `${i.type}:${i.id}`;
      this.queries.set(key, {
        key,
        label: `${i.type} “${i.name}”`,
        path: `/${i.type}s/${i.id}/permissions`,
        itemType: i.type,
        item: i,
        source: i.type !== 'project' && locked(i.projectId) ? 'locked project' : 'item',
      });
      if (i.type === 'project')
        for (const t of DEFAULT_TYPES)
          this.queries.set(`${key}:${t}`, {
            key: `${key}:${t}`,
            label: `default ${t} permissions of project “${i.name}”`,
            path: `/projects/${i.id}/default-permissions/${t}`,
            itemType: `project-default:${t}`,
            item: i,
            source: 'project default',
          });
    }
    this.audit = {
      kind: 'permissionsAudit',
      format: 'trestle-permissions-audit/1',
      at: new Date().toISOString(),
      server: new URL(this.deps.connection.serverUrl).origin,
      siteId: this.deps.siteId(),
      project: this.start.project ?? null,
      rules: [],
      items,
      users: users.map((u) => ({
        id: String(u.id),
        name: String(u.name),
        siteRole: String(u.siteRole ?? ''),
      })),
      groups: groups.map((g, n) => ({
        id: String(g.id),
        name: String(g.name),
        userIds: members[n],
      })),
      failed: [],
    };
  }
}
