import { randomUUID } from 'node:crypto';
import type { User } from '../data/model';
import { errors } from '../errors';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { parseMultipart } from '../http/multipart';
import type { Route } from '../http/route';
import { startJob } from './job-element';
import { removeUserFromSite } from './users';

/**
 * Site role from the import CSV's license level, admin level and publishing columns
 * (Tableau's "CSV import file guidelines").
 */
function roleFor(license: string, admin: string, publish: string): string | undefined {
  const level = license.trim().toLowerCase();
  const adminLevel = admin.trim().toLowerCase();
  if (adminLevel === 'system') return 'ServerAdministrator';
  if (adminLevel === 'site') {
    return level === 'creator' ? 'SiteAdministratorCreator' : 'SiteAdministratorExplorer';
  }
  if (level === 'creator') return 'Creator';
  if (level === 'explorer') {
    return publish.trim().toLowerCase() === 'yes' ? 'ExplorerCanPublish' : 'Explorer';
  }
  if (level === 'viewer') return 'Viewer';
  if (level === 'unlicensed' || level === '') return 'Unlicensed';
  return undefined;
}

/**
 * Import Users from CSV (3.15): `request_payload` plus a `tableau_user_import` CSV of
 * `name,password,display name,license,admin level,publishing,email`. Answers 202 with a
 * UserImport job (`users_bulk_add_job.xml`); existing users are skipped.
 */
export const userImportRoutes: Route[] = [
  {
    method: 'POST',
    path: '/sites/:siteId/users/import',
    auth: 'site',
    minVersion: '3.15',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content } = scope;
      const csv = parseMultipart(ctx.rawBody, ctx.contentType).find(
        (p) => p.name === 'tableau_user_import',
      );
      if (!csv) throw errors.malformedBody("The import needs a 'tableau_user_import' CSV part.");
      const rows = csv.body
        .toString('utf8')
        .split(/\r?\n/)
        .filter((line) => line.trim() !== '');
      for (const row of rows) {
        const [name = '', , fullName = '', license = '', admin = '', publish = '', email = ''] =
          row.split(',');
        const siteRole = roleFor(license, admin, publish);
        if (!name.trim() || !siteRole) {
          throw errors.badRequest(`The CSV line '${row}' is not a valid user.`);
        }
        if (content.usersByName.has(name.trim().toLowerCase())) continue;
        const user: User = {
          id: randomUUID(),
          name: name.trim(),
          fullName: fullName.trim(),
          email: email.trim(),
          siteRole,
          authSetting: 'ServerDefault',
          language: 'en',
          domainName: 'local',
          externalAuthUserId: '',
        };
        content.users.add(user);
        content.usersByName.set(user.name.toLowerCase(), user);
        content.groups
          .all()
          .find((g) => g.name === 'All Users')
          ?.memberIds.add(user.id);
      }
      return startJob(ctx, content, 'UserImport');
    },
  },
  {
    // Delete Users from Site with CSV (3.15): a `tableau_user_delete` CSV whose first column
    // is the user name (optionally `domain\\name`), as TSC's users.bulk_remove sends it.
    method: 'POST',
    path: '/sites/:siteId/users/delete',
    auth: 'site',
    minVersion: '3.15',
    handler: (ctx) => {
      const scope = siteScope(ctx);
      requireSiteAdmin(scope);
      const { content, user: me } = scope;
      const csv = parseMultipart(ctx.rawBody, ctx.contentType).find(
        (p) => p.name === 'tableau_user_delete',
      );
      if (!csv) throw errors.malformedBody("The request needs a 'tableau_user_delete' CSV part.");
      for (const row of csv.body.toString('utf8').split(/\r?\n/)) {
        const first = row.split(',')[0]?.trim() ?? '';
        const name = first.includes('\\') ? first.slice(first.lastIndexOf('\\') + 1) : first;
        const user = name && content.usersByName.get(name.toLowerCase());
        // Unknown names and the caller are skipped, as the job's notes would report.
        if (user && user.id !== me.id) removeUserFromSite(content, user, me.id);
      }
      return startJob(ctx, content, 'UserDelete');
    },
  },
];
