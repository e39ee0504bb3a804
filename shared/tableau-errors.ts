import type { TableauError } from './request';

interface Explanation {
  explanation: string;
  fix: string;
}

/**
 * Our words for every error code in Tableau's reference (tableau-api.md §2, §3, §11): what it
 * means for the user and what to try. Codes are strings, as Tableau sends them.
 */
export const ERROR_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  '400000': {
    explanation: 'The body is missing, incomplete, or not well-formed XML/JSON.',
    fix: 'Check that the body parses and has the root element the method’s reference shows.',
  },
  '400003': {
    explanation:
      'A value in the request is not accepted here (Tableau’s generic Bad Request); the detail names it, e.g. an authSetting the site does not allow.',
    fix: 'Read the detail for the offending value and use one the site supports.',
  },
  '400006': {
    explanation:
      'The page number is not a whole number of at least 1, or it is past the last page.',
    fix: 'Use a pageNumber between 1 and ceil(totalAvailable / pageSize).',
  },
  '400007': {
    explanation: 'The page size is not a whole number of at least 1.',
    fix: 'Use a pageSize between 1 and 1000.',
  },
  '400009': {
    explanation: 'A capability name or mode is not valid for this kind of content.',
    fix: 'Use capabilities that exist for the resource (e.g. Read, Write, ExportData) with mode Allow or Deny.',
  },
  '400013': {
    explanation: 'The site role is not one Tableau knows, or not allowed on this site.',
    fix: 'Use a site role such as Creator, Explorer, ExplorerCanPublish, SiteAdministratorCreator, Viewer or Unlicensed.',
  },
  '400031': {
    explanation:
      'Tableau’s generic error for a query of jobs; the reference does not say what causes it, so the detail is the only clue.',
    fix: 'Read the detail, then check the filter fields and values of the job query.',
  },
  '400063': {
    explanation:
      'Tableau’s generic error for creating a subscription; the reference does not say what causes it, so the detail is the only clue.',
    fix: 'Read the detail, then check the schedule, the content id and the subscriber in the body.',
  },
  '401000': {
    explanation: 'No valid session token was sent, or the session has expired.',
    fix: 'Sign in again. Trestle re-signs in once by itself when it holds the credentials.',
  },
  '401001': {
    explanation:
      'Sign-in failed: wrong name or password, an invalid, expired or revoked PAT, a bad JWT, or an unknown site content URL.',
    fix: 'Check the credentials and the site content URL (empty for the Default site). A PAT unused for 15 days expires.',
  },
  '401002': {
    explanation:
      'The session token is not valid: it expired, or another sign-in with the same PAT ended this session.',
    fix: 'Sign in again. A PAT holds one session: do not share it between tools running at once.',
  },
  '403014': {
    explanation: 'The page size is above the maximum of 1000.',
    fix: 'Use a pageSize of 1000 or less and page through the rest.',
  },
  '403022': {
    explanation:
      'Tableau refused this as forbidden. The code is a generic one, used for several rules, so the detail says which applied.',
    fix: 'Read the detail: it names the rule, often a site role or a permission, sometimes an action not allowed on your own user.',
  },
  '403045': {
    explanation: 'You are not allowed to create a project here.',
    fix: 'Ask a site or project administrator, or create it under a project you lead.',
  },
  '403069': {
    explanation: 'Querying all sites is not supported for this account or on Tableau Cloud.',
    fix: 'Use Query Site for the site you are signed in to.',
  },
  '403070': {
    explanation: 'You asked to switch to the site you are already on.',
    fix: 'Nothing to do: you are on that site already.',
  },
  '403133': {
    explanation: 'Only administrators may query another user’s permissions.',
    fix: 'Sign in as a site administrator, or query your own permissions.',
  },
  '403157': {
    explanation: 'The feature is turned off on this server or site.',
    fix: 'Ask an administrator to enable it in the site or server settings.',
  },
  '403166': {
    explanation: 'A custom view with this name already exists.',
    fix: 'Pick another name, or update the existing custom view.',
  },
  '404000': {
    explanation: 'The site id in the URL names no site on this server.',
    fix: 'Leave {site-id} to the session (it is filled from sign-in); for another site, switch site first.',
  },
  '404001': {
    explanation:
      'Something named in the path was not found: a resource id, or the endpoint itself (Tableau uses this code for both).',
    fix: 'Check the ids in the path; if they are right, check that this server has the method.',
  },
  '404002': {
    explanation: 'An item with this id was not found (user, project, group…).',
    fix: 'Check the id in the path; list the items first to find a valid one.',
  },
  '404003': {
    explanation: 'The server does not serve this path: a segment of it names nothing it knows.',
    fix: 'Check the path’s spelling against the method’s reference, segment by segment.',
  },
  '404005': {
    explanation: 'The source content was not found.',
    fix: 'Check the id of the workbook, data source or flow.',
  },
  '404008': {
    explanation: 'Tags are not supported on this kind of resource.',
    fix: 'Tag workbooks, data sources, views, flows or tables instead.',
  },
  '405000': {
    explanation: 'This HTTP method is not allowed on this path.',
    fix: 'Check the method (GET, POST, PUT, PATCH, DELETE) the endpoint expects.',
  },
  '409000': {
    explanation: 'The user already exists on the site.',
    fix: 'Update the existing user instead of adding it.',
  },
  '409004': {
    explanation:
      'The schedule is not valid, e.g. a Cloud hourly or daily schedule without a weekDay interval.',
    fix: 'Add the intervals Tableau requires for this frequency.',
  },
  '409005': {
    explanation:
      'The request conflicts with the guest user (the reference says no more about what triggers it).',
    fix: 'Do not add or change the guest user this way; read the detail for the field at fault.',
  },
  '409006': {
    explanation:
      'Content with this name already exists (e.g. a project with the same name under the same parent).',
    fix: 'Choose another name, or update the existing item.',
  },
  '409009': {
    explanation: 'A group with this name already exists.',
    fix: 'Choose another name, or update the existing group.',
  },
  '409011': {
    explanation: 'The user is already in the group.',
    fix: 'Nothing to add; remove first if you meant to re-add.',
  },
  '409017': {
    explanation: 'The user is already a member of the site.',
    fix: 'Update the existing user instead of adding it.',
  },
  '409120': {
    explanation: 'A group set with this name already exists.',
    fix: 'Choose another name.',
  },
  '429000': {
    explanation: 'Too many requests: the server is throttling you.',
    fix: 'Wait as long as Retry-After says (Trestle retries by itself), and lower fetch-all concurrency.',
  },
  '500000': {
    explanation: 'The server failed with an internal error.',
    fix: 'Try again; if it persists, check the server logs.',
  },
  '503000': {
    explanation: 'The server is unavailable for now (maintenance or overload).',
    fix: 'Wait and retry; Trestle retries idempotent requests by itself.',
  },
  '400800': {
    explanation: 'VizQL Data Service: the calculation formula is not valid.',
    fix: 'Check the formula syntax.',
  },
  '400802': {
    explanation: 'VizQL Data Service: the request does not match its OpenAPI schema.',
    fix: 'Check the body against the VDS schema.',
  },
  '400803': {
    explanation: 'VizQL Data Service: validation of the query failed.',
    fix: 'Read the detail for the field at fault.',
  },
  '400804': {
    explanation: 'VizQL Data Service: the response would be too large.',
    fix: 'Add filters or fewer fields.',
  },
  '403800': {
    explanation: 'VizQL Data Service: the API Access capability is missing on the data source.',
    fix: 'Grant API Access on the data source.',
  },
  '404934': {
    explanation: 'VizQL Data Service: a field name is unknown.',
    fix: 'Read the metadata first for valid field captions.',
  },
  '404935': {
    explanation: 'VizQL Data Service: two fields share a caption.',
    fix: 'Use unique captions.',
  },
  '404950': {
    explanation: 'VizQL Data Service: the endpoint was not found.',
    fix: 'Check the VDS path.',
  },
  '408000': { explanation: 'VizQL Data Service: the query timed out.', fix: 'Narrow the query.' },
};

