import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import {
  dataDirEngine,
  removeScratch,
  repoRoot,
  scratchDir,
  SECRET_ENV,
  serverFlags,
  trestle,
} from './test-support';

/**
 * `trestle publish` and `trestle download`, run as the real command against a sandbox over
 * loopback: the published item as JSON on stdout, progress on stderr, the download byte for
 * byte, and every usage or input error as one line with exit 2.
 */
const SAMPLES = path.resolve(repoRoot, '..', 'shared', 'reference', 'samples');
const sample = (name: string) => path.join(SAMPLES, name);
const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

let sandbox: RunningSandbox;
let server: string[];
const run = (args: string[], options: { cwd?: string } = {}) =>
  trestle([...args, ...server], { ...options, secret: DEMO_CREDENTIALS.patSecret });

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  server = serverFlags(sandbox.url, DEMO_CREDENTIALS);
});
afterAll(async () => {
  await sandbox.stop();
  removeScratch();
});

interface Item {
  id: string;
  name: string;
  contentType: string;
  project: { id: string; name: string };
  views: Array<{ id: string; name: string }>;
}

describe('trestle publish', () => {
  it('publishes a workbook by project name and prints the item with its views', async () => {
    const result = await run(['publish', sample('SampleWB.twbx'), '--project', 'Finance']);
    expect(result.stderr).toMatch(/Published workbook “SampleWB” \(0\.2 MB, one request\)/);
    expect(result.code).toBe(0);
    const item = JSON.parse(result.stdout) as Item;
    expect(item).toMatchObject({
      name: 'SampleWB',
      contentType: 'workbook',
      project: { name: 'Finance' },
    });
    expect(item.views.map((v) => v.name)).toEqual([
      'GDP per capita',
      'GDP per Capita Dashboard',
      'Health spending vs life expectancy',
      'Country ranks',
      'Interest rates',
      'Share of World GDP',
    ]);
    // Signed out at the end.
    expect(sandbox.sessions()).toEqual([]);
  });

  it('uploads in chunks when asked, with a line of progress per step in a log', async () => {
    const result = await run([
      'publish',
      sample('World Indicators.tdsx'),
      '--project',
      'Sales',
      '--name',
      'Chunked from the CLI',
      '--chunked',
      '--chunk-mb',
      '1',
      '--as-job',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Chunk 1 of 1/m);
    expect(result.stderr).toMatch(/^Committing the upload…/m);
    expect(result.stderr).toMatch(/Tableau is publishing \(job /);
    expect(JSON.parse(result.stdout)).toMatchObject({
      name: 'Chunked from the CLI',
      job: { finishCode: 0 },
    });
  }, 60_000);

  it('uploads in chunks of the size the app’s settings say, with --connection', async () => {
    const dataDir = scratchDir('data');
    const engine = dataDirEngine(dataDir, sandbox.url);
    await engine.saveConnection({
      name: 'Team',
      serverUrl: sandbox.url,
      siteContentUrl: '',
      auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
      apiVersion: { mode: 'auto' },
    });
    engine.putSettings({ ...engine.settings(), publishAlwaysChunked: true, publishChunkMb: 1 });
    await engine.dispose();
    const args = ['publish', sample('World Indicators.tdsx'), '--project', 'Sales'];
    const result = await trestle(
      [
        ...args,
        '--name',
        'Chunked by setting',
        '--connection',
        'Team',
        '--data-dir',
        dataDir,
        '--pat-secret-env',
        SECRET_ENV,
      ],
      { secret: DEMO_CREDENTIALS.patSecret },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^Chunk 1 of 1/m);
    expect(JSON.parse(result.stdout)).toMatchObject({ name: 'Chunked by setting' });
  }, 60_000);

  it.each([
    [['publish', sample('SampleWB.twbx')], /Say where: --project/],
    [['publish', '--project', 'Sales'], /Give the FILE to publish/],
    [
      ['publish', sample('SampleWB.twbx'), '--project', 'Sales', '--mode', 'replace'],
      /--mode is createnew, overwrite or append/,
    ],
    [
      ['publish', sample('SampleWB.twbx'), '--project', 'Sales', '--chunk-mb', '65'],
      /--chunk-mb must be a whole number from 1 to 64/,
    ],
    [
      ['publish', path.join(repoRoot, 'README.md'), '--project', 'Sales'],
      /publishes \.twb, \.twbx/,
    ],
    [
      ['publish', sample('SampleWB.twbx'), '--project', 'Sales', '--mode', 'append'],
      /Workbooks cannot be appended/,
    ],
    [
      ['publish', sample('SampleWB.twbx'), '--project', 'No such project'],
      /No project is named “No such project”/,
    ],
    [
      [
        'publish',
        sample('SampleDS.tds'),
        '--project',
        'Sales',
        '--db-user',
        'u',
        '--db-password-env',
        'UNSET_VAR',
      ],
      /UNSET_VAR .* is not set/,
    ],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('says a name is taken (exit 2), and --mode overwrite replaces it', async () => {
    const first = await run(['publish', sample('SampleDS.tds'), '--project', 'Marketing']);
    expect(first.code).toBe(0);
    const again = await run(['publish', sample('SampleDS.tds'), '--project', 'Marketing']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already has a data source named “SampleDS”\. Overwrite it/);
    const over = await run([
      'publish',
      sample('SampleDS.tds'),
      '--project',
      'Marketing',
      '--mode',
      'overwrite',
    ]);
    expect(over.code).toBe(0);
    expect((JSON.parse(over.stdout) as Item).id).toBe((JSON.parse(first.stdout) as Item).id);
  });
});

describe('trestle download', () => {
  let workbook: Item;
  beforeAll(async () => {
    const result = await run([
      'publish',
      sample('SampleWB.twbx'),
      '--project',
      'Operations',
      '--name',
      'To download',
    ]);
    workbook = JSON.parse(result.stdout) as Item;
  });

  it('writes the published file byte for byte to --out, and says where on stdout', async () => {
    const out = path.join(scratchDir('download'), 'copy.twbx');
    const result = await run(['download', 'workbook', workbook.id, '--out', out]);
    expect(result.code).toBe(0);
    expect(sha(out)).toBe(sha(sample('SampleWB.twbx')));
    expect(JSON.parse(result.stdout)).toEqual({
      file: out,
      bytes: fs.statSync(out).size,
      sha256: sha(out),
      contentType: 'application/octet-stream',
    });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['copy.twbx']);
  });

  it('names the file as Tableau does in the current folder, never over an existing one', async () => {
    const cwd = scratchDir('download-cwd');
    const first = await run(['download', 'workbook', workbook.id], { cwd });
    const second = await run(['download', 'workbook', workbook.id], { cwd });
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(fs.readdirSync(cwd).sort()).toEqual(['To download (1).twbx', 'To download.twbx']);
  });

  it('sends view filters and writes CSV to stdout with --out -', async () => {
    const view = workbook.views.find((v) => v.name === 'Country ranks')!;
    const result = await run([
      'download',
      'view-csv',
      view.id,
      '--filter',
      'vf_Region=West',
      '--out',
      '-',
    ]);
    expect(result.code).toBe(0);
    const rows = result.stdout.trim().split('\n');
    expect(rows[0]).toBe('Region,Category,Sales,Profit,Quantity');
    expect(rows.slice(1).every((r) => r.startsWith('West,'))).toBe(true);
  });

  it.each([
    [['download', 'picture', 'x'], /KIND is one of workbook/],
    [['download', 'workbook'], /Give the KIND and the ID/],
    [
      ['download', 'workbook', 'x', '--filter', 'vf_Region=West'],
      /view filters \(vf_…\) for views and custom views only/,
    ],
    [['download', 'view-csv', 'x', '--filter', 'Region=West'], /--filter takes vf_FIELD=VALUE/],
    [['download', 'workbook-revision', 'x'], /Give the revision number/],
    [['download', 'view-pdf', 'x', '--page-type', 'A9'], /--page-type is one of/],
  ])('refuses %j with exit 2', async (args, message) => {
    const result = await run(args as string[]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('fails with Tableau’s error for an unknown item and leaves no file', async () => {
    const dir = scratchDir('download-missing');
    const result = await run(['download', 'workbook', '00000000-0000-0000-0000-000000000000'], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/404006/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
