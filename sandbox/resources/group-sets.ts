/** Group sets (3.22+): `groupsets_create.xml`, `groupsets_get*.xml`, `groupsets_update.xml`. */
import { randomUUID } from 'node:crypto';
import type { GroupSet } from '../data/model-extras';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, type Element } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import type { FieldSpecs } from '../query/filter-sort';
import { paginatedList } from '../query/list-query';
import { paginate, parsePaging } from '../query/paging';
import { requireItem } from './common';

function groupSetElement(content: SiteContent, set: GroupSet, groupIds = set.groupIds): Element {
  return el(
    'groupSet',
    { id: set.id, name: set.name, groupCount: set.groupIds.length },
    groupIds.map((id) => el('group', { id, name: content.groups.get(id)?.name })),
  );
}

/**
 * One group set with a page of its groups: the captures put `<pagination>` (over the groups)
 * before `<groupSet>` on Get Group Set and Update Group Set.
 */
function pagedGroupSet(ctx: RequestContext, content: SiteContent, set: GroupSet, status = 200) {
  const { page, pagination } = paginate(set.groupIds, parsePaging(ctx.query));
  return ok([pagination, groupSetElement(content, set, page)], status);
}

const FIELDS: FieldSpecs<GroupSet> = {
  id: { type: 'string', get: (s) => s.id },
  luid: { type: 'string', get: (s) => s.id },
  name: { type: 'string', get: (s) => s.name },
  groupCount: { type: 'number', get: (s) => s.groupIds.length },
};

function checkName(content: SiteContent, name: string | undefined, self?: GroupSet): string {
  if (!name?.trim()) throw errors.malformedBody("A group set needs a non-empty 'name'.");
  const lower = name.toLowerCase();
  if (content.groupSets.all().some((s) => s !== self && s.name.toLowerCase() === lower)) {
    throw errors.conflict('409120', 'Conflict', `A group set named '${name}' already exists.`);
  }
  return name;
}

function admin(ctx: RequestContext) {
  const scope = siteScope(ctx);
  requireSiteAdmin(scope);
  return scope.content;
}

const base = '/sites/:siteId/groupsets';
const route = (method: Route['method'], path: string, handler: Route['handler']): Route => ({
  method,
  path: `${base}${path}`,
  auth: 'site',
  minVersion: '3.22',
  handler,
});

export const groupSetRoutes: Route[] = [
  route('POST', '', (ctx) => {
    const content = admin(ctx);
    const name = checkName(content, str(required(ctx.body, 'groupSet'), 'name'));
    const set = content.groupSets.add({ id: randomUUID(), name, groupIds: [] });
    return ok([groupSetElement(content, set)], 201);
  }),
  route('GET', '', (ctx) => {
    const { content } = siteScope(ctx);
    // resultlevel=local omits the member groups (TSC `result_level`).
    const local = ctx.query.get('resultlevel') === 'local';
    return paginatedList(
      ctx.query,
      { items: content.groupSets.all(), cache: { collection: content.groupSets, key: 'gs' } },
      FIELDS,
      'groupSets',
      (set) => groupSetElement(content, set, local ? [] : set.groupIds),
    );
  }),
  route('GET', '/:groupSetId', (ctx) => {
    const { content } = siteScope(ctx);
    const set = requireItem(content.groupSets, ctx.params.groupSetId, 'groupSet');
    return pagedGroupSet(ctx, content, set);
  }),
  route('PUT', '/:groupSetId', (ctx) => {
    const content = admin(ctx);
    const set = requireItem(content.groupSets, ctx.params.groupSetId, 'groupSet');
    set.name = checkName(content, str(required(ctx.body, 'groupSet'), 'name'), set);
    content.groupSets.touch();
    return pagedGroupSet(ctx, content, set);
  }),
  route('DELETE', '/:groupSetId', (ctx) => {
    const content = admin(ctx);
    const set = requireItem(content.groupSets, ctx.params.groupSetId, 'groupSet');
    content.groupSets.remove(set.id);
    return NO_CONTENT;
  }),
  route('PUT', '/:groupSetId/groups/:groupId', (ctx) => {
    const content = admin(ctx);
    const set = requireItem(content.groupSets, ctx.params.groupSetId, 'groupSet');
    const group = requireItem(content.groups, ctx.params.groupId, 'group');
    if (!set.groupIds.includes(group.id)) set.groupIds.push(group.id);
    content.groupSets.touch();
    return pagedGroupSet(ctx, content, set);
  }),
  route('DELETE', '/:groupSetId/groups/:groupId', (ctx) => {
    const content = admin(ctx);
    const set = requireItem(content.groupSets, ctx.params.groupSetId, 'groupSet');
    const group = requireItem(content.groups, ctx.params.groupId, 'group');
    const index = set.groupIds.indexOf(group.id);
    if (index < 0) {
      throw errors.notFound('404002', 'Group', `${group.id}' in group set '${set.id}`);
    }
    set.groupIds.splice(index, 1);
    content.groupSets.touch();
    return NO_CONTENT;
  }),
];
