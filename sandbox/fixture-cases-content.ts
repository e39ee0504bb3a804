/** Fixture → equivalent sandbox call, for workbooks, views, data sources, favorites, lists. */
import type { FixtureCases, FixtureContext } from './fixture-context';
import { call, signIn } from './test-support';

/** Hyper Update Data after a (tiny) file upload, as `datasource_data_update.xml`. */
async function dataUpdate(c: FixtureContext, datasourceId: string) {
  const upload = (await c.xmlCall('POST', `${c.site()}/fileUploads`)).body.tsResponse.fileUpload
    .uploadSessionId;
  const actions = {
    actions: [{ action: 'insert', 'source-table': 'Extract', 'target-table': 'Extract' }],
  };
  return call(
    c.sandbox,
    'PATCH',
    `${c.site()}/datasources/${datasourceId}/data?uploadSessionId=${encodeURIComponent(upload)}`,
    {
      xml: true,
      token: c.ids.s.token,
      rawBody: JSON.stringify(actions),
      contentType: 'application/json',
    },
  );
}

export function contentCases(c: FixtureContext): FixtureCases {
  return {
    'workbook_get.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks?filter=tags:in:[certified,finance,sales,kpi]`),
    'workbook_get_all_fields.xml': () => c.xmlCall('GET', `${c.site()}/workbooks?fields=_all_`),
    'workbook_get_by_id.xml': async () => {
      await c.xmlCall(
        'PUT',
        `${c.site()}/workbooks/${c.ids.workbook}/tags`,
        '<tsRequest><tags><tag label="tagged"/></tags></tsRequest>',
      );
      return c.xmlCall('GET', `${c.site()}/workbooks/${c.ids.workbook}`);
    },
    'workbook_get_empty.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks?filter=name:eq:none-such`),
    'workbook_get_invalid_date.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks?filter=tags:in:[certified]`),
    'workbook_get_page_1.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks?pageSize=2&pageNumber=1`),
    'workbook_get_page_2.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks?filter=tags:in:[certified]&pageSize=2&pageNumber=2`),
    'workbook_get_page_3.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks?pageSize=2&pageNumber=3`),
    'workbook_populate_connections.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks/${c.ids.workbook}/connections`),
    'workbook_populate_permissions.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks/${c.ids.workbook}/permissions`),
    'workbook_populate_views.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks/${c.ids.workbook}/views`),
    'workbook_populate_views_usage.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks/${c.ids.workbook}/views?includeUsageStatistics=true`),
    'workbook_refresh.xml': () =>
      c.xmlCall('POST', `${c.site()}/workbooks/${c.ids.workbook}/refresh`, '<tsRequest/>'),
    'workbook_add_tags.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/workbooks/${c.ids.workbook}/tags`,
        '<tsRequest><tags><tag label="a"/><tag label="b"/></tags></tsRequest>',
      ),
    'workbook_update.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/workbooks/${c.ids.workbook}`,
        '<tsRequest><workbook showTabs="true"/></tsRequest>',
      ),
    'workbook_update_permissions.xml': async () => {
      await c.xmlCall(
        'PUT',
        `${c.site()}/workbooks/${c.ids.workbook}/permissions`,
        c.permissionsBody('user', c.ids.user),
      );
      return c.xmlCall(
        'PUT',
        `${c.site()}/workbooks/${c.ids.workbook}/permissions`,
        c
          .permissionsBody('group', c.ids.group)
          .replace(
            '</permissions>',
            `<granteeCapabilities><user id="${c.ids.user}"/><capabilities><capability name="Write" mode="Deny"/></capabilities></granteeCapabilities></permissions>`,
          ),
      );
    },
    'view_get.xml': () =>
      c.xmlCall('GET', `${c.site()}/views?filter=tags:in:[certified,finance,sales,kpi,draft,ops]`),
    'view_get_all_fields.xml': () => c.xmlCall('GET', `${c.site()}/views?fields=_all_`),
    'view_get_id.xml': async () => {
      await c.xmlCall(
        'PUT',
        `${c.site()}/views/${c.ids.view}/tags`,
        '<tsRequest><tags><tag label="t"/></tags></tsRequest>',
      );
      return c.xmlCall('GET', `${c.site()}/views/${c.ids.view}`);
    },
    'view_get_id_usage.xml': () =>
      c.xmlCall('GET', `${c.site()}/views/${c.ids.view}?includeUsageStatistics=true`),
    'view_get_usage.xml': () =>
      c.xmlCall(
        'GET',
        `${c.site()}/views?includeUsageStatistics=true&filter=tags:in:[certified,finance,sales,kpi,draft,ops]`,
      ),
    'view_add_tags.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/views/${c.ids.view}/tags`,
        '<tsRequest><tags><tag label="x"/></tags></tsRequest>',
      ),
    'view_populate_permissions.xml': () =>
      c.xmlCall('GET', `${c.site()}/views/${c.ids.view}/permissions`),
    'view_update_permissions.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/views/${c.ids.view}/permissions`,
        c
          .permissionsBody('group', c.ids.group)
          .replace(
            '</permissions>',
            `<granteeCapabilities><user id="${c.ids.user}"/><capabilities><capability name="Filter" mode="Allow"/></capabilities></granteeCapabilities></permissions>`,
          ),
      ),
    'datasource_get.xml': () =>
      c.xmlCall('GET', `${c.site()}/datasources?filter=tags:in:[certified,finance,sales,kpi]`),
    'datasource_get_all_fields.xml': () => c.xmlCall('GET', `${c.site()}/datasources?fields=_all_`),
    'datasource_get_by_id.xml': async () => {
      await c.xmlCall(
        'PUT',
        `${c.site()}/datasources/${c.ids.datasource}/tags`,
        '<tsRequest><tags><tag label="t"/></tags></tsRequest>',
      );
      // Ask Data's <askData> appears on URLs up to 3.22.
      return c.xmlCall('GET', `${c.site()}/datasources/${c.ids.datasource}`, undefined, '3.22');
    },
    'datasource_get_empty.xml': () =>
      c.xmlCall('GET', `${c.site()}/datasources?filter=name:eq:none-such`),
    'datasource_add_tags.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/datasources/${c.ids.datasource}/tags`,
        '<tsRequest><tags><tag label="a"/></tags></tsRequest>',
      ),
    'datasource_connection_update.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/datasources/${c.ids.datasource}/connections/${c.ids.connection}`,
        '<tsRequest><connection serverAddress="db.example.com" serverPort="5432" userName="u"/></tsRequest>',
      ),
    'datasource_populate_connections.xml': () =>
      c.xmlCall('GET', `${c.site()}/datasources/${c.ids.datasource}/connections`),
    'datasource_populate_permissions.xml': async () => {
      await c.xmlCall(
        'PUT',
        `${c.site()}/datasources/${c.ids.datasource}/permissions`,
        c.permissionsBody('user', c.ids.user),
      );
      return c.xmlCall('GET', `${c.site()}/datasources/${c.ids.datasource}/permissions`);
    },
    'datasource_refresh.xml': () =>
      c.xmlCall('POST', `${c.site()}/datasources/${c.ids.datasource}/refresh`, '<tsRequest/>'),
    'datasource_update.xml': () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/datasources/${c.ids.datasource}`,
        '<tsRequest><datasource isCertified="true" certificationNote="ok"/></tsRequest>',
      ),
    'favorites_add_workbook.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/favorites/${await c.freshUser()}`,
        `<tsRequest><favorite label="w"><workbook id="${c.ids.workbook}"/></favorite></tsRequest>`,
      ),
    'favorites_add_view.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/favorites/${await c.freshUser()}`,
        `<tsRequest><favorite label="v"><view id="${c.ids.view}"/></favorite></tsRequest>`,
      ),
    'favorites_add_datasource.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/favorites/${await c.freshUser()}`,
        `<tsRequest><favorite label="d"><datasource id="${c.ids.datasource}"/></favorite></tsRequest>`,
      ),
    'favorites_add_project.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/favorites/${await c.freshUser()}`,
        `<tsRequest><favorite label="p"><project id="${c.ids.project}"/></favorite></tsRequest>`,
      ),
    'workbook_revision.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks/${c.ids.workbook}/revisions`),
    'datasource_revision.xml': () =>
      c.xmlCall('GET', `${c.site()}/datasources/${c.ids.datasource}/revisions`),
    ...Object.fromEntries(
      ['', '2', '3', '4', '5', '6'].map((n) => [
        `workbook_update_data_freshness_policy${n}.xml`,
        () =>
          c.xmlCall(
            'PUT',
            `${c.site()}/workbooks/${c.ids.workbook}`,
            `<tsRequest><workbook>${c.fragment(`workbook_update_data_freshness_policy${n}.xml`, 'dataFreshnessPolicy')}</workbook></tsRequest>`,
          ),
      ]),
    ),
    'workbook_publish.xml': () =>
      c.publish(
        '/workbooks?workbookType=twbx',
        `<tsRequest><workbook name="${c.unique('Published')}" showTabs="true"><project id="${c.ids.project}"/></workbook></tsRequest>`,
        'tableau_workbook',
      ),
    'workbook_publish_async.xml': () =>
      c.publish(
        '/workbooks?workbookType=twbx&asJob=true',
        `<tsRequest><workbook name="${c.unique('Published')}"><project id="${c.ids.project}"/></workbook></tsRequest>`,
        'tableau_workbook',
      ),
    'datasource_publish.xml': () =>
      c.publish(
        '/datasources?datasourceType=hyper',
        `<tsRequest><datasource name="${c.unique('Published DS')}"><project id="${c.ids.project}"/></datasource></tsRequest>`,
        'tableau_datasource',
      ),
    'datasource_publish_async.xml': () =>
      c.publish(
        '/datasources?datasourceType=hyper&asJob=true',
        `<tsRequest><datasource name="${c.unique('Published DS')}"><project id="${c.ids.project}"/></datasource></tsRequest>`,
        'tableau_datasource',
      ),
    'fileupload_initialize.xml': () => c.xmlCall('POST', `${c.site()}/fileUploads`),
    'fileupload_append.xml': async () => {
      const upload = (await c.xmlCall('POST', `${c.site()}/fileUploads`)).body.tsResponse.fileUpload
        .uploadSessionId;
      const b = 'chunk-boundary';
      const rawBody = `--${b}\r\nContent-Disposition: name="request_payload"\r\nContent-Type: text/xml\r\n\r\n\r\n--${b}\r\nContent-Disposition: name="tableau_file"; filename="file"\r\nContent-Type: application/octet-stream\r\n\r\n${'x'.repeat(2048)}\r\n--${b}--\r\n`;
      return call(c.sandbox, 'PUT', `${c.site()}/fileUploads/${encodeURIComponent(upload)}`, {
        xml: true,
        token: c.ids.s.token,
        rawBody,
        contentType: `multipart/mixed; boundary=${b}`,
      });
    },
    'request_option_filter_equals.xml': () =>
      c.xmlCall(
        'GET',
        `${c.site()}/workbooks?filter=name:eq:${encodeURIComponent(c.ids.workbookName)}`,
      ),
    'request_option_filter_name_in.xml': () =>
      c.xmlCall('GET', `${c.site()}/projects?filter=name:in:[Finance,Sales]`),
    'request_option_filter_tags_in.xml': () =>
      c.xmlCall('GET', `${c.site()}/workbooks?filter=tags:in:[finance,sales]`),
    'request_option_page_number.xml': () => c.xmlCall('GET', `${c.site()}/views?pageNumber=3`),
    'request_option_page_size.xml': () => c.xmlCall('GET', `${c.site()}/views?pageSize=5`),
    'request_option_pagination.xml': () =>
      c.xmlCall('GET', `${c.site()}/views?pageSize=5&pageNumber=2`),
    'request_option_slicing_queryset.xml': () =>
      c.xmlCall('GET', `${c.site()}/views?pageSize=10&pageNumber=2`),
    'queryset_slicing_page_1.xml': () =>
      c.xmlCall('GET', `${c.site()}/views?pageSize=10&pageNumber=1`),
    'queryset_slicing_page_2.xml': () =>
      c.xmlCall('GET', `${c.site()}/views?pageSize=10&pageNumber=2`),
    'datasource_data_update.xml': () => dataUpdate(c, c.ids.datasource),
    'job_get_by_id_inprogress.xml': async () => {
      const job = (await dataUpdate(c, c.ids.extractDatasource)).body.tsResponse.job.id;
      c.advance(1000);
      return c.xmlCall('GET', `${c.site()}/jobs/${job}`);
    },
    'job_get_by_id_failed.xml': async () => {
      const job = (await dataUpdate(c, c.ids.liveDatasource)).body.tsResponse.job.id;
      c.advance(5000);
      return c.xmlCall('GET', `${c.site()}/jobs/${job}`);
    },
  };
}

