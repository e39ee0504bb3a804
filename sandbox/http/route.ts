import type { Session } from '../auth/sessions';
import type { SessionStore } from '../auth/sessions';
import type { Site, User } from '../data/model';
import type { SiteContent } from '../data/site-content';
import type { Store } from '../data/store';
import type { Element } from '../format/element';
import type { ConnectedAppConfig } from '../options';
import type { StreamedPart } from './multipart-stream';
import type { Body } from './request-body';
import type { KeptFile } from './stored-bytes';

/** Server-wide state shared by every handler. */
export interface ServerState {
  store: Store;
  sessions: SessionStore;
  /** The emulated server's own REST API version (`--api-version`). */
  serverVersion: string;
  connectedApp?: ConnectedAppConfig;
  /** Milliseconds clock for job progress; injectable so tests need no sleeps. */
  clock: () => number;
  /** How long a refresh job takes from creation to success. */
  jobDurationMs: number;
  /** Extract refreshes a site runs at once; more wait as Pending (`backgrounders`). */
  backgrounders: number;
  /** Tableau Server, or a Tableau Cloud pod (`--cloud`). */
  platform: 'server' | 'cloud';
}

export interface RequestContext {
  state: ServerState;
  method: string;
  apiVersion: string;
  /** Path after `/api/{version}`, e.g. `/sites/abc/projects`. */
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: Body;
  /** The undecoded body, for multipart methods (publish, file uploads); empty above 10 MB. */
  rawBody: Buffer;
  /** A multipart body's parts, read strictly and kept in the byte store (`multipart-stream.ts`). */
  parts?: StreamedPart[];
  contentType?: string;
  json: boolean;
  session?: Session;
}

/** A handler's answer; the server turns elements into XML or JSON. */
export interface Reply {
  status: number;
  elements: Element[];
  headers?: Record<string, string>;
  /** A file answer (image, PDF, CSV, download): sent as is instead of the elements. */
  file?: { bytes: Buffer; contentType: string } | { kept: KeptFile; contentType: string };
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

export interface Route {
  method: Method;
  /** `/sites/:siteId/projects/:projectId`; literal segments match case-insensitively. */
  path: string;
  /** `none` (serverinfo, sign-in), `token` (any live session), `site` (session of `:siteId`). */
  auth: 'none' | 'token' | 'site';
  /** First REST API version with this method; older URLs answer 404003 as Tableau does. */
  minVersion?: string;
  /** Served only under the experimental prefix `/api/exp/` (custom view download/publish). */
  experimental?: boolean;
  handler: (ctx: RequestContext) => Reply;
}

/** Site-scoped handler inputs: the session's site, its content and the signed-in user. */
export interface SiteScope {
  site: Site;
  content: SiteContent;
  user: User;
}

export function ok(elements: Element[], status = 200): Reply {
  return { status, elements };
}

/** A file answer; `filename` adds `Content-Disposition: attachment` as Tableau's downloads do. */
export function file(bytes: Buffer | KeptFile, contentType: string, filename?: string): Reply {
  const headers: Record<string, string> = {};
  if (filename) headers['Content-Disposition'] = `attachment; filename="${filename}"`;
  const body = Buffer.isBuffer(bytes) ? { bytes, contentType } : { kept: bytes, contentType };
  return { status: 200, elements: [], headers, file: body };
}

export const NO_CONTENT: Reply = { status: 204, elements: [] };
