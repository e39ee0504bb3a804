import { analyticsExtensionPresets } from './families/analytics-extensions';
import { authenticationPresets } from './families/authentication';
import { catalogPresets } from './families/catalog';
import { catalogTagsAndMovesPresets } from './families/catalog-tags-and-moves';
import { collectionPresets } from './families/collections';
import { cloudOnlyPresets } from './families/cloud-only';
import { connectedAppPresets } from './families/connected-apps';
import { dashboardExtensionPresets } from './families/dashboard-extensions';
import { dataDrivenAlertPresets } from './families/data-driven-alerts';
import { dataQualityCertificationPresets } from './families/data-quality-certifications';
import { dataSourcePresets } from './families/data-sources';
import {
  dataSourceKeychainPresets,
  savedCredentialPresets,
  workbookKeychainPresets,
} from './families/embedded-credentials';
import { extractPresets } from './families/extracts-and-encryption';
import { favoritePresets } from './families/favorites';
import { flowPresets } from './families/flows';
import { identityPoolPresets } from './families/identity-pools';
import { jobsTasksAndSchedulesPresets } from './families/jobs-tasks-and-schedules';
import { labelPresets } from './families/labels';
import { labelsAndDataQualityPresets } from './families/labels-and-data-quality';
import { metadataApiPresets } from './families/metadata-api';
import { metricPresets } from './families/metrics';
import { mobileSettingsPresets } from './families/mobile-settings';
import { notificationPresets } from './families/notifications';
import { permissionPresets } from './families/permissions';
import { projectPresets } from './families/projects';
import { publishingPresets } from './families/publishing';
import { pulsePresets } from './families/pulse';
import { revisionPresets } from './families/revisions';
import { serverPresets } from './families/server';
import { settingsPresets } from './families/settings';
import { sitePresets } from './families/sites';
import { subscriptionPresets } from './families/subscriptions';
import { usersAndGroupsPresets } from './families/users-and-groups';
import { versionlessPresets } from './families/versionless';
import { virtualConnectionPresets } from './families/virtual-connections';
import { vizqlDataServicePresets } from './families/vizql-data-service';
import { webhookPresets } from './families/webhooks';
import { workbooksAndViewsPresets } from './families/workbooks-and-views';
import type { Preset } from './types';

/** Every preset, in the order of `families`. */
export const allPresets: readonly Preset[] = [
  ...authenticationPresets,
  ...serverPresets,
  ...sitePresets,
  ...projectPresets,
  ...usersAndGroupsPresets,
  ...savedCredentialPresets,
  ...workbooksAndViewsPresets,
  ...workbookKeychainPresets,
  ...dataSourcePresets,
  ...dataSourceKeychainPresets,
  ...flowPresets,
  ...permissionPresets,
  ...jobsTasksAndSchedulesPresets,
  ...subscriptionPresets,
  ...dataDrivenAlertPresets,
  ...favoritePresets,
  ...collectionPresets,
  ...publishingPresets,
  ...revisionPresets,
  ...extractPresets,
  ...webhookPresets,
  ...metricPresets,
  ...notificationPresets,
  ...identityPoolPresets,
  ...virtualConnectionPresets,
  ...labelsAndDataQualityPresets,
  ...dataQualityCertificationPresets,
  ...labelPresets,
  ...catalogPresets,
  ...catalogTagsAndMovesPresets,
  ...connectedAppPresets,
  ...settingsPresets,
  ...dashboardExtensionPresets,
  ...analyticsExtensionPresets,
  ...mobileSettingsPresets,
  ...cloudOnlyPresets,
  ...pulsePresets,
  ...versionlessPresets,
  ...metadataApiPresets,
  ...vizqlDataServicePresets,
];
