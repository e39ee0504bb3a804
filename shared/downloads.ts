import { z } from 'zod';
import type { RequestSpec } from './request';

/**
 * Downloads as an operation: the file streamed from Tableau to a file on disk with progress,
 * never whole through IPC (tableau-api.md §4 view filters, §6 downloads).
 */
export const DOWNLOAD_KINDS = {
  workbook: { label: 'Workbook (.twbx/.twb)', path: 'workbooks/{id}/content', filters: false },
  datasource: {
    label: 'Data source (.tdsx/.tds)',
    path: 'datasources/{id}/content',
    filters: false,
  },
  flow: { label: 'Flow (.tflx/.tfl)', path: 'flows/{id}/content', filters: false },
  'workbook-revision': {
    label: 'Workbook revision',
    path: 'workbooks/{id}/revisions/{revision}/content',
    filters: false,
  },
  'datasource-revision': {
    label: 'Data source revision',
    path: 'datasources/{id}/revisions/{revision}/content',
    filters: false,
  },
  'view-image': { label: 'View image (PNG)', path: 'views/{id}/image', filters: true },
  'view-pdf': { label: 'View PDF', path: 'views/{id}/pdf', filters: true },
  'view-csv': { label: 'View data (CSV)', path: 'views/{id}/data', filters: true },
  'view-crosstab': {
    label: 'View crosstab (Excel)',
    path: 'views/{id}/crosstab/excel',
    filters: true,
  },
  'workbook-pdf': { label: 'Workbook PDF', path: 'workbooks/{id}/pdf', filters: false },
  'workbook-powerpoint': {
    label: 'Workbook PowerPoint',
    path: 'workbooks/{id}/powerpoint',
    filters: false,
  },
  'customview-image': {
    label: 'Custom view image (PNG)',
    path: 'customviews/{id}/image',
    filters: true,
  },
  'customview-csv': {
    label: 'Custom view data (CSV)',
    path: 'customviews/{id}/data',
    filters: true,
  },
} as const;
export type DownloadKind = keyof typeof DOWNLOAD_KINDS;
export const downloadKinds = Object.keys(DOWNLOAD_KINDS) as DownloadKind[];

/** PDF page sizes Tableau accepts (`type`). */
export const PDF_PAGE_TYPES = [
  'A3',
  'A4',
  'A5',
  'B4',
  'B5',
  'Executive',
  'Folio',
  'Ledger',
  'Legal',
  'Letter',
  'Note',
  'Quarto',
  'Tabloid',
] as const;

/** `vf_<field>` or `vf_Parameters.<name>` (newer servers). */
const FILTER_NAME = /^vf_\S.{0,199}$/;

export const downloadStartSchema = z.object({
  kind: z.literal('download'),
  what: z.enum(downloadKinds as [DownloadKind, ...DownloadKind[]]),
  /** The item's LUID: workbook, data source, flow, view or custom view. */
  id: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/?#\s]+$/, 'an id has no spaces, slashes, ? or #'),
  /** For the revision kinds. */
  revision: z.number().int().min(1).optional(),
  /** View filters, `vf_Region=West`; only for views and custom views. */
  filters: z
    .array(
      z.object({
        name: z.string().regex(FILTER_NAME, 'a view filter is named vf_<field>'),
        value: z.string().max(2000),
      }),
    )
    .max(100)
    .default([]),
  /** `resolution=high` for images. */
  highResolution: z.boolean().optional(),
  /** Minutes of cache Tableau may use, 0–240 (TSC). */
  maxAge: z.number().int().min(0).max(240).optional(),
  pageType: z.enum(PDF_PAGE_TYPES).optional(),
  orientation: z.enum(['Portrait', 'Landscape']).optional(),
  /** Workbooks and data sources: `includeExtract=false` leaves the extract out. */
  includeExtract: z.boolean().optional(),
  /** A name to save as when the server sends none. */
  fileName: z.string().max(255).optional(),
});
export type DownloadStart = z.infer<typeof downloadStartSchema>;
export type DownloadStartInput = z.input<typeof downloadStartSchema>;

