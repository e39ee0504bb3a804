import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import { NO_FAULTS } from '../../sandbox/options';
import type { UsersOutcome } from '../../shared/bulk/users-ops';
import type { OperationSnapshot } from '../../shared/operations';
import { engineFor, type EngineFixture } from '../test-support';
import { SiteCalls } from './site-calls';

let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 21 });
  fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

type Result = OperationSnapshot & { outcome: UsersOutcome };

async function start(input: Record<string, unknown>): Promise<Result> {
  const started = await fixture.engine.startOperation('sandbox', input as never);
  return (await fixture.engine.operations.wait(started.operationId)) as Result;
}

/** The site as a user would compare it: every user's fields, every group and its members. */
async function siteState(): Promise<unknown> {
  const c = new SiteCalls(
    fixture.engine.executor,
    await fixture.engine.resolve('sandbox'),
    new AbortController().signal,
  );
  const users = (await c.listAll('/users', { fields: '_all_' }))
    .map((u) =>
      [u.id, u.name, u.siteRole, u.authSetting ?? '', u.fullName ?? '', u.email ?? ''].join('|'),
    )
    .sort();
  const groups = await c.listAll('/groups');
  const members: string[] = [];
  for (const g of groups)
    for (const u of await c.listAll(`/groups/${g.id}/users`)) members.push(`${g.name}:${u.id}`);
  return { users, groups: groups.map((g) => `${g.id}|${g.name}`).sort(), members: members.sort() };
}

