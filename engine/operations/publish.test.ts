import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox';
import type { DownloadOutcome } from '../../shared/downloads';
import type { OperationSnapshot } from '../../shared/operations';
import type { PublishOutcome, PublishStartInput } from '../../shared/publish';
import type { Engine } from '../index';
import {
  bigPackagedWorkbook,
  faultyProxy,
  sampleFile,
  sha256OfFile,
  tempDir,
  type FaultyProxy,
} from '../publish-test-support';
import { engineFor, spec, type EngineFixture, type RecordedEvent } from '../test-support';

/**
 * Publishing as an operation against the sandbox over loopback HTTP: every sample file, a
 * 150 MB package through four 50 MB chunks whose download has the same SHA-256, cancel and
 * resume, an expired token mid-upload, a chunk failing twice, and every bad input refused
 * clearly with nothing left behind.
 */
const MB = 1024 * 1024;
let sandbox: RunningSandbox;
let fixture: EngineFixture;
let engine: Engine;
let projectId: string;
let dir: string;
let big: string;

type Publish = OperationSnapshot & { outcome: PublishOutcome | null };

async function publish(
  input: Omit<PublishStartInput, 'kind' | 'projectId'> & { projectId?: string },
  operationId?: string,
): Promise<Publish> {
  const started = await engine.startOperation(
    'sandbox',
    { kind: 'publish', projectId, ...input },
    { operationId },
  );
  return (await engine.operations.wait(started.operationId)) as Publish;
}

async function download(
  what: 'workbook' | 'datasource' | 'flow',
  id: string,
): Promise<{ outcome: DownloadOutcome; file: string }> {
  const target = path.join(dir, `download-${Math.random().toString(36).slice(2)}`);
  const started = await engine.startDownload('sandbox', { kind: 'download', what, id }, { target });
  const done = await engine.operations.wait(started.operationId);
  if (done.outcome?.kind !== 'download')
    throw new Error(`download failed: ${JSON.stringify(done.items)}`);
  return { outcome: done.outcome, file: target };
}

async function count(collection: string, name: string): Promise<number> {
  const answer = await engine.send(
    'sandbox',
    spec({
      method: 'GET',
      path: `/api/{api-version}/sites/{site-id}/${collection}`,
      query: [{ name: 'filter', value: `name:eq:${name}` }],
    }),
  );
  return (answer.pagination ?? { totalAvailable: 0 }).totalAvailable;
}

/** Calls `act` once, on the first progress event of `operationId` whose bytes pass `atBytes`. */
function once(operationId: string, atBytes: number, below: number, act: () => void): void {
  let done = false;
  fixture.onEvent((event: RecordedEvent) => {
    if (done || event.event !== 'operation:progress') return;
    const payload = event.payload as {
      operationId: string;
      progress: { bytes: { done: number } | null };
    };
    const bytes = payload.progress.bytes?.done ?? 0;
    if (payload.operationId === operationId && bytes > atBytes && bytes < below) {
      done = true;
      act();
    }
  });
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 }, { jobDurationMs: 300 });
  fixture = engineFor(sandbox);
  engine = fixture.engine;
  await engine.signIn('sandbox');
  const projects = await engine.send(
    'sandbox',
    spec({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/projects' }),
  );
  projectId = (projects.body as { projects: { project: Array<{ id: string }> } }).projects
    .project[0].id;
  dir = tempDir('publish-test');
  big = path.join(dir, 'Big Package.twbx');
  await bigPackagedWorkbook(big, 150);
}, 120_000);

