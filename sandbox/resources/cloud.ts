/**
 * Methods only a Tableau Cloud site answers (`--cloud`): Create and Update Cloud Extract
 * Refresh Task with an inline schedule (3.20; `tasks_create_extract_task.xml`), the site's
 * OpenID Connect configuration (3.22/3.24; `oidc_get.xml`, `oidc_create.xml`) and Bridge
 * domain-to-pool mapping (3.28).
 */
import { randomUUID } from 'node:crypto';
import type { ExtractTask } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, type Element } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { bodyToElement, bool, child, required, str, type Body } from '../http/request-body';
import { ok, type RequestContext, type Route } from '../http/route';
import { nowIso, requireItem } from './common';

const FREQUENCIES = new Set(['Hourly', 'Daily', 'Weekly', 'Monthly']);

/** The request's `<schedule frequency><frequencyDetails …>` as the task's own schedule. */
function inlineSchedule(body: Body): Element {
  const schedule = required(body, 'schedule');
  const frequency = str(schedule, 'frequency');
  if (!frequency || !FREQUENCIES.has(frequency)) {
    throw errors.badRequest(`The schedule frequency '${frequency ?? ''}' is not valid.`);
  }
  if (!child(schedule, 'frequencyDetails')) {
    throw errors.malformedBody('A Cloud task schedule needs <frequencyDetails start="…">.');
  }
  const now = nowIso();
  const element = bodyToElement('schedule', schedule);
  // The next run is a day out: the sandbox runs no scheduler, it only reports the schedule.
  const nextRunAt = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  element.attrs = { createdAt: now, updatedAt: now, ...element.attrs, nextRunAt };
  return element;
}

function targetOf(content: SiteContent, refresh: Body | undefined): ExtractTask['target'] {
  const workbookId = str(child(refresh, 'workbook'), 'id');
  const datasourceId = str(child(refresh, 'datasource'), 'id');
  if (workbookId)
    return { kind: 'workbook', id: requireItem(content.workbooks, workbookId, 'workbook').id };
  if (datasourceId) {
    return {
      kind: 'datasource',
      id: requireItem(content.datasources, datasourceId, 'datasource').id,
    };
  }
  throw errors.malformedBody('The task needs <extractRefresh> with a workbook or datasource id.');
}

function taskReply(task: ExtractTask, status = 200) {
  return ok(
    [
      el('extractRefresh', { id: task.id, type: task.type }, [
        el(task.target.kind, { id: task.target.id }),
      ]),
      ...(task.inlineSchedule ? [task.inlineSchedule] : []),
    ],
    status,
  );
}

function refreshType(value: string | undefined): ExtractTask['type'] {
  if (value === undefined || value === 'FullRefresh') return 'FullRefresh';
  if (value === 'IncrementalRefresh') return 'IncrementalRefresh';
  throw errors.badRequest(
    `The refresh type '${value}' is not valid; use FullRefresh or IncrementalRefresh.`,
  );
}

/** OIDC configurations per site: idpConfigurationId → attributes as sent (secret omitted). */
const oidcBySite = new WeakMap<object, Map<string, Record<string, string>>>();

function oidcOf(ctx: RequestContext) {
  const scope = siteScope(ctx);
  requireSiteAdmin(scope);
  let configs = oidcBySite.get(scope.content);
  if (!configs) {
    configs = new Map();
    oidcBySite.set(scope.content, configs);
  }
  return configs;
}

function oidcElement(config: Record<string, string>): Element {
  return el('siteOIDCConfiguration', { ...config, clientSecret: 'omit' });
}

function applyOidc(config: Record<string, string>, body: Body): void {
  for (const [key, value] of Object.entries(body)) {
    if (value !== null && typeof value !== 'object') config[key] = String(value);
  }
}

