import { exampleLuid, freeJsonBody, jsonBody } from '../bodies';
import { definePresets } from '../define';

/**
 * Versionless, JSON-only `authn-service` methods for Tableau Server identity pools (3.19+).
 * Identity stores and auth configurations were checked against the OpenAPI description behind
 * the reference (method names, verbs, paths; "Available in API 3.19 (Tableau Server 2023.1)").
 */
const pool = '/api/-/authn-service/identity-pools';
const store = '/api/-/authn-service/identity-stores';
const authConfig = '/api/-/authn-service/auth-configurations';

const poolSchema = {
  type: 'object' as const,
  properties: {
    identity_pool: {
      type: 'object' as const,
      properties: {
        name: { type: 'string' as const },
        description: { type: 'string' as const },
        identity_store_instance_id: { type: ['integer', 'string'] as ('integer' | 'string')[] },
        auth_type_instance_id: { type: ['integer', 'string'] as ('integer' | 'string')[] },
        is_enabled: { type: 'boolean' as const },
      },
      required: ['name'],
    },
  },
  required: ['identity_pool'],
};

export const identityPoolPresets = definePresets(
  {
    family: 'identity-pools',
    prefix: 'identity-pools',
    page: 'rest_api_ref_identity_pools.htm',
    availability: 'server',
  },
  [
    {
      id: 'list-identity-pools',
      name: 'List Identity Pools',
      description: 'Lists the identity pools on the server.',
      method: 'GET',
      path: pool,
      minVersion: '3.19',
    },
    {
      id: 'get-identity-pool',
      name: 'Get Identity Pool',
      description: 'Returns one identity pool.',
      method: 'GET',
      path: `${pool}/{identity-pool-id}`,
      minVersion: '3.19',
    },
    {
      id: 'create-identity-pool',
      name: 'Create Identity Pool',
      description:
        'Creates an identity pool from an identity store and an authentication configuration.',
      method: 'POST',
      path: pool,
      minVersion: '3.19',
      body: freeJsonBody(
        {
          identity_pool: {
            name: 'Contractors',
            description: 'Sign in with the contractor IdP',
            identity_store_instance_id: 1,
            auth_type_instance_id: 1,
            is_enabled: true,
          },
        },
        poolSchema,
        'Field names follow Tableau’s authn-service JSON (snake case); check them against your server’s reference.',
      ),
    },
    {
      id: 'update-identity-pool',
      name: 'Update Identity Pool',
      description: 'Replaces an identity pool’s settings; send every field, not only changes.',
      method: 'PUT',
      path: `${pool}/{identity-pool-id}`,
      minVersion: '3.19',
      body: freeJsonBody(
        { identity_pool: { name: 'Contractors', is_enabled: true } },
        poolSchema,
        'Field names follow Tableau’s authn-service JSON (snake case).',
      ),
    },
    {
      id: 'delete-identity-pool',
      name: 'Delete Identity Pool',
      description: 'Deletes an identity pool; move its users to another pool first.',
      method: 'DELETE',
      path: `${pool}/{identity-pool-id}`,
      minVersion: '3.19',
    },
    {
      id: 'list-identity-stores',
      name: 'List Identity Stores',
      description: 'Lists the identity store instances used to provision users.',
      method: 'GET',
      path: store,
      minVersion: '3.19',
      anchor: 'AuthnService_ListIdentityStoresTAG',
    },
    {
      id: 'configure-identity-store',
      name: 'Configure Identity Store',
      description: 'Adds an identity store instance (local or LDAP).',
      method: 'POST',
      path: store,
      minVersion: '3.19',
    },
    {
      id: 'delete-identity-store',
      name: 'Delete Identity Store',
      description: 'Deletes an identity store instance.',
      method: 'DELETE',
      path: `${store}/{identity-store-id}`,
      minVersion: '3.19',
      params: { 'identity-store-id': 'Id of the identity store instance.' },
    },
    {
      id: 'list-authentication-configurations',
      name: 'List Authentication Configurations',
      description: 'Lists the authentication instances (e.g. OIDC) identity pools can use.',
      method: 'GET',
      path: authConfig,
      minVersion: '3.19',
    },
    {
      id: 'create-authentication-configuration',
      name: 'Create Authentication Configuration',
      description: 'Creates an OpenID Connect authentication instance.',
      method: 'POST',
      path: authConfig,
      minVersion: '3.19',
    },
    {
      id: 'update-authentication-configuration',
      name: 'Update Authentication Configuration',
      description: 'Replaces an authentication instance’s settings; send every field.',
      method: 'PUT',
      path: `${authConfig}/{auth-config-id}`,
      minVersion: '3.19',
    },
    {
      id: 'delete-authentication-configuration',
      name: 'Delete Authentication Configuration',
      description: 'Deletes an authentication instance.',
      method: 'DELETE',
      path: `${authConfig}/{auth-config-id}`,
      minVersion: '3.19',
    },
    {
      id: 'add-user-to-identity-pool',
      name: 'Add User to Identity Pool',
      description: 'Adds an existing user to an identity pool, so they sign in through it.',
      method: 'POST',
      path: '/sites/{site-id}/users/identityPool',
      minVersion: '3.19',
      availability: 'server',
      anchor: 'add_user_to_idpool',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_identity_pools.htm#add_user_to_idpool',
      sourceNote:
        'Method, path and body (user id, identityPoolUuid, optional name, siteRole, authSetting, identityUuid) from PSTableauREST (Add-TableauUserToIdentityPool, which links this anchor and requires 3.19); the attributes are in the XSD’s userType.',
      body: jsonBody(
        'user',
        { user: { id: exampleLuid, identityPoolUuid: exampleLuid } },
        { required: { user: ['id', 'identityPoolUuid'] } },
      ),
    },
    {
      id: 'remove-user-from-identity-pool',
      name: 'Remove User from Identity Pool',
      description: 'Takes a user out of an identity pool.',
      method: 'DELETE',
      path: '/sites/{site-id}/users/{user-id}/identityPool/{identity-pool-id}',
      minVersion: '3.19',
      availability: 'server',
      anchor: 'remove_user_from_idpool',
      docUrl:
        'https://help.tableau.com/current/api/rest_api/en-us/REST/rest_api_ref_identity_pools.htm#remove_user_from_idpool',
      sourceNote:
        'Method and path from PSTableauREST (Remove-TableauUserFromIdentityPool, which links this anchor and requires 3.19).',
    },
  ],
);
