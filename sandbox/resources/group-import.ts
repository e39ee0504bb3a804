import { randomUUID } from 'node:crypto';
import type { Group } from '../data/model';
import type { SiteContent } from '../data/site-content';
import { errors } from '../errors';
import { el } from '../format/element';
import { str, type Body } from '../http/request-body';
import { ok, type RequestContext, type Reply } from '../http/route';
import { checkSiteRole } from './common';
import { startJob } from './job-element';

const GRANT_MODES = new Set(['onLogin', 'onSync']);

/**
 * Reads `<import source="ActiveDirectory" domainName siteRole grantLicenseMode/>`. The
 * sandbox has no directory: any domain other than `local` "exists" and its groups are empty.
 */
function readImport(body: Body) {
  const domainName = str(body, 'domainName');
  const siteRole = str(body, 'siteRole');
  const grantLicenseMode = str(body, 'grantLicenseMode') ?? 'onLogin';
  if (!domainName || domainName === 'local' || !siteRole) {
    throw errors.malformedBody("An import needs a directory 'domainName' and a 'siteRole'.");
  }
  if (!GRANT_MODES.has(grantLicenseMode)) {
    throw errors.badRequest(`The grantLicenseMode '${grantLicenseMode}' is not valid.`);
  }
  return { domainName, siteRole: checkSiteRole(siteRole), grantLicenseMode };
}

/** `group_create_ad.xml` / `group_update.xml`: the group with its import directive. */
function importedGroup(group: Group, grantLicenseMode: string) {
  return el('group', { id: group.id, name: group.name }, [
    el('import', {
      source: 'ActiveDirectory',
      domainName: group.domainName,
      siteRole: group.minimumSiteRole,
      grantLicenseMode,
    }),
  ]);
}

/** Create Group with an Active Directory import; `?asJob=true` → 202 GroupImport job. */
export function importGroup(
  ctx: RequestContext,
  content: SiteContent,
  name: string,
  body: Body,
): Reply {
  const spec = readImport(body);
  const group: Group = {
    id: randomUUID(),
    name,
    domainName: spec.domainName,
    minimumSiteRole: spec.siteRole,
    memberIds: new Set(),
  };
  content.groups.add(group);
  if (ctx.query.get('asJob') === 'true') {
    return startJob(ctx, content, 'GroupImport', { kind: 'group', id: group.id, name });
  }
  return ok([importedGroup(group, spec.grantLicenseMode)], 201);
}

/** Update Group with an import directive: re-sync; `?asJob=true` → 202 GroupSync job. */
export function syncGroup(
  ctx: RequestContext,
  content: SiteContent,
  group: Group,
  body: Body,
): Reply {
  const spec = readImport(body);
  group.domainName = spec.domainName;
  group.minimumSiteRole = spec.siteRole;
  content.groups.touch();
  if (ctx.query.get('asJob') === 'true') {
    return startJob(ctx, content, 'GroupSync', { kind: 'group', id: group.id, name: group.name });
  }
  return ok([importedGroup(group, spec.grantLicenseMode)]);
}
