/**
 * Shapes of the notification and governance content: subscriptions, webhooks, data-driven
 * alerts, virtual connections and the Tableau Catalog (databases, tables, columns, data
 * quality warnings). Attribute names follow the 3.29 XSD and TSC's fixtures.
 */
export interface Subscription {
  id: string;
  subject: string;
  message: string;
  attachImage: boolean;
  attachPdf: boolean;
  pageOrientation?: string;
  pageSizeOption?: string;
  suspended: boolean;
  contentType: 'View' | 'Workbook';
  contentId: string;
  sendIfViewEmpty: boolean;
  scheduleId: string;
  userId: string;
}

export interface Webhook {
  id: string;
  name: string;
  /** Tableau's API event name, e.g. `datasource-refresh-failed`. */
  event: string;
  url: string;
  isEnabled: boolean;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

export interface DataAlert {
  id: string;
  subject: string;
  creatorId: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  frequency: 'Once' | 'AsFrequentlyAsPossible' | 'Hourly' | 'Daily' | 'Weekly';
  public: boolean;
  suspended: boolean;
  viewId: string;
  recipientIds: Set<string>;
}

export interface VirtualConnectionSource {
  id: string;
  dbClass: string;
  serverAddress: string;
  serverPort: string;
  userName: string;
}

export interface VirtualConnection {
  id: string;
  name: string;
  description: string;
  projectId: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  isCertified: boolean;
  certificationNote: string;
  hasExtracts: boolean;
  /** The connection's definition, a JSON document as Tableau returns it in `<content>`. */
  definition: string;
  tags: string[];
  connections: VirtualConnectionSource[];
  /** Publish times of the revisions, oldest first; the last is current. */
  revisions: string[];
}

export interface CatalogDatabase {
  id: string;
  name: string;
  connectionType: string;
  type: 'DatabaseServer' | 'File';
  hostName: string;
  port: string;
  filePath: string;
  description: string;
  isEmbedded: boolean;
  isCertified: boolean;
  certificationNote: string;
  certifierId?: string;
  contactId?: string;
  contentPermissions: 'LockedToDatabase' | 'ManagedByOwner';
  projectId?: string;
  ownerId: string;
  tags: string[];
}

export interface CatalogColumn {
  id: string;
  name: string;
  description: string;
  remoteType: string;
  tags: string[];
}

export interface CatalogTable {
  id: string;
  name: string;
  databaseId: string;
  schema: string;
  description: string;
  isEmbedded: boolean;
  isCertified: boolean;
  certificationNote: string;
  certifierId?: string;
  contactId?: string;
  projectId?: string;
  ownerId: string;
  tags: string[];
  columns: CatalogColumn[];
}

/** A data quality warning or certification (dataQualityIndicator) on a content item. */
export interface QualityIndicator {
  id: string;
  kind: 'warning' | 'certification';
  contentType: string;
  contentId: string;
  type: string;
  message: string;
  isActive: boolean;
  isSevere: boolean;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

/** A flow-run task: a flow on a schedule (Server schedule or a Cloud task schedule). */
export interface FlowTask {
  id: string;
  flowId: string;
  scheduleId: string;
  priority: number;
  consecutiveFailedCount: number;
}
