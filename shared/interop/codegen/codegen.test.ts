import { describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../request';
import { CODE_LANGUAGES, generateCode, type CodeLanguage } from './index';
import { envName } from './plan';

const spec = (extra: Partial<RequestSpec> = {}): RequestSpec => ({
  method: 'GET',
  path: '/api/{api-version}/sites/{site-id}/users',
  pathParams: {},
  query: [],
  headers: [],
  body: { kind: 'none' },
  accept: 'json',
  ...extra,
});

const layers = [
  {
    scope: 'connection' as const,
    label: 'Production',
    variables: [
      { name: 'project-name', value: 'Finance', secret: false, enabled: true },
      { name: 'api-key', value: 'sk-live-0123456789', secret: true, enabled: true },
    ],
  },
];

describe('code generation', () => {
  const update = spec({
    method: 'PUT',
    path: '/api/{api-version}/sites/{site-id}/projects/{project-id}',
    pathParams: { 'project-id': '{{project-id}}' },
    query: [
      { name: 'x', value: '{{api-key}}', enabled: true },
      { name: 'off', value: '1', enabled: false },
    ],
    headers: [
      { name: 'X-Tableau-Auth', value: 'tok-abc', enabled: true },
      { name: 'X-Key', value: '{{api-key}}', enabled: true },
    ],
    body: { kind: 'json', text: '{"project": {"name": "{{project-name}}"}}' },
  });

  it.each(CODE_LANGUAGES)(
    '%s: resolves plain variables, reads secret and unknown ones from the environment, never writes them',
    (language) => {
      const snippet = generateCode(language as CodeLanguage, {
        spec: update,
        presetId: 'projects.update-project',
        layers,
        serverUrl: 'https://tableau.example.com',
        apiVersion: '3.22',
      });
      expect(snippet.text).not.toMatch(/sk-live-0123456789|tok-abc/);
      expect(snippet.text).toContain('Finance');
      expect(snippet.text).toContain('PROJECT_ID');
      expect(snippet.text).toContain('API_KEY');
      expect(snippet.text).toContain('TABLEAU_PAT_SECRET');
      expect(snippet.text).toContain('https://tableau.example.com');
      expect(snippet.text).toContain('3.22');
      expect(snippet.text).not.toContain('off');
      expect(snippet.env).toEqual([
        'TABLEAU_SERVER',
        'TABLEAU_API_VERSION',
        'TABLEAU_PAT_NAME',
        'TABLEAU_PAT_SECRET',
        'TABLEAU_SITE',
        'PROJECT_ID',
        'API_KEY',
      ]);
      expect(snippet.notes).toContain(
        'The X-Tableau-Auth header is left out: the snippet signs in itself.',
      );
    },
  );

  it('names environment variables from variable and placeholder names', () => {
    expect(envName('project-id')).toBe('PROJECT_ID');
    expect(envName('2fa code')).toBe('VAR_2FA_CODE');
    expect(envName('tableau-server')).toBe('VAR_TABLEAU_SERVER');
  });

  it('an empty path field becomes an environment variable, never an empty segment', () => {
    const text = generateCode('python', {
      spec: spec({ path: '/api/{api-version}/sites/{site-id}/users/{user-id}' }),
    }).text;
    expect(text).toContain('USER_ID = os.environ["USER_ID"]  # path field user-id');
    expect(text).toContain('quote(USER_ID, safe="")');
  });

  it('signs in with a password or takes a token when asked, and says so', () => {
    expect(
      generateCode('curl', { spec: spec(), signIn: 'password', identity: 'admin' }).text,
    ).toContain('${TABLEAU_USERNAME:-admin}');
    const token = generateCode('javascript', { spec: spec(), signIn: 'token' });
    expect(token.text).toContain("const token = need('TABLEAU_TOKEN');");
    expect(token.text).not.toContain('/auth/signin');
    expect(token.env).toEqual([
      'TABLEAU_SERVER',
      'TABLEAU_API_VERSION',
      'TABLEAU_TOKEN',
      'TABLEAU_SITE_ID',
    ]);
  });

  it('TSC for a preset it has a call for, requests otherwise, saying so', () => {
    const list = generateCode('tsc', {
      spec: spec({
        query: [
          {
            name: 'filter',
            value: 'siteRole:eq:Creator,lastLogin:gte:2024-01-01T00:00:00Z',
            enabled: true,
          },
          { name: 'sort', value: 'name:desc', enabled: true },
        ],
      }),
      presetId: 'users.get-users-on-site',
    });
    expect(list.text).toContain(
      'server.users.filter(site_role="Creator", last_login__gte="2024-01-01T00:00:00Z").order_by("-name")',
    );
    expect(list.text).toContain(
      'TSC.PersonalAccessTokenAuth(os.environ["TABLEAU_PAT_NAME"], os.environ["TABLEAU_PAT_SECRET"], site_id=SITE)',
    );
    expect(list.notes).toEqual([]);
    const other = generateCode('tsc', {
      spec: spec({ path: '/api/{api-version}/sites/{site-id}/settings/embedding' }),
      presetId: 'sites.get-embedding-settings-for-a-site',
    });
    expect(other.text.split('\n')[0]).toBe(
      "# Tableau's Python client (TSC) has no call for “Get Embedding Settings for a Site”: this is the same request with Python's requests.",
    );
    expect(other.notes).toContain('TSC has no call for this request: the snippet uses requests.');
  });

  it('curl: bodies in a heredoc with $ and backticks escaped; the token and secret never in a command line', () => {
    const text = generateCode('curl', {
      spec: spec({
        method: 'POST',
        body: { kind: 'text', text: 'cost $5 `x` \\n', contentType: 'text/plain' },
      }),
    }).text;
    expect(text).toContain('cost \\$5 \\`x\\` \\\\n');
    expect(text).toContain(`-H @<(printf 'X-Tableau-Auth: %s' "$TOKEN")`);
    expect(text).toMatch(/SIGNIN=\$\(printf '<tsRequest>/);
  });

  it('PowerShell: single-quoted literals with quotes doubled, here-string bodies', () => {
    const text = generateCode('powershell', {
      spec: spec({
        method: 'POST',
        headers: [{ name: 'X-Name', value: "O'Brien", enabled: true }],
        body: { kind: 'xml', text: "<x a='1'/>" },
      }),
    }).text;
    expect(text).toContain("'O''Brien'");
    expect(text).toContain("@'\n<x a='1'/>\n'@");
    expect(text).toContain("-Headers @{ 'X-Tableau-Auth' = $Token");
    const curl = generateCode('curl-powershell', { spec: spec() }).text;
    expect(curl).toContain('curl.exe');
    expect(curl).toContain('-H "@$Headers"');
  });

  it('multipart/mixed (publish): the payload part and each file part, the file from an environment variable', () => {
    const publish = spec({
      method: 'POST',
      path: '/api/{api-version}/sites/{site-id}/workbooks',
      query: [{ name: 'overwrite', value: 'true', enabled: true }],
      body: {
        kind: 'multipart',
        text: '<tsRequest><workbook name="Sales"><project id="p1"/></workbook></tsRequest>',
        payloadType: 'xml',
        files: [{ name: 'tableau_workbook', path: '' }],
      },
    });
    const curl = generateCode('curl', { spec: publish, presetId: 'publishing.publish-workbook' });
    expect(curl.text).toContain(`-H 'Content-Type: multipart/mixed'`);
    expect(curl.text).toContain('-F "request_payload=@$PAYLOAD;type=text/xml"');
    expect(curl.text).toContain(
      '-F "tableau_workbook=@${WORKBOOK_FILE};type=application/octet-stream"',
    );
    expect(curl.text).toContain(
      'WORKBOOK_FILE="${WORKBOOK_FILE:?set WORKBOOK_FILE (the file for the tableau_workbook part)}"',
    );
    expect(curl.env).toContain('WORKBOOK_FILE');
    for (const language of ['python', 'javascript', 'powershell'] as const)
      expect(generateCode(language, { spec: publish }).text).toMatch(/multipart\/mixed; boundary=/);
    const tsc = generateCode('tsc', { spec: publish, presetId: 'publishing.publish-workbook' });
    expect(tsc.text).toContain('item = TSC.WorkbookItem("p1", name="Sales")');
    expect(tsc.text).toContain('item = server.workbooks.publish(item, WORKBOOK_FILE, "Overwrite")');
  });
});
