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
/** Corporate bundles are kilobytes; the whole Mozilla root store is about 200 KB. */
export const CA_BUNDLE_MAX_BYTES = 1024 * 1024;
/** Opening a FIFO for reading waits for a writer; non-blocking, it opens at once (then is refused). */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * One message for every way a bundle can be unusable (absent, a folder, a device, a FIFO,
 * too big, not PEM, damaged): the window asks for paths, and the answer must not tell it
 * which paths exist or what they hold.
 */
function caBundleError(file: string): EngineError {
  return new EngineError(
    'connection.caBundle',
    `The CA bundle ${file} cannot be used. Choose a PEM file (a regular file of at most 1 MB) with your company's CA certificates, each between -----BEGIN CERTIFICATE----- and -----END CERTIFICATE-----.`,
    { file },
  );
}

/**
 * Reads a bundle without ever blocking the main process: the file is opened non-blocking and
 * must be a regular file within the cap (checked on the open handle, so a swap after the
 * check cannot slip a FIFO or /dev/zero in), and every certificate in it must parse.
 */
async function readCaBundleFile(file: string): Promise<{ pem: Buffer; stamp: string }> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size > CA_BUNDLE_MAX_BYTES) throw caBundleError(file);
    const buffer = Buffer.alloc(CA_BUNDLE_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      // Grown past the cap since the stat: refused like any other oversize file.
      if (length > CA_BUNDLE_MAX_BYTES) throw caBundleError(file);
    }
    const pem = Buffer.from(buffer.subarray(0, length));
    const blocks = pem.toString('utf8').match(PEM_CERTIFICATE) ?? [];
    if (blocks.length === 0) throw caBundleError(file);
    for (const block of blocks) new X509Certificate(block);
    return { pem, stamp: `${stat.mtimeMs}:${stat.size}` };
  } catch {
    throw caBundleError(file);
  } finally {
    await handle?.close().catch(() => undefined);
  }
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
    const stored = this.persistence.read('connections').connections;
    const parsed: Connection[] = [];
    let unreadable = 0;
    for (const entry of stored) {
      const result = connectionSchema.safeParse(entry);
      if (!result.success) unreadable++;
      else if (result.data.id !== SANDBOX_CONNECTION_ID) parsed.push(result.data);
    }
    // The next save would drop an unreadable entry for good: keep the file as it was first.
    if (unreadable > 0) {
      this.persistence.setAside(
        'connections',
        `${unreadable} of ${stored.length} connections could not be read; the others were kept.`,
        { schemaVersion: 1, connections: parsed },
      );
    }
    return [sandboxConnection(), ...parsed];
  }

  get(id: string): Connection {
    const found = this.list().find((c) => c.id === id);
    if (!found) throw new EngineError('connection.notFound', `No connection with id ${id}.`);
    return found;
  }

  /** Validates and stores a connection; the caller has already dealt with its secret. */
  async save(input: ConnectionInput, secretStored: (id: string) => boolean): Promise<Connection> {
    const parsed = connectionInputSchema.parse(input);
    const url = checkServerUrl(parsed.serverUrl, parsed.allowInsecureHttp);
    const id = parsed.id ?? randomUUID();
    if (id === SANDBOX_CONNECTION_ID) {
      throw new EngineError(
        'connection.builtin',
        'The Sandbox connection is built in and cannot be changed.',
      );
    }
    if (parsed.tls.caBundlePath) await this.readCaBundle(parsed.tls.caBundlePath, true);
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
  async tlsFor(connection: Connection): Promise<TlsOptions | undefined> {
    const { caBundlePath, allowInvalidCertificate } = connection.tls;
    if (!caBundlePath && !allowInvalidCertificate) return undefined;
    const bundle = caBundlePath ? await this.readCaBundle(caBundlePath, false) : undefined;
    return {
      // The content's hash, not the path: a replaced bundle gets fresh agents and sockets.
      key: `${bundle?.hash ?? ''}|${allowInvalidCertificate}`,
      ca: bundle?.pem,
      rejectUnauthorized: !allowInvalidCertificate,
    };
  }

  /**
   * A checked PEM bundle: read at save (always fresh) and at each request (again only when
   * its mtime or size changed), so a bad or vanished file gives a clear error, not a TLS riddle.
   */
  private async readCaBundle(file: string, fresh: boolean): Promise<CaBundle> {
    const cached = this.caBundles.get(file);
    if (cached && !fresh) {
      // stat never waits on a FIFO; a path that is no longer a regular file is read (refused) again.
      const stat = await fs.promises.stat(file).catch(() => null);
      if (stat?.isFile() && `${stat.mtimeMs}:${stat.size}` === cached.stamp) return cached;
    }
    this.caBundles.delete(file);
    const { pem, stamp } = await readCaBundleFile(file);
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
