import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from './index';
import { signIn, withSandbox, type SignedIn } from './test-support';

/**
 * The sandbox keeps what was published (tableau-api.md §6): every sample file publishes in one
 * request and through an upload session, downloads return the same bytes, a workbook's views are
 * its sheets, and every malformed request gets Tableau's error code with nothing left behind.
 */
const SAMPLES = path.resolve(import.meta.dirname, '..', '..', 'shared', 'reference', 'samples');
const sample = (name: string) => fs.readFileSync(path.join(SAMPLES, name));
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let sandbox: RunningSandbox;
let s: SignedIn;
let projectId: string;

beforeAll(async () => {
  sandbox = await withSandbox();
  s = await signIn(sandbox);
  projectId = (await get('/projects?pageSize=1')).body.projects.project[0].id;
});
afterAll(() => sandbox?.stop());

const site = () => `/api/3.29/sites/${s.siteId}`;

interface Answer {
  status: number;
  // Parsed JSON answers.
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  bytes: Buffer;
  headers: Headers;
}

async function request(
  method: string,
  p: string,
  body?: Buffer,
  contentType?: string,
): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', 'x-tableau-auth': s.token };
  if (contentType) headers['content-type'] = contentType;
  const res = await fetch(`${sandbox.url}${site()}${p}`, {
    method,
    headers,
    body: body && new Uint8Array(body),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').includes('json');
  return {
    status: res.status,
    body: json && bytes.length ? JSON.parse(bytes.toString()) : {},
    bytes,
    headers: res.headers,
  };
}

const get = (p: string) => request('GET', p);

const B = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const MIXED = `multipart/mixed; boundary=${B}`;

/** A multipart/mixed body as TSC builds it (form-data dispositions, CRLF, closing boundary). */
function multipart(
  parts: Array<{ name: string; body: Buffer | string; filename?: string; type?: string }>,
  close = true,
): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const filename = part.filename === undefined ? '' : `; filename="${part.filename}"`;
    chunks.push(
      Buffer.from(
        `--${B}\r\nContent-Disposition: form-data; name="${part.name}"${filename}\r\nContent-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.isBuffer(part.body) ? part.body : Buffer.from(part.body),
      Buffer.from('\r\n'),
    );
  }
  if (close) chunks.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(chunks);
}

const payload = (kind: string, name: string, extra = '') => ({
  name: 'request_payload',
  body: `<tsRequest><${kind} name="${name}"${extra}><project id="${projectId}"/></${kind}></tsRequest>`,
  type: 'text/xml',
});

const COLLECTION = { workbook: 'workbooks', datasource: 'datasources', flow: 'flows' } as const;
const TYPE_PARAM = {
  workbook: 'workbookType',
  datasource: 'datasourceType',
  flow: 'flowType',
} as const;
const PART = {
  workbook: 'tableau_workbook',
  datasource: 'tableau_datasource',
  flow: 'tableau_flow',
} as const;

async function publish(
  kind: keyof typeof COLLECTION,
  file: string,
  name: string,
  query = '',
): Promise<Answer> {
  const ext = path.extname(file).slice(1);
  return request(
    'POST',
    `/${COLLECTION[kind]}?${TYPE_PARAM[kind]}=${ext}${query}`,
    multipart([payload(kind, name), { name: PART[kind], body: sample(file), filename: file }]),
    MIXED,
  );
}

async function countNamed(kind: keyof typeof COLLECTION, name: string): Promise<number> {
  const answer = await get(`/${COLLECTION[kind]}?filter=name:eq:${encodeURIComponent(name)}`);
  return Number(answer.body.pagination.totalAvailable);
}

describe('publishing each sample file in one request', () => {
  it.each([
    ['workbook', 'SampleWB.twbx'],
    ['workbook', 'RESTAPISample.twb'],
    ['datasource', 'SampleDS.tds'],
    ['datasource', 'World Indicators.tdsx'],
    ['datasource', 'World Indicators.hyper'],
    ['flow', 'SampleFlow.tfl'],
  ] as const)('publishes %s %s and downloads the same bytes', async (kind, file) => {
    const name = `Sample ${file}`;
    const res = await publish(kind, file, name);
    expect(res.status).toBe(201);
    const item = res.body[kind];
    expect(item.name).toBe(name);
    expect(item.project.id).toBe(projectId);
    const download = await get(`/${COLLECTION[kind]}/${item.id}/content`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="${name}.${path.extname(file).slice(1)}"`,
    );
    expect(sha(download.bytes)).toBe(sha(sample(file)));
  });

  it('makes a workbook’s views from its visible sheets, in tab order, inside the .twbx', async () => {
    const res = await publish('workbook', 'SampleWB.twbx', 'World Indicators WB');
    const views = res.body.workbook.views.view.map((v: { name: string }) => v.name);
    expect(views).toEqual([
      'GDP per capita',
      'GDP per Capita Dashboard',
      'Health spending vs life expectancy',
      'Country ranks',
      'Interest rates',
      'Share of World GDP',
    ]);
    expect(res.body.workbook.views.view[0].contentUrl).toBe(
      'WorldIndicatorsWB/sheets/GDPpercapita',
    );
    const listed = await get(`/workbooks/${res.body.workbook.id}/views`);
    expect(listed.body.views.view).toHaveLength(6);
    // Hidden on publish: one view fewer.
    const hidden = await request(
      'POST',
      '/workbooks?workbookType=twbx',
      multipart([
        {
          name: 'request_payload',
          type: 'text/xml',
          body: `<tsRequest><workbook name="Hidden views WB"><project id="${projectId}"/><views><view name="Interest rates" hidden="true"/></views></workbook></tsRequest>`,
        },
        { name: 'tableau_workbook', body: sample('SampleWB.twbx'), filename: 'SampleWB.twbx' },
      ]),
      MIXED,
    );
    expect(hidden.status).toBe(201);
    expect(hidden.body.workbook.views.view.map((v: { name: string }) => v.name)).not.toContain(
      'Interest rates',
    );
  });

  it('reads a data source’s connections from its .tds', async () => {
    const res = await publish('datasource', 'SampleDS.tds', 'Postgres DS');
    expect(res.body.datasource.type).toBe('postgres');
    const connections = await get(`/datasources/${res.body.datasource.id}/connections`);
    expect(connections.body.connections.connection[0]).toMatchObject({
      type: 'postgres',
      serverAddress: 'postgres91.test.tsi.lan',
      serverPort: '5432',
      userName: 'test',
    });
  });

  it('refuses a same-named item without overwrite (409006); overwrite keeps its id and adds a revision', async () => {
    const first = await publish('workbook', 'SampleWB.twbx', 'Overwritten WB');
    const again = await publish('workbook', 'RESTAPISample.twb', 'Overwritten WB');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('409006');
    const over = await publish(
      'workbook',
      'RESTAPISample.twb',
      'Overwritten WB',
      '&overwrite=true',
    );
    expect(over.status).toBe(201);
    expect(over.body.workbook.id).toBe(first.body.workbook.id);
    // Views of the same name keep their ids.
    expect(over.body.workbook.views.view[0].id).toBe(first.body.workbook.views.view[0].id);
    const id = first.body.workbook.id;
    const revisions = (await get(`/workbooks/${id}/revisions`)).body.revisions.revision;
    expect(revisions.map((r: { revisionNumber: string }) => r.revisionNumber)).toEqual(['1', '2']);
    expect(sha((await get(`/workbooks/${id}/revisions/1/content`)).bytes)).toBe(
      sha(sample('SampleWB.twbx')),
    );
    expect(sha((await get(`/workbooks/${id}/revisions/2/content`)).bytes)).toBe(
      sha(sample('RESTAPISample.twb')),
    );
    expect(sha((await get(`/workbooks/${id}/content`)).bytes)).toBe(
      sha(sample('RESTAPISample.twb')),
    );
  });
});

