import { describe, expect, it } from 'vitest';
import { apiPathProblem, isTokenEndpoint, normalizeApiPath } from './api-path';
import { catalog } from './catalog';

describe('normalizeApiPath', () => {
  it('reads a path as the most lenient server would', () => {
    expect(normalizeApiPath('/api/3.29//auth/switchSite')).toBe('/api/3.29/auth/switchSite');
    expect(normalizeApiPath('/api/3.29/auth/signin//')).toBe('/api/3.29/auth/signin');
    expect(normalizeApiPath('/api/3.29/./sites/../auth/signin')).toBe('/api/3.29/auth/signin');
    expect(normalizeApiPath('/api/3.29/auth%2Fsignin')).toBe('/api/3.29/auth/signin');
    expect(normalizeApiPath('/api/3.29/auth%252Fsignin')).toBe('/api/3.29/auth/signin');
    expect(normalizeApiPath('/api/3.29/auth;x=1/signin;jsessionid=2')).toBe(
      '/api/3.29/auth/signin',
    );
    expect(normalizeApiPath('/api/3.29/%2e%2e/..;/x')).toBe('/x');
    expect(normalizeApiPath('/api/3.29\\auth\\signin')).toBe('/api/3.29/auth/signin');
    expect(normalizeApiPath('/api/3.29/users?filter=a//b')).toBe('/api/3.29/users');
  });

  it('keeps a literal percent that was encoded, and refuses malformed encoding', () => {
    expect(normalizeApiPath('/api/3.29/labelValues/50%25')).toBe('/api/3.29/labelValues/50%');
    for (const bad of ['/api/3.29/%zz', '/api/3.29/50%', '/api/%E0%A4%A', '/api/%C0%AF', '/a%00b'])
      expect(normalizeApiPath(bad)).toBeNull();
  });
});

describe('isTokenEndpoint', () => {
  it('sees Sign In and Switch Site however they are written', () => {
    for (const path of [
      '/api/3.29/auth/signin',
      '/api/{api-version}//auth/switchSite',
      '/api/3.29/auth//signin',
      '/api/3.29/auth/signin//',
      '/api/3.29/auth%2Fsignin',
      '/api/3.29/auth/signin;x',
      '/api/3.29/./auth/signin',
      '/api/3.29/sites/x/../../auth/signin',
      '/API/3.29/AUTH/SignIn',
      '/api/3.29/auth/signin.json',
      '/api/3.29/auth/signin.',
      '/api/exp/auth/switchsite',
      '/api/3.29/auth/%73ignin',
      '/api/3.29/auth/%zz',
    ])
      expect(isTokenEndpoint(path), path).toBe(true);
  });

  it('leaves other auth and session methods alone', () => {
    for (const path of [
      '/api/3.29/auth/serverAdminAccessTokens',
      '/api/3.29/sessions/current',
      '/api/3.29/sites/x/users/signin',
      '/api/3.29/auth/signout',
    ])
      expect(isTokenEndpoint(path), path).toBe(false);
  });
});

describe('apiPathProblem', () => {
  it('allows every path of the catalog but the three the engine does itself', () => {
    const refused = catalog.flatMap((preset) => {
      const path = preset.path.replace(/\{[^}]+\}/g, (name) =>
        name === '{api-version}' ? '3.29' : 'a1b2c3',
      );
      return apiPathProblem(path) ? [preset.path] : [];
    });
    expect(refused.sort()).toEqual([
      '/api/{api-version}/auth/signin',
      '/api/{api-version}/auth/signout',
      '/api/{api-version}/auth/switchSite',
    ]);
  });

  it('refuses anything outside Tableau’s API prefixes, as written and as normalised', () => {
    for (const path of [
      '/__sandbox/sessions',
      '/__sandbox/faults',
      '/',
      '/vizportal/api/web/v1/getSessionInfo',
      '/api/3.29/../../__sandbox/sessions',
      '/api/3.29/..%2F..%2F__sandbox/sessions',
      '/__sandbox/..%2F..%2Fapi/3.29/serverinfo',
      '/api/anything/else',
    ])
      expect(apiPathProblem(path)?.code, path).toBe('request.outsideApi');
    expect(apiPathProblem('/api/3.29/%zz')?.code).toBe('request.badPath');
    expect(apiPathProblem('/api/3.29/auth/signout/')?.code).toBe('request.tokenEndpoint');
  });
});
