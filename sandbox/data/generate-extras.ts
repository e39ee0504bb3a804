import { isoSeconds } from './dates';
import { pastDate, tags } from './generate-people';
import type { Connection, Schedule } from './model';
import type { Flow } from './model-extras';
import { DB_TYPES, TOPICS } from './names';
import type { Random } from './random';
import type { SiteContent } from './site-content';

const FLOW_VERBS = ['Clean', 'Prep', 'Join', 'Aggregate', 'Reshape'];

function flowConnection(rng: Random, flow: Flow): Connection {
  const [type, serverAddress, serverPort] = rng.pick(DB_TYPES);
  return {
    id: rng.luid(),
    type,
    serverAddress,
    serverPort,
    userName: serverAddress ? 'prep_svc' : '',
    embedPassword: rng.chance(0.5),
    queryTaggingEnabled: false,
    authenticationType: serverAddress ? 'username-password' : 'none',
    datasourceId: flow.id,
    datasourceName: flow.name,
  };
}

/**
 * Custom views, group sets, flows and linked tasks, from their own random stream so the
 * core content (users … data sources) stays as it was for a given seed.
 */
export function generateExtras(
  rng: Random,
  anchor: number,
  content: SiteContent,
  schedules: readonly Schedule[],
): void {
  const users = content.users.all();
  const owners = users.slice(0, Math.max(1, Math.min(users.length, 200)));
  const views = content.views.all();
  for (let i = 0; i < views.length; i += 4) {
    const view = views[i];
    const created = pastDate(rng, anchor);
    const updated = created + rng.int(0, anchor - created);
    content.customViews.add({
      id: rng.luid(),
      name: `${view.name} (${rng.pick(['my filters', 'Q4', 'by region', 'top 10'])})`,
      viewId: view.id,
      workbookId: view.workbookId,
      ownerId: rng.pick(owners).id,
      shared: rng.chance(0.5),
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(updated),
      lastAccessedAt: isoSeconds(updated + rng.int(0, anchor - updated)),
      defaultUserIds: new Set(),
    });
  }
  const groups = content.groups.all().filter((g) => g.name !== 'All Users');
  for (const name of ['Analysts', 'Regional leads', 'Data stewards']) {
    const count = Math.min(groups.length, rng.int(1, 3));
    const picked = new Set<string>();
    for (let k = 0; k < count; k++) picked.add(rng.pick(groups).id);
    content.groupSets.add({ id: rng.luid(), name, groupIds: [...picked] });
  }
  const projects = content.projects.all();
  const flowCount = Math.max(2, Math.round(content.workbooks.size / 10));
  for (let i = 0; i < flowCount; i++) {
    const created = pastDate(rng, anchor);
    const flow: Flow = {
      id: rng.luid(),
      name: `${rng.pick(FLOW_VERBS)} ${rng.pick(TOPICS)}${i < 20 ? '' : ` ${i}`}`,
      description: rng.chance(0.4) ? 'Prepares data for the published sources.' : '',
      fileType: rng.chance(0.7) ? 'tflx' : 'tfl',
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(created + rng.int(0, anchor - created)),
      projectId: rng.pick(projects).id,
      ownerId: rng.pick(owners).id,
      tags: tags(rng),
      connections: [],
    };
    const connections = rng.int(1, 3);
    for (let c = 0; c < connections; c++) flow.connections.push(flowConnection(rng, flow));
    content.flows.add(flow);
  }
  const flowSchedule = schedules.find((s) => s.type === 'Flow') ?? schedules[0];
  const flows = content.flows.all();
  for (let t = 0; t < 2 && flowSchedule; t++) {
    const steps = Array.from({ length: rng.int(1, 3) }, (_, i) => ({
      id: rng.luid(),
      stepNumber: i + 1,
      stopDownstreamTasksOnFailure: rng.chance(0.7),
      taskId: rng.luid(),
      flowId: rng.pick(flows).id,
    }));
    content.linkedTasks.add({ id: rng.luid(), scheduleId: flowSchedule.id, steps });
  }
}
