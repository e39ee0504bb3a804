import type { Element } from '../format/element';
/** In-memory shapes of the sandbox's Tableau content; attribute names follow the XSD. */
export interface Site {
  id: string;
  name: string;
  contentUrl: string;
  adminMode: 'ContentAndUsers' | 'ContentOnly';
  state: 'Active' | 'Suspended';
  userQuota?: number;
  storageQuota?: number;
  revisionHistoryEnabled: boolean;
  revisionLimit: number;
  subscribeOthersEnabled: boolean;
  disableSubscriptions: boolean;
  createdAt: string;
  /** Users generated for this site; content is generated on first use. */
  plannedUsers: number;
  /** Other settings set through Update Site (siteType attributes), as sent. */
  settings?: Record<string, string | number | boolean | undefined>;
}

export interface User {
  id: string;
  name: string;
  fullName: string;
  email: string;
  siteRole: string;
  authSetting: string;
  /** Absent for users who never signed in. */
  lastLogin?: string;
  locale?: string;
  language: string;
  domainName: string;
  externalAuthUserId: string;
}

export interface Project {
  id: string;
  name: string;
  description: string;
  contentPermissions: 'LockedToProject' | 'ManagedByOwner' | 'LockedToProjectWithoutNested';
  parentProjectId?: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

export interface Group {
  id: string;
  name: string;
  domainName: string;
  minimumSiteRole?: string;
  memberIds: Set<string>;
}

export interface Connection {
  id: string;
  type: string;
  serverAddress: string;
  serverPort: string;
  userName: string;
  embedPassword: boolean;
  queryTaggingEnabled: boolean;
  authenticationType: string;
  datasourceId: string;
  datasourceName: string;
}

export interface Workbook {
  id: string;
  name: string;
  description: string;
  contentUrl: string;
  showTabs: boolean;
  size: number;
  createdAt: string;
  updatedAt: string;
  projectId: string;
  ownerId: string;
  tags: string[];
  sheetCount: number;
  hasExtracts: boolean;
  encryptExtracts: boolean;
  viewIds: string[];
  connections: Connection[];
  /** The 3.29 `dataFreshnessPolicy`, kept as sent (parsed body shape). */
  dataFreshnessPolicy?: Record<string, unknown>;
  /** Its extract refreshes always fail (its database cannot be reached): see sandbox/README.md. */
  refreshFails?: boolean;
}

export interface View {
  id: string;
  name: string;
  contentUrl: string;
  viewUrlName: string;
  sheetType: 'view' | 'dashboard' | 'story';
  createdAt: string;
  updatedAt: string;
  workbookId: string;
  ownerId: string;
  projectId: string;
  tags: string[];
  totalViewCount: number;
  favoritesTotal: number;
}

export interface Datasource {
  id: string;
  name: string;
  description: string;
  contentUrl: string;
  type: string;
  size: number;
  createdAt: string;
  updatedAt: string;
  projectId: string;
  ownerId: string;
  tags: string[];
  hasExtracts: boolean;
  isCertified: boolean;
  certificationNote?: string;
  encryptExtracts: boolean;
  useRemoteQueryAgent: boolean;
  connections: Connection[];
  /** Its extract refreshes always fail (its database cannot be reached): see sandbox/README.md. */
  refreshFails?: boolean;
}

export type ContentKind = 'project' | 'workbook' | 'view' | 'datasource' | 'flow';
/** Items that carry permissions: content, plus virtual connections and Catalog assets. */
export type PermissionKind = ContentKind | 'virtualConnection' | 'database' | 'table';

export interface Favorite {
  label: string;
  kind: ContentKind;
  id: string;
}

export interface GranteeRule {
  granteeKind: 'user' | 'group';
  granteeId: string;
  /** capability name → Allow | Deny */
  capabilities: Map<string, 'Allow' | 'Deny'>;
}

export type JobType =
  | 'RefreshExtract'
  | 'PublishWorkbook'
  | 'PublishDatasource'
  | 'UpdateUploadedFile'
  | 'GroupImport'
  | 'GroupSync'
  | 'UserImport'
  | 'UserDelete'
  | 'RunFlow'
  | 'CreateExtract'
  | 'DeleteExtract'
  | 'EncryptExtracts'
  | 'DecryptExtracts'
  | 'ReencryptExtracts'
  | 'PublishFlow';

export interface Job {
  id: string;
  type: JobType;
  /** The content the job works on, if any (refresh, publish, data update, group import). */
  target?: { kind: 'workbook' | 'datasource' | 'group' | 'flow'; id: string; name: string };
  /** The flow run a RunFlow job drives (`runFlowJobType flowRunId`). */
  flowRunId?: string;
  /** The connection a hyper Update Data job writes to. */
  connectionId?: string;
  createdAt: number;
  startedAt: number;
  /** When the job finishes on its own (ms since epoch). */
  finishesAt: number;
  cancelledAt?: number;
  /** Whether it ends in failure (finishCode 1) rather than success. */
  failed?: boolean;
  /** Why it failed, as the server's notes say (shown once the job has ended). */
  notes?: string;
  priority: number;
  /** An Import Users to Site from CSV job: its lines, applied as the job progresses. */
  userImport?: UserImportWork;
}

/** One line of a user-import CSV, read when the job was created. */
export interface UserImportLine {
  line: number;
  name: string;
  fullName: string;
  email: string;
  siteRole: string;
  authSetting: string;
  /** Why the line cannot be imported (bad license level, no name…): it becomes a note. */
  problem?: string;
}

/** A job status note as the XSD has them (`statusNoteType`: type, value, text). */
export interface JobStatusNote {
  type: string;
  value: string;
  text?: string;
}

export interface UserImportWork {
  lines: UserImportLine[];
  /** Lines processed so far (added or skipped with a note). */
  applied: number;
  added: number;
  /** One CountOfUsersSkipped note per line the job did not import, saying why. */
  skipped: JobStatusNote[];
}

export interface ScheduleInterval {
  hours?: string;
  minutes?: string;
  weekDay?: string;
  monthDay?: string;
}

export interface Schedule {
  id: string;
  name: string;
  state: 'Active' | 'Suspended';
  priority: number;
  type: 'Extract' | 'Subscription' | 'Flow' | 'DataAcceleration';
  frequency: 'Hourly' | 'Daily' | 'Weekly' | 'Monthly';
  executionOrder: 'Parallel' | 'Serial';
  createdAt: string;
  updatedAt: string;
  nextRunAt: string;
  start: string;
  end?: string;
  intervals: ScheduleInterval[];
}

export interface ExtractTask {
  id: string;
  scheduleId: string;
  priority: number;
  consecutiveFailedCount: number;
  type: 'RefreshExtractTask' | 'IncrementalRefresh' | 'FullRefresh';
  target: { kind: 'workbook' | 'datasource'; id: string };
  /** A Tableau Cloud task's own schedule (`tasks_with_interval.xml`), instead of a server one. */
  inlineSchedule?: Element;
}
