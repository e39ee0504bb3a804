import { errors } from '../errors';
import { siteScope } from '../http/authenticate';
import { many } from '../http/request-body';
import { type RequestContext, type Route } from '../http/route';
import { notFound, requireItem } from './common';
import { startJob } from './job-element';

/**
 * Update Data in a Hyper data source (3.12): `PATCH …/data?uploadSessionId=` with JSON
 * `actions`, answered 202 with an UpdateUploadedFile job (`datasource_data_update.xml`).
 * A live (non-extract) data source has no Hyper file, so its job ends with finishCode 1.
 */
function updateData(ctx: RequestContext) {
  const { content } = siteScope(ctx);
  const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
  const connectionId = ctx.params.connectionId?.toLowerCase() ?? ds.connections[0]?.id;
  if (ctx.params.connectionId && !ds.connections.some((c) => c.id === connectionId)) {
    throw notFound('connection', ctx.params.connectionId);
  }
  const actions = ctx.body.actions;
  if (actions !== undefined && !Array.isArray(actions)) {
    throw errors.malformedBody("'actions' must be a list.");
  }
  const uploadId = ctx.query.get('uploadSessionId');
  if (uploadId !== null) {
    if (!content.uploads.has(uploadId)) throw errors.notFound('404001', 'Upload session', uploadId);
    content.uploads.delete(uploadId);
  } else if (
    !Array.isArray(actions) ||
    many(ctx.body, 'actions').some((a) => a.action !== 'delete')
  ) {
    // Only delete actions can run without uploaded data.
    throw errors.badRequest("Inserting or replacing data needs an 'uploadSessionId'.");
  }
  return startJob(
    ctx,
    content,
    'UpdateUploadedFile',
    { kind: 'datasource', id: ds.id, name: ds.name },
    { connectionId, failed: !ds.hasExtracts },
  );
}

export const dataUpdateRoutes: Route[] = [
  {
    method: 'PATCH',
    path: '/sites/:siteId/datasources/:datasourceId/data',
    auth: 'site',
    minVersion: '3.12',
    handler: updateData,
  },
  {
    method: 'PATCH',
    path: '/sites/:siteId/datasources/:datasourceId/connections/:connectionId/data',
    auth: 'site',
    minVersion: '3.12',
    handler: updateData,
  },
];
