import { isoSeconds } from './dates';
import { pastDate, tags } from './generate-people';
import type { Schedule } from './model';
import type { CatalogTable } from './model-governance';
import { DB_TYPES, TOPICS } from './names';
import type { Random } from './random';
import type { SiteContent } from './site-content';

const EVENTS = [
  'datasource-refresh-failed',
  'workbook-created',
  'datasource-updated',
  'workbook-refresh-succeeded',
];
const TABLES = ['orders', 'customers', 'products', 'regions', 'returns', 'targets'];
const COLUMNS: Array<[string, string]> = [
  ['id', 'BIGINT'],
  ['name', 'VARCHAR'],
  ['amount', 'DECIMAL'],
  ['created_at', 'TIMESTAMP'],
];

/**
 * Subscriptions, webhooks, data-driven alerts, virtual connections and Tableau Catalog
 * assets, from their own random stream so the content generated before them stays the same.
 */
export function generateGovernance(
  rng: Random,
  anchor: number,
  content: SiteContent,
  schedules: readonly Schedule[],
): void {
  const users = content.users.all();
  const owners = users.slice(0, Math.max(1, Math.min(users.length, 50)));
  const views = content.views.all();
  const workbooks = content.workbooks.all();
  const projects = content.projects.all();
  const subscriptionSchedules = schedules.filter((s) => s.type === 'Subscription');
  const scheduleFor = () =>
    rng.pick(subscriptionSchedules.length ? subscriptionSchedules : schedules);
  const subscriptionCount = Math.min(40, Math.max(2, Math.round(views.length / 20)));
  for (let i = 0; i < subscriptionCount && views.length > 0; i++) {
    const onView = rng.chance(0.7);
    const view = rng.pick(views);
    const workbook = workbooks.length ? rng.pick(workbooks) : undefined;
    content.subscriptions.add({
      id: rng.luid(),
      subject: onView ? `${view.name} daily` : `${workbook?.name ?? view.name} weekly`,
      message: rng.chance(0.5) ? 'Here is the latest.' : '',
      attachImage: rng.chance(0.7),
      attachPdf: rng.chance(0.3),
      suspended: rng.chance(0.1),
      contentType: onView || !workbook ? 'View' : 'Workbook',
      contentId: onView || !workbook ? view.id : workbook.id,
      sendIfViewEmpty: rng.chance(0.2),
      scheduleId: scheduleFor().id,
      userId: rng.pick(owners).id,
    });
  }
  for (let i = 0; i < 3; i++) {
    const created = pastDate(rng, anchor);
    const event = EVENTS[i % EVENTS.length];
    content.webhooks.add({
      id: rng.luid(),
      name: `${event.replace(/-/g, ' ')} hook`,
      event,
      url: `https://hooks.example.com/tableau/${i + 1}`,
      isEnabled: i !== 2,
      ownerId: owners[0].id,
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(created + rng.int(0, anchor - created)),
    });
  }
  for (let i = 0; i < Math.min(5, views.length); i++) {
    const created = pastDate(rng, anchor);
    const owner = rng.pick(owners);
    content.dataAlerts.add({
      id: rng.luid(),
      subject: `${views[i * 3]?.name ?? views[i].name} above target`,
      creatorId: owner.id,
      ownerId: owner.id,
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(created + rng.int(0, anchor - created)),
      frequency: rng.pick(['Once', 'AsFrequentlyAsPossible', 'Hourly', 'Daily', 'Weekly'] as const),
      public: rng.chance(0.6),
      suspended: false,
      viewId: (views[i * 3] ?? views[i]).id,
      recipientIds: new Set([owner.id]),
    });
  }
  for (let i = 0; i < 3; i++) {
    const created = pastDate(rng, anchor);
    const [dbClass, serverAddress, serverPort] = DB_TYPES[i];
    content.virtualConnections.add({
      id: rng.luid(),
      name: `${rng.pick(TOPICS)} warehouse`,
      description: 'Row-level secured tables for analysts.',
      projectId: rng.pick(projects).id,
      ownerId: rng.pick(owners).id,
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(created + rng.int(0, anchor - created)),
      isCertified: i === 0,
      certificationNote: i === 0 ? 'Reviewed by data stewards' : '',
      hasExtracts: i === 1,
      definition: JSON.stringify({
        policyCollection: { luid: rng.luid(), policies: [] },
        revision: { luid: rng.luid(), revisableProperties: {} },
      }),
      tags: tags(rng),
      connections: [{ id: rng.luid(), dbClass, serverAddress, serverPort, userName: 'vc_reader' }],
      revisions: [isoSeconds(created), isoSeconds(created + (anchor - created) / 2)],
    });
  }
  const flowSchedule = schedules.find((s) => s.type === 'Flow');
  const flows = content.flows.all();
  for (let f = 0; f < Math.min(3, flows.length) && flowSchedule; f++) {
    content.flowTasks.add({
      id: rng.luid(),
      flowId: flows[f].id,
      scheduleId: flowSchedule.id,
      priority: 50,
      consecutiveFailedCount: 0,
    });
  }
  // Three database servers and one file (an Excel workbook), as database_get.xml mixes them.
  for (const [d, type] of [0, 1, 2, 4].entries()) {
    const [connectionType, hostName, port] = DB_TYPES[type];
    const database = content.databases.add({
      id: rng.luid(),
      name: hostName ? `${connectionType}_${d + 1}` : `sales_${d + 1}.xlsx`,
      connectionType,
      type: hostName ? 'DatabaseServer' : 'File',
      hostName,
      port,
      filePath: hostName ? '' : `sales_${d + 1}.xlsx`,
      description: d === 0 ? 'Finance warehouse' : '',
      isEmbedded: !hostName,
      isCertified: d === 0,
      certificationNote: d === 0 ? 'Source of truth for revenue' : '',
      certifierId: d === 0 ? owners[0].id : undefined,
      contactId: d < 2 ? rng.pick(owners).id : undefined,
      contentPermissions: d % 2 === 0 ? 'LockedToDatabase' : 'ManagedByOwner',
      ownerId: owners[0].id,
      tags: [],
    });
    for (let t = 0; t < 3; t++) {
      const table: CatalogTable = {
        id: rng.luid(),
        name: TABLES[(d + t) % TABLES.length],
        databaseId: database.id,
        schema: 'dbo',
        description: '',
        isEmbedded: database.isEmbedded,
        isCertified: t === 0 && d === 0,
        certificationNote: '',
        certifierId: t === 0 && d === 0 ? owners[0].id : undefined,
        contactId: t === 1 ? rng.pick(owners).id : undefined,
        ownerId: owners[0].id,
        tags: [],
        columns: COLUMNS.map(([name, remoteType]) => ({
          id: rng.luid(),
          name,
          description: '',
          remoteType,
          tags: [],
        })),
      };
      content.tables.add(table);
    }
  }
}
