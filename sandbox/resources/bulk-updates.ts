/**
 * Methods that change many items in one call: Update Workbook Connections and Update Data
 * Source Connections (3.26, `workbook_update_connections.xml`, `datasource_connections_update.xml`;
 * TSC sends `connectionLUIDs`, the XSD names it `connectionLuids`), and Batch Update Schedule
 * State (3.27, Tableau Server, `schedule_batch_update_state.xml`).
 */
import type { Connection } from '../data/model';
import { errors } from '../errors';
import { list, textEl } from '../format/element';
import { siteScope } from '../http/authenticate';
import { child, required, str, type Body } from '../http/request-body';
import { ok, type RequestContext, type Route } from '../http/route';
import { notFound, nowIso, requireItem } from './common';
import { requireServerAdmin } from './server-admin';
import { connectionElement, updateConnection } from './workbooks';

/** The ids of a `<connectionLuids><connectionLuid>…` list (any capitalisation of LUID). */
function idsIn(body: Body, listNames: string[], itemNames: string[]): string[] {
  const listed = listNames.map((name) => child(body, name)).find(Boolean);
  if (!listed) return [];
  const raw = itemNames.map((name) => listed[name]).find((v) => v !== undefined);
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .map((v) => (typeof v === 'string' ? v : String(str(v as Body, '#text') ?? '')))
    .filter(Boolean);
}

function updateMany(ctx: RequestContext, connections: Connection[]) {
  const ids = idsIn(
    ctx.body,
    ['connectionLuids', 'connectionLUIDs'],
    ['connectionLuid', 'connectionLUID'],
  );
  if (ids.length === 0)
    throw errors.malformedBody('The request needs <connectionLuids> with at least one id.');
  const change = required(ctx.body, 'connection');
  const targets = ids.map((id) => {
    const found = connections.find((c) => c.id === id.toLowerCase());
    if (!found) throw notFound('connection', id);
    return found;
  });
  for (const conn of targets) {
    updateConnection(conn, change);
    const auth = str(change, 'authenticationType');
    if (auth) conn.authenticationType = auth;
  }
  return ok([
    list(
      'connections',
      targets.map((c) => connectionElement(c, false)),
    ),
  ]);
}

export const bulkUpdateRoutes: Route[] = [
  {
    method: 'PUT',
    path: '/sites/:siteId/workbooks/:workbookId/connections',
    auth: 'site',
    minVersion: '3.26',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const wb = requireItem(content.workbooks, ctx.params.workbookId, 'workbook');
      const reply = updateMany(ctx, wb.connections);
      content.workbooks.touch();
      return reply;
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/datasources/:datasourceId/connections',
    auth: 'site',
    minVersion: '3.26',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
      const reply = updateMany(ctx, ds.connections);
      content.datasources.touch();
      return reply;
    },
  },
  {
    method: 'PUT',
    path: '/schedules',
    auth: 'token',
    minVersion: '3.27',
    handler: (ctx) => {
      requireServerAdmin(ctx);
      const state = ctx.query.get('state')?.toLowerCase();
      if (state !== 'active' && state !== 'suspended') {
        throw errors.badRequest(
          'Batch Update Schedule State needs state=active or state=suspended.',
        );
      }
      const schedules = ctx.state.store.schedules;
      const ids = idsIn(ctx.body, ['scheduleLuids'], ['scheduleLuid']);
      // No list: every schedule of the server (TSC's update_all).
      const targets = ids.length
        ? ids.map((id) => requireItem(schedules, id, 'schedule'))
        : [...schedules.all()];
      const now = nowIso();
      for (const schedule of targets) {
        schedule.state = state === 'active' ? 'Active' : 'Suspended';
        schedule.updatedAt = now;
      }
      schedules.touch();
      return ok([
        list(
          'scheduleLuids',
          targets.map((s) => textEl('scheduleLuid', s.id)),
        ),
      ]);
    },
  },
];
