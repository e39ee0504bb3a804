import type { Route } from './http/route';
import { authRoutes } from './resources/auth';
import { groupRoutes } from './resources/groups';
import { projectRoutes } from './resources/projects';
import { serverInfoRoutes } from './resources/server-info';
import { siteRoutes } from './resources/sites';
import { userRoutes } from './resources/users';

/** Every REST method the sandbox implements, matched in this order. */
export const ALL_ROUTES: Route[] = [
  ...serverInfoRoutes,
  ...authRoutes,
  ...userRoutes,
  ...groupRoutes,
  ...projectRoutes,
  ...siteRoutes,
];
