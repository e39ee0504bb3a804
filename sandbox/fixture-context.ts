/**
 * Shared set-up of the fidelity and XSD tests: a sandbox, the ids of some of its content,
 * and helpers that replay a capture's request in XML. Only tests import this module.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startSandbox, type RunningSandbox } from './index';
import { call, signIn, type Reply, type SignedIn } from './test-support';

const repoRoot = path.resolve(import.meta.dirname, '..');
export const REFERENCE = path.resolve(repoRoot, '..', 'shared', 'reference');
export const ASSETS = path.join(REFERENCE, 'tsc-assets');
/** A real file of each publishable type, from `../shared/reference/samples/`. */
const SAMPLE_FOR_TYPE: Record<string, string> = {
  twb: 'RESTAPISample.twb',
  twbx: 'SampleWB.twbx',
  tds: 'SampleDS.tds',
  tdsx: 'World Indicators.tdsx',
  hyper: 'World Indicators.hyper',
  tfl: 'SampleFlow.tfl',
};

export type FixtureCases = Record<string, () => Promise<Reply>>;

export interface Ids {
  s: SignedIn;
  project: string;
  nestedProject: string;
  workbookName: string;
  workbook: string;
  view: string;
  datasource: string;
  extractDatasource: string;
  liveDatasource: string;
  group: string;
  user: string;
  schedule: string;
  subscriptionSchedule: string;
  flowSchedule: string;
  task: string;
  job: string;
  failedJob: string;
  connection: string;
}

export class FixtureContext {
  private counter = 0;

  constructor(
    readonly sandbox: RunningSandbox,
    readonly ids: Ids,
    /** Moves the sandbox's job clock forward (jobs take 4 s). */
    readonly advance: (ms: number) => void,
    /** A Tableau Cloud pod (`--cloud`), for the captures of Cloud-only methods. */
    readonly cloud: { sandbox: RunningSandbox; s: SignedIn },
  ) {}

  stop(): Promise<unknown> {
    return Promise.all([this.sandbox.stop(), this.cloud.sandbox.stop()]);
  }

  /** The same as xmlCall, on the Cloud pod (`p` starts with `/sites/{cloud site}` or `/`). */
  cloudCall(method: string, p: string, body?: string): Promise<Reply> {
    return call(this.cloud.sandbox, method, p, {
      xml: true,
      token: this.cloud.s.token,
      rawBody: body,
    });
  }

  cloudSite(): string {
    return `/sites/${this.cloud.s.siteId}`;
  }

  xmlCall(method: string, p: string, body?: string, version?: string): Promise<Reply> {
    return call(this.sandbox, method, p, {
      xml: true,
      token: this.ids.s.token,
      rawBody: body,
      version,
    });
  }

  site(): string {
    return `/sites/${this.ids.s.siteId}`;
  }

  unique(base: string): string {
    return `${base} ${++this.counter}`;
  }

  async freshUser(): Promise<string> {
    const name = this.unique('fixture.user').replace(' ', '');
    const res = await this.xmlCall(
      'POST',
      `${this.site()}/users`,
      `<tsRequest><user name="${name}" siteRole="Viewer"/></tsRequest>`,
    );
    return res.body.tsResponse.user.id;
  }

