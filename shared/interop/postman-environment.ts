import { VARIABLE_NAME, type Variable } from '../variables';
import { isRecord, readJson, str } from './json-input';
import type { ConnectionHint, ImportNote, Outcome } from './report';
import {
  CREDENTIAL_VARIABLE,
  SECRET_NAME,
  SERVER_VARIABLES,
  SITE_ID_VARIABLE,
  SITE_URL_VARIABLE,
  TOKEN_VARIABLE,
  VERSION_VARIABLE,
} from './tableau-session';

/**
 * A Postman environment file (`{name, values: [{key, value, type, enabled}]}`) → a connection's
 * variables and what it says about the connection: Tableau's environment names the server
 * (`server`), the site (`content-url`) and sign-in credentials, which belong to the connection
 * (its server URL, site and PAT), not to variables. Secret values stay secret (`type: secret`).
 */

export interface EnvironmentImport {
  name: string;
  variables: Variable[];
  connection: ConnectionHint;
  notes: ImportNote[];
}

export function importPostmanEnvironmentValue(input: unknown): Outcome<EnvironmentImport> {
  const value = isRecord(input) && isRecord(input.environment) ? input.environment : input;
  if (!isRecord(value) || !Array.isArray(value.values))
    return {
      ok: false,
      error: {
        code: 'import.wrongFormat',
        message:
          isRecord(value) && Array.isArray(value.item)
            ? 'This is a Postman collection, not an environment: import it as the collection.'
            : 'This is not a Postman environment: it has no list of values.',
      },
    };
  if (value.values.length > 5000)
    return {
      ok: false,
      error: {
        code: 'import.tooMany',
        message: `It holds ${value.values.length} values; an environment keeps at most 5,000.`,
      },
    };
  const name = ((str(value.name) ?? '').trim() || 'Imported environment').slice(0, 200);
  const notes: ImportNote[] = [];
  const variables: Variable[] = [];
  const connection: ConnectionHint = {};
  const raw = new Map<string, string>();
  for (const entry of value.values) {
    if (!isRecord(entry)) continue;
    const key = (str(entry.key) ?? '').trim();
    if (!key) continue;
    const text =
      entry.value === undefined || entry.value === null
        ? ''
        : typeof entry.value === 'string'
          ? entry.value
          : JSON.stringify(entry.value);
    raw.set(key, text);
    const enabled = entry.enabled !== false && entry.disabled !== true;
    if (TOKEN_VARIABLE.test(key)) {
      notes.push({
        kind: 'dropped',
        what: `{{${key}}}`,
        why: 'It carries a session token: Trestle signs in with the connection and keeps the token to itself.',
      });
      continue;
    }
    if (CREDENTIAL_VARIABLE.test(key)) {
      if (/pat-?name|token-?name|user-?name/i.test(key) && text && !connection.identity) {
        connection.identity = text;
        connection.authKind = /pat|token/i.test(key) ? 'pat' : 'password';
      }
      notes.push({
        kind: 'changed',
        what: `{{${key}}}`,
        why: `A sign-in credential: it belongs to the connection${text && !SECRET_NAME.test(key) ? ` (${/pat|token/i.test(key) ? 'PAT name' : 'user name'} ${text})` : ''}; ${SECRET_NAME.test(key) || entry.type === 'secret' ? 'its secret is entered in the connection, never kept as a variable' : 'Trestle signs in with it'}.`,
      });
      continue;
    }
    if (
      SERVER_VARIABLES.test(key) ||
      VERSION_VARIABLE.test(key) ||
      SITE_ID_VARIABLE.test(key) ||
      (SITE_URL_VARIABLE.test(key) && key !== 'site')
    ) {
      notes.push({
        kind: 'mapped',
        what: `{{${key}}}${text ? ` = ${text}` : ''}`,
        why: VERSION_VARIABLE.test(key)
          ? 'Trestle reads the API version from the server (pin one on the connection to use another).'
          : SITE_ID_VARIABLE.test(key)
            ? 'The site id comes from the session ({site-id}).'
            : SITE_URL_VARIABLE.test(key)
              ? 'The site is the connection’s site content URL.'
              : 'The server is the connection’s server URL.',
      });
      continue;
    }
    if (!VARIABLE_NAME.test(key) || key.length > 200) {
      notes.push({
        kind: 'dropped',
        what: `“${key.slice(0, 60)}”`,
        why: 'Its name cannot be a {{variable}}.',
      });
      continue;
    }
    variables.push({
      name: key,
      value: text.slice(0, 1_000_000),
      secret: entry.type === 'secret' || SECRET_NAME.test(key),
      enabled,
    });
  }
  const server = [...raw].find(([k]) =>
    /^(server|server-?url|host|tableau-?server)$/i.test(k),
  )?.[1];
  if (server) {
    const protocol = raw.get('protocol') || 'https';
    const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `${protocol}://${server}`;
    try {
      const url = new URL(text);
      if (url.protocol === 'https:' || url.protocol === 'http:') connection.serverUrl = url.origin;
    } catch {
      notes.push({
        kind: 'dropped',
        what: `server ${server.slice(0, 100)}`,
        why: 'It is not a server URL.',
      });
    }
  }
  const site = [...raw].find(([k]) => SITE_URL_VARIABLE.test(k) && k !== 'site')?.[1];
  if (site !== undefined) connection.siteContentUrl = site;
  return { ok: true, name, variables, connection, notes };
}

export function importPostmanEnvironment(text: string): Outcome<EnvironmentImport> {
  const parsed = readJson(text, 'The environment file');
  if (!parsed.ok) return parsed;
  return importPostmanEnvironmentValue(parsed.value);
}

/**
 * An imported environment merged into a connection's: names already there take the file's
 * value (and stay where they are), new names are added at the end. `keptSecret` says, per
 * name, that an existing secret keeps the value it holds (the file gave none).
 */
export function mergeEnvironment(
  existing: readonly Variable[],
  incoming: readonly Variable[],
): { variables: Variable[]; added: string[]; updated: string[]; keptSecret: string[] } {
  const byName = new Map(incoming.map((v) => [v.name, v]));
  const added: string[] = [];
  const updated: string[] = [];
  const keptSecret: string[] = [];
  const variables = existing.map((v) => {
    const next = byName.get(v.name);
    if (!next) {
      if (v.secret) keptSecret.push(v.name);
      return v;
    }
    byName.delete(v.name);
    if ((next.secret || v.secret) && next.value === '') {
      keptSecret.push(v.name);
      return { ...v, secret: true, enabled: next.enabled };
    }
    updated.push(v.name);
    return { ...next, secret: next.secret || v.secret };
  });
  for (const v of byName.values()) {
    added.push(v.name);
    variables.push(v);
  }
  return { variables, added, updated, keptSecret };
}
