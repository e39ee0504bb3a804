import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../shared/connection';
import { requestSpecSchema, type RequestSpecInput } from '../../shared/request';
import { confirmationFor } from './send-checks';

const session: SessionInfo = {
  connectionId: 'c',
  userId: 'me-1',
  userName: 'admin',
  siteId: 'site-1',
  siteName: 'Default',
  siteContentUrl: '',
  serverUrl: 'https://tableau.example.com',
  productVersion: '2025.1',
  apiVersion: '3.29',
  expiresAt: null,
  signedInAt: '2026-01-01T00:00:00.000Z',
};
const test = { name: 'Test server', production: false };
const prod = { name: 'Prod', production: true };
const spec = (input: RequestSpecInput) => requestSpecSchema.parse(input);
const USER = '/api/{api-version}/sites/{site-id}/users/{user-id}';

describe('confirmation before a destructive call', () => {
  it('asks before a DELETE, naming method, resolved URL and connection', () => {
    const asked = confirmationFor(
      spec({ method: 'DELETE', path: USER, pathParams: { 'user-id': 'other' } }),
      test,
      session,
      true,
    );
    expect(asked).toMatchObject({
      method: 'DELETE',
      url: 'https://tableau.example.com/api/3.29/sites/site-1/users/other',
      connectionName: 'Test server',
      production: false,
    });
  });

  it('asks before a write aimed at the signed-in user or at the site itself', () => {
    const updateMe = spec({ method: 'PUT', path: USER, pathParams: { 'user-id': 'me-1' } });
    expect(confirmationFor(updateMe, test, session, true)?.reason).toMatch(/signed-in user/);
    const updateSite = spec({ method: 'PUT', path: '/api/{api-version}/sites/{site-id}' });
    expect(confirmationFor(updateSite, test, session, true)?.reason).toMatch(/site itself/);
    const typedSite = spec({ method: 'DELETE', path: '/api/3.29/sites/site-1/' });
    expect(confirmationFor(typedSite, test, session, true)?.reason).toMatch(/site itself/);
  });

  it('lets an ordinary write or any read go without asking', () => {
    const other = spec({ method: 'PUT', path: USER, pathParams: { 'user-id': 'someone' } });
    expect(confirmationFor(other, test, session, true)).toBeNull();
    const addUser = spec({ method: 'POST', path: '/api/{api-version}/sites/{site-id}/users' });
    expect(confirmationFor(addUser, test, session, true)).toBeNull();
    expect(confirmationFor(spec({ method: 'GET', path: USER }), prod, session, true)).toBeNull();
  });

  it('always asks for a write to Production, even with the setting off', () => {
    const addUser = spec({ method: 'POST', path: '/api/{api-version}/sites/{site-id}/users' });
    expect(confirmationFor(addUser, prod, session, false)).toMatchObject({
      production: true,
      connectionName: 'Prod',
    });
    const del = spec({ method: 'DELETE', path: USER, pathParams: { 'user-id': 'me-1' } });
    expect(confirmationFor(del, test, session, false)).toBeNull();
  });
});
