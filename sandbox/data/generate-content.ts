import { DAY_MS, isoSeconds } from './dates';
import type { Connection, Datasource, User, View, Workbook } from './model';
import { DB_TYPES, QUALIFIERS, SHEET_NAMES, TOPICS } from './names';
import type { Random } from './random';
import { pastDate, tags, urlName, type SitePlan } from './generate-people';
import type { SiteContent } from './site-content';

function connectionFor(rng: Random, datasourceId: string, datasourceName: string): Connection {
  const [type, serverAddress, serverPort] = rng.pick(DB_TYPES);
  return {
    id: rng.luid(),
    type,
    serverAddress,
    serverPort,
    userName: serverAddress ? rng.pick(['svc_tableau', 'analytics_ro', 'report_user']) : '',
    embedPassword: rng.chance(0.6),
    queryTaggingEnabled: false,
    authenticationType: serverAddress ? 'username-password' : 'none',
    datasourceId,
    datasourceName,
  };
}

/** Data sources, then workbooks with their views and connections. */
export function generateContent(
  rng: Random,
  plan: SitePlan,
  anchor: number,
  owners: User[],
  content: SiteContent,
): void {
  const projects = content.projects.all();
  const contentUrls = new Set<string>();
  const uniqueUrl = (name: string) => {
    let url = urlName(name) || 'Untitled';
    for (let k = 1; contentUrls.has(url); k++) url = `${urlName(name)}_${k}`;
    contentUrls.add(url);
    return url;
  };
  for (let i = 0; i < plan.datasources; i++) {
    const name = `${rng.pick(TOPICS)} ${rng.pick(['Extract', 'Live', 'Data', 'Model', 'Mart'])}`;
    const created = pastDate(rng, anchor);
    const id = rng.luid();
    const hasExtracts = rng.chance(0.5);
    const certified = rng.chance(0.2);
    content.datasources.add({
      id,
      name: i < 30 ? name : `${name} ${i}`,
      description: rng.chance(0.4) ? `Governed ${name.toLowerCase()} source.` : '',
      contentUrl: uniqueUrl(name),
      type: '',
      size: rng.int(1, 4000),
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(created + rng.int(0, anchor - created)),
      projectId: rng.pick(projects).id,
      ownerId: rng.pick(owners).id,
      tags: tags(rng),
      hasExtracts,
      isCertified: certified,
      certificationNote: certified ? 'Reviewed by the data stewards.' : undefined,
      encryptExtracts: false,
      useRemoteQueryAgent: false,
      connections: [],
    } satisfies Datasource);
  }
  for (const ds of content.datasources.all()) {
    const conn = connectionFor(rng, ds.id, ds.name);
    ds.type = conn.type;
    ds.connections.push(conn);
  }
  const datasources = content.datasources.all();
  for (let i = 0; i < plan.workbooks; i++) {
    const base = `${rng.pick(TOPICS)} ${rng.pick(QUALIFIERS)}`;
    const name = i < 60 ? base : `${base} ${i}`;
    const id = rng.luid();
    const project = rng.pick(projects);
    const owner = rng.pick(owners);
    // About a fifth of the workbooks are stale: last touched more than 90 days ago.
    const stale = rng.chance(0.2);
    const timeOfDay = () => rng.int(0, DAY_MS - 1);
    const created = stale
      ? anchor - rng.int(121, 1000) * DAY_MS - timeOfDay()
      : pastDate(rng, anchor);
    const updated = stale
      ? created + rng.int(0, 20) * DAY_MS + timeOfDay()
      : Math.max(created, anchor - rng.int(1, 80) * DAY_MS + timeOfDay());
    const contentUrl = uniqueUrl(name);
    const sheetCount = rng.int(1, 6) + (rng.chance(0.25) ? 1 : 0);
    const workbook: Workbook = {
      id,
      name,
      description: rng.chance(0.3) ? `Tracks ${base.toLowerCase()}.` : '',
      contentUrl,
      showTabs: rng.chance(0.6),
      size: rng.int(1, 120),
      createdAt: isoSeconds(created),
      updatedAt: isoSeconds(Math.min(updated, anchor)),
      projectId: project.id,
      ownerId: owner.id,
      tags: tags(rng),
      sheetCount,
      hasExtracts: rng.chance(0.4),
      encryptExtracts: false,
      viewIds: [],
      connections: [],
    };
    for (let c = rng.int(1, 2); c > 0; c--) {
      const ds = rng.pick(datasources);
      workbook.connections.push(connectionFor(rng, ds.id, ds.name));
    }
    const sheetNames = new Set<string>();
    for (let s = 0; s < sheetCount; s++) {
      let sheet: string = rng.pick(SHEET_NAMES);
      for (let k = 2; sheetNames.has(sheet); k++) sheet = `${rng.pick(SHEET_NAMES)} ${k}`;
      sheetNames.add(sheet);
      const viewUrlName = urlName(sheet);
      const view: View = {
        id: rng.luid(),
        name: sheet,
        contentUrl: `${contentUrl}/sheets/${viewUrlName}`,
        viewUrlName,
        sheetType: s === 0 && sheetCount > 2 ? 'dashboard' : rng.chance(0.05) ? 'story' : 'view',
        createdAt: workbook.createdAt,
        updatedAt: workbook.updatedAt,
        workbookId: id,
        ownerId: owner.id,
        projectId: project.id,
        tags: rng.chance(0.2) ? tags(rng) : [],
        totalViewCount: stale ? rng.int(0, 3) : Math.floor(Math.pow(rng.next(), 3) * 5000),
        favoritesTotal: rng.int(0, 5),
      };
      workbook.viewIds.push(view.id);
      content.views.add(view);
    }
    content.workbooks.add(workbook);
  }
}

/** Why a generated refresh in the history failed. */
export const TIMED_OUT_NOTE =
  'The extract refresh was stopped because it ran longer than the time limit for refreshes (7200 seconds).';

/** A few finished refresh jobs, so Query Jobs has history (about one in ten failed). */
export function generateJobHistory(rng: Random, anchor: number, content: SiteContent): void {
  const extracts = [
    ...content.workbooks
      .all()
      .filter((w) => w.hasExtracts)
      .slice(0, 15)
      .map((w) => ['workbook', w] as const),
    ...content.datasources
      .all()
      .filter((d) => d.hasExtracts)
      .slice(0, 15)
      .map((d) => ['datasource', d] as const),
  ];
  for (const [kind, item] of extracts) {
    const createdAt = anchor - rng.int(1, 60) * DAY_MS + rng.int(0, DAY_MS);
    const startedAt = createdAt + rng.int(1, 30) * 1000;
    content.jobs.add({
      id: rng.luid(),
      type: 'RefreshExtract',
      target: { kind, id: item.id, name: item.name },
      createdAt,
      startedAt,
      finishesAt: startedAt + rng.int(20, 900) * 1000,
      failed: rng.chance(0.1),
      priority: 50,
    });
    const job = content.jobs.all().at(-1);
    if (job?.failed) job.notes = TIMED_OUT_NOTE;
  }
}
