/**
 * The endpoint catalog's data model: one `Preset` per Tableau REST API method.
 * Presets are plain data so the renderer, the engine and tests can all read them.
 */

/** Families follow the sections of Tableau's REST API reference. */
export type Family =
  | 'authentication'
  | 'server'
  | 'sites'
  | 'projects'
  | 'users-and-groups'
  | 'workbooks-and-views'
  | 'data-sources'
  | 'flows'
  | 'permissions'
  | 'jobs-tasks-and-schedules'
  | 'subscriptions'
  | 'data-driven-alerts'
  | 'favorites'
  | 'collections'
  | 'publishing'
  | 'revisions'
  | 'extracts-and-encryption'
  | 'webhooks'
  | 'metrics'
  | 'notifications'
  | 'identity-pools'
  | 'virtual-connections'
  | 'labels-and-data-quality'
  | 'catalog'
  | 'connected-apps'
  | 'settings'
  | 'cloud-only'
  | 'pulse'
  | 'versionless'
  | 'metadata-api'
  | 'vizql-data-service';

/** `session` placeholders are filled by the engine from the signed-in session. */
export type PathParamSource = 'session' | 'user';

export interface PresetPathParam {
  name: string;
  source: PathParamSource;
  description: string;
}

export interface PresetQueryParam {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  description: string;
  required: boolean;
  allowed?: string[];
  default?: string;
}

/** The subset of JSON Schema draft-07 the catalog uses. */
export interface JsonSchema {
  $schema?: string;
  $ref?: string;
  $comment?: string;
  title?: string;
  description?: string;
  type?: JsonSchemaType | JsonSchemaType[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: (string | number | boolean | null)[];
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  minLength?: number;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  definitions?: Record<string, JsonSchema>;
  default?: unknown;
}

export type JsonSchemaType =
  'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';

export interface PresetBody {
  format: 'json' | 'multipart';
  /** A JSON body to start from (for multipart: the `request_payload` part, as JSON). */
  template?: unknown;
  /** JSON Schema draft-07 for the JSON body (or the multipart `request_payload`). */
  schema?: JsonSchema;
  /** What else the body needs, e.g. the multipart file part. */
  note?: string;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type Availability = 'server-and-cloud' | 'server' | 'cloud';

export interface Preset {
  /** Stable kebab id, `family-prefix.method-name`, e.g. `users.get-users-on-site`. */
  id: string;
  family: Family;
  /** The method's name as Tableau's reference gives it. */
  name: string;
  description: string;
  docUrl: string;
  method: HttpMethod;
  /** Path template relative to the server, e.g. `/api/{api-version}/sites/{site-id}/users`. */
  path: string;
  pathParams: PresetPathParam[];
  query: PresetQueryParam[];
  body?: PresetBody;
  paginated: boolean;
  /** Where the list sits in the JSON response, e.g. `users.user`. */
  listPath?: string;
  /** Lowest REST API version that has the method, e.g. `3.6`. */
  minVersion: string;
  deprecatedIn?: string;
  removedIn?: string;
  availability: Availability;
  /**
   * Where the primary sources disagree or could not confirm a fact (path, method, version),
   * e.g. "TSC gates this at 3.13; the reference says 3.12". Absent when the preset was checked
   * against Tableau's Python client (TSC) or reference without a conflict.
   */
  sourceNote?: string;
  /**
   * Done by the connection, not sent as a request: Sign In, Switch Site and Sign Out carry
   * or end the session token, which never leaves the engine (DESIGN.md §4). The catalog opens
   * the connection's own action instead.
   */
  doneByConnection?: ConnectionAction;
}

/** What the connection does itself, in place of a request. */
export type ConnectionAction = 'signIn' | 'switchSite' | 'signOut';

export interface FamilyInfo {
  id: Family;
  name: string;
}
