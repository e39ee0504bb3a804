import { createHash, randomUUID, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import {
  connectionInputSchema,
  connectionSchema,
  type Connection,
  type ConnectionInput,
} from '../shared/connection';
import type { Persistence } from './store/persistence';
import { EngineError } from './errors';
import type { TlsOptions } from './http-client';

export const SANDBOX_CONNECTION_ID = 'sandbox';

/** The connection every fresh install has: the built-in sandbox, signed in with its demo PAT. */
export function sandboxConnection(url = 'http://127.0.0.1'): Connection {
  return connectionSchema.parse({
    id: SANDBOX_CONNECTION_ID,
    name: 'Sandbox',
    serverUrl: url,
    siteContentUrl: '',
    auth: { kind: 'pat', identity: 'trestle', secretStored: true, rememberSecret: true },
    apiVersion: { mode: 'auto' },
    builtin: 'sandbox',
  });
}

interface CaBundle {
  pem: Buffer;
  /** mtime and size when read: a changed file is read again. */
  stamp: string;
  hash: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g;

function caBundleError(file: string, why: string): EngineError {
  return new EngineError(
    'connection.caBundle',
    `The CA bundle ${file} cannot be used: ${why}. Choose a PEM file with your company's CA certificates.`,
    { file },
  );
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Checks the server URL: https, or http on loopback, or http the user allowed for this connection. */
export function checkServerUrl(serverUrl: string, allowInsecureHttp: boolean): URL {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    throw new EngineError('connection.badUrl', `“${serverUrl}” is not a URL.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new EngineError(
      'connection.badUrl',
      'The server URL must start with https:// (or http:// for a local server).',
    );
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname) && !allowInsecureHttp) {
    throw new EngineError(
      'connection.insecureHttp',
      `${url.origin} is plain http: the password or token would cross the network unencrypted. Use https://, or allow plain http for this connection explicitly.`,
    );
  }
  return url;
}

/** Connections persisted as a document; secrets are never part of them (see SecretVault). */
export class ConnectionStore {
  private readonly caBundles = new Map<string, CaBundle>();

  constructor(private readonly persistence: Persistence) {}

  list(): Connection[] {
    const parsed = this.persistence.read('connections').connections.flatMap((c) => {
      const result = connectionSchema.safeParse(c);
      return result.success && result.data.id !== SANDBOX_CONNECTION_ID ? [result.data] : [];
    });
    return [sandboxConnection(), ...parsed];
  }

  get(id: string): Connection {
    const found = this.list().find((c) => c.id === id);
    if (!found) throw new EngineError('connection.notFound', `No connection with id ${id}.`);
    return found;
  }

  /** Validates and stores a connection; the caller has already dealt with its secret. */
  save(input: ConnectionInput, secretStored: (id: string) => boolean): Connection {
    const parsed = connectionInputSchema.parse(input);
    const url = checkServerUrl(parsed.serverUrl, parsed.allowInsecureHttp);
    const id = parsed.id ?? randomUUID();
    if (id === SANDBOX_CONNECTION_ID) {
      throw new EngineError(
        'connection.builtin',
        'The Sandbox connection is built in and cannot be changed.',
      );
    }
    if (parsed.tls.caBundlePath) this.readCaBundle(parsed.tls.caBundlePath, true);
    const previous = this.list().find((c) => c.id === id);
    const connection: Connection = connectionSchema.parse({
      ...parsed,
      id,
      serverUrl: url.origin,
      auth: {
        kind: parsed.auth.kind,
        identity: parsed.auth.identity,
        secretStored: secretStored(id),
        rememberSecret: parsed.auth.rememberSecret,
      },
      apiVersion: {
        ...parsed.apiVersion,
        // The detected version is ours to cache; keep it while the server stays the same.
        detected: previous?.serverUrl === url.origin ? previous.apiVersion.detected : undefined,
      },
    });
    this.write([...this.stored().filter((c) => c.id !== id), connection]);
    return connection;
  }

  delete(id: string): void {
    if (id === SANDBOX_CONNECTION_ID) {
      throw new EngineError(
        'connection.builtin',
        'The Sandbox connection is built in and cannot be deleted.',
      );
    }
    this.write(this.stored().filter((c) => c.id !== id));
  }

  /** Caches the REST API version `serverinfo` reported (auto mode). */
  setDetectedVersion(id: string, version: string): void {
    if (id === SANDBOX_CONNECTION_ID) return;
    const stored = this.stored();
    const found = stored.find((c) => c.id === id);
    if (!found || found.apiVersion.detected === version) return;
    found.apiVersion = { ...found.apiVersion, detected: version };
    this.write(stored);
  }

  /** TLS for a connection: its extra CA bundle, and whether certificate checks are (loudly) off. */
  tlsFor(connection: Connection): TlsOptions | undefined {
    const { caBundlePath, allowInvalidCertificate } = connection.tls;
    if (!caBundlePath && !allowInvalidCertificate) return undefined;
    const bundle = caBundlePath ? this.readCaBundle(caBundlePath, false) : undefined;
    return {
      // The content's hash, not the path: a replaced bundle gets fresh agents and sockets.
      key: `${bundle?.hash ?? ''}|${allowInvalidCertificate}`,
      ca: bundle?.pem,
      rejectUnauthorized: !allowInvalidCertificate,
    };
  }

  /**
   * Reads and checks a PEM bundle: at save (always fresh) and at each request (re-read only
   * when the file changed), so a bad or vanished file gives a clear error, not a TLS riddle.
   */
  private readCaBundle(file: string, fresh: boolean): CaBundle {
    let stamp: string;
    try {
      const stat = fs.statSync(file);
      stamp = `${stat.mtimeMs}:${stat.size}`;
    } catch (error) {
      throw caBundleError(file, `it cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
    const cached = this.caBundles.get(file);
    if (cached && !fresh && cached.stamp === stamp) return cached;
    let pem: Buffer;
    try {
      pem = fs.readFileSync(file);
    } catch (error) {
      throw caBundleError(file, `it cannot be read (${(error as NodeJS.ErrnoException).code})`);
    }
    const blocks = pem.toString('utf8').match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) {
      throw caBundleError(file, 'it holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
    }
    blocks.forEach((block, i) => {
      try {
        new X509Certificate(block);
      } catch {
        throw caBundleError(file, `certificate ${i + 1} of ${blocks.length} is damaged`);
      }
    });
    const bundle = { pem, stamp, hash: createHash('sha256').update(pem).digest('hex') };
    this.caBundles.set(file, bundle);
    return bundle;
  }

  private stored(): Connection[] {
    return this.list().filter((c) => c.id !== SANDBOX_CONNECTION_ID);
  }

  private write(connections: Connection[]): void {
    this.persistence.write('connections', { schemaVersion: 1, connections });
  }
}
