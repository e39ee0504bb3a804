/**
 * Serves `/api/-/…`: finds the versionless route, checks the session (`X-Tableau-Auth`, as the
 * versioned API), the platform and the administrator role, parses the JSON body and answers
 * JSON. Errors use the versioned API's JSON error body (`{"error":{code,summary,detail}}`);
 * the exact error documents of each versionless service were not available to check.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors, TableauError } from '../errors';
import type { FaultInjector } from '../http/faults';
import type { ServerState } from '../http/route';
import { compareVersions } from '../versions';
import { extensionSettingsRoutes } from './extension-settings';
import { contentExplorationRoutes } from './content-exploration';
import { identityPoolRoutes } from './identity-pools';
import { pulseRoutes } from './pulse';
import type { JsonBody, VersionlessRoute } from './route';

export const VERSIONLESS_PREFIX = '/api/-/';

const ROUTES: VersionlessRoute[] = [
  ...identityPoolRoutes,
  ...extensionSettingsRoutes,
  ...contentExplorationRoutes,
  ...pulseRoutes,
];

const compiled = ROUTES.map((route) => ({
  route,
  segments: route.path.split('/').filter(Boolean),
}));

function match(method: string, path: string) {
  const parts = path.split('/').filter(Boolean);
  let pathExists = false;
  for (const { route, segments } of compiled) {
    if (segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const same = segments.every((segment, i) => {
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = decodeURIComponent(parts[i]);
        return true;
      }
      return segment.toLowerCase() === parts[i].toLowerCase();
    });
    if (!same) continue;
    if (route.method === method) return { route, params };
    pathExists = true;
  }
  return pathExists ? 'wrong-method' : undefined;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 10 * 1024 * 1024) {
        reject(errors.badRequest('The request body is too large.'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): JsonBody {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw errors.malformedBody('The request body is not valid JSON.');
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.malformedBody('The request body must be a JSON object.');
  }
  return value as JsonBody;
}

function write(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  if (status === 204 || value === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(bytes.length),
  });
  res.end(bytes);
}

/** The session an `X-Tableau-Auth` header names, with its site, content and user (401 otherwise). */
export function sessionScope(state: ServerState, header: string | string[] | undefined) {
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw errors.missingToken();
  const session = state.sessions.get(token.trim());
  if (!session) throw errors.invalidToken();
  const site = state.store.sites.get(session.siteId);
  if (!site) throw errors.siteNotFound(session.siteId);
  const content = state.store.content(site.id);
  const user = content.users.get(session.userId);
  if (!user) throw errors.invalidToken();
  return { session, site, content, user };
}

const ADMIN_ROLES = new Set([
  'ServerAdministrator',
  'SiteAdministratorCreator',
  'SiteAdministratorExplorer',
]);

export async function handleVersionless(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  state: ServerState,
  faults: FaultInjector,
): Promise<void> {
  const path = url.pathname.slice(VERSIONLESS_PREFIX.length - 1);
  try {
    const limited = faults.rateLimit();
    if (limited) throw limited;
    const delay = faults.delayMs();
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const injected = faults.randomError();
    if (injected) throw injected;
    const unknown = () => errors.unknownResource(`/-${path}`);
    const found = match(req.method ?? 'GET', path);
    if (!found) throw unknown();
    if (found === 'wrong-method') throw errors.methodNotAllowed(req.method ?? '');
    const { route, params } = found;
    if (route.platform && route.platform !== state.platform) throw unknown();
    if (compareVersions(state.serverVersion, route.minVersion) < 0) throw unknown();
    const { session, site, content, user } = sessionScope(state, req.headers['x-tableau-auth']);
    if (route.admin === 'server' && user.siteRole !== 'ServerAdministrator') {
      throw errors.forbidden('This method is available to server administrators only.');
    }
    if (route.admin === 'site' && !ADMIN_ROLES.has(user.siteRole)) {
      throw errors.forbidden('This method is available to site administrators only.');
    }
    const raw = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
    const reply = route.handler({
      state,
      method: req.method ?? 'GET',
      params,
      query: url.searchParams,
      body: parseJson(raw),
      session,
      site,
      content,
      user,
    });
    write(res, reply.status, reply.json);
  } catch (caught) {
    const error = caught instanceof TableauError ? caught : errors.internal();
    if (!(caught instanceof TableauError)) {
      console.error(
        '[sandbox] versionless error:',
        caught instanceof Error ? caught.message : caught,
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    write(
      res,
      error.status,
      { error: { code: error.code, summary: error.summary, detail: error.detail } },
      error.headers,
    );
  }
}
