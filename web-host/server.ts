import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import type { EventName } from '../shared/ipc/contract';
import { CONTENT_SECURITY_POLICY } from '../engine/host/content-security';
import { dispatch } from '../engine/ipc/dispatch';
import type { Handlers } from '../engine/ipc/handlers';
import { checkAccess, newWebAccess, sessionCookie } from './access';
import { readBuildFile } from '../engine/host/static-files';

const MAX_IPC_BODY = 32 * 1024 * 1024;

export interface WebHostOptions {
  port: number;
  accessKey: string;
  rendererDir: string;
  handlers: Handlers;
  /** Extra GET routes under `/downloads/` (exports, as files), answered after the access check. */
  downloads?: (id: string) => { path: string; type: string; filename: string } | null;
}

export interface WebHost {
  url: string;
  port: number;
  /** Sends an event to every open `/events` stream. */
  emit(event: EventName, payload: unknown): void;
  close(): Promise<void>;
}

/**
 * The web host (DESIGN.md §5): the same handlers as Electron's IPC, as `POST /ipc/<channel>`
 * with `{"args":[…]}`, events as server-sent events on `GET /events`, and the renderer build.
 * Loopback only, behind the access key and Host/Origin checks.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const streams = new Set<ServerResponse>();
  let port = options.port;
  const access = newWebAccess(options.accessKey);

  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, {
          ok: false,
          error: { code: 'internal', message: String((error as Error)?.message ?? error) },
        });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const verdict = checkAccess(request, port, access);
    if (!verdict.allow) {
      response.writeHead(verdict.status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(verdict.message);
      return;
    }
    const { url } = verdict;
    // Every route decodes its path: a malformed percent-encoding is the client's error.
    if (decoded(url.pathname) === null)
      return sendText(response, 400, 'Bad request: malformed percent-encoding in the path.');
    if (verdict.setCookie) {
      // The session cookie stands in for the key from now on: the address bar (and what is
      // bookmarked or copied from it later) loses it. The first URL stays in browser history.
      url.searchParams.delete('key');
      response.writeHead(303, {
        'set-cookie': sessionCookie(port, access),
        location: url.pathname + url.search,
      });
      response.end();
      return;
    }
    if (url.pathname.startsWith('/ipc/')) {
      if (request.method !== 'POST')
        return sendJson(response, 405, {
          ok: false,
          error: { code: 'ipc.method', message: 'Use POST.' },
        });
      const channel = decoded(url.pathname.slice('/ipc/'.length)) as string;
      const body = await readBody(request);
      if (body === null)
        return sendJson(response, 413, {
          ok: false,
          error: { code: 'ipc.tooLarge', message: 'Request body too large.' },
        });
      let args: unknown;
      try {
        args = (JSON.parse(body.toString('utf8') || '{}') as { args?: unknown }).args ?? [];
      } catch {
        return sendJson(response, 400, {
          ok: false,
          error: { code: 'ipc.badJson', message: 'The body must be JSON: {"args":[…]}.' },
        });
      }
      const result = await dispatch(options.handlers, channel, args);
      return sendJson(response, 200, result);
    }
    if (url.pathname === '/events' && request.method === 'GET') {
      response.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      response.write(': connected\n\n');
      streams.add(response);
      request.on('close', () => streams.delete(response));
      return;
    }
    if (url.pathname.startsWith('/downloads/') && options.downloads) {
      const file = options.downloads(decoded(url.pathname.slice('/downloads/'.length)) as string);
      const size = file && (await fs.promises.stat(file.path).catch(() => null))?.size;
      if (!file || size === undefined || size === null)
        return sendText(response, 404, 'That export is no longer available.');
      response.writeHead(200, {
        'content-type': file.type,
        'content-length': String(size),
        'content-disposition': contentDisposition(file.filename),
        'cache-control': 'no-store',
      });
      // Streamed from the file: a 40 MB export never sits in memory whole.
      await pipeline(fs.createReadStream(file.path), response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendText(response, 405, 'Method not allowed.');
    const file = await readBuildFile(options.rendererDir, url.pathname);
    if (!file) return sendText(response, 404, 'Not found.');
    response.writeHead(200, {
      'content-type': file.type,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control':
        url.pathname === '/' || url.pathname.endsWith('.html') ? 'no-store' : 'max-age=3600',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL path decoded, or null when its percent-encoding is malformed. */
function decoded(path: string): string | null {
  try {
    return decodeURIComponent(path);
  } catch {
    return null;
  }
}

/**
 * An attachment header whatever the name holds: the plain `filename` keeps only safe
 * characters (a CR/LF or quote there would break the header), `filename*` carries the rest.
 */
function contentDisposition(name: string): string {
  const plain = name.replace(/[^\w.-]+/g, '-');
  return plain === name
    ? `attachment; filename="${name}"`
    : `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_IPC_BODY) {
        resolve(null);
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(text);
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
