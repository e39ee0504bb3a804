import { describe, expect, it } from 'vitest';
import { draftSpecSchema } from '../../shared/documents';
import type { RequestSpecInput } from '../../shared/request';
import { emptyPlaceholders, resolveUrl } from './resolved-url';

const target = { serverUrl: 'http://127.0.0.1:8123', apiVersion: '3.29', siteId: 'site-1' };
const spec = (input: Partial<RequestSpecInput>) =>
  draftSpecSchema.parse({
    method: 'GET',
    path: '/api/{api-version}/sites/{site-id}/users/{user-id}',
    ...input,
  });

describe('the resolved URL shown before Send', () => {
  it('fills the server, API version, site id, each field and the enabled query, as the engine does', () => {
    const resolved = resolveUrl(
      spec({
        pathParams: { 'user-id': 'a b' },
        query: [
          { name: 'fields', value: '_all_' },
          { name: 'filter', value: 'name:eq:x y', enabled: true },
          { name: 'off', value: '1', enabled: false },
          { name: '', value: 'half-typed' },
        ],
      }),
      target,
    );
    expect(resolved.url).toBe(
      'http://127.0.0.1:8123/api/3.29/sites/site-1/users/a%20b?fields=_all_&filter=name%3Aeq%3Ax+y',
    );
    expect(resolved.pieces.map((p) => p.text).join('')).toBe(resolved.url);
    expect(resolved.pieces.filter((p) => p.kind === 'session').map((p) => p.name)).toEqual([
      'api-version',
      'site-id',
    ]);
    expect(resolved.pieces.find((p) => p.name === 'user-id')?.kind).toBe('value');
  });

  it('marks an empty field instead of guessing it, and has no URL to send', () => {
    for (const pathParams of [{}, { 'user-id': '  ' }] as Record<string, string>[]) {
      const resolved = resolveUrl(spec({ pathParams }), target);
      expect(resolved.url).toBeNull();
      expect(resolved.missing).toEqual(['user-id']);
      expect(resolved.pieces.find((p) => p.name === 'user-id')).toEqual({
        kind: 'missing',
        text: '{user-id}',
        name: 'user-id',
      });
      expect(resolved.reason).toContain('{user-id}');
    }
    expect(emptyPlaceholders(spec({}))).toEqual(['user-id']);
  });

  it('marks the session parts as unknown before sign-in', () => {
    const resolved = resolveUrl(spec({ pathParams: { 'user-id': 'u' } }), null);
    expect(resolved.url).toBeNull();
    expect(resolved.pieces[0]).toEqual({ kind: 'origin', text: 'https://{server}' });
    expect(resolved.pieces.filter((p) => p.kind === 'missing').map((p) => p.name)).toEqual([
      'api-version',
      'site-id',
    ]);
  });

  it('shows the URL as sent when URL rules rewrite the path', () => {
    const resolved = resolveUrl(
      spec({ path: '/api/{api-version}/sites/{site-id}/a/../users' }),
      target,
    );
    expect(resolved.url).toBe('http://127.0.0.1:8123/api/3.29/sites/site-1/users');
    expect(resolved.pieces).toEqual([{ kind: 'text', text: resolved.url }]);
  });
});
