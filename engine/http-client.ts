import http from 'node:http';
import https from 'node:https';
import type { Readable, Writable } from 'node:stream';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/**
 * A body streamed rather than held: a multipart upload from disk. `open` is called once per
 * attempt (a retry or a re-sign-in sends it again from the start).
 */
export interface StreamedBody {
  length: number;
  open(): Readable;
}

/** Where a successful (2xx) answer's body goes instead of memory: a download's file. */
export type ResponseSink = (response: {
  status: number;
  headers: Array<[string, string]>;
}) => Writable | null;

export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer | StreamedBody;
  /** Bytes of a streamed body handed to the socket so far, as they go. */
  onBodyProgress?: (sent: number) => void;
  /** A 2xx answer's body is piped here (and `body` comes back empty); other answers are read. */
  sink?: ResponseSink;
  /** Bytes of the answer's body received so far, and its announced length. */
  onResponseProgress?: (received: number, total: number | null) => void;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Per-connection TLS: an extra CA bundle, or (loudly marked) no certificate check. */
  tls?: TlsOptions;
  /** Most body bytes taken; a longer answer fails with `tooLarge` as soon as it is known. */
  maxBodyBytes?: number;
}

export interface TlsOptions {
  /** Identifies the settings, so connections with the same ones share an agent. */
  key: string;
  ca?: Buffer;
  rejectUnauthorized: boolean;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Buffer;
  ttfbMs: number;
  totalMs: number;
  headerBytes: number;
}

/** A transport failure (no HTTP status): refused, reset, timed out, cancelled, or a refused certificate. */
export class TransportError extends Error {
  constructor(
    readonly code: 'timeout' | 'cancelled' | 'network' | 'reset' | 'tls' | 'tooLarge',
    message: string,
  ) {
    super(message);
  }
}

const keepAliveHttp = new http.Agent({ keepAlive: true, maxSockets: 16 });
const keepAliveHttps = new https.Agent({ keepAlive: true, maxSockets: 16 });
/** Agents by proxy and TLS setting: a pooled socket must never serve a request with other TLS rules. */
const agents = new Map<string, http.Agent>();
const secureContexts = new Map<string, SecureContext>();
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The proxy for a URL from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (proxy-from-env's rules);
 * loopback is never proxied, as a proxy cannot reach this machine's loopback anyway.
 */
export function proxyFor(url: URL): string {
  if (LOOPBACK.has(url.hostname)) return '';
  return getProxyForUrl(url.href);
}

/** TLS settings that differ from Node's defaults, or undefined for the default checks. */
function customTls(url: URL, tls: TlsOptions | undefined): TlsOptions | undefined {
  if (url.protocol !== 'https:' || !tls || (!tls.ca && tls.rejectUnauthorized)) return undefined;
  return tls;
}

/** One secure context per setting: an extra CA adds to Node's roots rather than replacing them. */
function secureContextFor(tls: TlsOptions): SecureContext | undefined {
  if (!tls.ca) return undefined;
  let context = secureContexts.get(tls.key);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, tls.ca.toString('utf8')] });
    secureContexts.set(tls.key, context);
  }
  return context;
}