describe('publishing through an upload session', () => {
  async function upload(bytes: Buffer, chunk: number): Promise<string> {
    const id = (await request('POST', '/fileUploads')).body.fileUpload.uploadSessionId as string;
    for (let at = 0; at < bytes.length; at += chunk) {
      const res = await request(
        'PUT',
        `/fileUploads/${encodeURIComponent(id)}`,
        multipart([
          { name: 'request_payload', body: '', type: 'text/xml' },
          { name: 'tableau_file', body: bytes.subarray(at, at + chunk), filename: 'file' },
        ]),
        MIXED,
      );
      expect(res.status).toBe(200);
      expect(Number(res.body.fileUpload.fileSize)).toBe(
        Math.floor(Math.min(bytes.length, at + chunk) / (1024 * 1024)),
      );
    }
    return id;
  }

  it('commits chunks into the published file, byte for byte, as a job when asked', async () => {
    const file = sample('World Indicators.tdsx');
    const id = await upload(file, 20_000);
    const res = await request(
      'POST',
      `/datasources?datasourceType=tdsx&uploadSessionId=${encodeURIComponent(id)}&asJob=true`,
      multipart([
        {
          name: 'request_payload',
          type: 'application/json',
          body: JSON.stringify({
            datasource: { name: 'Chunked tdsx', project: { id: projectId } },
          }),
        },
      ]),
      MIXED,
    );
    expect(res.status).toBe(202);
    expect(res.body.job.type).toBe('PublishDatasource');
    const ds = (await get('/datasources?filter=name:eq:Chunked tdsx')).body.datasources
      .datasource[0];
    expect(sha((await get(`/datasources/${ds.id}/content`)).bytes)).toBe(sha(file));
    // The session is gone once committed.
    const reused = await request(
      'POST',
      `/datasources?datasourceType=tdsx&uploadSessionId=${encodeURIComponent(id)}`,
      multipart([payload('datasource', 'Again')]),
      MIXED,
    );
    expect(reused.status).toBe(404);
    expect(reused.body.error.code).toBe('404001');
  });

  it('keeps a large upload in a temp folder, not memory, and removes the folder on stop', async () => {
    const own = await withSandbox();
    const me = await signIn(own);
    const big = Buffer.alloc(24 * 1024 * 1024, 7);
    const call = async (method: string, p: string, body?: Buffer) => {
      const res = await fetch(`${own.url}/api/3.29/sites/${me.siteId}${p}`, {
        method,
        headers: {
          accept: 'application/json',
          'x-tableau-auth': me.token,
          ...(body ? { 'content-type': MIXED } : {}),
        },
        body: body && new Uint8Array(body),
      });
      return { status: res.status, text: await res.text() };
    };
    const id = JSON.parse((await call('POST', '/fileUploads')).text).fileUpload.uploadSessionId;
    const put = await call(
      'PUT',
      `/fileUploads/${encodeURIComponent(id)}`,
      multipart([
        { name: 'request_payload', body: '' },
        { name: 'tableau_file', body: big, filename: 'file' },
      ]),
    );
    expect(put.status).toBe(200);
    const folders = fs
      .readdirSync(os.tmpdir())
      .filter((n) => n.startsWith('trestle-sandbox-'))
      .map((n) => path.join(os.tmpdir(), n))
      .filter((dir) =>
        fs.readdirSync(dir).some((f) => fs.statSync(path.join(dir, f)).size === big.length),
      );
    expect(folders.length).toBeGreaterThan(0);
    await own.stop();
    for (const dir of folders) expect(fs.existsSync(dir)).toBe(false);
  });
});

