import type { GranteeRule, PermissionKind } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { child, many, required, str } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { notFound, requireItem } from './common';
import { permissionsOf } from './permissions-store';

/** Capabilities each content type accepts (Tableau's permission capabilities reference). */
const CAPABILITIES: Record<PermissionKind, ReadonlySet<string>> = {
  project: new Set(['Read', 'Write', 'ProjectLeader']),
  workbook: new Set([
    'AddComment',
    'ChangeHierarchy',
    'ChangePermissions',
    'CreateRefreshMetrics',
    'Delete',
    'ExportData',
    'ExportImage',
    'ExportXml',
    'ExtractRefresh',
    'Filter',
    'Read',
    'RunExplainData',
    'ShareView',
    'ViewComments',
    'ViewUnderlyingData',
    'VizqlDataApiAccess',
    'WebAuthoring',
    'Write',
  ]),
  view: new Set([
    'AddComment',
    'ChangePermissions',
    'Delete',
    'ExportData',
    'ExportImage',
    'ExportXml',
    'Filter',
    'Read',
    'ShareView',
    'ViewComments',
    'ViewUnderlyingData',
    'WebAuthoring',
    'Write',
  ]),
  datasource: new Set([
    'ChangeHierarchy',
    'ChangePermissions',
    'Connect',
    'Delete',
    'ExportXml',
    'ExtractRefresh',
    'Read',
    'SaveAs',
    'VizqlDataApiAccess',
    'Write',
  ]),
  flow: new Set([
    'ChangeHierarchy',
    'ChangePermissions',
    'Delete',
    'Execute',
    'ExportXml',
    'Read',
    'WebAuthoringForFlows',
    'Write',
  ]),
  virtualConnection: new Set([
    'ChangeHierarchy',
    'ChangePermissions',
    'Connect',
    'Delete',
    'Overwrite',
    'Read',
    'Write',
  ]),
  // Tableau Catalog assets (Data Management): the reference lists these for databases/tables.
  database: new Set(['ChangeHierarchy', 'ChangePermissions', 'Delete', 'Read', 'Write']),
  table: new Set(['ChangeHierarchy', 'ChangePermissions', 'Delete', 'Read', 'Write']),
};

function target(ctx: RequestContext, content: SiteContent, kind: PermissionKind) {
  const id = ctx.params.itemId;
  const item =
    kind === 'project'
      ? requireItem(content.projects, id, 'project')
      : kind === 'workbook'
        ? requireItem(content.workbooks, id, 'workbook')
        : kind === 'view'
          ? requireItem(content.views, id, 'view')
          : kind === 'flow'
            ? requireItem(content.flows, id, 'flow')
            : kind === 'virtualConnection'
              ? requireItem(content.virtualConnections, id, 'virtualConnection')
              : kind === 'database'
                ? requireItem(content.databases, id, 'database')
                : kind === 'table'
                  ? requireItem(content.tables, id, 'table')
                  : requireItem(content.datasources, id, 'datasource');
  return { id: item.id, name: item.name, ownerId: item.ownerId };
}

function granteeElement(rule: GranteeRule): Element {
  const capabilities = [...rule.capabilities].map(([name, mode]) =>
    el('capability', { name, mode }),
  );
  return {
    name: 'granteeCapabilities',
    repeated: true,
    children: [
      el(rule.granteeKind, { id: rule.granteeId }),
      { name: 'capabilities', list: true, children: capabilities },
    ],
  };
}

/** `<permissions><workbook id name><owner/></workbook><granteeCapabilities>…` (fixtures). */
export function permissionsElement(
  kind: string,
  item: { id: string; name: string; ownerId: string },
  rules: GranteeRule[],
): Element {
  return el('permissions', {}, [
    el(kind, { id: item.id, name: item.name }, [el('owner', { id: item.ownerId })]),
    ...rules.filter((r) => r.capabilities.size > 0).map(granteeElement),
  ]);
}

/** Parses `<granteeCapabilities>` entries, checking grantees exist and capabilities fit. */
export { target as permissionTarget };

export function readRules(
  content: SiteContent,
  allowed: ReadonlySet<string>,
  body: Record<string, unknown>,
): GranteeRule[] {
  const permissions = required(body, 'permissions');
  const entries = many(permissions, 'granteeCapabilities');
  if (entries.length === 0)
    throw errors.malformedBody("Add Permissions needs at least one 'granteeCapabilities'.");
  return entries.map((entry) => {
    const userId = str(child(entry, 'user'), 'id');
    const groupId = str(child(entry, 'group'), 'id');
    if (!userId === !groupId)
      throw errors.malformedBody('Each granteeCapabilities needs one user or group id.');
    const granteeKind = userId ? 'user' : 'group';
    const granteeId = userId
      ? requireItem(content.users, userId, 'user').id
      : requireItem(content.groups, groupId as string, 'group').id;
    const capabilities = new Map<string, 'Allow' | 'Deny'>();
    for (const cap of many(child(entry, 'capabilities'), 'capability')) {
      const name = str(cap, 'name') ?? '';
      const mode = str(cap, 'mode');
      if (!allowed.has(name)) throw errors.invalidCapability(name);
      if (mode !== 'Allow' && mode !== 'Deny')
        throw errors.badRequest(`The capability mode '${mode}' is not valid.`);
      capabilities.set(name, mode);
    }
    return { granteeKind, granteeId, capabilities };
  });
}

