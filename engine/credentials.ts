import type { Connection } from '../shared/connection';
import { EngineError } from './errors';

export interface Credentials {
  kind: Connection['auth']['kind'];
  identity: string;
  secret: string;
  /** Used instead of a PAT on servers older than PATs (the built-in sandbox emulating one). */
  passwordFallback?: { identity: string; secret: string };
}

/** First REST API version of each sign-in form (tableau-api.md §2). */
const FIRST_VERSION: Record<Credentials['kind'], [number, number]> = {
  password: [2, 0],
  pat: [3, 6],
  jwt: [3, 17],
};

/** The credentials a server of this API version can take, or a clear error. */
export function credentialsFor(credentials: Credentials, apiVersion: string): Credentials {
  const [major, minor] = apiVersion.split('.').map(Number);
  const [needMajor, needMinor] = FIRST_VERSION[credentials.kind];
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return credentials;
  if (credentials.kind === 'pat' && credentials.passwordFallback) {
    return { kind: 'password', ...credentials.passwordFallback };
  }
  const what = credentials.kind === 'pat' ? 'Personal access tokens' : 'Connected-app JWTs';
  throw new EngineError(
    'session.unsupportedCredentials',
    `${what} need REST API ${needMajor}.${needMinor} or later; this server speaks ${apiVersion}. Sign in with a user name and password instead.`,
  );
}

/** The `credentials` element of a sign-in body for each form (tableau-api.md §2). */
export function credentialFields(credentials: Credentials): Record<string, string> {
  switch (credentials.kind) {
    case 'pat':
      return {
        personalAccessTokenName: credentials.identity,
        personalAccessTokenSecret: credentials.secret,
      };
    case 'password':
      return { name: credentials.identity, password: credentials.secret };
    case 'jwt':
      return { jwt: credentials.secret };
  }
}
