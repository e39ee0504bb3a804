/** Shapes of the content added after the core model: custom views, group sets, flows, linked tasks. */
import type { Connection } from './model';

export interface CustomView {
  id: string;
  name: string;
  viewId: string;
  workbookId: string;
  ownerId: string;
  shared: boolean;
  createdAt: string;
  updatedAt: string;
  lastAccessedAt: string;
  /** Users who have this custom view as their default for its view. */
  defaultUserIds: Set<string>;
}

export interface GroupSet {
  id: string;
  name: string;
  groupIds: string[];
}

export interface Flow {
  id: string;
  name: string;
  description: string;
  fileType: 'tfl' | 'tflx';
  createdAt: string;
  updatedAt: string;
  projectId: string;
  ownerId: string;
  tags: string[];
  connections: Connection[];
}

export interface FlowRun {
  id: string;
  flowId: string;
  jobId: string;
}

export interface LinkedTaskStep {
  id: string;
  stepNumber: number;
  stopDownstreamTasksOnFailure: boolean;
  /** The flow-run task of this step. */
  taskId: string;
  flowId: string;
}

export interface LinkedTask {
  id: string;
  scheduleId: string;
  steps: LinkedTaskStep[];
}

/** Stored embedded credentials (keychains) of an item or a user's saved credentials. */
export interface Keychain {
  encrypted: string[];
  userIds: string[];
}

/** Site settings and per-user state the newer methods read and write. */
export interface SiteExtras {
  embedding: { unrestrictedEmbedding: boolean; allowList: string };
  /** `${kind}:${id}:${revision}` of removed revisions. */
  removedRevisions: Set<string>;
  /** userId → dismissed recommended view ids. */
  dismissedRecommendations: Map<string, Set<string>>;
  /** `workbook:id`, `datasource:id`, `user:id` → keychains. */
  keychains: Map<string, Keychain>;
}
