/**
 * Publishing (tableau-api.md §6): a workbook, data source or flow in one multipart request, or
 * committed from a chunked upload session. What is uploaded is kept byte for byte (downloads
 * return it); a workbook's views come from its sheets, a data source's connections from its
 * .tds. Every check runs before anything changes, so a refused publish leaves nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { XMLValidator } from 'fast-xml-parser';
import type { Connection, Datasource, View, Workbook } from '../data/model';
import type { Flow } from '../data/model-extras';
import type { SiteContent, UploadSession } from '../data/site-content';
import { errors, TableauError } from '../errors';
import { el, list } from '../format/element';
import {
  FileProblem,
  readDatasourceFile,
  readFlowFile,
  readWorkbookFile,
  type FileConnection,
} from '../format/tableau-files';
import { siteScope } from '../http/authenticate';
import type { StreamedPart } from '../http/multipart-stream';
import { bool, child, many, parseBody, required, str, type Body } from '../http/request-body';
import { file, ok, type RequestContext, type Route } from '../http/route';
import { KeptFile } from '../http/stored-bytes';
import { nowIso, requireItem } from './common';
import { datasourceRenderer } from './datasources';
import { startJob } from './job-element';
import { keepPublished } from './published-files';
import { viewSummary } from './views';
import { workbookRenderer } from './workbooks';

const MB = 1024 * 1024;
const WORKBOOK_TYPES = ['twb', 'twbx'];
const DATASOURCE_TYPES = ['tds', 'tdsx', 'tde', 'hyper', 'parquet'];
const FLOW_TYPES = ['tfl', 'tflx'];
const PAYLOAD = 'request_payload';

/** 406000: Postman's `multipart/form-data` (rest-api-samples#82); Tableau takes multipart/mixed. */
function notMixed(contentType: string | undefined): TableauError {
  return new TableauError(
    '406000',
    'Not Acceptable',
    `Content type '${contentType ?? '(none)'}' not supported: publishing and uploads take multipart/mixed.`,
  );
}

/** 400011, as Tableau answers a file it cannot publish; the sandbox adds why. */
function cannotPublish(fileName: string, why: string): TableauError {
  return new TableauError(
    '400011',
    'Bad Request',
    `There was a problem publishing the file '${fileName}': ${why}.`,
  );
}

function uploadNotFound(id: string): TableauError {
  return errors.notFound('404001', 'Upload session', id);
}

/** The parts of a multipart/mixed request, each name at most once and only those the method takes. */
function partsOf(ctx: RequestContext, allowed: string[]): Map<string, StreamedPart> {
  if (!ctx.contentType?.toLowerCase().startsWith('multipart/mixed') || !ctx.parts)
    throw notMixed(ctx.contentType);
  const parts = new Map<string, StreamedPart>();
  for (const part of ctx.parts) {
    if (!allowed.includes(part.name))
      throw errors.malformedBody(
        `Unexpected multipart part '${part.name}': this method takes ${allowed.map((a) => `'${a}'`).join(' and ')}.`,
      );
    if (parts.has(part.name))
      throw errors.malformedBody(`The multipart part '${part.name}' appears twice.`);
    parts.set(part.name, part);
  }
  return parts;
}

function payloadOf(parts: Map<string, StreamedPart>, what: string): Body {
  const payload = parts.get(PAYLOAD);
  if (!payload) throw errors.malformedBody(`A publish request needs a '${PAYLOAD}' part.`);
  if (payload.body.size > MB) throw errors.malformedBody(`The '${PAYLOAD}' part is over 1 MB.`);
  const body = parseBody(
    payload.body.readSync(0, payload.body.size).toString('utf8'),
    payload.contentType,
  );
  return required(body, what);
}

function fileType(ctx: RequestContext, param: string, allowed: string[]): string {
  const type = ctx.query.get(param)?.toLowerCase();
  if (!type || !allowed.includes(type))
    throw errors.badRequest(`The '${param}' parameter must be one of ${allowed.join(', ')}.`);
  return type;
}

/**
 * The file being published: the file part, or the chunks of the upload session named by
 * `uploadSessionId` (which must have some; 400011 for a commit before any append).
 */
