import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFaults, type SandboxFaults } from '../options';
import { parseBigJsonSize, streamBigJson } from './big-json';
import type { FaultInjector } from './faults';
import type { ServerState } from './route';

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' });
  res.end(body);
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      try {
        resolve(JSON.parse(text || '{}'));
      } catch {
        resolve(undefined);
      }
    });
  });
}

export function sessionList(state: ServerState) {
  return state.sessions.list().map((s) => ({
    id: s.id,
    token: s.token,
    userId: s.userId,
    siteId: s.siteId,
    siteContentUrl: s.siteContentUrl,
    expiresAt: new Date(s.expiresAt).toISOString(),
    ...(s.pat ? { pat: s.pat } : {}),
  }));
}

/**
 * The big-JSON stream where Trestle's executor may send a request (it sends only under
 * `/api/…`, never to `/__sandbox/`): for the large-body tests and benchmarks in the app.
 */
export const BIG_JSON_API_PATH = '/api/-/sandbox/big-json';

/**
 * The sandbox's own control API under `/__sandbox/` (outside `/api/`, never faulted):
 * live sessions, forced token expiry and run-time faults, all JSON.
 */
export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  state: ServerState,
  faults: FaultInjector,
): Promise<void> {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /__sandbox/sessions':
      return sendJson(res, 200, { sessions: sessionList(state) });
    case 'POST /__sandbox/expire-tokens':
      state.sessions.expireAll();
      return sendJson(res, 200, { expired: true });
    case 'GET /__sandbox/big-json':
    case `GET ${BIG_JSON_API_PATH}`: {
      const mb = parseBigJsonSize(url.searchParams.get('mb'));
      if (typeof mb === 'string') return sendJson(res, 400, { error: mb });
      return streamBigJson(res, mb);
    }
    case 'GET /__sandbox/faults':
      return sendJson(res, 200, faults.current);
    case 'PUT /__sandbox/faults': {
      const body = await readJson(req);
      if (!body || typeof body !== 'object' || Array.isArray(body)) {
        return sendJson(res, 400, { error: 'body must be a JSON object of fault values' });
      }
      const problem = checkFaults(body as Partial<SandboxFaults>);
      if (problem) return sendJson(res, 400, { error: problem });
      faults.set(body as Partial<SandboxFaults>);
      return sendJson(res, 200, faults.current);
    }
    default: {
      const known = [
        '/__sandbox/sessions',
        '/__sandbox/expire-tokens',
        '/__sandbox/faults',
        '/__sandbox/big-json',
      ];
      const status = known.includes(url.pathname.replace(/\/+$/, '')) ? 405 : 404;
      return sendJson(res, status, { error: `no control endpoint ${route}` });
    }
  }
}
