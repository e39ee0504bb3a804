import type { Connection, SessionInfo } from '../../shared/connection';
import { checkAgainstSchema } from '../../shared/catalog/json-schema-check';
import { compareApiVersions, type Preset } from '../../shared/catalog';
import type { RequestSpec } from '../../shared/request';
import { queryProblems } from './query-checks';
import { isSessionPlaceholder, resolveUrl } from './resolved-url';

/**
 * What is likely wrong with a request before it leaves: a body that does not parse or breaks
 * the preset's schema, a method newer than the server. The user can still send it on purpose.
 * (An empty path parameter is not among them: such a request is never sent; see
 * `emptyPlaceholders`.)
 */
export function problemsBeforeSend(
  spec: RequestSpec,
  preset: Preset | undefined,
  session: SessionInfo | null,
): string[] {
  const problems: string[] = [...queryProblems(spec)];
  if (preset && session && needsNewerVersion(preset, session.apiVersion)) {
    problems.push(
      `“${preset.name}” needs REST API ${preset.minVersion}; the server speaks ${session.apiVersion}. Tableau will likely refuse it.`,
    );
  }
  if (spec.body.kind === 'json' && spec.body.text.trim()) {
    let value: unknown;
    try {
      value = JSON.parse(spec.body.text);
    } catch (error) {
      problems.push(`The JSON body does not parse: ${(error as Error).message}.`);
      return problems;
    }
    const schema = preset?.body?.format === 'json' ? preset.body.schema : undefined;
    if (schema) {
      const found = checkAgainstSchema(value, schema);
      for (const p of found.slice(0, 4)) problems.push(`Body ${p.path || '(root)'}: ${p.message}`);
      if (found.length > 4) problems.push(`…and ${found.length - 4} more schema problems.`);
    }
  }
  if (spec.body.kind === 'multipart') {
    // The payload is checked as a body of its format is; the parts need files.
    const payload = spec.body;
    for (const file of payload.files)
      if (!file.path.trim()) problems.push(`Pick a file for the ${file.name || 'unnamed'} part.`);
    if (payload.payloadType === 'json' && payload.text.trim()) {
      try {
        const value: unknown = JSON.parse(payload.text);
        const schema = preset?.body?.format === 'multipart' ? preset.body.schema : undefined;
        for (const p of schema ? checkAgainstSchema(value, schema).slice(0, 4) : [])
          problems.push(`request_payload ${p.path || '(root)'}: ${p.message}`);
      } catch (error) {
        problems.push(`The JSON request_payload does not parse: ${(error as Error).message}.`);
      }
    }
    if (payload.payloadType === 'xml' && payload.text.trim()) {
      const doc = new DOMParser().parseFromString(payload.text, 'application/xml');
      const error = doc.querySelector('parsererror');
      if (error)
        problems.push(
          `The XML request_payload does not parse: ${error.textContent?.split('\n')[0] ?? 'syntax error'}.`,
        );
    }
  }
  if (spec.body.kind === 'xml' && spec.body.text.trim()) {
    const doc = new DOMParser().parseFromString(spec.body.text, 'application/xml');
    const error = doc.querySelector('parsererror');
    if (error)
      problems.push(
        `The XML body does not parse: ${error.textContent?.split('\n')[0] ?? 'syntax error'}.`,
      );
  }
  return problems;
}

export function needsNewerVersion(preset: Preset, apiVersion: string | null): boolean {
  if (!apiVersion) return false;
  try {
    return compareApiVersions(apiVersion, preset.minVersion) < 0;
  } catch {
    return false;
  }
}

/** What a confirmation before sending names: the target, and why Trestle asks. */
export interface SendConfirmation {
  method: RequestSpec['method'];
  url: string;
  connectionName: string;
  production: boolean;
  reason: string;
}

/**
 * Whether a request needs the user's yes before it leaves (issue 11, item 4): every write to a
 * Production connection, always; otherwise (unless turned off in Settings) a DELETE, and a
 * write aimed at the signed-in user (their own id in the path) or at the site itself.
 */
export function confirmationFor(
  spec: RequestSpec,
  connection: Pick<Connection, 'name' | 'production'>,
  session: SessionInfo | null,
  confirmDestructive: boolean,
): SendConfirmation | null {
  if (spec.method === 'GET') return null;
  const resolved = resolveUrl(spec, session);
  const ask = (reason: string): SendConfirmation => ({
    method: spec.method,
    url: resolved.url ?? resolved.pieces.map((p) => p.text).join(''),
    connectionName: connection.name,
    production: connection.production,
    reason,
  });
  if (connection.production)
    return ask(`${connection.name} is marked Production: every write to it asks first.`);
  if (!confirmDestructive) return null;
  const me = session?.userId;
  const atMe = Boolean(
    me &&
    Object.entries(spec.pathParams).some(
      ([name, value]) => !isSessionPlaceholder(name) && value.trim() === me,
    ),
  );
  if (atMe) return ask('It is aimed at you, the signed-in user.');
  if (isSitePath(spec, session)) return ask('It is aimed at the site itself.');
  if (spec.method === 'DELETE') return ask('A DELETE cannot be undone.');
  return null;
}

/** `/api/{v}/sites/{site-id}`, with the site id as a placeholder or typed: the site itself. */
function isSitePath(spec: RequestSpec, session: SessionInfo | null): boolean {
  const path = spec.path.replace(/\/+$/, '');
  const match = /^\/api\/[^/]+\/sites\/([^/]+)$/.exec(path);
  if (!match) return false;
  const segment = match[1];
  if (segment === '{site-id}') return true;
  const named = /^\{([A-Za-z0-9_-]+)\}$/.exec(segment)?.[1];
  const value = named ? spec.pathParams[named]?.trim() : segment;
  return Boolean(value && session && value === session.siteId);
}
