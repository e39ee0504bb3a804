import { jsonBody } from '../bodies';
import { definePresets } from '../define';

export const serverPresets = definePresets(
  { family: 'server', prefix: 'server', page: 'rest_api_ref_server.htm' },
  [
    {
      id: 'server-info',
      name: 'Server Info',
      description: 'Product version and highest REST API version of the server. Needs no sign-in.',
      method: 'GET',
      path: '/serverinfo',
      minVersion: '2.4',
    },
    {
      id: 'list-server-active-directory-domains',
      name: 'List Server Active Directory Domains',
      description: 'Lists the Active Directory domains the server uses (server administrators).',
      method: 'GET',
      path: '/domains',
      minVersion: '3.11',
      availability: 'server',
    },
    {
      id: 'update-server-active-directory-domain',
      name: 'Update Server Active Directory Domain',
      description: 'Changes the name or nickname of an Active Directory domain on the server.',
      method: 'PUT',
      path: '/domains',
      minVersion: '3.11',
      availability: 'server',
      body: jsonBody(
        'domain',
        { domain: { id: '1', name: 'example.com', shortName: 'EXAMPLE' } },
        { required: { domain: ['id'] } },
      ),
    },
  ],
);
