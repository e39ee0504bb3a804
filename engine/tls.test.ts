import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, startSandbox, type RunningSandbox } from '../sandbox';
import type { ConnectionInput } from '../shared/connection';
import { engineFor, USERS, type EngineFixture } from './test-support';
import {
  makeCertificates,
  startHttpsFront,
  type HttpsFront,
  type TestCertificates,
} from './tls-test-support';

let sandbox: RunningSandbox;
let certificates: TestCertificates;
let front: HttpsFront;
let fixture: EngineFixture;

beforeAll(async () => {
  certificates = makeCertificates();
  sandbox = await startSandbox({ port: 0, seed: 11 });
  front = await startHttpsFront(sandbox, certificates);
  fixture = engineFor(sandbox);
});
afterAll(async () => {
  for (const writer of fifoWriters) writer.kill();
  await fixture?.engine.dispose();
  await front?.close();
  await sandbox?.stop();
  if (certificates) fs.rmSync(certificates.dir, { recursive: true, force: true });
});

const fifoWriters: ChildProcess[] = [];
/**
 * A named pipe in the certificates folder. A writer opens it after a few seconds, so a build
 * that reads it synchronously fails its assertions instead of hanging the test run for ever.
 */
function fifo(name: string): string {
  const at = path.join(certificates.dir, name);
  execFileSync('mkfifo', [at]);
  fifoWriters.push(spawn('sh', ['-c', 'sleep 3; printf x > "$0"', at], { stdio: 'ignore' }));
  return at;
}

/** A corporate server: the sandbox behind https with a certificate from a private CA. */
function corporate(
  tls: ConnectionInput['tls'],
  host = '127.0.0.1',
  name = 'Corporate',
): ConnectionInput {
  return {
    name,
    serverUrl: `https://${host}:${front.port}`,
    auth: { kind: 'pat', identity: DEMO_CREDENTIALS.patName, rememberSecret: false },
    apiVersion: { mode: 'auto' },
    tls,
  };
}

async function signIn(input: ConnectionInput) {
  const saved = await fixture.engine.saveConnection(input);
  return { saved, info: await fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.patSecret) };
}

describe('TLS for corporate servers', () => {
  it('refuses a certificate no trusted CA signed, with a message that says what to do', async () => {
    const before = front.forwarded;
    await expect(signIn(corporate({ allowInvalidCertificate: false }))).rejects.toMatchObject({
      code: 'request.tls',
      message: expect.stringMatching(
        /not signed by a certificate authority Trestle trusts \(\w+\)\. Add your company's CA bundle/,
      ),
    });
    // Refused during the handshake: no request (and no PAT) reached the server.
    expect(front.forwarded).toBe(before);
  });

  it('signs in and sends over https with the company CA bundle, by IP and by name', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const before = front.forwarded;
      const { saved, info } = await signIn(
        corporate({ caBundlePath: certificates.caFile, allowInvalidCertificate: false }, host),
      );
      expect(info).toMatchObject({ userName: 'admin', serverUrl: `https://${host}:${front.port}` });
      const users = await fixture.engine.send(saved.id, USERS);
      expect(users.status).toBe(200);
      expect(users.pagination?.totalAvailable).toBe(2500);
      expect(front.forwarded).toBeGreaterThan(before);
    }
  });

  it('accepts the certificate without the CA only when the connection allows an invalid one', async () => {
    const { saved } = await signIn(corporate({ allowInvalidCertificate: true }, 'localhost'));
    expect((await fixture.engine.send(saved.id, USERS)).status).toBe(200);
  });

  it('refuses at save any CA bundle it cannot use, with one plain message that tells nothing of the path', async () => {
    const file = (name: string, text: string) => {
      const at = path.join(certificates.dir, name);
      fs.writeFileSync(at, text);
      return at;
    };
    const pem = fs.readFileSync(certificates.caFile, 'utf8');
    const cases = [
      path.join(certificates.dir, 'absent.pem'),
      certificates.dir,
      fifo('pipe.pem'),
      '/dev/zero',
      file('huge.pem', pem.repeat(Math.ceil((1024 * 1024) / pem.length) + 1)),
      file('key.pem', 'just some notes, not a certificate'),
      file('damaged.pem', pem.replace(/(BEGIN CERTIFICATE-----\n)\S{20}/, '$1' + 'A'.repeat(20))),
    ];
    const messages = new Set<string>();
    for (const caBundlePath of cases) {
      const refused = await fixture.engine
        .saveConnection(corporate({ caBundlePath, allowInvalidCertificate: false }))
        .then(
          () => null,
          (error: { code: string; message: string; detail: unknown }) => error,
        );
      expect(refused, caBundlePath).toMatchObject({
        code: 'connection.caBundle',
        detail: { file: caBundlePath },
      });
      messages.add(refused!.message.replace(caBundlePath, '<file>'));
    }
    expect([...messages]).toEqual([expect.stringMatching(/cannot be used.*PEM file .*1 MB/)]);
    expect(fixture.engine.connections.list().map((c) => c.tls.caBundlePath)).not.toContain(
      certificates.dir,
    );
    // Nothing froze on the FIFO: the engine still answers.
    expect((await fixture.engine.signIn('sandbox')).userName).toBe('admin');
  });

  it('says so at sign-in when the saved CA bundle has since vanished or been damaged', async () => {
    const copy = path.join(certificates.dir, 'company-ca.pem');
    fs.copyFileSync(certificates.caFile, copy);
    const saved = await fixture.engine.saveConnection(
      corporate({ caBundlePath: copy, allowInvalidCertificate: false }),
    );
    fs.rmSync(copy);
    await expect(fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.patSecret)).rejects.toMatchObject(
      { code: 'connection.caBundle', message: expect.stringContaining(copy) },
    );
    fs.writeFileSync(copy, 'not a bundle any more, and a different size');
    await expect(fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.patSecret)).rejects.toMatchObject(
      { code: 'connection.caBundle', message: expect.stringContaining(copy) },
    );
    // Swapped for a FIFO: refused at once, no read waits on a writer that never comes.
    fs.rmSync(copy);
    fifo('company-ca.pem');
    await expect(fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.patSecret)).rejects.toMatchObject(
      { code: 'connection.caBundle' },
    );
    fs.rmSync(copy);
    fs.copyFileSync(certificates.caFile, copy);
    expect((await fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.patSecret)).userName).toBe(
      'admin',
    );
  });
});
