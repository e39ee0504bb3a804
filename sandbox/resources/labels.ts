/**
 * Data labels (3.19): label values and categories, labels on assets (read with a POST, as the
 * Migration SDK's LabelsApiClient does) and labels by id.
 * Labels on assets are the same records as data quality warnings and certifications
 * (`data-quality.ts`): a certification-category value makes a certification, others a warning.
 */
import { randomUUID } from 'node:crypto';
import type { QualityIndicator } from '../data/model-governance';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list, type Element } from '../format/element';
import { siteScope } from '../http/authenticate';
import { bool, child, many, required, str, type Body } from '../http/request-body';
import { NO_CONTENT, ok, type RequestContext, type Route } from '../http/route';
import { nowIso, requireItem } from './common';
import { checkContent } from './data-quality';

interface LabelCategory {
  name: string;
  description: string;
}
interface LabelValue {
  name: string;
  category: string;
  description: string;
  builtIn: boolean;
  elevatedDefault: boolean;
}
interface SiteLabels {
  categories: Map<string, LabelCategory>;
  values: Map<string, LabelValue>;
}

/** Tableau's built-in label values and the indicator type each maps to. */
const BUILT_IN: Array<[string, string, string]> = [
  ['Certified', 'certification', 'CERTIFICATION'],
  ['Deprecated', 'warning', 'DEPRECATED'],
  ['Warning', 'warning', 'WARNING'],
  ['Stale data', 'warning', 'STALE'],
  ['Under maintenance', 'warning', 'MAINTENANCE'],
  ['Sensitive data', 'sensitivity', 'SENSITIVE_DATA'],
];

const bySite = new WeakMap<object, SiteLabels>();

function labelsOf(content: SiteContent): SiteLabels {
  let labels = bySite.get(content);
  if (!labels) {
    labels = { categories: new Map(), values: new Map() };
    for (const name of ['certification', 'warning', 'sensitivity']) {
      labels.categories.set(name, { name, description: `Built-in ${name} labels` });
    }
    for (const [name, category] of BUILT_IN) {
      labels.values.set(name.toLowerCase(), {
        name,
        category,
        description: '',
        builtIn: true,
        elevatedDefault: false,
      });
    }
    bySite.set(content, labels);
  }
  return labels;
}

function valueElement(siteId: string, value: LabelValue): Element {
  return el(
    'labelValue',
    {
      builtIn: value.builtIn,
      category: value.category,
      description: value.description,
      elevatedDefault: value.elevatedDefault,
      internal: false,
      name: value.name,
    },
    [el('site', { id: siteId })],
  );
}

const categoryElement = (c: LabelCategory) =>
  el('labelCategory', { description: c.description, name: c.name });

/** A quality indicator seen as a label (XSD labelType). */
function labelElement(siteId: string, content: SiteContent, q: QualityIndicator): Element {
  const builtIn = BUILT_IN.find(([, , type]) => type === q.type);
  return el(
    'label',
    {
      active: q.isActive,
      category: builtIn?.[1] ?? (q.kind === 'certification' ? 'certification' : 'warning'),
      contentId: q.contentId,
      contentType: q.contentType,
      createdAt: q.createdAt,
      elevated: q.isSevere,
      id: q.id,
      message: q.message,
      updatedAt: q.updatedAt,
      userDisplayName: content.users.get(q.ownerId)?.fullName,
      value: builtIn?.[0] ?? q.type,
    },
    [el('site', { id: siteId }), el('owner', { id: q.ownerId })],
  );
}

function contentListOf(content: SiteContent, body: Body) {
  const entries = many(child(body, 'contentList'), 'content');
  if (entries.length === 0) throw errors.malformedBody('The request needs a <contentList>.');
  return entries.map((e) => checkContent(content, str(e, 'contentType') ?? '', str(e, 'id') ?? ''));
}

function findValue(labels: SiteLabels, name: string): LabelValue {
  const value = labels.values.get(name.toLowerCase());
  if (!value) throw errors.notFound('404002', 'Label value', name);
  return value;
}

