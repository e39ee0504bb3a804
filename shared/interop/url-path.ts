import type { ImportNote } from './report';

/**
 * An imported URL (Postman's or curl's) read the way Trestle keeps a request: the server
 * apart (it comes from the tab's connection), the API-relative path with `{placeholders}`,
 * the query as rows. Tableau's session slots — the version after `/api/`, the site after
 * `/sites/` — become `{api-version}` and `{site-id}`, filled from the session (DESIGN.md §11).
 */

export interface QueryRow {
  name: string;
  value: string;
  enabled: boolean;
}

export interface SplitUrl {
  /** The server as written (`https://host`, `{{protocol}}://{{server}}`, `{{url}}`), or null. */
  origin: string | null;
  /** Starts with `/`; `{name}` placeholders; other `{{variables}}` kept. */
  path: string;
  pathParams: Record<string, string>;
  query: QueryRow[];
  notes: ImportNote[];
}

/** Variable names Tableau collections use for the REST API version. */
const VERSION_NAMES = /^(api-?version|api_version|apiversion|version|rest-?api-?version)$/i;
/** …and for the signed-in site's LUID. */
const SITE_NAMES = /^(site-?id|site_id|siteid|site-?luid)$/i;
const PLACEHOLDER_NAME = /^[A-Za-z0-9_-]+$/;
const WHOLE_VARIABLE = /^\{\{\s*([^{}]+?)\s*\}\}$/;

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** `a=1&b=&c` → rows, percent-decoded (`+` is a space, as forms and curl write it). */
export function parseQuery(text: string): QueryRow[] {
  const rows: QueryRow[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const name = decode(at < 0 ? part : part.slice(0, at));
    const value = at < 0 ? '' : decode(part.slice(at + 1));
    rows.push({ name, value, enabled: true });
  }
  return rows;
}

/** The origin at the start of a URL, as written, and the rest. */
export function splitOrigin(url: string): { origin: string | null; rest: string } {
  const withScheme = /^((?:[a-z][a-z0-9+.-]*|\{\{[^{}]+\}\}):\/\/[^/?#]*)(.*)$/is.exec(url);
  if (withScheme) return { origin: withScheme[1], rest: withScheme[2] };
  const variable = /^(\{\{[^{}]+\}\})((?:[/?#].*)?)$/s.exec(url);
  if (variable) return { origin: variable[1], rest: variable[2] };
  // `tableau.example.com/api/…` or `localhost:8000/api/…`: a host without a scheme.
  const host = /^((?:localhost|[\w-]+(?:\.[\w-]+)+)(?::\d+)?)((?:[/?#].*)?)$/i.exec(url);
  if (host) return { origin: `https://${host[1]}`, rest: host[2] };
  return { origin: null, rest: url };
}

/**
 * Splits `url` into origin, path template and query. `pathVariables` are Postman's `:name`
 * values (`url.variable`); `query` replaces the URL's own query when given (Postman's
 * `url.query`, which carries disabled rows).
 */
export function splitUrl(
  url: string,
  options: { pathVariables?: Record<string, string>; query?: QueryRow[] } = {},
): SplitUrl {
  const notes: ImportNote[] = [];
  const { origin, rest } = splitOrigin(url.trim());
  const hashless = rest.replace(/#.*$/s, '');
  const q = hashless.indexOf('?');
  const pathText = q < 0 ? hashless : hashless.slice(0, q);
  const query = options.query ?? (q < 0 ? [] : parseQuery(hashless.slice(q + 1)));
  const pathParams: Record<string, string> = {};
  const segments = pathText.split('/').filter((s) => s !== '');
  const out: string[] = [];
  segments.forEach((segment, i) => {
    const before = out[i - 1]?.toLowerCase();
    const variable = WHOLE_VARIABLE.exec(segment)?.[1];
    if (
      before === 'api' &&
      i === 1 &&
      (variable ? VERSION_NAMES.test(variable) : /^\d+\.\d+$/.test(segment))
    ) {
      out.push('{api-version}');
      if (!variable)
        notes.push({
          kind: 'changed',
          what: `API version ${segment} in the path`,
          why: 'Trestle fills {api-version} from the session, so the request follows the server it is sent to.',
        });
      return;
    }
    if (before === 'sites' && out[0]?.toLowerCase() === 'api' && i === 3) {
      const siteVariable = variable && SITE_NAMES.test(variable);
      const siteVariablePostman = segment.startsWith(':') && SITE_NAMES.test(segment.slice(1));
      // Whatever the site slot holds as written (a LUID, SITE_ID, <site-luid>), the session's
      // site is the one a Trestle tab sends to; another variable is kept as the value.
      const literal = !variable && !segment.startsWith(':');
      if (siteVariable || siteVariablePostman || literal) {
        out.push('{site-id}');
        if (literal)
          notes.push({
            kind: 'changed',
            what: `site id ${segment} in the path`,
            why: 'Trestle fills {site-id} from the session: the request runs on the site the tab is signed in to.',
          });
        return;
      }
    }
    if (segment.startsWith(':') && PLACEHOLDER_NAME.test(segment.slice(1).replace(/:$/, ''))) {
      // `:table-id:` (a slip in Tableau's collection) is the path variable `table-id`.
      const written = segment.slice(1);
      const name = written.replace(/:$/, '');
      if (written !== name)
        notes.push({
          kind: 'changed',
          what: `path variable ${segment}`,
          why: `Read as :${name} (the trailing colon is a slip).`,
        });
      out.push(`{${name}}`);
      pathParams[name] = options.pathVariables?.[written] ?? options.pathVariables?.[name] ?? '';
      return;
    }
    if (variable && PLACEHOLDER_NAME.test(variable)) {
      out.push(`{${variable}}`);
      pathParams[variable] = `{{${variable}}}`;
      return;
    }
    out.push(segment);
  });
  const path = `/${out.join('/')}`;
  const lower = path.toLowerCase();
  if (!lower.startsWith('/api/'))
    notes.push({
      kind: 'changed',
      what: `path ${path.slice(0, 200)}`,
      why: 'It is not under Tableau’s API paths (/api/…): kept as written, and Trestle will not send it until it is.',
    });
  return { origin, path, pathParams, query, notes };
}
