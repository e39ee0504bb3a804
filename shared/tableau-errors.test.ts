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

describe('the error table, reviewed against each code', () => {
  it('has words for every code, none of which guess a cause the code does not give', () => {
    for (const [code, entry] of Object.entries(ERROR_EXPLANATIONS)) {
      expect(entry.explanation, code).toMatch(/\S{3}/);
      expect(entry.fix, code).toMatch(/\S{3}/);
      // A method-specific body example belongs to that method's request, not the table.
      expect(entry.fix, code).not.toContain('{"user"');
      expect(`${entry.explanation} ${entry.fix}`, code).not.toMatch(/may need a newer server/);
    }
    // Generic codes say they are generic rather than invent a cause.
    for (const code of ['400031', '400063'])
      expect(ERROR_EXPLANATIONS[code].explanation).toMatch(/does not say what causes it/);
    expect(ERROR_EXPLANATIONS['403022'].explanation).toMatch(/generic/);
  });

  it('403022 about your own user does not send you to your site role', () => {
    const panel = explainError({
      code: '403022',
      summary: 'Forbidden',
      detail: 'You cannot remove yourself from the site.',
    });
    expect(panel.explanation).toMatch(/your own user/);
    expect(`${panel.explanation} ${panel.suggestedFix}`).not.toMatch(/check your site role/i);
    expect(panel.suggestedFix).toMatch(/another administrator/);
  });

  it('a malformed multipart body gets multipart advice, not a JSON root element', () => {
    const byDetail = explainError({
      code: '400000',
      summary: 'Bad Request',
      detail: 'The multipart boundary could not be found.',
    });
    const byRequest = explainError(
      {
        code: '400000',
        summary: 'Bad Request',
        detail: 'Payload is either malformed or incomplete',
      },
      { bodyKind: 'multipart', bodyRoot: 'workbook' },
    );
    for (const panel of [byDetail, byRequest]) {
      expect(panel.suggestedFix).toMatch(/boundary/);
      expect(panel.suggestedFix).not.toMatch(/root element/);
    }
    const json = explainError(
      {
        code: '400000',
        summary: 'Bad Request',
        detail: 'Payload is either malformed or incomplete',
      },
      { bodyKind: 'json', bodyRoot: 'project' },
    );
    expect(json.suggestedFix).toContain('{"project":{…}}');
  });

  it('a 404 for a path the server does not serve blames the version only when the version is short', () => {
    const error = { code: '404003', summary: 'Not Found', detail: 'Unknown resource' };
    const old = explainError(error, {
      presetName: 'Query Projects',
      presetMinVersion: '2.0',
      apiVersion: '3.29',
    });
    expect(old.explanation).toMatch(/version is not the cause/);
    expect(`${old.explanation} ${old.suggestedFix}`).not.toMatch(/newer/);
    const tooNew = explainError(error, { presetMinVersion: '3.30', apiVersion: '3.9' });
    expect(tooNew.explanation).toMatch(/needs REST API 3\.30; this request went with 3\.9/);
    // A 404 code the table does not list (it names a resource type) gets the same fit.
    const workbook = explainError(
      { code: '404006', summary: 'Resource Not Found', detail: "Workbook 'x' could not be found." },
      { presetName: 'Query Workbook', presetMinVersion: '2.0', apiVersion: '3.29' },
    );
    expect(workbook.explanation).toMatch(/version is not the cause/);
    expect(workbook.suggestedFix).toBe(
      'Check the ids in the path: list the items first to find valid ones.',
    );
    // Without a preset Trestle cannot tell, and says only what the code says.
    const plain = explainError(error);
    expect(plain.explanation).toBe(ERROR_EXPLANATIONS['404003'].explanation);
    expect(plain.suggestedFix).not.toMatch(/version/);
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
