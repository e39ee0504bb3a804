import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { UsersFileCheckOutcome, UsersOutcome } from '../../shared/bulk/users-ops';
import type { OperationSnapshot } from '../../shared/operations';
import { engineFor, type EngineFixture } from '../test-support';

let sandbox: RunningSandbox;
let fixture: EngineFixture;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 8 });
  fixture = engineFor(sandbox);
});
afterAll(async () => {
  await fixture.engine.dispose();
  await sandbox.stop();
});

async function check(csv: Record<string, unknown>) {
  const started = await fixture.engine.startOperation('sandbox', {
    kind: 'usersFileCheck',
    csv,
  } as never);
  const done = await fixture.engine.operations.wait(started.operationId);
  return { snapshot: done, outcome: done.outcome as UsersFileCheckOutcome };
}

/** 100,000 users; every 1,000th has a bad email, line 50,002 a bad role, the last repeats line 2. */
function bigFile(): string {
  const lines = ['name,siteRole,email,fullName,password'];
  for (let i = 1; i <= 100_000; i++) {
    const line = i + 1;
    if (i === 100_000) lines.push('big-1,Viewer,big1@example.com,Again,pw');
    else if (line === 50_002) lines.push(`big-${i},Wizard,big${i}@example.com,Big ${i},pw`);
    else if (i % 1000 === 0) lines.push(`big-${i},Viewer,not-an-email-${i},Big ${i},pw`);
    else lines.push(`big-${i},${i % 2 ? 'Viewer' : 'Explorer'},big${i}@example.com,Big ${i},pw`);
  }
  return lines.join('\n');
}

describe('a users file checked in main, in chunks', () => {
  it('reads 100,000 rows, counts exactly, finds the bad rows by line and serves slices', async () => {
    const statuses = new Set<string>();
    fixture.onEvent(({ event, payload }) => {
      const p = payload as { kind: string; progress: { status: string } };
      if (event === 'operation:progress' && p.kind === 'usersFileCheck')
        statuses.add(p.progress.status);
    });
    const { snapshot, outcome } = await check({ text: bigFile(), name: 'big.csv' });
    expect(snapshot.state).toBe('succeeded');
    // 99 bad emails (the 100th thousand is the repeated user), one bad role, one repeat.
    expect(outcome).toMatchObject({
      error: null,
      format: 'headed',
      rows: 100_000,
      invalid: 101,
      unknownColumns: [],
    });
    // Chunk after chunk, each reported.
    expect([...statuses].filter((s) => /^Checked [\d,]+ rows…$/.test(s)).length).toBeGreaterThan(2);

    const id = outcome.fileId as string;
    const first = fixture.engine.usersFiles.slice(id, { offset: 0, limit: 2, only: 'all' });
    expect(first.total).toBe(100_000);
    expect(first.rows.map((r) => [r.line, r.name, r.siteRole, r.hasPassword])).toEqual([
      [2, 'big-1', 'Viewer', true],
      [3, 'big-2', 'Explorer', true],
    ]);
    // No password leaves main.
    expect(JSON.stringify(first)).not.toContain('"pw"');
    const last = fixture.engine.usersFiles.slice(id, { offset: 99_999, limit: 50, only: 'all' });
    expect(last.rows).toHaveLength(1);
    expect(last.rows[0]).toMatchObject({
      line: 100_001,
      name: 'big-1',
      problems: ['The same user as line 2.'],
    });
    const problems = fixture.engine.usersFiles.slice(id, {
      offset: 0,
      limit: 1000,
      only: 'problems',
    });
    expect(problems.total).toBe(101);
    expect(problems.rows[0]).toMatchObject({
      line: 1001,
      problems: ['“not-an-email-1000” is not an email address.'],
    });
    expect(problems.rows.find((r) => r.line === 50_002)?.problems[0]).toMatch(
      /^“Wizard” is not a site role/,
    );
    expect(problems.rows.at(-1)?.line).toBe(100_001);
  }, 120_000);

  it('names what makes a file unusable, with its line, and reads a file by path', async () => {
    const semi = await check({ text: 'name;siteRole\na;Viewer\n', name: 'semi.csv' });
    expect(semi.outcome).toMatchObject({
      fileId: null,
      error: 'The file is separated by “;”, not commas: save it as a comma-separated CSV.',
    });
    const lines = ['name,siteRole,fullName'];
    for (let i = 1; i <= 3000; i++) lines.push(`q-${i},Viewer,Q ${i}`);
    lines.push('q-open,Viewer,"never closed');
    const quote = await check({ text: lines.join('\n'), name: 'quote.csv' });
    expect(quote.outcome.error).toBe('Line 3002: a quoted value is not closed.');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-file-check-'));
    try {
      const file = path.join(dir, 'on-disk.csv');
      fs.writeFileSync(file, 'disk-1,pw,Disk One,Viewer,None,no,\n');
      const byPath = await check({ path: file, name: 'on-disk.csv' });
      expect(byPath.outcome).toMatchObject({ format: 'tabcmd', rows: 1, invalid: 0 });
      const missing = await check({ path: path.join(dir, 'nope.csv'), name: 'nope.csv' });
      expect(missing.outcome.error).toBe(`Cannot read ${path.join(dir, 'nope.csv')}: ENOENT.`);

      // A dry run names the checked file instead of sending its text again.
      await fixture.engine.signIn('sandbox');
      const started = await fixture.engine.startOperation('sandbox', {
        kind: 'usersImport',
        fileId: byPath.outcome.fileId,
        dryRun: true,
      } as never);
      const dry = (await fixture.engine.operations.wait(
        started.operationId,
      )) as OperationSnapshot & {
        outcome: UsersOutcome;
      };
      expect(dry.title).toBe('Dry run: on-disk.csv');
      expect(dry.outcome.counts).toMatchObject({ create: 1, invalid: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