/**
 * What a code we have no entry for means, by its HTTP status (the first three digits of a
 * Tableau error code). Deliberately general: e.g. 404 codes differ per resource type.
 */
const STATUS_EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  '400': {
    explanation:
      'The server could not accept the request as sent: a parameter or the body is not valid.',
    fix: 'Read the detail for the field at fault and check it against the method’s reference.',
  },
  '401': {
    explanation: 'The request was not authenticated.',
    fix: 'Sign in again.',
  },
  '403': {
    explanation:
      'You are signed in but not allowed to do this, or the server does not allow it here.',
    fix: 'Check your site role, the content’s permissions, and whether the method exists on this server type.',
  },
  '404': {
    explanation:
      'Something named in the path was not found: an id that does not exist on this site, or a method the server does not have.',
    fix: 'Check the ids in the path (list the items first to find valid ones) and the API version.',
  },
  '405': ERROR_EXPLANATIONS['405000'],
  '409': {
    explanation:
      'The request conflicts with what is already on the server (a name in use, a member already added).',
    fix: 'Read the detail, then rename, or update the existing item instead.',
  },
  '429': ERROR_EXPLANATIONS['429000'],
  '500': ERROR_EXPLANATIONS['500000'],
  '503': ERROR_EXPLANATIONS['503000'],
};

