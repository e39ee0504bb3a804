/**
 * Extracts and encryption (3.5+): Create/Delete Extract of a workbook's embedded sources or
 * of a data source (`?encrypt=true` encrypts the new extract), and site-wide Encrypt, Decrypt
 * and Reencrypt Extracts. Each answers 202 with a job; the item changes at once. Data
 * acceleration tasks (retired) list empty.
 */
import type { Datasource, JobType, Workbook } from '../data/model';
import type { Collection } from '../data/collection';
import { errors } from '../errors';
import { list } from '../format/element';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { ok, type RequestContext, type Route } from '../http/route';
import { requireItem } from './common';
import { startJob } from './job-element';

function encryptFlag(ctx: RequestContext): boolean {
  const value = ctx.query.get('encrypt');
  if (value === null) return false;
  const flag = value.toLowerCase();
  if (flag !== 'true' && flag !== 'false') {
    throw errors.badRequest(`The value '${value}' of 'encrypt' is not a boolean.`);
  }
  return flag === 'true';
}

function extractRoutes(kind: 'workbook' | 'datasource'): Route[] {
  const change = (ctx: RequestContext, create: boolean) => {
    const { content } = siteScope(ctx);
    const collection: Collection<Workbook | Datasource> =
      kind === 'workbook' ? content.workbooks : content.datasources;
    const item = requireItem(collection, ctx.params.itemId, kind);
    if (!create && !item.hasExtracts) {
      throw errors.badRequest(`The ${kind} '${item.id}' has no extract to delete.`);
    }
    item.hasExtracts = create;
    item.encryptExtracts = create && encryptFlag(ctx);
    collection.touch();
    const type: JobType = create ? 'CreateExtract' : 'DeleteExtract';
    return startJob(ctx, content, type, { kind, id: item.id, name: item.name });
  };
  const base = `/sites/:siteId/${kind}s/:itemId`;
  return [
    {
      method: 'POST',
      path: `${base}/createExtract`,
      auth: 'site',
      minVersion: '3.5',
      handler: (ctx) => change(ctx, true),
    },
    {
      method: 'POST',
      path: `${base}/deleteExtract`,
      auth: 'site',
      minVersion: '3.5',
      handler: (ctx) => change(ctx, false),
    },
  ];
}

function encryptionRoute(path: string, type: JobType, encrypted: boolean | undefined): Route {
  return {
    method: 'POST',
    path: `/sites/:siteId/${path}`,
    auth: 'site',
    minVersion: '3.5',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content, site } = scope;
      if (encrypted !== undefined) {
        for (const collection of [content.workbooks, content.datasources]) {
          for (const item of collection.all())
            if (item.hasExtracts) item.encryptExtracts = encrypted;
          collection.touch();
        }
        site.settings = {
          ...site.settings,
          extractEncryptionMode: encrypted ? 'enforced' : 'enabled',
        };
      }
      return startJob(ctx, content, type);
    },
  };
}

export const extractAndEncryptionRoutes: Route[] = [
  ...extractRoutes('workbook'),
  ...extractRoutes('datasource'),
  encryptionRoute('encrypt-extracts', 'EncryptExtracts', true),
  encryptionRoute('decrypt-extracts', 'DecryptExtracts', false),
  encryptionRoute('reencrypt-extracts', 'ReencryptExtracts', undefined),
  {
    method: 'GET',
    path: '/sites/:siteId/tasks/dataAcceleration',
    auth: 'site',
    minVersion: '3.8',
    // Data acceleration is retired: no site has such tasks any more.
    handler: () => ok([list('tasks', [])]),
  },
  {
    method: 'GET',
    path: '/sites/:siteId/tasks/dataAcceleration/:taskId',
    auth: 'site',
    minVersion: '3.8',
    handler: (ctx) => {
      throw errors.notFound('404009', 'Task', ctx.params.taskId);
    },
  },
  {
    method: 'DELETE',
    path: '/sites/:siteId/tasks/dataAcceleration/:taskId',
    auth: 'site',
    minVersion: '3.8',
    handler: (ctx) => {
      throw errors.notFound('404009', 'Task', ctx.params.taskId);
    },
  },
];
