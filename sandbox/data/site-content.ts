import { Collection } from './collection';
import type {
  Datasource,
  ExtractTask,
  Favorite,
  GranteeRule,
  Group,
  Job,
  Project,
  User,
  View,
  Workbook,
} from './model';

/** Everything that lives inside one site. */
export interface SiteContent {
  users: Collection<User>;
  projects: Collection<Project>;
  groups: Collection<Group>;
  workbooks: Collection<Workbook>;
  views: Collection<View>;
  datasources: Collection<Datasource>;
  jobs: Collection<Job>;
  tasks: Collection<ExtractTask>;
  /** userId → favorites, in the order they were added. */
  favorites: Map<string, Favorite[]>;
  /** `${kind}:${id}` → explicit permission rules. */
  permissions: Map<string, GranteeRule[]>;
  /** File upload sessions (`/fileUploads`): upload session id → bytes received. */
  uploads: Map<string, number>;
  /** Lower-cased user name → user, for sign-in and duplicate checks. */
  usersByName: Map<string, User>;
}

export function emptySiteContent(): SiteContent {
  return {
    users: new Collection(),
    projects: new Collection(),
    groups: new Collection(),
    workbooks: new Collection(),
    views: new Collection(),
    datasources: new Collection(),
    jobs: new Collection(),
    tasks: new Collection(),
    favorites: new Map(),
    permissions: new Map(),
    uploads: new Map(),
    usersByName: new Map(),
  };
}
