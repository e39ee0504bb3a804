/**
 * Fidelity against real Tableau Server captures (TSC `test/assets`, in ../shared/reference).
 * For each fixture whose method the sandbox implements, the equivalent call is made and the
 * XML shapes compared: every element path of the capture, and every attribute on it, must
 * appear in the sandbox's answer (values differ; extra sandbox attributes are reported).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from './index';
import { call, compareShapes, signIn, xmlShape, type SignedIn } from './test-support';

const repoRoot = path.resolve(__dirname, '..');
const REFERENCE = path.resolve(repoRoot, '..', 'shared', 'reference');
const ASSETS = path.join(REFERENCE, 'tsc-assets');
const XSD = path.join(REFERENCE, 'ts-api_3_29.xsd');
const XMLLINT = '/usr/bin/xmllint';

/** Families the sandbox does not implement at all; their fixtures are out of scope. */
const OTHER_FAMILIES = [
  /^custom_view/, /^data_alerts/, /^database_/, /^table_/, /^dqw_/, /^extensions_/, /^fileupload_/,
  /^flow_/, /^linked_tasks/, /^groupsets_/, /^metrics_/, /^oidc_/, /^subscription_/, /^virtual_connection/,
  /^webhook_/, /^odata_/, /^data_acceleration_report/, /^metadata_/, /\.json$/,
];

/** Fixtures of implemented families that the sandbox does not reproduce, and why. */
const EXCEPTIONS: Record<string, string> = {
  'server_info_auth_info.xml': 'legacy pre-2.4 `GET /auth` document (not a tsResponse); only older servers',
  'users_bulk_add_job.xml': 'bulk user import from CSV (multipart) is not implemented',
  'group_create_ad.xml': 'Active Directory group import needs a directory; only local groups exist',
  'group_create_async.xml': 'AD import as a job (hand-made placeholder fixture)',
  'group_update_async.xml': 'AD group sync as a job',
  'workbook_get_by_id_personal.xml': 'personal spaces are not modelled: every workbook has a project',
  'workbook_publish.xml': 'publishing (multipart upload) is not implemented',
  'workbook_publish_async.xml': 'publishing (multipart upload) is not implemented',
  'workbook_update_connections.xml': 'bulk Update Workbook Connections (3.x list form) is not implemented',
  'workbook_get_by_id_acceleration_status.xml': 'data acceleration (retired feature) is not modelled',
  'workbook_update_acceleration_status.xml': 'data acceleration (retired feature) is not modelled',
  'workbook_update_views_acceleration_status.xml': 'data acceleration (retired feature) is not modelled',
  'datasource_get_by_id.xml': '`askData` (retired Ask Data) is absent from the 3.29 XSD, so not sent',
  'datasource_get_no_owner.xml': 'every generated data source has an owner and a project',
  'datasource_publish.xml': 'publishing (multipart upload) is not implemented',
  'datasource_publish_async.xml': 'publishing (multipart upload) is not implemented',
  'datasource_connections_update.xml': 'bulk Update Data Source Connections is not implemented',
  'datasource_data_update.xml': 'hyper Update Data (PATCH with upload) is not implemented',
  'job_get_by_id_failed.xml': 'updateUploadedFileJob (hyper Update Data) jobs are not produced',
  'job_get_by_id_inprogress.xml': 'updateUploadedFileJob (hyper Update Data) jobs are not produced',
  'job_get_by_id.xml': 'hand-edited capture (mode="job-mode") with a user-import statusNote on an extract job; the XSD allows only user-import note types',
  'job_get_by_id_completed.xml': 'same hand-edited capture as job_get_by_id.xml (statusNote of a user import on an extract job)',
  'favorites_get.xml': 'collections (3.23+) are not modelled, so no <collection> favorite',
  'schedule_add_workbook.xml': 'materializeView (data acceleration) tasks are not modelled',
  'schedule_add_workbook_with_warnings.xml': 'data acceleration tasks and warnings are not modelled',
  'schedule_add_flow.xml': 'flows are not implemented',
  'schedule_batch_update_state.xml': 'Batch Update Schedule State is not implemented',
  'schedule_create_weekly.xml': 'the <warnings> block for Weekly schedules is not produced',
  'tasks_with_interval.xml': 'Cloud-style inline task schedules are not modelled (Server schedules only)',
  'tasks_with_dataacceleration_task.xml': 'data acceleration tasks are not modelled',
  'tasks_create_extract_task.xml': 'Create Cloud Extract Refresh Task is not implemented',
  'tasks_create_flow_task.xml': 'flows are not implemented',
};

