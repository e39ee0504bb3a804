import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import { removeScratch, scratchDir, serverFlags, trestle } from './test-support';

let sandbox: RunningSandbox;
let server: string[];
let dir: string;
const users = (args: string[]) =>
  trestle(['users', ...args, ...server], { secret: DEMO_CREDENTIALS.patSecret });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, seed: 4 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
  dir = scratchDir('users');
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

describe('trestle users', () => {
  it('dry-runs a tabcmd file, imports it with a results CSV and a journal, and undoes it', async () => {
    const csv = write(
      'people.csv',
      'cli-ana,pw-1,Ana Lima,Creator,None,no,ana@example.com\ncli-ben,pw-2,Ben,Explorer,None,yes,\ncli-bad,pw-3,Bad,Wizard,None,no,\n',
    );
    const dry = await users(['import', csv, '--dry-run']);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain(
      'Dry run: 2 to create, 0 to update, 0 unchanged, 1 invalid; nothing was sent',
    );
    expect(dry.stdout).toContain('✘ line 3: cli-bad — invalid');

    const good = write(
      'good.csv',
      'cli-ana,pw-1,Ana Lima,Creator,None,no,ana@example.com\ncli-ben,pw-2,Ben,Explorer,None,yes,\n',
    );
    const results = path.join(dir, 'results.csv');
    const journal = path.join(dir, 'journal.json');
    const run = await users(['import', good, '--results', results, '--journal', journal]);
    expect(run.stderr).toContain('2 done, 0 failed');
    expect(run.code).toBe(0);
    const rows = Papa.parse<Record<string, string>>(fs.readFileSync(results, 'utf8'), {
      header: true,
      skipEmptyLines: true,
    }).data;
    expect(rows.map((r) => [r.name, r.action, r.state])).toEqual([
      ['cli-ana', 'create', 'done'],
      ['cli-ben', 'create', 'done'],
    ]);
    expect(rows[1].changes).toContain('siteRole ExplorerCanPublish');
    // No password in the results or the journal.
    expect(fs.readFileSync(results, 'utf8') + fs.readFileSync(journal, 'utf8')).not.toContain(
      'pw-1',
    );

    const undo = await users(['undo', journal]);
    expect(undo.code).toBe(0);
    expect(undo.stderr).toContain('2 reverted, 0 failed');
    const again = await users(['import', good, '--dry-run']);
    expect(again.stderr).toContain('2 to create');
  });

  it('refuses unknown columns unless asked to ignore them, and unreadable files, with exit 2', async () => {
    const csv = write('extra.csv', 'name,siteRole,password,Department\ncli-cai,Viewer,pw,HR\n');
    const refused = await users(['import', csv, '--dry-run']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('extra.csv has columns Trestle does not know: Department.');
    const ignored = await users(['import', csv, '--dry-run', '--ignore-unknown-columns']);
    expect(ignored.code).toBe(0);
    expect(ignored.stderr).toContain('columns ignored: Department');
    const missing = await users(['import', path.join(dir, 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      `trestle users: The CSV file ${path.join(dir, 'nope.csv')} cannot be read: ENOENT.\n`,
    );
    const notJournal = await users(['undo', write('j.json', '{"entries":[]}')]);
    expect(notJournal.code).toBe(2);
  });

  it('offers Tableau’s CSV import for a large file and, with --csv-import, reports each row and exits 1 on a skipped line', async () => {
    const many = ['name,siteRole,password'];
    for (let i = 1; i <= 301; i++) many.push(`cli-many-${i},Viewer,pw-${i}`);
    const dry = await users(['import', write('many.csv', many.join('\n')), '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(
      "301 new users: --csv-import would create them with Tableau's CSV import",
    );
    const quiet = await users([
      'import',
      write('many.csv', many.join('\n')),
      '--dry-run',
      '--no-csv-import',
    ]);
    expect(quiet.stderr).not.toContain('--csv-import would');

    const csv = write(
      'job.csv',
      'name,siteRole,authSetting,fullName,password\ncli-job-1,Creator,,Job One,pw\ncli-job-2,Viewer,TableauIDWithMFA,,pw\ncli-job-3,Explorer,,,pw\n',
    );
    const journal = path.join(dir, 'job-journal.json');
    const run = await users(['import', csv, '--csv-import', '--journal', journal]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Tableau's CSV import: job [0-9a-f-]+ Success for 3 new users/);
    expect(run.stderr).toContain('2 done, 1 failed');
    expect(run.stdout).toContain('✔ line 2: cli-job-1 — create');
    expect(run.stdout).toContain(
      '✘ line 3: cli-job-2 — create (siteRole Viewer, authSetting TableauIDWithMFA, password set)\n    bulk.importSkipped: “TableauIDWithMFA” is not an auth setting (request_payload).',
    );
    const undo = await users(['undo', journal]);
    expect(undo.stderr).toContain('2 reverted, 0 failed');
  });
});
