/**
 * Fixture → equivalent sandbox call, for subscriptions, webhooks, data-driven alerts, virtual
 * connections, Tableau Catalog assets, data quality warnings, extension settings, flow
 * publishing and tasks, and (on the Cloud pod) Cloud tasks, OIDC and site IdPs.
 */
import type { FixtureCases, FixtureContext } from './fixture-context';
import { call } from './test-support';

async function first(c: FixtureContext, path: string, listName: string, item: string) {
  const res = await call(c.sandbox, 'GET', `${c.site()}${path}`, { token: c.ids.s.token });
  return res.body[listName][item][0].id as string;
}

const grants = (groupId: string, userId: string) =>
  `<tsRequest><permissions><granteeCapabilities><group id="${groupId}"/><capabilities><capability name="Read" mode="Allow"/></capabilities></granteeCapabilities><granteeCapabilities><user id="${userId}"/><capabilities><capability name="Write" mode="Allow"/></capabilities></granteeCapabilities></permissions></tsRequest>`;

export function governanceCases(c: FixtureContext): FixtureCases {
  const subscription = () => first(c, '/subscriptions', 'subscriptions', 'subscription');
  const alert = () => first(c, '/dataAlerts', 'dataAlerts', 'dataAlert');
  const vc = () => first(c, '/virtualConnections', 'virtualConnections', 'virtualConnection');
  const database = () => first(c, '/databases?filter=isCertified:eq:true', 'databases', 'database');
  const table = () => first(c, '/tables', 'tables', 'table');
  const flow = () => first(c, '/flows?pageSize=1', 'flows', 'flow');
  const vcContent = async () => {
    const res = await c.xmlCall('GET', `${c.site()}/virtualConnections/${await vc()}`);
    return res.body.tsResponse.virtualConnection.content as string;
  };
  const cloudFlow = async () => {
    const res = await call(c.cloud.sandbox, 'GET', `${c.cloudSite()}/flows?pageSize=1`, {
      token: c.cloud.s.token,
    });
    return res.body.flows.flow[0].id as string;
  };
  const cloudDatasource = async () => {
    const res = await call(c.cloud.sandbox, 'GET', `${c.cloudSite()}/datasources?pageSize=1`, {
      token: c.cloud.s.token,
    });
    return res.body.datasources.datasource[0].id as string;
  };
  const oidc = async () => {
    const sent = c.fragment('oidc_create.xml', 'siteOIDCConfiguration');
    return c.cloudCall(
      'PUT',
      `${c.cloudSite()}/site-oidc-configuration`,
      `<tsRequest>${sent}</tsRequest>`,
    );
  };
  return {
    'subscription_get.xml': async () => {
      // One subscription carries the PDF layout the capture's second one has.
      await c.xmlCall(
        'PUT',
        `${c.site()}/subscriptions/${await subscription()}`,
        '<tsRequest><subscription pageOrientation="PORTRAIT" pageSizeOption="A5"/></tsRequest>',
      );
      return c.xmlCall('GET', `${c.site()}/subscriptions`);
    },
    'subscription_get_by_id.xml': async () =>
      c.xmlCall('GET', `${c.site()}/subscriptions/${await subscription()}`),
    'subscription_create.xml': () =>
      c.xmlCall(
        'POST',
        `${c.site()}/subscriptions`,
        `<tsRequest><subscription subject="sub_name"><content id="${c.ids.workbook}" type="Workbook"/><schedule id="${c.ids.subscriptionSchedule}"/><user id="${c.ids.user}"/></subscription></tsRequest>`,
      ),
    'webhook_get.xml': async () => {
      await c.xmlCall(
        'POST',
        `${c.site()}/webhooks`,
        '<tsRequest><webhook name="webhook-name"><webhook-source><webhook-source-event-datasource-created/></webhook-source><webhook-destination><webhook-destination-http method="POST" url="https://hooks.example.com/x"/></webhook-destination></webhook></tsRequest>',
      );
      return c.xmlCall('GET', `${c.site()}/webhooks`);
    },
    'data_alerts_get.xml': () => c.xmlCall('GET', `${c.site()}/dataAlerts`),
    'data_alerts_get_by_id.xml': async () =>
      c.xmlCall('GET', `${c.site()}/dataAlerts/${await alert()}`),
    'data_alerts_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/dataAlerts/${await alert()}`,
        '<tsRequest><dataAlert subject="Data Alert test" frequency="Daily" public="true"/></tsRequest>',
      ),
    'data_alerts_add_user.xml': async () =>
      c.xmlCall(
        'POST',
        `${c.site()}/dataAlerts/${await alert()}/users`,
        `<tsRequest><user id="${c.ids.user}"/></tsRequest>`,
      ),
    'database_get.xml': () => c.xmlCall('GET', `${c.site()}/databases`),
    'database_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/databases/${await database()}`,
        `<tsRequest><database description="Party" isCertified="true" certificationNote="Test"><contact id="${c.ids.user}"/></database></tsRequest>`,
      ),
    'database_populate_permissions.xml': async () => {
      const id = await database();
      await c.xmlCall(
        'PUT',
        `${c.site()}/databases/${id}/permissions`,
        grants(c.ids.group, c.ids.user),
      );
      return c.xmlCall('GET', `${c.site()}/databases/${id}/permissions`);
    },
    'table_get.xml': () => c.xmlCall('GET', `${c.site()}/tables`),
    'table_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/tables/${await table()}`,
        `<tsRequest><table isCertified="true" certificationNote="Test"><contact id="${c.ids.user}"/></table></tsRequest>`,
      ),
    'dqw_by_content_type.xml': async () => {
      const id = await database();
      await c.xmlCall(
        'POST',
        `${c.site()}/dataQualityWarnings/database/${id}`,
        '<tsRequest><dataQualityWarning type="WARNING" isActive="true" message="Hello, World!" isSevere="true"/></tsRequest>',
      );
      return c.xmlCall('GET', `${c.site()}/dataQualityWarnings/database/${id}`);
    },
    'virtual_connections_get.xml': () =>
      c.xmlCall('GET', `${c.site()}/virtualConnections?pageSize=1`),
    'virtual_connections_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/virtualConnections/${await vc()}`,
        `<tsRequest><virtualConnection name="testv1" isCertified="true" certificationNote="demo certification note"><project id="${c.ids.project}"/><owner id="${c.ids.user}"/></virtualConnection></tsRequest>`,
      ),
    'virtual_connection_populate_connections2.xml': async () =>
      c.xmlCall('GET', `${c.site()}/virtualConnections/${await vc()}/connections`),
    'virtual_connection_database_connection_update.xml': async () => {
      const id = await vc();
      const listed = await call(
        c.sandbox,
        'GET',
        `${c.site()}/virtualConnections/${id}/connections`,
        {
          token: c.ids.s.token,
        },
      );
      const connection = listed.body.virtualConnectionConnections.connection[0]
        .connectionId as string;
      return c.xmlCall(
        'PUT',
        `${c.site()}/virtualConnections/${id}/connections/${connection}/modify`,
        '<tsRequest><connection serverAddress="localhost" serverPort="5432" userName="pgadmin"/></tsRequest>',
      );
    },
    'virtual_connections_revisions.xml': async () =>
      c.xmlCall('GET', `${c.site()}/virtualConnections/${await vc()}/revisions`),
    'virtual_connections_download.xml': async () =>
      c.xmlCall('GET', `${c.site()}/virtualConnections/${await vc()}`),
    'virtual_connections_publish.xml': async () => {
      const content = (await vcContent()).replace(/&/g, '&amp;').replace(/</g, '&lt;');
      return c.xmlCall(
        'POST',
        `${c.site()}/virtualConnections?overwrite=false&publishAsDraft=false`,
        `<tsRequest><virtualConnection name="${c.unique('vconn_test')}"><project id="${c.ids.project}"/><owner id="${c.ids.user}"/><content>${content}</content></virtualConnection></tsRequest>`,
      );
    },
    'virtual_connection_add_permissions.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/virtualConnections/${await vc()}/permissions`,
        grants(c.ids.group, c.ids.user),
      ),
    'extensions_server_settings_true.xml': () =>
      c.xmlCall(
        'PUT',
        '/settings/extensions',
        '<tsRequest><extensionsServerSettings><extensionsGloballyEnabled>true</extensionsGloballyEnabled><blockList>https://test.com</blockList><blockList>https://example.com</blockList></extensionsServerSettings></tsRequest>',
      ),
    'extensions_server_settings_false.xml': () =>
      c.xmlCall(
        'PUT',
        '/settings/extensions',
        '<tsRequest><extensionsServerSettings><extensionsGloballyEnabled>false</extensionsGloballyEnabled></extensionsServerSettings></tsRequest>',
      ),
    'extensions_site_settings.xml': async () => {
      await c.xmlCall(
        'PUT',
        `${c.site()}/settings/extensions`,
        '<tsRequest><extensionsSiteSettings><extensionsEnabled>true</extensionsEnabled><useDefaultSetting>false</useDefaultSetting><safeList><url>http://localhost:9123/Dynamic.html</url><fullDataAllowed>true</fullDataAllowed><promptNeeded>true</promptNeeded></safeList></extensionsSiteSettings></tsRequest>',
      );
      return c.xmlCall('GET', `${c.site()}/settings/extensions`);
    },
    'flow_publish.xml': () =>
      c.publish(
        '/flows?flowType=tfl&overwrite=true',
        `<tsRequest><flow name="SampleFlow" description="Sample Flow Description"><project id="${c.ids.project}"/></flow></tsRequest>`,
        'tableau_flow',
      ),
    'schedule_add_flow.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/schedules/${c.ids.flowSchedule}/flows`,
        `<tsRequest><task><flowRun><flow id="${await flow()}"/></flowRun></task></tsRequest>`,
      ),
    'schedule_batch_update_state.xml': async () => {
      const listed = await call(c.sandbox, 'GET', '/schedules?pageSize=3', {
        token: c.ids.s.token,
      });
      const ids = (listed.body.schedules.schedule as Array<{ id: string }>).map((x) => x.id);
      return c.xmlCall(
        'PUT',
        '/schedules?state=suspended',
        `<tsRequest><scheduleLuids>${ids.map((id) => `<scheduleLuid>${id}</scheduleLuid>`).join('')}</scheduleLuids></tsRequest>`,
      );
    },
    'workbook_update_connections.xml': async () => {
      const listed = await call(
        c.sandbox,
        'GET',
        `${c.site()}/workbooks/${c.ids.workbook}/connections`,
        {
          token: c.ids.s.token,
        },
      );
      const ids = (listed.body.connections.connection as Array<{ id: string }>).map((x) => x.id);
      return c.xmlCall(
        'PUT',
        `${c.site()}/workbooks/${c.ids.workbook}/connections`,
        `<tsRequest><connectionLUIDs>${ids.map((id) => `<connectionLUID>${id}</connectionLUID>`).join('')}</connectionLUIDs><connection serverAddress="updated-db-host" serverPort="1433" userName="svc-client" embedPassword="true" authenticationType="AD Service Principal"/></tsRequest>`,
      );
    },
    'datasource_connections_update.xml': async () =>
      c.xmlCall(
        'PUT',
        `${c.site()}/datasources/${c.ids.datasource}/connections`,
        `<tsRequest><connectionLuids><connectionLuid>${c.ids.connection}</connectionLuid></connectionLuids><connection serverAddress="updated-server" serverPort="1433" userName="user1" embedPassword="true" authenticationType="auth-keypair"/></tsRequest>`,
      ),
    'site_auth_configurations.xml': () =>
      c.cloudCall('GET', `${c.cloudSite()}/site-auth-configurations`),
    'oidc_create.xml': oidc,
    'oidc_get.xml': async () => {
      const created = await oidc();
      const id = created.body.tsResponse.siteOIDCConfiguration.idpConfigurationId as string;
      return c.cloudCall('GET', `${c.cloudSite()}/site-oidc-configuration/${id}`);
    },
    'oidc_update.xml': async () => {
      const created = await oidc();
      const id = created.body.tsResponse.siteOIDCConfiguration.idpConfigurationId as string;
      const sent = c.fragment('oidc_update.xml', 'siteOIDCConfiguration');
      return c.cloudCall(
        'PUT',
        `${c.cloudSite()}/site-oidc-configuration/${id}`,
        `<tsRequest>${sent}</tsRequest>`,
      );
    },
    'tasks_create_flow_task.xml': async () =>
      c.cloudCall(
        'POST',
        `${c.cloudSite()}/tasks/flows`,
        `<tsRequest><task><flowRun><flow id="${await cloudFlow()}"/></flowRun></task></tsRequest>`,
      ),
    'tasks_create_extract_task.xml': async () => {
      const res = await call(c.cloud.sandbox, 'GET', `${c.cloudSite()}/workbooks?pageSize=1`, {
        token: c.cloud.s.token,
      });
      return c.cloudCall(
        'POST',
        `${c.cloudSite()}/tasks/extractRefreshes`,
        `<tsRequest><extractRefresh type="FullRefresh"><workbook id="${res.body.workbooks.workbook[0].id}"/></extractRefresh><schedule frequency="Monthly"><frequencyDetails start="23:30:00"><intervals><interval monthDay="15"/></intervals></frequencyDetails></schedule></tsRequest>`,
      );
    },
    'tasks_with_interval.xml': async () => {
      await c.cloudCall(
        'POST',
        `${c.cloudSite()}/tasks/extractRefreshes`,
        `<tsRequest><extractRefresh type="FullRefresh"><datasource id="${await cloudDatasource()}"/></extractRefresh><schedule frequency="Daily"><frequencyDetails start="18:20:00" end="18:20:00"><intervals><interval hours="24"/><interval weekDay="Tuesday"/></intervals></frequencyDetails></schedule></tsRequest>`,
      );
      return c.cloudCall('GET', `${c.cloudSite()}/tasks/extractRefreshes`);
    },
  };
}
