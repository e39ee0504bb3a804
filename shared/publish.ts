import { z } from 'zod';
import { baseName } from './multipart';

/**
 * Publishing as an operation (DESIGN.md §10; tableau-api.md §6): one request up to 64 MB,
 * otherwise (or always, when asked) initiate a file upload, append it in chunks, commit with
 * `uploadSessionId`. The wire facts follow Tableau's Python client.
 */
export type PublishContentType = 'workbook' | 'datasource' | 'flow';

/** What each file type publishes as, and how Tableau names it on the wire. */
export const PUBLISH_FILE_TYPES: Record<
  string,
  { contentType: PublishContentType; part: string; typeParam: string }
> = {
  twb: { contentType: 'workbook', part: 'tableau_workbook', typeParam: 'workbookType' },
  twbx: { contentType: 'workbook', part: 'tableau_workbook', typeParam: 'workbookType' },
  tds: { contentType: 'datasource', part: 'tableau_datasource', typeParam: 'datasourceType' },
  tdsx: { contentType: 'datasource', part: 'tableau_datasource', typeParam: 'datasourceType' },
  hyper: { contentType: 'datasource', part: 'tableau_datasource', typeParam: 'datasourceType' },
  tde: { contentType: 'datasource', part: 'tableau_datasource', typeParam: 'datasourceType' },
  tfl: { contentType: 'flow', part: 'tableau_flow', typeParam: 'flowType' },
  tflx: { contentType: 'flow', part: 'tableau_flow', typeParam: 'flowType' },
};

/** The REST collection each content type publishes into. */
export const PUBLISH_COLLECTION: Record<PublishContentType, string> = {
  workbook: 'workbooks',
  datasource: 'datasources',
  flow: 'flows',
};

export const CONTENT_TYPE_NAMES: Record<PublishContentType, string> = {
  workbook: 'workbook',
  datasource: 'data source',
  flow: 'flow',
};

