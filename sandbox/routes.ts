import type { Route } from './http/route';
import { authRoutes } from './resources/auth';
import { bulkUpdateRoutes } from './resources/bulk-updates';
import { catalogAssetRoutes } from './resources/catalog-assets';
import { cloudRoutes } from './resources/cloud';
import { connectedAppRoutes } from './resources/connected-apps';
import { identityPoolMemberRoutes } from './resources/identity-pool-members';
import { labelRoutes } from './resources/labels';
import { qualityTriggerRoutes } from './resources/quality-triggers';
import { settingsRoutes } from './resources/settings';
import { dataAlertRoutes } from './resources/data-alerts';
import { dataQualityRoutes } from './resources/data-quality';
import { extractAndEncryptionRoutes } from './resources/extracts';
import { flowTaskRoutes } from './resources/flow-tasks';
import { subscriptionRoutes } from './resources/subscriptions';
import { virtualConnectionRoutes } from './resources/virtual-connections';
import { webhookRoutes } from './resources/webhooks';
import { dataUpdateRoutes } from './resources/data-update';
import { datasourceRoutes } from './resources/datasources';
import { customViewRoutes } from './resources/custom-views';
import { exportRoutes } from './resources/exports';
import { favoriteOrderRoutes } from './resources/favorites-order';
import { favoriteRoutes } from './resources/favorites';
import { flowRoutes } from './resources/flows';
import { groupSetRoutes } from './resources/group-sets';
import { keychainRoutes } from './resources/keychains';
import { linkedTaskRoutes } from './resources/linked-tasks';
import { serverAdminRoutes } from './resources/server-admin';
import { siteExtraRoutes } from './resources/site-extras';
import { groupRoutes } from './resources/groups';
import { jobRoutes } from './resources/jobs';
import { permissionRoutes } from './resources/permissions';
import { projectRoutes } from './resources/projects';
import { publishRoutes } from './resources/publish';
import { revisionRoutes } from './resources/revisions';
import { scheduleRoutes } from './resources/schedules';
import { serverInfoRoutes } from './resources/server-info';
import { siteRoutes } from './resources/sites';
import { tagsRoutes } from './resources/tags';
import { scheduleTaskRoutes, taskRoutes } from './resources/tasks';
import { userImportRoutes } from './resources/user-import';
import { userRoutes } from './resources/users';
import { viewRoutes } from './resources/views';
import { workbookRoutes } from './resources/workbooks';

/** Every REST method the sandbox implements, on either platform. */
export const ALL_ROUTES: Route[] = [
  ...serverInfoRoutes,
  ...authRoutes,
  ...serverAdminRoutes,
  ...siteRoutes,
  ...siteExtraRoutes,
  ...userImportRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...groupSetRoutes,
  ...projectRoutes,
  ...workbookRoutes,
  ...revisionRoutes,
  ...publishRoutes,
  ...viewRoutes,
  ...exportRoutes,
  ...customViewRoutes,
  ...keychainRoutes,
  ...flowRoutes,
  ...datasourceRoutes,
  ...dataUpdateRoutes,
  ...tagsRoutes,
  ...favoriteRoutes,
  ...favoriteOrderRoutes,
  ...jobRoutes,
  ...scheduleRoutes,
  ...linkedTaskRoutes,
  ...taskRoutes,
  ...scheduleTaskRoutes,
  ...permissionRoutes,
  ...subscriptionRoutes,
  ...webhookRoutes,
  ...dataAlertRoutes,
  ...flowTaskRoutes,
  ...extractAndEncryptionRoutes,
  ...virtualConnectionRoutes,
  ...catalogAssetRoutes,
  ...dataQualityRoutes,
  ...labelRoutes,
  ...qualityTriggerRoutes,
  ...connectedAppRoutes,
  ...settingsRoutes,
  ...cloudRoutes,
  ...identityPoolMemberRoutes,
  ...bulkUpdateRoutes,
];

export type Platform = 'server' | 'cloud';

const key = (route: Pick<Route, 'method' | 'path'>) => `${route.method} ${route.path}`;

/**
 * Server administration a Tableau Cloud pod does not have (tableau-api.md §12 and the
 * catalog's `availability: 'server'`): sites, server schedules and adding to them, AD domains,
 * other users' sessions, admin PAT revocation, server-level settings.
 */
const SERVER_ONLY = new Set([
  'GET /sites',
  'POST /sites',
  'DELETE /sites/:siteId',
  'GET /domains',
  'PUT /domains',
  'DELETE /sessions/:sessionId',
  'DELETE /auth/serverAdminAccessTokens',
  'GET /schedules',
  'GET /schedules/:scheduleId',
  'POST /schedules',
  'PUT /schedules/:scheduleId',
  'DELETE /schedules/:scheduleId',
  'PUT /schedules',
  'GET /sites/:siteId/schedules/:scheduleId/extracts',
  'PUT /sites/:siteId/schedules/:scheduleId/workbooks',
  'PUT /sites/:siteId/schedules/:scheduleId/datasources',
  'PUT /sites/:siteId/schedules/:scheduleId/flows',
  'GET /settings/extensions',
  'PUT /settings/extensions',
  'GET /settings/mobilesecuritysettings',
  'PUT /settings/mobilesecuritysettings',
  'POST /sites/:siteId/users/identityPool',
  'DELETE /sites/:siteId/users/:userId/identityPool/:poolId',
]);

/** Methods only Tableau Cloud answers: Cloud tasks with inline schedules, OIDC, Bridge, IdPs. */
const CLOUD_ONLY = new Set([
  ...cloudRoutes.map(key),
  'POST /sites/:siteId/tasks/flows',
  // Several identity providers per site (site-auth-configurations) is a Tableau Cloud feature.
  'GET /sites/:siteId/site-auth-configurations',
]);

/** The REST methods one platform answers; the other platform's methods answer 404003. */
export function routesFor(platform: Platform): Route[] {
  const excluded = platform === 'cloud' ? SERVER_ONLY : CLOUD_ONLY;
  return ALL_ROUTES.filter((route) => !excluded.has(key(route)));
}
