/** Fixture → equivalent sandbox call, for custom views, group sets, flows, linked tasks. */
import type { FixtureCases, FixtureContext } from './fixture-context';
import { call } from './test-support';

async function firstId(c: FixtureContext, path: string, list: string, item: string) {
  const res = await call(c.sandbox, 'GET', `${c.site()}${path}`, { token: c.ids.s.token });
  return res.body[list][item][0].id as string;
}

export function extraCases(c: FixtureContext): FixtureCases {
  const cv = () => firstId(c, '/customviews?filter=shared:eq:true', 'customViews', 'customView');
  const flow = () => firstId(c, '/flows?pageSize=1', 'flows', 'flow');
  const groupSet = () => firstId(c, '/groupsets', 'groupSets', 'groupSet');
  const linked = () => firstId(c, '/tasks/linked', 'linkedTasks', 'linkedTasks');
  const runFlow = async () =>
    c.xmlCall('POST', `${c.site()}/flows/${await flow()}/run`, '<tsRequest/>');
  return {
    'custom_view_get.xml': () => c.xmlCall('GET', `${c.site()}/customviews`),
    'custom_view_get_id.xml': async () => c.xmlCall('GET', `${c.site()}/customviews/${await cv()}`),
    'custom_view_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/customviews/${await cv()}`,
        '<tsRequest><customView name="Best test ever"/></tsRequest>',
      ),
    'groupsets_create.xml': () =>
      c.xmlCall(
        'POST',
        `${c.site()}/groupsets`,
        `<tsRequest><groupSet name="${c.unique('Fixture set')}"/></tsRequest>`,
      ),
    'groupsets_get.xml': () => c.xmlCall('GET', `${c.site()}/groupsets`),
    'groupsets_get_by_id.xml': async () =>
      c.xmlCall('GET', `${c.site()}/groupsets/${await groupSet()}`),
    'groupsets_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/groupsets/${await groupSet()}`,
        `<tsRequest><groupSet name="${c.unique('Renamed set')}"/></tsRequest>`,
      ),
    'linked_tasks_get.xml': () => c.xmlCall('GET', `${c.site()}/tasks/linked`),
    'linked_tasks_run_now.xml': async () =>
      c.xmlCall('POST', `${c.site()}/tasks/linked/${await linked()}/runNow`, '<tsRequest/>'),
    'data_acceleration_report.xml': () => c.xmlCall('GET', `${c.site()}/dataAccelerationReport`),
    'flow_get.xml': () =>
      c.xmlCall('GET', `${c.site()}/flows?filter=tags:in:[certified,finance,sales,kpi]`),
    'flow_get_by_id.xml': async () => {
      const id = await flow();
      await c.xmlCall(
        'PUT',
        `${c.site()}/flows/${id}/tags`,
        '<tsRequest><tags><tag label="tagged"/></tags></tsRequest>',
      );
      return c.xmlCall('GET', `${c.site()}/flows/${id}`);
    },
    'flow_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/flows/${await flow()}`,
        '<tsRequest><flow description="So fun to see"/></tsRequest>',
      ),
    'flow_populate_connections.xml': async () =>
      c.xmlCall('GET', `${c.site()}/flows/${await flow()}/connections`),
    'flow_refresh.xml': runFlow,
    'flow_runs_get.xml': async () => {
      await runFlow();
      return c.xmlCall('GET', `${c.site()}/flows/runs`);
    },
    'flow_runs_get_by_id.xml': async () => {
      await runFlow();
      const runs = await call(c.sandbox, 'GET', `${c.site()}/flows/runs`, { token: c.ids.s.token });
      c.advance(5000);
      return c.xmlCall('GET', `${c.site()}/flows/runs/${runs.body.flowRuns.flowRuns[0].id}`);
    },
    'flow_runs_get_by_id_inprogress.xml': async () => {
      const job = (await runFlow()).body.tsResponse.job;
      c.advance(2000);
      return c.xmlCall('GET', `${c.site()}/flows/runs/${job.runFlowJobType.flowRunId}`);
    },
  };
}