/**
 * What Trestle knows of the request an error answered, so the words fit it: the kind of body
 * sent, the root element the method's body has, the method's minimum API version and the
 * server's. Every field is optional: without them the table's general words stand.
 */
export interface ErrorContext {
  bodyKind?: string;
  /** E.g. `user` for Add User to Site, from the preset's body template. */
  bodyRoot?: string | null;
  /** The preset's name and minimum REST API version, when the request came from one. */
  presetName?: string;
  presetMinVersion?: string;
  /** The REST API version the request was sent with, e.g. `3.29`. */
  apiVersion?: string;
}

/** `3.6` < `3.29`: versions compare part by part. */
function versionAtLeast(version: string, minimum: string): boolean {
  const [a1, a2] = version.split('.').map(Number);
  const [b1, b2] = minimum.split('.').map(Number);
  return a1 !== b1 ? a1 > b1 : (a2 ?? 0) >= (b2 ?? 0);
}

/**
 * The table's words refined by what the detail and the request say, where that changes the
 * cause or the fix (issue 18): a 403022 about your own user is not a site-role problem, a
 * malformed multipart body has no root element to check, and a 404 for a method the server's
 * version has is not a version problem.
 */
function refine(
  error: Pick<TableauError, 'code' | 'summary' | 'detail'>,
  known: Explanation,
  context: ErrorContext,
): Explanation {
  const detail = `${error.summary} ${error.detail}`;
  const multipart =
    context.bodyKind === 'multipart' || /multipart|boundary|request_payload/i.test(detail);
  if (error.code === '400000' && multipart)
    return {
      explanation:
        'The multipart body could not be read: its parts, their boundary or the request_payload part are not as Tableau expects.',
      fix: 'Check that the boundary in Content-Type is the one between the parts, that request_payload comes first, and that each part has its name.',
    };
  if (error.code === '400000' && context.bodyRoot)
    return {
      ...known,
      fix: `Check that the body parses and has this method’s root element, {"${context.bodyRoot}":{…}}.`,
    };
  if (error.code === '403022' && /\b(yourself|your own|own (user|account)|self)\b/i.test(detail))
    return {
      explanation:
        'Tableau does not let you do this to your own user (as the detail says): your site role and permissions are not the problem.',
      fix: 'Have another administrator do it, or leave your own user out of the request.',
    };
  // 404001, 404003 and the 404 codes the table does not list (they name a resource type):
  // whether the version can be the cause is known once the preset's and the server's are.
  const pathNotFound =
    error.code === '404003' ||
    error.code === '404001' ||
    (error.code.startsWith('404') && !ERROR_EXPLANATIONS[error.code]);
  if (pathNotFound && context.presetMinVersion && context.apiVersion) {
    const method = context.presetName ? `“${context.presetName}”` : 'This method';
    // An unlisted 404 code names the kind of resource (404006: a workbook), so it is an id.
    const base = ERROR_EXPLANATIONS[error.code]
      ? known.explanation
      : 'Something named in the path was not found; the detail says what.';
    if (!versionAtLeast(context.apiVersion, context.presetMinVersion))
      return {
        explanation: `${base} ${method} needs REST API ${context.presetMinVersion}; this request went with ${context.apiVersion}.`,
        fix: `Use a server that speaks ${context.presetMinVersion} or later for this method.`,
      };
    return {
      explanation: `${base} ${method} exists since REST API ${context.presetMinVersion} and this request went with ${context.apiVersion}, so the version is not the cause.`,
      fix:
        error.code === '404003'
          ? 'Check the path against the preset’s in the method’s reference, segment by segment; a typed id in place of a placeholder is a common cause.'
          : error.code === '404001'
            ? 'Check the ids in the path: list the items first to find valid ones. The server may also not offer this method (Server only, Cloud only, or turned off).'
            : 'Check the ids in the path: list the items first to find valid ones.',
    };
  }
  return known;
}

/** Adds our explanation and suggested fix to a decoded Tableau error. */
export function explainError(
  error: Pick<TableauError, 'code' | 'summary' | 'detail'>,
  context: ErrorContext = {},
): TableauError {
  const known = ERROR_EXPLANATIONS[error.code] ?? STATUS_EXPLANATIONS[error.code.slice(0, 3)];
  if (!known) return { ...error };
  const fitted = refine(error, known, context);
  return { ...error, explanation: fitted.explanation, suggestedFix: fitted.fix };
}

