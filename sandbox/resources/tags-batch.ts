/**
 * Batch Add / Delete Tags (3.9): `PUT /sites/{id}/tags:batchCreate` and `…/tags:batchDelete`.
 * Delete is documented as DELETE; TSC sends PUT, so both verbs are served (tableau-api.md §5).
 */
import { errors } from '../errors';
import { el, list } from '../format/element';
import { child, many, str } from '../http/request-body';
import { ok, type RequestContext, type Route } from '../http/route';
import type { TagKind, Tagged } from './tags';

const KINDS = new Set<TagKind>(['workbook', 'view', 'datasource', 'flow']);

function readBatch(ctx: RequestContext) {
  const batch = child(ctx.body, 'tagBatch');
  const labels = many(child(batch, 'tags'), 'tag').map((t) => str(t, 'label'));
  const contents = many(child(batch, 'contents'), 'content').map((c) => ({
    kind: str(c, 'contentType')?.toLowerCase() as TagKind | undefined,
    id: str(c, 'id'),
  }));
  if (labels.length === 0 || labels.some((l) => !l) || contents.length === 0) {
    throw errors.malformedBody(
      'A tag batch needs <tagBatch> with <tags><tag label/></tags> and <contents><content contentType id/></contents>.',
    );
  }
  for (const c of contents) {
    if (!c.kind || !KINDS.has(c.kind) || !c.id) {
      throw errors.badRequest(`The content type '${c.kind ?? ''}' cannot be tagged in a batch.`);
    }
  }
  return { labels: labels as string[], contents: contents as Array<{ kind: TagKind; id: string }> };
}

export function batchTagRoutes(
  target: (ctx: RequestContext, kind: TagKind, id: string) => Tagged,
): Route[] {
  const run = (ctx: RequestContext, add: boolean) => {
    const { labels, contents } = readBatch(ctx);
    // Every item is looked up first, so an unknown id changes nothing.
    const items = contents.map((c) => target(ctx, c.kind, c.id));
    for (const { item, touch } of items) {
      for (const label of labels) {
        const at = item.tags.indexOf(label);
        if (add && at < 0) item.tags.push(label);
        if (!add && at >= 0) item.tags.splice(at, 1);
      }
      touch();
    }
    return ok([
      el('tagBatch', {}, [
        list(
          'tags',
          labels.map((label) => el('tag', { label })),
        ),
        list(
          'contents',
          contents.map((c) => el('content', { contentType: c.kind, id: c.id })),
        ),
      ]),
    ]);
  };
  const route = (method: Route['method'], name: string, add: boolean): Route => ({
    method,
    path: `/sites/:siteId/tags:${name}`,
    auth: 'site',
    minVersion: '3.9',
    handler: (ctx) => run(ctx, add),
  });
  return [
    route('PUT', 'batchCreate', true),
    route('DELETE', 'batchDelete', false),
    route('PUT', 'batchDelete', false),
  ];
}