interface Ids {
  s: SignedIn;
  project: string;
  nestedProject: string;
  workbookName: string;
  workbook: string;
  view: string;
  datasource: string;
  group: string;
  user: string;
  schedule: string;
  task: string;
  job: string;
  failedJob: string;
  connection: string;
}

let sandbox: RunningSandbox;
let ids: Ids;
const xmlCall = (method: string, p: string, body?: string, version?: string) =>
  call(sandbox, method, p, { xml: true, token: ids.s.token, rawBody: body, version });
const site = () => `/sites/${ids.s.siteId}`;
let counter = 0;
const unique = (base: string) => `${base} ${++counter}`;

async function freshUser(): Promise<string> {
  const res = await xmlCall('POST', `${site()}/users`, `<tsRequest><user name="${unique('fixture.user').replace(' ', '')}" siteRole="Viewer"/></tsRequest>`);
  return res.body.tsResponse.user.id;
}

/** An element of a capture, sent back as a request (the captures' own settings). */
function fragment(fixture: string, name: string): string {
  const text = readFileSync(path.join(ASSETS, fixture), 'utf8');
  const found = new RegExp(`<${name}[\\s\\S]*?</${name}>|<${name}[^>]*/>`).exec(text)?.[0];
  if (!found) throw new Error(`${fixture} has no <${name}>`);
  return found;
}

async function scheduleLike(fixture: string): Promise<string> {
  // Recreate the capture's own frequency details, then read the schedule back.
  const details = fragment(fixture, 'frequencyDetails');
  const res = await xmlCall(
    'POST',
    '/schedules',
    `<tsRequest><schedule name="${unique('Fixture')}" priority="50" type="Extract" frequency="Daily" executionOrder="Parallel">${details}</schedule></tsRequest>`,
  );
  return res.body.tsResponse.schedule.id;
}

const permissionsBody = (grantee: 'user' | 'group', id: string, capability = 'Read') =>
  `<tsRequest><permissions><granteeCapabilities><${grantee} id="${id}"/><capabilities><capability name="${capability}" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`;

