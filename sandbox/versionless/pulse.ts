/**
 * Tableau Pulse (Tableau Cloud, versionless `/api/-/pulse`): metric definitions, metrics and
 * their followers' subscriptions, and insight bundles. Object shapes follow the schemas
 * Tableau's own MCP server (tableau-mcp, `types/pulse.ts`) validates Cloud answers with;
 * response keys follow PSTableauREST (`definition(s)`, `metric(s)`, `subscription(s)`,
 * `follower_counts`, `bundle_response`). Insights are computed from nothing: a bundle has no
 * insight groups, and a brief says there is not enough information.
 */
import { randomUUID } from 'node:crypto';
import { errors } from '../errors';
import { nowIso } from '../resources/common';
import {
  json,
  noContent,
  type JsonBody,
  type VersionlessContext,
  type VersionlessRoute,
} from './route';

interface Definition {
  metadata: {
    name: string;
    description: string;
    id: string;
    schema_version: string;
    metric_version: number;
    definition_version: number;
    last_updated_user: { id: string };
  };
  specification: JsonBody;
  extension_options: JsonBody;
  representation_options: JsonBody;
  insights_options: JsonBody;
  comparisons: { comparisons: unknown[] };
  datasource_goals: unknown[];
}
interface Metric {
  id: string;
  specification: JsonBody;
  definition_id: string;
  is_default: boolean;
  schema_version: string;
  metric_version: number;
  is_followed: boolean;
  datasource_luid: string;
}
interface Subscription {
  id: string;
  metric_id: string;
  follower: { user_id: string };
  created_at: string;
}
interface PulseSite {
  definitions: Map<string, Definition>;
  metrics: Map<string, Metric>;
  subscriptions: Map<string, Subscription>;
}

const sites = new WeakMap<object, PulseSite>();

function pulseOf(ctx: VersionlessContext): PulseSite {
  let p = sites.get(ctx.content);
  if (!p) {
    p = { definitions: new Map(), metrics: new Map(), subscriptions: new Map() };
    sites.set(ctx.content, p);
  }
  return p;
}

const DEFAULT_METRIC_SPEC = {
  filters: [],
  measurement_period: { granularity: 'GRANULARITY_BY_MONTH', range: 'RANGE_CURRENT_PARTIAL' },
  comparison: { comparison: 'TIME_COMPARISON_PREVIOUS_PERIOD' },
};

function object(value: unknown, what: string): JsonBody {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest(`'${what}' must be an object.`);
  }
  return value as JsonBody;
}

function newMetric(definition: Definition, spec: JsonBody | undefined, isDefault: boolean): Metric {
  const datasource = object(definition.specification.datasource, 'specification.datasource');
  return {
    id: randomUUID(),
    specification: { ...DEFAULT_METRIC_SPEC, ...(spec ?? {}) },
    definition_id: definition.metadata.id,
    is_default: isDefault,
    schema_version: '1.0',
    metric_version: 1,
    is_followed: false,
    datasource_luid: String(datasource.id ?? ''),
  };
}

function findDefinition(ctx: VersionlessContext, id: string): Definition {
  const found = pulseOf(ctx).definitions.get(id.toLowerCase());
  if (!found) throw errors.notFound('404002', 'Pulse metric definition', id);
  return found;
}

function findMetric(ctx: VersionlessContext, id: string): Metric {
  const found = pulseOf(ctx).metrics.get(id.toLowerCase());
  if (!found) throw errors.notFound('404002', 'Pulse metric', id);
  return found;
}

function ids(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string')) {
    throw errors.badRequest(`'${what}' must be a non-empty list of ids.`);
  }
  return value as string[];
}

/** `metric_ids` / `definition_ids` from a POST body or repeated query parameters (GET). */
function batchIds(ctx: VersionlessContext, key: string): string[] {
  const fromQuery = ctx.query.getAll(key).flatMap((v) => v.split(','));
  return ids(fromQuery.length > 0 ? fromQuery : ctx.body[key], key);
}

function definitionView(ctx: VersionlessContext, d: Definition) {
  const metrics = [...pulseOf(ctx).metrics.values()].filter(
    (m) => m.definition_id === d.metadata.id,
  );
  const view = ctx.query.get('view') ?? 'DEFINITION_VIEW_BASIC';
  const shown =
    view === 'DEFINITION_VIEW_FULL'
      ? metrics
      : view === 'DEFINITION_VIEW_DEFAULT'
        ? metrics.filter((m) => m.is_default)
        : [];
  return { ...d, metrics: shown, total_metrics: metrics.length };
}

