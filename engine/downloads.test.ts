import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../sandbox';
import type { DownloadOutcome, DownloadStartInput } from '../shared/downloads';
import type { OperationSnapshot } from '../shared/operations';
import type { PublishOutcome } from '../shared/publish';
import type { Engine } from './index';
import { sampleFile, sha256OfFile, tempDir } from './publish-test-support';
import { engineFor, spec } from './test-support';

/**
 * Downloads as an operation: streamed to a file beside the target and renamed when whole, with
 * progress and a SHA-256; view filters and export options on the wire; a failed or cancelled
 * download leaves no file at all.
 */
let sandbox: RunningSandbox;
let fixture: ReturnType<typeof engineFor>;
let engine: Engine;
let dir: string;
let viewId: string;

type Download = OperationSnapshot & { outcome: DownloadOutcome | null };

async function download(
  input: Omit<DownloadStartInput, 'kind'>,
  options: { target?: string; deliver?: Parameters<Engine['startDownload']>[2]['deliver'] } = {},
): Promise<Download & { target: string }> {
  const target = options.target ?? path.join(dir, `file-${Math.random().toString(36).slice(2)}`);
  const started = await engine.startDownload(
    'sandbox',
    { kind: 'download', ...input },
    { target, deliver: options.deliver },
  );
  return { ...((await engine.operations.wait(started.operationId)) as Download), target };
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  fixture = engineFor(sandbox);
  engine = fixture.engine;
  await engine.signIn('sandbox');
  const views = await engine.send(
    'sandbox',
    spec({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/views' }),
  );
  viewId = (views.body as { views: { view: Array<{ id: string }> } }).views.view[0].id;
  dir = tempDir('download-test');
});

afterAll(async () => {
  await engine?.dispose();
  await sandbox?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Files in the folder other than the targets asked for: partial files would show here. */
const leftovers = (targets: string[]) =>
  fs.readdirSync(dir).filter((f) => !targets.includes(path.join(dir, f)));

describe('downloads', () => {
  it('writes a view image to the target, high resolution when asked, with its hash', async () => {
    const done = await download({ what: 'view-image', id: viewId, highResolution: true });
    expect(done.state).toBe('succeeded');
    const bytes = fs.readFileSync(done.target);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // 400×250 doubled by resolution=high.
    expect(bytes.readUInt32BE(16)).toBe(800);
    expect(done.outcome).toMatchObject({
      what: 'view-image',
      bytes: bytes.length,
      path: done.target,
    });
    expect(done.outcome!.sha256).toBe(await sha256OfFile(done.target));
    expect(done.progress.bytes).toEqual({ done: bytes.length, total: bytes.length });
  });

  it('sends view filters (vf_) and gets only the filtered rows', async () => {
    const all = await download({ what: 'view-csv', id: viewId });
    const west = await download({
      what: 'view-csv',
      id: viewId,
      filters: [{ name: 'vf_Region', value: 'West' }],
    });
    const rows = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n').slice(1);
    expect(rows(all.target).length).toBe(12);
    expect(rows(west.target).length).toBe(3);
    expect(rows(west.target).every((r) => r.startsWith('West,'))).toBe(true);
  });

  it('downloads a revision as it was published, and names it from Content-Disposition', async () => {
    const projects = await engine.send(
      'sandbox',
      spec({ method: 'GET', path: '/api/{api-version}/sites/{site-id}/projects' }),
    );
    const projectId = (projects.body as { projects: { project: Array<{ id: string }> } }).projects
      .project[0].id;
    const publish = async (file: string, mode: 'createNew' | 'overwrite') => {
      const started = await engine.startOperation('sandbox', {
        kind: 'publish',
        file: sampleFile(file),
        name: 'Revised',
        projectId,
        mode,
      });
      return (await engine.operations.wait(started.operationId)).outcome as PublishOutcome;
    };
    const first = await publish('SampleWB.twbx', 'createNew');
    await publish('RESTAPISample.twb', 'overwrite');
    const id = first.item!.id;
    const r1 = await download({ what: 'workbook-revision', id, revision: 1 });
    expect(r1.outcome!.sha256).toBe(await sha256OfFile(sampleFile('SampleWB.twbx')));
    expect(r1.outcome!.fileName).toBe('Revised_1.twbx');
    const current = await download({ what: 'workbook', id });
    expect(current.outcome!.sha256).toBe(await sha256OfFile(sampleFile('RESTAPISample.twb')));
    expect(current.outcome!.fileName).toBe('Revised.twb');
  });

  it('hands the file to the host for a browser download (web host)', async () => {
    const delivered: string[] = [];
    const done = await download(
      { what: 'view-pdf', id: viewId, pageType: 'A4', orientation: 'Landscape' },
      {
        deliver: (file) => {
          delivered.push(file.path);
          return `/downloads/${path.basename(file.path)}`;
        },
      },
    );
    expect(done.outcome).toMatchObject({ path: null, contentType: 'application/pdf' });
    expect(done.outcome!.downloadUrl).toBe(`/downloads/${path.basename(done.target)}`);
    expect(delivered).toEqual([done.target]);
    expect(fs.readFileSync(done.target).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses options that do not go with the kind before anything is sent', async () => {
    const start = (input: Omit<DownloadStartInput, 'kind'>) =>
      engine.startDownload(
        'sandbox',
        { kind: 'download', ...input },
        { target: path.join(dir, 'never') },
      );
    await expect(
      start({ what: 'workbook', id: 'x', filters: [{ name: 'vf_Region', value: 'West' }] }),
    ).rejects.toMatchObject({ code: 'download.badRequest' });
    await expect(start({ what: 'workbook-revision', id: 'x' })).rejects.toMatchObject({
      code: 'download.badRequest',
    });
    await expect(
      start({ what: 'view-csv', id: 'x', filters: [{ name: 'Region', value: 'West' }] }),
    ).rejects.toThrow(/vf_/);
    await expect(start({ what: 'view-csv', id: '../x' })).rejects.toThrow(/slashes/);
  });

  it('leaves no file when Tableau refuses, and none when the download is cancelled', async () => {
    const before = fs.readdirSync(dir).map((f) => path.join(dir, f));
    const missing = await download({
      what: 'workbook',
      id: '00000000-0000-0000-0000-000000000000',
    });
    expect(missing.state).toBe('partial');
    expect(missing.items?.[0]).toMatchObject({ state: 'failed', code: '404006' });
    expect(fs.existsSync(missing.target)).toBe(false);
    // A slow body (1 KB/s) is cancelled as soon as the first bytes arrive.
    sandbox.setFaults({ slowBodyBytesPerSecond: 1000 });
    try {
      const target = path.join(dir, 'cancelled.png');
      const operationId = 'slow-download';
      let cancelled = false;
      fixture.onEvent(({ event, payload }) => {
        const p = payload as { operationId: string; progress: { bytes: { done: number } | null } };
        if (event !== 'operation:progress' || p.operationId !== operationId || cancelled) return;
        if ((p.progress.bytes?.done ?? 0) > 0) {
          cancelled = true;
          engine.operations.cancel(operationId);
        }
      });
      const started = await engine.startDownload(
        'sandbox',
        { kind: 'download', what: 'view-image', id: viewId },
        { target, operationId },
      );
      const done = await engine.operations.wait(started.operationId);
      expect(done.state).toBe('cancelled');
      expect(done.items?.[0]).toMatchObject({ state: 'failed', code: 'cancelled' });
      expect(fs.existsSync(target)).toBe(false);
    } finally {
      sandbox.setFaults({ slowBodyBytesPerSecond: 0 });
    }
    expect(leftovers(before)).toEqual([]);
  });
});