/** Add Permissions merges: a grantee's capabilities are set one by one, others stay. */
export function mergeRules(rules: GranteeRule[], added: GranteeRule[]): void {
  for (const rule of added) {
    const existing = rules.find(
      (r) => r.granteeKind === rule.granteeKind && r.granteeId === rule.granteeId,
    );
    if (existing)
      for (const [name, mode] of rule.capabilities) existing.capabilities.set(name, mode);
    else rules.push({ ...rule, capabilities: new Map(rule.capabilities) });
  }
}

export function removeCapability(
  rules: GranteeRule[],
  granteeKind: 'users' | 'groups',
  params: Record<string, string>,
): void {
  const { granteeId, capability, mode } = params;
  const rule = rules.find(
    (r) => r.granteeKind === granteeKind.slice(0, -1) && r.granteeId === granteeId.toLowerCase(),
  );
  if (!rule || rule.capabilities.get(capability) !== mode) {
    throw notFound('permission', `${granteeId}/${capability}/${mode}`);
  }
  rule.capabilities.delete(capability);
}

function routesFor(kind: PermissionKind): Route[] {
  const base = `/sites/:siteId/${kind}s/:itemId/permissions`;
  return [
    {
      method: 'GET',
      path: base,
      auth: 'site',
      handler: (ctx) => {
        const { content } = siteScope(ctx);
        const item = target(ctx, content, kind);
        return ok([
          permissionsElement(kind, item, permissionsOf(content, kind, item.id, item.ownerId)),
        ]);
      },
    },
    {
      method: 'PUT',
      path: base,
      auth: 'site',
      handler: (ctx) => {
        const { content } = siteScope(ctx);
        const item = target(ctx, content, kind);
        const added = readRules(content, CAPABILITIES[kind], ctx.body);
        mergeRules(permissionsOf(content, kind, item.id, item.ownerId), added);
        // Add Permissions answers with the capabilities it just granted.
        return ok([permissionsElement(kind, item, added)]);
      },
    },
    ...(['users', 'groups'] as const).map((granteeKind): Route => ({
      method: 'DELETE',
      path: `${base}/${granteeKind}/:granteeId/:capability/:mode`,
      auth: 'site',
      handler: (ctx) => {
        const { content } = siteScope(ctx);
        const item = target(ctx, content, kind);
        if (!CAPABILITIES[kind].has(ctx.params.capability))
          throw errors.invalidCapability(ctx.params.capability);
        removeCapability(
          permissionsOf(content, kind, item.id, item.ownerId),
          granteeKind,
          ctx.params,
        );
        return NO_CONTENT;
      },
    })),
  ];
}

/** Every capability of the 3.29 enum, for default-permission types the sandbox has no content of. */
export const ALL_CAPABILITIES = new Set([
  ...CAPABILITIES.workbook,
  ...CAPABILITIES.datasource,
  ...CAPABILITIES.project,
  'AiAccess',
  'Execute',
  'PulseMetricDefine',
  'WebAuthoringForFlows',
]);

const DEFAULT_TYPES: Record<string, ReadonlySet<string>> = {
  workbooks: CAPABILITIES.workbook,
  datasources: CAPABILITIES.datasource,
  flows: ALL_CAPABILITIES,
  lenses: ALL_CAPABILITIES,
  metrics: ALL_CAPABILITIES,
  dataroles: ALL_CAPABILITIES,
  virtualconnections: ALL_CAPABILITIES,
  databases: ALL_CAPABILITIES,
  tables: ALL_CAPABILITIES,
};

function defaultType(ctx: RequestContext): string {
  const type = ctx.params.contentType.toLowerCase();
  if (!DEFAULT_TYPES[type]) throw errors.unknownResource(ctx.path);
  return type;
}

/** Project default permissions (`/projects/{id}/default-permissions/{type}`, 2.1+). */
const defaultPermissionRoutes: Route[] = [
  {
    method: 'GET',
    path: '/sites/:siteId/projects/:itemId/default-permissions/:contentType',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const type = defaultType(ctx);
      const project = target(ctx, content, 'project');
      const rules = permissionsOf(content, `default-${type}`, project.id, project.ownerId);
      return ok([permissionsElement('project', project, rules)]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/projects/:itemId/default-permissions/:contentType',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const type = defaultType(ctx);
      const project = target(ctx, content, 'project');
      const added = readRules(content, DEFAULT_TYPES[type], ctx.body);
      mergeRules(permissionsOf(content, `default-${type}`, project.id, project.ownerId), added);
      return ok([permissionsElement('project', project, added)]);
    },
  },
  ...(['users', 'groups'] as const).map((granteeKind): Route => ({
    method: 'DELETE',
    path: `/sites/:siteId/projects/:itemId/default-permissions/:contentType/${granteeKind}/:granteeId/:capability/:mode`,
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const type = defaultType(ctx);
      const project = target(ctx, content, 'project');
      const rules = permissionsOf(content, `default-${type}`, project.id, project.ownerId);
      removeCapability(rules, granteeKind, ctx.params);
      return NO_CONTENT;
    },
  })),
];

export const permissionRoutes: Route[] = [
  ...(
    [
      'project',
      'workbook',
      'datasource',
      'view',
      'flow',
      'virtualConnection',
      'database',
      'table',
    ] as const
  ).flatMap(routesFor),
  ...defaultPermissionRoutes,
];