describe('users from a CSV', () => {
  it('dry-runs, applies exactly the valid rows, and undoes back to the same site', async () => {
    const c = new SiteCalls(
      fixture.engine.executor,
      await fixture.engine.resolve('sandbox'),
      new AbortController().signal,
    );
    const existing = (await c.listAll('/users', { fields: '_all_' }))
      .filter((u) => !/Administrator/.test(String(u.siteRole)) && u.siteRole !== 'Creator')
      .slice(0, 20);
    const existingGroup = String((await c.listAll('/groups'))[0].name);
    const lines = ['name,siteRole,fullName,email,password,groups'];
    // 10 existing users get a new role (update); 10 are written as they are (unchanged).
    existing.forEach((u, i) =>
      lines.push(i < 10 ? `${u.name},Creator,,,,` : `${u.name},${u.siteRole},,,,`),
    );
    // 170 new users, a third of them in groups (two new groups and one that exists).
    for (let i = 1; i <= 170; i++)
      lines.push(
        `bulk-${i},Viewer,Bulk User ${i},bulk${i}@example.com,Pa55-word-${i},${i % 3 === 0 ? `Bulk A;${existingGroup}` : i % 3 === 1 ? 'Bulk B' : ''}`,
      );
    // 10 invalid rows, each for its own reason.
    lines.push(
      'bad-role,Wizard,,,pw,',
      'bad-email,Viewer,,not-an-email,pw,',
      ',Viewer,,,pw,',
      'bulk-1,Viewer,,,pw,',
      'no-password,Viewer,,,,',
      'no-role,,,,pw,',
      'bad-auth,Viewer,,,pw,',
      'too-few,Viewer',
      'bad-email-2,Viewer,,a@b,pw,',
      'bad-role-2,Admin,,,pw,',
    );
    lines[lines.length - 4] = 'bad-auth,Viewer,,,pw,,extra';
    const csv = { text: lines.join('\n') + '\n', name: 'people.csv' };
    const before = await siteState();

    const dry = await start({ kind: 'usersImport', csv, dryRun: true });
    expect(dry.state).toBe('succeeded');
    expect(dry.outcome.counts).toMatchObject({
      create: 170,
      update: 10,
      unchanged: 10,
      invalid: 10,
      done: 0,
    });
    expect(dry.outcome.groupsToCreate).toEqual(['Bulk B', 'Bulk A']);
    const update = dry.outcome.rows.find((r) => r.action === 'update');
    expect(update?.changes).toMatch(
      /^siteRole (Explorer|Viewer|ExplorerCanPublish|Unlicensed) → Creator$/,
    );
    expect(dry.outcome.rows.find((r) => r.name === 'bad-email')?.problems).toEqual([
      '“not-an-email” is not an email address.',
    ]);
    expect(dry.outcome.rows.find((r) => r.name === 'bulk-1' && r.line > 180)?.problems).toEqual([
      'The same user as line 22.',
    ]);
    expect(dry.outcome.rows.find((r) => r.name === 'no-password')?.problems).toEqual([
      'A new user on a site with local authentication needs a password.',
    ]);
    // Nothing was sent in a dry run.
    expect(await siteState()).toEqual(before);

    const applied = await start({ kind: 'usersImport', csv, dryRun: false, concurrency: 6 });
    expect(applied.outcome.rows.filter((r) => r.state === 'failed').slice(0, 3)).toEqual([]);
    expect(applied.state).toBe('succeeded');
    expect(applied.outcome.counts).toMatchObject({ done: 180, failed: 0 });
    const created = await c.listAll('/users', {
      filter: 'name:in:[bulk-3,bulk-4,bulk-170]',
      fields: '_all_',
    });
    expect(created.map((u) => [u.name, u.siteRole, u.fullName]).sort()).toEqual([
      ['bulk-170', 'Viewer', 'Bulk User 170'],
      ['bulk-3', 'Viewer', 'Bulk User 3'],
      ['bulk-4', 'Viewer', 'Bulk User 4'],
    ]);
    const journal = applied.outcome.journal;
    expect(journal?.entries.filter((e) => e.op === 'createdUser')).toHaveLength(170);
    expect(journal?.entries.filter((e) => e.op === 'updatedUser')).toHaveLength(10);
    expect(journal?.entries.filter((e) => e.op === 'createdGroup')).toHaveLength(2);
    // The same file again: all unchanged now, nothing to do twice.
    const again = await start({ kind: 'usersImport', csv, dryRun: true });
    expect(again.outcome.counts).toMatchObject({
      create: 0,
      update: 0,
      unchanged: 190,
      invalid: 10,
    });

    const undoPreview = await start({ kind: 'usersUndo', journal, dryRun: true });
    expect(undoPreview.outcome.rows[0].changes).toMatch(/^(take|remove) /);
    const undone = await start({ kind: 'usersUndo', journal, dryRun: false });
    expect(undone.outcome.counts.failed).toBe(0);
    expect(await siteState()).toEqual(before);
  }, 120_000);

  it('loses no row and does none twice through a 429 storm and a token expiry', async () => {
    const lines = ['name,siteRole,password'];
    for (let i = 1; i <= 60; i++) lines.push(`storm-${i},Explorer,pw-${i}`);
    const csv = { text: lines.join('\n'), name: 'storm.csv' };
    sandbox.setFaults({ rateLimitPerSecond: 40 });
    let expired = false;
    fixture.onEvent(({ event, payload }) => {
      if (
        !expired &&
        event === 'operation:progress' &&
        (payload as { progress: { done: number } }).progress.done >= 20
      ) {
        expired = true;
        sandbox.expireTokens();
      }
    });
    const result = await start({ kind: 'usersImport', csv, dryRun: false, concurrency: 8 });
    sandbox.setFaults(NO_FAULTS);
    expect(expired).toBe(true);
    expect(result.outcome.counts).toMatchObject({ done: 60, failed: 0 });
    const c = new SiteCalls(
      fixture.engine.executor,
      await fixture.engine.resolve('sandbox'),
      new AbortController().signal,
    );
    const storm = (await c.listAll('/users')).filter((u) => String(u.name).startsWith('storm-'));
    expect(storm).toHaveLength(60);
  }, 120_000);

  it('refuses a file that cannot be used before anything starts', async () => {
    await expect(
      start({ kind: 'usersImport', csv: { text: '', name: 'empty.csv' } }),
    ).rejects.toMatchObject({
      code: 'bulk.badFile',
      message: 'empty.csv: The file is empty.',
    });
    await expect(
      start({ kind: 'usersImport', csv: { text: 'a;b\n1;2\n', name: 'semi.csv' } }),
    ).rejects.toMatchObject({
      code: 'bulk.badFile',
    });
  });
});