/** Keep-alive agents, one per proxy and TLS setting, so sockets are reused. */
function agentFor(url: URL, tls: TlsOptions | undefined): http.Agent {
  const proxy = proxyFor(url);
  if (!proxy && !tls) return url.protocol === 'https:' ? keepAliveHttps : keepAliveHttp;
  const key = `${proxy}\n${tls?.key ?? ''}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = proxy
      ? new HttpsProxyAgent(proxy, { keepAlive: true, maxSockets: 16 })
      : new https.Agent({ keepAlive: true, maxSockets: 16 });
    agents.set(key, agent);
  }
  return agent;
}

/**
 * One HTTP exchange with node:http(s): we need time to first byte, TLS options per
 * connection (extra CA, invalid certificates) and a body we read whole, which `fetch` hides.
 */
export function sendHttp(request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const isHttps = request.url.protocol === 'https:';
    const tls = customTls(request.url, request.tls);
    const options: https.RequestOptions = {
      method: request.method,
      headers: {
        ...request.headers,
        ...(request.body !== undefined ? { 'content-length': String(request.body.length) } : {}),
      },
      agent: agentFor(request.url, tls),
      // Per request, because through a proxy the agent only tunnels and the target's TLS is ours.
      ...(tls
        ? { secureContext: secureContextFor(tls), rejectUnauthorized: tls.rejectUnauthorized }
        : {}),
    };
    const lib = isHttps ? https : http;
    let settled = false;
    let source: Readable | null = null;
    let sink: Writable | null = null;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      source?.destroy();
      sink?.destroy();
      reject(error);
    };
    const onAbort = () => fail(new TransportError('cancelled', 'The request was cancelled.'));
    const timer = setTimeout(
      () =>
        fail(new TransportError('timeout', `No complete answer within ${request.timeoutMs} ms.`)),
      request.timeoutMs,
    );
    const req = lib.request(request.url, options, (res) => {
      const ttfbMs = performance.now() - started;
      const chunks: Buffer[] = [];
      const cap = request.maxBodyBytes ?? Infinity;
      const tooLarge = () =>
        fail(
          new TransportError(
            'tooLarge',
            `The answer is larger than the ${formatMb(cap)} Trestle takes (Settings: largest response). Raise the limit, ask for less (a page size, fields), or download a file like this with tabcmd.`,
          ),
        );
      const status = res.statusCode ?? 0;
      const announced = res.headers['content-length']
        ? Number(res.headers['content-length'])
        : null;
      sink =
        request.sink && status >= 200 && status < 300
          ? request.sink({ status, headers: rawHeaderPairs(res.rawHeaders) })
          : null;
      // Refused before a byte is read when the server says how long it is.
      if (!sink && Number(announced ?? 0) > cap) return tooLarge();
      let received = 0;
      if (sink) {
        // A file on disk: written as it arrives, at the disk's pace.
        sink.on('error', (error) => fail(error));
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          request.onResponseProgress?.(received, announced);
          if (!sink?.write(chunk)) res.pause();
        });
        sink.on('drain', () => res.resume());
      } else
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > cap) return tooLarge();
          chunks.push(chunk);
        });
      res.on('aborted', () =>
        fail(
          new TransportError(
            'reset',
            'The server closed the connection in the middle of the body.',
          ),
        ),
      );
      res.on('error', (error) => fail(new TransportError('reset', error.message)));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(
            new TransportError(
              'reset',
              'The server closed the connection in the middle of the body.',
            ),
          );
          return;
        }
        const answer = () => {
          if (settled) return;
          settled = true;
          // Answered before the whole body went (a 401 to an upload chunk): stop sending it.
          if (source && !source.readableEnded) {
            source.destroy();
            req.destroy();
          }
          clearTimeout(timer);
          request.signal?.removeEventListener('abort', onAbort);
          const headers = rawHeaderPairs(res.rawHeaders);
          const headerBytes = headers.reduce((sum, [n, v]) => sum + n.length + v.length + 4, 0);
          resolve({
            status,
            statusText: res.statusMessage ?? '',
            headers,
            body: Buffer.concat(chunks),
            ttfbMs,
            totalMs: performance.now() - started,
            headerBytes,
          });
        };
        // A sunk body is done when the file has it all, not when the socket has sent it.
        if (sink) sink.end(answer);
        else answer();
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const certificate = describeCertificateError(error, request.url);
      if (certificate) return fail(new TransportError('tls', certificate));
      const code = error.code === 'ECONNRESET' ? 'reset' : 'network';
      fail(new TransportError(code, describeNetworkError(error, request.url)));
    });
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const body = request.body;
    if (body === undefined || Buffer.isBuffer(body)) {
      req.end(body);
      return;
    }
    // Streamed from disk at the socket's pace; a file that cannot be read fails the exchange
    // with the reader's own error (an EngineError saying which file).
    source = body.open();
    let sent = 0;
    source.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      request.onBodyProgress?.(sent);
    });
    source.on('error', (error) => fail(error));
    source.pipe(req);
  });
}

/** Node's raw header list as lower-cased name/value pairs, repeats kept. */
function rawHeaderPairs(raw: string[]): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) headers.push([raw[i].toLowerCase(), raw[i + 1]]);
  return headers;
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function describeNetworkError(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Nothing answers at ${url.origin} (connection refused). Is the server running?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host ${url.hostname} was not found (${error.code}). Check the server URL.`;
    case 'ECONNRESET':
      return 'The server closed the connection before answering.';
    default:
      return `${error.code ?? 'Network error'}: ${error.message}`;
  }
}

/** Certificate chains Node could not tie to a trusted root (OpenSSL verify codes). */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
]);

/** What to do about a refused server certificate, or null when the error is not one. */
function describeCertificateError(error: NodeJS.ErrnoException, url: URL): string | null {
  const code = error.code ?? '';
  if (UNTRUSTED.has(code)) {
    return `The server's TLS certificate is not signed by a certificate authority Trestle trusts (${code}). Add your company's CA bundle (a PEM file) to the connection, or, for a test server only, allow an invalid certificate.`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `The server's TLS certificate is outside its validity dates (${code}). Check the server's certificate and this computer's clock.`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `The server's TLS certificate is not issued for ${url.hostname} (${code}). Use the host name the certificate names.`;
  }
  return null;
}
