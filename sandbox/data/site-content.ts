import type { StoredBytes } from '../http/stored-bytes';
import { Collection } from './collection';

/** An upload session: the chunks appended so far, in order, as they arrived. */
export interface UploadSession {
  pieces: StoredBytes[];
  bytes: number;
}
import type { CustomView, Flow, FlowRun, GroupSet, LinkedTask, SiteExtras } from './model-extras';
import type {
  CatalogDatabase,
  CatalogTable,
  DataAlert,
  FlowTask,
  QualityIndicator,
  Subscription,
  VirtualConnection,
  Webhook,
} from './model-governance';
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
  /** File upload sessions (`/fileUploads`): upload session id → the chunks received, kept. */
  uploads: Map<string, UploadSession>;
  /** Lower-cased user name → user, for sign-in and duplicate checks. */
  usersByName: Map<string, User>;
  customViews: Collection<CustomView>;
  groupSets: Collection<GroupSet>;
  flows: Collection<Flow>;
  flowRuns: Collection<FlowRun>;
  linkedTasks: Collection<LinkedTask>;
  extras: SiteExtras;
  subscriptions: Collection<Subscription>;
  webhooks: Collection<Webhook>;
  dataAlerts: Collection<DataAlert>;
  virtualConnections: Collection<VirtualConnection>;
  databases: Collection<CatalogDatabase>;
  tables: Collection<CatalogTable>;
  qualityIndicators: Collection<QualityIndicator>;
  flowTasks: Collection<FlowTask>;
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
    customViews: new Collection(),
    groupSets: new Collection(),
    flows: new Collection(),
    flowRuns: new Collection(),
    linkedTasks: new Collection(),
    subscriptions: new Collection(),
    webhooks: new Collection(),
    dataAlerts: new Collection(),
    virtualConnections: new Collection(),
    databases: new Collection(),
    tables: new Collection(),
    qualityIndicators: new Collection(),
    flowTasks: new Collection(),
    extras: {
      embedding: { unrestrictedEmbedding: true, allowList: '' },
      removedRevisions: new Set(),
      dismissedRecommendations: new Map(),
      keychains: new Map(),
    },
  };
}
