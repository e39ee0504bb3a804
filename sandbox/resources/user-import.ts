import { errors } from '../errors';
import { requireSiteAdmin, siteScope } from '../http/authenticate';
import { parseMultipart } from '../http/multipart';
import { many, parseBody, str } from '../http/request-body';
import type { RequestContext, Route } from '../http/route';
import { AUTH_SETTINGS } from './common';
import { startJob } from './job-element';
import { csvRecords, readImportLines } from './user-import-job';
import { removeUserFromSite } from './users';

const MB = 1024 * 1024;

/** A part's bytes: the streamed part when the server kept it, else split from the raw body. */
function partText(ctx: RequestContext, name: string): string | null {
  const streamed = ctx.parts?.find((p) => p.name === name);
  if (streamed) return streamed.body.readSync(0, streamed.body.size).toString('utf8');
  if (ctx.parts) return null;
  const part = parseMultipart(ctx.rawBody, ctx.contentType).find((p) => p.name === name);
  return part ? part.body.toString('utf8') : null;
}

/**
 * Import Users to Site from CSV (3.15): `request_payload` (`<user name authSetting/>` per user)
 * plus a `tableau_user_import` CSV without header: name, password, display name, license,
 * admin level, publishing, email. Answers 202 with a UserImport job
 * (`users_bulk_add_job.xml`); the users are added while the job runs, and a line that cannot
 * be imported is skipped and reported in the job's notes, not refused with the whole file.
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
      const csv = partText(ctx, 'tableau_user_import');
      if (csv === null)
        throw errors.malformedBody("The import needs a 'tableau_user_import' CSV part.");
      const payloadText = partText(ctx, 'request_payload') ?? '';
      if (payloadText.length > MB)
        throw errors.malformedBody("The 'request_payload' is over 1 MB.");
      const payload = parseBody(payloadText, undefined);
      const auth = new Map(
        many(payload, 'user').map((u) => [
          str(u, 'name')?.toLowerCase() ?? '',
          str(u, 'authSetting'),
        ]),
      );
      const records = csvRecords(csv.replace(/^\uFEFF/, ''));
      if (records.length === 0) throw errors.badRequest('The CSV file has no users.');
      const lines = readImportLines(records, (name) => {
        const setting = auth.get(name.toLowerCase()) ?? 'ServerDefault';
        return AUTH_SETTINGS.has(setting)
          ? { authSetting: setting }
          : { problem: `“${setting}” is not an auth setting (request_payload).` };
      });
      return startJob(ctx, content, 'UserImport', undefined, {
        userImport: { lines, applied: 0, added: 0, skipped: [] },
      });
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
