import { exampleLuid, jsonBody } from '../bodies';
import { definePresets } from '../define';

const oidc = '/sites/{site-id}/site-oidc-configuration';

export const cloudOnlyPresets = definePresets(
  {
    family: 'cloud-only',
    prefix: 'cloud',
    page: 'rest_api_ref_openid_connect.htm',
    availability: 'cloud',
  },
  [
    {
      id: 'create-cloud-extract-refresh-task',
      name: 'Create Cloud Extract Refresh Task',
      description:
        'Creates an extract refresh task with its own schedule. Hourly and Daily need weekDay intervals (else 409004).',
      method: 'POST',
      path: '/sites/{site-id}/tasks/extractRefreshes',
      minVersion: '3.20',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_jobs_tasks_and_schedules.htm#create_cloud_extract_refresh_task',
      body: jsonBody(
        'extractRefresh',
        {
          extractRefresh: {
            workbook: { id: exampleLuid },
            schedule: {
              frequency: 'Daily',
              frequencyDetails: {
                start: '06:00:00',
                intervals: { interval: [{ weekDay: 'Monday' }, { weekDay: 'Friday' }] },
              },
            },
          },
        },
        { required: { extractRefresh: ['schedule'] } },
      ),
    },
    {
      id: 'update-cloud-extract-refresh-task',
      name: 'Update Cloud Extract Refresh Task',
      description:
        'Changes a Cloud extract refresh task’s schedule. Documented as POST; some clients send PUT.',
      method: 'POST',
      path: '/sites/{site-id}/tasks/extractRefreshes/{task-id}',
      minVersion: '3.20',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_jobs_tasks_and_schedules.htm#update_cloud_extract_refresh_task',
      body: jsonBody('extractRefresh', {
        extractRefresh: {
          schedule: {
            frequency: 'Weekly',
            frequencyDetails: {
              start: '07:00:00',
              intervals: { interval: [{ weekDay: 'Monday' }] },
            },
          },
        },
      }),
    },
    {
      id: 'create-cloud-flow-task',
      name: 'Create Cloud Flow Task',
      description: 'Schedules a flow run with its own schedule (Tableau Cloud).',
      method: 'POST',
      path: '/sites/{site-id}/tasks/flows',
      minVersion: '3.22',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_flow.htm#create_cloud_flow_task',
      body: jsonBody('task', {
        task: {
          flowRun: {
            flow: { id: exampleLuid },
            schedule: {
              frequency: 'Weekly',
              frequencyDetails: {
                start: '05:00:00',
                intervals: { interval: [{ weekDay: 'Sunday' }] },
              },
            },
          },
        },
      }),
    },
    {
      id: 'list-site-authentication-configurations',
      name: 'List Authentication Configurations for Site',
      description: 'The sign-in configurations (IdPs) of the site, with their idpConfigurationId.',
      method: 'GET',
      path: '/sites/{site-id}/site-auth-configurations',
      minVersion: '3.24',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_site.htm#list_authentication_configurations_site',
    },
    {
      id: 'get-openid-connect-configuration',
      name: 'Get OpenID Connect Configuration',
      description: 'Returns one OIDC configuration of the site (the secret is masked).',
      method: 'GET',
      path: `${oidc}/{idp-configuration-id}`,
      minVersion: '3.24',
    },
    {
      id: 'create-openid-connect-configuration',
      name: 'Create OpenID Connect Configuration',
      description: 'Adds an OIDC identity provider to the site. TSC sends PUT to this path.',
      method: 'PUT',
      path: oidc,
      minVersion: '3.22',
      body: jsonBody(
        'siteOIDCConfiguration',
        {
          siteOIDCConfiguration: {
            enabled: true,
            idpConfigurationName: 'Okta',
            clientId: 'client-id',
            clientSecret: 'client-secret',
            authorizationEndpoint: 'https://example.okta.com/oauth2/v1/authorize',
            tokenEndpoint: 'https://example.okta.com/oauth2/v1/token',
            userinfoEndpoint: 'https://example.okta.com/oauth2/v1/userinfo',
            jwksUri: 'https://example.okta.com/oauth2/v1/keys',
          },
        },
        {
          required: {
            siteOIDCConfiguration: [
              'enabled',
              'clientId',
              'clientSecret',
              'authorizationEndpoint',
              'tokenEndpoint',
              'userinfoEndpoint',
              'jwksUri',
            ],
          },
        },
      ),
    },
    {
      id: 'update-openid-connect-configuration',
      name: 'Update OpenID Connect Configuration',
      description: 'Changes an OIDC configuration of the site.',
      method: 'PUT',
      path: `${oidc}/{idp-configuration-id}`,
      minVersion: '3.22',
      body: jsonBody('siteOIDCConfiguration', { siteOIDCConfiguration: { enabled: false } }),
    },
    {
      id: 'remove-openid-connect-configuration',
      name: 'Remove OpenID Connect Configuration',
      description:
        'Disables an OIDC configuration; pass idpConfigurationId. Move its users to another authentication first.',
      method: 'PUT',
      path: '/sites/{site-id}/disable-site-oidc-configuration',
      minVersion: '3.24',
      query: [
        {
          name: 'idpConfigurationId',
          type: 'string',
          description: 'Id of the OIDC configuration to remove.',
          required: true,
        },
      ],
    },
    {
      id: 'add-domain-to-bridge-pool',
      name: 'Add Domain to Pool',
      description:
        'Maps a private-network domain to a Bridge pool, so that pool’s clients keep its data fresh.',
      method: 'POST',
      path: '/sites/{site-id}/bridge-domain-maps',
      minVersion: '3.28',
      availability: 'cloud',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_bridge.htm#add_domain_to_pool',
      sourceNote:
        'Method, path, version (3.28, Tableau Cloud March 2026) and the bridgeDomain request element read on the Bridge Methods reference page; the page’s other Bridge methods (clients, pools, domain updates) could not be read in full, so they are not in the catalog yet.',
      body: jsonBody('bridgeDomain', {
        bridgeDomain: { newDomainName: 'corp.example.com', newPoolLuid: exampleLuid },
      }),
    },
  ],
);
