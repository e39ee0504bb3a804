/**
 * The publish benchmark's baseline, run as its own process: a plain sequential chunked
 * uploader, as Tableau's Python client publishes — sign in, initiate, each 50 MB chunk read
 * into memory and sent in its multipart body one after another, then the commit
 * (`fileuploads_endpoint.py`, `request_factory.py: chunk_req`). Prints `{"seconds": …}`,
 * timed from the initiate to the commit's answer.
 *
 * Usage: node --import tsx bench/publish-loop.ts BASE_URL FILE PROJECT_ID NAME
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { DEMO_CREDENTIALS } from '../sandbox';

const CHUNK = 50 * 1024 * 1024;

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: Buffer,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method, headers: { ...headers, 'content-length': String(body?.length ?? 0) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function main(): Promise<void> {
  const [base, file, projectId, name] = process.argv.slice(2);
  const signIn = await send(
    `${base}/api/3.29/auth/signin`,
    'POST',
    { 'content-type': 'application/json', accept: 'application/json' },
    Buffer.from(
      JSON.stringify({
        credentials: {
          name: DEMO_CREDENTIALS.username,
          password: DEMO_CREDENTIALS.password,
          site: { contentUrl: '' },
        },
      }),
    ),
  );
  const credentials = (
    JSON.parse(signIn.text) as { credentials: { token: string; site: { id: string } } }
  ).credentials;
  const site = `${base}/api/3.29/sites/${credentials.site.id}`;
  const auth = { 'x-tableau-auth': credentials.token, accept: 'application/json' };
  const boundary = randomBytes(16).toString('hex');
  const multipart = (
    parts: Array<{ name: string; body: Buffer; filename?: string; type: string }>,
  ) =>
    Buffer.concat([
      ...parts.flatMap((p) => [
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename ?? ''}"\r\nContent-Type: ${p.type}\r\n\r\n`,
        ),
        p.body,
        Buffer.from('\r\n'),
      ]),
      Buffer.from(`--${boundary}--\r\n`),
    ]);
  const headers = { ...auth, 'content-type': `multipart/mixed; boundary=${boundary}` };
  const started = performance.now();
  const initiated = await send(`${site}/fileUploads`, 'POST', auth);
  const id = (JSON.parse(initiated.text) as { fileUpload: { uploadSessionId: string } }).fileUpload
    .uploadSessionId;
  const fd = fs.openSync(file, 'r');
  const size = fs.fstatSync(fd).size;
  for (let offset = 0; offset < size; offset += CHUNK) {
    const chunk = Buffer.alloc(Math.min(CHUNK, size - offset));
    fs.readSync(fd, chunk, 0, chunk.length, offset);
    const body = multipart([
      { name: 'request_payload', body: Buffer.alloc(0), type: 'text/xml' },
      { name: 'tableau_file', body: chunk, filename: 'file', type: 'application/octet-stream' },
    ]);
    const answer = await send(`${site}/fileUploads/${id}`, 'PUT', headers, body);
    if (answer.status !== 200) throw new Error(`a chunk answered ${answer.status}`);
  }
  fs.closeSync(fd);
  const payload = `<tsRequest><datasource name="${name}"><project id="${projectId}"/></datasource></tsRequest>`;
  const commit = await send(
    `${site}/datasources?datasourceType=hyper&overwrite=true&uploadSessionId=${id}`,
    'POST',
    headers,
    multipart([{ name: 'request_payload', body: Buffer.from(payload), type: 'text/xml' }]),
  );
  if (commit.status !== 201) throw new Error(`the commit answered ${commit.status}`);
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
}

main().catch((error: unknown) => {
  process.stderr.write(`publish-loop: ${(error as Error).message}\n`);
  process.exit(1);
});
