import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { errors, TableauError } from '../errors';
import { textEl, type Element } from '../format/element';
import { toJsonDocument } from '../format/json';
import { toXmlDocument } from '../format/xml';
import { compareVersions, isKnownVersion, LATEST_API_VERSION } from '../versions';
import { authenticate } from './authenticate';
import { BIG_JSON_API_PATH, handleControl } from './control';
import type { FaultInjector } from './faults';
import { handleMetadata, METADATA_PATH } from '../metadata/endpoint';
import { handleVersionless, VERSIONLESS_PREFIX } from '../versionless/endpoint';
import { handleVizqlDataService, VDS_PREFIX } from '../versionless/vizql-data-service';
import { readMultipart } from './multipart-stream';
import { parseBody } from './request-body';
import { byteStoreOf } from './stored-bytes';
import type { Reply, RequestContext, Route, ServerState } from './route';
import { Router } from './router';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** Tableau's single-request publish limit is 64 MB of file; the parts' headers come on top. */
const MAX_MULTIPART_BYTES = 64 * 1024 * 1024 + 64 * 1024;
const API_PATH = /^\/api\/(\d+\.\d+|exp)(\/.*)?$/;
/** `/api/exp/…` is Tableau's experimental prefix: the newest API plus experimental methods. */
const EXPERIMENTAL = 'exp';

function errorElement(error: TableauError): Element {
  return {
    name: 'error',
    attrs: { code: error.code },
    children: [textEl('summary', error.summary), textEl('detail', error.detail)],
  };
}