function incomingFile(
  ctx: RequestContext,
  content: SiteContent,
  parts: Map<string, StreamedPart>,
  filePart: string,
): { file: KeptFile; fileName: string; uploadId: string | null } {
  const uploadId = ctx.query.get('uploadSessionId');
  const part = parts.get(filePart);
  if (uploadId) {
    if (part)
      throw errors.malformedBody(
        `Send the file in a '${filePart}' part or by uploadSessionId, not both.`,
      );
    const session = content.uploads.get(uploadId);
    if (!session) throw uploadNotFound(uploadId);
    if (session.bytes === 0)
      throw cannotPublish(
        uploadId,
        'the upload session is empty (append the file before publishing)',
      );
    return { file: new KeptFile(session.pieces), fileName: uploadId, uploadId };
  }
  if (!part)
    throw errors.malformedBody(
      `A publish request needs a '${filePart}' part or an uploadSessionId.`,
    );
  if (part.body.size === 0) throw cannotPublish(part.filename ?? filePart, 'the file is empty');
  return { file: new KeptFile([part.body]), fileName: part.filename || filePart, uploadId: null };
}

function projectOf(content: SiteContent, spec: Body) {
  const projectId = str(child(spec, 'project'), 'id') ?? content.projects.all()[0].id;
  return requireItem(content.projects, projectId, 'project');
}

function nameOf(spec: Body, what: string): string {
  const name = str(spec, 'name')?.trim();
  if (!name) throw errors.malformedBody(`The ${what} needs a 'name'.`);
  return name;
}

function conflict(what: string, name: string): TableauError {
  return errors.conflict(
    '409006',
    'Resource Conflict',
    `A ${what} named '${name}' already exists in the project.`,
  );
}

function uniqueUrl(taken: Iterable<{ contentUrl: string }>, name: string, except?: string): string {
  const urls = new Set([...taken].filter((t) => t.contentUrl !== except).map((t) => t.contentUrl));
  const base = name.replace(/[^A-Za-z0-9]/g, '') || 'Untitled';
  let url = base;
  for (let k = 1; urls.has(url); k++) url = `${base}_${k}`;
  return url;
}

/** A file's connections as the item's, with `connectionCredentials` applied when sent. */
function itemConnections(
  found: FileConnection[],
  spec: Body,
  datasource: { id: string; name: string },
): Connection[] {
  const credentials = child(spec, 'connectionCredentials');
  const embed = credentials ? (bool(credentials, 'embed') ?? false) : false;
  return found.map((c) => ({
    id: randomUUID(),
    type: c.type,
    serverAddress: c.serverAddress,
    serverPort: c.serverPort,
    userName: str(credentials, 'name') ?? c.userName,
    embedPassword: embed,
    queryTaggingEnabled: false,
    authenticationType: 'auth-user-pass',
    datasourceId: datasource.id,
    datasourceName: c.datasourceName || datasource.name,
  }));
}

/** The item is gone from any upload session it came from, and its bytes are kept. */
function settle(content: SiteContent, uploadId: string | null): void {
  if (uploadId) content.uploads.delete(uploadId);
}

