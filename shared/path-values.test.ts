import { describe, expect, it } from 'vitest';
import { pathOfUrl, pathValuesOf } from './path-values';

describe('path values read back from a sent path', () => {
  it('gives each placeholder its decoded value', () => {
    expect(
      pathValuesOf(
        '/api/{api-version}/sites/{site-id}/users/{user-id}',
        '/api/3.29/sites/s/users/a%20b',
      ),
    ).toEqual({ 'api-version': '3.29', 'site-id': 's', 'user-id': 'a b' });
  });

  it('is null when the path does not follow the template, and keeps malformed encoding as sent', () => {
    expect(pathValuesOf('/api/{api-version}/serverinfo', '/api/3.29/sites')).toBeNull();
    expect(pathValuesOf('/x/{id}', '/x/%E0%A4%A')).toEqual({ id: '%E0%A4%A' });
  });

  it('takes the path of a URL without its query', () => {
    expect(pathOfUrl('https://h:8080/api/3.29/x?y=1#z')).toBe('/api/3.29/x');
    expect(pathOfUrl('https://h')).toBe('/');
    expect(pathOfUrl('not a url')).toBeNull();
  });
});