function wantsJson(req: IncomingMessage): boolean {
  return (req.headers.accept ?? '').toLowerCase().includes('application/json');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(errors.badRequest('The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The sandbox HTTP server: routing, auth, formats, errors and fault injection. */
export function createSandboxServer(
  state: ServerState,
  routes: Route[],
  faults: FaultInjector,
): Server {
  const router = new Router(routes);
  const bytes = byteStoreOf(state);

  const send = async (
    res: ServerResponse,
    reply: Reply,
    json: boolean,
    apiVersion: string,
    started?: number,
  ) => {
    const headers: Record<string, string> = { ...reply.headers };
    if (reply.status === 204) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    if (reply.file && 'kept' in reply.file) {
      // What was published, streamed back byte for byte from memory or the temp folder.
      headers['Content-Type'] = reply.file.contentType;
      headers['Content-Length'] = String(reply.file.kept.size);
      res.writeHead(reply.status, headers);
      await pipeline(reply.file.kept.stream(), res).catch(() => res.destroy());
      return;
    }
    if (reply.file) {
      headers['Content-Type'] = reply.file.contentType;
      headers['Content-Length'] = String(reply.file.bytes.length);
      res.writeHead(reply.status, headers);
      await writeWithFaults(res, reply.file.bytes, faults);
      return;
    }
    const body = json ? toJsonDocument(reply.elements) : toXmlDocument(reply.elements, apiVersion);
    headers['Content-Type'] = json
      ? 'application/json;charset=utf-8'
      : 'application/xml;charset=utf-8';
    const bytes = Buffer.from(body, 'utf8');
    headers['Content-Length'] = String(bytes.length);
    // Server-Timing lets benchmarks read the time spent building the answer (after faults).
    if (started !== undefined) {
      headers['Server-Timing'] = `app;dur=${(performance.now() - started).toFixed(2)}`;
    }
    res.writeHead(reply.status, headers);
    await writeWithFaults(res, bytes, faults);
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const json = wantsJson(req);
    const match = API_PATH.exec(url.pathname);
    const experimental = match?.[1] === EXPERIMENTAL;
    const apiVersion = experimental ? state.serverVersion : (match?.[1] ?? LATEST_API_VERSION);
    try {
      const limited = faults.rateLimit();
      if (limited) throw limited;
      const delay = faults.delayMs();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const injected = faults.randomError();
      if (injected) throw injected;
      const started = performance.now();
      if (!match) throw errors.unknownResource(url.pathname.replace(/^\/api/, ''));
      const path = match[2] ?? '/';
      // A version this server does not know: the answer an older Tableau gives
      // (fixture server_info_404.xml: 404003 "Unknown resource '/2.4/serverInfo'").
      const unknown = () =>
        errors.unknownResource(`/${experimental ? EXPERIMENTAL : apiVersion}${path}`);
      if (!isKnownVersion(apiVersion) || compareVersions(apiVersion, state.serverVersion) > 0) {
        throw unknown();
      }
      const found = router.match(req.method ?? 'GET', path);
      if (found.kind === 'none') throw unknown();
      if (found.kind === 'wrong-method') throw errors.methodNotAllowed(req.method ?? '');
      const { route, params } = found;
      if (route.minVersion && compareVersions(apiVersion, route.minVersion) < 0) throw unknown();
      if (route.experimental && !experimental) throw errors.experimentalOnly(apiVersion);
      const contentType = req.headers['content-type'];
      // DELETE may carry a body too (Batch Delete Tags sends its tagBatch with DELETE).
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const multipart = hasBody && Boolean(contentType?.toLowerCase().startsWith('multipart/'));
      const rawBody: Buffer = hasBody && !multipart ? await readBody(req) : Buffer.alloc(0);
      const ctx: RequestContext = {
        state,
        method: req.method ?? 'GET',
        apiVersion,
        path,
        query: url.searchParams,
        params,
        body: {},
        rawBody,
        contentType,
        json,
      };
      // Credentials are checked before the body is parsed, so a bad token wins over a bad body.
      authenticate(ctx, route, req.headers['x-tableau-auth']);
      if (multipart) {
        // Publish files and upload chunks (up to 64 MB) are read as they arrive, strictly,
        // into the byte store; handlers take the parts they keep.
        const read = await readMultipart(req, contentType, bytes, {
          maxBytes: MAX_MULTIPART_BYTES,
          keepRaw: MAX_BODY_BYTES,
        });
        ctx.parts = read.parts;
        ctx.rawBody = read.raw ?? Buffer.alloc(0);
      } else if (hasBody) {
        ctx.body = parseBody(rawBody.toString('utf8'), contentType);
      }
      try {
        await send(res, route.handler(ctx), json, apiVersion, started);
      } finally {
        for (const part of ctx.parts ?? []) if (!part.body.kept) part.body.dispose();
      }
    } catch (caught) {
      const error = caught instanceof TableauError ? caught : errors.internal();
      if (!(caught instanceof TableauError)) {
        console.error(
          '[sandbox] handler error:',
          caught instanceof Error ? caught.message : caught,
        );
      }
      if (res.headersSent) {
        res.destroy();
        return;
      }
      await send(
        res,
        { status: error.status, elements: [errorElement(error)], headers: error.headers },
        json,
        apiVersion,
      );
    }
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const done =
      url.pathname.startsWith('/__sandbox/') || url.pathname === BIG_JSON_API_PATH
        ? handleControl(req, res, url, state, faults)
        : url.pathname.toLowerCase() === METADATA_PATH
          ? handleMetadata(req, res, state, faults)
          : url.pathname.startsWith(VERSIONLESS_PREFIX)
            ? handleVersionless(req, res, url, state, faults)
            : url.pathname.startsWith(VDS_PREFIX)
              ? handleVizqlDataService(req, res, url, state, faults)
              : handleApi(req, res, url);
    done.catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  // What was published lives as long as the server: its temp folder goes when it stops.
  server.on('close', () => bytes.dispose());
  return server;
}

/** Writes the body, optionally slowly or cut off mid-way (fault injection). */
async function writeWithFaults(res: ServerResponse, bytes: Buffer, faults: FaultInjector) {
  if (faults.shouldReset()) {
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    // Let the first half leave before the socket goes, so clients see a truncated body.
    await new Promise((r) => setTimeout(r, 10));
    res.socket?.destroy();
    res.destroy();
    return;
  }
  const rate = faults.slowBodyBytesPerSecond;
  if (rate <= 0) {
    res.end(bytes);
    return;
  }
  const chunkSize = Math.max(1, Math.floor(rate / 10));
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    if (res.destroyed) return;
    res.write(bytes.subarray(offset, offset + chunkSize));
    await new Promise((r) => setTimeout(r, 100));
  }
  res.end();
}
