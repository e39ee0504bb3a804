import { describe, expect, it } from 'vitest';
import { importCurlCommand, importCurlCommands, looksLikeCurl, readPastedUrl } from './curl-import';
import { shellWords } from './shell-words';

function one(text: string, serverUrl?: string) {
  const result = importCurlCommand(text, { serverUrl, newId: () => 'r1' });
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

describe('shell words', () => {
  it('reads quotes, escapes, $’…’, continuations and comments as bash does', () => {
    expect(
      shellWords(`curl -H 'A: b c' "x\\"y" a\\ b $'l1\\nl2\\x41\\u00e9' # comment`).commands,
    ).toEqual([['curl', '-H', 'A: b c', 'x"y', 'a b', 'l1\nl2Aé']]);
    expect(shellWords('curl \\\n  -X POST \\\r\n  https://x').commands).toEqual([
      ['curl', '-X', 'POST', 'https://x'],
    ]);
    expect(shellWords('curl.exe -X POST ^\n  https://x').commands).toEqual([
      ['curl.exe', '-X', 'POST', 'https://x'],
    ]);
    expect(shellWords('curl -X POST `\n  https://x').commands).toEqual([
      ['curl', '-X', 'POST', 'https://x'],
    ]);
    expect(shellWords('export A=1; curl a && curl b | jq .').commands).toEqual([
      ['export', 'A=1'],
      ['curl', 'a'],
      ['curl', 'b'],
      ['jq', '.'],
    ]);
  });

  it('turns $NAME and ${NAME} outside single quotes into {{NAME}}', () => {
    expect(shellWords(`curl "$SERVER/api" -H "X: \${TOKEN}" '$KEEP'`).commands).toEqual([
      ['curl', '{{SERVER}}/api', '-H', 'X: {{TOKEN}}', '$KEEP'],
    ]);
  });

  it('says where a quote is never closed', () => {
    expect(shellWords(`curl 'https://x`).error).toBe(
      'A single quote opened at character 6 is never closed.',
    );
    expect(shellWords(`curl "a`).error).toMatch(/double quote opened at character 6/);
  });
});

describe('curl import', () => {
  it('reads Tableau’s documented form: method, URL, the token dropped with a note, an XML body', () => {
    const r = one(
      `curl "https://tableau.example.com/api/3.19/sites/9a8b7c6d-1234-4bcd-8ef0-0123456789ab/users" -X POST -H "X-Tableau-Auth: 12ab34cd|56ef78ab" -H "Content-Type: application/xml" -d "<tsRequest><user name='ann' siteRole='Viewer'/></tsRequest>"`,
      'https://tableau.example.com',
    );
    expect(r.request.spec).toEqual({
      method: 'POST',
      path: '/api/{api-version}/sites/{site-id}/users',
      pathParams: {},
      query: [],
      headers: [],
      body: { kind: 'xml', text: "<tsRequest><user name='ann' siteRole='Viewer'/></tsRequest>" },
      accept: 'json',
    });
    expect(r.request.presetId).toBe('users.add-user-to-site');
    expect(r.request.name).toBe('Add User to Site');
    expect(r.sameServer).toBe(true);
    expect(r.report.notes).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'X-Tableau-Auth header' }),
    );
    expect(JSON.stringify(r.request)).not.toContain('12ab34cd');
  });

  it('offers a new connection when the command aims at another server', () => {
    const r = one(
      `curl https://other.example.com/api/3.19/serverinfo`,
      'https://tableau.example.com',
    );
    expect(r.sameServer).toBe(false);
    expect(r.connection.serverUrl).toBe('https://other.example.com');
    expect(r.report.notes).toContainEqual(
      expect.objectContaining({ kind: 'changed', what: 'server https://other.example.com' }),
    );
  });

  it('reads Chrome’s “Copy as cURL”: $’…’ bodies, --data-raw, -H Accept, ignored options named', () => {
    const r = one(
      `curl 'https://tableau.example.com/api/3.22/sites/9a8b7c6d-1234-4bcd-8ef0-0123456789ab/projects' \\\n  -H 'accept: application/json' \\\n  -H 'content-type: application/json' \\\n  --data-raw $'{"project":{"name":"It\\'s new"}}' \\\n  --compressed -k`,
    );
    expect(r.request.spec.method).toBe('POST');
    expect(r.request.spec.body).toEqual({ kind: 'json', text: `{"project":{"name":"It's new"}}` });
    expect(r.request.presetId).toBe('projects.create-project');
    expect(r.report.notes).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'curl options --compressed, -k' }),
    );
  });

  it('-G with -d and --data-urlencode puts the data in the query', () => {
    const r = one(
      `curl -G https://t.example.com/api/3.19/sites/{{site}}/users -d pageSize=5 --data-urlencode "filter=name:eq:Ann Lee"`,
    );
    expect(r.request.spec.method).toBe('GET');
    expect(r.request.spec.query).toEqual([
      { name: 'pageSize', value: '5', enabled: true },
      { name: 'filter', value: 'name:eq:Ann Lee', enabled: true },
    ]);
  });

  it('-F parts become a multipart/mixed body, files to be picked; @file bodies reported, never guessed', () => {
    const r = one(
      `curl https://t.example.com/api/3.19/sites/x/workbooks -X POST -H "Content-Type: multipart/mixed;" -F "request_payload=@publish-workbook.xml" -F "tableau_workbook=@Sales.twbx"`,
    );
    expect(r.request.spec.body).toEqual({
      kind: 'multipart',
      text: '',
      payloadType: 'xml',
      files: [{ name: 'tableau_workbook', path: '', filename: 'Sales.twbx' }],
    });
    expect(r.request.spec.headers).toEqual([]);
    expect(r.request.presetId).toBe('publishing.publish-workbook');
    expect(r.report.notes.map((n) => n.what)).toEqual(
      expect.arrayContaining([
        'request_payload from publish-workbook.xml',
        'file part tableau_workbook (Sales.twbx)',
      ]),
    );
    const inline = one(
      `curl -X POST https://t.example.com/api/3.19/sites/x/datasources --form-string 'request_payload=<tsRequest><datasource name="D"/></tsRequest>' -F "tableau_datasource=@/tmp/d.tdsx;type=application/octet-stream" -F note=hello`,
    );
    expect(inline.request.spec.body).toEqual({
      kind: 'multipart',
      text: '<tsRequest><datasource name="D"/></tsRequest>',
      payloadType: 'xml',
      files: [
        {
          name: 'tableau_datasource',
          path: '',
          filename: 'd.tdsx',
          contentType: 'application/octet-stream',
        },
      ],
    });
    expect(inline.report.notes).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'multipart text part “note”' }),
    );
    const d = one(`curl -X PUT https://t.example.com/api/3.19/sites/x -d @site.xml`);
    expect(d.report.notes).toContainEqual(
      expect.objectContaining({ kind: 'dropped', what: 'body from @site.xml' }),
    );
  });

  it('keeps $TOKEN-style variables as variables, and drops credentials', () => {
    const r = one(
      `curl "$SERVER/api/3.19/sites/$SITE_ID/users/$USER_ID" -H "X-Tableau-Auth: $TOKEN" -u admin:pw -b "workgroup_session_id=abc"`,
    );
    expect(r.origin).toBe('{{SERVER}}');
    expect(r.request.spec.path).toBe('/api/{api-version}/sites/{site-id}/users/{user-id}');
    expect(r.request.spec.pathParams).toEqual({ 'user-id': '{{USER_ID}}' });
    expect(r.report.notes.map((n) => n.what)).toEqual(
      expect.arrayContaining(['-u admin:…', '-b', 'X-Tableau-Auth header']),
    );
    expect(JSON.stringify(r.request)).not.toMatch(/pw|abc/);
  });

  it('a sign-in command: kept for its docs, its secret emptied, the connection read from it', () => {
    const r = one(
      `curl https://t.example.com/api/3.19/auth/signin -H "Content-Type: application/json" -d '{"credentials":{"personalAccessTokenName":"bot","personalAccessTokenSecret":"top-secret","site":{"contentUrl":"fin"}}}'`,
    );
    expect(r.request.presetId).toBe('auth.sign-in');
    expect(JSON.stringify(r.request)).not.toContain('top-secret');
    expect(r.connection).toMatchObject({
      serverUrl: 'https://t.example.com',
      identity: 'bot',
      siteContentUrl: 'fin',
      authKind: 'pat',
    });
  });

  it('a file of commands: a collection in order, other commands named; bad input refused whole', () => {
    const file = `# users\nexport TOKEN=x\ncurl https://t.example.com/api/3.19/sites/s/users\ncurl -X DELETE https://t.example.com/api/3.19/sites/s/projects/1a2b3c4d-0000-4000-8000-000000000000\n`;
    const result = importCurlCommands(file, { name: 'Forum' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.collection.requests.map((r) => r.name)).toEqual([
      'Get Users on Site',
      'Delete Project',
    ]);
    expect(result.report.counts).toMatchObject({ requests: 2, mapped: 2 });
    expect(result.report.notes).toContainEqual(
      expect.objectContaining({ what: '1 other command' }),
    );
    const bad = importCurlCommands(`curl https://a/api/3.19/serverinfo\ncurl -X`);
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'import.badCurl',
        message: 'curl command 2 cannot be read: -X needs a value. Nothing was imported.',
      },
    });
    expect(importCurlCommands('ls -la')).toMatchObject({
      ok: false,
      error: { code: 'import.badCurl' },
    });
    expect(importCurlCommand(`curl 'https://x`)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('never closed') },
    });
    expect(importCurlCommand(`curl -s`)).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('no URL') },
    });
  });

  it('tells a curl command from other text', () => {
    expect(looksLikeCurl('curl https://x')).toBe(true);
    expect(looksLikeCurl('  $ curl.exe -X GET x')).toBe(true);
    expect(looksLikeCurl('/api/{api-version}/sites/{site-id}/users')).toBe(false);
  });
});

describe('a pasted full URL', () => {
  it('on the tab’s server: the path with the query split, version and site the session’s', () => {
    const pasted = readPastedUrl(
      'https://tableau.example.com/api/3.19/sites/9a8b7c6d-1234-4bcd-8ef0-0123456789ab/users?pageSize=10&filter=siteRole%3Aeq%3AViewer',
      'GET',
      'https://tableau.example.com/',
    );
    expect(pasted).toMatchObject({
      path: '/api/{api-version}/sites/{site-id}/users',
      query: [
        { name: 'pageSize', value: '10', enabled: true },
        { name: 'filter', value: 'siteRole:eq:Viewer', enabled: true },
      ],
      presetId: 'users.get-users-on-site',
      otherServer: null,
    });
  });

  it('on another server: said, so a connection can be added', () => {
    expect(
      readPastedUrl(
        'https://other.example.com/api/3.19/serverinfo',
        'GET',
        'https://tableau.example.com',
      )?.otherServer,
    ).toBe('https://other.example.com');
    expect(readPastedUrl('/api/{api-version}/sites', 'GET', 'https://x')).toBeNull();
  });
});