/** Extra sandbox answers validated against the XSD besides the fixture equivalents. */
export function xsdExtraCases(c: FixtureContext): FixtureCases {
  return {
    'error-401000': () => call(c.sandbox, 'GET', `${c.site()}/users`, { xml: true }),
    'error-400006': () => c.xmlCall('GET', `${c.site()}/users?pageNumber=999`),
    'error-403014': () => c.xmlCall('GET', `${c.site()}/users?pageSize=1001`),
    'error-404-workbook': () =>
      c.xmlCall('GET', `${c.site()}/workbooks/00000000-0000-0000-0000-000000000000`),
    'error-405000': () => c.xmlCall('DELETE', `${c.site()}/users`),
    'error-400065': () => c.xmlCall('GET', `${c.site()}/users?filter=shoeSize:eq:9`),
    'job-get-by-id-success': () => c.xmlCall('GET', `${c.site()}/jobs/${c.ids.job}`),
    'sessions-current': () => c.xmlCall('GET', '/sessions/current'),
    'switch-site': async () => {
      const other = await signIn(c.sandbox);
      return call(c.sandbox, 'POST', '/auth/switchSite', {
        xml: true,
        token: other.token,
        rawBody: '<tsRequest><site contentUrl="marketing"/></tsRequest>',
      });
    },
    'job-cancel': async () => {
      const job = await c.xmlCall(
        'POST',
        `${c.site()}/datasources/${c.ids.datasource}/refresh`,
        '<tsRequest/>',
      );
      return c.xmlCall('PUT', `${c.site()}/jobs/${job.body.tsResponse.job.id}`);
    },
    'views-all-usage': () =>
      c.xmlCall('GET', `${c.site()}/views?fields=_all_&includeUsageStatistics=true&pageSize=20`),
    'workbooks-default': () => c.xmlCall('GET', `${c.site()}/workbooks?pageSize=50`),
    'users-explicit-fields': () =>
      c.xmlCall('GET', `${c.site()}/users?fields=id,name,lastLogin&pageSize=5`),
    'tasks-get-one': () => c.xmlCall('GET', `${c.site()}/tasks/extractRefreshes/${c.ids.task}`),
    'schedule-extracts': () => c.xmlCall('GET', `${c.site()}/schedules/${c.ids.schedule}/extracts`),
  };
}
