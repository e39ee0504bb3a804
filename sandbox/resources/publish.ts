import { randomUUID } from 'node:crypto';
import type { Datasource, View, Workbook } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list } from '../format/element';
import { siteScope } from '../http/authenticate';
import { parseMultipart, type Part } from '../http/multipart';
import { XMLValidator } from 'fast-xml-parser';
import { bool, child, parseBody, required, str } from '../http/request-body';
import { file, ok, type RequestContext, type Route } from '../http/route';
import { nowIso, requireItem } from './common';
import { datasourceRenderer } from './datasources';
import { startJob } from './job-element';
import { viewSummary } from './views';
import { workbookRenderer } from './workbooks';

const MB = 1024 * 1024;
const WORKBOOK_TYPES = new Set(['twb', 'twbx']);
const DATASOURCE_TYPES = new Set(['tds', 'tdsx', 'tde', 'hyper', 'parquet']);

function uploadNotFound(id: string) {
  return errors.notFound('404001', 'Upload session', id);
}

/**
 * The publish request: `request_payload` plus the file part, or only the payload with
 * `?uploadSessionId=` after a chunked upload (tableau-api.md §6).
 */
function readPublish(ctx: RequestContext, content: SiteContent, filePart: string) {
  const parts = parseMultipart(ctx.rawBody, ctx.contentType);
  const payload = parts.find((p) => p.name === 'request_payload');
  if (!payload) throw errors.malformedBody("A publish request needs a 'request_payload' part.");
  const body = parseBody(payload.body.toString('utf8'), payload.contentType);
  const uploadId = ctx.query.get('uploadSessionId');
  let bytes: number;
  if (uploadId) {
    const uploaded = content.uploads.get(uploadId);
    if (uploaded === undefined) throw uploadNotFound(uploadId);
    content.uploads.delete(uploadId);
    bytes = uploaded;
  } else {
    const file = parts.find((p: Part) => p.name === filePart);
    if (!file)
      throw errors.malformedBody(
        `A publish request needs a '${filePart}' part or an uploadSessionId.`,
      );
    bytes = file.body.length;
  }
  return { body, bytes };
}

function uniqueUrl(taken: Iterable<{ contentUrl: string }>, name: string): string {
  const urls = new Set([...taken].map((t) => t.contentUrl));
  const base = name.replace(/[^A-Za-z0-9]/g, '') || 'Untitled';
  let url = base;
  for (let k = 1; urls.has(url); k++) url = `${base}_${k}`;
  return url;
}

function checkType(ctx: RequestContext, param: string, allowed: Set<string>): void {
  const type = ctx.query.get(param);
  if (!type || !allowed.has(type.toLowerCase())) {
    throw errors.badRequest(`The '${param}' parameter must be one of ${[...allowed].join(', ')}.`);
  }
}

function publishWorkbook(ctx: RequestContext) {
  const { content, user } = siteScope(ctx);
  checkType(ctx, 'workbookType', WORKBOOK_TYPES);
  const { body, bytes } = readPublish(ctx, content, 'tableau_workbook');
  const spec = required(body, 'workbook');
  const name = str(spec, 'name');
  if (!name) throw errors.malformedBody("The workbook needs a 'name'.");
  const projectId = str(child(spec, 'project'), 'id') ?? content.projects.all()[0].id;
  const project = requireItem(content.projects, projectId, 'project');
  const existing = content.workbooks
    .all()
    .find((w) => w.projectId === project.id && w.name === name);
  const overwrite = ctx.query.get('overwrite') === 'true';
  if (existing && !overwrite) {
    throw errors.conflict(
      '409006',
      'Resource Conflict',
      `A workbook named '${name}' already exists in the project.`,
    );
  }
  const now = nowIso();
  const size = Math.max(1, Math.ceil(bytes / MB));
  let wb: Workbook;
  if (existing) {
    wb = existing;
    wb.size = size;
    wb.updatedAt = now;
    wb.showTabs = bool(spec, 'showTabs') ?? wb.showTabs;
    content.workbooks.touch();
  } else {
    const contentUrl = uniqueUrl(content.workbooks.all(), name);
    wb = {
      id: randomUUID(),
      name,
      description: str(spec, 'description') ?? '',
      contentUrl,
      showTabs: bool(spec, 'showTabs') ?? false,
      size,
      createdAt: now,
      updatedAt: now,
      projectId: project.id,
      ownerId: user.id,
      tags: [],
      sheetCount: 1,
      hasExtracts: false,
      encryptExtracts: false,
      viewIds: [],
      connections: [],
    };
    const view: View = {
      id: randomUUID(),
      name: 'Sheet 1',
      contentUrl: `${contentUrl}/sheets/Sheet1`,
      viewUrlName: 'Sheet1',
      sheetType: 'view',
      createdAt: now,
      updatedAt: now,
      workbookId: wb.id,
      ownerId: user.id,
      projectId: project.id,
      tags: [],
      totalViewCount: 0,
      favoritesTotal: 0,
    };
    wb.viewIds.push(view.id);
    content.views.add(view);
    content.workbooks.add(wb);
  }
  if (ctx.query.get('asJob') === 'true')
    return startJob(ctx, content, 'PublishWorkbook', {
      kind: 'workbook',
      id: wb.id,
      name: wb.name,
    });
  const element = workbookRenderer(content)(wb, 'default');
  const views = wb.viewIds.flatMap((id) =>
    content.views.get(id) ? [viewSummary(content.views.get(id)!, false)] : [],
  );
  element.children?.push(list('views', views));
  return ok([element], 201);
}

