import type { IncomingMessage, ServerResponse } from 'node:http';
import { execute, GraphQLError, parse, validate, type DocumentNode } from 'graphql';
import type { TableauError } from '../errors';
import { errors } from '../errors';
import type { FaultInjector } from '../http/faults';
import type { ServerState } from '../http/route';
import { compareVersions } from '../versions';
import { SiteLineage } from './lineage';
import { countNodes, nodeLimitError, truncateNodes } from './node-limit';
import { metadataSchema, type MetadataContext } from './schema';

/** Tableau's Metadata API endpoint (tableau-api.md §9). */
export const METADATA_PATH = '/api/metadata/graphql';
/** The Metadata API needs a REST session of API 3.5 or later (TSC: `@api("3.5")`). */
const MIN_API_VERSION = '3.5';
const MAX_BODY_BYTES = 1024 * 1024;

const lineages = new WeakMap<object, { version: string; lineage: SiteLineage }>();

/** The site's metadata graph, rebuilt when its REST content changes. */
function lineageFor(state: ServerState, siteId: string): SiteLineage {
  const site = state.store.sites.get(siteId);
  if (!site) throw errors.siteNotFound(siteId);
  const content = state.store.content(site.id);
  const version = [
    content.workbooks.version,
    content.views.version,
    content.datasources.version,
    content.users.version,
    content.projects.version,
    content.databases.version,
    content.tables.version,
    content.qualityIndicators.version,
  ].join('.');
  const cached = lineages.get(content);
  if (cached?.version === version) return cached.lineage;
  const siteIndex = state.store.sites.all().indexOf(site) + 1;
  const lineage = new SiteLineage(site, content, siteIndex);
  lineages.set(content, { version, lineage });
  return lineage;
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(body.length),
  });
  res.end(body);
}

/** A REST-style error (auth, faults): the same JSON body the REST API answers with. */
function sendTableauError(res: ServerResponse, error: TableauError): void {
  const body = Buffer.from(
    JSON.stringify({ error: { summary: error.summary, detail: error.detail, code: error.code } }),
    'utf8',
  );
  res.writeHead(error.status, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(body.length),
    ...error.headers,
  });
  res.end(body);
}

function graphqlError(message: string, code: string, severity = 'ERROR') {
  return { message, extensions: { severity, code } };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

function readRequest(text: string): GraphqlRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'The request body is not JSON. Send {"query": "…", "variables": {…}}.';
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return 'The request body must be a JSON object with a "query" string.';
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '')
    return 'The request body has no "query" string.';
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    return '"variables" must be a JSON object.';
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return '"operationName" must be a string.';
  return {
    query,
    variables: (variables as Record<string, unknown> | null | undefined) ?? null,
    operationName: (operationName as string | null | undefined) ?? null,
  };
}

/**
 * `POST /api/metadata/graphql`: signed in with the REST token (`X-Tableau-Auth`), answers
 * GraphQL's `{data, errors}` over the session's site. Bad tokens answer as REST does (401000,
 * 401002), so clients renew the same way; the rate-limit fault answers `RATE_EXCEEDED`.
 */
export async function handleMetadata(
  req: IncomingMessage,
  res: ServerResponse,
  state: ServerState,
  faults: FaultInjector,
): Promise<void> {
  // Tableau throttles the Metadata API since Cloud June 2023 / Server 2023.3 and says so as a
  // GraphQL error (meta_api_release_notes.html); whether it also sets HTTP 429 is unverified.
  if (faults.rateLimit()) {
    return sendJson(res, 200, {
      data: null,
      errors: [
        graphqlError(
          'Rate limit exceeded. Too many Metadata API requests; retry after a short wait.',
          'RATE_EXCEEDED',
        ),
      ],
    });
  }
  const delay = faults.delayMs();
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));
  const injected = faults.randomError();
  if (injected) return sendTableauError(res, injected);
  if (compareVersions(state.serverVersion, MIN_API_VERSION) < 0)
    return sendTableauError(res, errors.unknownResource('/metadata/graphql'));
  if (req.method !== 'POST')
    return sendTableauError(res, errors.methodNotAllowed(req.method ?? ''));
  const header = req.headers['x-tableau-auth'];
  const token = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!token) return sendTableauError(res, errors.missingToken());
  const session = state.sessions.get(token);
  if (!session) return sendTableauError(res, errors.invalidToken());
  const user = state.store.content(session.siteId).users.get(session.userId);
  if (!user) return sendTableauError(res, errors.invalidToken());

  const raw = await readBody(req);
  if (!raw)
    return sendJson(res, 413, {
      errors: [graphqlError('The request body is too large.', 'INVALID_ARGUMENT')],
    });
  const request = readRequest(raw.toString('utf8'));
  if (typeof request === 'string')
    return sendJson(res, 400, { errors: [graphqlError(request, 'INVALID_ARGUMENT')] });

  const started = performance.now();
  const schema = metadataSchema();
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    return sendJson(res, 200, { errors: [formatError(error as GraphQLError)] });
  }
  const problems = validate(schema, document);
  if (problems.length > 0) return sendJson(res, 200, { errors: problems.map(formatError) });
  const context: MetadataContext = { lineage: lineageFor(state, session.siteId), warnings: [] };
  const result = await execute({
    schema,
    document,
    variableValues: request.variables ?? undefined,
    operationName: request.operationName ?? undefined,
    contextValue: context,
  });
  const answerErrors = [...(result.errors ?? []), ...context.warnings].map(formatError);
  let data: unknown = result.data ?? null;
  const limit = faults.current.metadataNodeLimit;
  if (data && countNodes(data, limit) > limit) {
    data = truncateNodes(data, limit);
    answerErrors.push(nodeLimitError(limit));
  }
  const body = Buffer.from(
    JSON.stringify(answerErrors.length > 0 ? { data, errors: answerErrors } : { data }),
    'utf8',
  );
  res.writeHead(200, {
    'Content-Type': 'application/json;charset=utf-8',
    'Content-Length': String(body.length),
    'Server-Timing': `app;dur=${(performance.now() - started).toFixed(2)}`,
  });
  res.end(body);
}

function formatError(error: GraphQLError) {
  const json = error.toJSON();
  return {
    ...json,
    extensions: { severity: 'ERROR', ...(json.extensions ?? {}) },
  };
}
