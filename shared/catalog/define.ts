import type {
  Availability,
  ConnectionAction,
  Family,
  HttpMethod,
  Preset,
  PresetBody,
  PresetPathParam,
  PresetQueryParam,
} from './types';

/** Root of Tableau's REST API reference; each family page hangs off it. */
export const referenceRoot = 'https://help.tableau.com/current/api/rest_api/en-us/REST/';

/** One method as a family file writes it; `definePresets` fills in the rest. */
export interface PresetInput {
  /** Suffix of the id; the family's prefix is added. */
  id: string;
  name: string;
  description: string;
  method: HttpMethod;
  /** Full template, or a path under `/api/{api-version}` when it starts with `/sites`, `/auth`… */
  path: string;
  query?: PresetQueryParam[];
  body?: PresetBody;
  paginated?: boolean;
  listPath?: string;
  minVersion: string;
  deprecatedIn?: string;
  removedIn?: string;
  availability?: Availability;
  /** Source conflict or gap worth showing the user; see `Preset.sourceNote`. */
  sourceNote?: string;
  /** See `Preset.doneByConnection`. */
  doneByConnection?: ConnectionAction;
  /** Anchor in the family's reference page; derived from the name when absent. */
  anchor?: string;
  /** A full documentation link, for methods documented outside the family page. */
  docUrl?: string;
  /** `{user-id}` means the signed-in user (e.g. Get Favorites for User). */
  userIsSelf?: boolean;
  /** Descriptions for placeholders the shared dictionary does not know. */
  params?: Record<string, string>;
}

export interface FamilyDefaults {
  family: Family;
  /** Prefix of every id in the family, e.g. `users`. */
  prefix: string;
  /** Page of Tableau's reference, e.g. `rest_api_ref_users_and_groups.htm`. */
  page: string;
  availability?: Availability;
}

/** Descriptions for placeholders that recur across families. */
const knownParams: Record<string, string> = {
  'api-version': 'REST API version of the session, e.g. 3.22.',
  'site-id': 'LUID of the site the session is signed in to.',
  'user-id': 'LUID of the user.',
  'group-id': 'LUID of the group.',
  'groupset-id': 'LUID of the group set.',
  'project-id': 'LUID of the project.',
  'workbook-id': 'LUID of the workbook.',
  'view-id': 'LUID of the view.',
  'datasource-id': 'LUID of the data source.',
  'flow-id': 'LUID of the flow.',
  'connection-id': 'LUID of the connection.',
  'job-id': 'LUID of the job.',
  'schedule-id': 'LUID of the schedule.',
  'task-id': 'LUID of the task.',
  'subscription-id': 'LUID of the subscription.',
  'webhook-id': 'LUID of the webhook.',
  'metric-id': 'LUID of the metric.',
  'collection-id': 'LUID of the collection.',
  'tag-name': 'The tag to remove (URL-encoded).',
  'revision-number': 'Revision number, as listed by the Get Revisions method.',
  'capability-name': 'Capability name, e.g. Read or ExportData.',
  'capability-mode': 'Allow or Deny.',
  'custom-view-id': 'LUID of the custom view.',
  'data-alert-id': 'LUID of the data-driven alert.',
  'upload-session-id': 'Upload session id returned by Initiate File Upload.',
  'session-id': 'Id of the session.',
  'virtual-connection-id': 'LUID of the virtual connection.',
  'database-id': 'LUID of the database.',
  'table-id': 'LUID of the table.',
  'column-id': 'LUID of the column.',
  'flow-run-id': 'LUID of the flow run.',
  'linked-task-id': 'LUID of the linked task.',
  'client-id': 'Client id of the connected app.',
  'secret-id': 'Id of the connected app secret.',
  'server-id': 'Id of the external authorization server (EAS).',
  'site-luid': 'LUID of the site.',
  'dqw-id': 'LUID of the data quality warning.',
  'dqc-id': 'LUID of the data quality certification.',
  'content-luid': 'LUID of the content item.',
  'content-type': 'Type of the content item.',
  'identity-pool-id': 'Id of the identity pool.',
  'auth-config-id': 'Id of the authentication configuration.',
  'idp-configuration-id': 'Id of the identity provider configuration.',
  'extract-id': 'LUID of the extract.',
  'connection-luid': 'LUID of the analytics extension connection.',
  'workbook-luid': 'LUID of the workbook.',
  'label-value-name': 'Name of the label value (URL-encoded), e.g. Deprecated.',
  'label-category-name': 'Name of the label category (URL-encoded).',
};

const sessionParams = new Set(['api-version', 'site-id']);

/** Placeholders in a path template, in order: `{site-id}` → `site-id`. */
export function placeholdersOf(path: string): string[] {
  return [...path.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]);
}

function fullPath(path: string): string {
  return path.startsWith('/api/') ? path : `/api/{api-version}${path}`;
}

/** Tableau's anchors are the method name in lower snake case ("Add User to Site" → add_user_to_site). */
export function anchorFor(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export function definePresets(defaults: FamilyDefaults, inputs: PresetInput[]): Preset[] {
  return inputs.map((input) => {
    const path = fullPath(input.path);
    const pathParams: PresetPathParam[] = placeholdersOf(path).map((name) => {
      const description = input.params?.[name] ?? knownParams[name];
      if (!description) throw new Error(`${defaults.prefix}.${input.id}: describe {${name}}`);
      const isSession =
        sessionParams.has(name) || (name === 'user-id' && input.userIsSelf === true);
      return {
        name,
        source: isSession ? 'session' : 'user',
        description:
          name === 'user-id' && input.userIsSelf
            ? 'LUID of the user; the signed-in user unless you choose another.'
            : description,
      };
    });
    const preset: Preset = {
      id: `${defaults.prefix}.${input.id}`,
      family: defaults.family,
      name: input.name,
      description: input.description,
      docUrl:
        input.docUrl ?? `${referenceRoot}${defaults.page}#${input.anchor ?? anchorFor(input.name)}`,
      method: input.method,
      path,
      pathParams,
      query: input.query ?? [],
      paginated: input.paginated ?? false,
      minVersion: input.minVersion,
      availability: input.availability ?? defaults.availability ?? 'server-and-cloud',
    };
    if (input.body) preset.body = input.body;
    if (input.listPath) preset.listPath = input.listPath;
    if (input.deprecatedIn) preset.deprecatedIn = input.deprecatedIn;
    if (input.removedIn) preset.removedIn = input.removedIn;
    if (input.sourceNote) preset.sourceNote = input.sourceNote;
    if (input.doneByConnection) preset.doneByConnection = input.doneByConnection;
    return preset;
  });
}