export const downloadOutcomeSchema = z.object({
  kind: z.literal('download'),
  what: z.string(),
  /** From `Content-Disposition` (RFC 5987 `filename*` first), else a name from the kind. */
  fileName: z.string(),
  bytes: z.number(),
  contentType: z.string(),
  sha256: z.string(),
  /** Where it was written (desktop app, CLI), or null. */
  path: z.string().nullable(),
  /** Web host: the URL the browser downloads it from. */
  downloadUrl: z.string().nullable(),
});
export type DownloadOutcome = z.infer<typeof downloadOutcomeSchema>;

/** What can be wrong with a download request before anything is sent, or null. */
export function downloadProblem(start: DownloadStart): string | null {
  const kind = DOWNLOAD_KINDS[start.what];
  if (kind.path.includes('{revision}') && start.revision === undefined)
    return 'Give the revision number to download.';
  if (!kind.path.includes('{revision}') && start.revision !== undefined)
    return `A revision number goes with workbook-revision or datasource-revision, not ${start.what}.`;
  if (!kind.filters && start.filters.length > 0)
    return `Tableau takes view filters (vf_…) for views and custom views only, not for ${start.what}.`;
  if (start.highResolution !== undefined && !start.what.endsWith('image'))
    return 'The resolution setting is for images.';
  if ((start.pageType || start.orientation) && !start.what.endsWith('pdf'))
    return 'Page type and orientation are for PDFs.';
  if (start.includeExtract !== undefined && !['workbook', 'datasource'].includes(start.what))
    return 'includeExtract is for workbooks and data sources.';
  return null;
}

/** The GET request for a download, as the catalog's download presets send it. */
export function downloadRequestSpec(start: DownloadStart): RequestSpec {
  const path = DOWNLOAD_KINDS[start.what].path
    .replace('{id}', encodeURIComponent(start.id))
    .replace('{revision}', String(start.revision ?? ''));
  const query: RequestSpec['query'] = [];
  const add = (name: string, value: string | number | boolean | undefined) => {
    if (value !== undefined) query.push({ name, value: String(value), enabled: true });
  };
  if (start.highResolution) add('resolution', 'high');
  add('maxAge', start.maxAge);
  add('type', start.pageType);
  add('orientation', start.orientation);
  if (start.includeExtract === false) add('includeExtract', 'false');
  for (const filter of start.filters) add(filter.name, filter.value);
  return {
    method: 'GET',
    path: `/api/{api-version}/sites/{site-id}/${path}`,
    pathParams: {},
    query,
    headers: [],
    body: { kind: 'none' },
    accept: 'json',
  };
}

/** A file name for a kind when the server gives none. */
export function defaultDownloadName(start: DownloadStart): string {
  const extension: Record<DownloadKind, string> = {
    workbook: 'twbx',
    datasource: 'tdsx',
    flow: 'tflx',
    'workbook-revision': 'twbx',
    'datasource-revision': 'tdsx',
    'view-image': 'png',
    'view-pdf': 'pdf',
    'view-csv': 'csv',
    'view-crosstab': 'xlsx',
    'workbook-pdf': 'pdf',
    'workbook-powerpoint': 'pptx',
    'customview-image': 'png',
    'customview-csv': 'csv',
  };
  const base = safeName(start.fileName ?? '').trim();
  if (base) return base;
  const revision = start.revision ? `-r${start.revision}` : '';
  return `${start.what}-${start.id}${revision}.${extension[start.what]}`;
}

/**
 * The file name a download answer carries: RFC 5987 `filename*=UTF-8''…` first (TSC's
 * `fix_filename`), then `filename="…"`; path parts and control characters removed.
 */
export function fileNameFromDisposition(header: string | undefined): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)?.[1];
  let name: string | null = null;
  if (extended) {
    try {
      name = decodeURIComponent(extended.trim());
    } catch {
      name = null;
    }
  }
  name ??=
    /filename\s*=\s*"([^"]*)"/.exec(header)?.[1] ??
    /filename\s*=\s*([^;]+)/.exec(header)?.[1]?.trim() ??
    null;
  if (!name) return null;
  const safe = safeName(name.split(/[\\/]/).pop()!).trim();
  return safe && safe !== '.' && safe !== '..' ? safe : null;
}

/** A file name with path separators, reserved and control characters made `_`. */
function safeName(name: string): string {
  let out = '';
  for (const c of name) out += c.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(c) ? '_' : c;
  return out;
}