function subscribe(ctx: VersionlessContext, body: JsonBody): Subscription {
  const metric = findMetric(ctx, String(body.metric_id ?? ''));
  const follower = object(body.follower ?? { user_id: ctx.user.id }, 'follower');
  const userId = String(follower.user_id ?? '').toLowerCase();
  if (!ctx.content.users.get(userId)) throw errors.notFound('404002', 'User', userId);
  const existing = [...pulseOf(ctx).subscriptions.values()].find(
    (s) => s.metric_id === metric.id && s.follower.user_id === userId,
  );
  if (existing) return existing;
  const sub = {
    id: randomUUID(),
    metric_id: metric.id,
    follower: { user_id: userId },
    created_at: nowIso(),
  };
  pulseOf(ctx).subscriptions.set(sub.id, sub);
  if (userId === ctx.user.id) metric.is_followed = true;
  return sub;
}

const cloud = { minVersion: '3.21', platform: 'cloud' } as const;
const bundle = (type: string): VersionlessRoute => ({
  ...cloud,
  method: 'POST',
  path: `/pulse/insights/${type}`,
  handler: (ctx) => {
    object(ctx.body.bundle_request, 'bundle_request');
    return json({
      bundle_response: { result: { insight_groups: [], has_errors: false, characterization: '' } },
    });
  },
});