function findCategory(labels: SiteLabels, name: string): LabelCategory {
  const category = labels.categories.get(name.toLowerCase());
  if (!category) throw errors.notFound('404002', 'Label category', name);
  return category;
}

function scope(ctx: RequestContext) {
  const s = siteScope(ctx);
  return { ...s, labels: labelsOf(s.content) };
}

const route = (
  method: Route['method'],
  path: string,
  minVersion: string,
  handler: Route['handler'],
): Route => ({
  method,
  path: `/sites/:siteId${path}`,
  auth: 'site',
  minVersion,
  handler,
});

export const labelRoutes: Route[] = [
  route('GET', '/labelValues', '3.19', (ctx) => {
    const { site, labels } = scope(ctx);
    return ok([
      list(
        'labelValueList',
        [...labels.values.values()].map((v) => valueElement(site.id, v)),
      ),
    ]);
  }),
  route('POST', '/labelValues', '3.19', (ctx) => {
    const { site, labels } = scope(ctx);
    const body = required(ctx.body, 'labelValue');
    const name = str(body, 'name');
    if (!name) throw errors.malformedBody('A label value needs a name.');
    if (labels.values.has(name.toLowerCase())) {
      throw errors.conflict('409000', 'Conflict', `The label value '${name}' already exists.`);
    }
    const category = findCategory(labels, str(body, 'category') ?? 'warning').name;
    const value: LabelValue = {
      name,
      category,
      description: str(body, 'description') ?? '',
      builtIn: false,
      elevatedDefault: bool(body, 'elevatedDefault') ?? false,
    };
    labels.values.set(name.toLowerCase(), value);
    return ok([valueElement(site.id, value)], 201);
  }),
  route('GET', '/labelValues/:name', '3.19', (ctx) => {
    const { site, labels } = scope(ctx);
    return ok([valueElement(site.id, findValue(labels, ctx.params.name))]);
  }),
  route('PUT', '/labelValues/:name', '3.19', (ctx) => {
    const { site, labels } = scope(ctx);
    const value = findValue(labels, ctx.params.name);
    const body = required(ctx.body, 'labelValue');
    value.description = str(body, 'description') ?? value.description;
    value.elevatedDefault = bool(body, 'elevatedDefault') ?? value.elevatedDefault;
    return ok([valueElement(site.id, value)]);
  }),
  route('DELETE', '/labelValues/:name', '3.19', (ctx) => {
    const { labels } = scope(ctx);
    const value = findValue(labels, ctx.params.name);
    if (value.builtIn)
      throw errors.forbidden(`The built-in label value '${value.name}' cannot be deleted.`);
    labels.values.delete(value.name.toLowerCase());
    return NO_CONTENT;
  }),
  route('GET', '/labelCategories', '3.19', (ctx) =>
    ok([
      list('labelCategoryList', [...scope(ctx).labels.categories.values()].map(categoryElement)),
    ]),
  ),
  route('POST', '/labelCategories', '3.19', (ctx) => {
    const { labels } = scope(ctx);
    const body = required(ctx.body, 'labelCategory');
    const name = str(body, 'name');
    if (!name) throw errors.malformedBody('A label category needs a name.');
    if (labels.categories.has(name.toLowerCase())) {
      throw errors.conflict('409000', 'Conflict', `The label category '${name}' already exists.`);
    }
    const category = { name, description: str(body, 'description') ?? '' };
    labels.categories.set(name.toLowerCase(), category);
    return ok([categoryElement(category)], 201);
  }),
  route('GET', '/labelCategories/:name', '3.19', (ctx) =>
    ok([categoryElement(findCategory(scope(ctx).labels, ctx.params.name))]),
  ),
  route('PUT', '/labelCategories/:name', '3.19', (ctx) => {
    const category = findCategory(scope(ctx).labels, ctx.params.name);
    category.description =
      str(required(ctx.body, 'labelCategory'), 'description') ?? category.description;
    return ok([categoryElement(category)]);
  }),
  route('DELETE', '/labelCategories/:name', '3.19', (ctx) => {
    const { labels } = scope(ctx);
    const category = findCategory(labels, ctx.params.name);
    if ([...labels.values.values()].some((v) => v.category === category.name)) {
      throw errors.conflict(
        '409000',
        'Conflict',
        `The label category '${category.name}' still has values.`,
      );
    }
    labels.categories.delete(category.name.toLowerCase());
    return NO_CONTENT;
  }),
  route('POST', '/labels', '3.19', (ctx) => {
    const { content, site } = scope(ctx);
    const targets = contentListOf(content, ctx.body);
    const found = content.qualityIndicators
      .all()
      .filter((q) => targets.some((t) => t.type === q.contentType && t.id === q.contentId));
    return ok([
      list(
        'labelList',
        found.map((q) => labelElement(site.id, content, q)),
      ),
    ]);
  }),
  route('PUT', '/labels', '3.19', (ctx) => {
    const { content, site, user, labels } = scope(ctx);
    const targets = contentListOf(content, ctx.body);
    const body = required(ctx.body, 'label');
    const value = findValue(labels, str(body, 'value') ?? '');
    const kind: QualityIndicator['kind'] =
      value.category === 'certification' ? 'certification' : 'warning';
    const type = BUILT_IN.find(([name]) => name === value.name)?.[2] ?? value.name;
    const now = nowIso();
    const made = targets.map((t) => {
      const existing = content.qualityIndicators
        .all()
        .find((q) => q.kind === kind && q.contentType === t.type && q.contentId === t.id);
      const q: QualityIndicator = existing ?? {
        id: randomUUID(),
        kind,
        contentType: t.type,
        contentId: t.id,
        type,
        message: '',
        isActive: true,
        isSevere: value.elevatedDefault,
        ownerId: user.id,
        createdAt: now,
        updatedAt: now,
      };
      q.type = type;
      q.message = str(body, 'message') ?? q.message;
      q.isActive = bool(body, 'active') ?? q.isActive;
      q.isSevere = bool(body, 'elevated') ?? q.isSevere;
      q.updatedAt = now;
      if (!existing) content.qualityIndicators.add(q);
      return q;
    });
    content.qualityIndicators.touch();
    return ok([
      list(
        'labelList',
        made.map((q) => labelElement(site.id, content, q)),
      ),
    ]);
  }),
  route('DELETE', '/labels', '3.19', (ctx) => {
    const { content } = scope(ctx);
    const targets = contentListOf(content, ctx.body);
    for (const q of [...content.qualityIndicators.all()]) {
      if (targets.some((t) => t.type === q.contentType && t.id === q.contentId)) {
        content.qualityIndicators.remove(q.id);
      }
    }
    return NO_CONTENT;
  }),
  route('GET', '/labels/:labelId', '3.19', (ctx) => {
    const { content, site } = scope(ctx);
    const q = requireItem(content.qualityIndicators, ctx.params.labelId, 'qualityIndicator');
    return ok([labelElement(site.id, content, q)]);
  }),
  route('PUT', '/labels/:labelId', '3.19', (ctx) => {
    const { content, site } = scope(ctx);
    const q = requireItem(content.qualityIndicators, ctx.params.labelId, 'qualityIndicator');
    const body = required(ctx.body, 'label');
    q.message = str(body, 'message') ?? q.message;
    q.isActive = bool(body, 'active') ?? q.isActive;
    q.isSevere = bool(body, 'elevated') ?? q.isSevere;
    q.updatedAt = nowIso();
    content.qualityIndicators.touch();
    return ok([labelElement(site.id, content, q)]);
  }),
  route('DELETE', '/labels/:labelId', '3.19', (ctx) => {
    const { content } = scope(ctx);
    content.qualityIndicators.remove(
      requireItem(content.qualityIndicators, ctx.params.labelId, 'qualityIndicator').id,
    );
    return NO_CONTENT;
  }),
];
