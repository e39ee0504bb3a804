/** Fixture → equivalent sandbox call, for auth, sites, projects, users, groups, jobs, schedules. */
import type { FixtureCases, FixtureContext } from './fixture-context';
import { call } from './test-support';

export function adminCases(c: FixtureContext): FixtureCases {
  return {
    'auth_sign_in.xml': () =>
      call(c.sandbox, 'POST', '/auth/signin', {
        xml: true,
        rawBody:
          '<tsRequest><credentials name="admin" password="trestle"><site contentUrl="marketing"/></credentials></tsRequest>',
      }),
    'auth_sign_in_impersonate.xml': () =>
      call(c.sandbox, 'POST', '/auth/signin', {
        xml: true,
        rawBody: `<tsRequest><credentials name="admin" password="trestle"><site contentUrl=""/><user id="${c.ids.user}"/></credentials></tsRequest>`,
      }),
    'auth_sign_in_error.xml': () =>
      call(c.sandbox, 'POST', '/auth/signin', {
        xml: true,
        rawBody:
          '<tsRequest><credentials name="admin" password="wrong"><site contentUrl=""/></credentials></tsRequest>',
      }),
    'server_info_get.xml': () => call(c.sandbox, 'GET', '/serverinfo', { xml: true }),
    'server_info_25.xml': () => call(c.sandbox, 'GET', '/api/2.5/serverInfo', { xml: true }),
    'server_info_404.xml': () => call(c.sandbox, 'GET', '/api/2.3/serverInfo', { xml: true }),
    'site_get.xml': () => c.xmlCall('GET', '/sites'),
    'site_get_by_id.xml': () => c.xmlCall('GET', `/sites/${c.ids.s.siteId}`),
    'site_get_by_name.xml': () => c.xmlCall('GET', '/sites/Default?key=name'),
    'site_create.xml': () => {
      const name = c.unique('Site');
      const url = name.replace(' ', '').toLowerCase();
      return c.xmlCall(
        'POST',
        '/sites',
        `<tsRequest><site name="${name}" contentUrl="${url}"/></tsRequest>`,
      );
    },
    'site_update.xml': () =>
      c.xmlCall(
        'PUT',
        `/sites/${c.ids.s.siteId}`,
        '<tsRequest><site revisionLimit="30"/></tsRequest>',
      ),
    'project_get.xml': () => c.xmlCall('GET', `${c.site()}/projects`),
    'project_get_all_fields.xml': () => c.xmlCall('GET', `${c.site()}/projects?fields=_all_`),
    'project_create.xml': () =>
      c.xmlCall(
        'POST',
        `${c.site()}/projects`,
        `<tsRequest><project name="${c.unique('P')}" parentProjectId="${c.ids.project}" contentPermissions="ManagedByOwner" description="d"/></tsRequest>`,
      ),
    'project_update.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/projects/${c.ids.nestedProject}`,
        '<tsRequest><project description="updated"/></tsRequest>',
      ),
    'project_content_permission.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/projects/${c.ids.nestedProject}`,
        '<tsRequest><project contentPermissions="LockedToProject"/></tsRequest>',
      ),
    'project_populate_permissions.xml': () =>
      c.xmlCall('GET', `${c.site()}/projects/${c.ids.project}/permissions`),
    'project_populate_workbook_default_permissions.xml': () =>
      c.xmlCall('GET', `${c.site()}/projects/${c.ids.project}/default-permissions/workbooks`),
    'project_populate_virtualconnection_default_permissions.xml': () =>
      c.xmlCall(
        'GET',
        `${c.site()}/projects/${c.ids.project}/default-permissions/virtualConnections`,
      ),
    'project_update_datasource_default_permissions.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/projects/${c.ids.project}/default-permissions/datasources`,
        c.permissionsBody('group', c.ids.group, 'Connect'),
      ),
    'project_update_virtualconnection_default_permissions.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/projects/${c.ids.project}/default-permissions/virtualconnections`,
        c.permissionsBody('group', c.ids.group),
      ),
    'user_get.xml': () => c.xmlCall('GET', `${c.site()}/users`),
    'user_get_all_fields.xml': () => c.xmlCall('GET', `${c.site()}/users?fields=_all_`),
    'user_get_by_id.xml': () => c.xmlCall('GET', `${c.site()}/users/${c.ids.user}`),
    'user_get_empty.xml': () => c.xmlCall('GET', `${c.site()}/users?filter=name:eq:nobody-at-all`),
    'user_add.xml': () =>
      c.xmlCall(
        'POST',
        `${c.site()}/users`,
        `<tsRequest><user name="${c.unique('new').replace(' ', '')}" siteRole="Explorer" authSetting="SAML"/></tsRequest>`,
      ),
    'user_update.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/users/${c.ids.user}`,
        '<tsRequest><user fullName="Renamed User" email="r@example.com"/></tsRequest>',
      ),
    'user_populate_groups.xml': () => c.xmlCall('GET', `${c.site()}/users/${c.ids.user}/groups`),
    'user_populate_workbooks.xml': async () => {
      // The capture's workbooks carry tags: make sure one of this owner's does.
      await c.xmlCall(
        'PUT',
        `${c.site()}/workbooks/${c.ids.workbook}/tags`,
        '<tsRequest><tags><tag label="owned"/></tags></tsRequest>',
      );
      const owner = (
        await call(c.sandbox, 'GET', `${c.site()}/workbooks/${c.ids.workbook}`, {
          token: c.ids.s.token,
        })
      ).body.workbook.owner.id;
      return c.xmlCall('GET', `${c.site()}/users/${owner}/workbooks`);
    },
    'user_add_favorite.xml': async () => {
      const user = await c.freshUser();
      await c.xmlCall(
        'PUT',
        `${c.site()}/favorites/${user}`,
        `<tsRequest><favorite label="wb"><workbook id="${c.ids.workbook}"/></favorite></tsRequest>`,
      );
      return c.xmlCall(
        'PUT',
        `${c.site()}/favorites/${user}`,
        `<tsRequest><favorite label="v"><view id="${c.ids.view}"/></favorite></tsRequest>`,
      );
    },
    'group_get.xml': () => c.xmlCall('GET', `${c.site()}/groups`),
    'group_get_all_fields.xml': () => c.xmlCall('GET', `${c.site()}/groups?fields=_all_`),
    'group_create.xml': () =>
      c.xmlCall(
        'POST',
        `${c.site()}/groups`,
        `<tsRequest><group name="${c.unique('G')}" minimumSiteRole="ExplorerCanPublish"/></tsRequest>`,
      ),
    'group_update.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/groups/${c.ids.group}`,
        '<tsRequest><group minimumSiteRole="ExplorerCanPublish"/></tsRequest>',
      ),
    'group_add_user.xml': async () =>
      c.xmlCall(
        'POST',
        `${c.site()}/groups/${c.ids.group}/users`,
        `<tsRequest><user id="${await c.freshUser()}"/></tsRequest>`,
      ),
    'group_add_users.xml': async () =>
      c.xmlCall(
        'POST',
        `${c.site()}/groups/${c.ids.group}/users`,
        `<tsRequest><users><user id="${await c.freshUser()}"/><user id="${await c.freshUser()}"/></users></tsRequest>`,
        '3.21',
      ),
    'group_users_added.xml': () => c.xmlCall('GET', `${c.site()}/groups/${c.ids.group}/users`),
    'group_populate_users.xml': () => c.xmlCall('GET', `${c.site()}/groups/${c.ids.group}/users`),
    'group_populate_users_empty.xml': async () => {
      const g = await c.xmlCall(
        'POST',
        `${c.site()}/groups`,
        `<tsRequest><group name="${c.unique('Empty')}"/></tsRequest>`,
      );
      return c.xmlCall('GET', `${c.site()}/groups/${g.body.tsResponse.group.id}/users`);
    },
    'job_get.xml': () => c.xmlCall('GET', `${c.site()}/jobs`),
    'job_get_by_id_failed_workbook.xml': () =>
      c.xmlCall('GET', `${c.site()}/jobs/${c.ids.failedJob}`),
    'schedule_get.xml': () => c.xmlCall('GET', '/schedules'),
    'schedule_get_by_id.xml': () => c.xmlCall('GET', `/schedules/${c.ids.schedule}`),
    'schedule_get_empty.xml': () => c.xmlCall('GET', '/schedules?filter=name:eq:none-such'),
    'schedule_get_daily_id.xml': async () =>
      c.xmlCall('GET', `/schedules/${await c.scheduleLike('schedule_get_daily_id.xml')}`),
    'schedule_get_hourly_id.xml': async () =>
      c.xmlCall('GET', `/schedules/${await c.scheduleLike('schedule_get_hourly_id.xml')}`),
    'schedule_get_monthly_id.xml': async () =>
      c.xmlCall('GET', `/schedules/${await c.scheduleLike('schedule_get_monthly_id.xml')}`),
    'schedule_get_monthly_id_2.xml': async () =>
      c.xmlCall('GET', `/schedules/${await c.scheduleLike('schedule_get_monthly_id_2.xml')}`),
    'schedule_get_customized_monthly_id.xml': async () =>
      c.xmlCall(
        'GET',
        `/schedules/${await c.scheduleLike('schedule_get_customized_monthly_id.xml')}`,
      ),
    'schedule_create_daily.xml': () =>
      c.xmlCall(
        'POST',
        '/schedules',
        `<tsRequest><schedule name="${c.unique('D')}" type="Extract" frequency="Daily"><frequencyDetails start="01:00:00"/></schedule></tsRequest>`,
      ),
    'schedule_create_hourly.xml': async () =>
      c.xmlCall('GET', `/schedules/${await c.scheduleLike('schedule_create_hourly.xml')}`),
    'schedule_create_monthly.xml': async () =>
      c.xmlCall('GET', `/schedules/${await c.scheduleLike('schedule_create_monthly.xml')}`),
    'schedule_update.xml': () =>
      c.xmlCall(
        'PUT',
        `/schedules/${c.ids.schedule}`,
        '<tsRequest><schedule priority="40"><frequencyDetails start="07:00:00"><intervals><interval weekDay="Monday"/></intervals></frequencyDetails></schedule></tsRequest>',
      ),
    'schedule_add_datasource.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/schedules/${c.ids.schedule}/datasources`,
        `<tsRequest><task><extractRefresh><datasource id="${c.ids.datasource}"/></extractRefresh></task></tsRequest>`,
      ),
    'schedule_get_extract_refresh_tasks.xml': () =>
      c.xmlCall('GET', `${c.site()}/schedules/${c.ids.schedule}/extracts`),
    'tasks_with_workbook.xml': () => c.xmlCall('GET', `${c.site()}/tasks/extractRefreshes`),
    'tasks_with_datasource.xml': () => c.xmlCall('GET', `${c.site()}/tasks/extractRefreshes`),
    'tasks_with_workbook_and_datasource.xml': () =>
      c.xmlCall('GET', `${c.site()}/tasks/extractRefreshes`),
    'tasks_without_schedule.xml': () => c.xmlCall('GET', `${c.site()}/tasks/extractRefreshes`),
    'tasks_no_workbook_or_datasource.xml': () =>
      c.xmlCall('GET', `${c.site()}/tasks/extractRefreshes`),
    'tasks_run_now_response.xml': () =>
      c.xmlCall('POST', `${c.site()}/tasks/extractRefreshes/${c.ids.task}/runNow`, '<tsRequest/>'),
    'users_bulk_add_job.xml': () => {
      const b = 'csv-boundary';
      const csv =
        'csv.one,pw,CSV One,Creator,None,yes,one@example.com\ncsv.two,pw,CSV Two,Viewer,None,no,two@example.com';
      const rawBody = `--${b}\r\nContent-Disposition: name="request_payload"\r\nContent-Type: text/xml\r\n\r\n<tsRequest><user authSetting="ServerDefault"/></tsRequest>\r\n--${b}\r\nContent-Disposition: name="tableau_user_import"; filename="users.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${b}--\r\n`;
      return call(c.sandbox, 'POST', `${c.site()}/users/import`, {
        xml: true,
        token: c.ids.s.token,
        rawBody,
        contentType: `multipart/mixed; boundary=${b}`,
      });
    },
    'group_create_ad.xml': () =>
      c.xmlCall(
        'POST',
        `${c.site()}/groups`,
        `<tsRequest><group name="${c.unique('AD')}"><import source="ActiveDirectory" domainName="example.com" siteRole="Creator" grantLicenseMode="onLogin"/></group></tsRequest>`,
      ),
    'group_create_async.xml': () =>
      c.xmlCall(
        'POST',
        `${c.site()}/groups?asJob=true`,
        `<tsRequest><group name="${c.unique('AD')}"><import source="ActiveDirectory" domainName="example.com" siteRole="Viewer" grantLicenseMode="onSync"/></group></tsRequest>`,
      ),
    'group_update_async.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/groups/${c.ids.group}?asJob=true`,
        '<tsRequest><group><import source="ActiveDirectory" domainName="example.com" siteRole="Explorer" grantLicenseMode="onLogin"/></group></tsRequest>',
      ),
  };
}