/** Fixture → the equivalent sandbox call (XML in, XML out). */
const CASES: Record<string, () => Promise<{ text: string; status: number }>> = {
  'auth_sign_in.xml': () => call(sandbox, 'POST', '/auth/signin', { xml: true, rawBody: '<tsRequest><credentials name="admin" password="trestle"><site contentUrl="marketing"/></credentials></tsRequest>' }),
  'auth_sign_in_impersonate.xml': () => call(sandbox, 'POST', '/auth/signin', { xml: true, rawBody: `<tsRequest><credentials name="admin" password="trestle"><site contentUrl=""/><user id="${ids.user}"/></credentials></tsRequest>` }),
  'auth_sign_in_error.xml': () => call(sandbox, 'POST', '/auth/signin', { xml: true, rawBody: '<tsRequest><credentials name="admin" password="wrong"><site contentUrl=""/></credentials></tsRequest>' }),
  'server_info_get.xml': () => call(sandbox, 'GET', '/serverinfo', { xml: true }),
  'server_info_25.xml': () => call(sandbox, 'GET', '/api/2.5/serverInfo', { xml: true }),
  'server_info_404.xml': () => call(sandbox, 'GET', '/api/2.3/serverInfo', { xml: true }),
  'site_get.xml': () => xmlCall('GET', '/sites'),
  'site_get_by_id.xml': () => xmlCall('GET', `/sites/${ids.s.siteId}`),
  'site_get_by_name.xml': () => xmlCall('GET', '/sites/Default?key=name'),
  'site_create.xml': () => xmlCall('POST', '/sites', `<tsRequest><site name="${unique('Site')}" contentUrl="site${++counter}"/></tsRequest>`),
  'site_update.xml': () => xmlCall('PUT', `/sites/${ids.s.siteId}`, '<tsRequest><site revisionLimit="30"/></tsRequest>'),
  'project_get.xml': () => xmlCall('GET', `${site()}/projects`),
  'project_get_all_fields.xml': () => xmlCall('GET', `${site()}/projects?fields=_all_`),
  'project_create.xml': () => xmlCall('POST', `${site()}/projects`, `<tsRequest><project name="${unique('P')}" parentProjectId="${ids.project}" contentPermissions="ManagedByOwner" description="d"/></tsRequest>`),
  'project_update.xml': () => xmlCall('PUT', `${site()}/projects/${ids.nestedProject}`, '<tsRequest><project description="updated"/></tsRequest>'),
  'project_content_permission.xml': () => xmlCall('PUT', `${site()}/projects/${ids.nestedProject}`, '<tsRequest><project contentPermissions="LockedToProject"/></tsRequest>'),
  'project_populate_permissions.xml': () => xmlCall('GET', `${site()}/projects/${ids.project}/permissions`),
  'project_populate_workbook_default_permissions.xml': () => xmlCall('GET', `${site()}/projects/${ids.project}/default-permissions/workbooks`),
  'project_populate_virtualconnection_default_permissions.xml': () => xmlCall('GET', `${site()}/projects/${ids.project}/default-permissions/virtualConnections`),
  'project_update_datasource_default_permissions.xml': () => xmlCall('PUT', `${site()}/projects/${ids.project}/default-permissions/datasources`, permissionsBody('group', ids.group, 'Connect')),
  'project_update_virtualconnection_default_permissions.xml': () => xmlCall('PUT', `${site()}/projects/${ids.project}/default-permissions/virtualconnections`, permissionsBody('group', ids.group)),
  'user_get.xml': () => xmlCall('GET', `${site()}/users`),
  'user_get_all_fields.xml': () => xmlCall('GET', `${site()}/users?fields=_all_`),
  'user_get_by_id.xml': () => xmlCall('GET', `${site()}/users/${ids.user}`),
  'user_get_empty.xml': () => xmlCall('GET', `${site()}/users?filter=name:eq:nobody-at-all`),
  'user_add.xml': () => xmlCall('POST', `${site()}/users`, `<tsRequest><user name="${unique('new').replace(' ', '')}" siteRole="Explorer" authSetting="SAML"/></tsRequest>`),
  'user_update.xml': () => xmlCall('PUT', `${site()}/users/${ids.user}`, '<tsRequest><user fullName="Renamed User" email="r@example.com"/></tsRequest>'),
  'user_populate_groups.xml': () => xmlCall('GET', `${site()}/users/${ids.user}/groups`),
  'user_populate_workbooks.xml': async () => {
    const owner = (await call(sandbox, 'GET', `${site()}/workbooks/${ids.workbook}`, { token: ids.s.token })).body.workbook.owner.id;
    return xmlCall('GET', `${site()}/users/${owner}/workbooks`);
  },
  'user_add_favorite.xml': async () => {
    const user = await freshUser();
    await xmlCall('PUT', `${site()}/favorites/${user}`, `<tsRequest><favorite label="wb"><workbook id="${ids.workbook}"/></favorite></tsRequest>`);
    return xmlCall('PUT', `${site()}/favorites/${user}`, `<tsRequest><favorite label="v"><view id="${ids.view}"/></favorite></tsRequest>`);
  },
  'group_get.xml': () => xmlCall('GET', `${site()}/groups`),
  'group_get_all_fields.xml': () => xmlCall('GET', `${site()}/groups?fields=_all_`),
  'group_create.xml': () => xmlCall('POST', `${site()}/groups`, `<tsRequest><group name="${unique('G')}" minimumSiteRole="ExplorerCanPublish"/></tsRequest>`),
  'group_update.xml': () => xmlCall('PUT', `${site()}/groups/${ids.group}`, '<tsRequest><group minimumSiteRole="ExplorerCanPublish"/></tsRequest>'),
  'group_add_user.xml': async () => xmlCall('POST', `${site()}/groups/${ids.group}/users`, `<tsRequest><user id="${await freshUser()}"/></tsRequest>`),
  'group_add_users.xml': async () => xmlCall('POST', `${site()}/groups/${ids.group}/users`, `<tsRequest><users><user id="${await freshUser()}"/><user id="${await freshUser()}"/></users></tsRequest>`, '3.21'),
  'group_users_added.xml': () => xmlCall('GET', `${site()}/groups/${ids.group}/users`),
  'group_populate_users.xml': () => xmlCall('GET', `${site()}/groups/${ids.group}/users`),
  'group_populate_users_empty.xml': async () => {
    const g = await xmlCall('POST', `${site()}/groups`, `<tsRequest><group name="${unique('Empty')}"/></tsRequest>`);
    return xmlCall('GET', `${site()}/groups/${g.body.tsResponse.group.id}/users`);
  },
  'workbook_get.xml': () => xmlCall('GET', `${site()}/workbooks?filter=tags:in:[certified,finance,sales,kpi]`),
  'workbook_get_all_fields.xml': () => xmlCall('GET', `${site()}/workbooks?fields=_all_`),
  'workbook_get_by_id.xml': async () => {
    await xmlCall('PUT', `${site()}/workbooks/${ids.workbook}/tags`, '<tsRequest><tags><tag label="tagged"/></tags></tsRequest>');
    return xmlCall('GET', `${site()}/workbooks/${ids.workbook}`);
  },
  'workbook_get_empty.xml': () => xmlCall('GET', `${site()}/workbooks?filter=name:eq:none-such`),
  'workbook_get_invalid_date.xml': () => xmlCall('GET', `${site()}/workbooks?filter=tags:in:[certified]`),
  'workbook_get_page_1.xml': () => xmlCall('GET', `${site()}/workbooks?pageSize=2&pageNumber=1`),
  'workbook_get_page_2.xml': () => xmlCall('GET', `${site()}/workbooks?filter=tags:in:[certified]&pageSize=2&pageNumber=2`),
  'workbook_get_page_3.xml': () => xmlCall('GET', `${site()}/workbooks?pageSize=2&pageNumber=3`),
  'workbook_populate_connections.xml': () => xmlCall('GET', `${site()}/workbooks/${ids.workbook}/connections`),
  'workbook_populate_permissions.xml': () => xmlCall('GET', `${site()}/workbooks/${ids.workbook}/permissions`),
  'workbook_populate_views.xml': () => xmlCall('GET', `${site()}/workbooks/${ids.workbook}/views`),
  'workbook_populate_views_usage.xml': () => xmlCall('GET', `${site()}/workbooks/${ids.workbook}/views?includeUsageStatistics=true`),
  'workbook_refresh.xml': () => xmlCall('POST', `${site()}/workbooks/${ids.workbook}/refresh`, '<tsRequest/>'),
  'workbook_add_tags.xml': () => xmlCall('PUT', `${site()}/workbooks/${ids.workbook}/tags`, '<tsRequest><tags><tag label="a"/><tag label="b"/></tags></tsRequest>'),
  'workbook_update.xml': () => xmlCall('PUT', `${site()}/workbooks/${ids.workbook}`, '<tsRequest><workbook showTabs="true"/></tsRequest>'),
  'workbook_update_permissions.xml': async () => {
    await xmlCall('PUT', `${site()}/workbooks/${ids.workbook}/permissions`, permissionsBody('user', ids.user));
    return xmlCall('PUT', `${site()}/workbooks/${ids.workbook}/permissions`, permissionsBody('group', ids.group).replace('</permissions>', `<granteeCapabilities><user id="${ids.user}"/><capabilities><capability name="Write" mode="Deny"/></capabilities></granteeCapabilities></permissions>`));
  },
  'view_get.xml': () => xmlCall('GET', `${site()}/views?filter=tags:in:[certified,finance,sales,kpi,draft,ops]`),
  'view_get_all_fields.xml': () => xmlCall('GET', `${site()}/views?fields=_all_`),
  'view_get_id.xml': async () => {
    await xmlCall('PUT', `${site()}/views/${ids.view}/tags`, '<tsRequest><tags><tag label="t"/></tags></tsRequest>');
    return xmlCall('GET', `${site()}/views/${ids.view}`);
  },
  'view_get_id_usage.xml': () => xmlCall('GET', `${site()}/views/${ids.view}?includeUsageStatistics=true`),
  'view_get_usage.xml': () => xmlCall('GET', `${site()}/views?includeUsageStatistics=true&filter=tags:in:[certified,finance,sales,kpi,draft,ops]`),
  'view_add_tags.xml': () => xmlCall('PUT', `${site()}/views/${ids.view}/tags`, '<tsRequest><tags><tag label="x"/></tags></tsRequest>'),
  'view_populate_permissions.xml': () => xmlCall('GET', `${site()}/views/${ids.view}/permissions`),
  'view_update_permissions.xml': () => xmlCall('PUT', `${site()}/views/${ids.view}/permissions`, permissionsBody('group', ids.group).replace('</permissions>', `<granteeCapabilities><user id="${ids.user}"/><capabilities><capability name="Filter" mode="Allow"/></capabilities></granteeCapabilities></permissions>`)),
  'datasource_get.xml': () => xmlCall('GET', `${site()}/datasources?filter=tags:in:[certified,finance,sales,kpi]`),
  'datasource_get_all_fields.xml': () => xmlCall('GET', `${site()}/datasources?fields=_all_`),
  'datasource_get_empty.xml': () => xmlCall('GET', `${site()}/datasources?filter=name:eq:none-such`),
  'datasource_add_tags.xml': () => xmlCall('PUT', `${site()}/datasources/${ids.datasource}/tags`, '<tsRequest><tags><tag label="a"/></tags></tsRequest>'),
  'datasource_connection_update.xml': () => xmlCall('PUT', `${site()}/datasources/${ids.datasource}/connections/${ids.connection}`, '<tsRequest><connection serverAddress="db.example.com" serverPort="5432" userName="u"/></tsRequest>'),
  'datasource_populate_connections.xml': () => xmlCall('GET', `${site()}/datasources/${ids.datasource}/connections`),
  'datasource_populate_permissions.xml': async () => {
    await xmlCall('PUT', `${site()}/datasources/${ids.datasource}/permissions`, permissionsBody('user', ids.user));
    return xmlCall('GET', `${site()}/datasources/${ids.datasource}/permissions`);
  },
  'datasource_refresh.xml': () => xmlCall('POST', `${site()}/datasources/${ids.datasource}/refresh`, '<tsRequest/>'),
  'datasource_update.xml': () => xmlCall('PUT', `${site()}/datasources/${ids.datasource}`, '<tsRequest><datasource isCertified="true" certificationNote="ok"/></tsRequest>'),
  'favorites_add_workbook.xml': async () => xmlCall('PUT', `${site()}/favorites/${await freshUser()}`, `<tsRequest><favorite label="w"><workbook id="${ids.workbook}"/></favorite></tsRequest>`),
  'favorites_add_view.xml': async () => xmlCall('PUT', `${site()}/favorites/${await freshUser()}`, `<tsRequest><favorite label="v"><view id="${ids.view}"/></favorite></tsRequest>`),
  'favorites_add_datasource.xml': async () => xmlCall('PUT', `${site()}/favorites/${await freshUser()}`, `<tsRequest><favorite label="d"><datasource id="${ids.datasource}"/></favorite></tsRequest>`),
  'favorites_add_project.xml': async () => xmlCall('PUT', `${site()}/favorites/${await freshUser()}`, `<tsRequest><favorite label="p"><project id="${ids.project}"/></favorite></tsRequest>`),
  'job_get.xml': () => xmlCall('GET', `${site()}/jobs`),
  'job_get_by_id_failed_workbook.xml': () => xmlCall('GET', `${site()}/jobs/${ids.failedJob}`),
  'schedule_get.xml': () => xmlCall('GET', '/schedules'),
  'schedule_get_by_id.xml': () => xmlCall('GET', `/schedules/${ids.schedule}`),
  'schedule_get_empty.xml': () => xmlCall('GET', '/schedules?filter=name:eq:none-such'),
  'schedule_get_daily_id.xml': async () => xmlCall('GET', `/schedules/${await scheduleLike('schedule_get_daily_id.xml')}`),
  'schedule_get_hourly_id.xml': async () => xmlCall('GET', `/schedules/${await scheduleLike('schedule_get_hourly_id.xml')}`),
  'schedule_get_monthly_id.xml': async () => xmlCall('GET', `/schedules/${await scheduleLike('schedule_get_monthly_id.xml')}`),
  'schedule_get_monthly_id_2.xml': async () => xmlCall('GET', `/schedules/${await scheduleLike('schedule_get_monthly_id_2.xml')}`),
  'schedule_get_customized_monthly_id.xml': async () => xmlCall('GET', `/schedules/${await scheduleLike('schedule_get_customized_monthly_id.xml')}`),
  'schedule_create_daily.xml': () => xmlCall('POST', '/schedules', `<tsRequest><schedule name="${unique('D')}" type="Extract" frequency="Daily"><frequencyDetails start="01:00:00"/></schedule></tsRequest>`),
  'schedule_create_hourly.xml': async () => xmlCall('GET', `/schedules/${await scheduleLike('schedule_create_hourly.xml')}`),
  'schedule_create_monthly.xml': async () => xmlCall('GET', `/schedules/${await scheduleLike('schedule_create_monthly.xml')}`),
  'schedule_update.xml': () => xmlCall('PUT', `/schedules/${ids.schedule}`, '<tsRequest><schedule priority="40"><frequencyDetails start="07:00:00"><intervals><interval weekDay="Monday"/></intervals></frequencyDetails></schedule></tsRequest>'),
  'schedule_add_datasource.xml': () => xmlCall('PUT', `${site()}/schedules/${ids.schedule}/datasources`, `<tsRequest><task><extractRefresh><datasource id="${ids.datasource}"/></extractRefresh></task></tsRequest>`),
  'schedule_get_extract_refresh_tasks.xml': () => xmlCall('GET', `${site()}/schedules/${ids.schedule}/extracts`),
  'tasks_with_workbook.xml': () => xmlCall('GET', `${site()}/tasks/extractRefreshes`),
  'tasks_with_datasource.xml': () => xmlCall('GET', `${site()}/tasks/extractRefreshes`),
  'tasks_with_workbook_and_datasource.xml': () => xmlCall('GET', `${site()}/tasks/extractRefreshes`),
  'tasks_without_schedule.xml': () => xmlCall('GET', `${site()}/tasks/extractRefreshes`),
  'tasks_no_workbook_or_datasource.xml': () => xmlCall('GET', `${site()}/tasks/extractRefreshes`),
  'tasks_run_now_response.xml': () => xmlCall('POST', `${site()}/tasks/extractRefreshes/${ids.task}/runNow`, '<tsRequest/>'),
  'workbook_revision.xml': () => xmlCall('GET', `${site()}/workbooks/${ids.workbook}/revisions`),
  'datasource_revision.xml': () => xmlCall('GET', `${site()}/datasources/${ids.datasource}/revisions`),
  'site_auth_configurations.xml': () => xmlCall('GET', `${site()}/site-auth-configurations`),
  ...Object.fromEntries(
    ['', '2', '3', '4', '5', '6'].map((n) => [
      `workbook_update_data_freshness_policy${n}.xml`,
      () => xmlCall('PUT', `${site()}/workbooks/${ids.workbook}`, `<tsRequest><workbook>${fragment(`workbook_update_data_freshness_policy${n}.xml`, 'dataFreshnessPolicy')}</workbook></tsRequest>`),
    ]),
  ),
  'request_option_filter_equals.xml': () => xmlCall('GET', `${site()}/workbooks?filter=name:eq:${encodeURIComponent(ids.workbookName)}`),
  'request_option_filter_name_in.xml': () => xmlCall('GET', `${site()}/projects?filter=name:in:[Finance,Sales]`),
  'request_option_filter_tags_in.xml': () => xmlCall('GET', `${site()}/workbooks?filter=tags:in:[finance,sales]`),
  'request_option_page_number.xml': () => xmlCall('GET', `${site()}/views?pageNumber=3`),
  'request_option_page_size.xml': () => xmlCall('GET', `${site()}/views?pageSize=5`),
  'request_option_pagination.xml': () => xmlCall('GET', `${site()}/views?pageSize=5&pageNumber=2`),
  'request_option_slicing_queryset.xml': () => xmlCall('GET', `${site()}/views?pageSize=10&pageNumber=2`),
  'queryset_slicing_page_1.xml': () => xmlCall('GET', `${site()}/views?pageSize=10&pageNumber=1`),
  'queryset_slicing_page_2.xml': () => xmlCall('GET', `${site()}/views?pageSize=10&pageNumber=2`),
};

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 }, { jobDurationMs: 0 });
  const s = await signIn(sandbox);
  const json = (p: string) => call(sandbox, 'GET', p, { token: s.token }).then((r) => r.body);
  const base = `/sites/${s.siteId}`;
  const workbooks = (await json(`${base}/workbooks?filter=hasExtracts:eq:true&pageSize=5`)).workbooks.workbook;
  const datasource = (await json(`${base}/datasources?pageSize=1`)).datasources.datasource[0];
  const users = (await json(`${base}/users?filter=siteRole:eq:Creator&pageSize=2`)).users.user;
  const groups = (await json(`${base}/groups?pageSize=3`)).groups.group;
  const tasks = (await json(`${base}/tasks/extractRefreshes`)).tasks.task;
  const jobs = (await json(`${base}/jobs?pageSize=1000`)).backgroundJobs.backgroundJob;
  const connections = (await json(`${base}/datasources/${datasource.id}/connections`)).connections.connection;
  ids = {
    s,
    project: (await json(`${base}/projects?filter=topLevelProject:eq:true&pageSize=2`)).projects.project[1].id,
    nestedProject: (await json(`${base}/projects?filter=topLevelProject:eq:false&pageSize=1`)).projects.project[0].id,
    workbook: workbooks[0].id,
    workbookName: workbooks[0].name,
    view: (await json(`${base}/workbooks/${workbooks[0].id}/views`)).views.view[0].id,
    datasource: datasource.id,
    group: groups.find((g: { name: string }) => g.name !== 'All Users').id,
    user: users[0].id,
    schedule: (await json('/schedules')).schedules.schedule[0].id,
    task: tasks[0].extractRefresh.id,
    job: jobs.find((j: { status: string; subtitle: string }) => j.status === 'Success' && j.subtitle === 'Workbook').id,
    failedJob: (jobs.find((j: { status: string; subtitle: string }) => j.status === 'Failed' && j.subtitle === 'Workbook') ?? jobs[0]).id,
    connection: connections[0].id,
  };
});
afterAll(() => sandbox.stop());