export const pulseRoutes: VersionlessRoute[] = [
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/definitions',
    handler: (ctx) => {
      const all = [...pulseOf(ctx).definitions.values()];
      const size = Math.min(Number(ctx.query.get('page_size') ?? 100) || 100, 1000);
      const offset = Number(ctx.query.get('page_token') ?? 0) || 0;
      const page = all.slice(offset, offset + size);
      return json({
        definitions: page.map((d) => definitionView(ctx, d)),
        ...(offset + size < all.length ? { next_page_token: String(offset + size) } : {}),
        offset,
        total_available: all.length,
      });
    },
  },
  {
    ...cloud,
    method: 'POST',
    path: '/pulse/definitions',
    handler: (ctx) => {
      const name = ctx.body.name;
      if (typeof name !== 'string' || !name.trim())
        throw errors.badRequest('A metric definition needs a name.');
      const specification = object(ctx.body.specification, 'specification');
      const datasourceId = String(
        object(specification.datasource, 'specification.datasource').id ?? '',
      );
      if (!ctx.content.datasources.get(datasourceId)) {
        throw errors.notFound('404004', 'Datasource', datasourceId);
      }
      const definition: Definition = {
        metadata: {
          name,
          description: typeof ctx.body.description === 'string' ? ctx.body.description : '',
          id: randomUUID(),
          schema_version: '1.0',
          metric_version: 1,
          definition_version: 1,
          last_updated_user: { id: ctx.user.id },
        },
        specification: { is_running_total: false, ...specification },
        extension_options: object(ctx.body.extension_options ?? {}, 'extension_options'),
        representation_options: object(
          ctx.body.representation_options ?? { type: 'NUMBER_FORMAT_TYPE_NUMBER' },
          'representation_options',
        ),
        insights_options: object(
          ctx.body.insights_options ?? { show_insights: true },
          'insights_options',
        ),
        comparisons: { comparisons: [] },
        datasource_goals: [],
      };
      pulseOf(ctx).definitions.set(definition.metadata.id, definition);
      // Every definition has its default metric (DEFINITION_VIEW_DEFAULT shows it).
      const metric = newMetric(definition, undefined, true);
      pulseOf(ctx).metrics.set(metric.id, metric);
      return json({ definition: definitionView(ctx, definition) }, 201);
    },
  },
  ...(['GET', 'POST'] as const).map((method): VersionlessRoute => ({
    ...cloud,
    method,
    path: '/pulse/definitions:batchGet',
    handler: (ctx) => ({
      status: 200,
      json: {
        definitions: batchIds(ctx, 'definition_ids').map((id) =>
          definitionView(ctx, findDefinition(ctx, id)),
        ),
      },
    }),
  })),
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/definitions/:definitionId',
    handler: (ctx) =>
      json({ definition: definitionView(ctx, findDefinition(ctx, ctx.params.definitionId)) }),
  },
  {
    ...cloud,
    method: 'PATCH',
    path: '/pulse/definitions/:definitionId',
    handler: (ctx) => {
      const d = findDefinition(ctx, ctx.params.definitionId);
      if (typeof ctx.body.name === 'string') d.metadata.name = ctx.body.name;
      if (typeof ctx.body.description === 'string') d.metadata.description = ctx.body.description;
      if (ctx.body.specification)
        d.specification = {
          ...d.specification,
          ...object(ctx.body.specification, 'specification'),
        };
      d.metadata.definition_version++;
      d.metadata.last_updated_user = { id: ctx.user.id };
      return json({ definition: definitionView(ctx, d) });
    },
  },
  {
    ...cloud,
    method: 'DELETE',
    path: '/pulse/definitions/:definitionId',
    handler: (ctx) => {
      const d = findDefinition(ctx, ctx.params.definitionId);
      const pulse = pulseOf(ctx);
      for (const m of [...pulse.metrics.values()]) {
        if (m.definition_id !== d.metadata.id) continue;
        pulse.metrics.delete(m.id);
        for (const s of [...pulse.subscriptions.values()])
          if (s.metric_id === m.id) pulse.subscriptions.delete(s.id);
      }
      pulse.definitions.delete(d.metadata.id);
      return noContent;
    },
  },
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/definitions/:definitionId/metrics',
    handler: (ctx) => {
      const d = findDefinition(ctx, ctx.params.definitionId);
      const metrics = [...pulseOf(ctx).metrics.values()].filter(
        (m) => m.definition_id === d.metadata.id,
      );
      return json({ metrics, total_available: metrics.length });
    },
  },
  {
    ...cloud,
    method: 'POST',
    path: '/pulse/metrics',
    handler: (ctx) => {
      const d = findDefinition(ctx, String(ctx.body.definition_id ?? ''));
      const metric = newMetric(
        d,
        ctx.body.specification ? object(ctx.body.specification, 'specification') : undefined,
        false,
      );
      pulseOf(ctx).metrics.set(metric.id, metric);
      return json({ metric }, 201);
    },
  },
  {
    ...cloud,
    method: 'POST',
    path: '/pulse/metrics:getOrCreate',
    handler: (ctx) => {
      const d = findDefinition(ctx, String(ctx.body.definition_id ?? ''));
      const spec = JSON.stringify({
        ...DEFAULT_METRIC_SPEC,
        ...((ctx.body.specification as JsonBody) ?? {}),
      });
      const existing = [...pulseOf(ctx).metrics.values()].find(
        (m) => m.definition_id === d.metadata.id && JSON.stringify(m.specification) === spec,
      );
      if (existing) return json({ metric: existing, is_metric_created: false });
      const metric = newMetric(d, JSON.parse(spec) as JsonBody, false);
      pulseOf(ctx).metrics.set(metric.id, metric);
      return json({ metric, is_metric_created: true }, 201);
    },
  },
  ...(['GET', 'POST'] as const).map((method): VersionlessRoute => ({
    ...cloud,
    method,
    path: '/pulse/metrics:batchGet',
    handler: (ctx) =>
      json({ metrics: batchIds(ctx, 'metric_ids').map((id) => findMetric(ctx, id)) }),
  })),
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/metrics:followedMetricsGroups',
    handler: (ctx) => {
      const followed = [...pulseOf(ctx).subscriptions.values()]
        .filter((s) => s.follower.user_id === ctx.user.id)
        .map((s) => findMetric(ctx, s.metric_id));
      return json({ groups: followed.length ? [{ metrics: followed }] : [] });
    },
  },
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/metrics/:metricId',
    handler: (ctx) => json({ metric: findMetric(ctx, ctx.params.metricId) }),
  },
  {
    ...cloud,
    method: 'PATCH',
    path: '/pulse/metrics/:metricId',
    handler: (ctx) => {
      const metric = findMetric(ctx, ctx.params.metricId);
      if (ctx.body.specification) {
        metric.specification = {
          ...metric.specification,
          ...object(ctx.body.specification, 'specification'),
        };
        metric.metric_version++;
      }
      return json({ metric });
    },
  },
  {
    ...cloud,
    method: 'DELETE',
    path: '/pulse/metrics/:metricId',
    handler: (ctx) => {
      const metric = findMetric(ctx, ctx.params.metricId);
      const pulse = pulseOf(ctx);
      pulse.metrics.delete(metric.id);
      for (const s of [...pulse.subscriptions.values()])
        if (s.metric_id === metric.id) pulse.subscriptions.delete(s.id);
      return noContent;
    },
  },
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/subscriptions',
    handler: (ctx) => {
      const userId = (ctx.query.get('user_id') ?? ctx.user.id).toLowerCase();
      const metricId = ctx.query.get('metric_id')?.toLowerCase();
      const subs = [...pulseOf(ctx).subscriptions.values()].filter(
        (s) => s.follower.user_id === userId && (!metricId || s.metric_id === metricId),
      );
      return json({
        subscriptions: subs.map((s) => ({
          id: s.id,
          metric_id: s.metric_id,
          follower: s.follower,
        })),
      });
    },
  },
  {
    ...cloud,
    method: 'POST',
    path: '/pulse/subscriptions',
    handler: (ctx) => json({ subscription: subscribe(ctx, ctx.body) }, 201),
  },
  {
    ...cloud,
    method: 'POST',
    path: '/pulse/subscriptions:batchCreate',
    handler: (ctx) => {
      const requests = ctx.body.requests;
      if (!Array.isArray(requests))
        throw errors.badRequest("'requests' must be a list of {metric_id, follower}.");
      return json({
        subscriptions: (requests as JsonBody[]).map((r) => subscribe(ctx, object(r, 'requests[]'))),
      });
    },
  },
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/subscriptions:batchGet',
    handler: (ctx) => {
      const subs = batchIds(ctx, 'subscription_ids').map((id) => {
        const sub = pulseOf(ctx).subscriptions.get(id.toLowerCase());
        if (!sub) throw errors.notFound('404002', 'Pulse subscription', id);
        return sub;
      });
      return json({ subscriptions: subs });
    },
  },
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/subscriptions:batchGetMetricFollowerCounts',
    handler: (ctx) => {
      const pulse = pulseOf(ctx);
      const wanted = ctx.query
        .getAll('metric_ids')
        .flatMap((v) => v.split(','))
        .filter(Boolean);
      const metrics = wanted.length
        ? wanted.map((id) => findMetric(ctx, id))
        : [...pulse.metrics.values()];
      const subs = [...pulse.subscriptions.values()];
      return json({
        follower_counts: metrics.map((m) => ({
          metric_id: m.id,
          follower_count: subs.filter((x) => x.metric_id === m.id).length,
        })),
      });
    },
  },
  {
    ...cloud,
    method: 'GET',
    path: '/pulse/subscriptions/:subscriptionId',
    handler: (ctx) => {
      const sub = pulseOf(ctx).subscriptions.get(ctx.params.subscriptionId.toLowerCase());
      if (!sub) throw errors.notFound('404002', 'Pulse subscription', ctx.params.subscriptionId);
      return json({ subscription: sub });
    },
  },
  {
    ...cloud,
    method: 'DELETE',
    path: '/pulse/subscriptions/:subscriptionId',
    handler: (ctx) => {
      const pulse = pulseOf(ctx);
      const sub = pulse.subscriptions.get(ctx.params.subscriptionId.toLowerCase());
      if (!sub) throw errors.notFound('404002', 'Pulse subscription', ctx.params.subscriptionId);
      pulse.subscriptions.delete(sub.id);
      const metric = pulse.metrics.get(sub.metric_id);
      if (metric && sub.follower.user_id === ctx.user.id) metric.is_followed = false;
      return noContent;
    },
  },
  bundle('ban'),
  bundle('springboard'),
  bundle('detail'),
  bundle('basic'),
  {
    ...cloud,
    method: 'POST',
    path: '/pulse/insights/brief',
    handler: (ctx) => {
      if (!Array.isArray(ctx.body.messages)) throw errors.badRequest("'messages' must be a list.");
      return json({
        follow_up_questions: [],
        generation_id: randomUUID(),
        group_context: [],
        markup: '',
        not_enough_information: true,
        source_insights: [],
      });
    },
  },
];