function publishWorkbook(ctx: RequestContext) {
  const { content, user } = siteScope(ctx);
  const type = fileType(ctx, 'workbookType', WORKBOOK_TYPES);
  if (ctx.query.get('append') === 'true') throw errors.badRequest('Workbooks cannot be appended.');
  const parts = partsOf(ctx, [PAYLOAD, 'tableau_workbook']);
  const spec = payloadOf(parts, 'workbook');
  const incoming = incomingFile(ctx, content, parts, 'tableau_workbook');
  const name = nameOf(spec, 'workbook');
  const project = projectOf(content, spec);
  let read;
  try {
    read = readWorkbookFile(incoming.file, type as 'twb' | 'twbx', incoming.fileName);
  } catch (error) {
    if (error instanceof FileProblem) throw cannotPublish(incoming.fileName, error.message);
    throw error;
  }
  const hidden = new Set(
    many(child(spec, 'views'), 'view')
      .filter((v) => bool(v, 'hidden') === true)
      .map((v) => str(v, 'name')),
  );
  const sheets = read.sheets.filter((s) => !hidden.has(s.name));
  if (sheets.length === 0)
    throw cannotPublish(incoming.fileName, 'the workbook has no visible sheet');
  const existing = content.workbooks
    .all()
    .find((w) => w.projectId === project.id && w.name === name);
  const overwrite = ctx.query.get('overwrite') === 'true';
  if (existing && !overwrite) throw conflict('workbook', name);

  // Every check passed: from here on the publish happens.
  const now = nowIso();
  const wb: Workbook = existing ?? {
    id: randomUUID(),
    name,
    description: '',
    contentUrl: uniqueUrl(content.workbooks.all(), name),
    showTabs: false,
    size: 0,
    createdAt: now,
    updatedAt: now,
    projectId: project.id,
    ownerId: user.id,
    tags: [],
    sheetCount: 0,
    hasExtracts: false,
    encryptExtracts: false,
    viewIds: [],
    connections: [],
  };
  wb.description = str(spec, 'description') ?? wb.description;
  wb.showTabs = bool(spec, 'showTabs') ?? wb.showTabs;
  wb.size = Math.max(1, Math.ceil(incoming.file.size / MB));
  wb.updatedAt = now;
  wb.sheetCount = read.sheets.length;
  wb.hasExtracts = read.hasExtracts;
  wb.connections = itemConnections(read.connections, spec, { id: randomUUID(), name });
  // Views of the same name keep their ids across an overwrite, as on Tableau.
  const before = new Map(
    wb.viewIds.flatMap((id) => {
      const view = content.views.get(id);
      return view ? [[view.name, view] as const] : [];
    }),
  );
  for (const [viewName, view] of before)
    if (!sheets.some((s) => s.name === viewName)) content.views.remove(view.id);
  wb.viewIds = sheets.map((sheet) => {
    const urlName = sheet.name.replace(/[^A-Za-z0-9]/g, '') || 'Sheet';
    const kept = before.get(sheet.name);
    if (kept) {
      kept.updatedAt = now;
      kept.sheetType = sheet.type;
      return kept.id;
    }
    const view: View = {
      id: randomUUID(),
      name: sheet.name,
      contentUrl: `${wb.contentUrl}/sheets/${urlName}`,
      viewUrlName: urlName,
      sheetType: sheet.type,
      createdAt: now,
      updatedAt: now,
      workbookId: wb.id,
      ownerId: wb.ownerId,
      projectId: wb.projectId,
      tags: [],
      totalViewCount: 0,
      favoritesTotal: 0,
    };
    content.views.add(view);
    return view.id;
  });
  if (existing) content.workbooks.touch();
  else content.workbooks.add(wb);
  content.views.touch();
  keepPublished(content, 'workbook', wb.id, {
    file: incoming.file,
    extension: type,
    publishedAt: now,
    publisherId: user.id,
  });
  settle(content, incoming.uploadId);
  if (ctx.query.get('asJob') === 'true')
    return startJob(ctx, content, 'PublishWorkbook', {
      kind: 'workbook',
      id: wb.id,
      name: wb.name,
    });
  const element = workbookRenderer(content)(wb, 'default');
  const views = wb.viewIds.flatMap((id) => {
    const view = content.views.get(id);
    return view ? [viewSummary(view, false)] : [];
  });
  element.children?.push(list('views', views));
  return ok([element], 201);
}

