import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Per-connection TLS: an extra CA bundle, or (loudly marked) no certificate check. */
  tls?: TlsOptions;
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

/** A transport failure (no HTTP status): refused, reset, timed out, cancelled. */
export class TransportError extends Error {
  constructor(
    readonly code: 'timeout' | 'cancelled' | 'network' | 'reset',
    message: string,
  ) {
    super(message);
  }
}

const keepAliveHttp = new http.Agent({ keepAlive: true, maxSockets: 16 });
const keepAliveHttps = new https.Agent({ keepAlive: true, maxSockets: 16 });
const tlsAgents = new Map<string, https.Agent>();
const proxyAgents = new Map<string, HttpsProxyAgent<string>>();
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * The proxy for a URL from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (proxy-from-env's rules);
 * loopback is never proxied, as a proxy cannot reach this machine's loopback anyway.
 */
export function proxyFor(url: URL): string {
  if (LOOPBACK.has(url.hostname)) return '';
  return getProxyForUrl(url.href);
}

/** Keep-alive agents, one per TLS setting and per proxy, so sockets are reused. */
function agentFor(url: URL, tls: TlsOptions | undefined): http.Agent {
  const proxy = proxyFor(url);
  if (proxy) {
    let agent = proxyAgents.get(proxy);
    if (!agent) {
      agent = new HttpsProxyAgent(proxy, { keepAlive: true });
      proxyAgents.set(proxy, agent);
    }
    return agent;
  }
  if (url.protocol !== 'https:') return keepAliveHttp;
  if (!tls || (!tls.ca && tls.rejectUnauthorized)) return keepAliveHttps;
  let agent = tlsAgents.get(tls.key);
  if (!agent) {
    agent = new https.Agent({
      keepAlive: true,
      maxSockets: 16,
      // An extra CA adds to Node's roots rather than replacing them.
      ca: tls.ca ? [...rootCertificates, tls.ca.toString('utf8')] : undefined,
      rejectUnauthorized: tls.rejectUnauthorized,
    });
    tlsAgents.set(tls.key, agent);
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
    const tls = isHttps ? request.tls : undefined;
    const options: https.RequestOptions = {
      method: request.method,
      headers: {
        ...request.headers,
        ...(request.body ? { 'content-length': String(request.body.length) } : {}),
      },
      agent: agentFor(request.url, tls),
      // Through a proxy the target's TLS is set per request (the agent only tunnels).
      ...(tls && (tls.ca || !tls.rejectUnauthorized)
        ? {
            ca: tls.ca ? [...rootCertificates, tls.ca.toString('utf8')] : undefined,
            rejectUnauthorized: tls.rejectUnauthorized,
          }
        : {}),
    };
    const lib = isHttps ? https : http;
    let settled = false;
    const fail = (error: TransportError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      req.destroy();
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
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
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
        settled = true;
        clearTimeout(timer);
        request.signal?.removeEventListener('abort', onAbort);
        const headers: Array<[string, string]> = [];
        let headerBytes = 0;
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          headers.push([res.rawHeaders[i].toLowerCase(), res.rawHeaders[i + 1]]);
          headerBytes += res.rawHeaders[i].length + res.rawHeaders[i + 1].length + 4;
        }
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers,
          body: Buffer.concat(chunks),
          ttfbMs,
          totalMs: performance.now() - started,
          headerBytes,
        });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code === 'ECONNRESET' ? 'reset' : 'network';
      fail(new TransportError(code, describeNetworkError(error, request.url)));
    });
    if (request.signal?.aborted) return onAbort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.end(request.body);
  });
}

function describeNetworkError(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `Nothing answers at ${url.origin} (connection refused). Is the server running?`;
    case 'ENOTFOUND':
      return `The host ${url.hostname} was not found. Check the server URL.`;
    case 'ECONNRESET':
      return 'The server closed the connection before answering.';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'CERT_HAS_EXPIRED':
      return `The server's TLS certificate was not accepted (${error.code}). Add your company's CA bundle to the connection.`;
    default:
      return `${error.code ?? 'Network error'}: ${error.message}`;
  }
}