/** Extra sandbox answers validated against the XSD besides the fixture equivalents. */
const XSD_EXTRAS: Record<string, () => Promise<{ text: string; status: number }>> = {
  'error-401000': () => call(sandbox, 'GET', `${site()}/users`, { xml: true }),
  'error-400006': () => xmlCall('GET', `${site()}/users?pageNumber=999`),
  'error-403014': () => xmlCall('GET', `${site()}/users?pageSize=1001`),
  'error-404-workbook': () => xmlCall('GET', `${site()}/workbooks/00000000-0000-0000-0000-000000000000`),
  'error-405000': () => xmlCall('DELETE', `${site()}/users`),
  'error-400065': () => xmlCall('GET', `${site()}/users?filter=shoeSize:eq:9`),
  'job-get-by-id-success': () => xmlCall('GET', `${site()}/jobs/${ids.job}`),
  'sessions-current': () => xmlCall('GET', '/sessions/current'),
  'switch-site': async () => {
    const other = await signIn(sandbox);
    return call(sandbox, 'POST', '/auth/switchSite', { xml: true, token: other.token, rawBody: '<tsRequest><site contentUrl="marketing"/></tsRequest>' });
  },
  'job-cancel': async () => {
    const job = await xmlCall('POST', `${site()}/datasources/${ids.datasource}/refresh`, '<tsRequest/>');
    return xmlCall('PUT', `${site()}/jobs/${job.body.tsResponse.job.id}`);
  },
  'views-all-usage': () => xmlCall('GET', `${site()}/views?fields=_all_&includeUsageStatistics=true&pageSize=20`),
  'workbooks-default': () => xmlCall('GET', `${site()}/workbooks?pageSize=50`),
  'users-explicit-fields': () => xmlCall('GET', `${site()}/users?fields=id,name,lastLogin&pageSize=5`),
  'tasks-get-one': () => xmlCall('GET', `${site()}/tasks/extractRefreshes/${ids.task}`),
  'schedule-extracts': () => xmlCall('GET', `${site()}/schedules/${ids.schedule}/extracts`),
};

