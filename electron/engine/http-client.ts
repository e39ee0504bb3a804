import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
  tls?: { ca?: Buffer; rejectUnauthorized: boolean };
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

/**
 * One HTTP exchange with node:http(s): we need time to first byte, TLS options per
 * connection (extra CA, invalid certificates) and a body we read whole, which `fetch` hides.
 */
export function sendHttp(request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const isHttps = request.url.protocol === 'https:';
    const customTls = isHttps && request.tls && (request.tls.ca || !request.tls.rejectUnauthorized);
    const options: https.RequestOptions = {
      method: request.method,
      headers: { ...request.headers, ...(request.body ? { 'content-length': String(request.body.length) } : {}) },
      agent: customTls ? undefined : isHttps ? keepAliveHttps : keepAliveHttp,
      ...(customTls ? { ca: request.tls?.ca, rejectUnauthorized: request.tls?.rejectUnauthorized } : {}),
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
      () => fail(new TransportError('timeout', `No complete answer within ${request.timeoutMs} ms.`)),
      request.timeoutMs,
    );
    const req = lib.request(request.url, options, (res) => {
      const ttfbMs = performance.now() - started;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('aborted', () =>
        fail(new TransportError('reset', 'The server closed the connection in the middle of the body.')),
      );
      res.on('error', (error) => fail(new TransportError('reset', error.message)));
      res.on('end', () => {
        if (settled) return;
        if (!res.complete) {
          fail(new TransportError('reset', 'The server closed the connection in the middle of the body.'));
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