describe('malformed publishing requests', () => {
  const twbx = () => ({
    name: 'tableau_workbook',
    body: sample('SampleWB.twbx'),
    filename: 'SampleWB.twbx',
  });

  it.each([
    [
      'multipart/form-data as the content type',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx',
          multipart([payload('workbook', 'Bad 1'), twbx()]),
          `multipart/form-data; boundary=${B}`,
        ),
      406,
      '406000',
    ],
    [
      'no boundary',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx',
          multipart([payload('workbook', 'Bad 2'), twbx()]),
          'multipart/mixed',
        ),
      400,
      '400000',
    ],
    [
      'no request_payload part',
      () => request('POST', '/workbooks?workbookType=twbx', multipart([twbx()]), MIXED),
      400,
      '400000',
    ],
    [
      'a misnamed file part',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx',
          multipart([payload('workbook', 'Bad 4'), { ...twbx(), name: 'tableau_workbok' }]),
          MIXED,
        ),
      400,
      '400000',
    ],
    [
      'a payload that is not XML',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx',
          multipart([
            {
              name: 'request_payload',
              body: '<tsRequest><workbook name="Bad 5"',
              type: 'text/xml',
            },
            twbx(),
          ]),
          MIXED,
        ),
      400,
      '400000',
    ],
    [
      'a body cut before its closing boundary',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx',
          multipart([payload('workbook', 'Bad 6'), twbx()], false),
          MIXED,
        ),
      400,
      '400000',
    ],
    [
      'a file that is not its type (a .tds sent as a .twbx)',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx',
          multipart([
            payload('workbook', 'Bad 7'),
            { name: 'tableau_workbook', body: sample('SampleDS.tds'), filename: 'SampleDS.twbx' },
          ]),
          MIXED,
        ),
      400,
      '400011',
    ],
    [
      'a wrong workbookType',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=zip',
          multipart([payload('workbook', 'Bad 8'), twbx()]),
          MIXED,
        ),
      400,
      '400000',
    ],
    [
      'an unknown upload session',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx&uploadSessionId=1234:abc-1:0',
          multipart([payload('workbook', 'Bad 9')]),
          MIXED,
        ),
      404,
      '404001',
    ],
    [
      'an unknown project',
      () =>
        request(
          'POST',
          '/workbooks?workbookType=twbx',
          multipart([
            {
              name: 'request_payload',
              type: 'text/xml',
              body: '<tsRequest><workbook name="Bad 10"><project id="00000000-0000-0000-0000-000000000000"/></workbook></tsRequest>',
            },
            twbx(),
          ]),
          MIXED,
        ),
      404,
      '404005',
    ],
  ])('answers %s with %i %s and creates nothing', async (_what, send, status, code) => {
    const before = (await get('/workbooks?pageSize=1')).body.pagination.totalAvailable;
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe(code);
    expect((await get('/workbooks?pageSize=1')).body.pagination.totalAvailable).toBe(before);
  });

  it('answers a commit before any append with 400011, and keeps the session for the file', async () => {
    const id = (await request('POST', '/fileUploads')).body.fileUpload.uploadSessionId as string;
    const res = await request(
      'POST',
      `/workbooks?workbookType=twbx&uploadSessionId=${encodeURIComponent(id)}`,
      multipart([payload('workbook', 'Empty commit')]),
      MIXED,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('400011');
    expect(await countNamed('workbook', 'Empty commit')).toBe(0);
    const chunk = await request(
      'PUT',
      `/fileUploads/${encodeURIComponent(id)}`,
      multipart([
        { name: 'request_payload', body: '' },
        { name: 'tableau_file', body: sample('SampleWB.twbx'), filename: 'file' },
      ]),
      MIXED,
    );
    expect(chunk.status).toBe(200);
  });

  it('refuses an upload chunk without its parts, and an append to an unknown session', async () => {
    const id = (await request('POST', '/fileUploads')).body.fileUpload.uploadSessionId as string;
    const noFile = await request(
      'PUT',
      `/fileUploads/${encodeURIComponent(id)}`,
      multipart([{ name: 'request_payload', body: '' }]),
      MIXED,
    );
    expect(noFile.body.error.code).toBe('400000');
    const unknown = await request(
      'PUT',
      '/fileUploads/9999:nope-1:0',
      multipart([
        { name: 'request_payload', body: '' },
        { name: 'tableau_file', body: 'x' },
      ]),
      MIXED,
    );
    expect(unknown.body.error.code).toBe('404001');
  });

  it('refuses overwrite with append for a data source, and appending a .tds', async () => {
    const both = await publish(
      'datasource',
      'World Indicators.hyper',
      'Both',
      '&overwrite=true&append=true',
    );
    expect(both.status).toBe(400);
    const tds = await publish('datasource', 'SampleDS.tds', 'Appended tds', '&append=true');
    expect(tds.status).toBe(400);
    expect(await countNamed('datasource', 'Appended tds')).toBe(0);
  });
});