function publishDatasource(ctx: RequestContext) {
  const { content, user } = siteScope(ctx);
  const type = fileType(ctx, 'datasourceType', DATASOURCE_TYPES);
  const overwrite = ctx.query.get('overwrite') === 'true';
  const append = ctx.query.get('append') === 'true';
  if (overwrite && append) throw errors.badRequest("'overwrite' and 'append' cannot both be true.");
  if (append && (type === 'tds' || ctx.query.get('asJob') === 'true'))
    throw errors.badRequest(
      type === 'tds'
        ? 'Append adds extract data: a .tds has none.'
        : "'append' and 'asJob' cannot both be true.",
    );
  const parts = partsOf(ctx, [PAYLOAD, 'tableau_datasource']);
  const spec = payloadOf(parts, 'datasource');
  const incoming = incomingFile(ctx, content, parts, 'tableau_datasource');
  const name = nameOf(spec, 'data source');
  const project = projectOf(content, spec);
  let read;
  try {
    read = readDatasourceFile(incoming.file, type, incoming.fileName);
  } catch (error) {
    if (error instanceof FileProblem) throw cannotPublish(incoming.fileName, error.message);
    throw error;
  }
  const existing = content.datasources
    .all()
    .find((d) => d.projectId === project.id && d.name === name);
  if (existing && !overwrite && !append) throw conflict('data source', name);
  if (append && existing && !existing.hasExtracts)
    throw errors.badRequest(`The data source '${name}' is live: only extracts can be appended to.`);

  const now = nowIso();
  const ds: Datasource = existing ?? {
    id: randomUUID(),
    name,
    description: '',
    contentUrl: uniqueUrl(content.datasources.all(), name),
    type: read.type,
    size: 0,
    createdAt: now,
    updatedAt: now,
    projectId: project.id,
    ownerId: user.id,
    tags: [],
    hasExtracts: read.hasExtracts,
    isCertified: false,
    encryptExtracts: false,
    useRemoteQueryAgent: false,
    connections: [],
  };
  ds.description = str(spec, 'description') ?? ds.description;
  ds.updatedAt = now;
  const megabytes = Math.max(1, Math.ceil(incoming.file.size / MB));
  // Appending adds rows to the extract; the kept file is the one last sent.
  ds.size = append && existing ? existing.size + megabytes : megabytes;
  if (!append) {
    ds.type = read.type;
    ds.hasExtracts = read.hasExtracts;
    const connections = itemConnections(read.connections, spec, ds);
    ds.connections = connections.length
      ? connections
      : [
          {
            id: randomUUID(),
            type: read.type,
            serverAddress: '',
            serverPort: '',
            userName: '',
            embedPassword: false,
            queryTaggingEnabled: false,
            authenticationType: 'auth-none',
            datasourceId: ds.id,
            datasourceName: name,
          },
        ];
  }
  if (existing) content.datasources.touch();
  else content.datasources.add(ds);
  keepPublished(content, 'datasource', ds.id, {
    file: incoming.file,
    extension: type,
    publishedAt: now,
    publisherId: user.id,
  });
  settle(content, incoming.uploadId);
  if (ctx.query.get('asJob') === 'true')
    return startJob(ctx, content, 'PublishDatasource', {
      kind: 'datasource',
      id: ds.id,
      name: ds.name,
    });
  return ok([datasourceRenderer(content)(ds, 'default')], 201);
}

/** Publish Flow (3.3, `flow_publish.xml`): `<flow name><project id/></flow>` and a `tableau_flow` file. */
function publishFlow(ctx: RequestContext) {
  const { content, user } = siteScope(ctx);
  const type = fileType(ctx, 'flowType', FLOW_TYPES);
  const parts = partsOf(ctx, [PAYLOAD, 'tableau_flow']);
  const spec = payloadOf(parts, 'flow');
  const incoming = incomingFile(ctx, content, parts, 'tableau_flow');
  const name = nameOf(spec, 'flow');
  const project = projectOf(content, spec);
  let read;
  try {
    read = readFlowFile(incoming.file, incoming.fileName);
  } catch (error) {
    if (error instanceof FileProblem) throw cannotPublish(incoming.fileName, error.message);
    throw error;
  }
  const existing = content.flows.all().find((f) => f.projectId === project.id && f.name === name);
  if (existing && ctx.query.get('overwrite') !== 'true') throw conflict('flow', name);
  const now = nowIso();
  const flow: Flow = existing ?? {
    id: randomUUID(),
    name,
    description: '',
    fileType: type as Flow['fileType'],
    createdAt: now,
    updatedAt: now,
    projectId: project.id,
    ownerId: user.id,
    tags: [],
    connections: [],
  };
  flow.description = str(spec, 'description') ?? flow.description;
  flow.fileType = type as Flow['fileType'];
  flow.updatedAt = now;
  flow.connections = itemConnections(read.connections, spec, { id: flow.id, name });
  if (existing) content.flows.touch();
  else content.flows.add(flow);
  keepPublished(content, 'flow', flow.id, {
    file: incoming.file,
    extension: type,
    publishedAt: now,
    publisherId: user.id,
  });
  settle(content, incoming.uploadId);
  return ok(
    [
      list('flowOutputSteps', []),
      el(
        'flow',
        {
          id: flow.id,
          name: flow.name,
          description: flow.description,
          fileType: flow.fileType,
          createdAt: flow.createdAt,
          updatedAt: flow.updatedAt,
        },
        [
          el('project', { id: project.id, name: project.name }),
          el('owner', { id: flow.ownerId }),
          list('tags', []),
          list('parameters', []),
        ],
      ),
    ],
    201,
  );
}

