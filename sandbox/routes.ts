import type { Route } from './http/route';
import { authRoutes } from './resources/auth';
import { catalogAssetRoutes } from './resources/catalog-assets';
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

/** Every REST method the sandbox implements. */
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
];
