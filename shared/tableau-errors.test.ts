import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ERROR_EXPLANATIONS,
  explainError,
  explainSignInFailure,
  readTableauError,
} from './tableau-errors';

const reference = fs.readFileSync(
  path.resolve(__dirname, '..', '..', 'shared', 'reference', 'tableau-api.md'),
  'utf8',
);

describe('Tableau error explanations', () => {
  it('cover every error code named in the reference', () => {
    const codes = new Set([...reference.matchAll(/\b([1-5]\d{2}\d{3})\b/g)].map((m) => m[1]));
    // Build numbers and dates also look like six digits; keep codes whose status is an HTTP error.
    const errorCodes = [...codes].filter((code) =>
      /^(400|401|403|404|405|408|409|429|500|503)/.test(code),
    );
    expect(errorCodes.length).toBeGreaterThan(40);
    const missing = errorCodes.filter((code) => !ERROR_EXPLANATIONS[code]);
    expect(missing).toEqual([]);
  });

  it('explains an unlisted code by its HTTP status without claiming a specific cause', () => {
    const explained = explainError({
      code: '404006',
      summary: 'Resource Not Found',
      detail: "Workbook 'x' could not be found.",
    });
    expect(explained.explanation).toMatch(/not found/);
    expect(explained.explanation).not.toMatch(/site id/);
    expect(explained.suggestedFix).toBeTruthy();
  });

  it('reads the error block from JSON and from XML-converted bodies', () => {
    expect(
      readTableauError({
        error: { code: '401002', summary: 'Unauthorized Access', detail: 'Invalid' },
      }),
    ).toEqual({
      code: '401002',
      summary: 'Unauthorized Access',
      detail: 'Invalid',
    });
    expect(
      readTableauError({
        error: { code: '400006', summary: { value: 'Bad Request' }, detail: { value: 'Page' } },
      }),
    ).toEqual({
      code: '400006',
      summary: 'Bad Request',
      detail: 'Page',
    });
    expect(readTableauError({ users: {} })).toBeNull();
  });
});

describe('sign-in failures explained like REST errors', () => {
  const pat = {
    authKind: 'pat' as const,
    identity: 'ci-token',
    siteContentUrl: 'marketing',
    serverUrl: 'https://tableau.example.com',
  };
  const refused = {
    code: 'session.signInFailed',
    message: 'Sign-in failed: Signin Error (401001). Error signing in to Tableau Server',
    detail: {
      code: '401001',
      summary: 'Signin Error',
      detail: 'Error signing in to Tableau Server',
    },
  };

  it('401001 names this connection’s token and site, the causes Tableau will not tell apart, and what to try', () => {
    const panel = explainSignInFailure(refused, pat);
    expect(panel.code).toBe('401001');
    expect(panel.detail).toBe('Signin Error: Error signing in to Tableau Server');
    expect(panel.explanation).toContain('“ci-token”');
    expect(panel.explanation).toContain('“marketing”');
    expect(panel.explanation).toMatch(/expired|revoked/);
    expect(panel.suggestedFix).toMatch(/secret.*site content URL.*new PAT/);
    const password = explainSignInFailure(refused, {
      ...pat,
      authKind: 'password',
      identity: 'admin',
      siteContentUrl: '',
    });
    expect(password.explanation).toContain('user name “admin” and its password');
    expect(password.explanation).toContain('Default site');
  });

  it('401002 says the PAT is in use elsewhere or revoked', () => {
    const panel = explainSignInFailure(
      { ...refused, detail: { code: '401002', summary: 'Unauthorized Access', detail: 'Invalid' } },
      pat,
    );
    expect(panel.explanation).toMatch(/one session at a time/);
    expect(panel.explanation).toMatch(/revoked/);
  });

  it('an unreachable server says so, with the engine’s sentence as the detail', () => {
    const panel = explainSignInFailure(
      { code: 'request.network', message: 'connect ECONNREFUSED 127.0.0.1:9' },
      pat,
    );
    expect(panel.summary).toBe('Trestle could not reach https://tableau.example.com');
    expect(panel.detail).toContain('ECONNREFUSED');
  });
});