/** XSD 3.29 findings on sandbox answers that follow the captures instead (capture wins). */
const XSD_QUIRKS: Array<{ pattern: RegExp; reason: string }> = [
  {
    pattern: /restApiVersion.*(not accepted by the pattern|not expected\. Expected is \( \{http:\/\/tableau\.com\/api\}prepConductorVersion)/,
    reason: 'serverInfo: captures hold only productVersion + restApiVersion; the XSD requires prepConductorVersion etc. and gives restApiVersion a build-number pattern (tableau-api.md §13)',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}site', attribute '(numUsers|storage|isDataAlertsEnabled|materializedViewsEnabled)'/,
    reason: 'site: captures (site_get*.xml, site_update.xml) carry numUsers, storage, isDataAlertsEnabled, materializedViewsEnabled as attributes; 3.29 dropped or moved them',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}(views|backgroundJobs)': This element is not expected/,
    reason: 'views and backgroundJobs lists are paginated in the captures (view_get.xml, job_get.xml) but absent from the XSD paginatedResponseGroup',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}(users|extracts)': This element is not expected\. Expected is one of \( \{http:\/\/tableau\.com\/api\}pagination/,
    reason: 'group_add_users.xml and schedule_get_extract_refresh_tasks.xml captures list users/extracts without <pagination>; the XSD only allows them paginated',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}(workbook|datasource)': This element is not expected\. Expected is \( \{http:\/\/tableau\.com\/api\}notes \)/,
    reason: 'a new refresh job has <extractRefreshJob> without <notes>, as in workbook_refresh.xml / datasource_refresh.xml; the XSD requires notes',
  },
  {
    pattern: /interval', attribute 'monthDay': '(First|Customized Monthly)'/,
    reason: 'monthDay "First" / "Customized Monthly" come from the captures schedule_get_monthly_id_2.xml / schedule_get_customized_monthly_id.xml',
  },
  {
    pattern: /freshAtSchedule': Missing child element|interval', attribute 'weekDay': .*'(MONDAY|WEDNESDAY)'/,
    reason: 'dataFreshnessPolicy is echoed as sent; the captures (workbook_update_data_freshness_policy4/5.xml) send upper-case weekDay and a daily freshAtSchedule without intervals',
  },
  {
    pattern: /'\{http:\/\/tableau\.com\/api\}group', attribute '(siteRole|grantLicenseMode)'/,
    reason: 'group_create.xml capture names the grant-on-login role `siteRole`/`grantLicenseMode` on <group>',
  },
  {
    pattern: /import', attribute 'source'|import': The attribute 'source' is required/,
    reason: 'group_update.xml capture has <import> without the `source` the XSD requires',
  },
];

