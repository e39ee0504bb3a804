import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { call, signIn } from '../sandbox/test-support';
import { removeScratch, scratchDir, serverFlags, trestle } from './test-support';

let sandbox: RunningSandbox;
let server: string[];
let dir: string;
const run = (args: string[]) =>
  trestle([...args, ...server], { secret: DEMO_CREDENTIALS.patSecret });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 6 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
  dir = scratchDir('permissions');
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

describe('trestle permissions', () => {
  it('audits to a snapshot and CSV, diffs against now after a grant, explains', async () => {
    const a = path.join(dir, 'a.json');
    const csv = path.join(dir, 'a.csv');
    const audited = await run(['permissions', 'audit', '--out', a, '--csv', csv]);
    expect(audited.stderr).toMatch(/Audit: \d+ rules on \d+ items/);
    expect(audited.code).toBe(0);
    const snapshot = JSON.parse(fs.readFileSync(a, 'utf8'));
    expect(snapshot.format).toBe('trestle-permissions-audit/1');
    const lines = fs.readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(snapshot.rules.length + 1);
    expect(JSON.stringify(snapshot)).not.toContain(DEMO_CREDENTIALS.patSecret);

    const same = await trestle(['permissions', 'diff', a, a]);
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('0 added, 0 removed, 0 changed');

    // Grant one rule on the server, then compare the snapshot with the site now.
    const session = await signIn(sandbox);
    const workbook = snapshot.items.find((i: { type: string }) => i.type === 'workbook');
    const group = snapshot.groups[0];
    const put = await call(
      sandbox,
      'PUT',
      `/sites/${session.siteId}/workbooks/${workbook.id}/permissions`,
      {
        token: session.token,
        body: {
          permissions: {
            granteeCapabilities: [
              {
                group: { id: group.id },
                capabilities: { capability: [{ name: 'ExportXml', mode: 'Deny' }] },
              },
            ],
          },
        },
      },
    );
    expect(put.status).toBe(200);
    const diff = await run(['permissions', 'diff', a, 'now']);
    expect(diff.code).toBe(1);
    expect(diff.stderr).toContain('1 added, 0 removed, 0 changed');
    expect(diff.stdout).toContain(
      `+ workbook “${workbook.name}”: group ${group.name} ExportXml Deny`,
    );

    const owner = snapshot.users.find((u: { id: string }) => u.id === workbook.ownerId);
    const explained = await trestle([
      'permissions',
      'explain',
      a,
      owner.name,
      'workbook',
      workbook.id,
    ]);
    expect(explained.code).toBe(0);
    expect(explained.stdout).toContain(`owns this workbook`);
    expect(explained.stdout).toContain('permission_effective.htm');
  });

  it('refuses what is not a snapshot, and an unknown project', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"hello": 1}');
    const diff = await trestle(['permissions', 'diff', bad, bad]);
    expect(diff.code).toBe(2);
    expect(diff.stderr).toContain('is not a permissions audit snapshot');
    const missing = await run([
      'permissions',
      'audit',
      '--project',
      'Nope',
      '--out',
      path.join(dir, 'n.json'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('There is no project “Nope”');
    expect((await run(['permissions', 'audit'])).code).toBe(2);
  });
});