function publishDatasource(ctx: RequestContext) {
  const { content, user } = siteScope(ctx);
  checkType(ctx, 'datasourceType', DATASOURCE_TYPES);
  if (ctx.query.get('overwrite') === 'true' && ctx.query.get('append') === 'true') {
    throw errors.badRequest("'overwrite' and 'append' cannot both be true.");
  }
  const { body, bytes } = readPublish(ctx, content, 'tableau_datasource');
  const spec = required(body, 'datasource');
  const name = str(spec, 'name');
  if (!name) throw errors.malformedBody("The data source needs a 'name'.");
  const projectId = str(child(spec, 'project'), 'id') ?? content.projects.all()[0].id;
  const project = requireItem(content.projects, projectId, 'project');
  const existing = content.datasources
    .all()
    .find((d) => d.projectId === project.id && d.name === name);
  const replace = ctx.query.get('overwrite') === 'true' || ctx.query.get('append') === 'true';
  if (existing && !replace) {
    throw errors.conflict(
      '409006',
      'Resource Conflict',
      `A data source named '${name}' already exists in the project.`,
    );
  }
  const now = nowIso();
  const type = ctx.query.get('datasourceType')!.toLowerCase();
  let ds: Datasource;
  if (existing) {
    ds = existing;
    ds.size += Math.max(1, Math.ceil(bytes / MB));
    ds.updatedAt = now;
    content.datasources.touch();
  } else {
    ds = {
      id: randomUUID(),
      name,
      description: str(spec, 'description') ?? '',
      contentUrl: uniqueUrl(content.datasources.all(), name),
      type: type === 'tds' ? 'sqlserver' : 'hyper',
      size: Math.max(1, Math.ceil(bytes / MB)),
      createdAt: now,
      updatedAt: now,
      projectId: project.id,
      ownerId: user.id,
      tags: [],
      hasExtracts: type !== 'tds',
      isCertified: false,
      encryptExtracts: false,
      useRemoteQueryAgent: false,
      connections: [],
    };
    content.datasources.add(ds);
  }
  if (ctx.query.get('asJob') === 'true')
    return startJob(ctx, content, 'PublishDatasource', {
      kind: 'datasource',
      id: ds.id,
      name: ds.name,
    });
  return ok([datasourceRenderer(content)(ds, 'default')], 201);
}

/**
 * Validate Workbook and Upload (tableau-mcp's validateWorkbookAndUpload): a `.twb` in a
 * `tableau_workbook` part is checked as XML; a valid one is kept in a new upload session whose
 * id comes back as `uploadId`. The answer is JSON (timestamp, uploadId, errors, warnings).
 */
function validateWorkbook(ctx: RequestContext) {
  const { content } = siteScope(ctx);
  const part = parseMultipart(ctx.rawBody, ctx.contentType).find(
    (p) => p.name === 'tableau_workbook',
  );
  if (!part)
    throw errors.malformedBody("The request needs a 'tableau_workbook' part with the .twb file.");
  if (part.filename && !part.filename.toLowerCase().endsWith('.twb')) {
    throw errors.badRequest(
      `'${part.filename}' is not a .twb workbook; only .twb files can be validated.`,
    );
  }
  const text = part.body.toString('utf8');
  const checked = XMLValidator.validate(text);
  const issues =
    checked === true
      ? /<workbook[\s>]/.test(text)
        ? []
        : [
            {
              severity: 'Error',
              message: 'The file has no <workbook> element.',
              line: 1,
              column: 1,
              elementName: 'workbook',
            },
          ]
      : [
          {
            severity: 'Error',
            message: checked.err.msg,
            line: checked.err.line,
            column: checked.err.col,
            elementName: '',
          },
        ];
  const result: Record<string, unknown> = { timestamp: nowIso() };
  if (issues.length === 0) {
    const id = `${Math.floor(Math.random() * 9000) + 1000}:${randomUUID().replace(/-/g, '')}-1:0`;
    content.uploads.set(id, part.body.length);
    result.uploadId = id;
  } else {
    result.errors = issues;
  }
  result.warnings = [];
  return file(Buffer.from(JSON.stringify(result)), 'application/json;charset=utf-8');
}

/** Publishing (single request or after a chunked upload) and the file-upload session. */
export const publishRoutes: Route[] = [
  { method: 'POST', path: '/sites/:siteId/workbooks', auth: 'site', handler: publishWorkbook },
  {
    method: 'POST',
    path: '/sites/:siteId/workbooks/validateWorkbookAndUpload',
    auth: 'site',
    minVersion: '3.28',
    handler: validateWorkbook,
  },
  { method: 'POST', path: '/sites/:siteId/datasources', auth: 'site', handler: publishDatasource },
  {
    method: 'POST',
    path: '/sites/:siteId/fileUploads',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const hex = randomUUID().replace(/-/g, '');
      const id = `${Math.floor(Math.random() * 9000) + 1000}:${hex}-1:0`;
      content.uploads.set(id, 0);
      return ok([el('fileUpload', { uploadSessionId: id, fileSize: 0 })], 201);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/fileUploads/:uploadId',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const id = ctx.params.uploadId;
      const received = content.uploads.get(id);
      if (received === undefined) throw uploadNotFound(id);
      const file = parseMultipart(ctx.rawBody, ctx.contentType).find(
        (p) => p.name === 'tableau_file',
      );
      if (!file) throw errors.malformedBody("An upload chunk needs a 'tableau_file' part.");
      const total = received + file.body.length;
      content.uploads.set(id, total);
      // fileSize is the cumulative size in megabytes (`fileupload_append.xml`).
      return ok([el('fileUpload', { uploadSessionId: id, fileSize: Math.floor(total / MB) })]);
    },
  },
];
