import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { removeScratch, sandboxProxy, scratchDir, serverFlags, trestle } from './test-support';

let sandbox: RunningSandbox;
let server: string[];
const send = (args: string[], options: { input?: string } = {}) =>
  trestle(['send', ...args, ...server], { ...options, secret: DEMO_CREDENTIALS.patSecret });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 1 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

interface User {
  id: string;
  name: string;
}

describe('trestle send', () => {
  it('prints the answer as JSON, fills {api-version} and {site-id}, and points to --all for more pages', async () => {
    const run = await send(['GET', '/sites/{site-id}/users', '--query', 'pageSize=5']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as {
      pagination: { totalAvailable: string };
      users: { user: User[] };
    };
    expect(body.users.user).toHaveLength(5);
    expect(body.pagination.totalAvailable).toBe('2500');
    expect(run.stderr).toBe('Page 1 of 500 (5 of 2,500 items); add --all for every page.\n');
    // Signed out at the end: a PAT holds one session, and this one is not left behind.
    expect(sandbox.sessions()).toEqual([]);
  });

  it('prints a list as a table with dotted columns for nested fields', async () => {
    const run = await send([
      'GET',
      'sites/{site-id}/projects',
      '--query',
      'pageSize=3',
      '--format',
      'table',
    ]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0].split(/\s{2,}/)).toEqual(expect.arrayContaining(['id', 'name', 'owner.id']));
    expect(lines[1]).toMatch(/^[0-9a-f-]{36}\s+Default\s/);
  });

  it('writes CSV to --out, as the app exports it, and nothing to stdout', async () => {
    const file = path.join(scratchDir('out'), 'projects.csv');
    const run = await send(['GET', '/sites/{site-id}/projects', '--format', 'csv', '--out', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const rows = fs.readFileSync(file, 'utf8').split('\r\n');
    expect(rows[0]).toMatch(/^id,name,description,.*owner\.id/);
    expect(rows.filter(Boolean)).toHaveLength(1 + 50);
  });

  it('fills other placeholders from --param', async () => {
    const list = await send(['GET', '/sites/{site-id}/users', '--query', 'filter=name:eq:admin']);
    const admin = (JSON.parse(list.stdout) as { users: { user: User[] } }).users.user[0];
    const run = await send([
      'GET',
      '/sites/{site-id}/users/{user-id}',
      '--param',
      `user-id=${admin.id}`,
    ]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { user: User }).user.name).toBe('admin');
  });

  it('explains a Tableau error on stderr (code, summary, detail, meaning, fix) and exits 1', async () => {
    const run = await send(['GET', '/sites/{site-id}/users/00000000-0000-0000-0000-000000000000']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Tableau error 404002: Resource Not Found (HTTP 404)');
    expect(run.stderr).toContain('What it means: An item with this id was not found');
    expect(run.stderr).toContain('Try: Check the id in the path');
  });

  it('sends a JSON body from a file and an XML body from stdin', async () => {
    const file = path.join(scratchDir('body'), 'project.json');
    fs.writeFileSync(file, JSON.stringify({ project: { name: 'From a file' } }));
    const json = await send(['POST', '/sites/{site-id}/projects', '--body', file]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ project: { name: 'From a file' } });
    const xml = await send(['POST', '/sites/{site-id}/projects', '--body', '-'], {
      input: '<tsRequest><project name="From stdin"/></tsRequest>',
    });
    expect(xml.code).toBe(0);
    expect(JSON.parse(xml.stdout)).toMatchObject({ project: { name: 'From stdin' } });
  });

  it('fetches all 2,500 users of the Default site with --all, progress on stderr', async () => {
    const run = await send(['GET', '/sites/{site-id}/users', '--all']);
    expect(run.code).toBe(0);
    const users = JSON.parse(run.stdout) as User[];
    expect(users).toHaveLength(2500);
    expect(new Set(users.map((u) => u.id)).size).toBe(2500);
    expect(users[0].name).toBe('admin');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toContain('2,500 of 2,500 items (3 of 3 pages)');
    expect(lines.at(-1)).toMatch(/^2,500 users in 3 pages \(\d+ m?s\)\.$/);
  });

  it('writes every item of --all as CSV to --out', async () => {
    const file = path.join(scratchDir('out'), 'users.csv');
    const run = await send([
      'GET',
      '/sites/{site-id}/users',
      '--all',
      '--page-size',
      '400',
      '--format',
      'csv',
      '--out',
      file,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const rows = fs.readFileSync(file, 'utf8').split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + 2500);
    expect(run.stderr).toContain('2,500 users in 7 pages');
  });

  it('exits 1 naming the missing pages when a page of --all fails, and prints the pages that came', async () => {
    // Page 2 is refused (403, not retried) on its way from the sandbox; pages 1 and 3 arrive.
    const proxy = await sandboxProxy(sandbox.url, (url) =>
      url.pathname.endsWith('/users') && url.searchParams.get('pageNumber') === '2'
        ? {
            status: 403,
            body: { error: { code: '403000', summary: 'Forbidden', detail: 'Not this page.' } },
          }
        : null,
    );
    try {
      const run = await trestle(
        [
          'send',
          'GET',
          '/sites/{site-id}/users',
          '--all',
          ...serverFlags(proxy.url, DEMO_CREDENTIALS),
        ],
        { secret: DEMO_CREDENTIALS.patSecret },
      );
      expect(run.code).toBe(1);
      const users = JSON.parse(run.stdout) as User[];
      expect(users).toHaveLength(1500);
      expect(run.stderr).toContain('Missing 1,000 items from 1 page:');
      expect(run.stderr).toMatch(/page 2 \(items 1001-2000\): .*Not this page/);
    } finally {
      await proxy.close();
    }
  });
});