  /**
   * Publishes with a multipart/mixed body: the XML request_payload and a file part holding the
   * sample file of the type the query names (the sandbox reads what is published).
   */
  publish(p: string, payload: string, filePart?: string): Promise<Reply> {
    const b = 'sandbox-boundary';
    const parts = [
      Buffer.from(
        `--${b}\r\nContent-Disposition: name="request_payload"\r\nContent-Type: text/xml\r\n\r\n${payload}\r\n`,
      ),
    ];
    if (filePart) {
      const type = /(?:workbook|datasource|flow)Type=(\w+)/.exec(p)?.[1] ?? 'twbx';
      const name = SAMPLE_FOR_TYPE[type];
      parts.push(
        Buffer.from(
          `--${b}\r\nContent-Disposition: name="${filePart}"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        readFileSync(path.join(REFERENCE, 'samples', name)),
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${b}--\r\n`));
    return call(this.sandbox, 'POST', `${this.site()}${p}`, {
      xml: true,
      token: this.ids.s.token,
      rawBody: Buffer.concat(parts),
      contentType: `multipart/mixed; boundary=${b}`,
    });
  }

  /** An element of a capture, sent back as a request (the capture's own settings). */
  fragment(fixture: string, name: string): string {
    const text = readFileSync(path.join(ASSETS, fixture), 'utf8');
    const found = new RegExp(`<${name}[\\s\\S]*?</${name}>|<${name}[^>]*/>`).exec(text)?.[0];
    if (!found) throw new Error(`${fixture} has no <${name}>`);
    return found;
  }

  /** Recreates a capture's schedule (its frequency details) and returns the new id. */
  async scheduleLike(fixture: string): Promise<string> {
    const details = this.fragment(fixture, 'frequencyDetails');
    const res = await this.xmlCall(
      'POST',
      '/schedules',
      `<tsRequest><schedule name="${this.unique('Fixture')}" priority="50" type="Extract" frequency="Daily" executionOrder="Parallel">${details}</schedule></tsRequest>`,
    );
    return res.body.tsResponse.schedule.id;
  }

  permissionsBody(grantee: 'user' | 'group', id: string, capability = 'Read'): string {
    return `<tsRequest><permissions><granteeCapabilities><${grantee} id="${id}"/><capabilities><capability name="${capability}" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`;
  }
}

/** Starts a sandbox with a test-driven job clock and picks content the cases work on. */
export async function openFixtureContext(): Promise<FixtureContext> {
  let now = Date.now();
  const sandbox = await startSandbox({ port: 0 }, { clock: () => now, jobDurationMs: 4000 });
  const cloudSandbox = await startSandbox({ port: 0, cloud: true });
  const cloud = { sandbox: cloudSandbox, s: await signIn(cloudSandbox) };
  const advance = (ms: number) => {
    now += ms;
  };
  const s = await signIn(sandbox);
  const json = (p: string) => call(sandbox, 'GET', p, { token: s.token }).then((r) => r.body);
  const base = `/sites/${s.siteId}`;
  const workbooks = (await json(`${base}/workbooks?filter=hasExtracts:eq:true&pageSize=5`))
    .workbooks.workbook;
  const datasource = (await json(`${base}/datasources?pageSize=1`)).datasources.datasource[0];
  const users = (await json(`${base}/users?filter=siteRole:eq:Creator&pageSize=2`)).users.user;
  const groups: Array<{ id: string; name: string }> = (await json(`${base}/groups?pageSize=3`))
    .groups.group;
  const tasks = (await json(`${base}/tasks/extractRefreshes`)).tasks.task;
  const jobs: Array<{ id: string; status: string; subtitle: string }> = (
    await json(`${base}/jobs?pageSize=1000`)
  ).backgroundJobs.backgroundJob;
  const workbookJob = (status: string) =>
    jobs.find((j) => j.status === status && j.subtitle === 'Workbook') ?? jobs[0];
  const schedules: Array<{ id: string; type: string }> = (await json('/schedules?pageSize=1000'))
    .schedules.schedule;
  const connections = (await json(`${base}/datasources/${datasource.id}/connections`)).connections
    .connection;
  return new FixtureContext(
    sandbox,
    {
      s,
      project: (await json(`${base}/projects?filter=topLevelProject:eq:true&pageSize=2`)).projects
        .project[1].id,
      nestedProject: (await json(`${base}/projects?filter=topLevelProject:eq:false&pageSize=1`))
        .projects.project[0].id,
      workbook: workbooks[0].id,
      workbookName: workbooks[0].name,
      view: (await json(`${base}/workbooks/${workbooks[0].id}/views`)).views.view[0].id,
      datasource: datasource.id,
      extractDatasource: (await json(`${base}/datasources?filter=hasExtracts:eq:true&pageSize=1`))
        .datasources.datasource[0].id,
      liveDatasource: (await json(`${base}/datasources?filter=hasExtracts:eq:false&pageSize=1`))
        .datasources.datasource[0].id,
      group: groups.find((g) => g.name !== 'All Users')!.id,
      user: users[0].id,
      schedule: schedules[0].id,
      subscriptionSchedule: schedules.find((x) => x.type === 'Subscription')!.id,
      flowSchedule: schedules.find((x) => x.type === 'Flow')!.id,
      task: tasks[0].extractRefresh.id,
      job: workbookJob('Success').id,
      failedJob: workbookJob('Failed').id,
      connection: connections[0].id,
    },
    advance,
    cloud,
  );
}

/** Runs every case in order (they share one sandbox) and keeps the answers by name. */
export async function runCases(cases: FixtureCases): Promise<Map<string, Reply>> {
  const answers = new Map<string, Reply>();
  for (const [name, run] of Object.entries(cases)) answers.set(name, await run());
  return answers;
}