function newUploadId(): string {
  return `${Math.floor(Math.random() * 9000) + 1000}:${randomUUID().replace(/-/g, '')}-1:0`;
}

/**
 * Validate Workbook and Upload (tableau-mcp's validateWorkbookAndUpload): a `.twb` in a
 * `tableau_workbook` part is checked as XML; a valid one is kept in a new upload session whose
 * id comes back as `uploadId`. The answer is JSON (timestamp, uploadId, errors, warnings).
 */
function validateWorkbook(ctx: RequestContext) {
  const { content } = siteScope(ctx);
  const part = partsOf(ctx, [PAYLOAD, 'tableau_workbook']).get('tableau_workbook');
  if (!part)
    throw errors.malformedBody("The request needs a 'tableau_workbook' part with the .twb file.");
  if (part.filename && !part.filename.toLowerCase().endsWith('.twb')) {
    throw errors.badRequest(
      `'${part.filename}' is not a .twb workbook; only .twb files can be validated.`,
    );
  }
  const text = part.body.readSync(0, part.body.size).toString('utf8');
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
    const id = newUploadId();
    content.uploads.set(id, { pieces: [part.body.keep()], bytes: part.body.size });
    result.uploadId = id;
  } else {
    result.errors = issues;
  }
  result.warnings = [];
  return file(Buffer.from(JSON.stringify(result)), 'application/json;charset=utf-8');
}

/** Append to File Upload: an empty `request_payload`, then the chunk in `tableau_file`. */
function appendToUpload(ctx: RequestContext) {
  const { content } = siteScope(ctx);
  const id = ctx.params.uploadId;
  const session: UploadSession | undefined = content.uploads.get(id);
  if (!session) throw uploadNotFound(id);
  const parts = partsOf(ctx, [PAYLOAD, 'tableau_file']);
  if (!parts.has(PAYLOAD))
    throw errors.malformedBody(`An upload chunk needs a '${PAYLOAD}' part (it may be empty).`);
  const chunk = parts.get('tableau_file');
  if (!chunk) throw errors.malformedBody("An upload chunk needs a 'tableau_file' part.");
  if (chunk.body.size > 0) session.pieces.push(chunk.body.keep());
  session.bytes += chunk.body.size;
  // fileSize is the cumulative size in megabytes (`fileupload_append.xml`).
  return ok([el('fileUpload', { uploadSessionId: id, fileSize: Math.floor(session.bytes / MB) })]);
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
    path: '/sites/:siteId/flows',
    auth: 'site',
    minVersion: '3.3',
    handler: publishFlow,
  },
  {
    method: 'POST',
    path: '/sites/:siteId/fileUploads',
    auth: 'site',
    handler: (ctx) => {
      const { content } = siteScope(ctx);
      const id = newUploadId();
      content.uploads.set(id, { pieces: [], bytes: 0 });
      return ok([el('fileUpload', { uploadSessionId: id, fileSize: 0 })], 201);
    },
  },
  {
    method: 'PUT',
    path: '/sites/:siteId/fileUploads/:uploadId',
    auth: 'site',
    handler: appendToUpload,
  },
];
