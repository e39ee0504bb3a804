import { jsonBody } from '../bodies';
import { definePresets } from '../define';

export const authenticationPresets = definePresets(
  { family: 'authentication', prefix: 'auth', page: 'rest_api_ref_authentication.htm' },
  [
    {
      id: 'sign-in',
      name: 'Sign In',
      description:
        'Signs in with a name and password, a personal access token (3.6+) or a connected-app JWT (3.17+); returns the session token, site LUID and user LUID. Add credentials.user.id to impersonate (Server admins).',
      method: 'POST',
      path: '/auth/signin',
      minVersion: '2.0',
      doneByConnection: 'signIn',
      body: jsonBody(
        'credentials',
        {
          credentials: {
            personalAccessTokenName: 'my-token',
            personalAccessTokenSecret: 'secret',
            site: { contentUrl: '' },
          },
        },
        {
          required: { 'credentials.site': ['contentUrl'] },
          note: 'Use name + password, personalAccessTokenName + personalAccessTokenSecret, or jwt. contentUrl "" is the Default site.',
        },
      ),
    },
    {
      id: 'sign-out',
      name: 'Sign Out',
      description: 'Ends the session and invalidates its token.',
      method: 'POST',
      path: '/auth/signout',
      minVersion: '2.0',
      doneByConnection: 'signOut',
    },
    {
      id: 'switch-site',
      name: 'Switch Site',
      description:
        'Moves the session to another site without signing in again; returns a new token. Switching to the current site fails with 403070.',
      method: 'POST',
      path: '/auth/switchSite',
      minVersion: '2.6',
      doneByConnection: 'switchSite',
      body: jsonBody(
        'site',
        { site: { contentUrl: 'OtherSite' } },
        { required: { site: ['contentUrl'] } },
      ),
    },
    {
      id: 'get-current-server-session',
      name: 'Get Current Server Session',
      description: 'Returns the site, user and session details of the current token.',
      method: 'GET',
      path: '/sessions/current',
      minVersion: '3.1',
    },
    {
      id: 'delete-server-session',
      name: 'Delete Server Session',
      description: 'Ends another session by its id (server administrators).',
      method: 'DELETE',
      path: '/sessions/{session-id}',
      minVersion: '3.9',
      availability: 'server',
    },
    {
      id: 'revoke-administrator-personal-access-tokens',
      name: 'Revoke Administrator Personal Access Tokens',
      description:
        'Revokes every personal access token owned by server administrators. TSC sends POST /auth/revokeAllServerAdminTokens instead; the docs give this DELETE.',
      method: 'DELETE',
      path: '/auth/serverAdminAccessTokens',
      minVersion: '3.10',
      sourceNote:
        'Reference and Postman: DELETE /auth/serverAdminAccessTokens. TSC instead sends POST /auth/revokeAllServerAdminTokens (also 3.10). Version unsettled: tabbycat (a client generated from the REST reference) gates this DELETE at 3.11; 3.10 follows TSC.',
      availability: 'server',
    },
  ],
);