/** Decodes Tableau's error body (`{"error":{code,summary,detail}}`, parsed JSON or XML). */
export function readTableauError(
  body: unknown,
): Pick<TableauError, 'code' | 'summary' | 'detail'> | null {
  if (!body || typeof body !== 'object') return null;
  const error = (body as Record<string, unknown>).error;
  if (!error || typeof error !== 'object') return null;
  const e = error as Record<string, unknown>;
  const text = (v: unknown) =>
    typeof v === 'string'
      ? v
      : v && typeof v === 'object' && 'value' in v
        ? String((v as { value: unknown }).value)
        : '';
  if (e.code === undefined) return null;
  return { code: String(e.code), summary: text(e.summary), detail: text(e.detail) };
}

/** What a failed sign-in knows about the connection it was for. */
export interface SignInContext {
  authKind: 'pat' | 'password' | 'jwt';
  identity: string;
  siteContentUrl: string;
  serverUrl: string;
}

/** A failure as it crosses IPC: the engine's code and sentence, and Tableau's error when there was one. */
export interface SignInFailureInput {
  code: string;
  message: string;
  detail?: unknown;
}

function siteWords(site: string): string {
  return site ? `the site content URL “${site}”` : 'the Default site (empty content URL)';
}

/**
 * A failed sign-in as the same panel a REST error gets (issue 11, item 16): Tableau answers
 * every credential problem with 401001 and no hint, so the explanation names this
 * connection's own identity and site — the things to check — and what to try, in order.
 */
export function explainSignInFailure(
  failure: SignInFailureInput,
  context: SignInContext,
): TableauError {
  const tableau =
    failure.detail && typeof failure.detail === 'object' && 'code' in failure.detail
      ? (failure.detail as { code: unknown; summary?: unknown; detail?: unknown })
      : null;
  const code = tableau ? String(tableau.code) : failure.code;
  const detail = tableau
    ? [tableau.summary, tableau.detail].filter((t) => typeof t === 'string' && t).join(': ')
    : failure.message;
  const who =
    context.authKind === 'pat'
      ? `the personal access token “${context.identity}” and its secret`
      : context.authKind === 'password'
        ? `the user name “${context.identity}” and its password`
        : 'the connected-app JWT';
  if (code === '401001') {
    return {
      code,
      summary: 'Sign-in refused: check the credentials and the site',
      detail,
      explanation: `Tableau refused ${who}, or ${siteWords(context.siteContentUrl)}; it does not say which. ${
        context.authKind === 'pat'
          ? 'A PAT is also refused once it has expired (15 days unused, or its set lifetime) or was revoked.'
          : context.authKind === 'jwt'
            ? 'A JWT is also refused when expired, used before, or signed with another secret.'
            : 'A password is also refused for an unlicensed or locked account.'
      }`,
      suggestedFix: `Enter the ${
        context.authKind === 'pat' ? 'secret' : context.authKind === 'password' ? 'password' : 'JWT'
      } again; then check the site content URL (the part after /site/ in Tableau's address bar, empty for the Default site)${
        context.authKind === 'pat'
          ? '; if it still fails, create a new PAT in My Account Settings'
          : ''
      }.`,
    };
  }
  if (code === '401002') {
    return {
      code,
      summary: 'The session was ended by Tableau',
      detail,
      explanation:
        'The token is no longer valid: the same personal access token signed in somewhere else (a PAT holds one session at a time, so another tool or script using it ended this one), or it was revoked.',
      suggestedFix:
        'Sign in again. Give each tool or script its own PAT; if it was revoked, create a new one.',
    };
  }
  if (failure.code.startsWith('request.') || failure.code === 'session.noServerInfo') {
    return {
      code: failure.code,
      summary: `Trestle could not reach ${context.serverUrl}`,
      detail: failure.message,
      explanation:
        'No answer came from the server: the address or port is wrong, the server is down, a proxy or firewall is in the way, or its certificate was refused.',
      suggestedFix:
        'Open the server URL in a browser from this machine; check the connection’s server URL, proxy and CA bundle.',
    };
  }
  const explained = tableau ? explainError({ code, summary: '', detail: '' }) : null;
  return {
    code,
    summary: 'Sign-in failed',
    detail,
    explanation: explained?.explanation ?? failure.message,
    suggestedFix:
      explained?.suggestedFix ?? 'Check the connection’s settings (Edit), then sign in again.',
  };
}