export const cloudRoutes: Route[] = [
  {
    method: 'POST',
    path: '/sites/:siteId/tasks/extractRefreshes',
    auth: 'site',
    minVersion: '3.20',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const refresh = required(ctx.body, 'extractRefresh');
      const task: ExtractTask = {
        id: randomUUID(),
        scheduleId: '',
        priority: 50,
        consecutiveFailedCount: 0,
        type: refreshType(str(refresh, 'type')),
        target: targetOf(content, refresh),
        inlineSchedule: inlineSchedule(ctx.body),
      };
      content.tasks.add(task);
      return taskReply(task, 201);
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/tasks/extractRefreshes/:taskId',
    auth: 'site',
    minVersion: '3.20',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const task = requireItem(content.tasks, ctx.params.taskId, 'task');
      const refresh = child(ctx.body, 'extractRefresh');
      if (refresh) {
        task.type = refreshType(str(refresh, 'type') ?? task.type);
        if (child(refresh, 'workbook') || child(refresh, 'datasource')) {
          task.target = targetOf(content, refresh);
        }
      }
      if (child(ctx.body, 'schedule')) task.inlineSchedule = inlineSchedule(ctx.body);
      content.tasks.touch();
      return taskReply(task);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/site-oidc-configuration',
    auth: 'site',
    minVersion: '3.22',
    handler: (ctx) => {
      const configs = oidcOf(ctx);
      const body = required(ctx.body, 'siteOIDCConfiguration');
      for (const key of ['clientId', 'clientSecret', 'authorizationEndpoint', 'tokenEndpoint']) {
        if (!str(body, key)) throw errors.malformedBody(`The OIDC configuration needs '${key}'.`);
      }
      const id = randomUUID();
      const config: Record<string, string> = {
        enabled: 'true',
        idpConfigurationId: id,
        testLoginUrl: `https://sso.online.tableau.com/public/testLogin?authSetting=OIDC&idpConfigurationId=${id}`,
      };
      applyOidc(config, body);
      config.idpConfigurationId = id;
      configs.set(id, config);
      return ok([oidcElement(config)]);
    },
  },
  {
    method: 'GET',
    path: '/sites/:siteId/site-oidc-configuration/:idpId',
    auth: 'site',
    minVersion: '3.24',
    handler: (ctx) => {
      const config = oidcOf(ctx).get(ctx.params.idpId.toLowerCase());
      if (!config) throw errors.notFound('404002', 'OIDC configuration', ctx.params.idpId);
      return ok([oidcElement(config)]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/site-oidc-configuration/:idpId',
    auth: 'site',
    minVersion: '3.22',
    handler: (ctx) => {
      const config = oidcOf(ctx).get(ctx.params.idpId.toLowerCase());
      if (!config) throw errors.notFound('404002', 'OIDC configuration', ctx.params.idpId);
      applyOidc(config, required(ctx.body, 'siteOIDCConfiguration'));
      config.idpConfigurationId = ctx.params.idpId.toLowerCase();
      return ok([oidcElement(config)]);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/disable-site-oidc-configuration',
    auth: 'site',
    minVersion: '3.24',
    handler: (ctx) => {
      const configs = oidcOf(ctx);
      const id = ctx.query.get('idpConfigurationId')?.toLowerCase();
      const config = id ? configs.get(id) : undefined;
      if (!config) throw errors.notFound('404002', 'OIDC configuration', id ?? '');
      config.enabled = 'false';
      return ok([oidcElement(config)]);
    },
  },
  {
    method: 'POST',
    path: '/sites/:siteId/bridge-domain-maps',
    auth: 'site',
    minVersion: '3.28',
    handler: (ctx) => {
      requireSiteAdmin(siteScope(ctx));
      const body = required(ctx.body, 'bridgeDomain');
      const domain = str(body, 'newDomainName') ?? str(body, 'existingDomainName');
      if (!domain) throw errors.malformedBody('The request needs the domain name.');
      return ok(
        [
          el('bridgeDomain', {
            existingDomainName: domain,
            newPoolLuid: str(body, 'newPoolLuid'),
            isBlocked: bool(body, 'isBlocked') ?? false,
          }),
        ],
        201,
      );
    },
  },
];
