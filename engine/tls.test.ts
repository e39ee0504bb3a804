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
  await fixture?.engine.dispose();
  await front?.close();
  await sandbox?.stop();
  if (certificates) fs.rmSync(certificates.dir, { recursive: true, force: true });
});

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

  it('refuses at save a CA bundle that is missing, unreadable, not PEM or damaged', async () => {
    const file = (name: string, text: string) => {
      const at = path.join(certificates.dir, name);
      fs.writeFileSync(at, text);
      return at;
    };
    const pem = fs.readFileSync(certificates.caFile, 'utf8');
    const cases: Array<[string, RegExp]> = [
      [path.join(certificates.dir, 'absent.pem'), /cannot be read \(ENOENT\)/],
      // A folder stands in for an unreadable file: the tests run as root, which reads anything.
      [certificates.dir, /cannot be read \(EISDIR\)/],
      [file('key.pem', 'just some notes, not a certificate'), /holds no PEM certificate/],
      [
        file('damaged.pem', pem.replace(/(BEGIN CERTIFICATE-----\n)\S{20}/, '$1' + 'A'.repeat(20))),
        /certificate 1 of 1 is damaged/,
      ],
    ];
    for (const [caBundlePath, why] of cases) {
      await expect(
        fixture.engine.saveConnection(corporate({ caBundlePath, allowInvalidCertificate: false })),
      ).rejects.toMatchObject({
        code: 'connection.caBundle',
        message: expect.stringMatching(why),
      });
    }
    expect(fixture.engine.connections.list().map((c) => c.tls.caBundlePath)).not.toContain(
      certificates.dir,
    );
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
      { code: 'connection.caBundle', message: expect.stringMatching(/no PEM certificate/) },
    );
    fs.copyFileSync(certificates.caFile, copy);
    expect((await fixture.engine.signIn(saved.id, DEMO_CREDENTIALS.patSecret)).userName).toBe(
      'admin',
    );
  });
});