const responses = new Map<string, { text: string; status: number }>();

describe('fidelity to captured Tableau responses', () => {
  beforeAll(async () => {
    for (const [name, run] of Object.entries({ ...CASES, ...XSD_EXTRAS })) responses.set(name, await run());
  });

  it('reproduces the shape of every capture of the implemented families', () => {
    const fixtures = readdirSync(ASSETS).filter((f) => !OTHER_FAMILIES.some((re) => re.test(f)));
    const rows: string[] = [];
    let matched = 0;
    const failures: string[] = [];
    for (const fixture of fixtures.sort()) {
      const res = responses.get(fixture);
      if (!res) {
        rows.push(`  - ${fixture}: ${EXCEPTIONS[fixture] ?? 'NO CASE AND NO EXCEPTION'}`);
        if (!EXCEPTIONS[fixture]) failures.push(`${fixture}: no case`);
        continue;
      }
      const { missing, extra } = compareShapes(xmlShape(readFileSync(path.join(ASSETS, fixture), 'utf8')), xmlShape(res.text));
      if (missing.length === 0) {
        matched++;
        if (extra.length > 0) rows.push(`  + ${fixture} (sandbox adds ${extra.join(', ')})`);
      } else {
        failures.push(`${fixture} [${res.status}] lacks ${missing.join(', ')}`);
      }
    }
    console.log(`fidelity: ${matched}/${fixtures.length} captures of implemented families matched\n${rows.join('\n')}`);
    expect(failures).toEqual([]);
    expect(matched + Object.keys(EXCEPTIONS).length).toBe(fixtures.length);
  });

  it('validates every sandbox XML answer against ts-api_3_29.xsd, except documented quirks', () => {
    if (!existsSync(XMLLINT)) {
      throw new Error(`${XMLLINT} is missing: install Debian's libxml2-utils to run the XSD validation`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'sandbox-xsd-'));
    const files: string[] = [];
    for (const [name, res] of responses) {
      if (!res.text) continue;
      const file = path.join(dir, `${name.replace(/\.xml$/, '')}.xml`);
      writeFileSync(file, res.text);
      files.push(file);
    }
    const run = spawnSync(XMLLINT, ['--noout', '--schema', XSD, ...files], { encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    const errorLines = run.stderr.split('\n').filter((l) => l.includes('validity error') || l.includes('Schemas validity'));
    const quirks = new Map<string, number>();
    const unexplained: string[] = [];
    for (const line of errorLines) {
      const quirk = XSD_QUIRKS.find((q) => q.pattern.test(line));
      if (quirk) quirks.set(quirk.reason, (quirks.get(quirk.reason) ?? 0) + 1);
      else unexplained.push(line.replace(dir, ''));
    }
    const failedFiles = new Set(errorLines.map((l) => l.split(':')[0]));
    console.log(
      `xsd: ${files.length - failedFiles.size}/${files.length} answers validate cleanly; quirks:\n` +
        [...quirks].map(([reason, n]) => `  ${n}× ${reason}`).join('\n'),
    );
    expect(unexplained).toEqual([]);
  });
});
