/**
 * Export and download methods: view image/PDF/data/crosstab, preview images, workbook
 * content/PDF/PowerPoint, data source content and Get Workbook Downgrade Info. Answers are
 * real files (PNG, PDF, CSV, zip) built from the item, not XML.
 */
import { crc32 } from 'node:zlib';
import type { View, Workbook } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el, list } from '../format/element';
import { csvText, MIME, pdfDocument, pngImage } from '../format/file-bytes';
import {
  crosstabWorkbook,
  packagedDatasource,
  packagedWorkbook,
  presentation,
} from '../format/packaged-files';
import { siteScope } from '../http/authenticate';
import { file, ok, type RequestContext, type Route } from '../http/route';
import { notFound, requireItem } from './common';
import { publishedFile, publishedFileName } from './published-files';

const REGIONS = ['Central', 'East', 'South', 'West'];
const CATEGORIES = ['Furniture', 'Office Supplies', 'Technology'];

/** The view's underlying summary data: deterministic per view, filtered by `vf_<field>=`. */
export function viewData(viewId: string, query: URLSearchParams): Array<Array<string | number>> {
  const seed = crc32(viewId);
  const header = ['Region', 'Category', 'Sales', 'Profit', 'Quantity'];
  let rows: Array<Array<string | number>> = [];
  for (const [r, region] of REGIONS.entries()) {
    for (const [c, category] of CATEGORIES.entries()) {
      const k = (seed >>> ((r * 3 + c) % 24)) & 0xff;
      rows.push([region, category, 1000 + k * 37, (k % 2 ? 1 : -1) * (k * 3), 10 + (k % 40)]);
    }
  }
  for (const [key, value] of query) {
    if (!key.startsWith('vf_')) continue;
    const column = header.findIndex((h) => h.toLowerCase() === key.slice(3).toLowerCase());
    // Filters on fields the view does not have are ignored, as on Tableau.
    if (column >= 0) {
      const wanted = value.split(',');
      rows = rows.filter((row) => wanted.includes(String(row[column])));
    }
  }
  return [header, ...rows];
}

/** `maxAge` is 0–240 minutes in TSC; other values are a bad request. */
function checkExportQuery(query: URLSearchParams): void {
  const maxAge = query.get('maxAge');
  if (maxAge !== null && !/^\d+$/.test(maxAge)) {
    throw errors.badRequest(`Invalid maxAge '${maxAge}': it must be a whole number of minutes.`);
  }
  const orientation = query.get('orientation');
  if (orientation !== null && !/^(portrait|landscape)$/i.test(orientation)) {
    throw errors.badRequest(`Invalid orientation '${orientation}': use Portrait or Landscape.`);
  }
}

/** PNG size: `resolution=high` doubles it; `vizWidth`/`vizHeight` (3.23) set it. */
export function imageOf(seed: string, query: URLSearchParams): Buffer {
  checkExportQuery(query);
  const scale = query.get('resolution') === 'high' ? 2 : 1;
  const dim = (name: string, fallback: number) => {
    const n = Number(query.get(name));
    return Number.isInteger(n) && n > 0 ? Math.min(n, 4000) : fallback * scale;
  };
  return pngImage(seed, dim('vizWidth', 400), dim('vizHeight', 250));
}

export function pdfOf(titles: string[], query: URLSearchParams): Buffer {
  checkExportQuery(query);
  return pdfDocument(titles, /^landscape$/i.test(query.get('orientation') ?? ''));
}

function sheetsOf(content: SiteContent, wb: Workbook): View[] {
  return wb.viewIds.flatMap((id) => content.views.get(id) ?? []);
}

