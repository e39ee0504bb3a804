import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { UsersOutcome } from '../../shared/bulk/users-ops';
import type { OperationSnapshot } from '../../shared/operations';
import { engineFor, type EngineFixture } from '../test-support';
import { SiteCalls } from './site-calls';

// Two identical sites: one gets the file call by call, the other through Tableau's CSV import.
let perUser: { sandbox: RunningSandbox; fixture: EngineFixture };
let byJob: { sandbox: RunningSandbox; fixture: EngineFixture };

async function site(seed: number) {
  const sandbox = await startSandbox({ port: 0, seed });
  const fixture = engineFor(sandbox);
  await fixture.engine.signIn('sandbox');
  return { sandbox, fixture };
}

beforeAll(async () => {
  perUser = await site(33);
  byJob = await site(33);
});
afterAll(async () => {
  for (const s of [perUser, byJob]) {
    await s.fixture.engine.dispose();
    await s.sandbox.stop();
  }
});

type Result = OperationSnapshot & { outcome: UsersOutcome };

async function start(on: EngineFixture, input: Record<string, unknown>): Promise<Result> {
  const started = await on.engine.startOperation('sandbox', input as never);
  return (await on.engine.operations.wait(started.operationId)) as Result;
}

async function calls(on: EngineFixture): Promise<SiteCalls> {
  return new SiteCalls(
    on.engine.executor,
    await on.engine.resolve('sandbox'),
    new AbortController().signal,
  );
}

/** The site as a user compares two of them: users by name with their fields, groups' members by name. */
async function siteByName(on: EngineFixture, withIds = false): Promise<unknown> {
  const c = await calls(on);
  const users = await c.listAll('/users', { fields: '_all_' });
  const nameOf = new Map(users.map((u) => [String(u.id), String(u.name)]));
  const members: string[] = [];
  for (const g of await c.listAll('/groups'))
    for (const u of await c.listAll(`/groups/${g.id}/users`))
      members.push(`${g.name}:${nameOf.get(String(u.id))}`);
  return {
    users: users
      .map((u) =>
        [
          ...(withIds ? [u.id] : []),
          u.name,
          u.siteRole,
          u.authSetting ?? '',
          u.fullName ?? '',
          u.email ?? '',
        ].join('|'),
      )
      .sort(),
    members: members.sort(),
  };
}

describe('new users through Tableau’s CSV import', () => {
  it('leaves the site as the per-user path does, row by row, and undoes back to where it was', async () => {
    const c = await calls(perUser.fixture);
    const existing = (await c.listAll('/users', { fields: '_all_' }))
      .filter((u) => u.siteRole === 'Viewer')
      .slice(0, 5);
    const lines = ['name,siteRole,authSetting,fullName,email,password,groups'];
    for (let i = 1; i <= 40; i++)
      lines.push(
        `csv-${i},${i % 4 === 0 ? 'ExplorerCanPublish' : 'Viewer'},,"Csv, User ${i}",csv${i}@example.com,pw-${i},${i % 5 === 0 ? 'Imported' : ''}`,
      );
    for (const u of existing) lines.push(`${u.name},Explorer,,,,,`);
    // Accepted by the file's checks, refused by this server's import (no TableauID here).
    lines.push('mfa-user,Viewer,TableauIDWithMFA,,,pw,');
    lines.push('broken,Wizard,,,,pw,');
    const csv = { text: lines.join('\n'), name: 'many.csv' };
    const before = await siteByName(byJob.fixture, true);

    const viaCalls = await start(perUser.fixture, { kind: 'usersImport', csv, dryRun: false });
    const statuses: string[] = [];
    byJob.fixture.onEvent(({ event, payload }) => {
      if (event === 'operation:progress')
        statuses.push((payload as { progress: { status: string } }).progress.status);
    });
    const viaJob = await start(byJob.fixture, {
      kind: 'usersImport',
      csv,
      dryRun: false,
      csvImport: true,
    });

    // The same site either way.
    expect(await siteByName(byJob.fixture)).toEqual(await siteByName(perUser.fixture));
    expect(viaJob.outcome.importJob).toMatchObject({ status: 'Success', users: 41 });
    expect(
      statuses.some((s) => /^Tableau’s import job: (waiting to start|\d+%) of 41/.test(s)),
    ).toBe(true);
    expect(viaJob.outcome.counts).toMatchObject({ create: 41, update: 5, invalid: 1 });
    expect(viaJob.outcome.counts).toMatchObject({ done: 45, failed: 1 });
    expect(viaCalls.outcome.counts).toMatchObject({ done: 45, failed: 1 });
    expect(viaJob.state).toBe('partial');

    // Each created row carries the id the site gave that user.
    const ids = new Map(
      (await (await calls(byJob.fixture)).listAll('/users')).map((u) => [u.name, u.id]),
    );
    const created = viaJob.outcome.rows.filter((r) => r.action === 'create' && r.state === 'done');
    expect(created).toHaveLength(40);
    for (const row of created) expect(row.userId).toBe(ids.get(row.name));
    // The line the job skipped fails on its own row, with the job's note.
    const mfa = viaJob.outcome.rows.find((r) => r.name === 'mfa-user');
    expect(mfa).toMatchObject({
      line: 47,
      state: 'failed',
      error: {
        code: 'bulk.importSkipped',
        message: '“TableauIDWithMFA” is not an auth setting (request_payload).',
      },
    });
    expect(viaJob.outcome.rows.find((r) => r.name === 'broken')?.state).toBe('skipped');

    // Undo: the journal has every user the job created, and the site is as it was.
    const journal = viaJob.outcome.journal;
    expect(journal?.entries.filter((e) => e.op === 'createdUser')).toHaveLength(40);
    const undone = await start(byJob.fixture, { kind: 'usersUndo', journal, dryRun: false });
    expect(undone.outcome.counts.failed).toBe(0);
    expect(await siteByName(byJob.fixture, true)).toEqual(before);
  }, 120_000);
});