/** The file's extension, lower-cased, without the dot ('' when it has none). */
export function fileExtension(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The item name a file publishes as by default: its name without the extension. */
export function nameFromFile(path: string): string {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/** Tableau's single-request limit (TSC: `FILESIZE_LIMIT = 1024 * 1024 * 64`); at or above it, chunks. */
export const SINGLE_REQUEST_LIMIT = 64 * 1024 * 1024;
/** TSC's default chunk ("5MB felt too slow, upped it to 50"). */
export const DEFAULT_CHUNK_MB = 50;
export const MB = 1024 * 1024;

export const publishModeSchema = z.enum(['createNew', 'overwrite', 'append']);
export type PublishMode = z.infer<typeof publishModeSchema>;

export const publishStartSchema = z.object({
  kind: z.literal('publish'),
  /** The file on the engine's disk (Electron's open dialog, a typed path, the CLI argument). */
  file: z.string().min(1).max(4096),
  /** Told from the file's extension when absent; when given it must agree with it. */
  contentType: z.enum(['workbook', 'datasource', 'flow']).optional(),
  /** The item's name; the file's name without its extension when absent. */
  name: z.string().trim().min(1).max(255).optional(),
  projectId: z.string().trim().min(1).max(200),
  /** `append` is for data sources (extracts) and flows; workbooks cannot be appended. */
  mode: publishModeSchema.default('createNew'),
  /** Publish in the background (202 and a job), followed to its end (API 3.0+). */
  asJob: z.boolean().default(false),
  /** Workbooks: publish without testing the connections (3.9+). */
  skipConnectionCheck: z.boolean().default(false),
  description: z.string().max(4000).optional(),
  /** Workbooks: show views as tabs. */
  showTabs: z.boolean().optional(),
  /** Workbooks: views published hidden, by name. */
  hiddenViews: z.array(z.string().min(1).max(255)).max(1000).default([]),
  /**
   * `<connectionCredentials>` for the item's connections. The password is a secret: it goes
   * into the publish payload only, never into history, snapshots or logs.
   */
  credentials: z
    .object({
      name: z.string().max(255),
      password: z.string().max(20_000),
      embed: z.boolean().default(true),
      oAuth: z.boolean().default(false),
    })
    .optional(),
  /** `auto`: one request below 64 MB, chunks above; `chunked`: chunks whatever the size. */
  upload: z.enum(['auto', 'chunked']).default('auto'),
  /** Chunk size, 1–64 MB (TSC: 50). */
  chunkMb: z.number().int().min(1).max(64).default(DEFAULT_CHUNK_MB),
});
export type PublishStart = z.infer<typeof publishStartSchema>;
export type PublishStartInput = z.input<typeof publishStartSchema>;

const ref = z.object({ id: z.string(), name: z.string().nullable() });

/** The published item, as the result shows it. */
export const publishedItemSchema = z.object({
  contentType: z.enum(['workbook', 'datasource', 'flow']),
  id: z.string(),
  name: z.string(),
  contentUrl: z.string().nullable(),
  webpageUrl: z.string().nullable(),
  project: ref.nullable(),
  owner: ref.nullable(),
  /** Workbooks: the views Tableau made from its sheets. */
  views: z.array(z.object({ id: z.string(), name: z.string(), contentUrl: z.string().nullable() })),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type PublishedItem = z.infer<typeof publishedItemSchema>;

export const publishOutcomeSchema = z.object({
  kind: z.literal('publish'),
  file: z.string(),
  contentType: z.enum(['workbook', 'datasource', 'flow']),
  name: z.string(),
  bytes: z.number(),
  upload: z.object({
    method: z.enum(['single', 'chunked']),
    chunkBytes: z.number().nullable(),
    chunks: z.number().int(),
    /** Chunks the server has acknowledged (the resume point). */
    acknowledged: z.number().int(),
    /** Attempts beyond the first, over all requests (retries and re-sign-ins). */
    retries: z.number().int(),
    reSignedIn: z.boolean(),
    /** Set while a chunked upload can still be resumed (or committed). */
    uploadSessionId: z.string().nullable(),
  }),
  /** Set with `asJob`: the publish job and how it ended. */
  job: z
    .object({
      id: z.string(),
      finishCode: z.number().int().nullable(),
      notes: z.string().nullable(),
    })
    .nullable(),
  /** The new (or overwritten) item, once published. */
  item: publishedItemSchema.nullable(),
});
export type PublishOutcome = z.infer<typeof publishOutcomeSchema>;

/**
 * XML attribute text for the publish payload. Apostrophes as `&#39;`: Tableau's publish
 * parser refuses `&apos;` (tableau-mcp; tableau-api.md §6).
 */
function attr(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

/**
 * The `request_payload` of a publish, as TSC builds it (`request_factory.py:
 * WorkbookRequest/DatasourceRequest/FlowRequest._generate_xml`): the item with its name, the
 * project, then credentials and hidden views. `maskPassword` writes `********` instead of the
 * password, for anything that is shown or kept.
 */
export function publishPayload(
  start: Pick<
    PublishStart,
    'projectId' | 'description' | 'showTabs' | 'hiddenViews' | 'credentials'
  >,
  contentType: PublishContentType,
  name: string,
  options: { maskPassword?: boolean } = {},
): string {
  const attrs = [`name="${attr(name)}"`];
  if (contentType === 'workbook' && start.showTabs !== undefined)
    attrs.push(`showTabs="${start.showTabs}"`);
  if (start.description) attrs.push(`description="${attr(start.description)}"`);
  const children = [`<project id="${attr(start.projectId)}"/>`];
  const credentials = start.credentials;
  if (credentials && contentType !== 'flow') {
    const password = options.maskPassword ? '********' : credentials.password;
    children.push(
      `<connectionCredentials name="${attr(credentials.name)}" password="${attr(password)}" embed="${credentials.embed}"${credentials.oAuth ? ' oAuth="true"' : ''}/>`,
    );
  }
  if (contentType === 'workbook' && start.hiddenViews.length > 0)
    children.push(
      `<views>${start.hiddenViews.map((v) => `<view name="${attr(v)}" hidden="true"/>`).join('')}</views>`,
    );
  return `<tsRequest><${contentType} ${attrs.join(' ')}>${children.join('')}</${contentType}></tsRequest>`;
}

/** What is wrong with a publish before anything is read or sent, or null. */
export function publishProblem(start: PublishStart): { code: string; message: string } | null {
  const extension = fileExtension(start.file);
  const type = PUBLISH_FILE_TYPES[extension];
  if (!type)
    return {
      code: 'publish.badFileType',
      message: `Trestle publishes .twb, .twbx, .tds, .tdsx, .hyper, .tde, .tfl and .tflx files, not “${baseName(start.file)}”.`,
    };
  if (start.contentType && start.contentType !== type.contentType)
    return {
      code: 'publish.badFileType',
      message: `A .${extension} file is a ${CONTENT_TYPE_NAMES[type.contentType]}, not a ${CONTENT_TYPE_NAMES[start.contentType]}.`,
    };
  if (start.mode === 'append' && type.contentType === 'workbook')
    return { code: 'publish.badMode', message: 'Workbooks cannot be appended: overwrite instead.' };
  if (start.mode === 'append' && (extension === 'tds' || extension === 'tfl'))
    return {
      code: 'publish.badMode',
      message: `Append adds extract data: a .${extension} file has none. Publish a .hyper, .tde or .tdsx.`,
    };
  if (start.asJob && type.contentType === 'flow')
    return {
      code: 'publish.badMode',
      message: 'Tableau publishes flows in one go: asJob is for workbooks and data sources.',
    };
  if (start.skipConnectionCheck && type.contentType !== 'workbook')
    return { code: 'publish.badMode', message: 'skipConnectionCheck is for workbooks.' };
  if (
    type.contentType !== 'workbook' &&
    (start.hiddenViews.length > 0 || start.showTabs !== undefined)
  )
    return { code: 'publish.badMode', message: 'Hidden views and tabs are for workbooks.' };
  if (start.credentials && type.contentType === 'flow')
    return {
      code: 'publish.badMode',
      message:
        'Connection credentials for flows are set after publishing (Update Flow Connection).',
    };
  return null;
}

/** The publish request's query: the file type, the mode, asJob, skipConnectionCheck. */
export function publishQuery(
  start: PublishStart,
  extension: string,
  uploadSessionId: string | null,
): Array<{ name: string; value: string; enabled: boolean }> {
  const type = PUBLISH_FILE_TYPES[extension];
  const query = [{ name: type.typeParam, value: extension, enabled: true }];
  const flag = (name: string) => query.push({ name, value: 'true', enabled: true });
  if (start.mode === 'overwrite') flag('overwrite');
  if (start.mode === 'append') flag('append');
  if (start.asJob) flag('asJob');
  if (start.skipConnectionCheck) flag('skipConnectionCheck');
  if (uploadSessionId)
    query.push({ name: 'uploadSessionId', value: uploadSessionId, enabled: true });
  return query;
}