function fileName(name: string): string {
  return name.replace(/[\\/:*?"<>|]+/g, '_');
}

function viewOf(ctx: RequestContext) {
  const { content } = siteScope(ctx);
  return { content, view: requireItem(content.views, ctx.params.viewId, 'view') };
}

function workbookOf(ctx: RequestContext) {
  const { content } = siteScope(ctx);
  return { content, wb: requireItem(content.workbooks, ctx.params.workbookId, 'workbook') };
}

const get = (path: string, minVersion: string, handler: Route['handler']): Route => ({
  method: 'GET',
  path,
  auth: 'site',
  minVersion,
  handler,
});

export const exportRoutes: Route[] = [
  get('/sites/:siteId/views/:viewId/image', '2.5', (ctx) => {
    const { view } = viewOf(ctx);
    return file(imageOf(view.id, ctx.query), MIME.png);
  }),
  get('/sites/:siteId/views/:viewId/pdf', '2.7', (ctx) => {
    const { view } = viewOf(ctx);
    return file(pdfOf([view.name], ctx.query), MIME.pdf);
  }),
  get('/sites/:siteId/views/:viewId/data', '2.7', (ctx) => {
    const { view } = viewOf(ctx);
    checkExportQuery(ctx.query);
    return file(csvText(viewData(view.id, ctx.query)), MIME.csv);
  }),
  get('/sites/:siteId/views/:viewId/crosstab/excel', '3.8', (ctx) => {
    const { view } = viewOf(ctx);
    checkExportQuery(ctx.query);
    const bytes = crosstabWorkbook(view.name, viewData(view.id, ctx.query));
    return file(bytes, MIME.xlsx, `${fileName(view.name)}.xlsx`);
  }),
  get('/sites/:siteId/workbooks/:workbookId/views/:viewId/previewImage', '2.0', (ctx) => {
    const { wb } = workbookOf(ctx);
    const viewId = ctx.params.viewId.toLowerCase();
    if (!wb.viewIds.includes(viewId)) throw notFound('view', ctx.params.viewId);
    return file(pngImage(viewId, 200, 125), MIME.png);
  }),
  get('/sites/:siteId/workbooks/:workbookId/previewImage', '2.0', (ctx) => {
    const { wb } = workbookOf(ctx);
    return file(pngImage(wb.id, 200, 125), MIME.png);
  }),
  get('/sites/:siteId/workbooks/:workbookId/content', '2.0', (ctx) => {
    const { content, wb } = workbookOf(ctx);
    // A workbook published here comes back byte for byte, as it was uploaded.
    const published = publishedFile(content, 'workbook', wb.id);
    if (published)
      return file(published.file, MIME.zip, publishedFileName(wb.name, published.extension));
    const bytes = packagedWorkbook({
      name: wb.name,
      sheets: sheetsOf(content, wb).map((v) => v.name),
      connections: wb.connections,
      extract: wb.hasExtracts && ctx.query.get('includeExtract') !== 'false',
    });
    return file(bytes, MIME.zip, `${fileName(wb.name)}.twbx`);
  }),
  get('/sites/:siteId/workbooks/:workbookId/pdf', '3.4', (ctx) => {
    const { content, wb } = workbookOf(ctx);
    return file(
      pdfOf(
        sheetsOf(content, wb).map((v) => v.name),
        ctx.query,
      ),
      MIME.pdf,
    );
  }),
  get('/sites/:siteId/workbooks/:workbookId/powerpoint', '3.8', (ctx) => {
    const { content, wb } = workbookOf(ctx);
    checkExportQuery(ctx.query);
    const bytes = presentation(sheetsOf(content, wb).map((v) => v.name));
    return file(bytes, MIME.pptx, `${fileName(wb.name)}.pptx`);
  }),
  get('/sites/:siteId/workbooks/:workbookId/downGradeInfo', '3.5', (ctx) => {
    const { wb } = workbookOf(ctx);
    const target = ctx.query.get('productVersion');
    if (!target || !/^\d{4}\.\d(\.\d+)?$/.test(target)) {
      throw errors.badRequest("productVersion must be a Tableau version such as '2023.1'.");
    }
    // Older targets lose more: features newer than the target version are listed.
    const year = Number(target.slice(0, 4));
    const features = [
      { name: 'Dynamic Zone Visibility', since: 2022, severity: 'Red' },
      { name: 'Data Freshness Policy', since: 2024, severity: 'Yellow' },
      { name: 'Table Viz Extensions', since: 2024, severity: 'Red' },
    ].filter((f) => year < f.since && wb.sheetCount > 0);
    return ok([
      list(
        'downgradeInfo',
        features.map((f) => el('downgradedFeature', { name: f.name, severity: f.severity })),
      ),
    ]);
  }),
  get('/sites/:siteId/datasources/:datasourceId/content', '2.0', (ctx) => {
    const { content } = siteScope(ctx);
    const ds = requireItem(content.datasources, ctx.params.datasourceId, 'datasource');
    const published = publishedFile(content, 'datasource', ds.id);
    if (published)
      return file(published.file, MIME.zip, publishedFileName(ds.name, published.extension));
    const bytes = packagedDatasource({
      name: ds.name,
      sheets: [],
      connections: ds.connections,
      extract: ds.hasExtracts && ctx.query.get('includeExtract') !== 'false',
    });
    return file(bytes, MIME.zip, `${fileName(ds.name)}.tdsx`);
  }),
];