afterAll(async () => {
  await engine?.dispose();
  await sandbox?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('publishing each sample file', () => {
  it.each([
    ['SampleWB.twbx', 'workbook', 6],
    ['RESTAPISample.twb', 'workbook', 6],
    ['SampleDS.tds', 'datasource', 0],
    ['World Indicators.tdsx', 'datasource', 0],
    ['World Indicators.hyper', 'datasource', 0],
    ['SampleFlow.tfl', 'flow', 0],
  ] as const)(
    'publishes %s in one request and downloads the same bytes',
    async (file, contentType, views) => {
      const name = `Engine ${file}`;
      const done = await publish({ file: sampleFile(file), name });
      expect(done.state).toBe('succeeded');
      const outcome = done.outcome!;
      expect(outcome.upload.method).toBe('single');
      expect(outcome.item).toMatchObject({ contentType, name, project: { id: projectId } });
      expect(outcome.item!.views).toHaveLength(views);
      expect(done.progress.bytes).toEqual({
        done: fs.statSync(sampleFile(file)).size,
        total: fs.statSync(sampleFile(file)).size,
      });
      const { outcome: got, file: saved } = await download(contentType, outcome.item!.id);
      expect(got.sha256).toBe(await sha256OfFile(sampleFile(file)));
      expect(await sha256OfFile(saved)).toBe(got.sha256);
      expect(got.fileName).toBe(`${name}${path.extname(file)}`);
    },
  );

  it('takes the name from the file, and follows an asJob publish to its end', async () => {
    const done = await publish({
      file: sampleFile('SampleWB.twbx'),
      asJob: true,
      mode: 'overwrite',
    });
    expect(done.state).toBe('succeeded');
    expect(done.outcome!.job).toMatchObject({ finishCode: 0 });
    expect(done.outcome!.item).toMatchObject({ name: 'SampleWB' });
    expect(done.outcome!.item!.views.map((v) => v.name)).toContain('Country ranks');
    expect(done.items?.map((i) => [i.key, i.state])).toEqual([
      ['upload', 'ok'],
      ['job', 'ok'],
    ]);
  });
});

describe('the chunked path', () => {
  it('publishes a 150 MB package through 4 chunks of 50 MB; its download has the same SHA-256', async () => {
    const progress: number[] = [];
    const operationId = 'big-publish';
    fixture.onEvent((event) => {
      const p = event.payload as {
        operationId: string;
        progress: { bytes: { done: number } | null };
      };
      if (event.event === 'operation:progress' && p.operationId === operationId)
        progress.push(p.progress.bytes?.done ?? 0);
    });
    const done = await publish({ file: big, name: 'Big package' }, operationId);
    expect(done.state).toBe('succeeded');
    const size = fs.statSync(big).size;
    expect(done.outcome!.upload).toMatchObject({
      method: 'chunked',
      chunks: 4,
      acknowledged: 4,
      chunkBytes: 50 * MB,
    });
    expect(done.items?.map((i) => i.key)).toEqual([
      'chunk:1',
      'chunk:2',
      'chunk:3',
      'chunk:4',
      'commit',
    ]);
    // Bytes were reported as they went, not only at the end.
    expect(progress.some((b) => b > 0 && b < size)).toBe(true);
    expect(progress.at(-1)).toBe(size);
    expect(done.outcome!.item!.views).toHaveLength(6);
    const { outcome } = await download('workbook', done.outcome!.item!.id);
    expect(outcome.bytes).toBe(size);
    expect(outcome.sha256).toBe(await sha256OfFile(big));
  }, 120_000);

  it('cancels mid-chunk and resumes from the last acknowledged chunk', async () => {
    const operationId = 'cancel-resume';
    once(operationId, 60 * MB, 100 * MB, () => engine.operations.cancel(operationId));
    const cancelled = await publish({ file: big, name: 'Resumed package' }, operationId);
    expect(cancelled.state).toBe('cancelled');
    expect(cancelled.canRetry).toBe(true);
    expect(cancelled.outcome!.upload.acknowledged).toBe(1);
    expect(cancelled.outcome!.upload.uploadSessionId).toMatch(/^\d+:[0-9a-f]+-\d+:\d+$/);
    expect(cancelled.items?.map((i) => [i.key, i.state, i.code ?? ''])).toEqual([
      ['chunk:1', 'ok', ''],
      ['chunk:2', 'failed', 'cancelled'],
      ['chunk:3', 'skipped', ''],
      ['chunk:4', 'skipped', ''],
    ]);
    expect(await count('workbooks', 'Resumed package')).toBe(0);
    engine.operations.retryFailed(operationId);
    const resumed = (await engine.operations.wait(operationId)) as Publish;
    expect(resumed.state).toBe('succeeded');
    expect(resumed.outcome!.upload.acknowledged).toBe(4);
    const { outcome } = await download('workbook', resumed.outcome!.item!.id);
    expect(outcome.sha256).toBe(await sha256OfFile(big));
  }, 120_000);

  it('signs in again when the token expires mid-upload and finishes the same upload', async () => {
    const operationId = 'expired-token';
    once(operationId, 60 * MB, 100 * MB, () => sandbox.expireTokens());
    const done = await publish({ file: big, name: 'Re-signed package' }, operationId);
    expect(done.state).toBe('succeeded');
    expect(done.outcome!.upload).toMatchObject({ reSignedIn: true, acknowledged: 4 });
    const { outcome } = await download('workbook', done.outcome!.item!.id);
    expect(outcome.sha256).toBe(await sha256OfFile(big));
  }, 120_000);
});

describe('failing chunks', () => {
  let proxy: FaultyProxy;
  let viaProxy: EngineFixture;
  let small: string;

  beforeAll(async () => {
    proxy = await faultyProxy(sandbox.url);
    viaProxy = engineFor({ ...sandbox, url: proxy.url });
    await viaProxy.engine.signIn('sandbox');
    small = path.join(dir, 'Small package.twbx');
    await bigPackagedWorkbook(small, 4);
  });
  afterAll(async () => {
    await viaProxy.engine.dispose();
    await proxy.close();
  });

  const puts = () => proxy.seen.filter((r) => r.method === 'PUT');
  const run = async (name: string, operationId: string) => {
    await viaProxy.engine.startOperation(
      'sandbox',
      { kind: 'publish', file: small, name, projectId, upload: 'chunked', chunkMb: 1 },
      { operationId },
    );
    return (await viaProxy.engine.operations.wait(operationId)) as Publish;
  };

  it('retries a chunk that fails twice (with backoff) and publishes every byte once', async () => {
    proxy.seen.length = 0;
    let n = 0;
    proxy.failNext((method) => method === 'PUT' && ++n >= 2, 2);
    const done = await run('Twice failed chunk', 'twice');
    expect(done.state).toBe('succeeded');
    const chunks = done.outcome!.upload.chunks;
    expect(chunks).toBe(5);
    expect(puts().filter((r) => r.failed)).toHaveLength(2);
    expect(puts()).toHaveLength(chunks + 2);
    expect(done.items?.find((i) => i.key === 'chunk:2')?.message).toBe('sent after 2 retries');
    const via = viaProxy.engine;
    const target = path.join(dir, 'twice.twbx');
    const started = await via.startDownload(
      'sandbox',
      { kind: 'download', what: 'workbook', id: done.outcome!.item!.id },
      { target },
    );
    const got = await via.operations.wait(started.operationId);
    expect((got.outcome as DownloadOutcome).sha256).toBe(await sha256OfFile(small));
  });

  it('stops at a chunk that keeps failing; Retry resumes there without resending the others', async () => {
    proxy.seen.length = 0;
    let n = 0;
    proxy.failNext((method) => method === 'PUT' && ++n >= 3, 1000);
    const failed = await run('Resumed after failures', 'keeps-failing');
    expect(failed.state).toBe('partial');
    expect(failed.items?.find((i) => i.key === 'chunk:3')).toMatchObject({
      state: 'failed',
      code: '500000',
    });
    expect(failed.outcome!.upload.acknowledged).toBe(2);
    proxy.failNext(() => false, 0);
    proxy.seen.length = 0;
    viaProxy.engine.operations.retryFailed('keeps-failing');
    const done = (await viaProxy.engine.operations.wait('keeps-failing')) as Publish;
    expect(done.state).toBe('succeeded');
    // Chunks 3, 4 and 5 only.
    expect(puts()).toHaveLength(3);
  });
});

describe('bad inputs', () => {
  it.each([
    ['a file that does not exist', { file: path.join('/nonexistent', 'x.twbx') }, 'publish.noFile'],
    [
      'a file type Tableau does not publish',
      { file: sampleFile('../README.md') },
      'publish.badFileType',
    ],
    [
      'a content type the file is not',
      { file: sampleFile('SampleWB.twbx'), contentType: 'datasource' as const },
      'publish.badFileType',
    ],
    [
      'appending to a workbook',
      { file: sampleFile('SampleWB.twbx'), mode: 'append' as const },
      'publish.badMode',
    ],
    ['asJob for a flow', { file: sampleFile('SampleFlow.tfl'), asJob: true }, 'publish.badMode'],
  ])('refuses %s before anything is sent', async (_what, input, code) => {
    await expect(
      engine.startOperation('sandbox', { kind: 'publish', projectId, ...input }),
    ).rejects.toMatchObject({ code });
  });

  it('refuses an empty file and a chunk size out of range', async () => {
    const empty = path.join(dir, 'empty.twbx');
    fs.writeFileSync(empty, '');
    await expect(
      engine.startOperation('sandbox', { kind: 'publish', projectId, file: empty }),
    ).rejects.toMatchObject({ code: 'publish.emptyFile' });
    await expect(
      engine.startOperation('sandbox', { kind: 'publish', projectId, file: empty, chunkMb: 65 }),
    ).rejects.toThrow(/chunkMb/);
  });

  it('fails on an unknown project, and on a name already taken (saying which), leaving nothing', async () => {
    const noProject = await publish({
      file: sampleFile('SampleWB.twbx'),
      name: 'Nowhere',
      projectId: '00000000-0000-0000-0000-000000000000',
    });
    expect(noProject.state).toBe('failed');
    expect(noProject.error?.code).toBe('publish.noProject');
    expect(noProject.canRetry).toBe(false);
    const first = await publish({ file: sampleFile('SampleDS.tds'), name: 'Taken name' });
    const taken = await publish({ file: sampleFile('SampleDS.tds'), name: 'Taken name' });
    expect(taken.state).toBe('failed');
    expect(taken.error).toMatchObject({ code: 'publish.nameConflict' });
    expect(taken.error?.message).toMatch(/already has a data source named “Taken name”/);
    expect(await count('datasources', 'Taken name')).toBe(1);
    const over = await publish({
      file: sampleFile('World Indicators.tdsx'),
      name: 'Taken name',
      mode: 'overwrite',
    });
    expect(over.outcome!.item!.id).toBe(first.outcome!.item!.id);
  });

  it('reports the server refusing a file that is not its type (400011), with no item left', async () => {
    const fake = path.join(dir, 'Not a zip.twbx');
    fs.copyFileSync(sampleFile('SampleDS.tds'), fake);
    const done = await publish({ file: fake });
    expect(done.state).toBe('partial');
    expect(done.items?.[0]).toMatchObject({ key: 'upload', state: 'failed', code: '400011' });
    expect(done.canRetry).toBe(false);
    expect(await count('workbooks', 'Not a zip')).toBe(0);
  });

  it('keeps the password out of history, snapshots and events', async () => {
    const password = 'db-secret-7Hq2';
    const done = await publish({
      file: sampleFile('SampleDS.tds'),
      name: 'With credentials',
      credentials: { name: 'dbuser', password, embed: true },
    });
    expect(done.state).toBe('succeeded');
    const entry = engine.history
      .list()
      .find(
        (e) => e.spec.body.kind === 'multipart' && e.spec.body.text.includes('With credentials'),
      );
    expect(entry?.spec.body.kind === 'multipart' && entry.spec.body.text).toContain(
      'password="********"',
    );
    for (const text of [
      JSON.stringify(engine.history.list()),
      JSON.stringify(done),
      JSON.stringify(fixture.events),
    ])
      expect(text).not.toContain(password);
  });
});
